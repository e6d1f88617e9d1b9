//! `firm_page`: `GET /api/v1/firms/{id}` — a public firm page with its profile, service items,
//! qualifications, practitioners and affiliations — over 10,000 firms sampled from the registry
//! data set (listed and suspended ones; black-listed firms are left out).

use crate::dataset::{self, Draw, Registry};
use crate::scenario::{BoxFuture, Ctx, Request, Scenario};
use reqwest::{Client, StatusCode};
use std::sync::Arc;

#[derive(Default)]
pub struct FirmPage {
    data: Arc<Registry>,
}

impl Scenario for FirmPage {
    fn name(&self) -> &'static str {
        "firm_page"
    }

    fn description(&self) -> &'static str {
        "GET /api/v1/firms/{id} over 10,000 of the 100,000 generated firms"
    }

    fn prepare<'a>(&'a mut self, ctx: &'a Ctx) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async move {
            self.data = dataset::registry(ctx).await?;
            if self.data.firm_ids.is_empty() {
                anyhow::bail!("the registry data set has no visible firms");
            }
            Ok(())
        })
    }

    fn request(&self, client: &Client, ctx: &Ctx, worker: usize, i: u64) -> Request {
        let mut draw = Draw::new(0xf1, worker, i);
        let id = draw.pick(&self.data.firm_ids).copied().unwrap_or_default();
        Request::new(
            client.get(ctx.url(&format!("/api/v1/firms/{id}"))),
            StatusCode::OK,
        )
    }
}
