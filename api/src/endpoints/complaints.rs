//! `/complaints` (投诉): filing (with a bearer token, or anonymously with a name and contact),
//! a case for its parties and regulators, evidence, the regulators' queue and steps (accept or
//! reject, investigate, uphold or dismiss), and the published outcomes.

use super::ApiTags;
use super::types::Closed;
use crate::auth::{BearerAuth, optional_caller};
use crate::problem::ApiResult;
use crate::strict_json::StrictJson;
use chrono::{DateTime, NaiveDate, Utc};
use poem::Request;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Enum, Object, OpenApi};
use uuid::Uuid;
use zjcs_domain::model::attachment::AttachmentRef;
use zjcs_domain::rules::complaint::{ComplaintAction, ComplaintInput, ComplaintState};
use zjcs_domain::service::Services;
use zjcs_domain::service::complaints as svc;

pub struct ComplaintsApi {
    pub services: Services,
}

/// What a complaint is about (投诉对象):
/// - `project`: a project's announcement or conduct (`subject_id`: the project);
/// - `award`: a project's award, during its notice period (`subject_id`: the project);
/// - `firm`: a firm (`subject_id`: the firm);
/// - `owner`: a project owner (`subject_id`: the owner's account).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(
    rename_all = "kebab-case",
    remote = "zjcs_domain::rules::complaint::SubjectKind"
)]
pub enum SubjectDto {
    Project,
    Award,
    Firm,
    Owner,
}

/// A complaint as filed.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
#[oai(deny_unknown_fields)]
pub struct ComplaintBody {
    pub subject: Closed<SubjectDto>,
    /// The project's id (for `project` and `award`), the firm's id, or the owner's account id.
    pub subject_id: String,
    /// What happened (up to 4,000 characters).
    pub facts: String,
    /// The rule said to be broken (up to 1,000 characters).
    pub rule: String,
    /// Without a bearer token: the complainant's name and a way to reach them (required then).
    #[oai(default)]
    pub contact_name: String,
    #[oai(default)]
    pub contact: String,
    /// Documents uploaded at `POST /documents` (with a bearer token only).
    #[oai(default)]
    pub evidence: Vec<Uuid>,
}

/// A document added to a case.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct ComplaintEvidence {
    pub document_id: Uuid,
    pub note: String,
    pub added_at: DateTime<Utc>,
}

/// A complaint. The published outcome leaves out `facts`, `contact_name`, `contact` and
/// `evidence`.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct Complaint {
    pub id: Uuid,
    pub subject: SubjectDto,
    pub subject_id: Uuid,
    #[oai(skip_serializing_if_is_none)]
    pub project_id: Option<Uuid>,
    #[oai(skip_serializing_if_is_none)]
    pub project_title: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub award_id: Option<Uuid>,
    #[oai(skip_serializing_if_is_none)]
    pub firm_id: Option<Uuid>,
    #[oai(skip_serializing_if_is_none)]
    pub firm_name: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub owner_account_id: Option<Uuid>,
    #[oai(skip_serializing_if_is_none)]
    pub owner_name: Option<String>,
    pub rule: String,
    pub status: ComplaintStatusDto,
    /// The last day to accept or reject it (China's date).
    pub accept_due: NaiveDate,
    #[oai(skip_serializing_if_is_none)]
    pub decide_due: Option<DateTime<Utc>>,
    /// Past its limit, not yet accepted or decided.
    pub overdue: bool,
    /// The rejection's reason or the decision's findings.
    #[oai(skip_serializing_if_is_none)]
    pub reason: Option<String>,
    /// The credit points an upheld complaint recorded on the firm.
    #[oai(skip_serializing_if_is_none)]
    pub points: Option<i32>,
    /// An upheld award complaint overturned the award (the selection went on without the firm).
    pub overturned: bool,
    pub created_at: DateTime<Utc>,
    #[oai(skip_serializing_if_is_none)]
    pub accepted_at: Option<DateTime<Utc>>,
    #[oai(skip_serializing_if_is_none)]
    pub decided_at: Option<DateTime<Utc>>,
    #[oai(skip_serializing_if_is_none)]
    pub facts: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub contact_name: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub contact: Option<String>,
    pub evidence: Vec<ComplaintEvidence>,
    /// What the caller may do next on this case, as the rules decide now (empty in a
    /// published outcome); anything else would be refused.
    pub allowed: Vec<ComplaintActionDto>,
}

/// Where a complaint stands:
/// - `submitted` (待受理): filed; a regulator accepts or rejects it within the acceptance limit;
/// - `accepted` (已受理): accepted; the decision limit runs;
/// - `investigating` (调查中): under investigation;
/// - `rejected` (不予受理): rejected, with a reason;
/// - `upheld` (投诉成立): decided for the complainant, with findings;
/// - `dismissed` (投诉不成立): decided against, with findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "kebab-case")]
pub enum ComplaintStatusDto {
    Submitted,
    Accepted,
    Investigating,
    Rejected,
    Upheld,
    Dismissed,
}

impl From<ComplaintState> for ComplaintStatusDto {
    fn from(s: ComplaintState) -> Self {
        match s {
            ComplaintState::Submitted => ComplaintStatusDto::Submitted,
            ComplaintState::Accepted => ComplaintStatusDto::Accepted,
            ComplaintState::Investigating => ComplaintStatusDto::Investigating,
            ComplaintState::Rejected => ComplaintStatusDto::Rejected,
            ComplaintState::Upheld => ComplaintStatusDto::Upheld,
            ComplaintState::Dismissed => ComplaintStatusDto::Dismissed,
        }
    }
}

/// Something the caller may do next on a case:
/// - `accept`, `reject`: a regulator accepts (受理) or rejects a submitted complaint
///   (`POST /complaints/{id}/steps`);
/// - `investigate`: a regulator opens an investigation of an accepted complaint;
/// - `uphold`, `dismiss`: a regulator decides an accepted complaint;
/// - `add-evidence`: a party or a regulator adds a document to an open case (on the case's
///   page, `/complaints/{id}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "kebab-case")]
pub enum ComplaintActionDto {
    Accept,
    Reject,
    Investigate,
    Uphold,
    Dismiss,
    AddEvidence,
}

impl From<ComplaintAction> for ComplaintActionDto {
    fn from(a: ComplaintAction) -> Self {
        match a {
            ComplaintAction::Accept => ComplaintActionDto::Accept,
            ComplaintAction::Reject => ComplaintActionDto::Reject,
            ComplaintAction::Investigate => ComplaintActionDto::Investigate,
            ComplaintAction::Uphold => ComplaintActionDto::Uphold,
            ComplaintAction::Dismiss => ComplaintActionDto::Dismiss,
            ComplaintAction::AddEvidence => ComplaintActionDto::AddEvidence,
        }
    }
}

impl From<svc::ComplaintView> for Complaint {
    fn from(v: svc::ComplaintView) -> Self {
        Complaint {
            id: v.id,
            subject: v.subject.into(),
            subject_id: v.subject_id,
            project_id: v.project_id,
            project_title: v.project_title,
            award_id: v.award_id,
            firm_id: v.firm_id,
            firm_name: v.firm_name,
            owner_account_id: v.owner_account_id,
            owner_name: v.owner_name,
            rule: v.rule,
            status: v.status.into(),
            accept_due: v.accept_due,
            decide_due: v.decide_due,
            overdue: v.overdue,
            reason: v.reason,
            points: v.points,
            overturned: v.overturned,
            created_at: v.created_at,
            accepted_at: v.accepted_at,
            decided_at: v.decided_at,
            facts: v.facts,
            contact_name: v.contact_name,
            contact: v.contact,
            evidence: v
                .evidence
                .into_iter()
                .map(|e| ComplaintEvidence {
                    document_id: e.document_id,
                    note: e.note,
                    added_at: e.added_at,
                })
                .collect(),
            allowed: v.allowed.into_iter().map(Into::into).collect(),
        }
    }
}

/// A regulator's step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "kebab-case")]
pub enum ComplaintStep {
    Accept,
    Reject,
    Investigate,
    Uphold,
    Dismiss,
}

/// A regulator's step on a case, with its reason (required to reject, uphold or dismiss) and,
/// to uphold a complaint about a firm or an award, the credit points of its severity (−5 to
/// −20 under the default policy).
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
#[oai(deny_unknown_fields)]
pub struct StepBody {
    pub step: ComplaintStep,
    #[oai(default)]
    pub reason: String,
    pub points: Option<i32>,
}

/// A document added to a case.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
#[oai(deny_unknown_fields)]
pub struct EvidenceBody {
    /// A document uploaded at `POST /documents`.
    pub document: Uuid,
    #[oai(default)]
    pub note: String,
}

#[derive(ApiResponse)]
pub enum ComplaintCreated {
    #[oai(status = 201)]
    Created(Json<Complaint>),
}

#[derive(ApiResponse)]
pub enum ComplaintResponse {
    #[oai(status = 200)]
    Ok(Json<Complaint>),
}

#[derive(ApiResponse)]
pub enum ComplaintListResponse {
    #[oai(status = 200)]
    Ok(Json<Vec<Complaint>>),
}

#[OpenApi(prefix_path = "/complaints", tag = "ApiTags::Complaints")]
impl ComplaintsApi {
    /// File a complaint: with a bearer token, or anonymously with a name and contact
    #[oai(path = "/", method = "post", operation_id = "fileComplaint")]
    async fn file(
        &self,
        req: &Request,
        body: StrictJson<ComplaintBody>,
    ) -> ApiResult<ComplaintCreated> {
        let actor = optional_caller(&self.services, req).await?;
        let b = body.0;
        let input = ComplaintInput {
            subject: b.subject.into_string(),
            subject_id: b.subject_id,
            facts: b.facts,
            rule: b.rule,
            contact_name: b.contact_name,
            contact: b.contact,
        };
        let v = self
            .services
            .file_complaint(
                actor.as_ref(),
                &input,
                b.evidence
                    .iter()
                    .copied()
                    .map(AttachmentRef::Existing)
                    .collect(),
            )
            .await?;
        Ok(ComplaintCreated::Created(Json(v.into())))
    }

    /// The regulators' queue: open cases oldest first with their limits (`all`: every case,
    /// newest first)
    #[oai(path = "/", method = "get", operation_id = "listComplaints")]
    async fn queue(
        &self,
        auth: BearerAuth,
        /// Every case, not only the open ones.
        #[oai(default)]
        all: Query<bool>,
    ) -> ApiResult<ComplaintListResponse> {
        let who = auth.resolve(&self.services).await?;
        let list = self.services.complaint_queue(&who.actor, all.0).await?;
        Ok(ComplaintListResponse::Ok(Json(
            list.into_iter().map(Into::into).collect(),
        )))
    }

    /// Published outcomes: upheld and dismissed complaints, newest decision first (public;
    /// without who complained)
    #[oai(
        path = "/outcomes",
        method = "get",
        operation_id = "listComplaintOutcomes"
    )]
    async fn outcomes(
        &self,
        /// At most this many, 1–500 (default 100).
        #[oai(validator(minimum(value = "1"), maximum(value = "500")))]
        limit: Query<Option<u64>>,
    ) -> ApiResult<ComplaintListResponse> {
        let list = self
            .services
            .complaint_outcomes(limit.0.unwrap_or(100))
            .await?;
        Ok(ComplaintListResponse::Ok(Json(
            list.into_iter().map(Into::into).collect(),
        )))
    }

    /// One published outcome (public)
    #[oai(
        path = "/outcomes/:id",
        method = "get",
        operation_id = "getComplaintOutcome"
    )]
    async fn outcome(&self, id: Path<Uuid>) -> ApiResult<ComplaintResponse> {
        let v = self.services.complaint_outcome(id.0).await?;
        Ok(ComplaintResponse::Ok(Json(v.into())))
    }

    /// One case, for its complainant, its respondents and regulators
    #[oai(path = "/:id", method = "get", operation_id = "getComplaint")]
    async fn get(&self, auth: BearerAuth, id: Path<Uuid>) -> ApiResult<ComplaintResponse> {
        let who = auth.resolve(&self.services).await?;
        let v = self.services.complaint(&who.actor, id.0).await?;
        Ok(ComplaintResponse::Ok(Json(v.into())))
    }

    /// Add a document to an open case (its complainant, its respondents, regulators)
    #[oai(
        path = "/:id/evidence",
        method = "post",
        operation_id = "addComplaintEvidence"
    )]
    async fn evidence(
        &self,
        auth: BearerAuth,
        id: Path<Uuid>,
        body: StrictJson<EvidenceBody>,
    ) -> ApiResult<ComplaintResponse> {
        let who = auth.resolve(&self.services).await?;
        let v = self
            .services
            .add_complaint_evidence(
                &who.actor,
                id.0,
                AttachmentRef::Existing(body.0.document),
                &body.0.note,
            )
            .await?;
        Ok(ComplaintResponse::Ok(Json(v.into())))
    }

    /// A regulator's step: accept or reject, investigate, uphold or dismiss
    #[oai(path = "/:id/steps", method = "post", operation_id = "handleComplaint")]
    async fn step(
        &self,
        auth: BearerAuth,
        id: Path<Uuid>,
        body: StrictJson<StepBody>,
    ) -> ApiResult<ComplaintResponse> {
        let who = auth.resolve(&self.services).await?;
        let action = match body.0.step {
            ComplaintStep::Accept => ComplaintAction::Accept,
            ComplaintStep::Reject => ComplaintAction::Reject,
            ComplaintStep::Investigate => ComplaintAction::Investigate,
            ComplaintStep::Uphold => ComplaintAction::Uphold,
            ComplaintStep::Dismiss => ComplaintAction::Dismiss,
        };
        let v = self
            .services
            .handle_complaint(&who.actor, id.0, action, &body.0.reason, body.0.points)
            .await?;
        Ok(ComplaintResponse::Ok(Json(v.into())))
    }
}
