//! `market_statistics`: the regulators' market statistics and warnings over [`PROJECTS`]
//! opened projects (issue 6: statistics for 100,000 projects render in ≤ 2 s).
//!
//! Data set: the registry's firms (`dataset::registry`); [`BIDDERS`] of them bid, two others
//! form a planted bid-rotation ring; [`OWNERS`] owner accounts; every catalogue item; a region
//! in each province with firms. [`PROJECTS`] projects published over the last 365 days are
//! written by `zjcs_domain::synthetic` (the same generator the surveillance tests use): 2–7
//! opened bids each (one in twenty failed for lack of bidders), awards, and contracts once
//! signed — about 450,000 registrations and 95,000 awards. A regulator's session is seeded.
//!
//! Measured one request at a time ([`ROUNDS`] each, after one unmeasured request):
//! the statistics of the whole market as JSON (`GET /api/v1/market/statistics`), of one
//! province, as the regulator's page (`GET /market`, HTML with its charts), as CSV, and the
//! warnings of the whole market (`GET /api/v1/market/warnings`), which must name the ring.
//!
//! Budget: every statistics request (JSON, page, CSV) ≤ 2 s.

use crate::dataset::{self, insert_all};
use crate::load::{Outcome, Plan};
use crate::scenario::{BoxFuture, Ctx, Request, Scenario};
use crate::server;
use anyhow::{Context, bail};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use reqwest::header::{AUTHORIZATION, COOKIE};
use reqwest::{Client, StatusCode};
use serde_json::Value;
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;
use zjcs_domain::platform::clock::now;
use zjcs_domain::rules::token::hash_token;
use zjcs_domain::store::entities::{account, session};
use zjcs_domain::store::{self, Set};
use zjcs_domain::synthetic::{MarketSpec, generate};

/// Projects generated (the ring's twelve come on top).
pub const PROJECTS: usize = 100_000;
/// Firms that bid: the registry's sample but two, who form the ring.
pub const BIDDERS: usize = dataset::SAMPLE - 2;
/// Owner accounts.
pub const OWNERS: usize = 500;
/// Measured requests of each kind.
pub const ROUNDS: usize = 5;
/// The budget of one statistics request.
pub const BUDGET: Duration = Duration::from_secs(2);
const SEED: u64 = 0x6d61_726b_6574;

#[derive(Default)]
pub struct MarketStatistics {
    token: String,
    ring: Vec<Uuid>,
    province: String,
    written: String,
}

impl Scenario for MarketStatistics {
    fn name(&self) -> &'static str {
        "market_statistics"
    }

    fn description(&self) -> &'static str {
        "regulators' statistics and warnings over 100,000 opened projects (≤ 2 s)"
    }

    fn prepare<'a>(&'a mut self, ctx: &'a Ctx) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async move {
            let registry = dataset::registry(ctx).await?;
            let started = Instant::now();
            let db = store::connect(&ctx.database_url)
                .await
                .context("connecting to the bench database")?;
            if registry.firm_ids.len() < BIDDERS + 2 {
                bail!("the registry has {} firms", registry.firm_ids.len());
            }
            let firms: Vec<Uuid> = registry.firm_ids[..BIDDERS].to_vec();
            let ring = [registry.firm_ids[BIDDERS], registry.firm_ids[BIDDERS + 1]];
            self.ring = ring.to_vec();
            let mut rng = StdRng::seed_from_u64(SEED);
            let t = now();
            let account = |id: Uuid, role: &str, n: usize| account::ActiveModel {
                id: Set(id),
                email: Set(format!("{role}{n}-{}@bench.zjcs.example", ctx.run_id)),
                name: Set(format!("监测基准{role}{n}")),
                role: Set(role.into()),
                owner_kind: Set((role == "owner").then(|| "department".into())),
                password_hash: Set(dataset::PASSWORD_HASH.into()),
                email_verified_at: Set(Some(t)),
                created_at: Set(t),
                password_changed_at: Set(t),
                rated_count: Set(0),
                rated_closing_out_sum: Set(0),
                rated_payment_sum: Set(0),
            };
            let owners: Vec<Uuid> = (0..OWNERS).map(|_| dataset::uuid(&mut rng)).collect();
            let mut accounts: Vec<account::ActiveModel> = owners
                .iter()
                .enumerate()
                .map(|(n, id)| account(*id, "owner", n))
                .collect();
            let regulator = dataset::uuid(&mut rng);
            accounts.push(account(regulator, "regulator", 0));
            let token = hex::encode(rng.r#gen::<[u8; 32]>());
            let tx = store::begin_write(&db).await?;
            insert_all(&tx, accounts, 12).await.context("accounts")?;
            insert_all(
                &tx,
                vec![session::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    account_id: Set(regulator),
                    token_hash: Set(hash_token(&token)),
                    created_at: Set(t),
                    expires_at: Set(t + chrono::Duration::days(1)),
                    revoked_at: Set(None),
                }],
                6,
            )
            .await
            .context("session")?;
            tx.commit().await?;
            self.token = token;
            let regions: Vec<String> = registry
                .provinces
                .iter()
                .map(|p| format!("{p}0100"))
                .collect();
            self.province = registry
                .provinces
                .first()
                .copied()
                .unwrap_or("33")
                .to_owned();
            let g = generate(
                &db,
                &MarketSpec {
                    projects: PROJECTS,
                    firms,
                    owners,
                    items: registry.items.clone(),
                    regions,
                    ring: Some(ring),
                    days: 365,
                    seed: SEED,
                    plants: Default::default(),
                },
            )
            .await
            .map_err(|e| anyhow::anyhow!("generating the market: {e:?}"))?;
            crate::announcements::analyze(&db, &ctx.database_url).await?;
            db.close().await.ok();
            self.written = format!(
                "{} projects, {} registrations, {} awards written in {:.1} s",
                g.projects,
                g.registrations,
                g.awards,
                started.elapsed().as_secs_f64()
            );
            eprintln!("  market: {}", self.written);
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

/// One kind of request, measured [`ROUNDS`] times: its latencies (µs, sorted), the last body.
async fn measure(
    client: &Client,
    url: &str,
    auth: (&'static str, String),
    pid: u32,
    peak: &mut Option<u64>,
) -> anyhow::Result<(Vec<u64>, u64, String)> {
    let mut latencies = Vec::with_capacity(ROUNDS);
    let mut errors = 0;
    let mut body = String::new();
    for round in 0..=ROUNDS {
        let t0 = Instant::now();
        let r = client
            .get(url)
            .header(auth.0, auth.1.as_str())
            .send()
            .await?;
        let status = r.status();
        body = r.text().await?;
        let us = t0.elapsed().as_micros() as u64;
        if let Some(m) = server::memory(pid) {
            *peak = Some(peak.unwrap_or(0).max(m.rss));
        }
        if round == 0 {
            continue;
        }
        if status == StatusCode::OK {
            latencies.push(us);
        } else {
            errors += 1;
            eprintln!(
                "  {url} answered {status}: {}",
                &body[..body.len().min(300)]
            );
        }
    }
    latencies.sort_unstable();
    Ok((latencies, errors, body))
}

impl MarketStatistics {
    async fn run(&self, ctx: &Ctx, pid: u32) -> anyhow::Result<Vec<Outcome>> {
        let client = Client::builder()
            .timeout(Duration::from_secs(120))
            .build()?;
        let bearer = || (AUTHORIZATION.as_str(), format!("Bearer {}", self.token));
        let cookie = || (COOKIE.as_str(), format!("zjcs_session={}", self.token));
        let province = format!("region={}", self.province);
        let kinds: [(&'static str, String, (&'static str, String), bool); 5] = [
            (
                "market_stats_json",
                ctx.url("/api/v1/market/statistics"),
                bearer(),
                true,
            ),
            (
                "market_stats_province",
                ctx.url(&format!("/api/v1/market/statistics?{province}")),
                bearer(),
                true,
            ),
            ("market_stats_page", ctx.url("/market"), cookie(), true),
            (
                "market_stats_csv",
                ctx.url("/api/v1/market/statistics.csv"),
                bearer(),
                true,
            ),
            (
                "market_warnings",
                ctx.url("/api/v1/market/warnings"),
                bearer(),
                false,
            ),
        ];
        let mut outcomes = Vec::new();
        let mut budget_lines = Vec::new();
        let mut notes = vec![
            String::new(),
            format!("market_statistics: {}", self.written),
        ];
        let pass = |ok: bool| if ok { "PASS" } else { "FAIL" };
        for (name, url, auth, budgeted) in kinds {
            let mut peak = server::memory(pid).map(|m| m.rss);
            let t0 = Instant::now();
            let (latencies, mut errors, body) =
                measure(&client, &url, auth, pid, &mut peak).await?;
            let elapsed = t0.elapsed();
            let worst = latencies.last().copied().unwrap_or(u64::MAX);
            if name == "market_stats_json" {
                let v: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
                notes.push(format!(
                    "  whole market: {} projects, {} awards, {} contracts; server {} ms",
                    v["projects"], v["awarded"], v["contracts"], v["elapsed_ms"]
                ));
            }
            if name == "market_stats_page" && !body.contains("data-figure=\"market.fig.projects\"")
            {
                errors += 1;
                notes.push("  the page did not show the figures".into());
            }
            if name == "market_warnings" {
                let v: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
                let warnings = v["warnings"].as_array().cloned().unwrap_or_default();
                let ring: Vec<String> = self.ring.iter().map(Uuid::to_string).collect();
                let found = warnings.iter().any(|w| {
                    w["kind"] == "bid-rotation"
                        && ring.iter().all(|r| {
                            w["firms"]
                                .as_array()
                                .is_some_and(|f| f.iter().any(|f| f["id"] == r.as_str()))
                        })
                });
                let mut kinds: std::collections::BTreeMap<String, usize> = Default::default();
                for w in &warnings {
                    *kinds
                        .entry(w["kind"].as_str().unwrap_or("?").to_owned())
                        .or_default() += 1;
                }
                notes.push(format!(
                    "  warnings over {} opened projects: {kinds:?}; server {} ms",
                    v["projects"], v["elapsed_ms"]
                ));
                budget_lines.push(format!(
                    "  {}  the planted rotation ring is named among the warnings",
                    pass(found)
                ));
                if !found {
                    errors += 1;
                }
            }
            if budgeted {
                budget_lines.push(format!(
                    "  {}  {name}: slowest of {ROUNDS} {:.2} s ≤ {} s",
                    pass(errors == 0 && worst as u128 <= BUDGET.as_micros()),
                    worst as f64 / 1e6,
                    BUDGET.as_secs()
                ));
            }
            outcomes.push(Outcome {
                name,
                connections: 1,
                duration: elapsed,
                latencies_us: latencies,
                errors,
                error_kinds: Default::default(),
                max_rss: peak,
                rate_override: None,
                server_us: Vec::new(),
                notes: Vec::new(),
            });
        }
        notes.push("budget (market_statistics):".into());
        notes.extend(budget_lines);
        if let Some(last) = outcomes.last_mut() {
            last.notes = notes;
        }
        Ok(outcomes)
    }
}
