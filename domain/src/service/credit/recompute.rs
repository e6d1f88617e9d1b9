//! Expiring restrictions and recomputing every firm's score (the daily run and a policy change).

use super::*;

impl Services {
    /// The expiry job: firms whose suspension or black-listing has run out are assessed again
    /// (and listed, told by mail). Every instance may run it; each transition happens once.
    pub async fn expire_credit_restrictions(&self) -> Result<usize> {
        let t = now();
        let mut due: Vec<Uuid> = store_credit::firms_due_to_expire(&self.db, t).await?;
        // Restrictions that began or ended within the last quarter of an hour (the job runs every
        // minute, so each is seen a few times; after a longer stop the daily recompute, which
        // decides every firm's standing too, catches up).
        let since = t - chrono::Duration::minutes(15);
        due.extend(store_credit::firms_with_restrictions_turning(&self.db, since, t).await?);
        due.sort_unstable();
        due.dedup();
        if due.is_empty() {
            return Ok(0);
        }
        let policy = current_policy(&self.db).await?.policy;
        let mut changed = 0;
        for id in due {
            let tx = begin_write(&self.db).await?;
            if reassess(&tx, self, &policy, id, t).await? {
                changed += 1;
            }
            tx.commit().await?;
            self.directory_cache.written();
        }
        Ok(changed)
    }

    /// An administrator asks for every firm to be assessed again now (also run daily and after
    /// a policy change).
    pub async fn recompute_credit(&self, actor: &Actor) -> Result<Recomputed> {
        authorize(actor, Permission::ManageCreditPolicy)?;
        self.recompute_credit_at(now()).await
    }

    /// Assesses every firm again from the ledger under the policy in force, as at `t`: one read
    /// of the firms, one streamed read of the events that can still count, the assessment in
    /// memory, and only changed firms written — in batches, each firm's write conditional on its
    /// row still holding what was assessed. Status changes carry their effects.
    pub async fn recompute_credit_at(&self, t: DateTime<Utc>) -> Result<Recomputed> {
        let started = std::time::Instant::now();
        let policy = current_policy(&self.db).await?.policy;
        let firms: Vec<(Uuid, String, Stored)> = store_credit::standings(&self.db).await?;
        // The restrictions in force, but the rows of the firms' own vetoes (their ledgers
        // decide those).
        let restriction_rows =
            store_credit::restrictions_in_force(&self.db, SOURCE_VETO, t).await?;
        let restrictions = standing::restrictions_by_code(&restriction_rows)?;
        // Events older than both the window and the black-list period cannot count any more.
        let months = policy.window_months.max(policy.blacklist_months);
        let cutoff = t.checked_sub_months(Months::new(months)).unwrap_or(t);
        let mut ledgers: HashMap<Uuid, Vec<LedgerEvent>> = HashMap::with_capacity(firms.len());
        let mut n_events = 0u64;
        {
            use futures_util::TryStreamExt;
            let stream = store_credit::ledger_since(&self.db, cutoff).await?;
            futures_util::pin_mut!(stream);
            while let Some((firm_id, kind, points, at, voided, detail)) = stream.try_next().await? {
                n_events += 1;
                // The row is named by its firm and time (the stream reads no event id).
                ledgers.entry(firm_id).or_default().push(ledger_event(
                    format_args!("of firm {firm_id} recorded {at}"),
                    &kind,
                    &detail,
                    points,
                    at,
                    voided.is_some(),
                )?);
            }
        }
        let empty = Vec::new();
        let no_restriction = Vec::new();
        let mut changes: Vec<(Uuid, Stored, Stored)> = Vec::new();
        for (id, code, stored) in &firms {
            let events = ledgers.get(id).unwrap_or(&empty);
            let a = assess(events, &policy, t, stored.grade_e_since);
            let on_code = restrictions.get(code).unwrap_or(&no_restriction);
            let decided = decide(standing::ledger_part_of(&a), on_code, t);
            let old = stored.clone();
            let new = Stored::from(&a, &decided);
            if old != new {
                changes.push((*id, old, new));
            }
        }
        drop(ledgers);
        let mut done = Recomputed {
            firms: firms.len() as u64,
            events: n_events,
            ..Default::default()
        };
        // Status changes one by one, with their effects; the rest in batches.
        let (transitions, plain): (Vec<_>, Vec<_>) = changes.into_iter().partition(|(_, o, n)| {
            o.status != n.status
                || o.suspended_until != n.suspended_until
                || o.blacklisted_until != n.blacklisted_until
        });
        for (id, _, _) in &transitions {
            let tx = begin_write(&self.db).await?;
            if reassess(&tx, self, &policy, *id, t).await? {
                done.transitions += 1;
                done.changed += 1;
            }
            tx.commit().await?;
            self.directory_cache.written();
        }
        // The directory is told once, in the last batch's transaction: a full reload of its
        // index per batch would compete with the recompute for the CPU. Until that commits,
        // searches show the earlier batches' firms with their previous credit (seconds; the
        // job runs daily and after a policy change).
        let chunks: Vec<_> = plain.chunks(1000).collect();
        for (i, chunk) in chunks.iter().enumerate() {
            let tx = begin_write(&self.db).await?;
            done.changed += store_credit::write_many_if_unchanged(&tx, chunk, t).await?;
            if i + 1 == chunks.len() && done.changed > done.transitions {
                listing_changed(&tx, None).await?;
            }
            tx.commit().await?;
        }
        if done.changed > done.transitions {
            self.directory_cache.written();
        }
        done.millis = started.elapsed().as_millis() as u64;
        Ok(done)
    }
}
