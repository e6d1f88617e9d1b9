//! Service and delivery (服务成果交付): after the contract, the firm submits its result and the
//! owner accepts it or returns it with reasons; acceptance scores the firm's delivery.

use super::ApiTags;
use super::types::{CreditEventKindDto, ReviewDto};
use crate::auth::BearerAuth;
use crate::problem::ApiResult;
use crate::strict_json::StrictJson;
use chrono::{DateTime, NaiveDate, Utc};
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Enum, Object, OpenApi};
use uuid::Uuid;
use zjcs_domain::model::attachment::AttachmentRef;
use zjcs_domain::rules::delivery::{DeliveryState, DeliveryStep};
use zjcs_domain::service::Services;
use zjcs_domain::service::delivery as svc;

pub struct DeliveryApi {
    pub services: Services,
}

/// One submission of the result; `review` is absent while it waits for the owner.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct Submission {
    /// 1 for the first submission, then 2, …
    pub seq: i32,
    /// The document (`GET /documents/{id}`: the firm and the project's owner).
    pub document_id: Uuid,
    pub note: String,
    pub submitted_at: DateTime<Utc>,
    #[oai(skip_serializing_if_is_none)]
    pub review: Option<ReviewDto>,
    #[oai(skip_serializing_if_is_none)]
    pub review_reason: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub reviewed_at: Option<DateTime<Utc>>,
}

/// A project's delivery; `credit_kind` and `credit_points` are the credit event its
/// acceptance recorded (`on-time` or `late`).
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct Delivery {
    pub project_id: Uuid,
    pub award_id: Uuid,
    pub firm_id: Uuid,
    pub signed_on: NaiveDate,
    /// The last day of the contracted service days (working days of the holiday calendar).
    pub due_on: NaiveDate,
    pub state: DeliveryStateDto,
    #[oai(skip_serializing_if_is_none)]
    pub accepted_at: Option<DateTime<Utc>>,
    #[oai(skip_serializing_if_is_none)]
    pub credit_kind: Option<CreditEventKindDto>,
    #[oai(skip_serializing_if_is_none)]
    pub credit_points: Option<i32>,
    pub submissions: Vec<Submission>,
    /// What the caller may do next on this delivery and its evaluation, as the rules decide
    /// now; anything else would be refused.
    pub allowed: Vec<DeliveryStepDto>,
}

/// Where a delivery stands:
/// - `in-service` (服务中): contracted; nothing submitted yet, or the last result was returned;
/// - `submitted` (待验收): a result waits for the owner's review;
/// - `returned` (已退回): the owner returned the result with reasons; the clock keeps running;
/// - `accepted` (已验收): the owner accepted the result; the service is over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "kebab-case")]
pub enum DeliveryStateDto {
    InService,
    Submitted,
    Returned,
    Accepted,
}

impl From<DeliveryState> for DeliveryStateDto {
    fn from(s: DeliveryState) -> Self {
        match s {
            DeliveryState::InService => DeliveryStateDto::InService,
            DeliveryState::Submitted => DeliveryStateDto::Submitted,
            DeliveryState::Returned => DeliveryStateDto::Returned,
            DeliveryState::Accepted => DeliveryStateDto::Accepted,
        }
    }
}

/// A step the caller may take next on a delivery:
/// - `submit-result`: the firm submits its result (first, or again after a return);
/// - `review-result`: the owner accepts or returns the submitted result;
/// - `evaluate-firm`: the owner evaluates the firm, once, after accepting;
/// - `rate-owner`: the firm rates the owner, once, after acceptance;
/// - `reply-to-evaluation`: the firm replies to the evaluation, once;
/// - `appeal-evaluation`: the firm appeals the evaluation to a regulator, once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "kebab-case")]
pub enum DeliveryStepDto {
    SubmitResult,
    ReviewResult,
    EvaluateFirm,
    RateOwner,
    ReplyToEvaluation,
    AppealEvaluation,
}

impl From<DeliveryStep> for DeliveryStepDto {
    fn from(s: DeliveryStep) -> Self {
        match s {
            DeliveryStep::SubmitResult => DeliveryStepDto::SubmitResult,
            DeliveryStep::ReviewResult => DeliveryStepDto::ReviewResult,
            DeliveryStep::EvaluateFirm => DeliveryStepDto::EvaluateFirm,
            DeliveryStep::RateOwner => DeliveryStepDto::RateOwner,
            DeliveryStep::ReplyToEvaluation => DeliveryStepDto::ReplyToEvaluation,
            DeliveryStep::AppealEvaluation => DeliveryStepDto::AppealEvaluation,
        }
    }
}

impl From<svc::DeliveryView> for Delivery {
    fn from(v: svc::DeliveryView) -> Self {
        Delivery {
            project_id: v.project_id,
            award_id: v.award_id,
            firm_id: v.firm_id,
            signed_on: v.signed_on,
            due_on: v.due_on,
            state: v.state.into(),
            accepted_at: v.accepted_at,
            credit_kind: v.credit_kind.map(Into::into),
            credit_points: v.credit_points,
            submissions: v
                .submissions
                .into_iter()
                .map(|s| Submission {
                    seq: s.seq,
                    document_id: s.document_id,
                    note: s.note,
                    submitted_at: s.submitted_at,
                    review: s.review.map(Into::into),
                    review_reason: s.review_reason,
                    reviewed_at: s.reviewed_at,
                })
                .collect(),
            allowed: v.allowed.into_iter().map(Into::into).collect(),
        }
    }
}

/// The firm's result.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct SubmissionInput {
    /// A document the firm uploaded (`POST /documents`).
    pub document: Uuid,
    /// At most 2,000 characters.
    #[oai(default, validator(max_length = 2000))]
    pub note: String,
}

/// The owner's review.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct ReviewInput {
    pub accept: bool,
    /// Required when returning the result (at most 2,000 characters).
    #[oai(default, validator(max_length = 2000))]
    pub reason: String,
}

#[derive(ApiResponse)]
pub enum DeliveryResponse {
    #[oai(status = 200)]
    Ok(Json<Delivery>),
}

#[derive(ApiResponse)]
pub enum SubmittedResponse {
    #[oai(status = 201)]
    Created(Json<Delivery>),
}

#[OpenApi(tag = "ApiTags::Delivery")]
impl DeliveryApi {
    /// A contracted project's delivery (its owner, its firm, regulators)
    #[oai(
        path = "/projects/:id/delivery",
        method = "get",
        operation_id = "getDelivery"
    )]
    async fn get(&self, auth: BearerAuth, id: Path<Uuid>) -> ApiResult<DeliveryResponse> {
        let who = auth.resolve(&self.services).await?;
        Ok(DeliveryResponse::Ok(Json(
            self.services.delivery(&who.actor, id.0).await?.into(),
        )))
    }

    /// Submit the result (the contracted firm)
    ///
    /// 409 `delivery-awaiting-review` while a submission waits for the owner,
    /// `delivery-accepted` after acceptance.
    #[oai(
        path = "/projects/:id/delivery/submissions",
        method = "post",
        operation_id = "submitDelivery"
    )]
    async fn submit(
        &self,
        auth: BearerAuth,
        id: Path<Uuid>,
        body: StrictJson<SubmissionInput>,
    ) -> ApiResult<SubmittedResponse> {
        let who = auth.resolve(&self.services).await?;
        let v = self
            .services
            .submit_delivery(
                &who.actor,
                id.0,
                AttachmentRef::Existing(body.0.document),
                &body.0.note,
            )
            .await?;
        Ok(SubmittedResponse::Created(Json(v.into())))
    }

    /// Accept the submitted result, or return it with reasons (the project's owner)
    ///
    /// Acceptance records the firm's delivery on its credit ledger: on time, or late by the
    /// working days after the due date of the day the accepted result was submitted.
    #[oai(
        path = "/projects/:id/delivery/review",
        method = "post",
        operation_id = "reviewDelivery"
    )]
    async fn review(
        &self,
        auth: BearerAuth,
        id: Path<Uuid>,
        body: StrictJson<ReviewInput>,
    ) -> ApiResult<DeliveryResponse> {
        let who = auth.resolve(&self.services).await?;
        let v = self
            .services
            .review_delivery(&who.actor, id.0, body.0.accept, &body.0.reason)
            .await?;
        Ok(DeliveryResponse::Ok(Json(v.into())))
    }
}
