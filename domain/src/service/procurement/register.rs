//! Registering, replacing a sealed bid and withdrawing (报名、递交、撤回).

use super::*;
use crate::store::entities::{project, registration};
use crate::store::{self, registrations};

impl Services {
    /// A firm registers for a project, with its sealed bid where the method needs one. Every
    /// reason it may not is given at once. A plan uploaded with the bid (a page's form) is
    /// stored in the registration's transaction, so a refused registration leaves no file behind.
    pub async fn register_for_project(
        &self,
        actor: &Actor,
        project_id: Uuid,
        bid: &BidInput<AttachmentRef>,
    ) -> Result<RegistrationView> {
        self.submit(actor, project_id, bid, false).await
    }

    /// A registered firm replaces its sealed bid before the deadline (a new receipt).
    pub async fn replace_bid(
        &self,
        actor: &Actor,
        project_id: Uuid,
        bid: &BidInput<AttachmentRef>,
    ) -> Result<RegistrationView> {
        self.submit(actor, project_id, bid, true).await
    }

    pub(super) async fn submit(
        &self,
        actor: &Actor,
        project_id: Uuid,
        bid: &BidInput<AttachmentRef>,
        replace: bool,
    ) -> Result<RegistrationView> {
        authorize(actor, Permission::ManageOwnFirm)?;
        let bid = BidInput {
            price_fen: bid.price_fen,
            plan_file: bid
                .plan_file
                .clone()
                .map(|f| f.check("plan_file"))
                .transpose()?,
        };
        self.submit_to_desk(desk::Submission {
            actor: *actor,
            project_id,
            bid,
            replace,
        })
        .await
    }

    /// The firm withdraws its registration before the deadline.
    pub async fn withdraw_registration(
        &self,
        actor: &Actor,
        project_id: Uuid,
    ) -> Result<RegistrationView> {
        authorize(actor, Permission::ManageOwnFirm)?;
        let tx = begin_write(&self.db).await?;
        let p = visible_project(&tx, project_id).await?;
        let f = own_firm(&tx, actor)
            .await
            .map_err(|_| Error::validation("firm", "field.firm.missing"))?;
        let r = registrations::active_registration_of_firm(&tx, p.id, p.round, f.id)
            .await?
            .ok_or_else(|| {
                conflict(
                    "not-registered",
                    "registration",
                    "field.registration.missing",
                )
            })?;
        let t = now();
        lock_open(&tx, &p, t).await?;
        let m = store::update(
            &tx,
            &r,
            registration::Model {
                status: RegistrationStatus::Withdrawn.as_str().into(),
                updated_at: t,
                ..r.clone()
            },
        )
        .await?;
        crate::platform::audit::record_many(
            &tx,
            &[sealed_bid_entry("bid.withdraw", m.receipt.clone())],
        )
        .await?;
        tx.commit().await?;
        self.registration_view(m, &p)
    }

    /// The firm's registration for a project in its current round, if any.
    pub async fn my_registration(
        &self,
        actor: &Actor,
        project_id: Uuid,
    ) -> Result<Option<RegistrationView>> {
        authorize(actor, Permission::ManageOwnFirm)?;
        let p = visible_project(&self.db, project_id).await?;
        let Ok(f) = own_firm(&self.db, actor).await else {
            return Ok(None);
        };
        registrations::registration_of_firm(&self.db, p.id, p.round, f.id)
            .await?
            .map(|r| self.registration_view(r, &p))
            .transpose()
    }

    /// All of the firm's registrations, newest first.
    pub async fn my_registrations(&self, actor: &Actor) -> Result<Vec<RegistrationView>> {
        authorize(actor, Permission::ManageOwnFirm)?;
        let Ok(f) = own_firm(&self.db, actor).await else {
            return Ok(Vec::new());
        };
        let regs = registrations::registrations_of_firm_newest_first(&self.db, f.id).await?;
        let projects: HashMap<Uuid, project::Model> =
            crate::store::find_many::<project::Model>(&self.db, regs.iter().map(|r| r.project_id))
                .await?
                .into_iter()
                .map(|p| (p.id, p))
                .collect();
        regs.into_iter()
            .filter_map(|r| {
                let p = projects.get(&r.project_id)?;
                Some(self.registration_view(r, p))
            })
            .collect()
    }

    pub(super) fn project_link(&self, id: Uuid) -> String {
        format!(
            "{}/projects/{id}",
            self.config.base_url.trim_end_matches('/')
        )
    }

    // ---- closing ------------------------------------------------------------------------
}
