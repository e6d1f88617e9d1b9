//! `/projects`: project announcements (采购公告). Owners draft, publish and cancel; everybody
//! reads what is announced.

use super::ApiTags;
use super::catalogue::QualificationRequirement;
use super::types::{Closed, FundSourceDto, MethodDto, ProjectStatusDto};
use crate::auth::{BearerAuth, optional_caller};
use crate::problem::ApiResult;
use crate::strict_json::StrictJson;
use chrono::{DateTime, Utc};
use poem::Request;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Enum, Object, OpenApi};
use uuid::Uuid;
use zjcs_domain::error::Error;
use zjcs_domain::model::catalogue::QualRequirement;
use zjcs_domain::model::project::{AvoidInput, ProjectInput};
use zjcs_domain::service::Services;
use zjcs_domain::service::procurement::projects::{AnnouncementQuery, ProjectView};

pub struct ProjectsApi {
    pub services: Services,
}

/// A firm the owner avoids on this project, with the published reason.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct AvoidedFirm {
    pub firm: String,
    #[oai(validator(max_length = 500))]
    pub reason: String,
}

/// A posting as submitted. Deadlines are RFC 3339 times, or `YYYY-MM-DDTHH:MM` in China time.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
#[oai(deny_unknown_fields)]
pub struct ProjectBody {
    /// The catalogue item the service is for.
    pub item: Uuid,
    #[oai(validator(max_length = 200))]
    pub title: String,
    #[oai(validator(max_length = 5000))]
    pub scope: String,
    /// Where the service is needed: a six-digit administrative division code.
    #[oai(validator(max_length = 6))]
    pub region: String,
    /// The budget, which is also the price cap, in fen (1 yuan = 100 fen).
    #[oai(validator(minimum(value = "1"), maximum(value = "100000000000")))]
    pub budget_fen: i64,
    /// Contracted service time, 1–3650 days.
    #[oai(validator(minimum(value = "1"), maximum(value = "3650")))]
    pub service_days: u32,
    pub fund_source: Closed<FundSourceDto>,
    /// Only qualifications the catalogue item requires (and its grades); anything else is
    /// refused.
    #[oai(default, validator(max_items = 10))]
    pub required_qualifications: Vec<QualificationRequirement>,
    pub method: Closed<MethodDto>,
    /// Credit-preferred: the long list's size (2–100).
    pub long_list: Option<u32>,
    /// Credit-preferred: how many are drawn from the long list.
    pub short_list: Option<u32>,
    /// Lowest price: the abnormally-low line, in percent of the other bids' mean (default 70).
    pub abnormal_percent: Option<u32>,
    /// Comprehensive scoring: weights in points, summing to 100.
    pub weight_price: Option<u32>,
    pub weight_plan: Option<u32>,
    pub weight_credit: Option<u32>,
    #[oai(validator(max_length = 40))]
    pub registration_deadline: String,
    #[oai(validator(max_length = 40))]
    pub selection_at: String,
    #[oai(validator(max_length = 50))]
    pub contact_name: String,
    #[oai(validator(max_length = 30))]
    pub contact_phone: String,
    #[oai(default, validator(max_items = 50))]
    pub avoid: Vec<AvoidedFirm>,
}

impl ProjectBody {
    fn input(self) -> (Uuid, ProjectInput) {
        (
            self.item,
            ProjectInput {
                title: self.title,
                scope: self.scope,
                region: self.region,
                budget_fen: self.budget_fen,
                service_days: self.service_days,
                fund_source: self.fund_source.into_string(),
                required_qualifications: self
                    .required_qualifications
                    .into_iter()
                    .map(|q| QualRequirement {
                        qual_type: q.qual_type,
                        grades: q.grades,
                    })
                    .collect(),
                method: self.method.into_string(),
                long_list: self.long_list,
                short_list: self.short_list,
                abnormal_percent: self.abnormal_percent,
                weight_price: self.weight_price,
                weight_plan: self.weight_plan,
                weight_credit: self.weight_credit,
                registration_deadline: self.registration_deadline,
                selection_at: self.selection_at,
                contact_name: self.contact_name,
                contact_phone: self.contact_phone,
                avoid: self
                    .avoid
                    .into_iter()
                    .map(|a| AvoidInput {
                        firm: a.firm,
                        reason: a.reason,
                    })
                    .collect(),
            },
        )
    }
}

/// The selection method's parameters.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct MethodParameters {
    #[oai(skip_serializing_if_is_none)]
    pub long_list: Option<u32>,
    #[oai(skip_serializing_if_is_none)]
    pub short_list: Option<u32>,
    #[oai(skip_serializing_if_is_none)]
    pub abnormal_percent: Option<u32>,
    #[oai(skip_serializing_if_is_none)]
    pub weight_price: Option<u32>,
    #[oai(skip_serializing_if_is_none)]
    pub weight_plan: Option<u32>,
    #[oai(skip_serializing_if_is_none)]
    pub weight_credit: Option<u32>,
}

/// A project as announced (or, to its owner, as drafted).
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct Project {
    pub id: Uuid,
    pub owner_name: String,
    pub item_id: Uuid,
    pub item_code: String,
    pub item_name: String,
    pub title: String,
    pub scope: String,
    pub region_code: String,
    pub province_zh: String,
    pub province_en: String,
    pub budget_fen: i64,
    pub service_days: i32,
    pub fund_source: FundSourceDto,
    pub required_qualifications: Vec<QualificationRequirement>,
    pub method: MethodDto,
    pub method_params: MethodParameters,
    pub registration_deadline: DateTime<Utc>,
    pub selection_at: DateTime<Utc>,
    pub contact_name: String,
    pub contact_phone: String,
    pub avoid: Vec<AvoidedFirm>,
    pub status: ProjectStatusDto,
    #[oai(skip_serializing_if_is_none)]
    pub cancel_reason: Option<String>,
    /// SHA-256 of the seed of this project's draw, fixed at publication; the seed is revealed
    /// after the draw.
    #[oai(skip_serializing_if_is_none)]
    pub seed_commitment: Option<String>,
    #[oai(skip_serializing_if_is_none)]
    pub published_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// What the caller may do to the project now (its owner alone; the selection's steps are
    /// on `GET /projects/{id}/selection`).
    pub allowed: Vec<ProjectStepDto>,
}

impl From<ProjectView> for Project {
    fn from(v: ProjectView) -> Self {
        Project {
            id: v.id,
            owner_name: v.owner_name,
            item_id: v.item_id,
            item_code: v.item_code,
            item_name: v.item_name,
            title: v.title,
            scope: v.scope,
            region_code: v.region_code,
            province_zh: v.province_zh,
            province_en: v.province_en,
            budget_fen: v.budget_fen,
            service_days: v.service_days,
            fund_source: v.fund_source.into(),
            required_qualifications: v
                .required_qualifications
                .into_iter()
                .map(Into::into)
                .collect(),
            method: v.method.into(),
            method_params: MethodParameters {
                long_list: v.method_params.long_list,
                short_list: v.method_params.short_list,
                abnormal_percent: v.method_params.abnormal_percent,
                weight_price: v.method_params.weight_price,
                weight_plan: v.method_params.weight_plan,
                weight_credit: v.method_params.weight_credit,
            },
            registration_deadline: v.registration_deadline,
            selection_at: v.selection_at,
            contact_name: v.contact_name,
            contact_phone: v.contact_phone,
            avoid: v
                .avoid
                .into_iter()
                .map(|a| AvoidedFirm {
                    firm: a.firm.to_string(),
                    reason: a.reason,
                })
                .collect(),
            status: v.status.into(),
            cancel_reason: v.cancel_reason,
            seed_commitment: v.seed_commitment,
            published_at: v.published_at,
            created_at: v.created_at,
            updated_at: v.updated_at,
            allowed: v.allowed.into_iter().map(Into::into).collect(),
        }
    }
}

/// A page of announcements.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct AnnouncementList {
    pub projects: Vec<Project>,
    /// Pass back as `cursor` for the next page; absent on the last.
    #[oai(skip_serializing_if_is_none)]
    pub next_cursor: Option<String>,
}

/// Why a project is cancelled (published with it).
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
#[oai(deny_unknown_fields)]
pub struct CancelBody {
    #[oai(validator(max_length = 1000))]
    pub reason: String,
}

#[derive(ApiResponse)]
pub enum ProjectResponse {
    #[oai(status = 200)]
    Ok(Json<Project>),
}

#[derive(ApiResponse)]
pub enum ProjectCreated {
    #[oai(status = 201)]
    Created(Json<Project>),
}

#[derive(ApiResponse)]
pub enum ProjectListResponse {
    #[oai(status = 200)]
    Ok(Json<Vec<Project>>),
}

#[derive(ApiResponse)]
pub enum AnnouncementResponse {
    #[oai(status = 200)]
    Ok(Json<AnnouncementList>),
}

#[OpenApi(prefix_path = "/projects", tag = "ApiTags::Projects")]
impl ProjectsApi {
    /// List project announcements, newest first
    #[oai(path = "/", method = "get", operation_id = "listAnnouncements")]
    async fn list(
        &self,
        /// A catalogue item id.
        #[oai(default)]
        item: Query<String>,
        /// An administrative division prefix: province (2 digits), city (4) or county (6).
        #[oai(default)]
        region: Query<String>,
        /// A selection method.
        method: Query<Option<Closed<MethodDto>>>,
        /// Any status but `draft`; default all of them.
        status: Query<Option<Closed<ProjectStatusDto>>>,
        /// The `next_cursor` of the previous page.
        #[oai(default)]
        cursor: Query<String>,
        /// Page size, 1–100 (default 20).
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))]
        limit: Query<Option<u64>>,
    ) -> ApiResult<AnnouncementResponse> {
        let method = method.0.as_ref().map_or("", Closed::as_str);
        let status = status.0.as_ref().map_or("", Closed::as_str);
        let q = AnnouncementQuery::parse(&item, &region, method, status, &cursor, limit.0)
            .map_err(Error::Validation)?;
        let page = self.services.announcements(&q).await?;
        Ok(AnnouncementResponse::Ok(Json(AnnouncementList {
            projects: page.projects.into_iter().map(Into::into).collect(),
            next_cursor: page.next_cursor,
        })))
    }

    /// The caller's own projects, drafts included (project owners)
    #[oai(path = "/mine", method = "get", operation_id = "listMyProjects")]
    async fn mine(&self, auth: BearerAuth) -> ApiResult<ProjectListResponse> {
        let who = auth.resolve(&self.services).await?;
        let list = self.services.my_projects(&who.actor).await?;
        Ok(ProjectListResponse::Ok(Json(
            list.into_iter().map(Into::into).collect(),
        )))
    }

    /// One project: announced ones for everybody, drafts for their owner (with a bearer token)
    #[oai(path = "/:id", method = "get", operation_id = "getProject")]
    async fn get(&self, req: &Request, id: Path<Uuid>) -> ApiResult<ProjectResponse> {
        let actor = optional_caller(&self.services, req).await?;
        Ok(ProjectResponse::Ok(Json(
            self.services.project(actor.as_ref(), id.0).await?.into(),
        )))
    }

    /// Draft a project (project owners)
    #[oai(path = "/", method = "post", operation_id = "createProject")]
    async fn create(
        &self,
        auth: BearerAuth,
        body: StrictJson<ProjectBody>,
    ) -> ApiResult<ProjectCreated> {
        let who = auth.resolve(&self.services).await?;
        let (item, input) = body.0.input();
        let p = self
            .services
            .create_project(&who.actor, item, &input)
            .await?;
        Ok(ProjectCreated::Created(Json(p.into())))
    }

    /// Edit a draft (project owners)
    #[oai(path = "/:id", method = "put", operation_id = "updateProject")]
    async fn update(
        &self,
        auth: BearerAuth,
        id: Path<Uuid>,
        body: StrictJson<ProjectBody>,
    ) -> ApiResult<ProjectResponse> {
        let who = auth.resolve(&self.services).await?;
        let (item, input) = body.0.input();
        let p = self
            .services
            .update_project(&who.actor, id.0, item, &input)
            .await?;
        Ok(ProjectResponse::Ok(Json(p.into())))
    }

    /// Publish a draft as an announcement (project owners)
    ///
    /// Checked again against the time of publication; the platform commits to the seed of the
    /// project's draw (`seed_commitment`).
    #[oai(
        path = "/:id/publish",
        method = "post",
        operation_id = "publishProject"
    )]
    async fn publish(&self, auth: BearerAuth, id: Path<Uuid>) -> ApiResult<ProjectResponse> {
        let who = auth.resolve(&self.services).await?;
        let p = self.services.publish_project(&who.actor, id.0).await?;
        Ok(ProjectResponse::Ok(Json(p.into())))
    }

    /// Cancel a project, with a published reason (project owners)
    #[oai(path = "/:id/cancel", method = "post", operation_id = "cancelProject")]
    async fn cancel(
        &self,
        auth: BearerAuth,
        id: Path<Uuid>,
        body: StrictJson<CancelBody>,
    ) -> ApiResult<ProjectResponse> {
        let who = auth.resolve(&self.services).await?;
        let p = self
            .services
            .cancel_project(&who.actor, id.0, &body.0.reason)
            .await?;
        Ok(ProjectResponse::Ok(Json(p.into())))
    }
}

/// Something the caller may do to a project itself:
/// - `edit`: its owner edits a draft, or amends a published announcement before its deadline
///   (`PUT /projects/{id}`);
/// - `publish`: its owner publishes a draft (`POST /projects/{id}/publish`);
/// - `cancel`: its owner cancels it, with a published reason, before any award
///   (`POST /projects/{id}/cancel`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(
    rename_all = "kebab-case",
    remote = "zjcs_domain::rules::procedure::ProjectStep"
)]
pub enum ProjectStepDto {
    Edit,
    Publish,
    Cancel,
}
