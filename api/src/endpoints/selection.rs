//! Registration, sealed bids and selection (报名 → 开标 → 选取 → 中选公示 → 合同): firms register
//! and bid; after the deadline everybody reads the opened bids, the draw and the award; owners
//! decide where the method leaves it to them; registrants object; owners record the contract.

use super::ApiTags;
use super::types::{
    AwardStatusDto, BidDecisionDto, FailedReasonDto, FileKindDto, ProjectStatusDto,
    RegistrationStatusDto,
};
use crate::auth::{BearerAuth, optional_caller};
use crate::problem::ApiResult;
use crate::strict_json::StrictJson;
use chrono::{DateTime, NaiveDate, Utc};
use poem::Request;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::{Binary, Json};
use poem_openapi::{ApiResponse, Enum, Object, OpenApi, Union};
use uuid::Uuid;
use zjcs_domain::model::attachment::{AttachmentRef, Upload};
use zjcs_domain::model::project::ObjectionStatus;
use zjcs_domain::platform::attachments::AttachmentView;
use zjcs_domain::rules::draw::PublishedDraw;
use zjcs_domain::rules::procedure::{BidInput, SelectionStep};
use zjcs_domain::service::Services;
use zjcs_domain::service::procurement::{
    AwardView, ContractInput, NextStep, ObjectionView, OpenedBid as OpenedBidView,
    RegistrationView, SelectionView,
};

pub struct SelectionApi {
    pub services: Services,
}

/// A sealed bid: a price where the method needs one (lowest price, comprehensive scoring), and
/// for comprehensive scoring the plan (an evidence file uploaded at `POST /firms/me/files`).
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
#[oai(deny_unknown_fields)]
pub struct BidBody {
    /// The price in fen; at most the announced budget.
    pub price_fen: Option<i64>,
    pub plan_file: Option<Uuid>,
}

impl BidBody {
    fn input(&self) -> BidInput<AttachmentRef> {
        BidInput {
            price_fen: self.price_fen,
            plan_file: self.plan_file.map(AttachmentRef::Existing),
        }
    }
}

/// A registration with its sealed bid, as its own firm sees it.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct Registration {
    pub id: Uuid,
    pub project_id: Uuid,
    pub project_title: String,
    pub project_status: ProjectStatusDto,
    pub registration_deadline: DateTime<Utc>,
    pub firm_id: Uuid,
    pub round: i32,
    pub status: RegistrationStatusDto,
    #[oai(skip_serializing_if_is_none)]
    pub price_fen: Option<i64>,
    #[oai(skip_serializing_if_is_none)]
    pub plan_file: Option<Uuid>,
    #[oai(skip_serializing_if_is_none)]
    pub plan_sha256: Option<String>,
    /// Published with the opened bids, so that anyone can recompute the receipt.
    pub nonce: String,
    /// SHA-256 of `zjcs-bid-v1\n{project}\n{firm}\n{price}\n{plan sha256}\n{nonce}`: check it
    /// against the opened bids.
    pub receipt: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<RegistrationView> for Registration {
    fn from(v: RegistrationView) -> Self {
        Registration {
            id: v.id,
            project_id: v.project_id,
            project_title: v.project_title,
            project_status: v.project_status.into(),
            registration_deadline: v.registration_deadline,
            firm_id: v.firm_id,
            round: v.round,
            status: v.status.into(),
            price_fen: v.price_fen,
            plan_file: v.plan_file,
            plan_sha256: v.plan_sha256,
            nonce: v.nonce,
            receipt: v.receipt,
            created_at: v.created_at,
            updated_at: v.updated_at,
        }
    }
}

/// An opened bid (public after the deadline).
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct OpenedBid {
    pub firm_id: Uuid,
    pub firm_name: String,
    #[oai(skip_serializing_if_is_none)]
    pub price_fen: Option<i64>,
    #[oai(skip_serializing_if_is_none)]
    pub plan_sha256: Option<String>,
    pub nonce: String,
    pub receipt: String,
    /// The firm's credit score when the bids were opened.
    #[oai(skip_serializing_if_is_none)]
    pub credit_score: Option<i32>,
    #[oai(skip_serializing_if_is_none)]
    pub plan_score: Option<i32>,
    /// Position in the project's draw, 0 first.
    #[oai(skip_serializing_if_is_none)]
    pub draw_rank: Option<u64>,
    #[oai(skip_serializing_if_is_none)]
    pub decision: Option<BidDecisionDto>,
    #[oai(skip_serializing_if_is_none)]
    pub decision_reason: Option<String>,
}

impl From<OpenedBidView> for OpenedBid {
    fn from(b: OpenedBidView) -> Self {
        OpenedBid {
            firm_id: b.firm_id,
            firm_name: b.firm_name,
            price_fen: b.price_fen,
            plan_sha256: b.plan_sha256,
            nonce: b.nonce,
            receipt: b.receipt,
            credit_score: b.credit_score,
            plan_score: b.plan_score,
            draw_rank: b.draw_rank.map(|r| r as u64),
            decision: b.decision.map(Into::into),
            decision_reason: b.decision_reason,
        }
    }
}

/// An award (中选) with its notice period and, once recorded, its contract.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct Award {
    pub id: Uuid,
    pub firm_id: Uuid,
    pub firm_name: String,
    pub price_fen: i64,
    pub service_days: i32,
    /// The owner's reason, or `method:<method>` when the method decided.
    pub reason: String,
    pub status: AwardStatusDto,
    pub awarded_at: DateTime<Utc>,
    pub notice_until: DateTime<Utc>,
    pub contract_due: DateTime<Utc>,
    #[oai(skip_serializing_if_is_none)]
    pub contract_signed_on: Option<NaiveDate>,
    #[oai(skip_serializing_if_is_none)]
    pub contract_price_fen: Option<i64>,
    #[oai(skip_serializing_if_is_none)]
    pub contract_service_days: Option<i32>,
    #[oai(skip_serializing_if_is_none)]
    pub contract_terms: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub refusal_reason: Option<String>,
}

impl From<AwardView> for Award {
    fn from(a: AwardView) -> Self {
        Award {
            id: a.id,
            firm_id: a.firm_id,
            firm_name: a.firm_name,
            price_fen: a.price_fen,
            service_days: a.service_days,
            reason: a.reason,
            status: a.status.into(),
            awarded_at: a.awarded_at,
            notice_until: a.notice_until,
            contract_due: a.contract_due,
            contract_signed_on: a.contract_signed_on,
            contract_price_fen: a.contract_price_fen,
            contract_service_days: a.contract_service_days,
            contract_terms: a.contract_terms,
            refusal_reason: a.refusal_reason,
        }
    }
}

/// An objection (质疑) to an award and its answer.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct Objection {
    pub id: Uuid,
    pub award_id: Uuid,
    pub firm_id: Uuid,
    pub firm_name: String,
    pub text: String,
    pub status: ObjectionStatusDto,
    #[oai(skip_serializing_if_is_none)]
    pub answer: Option<String>,
    pub created_at: DateTime<Utc>,
    #[oai(skip_serializing_if_is_none)]
    pub answered_at: Option<DateTime<Utc>>,
}

impl From<ObjectionView> for Objection {
    fn from(o: ObjectionView) -> Self {
        Objection {
            id: o.id,
            award_id: o.award_id,
            firm_id: o.firm_id,
            firm_name: o.firm_name,
            text: o.text,
            status: o.status.into(),
            answer: o.answer,
            created_at: o.created_at,
            answered_at: o.answered_at,
        }
    }
}

/// Where an objection stands:
/// - `open` (待答复): raised during the notice period; waits for the owner's (or a
///   regulator's) answer, and the contract waits with it;
/// - `upheld` (质疑成立): answered for the objector; the award is overturned;
/// - `dismissed` (质疑不成立): answered against the objector; the award stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "kebab-case")]
pub enum ObjectionStatusDto {
    Open,
    Upheld,
    Dismissed,
}

impl From<ObjectionStatus> for ObjectionStatusDto {
    fn from(s: ObjectionStatus) -> Self {
        match s {
            ObjectionStatus::Open => ObjectionStatusDto::Open,
            ObjectionStatus::Upheld => ObjectionStatusDto::Upheld,
            ObjectionStatus::Dismissed => ObjectionStatusDto::Dismissed,
        }
    }
}

/// Registration is still open: nothing about any bid is public.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct StepNotClosed {}

/// The owner picks one of these firms, with a reason.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct StepOwnerPicks {
    pub choices: Vec<Uuid>,
}

/// The lowest bid is abnormally low: the owner accepts it (award with the firm's explanation as
/// the reason) or rejects it.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct StepConfirmLow {
    pub firm: Uuid,
}

/// The owner scores these firms' plans (0–100).
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct StepScorePlans {
    pub firms: Vec<Uuid>,
}

/// Nothing for the owner to decide now (an award in notice or contracted, failed, cancelled).
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct StepNone {}

/// What is next in the selection.
#[derive(Debug, Clone, Union)]
#[oai(discriminator_name = "kind")]
pub enum Next {
    #[oai(mapping = "not-closed")]
    NotClosed(StepNotClosed),
    #[oai(mapping = "owner-picks")]
    OwnerPicks(StepOwnerPicks),
    #[oai(mapping = "confirm-low")]
    ConfirmLow(StepConfirmLow),
    #[oai(mapping = "score-plans")]
    ScorePlans(StepScorePlans),
    #[oai(mapping = "awarded")]
    Awarded(StepNone),
    #[oai(mapping = "contracted")]
    Contracted(StepNone),
    #[oai(mapping = "failed")]
    Failed(StepNone),
    #[oai(mapping = "cancelled")]
    Cancelled(StepNone),
}

impl From<NextStep> for Next {
    fn from(n: NextStep) -> Self {
        match n {
            NextStep::NotClosed => Next::NotClosed(StepNotClosed {}),
            NextStep::OwnerPicks { choices } => Next::OwnerPicks(StepOwnerPicks { choices }),
            NextStep::ConfirmLow { firm } => Next::ConfirmLow(StepConfirmLow { firm }),
            NextStep::ScorePlans { firms } => Next::ScorePlans(StepScorePlans { firms }),
            NextStep::Awarded => Next::Awarded(StepNone {}),
            NextStep::Contracted => Next::Contracted(StepNone {}),
            NextStep::Failed => Next::Failed(StepNone {}),
            NextStep::Cancelled => Next::Cancelled(StepNone {}),
        }
    }
}

/// A line of the published ranking.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct RankedLine {
    pub firm_id: Uuid,
    pub abnormally_low: bool,
    /// Comprehensive scoring: the weighted total in hundredths of a point.
    #[oai(skip_serializing_if_is_none)]
    pub total_centi: Option<i64>,
}

/// A project's selection record. Before the deadline it says only that registration is open.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct Selection {
    pub project_id: Uuid,
    pub status: ProjectStatusDto,
    pub round: i32,
    #[oai(skip_serializing_if_is_none)]
    pub closed_at: Option<DateTime<Utc>>,
    #[oai(skip_serializing_if_is_none)]
    pub failed_reason: Option<FailedReasonDto>,
    pub next: Next,
    /// In draw order.
    pub bids: Vec<OpenedBid>,
    pub ranking: Vec<RankedLine>,
    pub awards: Vec<Award>,
    pub objections: Vec<Objection>,
    /// Whether a bid carries a price (`price_fen`) under the project's method.
    pub asks_price: bool,
    /// Whether a bid carries a plan (`plan_file`) under the project's method.
    pub asks_plan: bool,
    /// What the caller may do next, as the rules decide now (the owner's decisions while
    /// selecting are in `next`); anything else would be refused.
    pub allowed: Vec<SelectionStepDto>,
}

/// A step the caller may take next on a project's selection:
/// - `register`: a firm registers, with its bid where the method asks for one
///   (`POST /projects/{id}/registration`);
/// - `replace-bid`: a registered firm replaces its sealed bid before the deadline (`PUT`);
/// - `withdraw`: a registered firm withdraws before the deadline (`DELETE`);
/// - `object`: a registrant other than the winner objects during the notice period;
/// - `answer-objection`: the owner or a regulator answers the open objections;
/// - `record-contract`: the owner records the signed contract, or the winner's refusal;
/// - `republish`: the owner publishes a failed project again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "kebab-case")]
pub enum SelectionStepDto {
    Register,
    ReplaceBid,
    Withdraw,
    Object,
    AnswerObjection,
    RecordContract,
    Republish,
}

impl From<SelectionStep> for SelectionStepDto {
    fn from(s: SelectionStep) -> Self {
        match s {
            SelectionStep::Register => SelectionStepDto::Register,
            SelectionStep::ReplaceBid => SelectionStepDto::ReplaceBid,
            SelectionStep::Withdraw => SelectionStepDto::Withdraw,
            SelectionStep::Object => SelectionStepDto::Object,
            SelectionStep::AnswerObjection => SelectionStepDto::AnswerObjection,
            SelectionStep::RecordContract => SelectionStepDto::RecordContract,
            SelectionStep::Republish => SelectionStepDto::Republish,
        }
    }
}

impl From<SelectionView> for Selection {
    fn from(v: SelectionView) -> Self {
        Selection {
            project_id: v.project_id,
            status: v.status.into(),
            round: v.round,
            closed_at: v.closed_at,
            failed_reason: v.failed_reason.map(Into::into),
            next: v.next.into(),
            bids: v.bids.into_iter().map(Into::into).collect(),
            ranking: v
                .ranking
                .into_iter()
                .map(|r| RankedLine {
                    firm_id: r.firm_id,
                    abnormally_low: r.abnormally_low,
                    total_centi: r.total_centi,
                })
                .collect(),
            awards: v.awards.into_iter().map(Into::into).collect(),
            objections: v.objections.into_iter().map(Into::into).collect(),
            asks_price: v.asks_price,
            asks_plan: v.asks_plan,
            allowed: v.allowed.into_iter().map(Into::into).collect(),
        }
    }
}

/// A published draw: everything needed to recompute it (`zjcs verify-draw` reads this document).
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct Draw {
    /// `zjcs-draw-v1` (see `domain/src/rules/draw.rs`).
    pub algorithm: String,
    pub context: String,
    /// SHA-256 of the seed, published with the announcement.
    pub commitment: String,
    /// The seed, revealed at the closing.
    pub seed: String,
    /// The closed list of registrants (firm ids), in canonical order.
    pub entries: Vec<String>,
    pub list_hash: String,
    pub pick: u64,
    /// The draw: every registrant, first drawn first.
    pub result: Vec<String>,
}

impl From<PublishedDraw> for Draw {
    fn from(d: PublishedDraw) -> Self {
        Draw {
            algorithm: d.algorithm,
            context: d.context,
            commitment: d.commitment,
            seed: d.seed,
            entries: d.entries,
            list_hash: d.list_hash,
            pick: d.pick as u64,
            result: d.result,
        }
    }
}

/// The owner awards a firm, with a published reason.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
#[oai(deny_unknown_fields)]
pub struct AwardBody {
    pub firm: Uuid,
    #[oai(validator(max_length = 1000))]
    pub reason: String,
}

/// The owner scores plans.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
#[oai(deny_unknown_fields)]
pub struct PlanScoresBody {
    #[oai(validator(max_items = 500))]
    pub scores: Vec<PlanScore>,
}

#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
#[oai(deny_unknown_fields)]
pub struct PlanScore {
    pub firm: Uuid,
    /// 0–100.
    pub score: i64,
}

/// A registrant's objection.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
#[oai(deny_unknown_fields)]
pub struct ObjectionBody {
    #[oai(validator(max_length = 4000))]
    pub text: String,
}

/// The answer to an objection.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
#[oai(deny_unknown_fields)]
pub struct AnswerBody {
    /// Upheld: the award is overturned and the selection continues without the winner.
    pub upheld: bool,
    #[oai(validator(max_length = 4000))]
    pub answer: String,
}

/// The signed contract's key terms.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
#[oai(deny_unknown_fields)]
pub struct ContractBody {
    /// `YYYY-MM-DD`, not before the award, not after today.
    #[oai(validator(max_length = 10))]
    pub signed_on: String,
    pub price_fen: i64,
    pub service_days: u32,
    #[oai(default, validator(max_length = 4000))]
    pub terms: String,
    /// The signed contract, uploaded at `POST /documents`.
    pub document: Uuid,
}

/// A reason (refusal to sign, rejection of a bid).
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
#[oai(deny_unknown_fields)]
pub struct ReasonBody {
    #[oai(validator(max_length = 1000))]
    pub reason: String,
}

/// A stored document.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct Document {
    pub id: Uuid,
    pub kind: FileKindDto,
    pub name: String,
    pub size: i64,
    pub sha256: String,
}

impl From<AttachmentView> for Document {
    fn from(d: AttachmentView) -> Self {
        Document {
            id: d.id,
            kind: d.kind.into(),
            name: d.name,
            size: d.size,
            sha256: d.sha256,
        }
    }
}

#[derive(ApiResponse)]
pub enum RegistrationResponse {
    #[oai(status = 200)]
    Ok(Json<Registration>),
}

#[derive(ApiResponse)]
pub enum RegistrationCreated {
    #[oai(status = 201)]
    Created(Json<Registration>),
}

#[derive(ApiResponse)]
pub enum RegistrationList {
    #[oai(status = 200)]
    Ok(Json<Vec<Registration>>),
}

#[derive(ApiResponse)]
pub enum SelectionResponse {
    #[oai(status = 200)]
    Ok(Json<Selection>),
}

#[derive(ApiResponse)]
pub enum DrawResponse {
    #[oai(status = 200)]
    Ok(Json<Draw>),
}

#[derive(ApiResponse)]
pub enum ObjectionCreated {
    #[oai(status = 201)]
    Created(Json<Objection>),
}

#[derive(ApiResponse)]
pub enum DocumentCreated {
    #[oai(status = 201)]
    Created(Json<Document>),
}

#[derive(ApiResponse)]
pub enum Done {
    #[oai(status = 204)]
    Done,
}

#[derive(ApiResponse)]
pub enum DocumentDownload {
    /// The document, always as an attachment.
    #[oai(status = 200)]
    Ok(
        Binary<Vec<u8>>,
        #[oai(header = "Content-Disposition")] String,
        #[oai(header = "X-Content-Type-Options")] String,
        #[oai(header = "Content-Security-Policy")] String,
        #[oai(header = "Cache-Control")] String,
    ),
}

#[OpenApi(tag = "ApiTags::Selection")]
impl SelectionApi {
    /// My registration for a project (firms)
    ///
    /// With the sealed bid and its receipt. 404 when the firm has not registered in the
    /// project's current round.
    #[oai(
        path = "/projects/:id/registration",
        method = "get",
        operation_id = "getMyRegistration"
    )]
    async fn mine(&self, auth: BearerAuth, id: Path<Uuid>) -> ApiResult<RegistrationResponse> {
        let who = auth.resolve(&self.services).await?;
        let r = self
            .services
            .my_registration(&who.actor, id.0)
            .await?
            .ok_or(zjcs_domain::error::Error::NotFound)?;
        Ok(RegistrationResponse::Ok(Json(r.into())))
    }

    /// Register for a project with a sealed bid (firms)
    ///
    /// Refused with 403 `registration-refused` and every reason (`registration.*` codes) when
    /// the firm may not register. Nobody else can read the bid before the deadline.
    #[oai(
        path = "/projects/:id/registration",
        method = "post",
        operation_id = "registerForProject"
    )]
    async fn register(
        &self,
        auth: BearerAuth,
        id: Path<Uuid>,
        body: StrictJson<BidBody>,
    ) -> ApiResult<RegistrationCreated> {
        let who = auth.resolve(&self.services).await?;
        let r = self
            .services
            .register_for_project(&who.actor, id.0, &body.0.input())
            .await?;
        Ok(RegistrationCreated::Created(Json(r.into())))
    }

    /// Replace my sealed bid before the deadline (firms)
    #[oai(
        path = "/projects/:id/registration",
        method = "put",
        operation_id = "replaceBid"
    )]
    async fn replace(
        &self,
        auth: BearerAuth,
        id: Path<Uuid>,
        body: StrictJson<BidBody>,
    ) -> ApiResult<RegistrationResponse> {
        let who = auth.resolve(&self.services).await?;
        let r = self
            .services
            .replace_bid(&who.actor, id.0, &body.0.input())
            .await?;
        Ok(RegistrationResponse::Ok(Json(r.into())))
    }

    /// Withdraw my registration before the deadline (firms)
    #[oai(
        path = "/projects/:id/registration",
        method = "delete",
        operation_id = "withdrawRegistration"
    )]
    async fn withdraw(&self, auth: BearerAuth, id: Path<Uuid>) -> ApiResult<RegistrationResponse> {
        let who = auth.resolve(&self.services).await?;
        let r = self
            .services
            .withdraw_registration(&who.actor, id.0)
            .await?;
        Ok(RegistrationResponse::Ok(Json(r.into())))
    }

    /// My registrations, newest first (firms)
    #[oai(
        path = "/firms/me/registrations",
        method = "get",
        operation_id = "listMyRegistrations"
    )]
    async fn my_list(&self, auth: BearerAuth) -> ApiResult<RegistrationList> {
        let who = auth.resolve(&self.services).await?;
        let list = self.services.my_registrations(&who.actor).await?;
        Ok(RegistrationList::Ok(Json(
            list.into_iter().map(Into::into).collect(),
        )))
    }

    /// A project's selection record
    ///
    /// After the deadline: the opened bids (with the nonces that let each firm check its
    /// receipt), the ranking, the awards and the objections. Before it: nothing about any bid.
    #[oai(
        path = "/projects/:id/selection",
        method = "get",
        operation_id = "getSelection"
    )]
    async fn selection(&self, req: &Request, id: Path<Uuid>) -> ApiResult<SelectionResponse> {
        let actor = optional_caller(&self.services, req).await?;
        let v = self
            .services
            .project_selection(actor.as_ref(), id.0)
            .await?;
        Ok(SelectionResponse::Ok(Json(v.into())))
    }

    /// A project's published draw
    ///
    /// Everything needed to recompute the draw from public data: the seed (revealed at the
    /// closing) and its commitment (published with the announcement), the closed list and its
    /// hash, and the result. 409 `not-drawn` before the closing. `zjcs verify-draw` checks it.
    #[oai(path = "/projects/:id/draw", method = "get", operation_id = "getDraw")]
    async fn draw(&self, id: Path<Uuid>) -> ApiResult<DrawResponse> {
        let d = self.services.project_draw(id.0).await?;
        Ok(DrawResponse::Ok(Json(d.into())))
    }

    /// Award a firm (project owners)
    ///
    /// Where the method leaves the choice to the owner (direct selection, the credit-preferred
    /// short list), or to accept an abnormally-low lowest bid after the firm's explanation.
    #[oai(
        path = "/projects/:id/award",
        method = "post",
        operation_id = "awardFirm"
    )]
    async fn award(
        &self,
        auth: BearerAuth,
        id: Path<Uuid>,
        body: StrictJson<AwardBody>,
    ) -> ApiResult<SelectionResponse> {
        let who = auth.resolve(&self.services).await?;
        let v = self
            .services
            .award(&who.actor, id.0, body.0.firm, &body.0.reason)
            .await?;
        Ok(SelectionResponse::Ok(Json(v.into())))
    }

    /// Reject an abnormally-low bid (project owners)
    #[oai(
        path = "/projects/:id/rejections",
        method = "post",
        operation_id = "rejectLowBid"
    )]
    async fn reject(
        &self,
        auth: BearerAuth,
        id: Path<Uuid>,
        body: StrictJson<AwardBody>,
    ) -> ApiResult<SelectionResponse> {
        let who = auth.resolve(&self.services).await?;
        let v = self
            .services
            .reject_low_bid(&who.actor, id.0, body.0.firm, &body.0.reason)
            .await?;
        Ok(SelectionResponse::Ok(Json(v.into())))
    }

    /// Score the plans (project owners, comprehensive scoring)
    #[oai(
        path = "/projects/:id/plan-scores",
        method = "post",
        operation_id = "scorePlans"
    )]
    async fn scores(
        &self,
        auth: BearerAuth,
        id: Path<Uuid>,
        body: StrictJson<PlanScoresBody>,
    ) -> ApiResult<SelectionResponse> {
        let who = auth.resolve(&self.services).await?;
        let scores: Vec<(Uuid, i64)> = body.0.scores.iter().map(|s| (s.firm, s.score)).collect();
        let v = self.services.score_plans(&who.actor, id.0, &scores).await?;
        Ok(SelectionResponse::Ok(Json(v.into())))
    }

    /// Object to the award (registrants, during the notice period)
    #[oai(
        path = "/projects/:id/objections",
        method = "post",
        operation_id = "raiseObjection"
    )]
    async fn object(
        &self,
        auth: BearerAuth,
        id: Path<Uuid>,
        body: StrictJson<ObjectionBody>,
    ) -> ApiResult<ObjectionCreated> {
        let who = auth.resolve(&self.services).await?;
        let o = self
            .services
            .object_to_award(&who.actor, id.0, &body.0.text)
            .await?;
        Ok(ObjectionCreated::Created(Json(o.into())))
    }

    /// Answer an objection (the project's owner, or a regulator)
    #[oai(
        path = "/projects/:id/objections/:objection/answer",
        method = "post",
        operation_id = "answerObjection"
    )]
    async fn answer(
        &self,
        auth: BearerAuth,
        id: Path<Uuid>,
        objection: Path<Uuid>,
        body: StrictJson<AnswerBody>,
    ) -> ApiResult<SelectionResponse> {
        let who = auth.resolve(&self.services).await?;
        let v = self
            .services
            .answer_objection(&who.actor, id.0, objection.0, body.0.upheld, &body.0.answer)
            .await?;
        Ok(SelectionResponse::Ok(Json(v.into())))
    }

    /// Record the signed contract (project owners, after the notice period)
    #[oai(
        path = "/projects/:id/contract",
        method = "post",
        operation_id = "recordContract"
    )]
    async fn contract(
        &self,
        auth: BearerAuth,
        id: Path<Uuid>,
        body: StrictJson<ContractBody>,
    ) -> ApiResult<SelectionResponse> {
        let who = auth.resolve(&self.services).await?;
        let b = body.0;
        let input = ContractInput {
            signed_on: b.signed_on,
            price_fen: b.price_fen,
            service_days: b.service_days,
            terms: b.terms,
            document: Some(AttachmentRef::Existing(b.document)),
        };
        let v = self
            .services
            .record_contract(&who.actor, id.0, &input)
            .await?;
        Ok(SelectionResponse::Ok(Json(v.into())))
    }

    /// Record that the winner refused to sign (project owners)
    ///
    /// A credit event for the winner; the next-ranked firm is taken.
    #[oai(
        path = "/projects/:id/refusal",
        method = "post",
        operation_id = "recordRefusal"
    )]
    async fn refusal(
        &self,
        auth: BearerAuth,
        id: Path<Uuid>,
        body: StrictJson<ReasonBody>,
    ) -> ApiResult<SelectionResponse> {
        let who = auth.resolve(&self.services).await?;
        let v = self
            .services
            .record_refusal(&who.actor, id.0, &body.0.reason)
            .await?;
        Ok(SelectionResponse::Ok(Json(v.into())))
    }

    /// Take a failed project back to draft to publish it again (project owners)
    #[oai(
        path = "/projects/:id/republish",
        method = "post",
        operation_id = "republishProject"
    )]
    async fn republish(&self, auth: BearerAuth, id: Path<Uuid>) -> ApiResult<Done> {
        let who = auth.resolve(&self.services).await?;
        self.services.republish(&who.actor, id.0).await?;
        Ok(Done::Done)
    }

    /// Upload a document: a signed contract (project owners) or a delivered result (firms); PDF,
    /// JPEG or PNG, at most 10 MiB
    #[oai(path = "/documents", method = "post", operation_id = "uploadDocument")]
    async fn upload(
        &self,
        auth: BearerAuth,
        /// The original file name.
        #[oai(default, validator(max_length = 255))]
        name: Query<String>,
        body: Binary<Vec<u8>>,
    ) -> ApiResult<DocumentCreated> {
        let who = auth.resolve(&self.services).await?;
        let d = self
            .services
            .upload_document(&who.actor, Upload::new(name.0, body.0))
            .await?;
        Ok(DocumentCreated::Created(Json(d.into())))
    }

    /// Download a document (its uploader, the contracted firm, regulators)
    #[oai(
        path = "/documents/:id",
        method = "get",
        operation_id = "downloadDocument"
    )]
    async fn download(&self, auth: BearerAuth, id: Path<Uuid>) -> ApiResult<DocumentDownload> {
        let who = auth.resolve(&self.services).await?;
        let (meta, bytes) = self.services.read_document(&who.actor, id.0).await?;
        Ok(DocumentDownload::Ok(
            Binary(bytes),
            super::firms::content_disposition(&meta.name),
            "nosniff".into(),
            "sandbox".into(),
            "private, no-store".into(),
        ))
    }
}
