//! `/catalogue`: the service-item catalogue (中介服务事项清单), the published list of items and
//! fees. Everybody reads it; administrators create, edit, retire and import.

use super::ApiTags;
use crate::auth::BearerAuth;
use crate::problem::ApiResult;
use crate::strict_json::StrictJson;
use chrono::{DateTime, Utc};
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::{Json, PlainText};
use poem_openapi::{ApiRequest, ApiResponse, Object, OpenApi};
use uuid::Uuid;
use zjcs_domain::error::Error;
use zjcs_domain::model::catalogue::{QualRequirement, ServiceItemInput, rows_from_csv};
use zjcs_domain::service::Services;
use zjcs_domain::service::catalogue::{ImportOutcome, ServiceItemView};

pub struct CatalogueApi {
    pub services: Services,
}

/// A qualification type the law requires for an item, and the grades that satisfy it.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct QualificationRequirement {
    /// The qualification type (资质类型).
    #[oai(rename = "type", validator(max_length = 100))]
    pub qual_type: String,
    /// Grades that satisfy the requirement; empty means any grade.
    #[oai(default, validator(max_items = 10))]
    pub grades: Vec<String>,
}

impl From<QualRequirement> for QualificationRequirement {
    fn from(q: QualRequirement) -> Self {
        Self {
            qual_type: q.qual_type,
            grades: q.grades,
        }
    }
}

/// A catalogue item as published.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct ServiceItem {
    pub id: Uuid,
    /// Stable item code, e.g. `ZJ-CH-01`.
    pub code: String,
    pub name: String,
    pub name_en: String,
    /// The administrative approval the item serves (审批事项).
    pub approval: String,
    /// The approving department (审批部门).
    pub department: String,
    pub legal_basis: String,
    pub qualifications: Vec<QualificationRequirement>,
    /// Standard time limit in working days.
    pub time_limit_days: i32,
    /// Lowest fee, in fen (1 yuan = 100 fen).
    #[oai(skip_serializing_if_is_none)]
    pub fee_min_fen: Option<i64>,
    /// Highest fee, in fen.
    #[oai(skip_serializing_if_is_none)]
    pub fee_max_fen: Option<i64>,
    /// The fee standard in words.
    pub fee_note: String,
    pub workflow: String,
    /// Materials the owner provides.
    pub materials: Vec<String>,
    /// Retired items take no new projects.
    pub retired: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<ServiceItemView> for ServiceItem {
    fn from(v: ServiceItemView) -> Self {
        ServiceItem {
            id: v.id,
            code: v.code,
            name: v.name,
            name_en: v.name_en,
            approval: v.approval,
            department: v.department,
            legal_basis: v.legal_basis,
            qualifications: v.qualifications.into_iter().map(Into::into).collect(),
            time_limit_days: v.time_limit_days,
            fee_min_fen: v.fee_min_fen,
            fee_max_fen: v.fee_max_fen,
            fee_note: v.fee_note,
            workflow: v.workflow,
            materials: v.materials,
            retired: v.retired,
            created_at: v.created_at,
            updated_at: v.updated_at,
        }
    }
}

/// A catalogue item as submitted (create, edit, or one element of a JSON import).
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
#[oai(deny_unknown_fields)]
pub struct ServiceItemBody {
    /// An upper-case letter, then 1–31 upper-case letters, digits or hyphens.
    #[oai(validator(max_length = 32))]
    pub code: String,
    #[oai(validator(max_length = 100))]
    pub name: String,
    #[oai(default, validator(max_length = 200))]
    pub name_en: String,
    #[oai(validator(max_length = 200))]
    pub approval: String,
    #[oai(validator(max_length = 100))]
    pub department: String,
    #[oai(default, validator(max_length = 2000))]
    pub legal_basis: String,
    #[oai(default, validator(max_items = 10))]
    pub qualifications: Vec<QualificationRequirement>,
    /// 1 to 365 working days.
    #[oai(validator(minimum(value = "1"), maximum(value = "365")))]
    pub time_limit_days: i64,
    #[oai(validator(minimum(value = "0"), maximum(value = "10000000000")))]
    pub fee_min_fen: Option<i64>,
    #[oai(validator(minimum(value = "0"), maximum(value = "10000000000")))]
    pub fee_max_fen: Option<i64>,
    #[oai(default, validator(max_length = 500))]
    pub fee_note: String,
    #[oai(default, validator(max_length = 4000))]
    pub workflow: String,
    #[oai(default, validator(max_items = 30))]
    pub materials: Vec<String>,
}

impl From<ServiceItemBody> for ServiceItemInput {
    fn from(b: ServiceItemBody) -> Self {
        ServiceItemInput {
            code: b.code,
            name: b.name,
            name_en: b.name_en,
            approval: b.approval,
            department: b.department,
            legal_basis: b.legal_basis,
            qualifications: b
                .qualifications
                .into_iter()
                .map(|q| QualRequirement {
                    qual_type: q.qual_type,
                    grades: q.grades,
                })
                .collect(),
            time_limit_days: b.time_limit_days,
            fee_min_fen: b.fee_min_fen,
            fee_max_fen: b.fee_max_fen,
            fee_note: b.fee_note,
            workflow: b.workflow,
            materials: b.materials,
        }
    }
}

/// An import: a JSON array of items, or a CSV file with the columns `code, name, name_en,
/// approval, department, legal_basis, qualifications, time_limit_days, fee_min_fen, fee_max_fen,
/// fee_note, workflow, materials` (`qualifications` as `type:grade|grade;type`, `materials`
/// separated by `;`, fees in integer fen).
#[derive(ApiRequest)]
pub enum ImportBody {
    Json(StrictJson<Vec<ServiceItemBody>>),
    #[oai(content_type = "text/csv")]
    Csv(PlainText<String>),
}

/// What an import did: every row was written (items with new codes created, known codes
/// updated).
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct ImportResult {
    pub created: u64,
    pub updated: u64,
}

impl From<ImportOutcome> for ImportResult {
    fn from(o: ImportOutcome) -> Self {
        Self {
            created: o.created as u64,
            updated: o.updated as u64,
        }
    }
}

#[derive(ApiResponse)]
pub enum ItemListResponse {
    #[oai(status = 200)]
    Ok(Json<Vec<ServiceItem>>),
}

#[derive(ApiResponse)]
pub enum ItemResponse {
    #[oai(status = 200)]
    Ok(Json<ServiceItem>),
}

#[derive(ApiResponse)]
pub enum ItemCreated {
    #[oai(status = 201)]
    Created(Json<ServiceItem>),
}

#[derive(ApiResponse)]
pub enum ImportResponse {
    /// Every row was imported. A refused import (422, type `import-rejected`) writes nothing
    /// and lists every bad row in `rows`.
    #[oai(status = 200)]
    Ok(Json<ImportResult>),
}

#[OpenApi(prefix_path = "/catalogue", tag = "ApiTags::Catalogue")]
impl CatalogueApi {
    /// List the catalogue of service items and fees
    #[oai(path = "/", method = "get", operation_id = "listServiceItems")]
    async fn list(
        &self,
        /// Include retired items.
        #[oai(default)]
        include_retired: Query<bool>,
    ) -> ApiResult<ItemListResponse> {
        let items = self.services.list_items(include_retired.0).await?;
        Ok(ItemListResponse::Ok(Json(
            items.into_iter().map(Into::into).collect(),
        )))
    }

    /// One service item
    #[oai(path = "/:id", method = "get", operation_id = "getServiceItem")]
    async fn get(&self, id: Path<Uuid>) -> ApiResult<ItemResponse> {
        Ok(ItemResponse::Ok(Json(
            self.services.get_item(id.0).await?.into(),
        )))
    }

    /// Create a service item (administrators)
    #[oai(path = "/", method = "post", operation_id = "createServiceItem")]
    async fn create(
        &self,
        auth: BearerAuth,
        body: StrictJson<ServiceItemBody>,
    ) -> ApiResult<ItemCreated> {
        let who = auth.resolve(&self.services).await?;
        let item = self
            .services
            .create_item(&who.actor, &body.0.into())
            .await?;
        Ok(ItemCreated::Created(Json(item.into())))
    }

    /// Edit a service item (administrators)
    #[oai(path = "/:id", method = "put", operation_id = "updateServiceItem")]
    async fn update(
        &self,
        auth: BearerAuth,
        id: Path<Uuid>,
        body: StrictJson<ServiceItemBody>,
    ) -> ApiResult<ItemResponse> {
        let who = auth.resolve(&self.services).await?;
        let item = self
            .services
            .edit_item(&who.actor, id.0, &body.0.into())
            .await?;
        Ok(ItemResponse::Ok(Json(item.into())))
    }

    /// Retire a service item: no new projects against it (administrators)
    #[oai(
        path = "/:id/retire",
        method = "post",
        operation_id = "retireServiceItem"
    )]
    async fn retire(&self, auth: BearerAuth, id: Path<Uuid>) -> ApiResult<ItemResponse> {
        let who = auth.resolve(&self.services).await?;
        let item = self
            .services
            .set_item_retired(&who.actor, id.0, true)
            .await?;
        Ok(ItemResponse::Ok(Json(item.into())))
    }

    /// Bring a retired service item back (administrators)
    #[oai(
        path = "/:id/reinstate",
        method = "post",
        operation_id = "reinstateServiceItem"
    )]
    async fn reinstate(&self, auth: BearerAuth, id: Path<Uuid>) -> ApiResult<ItemResponse> {
        let who = auth.resolve(&self.services).await?;
        let item = self
            .services
            .set_item_retired(&who.actor, id.0, false)
            .await?;
        Ok(ItemResponse::Ok(Json(item.into())))
    }

    /// Import service items from JSON or CSV, all or nothing (administrators)
    #[oai(path = "/import", method = "post", operation_id = "importServiceItems")]
    async fn import(&self, auth: BearerAuth, body: ImportBody) -> ApiResult<ImportResponse> {
        let who = auth.resolve(&self.services).await?;
        let rows = match body {
            ImportBody::Json(StrictJson(items)) => {
                items.into_iter().map(|b| Ok(b.into())).collect()
            }
            ImportBody::Csv(PlainText(text)) => {
                rows_from_csv(&text).map_err(|e| Error::Validation(vec![e]))?
            }
        };
        let outcome = self.services.import_items(Some(&who.actor), rows).await?;
        Ok(ImportResponse::Ok(Json(outcome.into())))
    }
}
