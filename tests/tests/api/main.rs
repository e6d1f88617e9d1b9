//! The JSON API end to end over HTTP, one test binary: a module per area, each against its own
//! `zjcs_tests::spawn_app()`. (`api_audit` stays a binary of its own: it reads process-wide
//! gauges that every other running app would set too; `login_timing` measures time and runs
//! alone.)

mod accounts;
mod credit;
mod dishonesty;
mod input;
mod inspections;
mod login;
mod market;
mod projects;
mod registry;
mod selection;
mod standing;

// ---- shared by several areas ---------------------------------------------------------------

use serde_json::Value;

/// A refusal: its status and its problem+json body (anything else fails the test).
async fn problem(r: reqwest::Response) -> (u16, Value) {
    let status = r.status().as_u16();
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    assert!(ct.starts_with("application/problem+json"), "{status}: {ct}");
    (status, r.json().await.unwrap())
}
