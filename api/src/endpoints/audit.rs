//! `/audit`: the audit trail (操作留痕) and its verification, for regulators and administrators.

use super::ApiTags;
use crate::auth::BearerAuth;
use crate::problem::ApiResult;
use chrono::{DateTime, Utc};
use poem_openapi::param::Query;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};
use zjcs_domain::service::Services;
use zjcs_domain::service::audit::AuditEntryView;

pub struct AuditApi {
    pub services: Services,
}

/// One entry of the hash chain.
#[derive(Debug, Object)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: DateTime<Utc>,
    /// Account id, `anonymous` or `system`.
    pub actor: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    /// SHA-256 of the change's canonical JSON.
    pub digest: String,
    pub prev_hash: String,
    pub hash: String,
}

impl From<AuditEntryView> for AuditEntry {
    fn from(e: AuditEntryView) -> Self {
        AuditEntry {
            seq: e.seq,
            at: e.at,
            actor: e.actor,
            action: e.action,
            object_type: e.object_type,
            object_id: e.object_id,
            digest: e.digest,
            prev_hash: e.prev_hash,
            hash: e.hash,
        }
    }
}

/// A page of entries, newest first.
#[derive(Debug, Object)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Pass as `before` to get the next (older) page; absent on the last page.
    #[oai(skip_serializing_if_is_none)]
    pub next_before: Option<i64>,
}

/// The result of walking the whole chain.
#[derive(Debug, Object)]
pub struct ChainVerification {
    pub intact: bool,
    /// Entries verified before the first break (all of them when intact).
    pub verified: i64,
    /// The sequence number of the first broken link.
    #[oai(skip_serializing_if_is_none)]
    pub broken_at: Option<i64>,
    /// `gap`, `prev-hash`, `hash` or `head`.
    #[oai(skip_serializing_if_is_none)]
    pub reason: Option<String>,
}

#[derive(ApiResponse)]
pub enum AuditPageResponse {
    #[oai(status = 200)]
    Ok(Json<AuditPage>),
}

#[derive(ApiResponse)]
pub enum VerificationResponse {
    #[oai(status = 200)]
    Ok(Json<ChainVerification>),
}

#[OpenApi(prefix_path = "/audit", tag = "ApiTags::Audit")]
impl AuditApi {
    /// List audit entries, newest first
    #[oai(path = "/entries", method = "get", operation_id = "listAuditEntries")]
    async fn list(
        &self,
        auth: BearerAuth,
        /// Only entries with a smaller sequence number.
        #[oai(validator(minimum(value = "1")))]
        before: Query<Option<i64>>,
        /// Page size (1–500, default 100).
        #[oai(validator(minimum(value = "1"), maximum(value = "500")))]
        limit: Query<Option<u64>>,
    ) -> ApiResult<AuditPageResponse> {
        let who = auth.resolve(&self.services).await?;
        let limit = limit.0.unwrap_or(100);
        let entries = self
            .services
            .audit_list(&who.actor, before.0, limit)
            .await?;
        let next_before = if entries.len() as u64 == limit {
            entries.last().map(|e| e.seq)
        } else {
            None
        };
        Ok(AuditPageResponse::Ok(Json(AuditPage {
            entries: entries.into_iter().map(Into::into).collect(),
            next_before,
        })))
    }

    /// Verify the whole hash chain
    #[oai(
        path = "/verification",
        method = "get",
        operation_id = "verifyAuditChain"
    )]
    async fn verify(&self, auth: BearerAuth) -> ApiResult<VerificationResponse> {
        let who = auth.resolve(&self.services).await?;
        let report = self.services.audit_verify(&who.actor).await?;
        Ok(VerificationResponse::Ok(Json(ChainVerification {
            intact: report.broken.is_none(),
            verified: report.verified,
            broken_at: report.broken.as_ref().map(|b| b.seq),
            reason: report.broken.map(|b| b.reason.to_owned()),
        })))
    }
}
