//! The parties' documents and a failed project's republication.

use super::*;
use crate::store::entities::delivery;

impl Services {
    /// A party uploads a document, private to it until attached: an owner its signed
    /// contract, a firm its delivered result or a complaint's evidence.
    pub async fn upload_document(&self, actor: &Actor, file: Upload) -> Result<AttachmentView> {
        // Owners upload contracts; firms upload their delivered results.
        if !may(actor.role, Permission::ManageOwnProjects) {
            authorize(actor, Permission::ManageOwnFirm)?;
        }
        let file = file.check("file")?;
        let tx = begin_write(&self.db).await?;
        let d = attachments::store(&tx, &self.config.seal_key, actor, None, file).await?;
        tx.commit().await?;
        Ok(d)
    }

    /// A party's document: its uploader, and once attached to a contract the winner and
    /// regulators. (A firm's evidence file is read through [`Services::evidence_file`].)
    pub async fn read_document(
        &self,
        actor: &Actor,
        id: Uuid,
    ) -> Result<(AttachmentView, Vec<u8>)> {
        let key = &self.config.seal_key;
        let d = attachments::find(&self.db, key, id)
            .await?
            .filter(|d| d.firm_id.is_none())
            .ok_or(Error::NotFound)?;
        let mut allowed =
            d.account_id == actor.account_id || may(actor.role, Permission::SuperviseProjects);
        if !allowed
            && let Some(a) = store::projects::award_with_contract_document(&self.db, id).await?
        {
            allowed = own_firm(&self.db, actor)
                .await
                .is_ok_and(|f| f.id == a.firm_id);
        }
        if !allowed
            && let Some(s) = store::projects::delivery_submission_of_document(&self.db, id).await?
        {
            // A delivered result: the project's owner reads it.
            allowed = store::find::<delivery::Model>(&self.db, s.award_id)
                .await?
                .is_some_and(|d| d.owner_account_id == actor.account_id);
        }
        if !allowed {
            return Err(Error::NotFound);
        }
        // Served with its kind's media type: a kind the code does not know is an internal
        // error, never some other type.
        let view = AttachmentView::of(&d)?;
        let bytes = attachments::content(&self.db, key, id).await?;
        Ok((view, bytes))
    }

    /// A failed project goes back to draft for the owner to set new dates and publish again
    /// (a new round, a new seed).
    pub async fn republish(&self, actor: &Actor, project_id: Uuid) -> Result<()> {
        authorize(actor, Permission::ManageOwnProjects)?;
        let tx = begin_write(&self.db).await?;
        let p = own_project_in(&tx, actor, project_id).await?;
        if p.status != ProjectStatus::Failed.as_str() {
            return Err(conflict(
                "project-not-failed",
                "status",
                "field.project.not-failed",
            ));
        }
        let round = p.round + 1;
        let reopened = project::Model {
            status: ProjectStatus::Draft.as_str().into(),
            round,
            closed_at: None,
            draw_doc: None,
            failed_reason: None,
            seed_commitment: None,
            seed_secret: None,
            published_at: None,
            published_micros: None,
            updated_at: now(),
            ..p.clone()
        };
        store::update(&tx, &p, reopened).await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "project.reopen",
            "project",
            &p.id.to_string(),
            json!({ "round": round }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    // ---- reading ------------------------------------------------------------------------

    /// The plan files of a closed project's registrants, `(firm, file)`, for its owner (and
    /// regulators) to read and score. Empty before the opening.
    pub async fn plan_files(&self, actor: &Actor, project_id: Uuid) -> Result<Vec<(Uuid, Uuid)>> {
        let p = visible_project(&self.db, project_id).await?;
        let may = p.owner_account_id == actor.account_id
            || may(actor.role, Permission::SuperviseProjects);
        if !may || p.closed_at.is_none() {
            return Ok(Vec::new());
        }
        Ok(active_registrations(&self.db, &p)
            .await?
            .into_iter()
            .filter_map(|r| Some((r.firm_id, r.plan_file_id?)))
            .collect())
    }
}
