//! The imported dishonesty list (失信名单): entities named by credit code, published by an
//! authority (the courts' list of dishonest judgment debtors, the market regulator's list of
//! seriously illegal and dishonest enterprises, …). A firm on it cannot enter the marketplace
//! nor register for projects anywhere on the platform. The list comes as JSON or CSV; every row
//! is checked on its own, and an import with any bad row writes nothing and reports every bad
//! row (as the catalogue's does).

use super::catalogue::{RejectedRow, check_rows, json_rows};
use super::firm::{CreditCode, line, text};
use super::project::china;
use crate::error::FieldError;
use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// A row as submitted: a JSON object or a CSV record. Missing fields read as empty, so that
/// each is reported by name rather than the whole row as malformed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DishonestyInput {
    pub credit_code: String,
    /// The entity's name as the list gives it (for people reading the list; the code decides).
    pub name: Option<String>,
    /// Why it is listed, in the listing authority's words.
    pub reason: String,
    /// Who listed it (发布机关, e.g. 最高人民法院).
    pub authority: String,
    /// `YYYY-MM-DD`, not after today.
    pub listed_on: String,
    /// `YYYY-MM-DD`, the last day listed (after `listed_on`); empty or absent for no end.
    pub until: Option<String>,
}

/// A checked row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DishonestyEntry {
    pub credit_code: CreditCode,
    /// Empty when the list gave none.
    pub name: String,
    pub reason: String,
    pub authority: String,
    pub listed_on: NaiveDate,
    /// The last day listed, inclusive.
    pub until: Option<NaiveDate>,
}

impl DishonestyEntry {
    pub const MAX_NAME: usize = 200;
    pub const MAX_REASON: usize = 2000;
    /// The authority is stored as `import:<authority>` in a 200-character column.
    pub const MAX_AUTHORITY: usize = 100;

    /// Checks one row against `today` (China's date: a listing cannot start in the future);
    /// every problem is reported.
    pub fn parse(input: &DishonestyInput, today: NaiveDate) -> Result<Self, Vec<FieldError>> {
        fn keep<T>(errors: &mut Vec<FieldError>, r: Result<T, FieldError>) -> Option<T> {
            r.map_err(|e| errors.push(e)).ok()
        }
        let mut errors = Vec::new();
        let e = &mut errors;
        let credit_code = keep(e, CreditCode::parse(&input.credit_code));
        let name = keep(
            e,
            line(
                input.name.as_deref().unwrap_or(""),
                "name",
                Self::MAX_NAME,
                false,
            ),
        );
        let reason = keep(e, text(&input.reason, "reason", Self::MAX_REASON, true));
        let authority = keep(
            e,
            line(&input.authority, "authority", Self::MAX_AUTHORITY, true),
        );
        let listed_on = keep(e, date(&input.listed_on, "listed_on")).and_then(|d| {
            if d > today {
                errors.push(FieldError::new("listed_on", "field.date.future"));
                None
            } else {
                Some(d)
            }
        });
        let until = match input.until.as_deref().map(str::trim).unwrap_or("") {
            "" => Some(None),
            s => keep(&mut errors, date(s, "until")).map(Some),
        };
        if let (Some(from), Some(Some(to))) = (listed_on, until)
            && to <= from
        {
            errors.push(FieldError::new("until", "field.date.end-not-after-start"));
        }
        match (credit_code, name, reason, authority, listed_on, until) {
            (
                Some(credit_code),
                Some(name),
                Some(reason),
                Some(authority),
                Some(listed_on),
                Some(until),
            ) if errors.is_empty() => Ok(DishonestyEntry {
                credit_code,
                name,
                reason,
                authority,
                listed_on,
                until,
            }),
            _ => Err(errors),
        }
    }

    /// When the listing takes effect: the start of `listed_on` in China.
    pub fn starts_at(&self) -> DateTime<Utc> {
        china_midnight(self.listed_on)
    }

    /// When it lapses: the end of `until` in China (the next day's midnight); `None` for no end.
    pub fn ends_at(&self) -> Option<DateTime<Utc>> {
        self.until
            .and_then(|d| d.checked_add_days(Days::new(1)))
            .map(china_midnight)
    }
}

/// The instant a China date begins.
pub fn china_midnight(d: NaiveDate) -> DateTime<Utc> {
    china()
        .from_local_datetime(&d.and_time(NaiveTime::MIN))
        .single()
        .map_or_else(|| d.and_time(NaiveTime::MIN).and_utc(), |t| t.to_utc())
}

/// The China date of an instant (the inverse of [`DishonestyEntry::starts_at`]).
pub fn china_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&china()).date_naive()
}

fn date(raw: &str, field: &'static str) -> Result<NaiveDate, FieldError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(FieldError::new(field, "field.required"));
    }
    // Four-digit years only: chrono would read `26-01-15` as the year 26.
    let shaped = s.len() == 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-';
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .filter(|_| shaped)
        .ok_or(FieldError::new(field, "field.date.invalid"))
}

/// Checks every row of an import against `today` (China's date): all good, the entries in
/// order; otherwise every bad row, including a code listed twice in the same file.
pub fn check_import(
    rows: Vec<Result<DishonestyInput, FieldError>>,
    today: NaiveDate,
) -> Result<Vec<DishonestyEntry>, Vec<RejectedRow>> {
    check_rows(
        rows,
        |i| i.credit_code.trim().to_uppercase(),
        |i| DishonestyEntry::parse(i, today),
        |e| e.credit_code.as_str().to_owned(),
        "credit_code",
    )
}

/// Reads a JSON array of rows, each on its own. `Err` if the text is not an array.
pub fn rows_from_json(text: &str) -> Result<Vec<Result<DishonestyInput, FieldError>>, FieldError> {
    json_rows(text)
}

/// The CSV columns (any order; `name` and `until` may be left out).
pub const CSV_HEADER: [&str; 6] = [
    "credit_code",
    "name",
    "reason",
    "authority",
    "listed_on",
    "until",
];

/// The columns a CSV file must have.
const CSV_REQUIRED: [usize; 4] = [0, 2, 3, 4];

/// A CSV file's text: UTF-8 (with or without a byte-order mark), or else GB 18030 (which
/// includes GBK), as spreadsheet programs on Chinese systems save it. `Err` if it is neither.
pub fn csv_text(bytes: &[u8]) -> Result<String, FieldError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_owned());
    }
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|s| s.into_owned())
        .ok_or(FieldError::new("rows", "field.import.text-encoding"))
}

/// Reads CSV with the [`CSV_HEADER`] columns (a UTF-8 byte-order mark is allowed; for bytes in
/// GBK see [`csv_text`]). `Err` if the header is wrong. A record with more fields than the
/// header (an unquoted comma, most likely) is that row's problem.
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
    if CSV_REQUIRED.iter().any(|&i| index[i].is_none())
        || header.iter().any(|h| !CSV_HEADER.contains(&h.trim()))
    {
        return Err(FieldError::new("rows", "field.import.csv-header"));
    }
    let shape = || FieldError::new("row", "field.import.row-shape");
    Ok(reader
        .records()
        .map(|record| {
            let record = record.map_err(|_| shape())?;
            if record.len() > header.len() {
                return Err(shape());
            }
            let get = |i: usize| {
                index[i]
                    .and_then(|j| record.get(j))
                    .unwrap_or("")
                    .trim()
                    .to_owned()
            };
            let optional = |i: usize| Some(get(i)).filter(|s| !s.is_empty());
            Ok(DishonestyInput {
                credit_code: get(0),
                name: optional(1),
                reason: get(2),
                authority: get(3),
                listed_on: get(4),
                until: optional(5),
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

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    fn row(n: u32) -> DishonestyInput {
        DishonestyInput {
            credit_code: code(n),
            name: Some(format!("失信企业{n}")),
            reason: "拒不履行生效判决".into(),
            authority: "最高人民法院".into(),
            listed_on: "2026-01-15".into(),
            until: None,
        }
    }

    fn parse(i: &DishonestyInput) -> Result<DishonestyEntry, Vec<FieldError>> {
        DishonestyEntry::parse(i, today())
    }

    fn fields(i: &DishonestyInput) -> Vec<(&'static str, &'static str)> {
        parse(i)
            .unwrap_err()
            .iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    fn codes(r: &RejectedRow) -> Vec<&'static str> {
        r.errors.iter().map(|e| e.code).collect()
    }

    #[test]
    fn a_good_row_is_read_with_an_open_or_closed_end() {
        let e = parse(&row(1)).unwrap();
        assert_eq!(e.credit_code.as_str(), code(1));
        assert_eq!(e.until, None);
        assert_eq!(e.ends_at(), None);
        let mut r = row(1);
        r.until = Some(" 2029-01-15 ".into());
        r.credit_code = r.credit_code.to_lowercase();
        r.name = None;
        let e = parse(&r).unwrap();
        assert_eq!(e.until, NaiveDate::from_ymd_opt(2029, 1, 15));
        assert_eq!(e.name, "", "the name may be left out");
        assert_eq!(
            e.credit_code.as_str(),
            code(1),
            "codes are read in capitals"
        );
    }

    #[test]
    fn a_listing_runs_from_china_midnight_to_the_midnight_after_its_last_day() {
        let mut r = row(1);
        r.until = Some("2026-03-31".into());
        let e = parse(&r).unwrap();
        // 2026-01-15 00:00 in China is 2026-01-14 16:00 UTC.
        assert_eq!(e.starts_at().to_rfc3339(), "2026-01-14T16:00:00+00:00");
        assert_eq!(
            e.ends_at().unwrap().to_rfc3339(),
            "2026-03-31T16:00:00+00:00"
        );
        assert_eq!(china_date(e.starts_at()), e.listed_on);
    }

    #[test]
    fn every_bad_field_of_a_row_is_reported() {
        let bad = DishonestyInput {
            credit_code: "91330106ME00000X".into(),
            name: Some("名".repeat(201)),
            reason: String::new(),
            authority: " ".into(),
            listed_on: "2026-02-30".into(),
            until: Some("someday".into()),
        };
        assert_eq!(
            fields(&bad),
            [
                ("credit_code", "field.credit-code.length"),
                ("name", "field.too-long"),
                ("reason", "field.required"),
                ("authority", "field.required"),
                ("listed_on", "field.date.invalid"),
                ("until", "field.date.invalid"),
            ]
        );
        let empty = DishonestyInput::default();
        assert_eq!(
            fields(&empty),
            [
                ("credit_code", "field.required"),
                ("reason", "field.required"),
                ("authority", "field.required"),
                ("listed_on", "field.required"),
            ]
        );
    }

    #[test]
    fn the_credit_code_needs_its_check_character() {
        let mut r = row(1);
        let last = r.credit_code.pop().unwrap();
        r.credit_code.push(if last == '0' { '1' } else { '0' });
        assert_eq!(fields(&r), [("credit_code", "field.credit-code.checksum")]);
    }

    #[test]
    fn text_limits() {
        let mut r = row(1);
        r.reason = "因".repeat(DishonestyEntry::MAX_REASON);
        r.authority = "局".repeat(DishonestyEntry::MAX_AUTHORITY);
        assert!(parse(&r).is_ok());
        r.reason.push('因');
        r.authority.push('局');
        assert_eq!(
            fields(&r),
            [
                ("reason", "field.too-long"),
                ("authority", "field.too-long")
            ]
        );
        let mut r = row(1);
        r.reason = "拒不\u{7}履行".into();
        assert_eq!(fields(&r), [("reason", "field.text.control")]);
    }

    #[test]
    fn dates_listed_today_at_the_latest_and_ending_after_listing() {
        let mut r = row(1);
        r.listed_on = "2026-11-28".into();
        assert!(parse(&r).is_ok(), "today is fine");
        r.listed_on = "2026-11-29".into();
        assert_eq!(fields(&r), [("listed_on", "field.date.future")]);
        for bad in ["2026/01/15", "26-01-15", "2026-1-15", "20260115"] {
            r.listed_on = bad.into();
            assert_eq!(fields(&r), [("listed_on", "field.date.invalid")], "{bad}");
        }
        let mut r = row(1);
        for until in ["2026-01-15", "2025-12-31"] {
            r.until = Some(until.into());
            assert_eq!(
                fields(&r),
                [("until", "field.date.end-not-after-start")],
                "{until}"
            );
        }
        r.until = Some("2026-01-16".into());
        assert!(parse(&r).is_ok());
        r.until = Some("   ".into());
        assert_eq!(parse(&r).unwrap().until, None, "blank: no end");
        // An end in the past is accepted: the listing has lapsed (a re-import lifts it).
        r.until = Some("2026-02-01".into());
        assert!(parse(&r).is_ok());
    }

    #[test]
    fn an_import_with_any_bad_row_reports_each_and_yields_nothing() {
        let wrong = DishonestyInput {
            credit_code: "X".into(),
            reason: String::new(),
            ..row(3)
        };
        let mut lower_duplicate = row(1);
        lower_duplicate.credit_code = lower_duplicate.credit_code.to_lowercase();
        let rows = vec![
            Ok(row(1)),
            Ok(row(2)),
            Ok(wrong),
            Ok(lower_duplicate),
            Err(FieldError::new("row", "field.import.row-shape")),
        ];
        let rejected = check_import(rows, today()).unwrap_err();
        let summary: Vec<(usize, &str, Vec<&str>)> = rejected
            .iter()
            .map(|r| (r.row, r.code.as_str(), codes(r)))
            .collect();
        assert_eq!(
            summary,
            [
                (3, "X", vec!["field.credit-code.length", "field.required"]),
                (4, code(1).as_str(), vec!["field.duplicate"]),
                (5, "", vec!["field.import.row-shape"]),
            ]
        );
        assert_eq!(rejected[1].errors[0].field, "credit_code");
        let good = check_import(vec![Ok(row(1)), Ok(row(2))], today()).unwrap();
        assert_eq!(good.len(), 2);
        let empty = check_import(vec![], today()).unwrap_err();
        assert_eq!(codes(&empty[0]), ["field.import.empty"]);
    }

    #[test]
    fn json_and_csv_read_the_same_rows() {
        let mut second = row(2);
        second.until = Some("2027-01-14".into());
        let json = serde_json::to_string(&vec![row(1), second]).unwrap();
        let csv = format!(
            "\u{feff}name,credit_code,reason,authority,listed_on,until\n\
             失信企业1,{},拒不履行生效判决,最高人民法院,2026-01-15,\n\
             失信企业2,{},\"拒不履行生效判决\",最高人民法院,2026-01-15,2027-01-14\n",
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
        // Nulls and absent optional fields read as empty; a missing required field is named.
        let rows = rows_from_json(&format!(
            r#"[{{"credit_code": "{}", "name": null, "until": null, "reason": "r", "authority": "a", "listed_on": "2026-01-15"}},
               {{"credit_code": "{}", "listed_on": "2026-01-15"}}]"#,
            code(1),
            code(2)
        ))
        .unwrap();
        assert!(parse(rows[0].as_ref().unwrap()).is_ok());
        assert_eq!(
            fields(rows[1].as_ref().unwrap()),
            [
                ("reason", "field.required"),
                ("authority", "field.required")
            ]
        );
        // A malformed element is its own row's problem; a wrong header or non-array, the file's.
        let rows = rows_from_json(r#"[{"credit_code": 5}, {"unknown": "x"}]"#).unwrap();
        assert!(rows.iter().all(Result::is_err));
        assert!(rows_from_json("{}").is_err());
        assert!(rows_from_csv("code,name\n1,2\n").is_err());
        assert!(rows_from_csv("credit_code,reason,authority\n").is_err());
        assert!(rows_from_csv("credit_code,name,reason,authority,listed_on,extra\n").is_err());
    }

    #[test]
    fn csv_optional_columns_and_misshapen_records() {
        let csv = format!(
            "credit_code,reason,authority,listed_on\n\
             {},失信,法院,2026-01-15\n\
             {},拒不履行,判决,法院,2026-01-15\n\
             {},失信,法院\n",
            code(1),
            code(2),
            code(3)
        );
        let rows = rows_from_csv(&csv).unwrap();
        let first = rows[0].as_ref().unwrap();
        assert_eq!(
            (first.name.as_deref(), first.until.as_deref()),
            (None, None)
        );
        assert_eq!(
            rows[1].as_ref().unwrap_err().code,
            "field.import.row-shape",
            "an unquoted comma would shift the columns"
        );
        assert_eq!(
            fields(rows[2].as_ref().unwrap()),
            [("listed_on", "field.required")],
            "a short record leaves fields empty"
        );
    }

    #[test]
    fn csv_text_reads_utf8_with_or_without_a_bom_and_gbk() {
        let text = "credit_code,name\n1,失信企业\n";
        assert_eq!(csv_text(text.as_bytes()).unwrap(), text);
        let bom = [b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat();
        assert_eq!(csv_text(&bom).unwrap(), text);
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert!(std::str::from_utf8(&gbk).is_err());
        assert_eq!(csv_text(&gbk).unwrap(), text);
        // Neither UTF-8 nor GB 18030 (a lone lead byte at the end).
        assert_eq!(
            csv_text(b"credit_code\n\x81").unwrap_err().code,
            "field.import.text-encoding"
        );
        let rows = rows_from_csv(&csv_text(&gbk).unwrap());
        assert!(rows.is_err(), "the header is checked after decoding");
    }
}
