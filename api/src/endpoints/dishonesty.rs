//! `/dishonesty-list`: the imported dishonesty list (失信名单). Everybody reads the entries in
//! force; regulators and administrators import the lists authorities publish, as JSON or CSV,
//! all or nothing.

use super::ApiTags;
use super::catalogue::ImportResult;
use crate::auth::BearerAuth;
use crate::problem::ApiResult;
use crate::strict_json::StrictJson;
use chrono::{DateTime, NaiveDate, Utc};
use poem_openapi::param::Query;
use poem_openapi::payload::{Binary, Json};
use poem_openapi::{ApiRequest, ApiResponse, Object, OpenApi};
use uuid::Uuid;
use zjcs_domain::error::Error;
use zjcs_domain::model::dishonesty::{DishonestyInput, csv_text, rows_from_csv};
use zjcs_domain::rules::access::Permission;
use zjcs_domain::service::dishonesty::{DishonestyListing, DishonestyPage};
use zjcs_domain::service::{Services, authorize};

pub struct DishonestyApi {
    pub services: Services,
}

/// One row of an imported list. Each row is checked on its own; a refused import lists every
/// bad row with every problem.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
#[oai(deny_unknown_fields)]
pub struct DishonestyRow {
    /// The unified social credit code (统一社会信用代码), 18 characters with its check character.
    pub credit_code: String,
    /// The entity's name as the list gives it (up to 200 characters; the code decides).
    pub name: Option<String>,
    /// Why it is listed, in the authority's words (up to 2000 characters).
    pub reason: String,
    /// The listing authority (发布机关), up to 100 characters.
    pub authority: String,
    /// The first day listed, `YYYY-MM-DD` (China's date), not after today.
    pub listed_on: String,
    /// The last day listed, `YYYY-MM-DD`, after `listed_on`; absent or empty: no end. A day in
    /// the past lifts the listing.
    pub until: Option<String>,
}

impl From<DishonestyRow> for DishonestyInput {
    fn from(r: DishonestyRow) -> Self {
        DishonestyInput {
            credit_code: r.credit_code,
            name: r.name,
            reason: r.reason,
            authority: r.authority,
            listed_on: r.listed_on,
            until: r.until,
        }
    }
}

/// An import: a JSON array of rows, or a CSV file (UTF-8, with or without a byte-order mark, or
/// GBK) with the header `credit_code,name,reason,authority,listed_on,until` (any order; `name`
/// and `until` may be left out). A code with an entry in force has it rewritten; any other code
/// gets a new entry; codes not in the file are left as they are.
#[derive(ApiRequest)]
pub enum DishonestyImportBody {
    Json(StrictJson<Vec<DishonestyRow>>),
    #[oai(content_type = "text/csv")]
    Csv(Binary<Vec<u8>>),
}

/// An entry of the dishonesty list in force.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct DishonestyListEntry {
    pub credit_code: String,
    /// The firm on this platform holding the code, if one has entered.
    #[oai(skip_serializing_if_is_none)]
    pub firm_id: Option<Uuid>,
    #[oai(skip_serializing_if_is_none)]
    pub firm_name: Option<String>,
    pub reason: String,
    /// The listing authority (发布机关).
    pub authority: String,
    /// The first day listed (China's date).
    pub listed_on: NaiveDate,
    /// The last day listed; absent: no end.
    #[oai(skip_serializing_if_is_none)]
    pub until: Option<NaiveDate>,
    /// When the listing took effect (the start of `listed_on` in China).
    pub starts_at: DateTime<Utc>,
    /// When it lapses (the end of `until` in China).
    #[oai(skip_serializing_if_is_none)]
    pub ends_at: Option<DateTime<Utc>>,
}

impl From<DishonestyListing> for DishonestyListEntry {
    fn from(e: DishonestyListing) -> Self {
        Self {
            credit_code: e.credit_code,
            firm_id: e.firm_id,
            firm_name: e.firm_name,
            reason: e.reason,
            authority: e.authority,
            listed_on: e.listed_on,
            until: e.until,
            starts_at: e.starts_at,
            ends_at: e.ends_at,
        }
    }
}

/// A page of the dishonesty list in force, newest listing first.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct DishonestyListPage {
    /// Entries in force matching the query, over all pages.
    pub total: u64,
    pub entries: Vec<DishonestyListEntry>,
}

impl From<DishonestyPage> for DishonestyListPage {
    fn from(p: DishonestyPage) -> Self {
        Self {
            total: p.total,
            entries: p.entries.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(ApiResponse)]
pub enum DishonestyListResponse {
    #[oai(status = 200)]
    Ok(Json<DishonestyListPage>),
}

#[derive(ApiResponse)]
pub enum DishonestyImportResponse {
    /// Every row was imported. A refused import (422, type `import-rejected`) writes nothing
    /// and lists every bad row in `rows`.
    #[oai(status = 200)]
    Ok(Json<ImportResult>),
}

/// A lift of a listing in force, with its reason.
#[derive(Debug, Clone, Object)]
#[oai(deny_unknown_fields)]
pub struct DishonestyLift {
    /// Why it is lifted (published in the audit trail), 1–1000 characters.
    pub reason: String,
}

#[derive(ApiResponse)]
pub enum DishonestyLiftResponse {
    /// Lifted now: the entry as it ends (no longer in force). No entry in force on the code is a
    /// 404.
    #[oai(status = 200)]
    Ok(Json<DishonestyListEntry>),
}

#[OpenApi(prefix_path = "/dishonesty-list", tag = "ApiTags::Credit")]
impl DishonestyApi {
    /// The public dishonesty list (失信名单): entries in force
    #[oai(path = "/", method = "get", operation_id = "getDishonestyList")]
    async fn list(
        &self,
        /// Only this credit code's entry (is it listed?).
        #[oai(default, validator(max_length = 18))]
        credit_code: Query<String>,
        /// Entries to skip.
        #[oai(default, validator(maximum(value = "1000000000")))]
        offset: Query<u64>,
        /// Page size, 1–1000 (default 100).
        #[oai(validator(minimum(value = "1"), maximum(value = "1000")))]
        limit: Query<Option<u64>>,
    ) -> ApiResult<DishonestyListResponse> {
        let page = self
            .services
            .dishonesty_list(Some(&credit_code.0), offset.0, limit.0.unwrap_or(100))
            .await?;
        Ok(DishonestyListResponse::Ok(Json(page.into())))
    }

    /// Import a dishonesty list from JSON or CSV, all or nothing (regulators, administrators)
    #[oai(
        path = "/import",
        method = "post",
        operation_id = "importDishonestyList"
    )]
    async fn import(
        &self,
        auth: BearerAuth,
        body: DishonestyImportBody,
    ) -> ApiResult<DishonestyImportResponse> {
        let who = auth.resolve(&self.services).await?;
        // Refuse a caller who may not import before reading the file.
        authorize(&who.actor, Permission::ImportDishonestyList)?;
        let rows = match body {
            DishonestyImportBody::Json(StrictJson(rows)) => {
                rows.into_iter().map(|r| Ok(r.into())).collect()
            }
            DishonestyImportBody::Csv(Binary(bytes)) => csv_text(&bytes)
                .and_then(|text| rows_from_csv(&text))
                .map_err(|e| Error::Validation(vec![e]))?,
        };
        let outcome = self
            .services
            .import_dishonesty_list(Some(&who.actor), rows)
            .await?;
        Ok(DishonestyImportResponse::Ok(Json(outcome.into())))
    }

    /// Lift the listing in force on a credit code now, with a reason (regulators,
    /// administrators): an entry imported by mistake is lifted the same day, audited, and the
    /// firm holding the code may take part again at once
    #[oai(
        path = "/:credit_code/lift",
        method = "post",
        operation_id = "liftDishonestyListing"
    )]
    async fn lift(
        &self,
        auth: BearerAuth,
        /// The listed credit code.
        #[oai(validator(max_length = 18))]
        credit_code: poem_openapi::param::Path<String>,
        body: StrictJson<DishonestyLift>,
    ) -> ApiResult<DishonestyLiftResponse> {
        let who = auth.resolve(&self.services).await?;
        let entry = self
            .services
            .lift_dishonesty_listing(Some(&who.actor), &credit_code.0, &body.0.reason)
            .await?;
        Ok(DishonestyLiftResponse::Ok(Json(entry.into())))
    }
}
