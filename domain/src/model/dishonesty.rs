//! The imported dishonesty list (失信名单): entities named by credit code, published by an
//! authority (the courts' list of dishonest judgment debtors, the market regulator's list of
//! seriously illegal and dishonest enterprises, …). A firm on it cannot register for projects
//! anywhere on the platform. The list comes as JSON or CSV; every row is checked on its own, and
//! an import with any bad row writes nothing and reports every bad row (as the catalogue's does).

use super::catalogue::{RejectedRow, check_rows, json_rows};
use super::firm::{CreditCode, text};
use crate::error::FieldError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A row as submitted.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DishonestyInput {
    pub credit_code: String,
    /// The entity's name as the list gives it (for people reading the list; the code decides).
    pub name: String,
    /// Why it is listed.
    pub reason: String,
    /// Who listed it (e.g. 最高人民法院).
    pub source: String,
    /// `YYYY-MM-DD`.
    pub listed_on: String,
    /// `YYYY-MM-DD`, or empty for no end date.
    pub until: String,
}

/// A checked entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DishonestyEntry {
    pub credit_code: CreditCode,
    pub name: String,
    pub reason: String,
    pub source: String,
    pub listed_on: NaiveDate,
    pub until: Option<NaiveDate>,
}

fn date(raw: &str, field: &'static str) -> Result<NaiveDate, FieldError> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|_| FieldError::new(field, "field.date.invalid"))
}

impl DishonestyEntry {
    /// Checks one row; every problem is reported.
    pub fn parse(input: &DishonestyInput) -> Result<DishonestyEntry, Vec<FieldError>> {
        fn keep<T>(errors: &mut Vec<FieldError>, r: Result<T, FieldError>) -> Option<T> {
            r.map_err(|e| errors.push(e)).ok()
        }
        let mut errors = Vec::new();
        let e = &mut errors;
        let credit_code = keep(e, CreditCode::parse(&input.credit_code));
        let name = keep(e, text(&input.name, "name", 200, true));
        let reason = keep(e, text(&input.reason, "reason", 1000, true));
        let source = keep(e, text(&input.source, "source", 200, true));
        let listed_on = keep(e, date(&input.listed_on, "listed_on"));
        let until = match input.until.trim() {
            "" => Some(None),
            s => keep(e, date(s, "until")).map(Some),
        };
        if let (Some(from), Some(Some(to))) = (listed_on, until)
            && to < from
        {
            errors.push(FieldError::new("until", "field.date.before-start"));
        }
        match (credit_code, name, reason, source, listed_on, until) {
            (
                Some(credit_code),
                Some(name),
                Some(reason),
                Some(source),
                Some(listed_on),
                Some(until),
            ) if errors.is_empty() => Ok(DishonestyEntry {
                credit_code,
                name,
                reason,
                source,
                listed_on,
                until,
            }),
            _ => Err(errors),
        }
    }
}

/// Checks every row of an import: all good, the entries in order; otherwise every bad row,
/// including a code listed twice in the same file.
pub fn check_import(
    rows: Vec<Result<DishonestyInput, FieldError>>,
) -> Result<Vec<DishonestyEntry>, Vec<RejectedRow>> {
    check_rows(
        rows,
        |i| i.credit_code.trim().to_owned(),
        DishonestyEntry::parse,
        |e| e.credit_code.as_str().to_owned(),
        "credit_code",
    )
}

/// Reads a JSON array of rows, each on its own. `Err` if the text is not an array.
pub fn rows_from_json(text: &str) -> Result<Vec<Result<DishonestyInput, FieldError>>, FieldError> {
    json_rows(text)
}

/// The CSV columns (any order; `until` may be left out).
pub const CSV_HEADER: [&str; 6] = [
    "credit_code",
    "name",
    "reason",
    "source",
    "listed_on",
    "until",
];

/// Reads CSV with the [`CSV_HEADER`] columns (a UTF-8 byte-order mark is allowed). `Err` if the
/// header is wrong.
pub fn rows_from_csv(text: &str) -> Result<Vec<Result<DishonestyInput, FieldError>>, FieldError> {
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
    if index[..5].iter().any(Option::is_none)
        || header.iter().any(|h| !CSV_HEADER.contains(&h.trim()))
    {
        return Err(FieldError::new("rows", "field.import.csv-header"));
    }
    Ok(reader
        .records()
        .map(|record| {
            let record = record.map_err(|_| FieldError::new("row", "field.import.row-shape"))?;
            let get = |i: usize| {
                index[i]
                    .and_then(|j| record.get(j))
                    .unwrap_or("")
                    .trim()
                    .to_owned()
            };
            Ok(DishonestyInput {
                credit_code: get(0),
                name: get(1),
                reason: get(2),
                source: get(3),
                listed_on: get(4),
                until: get(5),
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(n: u32) -> String {
        CreditCode::complete(&format!("91330106ME{n:07}"))
            .unwrap()
            .as_str()
            .to_owned()
    }

    fn row(n: u32) -> DishonestyInput {
        DishonestyInput {
            credit_code: code(n),
            name: format!("失信企业{n}"),
            reason: "拒不履行生效判决".into(),
            source: "最高人民法院".into(),
            listed_on: "2026-01-15".into(),
            until: String::new(),
        }
    }

    fn codes(r: &RejectedRow) -> Vec<&'static str> {
        r.errors.iter().map(|e| e.code).collect()
    }

    #[test]
    fn a_good_row_is_read_with_an_open_or_closed_end() {
        let e = DishonestyEntry::parse(&row(1)).unwrap();
        assert_eq!(e.credit_code.as_str(), code(1));
        assert_eq!(e.until, None);
        let mut r = row(1);
        r.until = "2029-01-15".into();
        r.credit_code = r.credit_code.to_lowercase();
        let e = DishonestyEntry::parse(&r).unwrap();
        assert_eq!(e.until, NaiveDate::from_ymd_opt(2029, 1, 15));
        assert_eq!(
            e.credit_code.as_str(),
            code(1),
            "codes are read in capitals"
        );
    }

    #[test]
    fn every_bad_field_of_a_row_is_reported() {
        let bad = DishonestyInput {
            credit_code: "91330106ME00000X".into(),
            name: " ".into(),
            reason: String::new(),
            source: "法院".into(),
            listed_on: "2026-02-30".into(),
            until: "someday".into(),
        };
        let fields: Vec<&str> = DishonestyEntry::parse(&bad)
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            ["credit_code", "name", "reason", "listed_on", "until"]
        );
        let mut backwards = row(1);
        backwards.until = "2025-12-31".into();
        let e = DishonestyEntry::parse(&backwards).unwrap_err();
        assert_eq!(e, vec![FieldError::new("until", "field.date.before-start")]);
    }

    #[test]
    fn an_import_with_any_bad_row_reports_each_and_yields_nothing() {
        let mut wrong = row(3);
        wrong.credit_code.pop();
        wrong.credit_code.push('0');
        let wrong = if DishonestyEntry::parse(&wrong).is_ok() {
            // The replaced check character happened to be right; break it another way.
            DishonestyInput {
                credit_code: "X".into(),
                ..row(3)
            }
        } else {
            wrong
        };
        let rows = vec![
            Ok(row(1)),
            Ok(row(2)),
            Ok(wrong),
            Ok(row(1)),
            Err(FieldError::new("row", "field.import.row-shape")),
        ];
        let rejected = check_import(rows).unwrap_err();
        let summary: Vec<(usize, Vec<&str>)> = rejected.iter().map(|r| (r.row, codes(r))).collect();
        assert_eq!(summary[0].0, 3);
        assert_eq!(summary[0].1.len(), 1);
        assert_eq!(summary[1], (4, vec!["field.duplicate"]));
        assert_eq!(summary[2], (5, vec!["field.import.row-shape"]));
        assert_eq!(rejected[1].code, code(1));
        assert_eq!(check_import(vec![Ok(row(1)), Ok(row(2))]).unwrap().len(), 2);
        let empty = check_import(vec![]).unwrap_err();
        assert_eq!(codes(&empty[0]), ["field.import.empty"]);
    }

    #[test]
    fn json_and_csv_read_the_same_rows() {
        let json = serde_json::to_string(&vec![row(1), row(2)]).unwrap();
        let csv = format!(
            "\u{feff}name,credit_code,reason,source,listed_on\n失信企业1,{},拒不履行生效判决,最高人民法院,2026-01-15\n失信企业2,{},拒不履行生效判决,最高人民法院,2026-01-15\n",
            code(1),
            code(2)
        );
        let from_json: Vec<DishonestyInput> = rows_from_json(&json)
            .unwrap()
            .into_iter()
            .map(Result::unwrap)
            .collect();
        let from_csv: Vec<DishonestyInput> = rows_from_csv(&csv)
            .unwrap()
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(from_json, from_csv);
        // A malformed element is its own row's problem; a wrong header or non-array, the file's.
        let rows = rows_from_json(r#"[{"credit_code": 5}, {"unknown": "x"}]"#).unwrap();
        assert!(rows.iter().all(Result::is_err));
        assert!(rows_from_json("{}").is_err());
        assert!(rows_from_csv("code,name\n1,2\n").is_err());
        assert!(rows_from_csv("credit_code,name,reason,source,listed_on,extra\n").is_err());
    }
}
