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

// ---- shared by several areas ---------------------------------------------------------------

use serde_json::Value;
use zjcs_tests::TestApp;

/// A request as a client sends it: `method` on `path`, with a bearer token and a JSON body when
/// given.
async fn send(
    app: &TestApp,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> reqwest::Response {
    let mut r = app.client.request(method.parse().unwrap(), app.url(path));
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    if let Some(b) = body {
        r = r.json(b);
    }
    r.send().await.unwrap()
}

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
