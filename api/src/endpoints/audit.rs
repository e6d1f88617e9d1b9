//! `/audit`: the audit trail (操作留痕) and its verification, for regulators and administrators.

use super::ApiTags;
use crate::auth::BearerAuth;
use crate::problem::ApiResult;
use chrono::{DateTime, Utc};
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::{Json, PlainText};
use poem_openapi::{ApiResponse, Enum, Object, OpenApi};
use zjcs_domain::platform::audit::AuditEntryView;
use zjcs_domain::rules::access::Permission;
use zjcs_domain::service::Services;
use zjcs_domain::service::authorize;

pub struct AuditApi {
    pub services: Services,
}

/// One entry of the hash chain.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
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
#[oai(skip_serializing_if_is_none)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Pass as `before` to get the next (older) page; absent on the last page.
    #[oai(skip_serializing_if_is_none)]
    pub next_before: Option<i64>,
}

/// Why the chain does not hold at its first broken link:
/// - `gap`: an entry is missing (the sequence numbers skip);
/// - `prev-hash`: an entry's `prev_hash` is not the hash of the entry before it;
/// - `hash`: an entry's hash is not the hash of its own fields (it was changed);
/// - `head`: the last entry is not the recorded head (entries were removed from the end);
/// - `checkpoint`: the log's root at a signed checkpoint's size is not that checkpoint's root;
/// - `tree`: the stored Merkle tree does not give the log's root (a stored node was changed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(
    rename_all = "kebab-case",
    remote = "zjcs_domain::rules::audit::BreakReason"
)]
pub enum BreakReasonDto {
    Gap,
    PrevHash,
    Hash,
    Head,
    Checkpoint,
    Tree,
}

/// The result of walking the whole chain (`reason`: why it breaks at `broken_at`).
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct ChainVerification {
    pub intact: bool,
    /// Entries verified before the first break (all of them when intact).
    pub verified: i64,
    /// The sequence number of the first broken link.
    #[oai(skip_serializing_if_is_none)]
    pub broken_at: Option<i64>,
    #[oai(skip_serializing_if_is_none)]
    pub reason: Option<BreakReasonDto>,
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

/// A signed checkpoint of the audit log: its size and Merkle root (RFC 6962), signed with the
/// platform's Ed25519 key as a C2SP checkpoint in a signed note (`note`): the signed text is
/// `<origin>\n<size>\n<root, standard base64>\n`. docs/VERIFY.md gives the recipe.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct AuditCheckpoint {
    pub size: u64,
    /// The Merkle root, hex.
    pub root: String,
    /// When the server signed it (not part of the signed text).
    pub signed_at: DateTime<Utc>,
    /// The Ed25519 signature of the note's body, hex (on a legacy checkpoint, of
    /// `zjcs audit checkpoint v1\n<size>\n<root hex>\n<signed_at as YYYY-MM-DDTHH:MM:SSZ>\n`).
    pub signature: String,
    /// The log's origin, the note's first line (absent on a legacy checkpoint).
    #[oai(skip_serializing_if_is_none)]
    pub origin: Option<String>,
    /// The signed note (C2SP tlog-checkpoint and signed-note), exactly as signed and served by
    /// `GET /audit/checkpoint` (absent on a legacy checkpoint).
    #[oai(skip_serializing_if_is_none)]
    pub note: Option<String>,
}

impl From<zjcs_domain::rules::checkpoint::Checkpoint> for AuditCheckpoint {
    fn from(c: zjcs_domain::rules::checkpoint::Checkpoint) -> Self {
        AuditCheckpoint {
            size: c.size,
            root: c.root,
            signed_at: c.signed_at,
            signature: c.signature,
            origin: c.origin,
            note: c.note,
        }
    }
}

/// The key checkpoints are signed with.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct AuditPublicKey {
    /// Ed25519 public key, hex.
    pub public_key: String,
    /// The same key as a signed-note verifier key, `<origin>+<key hash>+<base64(0x01 ‖ key)>`,
    /// for note tools and witnesses.
    pub verifier_key: String,
}

/// An entry's inclusion proof. The leaf is SHA-256(0x00 ‖ the entry's chain hash as its 64 hex
/// characters).
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct InclusionProof {
    pub seq: u64,
    pub leaf_index: u64,
    pub tree_size: u64,
    pub leaf_hash: String,
    /// The audit path, hex, from the leaf up.
    pub proof: Vec<String>,
}

/// A consistency proof between two sizes of the log.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct ConsistencyProof {
    pub from: u64,
    pub to: u64,
    pub proof: Vec<String>,
}

#[derive(ApiResponse)]
pub enum CheckpointResponse {
    #[oai(status = 200)]
    Ok(Json<AuditCheckpoint>),
}

/// A page of checkpoints, largest first.
#[derive(Debug, Clone, Object)]
pub struct CheckpointPage {
    pub checkpoints: Vec<AuditCheckpoint>,
    /// Pass as `before` to get the next (older) page; absent on the last page.
    #[oai(skip_serializing_if_is_none)]
    pub next_before: Option<u64>,
}

#[derive(ApiResponse)]
pub enum CheckpointPageResponse {
    #[oai(status = 200)]
    Ok(Json<CheckpointPage>),
}

#[derive(ApiResponse)]
pub enum NoteResponse {
    /// The signed note, `text/plain; charset=utf-8`.
    #[oai(status = 200)]
    Ok(PlainText<String>),
}

#[derive(ApiResponse)]
pub enum PublicKeyResponse {
    #[oai(status = 200)]
    Ok(Json<AuditPublicKey>),
}

#[derive(ApiResponse)]
pub enum InclusionResponse {
    #[oai(status = 200)]
    Ok(Json<InclusionProof>),
}

#[derive(ApiResponse)]
pub enum ConsistencyResponse {
    #[oai(status = 200)]
    Ok(Json<ConsistencyProof>),
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
            reason: report.broken.map(|b| b.reason.into()),
        })))
    }

    /// The public key audit checkpoints are signed with (public)
    #[oai(
        path = "/public-key",
        method = "get",
        operation_id = "getAuditPublicKey"
    )]
    async fn public_key(&self) -> ApiResult<PublicKeyResponse> {
        Ok(PublicKeyResponse::Ok(Json(AuditPublicKey {
            public_key: self.services.audit_public_key(),
            verifier_key: self.services.audit_verifier_key().await?,
        })))
    }

    /// The newest signed checkpoint as its signed note, in plain text (public; 404 before the
    /// first)
    ///
    /// The C2SP checkpoint format that transparency-log tools and witnesses read:
    /// `<origin>\n<size>\n<root, base64>\n\n— <origin> <base64(key hash ‖ signature)>\n`.
    #[oai(
        path = "/checkpoint",
        method = "get",
        operation_id = "getAuditCheckpointNote"
    )]
    async fn checkpoint_note(&self) -> ApiResult<NoteResponse> {
        let c = self.services.latest_checkpoint().await?;
        let note = c.note.ok_or(zjcs_domain::error::Error::NotFound)?;
        Ok(NoteResponse::Ok(PlainText(note)))
    }

    /// Every published checkpoint, largest first (public)
    #[oai(
        path = "/checkpoints",
        method = "get",
        operation_id = "listAuditCheckpoints"
    )]
    async fn list_checkpoints(
        &self,
        /// Only checkpoints of fewer entries.
        before: Query<Option<u64>>,
        /// Page size (1–500, default 100).
        #[oai(validator(minimum(value = "1"), maximum(value = "500")))]
        limit: Query<Option<u64>>,
    ) -> ApiResult<CheckpointPageResponse> {
        let limit = limit.0.unwrap_or(100);
        let list = self.services.checkpoints(before.0, limit).await?;
        let next_before = if list.len() as u64 == limit {
            list.last().map(|c| c.size)
        } else {
            None
        };
        Ok(CheckpointPageResponse::Ok(Json(CheckpointPage {
            checkpoints: list.into_iter().map(Into::into).collect(),
            next_before,
        })))
    }

    /// The newest signed checkpoint (public; 404 before the first)
    #[oai(
        path = "/checkpoints/latest",
        method = "get",
        operation_id = "getLatestAuditCheckpoint"
    )]
    async fn latest_checkpoint(&self) -> ApiResult<CheckpointResponse> {
        let c = self.services.latest_checkpoint().await?;
        Ok(CheckpointResponse::Ok(Json(c.into())))
    }

    /// The checkpoint published for a size of the log (public)
    #[oai(
        path = "/checkpoints/:size",
        method = "get",
        operation_id = "getAuditCheckpoint"
    )]
    async fn checkpoint(&self, size: Path<u64>) -> ApiResult<CheckpointResponse> {
        let c = self.services.checkpoint(size.0).await?;
        Ok(CheckpointResponse::Ok(Json(c.into())))
    }

    /// Sign and publish a checkpoint of the log now (regulators and administrators; the server
    /// also publishes one every hour)
    #[oai(
        path = "/checkpoints",
        method = "post",
        operation_id = "publishAuditCheckpoint"
    )]
    async fn publish(&self, auth: BearerAuth) -> ApiResult<CheckpointResponse> {
        let who = auth.resolve(&self.services).await?;
        authorize(&who.actor, Permission::ReadAuditTrail)?;
        let c = self.services.publish_checkpoint().await?;
        Ok(CheckpointResponse::Ok(Json(c.into())))
    }

    /// An entry's inclusion proof in the tree of `size` entries (public: hashes only)
    #[oai(
        path = "/proofs/inclusion",
        method = "get",
        operation_id = "getAuditInclusionProof"
    )]
    async fn inclusion(&self, seq: Query<u64>, size: Query<u64>) -> ApiResult<InclusionResponse> {
        let p = self.services.audit_inclusion_proof(seq.0, size.0).await?;
        Ok(InclusionResponse::Ok(Json(InclusionProof {
            seq: p.seq,
            leaf_index: p.leaf_index,
            tree_size: p.tree_size,
            leaf_hash: p.leaf_hash,
            proof: p.proof,
        })))
    }

    /// The consistency proof between two sizes of the log (public)
    #[oai(
        path = "/proofs/consistency",
        method = "get",
        operation_id = "getAuditConsistencyProof"
    )]
    async fn consistency(
        &self,
        from: Query<u64>,
        to: Query<u64>,
    ) -> ApiResult<ConsistencyResponse> {
        let p = self.services.audit_consistency_proof(from.0, to.0).await?;
        Ok(ConsistencyResponse::Ok(Json(ConsistencyProof {
            from: p.from,
            to: p.to,
            proof: p.proof,
        })))
    }
}
