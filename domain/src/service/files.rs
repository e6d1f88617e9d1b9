//! Reading a firm's stored file (证明材料, a bid's plan): who may read which is decided here, above
//! both the firms (whose evidence it is) and the procurement (whose opened plans it holds).

use super::Services;
use super::firms::own_firm;
use crate::error::{Error, Result};
use crate::model::Actor;
use crate::platform::attachments::{self, AttachmentView};
use crate::rules::access::{Permission, may};
use crate::store::entities::project;
use crate::store::{self, ConnectionTrait};
use uuid::Uuid;

impl Services {
    /// An evidence file and its bytes. Public once attached to a declared qualification or
    /// practitioner; otherwise only its firm may read it — and, once a project's bids are
    /// opened, that project's owner and regulators, where it is an opened bid's plan. A plan
    /// before the opening (or one never opened) is its firm's alone: regulators and
    /// administrators included, everybody else gets the answer a missing file gets.
    pub async fn evidence_file(
        &self,
        actor: Option<&Actor>,
        id: Uuid,
    ) -> Result<(AttachmentView, Vec<u8>)> {
        let key = &self.config.seal_key;
        // A firm's files only: a party's document is read through `read_document`.
        let meta = attachments::find(&self.db, key, id)
            .await?
            .ok_or(Error::NotFound)?;
        let Some(firm_id) = meta.firm_id else {
            return Err(Error::NotFound);
        };
        let declared = store::attachments::is_declared_evidence(&self.db, id).await?;
        let allowed = declared
            || match actor {
                Some(a) => {
                    own_firm(&self.db, a).await.is_ok_and(|f| f.id == firm_id)
                        || may_read_opened_plan(&self.db, a, id).await?
                }
                None => false,
            };
        if !allowed {
            return Err(Error::NotFound);
        }
        let bytes = attachments::content(&self.db, key, id).await?;
        Ok((AttachmentView::of(&meta)?, bytes))
    }
}

/// Whether `file` is the plan of an opened bid of a project that `actor` owns or supervises
/// (plans are sealed like prices until the opening, and a bid never opened stays sealed).
async fn may_read_opened_plan<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    file: Uuid,
) -> Result<bool> {
    let regs = store::attachments::unsealed_bids_with_plan(db, file).await?;
    for r in regs {
        let opened = store::find::<project::Model>(db, r.project_id)
            .await?
            .is_some_and(|p| {
                (p.owner_account_id == actor.account_id
                    || may(actor.role, Permission::SuperviseProjects))
                    && p.closed_at.is_some()
                    && p.round == r.round
            });
        if opened {
            return Ok(true);
        }
    }
    Ok(false)
}
