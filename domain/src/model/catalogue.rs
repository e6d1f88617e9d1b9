//! The service-item catalogue (中介服务事项清单): the published list of items and fees that
//! owners post projects against. Items are imported in bulk as JSON or CSV; every row is checked
//! and either all rows land or none do, with a report of each rejected row.

use super::firm::{collect, line, text};
use crate::error::FieldError;
use serde::{Deserialize, Serialize};

/// A qualification type the law requires for an item, and the grades that satisfy it (empty:
/// any grade of the type).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct QualRequirement {
    #[serde(rename = "type")]
    pub qual_type: String,
    #[serde(default)]
    pub grades: Vec<String>,
}

/// A service item as submitted: a JSON object, a CSV row or a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ServiceItemInput {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub name_en: String,
    pub approval: String,
    pub department: String,
    #[serde(default)]
    pub legal_basis: String,
    #[serde(default)]
    pub qualifications: Vec<QualRequirement>,
    pub time_limit_days: i64,
    #[serde(default)]
    pub fee_min_fen: Option<i64>,
    #[serde(default)]
    pub fee_max_fen: Option<i64>,
    #[serde(default)]
    pub fee_note: String,
    #[serde(default)]
    pub workflow: String,
    #[serde(default)]
    pub materials: Vec<String>,
}

/// A service item that parsed: the same fields, checked and trimmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceItem {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub approval: String,
    pub department: String,
    pub legal_basis: String,
    pub qualifications: Vec<QualRequirement>,
    pub time_limit_days: i32,
    pub fee_min_fen: Option<i64>,
    pub fee_max_fen: Option<i64>,
    pub fee_note: String,
    pub workflow: String,
    pub materials: Vec<String>,
}

impl ServiceItem {
    pub const MAX_QUALIFICATIONS: usize = 10;
    pub const MAX_GRADES: usize = 10;
    pub const MAX_MATERIALS: usize = 30;
    /// The longest standard time limit accepted, in working days.
    pub const MAX_TIME_LIMIT_DAYS: i64 = 365;
    /// Fees above this (¥100 million) are taken for a typing error.
    pub const MAX_FEE_FEN: i64 = 10_000_000_000;

    pub fn parse(input: &ServiceItemInput) -> Result<ServiceItem, Vec<FieldError>> {
        let mut errors = Vec::new();
        let code = collect(&mut errors, item_code(&input.code));
        let name = collect(&mut errors, line(&input.name, "name", 100, true));
        let name_en = collect(&mut errors, line(&input.name_en, "name_en", 200, false));
        let approval = collect(&mut errors, line(&input.approval, "approval", 200, true));
        let department = collect(
            &mut errors,
            line(&input.department, "department", 100, true),
        );
        let legal_basis = collect(
            &mut errors,
            text(&input.legal_basis, "legal_basis", 2000, false),
        );
        let fee_note = collect(&mut errors, text(&input.fee_note, "fee_note", 500, false));
        let workflow = collect(&mut errors, text(&input.workflow, "workflow", 4000, false));
        let mut qualifications = Vec::new();
        for q in &input.qualifications {
            let qual_type = collect(&mut errors, line(&q.qual_type, "qualifications", 100, true));
            let mut grades = Vec::new();
            for g in &q.grades {
                let g = collect(&mut errors, line(g, "qualifications", 50, true));
                if !grades.contains(&g) {
                    grades.push(g);
                }
            }
            if grades.len() > Self::MAX_GRADES {
                errors.push(FieldError::new("qualifications", "field.too-many"));
            }
            if qualifications
                .iter()
                .any(|r: &QualRequirement| r.qual_type == qual_type)
            {
                errors.push(FieldError::new("qualifications", "field.duplicate"));
            }
            qualifications.push(QualRequirement { qual_type, grades });
        }
        if qualifications.len() > Self::MAX_QUALIFICATIONS {
            errors.push(FieldError::new("qualifications", "field.too-many"));
        }
        let mut materials = Vec::new();
        for m in &input.materials {
            let m = collect(&mut errors, line(m, "materials", 200, false));
            if !m.is_empty() && !materials.contains(&m) {
                materials.push(m);
            }
        }
        if materials.len() > Self::MAX_MATERIALS {
            errors.push(FieldError::new("materials", "field.too-many"));
        }
        if !(1..=Self::MAX_TIME_LIMIT_DAYS).contains(&input.time_limit_days) {
            errors.push(FieldError::new("time_limit_days", "field.out-of-range"));
        }
        for (field, fee) in [
            ("fee_min_fen", input.fee_min_fen),
            ("fee_max_fen", input.fee_max_fen),
        ] {
            if fee.is_some_and(|f| !(0..=Self::MAX_FEE_FEN).contains(&f)) {
                errors.push(FieldError::new(field, "field.out-of-range"));
            }
        }
        if let (Some(min), Some(max)) = (input.fee_min_fen, input.fee_max_fen)
            && min > max
        {
            errors.push(FieldError::new("fee_max_fen", "field.fee.range"));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ServiceItem {
            code,
            name,
            name_en,
            approval,
            department,
            legal_basis,
            qualifications,
            time_limit_days: input.time_limit_days as i32,
            fee_min_fen: input.fee_min_fen,
            fee_max_fen: input.fee_max_fen,
            fee_note,
            workflow,
            materials,
        })
    }

    /// Whether a firm's qualification of this type and grade satisfies the item (any listed
    /// grade, or any grade when none is listed).
    pub fn accepts(&self, qual_type: &str, grade: &str) -> bool {
        self.qualifications.iter().any(|r| {
            r.qual_type == qual_type && (r.grades.is_empty() || r.grades.iter().any(|g| g == grade))
        })
    }
}

/// An item code: an upper-case letter, then 1 to 31 upper-case letters, digits or hyphens.
pub fn item_code(raw: &str) -> Result<String, FieldError> {
    let s = raw.trim().to_ascii_uppercase();
    if s.is_empty() {
        return Err(FieldError::new("code", "field.required"));
    }
    let ok = (2..=32).contains(&s.len())
        && s.as_bytes()[0].is_ascii_uppercase()
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(s)
    } else {
        Err(FieldError::new("code", "field.item-code.invalid"))
    }
}

/// One row that an import refused, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedRow {
    /// 1-based: the array index + 1 in JSON, the line's record number after the header in CSV.
    pub row: usize,
    /// The row's code as given, when it had one (helps find the row).
    pub code: String,
    pub errors: Vec<FieldError>,
}

/// Checks every row of an import. All good: the parsed items, in order. Otherwise every row that
/// failed, including codes that appear twice in the same file.
pub fn check_import(
    rows: Vec<Result<ServiceItemInput, FieldError>>,
) -> Result<Vec<ServiceItem>, Vec<RejectedRow>> {
    check_rows(
        rows,
        |i| i.code.trim().to_owned(),
        ServiceItem::parse,
        |item| item.code.clone(),
        "code",
    )
}

/// The shared shape of every bulk import (the catalogue, the dishonesty list): each row parsed
/// on its own, a key (`key_field`) appearing twice refused, an empty file refused; all good, the
/// rows in order, otherwise every bad row. `label` names a row in the report (its code as given).
pub fn check_rows<I, T>(
    rows: Vec<Result<I, FieldError>>,
    label: impl Fn(&I) -> String,
    parse: impl Fn(&I) -> Result<T, Vec<FieldError>>,
    key: impl Fn(&T) -> String,
    key_field: &'static str,
) -> Result<Vec<T>, Vec<RejectedRow>> {
    let mut items = Vec::new();
    let mut rejected = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, row) in rows.into_iter().enumerate() {
        let n = i + 1;
        match row {
            Err(e) => rejected.push(RejectedRow {
                row: n,
                code: String::new(),
                errors: vec![e],
            }),
            Ok(input) => match parse(&input) {
                Err(errors) => rejected.push(RejectedRow {
                    row: n,
                    code: label(&input),
                    errors,
                }),
                Ok(item) => {
                    let k = key(&item);
                    if !seen.insert(k.clone()) {
                        rejected.push(RejectedRow {
                            row: n,
                            code: k,
                            errors: vec![FieldError::new(key_field, "field.duplicate")],
                        });
                    }
                    items.push(item);
                }
            },
        }
    }
    if items.is_empty() && rejected.is_empty() {
        rejected.push(RejectedRow {
            row: 0,
            code: String::new(),
            errors: vec![FieldError::new("rows", "field.import.empty")],
        });
    }
    if rejected.is_empty() {
        Ok(items)
    } else {
        Err(rejected)
    }
}

/// Reads a JSON array of items. Each element is read on its own, so one malformed element is
/// reported as its row rather than failing the whole file. `Err` if the text is not an array.
pub fn rows_from_json(text: &str) -> Result<Vec<Result<ServiceItemInput, FieldError>>, FieldError> {
    json_rows(text)
}

/// A JSON array whose elements are read one by one (see [`rows_from_json`]).
pub fn json_rows<T: serde::de::DeserializeOwned>(
    text: &str,
) -> Result<Vec<Result<T, FieldError>>, FieldError> {
    let values: Vec<serde_json::Value> =
        serde_json::from_str(text).map_err(|_| FieldError::new("rows", "field.import.json"))?;
    Ok(values
        .into_iter()
        .map(|v| {
            serde_json::from_value(v).map_err(|_| FieldError::new("row", "field.import.row-shape"))
        })
        .collect())
}

/// The CSV columns, in order. `qualifications` is `type:grade|grade;type`, `materials` is
/// `;`-separated, fees are integer fen (empty for none).
pub const CSV_HEADER: [&str; 13] = [
    "code",
    "name",
    "name_en",
    "approval",
    "department",
    "legal_basis",
    "qualifications",
    "time_limit_days",
    "fee_min_fen",
    "fee_max_fen",
    "fee_note",
    "workflow",
    "materials",
];

/// Reads a CSV file with the [`CSV_HEADER`] columns (any order; a UTF-8 byte-order mark is
/// allowed, as spreadsheet programs write one). `Err` if the header is wrong.
pub fn rows_from_csv(text: &str) -> Result<Vec<Result<ServiceItemInput, FieldError>>, FieldError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|_| FieldError::new("rows", "field.import.csv-header"))?
        .clone();
    let index: Vec<Option<usize>> = CSV_HEADER
        .iter()
        .map(|c| header.iter().position(|h| h.trim() == *c))
        .collect();
    let required = [0, 1, 3, 4, 7];
    if required.iter().any(|&i| index[i].is_none())
        || header.iter().any(|h| !CSV_HEADER.contains(&h.trim()))
    {
        return Err(FieldError::new("rows", "field.import.csv-header"));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let Ok(record) = record else {
            rows.push(Err(FieldError::new("row", "field.import.row-shape")));
            continue;
        };
        let get = |i: usize| -> String {
            index[i]
                .and_then(|j| record.get(j))
                .unwrap_or("")
                .trim()
                .to_owned()
        };
        let fee = |i: usize| -> Result<Option<i64>, FieldError> {
            let v = get(i);
            if v.is_empty() {
                Ok(None)
            } else {
                v.parse()
                    .map(Some)
                    .map_err(|_| FieldError::new(CSV_HEADER[i], "field.number.invalid"))
            }
        };
        let row = (|| {
            let time_limit_days = get(7)
                .parse()
                .map_err(|_| FieldError::new("time_limit_days", "field.number.invalid"))?;
            Ok(ServiceItemInput {
                code: get(0),
                name: get(1),
                name_en: get(2),
                approval: get(3),
                department: get(4),
                legal_basis: get(5),
                qualifications: get(6)
                    .split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|q| {
                        let (t, g) = q.split_once([':', '：']).unwrap_or((q, ""));
                        QualRequirement {
                            qual_type: t.trim().to_owned(),
                            grades: g
                                .split('|')
                                .map(str::trim)
                                .filter(|s| !s.is_empty())
                                .map(str::to_owned)
                                .collect(),
                        }
                    })
                    .collect(),
                time_limit_days,
                fee_min_fen: fee(8)?,
                fee_max_fen: fee(9)?,
                fee_note: get(10),
                workflow: get(11),
                materials: get(12)
                    .split([';', '；'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
            })
        })();
        rows.push(row);
    }
    Ok(rows)
}

/// The demo catalogue shipped with zjcs (`zjcs catalogue load-demo`): realistic items of a
/// city-level list, in the JSON import format.
pub const DEMO_CATALOGUE_JSON: &str = include_str!("../../data/demo-catalogue.json");

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ServiceItemInput {
        ServiceItemInput {
            code: "zj-ch-01".into(),
            name: "工程测绘".into(),
            name_en: "Engineering surveying".into(),
            approval: "建设工程规划许可".into(),
            department: "市自然资源和规划局".into(),
            legal_basis: "《中华人民共和国测绘法》第二十七条".into(),
            qualifications: vec![QualRequirement {
                qual_type: "测绘资质".into(),
                grades: vec!["甲级".into(), "乙级".into()],
            }],
            time_limit_days: 15,
            fee_min_fen: Some(500_000),
            fee_max_fen: Some(5_000_000),
            fee_note: "市场调节价".into(),
            workflow: "1. 委托；2. 外业；3. 内业；4. 成果提交".into(),
            materials: vec!["委托书".into(), "用地红线图".into()],
        }
    }

    #[test]
    fn an_item_parses_and_its_code_is_normalised() {
        let item = ServiceItem::parse(&input()).unwrap();
        assert_eq!(item.code, "ZJ-CH-01");
        assert!(item.accepts("测绘资质", "甲级"));
        assert!(!item.accepts("测绘资质", "丙级"));
        assert!(!item.accepts("其他资质", "甲级"));
    }

    #[test]
    fn bad_fields_are_all_reported() {
        let bad = ServiceItemInput {
            code: "1-bad code".into(),
            name: String::new(),
            time_limit_days: 0,
            fee_min_fen: Some(10),
            fee_max_fen: Some(5),
            ..input()
        };
        let errors = ServiceItem::parse(&bad).unwrap_err();
        let codes: Vec<_> = errors.iter().map(|e| (e.field, e.code)).collect();
        assert_eq!(
            codes,
            vec![
                ("code", "field.item-code.invalid"),
                ("name", "field.required"),
                ("time_limit_days", "field.out-of-range"),
                ("fee_max_fen", "field.fee.range"),
            ]
        );
    }

    #[test]
    fn negative_fees_and_duplicate_requirements_are_refused() {
        let mut bad = input();
        bad.fee_min_fen = Some(-1);
        bad.qualifications.push(bad.qualifications[0].clone());
        let errors = ServiceItem::parse(&bad).unwrap_err();
        assert!(errors.iter().any(|e| e.code == "field.duplicate"));
        assert!(errors.iter().any(|e| e.field == "fee_min_fen"));
    }

    #[test]
    fn an_import_with_one_bad_row_is_refused_whole_with_a_report() {
        let mut second = input();
        second.code = "ZJ-CH-02".into();
        second.time_limit_days = 400;
        let mut third = input();
        third.code = "zj-ch-01".into(); // same as the first once normalised
        let report = check_import(vec![Ok(input()), Ok(second), Ok(third)]).unwrap_err();
        assert_eq!(report.len(), 2);
        assert_eq!(report[0].row, 2);
        assert_eq!(report[0].errors[0].code, "field.out-of-range");
        assert_eq!(report[1].row, 3);
        assert_eq!(report[1].errors[0].code, "field.duplicate");
    }

    #[test]
    fn an_empty_import_is_refused() {
        assert!(check_import(vec![]).is_err());
    }

    #[test]
    fn json_rows_are_read_one_by_one() {
        let text = r#"[{"code":"A1","name":"x","approval":"y","department":"z","time_limit_days":5},
                       {"code":"A2","name":"x","approval":"y","department":"z","time_limit_days":"five"},
                       {"code":"A3","name":"x","approval":"y","department":"z","time_limit_days":5,"extra":1}]"#;
        let rows = rows_from_json(text).unwrap();
        assert!(rows[0].is_ok());
        assert!(rows[1].is_err());
        assert!(rows[2].is_err(), "unknown fields are refused, not ignored");
        assert!(rows_from_json("{}").is_err());
    }

    #[test]
    fn csv_rows() {
        let text = "\u{feff}code,name,approval,department,time_limit_days,qualifications,materials,fee_min_fen\n\
                    ZJ-A,工程测绘,规划许可,自然资源局,15,测绘资质:甲级|乙级;其他,委托书；红线图,100\n\
                    ZJ-B,安全评价,安全许可,应急管理局,abc,,,\n\
                    ZJ-C,造价,施工许可,住建局,10,,,12.5\n";
        let rows = rows_from_csv(text).unwrap();
        assert_eq!(rows.len(), 3);
        let a = rows[0].as_ref().unwrap();
        assert_eq!(a.qualifications.len(), 2);
        assert_eq!(a.qualifications[0].grades, vec!["甲级", "乙级"]);
        assert!(a.qualifications[1].grades.is_empty());
        assert_eq!(a.materials, vec!["委托书", "红线图"]);
        assert_eq!(a.fee_min_fen, Some(100));
        assert_eq!(rows[1].as_ref().unwrap_err().field, "time_limit_days");
        assert_eq!(rows[2].as_ref().unwrap_err().field, "fee_min_fen");
        assert!(rows_from_csv("code,nom\nA,b\n").is_err());
    }

    #[test]
    fn the_demo_catalogue_imports_cleanly() {
        let rows = rows_from_json(DEMO_CATALOGUE_JSON).unwrap();
        let items = check_import(rows).unwrap();
        assert!(items.len() >= 15);
        for name in [
            "环境影响评价",
            "安全评价",
            "工程测绘",
            "工程造价咨询",
            "地质灾害危险性评估",
            "水土保持方案编制",
            "节能评估",
            "防雷装置检测",
            "建筑工程施工图审查",
            "房产测绘",
        ] {
            assert!(items.iter().any(|i| i.name == name), "{name}");
        }
    }
}
