//! The contract (签约) or the winner's refusal to sign.

use super::*;
use crate::store::entities::{award, project};
use crate::store::{self, awards};

impl Services {
    /// After the notice period the owner records the signed contract (document and key terms);
    /// the service starts. The document is one the owner uploaded before or one uploaded with
    /// the contract (a page's form), stored in the contract's transaction, so a refused contract
    /// leaves no file behind.
    pub async fn record_contract(
        &self,
        actor: &Actor,
        project_id: Uuid,
        input: &ContractInput,
    ) -> Result<SelectionView> {
        authorize(actor, Permission::ManageOwnProjects)?;
        let tx = begin_write(&self.db).await?;
        own_project_in(&tx, actor, project_id).await?;
        lock_project(&tx, project_id, ProjectStatus::Awarded).await?;
        let p = own_project_in(&tx, actor, project_id).await?;
        let a = self.signable_award(&tx, &p).await?;
        // The winner's standing at the signing: one that may no longer take part does not sign;
        // its award is overturned with the reason and the next-ranked firm taken (the owner is
        // told why, and sees the new step).
        if let Some(bar) = bar_of(&tx, a.firm_id).await? {
            let reason =
                crate::rules::eligibility::bar_error("registration", &bar).message(Lang::Zh);
            self.overturn(&tx, p, a, BidDecision::ExcludedIneligible, &reason)
                .await?;
            tx.commit().await?;
            return Err(ineligible_firm(&bar));
        }
        let document = input
            .document
            .clone()
            .map(|d| d.check("document"))
            .transpose()?;
        let c = input.check(a.awarded_at, today_in_china())?;
        let document = document
            .ok_or_else(|| Error::validation("document", "field.contract.document-required"))?;
        let doc = attachments::attach(
            &tx,
            &self.config.seal_key,
            actor,
            Owner::Party(actor.account_id),
            document,
            ("document", "field.evidence.unknown"),
        )
        .await?;
        store::update(
            &tx,
            &a,
            award::Model {
                status: AwardStatus::Contracted.as_str().into(),
                contract_document_id: Some(doc),
                contract_signed_on: Some(c.signed_on),
                contract_price_fen: Some(c.price_fen),
                contract_service_days: Some(c.service_days),
                contract_terms: Some(c.terms.clone()),
                updated_at: now(),
                ..a.clone()
            },
        )
        .await?;
        store::update(
            &tx,
            &p,
            project::Model {
                status: ProjectStatus::Contracted.as_str().into(),
                updated_at: now(),
                ..p.clone()
            },
        )
        .await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "project.contract",
            "project",
            &p.id.to_string(),
            json!({
                "award": a.id, "signed_on": c.signed_on, "price_fen": c.price_fen,
                "service_days": c.service_days, "document": doc,
            }),
        )
        .await?;
        // The service period starts: its delivery exists from now on (the reminders read it).
        self.delivery_row(&tx, p.id).await?;
        let winner = firms_by_id(&tx, [a.firm_id]).await?;
        if let Some(f) = winner.get(&a.firm_id)
            && let Some(to) = emails(&tx, [f.account_id]).await?.get(&f.account_id)
        {
            mail::send(
                &tx,
                to,
                MailKey::Contracted,
                &[("title", &p.title), ("link", &self.project_link(p.id))],
            )
            .await?;
        }
        tx.commit().await?;
        self.project_selection(Some(actor), project_id).await
    }

    /// The winner refused to sign (or did not sign in time): the owner records it with a reason,
    /// which becomes a credit event, and the next-ranked firm is taken.
    pub async fn record_refusal(
        &self,
        actor: &Actor,
        project_id: Uuid,
        reason: &str,
    ) -> Result<SelectionView> {
        authorize(actor, Permission::ManageOwnProjects)?;
        let reason = text(reason, "reason", 1000, true).map_err(|e| Error::Validation(vec![e]))?;
        let tx = begin_write(&self.db).await?;
        own_project_in(&tx, actor, project_id).await?;
        lock_project(&tx, project_id, ProjectStatus::Awarded).await?;
        let p = own_project_in(&tx, actor, project_id).await?;
        let a = self.signable_award(&tx, &p).await?;
        // Scored now, by the policy in force; the firm is assessed again (three refusals in a
        // year suspend it).
        let policy = crate::service::credit::current_policy(&tx).await?.policy;
        crate::service::credit::record_event(
            &tx,
            self,
            &policy,
            crate::service::credit::NewEvent {
                firm_id: a.firm_id,
                kind: crate::rules::credit_ledger::EventKind::RefusedToSign,
                project_id: Some(p.id),
                award_id: Some(a.id),
                reason: reason.clone(),
                recorded_by: Some(actor.account_id),
            },
        )
        .await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "project.refusal",
            "project",
            &p.id.to_string(),
            json!({ "award": a.id, "firm": a.firm_id, "reason": reason }),
        )
        .await?;
        self.overturn(&tx, p, a, BidDecision::ExcludedRefusal, &reason)
            .await?;
        tx.commit().await?;
        // The refusal may have suspended the firm (its directory entry says so).
        self.directory_cache.written();
        self.project_selection(Some(actor), project_id).await
    }

    /// The award a contract or refusal is recorded against: in notice, its period over, no
    /// objection open.
    pub(super) async fn signable_award(
        &self,
        tx: &DatabaseTransaction,
        p: &project::Model,
    ) -> Result<award::Model> {
        let Some(a) = current_award(tx, p).await? else {
            return Err(conflict("no-award", "status", "field.contract.no-award"));
        };
        let open = awards::has_open_objection(tx, a.id).await?;
        // The same rule decides the page's and the API's `allowed` (see `read.rs`).
        match may_contract(Some(&award_facts(p, &a, now(), None, open))) {
            Ok(()) => {}
            Err(ContractRefusal::NoAward) => {
                return Err(conflict("no-award", "status", "field.contract.no-award"));
            }
            Err(ContractRefusal::NoticeRunning) => {
                return Err(conflict(
                    "notice-running",
                    "status",
                    "field.contract.notice-running",
                ));
            }
            Err(ContractRefusal::ObjectionOpen) => {
                return Err(conflict(
                    "objection-open",
                    "status",
                    "field.contract.objection-open",
                ));
            }
        }
        Ok(a)
    }
}
