//! Closing at the deadline (截止开标): opening the bids, the draw, a failed round; reminders of contracts due.

use super::*;
use crate::store::entities::{award, project};
use crate::store::{self, awards, registrations};

impl Services {
    /// Closes every published project whose deadline has passed (the background job). Safe to
    /// run on every instance at once: each project is closed by exactly one of them.
    pub async fn close_due_projects(&self) -> Result<usize> {
        let due = registrations::projects_due_to_close(&self.db, now()).await?;
        let mut closed = 0;
        for id in due {
            if self.close_project(id).await? {
                closed += 1;
            }
        }
        Ok(closed)
    }

    /// Closes one project if it is due and still open: opens the bids, fails it with too few
    /// registrants, or makes the draw, reveals the seed and takes the first step of the
    /// selection. `false` when another instance closed it (or it is not due).
    pub async fn close_project(&self, id: Uuid) -> Result<bool> {
        let tx = begin_write(&self.db).await?;
        let t = now();
        // The conditional update is the claim: of concurrent closers exactly one changes the row.
        if !registrations::claim_closing(&tx, id, t).await? {
            return Ok(false);
        }
        let p = store::find::<project::Model>(&tx, id)
            .await?
            .ok_or(Error::NotFound)?;
        // A firm whose standing no longer lets it take part is set aside before the opening:
        // not opened, not drawn, not counted.
        let regs = active_registrations(&tx, &p).await?;
        let regs = set_aside_ineligible(self, &tx, &p, regs, true).await?;
        let firms = firms_by_id(&tx, regs.iter().map(|r| r.firm_id)).await?;
        let policy = crate::model::project::PostingPolicy::default();
        let min = if p.method == "direct" {
            1
        } else {
            policy.min_registrants as usize
        };
        let mut to_notify: Vec<Uuid> = firms.values().map(|f| f.account_id).collect();
        to_notify.push(p.owner_account_id);
        let addresses = emails(&tx, to_notify).await?;
        let link = self.project_link(p.id);
        if regs.len() < min {
            store::update(
                &tx,
                &p,
                project::Model {
                    status: ProjectStatus::Failed.as_str().into(),
                    failed_reason: Some(FailedReason::TooFewRegistrants.as_str().into()),
                    ..p.clone()
                },
            )
            .await?;
            record(
                &tx,
                AuditActor::System,
                "project.fail",
                "project",
                &p.id.to_string(),
                json!({ "round": p.round, "registrants": regs.len(), "minimum": min }),
            )
            .await?;
            for to in addresses.values() {
                mail::send(
                    &tx,
                    to,
                    MailKey::Failed,
                    &[
                        ("title", &p.title),
                        ("count", &regs.len().to_string()),
                        ("link", &link),
                    ],
                )
                .await?;
            }
            tx.commit().await?;
            return Ok(true);
        }
        // The opening: the round's bids are unsealed now, and stored so from here on.
        let regs = regs
            .into_iter()
            .map(|r| self.opened_registration(r))
            .collect::<Result<Vec<_>>>()?;
        // The one draw of this round: a full order of the closed list, from the committed seed.
        let seed = p
            .seed_secret
            .as_deref()
            .map(|s| self.open_text(&crate::rules::seal::project_seed_context(&p.id), s))
            .transpose()?
            .and_then(|s| Seed::from_hex(&s))
            .ok_or_else(|| Error::Internal(format!("project {} has no seed", p.id)))?;
        let entries: Vec<String> = regs.iter().map(|r| r.firm_id.to_string()).collect();
        let drawn = draw(&draw_context(&p), &seed, &entries, entries.len())
            .map_err(|e| Error::Internal(format!("draw failed: {e:?}")))?;
        let doc = PublishedDraw::of(&drawn, &seed);
        let draw_doc =
            Some(serde_json::to_string(&doc).map_err(|e| Error::Internal(e.to_string()))?);
        let p = store::update(
            &tx,
            &p,
            project::Model {
                draw_doc,
                ..p.clone()
            },
        )
        .await?;
        // Credit as it stood at the opening decides ties and the credit-preferred lists.
        for r in &regs {
            let score = firms.get(&r.firm_id).map(|f| f.credit_score);
            registrations::store_opened_bid(&tx, r, score).await?;
        }
        record(
            &tx,
            AuditActor::System,
            "project.close",
            "project",
            &p.id.to_string(),
            json!({
                "round": p.round,
                "registrants": regs.len(),
                "list_hash": doc.list_hash,
                "seed": doc.seed,
                "draw": doc.result,
                "receipts": regs.iter().map(|r| &r.receipt).collect::<Vec<_>>(),
            }),
        )
        .await?;
        for to in addresses.values() {
            mail::send(
                &tx,
                to,
                MailKey::Closed,
                &[
                    ("title", &p.title),
                    ("count", &regs.len().to_string()),
                    ("link", &link),
                ],
            )
            .await?;
        }
        self.advance(&tx, p, None).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Tells the owner and the winner, once, when an award's notice period has ended without an
    /// open objection: the contract is due (the background job). Safe on every instance: the
    /// reminder is claimed by a conditional update.
    pub async fn remind_due_contracts(&self) -> Result<usize> {
        let t = now();
        let mut sent = 0;
        // Every due award, a page at a time: awards held back by an open objection must not
        // keep the ones after them from their reminder.
        let mut after = None;
        loop {
            let due: Vec<award::Model> =
                awards::due_for_contract_reminder(&self.db, t, after, self.config.job_page).await?;
            let Some(last) = due.last() else {
                break;
            };
            after = Some(last.id);
            for a in due {
                let tx = begin_write(&self.db).await?;
                if awards::has_open_objection(&tx, a.id).await? {
                    continue;
                }
                if !awards::claim_contract_reminder(&tx, a.id, t).await? {
                    continue;
                }
                let Some(p) = store::find::<project::Model>(&tx, a.project_id).await? else {
                    continue;
                };
                let winner = firms_by_id(&tx, [a.firm_id]).await?;
                let mut accounts = vec![p.owner_account_id];
                accounts.extend(winner.values().map(|f| f.account_id));
                let due = a
                    .contract_due
                    .with_timezone(&crate::model::project::china())
                    .format("%Y-%m-%d %H:%M")
                    .to_string();
                let firm_name = winner
                    .values()
                    .next()
                    .map(|f| f.name.clone())
                    .unwrap_or_default();
                for to in emails(&tx, accounts).await?.values() {
                    mail::send(
                        &tx,
                        to,
                        MailKey::ContractDue,
                        &[
                            ("title", &p.title),
                            ("firm", &firm_name),
                            ("due", &due),
                            ("link", &self.project_link(p.id)),
                        ],
                    )
                    .await?;
                }
                tx.commit().await?;
                sent += 1;
            }
        }
        Ok(sent)
    }
}
