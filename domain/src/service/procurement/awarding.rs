//! Selecting and awarding (选取、中选): the method's steps, the owner's decisions, the published award.

use super::*;
use crate::store::entities::{award, project, registration};
use crate::store::{self, registrations};

impl Services {
    /// Takes the next step of the selection after the opening or after a decision: awards when
    /// the method decides alone, fails the project when nobody is left, otherwise waits for the
    /// owner.
    pub(super) async fn advance(
        &self,
        tx: &DatabaseTransaction,
        p: project::Model,
        owner_reason: Option<(&Actor, String, String)>,
    ) -> Result<()> {
        // Each step that decides asks again who may still take part.
        let regs = active_registrations(tx, &p).await?;
        let regs = set_aside_ineligible(self, tx, &p, regs, false).await?;
        let (cands, decided) = candidates(&p, &regs)?;
        let step = next_step(&procedure_of(&p)?, &cands, &decided);
        let award_to = match (&step, owner_reason) {
            (_, Some((actor, firm, reason))) => Some((firm, reason, Some(actor))),
            (Step::Award { firm }, None) => {
                Some((firm.clone(), format!("method:{}", p.method), None::<&Actor>))
            }
            _ => None,
        };
        if let Some((firm, reason, actor)) = award_to {
            return self.award_to(tx, p, &regs, &firm, reason, actor).await;
        }
        let status = if step == Step::NoneLeft {
            ProjectStatus::Failed
        } else {
            ProjectStatus::Selecting
        };
        let failed_reason = if status == ProjectStatus::Failed {
            Some(FailedReason::NoneLeft.as_str().into())
        } else {
            p.failed_reason.clone()
        };
        store::update(
            tx,
            &p,
            project::Model {
                status: status.as_str().into(),
                failed_reason,
                updated_at: now(),
                ..p.clone()
            },
        )
        .await?;
        if status == ProjectStatus::Failed {
            record(
                tx,
                AuditActor::System,
                "project.fail",
                "project",
                &p.id.to_string(),
                json!({ "round": p.round, "reason": "none-left" }),
            )
            .await?;
            if let Some(to) = emails(tx, [p.owner_account_id])
                .await?
                .get(&p.owner_account_id)
            {
                mail::send(
                    tx,
                    to,
                    MailKey::Failed,
                    &[
                        ("title", &p.title),
                        ("count", "0"),
                        ("link", &self.project_link(p.id)),
                    ],
                )
                .await?;
            }
        }
        Ok(())
    }

    /// Publishes an award: the notice period starts; the winner, the other registrants and the
    /// owner are told.
    pub(super) async fn award_to(
        &self,
        tx: &DatabaseTransaction,
        p: project::Model,
        regs: &[registration::Model],
        firm: &str,
        reason: String,
        actor: Option<&Actor>,
    ) -> Result<()> {
        let winner = regs
            .iter()
            .find(|r| r.firm_id.to_string() == firm)
            .ok_or_else(|| Error::Internal("award to a non-registrant".into()))?;
        let t = now();
        let calendar = self.calendar();
        let notice_until = end_of_working_days(&calendar, t, NOTICE_WORKING_DAYS);
        let contract_due = end_of_working_days(
            &calendar,
            notice_until - chrono::Duration::seconds(1),
            CONTRACT_WORKING_DAYS,
        );
        let a = store::insert(
            tx,
            award::Model {
                id: Uuid::new_v4(),
                project_id: p.id,
                round: p.round,
                firm_id: winner.firm_id,
                price_fen: winner.price_fen.unwrap_or(p.budget_fen),
                reason: reason.clone(),
                decided_by: actor.map(|a| a.account_id),
                status: AwardStatus::Notice.as_str().into(),
                awarded_at: t,
                notice_until,
                contract_due,
                contract_document_id: None,
                contract_signed_on: None,
                contract_price_fen: None,
                contract_service_days: None,
                contract_terms: None,
                refusal_reason: None,
                contract_reminded_at: None,
                updated_at: t,
            },
        )
        .await?;
        store::update(
            tx,
            &p,
            project::Model {
                status: ProjectStatus::Awarded.as_str().into(),
                updated_at: t,
                ..p.clone()
            },
        )
        .await?;
        record(
            tx,
            actor.map_or(AuditActor::System, AuditActor::Account),
            "project.award",
            "project",
            &p.id.to_string(),
            json!({
                "award": a.id, "firm": a.firm_id, "price_fen": a.price_fen,
                "reason": reason, "notice_until": notice_until,
            }),
        )
        .await?;
        let firms = firms_by_id(tx, regs.iter().map(|r| r.firm_id)).await?;
        let mut accounts: Vec<Uuid> = firms.values().map(|f| f.account_id).collect();
        accounts.push(p.owner_account_id);
        let addresses = emails(tx, accounts).await?;
        let winner_name = firms
            .get(&a.firm_id)
            .map(|f| f.name.clone())
            .unwrap_or_default();
        let link = self.project_link(p.id);
        let until = notice_until
            .with_timezone(&crate::model::project::china())
            .format("%Y-%m-%d %H:%M")
            .to_string();
        let vars = [
            ("title", p.title.as_str()),
            ("firm", winner_name.as_str()),
            ("until", until.as_str()),
            ("link", link.as_str()),
        ];
        for f in firms.values() {
            if let Some(to) = addresses.get(&f.account_id) {
                let key = if f.id == a.firm_id {
                    MailKey::Awarded
                } else {
                    MailKey::NotAwarded
                };
                mail::send(tx, to, key, &vars).await?;
            }
        }
        if let Some(to) = addresses.get(&p.owner_account_id) {
            mail::send(tx, to, MailKey::AwardPublished, &vars).await?;
        }
        Ok(())
    }

    // ---- the owner's decisions ----------------------------------------------------------

    /// The owner awards a firm where the method leaves the choice to them (direct selection, the
    /// credit-preferred short list), or accepts an abnormally-low lowest bid after the firm's
    /// explanation. A reason is required and published. Of two concurrent calls one awards; the
    /// other finds the project awarded.
    pub async fn award(
        &self,
        actor: &Actor,
        project_id: Uuid,
        firm: Uuid,
        reason: &str,
    ) -> Result<SelectionView> {
        authorize(actor, Permission::ManageOwnProjects)?;
        let reason = text(reason, "reason", 1000, true).map_err(|e| Error::Validation(vec![e]))?;
        let tx = begin_write(&self.db).await?;
        let p = self.selecting_project(&tx, actor, project_id).await?;
        let regs = active_registrations(&tx, &p).await?;
        let chosen = bar_of(&tx, firm).await?;
        let regs = set_aside_ineligible(self, &tx, &p, regs, false).await?;
        // The firm chosen may no longer take part: it is set aside (kept, with its reason, the
        // firm told) and the owner is told why.
        if let Some(bar) = chosen.filter(|_| regs.iter().any(|r| r.firm_id == firm)) {
            tx.commit().await?;
            return Err(ineligible_firm(&bar));
        }
        let (cands, decided) = candidates(&p, &regs)?;
        let step = next_step(&procedure_of(&p)?, &cands, &decided);
        let firm_s = firm.to_string();
        if !owner_may_award(&step, &firm_s) {
            return Err(conflict(
                "not-selectable",
                "firm",
                "field.selection.not-choice",
            ));
        }
        if let Step::ConfirmLow { .. } = step {
            let r = regs
                .iter()
                .find(|r| r.firm_id == firm)
                .expect("the step names a registrant");
            set_decision(&tx, r.id, BidDecision::AcceptedLow, &reason).await?;
        }
        self.advance(&tx, p, Some((actor, firm_s, reason))).await?;
        tx.commit().await?;
        self.project_selection(Some(actor), project_id).await
    }

    /// Lowest price: the owner rejects an abnormally-low bid with a reason; the next bid is
    /// considered.
    pub async fn reject_low_bid(
        &self,
        actor: &Actor,
        project_id: Uuid,
        firm: Uuid,
        reason: &str,
    ) -> Result<SelectionView> {
        authorize(actor, Permission::ManageOwnProjects)?;
        let reason = text(reason, "reason", 1000, true).map_err(|e| Error::Validation(vec![e]))?;
        let tx = begin_write(&self.db).await?;
        let p = self.selecting_project(&tx, actor, project_id).await?;
        let regs = active_registrations(&tx, &p).await?;
        let (cands, decided) = candidates(&p, &regs)?;
        match next_step(&procedure_of(&p)?, &cands, &decided) {
            Step::ConfirmLow { firm: f } if f == firm.to_string() => {}
            _ => {
                return Err(conflict(
                    "not-selectable",
                    "firm",
                    "field.selection.not-low",
                ));
            }
        }
        let r = regs
            .iter()
            .find(|r| r.firm_id == firm)
            .expect("a registrant");
        set_decision(&tx, r.id, BidDecision::RejectedLow, &reason).await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "project.reject-low",
            "project",
            &p.id.to_string(),
            json!({ "firm": firm, "reason": reason }),
        )
        .await?;
        self.advance(&tx, p, None).await?;
        tx.commit().await?;
        self.project_selection(Some(actor), project_id).await
    }

    /// Comprehensive scoring: the owner scores every plan asked for (0–100); the system then
    /// ranks and awards.
    pub async fn score_plans(
        &self,
        actor: &Actor,
        project_id: Uuid,
        scores: &[(Uuid, i64)],
    ) -> Result<SelectionView> {
        authorize(actor, Permission::ManageOwnProjects)?;
        let tx = begin_write(&self.db).await?;
        let p = self.selecting_project(&tx, actor, project_id).await?;
        let regs = active_registrations(&tx, &p).await?;
        let (cands, decided) = candidates(&p, &regs)?;
        let Step::ScorePlans { firms } = next_step(&procedure_of(&p)?, &cands, &decided) else {
            return Err(conflict(
                "not-selectable",
                "scores",
                "field.selection.no-scoring",
            ));
        };
        let mut errors = Vec::new();
        for f in &firms {
            match scores.iter().find(|(id, _)| id.to_string() == *f) {
                Some((_, s)) if (0..=100).contains(s) => {}
                Some(_) => errors.push(FieldError::new("scores", "field.selection.score-range")),
                None => errors.push(FieldError::new("scores", "field.selection.score-missing")),
            }
        }
        if scores
            .iter()
            .any(|(id, _)| !firms.contains(&id.to_string()))
        {
            errors.push(FieldError::new("scores", "field.selection.score-unknown"));
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.code);
            errors.dedup();
            return Err(Error::Validation(errors));
        }
        for (id, s) in scores {
            registrations::set_plan_score(&tx, p.id, p.round, *id, *s as i32).await?;
        }
        record(
            &tx,
            AuditActor::Account(actor),
            "project.score-plans",
            "project",
            &p.id.to_string(),
            json!({ "scores": scores.iter().map(|(f, s)| json!({"firm": f, "score": s})).collect::<Vec<_>>() }),
        )
        .await?;
        self.advance(&tx, p, None).await?;
        tx.commit().await?;
        self.project_selection(Some(actor), project_id).await
    }

    /// The owner's project, in selection (for the owner's decisions).
    pub(super) async fn selecting_project(
        &self,
        tx: &DatabaseTransaction,
        actor: &Actor,
        id: Uuid,
    ) -> Result<project::Model> {
        own_project_in(tx, actor, id).await?;
        if !lock_project(tx, id, ProjectStatus::Selecting).await? {
            return Err(conflict(
                "project-not-selecting",
                "status",
                "field.project.not-selecting",
            ));
        }
        // Read again under the lock: a concurrent decision has committed or will wait for us.
        own_project_in(tx, actor, id).await
    }

    // ---- objections, contract, refusal ---------------------------------------------------
}
