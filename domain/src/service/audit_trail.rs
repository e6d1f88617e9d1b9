//! The audit trail as regulators and administrators read it (审计查询).

use super::{Services, authorize};
use crate::error::Result;
use crate::model::Actor;
use crate::platform::audit::{AuditEntryView, ChainReport, verify_chain};
use crate::rules::access::Permission;
use crate::store::transparency;

impl Services {
    /// Newest-first page of the audit trail: entries with `seq < before` (all when `None`).
    pub async fn audit_list(
        &self,
        actor: &Actor,
        before: Option<i64>,
        limit: u64,
    ) -> Result<Vec<AuditEntryView>> {
        authorize(actor, Permission::ReadAuditTrail)?;
        let rows =
            transparency::entries_newest_first(&self.db, before, limit.clamp(1, 500)).await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// Verifies the chain for a regulator or administrator.
    pub async fn audit_verify(&self, actor: &Actor) -> Result<ChainReport> {
        authorize(actor, Permission::ReadAuditTrail)?;
        verify_chain(&self.db).await
    }
}
