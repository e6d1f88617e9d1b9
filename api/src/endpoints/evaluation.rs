//! Evaluations (服务评价): the owner's evaluation of the firm after acceptance, the firm's reply
//! and appeal, the regulator's decision, and the firm's rating of the owner.

use super::ApiTags;
use crate::auth::BearerAuth;
use crate::problem::ApiResult;
use crate::strict_json::StrictJson;
use chrono::{DateTime, Utc};
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Enum, Object, OpenApi};
use uuid::Uuid;
use zjcs_domain::model::evaluation::AppealStatus;
use zjcs_domain::model::evaluation::{OwnerRatings, Ratings};
use zjcs_domain::service::Services;
use zjcs_domain::service::evaluation as svc;

pub struct EvaluationApi {
    pub services: Services,
}

/// An owner's evaluation of a firm, public.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct EvaluationBody {
    pub project_id: Uuid,
    pub project_title: String,
    pub firm_id: Uuid,
    pub firm_name: String,
    pub quality: u32,
    pub timeliness: u32,
    pub fees: u32,
    pub attitude: u32,
    pub conduct: u32,
    /// The average of the five, in hundredths (e.g. 440 for 4.40).
    pub average_centi: u32,
    pub comment: String,
    /// The points it scored on the firm's ledger (0 once voided).
    pub points: i32,
    /// Voided by an upheld appeal: kept, not counted.
    pub voided: bool,
    #[oai(skip_serializing_if_is_none)]
    pub reply: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub replied_at: Option<DateTime<Utc>>,
    pub appeal_status: AppealStatusDto,
    #[oai(skip_serializing_if_is_none)]
    pub appeal_reason: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub appeal_decision_reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Where the firm's appeal of an evaluation stands:
/// - `none`: not appealed;
/// - `pending` (申诉待处理): appealed; waits for a regulator;
/// - `upheld` (申诉成立): the evaluation's credit event is voided;
/// - `dismissed` (申诉驳回): the evaluation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "kebab-case")]
pub enum AppealStatusDto {
    None,
    Pending,
    Upheld,
    Dismissed,
}

impl From<AppealStatus> for AppealStatusDto {
    fn from(s: AppealStatus) -> Self {
        match s {
            AppealStatus::None => AppealStatusDto::None,
            AppealStatus::Pending => AppealStatusDto::Pending,
            AppealStatus::Upheld => AppealStatusDto::Upheld,
            AppealStatus::Dismissed => AppealStatusDto::Dismissed,
        }
    }
}

impl From<svc::EvaluationView> for EvaluationBody {
    fn from(v: svc::EvaluationView) -> Self {
        EvaluationBody {
            project_id: v.project_id,
            project_title: v.project_title,
            firm_id: v.firm_id,
            firm_name: v.firm_name,
            quality: v.ratings.quality,
            timeliness: v.ratings.timeliness,
            fees: v.ratings.fees,
            attitude: v.ratings.attitude,
            conduct: v.ratings.conduct,
            average_centi: v.average_centi,
            comment: v.comment,
            points: v.points,
            voided: v.voided,
            reply: v.reply,
            replied_at: v.replied_at,
            appeal_status: v.appeal_status.into(),
            appeal_reason: v.appeal_reason,
            appeal_decision_reason: v.appeal_decision_reason,
            created_at: v.created_at,
        }
    }
}

/// The owner's ratings, 1–5 each, and a comment (required).
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct EvaluationInput {
    pub quality: u32,
    pub timeliness: u32,
    pub fees: u32,
    pub attitude: u32,
    pub conduct: u32,
    #[oai(validator(max_length = 2000))]
    pub comment: String,
}

/// A text: the firm's reply, its appeal's reasons.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct TextInput {
    #[oai(validator(max_length = 2000))]
    pub text: String,
}

/// A regulator's decision on an appeal.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct AppealDecision {
    pub uphold: bool,
    #[oai(validator(max_length = 2000))]
    pub reason: String,
}

/// The firm's rating of the owner, 1–5 each.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct OwnerRatingInput {
    /// Closing out on time (acceptance without needless delay).
    pub closing_out: u32,
    /// Paying as agreed.
    pub payment: u32,
    #[oai(default, validator(max_length = 2000))]
    pub comment: String,
}

/// How firms rate an owner.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct OwnerRatingSummary {
    pub ratings: u64,
    /// Averages in hundredths; absent without ratings.
    #[oai(skip_serializing_if_is_none)]
    pub closing_out_centi: Option<u32>,
    #[oai(skip_serializing_if_is_none)]
    pub payment_centi: Option<u32>,
}

impl From<svc::OwnerRatingSummary> for OwnerRatingSummary {
    fn from(s: svc::OwnerRatingSummary) -> Self {
        OwnerRatingSummary {
            ratings: s.ratings,
            closing_out_centi: s.closing_out_centi,
            payment_centi: s.payment_centi,
        }
    }
}

#[derive(ApiResponse)]
pub enum EvaluationResponse {
    #[oai(status = 200)]
    Ok(Json<EvaluationBody>),
}

#[derive(ApiResponse)]
pub enum EvaluationCreated {
    #[oai(status = 201)]
    Created(Json<EvaluationBody>),
}

#[derive(ApiResponse)]
pub enum AppealsResponse {
    #[oai(status = 200)]
    Ok(Json<Vec<EvaluationBody>>),
}

#[derive(ApiResponse)]
pub enum OwnerRatingResponse {
    #[oai(status = 200)]
    Ok(Json<OwnerRatingSummary>),
}

#[OpenApi(tag = "ApiTags::Delivery")]
impl EvaluationApi {
    /// A project's evaluation (public)
    #[oai(
        path = "/projects/:id/evaluation",
        method = "get",
        operation_id = "getEvaluation"
    )]
    async fn get(&self, id: Path<Uuid>) -> ApiResult<EvaluationResponse> {
        Ok(EvaluationResponse::Ok(Json(
            self.services.evaluation(id.0).await?.into(),
        )))
    }

    /// Evaluate the firm after accepting its result (the owner; once)
    ///
    /// The average of the five ratings scores the firm's credit (policy: 5 → +2 … 1 → −6).
    #[oai(
        path = "/projects/:id/evaluation",
        method = "post",
        operation_id = "evaluateFirm"
    )]
    async fn evaluate(
        &self,
        auth: BearerAuth,
        id: Path<Uuid>,
        body: StrictJson<EvaluationInput>,
    ) -> ApiResult<EvaluationCreated> {
        let who = auth.resolve(&self.services).await?;
        let b = body.0;
        let ratings = Ratings {
            quality: b.quality,
            timeliness: b.timeliness,
            fees: b.fees,
            attitude: b.attitude,
            conduct: b.conduct,
        };
        let v = self
            .services
            .evaluate_firm(&who.actor, id.0, ratings, &b.comment)
            .await?;
        Ok(EvaluationCreated::Created(Json(v.into())))
    }

    /// Reply publicly to the evaluation (the evaluated firm; once)
    #[oai(
        path = "/projects/:id/evaluation/reply",
        method = "post",
        operation_id = "replyToEvaluation"
    )]
    async fn reply(
        &self,
        auth: BearerAuth,
        id: Path<Uuid>,
        body: StrictJson<TextInput>,
    ) -> ApiResult<EvaluationResponse> {
        let who = auth.resolve(&self.services).await?;
        let v = self
            .services
            .reply_to_evaluation(&who.actor, id.0, &body.0.text)
            .await?;
        Ok(EvaluationResponse::Ok(Json(v.into())))
    }

    /// Appeal the evaluation to a regulator (the evaluated firm; once)
    #[oai(
        path = "/projects/:id/evaluation/appeal",
        method = "post",
        operation_id = "appealEvaluation"
    )]
    async fn appeal(
        &self,
        auth: BearerAuth,
        id: Path<Uuid>,
        body: StrictJson<TextInput>,
    ) -> ApiResult<EvaluationResponse> {
        let who = auth.resolve(&self.services).await?;
        let v = self
            .services
            .appeal_evaluation(&who.actor, id.0, &body.0.text)
            .await?;
        Ok(EvaluationResponse::Ok(Json(v.into())))
    }

    /// Uphold or dismiss an appeal (regulators)
    ///
    /// Upholding voids the evaluation's credit event (kept on the ledger, no longer counted)
    /// and assesses the firm again.
    #[oai(
        path = "/projects/:id/evaluation/appeal/decision",
        method = "post",
        operation_id = "decideEvaluationAppeal"
    )]
    async fn decide(
        &self,
        auth: BearerAuth,
        id: Path<Uuid>,
        body: StrictJson<AppealDecision>,
    ) -> ApiResult<EvaluationResponse> {
        let who = auth.resolve(&self.services).await?;
        let v = self
            .services
            .decide_evaluation_appeal(&who.actor, id.0, body.0.uphold, &body.0.reason)
            .await?;
        Ok(EvaluationResponse::Ok(Json(v.into())))
    }

    /// Pending evaluation appeals, oldest first (regulators)
    #[oai(
        path = "/credit/appeals",
        method = "get",
        operation_id = "listEvaluationAppeals"
    )]
    async fn appeals(&self, auth: BearerAuth) -> ApiResult<AppealsResponse> {
        let who = auth.resolve(&self.services).await?;
        let list = self.services.evaluation_appeals(&who.actor).await?;
        Ok(AppealsResponse::Ok(Json(
            list.into_iter().map(Into::into).collect(),
        )))
    }

    /// Rate the owner after acceptance (the contracted firm; once)
    #[oai(
        path = "/projects/:id/owner-rating",
        method = "post",
        operation_id = "rateOwner"
    )]
    async fn rate_owner(
        &self,
        auth: BearerAuth,
        id: Path<Uuid>,
        body: StrictJson<OwnerRatingInput>,
    ) -> ApiResult<OwnerRatingResponse> {
        let who = auth.resolve(&self.services).await?;
        let ratings = OwnerRatings {
            closing_out: body.0.closing_out,
            payment: body.0.payment,
        };
        let s = self
            .services
            .rate_owner(&who.actor, id.0, ratings, &body.0.comment)
            .await?;
        Ok(OwnerRatingResponse::Ok(Json(s.into())))
    }

    /// How firms rate an owner (public)
    #[oai(
        path = "/owners/:id/ratings",
        method = "get",
        operation_id = "getOwnerRatings"
    )]
    async fn owner_ratings(&self, id: Path<Uuid>) -> ApiResult<OwnerRatingResponse> {
        Ok(OwnerRatingResponse::Ok(Json(
            self.services.owner_ratings(id.0).await?.into(),
        )))
    }
}
