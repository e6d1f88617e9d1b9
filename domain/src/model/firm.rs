//! Firms (中介机构): the identity a firm enters with and the profile it declares. Entry is
//! zero-threshold: apart from a valid, unused, unrestricted credit code, nothing a firm declares
//! can keep it out; fields are checked only for being well-formed.

use super::attachment::AttachmentRef;
use crate::error::FieldError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// A unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-letter
/// alphabet (no I, O, S, V, Z), characters 3–8 an administrative division code, and a final check
/// character computed modulo 31. Stored upper-case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct CreditCode(String);

impl CreditCode {
    /// The code's alphabet, in the order of the values 0–30 the checksum uses.
    pub const ALPHABET: &'static str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    /// Weights of positions 1–17 (3^(i-1) mod 31).
    const WEIGHTS: [u32; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];

    fn value(c: char) -> Option<u32> {
        Self::ALPHABET.find(c).map(|i| i as u32)
    }

    /// The check character for the first 17 characters, or `None` if one is outside the alphabet.
    pub fn check_char(first17: &str) -> Option<char> {
        if first17.chars().count() != 17 {
            return None;
        }
        let mut sum = 0;
        for (c, w) in first17.chars().zip(Self::WEIGHTS) {
            sum += Self::value(c)? * w;
        }
        let check = (31 - sum % 31) % 31;
        Self::ALPHABET.chars().nth(check as usize)
    }

    /// Builds a valid code from its first 17 characters (test data and demo generators).
    pub fn complete(first17: &str) -> Option<CreditCode> {
        let check = Self::check_char(first17)?;
        CreditCode::parse(&format!("{first17}{check}")).ok()
    }

    pub fn parse(raw: &str) -> Result<CreditCode, FieldError> {
        let s: String = raw.trim().to_uppercase();
        let err = |code| Err(FieldError::new("credit_code", code));
        if s.is_empty() {
            return err("field.required");
        }
        if s.chars().count() != 18 {
            return err("field.credit-code.length");
        }
        if !s.chars().all(|c| Self::value(c).is_some()) {
            return err("field.credit-code.charset");
        }
        if !s[2..8].chars().all(|c| c.is_ascii_digit()) {
            return err("field.credit-code.region");
        }
        let check = Self::check_char(&s[..17]);
        if check != s.chars().nth(17) {
            return err("field.credit-code.checksum");
        }
        Ok(CreditCode(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A resident identity card number (居民身份证号码, GB 11643-1999): 17 digits, the middle eight a
/// birth date, and an ISO 7064 MOD 11-2 check character (a digit or X). Never stored: only its
/// keyed hash is (see [`crate::rules::identity`]).
#[derive(Clone, PartialEq, Eq)]
pub struct IdNumber(String);

impl IdNumber {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECKS: &'static [u8; 11] = b"10X98765432";

    /// The check character for 17 digits.
    pub fn check_char(first17: &str) -> Option<char> {
        if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let sum: u32 = first17
            .bytes()
            .zip(Self::WEIGHTS)
            .map(|(b, w)| (b - b'0') as u32 * w)
            .sum();
        Some(Self::CHECKS[(sum % 11) as usize] as char)
    }

    pub fn parse(raw: &str, field: &'static str) -> Result<IdNumber, FieldError> {
        let s = raw.trim().to_uppercase();
        let err = |code| Err(FieldError::new(field, code));
        if s.is_empty() {
            return err("field.required");
        }
        if s.len() != 18 || !s.is_ascii() {
            return err("field.id-number.invalid");
        }
        let birth = NaiveDate::parse_from_str(&s[6..14], "%Y%m%d");
        if birth.is_err() || Self::check_char(&s[..17]) != s.chars().nth(17) {
            return err("field.id-number.invalid");
        }
        Ok(IdNumber(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("IdNumber(…)")
    }
}

/// Provinces by the first two digits of an administrative division code (GB/T 2260), with
/// their names in Chinese and English.
pub static PROVINCES: &[(&str, &str, &str)] = &[
    ("11", "北京市", "Beijing"),
    ("12", "天津市", "Tianjin"),
    ("13", "河北省", "Hebei"),
    ("14", "山西省", "Shanxi"),
    ("15", "内蒙古自治区", "Inner Mongolia"),
    ("21", "辽宁省", "Liaoning"),
    ("22", "吉林省", "Jilin"),
    ("23", "黑龙江省", "Heilongjiang"),
    ("31", "上海市", "Shanghai"),
    ("32", "江苏省", "Jiangsu"),
    ("33", "浙江省", "Zhejiang"),
    ("34", "安徽省", "Anhui"),
    ("35", "福建省", "Fujian"),
    ("36", "江西省", "Jiangxi"),
    ("37", "山东省", "Shandong"),
    ("41", "河南省", "Henan"),
    ("42", "湖北省", "Hubei"),
    ("43", "湖南省", "Hunan"),
    ("44", "广东省", "Guangdong"),
    ("45", "广西壮族自治区", "Guangxi"),
    ("46", "海南省", "Hainan"),
    ("50", "重庆市", "Chongqing"),
    ("51", "四川省", "Sichuan"),
    ("52", "贵州省", "Guizhou"),
    ("53", "云南省", "Yunnan"),
    ("54", "西藏自治区", "Tibet"),
    ("61", "陕西省", "Shaanxi"),
    ("62", "甘肃省", "Gansu"),
    ("63", "青海省", "Qinghai"),
    ("64", "宁夏回族自治区", "Ningxia"),
    ("65", "新疆维吾尔自治区", "Xinjiang"),
    ("71", "台湾省", "Taiwan"),
    ("81", "香港特别行政区", "Hong Kong"),
    ("82", "澳门特别行政区", "Macao"),
];

/// A six-digit administrative division code (行政区划代码) of a known province.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct RegionCode(String);

impl RegionCode {
    pub fn parse(raw: &str, field: &'static str) -> Result<RegionCode, FieldError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(FieldError::new(field, "field.required"));
        }
        if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) || province(&s[..2]).is_none() {
            return Err(FieldError::new(field, "field.region.invalid"));
        }
        Ok(RegionCode(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The province's (zh, en) names.
    pub fn province(&self) -> (&'static str, &'static str) {
        province(&self.0[..2]).unwrap_or(("", ""))
    }
}

/// The (zh, en) names of a province by its two-digit prefix.
pub fn province(prefix: &str) -> Option<(&'static str, &'static str)> {
    PROVINCES
        .iter()
        .find(|(p, _, _)| *p == prefix)
        .map(|(_, zh, en)| (*zh, *en))
}

/// A region filter of the directory: a province (2 digits), a city (4) or a county (6), as the
/// leading digits of the division code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionPrefix(String);

impl RegionPrefix {
    pub fn parse(raw: &str) -> Result<RegionPrefix, FieldError> {
        let s = raw.trim().trim_end_matches("00");
        let s = if s.len() == 2 || s.len() == 4 || s.len() == 6 {
            s
        } else {
            raw.trim()
        };
        let ok = matches!(s.len(), 2 | 4 | 6)
            && s.bytes().all(|b| b.is_ascii_digit())
            && province(&s[..2]).is_some();
        if ok {
            Ok(RegionPrefix(s.to_owned()))
        } else {
            Err(FieldError::new("region", "field.region.invalid"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The inclusive range of six-digit codes this prefix covers.
    pub fn range(&self) -> (String, String) {
        let pad = 6 - self.0.len();
        (
            format!("{}{}", self.0, "0".repeat(pad)),
            format!("{}{}", self.0, "9".repeat(pad)),
        )
    }
}

/// Keeps a parsed value, or records its error and carries on with a default, so that a parser
/// can report every bad field at once.
pub(crate) fn collect<T: Default>(errors: &mut Vec<FieldError>, r: Result<T, FieldError>) -> T {
    r.unwrap_or_else(|e| {
        errors.push(e);
        T::default()
    })
}

// Free text passes the one gate of [`super::text`]; re-exported for the parsers here.
pub use super::text::{line, text};

/// A contact telephone number: digits with an optional leading `+` and separators `-`, space,
/// parentheses; 5 to 20 digits (mobile, landline with area code, or extension).
pub fn phone(raw: &str, field: &'static str) -> Result<String, FieldError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(FieldError::new(field, "field.required"));
    }
    let digits = s.chars().filter(|c| c.is_ascii_digit()).count();
    let ok = s.len() <= 30
        && (5..=20).contains(&digits)
        && s.chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || " -()".contains(c) || (c == '+' && i == 0));
    if ok {
        Ok(s.to_owned())
    } else {
        Err(FieldError::new(field, "field.phone.invalid"))
    }
}

/// What a firm declares about itself, as submitted (API body or page form).
#[derive(Debug, Clone, Default)]
pub struct FirmProfileInput {
    pub name: String,
    pub credit_code: String,
    pub legal_rep_name: String,
    /// Required when the firm enters; on an edit, empty keeps the one on record.
    pub legal_rep_id: String,
    pub region_code: String,
    pub address: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub description: String,
    pub service_items: Vec<Uuid>,
    /// The commitment (承诺) that the declared materials are true.
    pub commitment: bool,
}

/// A firm profile that parsed.
#[derive(Debug, Clone)]
pub struct FirmProfile {
    pub name: String,
    pub credit_code: CreditCode,
    pub legal_rep_name: String,
    pub legal_rep_id: Option<IdNumber>,
    pub region: RegionCode,
    pub address: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub description: String,
    pub service_items: Vec<Uuid>,
}

impl FirmProfile {
    pub const MAX_SERVICE_ITEMS: usize = 50;

    /// Parses a profile; `entering` is true when the firm first enters (the legal
    /// representative's ID number is then required). Every offending field is reported.
    pub fn parse(input: &FirmProfileInput, entering: bool) -> Result<FirmProfile, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = collect(&mut errors, line(&input.name, "name", 200, true));
        let legal_rep_name = collect(
            &mut errors,
            line(&input.legal_rep_name, "legal_rep_name", 50, true),
        );
        let address = collect(&mut errors, line(&input.address, "address", 300, true));
        let contact_name = collect(
            &mut errors,
            line(&input.contact_name, "contact_name", 50, true),
        );
        let contact_phone = collect(&mut errors, phone(&input.contact_phone, "contact_phone"));
        let description = collect(
            &mut errors,
            text(&input.description, "description", 2000, false),
        );
        let credit_code = CreditCode::parse(&input.credit_code).map_err(|e| errors.push(e));
        let legal_rep_id = if input.legal_rep_id.trim().is_empty() && !entering {
            Ok(None)
        } else {
            IdNumber::parse(&input.legal_rep_id, "legal_rep_id")
                .map(Some)
                .map_err(|e| errors.push(e))
        };
        let region =
            RegionCode::parse(&input.region_code, "region_code").map_err(|e| errors.push(e));
        let mut service_items = input.service_items.clone();
        service_items.sort();
        service_items.dedup();
        if service_items.len() > Self::MAX_SERVICE_ITEMS {
            errors.push(FieldError::new("service_items", "field.too-many"));
        }
        if !input.commitment {
            errors.push(FieldError::new("commitment", "field.commitment.required"));
        }
        match (credit_code, legal_rep_id, region) {
            (Ok(credit_code), Ok(legal_rep_id), Ok(region)) if errors.is_empty() => {
                Ok(FirmProfile {
                    name,
                    credit_code,
                    legal_rep_name,
                    legal_rep_id,
                    region,
                    address,
                    contact_name,
                    contact_phone,
                    description,
                    service_items,
                })
            }
            _ => Err(errors),
        }
    }
}

/// Where a firm stands on the marketplace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FirmStatus {
    /// Listed and free to take part.
    Listed,
    /// Listed but barred from registering for projects for a period (grade E).
    Suspended,
    /// Removed from the marketplace and published on the black list.
    Blacklisted,
}

impl FirmStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FirmStatus::Listed => "listed",
            FirmStatus::Suspended => "suspended",
            FirmStatus::Blacklisted => "blacklisted",
        }
    }

    pub fn parse(s: &str) -> Option<FirmStatus> {
        match s {
            "listed" => Some(FirmStatus::Listed),
            "suspended" => Some(FirmStatus::Suspended),
            "blacklisted" => Some(FirmStatus::Blacklisted),
            _ => None,
        }
    }
}

/// A qualification certificate (资质证书) as submitted.
#[derive(Debug, Clone, Default)]
pub struct QualificationInput {
    pub qual_type: String,
    pub grade: String,
    pub number: String,
    pub issuer: String,
    pub valid_from: String,
    pub valid_until: String,
    /// The certificate's file: uploaded before (its id) or with the declaration.
    pub evidence_file: Option<AttachmentRef>,
}

/// A qualification certificate that parsed (its file is settled by the service: stored, or
/// checked to be the firm's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Qualification {
    pub qual_type: String,
    pub grade: String,
    pub number: String,
    pub issuer: String,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
}

/// Parses an ISO date (`YYYY-MM-DD`).
pub fn date(raw: &str, field: &'static str) -> Result<NaiveDate, FieldError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(FieldError::new(field, "field.required"));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| FieldError::new(field, "field.date.invalid"))
}

impl Qualification {
    pub fn parse(input: &QualificationInput) -> Result<Qualification, Vec<FieldError>> {
        let mut errors = Vec::new();
        let qual_type = collect(&mut errors, line(&input.qual_type, "qual_type", 100, true));
        let grade = collect(&mut errors, line(&input.grade, "grade", 50, false));
        let number = collect(&mut errors, line(&input.number, "number", 100, true));
        let issuer = collect(&mut errors, line(&input.issuer, "issuer", 200, true));
        let from = date(&input.valid_from, "valid_from").map_err(|e| errors.push(e));
        let until = date(&input.valid_until, "valid_until").map_err(|e| errors.push(e));
        if let (Ok(f), Ok(u)) = (&from, &until)
            && u < f
        {
            errors.push(FieldError::new("valid_until", "field.date.before-start"));
        }
        if input.evidence_file.is_none() {
            errors.push(FieldError::new("evidence_file", "field.evidence.required"));
        }
        match (from, until) {
            (Ok(valid_from), Ok(valid_until)) if errors.is_empty() => Ok(Qualification {
                qual_type,
                grade,
                number,
                issuer,
                valid_from,
                valid_until,
            }),
            _ => Err(errors),
        }
    }
}

/// Whether a certificate counts on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Validity {
    NotYetValid,
    Valid,
    Expired,
}

impl Validity {
    /// Only a valid certificate counts (for filters and, later, for eligibility).
    pub fn on(today: NaiveDate, from: NaiveDate, until: Option<NaiveDate>) -> Validity {
        if today < from {
            Validity::NotYetValid
        } else if until.is_some_and(|u| today > u) {
            Validity::Expired
        } else {
            Validity::Valid
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Validity::NotYetValid => "not-yet-valid",
            Validity::Valid => "valid",
            Validity::Expired => "expired",
        }
    }
}

/// A licensed practitioner (执业人员) as submitted.
#[derive(Debug, Clone, Default)]
pub struct PractitionerInput {
    pub name: String,
    pub qualification: String,
    pub certificate_number: String,
    pub valid_until: String,
    /// The certificate's file, as for [`QualificationInput::evidence_file`].
    pub evidence_file: Option<AttachmentRef>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Practitioner {
    pub name: String,
    pub qualification: String,
    pub certificate_number: String,
    pub valid_until: Option<NaiveDate>,
}

impl Practitioner {
    pub fn parse(input: &PractitionerInput) -> Result<Practitioner, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = collect(&mut errors, line(&input.name, "name", 50, true));
        let qualification = collect(
            &mut errors,
            line(&input.qualification, "qualification", 100, true),
        );
        let certificate_number = collect(
            &mut errors,
            line(&input.certificate_number, "certificate_number", 100, true),
        );
        let valid_until = if input.valid_until.trim().is_empty() {
            Ok(None)
        } else {
            date(&input.valid_until, "valid_until")
                .map(Some)
                .map_err(|e| errors.push(e))
        };
        if input.evidence_file.is_none() {
            errors.push(FieldError::new("evidence_file", "field.evidence.required"));
        }
        match valid_until {
            Ok(valid_until) if errors.is_empty() => Ok(Practitioner {
                name,
                qualification,
                certificate_number,
                valid_until,
            }),
            _ => Err(errors),
        }
    }
}

/// How a firm is tied to a government department (关联关系), for conflict of interest (回避).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AffiliationKind {
    /// Owned or founded by the department (举办、出资).
    OwnedBy,
    /// Supervised by the department (主管、挂靠).
    SupervisedBy,
    /// Staffed from the department (人员任职、兼职).
    StaffedFrom,
}

impl AffiliationKind {
    pub const ALL: [AffiliationKind; 3] = [
        AffiliationKind::OwnedBy,
        AffiliationKind::SupervisedBy,
        AffiliationKind::StaffedFrom,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AffiliationKind::OwnedBy => "owned-by",
            AffiliationKind::SupervisedBy => "supervised-by",
            AffiliationKind::StaffedFrom => "staffed-from",
        }
    }

    pub fn parse(s: &str) -> Option<AffiliationKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }
}

/// A declared affiliation with a department.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Affiliation {
    pub department: String,
    pub kind: AffiliationKind,
    pub note: String,
}

impl Affiliation {
    pub fn parse(department: &str, kind: &str, note: &str) -> Result<Affiliation, Vec<FieldError>> {
        let mut errors = Vec::new();
        let department = line(department, "department", 100, true).map_err(|e| errors.push(e));
        let kind = AffiliationKind::parse(kind)
            .ok_or_else(|| errors.push(FieldError::new("kind", "field.affiliation-kind.invalid")));
        let note = text(note, "note", 500, false).map_err(|e| errors.push(e));
        match (department, kind, note) {
            (Ok(department), Ok(kind), Ok(note)) => Ok(Affiliation {
                department,
                kind,
                note,
            }),
            _ => Err(errors),
        }
    }
}

crate::model::closed_set! {
    /// What a declared person is to the firm (besides its legal representative).
    pub enum PersonRole {
        /// A shareholder (股东).
        Shareholder = "shareholder",
        /// A senior executive (高级管理人员: general manager, deputy, financial officer…).
        Executive = "executive",
    }
}

/// A person behind the firm it declares, with the ID number a black-listing follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredPerson {
    pub name: String,
    pub role: PersonRole,
    pub id_number: IdNumber,
}

impl DeclaredPerson {
    /// Every problem at once: a name (up to 50 characters), a role, a valid ID number.
    pub fn parse(
        name: &str,
        role: &str,
        id_number: &str,
    ) -> Result<DeclaredPerson, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = line(name, "name", 50, true).map_err(|e| errors.push(e));
        let role = PersonRole::parse(role.trim())
            .ok_or_else(|| errors.push(FieldError::new("role", "field.person-role.invalid")));
        let id_number = IdNumber::parse(id_number, "id_number").map_err(|e| errors.push(e));
        match (name, role, id_number) {
            (Ok(name), Ok(role), Ok(id_number)) => Ok(DeclaredPerson {
                name,
                role,
                id_number,
            }),
            _ => Err(errors),
        }
    }
}

/// The key a department name is matched by (conflict-of-interest checks compare declared ties
/// with a project's approving department): whitespace removed.
pub fn department_key(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_declared_person_names_every_problem_at_once() {
        let p = DeclaredPerson::parse(" 王五 ", "shareholder", "11010519491231002x").unwrap();
        assert_eq!(
            (p.name.as_str(), p.role, p.id_number.as_str()),
            ("王五", PersonRole::Shareholder, "11010519491231002X")
        );
        let e = DeclaredPerson::parse("", "owner", "110105194912310021").unwrap_err();
        let fields: Vec<_> = e.iter().map(|e| (e.field, e.code)).collect();
        assert_eq!(
            fields,
            [
                ("name", "field.required"),
                ("role", "field.person-role.invalid"),
                ("id_number", "field.id-number.invalid")
            ]
        );
    }

    #[test]
    fn published_example_codes_are_valid() {
        // Codes printed on real business licences and in GB 32100-2015's explanations.
        for code in ["91350100M000100Y43", "911100001000128855"] {
            assert!(CreditCode::parse(code).is_ok(), "{code}");
        }
    }

    #[test]
    fn lowercase_and_spaces_are_normalised() {
        let c = CreditCode::parse(" 91350100m000100y43 ").unwrap();
        assert_eq!(c.as_str(), "91350100M000100Y43");
    }

    #[test]
    fn wrong_check_character_is_refused() {
        let e = CreditCode::parse("91350100M000100Y44").unwrap_err();
        assert_eq!(e.code, "field.credit-code.checksum");
    }

    #[test]
    fn malformed_codes_say_what_is_wrong() {
        let cases = [
            ("", "field.required"),
            ("91350100M000100Y4", "field.credit-code.length"),
            ("91350100M000100Y433", "field.credit-code.length"),
            ("91350100M000100I43", "field.credit-code.charset"),
            ("91350100M000100O43", "field.credit-code.charset"),
            ("91350100M00010-Y43", "field.credit-code.charset"),
            ("913501Z0M000100Y43", "field.credit-code.charset"),
            ("9135A100M000100Y43", "field.credit-code.region"),
            (
                "测试测试测试测试测试测试测试测试测试",
                "field.credit-code.charset",
            ),
        ];
        for (code, expected) in cases {
            assert_eq!(
                CreditCode::parse(code).unwrap_err().code,
                expected,
                "{code:?}"
            );
        }
    }

    proptest! {
        /// Every completed code parses, and changing any one character makes it fail: the
        /// modulo-31 check catches every single-character error.
        #[test]
        fn single_character_errors_are_caught(
            body in "[0-9A-HJ-NP-RTUWXY]{2}[0-9]{6}[0-9A-HJ-NP-RTUWXY]{9}",
            pos in 0usize..18,
            replacement in 0usize..31,
        ) {
            let code = CreditCode::complete(&body).unwrap();
            let mut chars: Vec<char> = code.as_str().chars().collect();
            let new = CreditCode::ALPHABET.chars().nth(replacement).unwrap();
            prop_assume!(chars[pos] != new);
            chars[pos] = new;
            let altered: String = chars.into_iter().collect();
            prop_assert!(CreditCode::parse(&altered).is_err());
        }
    }

    #[test]
    fn id_numbers() {
        // The standard's own example, and a computed one ending in X.
        assert!(IdNumber::parse("11010519491231002X", "id").is_ok());
        assert!(IdNumber::parse("110105194912310021", "id").is_err());
        assert!(
            IdNumber::parse("110105194913310020", "id").is_err(),
            "month 13"
        );
        assert!(IdNumber::parse("1101051949123100", "id").is_err());
        let body = "33010619900101123";
        let full = format!("{body}{}", IdNumber::check_char(body).unwrap());
        assert!(IdNumber::parse(&full.to_lowercase(), "id").is_ok());
        assert_eq!(
            format!("{:?}", IdNumber::parse(&full, "id").unwrap()),
            "IdNumber(…)"
        );
    }

    #[test]
    fn regions() {
        assert!(RegionCode::parse("330106", "r").is_ok());
        assert_eq!(
            RegionCode::parse("330106", "r").unwrap().province().0,
            "浙江省"
        );
        for bad in ["", "33010", "3301066", "990000", "33a106"] {
            assert!(RegionCode::parse(bad, "r").is_err(), "{bad}");
        }
        assert_eq!(
            RegionPrefix::parse("33").unwrap().range(),
            ("330000".into(), "339999".into())
        );
        assert_eq!(RegionPrefix::parse("330000").unwrap().as_str(), "33");
        assert_eq!(RegionPrefix::parse("330100").unwrap().as_str(), "3301");
        assert_eq!(RegionPrefix::parse("330106").unwrap().as_str(), "330106");
        assert!(RegionPrefix::parse("3").is_err());
        assert!(RegionPrefix::parse("99").is_err());
    }

    #[test]
    fn phones() {
        for ok in [
            "13800138000",
            "0571-88888888",
            "+86 571 8888 8888",
            "(0571) 8888-8888",
        ] {
            assert!(phone(ok, "p").is_ok(), "{ok}");
        }
        for bad in [
            "",
            "1234",
            "abc12345",
            "138-0013-8000-0000-0000-123",
            "13800+138000",
        ] {
            assert!(phone(bad, "p").is_err(), "{bad}");
        }
    }

    fn valid_input() -> FirmProfileInput {
        FirmProfileInput {
            name: "杭州青山环境科技有限公司".into(),
            credit_code: "91350100M000100Y43".into(),
            legal_rep_name: "张三".into(),
            legal_rep_id: "11010519491231002X".into(),
            region_code: "330106".into(),
            address: "杭州市西湖区文三路 1 号".into(),
            contact_name: "李四".into(),
            contact_phone: "0571-88888888".into(),
            description: String::new(),
            service_items: vec![],
            commitment: true,
        }
    }

    #[test]
    fn a_complete_profile_parses() {
        let p = FirmProfile::parse(&valid_input(), true).unwrap();
        assert_eq!(p.credit_code.as_str(), "91350100M000100Y43");
        assert!(p.legal_rep_id.is_some());
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let input = FirmProfileInput {
            commitment: false,
            credit_code: "91350100M000100Y44".into(),
            region_code: "000000".into(),
            name: " ".into(),
            ..valid_input()
        };
        let errors = FirmProfile::parse(&input, true).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| (e.field, e.code)).collect();
        assert!(fields.contains(&("name", "field.required")));
        assert!(fields.contains(&("credit_code", "field.credit-code.checksum")));
        assert!(fields.contains(&("region_code", "field.region.invalid")));
        assert!(fields.contains(&("commitment", "field.commitment.required")));
    }

    #[test]
    fn the_id_number_is_required_only_on_entry() {
        let input = FirmProfileInput {
            legal_rep_id: String::new(),
            ..valid_input()
        };
        assert!(FirmProfile::parse(&input, true).is_err());
        assert!(
            FirmProfile::parse(&input, false)
                .unwrap()
                .legal_rep_id
                .is_none()
        );
    }

    #[test]
    fn qualification_dates() {
        let mut q = QualificationInput {
            qual_type: "测绘资质".into(),
            grade: "甲级".into(),
            number: "甲测资字 3300001".into(),
            issuer: "自然资源部".into(),
            valid_from: "2024-01-01".into(),
            valid_until: "2028-12-31".into(),
            evidence_file: Some(AttachmentRef::Existing(Uuid::new_v4())),
        };
        assert!(Qualification::parse(&q).is_ok());
        q.valid_until = "2023-12-31".into();
        let e = Qualification::parse(&q).unwrap_err();
        assert_eq!(e[0].code, "field.date.before-start");
        q.valid_until = "2028-02-30".into();
        q.evidence_file = None;
        let e = Qualification::parse(&q).unwrap_err();
        assert_eq!(e.len(), 2);
    }

    #[test]
    fn validity_on_a_day() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let (from, until) = (d("2025-01-01"), Some(d("2025-12-31")));
        assert_eq!(
            Validity::on(d("2024-12-31"), from, until),
            Validity::NotYetValid
        );
        assert_eq!(Validity::on(d("2025-01-01"), from, until), Validity::Valid);
        assert_eq!(Validity::on(d("2025-12-31"), from, until), Validity::Valid);
        assert_eq!(
            Validity::on(d("2026-01-01"), from, until),
            Validity::Expired
        );
        assert_eq!(Validity::on(d("2099-01-01"), from, None), Validity::Valid);
    }

    #[test]
    fn affiliations() {
        assert!(Affiliation::parse("市生态环境局", "owned-by", "").is_ok());
        assert_eq!(Affiliation::parse("", "bogus", "").unwrap_err().len(), 2);
        assert_eq!(department_key(" 市 生态环境局 "), "市生态环境局");
    }
}
