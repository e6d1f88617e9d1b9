//! Closing at the deadline (截止开标): opening the bids, the draw, a failed round; reminders of contracts due.

use super::*;

impl Services {
    /// Closes every published project whose deadline has passed (the background job). Safe to
    /// run on every instance at once: each project is closed by exactly one of them.
    pub async fn close_due_projects(&self) -> Result<usize> {
        let due = project::Entity::find()
            .select_only()
            .column(project::Column::Id)
            .filter(project::Column::Status.eq(ProjectStatus::Published.as_str()))
            .filter(project::Column::DeadlineMicros.lte(now().timestamp_micros()))
            .order_by_asc(project::Column::DeadlineMicros)
            .limit(200)
            .into_tuple::<Uuid>()
            .all(&self.db)
            .await?;
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
        let claimed = project::Entity::update_many()
            .col_expr(
                project::Column::Status,
                Expr::value(ProjectStatus::Selecting.as_str()),
            )
            .col_expr(project::Column::ClosedAt, Expr::value(t))
            .col_expr(project::Column::UpdatedAt, Expr::value(t))
            .filter(project::Column::Id.eq(id))
            .filter(project::Column::Status.eq(ProjectStatus::Published.as_str()))
            .filter(project::Column::DeadlineMicros.lte(t.timestamp_micros()))
            .exec(&tx)
            .await?;
        if claimed.rows_affected != 1 {
            return Ok(false);
        }
        let p = project::Entity::find_by_id(id)
            .one(&tx)
            .await?
            .ok_or(Error::NotFound)?;
        let regs = active_registrations(&tx, &p).await?;
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
            let mut m: project::ActiveModel = p.clone().into();
            m.status = Set(ProjectStatus::Failed.as_str().into());
            m.failed_reason = Set(Some(FailedReason::TooFewRegistrants.as_str().into()));
            m.update(&tx).await?;
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
        let mut m: project::ActiveModel = p.clone().into();
        m.draw_doc = Set(Some(
            serde_json::to_string(&doc).map_err(|e| Error::Internal(e.to_string()))?,
        ));
        let p = m.update(&tx).await?;
        // Credit as it stood at the opening decides ties and the credit-preferred lists.
        for r in &regs {
            let score = firms.get(&r.firm_id).map(|f| f.credit_score);
            registration::Entity::update_many()
                .col_expr(registration::Column::CreditScore, Expr::value(score))
                .col_expr(registration::Column::PriceFen, Expr::value(r.price_fen))
                .col_expr(
                    registration::Column::PlanSha256,
                    Expr::value(r.plan_sha256.clone()),
                )
                .col_expr(registration::Column::Nonce, Expr::value(r.nonce.clone()))
                .col_expr(
                    registration::Column::SealedBid,
                    Expr::value(Option::<String>::None),
                )
                .filter(registration::Column::Id.eq(r.id))
                .exec(&tx)
                .await?;
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
        let due = award::Entity::find()
            .filter(award::Column::Status.eq(AwardStatus::Notice.as_str()))
            .filter(award::Column::NoticeUntil.lte(t))
            .filter(award::Column::ContractRemindedAt.is_null())
            .limit(200)
            .all(&self.db)
            .await?;
        let mut sent = 0;
        for a in due {
            let tx = begin_write(&self.db).await?;
            let open = objection::Entity::find()
                .filter(objection::Column::AwardId.eq(a.id))
                .filter(objection::Column::Status.eq(ObjectionStatus::Open.as_str()))
                .one(&tx)
                .await?;
            if open.is_some() {
                continue;
            }
            let claimed = award::Entity::update_many()
                .col_expr(award::Column::ContractRemindedAt, Expr::value(t))
                .filter(award::Column::Id.eq(a.id))
                .filter(award::Column::Status.eq(AwardStatus::Notice.as_str()))
                .filter(award::Column::ContractRemindedAt.is_null())
                .exec(&tx)
                .await?;
            if claimed.rows_affected != 1 {
                continue;
            }
            let Some(p) = project::Entity::find_by_id(a.project_id).one(&tx).await? else {
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
        Ok(sent)
    }
}
