//! What a scenario is: a data set to load once, and a request to send over and over.
//!
//! A scenario is one type implementing [`Scenario`], in its own file under `src/scenarios/`, and
//! one line in [`crate::scenarios::all`].

use crate::load::{Outcome, Plan};
use reqwest::{Client, RequestBuilder, StatusCode};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// A boxed future, so that [`Scenario`] stays usable as a trait object.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What every scenario can see: the server under load and how it will be driven.
pub struct Ctx {
    /// `http://127.0.0.1:<port>`, no trailing slash.
    pub base_url: String,
    /// The database the server runs on (for scenarios that seed large data sets directly
    /// through `zjcs_domain` instead of over HTTP).
    pub database_url: String,
    /// A client for the data-set phase (not used for measured requests).
    pub setup: Client,
    /// How many concurrent workers (connections) will send requests.
    pub connections: usize,
    /// Distinguishes this run's data from earlier runs on a reused database (e.g. in emails).
    pub run_id: String,
}

impl Ctx {
    /// The absolute URL of `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }
}

/// One request of a scenario and the status that counts as success.
pub struct Request {
    pub builder: RequestBuilder,
    pub expect: StatusCode,
}

impl Request {
    pub fn new(builder: RequestBuilder, expect: StatusCode) -> Request {
        Request { builder, expect }
    }
}

/// A named load pattern.
pub trait Scenario: Send + Sync {
    /// The name used on the command line.
    fn name(&self) -> &'static str;

    /// One line for `--list`.
    fn description(&self) -> &'static str;

    /// Loads this scenario's data set into the freshly started server, once, before warm-up.
    /// Keep what the requests need (credentials, ids) in `self`.
    fn prepare<'a>(&'a mut self, ctx: &'a Ctx) -> BoxFuture<'a, anyhow::Result<()>> {
        let _ = ctx;
        Box::pin(async { Ok(()) })
    }

    /// The `i`-th request of worker `worker` (0-based), built on that worker's own keep-alive
    /// `client`. Called back-to-back for the whole run, so keep it cheap.
    fn request(&self, client: &Client, ctx: &Ctx, worker: usize, i: u64) -> Request;

    /// A scenario that drives its own load instead of [`Scenario::request`] in the common closed
    /// loop (warm-up, then a measured window of `plan.duration`) returns its own run here: it
    /// measures what it likes and reports one or more table rows, with notes printed under the
    /// table. `pid` is the server's, for memory samples. None (the default): the common loop.
    fn drive(
        self: Arc<Self>,
        ctx: Arc<Ctx>,
        plan: Plan,
        pid: u32,
    ) -> Option<BoxFuture<'static, anyhow::Result<Vec<Outcome>>>> {
        let _ = (ctx, plan, pid);
        None
    }
}
