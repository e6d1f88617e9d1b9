//! Prometheus metrics: requests and latency by route, mail outbox depth, background job lag.

use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use poem::{Endpoint, IntoResponse, Request, Response};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Whether responses carry `Server-Timing` (`--server-timing`; process-wide, set at start).
static SERVER_TIMING: AtomicBool = AtomicBool::new(false);

/// Makes every response carry `Server-Timing: app;dur=<ms>` from now on.
pub fn enable_server_timing() {
    SERVER_TIMING.store(true, Ordering::Relaxed);
}

/// Installs the process-wide recorder once and returns its handle (several apps in one test
/// process share it).
pub fn handle() -> PrometheusHandle {
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets(&[
                    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
                ])
                .map(|b| b.build_recorder())
                .unwrap_or_else(|_| PrometheusBuilder::new().build_recorder());
            let handle = recorder.handle();
            // Another recorder may be installed already (only in unusual embeddings); ours then
            // still renders, just without the other's metrics.
            let _ = metrics::set_global_recorder(recorder);
            handle
        })
        .clone()
}

/// The API operations on `/projects/{id}/registration` (see [`route_label`]).
const SEALED_BID_OPERATIONS: [&str; 4] = [
    "getMyRegistration",
    "registerForProject",
    "replaceBid",
    "withdrawRegistration",
];

/// A bounded label for a request: the OpenAPI operation id, or the first path segment of a page
/// that exists; unknown paths are all `not_found` so random URLs cannot blow up the series.
///
/// The operations on a firm's sealed bid share one label, `sealedBid`: a count of registrations
/// by operation (`registerForProject` 201) would tell an operator how many bids came in, and on
/// a platform with one open project, how many registered for it — which nobody may learn before
/// the opening. Their sum stays visible, as the audit trail's `bid.*` entries are.
fn route_label(path: &str, resp: &Response) -> String {
    if let Some(op) = resp.data::<poem_openapi::OperationId>() {
        if SEALED_BID_OPERATIONS.contains(&op.0) {
            return "sealedBid".into();
        }
        return op.0.to_owned();
    }
    if resp.status() == poem::http::StatusCode::NOT_FOUND {
        return "not_found".into();
    }
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    if first.is_empty() {
        "/".into()
    } else {
        format!("/{first}")
    }
}

/// Middleware recording `zjcs_http_requests_total` and `zjcs_http_request_duration_seconds`,
/// and adding `Server-Timing` when enabled.
pub async fn track<E: Endpoint>(next: E, req: Request) -> poem::Result<Response> {
    let start = Instant::now();
    let path = req.uri().path().to_owned();
    let method = req.method().as_str().to_owned();
    let mut resp = next.call(req).await?.into_response();
    if SERVER_TIMING.load(Ordering::Relaxed)
        && let Ok(v) = format!("app;dur={:.3}", start.elapsed().as_secs_f64() * 1e3).parse()
    {
        resp.headers_mut().insert("server-timing", v);
    }
    let route = route_label(&path, &resp);
    let status = resp.status().as_u16().to_string();
    metrics::counter!("zjcs_http_requests_total", "route" => route.clone(), "method" => method, "status" => status)
        .increment(1);
    metrics::histogram!("zjcs_http_request_duration_seconds", "route" => route)
        .record(start.elapsed().as_secs_f64());
    Ok(resp)
}

pub fn mail_sent(outcome: &'static str) {
    metrics::counter!("zjcs_mail_attempts_total", "outcome" => outcome).increment(1);
}

pub fn outbox_gauges(depth: u64, lag: Duration) {
    metrics::gauge!("zjcs_mail_outbox_depth").set(depth as f64);
    metrics::gauge!("zjcs_job_lag_seconds", "job" => "mail").set(lag.as_secs_f64());
}

/// The audit log's state: `zjcs_audit_chain_broken` 1 when a break was found (then
/// `zjcs_audit_first_broken_seq` names the entry), `zjcs_audit_verified_entries` how far it
/// verified.
pub fn audit_gauges(h: &zjcs_domain::service::transparency::AuditHealth) {
    metrics::gauge!("zjcs_audit_chain_broken").set(if h.broken.is_some() { 1.0 } else { 0.0 });
    metrics::gauge!("zjcs_audit_first_broken_seq")
        .set(h.broken.as_ref().map_or(0.0, |b| b.seq as f64));
    metrics::gauge!("zjcs_audit_verified_entries").set(h.verified as f64);
}
