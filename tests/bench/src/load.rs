//! Driving one scenario: N workers, each with its own keep-alive HTTP/1.1 connection, sending
//! requests back-to-back through a warm-up and then a measured window.

use crate::scenario::{Ctx, Scenario};
use crate::server;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::{Instant, timeout_at};

/// How one scenario is driven.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub connections: usize,
    pub warmup: Duration,
    pub duration: Duration,
}

/// What one run of a scenario measured.
pub struct Outcome {
    pub name: &'static str,
    pub connections: usize,
    pub duration: Duration,
    /// Latencies of successful requests completed inside the measured window, sorted, in µs.
    pub latencies_us: Vec<u64>,
    /// The server's own time over the same requests, sorted, in µs, from their `Server-Timing`
    /// header (the bench starts zjcs with `ZJCS_SERVER_TIMING`): without the network and the
    /// client's queueing.
    pub server_us: Vec<u64>,
    /// Requests completed inside the window with an unexpected status or a transport error.
    pub errors: u64,
    /// The errors by kind ("HTTP 429", "transport: …"), for the report.
    pub error_kinds: BTreeMap<String, u64>,
    /// Highest RSS of the server sampled during the measured window, in bytes.
    pub max_rss: Option<u64>,
    /// A scenario's own throughput figure for the `req/s` column, where requests / duration is
    /// not the figure that matters (`bid_storm`: accepted bids per second).
    pub rate_override: Option<f64>,
    /// Lines printed under the table (a scenario's own checks and budget).
    pub notes: Vec<String>,
}

impl Outcome {
    pub fn requests(&self) -> u64 {
        self.latencies_us.len() as u64 + self.errors
    }

    /// Completed requests (successes and errors) per second of the measured window, unless the
    /// scenario gives its own figure.
    pub fn rate(&self) -> f64 {
        self.rate_override
            .unwrap_or_else(|| self.requests() as f64 / self.duration.as_secs_f64())
    }

    /// The `p`-quantile (0..=1) of successful latencies, nearest rank, in ms.
    pub fn percentile_ms(&self, p: f64) -> Option<f64> {
        let n = self.latencies_us.len();
        if n == 0 {
            return None;
        }
        let rank = ((p * n as f64).ceil() as usize).clamp(1, n);
        Some(self.latencies_us[rank - 1] as f64 / 1000.0)
    }

    /// The `p`-quantile of the server's own time over successful requests, in ms.
    pub fn server_percentile_ms(&self, p: f64) -> Option<f64> {
        let n = self.server_us.len();
        if n == 0 {
            return None;
        }
        let rank = ((p * n as f64).ceil() as usize).clamp(1, n);
        Some(self.server_us[rank - 1] as f64 / 1000.0)
    }
}

/// The server's time over a response, in µs, from `Server-Timing: app;dur=<ms>`.
pub fn server_timing_us(headers: &reqwest::header::HeaderMap) -> Option<u64> {
    let v = headers.get("server-timing")?.to_str().ok()?;
    let ms: f64 = v
        .split(';')
        .find_map(|p| p.trim().strip_prefix("dur="))?
        .parse()
        .ok()?;
    Some((ms * 1000.0).round() as u64)
}

/// What one worker saw in the measured window.
#[derive(Default)]
struct WorkerTally {
    latencies_us: Vec<u64>,
    server_us: Vec<u64>,
    error_kinds: BTreeMap<String, u64>,
}

/// Runs `scenario` against the server per `plan`, sampling the server's RSS (`pid`) meanwhile.
pub async fn run(
    scenario: Arc<dyn Scenario>,
    ctx: Arc<Ctx>,
    plan: Plan,
    pid: u32,
) -> anyhow::Result<Outcome> {
    let start = Instant::now();
    let measure_from = start + plan.warmup;
    let end = measure_from + plan.duration;

    let mut workers = tokio::task::JoinSet::new();
    for worker in 0..plan.connections {
        // One client per worker, holding at most one idle connection: one keep-alive connection
        // per worker, reused for every request it sends.
        let client = reqwest::Client::builder()
            .http1_only()
            .pool_max_idle_per_host(1)
            .tcp_nodelay(true)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(60))
            .build()?;
        let (scenario, ctx) = (scenario.clone(), ctx.clone());
        workers.spawn(async move {
            let mut tally = WorkerTally::default();
            let mut i = 0u64;
            while Instant::now() < end {
                let request = scenario.request(&client, &ctx, worker, i);
                i += 1;
                let sent = Instant::now();
                let exchange = async {
                    let response = request.builder.send().await?;
                    let status = response.status();
                    let server = server_timing_us(response.headers());
                    response.bytes().await?;
                    Ok::<_, reqwest::Error>((status, server))
                };
                // A request still in flight at the end is abandoned (and not counted).
                let Ok(result) = timeout_at(end, exchange).await else {
                    break;
                };
                let done = Instant::now();
                if done < measure_from {
                    continue;
                }
                match result {
                    Ok((status, server)) if status == request.expect => {
                        tally
                            .latencies_us
                            .push(done.duration_since(sent).as_micros() as u64);
                        tally.server_us.extend(server);
                    }
                    Ok((status, _)) => {
                        *tally
                            .error_kinds
                            .entry(format!("HTTP {}", status.as_u16()))
                            .or_default() += 1
                    }
                    Err(e) => {
                        *tally
                            .error_kinds
                            .entry(format!("transport: {}", error_kind(&e)))
                            .or_default() += 1
                    }
                }
            }
            tally
        });
    }

    let sampler = tokio::spawn(async move {
        let mut max: Option<u64> = None;
        tokio::time::sleep_until(measure_from).await;
        while Instant::now() < end {
            if let Some(m) = server::memory(pid) {
                max = Some(max.map_or(m.rss, |x| x.max(m.rss)));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        max
    });

    let mut latencies_us = Vec::new();
    let mut server_us = Vec::new();
    let mut error_kinds = BTreeMap::new();
    while let Some(tally) = workers.join_next().await {
        let tally = tally?;
        latencies_us.extend(tally.latencies_us);
        server_us.extend(tally.server_us);
        for (k, n) in tally.error_kinds {
            *error_kinds.entry(k).or_default() += n;
        }
    }
    latencies_us.sort_unstable();
    server_us.sort_unstable();
    let max_rss = sampler.await?;
    Ok(Outcome {
        name: scenario.name(),
        connections: plan.connections,
        duration: plan.duration,
        latencies_us,
        server_us,
        errors: error_kinds.values().sum(),
        error_kinds,
        max_rss,
        rate_override: None,
        notes: Vec::new(),
    })
}

/// A short classification of a client-side error.
pub fn error_kind(e: &reqwest::Error) -> &'static str {
    if e.is_timeout() {
        "timeout"
    } else if e.is_connect() {
        "connect"
    } else if e.is_body() || e.is_decode() {
        "body"
    } else if e.is_request() {
        "request"
    } else {
        "other"
    }
}
