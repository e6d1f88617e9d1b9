//! `/dossiers` (监管档案), for regulators: one firm's or one owner's dossier — standing,
//! complaints, inspections, awards; projects and direct picks.

use super::ApiTags;
use super::complaints::Complaint;
use super::firms::Firm;
use super::inspections::OutcomeDto;
use super::types::{AwardStatusDto, MethodDto, OwnerKindDto, ProjectStatusDto};
use crate::auth::BearerAuth;
use crate::problem::ApiResult;
use chrono::{DateTime, Utc};
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};
use uuid::Uuid;
use zjcs_domain::service::Services;
use zjcs_domain::service::dossiers as svc;

pub struct DossiersApi {
    pub services: Services,
}

/// A firm's random inspection.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct DossierInspection {
    pub round_id: Uuid,
    pub title: String,
    pub drawn_at: Option<DateTime<Utc>>,
    pub outcome: Option<OutcomeDto>,
    pub findings: Option<String>,
    pub points: Option<i32>,
}

/// An award the firm won.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct DossierAward {
    pub project_id: Uuid,
    pub title: String,
    pub method: MethodDto,
    /// The contract's price where there is one, else the award's.
    pub price_fen: i64,
    pub status: AwardStatusDto,
    pub awarded_at: DateTime<Utc>,
}

/// Everything on one firm.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct FirmDossier {
    pub firm: Firm,
    pub complaints: Vec<Complaint>,
    pub inspections: Vec<DossierInspection>,
    pub awards: Vec<DossierAward>,
}

/// One of an owner's published projects.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct DossierProject {
    pub id: Uuid,
    pub title: String,
    pub method: MethodDto,
    pub status: ProjectStatusDto,
    pub budget_fen: i64,
    pub published_at: Option<DateTime<Utc>>,
    pub winner_id: Option<Uuid>,
    pub winner_name: Option<String>,
}

/// A firm the owner picked by direct selection, and how often.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct DirectPick {
    pub firm_id: Uuid,
    pub name: String,
    pub times: u64,
}

/// Everything on one owner.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct OwnerDossier {
    pub id: Uuid,
    pub name: String,
    pub kind: Option<OwnerKindDto>,
    pub projects: Vec<DossierProject>,
    pub complaints: Vec<Complaint>,
    pub direct_picks: Vec<DirectPick>,
}

#[derive(ApiResponse)]
pub enum FirmDossierResponse {
    #[oai(status = 200)]
    Ok(Json<FirmDossier>),
}

#[derive(ApiResponse)]
pub enum OwnerDossierResponse {
    #[oai(status = 200)]
    Ok(Json<OwnerDossier>),
}

#[OpenApi(prefix_path = "/dossiers", tag = "ApiTags::Market")]
impl DossiersApi {
    /// A firm's dossier: standing, complaints, inspections, awards (regulators; the newest 200
    /// of each)
    #[oai(path = "/firms/:id", method = "get", operation_id = "getFirmDossier")]
    async fn firm(&self, auth: BearerAuth, id: Path<Uuid>) -> ApiResult<FirmDossierResponse> {
        let who = auth.resolve(&self.services).await?;
        let d = self.services.firm_dossier(&who.actor, id.0).await?;
        Ok(FirmDossierResponse::Ok(Json(FirmDossier {
            firm: d.firm.into(),
            complaints: d.complaints.into_iter().map(Into::into).collect(),
            inspections: d
                .inspections
                .into_iter()
                .map(|i| DossierInspection {
                    round_id: i.round_id,
                    title: i.title,
                    drawn_at: i.drawn_at,
                    outcome: i.outcome.map(Into::into),
                    findings: i.findings,
                    points: i.points,
                })
                .collect(),
            awards: d
                .awards
                .into_iter()
                .map(|a| DossierAward {
                    project_id: a.project_id,
                    title: a.title,
                    method: a.method.into(),
                    price_fen: a.price_fen,
                    status: a.status.into(),
                    awarded_at: a.awarded_at,
                })
                .collect(),
        })))
    }

    /// An owner's dossier: published projects and their awards, complaints, direct picks
    /// (regulators; the newest 200 of each)
    #[oai(path = "/owners/:id", method = "get", operation_id = "getOwnerDossier")]
    async fn owner(&self, auth: BearerAuth, id: Path<Uuid>) -> ApiResult<OwnerDossierResponse> {
        let who = auth.resolve(&self.services).await?;
        let d = self.services.owner_dossier(&who.actor, id.0).await?;
        Ok(OwnerDossierResponse::Ok(Json(OwnerDossier {
            id: d.id,
            name: d.name,
            kind: d.kind.map(Into::into),
            projects: d
                .projects
                .into_iter()
                .map(|p| DossierProject {
                    id: p.id,
                    title: p.title,
                    method: p.method.into(),
                    status: p.status.into(),
                    budget_fen: p.budget_fen,
                    published_at: p.published_at,
                    winner_id: p.winner.as_ref().map(|w| w.0),
                    winner_name: p.winner.map(|w| w.1),
                })
                .collect(),
            complaints: d.complaints.into_iter().map(Into::into).collect(),
            direct_picks: d
                .direct
                .into_iter()
                .map(|p| DirectPick {
                    firm_id: p.firm_id,
                    name: p.name,
                    times: p.times,
                })
                .collect(),
        })))
    }
}

/// A firm the caller was drawn to inspect, findings not yet recorded.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct InspectionTask {
    pub round_id: Uuid,
    pub title: String,
    pub firm_id: Uuid,
    pub firm_name: String,
    pub drawn_at: Option<DateTime<Utc>>,
}

impl From<svc::InspectionTask> for InspectionTask {
    fn from(t: svc::InspectionTask) -> Self {
        InspectionTask {
            round_id: t.round_id,
            title: t.title,
            firm_id: t.firm_id,
            firm_name: t.firm_name,
            drawn_at: t.drawn_at,
        }
    }
}
