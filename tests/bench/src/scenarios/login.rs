//! `login`: `POST /api/v1/sessions` with correct credentials, round-robin over a pool of
//! registered accounts. Dominated by argon2id verification, which is slow on purpose.
//!
//! Only correct credentials are sent: failures would trip the per-account and per-address login
//! throttles (all load comes from 127.0.0.1) and the run would measure 429s. Each account belongs
//! to one worker, as each person logs in from their own browser: attempts are reserved before
//! their password is checked (issue 19), and two attempts on one account in flight together
//! from one address, behind thirty others from that address, meet the per-address limit —
//! round-robin over shared accounts had a large share answered 429 (figures: this bench's
//! README, section "`login` with pooled argon2 memory").

use crate::scenario::{BoxFuture, Ctx, Request, Scenario};
use anyhow::{Context, bail};
use reqwest::header::CONTENT_TYPE;
use reqwest::{Client, StatusCode};
use serde_json::json;

/// Accounts in the pool: enough that concurrent workers rarely log in as the same account.
const ACCOUNTS: usize = 50;
/// Registrations in flight at once while loading the data set.
const SETUP_CONCURRENCY: usize = 4;

#[derive(Default)]
pub struct Login {
    /// Ready-made JSON bodies `{"email":…,"password":…}`, one per account.
    bodies: Vec<String>,
}

impl Scenario for Login {
    fn name(&self) -> &'static str {
        "login"
    }

    fn description(&self) -> &'static str {
        "POST /api/v1/sessions, correct password, round-robin over 50 accounts (argon2id-bound)"
    }

    fn prepare<'a>(&'a mut self, ctx: &'a Ctx) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async move {
            let accounts: Vec<(String, String)> = (0..ACCOUNTS)
                .map(|k| {
                    (
                        format!("bench-login-{k}-{}@example.cn", ctx.run_id),
                        format!("bench password {k}"),
                    )
                })
                .collect();
            let numbered: Vec<_> = accounts.iter().enumerate().collect();
            for chunk in numbered.chunks(SETUP_CONCURRENCY) {
                let mut tasks = tokio::task::JoinSet::new();
                for &(k, (email, password)) in chunk {
                    let (client, url) = (ctx.setup.clone(), ctx.url("/api/v1/accounts"));
                    let body = json!({
                        "role": "intermediary",
                        "name": format!("压测中介机构{k}"),
                        "email": email,
                        "password": password,
                    });
                    tasks.spawn(async move {
                        let r = client
                            .post(url)
                            .json(&body)
                            .send()
                            .await
                            .context("register")?;
                        let status = r.status();
                        if status != StatusCode::CREATED {
                            bail!("register: {status}: {}", r.text().await.unwrap_or_default());
                        }
                        Ok(())
                    });
                }
                while let Some(done) = tasks.join_next().await {
                    done??;
                }
            }
            self.bodies = accounts
                .iter()
                .map(|(email, password)| {
                    json!({ "email": email, "password": password }).to_string()
                })
                .collect();
            Ok(())
        })
    }

    fn request(&self, client: &Client, ctx: &Ctx, worker: usize, i: u64) -> Request {
        // Worker w takes accounts w, w + c, w + 2c, … (c connections), in turn.
        let n = self.bodies.len();
        let c = ctx.connections.max(1);
        let own = n.saturating_sub(worker % n).div_ceil(c).max(1);
        let k = (worker % n + c * (i as usize % own)) % n;
        let builder = client
            .post(ctx.url("/api/v1/sessions"))
            .header(CONTENT_TYPE, "application/json")
            .body(self.bodies[k].clone());
        Request::new(builder, StatusCode::CREATED)
    }
}
