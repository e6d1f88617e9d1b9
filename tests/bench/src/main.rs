//! `zjcs-bench`: starts the real `zjcs` on a fresh database, loads each requested scenario's data
//! set, measures the `health` baseline and then each scenario with N concurrent keep-alive
//! connections, and prints requests/s, latency percentiles, throughput relative to the baseline
//! and the server's memory. See README.md.

mod announcements;
mod dataset;
mod load;
mod scenario;
mod scenarios;
mod server;
mod write_probe;

/// As in `zjcs` (see tests/bench/Cargo.toml).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The seal key of every bench server (`ZJCS_SEAL_KEY`): the datasets write sealed rows
/// (evidence files, draw seeds) straight into storage, as the services would have sealed them.
pub const BENCH_SEAL_KEY: &str = "62656e6368207365616c206b6579206f6e6c7920666f722062656e6368657321";

pub fn bench_seal_key() -> zjcs_domain::rules::seal::SealKey {
    zjcs_domain::rules::seal::SealKey::from_hex(BENCH_SEAL_KEY).expect("64 hex digits")
}

/// `bytes` sealed for `context` under [`BENCH_SEAL_KEY`].
pub fn bench_seal_key_sealed(context: &str, bytes: &[u8]) -> Vec<u8> {
    zjcs_domain::rules::seal::seal(
        &bench_seal_key(),
        context,
        bytes,
        zjcs_domain::rules::seal::random_nonce(),
    )
}

use anyhow::{Context, bail};
use clap::Parser;
use load::{Outcome, Plan};
use scenario::{Ctx, Scenario};
use server::{Database, Server};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Debug, Parser)]
#[command(
    name = "zjcs-bench",
    about = "Load generator for zjcs: throughput and latency per scenario, relative to a baseline"
)]
struct Cli {
    /// Scenarios to run (see --list). The baseline `health` always runs first.
    scenarios: Vec<String>,
    /// List the scenarios and exit.
    #[arg(long)]
    list: bool,
    /// Concurrent workers, each with its own keep-alive connection.
    #[arg(long, short = 'c', default_value_t = 32)]
    connections: usize,
    /// Measured seconds per scenario.
    #[arg(long, short = 'd', default_value_t = 10.0)]
    duration: f64,
    /// Warm-up seconds per scenario (load sent but not measured).
    #[arg(long, short = 'w', default_value_t = 2.0)]
    warmup: f64,
    /// Database: `sqlite://…` (used as is) or `postgres://…/any` (a fresh database
    /// `zjcs_bench_<id>` is created on that server and dropped afterwards). Default: a fresh SQLite.
    #[arg(long, env = "ZJCS_BENCH_DATABASE_URL")]
    database_url: Option<String>,
    /// With a PostgreSQL URL: run on that very database instead of a fresh one (it is migrated,
    /// and the run's data is added to it and left there).
    #[arg(long)]
    in_place: bool,
    /// The zjcs binary to run. Default: built by cargo / found next to this executable.
    #[arg(long)]
    zjcs: Option<PathBuf>,
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    match runtime.block_on(main_async(cli)) {
        Ok(true) => std::process::ExitCode::SUCCESS,
        Ok(false) => std::process::ExitCode::from(1),
        Err(e) => {
            eprintln!("zjcs-bench: {e:#}");
            std::process::ExitCode::from(2)
        }
    }
}

/// Returns whether every request got its expected answer.
async fn main_async(cli: Cli) -> anyhow::Result<bool> {
    if cli.list {
        for s in scenarios::all() {
            println!("{:<17} {}", s.name(), s.description());
        }
        return Ok(true);
    }
    let mut selected = select(&cli)?;
    if cli.connections == 0 || cli.duration <= 0.0 || cli.warmup < 0.0 {
        bail!("--connections and --duration must be positive, --warmup not negative");
    }
    let plan = Plan {
        connections: cli.connections,
        warmup: Duration::from_secs_f64(cli.warmup),
        duration: Duration::from_secs_f64(cli.duration),
    };
    let zjcs = server::locate_zjcs(cli.zjcs.clone())?;

    let id = uuid::Uuid::new_v4().simple().to_string()[..12].to_owned();
    let data_dir = std::env::temp_dir().join(format!("zjcs-bench-{id}"));
    std::fs::create_dir_all(&data_dir)
        .with_context(|| format!("creating {}", data_dir.display()))?;
    let result = async {
        let db =
            Database::provision(cli.database_url.as_deref(), cli.in_place, &data_dir, &id).await?;
        let outcome = tokio::select! {
            r = bench(&zjcs, &data_dir, &db, &id, &mut selected, plan) => r,
            _ = tokio::signal::ctrl_c() => Err(anyhow::anyhow!("interrupted")),
        };
        // The server is stopped (dropped) by now; its database can go.
        if let Err(e) = db.cleanup().await {
            eprintln!("zjcs-bench: dropping the bench database: {e:#}");
        }
        outcome
    }
    .await;
    let _ = std::fs::remove_dir_all(&data_dir);
    result
}

/// The scenarios to run, baseline first, each once.
fn select(cli: &Cli) -> anyhow::Result<Vec<Box<dyn Scenario>>> {
    let mut all = scenarios::all();
    let mut names = vec![scenarios::BASELINE.to_owned()];
    for n in &cli.scenarios {
        if !all.iter().any(|s| s.name() == n) {
            let known: Vec<_> = all.iter().map(|s| s.name()).collect();
            bail!("unknown scenario `{n}` (known: {})", known.join(", "));
        }
        if !names.contains(n) {
            names.push(n.clone());
        }
    }
    let mut selected = Vec::new();
    for n in names {
        let i = all
            .iter()
            .position(|s| s.name() == n)
            .context("baseline missing from the registry")?;
        selected.push(all.swap_remove(i));
    }
    Ok(selected)
}

/// Starts the server, prepares, measures and reports. The server stops when this returns.
async fn bench(
    zjcs: &std::path::Path,
    data_dir: &std::path::Path,
    db: &Database,
    id: &str,
    selected: &mut Vec<Box<dyn Scenario>>,
    plan: Plan,
) -> anyhow::Result<bool> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    eprintln!(
        "zjcs-bench: {} on {}, {cores} core(s) shared by load generator and server{}",
        zjcs.display(),
        db.engine,
        if cfg!(debug_assertions) {
            " — DEBUG BUILD of the bench: use --release for real figures"
        } else {
            ""
        },
    );
    let mut server = Server::start(zjcs, data_dir, &db.url).await?;
    let ctx = Arc::new(Ctx {
        base_url: server.base_url.clone(),
        database_url: db.url.clone(),
        setup: reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()?,
        connections: plan.connections,
        run_id: id.to_owned(),
    });

    for s in selected.iter_mut() {
        let t = Instant::now();
        s.prepare(&ctx)
            .await
            .with_context(|| format!("loading the data set of `{}`", s.name()))?;
        if t.elapsed() > Duration::from_millis(100) {
            eprintln!(
                "  data set for {} loaded in {:.1} s",
                s.name(),
                t.elapsed().as_secs_f64()
            );
        }
    }

    let mut outcomes = Vec::new();
    for s in std::mem::take(selected) {
        let s: Arc<dyn Scenario> = Arc::from(s);
        match s.clone().drive(ctx.clone(), plan, server.pid()) {
            // A scenario with its own load pattern says what it does.
            Some(run) => {
                eprintln!("  running {}…", s.name());
                outcomes.extend(run.await?);
            }
            None => {
                eprintln!(
                    "  running {} ({} connections, {:.0} s warm-up + {:.0} s)…",
                    s.name(),
                    plan.connections,
                    plan.warmup.as_secs_f64(),
                    plan.duration.as_secs_f64()
                );
                outcomes.push(load::run(s, ctx.clone(), plan, server.pid()).await?);
            }
        }
        server.check_alive()?;
    }
    let memory = server::memory(server.pid());

    print_report(&outcomes, memory, db.engine, cores);
    let log = server.log_tail();
    if !log.trim().is_empty() {
        eprintln!("zjcs logged (last lines):\n{log}");
    }
    Ok(outcomes.iter().all(|o| o.errors == 0))
}

fn print_report(outcomes: &[Outcome], memory: Option<server::Memory>, engine: &str, cores: usize) {
    let ms = |v: Option<f64>| v.map_or("-".to_owned(), |v| format!("{v:.1}"));
    let mb = |b: u64| b as f64 / (1024.0 * 1024.0);
    let baseline = outcomes.first().map(Outcome::rate).unwrap_or(0.0);
    println!(
        "{:<17} {:>5} {:>5} {:>9} {:>7} {:>9} {:>7} {:>7} {:>7} {:>7} {:>10}",
        "scenario",
        "conns",
        "secs",
        "requests",
        "errors",
        "req/s",
        "p50 ms",
        "p99 ms",
        "max ms",
        "rss MB",
        "vs health"
    );
    for o in outcomes {
        let ratio = if baseline > 0.0 {
            format!("{:.3}", o.rate() / baseline)
        } else {
            "-".into()
        };
        println!(
            "{:<17} {:>5} {:>5} {:>9} {:>7} {:>9.1} {:>7} {:>7} {:>7} {:>7} {:>10}",
            o.name,
            o.connections,
            format!("{:.0}", o.duration.as_secs_f64()),
            o.requests(),
            o.errors,
            o.rate(),
            ms(o.percentile_ms(0.50)),
            ms(o.percentile_ms(0.99)),
            ms(o.percentile_ms(1.0)),
            o.max_rss.map_or("-".into(), |b| format!("{:.1}", mb(b))),
            ratio,
        );
    }
    match memory {
        Some(m) => println!(
            "zjcs peak RSS: {:.1} MB (VmHWM); RSS at end: {:.1} MB; engine: {engine}; {cores} core(s) shared with the load generator",
            mb(m.peak),
            mb(m.rss)
        ),
        None => println!(
            "zjcs peak RSS: unavailable (no /proc); engine: {engine}; {cores} core(s) shared with the load generator"
        ),
    }
    for o in outcomes {
        for (kind, n) in &o.error_kinds {
            println!("errors in {}: {n} × {kind}", o.name);
        }
    }
    for o in outcomes {
        for line in &o.notes {
            println!("{line}");
        }
    }
}
