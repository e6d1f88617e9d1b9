//! `credit_recompute`: every firm's score and grade recomputed from a ledger of
//! [`EVENTS`] events over the registry's 100,000 firms (issue 5: ≤ 10 s on SQLite and on
//! PostgreSQL), and one recorded event updating its firm without a full recompute.
//!
//! Data set: the registry's firms (`dataset::registry`), then [`EVENTS`] credit events written
//! straight into `credit_event`, each on a firm drawn uniformly, as the marketplace records them
//! (points by the default policy, version 1): 60 % evaluations (averages 1.0–5.0), 20 % on-time
//! deliveries, 8 % late ones (1–15 working days), 1 % refusals to sign, the rest regulators'
//! manual adjustments (−10…10), plus a veto on each firm the registry black-listed; recorded at
//! random over the last 30 months (so some have dropped out of the 24-month window, and half of
//! the rest count at half weight). An administrator's and a regulator's sessions are seeded too.
//! Then the server assesses the imported ledger once (`POST /api/v1/credit/recompute`: the
//! registry's scores were made up, so nearly every firm changes) — reported, not budgeted.
//!
//! Measured, one after another, over HTTP against the running server:
//! 1. **policy change**: `PUT /api/v1/credit/policy` with grade lines A 92, B 82, C 72 (D
//!    unchanged: no firm falls to E), which adopts version 2 and recomputes every firm (many
//!    change grade);
//! 2. **steady recompute**: `POST /api/v1/credit/recompute` again (nothing changes: the daily
//!    run);
//! 3. **one event**: [`SINGLE`] manual adjustments (±1…3) on random firms, one at a time,
//!    `POST /api/v1/firms/{id}/credit-events`; each answer's score must be the previous score
//!    plus the points (the firm is re-assessed from its own ledger, not the market's), and a
//!    full recompute afterwards must find nothing to change.
//!
//! Budget: recompute ≤ 10 s for 1 and 2 (the server's own timing, and the request's).

use crate::dataset::{self, insert_all};
use crate::load::{Outcome, Plan};
use crate::scenario::{BoxFuture, Ctx, Request, Scenario};
use crate::server;
use anyhow::{Context, bail};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reqwest::header::AUTHORIZATION;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;
use zjcs_domain::platform::clock::now;
use zjcs_domain::rules::credit_ledger::{CreditPolicy, EventKind, VetoItem};
use zjcs_domain::rules::token::hash_token;
use zjcs_domain::store::entities::{account, credit_event, firm, session};
use zjcs_domain::store::{self, EntityTrait, QuerySelect, Set};

/// Ledger events seeded.
pub const EVENTS: usize = 1_000_000;
/// Single events recorded one at a time.
pub const SINGLE: usize = 200;
/// The budget for one recompute of every firm.
pub const BUDGET: Duration = Duration::from_secs(10);
const SEED: u64 = 0xc4ed17;

#[derive(Default)]
pub struct CreditRecompute {
    firms: Vec<Uuid>,
    admin: String,
    regulator: String,
    events: usize,
    /// The first assessment of the imported ledger (server ms, request s, firms changed).
    first: Option<(Value, f64)>,
}

impl Scenario for CreditRecompute {
    fn name(&self) -> &'static str {
        "credit_recompute"
    }

    fn description(&self) -> &'static str {
        "recompute 100,000 firms' credit from 1,000,000 ledger events; one event's update"
    }

    fn prepare<'a>(&'a mut self, ctx: &'a Ctx) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async move {
            dataset::registry(ctx).await?;
            let started = Instant::now();
            let db = store::connect(&ctx.database_url)
                .await
                .context("connecting to the bench database")?;
            let firms: Vec<(Uuid, String)> = firm::Entity::find()
                .select_only()
                .column(firm::Column::Id)
                .column(firm::Column::Status)
                .into_tuple()
                .all(&db)
                .await?;
            if firms.is_empty() {
                bail!("no firms to score");
            }
            self.firms = firms.iter().map(|(id, _)| *id).collect();
            let policy = CreditPolicy::default();
            let t = now();
            let mut rng = StdRng::seed_from_u64(SEED);
            let span = 30 * 30 * 24 * 3600i64; // about 30 months, in seconds
            let event = |firm_id: Uuid, kind: EventKind, rng: &mut StdRng| {
                let at = t - chrono::Duration::seconds(rng.gen_range(0..span));
                credit_event::ActiveModel {
                    id: Set(dataset::uuid(rng)),
                    firm_id: Set(firm_id),
                    kind: Set(kind.name().into()),
                    detail: Set(serde_json::to_string(&kind).unwrap_or_default()),
                    points: Set(policy.points(&kind).unwrap_or(0)),
                    policy_version: Set(1),
                    project_id: Set(None),
                    award_id: Set(None),
                    reason: Set(String::new()),
                    recorded_by: Set(None),
                    created_at: Set(at),
                    voided_at: Set(None),
                    void_reason: Set(None),
                }
            };
            // A veto explains each black-listed firm of the registry.
            let mut rows: Vec<credit_event::ActiveModel> = firms
                .iter()
                .filter(|(_, status)| status == "blacklisted")
                .map(|(id, _)| {
                    let mut e = event(
                        *id,
                        EventKind::Veto {
                            item: VetoItem::Fraud,
                        },
                        &mut rng,
                    );
                    e.created_at = Set(t - chrono::Duration::days(rng.gen_range(1..300)));
                    e
                })
                .collect();
            let vetoes = rows.len();
            let db_tx_rows = 50_000;
            let mut written = 0;
            while written < EVENTS {
                while rows.len() < db_tx_rows && written + rows.len() < EVENTS {
                    let firm_id = self.firms[rng.gen_range(0..self.firms.len())];
                    let kind = match rng.gen_range(0..100) {
                        0..60 => EventKind::Evaluation {
                            average_centi: rng.gen_range(5..=25) * 20,
                        },
                        60..80 => EventKind::OnTime,
                        80..88 => EventKind::Late {
                            working_days: rng.gen_range(1..=15),
                        },
                        88..89 => EventKind::RefusedToSign,
                        _ => EventKind::Manual {
                            points: [-10, -5, -3, -2, -1, 1, 2, 3, 5][rng.gen_range(0..9)],
                        },
                    };
                    rows.push(event(firm_id, kind, &mut rng));
                }
                let n = rows.len();
                let tx = store::begin_write(&db).await?;
                insert_all(&tx, std::mem::take(&mut rows), 13)
                    .await
                    .context("credit events")?;
                tx.commit().await?;
                written += n;
            }
            self.events = written;

            // An administrator and a regulator with a session each, stored as `open_session`
            // stores one.
            let mut sessions = Vec::new();
            let mut accounts = Vec::new();
            for role in ["admin", "regulator"] {
                let id = Uuid::new_v4();
                accounts.push(account::ActiveModel {
                    id: Set(id),
                    email: Set(format!("{role}-{}@bench.zjcs.example", ctx.run_id)),
                    name: Set(format!("bench {role}")),
                    role: Set(role.into()),
                    owner_kind: Set(None),
                    password_hash: Set(dataset::PASSWORD_HASH.into()),
                    email_verified_at: Set(Some(t)),
                    created_at: Set(t),
                    password_changed_at: Set(t),
                    rated_count: Set(0),
                    rated_closing_out_sum: Set(0),
                    rated_payment_sum: Set(0),
                });
                let token = hex::encode(rng.r#gen::<[u8; 32]>());
                sessions.push(session::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    account_id: Set(id),
                    token_hash: Set(hash_token(&token)),
                    created_at: Set(t),
                    expires_at: Set(t + chrono::Duration::days(1)),
                    revoked_at: Set(None),
                });
                if role == "admin" {
                    self.admin = format!("Bearer {token}");
                } else {
                    self.regulator = format!("Bearer {token}");
                }
            }
            let tx = store::begin_write(&db).await?;
            insert_all(&tx, accounts, 9).await.context("accounts")?;
            insert_all(&tx, sessions, 6).await.context("sessions")?;
            tx.commit().await?;
            crate::announcements::analyze(&db, &ctx.database_url).await?;
            db.close().await.ok();
            eprintln!(
                "  credit ledger: {written} events ({vetoes} vetoes) over {} firms written in {:.1} s",
                self.firms.len(),
                started.elapsed().as_secs_f64()
            );

            // The server assesses the imported ledger once.
            let t0 = Instant::now();
            let first = recompute(ctx, &ctx.setup, &self.admin).await?;
            self.first = Some((first, t0.elapsed().as_secs_f64()));
            Ok(())
        })
    }

    fn request(&self, _client: &Client, ctx: &Ctx, _worker: usize, _i: u64) -> Request {
        // Not used: `drive` runs this scenario.
        Request::new(ctx.setup.get(ctx.url("/healthz")), StatusCode::OK)
    }

    fn drive(
        self: Arc<Self>,
        ctx: Arc<Ctx>,
        _plan: Plan,
        pid: u32,
    ) -> Option<BoxFuture<'static, anyhow::Result<Vec<Outcome>>>> {
        Some(Box::pin(async move { self.run(&ctx, pid).await }))
    }
}

async fn recompute(ctx: &Ctx, client: &Client, admin: &str) -> anyhow::Result<Value> {
    let r = client
        .post(ctx.url("/api/v1/credit/recompute"))
        .header(AUTHORIZATION, admin)
        .timeout(Duration::from_secs(600))
        .send()
        .await?;
    let status = r.status();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    if status != StatusCode::OK {
        bail!("recompute answered {status}: {body}");
    }
    Ok(body)
}

fn summary(v: &Value) -> String {
    format!(
        "{} firms, {} events read, {} changed ({} status transitions); server {} ms",
        v["firms"], v["events"], v["changed"], v["transitions"], v["millis"]
    )
}

impl CreditRecompute {
    async fn run(&self, ctx: &Ctx, pid: u32) -> anyhow::Result<Vec<Outcome>> {
        let client = Client::builder()
            .timeout(Duration::from_secs(600))
            .build()?;
        let mut notes = vec![String::new()];
        notes.push(format!(
            "credit_recompute: {} ledger events over {} firms",
            self.events,
            self.firms.len()
        ));
        if let Some((first, secs)) = &self.first {
            notes.push(format!(
                "  first assessment of the imported ledger (not budgeted): {}; request {secs:.2} s",
                summary(first)
            ));
        }
        let mut peak_rss = server::memory(pid).map(|m| m.rss);
        let mut sample_rss = || {
            if let Some(m) = server::memory(pid) {
                peak_rss = Some(peak_rss.unwrap_or(0).max(m.rss));
            }
        };

        // 1. A policy change: every firm re-graded.
        let current: Value = client
            .get(ctx.url("/api/v1/credit/policy"))
            .send()
            .await?
            .json()
            .await?;
        let mut policy = current["policy"].clone();
        policy["lines"] = json!([92, 82, 72, policy["lines"][3].clone()]);
        let t0 = Instant::now();
        let r = client
            .put(ctx.url("/api/v1/credit/policy"))
            .header(AUTHORIZATION, &self.admin)
            .json(&json!({ "policy": policy, "reason": "bench: grade lines raised" }))
            .send()
            .await?;
        let status = r.status();
        let adopted: Value = r.json().await.unwrap_or(Value::Null);
        let change_secs = t0.elapsed().as_secs_f64();
        sample_rss();
        if status != StatusCode::OK {
            bail!("policy change answered {status}: {adopted}");
        }
        let change = adopted["recomputed"].clone();

        // 2. The steady recompute: nothing to change.
        let t0 = Instant::now();
        let steady = recompute(ctx, &client, &self.admin).await?;
        let steady_secs = t0.elapsed().as_secs_f64();
        sample_rss();

        // 3. One event at a time.
        let mut rng = StdRng::seed_from_u64(SEED + 1);
        let mut latencies = Vec::with_capacity(SINGLE);
        let mut wrong = 0usize;
        let mut errors = 0u64;
        for _ in 0..SINGLE {
            let firm = self.firms[rng.gen_range(0..self.firms.len())];
            let before: Value = client
                .get(ctx.url(&format!("/api/v1/firms/{firm}/credit")))
                .send()
                .await?
                .json()
                .await?;
            let points = [-3, -2, -1, 1, 2, 3][rng.gen_range(0..6)];
            let t0 = Instant::now();
            let r = client
                .post(ctx.url(&format!("/api/v1/firms/{firm}/credit-events")))
                .header(AUTHORIZATION, &self.regulator)
                .json(&json!({ "kind": "manual", "points": points, "reason": "bench" }))
                .send()
                .await?;
            let status = r.status();
            let after: Value = r.json().await.unwrap_or(Value::Null);
            if status != StatusCode::CREATED {
                errors += 1;
                continue;
            }
            latencies.push(t0.elapsed().as_micros() as u64);
            if after["score"].as_i64() != before["score"].as_i64().map(|s| s + points) {
                wrong += 1;
            }
        }
        latencies.sort_unstable();
        // The incremental updates agree with a full recompute: it finds nothing to change.
        let t0 = Instant::now();
        let after = recompute(ctx, &client, &self.admin).await?;
        let after_secs = t0.elapsed().as_secs_f64();
        sample_rss();
        let pct = |q: f64| -> f64 {
            if latencies.is_empty() {
                return f64::NAN;
            }
            let i = ((latencies.len() as f64 - 1.0) * q).round() as usize;
            latencies[i] as f64 / 1000.0
        };

        let server_ms = |v: &Value| v["millis"].as_u64().unwrap_or(u64::MAX);
        let pass = |ok: bool| if ok { "PASS" } else { "FAIL" };
        notes.push(format!(
            "  policy change (lines A 92, B 82, C 72): {}; request {change_secs:.2} s",
            summary(&change)
        ));
        notes.push(format!(
            "  steady recompute: {}; request {steady_secs:.2} s",
            summary(&steady)
        ));
        notes.push(format!(
            "  one event ({SINGLE}, one at a time): p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; \
             score = previous + points in {} of {}",
            pct(0.5),
            pct(0.99),
            pct(1.0),
            latencies.len() - wrong,
            latencies.len()
        ));
        notes.push(format!(
            "  recompute after the single events: {}; request {after_secs:.2} s",
            summary(&after)
        ));
        notes.push("budget (credit_recompute):".into());
        let within =
            |ms: u64, secs: f64| ms as u128 <= BUDGET.as_millis() && secs <= BUDGET.as_secs_f64();
        notes.push(format!(
            "  {}  recompute after a policy change {:.2} s ≤ {} s",
            pass(within(server_ms(&change), change_secs)),
            change_secs,
            BUDGET.as_secs()
        ));
        notes.push(format!(
            "  {}  steady recompute {:.2} s ≤ {} s",
            pass(within(server_ms(&steady), steady_secs)),
            steady_secs,
            BUDGET.as_secs()
        ));
        let agree = after["changed"].as_u64() == Some(0);
        notes.push(format!(
            "  {}  one event updates its firm at once, as a full recompute would ({} of {} moved \
             by exactly their points, {} refused; the recompute afterwards changed {})",
            pass(wrong == 0 && errors == 0 && agree),
            latencies.len() - wrong,
            latencies.len(),
            errors,
            after["changed"]
        ));
        let secs = change_secs + steady_secs;
        Ok(vec![Outcome {
            name: "credit_recompute",
            connections: 1,
            duration: Duration::from_secs_f64(secs),
            latencies_us: {
                let mut v = vec![(change_secs * 1e6) as u64, (steady_secs * 1e6) as u64];
                v.sort_unstable();
                v
            },
            errors: errors + wrong as u64 + u64::from(!agree),
            error_kinds: Default::default(),
            max_rss: peak_rss,
            // Firms assessed per second over the two recomputes.
            rate_override: Some(2.0 * self.firms.len() as f64 / secs),
            server_us: Vec::new(),
            notes,
        }])
    }
}
