//! `/firms`, `/files`, `/blacklist`: zero-threshold firm entry and profile, qualifications,
//! practitioners, affiliations and their evidence files, the public directory (网上展示) and the
//! public black list.

use super::ApiTags;
use super::types::{Closed, FileKindDto, VetoItemDto};
use crate::auth::BearerAuth;
use crate::problem::ApiResult;
use crate::strict_json::StrictJson;
use chrono::{DateTime, NaiveDate, Utc};
use poem::Request;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::{Binary, Json};
use poem_openapi::{ApiResponse, Enum, Object, OpenApi};
use uuid::Uuid;
use zjcs_domain::error::Error;
use zjcs_domain::model::attachment::{AttachmentRef, Upload};
use zjcs_domain::model::firm::{
    FirmProfileInput, FirmStatus, PractitionerInput, QualificationInput, Validity,
};
use zjcs_domain::platform::attachments::AttachmentView;
use zjcs_domain::rules::directory::{DirectoryParams, DirectoryQuery};
use zjcs_domain::rules::standing::Basis;
use zjcs_domain::service::Services;
use zjcs_domain::service::firms as svc;

pub struct FirmsApi {
    pub services: Services,
}

/// Where a firm stands on the marketplace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "lowercase")]
pub enum FirmStatusDto {
    /// Listed and free to take part.
    Listed,
    /// Listed but barred from registering for projects for a period.
    Suspended,
    /// On the black list: removed from the directory.
    Blacklisted,
}

impl From<FirmStatus> for FirmStatusDto {
    fn from(s: FirmStatus) -> Self {
        match s {
            FirmStatus::Listed => FirmStatusDto::Listed,
            FirmStatus::Suspended => FirmStatusDto::Suspended,
            FirmStatus::Blacklisted => FirmStatusDto::Blacklisted,
        }
    }
}

/// Whether a certificate counts today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "kebab-case")]
pub enum ValidityDto {
    NotYetValid,
    Valid,
    /// Expired: shown, but it no longer counts.
    Expired,
}

impl From<Validity> for ValidityDto {
    fn from(v: Validity) -> Self {
        match v {
            Validity::NotYetValid => ValidityDto::NotYetValid,
            Validity::Valid => ValidityDto::Valid,
            Validity::Expired => ValidityDto::Expired,
        }
    }
}

/// A firm as the public sees it.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct Firm {
    pub id: Uuid,
    pub name: String,
    /// Unified social credit code (统一社会信用代码).
    pub credit_code: String,
    pub legal_rep_name: String,
    /// Six-digit administrative division code.
    pub region_code: String,
    /// The province, in Chinese and English.
    pub province_zh: String,
    pub province_en: String,
    pub address: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub description: String,
    pub status: FirmStatusDto,
    pub credit_score: i32,
    /// Credit grade A–E.
    pub credit_grade: String,
    pub award_count: i32,
    pub evaluation_count: i32,
    /// Average evaluation 1–5, when there is any.
    #[oai(skip_serializing_if_is_none)]
    pub evaluation_average: Option<f64>,
    /// When the firm last gave its commitment (承诺) that its materials are true.
    pub committed_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

impl From<svc::FirmView> for Firm {
    fn from(f: svc::FirmView) -> Self {
        Firm {
            id: f.id,
            name: f.name,
            credit_code: f.credit_code,
            legal_rep_name: f.legal_rep_name,
            region_code: f.region_code,
            province_zh: f.province_zh,
            province_en: f.province_en,
            address: f.address,
            contact_name: f.contact_name,
            contact_phone: f.contact_phone,
            description: f.description,
            status: f.status.into(),
            credit_score: f.credit_score,
            credit_grade: f.credit_grade,
            award_count: f.award_count,
            evaluation_count: f.evaluation_count,
            evaluation_average: f.evaluation_average,
            committed_at: f.committed_at,
            created_at: f.created_at,
        }
    }
}

/// A catalogue item a firm offers.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct OfferedItem {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub name_en: String,
}

#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct QualificationCertificate {
    pub id: Uuid,
    #[oai(rename = "type")]
    pub qual_type: String,
    pub grade: String,
    pub number: String,
    pub issuer: String,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub validity: ValidityDto,
    /// Download at `GET /files/{id}`.
    pub evidence_file_id: Uuid,
}

impl From<svc::QualificationView> for QualificationCertificate {
    fn from(q: svc::QualificationView) -> Self {
        Self {
            id: q.id,
            qual_type: q.qual_type,
            grade: q.grade,
            number: q.number,
            issuer: q.issuer,
            valid_from: q.valid_from,
            valid_until: q.valid_until,
            validity: q.validity.into(),
            evidence_file_id: q.evidence_file_id,
        }
    }
}

#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct Practitioner {
    pub id: Uuid,
    pub name: String,
    /// The practising qualification, e.g. 注册测绘师.
    pub qualification: String,
    pub certificate_number: String,
    #[oai(skip_serializing_if_is_none)]
    pub valid_until: Option<NaiveDate>,
    pub validity: ValidityDto,
    pub evidence_file_id: Uuid,
}

impl From<svc::PractitionerView> for Practitioner {
    fn from(p: svc::PractitionerView) -> Self {
        Self {
            id: p.id,
            name: p.name,
            qualification: p.qualification,
            certificate_number: p.certificate_number,
            valid_until: p.valid_until,
            validity: p.validity.into(),
            evidence_file_id: p.evidence_file_id,
        }
    }
}

/// How a firm is tied to a government department (关联关系, for conflict of interest):
/// - `owned-by` (举办、出资): owned or founded by the department;
/// - `supervised-by` (主管、挂靠): supervised by the department;
/// - `staffed-from` (人员任职、兼职): staffed from the department.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(
    rename_all = "kebab-case",
    remote = "zjcs_domain::model::firm::AffiliationKind"
)]
pub enum AffiliationKindDto {
    OwnedBy,
    SupervisedBy,
    StaffedFrom,
}

/// A declared tie with a government department (public; used for conflict of interest).
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct AffiliationDto {
    pub id: Uuid,
    pub department: String,
    pub kind: AffiliationKindDto,
    pub note: String,
    pub created_at: DateTime<Utc>,
}

impl From<svc::AffiliationView> for AffiliationDto {
    fn from(a: svc::AffiliationView) -> Self {
        Self {
            id: a.id,
            department: a.department,
            kind: a.kind.into(),
            note: a.note,
            created_at: a.created_at,
        }
    }
}

/// What a declared person is to the firm:
/// - `shareholder` (股东);
/// - `executive` (高级管理人员): a senior executive (general manager, deputy, financial officer…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(
    rename_all = "kebab-case",
    remote = "zjcs_domain::model::firm::PersonRole"
)]
pub enum PersonRoleDto {
    Shareholder,
    Executive,
}

/// A person behind the firm it declared: public by name and role; the ID number is never shown
/// (it is kept only as a keyed hash, which a black-listing follows).
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct PersonDto {
    pub id: Uuid,
    pub name: String,
    pub role: PersonRoleDto,
    pub created_at: DateTime<Utc>,
}

impl From<svc::PersonView> for PersonDto {
    fn from(p: svc::PersonView) -> Self {
        Self {
            id: p.id,
            name: p.name,
            role: p.role.into(),
            created_at: p.created_at,
        }
    }
}

/// A person to declare.
#[derive(Debug, Clone, Object)]
#[oai(deny_unknown_fields)]
pub struct PersonBody {
    /// The person's name, up to 50 characters.
    #[oai(validator(max_length = 50))]
    pub name: String,
    pub role: Closed<PersonRoleDto>,
    /// The resident ID number (居民身份证号码, 18 characters with its check character); kept only
    /// as a keyed hash.
    #[oai(validator(max_length = 18))]
    pub id_number: String,
}

#[derive(ApiResponse)]
pub enum PersonCreated {
    /// Declared. A person who stands behind a black-listed firm too puts this firm on the black
    /// list at once (see `GET /firms/{id}/credit`).
    #[oai(status = 201)]
    Created(Json<PersonDto>),
}

/// Everything a public firm page shows.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct FirmDetail {
    pub firm: Firm,
    pub service_items: Vec<OfferedItem>,
    pub qualifications: Vec<QualificationCertificate>,
    pub practitioners: Vec<Practitioner>,
    pub affiliations: Vec<AffiliationDto>,
    /// Its declared shareholders and senior executives.
    pub people: Vec<PersonDto>,
}

impl From<svc::FirmDetail> for FirmDetail {
    fn from(d: svc::FirmDetail) -> Self {
        Self {
            firm: d.firm.into(),
            service_items: d
                .service_items
                .into_iter()
                .map(|i| OfferedItem {
                    id: i.id,
                    code: i.code,
                    name: i.name,
                    name_en: i.name_en,
                })
                .collect(),
            qualifications: d.qualifications.into_iter().map(Into::into).collect(),
            practitioners: d.practitioners.into_iter().map(Into::into).collect(),
            affiliations: d.affiliations.into_iter().map(Into::into).collect(),
            people: d.people.into_iter().map(Into::into).collect(),
        }
    }
}

/// One page of the directory.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct DirectoryPage {
    pub firms: Vec<Firm>,
    /// Pass as `cursor` (with the same filters and sort) for the next page; absent on the last.
    #[oai(skip_serializing_if_is_none)]
    pub next_cursor: Option<String>,
}

/// A firm's profile as submitted: entering (POST) or editing (PUT).
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct FirmProfileBody {
    #[oai(validator(max_length = 200))]
    pub name: String,
    /// 18 characters; the check character is verified (GB 32100-2015). Cannot change later.
    #[oai(validator(max_length = 40))]
    pub credit_code: String,
    #[oai(validator(max_length = 50))]
    pub legal_rep_name: String,
    /// The legal representative's ID number: stored only as a keyed hash. Required on entry;
    /// on an edit, empty keeps the one on record.
    #[oai(default, validator(max_length = 40))]
    pub legal_rep_id: String,
    /// Six-digit administrative division code of the registered region.
    #[oai(validator(max_length = 6))]
    pub region_code: String,
    #[oai(validator(max_length = 300))]
    pub address: String,
    #[oai(validator(max_length = 50))]
    pub contact_name: String,
    #[oai(validator(max_length = 30))]
    pub contact_phone: String,
    #[oai(default, validator(max_length = 2000))]
    pub description: String,
    /// Catalogue items the firm offers.
    #[oai(default, validator(max_items = 50))]
    pub service_items: Vec<Uuid>,
    /// The commitment (承诺) that the information and materials are true: must be `true`.
    pub commitment: bool,
}

impl From<FirmProfileBody> for FirmProfileInput {
    fn from(b: FirmProfileBody) -> Self {
        FirmProfileInput {
            name: b.name,
            credit_code: b.credit_code,
            legal_rep_name: b.legal_rep_name,
            legal_rep_id: b.legal_rep_id,
            region_code: b.region_code,
            address: b.address,
            contact_name: b.contact_name,
            contact_phone: b.contact_phone,
            description: b.description,
            service_items: b.service_items,
            commitment: b.commitment,
        }
    }
}

#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct QualificationBody {
    #[oai(rename = "type", validator(max_length = 100))]
    pub qual_type: String,
    #[oai(default, validator(max_length = 50))]
    pub grade: String,
    #[oai(validator(max_length = 100))]
    pub number: String,
    #[oai(validator(max_length = 200))]
    pub issuer: String,
    /// `YYYY-MM-DD`
    #[oai(validator(max_length = 10))]
    pub valid_from: String,
    /// `YYYY-MM-DD`
    #[oai(validator(max_length = 10))]
    pub valid_until: String,
    /// An evidence file uploaded with `POST /firms/me/files`.
    pub evidence_file_id: Uuid,
}

#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct PractitionerBody {
    #[oai(validator(max_length = 50))]
    pub name: String,
    #[oai(validator(max_length = 100))]
    pub qualification: String,
    #[oai(validator(max_length = 100))]
    pub certificate_number: String,
    /// `YYYY-MM-DD`, or empty when the certificate does not expire.
    #[oai(default, validator(max_length = 10))]
    pub valid_until: String,
    pub evidence_file_id: Uuid,
}

#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct AffiliationBody {
    #[oai(validator(max_length = 100))]
    pub department: String,
    pub kind: Closed<AffiliationKindDto>,
    #[oai(default, validator(max_length = 500))]
    pub note: String,
}

/// An uploaded evidence file's description.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct EvidenceFile {
    pub id: Uuid,
    pub kind: FileKindDto,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

impl From<AttachmentView> for EvidenceFile {
    fn from(f: AttachmentView) -> Self {
        Self {
            id: f.id,
            kind: f.kind.into(),
            media_type: f.media_type,
            size: f.size,
            sha256: f.sha256,
            name: f.name,
            created_at: f.created_at,
        }
    }
}

/// An entry of the public black list.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct BlacklistEntry {
    pub credit_code: String,
    #[oai(skip_serializing_if_is_none)]
    pub firm_name: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub firm_id: Option<Uuid>,
    /// What the entry rests on (see the enum).
    pub basis: BlacklistBasisDto,
    /// For `veto`: the veto item, when recorded.
    #[oai(skip_serializing_if_is_none)]
    pub veto_item: Option<VetoItemDto>,
    /// For `representative`: the black-listed firm this firm shares a legal representative,
    /// shareholder or senior executive with.
    #[oai(skip_serializing_if_is_none)]
    pub via_firm_name: Option<String>,
    /// For `imported`: the listing authority.
    #[oai(skip_serializing_if_is_none)]
    pub authority: Option<String>,
    /// As stored (machine-readable): `veto:<item>`, the followed firm's name, or the import's
    /// reason.
    pub reason: String,
    /// Where it came from: `credit-veto`, `credit-veto-representative`, or `import:<authority>`.
    pub source: String,
    pub starts_at: DateTime<Utc>,
    /// When it lapses (the midnight after its last day, China time); none: no end.
    #[oai(skip_serializing_if_is_none)]
    pub ends_at: Option<DateTime<Utc>>,
}

/// What a black-list entry rests on:
/// - `veto` (否决事项): a veto item a regulator recorded on the firm's own credit ledger;
/// - `representative` (随相关人员受限): a person behind the firm (its legal representative, a
///   declared shareholder or senior executive) stands behind a black-listed firm too (一处失信，
///   处处受限 follows the person);
/// - `imported` (外部名单): listed by another authority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "kebab-case")]
pub enum BlacklistBasisDto {
    Veto,
    Representative,
    Imported,
}

#[derive(ApiResponse)]
pub enum DirectoryResponse {
    #[oai(status = 200)]
    Ok(Json<DirectoryPage>),
}

#[derive(ApiResponse)]
pub enum FirmDetailResponse {
    #[oai(status = 200)]
    Ok(Json<FirmDetail>),
}

#[derive(ApiResponse)]
pub enum FirmEntered {
    /// Listed at once: there is no approval step (零门槛).
    #[oai(status = 201)]
    Created(Json<Firm>),
}

#[derive(ApiResponse)]
pub enum FirmResponse {
    #[oai(status = 200)]
    Ok(Json<Firm>),
}

#[derive(ApiResponse)]
pub enum FileUploaded {
    #[oai(status = 201)]
    Created(Json<EvidenceFile>),
}

#[derive(ApiResponse)]
pub enum QualificationCreated {
    #[oai(status = 201)]
    Created(Json<QualificationCertificate>),
}

#[derive(ApiResponse)]
pub enum PractitionerCreated {
    #[oai(status = 201)]
    Created(Json<Practitioner>),
}

#[derive(ApiResponse)]
pub enum AffiliationCreated {
    #[oai(status = 201)]
    Created(Json<AffiliationDto>),
}

#[derive(ApiResponse)]
pub enum Removed {
    #[oai(status = 204)]
    Done,
}

#[derive(ApiResponse)]
pub enum FileDownload {
    /// The file, always as an attachment (never rendered by the browser).
    #[oai(status = 200)]
    Ok(
        Binary<Vec<u8>>,
        #[oai(header = "Content-Disposition")] String,
        #[oai(header = "X-Content-Type-Options")] String,
        #[oai(header = "Content-Security-Policy")] String,
        #[oai(header = "Cache-Control")] String,
        /// The kind the content was recognised as (`application/pdf`, `image/jpeg`, `image/png`).
        #[oai(header = "X-Evidence-Media-Type")]
        String,
    ),
}

#[derive(ApiResponse)]
pub enum BlacklistResponse {
    #[oai(status = 200)]
    Ok(Json<Vec<BlacklistEntry>>),
}

/// `filename*` of RFC 6266 / RFC 8187: UTF-8, percent-encoded (names are often Chinese).
pub(super) fn content_disposition(name: &str) -> String {
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"evidence\"; filename*=UTF-8''{encoded}")
}

#[OpenApi(tag = "ApiTags::Firms")]
impl FirmsApi {
    /// Search the public directory of firms
    ///
    /// Black-listed firms never appear; suspended firms appear with `status: suspended`.
    /// Pagination is by cursor: pass `next_cursor` back with the same filters and sort.
    #[oai(path = "/firms", method = "get", operation_id = "searchFirms")]
    #[allow(clippy::too_many_arguments)]
    async fn search(
        &self,
        /// A substring of the name (Chinese or Latin, case-insensitive), up to 50 characters.
        #[oai(default)]
        q: Query<String>,
        /// A catalogue item id: firms that offer it.
        #[oai(default)]
        item: Query<String>,
        /// An administrative division prefix: province (2 digits), city (4) or county (6).
        #[oai(default)]
        region: Query<String>,
        /// A qualification type (exact) the firm holds with a certificate valid today.
        #[oai(default)]
        qualification: Query<String>,
        /// Credit grade A–E.
        #[oai(default)]
        grade: Query<String>,
        /// The order (default `credit`).
        sort: Query<Option<Closed<SortDto>>>,
        /// The `next_cursor` of the previous page.
        #[oai(default)]
        cursor: Query<String>,
        /// Page size, 1–100 (default 20).
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))]
        limit: Query<Option<u64>>,
    ) -> ApiResult<DirectoryResponse> {
        let params = DirectoryParams {
            q: q.0,
            item: item.0,
            region: region.0,
            qualification: qualification.0,
            grade: grade.0,
            sort: sort.0.map(Closed::into_string).unwrap_or_default(),
            cursor: cursor.0,
            limit: limit.0,
        };
        let query = DirectoryQuery::parse(&params).map_err(Error::Validation)?;
        let page = self.services.directory(&query).await?;
        Ok(DirectoryResponse::Ok(Json(DirectoryPage {
            firms: page.firms.into_iter().map(Into::into).collect(),
            next_cursor: page.next_cursor,
        })))
    }

    /// A firm's public page
    #[oai(path = "/firms/:id", method = "get", operation_id = "getFirm")]
    async fn get(&self, id: Path<Uuid>) -> ApiResult<FirmDetailResponse> {
        Ok(FirmDetailResponse::Ok(Json(
            self.services.firm_detail(id.0).await?.into(),
        )))
    }

    /// Enter the marketplace as a firm: listed at once (intermediary accounts)
    ///
    /// Refused only for an invalid credit code (422), a code already listed (409,
    /// `credit-code-taken`), or a code on the black list or a dishonesty list (403,
    /// `credit-code-blacklisted`, `credit-code-dishonest`).
    #[oai(path = "/firms", method = "post", operation_id = "enterFirm")]
    async fn enter(
        &self,
        auth: BearerAuth,
        body: StrictJson<FirmProfileBody>,
    ) -> ApiResult<FirmEntered> {
        let who = auth.resolve(&self.services).await?;
        let firm = self.services.enter_firm(&who.actor, &body.0.into()).await?;
        Ok(FirmEntered::Created(Json(firm.into())))
    }

    /// The caller's own firm
    #[oai(path = "/firms/me", method = "get", operation_id = "getMyFirm")]
    async fn me(&self, auth: BearerAuth) -> ApiResult<FirmDetailResponse> {
        let who = auth.resolve(&self.services).await?;
        let detail = self
            .services
            .my_firm(&who.actor)
            .await?
            .ok_or(Error::NotFound)?;
        Ok(FirmDetailResponse::Ok(Json(detail.into())))
    }

    /// Edit the caller's firm profile (the credit code cannot change)
    #[oai(path = "/firms/me", method = "put", operation_id = "updateMyFirm")]
    async fn update(
        &self,
        auth: BearerAuth,
        body: StrictJson<FirmProfileBody>,
    ) -> ApiResult<FirmResponse> {
        let who = auth.resolve(&self.services).await?;
        let firm = self
            .services
            .update_firm(&who.actor, &body.0.into())
            .await?;
        Ok(FirmResponse::Ok(Json(firm.into())))
    }

    /// Upload an evidence file (PDF, JPEG or PNG, at most 10 MiB, judged by content)
    ///
    /// The body is the file itself. The returned id is then given as `evidence_file_id` of a
    /// qualification or practitioner; until then only the firm can read the file.
    #[oai(
        path = "/firms/me/files",
        method = "post",
        operation_id = "uploadEvidence"
    )]
    async fn upload(
        &self,
        auth: BearerAuth,
        /// The original file name (kept cleaned, with the real kind's extension).
        #[oai(default, validator(max_length = 255))]
        name: Query<String>,
        body: Binary<Vec<u8>>,
    ) -> ApiResult<FileUploaded> {
        let who = auth.resolve(&self.services).await?;
        let file = self
            .services
            .upload_evidence(&who.actor, Upload::new(name.0, body.0))
            .await?;
        Ok(FileUploaded::Created(Json(file.into())))
    }

    /// Declare a qualification certificate
    #[oai(
        path = "/firms/me/qualifications",
        method = "post",
        operation_id = "addQualification"
    )]
    async fn add_qualification(
        &self,
        auth: BearerAuth,
        body: StrictJson<QualificationBody>,
    ) -> ApiResult<QualificationCreated> {
        let who = auth.resolve(&self.services).await?;
        let b = body.0;
        let input = QualificationInput {
            qual_type: b.qual_type,
            grade: b.grade,
            number: b.number,
            issuer: b.issuer,
            valid_from: b.valid_from,
            valid_until: b.valid_until,
            evidence_file: Some(AttachmentRef::Existing(b.evidence_file_id)),
        };
        let q = self.services.add_qualification(&who.actor, &input).await?;
        Ok(QualificationCreated::Created(Json(q.into())))
    }

    /// Withdraw a qualification certificate
    #[oai(
        path = "/firms/me/qualifications/:id",
        method = "delete",
        operation_id = "removeQualification"
    )]
    async fn remove_qualification(&self, auth: BearerAuth, id: Path<Uuid>) -> ApiResult<Removed> {
        let who = auth.resolve(&self.services).await?;
        self.services.remove_qualification(&who.actor, id.0).await?;
        Ok(Removed::Done)
    }

    /// Declare a licensed practitioner
    #[oai(
        path = "/firms/me/practitioners",
        method = "post",
        operation_id = "addPractitioner"
    )]
    async fn add_practitioner(
        &self,
        auth: BearerAuth,
        body: StrictJson<PractitionerBody>,
    ) -> ApiResult<PractitionerCreated> {
        let who = auth.resolve(&self.services).await?;
        let b = body.0;
        let input = PractitionerInput {
            name: b.name,
            qualification: b.qualification,
            certificate_number: b.certificate_number,
            valid_until: b.valid_until,
            evidence_file: Some(AttachmentRef::Existing(b.evidence_file_id)),
        };
        let p = self.services.add_practitioner(&who.actor, &input).await?;
        Ok(PractitionerCreated::Created(Json(p.into())))
    }

    /// Withdraw a practitioner
    #[oai(
        path = "/firms/me/practitioners/:id",
        method = "delete",
        operation_id = "removePractitioner"
    )]
    async fn remove_practitioner(&self, auth: BearerAuth, id: Path<Uuid>) -> ApiResult<Removed> {
        let who = auth.resolve(&self.services).await?;
        self.services.remove_practitioner(&who.actor, id.0).await?;
        Ok(Removed::Done)
    }

    /// Declare a tie with a government department (public; used for conflict of interest)
    #[oai(
        path = "/firms/me/affiliations",
        method = "post",
        operation_id = "addAffiliation"
    )]
    async fn add_affiliation(
        &self,
        auth: BearerAuth,
        body: StrictJson<AffiliationBody>,
    ) -> ApiResult<AffiliationCreated> {
        let who = auth.resolve(&self.services).await?;
        let a = self
            .services
            .add_affiliation(&who.actor, &body.department, body.kind.as_str(), &body.note)
            .await?;
        Ok(AffiliationCreated::Created(Json(a.into())))
    }

    /// Withdraw a declared affiliation
    #[oai(
        path = "/firms/me/affiliations/:id",
        method = "delete",
        operation_id = "removeAffiliation"
    )]
    async fn remove_affiliation(&self, auth: BearerAuth, id: Path<Uuid>) -> ApiResult<Removed> {
        let who = auth.resolve(&self.services).await?;
        self.services.remove_affiliation(&who.actor, id.0).await?;
        Ok(Removed::Done)
    }

    /// Declare a shareholder or senior executive (by name and ID number)
    ///
    /// A black-listing follows the people behind a firm as it follows its legal representative:
    /// a person who stands behind a black-listed firm too puts this firm on the black list with
    /// it, at once, and its open registrations are withdrawn.
    #[oai(path = "/firms/me/people", method = "post", operation_id = "addPerson")]
    async fn add_person(
        &self,
        auth: BearerAuth,
        body: StrictJson<PersonBody>,
    ) -> ApiResult<PersonCreated> {
        let who = auth.resolve(&self.services).await?;
        let p = self
            .services
            .add_person(&who.actor, &body.name, body.role.as_str(), &body.id_number)
            .await?;
        Ok(PersonCreated::Created(Json(p.into())))
    }

    /// Withdraw a declared person (a black-listing that followed only them ends)
    #[oai(
        path = "/firms/me/people/:id",
        method = "delete",
        operation_id = "removePerson"
    )]
    async fn remove_person(&self, auth: BearerAuth, id: Path<Uuid>) -> ApiResult<Removed> {
        let who = auth.resolve(&self.services).await?;
        self.services.remove_person(&who.actor, id.0).await?;
        Ok(Removed::Done)
    }

    /// Download an evidence file
    ///
    /// Public once attached to a declared qualification or practitioner; before that only
    /// its firm (and regulators and administrators) may read it, with a bearer token. Always
    /// served as an attachment.
    #[oai(path = "/files/:id", method = "get", operation_id = "downloadEvidence")]
    async fn download(&self, req: &Request, id: Path<Uuid>) -> ApiResult<FileDownload> {
        let actor = crate::auth::optional_caller(&self.services, req).await?;
        let (meta, bytes) = self.services.evidence_file(actor.as_ref(), id.0).await?;
        Ok(FileDownload::Ok(
            Binary(bytes),
            content_disposition(&meta.name),
            "nosniff".into(),
            "sandbox".into(),
            "private, no-store".into(),
            meta.media_type,
        ))
    }

    /// The public black list
    #[oai(path = "/blacklist", method = "get", operation_id = "getBlacklist")]
    async fn blacklist(&self) -> ApiResult<BlacklistResponse> {
        let list = self.services.blacklist().await?;
        Ok(BlacklistResponse::Ok(Json(
            list.into_iter()
                .map(|e| {
                    let (basis, veto_item, via_firm_name, authority) = match e.basis {
                        Basis::Veto { item } => {
                            (BlacklistBasisDto::Veto, item.map(Into::into), None, None)
                        }
                        Basis::Representative { firm } => {
                            (BlacklistBasisDto::Representative, None, Some(firm), None)
                        }
                        Basis::Imported { authority } => {
                            (BlacklistBasisDto::Imported, None, None, Some(authority))
                        }
                    };
                    BlacklistEntry {
                        credit_code: e.credit_code,
                        firm_name: e.firm_name,
                        firm_id: e.firm_id,
                        basis,
                        veto_item,
                        via_firm_name,
                        authority,
                        reason: e.reason,
                        source: e.source,
                        starts_at: e.starts_at,
                        ends_at: e.ends_at,
                    }
                })
                .collect(),
        )))
    }
}

/// The directory's order:
/// - `credit` (the default): by credit score, highest first; equal scores in a fixed random
///   order, so that no firm is favoured for its name or age;
/// - `newest`: newest entrants first;
/// - `name`: by name, in pinyin order for common characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(
    rename_all = "lowercase",
    remote = "zjcs_domain::rules::directory::Sort"
)]
pub enum SortDto {
    Credit,
    Newest,
    Name,
}
