//! Firms (中介机构): zero-threshold entry, the profile, qualifications, practitioners,
//! affiliations and evidence files; the public directory and firm pages; the black list.

use super::{Services, authorize};
use crate::error::{Error, FieldError, Result, stored};
use crate::model::Actor;
use crate::model::attachment::{AttachmentRef, Upload};
use crate::model::firm::{
    Affiliation, AffiliationKind, DeclaredPerson, FirmProfile, FirmProfileInput, FirmStatus,
    PersonRole, Practitioner, PractitionerInput, Qualification, QualificationInput, Validity,
    department_key, province,
};
use crate::platform::attachments::{self, AttachmentView, Owner};
use crate::platform::audit::{AuditActor, record};
use crate::platform::clock::{now, today_in_china};
use crate::rules::access::Permission;
use crate::rules::credit::{BASELINE_SCORE, DEFAULT_LINES, Grade, grade_for};
use crate::rules::directory::{fold, name_sort_key};
use crate::rules::identity::id_hash;
use crate::store::directory::listing_changed;
use crate::store::entities::{affiliation, firm, firm_person, practitioner, qualification};
use crate::store::firms::{self as stored_firms, Declaration};
use crate::store::{self, DatabaseTransaction, begin_write};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

mod credentials;
mod lists;
mod profile;

/// A firm as the public sees it (never the legal representative's ID hash).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FirmView {
    pub id: Uuid,
    pub name: String,
    pub credit_code: String,
    pub legal_rep_name: String,
    pub region_code: String,
    pub province_zh: String,
    pub province_en: String,
    pub address: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub description: String,
    pub status: FirmStatus,
    pub credit_score: i32,
    pub credit_grade: String,
    pub award_count: i32,
    pub evaluation_count: i32,
    /// Average evaluation (1–5), when there is any.
    pub evaluation_average: Option<f64>,
    pub committed_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

/// A firm as stored; a status or credit grade the code does not know is an internal error
/// (never read as listed; the grade stays the stored text, checked here once for every page).
impl TryFrom<firm::Model> for FirmView {
    type Error = Error;

    fn try_from(m: firm::Model) -> Result<Self> {
        let status = stored(
            "firm",
            m.id,
            "status",
            &m.status,
            FirmStatus::parse(&m.status),
        )?;
        stored(
            "firm",
            m.id,
            "credit_grade",
            &m.credit_grade,
            Grade::parse(&m.credit_grade),
        )?;
        let (zh, en) = province(m.region_code.get(..2).unwrap_or("")).unwrap_or(("", ""));
        Ok(FirmView {
            id: m.id,
            province_zh: zh.into(),
            province_en: en.into(),
            name: m.name,
            credit_code: m.credit_code,
            legal_rep_name: m.legal_rep_name,
            region_code: m.region_code,
            address: m.address,
            contact_name: m.contact_name,
            contact_phone: m.contact_phone,
            description: m.description,
            status,
            credit_score: m.credit_score,
            credit_grade: m.credit_grade,
            award_count: m.award_count,
            evaluation_count: m.evaluation_count,
            evaluation_average: (m.evaluation_count > 0)
                .then(|| m.evaluation_sum as f64 / m.evaluation_count as f64),
            committed_at: m.committed_at,
            created_at: m.created_at,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QualificationView {
    pub id: Uuid,
    pub qual_type: String,
    pub grade: String,
    pub number: String,
    pub issuer: String,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    /// On the day it was read; only `valid` counts.
    pub validity: Validity,
    pub evidence_file_id: Uuid,
}

fn qualification_view(m: qualification::Model, today: NaiveDate) -> QualificationView {
    QualificationView {
        validity: Validity::on(today, m.valid_from, Some(m.valid_until)),
        id: m.id,
        qual_type: m.qual_type,
        grade: m.grade,
        number: m.number,
        issuer: m.issuer,
        valid_from: m.valid_from,
        valid_until: m.valid_until,
        evidence_file_id: m.evidence_file_id,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PractitionerView {
    pub id: Uuid,
    pub name: String,
    pub qualification: String,
    pub certificate_number: String,
    pub valid_until: Option<NaiveDate>,
    pub validity: Validity,
    pub evidence_file_id: Uuid,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AffiliationView {
    pub id: Uuid,
    pub department: String,
    pub kind: AffiliationKind,
    pub note: String,
    pub created_at: DateTime<Utc>,
}

/// A person behind the firm it declared (public: the name and role, never the ID number).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonView {
    pub id: Uuid,
    pub name: String,
    pub role: PersonRole,
    pub created_at: DateTime<Utc>,
}

/// A catalogue item a firm offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OfferedItem {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub name_en: String,
}

/// Everything a public firm page shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FirmDetail {
    pub firm: FirmView,
    pub service_items: Vec<OfferedItem>,
    pub qualifications: Vec<QualificationView>,
    pub practitioners: Vec<PractitionerView>,
    pub affiliations: Vec<AffiliationView>,
    /// Its declared shareholders and senior executives.
    pub people: Vec<PersonView>,
}

/// One page of the directory.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct DirectoryPage {
    pub firms: Vec<FirmView>,
    /// The token for the next page, when there is one.
    pub next_cursor: Option<String>,
}

/// An entry of the public black list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BlacklistEntry {
    pub credit_code: String,
    /// The firm's name, when the firm is (or was) on this platform.
    pub firm_name: Option<String>,
    pub firm_id: Option<Uuid>,
    /// What it rests on, for words: a veto item of the firm's own, the black-listing of the
    /// firm its legal representative also represents, or an import.
    pub basis: crate::rules::standing::Basis,
    /// As stored (`veto:<item>`, the name of the firm followed…), and where it came from.
    pub reason: String,
    pub source: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
}

pub(super) async fn own_firm<C: crate::store::ConnectionTrait>(
    db: &C,
    actor: &Actor,
) -> Result<firm::Model> {
    stored_firms::of_account(db, actor.account_id)
        .await?
        .ok_or(Error::NotFound)
}

/// The gravest restriction in force on a code, if any: the black list before the dishonesty
/// list.
pub(super) async fn restriction_on(
    tx: &impl crate::store::ConnectionTrait,
    code: &str,
) -> Result<Option<crate::rules::standing::RestrictionKind>> {
    use crate::rules::standing::RestrictionKind;
    let rows = stored_firms::restrictions_in_force_on(tx, vec![code.to_owned()], now()).await?;
    let kinds = rows
        .iter()
        .map(|r| crate::service::credit::standing::restriction_of(r).map(|r| r.kind))
        .collect::<Result<Vec<_>>>()?;
    Ok(if kinds.contains(&RestrictionKind::Blacklist) {
        Some(RestrictionKind::Blacklist)
    } else {
        kinds.first().copied()
    })
}

/// Checks that every item exists and is not retired.
async fn check_items(tx: &DatabaseTransaction, ids: &[Uuid]) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let found = stored_firms::open_items_among(tx, ids).await?;
    if found.len() != ids.len() {
        return Err(Error::validation(
            "service_items",
            "field.service-item.unknown",
        ));
    }
    Ok(())
}

async fn replace_items(tx: &DatabaseTransaction, firm_id: Uuid, ids: &[Uuid]) -> Result<()> {
    stored_firms::replace_service_items(tx, firm_id, ids).await
}
