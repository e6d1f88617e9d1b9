//! What a scenario is: a data set to load once, and a request to send over and over.
//!
//! A scenario is one type implementing [`Scenario`], in its own file under `src/scenarios/`, and
//! one line in [`crate::scenarios::all`].

use reqwest::{Client, RequestBuilder, StatusCode};
use std::future::Future;
use std::pin::Pin;

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
}
