//! `/inspections` (双随机抽查): random inspection rounds — defined and drawn by regulators, the
//! findings recorded by the inspectors drawn; rounds, their verifiable draws and findings are
//! public.

use super::ApiTags;
use super::selection::Draw;
use super::types::Closed;
use crate::auth::{BearerAuth, optional_caller};
use crate::problem::ApiResult;
use crate::strict_json::StrictJson;
use chrono::{DateTime, Utc};
use poem::Request;
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Enum, Object, OpenApi};
use uuid::Uuid;
use zjcs_domain::rules::inspection::{
    FindingInput, InspectionStep, Outcome, RoundInput, RoundState,
};
use zjcs_domain::service::Services;
use zjcs_domain::service::inspections as svc;

pub struct InspectionsApi {
    pub services: Services,
}

/// A round as a regulator defines it.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
#[oai(deny_unknown_fields)]
pub struct RoundBody {
    /// Up to 200 characters.
    pub title: String,
    /// A catalogue item's id: only firms offering it (none: every item).
    pub item: Option<Uuid>,
    /// A region prefix (province `33`, city `3301`, county `330106`; none: everywhere).
    #[oai(default)]
    pub region: String,
    /// Credit grades in scope (`A`–`E`; none: every grade).
    #[oai(default)]
    pub grades: Vec<String>,
    /// Firms to draw, 1–500 (all of them when fewer are in scope).
    pub firms: u32,
    /// Inspectors to draw among the regulators, 1–500.
    pub inspectors: u32,
}

/// An inspector's findings on one firm.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
#[oai(deny_unknown_fields)]
pub struct FindingBody {
    pub firm: Uuid,
    pub outcome: Closed<OutcomeDto>,
    /// In words, up to 2,000 characters (public).
    pub findings: String,
    /// Credit points below zero, recorded on the firm's ledger (not for a compliant firm).
    pub points: Option<i32>,
}

/// A drawn firm and its inspector's findings.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct InspectionTarget {
    pub position: i32,
    pub firm_id: Uuid,
    pub firm_name: String,
    pub inspector_id: Uuid,
    pub inspector_name: String,
    pub outcome: Option<OutcomeDto>,
    pub findings: Option<String>,
    pub points: Option<i32>,
    pub recorded_at: Option<DateTime<Utc>>,
    /// What the caller may do next on this firm (`record-finding`: its drawn inspector,
    /// once).
    pub allowed: Vec<InspectionStepDto>,
}

/// Where a round stands:
/// - `planned` (待抽取): defined, the seed committed, nothing drawn yet;
/// - `drawn` (检查中): firms and inspectors drawn and published; findings being recorded;
/// - `closed` (已完成): every drawn firm's findings are recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "kebab-case")]
pub enum RoundStatusDto {
    Planned,
    Drawn,
    Closed,
}

impl From<RoundState> for RoundStatusDto {
    fn from(s: RoundState) -> Self {
        match s {
            RoundState::Planned => RoundStatusDto::Planned,
            RoundState::Drawn => RoundStatusDto::Drawn,
            RoundState::Closed => RoundStatusDto::Closed,
        }
    }
}

/// An inspector's conclusion on one firm:
/// - `compliant` (未发现问题): nothing wrong found;
/// - `issues` (发现问题，责令整改): shortcomings to correct;
/// - `violation` (存在违法违规行为): a violation (credit points below zero).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "kebab-case")]
pub enum OutcomeDto {
    Compliant,
    Issues,
    Violation,
}

impl From<Outcome> for OutcomeDto {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::Compliant => OutcomeDto::Compliant,
            Outcome::Issues => OutcomeDto::Issues,
            Outcome::Violation => OutcomeDto::Violation,
        }
    }
}

/// Something the caller may do next on an inspection round:
/// - `draw`: a regulator draws a planned round's firms and inspectors
///   (`POST /inspections/{id}/draw`);
/// - `record-finding`: a drawn inspector records the finding on the firm drawn for them,
///   once (`POST /inspections/{id}/findings`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "kebab-case")]
pub enum InspectionStepDto {
    Draw,
    RecordFinding,
}

impl From<InspectionStep> for InspectionStepDto {
    fn from(s: InspectionStep) -> Self {
        match s {
            InspectionStep::Draw => InspectionStepDto::Draw,
            InspectionStep::RecordFinding => InspectionStepDto::RecordFinding,
        }
    }
}

/// A round: its scope, the commitment published with it, and once drawn both draws (with the
/// revealed seed) and the findings.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct InspectionRound {
    pub id: Uuid,
    pub title: String,
    pub item: Option<Uuid>,
    pub item_name: Option<String>,
    pub region: String,
    pub grades: Vec<String>,
    pub firms: u32,
    pub inspectors: u32,
    pub status: RoundStatusDto,
    /// SHA-256 of the draw seed (hex), published before the draw.
    pub commitment: String,
    /// The firms' draw: the population in canonical order, its hash, the result, the seed.
    pub firm_draw: Option<Draw>,
    /// The inspectors' draw (the pool of regulators).
    pub inspector_draw: Option<Draw>,
    /// Both draws re-run from their published data and matched (once drawn).
    pub verified: Option<bool>,
    pub targets: Vec<InspectionTarget>,
    pub created_at: DateTime<Utc>,
    pub drawn_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// What the caller may do next on the round (`draw`).
    pub allowed: Vec<InspectionStepDto>,
}

impl From<svc::RoundView> for InspectionRound {
    fn from(v: svc::RoundView) -> Self {
        let verified = v.verified();
        InspectionRound {
            id: v.id,
            title: v.title,
            item: v.item_id,
            item_name: v.item_name,
            region: v.region,
            grades: v.grades,
            firms: v.firm_count,
            inspectors: v.inspector_count,
            status: v.status.into(),
            commitment: v.commitment,
            firm_draw: v.firm_draw.map(Into::into),
            inspector_draw: v.inspector_draw.map(Into::into),
            verified,
            targets: v
                .targets
                .into_iter()
                .map(|t| InspectionTarget {
                    position: t.position,
                    firm_id: t.firm_id,
                    firm_name: t.firm_name,
                    inspector_id: t.inspector_id,
                    inspector_name: t.inspector_name,
                    outcome: t.outcome.map(Into::into),
                    findings: t.findings,
                    points: t.points,
                    recorded_at: t.recorded_at,
                    allowed: t.allowed.into_iter().map(Into::into).collect(),
                })
                .collect(),
            created_at: v.created_at,
            drawn_at: v.drawn_at,
            closed_at: v.closed_at,
            allowed: v.allowed.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(ApiResponse)]
pub enum RoundCreated {
    #[oai(status = 201)]
    Created(Json<InspectionRound>),
}

#[derive(ApiResponse)]
pub enum RoundResponse {
    #[oai(status = 200)]
    Ok(Json<InspectionRound>),
}

#[derive(ApiResponse)]
pub enum RoundListResponse {
    #[oai(status = 200)]
    Ok(Json<Vec<InspectionRound>>),
}

#[derive(ApiResponse)]
pub enum TaskListResponse {
    #[oai(status = 200)]
    Ok(Json<Vec<super::dossiers::InspectionTask>>),
}

#[OpenApi(prefix_path = "/inspections", tag = "ApiTags::Inspections")]
impl InspectionsApi {
    /// The firms the caller was drawn to inspect and has not recorded findings on (regulators)
    #[oai(path = "/mine", method = "get", operation_id = "listMyInspectionTasks")]
    async fn mine(&self, auth: BearerAuth) -> ApiResult<TaskListResponse> {
        let who = auth.resolve(&self.services).await?;
        let list = self.services.my_inspection_tasks(&who.actor).await?;
        Ok(TaskListResponse::Ok(Json(
            list.into_iter().map(Into::into).collect(),
        )))
    }

    /// Define a round and commit to its draw seed (regulators)
    #[oai(path = "/", method = "post", operation_id = "createInspectionRound")]
    async fn create(
        &self,
        auth: BearerAuth,
        body: StrictJson<RoundBody>,
    ) -> ApiResult<RoundCreated> {
        let who = auth.resolve(&self.services).await?;
        let b = body.0;
        let input = RoundInput {
            title: b.title,
            item: b.item.map(|i| i.to_string()).unwrap_or_default(),
            region: b.region,
            grades: b.grades,
            firms: b.firms.to_string(),
            inspectors: b.inspectors.to_string(),
        };
        let v = self
            .services
            .create_inspection_round(&who.actor, &input)
            .await?;
        Ok(RoundCreated::Created(Json(v.into())))
    }

    /// Every round, newest first (public; the last 200)
    #[oai(path = "/", method = "get", operation_id = "listInspectionRounds")]
    async fn list(&self) -> ApiResult<RoundListResponse> {
        let list = self.services.inspection_rounds().await?;
        Ok(RoundListResponse::Ok(Json(
            list.into_iter().map(Into::into).collect(),
        )))
    }

    /// One round with its draws and findings (public)
    #[oai(path = "/:id", method = "get", operation_id = "getInspectionRound")]
    async fn get(&self, req: &Request, id: Path<Uuid>) -> ApiResult<RoundResponse> {
        let actor = optional_caller(&self.services, req).await?;
        let v = self.services.inspection_round(actor.as_ref(), id.0).await?;
        Ok(RoundResponse::Ok(Json(v.into())))
    }

    /// Draw the round's firms and inspectors and reveal the seed (regulators; once)
    #[oai(
        path = "/:id/draw",
        method = "post",
        operation_id = "drawInspectionRound"
    )]
    async fn draw(&self, auth: BearerAuth, id: Path<Uuid>) -> ApiResult<RoundResponse> {
        let who = auth.resolve(&self.services).await?;
        let v = self
            .services
            .draw_inspection_round(&who.actor, id.0)
            .await?;
        Ok(RoundResponse::Ok(Json(v.into())))
    }

    /// Record findings on a firm of the round (the inspector drawn for it; once)
    #[oai(
        path = "/:id/findings",
        method = "post",
        operation_id = "recordInspectionFinding"
    )]
    async fn finding(
        &self,
        auth: BearerAuth,
        id: Path<Uuid>,
        body: StrictJson<FindingBody>,
    ) -> ApiResult<RoundResponse> {
        let who = auth.resolve(&self.services).await?;
        let b = body.0;
        let input = FindingInput {
            outcome: b.outcome.into_string(),
            findings: b.findings,
            points: b.points,
        };
        let v = self
            .services
            .record_inspection_finding(&who.actor, id.0, b.firm, &input)
            .await?;
        Ok(RoundResponse::Ok(Json(v.into())))
    }
}
