//! `bid_storm`: the last ten seconds before a deadline. [`BIDS`] firms register with sealed bids
//! for [`PROJECTS`] lowest-price projects ([`BIDS`] / [`PROJECTS`] firms each, price cap
//! [`CAP_FEN`]) that share one registration deadline T, over [`CONNECTIONS`] keep-alive
//! connections, as fast as the server takes them, from T − 10 s on; meanwhile [`READERS`] more
//! connections read the projects' pages and the announcement list at [`READ_RATE`] requests a
//! second in all. Afterwards the server's own
//! closing job opens the bids, and every project's selection record is checked against what the
//! server answered.
//!
//! The run, in order:
//!
//! 1. **Write limit.** [`crate::write_probe`]: single-row INSERT transactions into a scratch
//!    table with [`CONNECTIONS`] concurrent writers through the server's driver and pool
//!    options, for [`PROBE`] — what the database can commit on this machine, measured on the
//!    same database in the same run (the server idle).
//! 2. **Warm-up** (the harness's `--warmup`, 2 s unless told): the firms bid on
//!    [`WARM_PROJECTS`] other projects, open for a day, while the readers read, as on any busy
//!    day. The write probe counts only after its pool has been writing for half a second; this
//!    gives the server's pool the same start, so that the storm measures the sustained rate, not
//!    the first uses of connections new to the desk's statements. `--warmup 0`: a cold storm.
//! 3. **Deadline.** The projects were seeded with a deadline a day ahead; now their
//!    `registration_deadline` and `deadline_micros` are set to T = now + 10 s (a direct update, as
//!    an owner's edit would not be allowed this close to the deadline).
//! 4. **Storm.** From T − 10 s, each of the [`CONNECTIONS`] workers takes the next bid from the
//!    shuffled list (projects interleaved) and sends `POST /api/v1/projects/{id}/registration`
//!    `{"price_fen": …}` with its firm's bearer token, until the list is empty or it is
//!    T + [`GRACE`]: bids still unsent then are not sent. Then, from T + 0.2 s, [`LATE`] more firms
//!    that have not bid send one bid each, all of them after the deadline. Every bid's send time
//!    (wall clock, the server's clock too), answer and latency is recorded.
//! 5. **Opening.** Poll each project's `GET /api/v1/projects/{id}/selection` until its status is
//!    no longer `published` (the closing job runs every 500 ms), and read the opened bids.
//! 6. **Checks.** Every bid answered 201 is among its project's opened bids with the same price
//!    and receipt; no opened bid was not answered 201; every bid sent after T was refused with
//!    403 `registration-refused` / `registration.deadline-passed`. A bid sent before T may be
//!    accepted or refused late (it reached the server after T); anything else is an error.
//!
//! Firms, sessions and projects are seeded straight into the database: the firms by the
//! registry's generator (`dataset::bidders`: listed, no affiliations or restrictions), a session
//! row per firm holding the SHA-256 of a random token as `open_session` does (logging 5,200 firms
//! in through argon2id would take minutes), and the projects as `publish_project` leaves them,
//! requiring no qualification. The announcement data set is loaded too, so that the list the
//! readers fetch is the real one.

use crate::announcements::{self, Announcements, Posting, analyze, params_for, pick_region};
use crate::dataset::{self, Bidder, Draw, insert_all};
use crate::load::{Outcome, Plan, error_kind};
use crate::scenario::{BoxFuture, Ctx, Request, Scenario};
use crate::server;
use crate::write_probe::{self, WriteLimit};
use anyhow::{Context, bail};
use chrono::{DateTime, Utc};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};
use reqwest::{Client, StatusCode};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;
use tokio::time::Instant;
use uuid::Uuid;
use zjcs_domain::platform::clock::now;
use zjcs_domain::rules::token::hash_token;
use zjcs_domain::store::entities::{project, session};
use zjcs_domain::store::{self, ColumnTrait, EntityTrait, Expr, QueryFilter, Set};

/// Projects in the storm.
pub const PROJECTS: usize = 50;
/// Other projects, open for a day, that the firms bid on during the warm-up.
pub const WARM_PROJECTS: usize = 10;
/// Bids in the storm (one firm each; [`BIDS`] / [`PROJECTS`] per project).
pub const BIDS: usize = 5_000;
/// Firms that bid only after the deadline (to check that they are refused).
pub const LATE: usize = 200;
/// Concurrent bidding connections.
pub const CONNECTIONS: usize = 64;
/// Concurrent reading connections during the storm.
pub const READERS: usize = 8;
/// The readers' offered rate, requests per second over all of them: one page read per bid of
/// the storm ([`BIDS`] in [`STORM`]) — each bidding firm looks at its project once more in the
/// last ten seconds. An open loop at a fixed rate, so that the read load is the same whatever the
/// bids cost: readers that loop as fast as they are answered take whatever CPU the bids leave,
/// and the bid rate then measures how the two cores are split rather than the bid path.
pub const READ_RATE: u32 = 500;
/// The storm starts this long before the deadline.
pub const STORM: Duration = Duration::from_secs(10);
/// Unsent bids keep going out until this long after the deadline.
pub const GRACE: Duration = Duration::from_secs(1);
/// The late firms start this long after the deadline.
const LATE_AFTER: Duration = Duration::from_millis(200);
/// The write probe's measured window.
pub const PROBE: Duration = Duration::from_secs(5);
/// The projects' price cap (budget), in fen: 100,000 yuan.
pub const CAP_FEN: i64 = 10_000_000;
/// How long the closing job may take to close every project before the run is failed.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(180);
/// The budget: p99 latency of accepted bids.
pub const P99_BUDGET_MS: f64 = 200.0;
/// The budget: sustained bid rate as a share of the write limit.
pub const RATE_BUDGET: f64 = 0.30;
/// The seed of the generated content.
const SEED: u64 = 0x7a6a_6373_6269_6473;

/// One bid: which firm (index into the bidders), which project (index), what price.
#[derive(Debug, Clone, Copy)]
struct Bid {
    firm: usize,
    project: usize,
    price_fen: i64,
}

#[derive(Default)]
pub struct BidStorm {
    data: Arc<Announcements>,
    projects: Vec<Uuid>,
    bidders: Vec<Bidder>,
    /// `Bearer <token>` per bidder.
    tokens: Vec<String>,
    /// The storm's bids, in sending order.
    bids: Vec<Bid>,
    /// Bids sent after the deadline, by firms not in the storm.
    late: Vec<Bid>,
    /// The warm-up's projects (not in the storm, not checked).
    warm_projects: Vec<Uuid>,
    /// The warm-up's bids (`project` indexes `warm_projects`): every firm once, in sending order.
    warm_bids: Vec<Bid>,
}

/// How the server answered a bid.
#[derive(Debug, Clone)]
enum Answer {
    /// 201, with the receipt.
    Accepted { receipt: String },
    /// 403 `registration-refused` with `registration.deadline-passed`.
    RefusedLate,
    /// Anything else: a kind for the report.
    Other(String),
}

/// One bid as sent and answered.
#[derive(Debug, Clone)]
struct Record {
    bid: Bid,
    /// When it was sent (wall clock, shared with the server).
    sent_at: DateTime<Utc>,
    sent: Instant,
    answered: Instant,
    answer: Answer,
}

/// What the readers saw during the storm.
#[derive(Default)]
struct Reads {
    latencies_us: Vec<u64>,
    error_kinds: BTreeMap<String, u64>,
}

impl Scenario for BidStorm {
    fn name(&self) -> &'static str {
        "bid_storm"
    }

    fn description(&self) -> &'static str {
        "5,000 sealed bids to 50 projects in the 10 s before their deadline, pages read \
         meanwhile; opened bids checked; budget"
    }

    fn prepare<'a>(&'a mut self, ctx: &'a Ctx) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async move {
            self.data = announcements::announcements(ctx).await?;
            let started = std::time::Instant::now();
            self.bidders = dataset::bidders(ctx, BIDS + LATE).await?;
            let db = store::connect(&ctx.database_url)
                .await
                .context("connecting to the bench database")?;

            // A session per firm, stored as `open_session` stores one: the token's SHA-256.
            let t = now();
            let mut sessions = Vec::with_capacity(self.bidders.len());
            self.tokens = Vec::with_capacity(self.bidders.len());
            for b in &self.bidders {
                let token = hex::encode(rand::rngs::OsRng.r#gen::<[u8; 32]>());
                sessions.push(session::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    account_id: Set(b.account_id),
                    token_hash: Set(hash_token(&token)),
                    created_at: Set(t),
                    expires_at: Set(t + chrono::Duration::days(1)),
                    revoked_at: Set(None),
                });
                self.tokens.push(format!("Bearer {token}"));
            }

            // The projects: lowest price, cap CAP_FEN, no qualification required, deadline a
            // day ahead for now. The warm-up's are drawn from their own seed, so that the storm's
            // data stays what it was without them.
            let items = dataset::catalogue(&db).await?;
            let owners = &self.data.owners;
            let post = |k: usize, kind: &str, rng: &mut StdRng| {
                let item = &items[k % items.len()];
                let (region, city) = pick_region(rng);
                let id = Uuid::new_v4();
                let posting = Posting {
                    id,
                    owner: owners[k % owners.len()],
                    item,
                    region,
                    title: format!("{city}市{kind}报名测试项目{k}{}", item.name),
                    budget_fen: CAP_FEN,
                    method: "lowest-price",
                    params: params_for("lowest-price", rng),
                    required_qualifications: "[]".into(),
                    deadline: t + chrono::Duration::days(1),
                    published_at: t - chrono::Duration::hours(2),
                    status: "published",
                };
                (id, posting.row(rng))
            };
            let mut rng = StdRng::seed_from_u64(SEED);
            let mut warm_rng = StdRng::seed_from_u64(SEED + 1);
            let mut rows = Vec::with_capacity(PROJECTS + WARM_PROJECTS);
            let mut projects = Vec::with_capacity(PROJECTS);
            let mut warm_projects = Vec::with_capacity(WARM_PROJECTS);
            for k in 0..PROJECTS {
                let (id, row) = post(k, "集中", &mut rng);
                projects.push(id);
                rows.push(row);
            }
            for k in 0..WARM_PROJECTS {
                let (id, row) = post(k, "日常", &mut warm_rng);
                warm_projects.push(id);
                rows.push(row);
            }
            self.projects = projects;
            self.warm_projects = warm_projects;
            let tx = store::begin_write(&db).await?;
            insert_all(&tx, sessions, 6).await.context("sessions")?;
            insert_all(&tx, rows, 30).await.context("storm projects")?;
            tx.commit().await?;
            analyze(&db, &ctx.database_url).await?;
            db.close().await.ok();

            // Who bids where and at what price: firm i on project i mod PROJECTS, prices
            // 60–100 % of the cap in whole yuan (none abnormally low: the award is automatic).
            let price = |rng: &mut StdRng| rng.gen_range(CAP_FEN * 6 / 1000..=CAP_FEN / 100) * 100;
            self.bids = (0..BIDS)
                .map(|i| Bid {
                    firm: i,
                    project: i % PROJECTS,
                    price_fen: price(&mut rng),
                })
                .collect();
            self.bids.shuffle(&mut rng);
            self.late = (BIDS..BIDS + LATE)
                .map(|i| Bid {
                    firm: i,
                    project: i % PROJECTS,
                    price_fen: price(&mut rng),
                })
                .collect();
            self.warm_bids = (0..BIDS + LATE)
                .map(|i| Bid {
                    firm: i,
                    project: i % WARM_PROJECTS,
                    price_fen: price(&mut warm_rng),
                })
                .collect();
            self.warm_bids.shuffle(&mut warm_rng);
            eprintln!(
                "  bid storm data set: {} firms with sessions, {PROJECTS} projects (+{WARM_PROJECTS} for the warm-up); {:.1} s",
                self.bidders.len(),
                started.elapsed().as_secs_f64()
            );
            Ok(())
        })
    }

    /// The readers' request during the storm: a storm project's page (40 %) or JSON (20 %), or
    /// the announcement list's first page (40 %, half of them filtered to lowest-price).
    fn request(&self, client: &Client, ctx: &Ctx, worker: usize, i: u64) -> Request {
        let mut draw = Draw::new(0xc1, worker, i);
        let id = draw.pick(&self.projects).copied().unwrap_or_default();
        let builder = match draw.below(10) {
            0..4 => client.get(ctx.url(&format!("/projects/{id}"))),
            4..6 => client.get(ctx.url(&format!("/api/v1/projects/{id}"))),
            _ if draw.percent(50) => client
                .get(ctx.url("/api/v1/projects"))
                .query(&[("method", "lowest-price")]),
            _ => client.get(ctx.url("/api/v1/projects")),
        };
        Request::new(builder, StatusCode::OK)
    }

    fn drive(
        self: Arc<Self>,
        ctx: Arc<Ctx>,
        plan: Plan,
        pid: u32,
    ) -> Option<BoxFuture<'static, anyhow::Result<Vec<Outcome>>>> {
        Some(Box::pin(
            async move { self.storm(ctx, plan.warmup, pid).await },
        ))
    }
}

/// A keep-alive HTTP/1.1 client holding one connection, as the common loop's workers have.
fn worker_client() -> anyhow::Result<Client> {
    Ok(reqwest::Client::builder()
        .http1_only()
        .pool_max_idle_per_host(1)
        .tcp_nodelay(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()?)
}

/// Sends one bid and classifies the answer.
async fn send_bid(client: &Client, url: String, token: &str, bid: Bid) -> Record {
    let body = format!("{{\"price_fen\":{}}}", bid.price_fen);
    let sent_at = Utc::now();
    let sent = Instant::now();
    let exchange = async {
        let r = client
            .post(url)
            .header(AUTHORIZATION, token)
            .header(CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await?;
        let status = r.status();
        let bytes = r.bytes().await?;
        Ok::<_, reqwest::Error>((status, bytes))
    };
    let result = exchange.await;
    let answered = Instant::now();
    let answer = match result {
        Err(e) => Answer::Other(format!("transport: {}", error_kind(&e))),
        Ok((status, bytes)) => {
            let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
            match status {
                StatusCode::CREATED => match json["receipt"].as_str() {
                    Some(r) => Answer::Accepted {
                        receipt: r.to_owned(),
                    },
                    None => Answer::Other("HTTP 201 without a receipt".into()),
                },
                StatusCode::FORBIDDEN => {
                    let kind = json["type"].as_str().unwrap_or_default();
                    let codes: Vec<&str> = json["errors"]
                        .as_array()
                        .map(|a| a.iter().filter_map(|e| e["code"].as_str()).collect())
                        .unwrap_or_default();
                    if kind.ends_with("registration-refused")
                        && codes.contains(&"registration.deadline-passed")
                    {
                        Answer::RefusedLate
                    } else {
                        Answer::Other(format!("HTTP 403 {kind} {}", codes.join(",")))
                    }
                }
                s => Answer::Other(format!(
                    "HTTP {} {}",
                    s.as_u16(),
                    json["type"].as_str().unwrap_or_default()
                )),
            }
        }
    };
    Record {
        bid,
        sent_at,
        sent,
        answered,
        answer,
    }
}

/// Nearest-rank percentile of sorted µs latencies, in ms.
fn percentile_ms(sorted_us: &[u64], p: f64) -> Option<f64> {
    let n = sorted_us.len();
    if n == 0 {
        return None;
    }
    let rank = ((p * n as f64).ceil() as usize).clamp(1, n);
    Some(sorted_us[rank - 1] as f64 / 1000.0)
}

fn verdict(ok: bool) -> &'static str {
    if ok { "PASS" } else { "FAIL" }
}

impl BidStorm {
    /// Sends `bids` with one task per client, each taking the next bid until none is left or
    /// `stop_at` (wall clock) has come.
    async fn send_all(
        self: &Arc<Self>,
        ctx: &Arc<Ctx>,
        clients: &[Client],
        bids: Arc<Vec<Bid>>,
        warm: bool,
        stop_at: Option<DateTime<Utc>>,
    ) -> anyhow::Result<Vec<Record>> {
        let next = Arc::new(AtomicUsize::new(0));
        let mut workers = tokio::task::JoinSet::new();
        for client in clients {
            let (me, ctx, client) = (self.clone(), ctx.clone(), client.clone());
            let (bids, next) = (bids.clone(), next.clone());
            workers.spawn(async move {
                let mut records = Vec::new();
                loop {
                    if stop_at.is_some_and(|s| Utc::now() >= s) {
                        break;
                    }
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&bid) = bids.get(i) else {
                        break;
                    };
                    let projects = if warm {
                        &me.warm_projects
                    } else {
                        &me.projects
                    };
                    let url = ctx.url(&format!(
                        "/api/v1/projects/{}/registration",
                        projects[bid.project]
                    ));
                    records.push(send_bid(&client, url, &me.tokens[bid.firm], bid).await);
                }
                records
            });
        }
        let mut records = Vec::new();
        while let Some(done) = workers.join_next().await {
            records.extend(done?);
        }
        Ok(records)
    }

    /// Starts the readers: [`READERS`] connections offering [`READ_RATE`] requests a second in
    /// all until `stop`; each answers what it saw.
    fn spawn_readers(
        self: &Arc<Self>,
        ctx: &Arc<Ctx>,
        readers: &[Client],
        stop: &Arc<AtomicBool>,
    ) -> tokio::task::JoinSet<Reads> {
        let mut reading = tokio::task::JoinSet::new();
        for (worker, client) in readers.iter().enumerate() {
            let (me, ctx, client, stop) = (self.clone(), ctx.clone(), client.clone(), stop.clone());
            reading.spawn(async move {
                let mut reads = Reads::default();
                let mut i = 0u64;
                // This reader's share of READ_RATE, its first request offset so that the
                // readers' requests interleave evenly.
                let period = Duration::from_secs(READERS as u64) / READ_RATE;
                let first = Instant::now() + period * worker as u32 / READERS as u32;
                while !stop.load(Ordering::Relaxed) {
                    // Wait for this request's slot; a reader behind its schedule (a slow
                    // answer) sends at once.
                    tokio::time::sleep_until(first + period * i as u32).await;
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let request = me.request(&client, &ctx, worker, i);
                    i += 1;
                    let sent = Instant::now();
                    let result = async {
                        let r = request.builder.send().await?;
                        let status = r.status();
                        r.bytes().await?;
                        Ok::<_, reqwest::Error>(status)
                    }
                    .await;
                    match result {
                        Ok(s) if s == request.expect => {
                            reads.latencies_us.push(sent.elapsed().as_micros() as u64)
                        }
                        Ok(s) => {
                            *reads
                                .error_kinds
                                .entry(format!("HTTP {}", s.as_u16()))
                                .or_default() += 1
                        }
                        Err(e) => {
                            *reads
                                .error_kinds
                                .entry(format!("transport: {}", error_kind(&e)))
                                .or_default() += 1
                        }
                    }
                }
                reads
            });
        }
        reading
    }

    async fn storm(
        self: Arc<Self>,
        ctx: Arc<Ctx>,
        warmup: Duration,
        pid: u32,
    ) -> anyhow::Result<Vec<Outcome>> {
        // 1. The write limit, on the idle server's database.
        eprintln!(
            "    write limit: single-row INSERT transactions, {CONNECTIONS} writers, {:.0} s…",
            PROBE.as_secs_f64()
        );
        let limit = write_probe::measure(&ctx.database_url, CONNECTIONS, PROBE, &ctx.run_id)
            .await
            .context("measuring the write limit")?;

        // Connections, opened before the storm.
        let clients: Vec<Client> = (0..CONNECTIONS)
            .map(|_| worker_client())
            .collect::<anyhow::Result<_>>()?;
        let readers: Vec<Client> = (0..READERS)
            .map(|_| worker_client())
            .collect::<anyhow::Result<_>>()?;
        for c in clients.iter().chain(&readers) {
            c.get(ctx.url("/healthz"))
                .send()
                .await
                .context("opening a connection")?
                .bytes()
                .await?;
        }

        // 2. The warm-up (see the module's documentation).
        let mut warmed = 0;
        if !warmup.is_zero() {
            eprintln!(
                "    warm-up: {:.0} s of bids to {WARM_PROJECTS} other projects, {READERS} readers at {READ_RATE} req/s…",
                warmup.as_secs_f64()
            );
            let stop = Arc::new(AtomicBool::new(false));
            let mut reading = self.spawn_readers(&ctx, &readers, &stop);
            let until = Utc::now() + chrono::Duration::from_std(warmup)?;
            let warm = self
                .send_all(
                    &ctx,
                    &clients,
                    Arc::new(self.warm_bids.clone()),
                    true,
                    Some(until),
                )
                .await?;
            stop.store(true, Ordering::Relaxed);
            while let Some(done) = reading.join_next().await {
                done?;
            }
            let accepted = warm
                .iter()
                .filter(|r| matches!(r.answer, Answer::Accepted { .. }))
                .count();
            if accepted != warm.len() {
                bail!(
                    "warm-up: {} of {} bids not accepted",
                    warm.len() - accepted,
                    warm.len()
                );
            }
            eprintln!("    warm-up: {accepted} bids accepted");
            warmed = accepted;
        }

        // 3. The deadline: T = now + STORM (+ a moment for the update itself).
        let db = store::connect(&ctx.database_url)
            .await
            .context("connecting to the bench database")?;
        let deadline = now() + chrono::Duration::from_std(STORM + Duration::from_millis(100))?;
        let moved = project::Entity::update_many()
            .col_expr(project::Column::RegistrationDeadline, Expr::value(deadline))
            .col_expr(
                project::Column::DeadlineMicros,
                Expr::value(deadline.timestamp_micros()),
            )
            .filter(project::Column::Id.is_in(self.projects.clone()))
            .exec(&db)
            .await
            .context("moving the deadline")?;
        db.close().await.ok();
        if moved.rows_affected != PROJECTS as u64 {
            bail!(
                "moved the deadline of {} projects, not {PROJECTS}",
                moved.rows_affected
            );
        }
        let wall = |t: DateTime<Utc>| -> Instant {
            let ahead = (t - Utc::now()).to_std().unwrap_or_default();
            Instant::now() + ahead
        };
        let storm_start = deadline - chrono::Duration::from_std(STORM)?;
        tokio::time::sleep_until(wall(storm_start)).await;
        eprintln!(
            "    storm: {BIDS} bids over {CONNECTIONS} connections from T − {:.0} s, \
             {READERS} readers at {READ_RATE} req/s…",
            STORM.as_secs_f64()
        );

        // Readers and the memory sampler run until the sending is over.
        let stop = Arc::new(AtomicBool::new(false));
        let mut reading = self.spawn_readers(&ctx, &readers, &stop);
        let sampler = {
            let stop = stop.clone();
            tokio::spawn(async move {
                let mut max: Option<u64> = None;
                while !stop.load(Ordering::Relaxed) {
                    if let Some(m) = server::memory(pid) {
                        max = Some(max.map_or(m.rss, |x| x.max(m.rss)));
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                max
            })
        };

        // 4. The storm, then the late firms.
        let started = Instant::now();
        let grace_end = deadline + chrono::Duration::from_std(GRACE)?;
        let mut records = self
            .send_all(
                &ctx,
                &clients,
                Arc::new(self.bids.clone()),
                false,
                Some(grace_end),
            )
            .await?;
        let storm_sent = records.len();
        tokio::time::sleep_until(wall(deadline + chrono::Duration::from_std(LATE_AFTER)?)).await;
        records.extend(
            self.send_all(&ctx, &clients, Arc::new(self.late.clone()), false, None)
                .await?,
        );
        let sending = started.elapsed();
        stop.store(true, Ordering::Relaxed);
        let mut reads = Reads::default();
        while let Some(done) = reading.join_next().await {
            let r = done?;
            reads.latencies_us.extend(r.latencies_us);
            for (k, n) in r.error_kinds {
                *reads.error_kinds.entry(k).or_default() += n;
            }
        }
        reads.latencies_us.sort_unstable();
        let max_rss = sampler.await?;

        // 5. The opening, by the server's closing job.
        eprintln!("    waiting for the closing job to open the bids…");
        let mut selections: HashMap<usize, serde_json::Value> = HashMap::new();
        let waited = Instant::now();
        let mut all_closed_at = None;
        while selections.len() < PROJECTS {
            if waited.elapsed() > CLOSE_TIMEOUT {
                break;
            }
            for (k, id) in self.projects.iter().enumerate() {
                if selections.contains_key(&k) {
                    continue;
                }
                let r = ctx
                    .setup
                    .get(ctx.url(&format!("/api/v1/projects/{id}/selection")))
                    .send()
                    .await
                    .context("reading a selection")?;
                if r.status() != StatusCode::OK {
                    bail!("GET /api/v1/projects/{id}/selection: {}", r.status());
                }
                let v: serde_json::Value = r.json().await.context("reading a selection")?;
                if v["status"].as_str() != Some("published") {
                    selections.insert(k, v);
                }
            }
            if selections.len() == PROJECTS {
                all_closed_at = Some(Utc::now());
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }

        // 6. Checks.
        let mut error_kinds: BTreeMap<String, u64> = BTreeMap::new();
        let mut accepted_latencies = Vec::new();
        let mut all_latencies = Vec::new();
        // (project, firm) → (price, receipt) of every accepted bid.
        let mut accepted: HashMap<(usize, Uuid), (i64, String)> = HashMap::new();
        let (mut refused_late, mut sent_after, mut refused_after) = (0usize, 0usize, 0usize);
        let mut accepted_after = 0usize;
        let mut first_sent: Option<Instant> = None;
        let mut first_sent_at: Option<DateTime<Utc>> = None;
        let mut last_accepted: Option<Instant> = None;
        let mut last_accepted_at = None;
        // Accepted bids per second of the storm (second 0 is T − 10 s … T − 9 s).
        let mut per_second = vec![0usize; (STORM + GRACE).as_secs() as usize + 1];
        for r in &records {
            let latency = r.answered.duration_since(r.sent).as_micros() as u64;
            all_latencies.push(latency);
            first_sent = Some(first_sent.map_or(r.sent, |f| f.min(r.sent)));
            first_sent_at = Some(first_sent_at.map_or(r.sent_at, |f| f.min(r.sent_at)));
            let after = r.sent_at >= deadline;
            if after {
                sent_after += 1;
            }
            match &r.answer {
                Answer::Accepted { receipt } => {
                    accepted_latencies.push(latency);
                    if last_accepted.is_none_or(|l| r.answered > l) {
                        last_accepted = Some(r.answered);
                        last_accepted_at =
                            Some(r.sent_at + chrono::Duration::microseconds(latency as i64));
                    }
                    let second = (r.sent_at - storm_start).num_seconds().max(0) as usize;
                    if let Some(slot) = per_second.get_mut(second) {
                        *slot += 1;
                    }
                    accepted.insert(
                        (r.bid.project, self.bidders[r.bid.firm].firm_id),
                        (r.bid.price_fen, receipt.clone()),
                    );
                    if after {
                        accepted_after += 1;
                        *error_kinds
                            .entry("accepted though sent after the deadline".into())
                            .or_default() += 1;
                    }
                }
                Answer::RefusedLate => {
                    refused_late += 1;
                    if after {
                        refused_after += 1;
                    }
                }
                Answer::Other(kind) => *error_kinds.entry(kind.clone()).or_default() += 1,
            }
        }
        accepted_latencies.sort_unstable();
        all_latencies.sort_unstable();
        let (mut missing, mut mismatched, mut extra, mut opened) = (0usize, 0usize, 0usize, 0usize);
        for (k, v) in &selections {
            let bids = v["bids"].as_array().cloned().unwrap_or_default();
            let mut seen = std::collections::HashSet::new();
            for b in &bids {
                opened += 1;
                let firm = b["firm_id"]
                    .as_str()
                    .and_then(|s| Uuid::parse_str(s).ok())
                    .unwrap_or_default();
                seen.insert(firm);
                match accepted.get(&(*k, firm)) {
                    None => extra += 1,
                    Some((price, receipt)) => {
                        if b["price_fen"].as_i64() != Some(*price)
                            || b["receipt"].as_str() != Some(receipt.as_str())
                        {
                            mismatched += 1;
                        }
                    }
                }
            }
            missing += accepted
                .keys()
                .filter(|(p, firm)| p == k && !seen.contains(firm))
                .count();
        }
        let unchecked_projects = PROJECTS - selections.len();
        let unchecked_bids = accepted
            .keys()
            .filter(|(p, _)| !selections.contains_key(p))
            .count();
        for (n, kind) in [
            (missing, "accepted but not among the opened bids"),
            (
                mismatched,
                "opened with another price or receipt than accepted",
            ),
            (extra, "opened but never answered 201"),
            (
                unchecked_bids,
                "accepted on a project that did not close in time",
            ),
        ] {
            if n > 0 {
                *error_kinds.entry(kind.into()).or_default() += n as u64;
            }
        }

        let n_accepted = accepted_latencies.len();
        let window = match (first_sent, last_accepted) {
            (Some(f), Some(l)) if l > f => l.duration_since(f),
            _ => sending,
        };
        let rate = n_accepted as f64 / window.as_secs_f64();
        let secs_from_t = |t: Option<DateTime<Utc>>| {
            t.map_or("never".to_owned(), |t| {
                let s = (t - deadline).num_microseconds().unwrap_or(0) as f64 / 1e6;
                format!("T {} {:.2} s", if s < 0.0 { "−" } else { "+" }, s.abs())
            })
        };
        let ms = |v: Option<f64>| v.map_or("-".to_owned(), |v| format!("{v:.1}"));
        let p99 = percentile_ms(&accepted_latencies, 0.99);
        let unsent = BIDS - storm_sent;
        let other_answers: u64 = records
            .iter()
            .filter(|r| matches!(r.answer, Answer::Other(_)))
            .count() as u64;
        let errors: u64 = error_kinds.values().sum();
        let mut statuses: BTreeMap<&str, usize> = BTreeMap::new();
        for v in selections.values() {
            *statuses
                .entry(v["status"].as_str().unwrap_or("?"))
                .or_default() += 1;
        }
        let closed_statuses = statuses
            .iter()
            .map(|(s, n)| format!("{n} {s}"))
            .collect::<Vec<_>>()
            .join(", ");

        let mut notes = vec![
            String::new(),
            format!(
                "bid_storm: {BIDS} bids to {PROJECTS} lowest-price projects ({} firms each, cap {} fen) \
                 over {CONNECTIONS} connections from T − {:.0} s, {LATE} more from T + {:.1} s; \
                 {READERS} readers offering {READ_RATE} req/s meanwhile; {}",
                BIDS / PROJECTS,
                CAP_FEN,
                STORM.as_secs_f64(),
                LATE_AFTER.as_secs_f64(),
                match warmed {
                    0 => "no warm-up (a cold server)".to_owned(),
                    n => format!(
                        "after a {:.0} s warm-up ({n} bids to {WARM_PROJECTS} other projects)",
                        warmup.as_secs_f64()
                    ),
                }
            ),
            format!(
                "  answers: {n_accepted} accepted (201), {refused_late} refused late (403 deadline-passed), \
                 {other_answers} other; {unsent} of the {BIDS} storm bids unsent at T + {:.0} s",
                GRACE.as_secs_f64()
            ),
            format!(
                "  accepted bids: first sent {}, last answered {}; {rate:.1} bids/s sustained; \
                 latency p50 {} p99 {} max {} ms (all answers: p99 {} ms)",
                secs_from_t(first_sent_at),
                secs_from_t(last_accepted_at),
                ms(percentile_ms(&accepted_latencies, 0.5)),
                ms(p99),
                ms(percentile_ms(&accepted_latencies, 1.0)),
                ms(percentile_ms(&all_latencies, 0.99)),
            ),
            format!(
                "  accepted per second from T − {:.0} s: {}",
                STORM.as_secs_f64(),
                per_second
                    .iter()
                    .map(|n| n.to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            format!(
                "  sent after T: {sent_after}, refused late {refused_after}, accepted {accepted_after}"
            ),
            format!(
                "  opening: {}/{PROJECTS} projects closed by the server's job ({}), the last seen \
                 at {} (waited at most {:.0} s); {opened} bids opened: missing {missing}, \
                 extra {extra}, other price/receipt {mismatched}",
                selections.len(),
                closed_statuses,
                secs_from_t(all_closed_at),
                CLOSE_TIMEOUT.as_secs_f64()
            ),
            format!(
                "  write limit: {:.1} rows/s ({} single-row INSERT transactions in {:.0} s, \
                 {} writers, the server's pool options)",
                limit.rate(),
                limit.rows,
                limit.duration.as_secs_f64(),
                limit.writers
            ),
        ];
        notes.extend(budget(
            &limit,
            rate,
            p99,
            BudgetFacts {
                stored: missing == 0 && extra == 0 && mismatched == 0 && unchecked_projects == 0,
                missing,
                extra,
                mismatched,
                unchecked_projects,
                none_late: accepted_after == 0 && sent_after > 0 && refused_after == sent_after,
                sent_after,
                refused_after,
                accepted_after,
            },
        ));

        let bids = Outcome {
            name: "bid_storm",
            connections: CONNECTIONS,
            duration: window,
            latencies_us: accepted_latencies,
            errors,
            error_kinds,
            max_rss,
            rate_override: Some(rate),
            server_us: Vec::new(),
            notes,
        };
        let reads = Outcome {
            name: "storm_reads",
            connections: READERS,
            duration: sending,
            errors: reads.error_kinds.values().sum(),
            latencies_us: reads.latencies_us,
            error_kinds: reads.error_kinds,
            max_rss,
            rate_override: None,
            server_us: Vec::new(),
            notes: Vec::new(),
        };
        Ok(vec![bids, reads])
    }
}

/// What the budget's lines are judged on.
struct BudgetFacts {
    stored: bool,
    missing: usize,
    extra: usize,
    mismatched: usize,
    unchecked_projects: usize,
    none_late: bool,
    sent_after: usize,
    refused_after: usize,
    accepted_after: usize,
}

/// The budget lines, PASS or FAIL each.
fn budget(limit: &WriteLimit, rate: f64, p99: Option<f64>, f: BudgetFacts) -> Vec<String> {
    let floor = RATE_BUDGET * limit.rate();
    vec![
        "budget (bid_storm):".to_owned(),
        format!(
            "  {}  every 201 bid stored and opened, nothing else opened (missing {}, extra {}, \
             other price/receipt {}, projects not closed {})",
            verdict(f.stored),
            f.missing,
            f.extra,
            f.mismatched,
            f.unchecked_projects
        ),
        format!(
            "  {}  no bid accepted after the deadline ({} sent after T: {} refused \
             deadline-passed, {} accepted)",
            verdict(f.none_late),
            f.sent_after,
            f.refused_after,
            f.accepted_after
        ),
        format!(
            "  {}  p99 latency of accepted bids {} ms ≤ {P99_BUDGET_MS:.0} ms",
            verdict(p99.is_some_and(|p| p <= P99_BUDGET_MS)),
            p99.map_or("-".to_owned(), |p| format!("{p:.1}")),
        ),
        format!(
            "  {}  sustained bid rate {rate:.1}/s ≥ {RATE_BUDGET:.2} × write limit {:.1}/s \
             = {floor:.1}/s (ratio {:.3})",
            verdict(rate >= floor),
            limit.rate(),
            if limit.rate() > 0.0 {
                rate / limit.rate()
            } else {
                0.0
            }
        ),
    ]
}
