//! Firms (中介机构): zero-threshold entry, the profile, qualifications, practitioners,
//! affiliations and evidence files; the public directory and firm pages; the black list.

use super::{Services, authorize};
use crate::error::{Error, FieldError, Result, stored};
use crate::model::Actor;
use crate::model::firm::{
    Affiliation, FirmProfile, FirmProfileInput, FirmStatus, Practitioner, PractitionerInput,
    Qualification, QualificationInput, Validity, department_key, province,
};
use crate::platform::audit::{AuditActor, record};
use crate::platform::clock::{now, today_in_china};
use crate::rules::access::Permission;
use crate::rules::credit::{BASELINE_SCORE, DEFAULT_LINES, Grade, grade_for};
use crate::rules::directory::{fold, name_sort_key};
use crate::rules::evidence::{FileKind, safe_name, sniff};
use crate::rules::identity::id_hash;
use crate::store::IntoActiveModel;
use crate::store::directory::listing_changed;
use crate::store::entities::{
    affiliation, credit_restriction, evidence_content, evidence_file, firm, firm_service_item,
    practitioner, qualification, service_item,
};
use crate::store::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, Set, begin_write, is_unique_violation,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use uuid::Uuid;

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

/// An evidence file's description (its bytes are fetched on their own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceFileView {
    pub id: Uuid,
    pub kind: String,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

/// An evidence file as stored; a kind the code does not know is an internal error (never
/// served as some other type).
impl TryFrom<evidence_file::Model> for EvidenceFileView {
    type Error = Error;

    fn try_from(m: evidence_file::Model) -> Result<Self> {
        let kind = stored(
            "evidence_file",
            m.id,
            "kind",
            &m.kind,
            FileKind::parse(&m.kind),
        )?;
        Ok(EvidenceFileView {
            media_type: kind.media_type().into(),
            id: m.id,
            kind: m.kind,
            size: m.size,
            sha256: m.sha256,
            name: m.name,
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
    pub kind: String,
    pub note: String,
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
    pub reason: String,
    pub source: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
}

pub(super) async fn own_firm<C: crate::store::ConnectionTrait>(
    db: &C,
    actor: &Actor,
) -> Result<firm::Model> {
    firm::Entity::find()
        .filter(firm::Column::AccountId.eq(actor.account_id))
        .one(db)
        .await?
        .ok_or(Error::NotFound)
}

/// The active restriction on a code, if any: the problem code and the kind.
pub(super) async fn restriction_on(
    tx: &impl crate::store::ConnectionTrait,
    code: &str,
) -> Result<Option<&'static str>> {
    Ok(restrictions_on(tx, [code.to_owned()]).await?.remove(code))
}

/// The active restriction on each of the codes that has one (one query for many firms).
pub(super) async fn restrictions_on(
    tx: &impl crate::store::ConnectionTrait,
    codes: impl IntoIterator<Item = String>,
) -> Result<HashMap<String, &'static str>> {
    restrictions_where(tx, credit_restriction::Column::CreditCode.is_in(codes)).await
}

/// As [`restrictions_on`], for the credit codes `codes` selects (a condition on
/// `credit_restriction.credit_code`, e.g. a subquery).
pub(super) async fn restrictions_where(
    tx: &impl crate::store::ConnectionTrait,
    codes: crate::store::SimpleExpr,
) -> Result<HashMap<String, &'static str>> {
    let t = now();
    let found = credit_restriction::Entity::find()
        .filter(codes)
        .filter(credit_restriction::Column::StartsAt.lte(t))
        .filter(
            Condition::any()
                .add(credit_restriction::Column::EndsAt.is_null())
                .add(credit_restriction::Column::EndsAt.gt(t)),
        )
        .all(tx)
        .await?;
    let mut by_code: HashMap<String, &'static str> = HashMap::new();
    for r in found {
        // The black list is the graver of the two: it is named when both apply. A kind the code
        // does not know is an internal error, never "no restriction".
        let kind = match r.kind.as_str() {
            "blacklist" => "blacklist",
            "dishonest" => "dishonest",
            other => return stored("credit_restriction", r.id, "kind", other, None),
        };
        let slot = by_code.entry(r.credit_code).or_insert(kind);
        if kind == "blacklist" {
            *slot = kind;
        }
    }
    Ok(by_code)
}

/// Checks that every item exists and is not retired.
async fn check_items(tx: &DatabaseTransaction, ids: &[Uuid]) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let found = service_item::Entity::find()
        .filter(service_item::Column::Id.is_in(ids.to_vec()))
        .filter(service_item::Column::Retired.eq(false))
        .all(tx)
        .await?;
    if found.len() != ids.len() {
        return Err(Error::validation(
            "service_items",
            "field.service-item.unknown",
        ));
    }
    Ok(())
}

async fn replace_items(tx: &DatabaseTransaction, firm_id: Uuid, ids: &[Uuid]) -> Result<()> {
    firm_service_item::Entity::delete_many()
        .filter(firm_service_item::Column::FirmId.eq(firm_id))
        .exec(tx)
        .await?;
    if !ids.is_empty() {
        firm_service_item::Entity::insert_many(ids.iter().map(|&item_id| {
            firm_service_item::ActiveModel {
                firm_id: Set(firm_id),
                item_id: Set(item_id),
            }
        }))
        .exec(tx)
        .await?;
    }
    Ok(())
}

/// When a declaration brings its own file: sniffs it (refusing it as the `evidence_file` field)
/// and puts a placeholder id into the input so that the rest of it parses; the real id is set
/// once the file is stored.
fn with_new_file<I>(
    mut input: I,
    new_file: &Option<(&str, Vec<u8>)>,
    slot: impl Fn(&mut I) -> &mut Option<Uuid>,
) -> Result<(I, Option<FileKind>)> {
    match new_file {
        None => Ok((input, None)),
        Some((_, bytes)) => {
            let kind = sniff(bytes).map_err(|r| Error::validation("evidence_file", r.code()))?;
            *slot(&mut input) = Some(Uuid::nil());
            Ok((input, Some(kind)))
        }
    }
}

impl Services {
    /// Writes an evidence file (metadata and bytes, the bytes sealed at rest) and its audit
    /// entry inside `tx`.
    pub(super) async fn store_evidence(
        &self,
        tx: &DatabaseTransaction,
        actor: &Actor,
        firm_id: Uuid,
        original_name: &str,
        kind: FileKind,
        bytes: Vec<u8>,
    ) -> Result<EvidenceFileView> {
        let meta = self
            .insert_evidence(tx, firm_id, original_name, kind, bytes)
            .await?;
        // Recorded on the firm, the file named only inside the change (its digest): a file
        // uploaded now may become a sealed bid's plan, and before the opening nobody may tie a
        // plan's id to its firm (the id is published with the opened bid).
        record(
            tx,
            AuditActor::Account(actor),
            "evidence.upload",
            "firm",
            &firm_id.to_string(),
            json!({ "file": meta.id, "kind": meta.kind, "size": meta.size, "sha256": meta.sha256 }),
        )
        .await?;
        EvidenceFileView::try_from(meta)
    }

    /// Writes an evidence file without an audit entry of its own: for a plan stored with its
    /// sealed bid, whose audit entry (the receipt, which commits to the plan's digest) must not
    /// name the firm before the opening.
    pub(super) async fn insert_evidence(
        &self,
        tx: &DatabaseTransaction,
        firm_id: Uuid,
        original_name: &str,
        kind: FileKind,
        bytes: Vec<u8>,
    ) -> Result<evidence_file::Model> {
        let id = Uuid::new_v4();
        let meta = evidence_file::Model {
            id,
            firm_id,
            kind: kind.as_str().into(),
            size: bytes.len() as i64,
            sha256: hex::encode(Sha256::digest(&bytes)),
            name: safe_name(original_name, kind),
            created_at: now(),
            sealed_meta: None,
        };
        self.sealed_evidence(meta.clone())
            .into_active_model()
            .reset_all()
            .insert(tx)
            .await?;
        evidence_content::ActiveModel {
            file_id: Set(id),
            bytes: Set(self.seal_bytes(&crate::rules::seal::evidence_context(&id), &bytes)),
        }
        .insert(tx)
        .await?;
        Ok(meta)
    }

    /// The evidence a declaration ends up with: its new file, stored now, or the file it names,
    /// which must belong to the firm.
    async fn settle_evidence(
        &self,
        tx: &DatabaseTransaction,
        actor: &Actor,
        firm_id: Uuid,
        declared: Uuid,
        new_file: Option<(&str, Vec<u8>)>,
        kind: Option<FileKind>,
    ) -> Result<Uuid> {
        match (new_file, kind) {
            (Some((name, bytes)), Some(kind)) => Ok(self
                .store_evidence(tx, actor, firm_id, name, kind, bytes)
                .await?
                .id),
            _ => {
                check_evidence(tx, firm_id, declared).await?;
                Ok(declared)
            }
        }
    }
}

/// Checks that an evidence file exists and belongs to the firm.
async fn check_evidence(tx: &DatabaseTransaction, firm_id: Uuid, file: Uuid) -> Result<()> {
    let f = evidence_file::Entity::find_by_id(file).one(tx).await?;
    match f {
        Some(f) if f.firm_id == firm_id => Ok(()),
        _ => Err(Error::validation("evidence_file", "field.evidence.unknown")),
    }
}

impl Services {
    /// A firm enters the marketplace: listed at once (零门槛). Refused only for a malformed,
    /// duplicate, black-listed or dishonest credit code; the refusal says which.
    pub async fn enter_firm(&self, actor: &Actor, input: &FirmProfileInput) -> Result<FirmView> {
        authorize(actor, Permission::ManageOwnFirm)?;
        let profile = FirmProfile::parse(input, true).map_err(Error::Validation)?;
        let tx = begin_write(&self.db).await?;
        if firm::Entity::find()
            .filter(firm::Column::AccountId.eq(actor.account_id))
            .one(&tx)
            .await?
            .is_some()
        {
            return Err(Error::Conflict(
                "firm-exists",
                FieldError::new("account", "field.firm.exists"),
            ));
        }
        match restriction_on(&tx, profile.credit_code.as_str()).await? {
            Some("blacklist") => {
                return Err(Error::Restricted(
                    "credit-code-blacklisted",
                    FieldError::new("credit_code", "field.credit-code.blacklisted"),
                ));
            }
            Some(_) => {
                return Err(Error::Restricted(
                    "credit-code-dishonest",
                    FieldError::new("credit_code", "field.credit-code.dishonest"),
                ));
            }
            None => {}
        }
        check_items(&tx, &profile.service_items).await?;
        let t = now();
        let id_hash = profile
            .legal_rep_id
            .as_ref()
            .map(|id| id_hash(&self.config.id_hash_key, id))
            .unwrap_or_default();
        let model = firm::ActiveModel {
            id: Set(Uuid::new_v4()),
            account_id: Set(actor.account_id),
            credit_code: Set(profile.credit_code.as_str().into()),
            name: Set(profile.name.clone()),
            name_folded: Set(fold(&profile.name)),
            name_sort_key: Set(name_sort_key(&profile.name)),
            legal_rep_name: Set(profile.legal_rep_name.clone()),
            legal_rep_id_hash: Set(id_hash),
            region_code: Set(profile.region.as_str().into()),
            address: Set(profile.address.clone()),
            contact_name: Set(profile.contact_name.clone()),
            contact_phone: Set(profile.contact_phone.clone()),
            description: Set(profile.description.clone()),
            committed_at: Set(t),
            status: Set(FirmStatus::Listed.as_str().into()),
            credit_score: Set(BASELINE_SCORE),
            credit_grade: Set(grade_for(BASELINE_SCORE, DEFAULT_LINES).as_str().into()),
            award_count: Set(0),
            evaluation_count: Set(0),
            evaluation_sum: Set(0),
            created_at: Set(t),
            created_micros: Set(t.timestamp_micros()),
            updated_at: Set(t),
            suspended_until: Set(None),
            blacklisted_until: Set(None),
            grade_e_since: Set(None),
        };
        let m = model.insert(&tx).await.map_err(|e| {
            if is_unique_violation(&e) {
                Error::Conflict(
                    "credit-code-taken",
                    FieldError::new("credit_code", "field.credit-code.taken"),
                )
            } else {
                e.into()
            }
        })?;
        replace_items(&tx, m.id, &profile.service_items).await?;
        // A new firm stands at the baseline of the policy in force (an administrator may have
        // moved it), and inherits a black-listing that follows its legal representative.
        let policy = super::credit::current_policy(&tx).await?.policy;
        super::credit::reassess(&tx, self, &policy, m.id, t).await?;
        super::credit::inherit_restriction(&tx, &m.legal_rep_id_hash, &m.credit_code).await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "firm.enter",
            "firm",
            &m.id.to_string(),
            json!({
                "name": profile.name,
                "credit_code": profile.credit_code.as_str(),
                "region_code": profile.region.as_str(),
                "service_items": profile.service_items,
                "commitment": true,
            }),
        )
        .await?;
        listing_changed(&tx, Some(m.id)).await?;
        tx.commit().await?;
        self.directory_cache.written();
        FirmView::try_from(m)
    }

    /// The firm edits its profile (the credit code is its identity and cannot change; an empty
    /// ID number keeps the one on record). The commitment is given again with every edit.
    pub async fn update_firm(&self, actor: &Actor, input: &FirmProfileInput) -> Result<FirmView> {
        authorize(actor, Permission::ManageOwnFirm)?;
        let profile = FirmProfile::parse(input, false).map_err(Error::Validation)?;
        let tx = begin_write(&self.db).await?;
        let existing = own_firm(&tx, actor).await?;
        if existing.credit_code != profile.credit_code.as_str() {
            return Err(Error::validation(
                "credit_code",
                "field.credit-code.immutable",
            ));
        }
        check_items(&tx, &profile.service_items).await?;
        let t = now();
        let firm_id = existing.id;
        let mut m: firm::ActiveModel = existing.into();
        m.name = Set(profile.name.clone());
        m.name_folded = Set(fold(&profile.name));
        m.name_sort_key = Set(name_sort_key(&profile.name));
        m.legal_rep_name = Set(profile.legal_rep_name.clone());
        if let Some(id) = &profile.legal_rep_id {
            m.legal_rep_id_hash = Set(id_hash(&self.config.id_hash_key, id));
        }
        m.region_code = Set(profile.region.as_str().into());
        m.address = Set(profile.address.clone());
        m.contact_name = Set(profile.contact_name.clone());
        m.contact_phone = Set(profile.contact_phone.clone());
        m.description = Set(profile.description.clone());
        m.committed_at = Set(t);
        m.updated_at = Set(t);
        let m = m.update(&tx).await?;
        replace_items(&tx, firm_id, &profile.service_items).await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "firm.update",
            "firm",
            &firm_id.to_string(),
            json!({
                "name": profile.name,
                "region_code": profile.region.as_str(),
                "service_items": profile.service_items,
                "legal_rep_changed": profile.legal_rep_id.is_some(),
            }),
        )
        .await?;
        listing_changed(&tx, Some(firm_id)).await?;
        tx.commit().await?;
        self.directory_cache.written();
        FirmView::try_from(m)
    }

    /// The caller's own firm, if it has entered.
    pub async fn my_firm(&self, actor: &Actor) -> Result<Option<FirmDetail>> {
        authorize(actor, Permission::ManageOwnFirm)?;
        match own_firm(&self.db, actor).await {
            Ok(m) => Ok(Some(self.detail(m).await?)),
            Err(Error::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// A firm's public page.
    pub async fn firm_detail(&self, id: Uuid) -> Result<FirmDetail> {
        let m = firm::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        self.detail(m).await
    }

    async fn detail(&self, m: firm::Model) -> Result<FirmDetail> {
        let today = today_in_china();
        let id = m.id;
        let item_ids: Vec<Uuid> = firm_service_item::Entity::find()
            .filter(firm_service_item::Column::FirmId.eq(id))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|r| r.item_id)
            .collect();
        let service_items = if item_ids.is_empty() {
            Vec::new()
        } else {
            service_item::Entity::find()
                .filter(service_item::Column::Id.is_in(item_ids))
                .order_by_asc(service_item::Column::Code)
                .all(&self.db)
                .await?
                .into_iter()
                .map(|i| OfferedItem {
                    id: i.id,
                    code: i.code,
                    name: i.name,
                    name_en: i.name_en,
                })
                .collect()
        };
        let qualifications = qualification::Entity::find()
            .filter(qualification::Column::FirmId.eq(id))
            .order_by_asc(qualification::Column::CreatedAt)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|q| qualification_view(q, today))
            .collect();
        let practitioners = practitioner::Entity::find()
            .filter(practitioner::Column::FirmId.eq(id))
            .order_by_asc(practitioner::Column::CreatedAt)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|p| PractitionerView {
                validity: Validity::on(today, NaiveDate::MIN, p.valid_until),
                id: p.id,
                name: p.name,
                qualification: p.qualification,
                certificate_number: p.certificate_number,
                valid_until: p.valid_until,
                evidence_file_id: p.evidence_file_id,
            })
            .collect();
        let affiliations = affiliation::Entity::find()
            .filter(affiliation::Column::FirmId.eq(id))
            .order_by_asc(affiliation::Column::CreatedAt)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|a| AffiliationView {
                id: a.id,
                department: a.department,
                kind: a.kind,
                note: a.note,
                created_at: a.created_at,
            })
            .collect();
        Ok(FirmDetail {
            firm: FirmView::try_from(m)?,
            service_items,
            qualifications,
            practitioners,
            affiliations,
        })
    }

    /// Stores an evidence file for the caller's firm, to be attached by a later declaration
    /// (the API's two-step upload). Its kind comes from its content; its name is cleaned and
    /// given the real kind's extension.
    pub async fn upload_evidence(
        &self,
        actor: &Actor,
        original_name: &str,
        bytes: Vec<u8>,
    ) -> Result<EvidenceFileView> {
        authorize(actor, Permission::ManageOwnFirm)?;
        let kind = sniff(&bytes).map_err(|r| Error::validation("file", r.code()))?;
        let tx = begin_write(&self.db).await?;
        let firm = own_firm(&tx, actor).await.map_err(|e| match e {
            Error::NotFound => Error::validation("firm", "field.firm.missing"),
            e => e,
        })?;
        let meta = self
            .store_evidence(&tx, actor, firm.id, original_name, kind, bytes)
            .await?;
        tx.commit().await?;
        Ok(meta)
    }

    /// Declares a qualification certificate. Its evidence is either a file uploaded before
    /// (`input.evidence_file`) or `new_file` (name and bytes, as a page's form sends it), stored
    /// in the same transaction so that a refused declaration leaves no file behind.
    pub async fn add_qualification(
        &self,
        actor: &Actor,
        input: &QualificationInput,
        new_file: Option<(&str, Vec<u8>)>,
    ) -> Result<QualificationView> {
        authorize(actor, Permission::ManageOwnFirm)?;
        let (input, kind) = with_new_file(input.clone(), &new_file, |i| &mut i.evidence_file)?;
        let q = Qualification::parse(&input).map_err(Error::Validation)?;
        let tx = begin_write(&self.db).await?;
        let firm = own_firm(&tx, actor).await?;
        let evidence_file = self
            .settle_evidence(&tx, actor, firm.id, q.evidence_file, new_file, kind)
            .await?;
        let q = Qualification { evidence_file, ..q };
        let m = qualification::ActiveModel {
            id: Set(Uuid::new_v4()),
            firm_id: Set(firm.id),
            qual_type: Set(q.qual_type.clone()),
            grade: Set(q.grade.clone()),
            number: Set(q.number.clone()),
            issuer: Set(q.issuer.clone()),
            valid_from: Set(q.valid_from),
            valid_until: Set(q.valid_until),
            evidence_file_id: Set(q.evidence_file),
            created_at: Set(now()),
        }
        .insert(&tx)
        .await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "firm.qualification.add",
            "qualification",
            &m.id.to_string(),
            json!({ "firm": firm.id, "type": q.qual_type, "grade": q.grade, "number": q.number,
                    "valid_from": q.valid_from, "valid_until": q.valid_until,
                    "evidence_file": q.evidence_file }),
        )
        .await?;
        listing_changed(&tx, Some(firm.id)).await?;
        tx.commit().await?;
        self.directory_cache.written();
        Ok(qualification_view(m, today_in_china()))
    }

    pub async fn remove_qualification(&self, actor: &Actor, id: Uuid) -> Result<()> {
        self.remove_owned::<qualification::Entity>(actor, id, "firm.qualification.remove")
            .await
    }

    /// Declares a licensed practitioner; the evidence works as for [`Self::add_qualification`].
    pub async fn add_practitioner(
        &self,
        actor: &Actor,
        input: &PractitionerInput,
        new_file: Option<(&str, Vec<u8>)>,
    ) -> Result<PractitionerView> {
        authorize(actor, Permission::ManageOwnFirm)?;
        let (input, kind) = with_new_file(input.clone(), &new_file, |i| &mut i.evidence_file)?;
        let p = Practitioner::parse(&input).map_err(Error::Validation)?;
        let tx = begin_write(&self.db).await?;
        let firm = own_firm(&tx, actor).await?;
        let evidence_file = self
            .settle_evidence(&tx, actor, firm.id, p.evidence_file, new_file, kind)
            .await?;
        let p = Practitioner { evidence_file, ..p };
        let m = practitioner::ActiveModel {
            id: Set(Uuid::new_v4()),
            firm_id: Set(firm.id),
            name: Set(p.name.clone()),
            qualification: Set(p.qualification.clone()),
            certificate_number: Set(p.certificate_number.clone()),
            valid_until: Set(p.valid_until),
            evidence_file_id: Set(p.evidence_file),
            created_at: Set(now()),
        }
        .insert(&tx)
        .await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "firm.practitioner.add",
            "practitioner",
            &m.id.to_string(),
            json!({ "firm": firm.id, "name": p.name, "qualification": p.qualification,
                    "certificate_number": p.certificate_number, "evidence_file": p.evidence_file }),
        )
        .await?;
        tx.commit().await?;
        Ok(PractitionerView {
            validity: Validity::on(today_in_china(), NaiveDate::MIN, m.valid_until),
            id: m.id,
            name: m.name,
            qualification: m.qualification,
            certificate_number: m.certificate_number,
            valid_until: m.valid_until,
            evidence_file_id: m.evidence_file_id,
        })
    }

    pub async fn remove_practitioner(&self, actor: &Actor, id: Uuid) -> Result<()> {
        self.remove_owned::<practitioner::Entity>(actor, id, "firm.practitioner.remove")
            .await
    }

    pub async fn add_affiliation(
        &self,
        actor: &Actor,
        department: &str,
        kind: &str,
        note: &str,
    ) -> Result<AffiliationView> {
        authorize(actor, Permission::ManageOwnFirm)?;
        let a = Affiliation::parse(department, kind, note).map_err(Error::Validation)?;
        let tx = begin_write(&self.db).await?;
        let firm = own_firm(&tx, actor).await?;
        let m = affiliation::ActiveModel {
            id: Set(Uuid::new_v4()),
            firm_id: Set(firm.id),
            department: Set(a.department.clone()),
            department_key: Set(department_key(&a.department)),
            kind: Set(a.kind.as_str().into()),
            note: Set(a.note.clone()),
            created_at: Set(now()),
        }
        .insert(&tx)
        .await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "firm.affiliation.add",
            "affiliation",
            &m.id.to_string(),
            json!({ "firm": firm.id, "department": a.department, "kind": a.kind.as_str(), "note": a.note }),
        )
        .await?;
        tx.commit().await?;
        Ok(AffiliationView {
            id: m.id,
            department: m.department,
            kind: m.kind,
            note: m.note,
            created_at: m.created_at,
        })
    }

    pub async fn remove_affiliation(&self, actor: &Actor, id: Uuid) -> Result<()> {
        self.remove_owned::<affiliation::Entity>(actor, id, "firm.affiliation.remove")
            .await
    }

    /// Deletes one of the caller firm's declarations (a row with `id` and `firm_id`), audited.
    async fn remove_owned<E>(&self, actor: &Actor, id: Uuid, action: &str) -> Result<()>
    where
        E: EntityTrait,
        E::Column: From<OwnedColumn>,
    {
        authorize(actor, Permission::ManageOwnFirm)?;
        let tx = begin_write(&self.db).await?;
        let firm = own_firm(&tx, actor).await?;
        let deleted = E::delete_many()
            .filter(E::Column::from(OwnedColumn::Id).eq(id))
            .filter(E::Column::from(OwnedColumn::FirmId).eq(firm.id))
            .exec(&tx)
            .await?;
        if deleted.rows_affected != 1 {
            return Err(Error::NotFound);
        }
        record(
            &tx,
            AuditActor::Account(actor),
            action,
            E::default().table_name(),
            &id.to_string(),
            json!({ "firm": firm.id }),
        )
        .await?;
        // Only a qualification shows in the directory; a practitioner or affiliation removal
        // reloads the firm's entry unchanged, which costs one firm's read.
        listing_changed(&tx, Some(firm.id)).await?;
        tx.commit().await?;
        self.directory_cache.written();
        Ok(())
    }

    /// The firm holding a credit code, if any (owners name firms to avoid by their code).
    pub async fn firm_id_by_credit_code(&self, code: &str) -> Result<Option<Uuid>> {
        Ok(firm::Entity::find()
            .filter(firm::Column::CreditCode.eq(code.trim().to_uppercase()))
            .one(&self.db)
            .await?
            .map(|f| f.id))
    }

    /// The public black list: active black-list entries, newest first, with the firm's name
    /// where the code belongs to a firm on this platform.
    pub async fn blacklist(&self) -> Result<Vec<BlacklistEntry>> {
        let t = now();
        let rows = credit_restriction::Entity::find()
            .filter(credit_restriction::Column::Kind.eq("blacklist"))
            .filter(credit_restriction::Column::StartsAt.lte(t))
            .filter(
                Condition::any()
                    .add(credit_restriction::Column::EndsAt.is_null())
                    .add(credit_restriction::Column::EndsAt.gt(t)),
            )
            .order_by_desc(credit_restriction::Column::StartsAt)
            .all(&self.db)
            .await?;
        let codes: Vec<String> = rows.iter().map(|r| r.credit_code.clone()).collect();
        let firms: HashMap<String, (Uuid, String)> = if codes.is_empty() {
            HashMap::new()
        } else {
            firm::Entity::find()
                .filter(firm::Column::CreditCode.is_in(codes))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|f| (f.credit_code, (f.id, f.name)))
                .collect()
        };
        Ok(rows
            .into_iter()
            .map(|r| {
                let f = firms.get(&r.credit_code);
                BlacklistEntry {
                    firm_id: f.map(|f| f.0),
                    firm_name: f.map(|f| f.1.clone()),
                    credit_code: r.credit_code,
                    reason: r.reason,
                    source: r.source,
                    starts_at: r.starts_at,
                    ends_at: r.ends_at,
                }
            })
            .collect())
    }
}

/// The two columns [`Services::remove_owned`] needs of a firm's declaration table.
pub enum OwnedColumn {
    Id,
    FirmId,
}

macro_rules! owned_columns {
    ($($m:ident),*) => {$(
        impl From<OwnedColumn> for $m::Column {
            fn from(c: OwnedColumn) -> Self {
                match c {
                    OwnedColumn::Id => $m::Column::Id,
                    OwnedColumn::FirmId => $m::Column::FirmId,
                }
            }
        }
    )*};
}
owned_columns!(qualification, practitioner, affiliation);
