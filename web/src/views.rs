//! How registry data reads on a page: names in the reader's language, fees in yuan, grades,
//! dates, evaluations. Shared by the catalogue, directory, firm and administration pages.

use crate::i18n_ctx::T;
use crate::money::yuan;
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use zjcs_domain::i18n::Lang;
use zjcs_domain::model::firm::{FirmStatus, PROVINCES, Validity};
use zjcs_domain::rules::credit::Grade;
use zjcs_domain::service::catalogue::ServiceItemView;
use zjcs_domain::service::firms::{FirmView, OfferedItem};

/// An item's name as the reader sees it first, and the other language's name (empty when there
/// is none to add). Chinese is the official name; English readers get the English name with the
/// Chinese one beside it.
pub fn item_names(lang: Lang, name: &str, name_en: &str) -> (String, String) {
    match lang {
        Lang::En if !name_en.trim().is_empty() => (name_en.to_owned(), name.to_owned()),
        _ => (name.to_owned(), String::new()),
    }
}

/// The fee line of an item: `¥5,000.00–¥50,000.00`, one bound, or the fee note.
pub fn fee_text(t: T, min: Option<i64>, max: Option<i64>, note: &str) -> String {
    match (min, max) {
        (Some(a), Some(b)) if a == b => yuan(a),
        (Some(a), Some(b)) => format!("{}–{}", yuan(a), yuan(b)),
        (Some(a), None) => t.fill("fee.from", "amount", yuan(a)),
        (None, Some(b)) => t.fill("fee.up-to", "amount", yuan(b)),
        (None, None) if !note.trim().is_empty() => note.trim().to_owned(),
        (None, None) => t.get("fee.none").to_owned(),
    }
}

/// A date in Beijing time (`2025-03-01`).
/// The last day (China date) of a period that ends at `t`: a restriction or suspension ends
/// at the midnight after the day it names (24:00 China time), so that day is the one before.
pub fn last_day(t: DateTime<Utc>) -> String {
    day(t - chrono::Duration::seconds(1))
}

pub fn day(t: DateTime<Utc>) -> String {
    match FixedOffset::east_opt(8 * 3600) {
        Some(tz) => t.with_timezone(&tz).format("%Y-%m-%d").to_string(),
        None => t.format("%Y-%m-%d").to_string(),
    }
}

/// A calendar date (`2025-03-01`).
pub fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The CSS class of a grade badge (`grade-a` … `grade-e`).
pub fn grade_class(grade: &str) -> String {
    match Grade::parse(grade) {
        Some(g) => format!("grade-{}", g.as_str().to_ascii_lowercase()),
        None => "grade-unknown".into(),
    }
}

/// "4.3 / 5 (12 evaluations)", or "no evaluation yet".
pub fn evaluation_text(t: T, average: Option<f64>, count: i32) -> String {
    match average {
        Some(avg) => t.fill_all(
            "firm.evaluation.average",
            &[("avg", &format!("{avg:.1}")), ("n", &count.to_string())],
        ),
        None => t.get("firm.evaluation.none").to_owned(),
    }
}

/// Catalogue key and badge class of a certificate's validity.
pub fn validity_badge(v: Validity) -> (&'static str, &'static str) {
    match v {
        Validity::Valid => ("validity.valid", "ok"),
        Validity::Expired => ("validity.expired", "bad"),
        Validity::NotYetValid => ("validity.not-yet-valid", "warn"),
    }
}

/// A province's name in the reader's language.
pub fn province_name(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::Zh => zh.to_owned(),
        Lang::En => en.to_owned(),
    }
}

/// One option of a select.
#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// The provinces as select options (value: the two-digit prefix).
pub fn province_choices(lang: Lang, selected: &str) -> Vec<Choice> {
    PROVINCES
        .iter()
        .map(|(code, zh, en)| Choice {
            value: (*code).to_owned(),
            label: province_name(lang, zh, en),
            selected: *code == selected.trim(),
        })
        .collect()
}

/// Catalogue items as select options (value: the id).
pub fn item_choices(lang: Lang, items: &[ServiceItemView], selected: &str) -> Vec<Choice> {
    items
        .iter()
        .map(|i| {
            let id = i.id.to_string();
            Choice {
                selected: id == selected.trim(),
                label: format!("{} {}", i.code, item_names(lang, &i.name, &i.name_en).0),
                value: id,
            }
        })
        .collect()
}

/// The distinct qualification types the catalogue requires, for a `<datalist>`.
pub fn qualification_types(items: &[ServiceItemView]) -> Vec<String> {
    let mut types: Vec<String> = items
        .iter()
        .flat_map(|i| i.qualifications.iter().map(|q| q.qual_type.clone()))
        .collect();
    types.sort();
    types.dedup();
    types
}

/// A firm as a directory entry.
#[derive(Debug, Clone)]
pub struct FirmCard {
    pub href: String,
    pub name: String,
    pub province: String,
    pub region_code: String,
    pub grade: String,
    pub grade_class: String,
    pub score: i32,
    pub awards: i32,
    pub evaluation: String,
    pub suspended: bool,
    /// Grade D: shown with the public credit warning.
    pub warning: bool,
}

impl FirmCard {
    pub fn new(t: T, f: &FirmView) -> FirmCard {
        FirmCard {
            href: format!("/firms/{}", f.id),
            name: f.name.clone(),
            province: province_name(t.lang, &f.province_zh, &f.province_en),
            region_code: f.region_code.clone(),
            grade: f.credit_grade.clone(),
            grade_class: grade_class(&f.credit_grade),
            score: f.credit_score,
            awards: f.award_count,
            evaluation: evaluation_text(t, f.evaluation_average, f.evaluation_count),
            suspended: f.status == FirmStatus::Suspended,
            warning: Grade::parse(&f.credit_grade) == Some(Grade::D),
        }
    }
}

/// A link to a catalogue item a firm offers.
#[derive(Debug, Clone)]
pub struct ItemLink {
    pub href: String,
    pub code: String,
    pub name: String,
}

impl ItemLink {
    pub fn new(lang: Lang, i: &OfferedItem) -> ItemLink {
        ItemLink {
            href: format!("/catalogue/{}", i.id),
            code: i.code.clone(),
            name: item_names(lang, &i.name, &i.name_en).0,
        }
    }
}

/// Percent-encodes a file name for `Content-Disposition: attachment; filename*=UTF-8''…`
/// (RFC 5987: only unreserved characters stay as they are).
pub fn rfc5987(name: &str) -> String {
    let mut out = String::with_capacity(name.len() * 3);
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fees_read_as_ranges_bounds_or_notes() {
        let t = T { lang: Lang::Zh };
        assert_eq!(
            fee_text(t, Some(500_000), Some(5_000_000), "x"),
            "¥5,000.00–¥50,000.00"
        );
        assert_eq!(fee_text(t, Some(100), Some(100), ""), "¥1.00");
        assert_eq!(fee_text(t, None, None, " 市场调节价 "), "市场调节价");
        let en = T { lang: Lang::En };
        assert!(fee_text(en, Some(100), None, "").contains("¥1.00"));
    }

    #[test]
    fn english_readers_see_both_names() {
        assert_eq!(
            item_names(Lang::En, "工程测绘", "Surveying"),
            ("Surveying".into(), "工程测绘".into())
        );
        assert_eq!(
            item_names(Lang::En, "工程测绘", ""),
            ("工程测绘".into(), String::new())
        );
        assert_eq!(
            item_names(Lang::Zh, "工程测绘", "Surveying"),
            ("工程测绘".into(), String::new())
        );
    }

    #[test]
    fn download_names_are_percent_encoded() {
        assert_eq!(
            rfc5987("资质 证书.pdf"),
            "%E8%B5%84%E8%B4%A8%20%E8%AF%81%E4%B9%A6.pdf"
        );
        assert_eq!(rfc5987("a\"b;c.pdf"), "a%22b%3Bc.pdf");
    }

    #[test]
    fn grades_have_badge_classes() {
        assert_eq!(grade_class("A"), "grade-a");
        assert_eq!(grade_class("?"), "grade-unknown");
    }
}
