//! `audit_proofs`: inclusion and consistency proofs of the audit log at [`ENTRIES`] entries
//! (issue 19, part 3: p99 ≤ 5 ms server-side, on both engines).
//!
//! Data set: [`ENTRIES`] audit entries appended straight into the database through
//! `zjcs_domain::platform::audit::record_many` (the chain the server writes, [`BATCH`] entries a
//! transaction), after whatever the server wrote at start. Then one proof over the whole log,
//! timed but not budgeted: it makes the server verify the imported entries and store their tree,
//! a one-off at the first start after an import (or after the upgrade that added the store).
//!
//! Measured, each in the common closed loop (`-c`, `-d`, `-w` apply), as two rows:
//! `audit_inclusion` — `GET /api/v1/audit/proofs/inclusion?seq=S&size=N`, S random, N the whole
//! log for half the requests and a random size ≥ S for the other half; `audit_consistency` —
//! `GET /api/v1/audit/proofs/consistency?from=M&to=N`, likewise. Under the table: the server's
//! own p50/p99 (its `Server-Timing`), which the budget is about.

use crate::load::{self, Outcome, Plan};
use crate::scenario::{BoxFuture, Ctx, Request, Scenario};
use anyhow::{Context, bail};
use reqwest::{Client, StatusCode};
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};
use zjcs_domain::platform::audit::{AuditActor, Entry, record_many};
use zjcs_domain::store::entities::audit_head;
use zjcs_domain::store::{self, EntityTrait, begin_write};

/// Entries appended to the log.
pub const ENTRIES: u64 = 1_000_000;
/// Entries a transaction while appending.
const BATCH: u64 = 5_000;
/// The budget: p99 of the server's own time per proof.
const BUDGET_MS: f64 = 5.0;

#[derive(Default)]
pub struct AuditProofs {
    /// The log's size once loaded.
    size: u64,
    /// How long the first proof took (the tree stored over the imported entries), seconds.
    first_secs: f64,
    /// How long appending the entries took, seconds.
    load_secs: f64,
}

/// Which proof a measured row asks for.
#[derive(Clone, Copy)]
enum Kind {
    Inclusion,
    Consistency,
}

/// One measured row: random proofs of one kind over a log of `size` entries.
struct Proofs {
    kind: Kind,
    size: u64,
}

/// A well-mixed 64-bit value from a request's coordinates (splitmix64), so that every worker's
/// every request asks for another proof, reproducibly.
fn mix(worker: usize, i: u64) -> u64 {
    let mut z = (worker as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ i.wrapping_add(0x632b_e59b);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Scenario for Proofs {
    fn name(&self) -> &'static str {
        match self.kind {
            Kind::Inclusion => "audit_inclusion",
            Kind::Consistency => "audit_consistency",
        }
    }

    fn description(&self) -> &'static str {
        "one kind of audit proof (run by audit_proofs)"
    }

    fn request(&self, client: &Client, ctx: &Ctx, worker: usize, i: u64) -> Request {
        let r = mix(worker, i);
        let n = self.size;
        // A point in 1..=n, and a size from it to n (the whole log every other request).
        let a = 1 + (r >> 1) % n;
        let b = if r & 1 == 0 {
            n
        } else {
            a + (r >> 33) % (n - a + 1)
        };
        let path = match self.kind {
            Kind::Inclusion => format!("/api/v1/audit/proofs/inclusion?seq={a}&size={b}"),
            Kind::Consistency => format!("/api/v1/audit/proofs/consistency?from={a}&to={b}"),
        };
        Request::new(client.get(ctx.url(&path)), StatusCode::OK)
    }
}

impl Scenario for AuditProofs {
    fn name(&self) -> &'static str {
        "audit_proofs"
    }

    fn description(&self) -> &'static str {
        "inclusion and consistency proofs of a 1,000,000-entry audit log (p99 ≤ 5 ms server-side)"
    }

    fn prepare<'a>(&'a mut self, ctx: &'a Ctx) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async move {
            let db = store::connect(&ctx.database_url)
                .await
                .context("connecting to the bench database")?;
            let t0 = Instant::now();
            let mut written = 0;
            while written < ENTRIES {
                let n = BATCH.min(ENTRIES - written);
                let entries: Vec<Entry> = (written..written + n)
                    .map(|k| Entry {
                        actor: AuditActor::System,
                        action: "bench.entry",
                        object_type: "bench",
                        object_id: k.to_string(),
                        change: json!({ "k": k, "run": ctx.run_id }),
                    })
                    .collect();
                let tx = begin_write(&db).await?;
                record_many(&tx, &entries).await?;
                tx.commit().await?;
                written += n;
            }
            self.load_secs = t0.elapsed().as_secs_f64();
            let head = audit_head::Entity::find_by_id(1)
                .one(&db)
                .await?
                .context("the audit head")?
                .seq as u64;
            db.close().await.ok();
            self.size = head;
            // The first proof over the whole log: the server verifies the new entries and
            // stores their tree.
            let t0 = Instant::now();
            let r = ctx
                .setup
                .get(ctx.url(&format!(
                    "/api/v1/audit/proofs/inclusion?seq={head}&size={head}"
                )))
                .timeout(Duration::from_secs(1800))
                .send()
                .await
                .context("the first proof")?;
            if r.status() != StatusCode::OK {
                bail!(
                    "the first proof answered {}: {}",
                    r.status(),
                    r.text().await.unwrap_or_default()
                );
            }
            self.first_secs = t0.elapsed().as_secs_f64();
            Ok(())
        })
    }

    fn request(&self, client: &Client, ctx: &Ctx, worker: usize, i: u64) -> Request {
        // Not used: `drive` runs the two rows.
        Proofs {
            kind: Kind::Inclusion,
            size: self.size,
        }
        .request(client, ctx, worker, i)
    }

    fn drive(
        self: Arc<Self>,
        ctx: Arc<Ctx>,
        plan: Plan,
        pid: u32,
    ) -> Option<BoxFuture<'static, anyhow::Result<Vec<Outcome>>>> {
        Some(Box::pin(async move {
            let mut rows = Vec::new();
            for kind in [Kind::Inclusion, Kind::Consistency] {
                let row: Arc<dyn Scenario> = Arc::new(Proofs {
                    kind,
                    size: self.size,
                });
                rows.push(load::run(row, ctx.clone(), plan, pid).await?);
            }
            let mut notes = vec![
                String::new(),
                format!(
                    "audit_proofs: a log of {} entries ({} appended in {:.1} s); the first proof \
                     over it (the server verifies and stores the tree) took {:.1} s",
                    self.size, ENTRIES, self.load_secs, self.first_secs
                ),
            ];
            for row in &rows {
                let (p50, p99) = (
                    row.server_percentile_ms(0.5),
                    row.server_percentile_ms(0.99),
                );
                let verdict = match p99 {
                    Some(p) if p <= BUDGET_MS => "PASS",
                    _ => "FAIL",
                };
                notes.push(format!(
                    "  {verdict}  {} server-side p50 {} ms, p99 {} ms ≤ {BUDGET_MS} ms ({} timed)",
                    row.name,
                    p50.map_or("-".into(), |v| format!("{v:.2}")),
                    p99.map_or("-".into(), |v| format!("{v:.2}")),
                    row.server_us.len()
                ));
            }
            if let Some(last) = rows.last_mut() {
                last.notes = notes;
            }
            Ok(rows)
        }))
    }
}
