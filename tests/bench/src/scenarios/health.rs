//! `health`: the baseline. `GET /healthz` answers a constant without touching the database, so it
//! measures the HTTP stack, the middleware and the load generator itself.

use crate::scenario::{Ctx, Request, Scenario};
use reqwest::{Client, StatusCode};

pub struct Health;

impl Scenario for Health {
    fn name(&self) -> &'static str {
        "health"
    }

    fn description(&self) -> &'static str {
        "baseline: GET /healthz (constant answer, no database)"
    }

    fn request(&self, client: &Client, ctx: &Ctx, _worker: usize, _i: u64) -> Request {
        Request::new(client.get(ctx.url("/healthz")), StatusCode::OK)
    }
}
