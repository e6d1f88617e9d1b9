//! The request log: one line a request at INFO with its method, path, status and duration.
//!
//! Never the query string (poem's `Tracing` middleware logs the whole URI): queries carry what
//! people type and upload — search words, e-mail addresses, and an uploaded file's original name
//! (`POST /api/v1/firms/me/files?name=…`), which for a sealed bid's plan must reach nobody before
//! the opening, the operators reading the log included.

use poem::{Endpoint, IntoResponse, Request, Response};
use std::time::Instant;
use tracing::Instrument;

pub async fn log_request<E: Endpoint>(next: E, req: Request) -> poem::Result<Response> {
    let span = tracing::info_span!(
        "request",
        method = %req.method(),
        path = %req.original_uri().path(),
    );
    let start = Instant::now();
    let result = next.call(req).instrument(span.clone()).await;
    let duration_ms = start.elapsed().as_secs_f64() * 1000.0;
    let _in = span.enter();
    match result {
        Ok(r) => {
            let r = r.into_response();
            tracing::info!(status = r.status().as_u16(), duration_ms, "response");
            Ok(r)
        }
        Err(e) => {
            // Not the error text: a parse error may quote what was sent.
            tracing::info!(status = e.status().as_u16(), duration_ms, "error");
            Err(e)
        }
    }
}
