//! `/ocds`: open data in the Open Contracting Data Standard 1.1 (开放合同数据). Every public
//! project as a release package at a stable URL, and a feed of releases in the order of their
//! last change (cursor-based: newest changes last, so a crawler keeps its cursor and asks again).
//! The packages follow the OCDS 1.1 release package schema (with the bid extension); their
//! shape is the standard's, so the spec describes them as JSON objects.

use super::ApiTags;
use crate::problem::ApiResult;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, OpenApi};
use serde_json::Value;
use uuid::Uuid;
use zjcs_domain::error::Error;
use zjcs_domain::service::Services;
use zjcs_domain::service::ocds::{FeedCursor, MAX_FEED_PAGE};

pub struct OcdsApi {
    pub services: Services,
}

#[derive(ApiResponse)]
pub enum PackageResponse {
    /// An OCDS 1.1 release package (`uri`, `version`, `publisher`, `publishedDate`,
    /// `releases`; the feed adds `links.next`).
    #[oai(status = 200)]
    Ok(Json<Value>),
    /// Nothing changed after the cursor (yet): ask again later with the same cursor.
    #[oai(status = 204)]
    NothingNew,
}

#[OpenApi(prefix_path = "/ocds", tag = "ApiTags::OpenData")]
impl OcdsApi {
    /// One public project as an OCDS release package: tender, awards, contracts, and after the
    /// opening its bids (drafts are not public: 404)
    #[oai(
        path = "/projects/:id",
        method = "get",
        operation_id = "getOcdsProject"
    )]
    async fn project(&self, id: Path<Uuid>) -> ApiResult<PackageResponse> {
        Ok(PackageResponse::Ok(Json(
            self.services.ocds_project(id.0).await?,
        )))
    }

    /// The feed of releases, oldest change first, a page at a time: follow `links.next` (it is
    /// there on the last page too: it answers 204 until something changes)
    #[oai(path = "/releases", method = "get", operation_id = "listOcdsReleases")]
    async fn releases(
        &self,
        /// The cursor from the previous page's `links.next`; empty: from the beginning.
        #[oai(default, validator(max_length = 100))]
        cursor: Query<String>,
        /// Releases per page, 1–100 (default 50).
        #[oai(validator(minimum(value = "1"), maximum(value = "100")))]
        limit: Query<Option<u64>>,
    ) -> ApiResult<PackageResponse> {
        let after = match cursor.0.trim() {
            "" => None,
            c => Some(
                FeedCursor::parse(c)
                    .ok_or_else(|| Error::validation("cursor", "field.cursor.invalid"))?,
            ),
        };
        let page = self
            .services
            .ocds_feed(after, limit.0.unwrap_or(50).min(MAX_FEED_PAGE))
            .await?;
        Ok(match page.package {
            Some(p) => PackageResponse::Ok(Json(p)),
            None => PackageResponse::NothingNew,
        })
    }
}
