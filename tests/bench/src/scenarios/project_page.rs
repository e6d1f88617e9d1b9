//! `project_page`: one project announcement, over random projects of the announcement data set
//! (11,000 open, cancelled and failed projects): half the requests `GET /projects/{id}` (the
//! HTML page a visitor reads), half `GET /api/v1/projects/{id}` (the same project as JSON).

use crate::announcements::{self, Announcements};
use crate::dataset::Draw;
use crate::scenario::{BoxFuture, Ctx, Request, Scenario};
use reqwest::{Client, StatusCode};
use std::sync::Arc;

#[derive(Default)]
pub struct ProjectPage {
    data: Arc<Announcements>,
}

impl Scenario for ProjectPage {
    fn name(&self) -> &'static str {
        "project_page"
    }

    fn description(&self) -> &'static str {
        "GET /projects/{id} (HTML) and /api/v1/projects/{id}, half each, over 11,000 projects"
    }

    fn prepare<'a>(&'a mut self, ctx: &'a Ctx) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async move {
            self.data = announcements::announcements(ctx).await?;
            if self.data.project_ids.is_empty() {
                anyhow::bail!("the announcement data set has no projects");
            }
            Ok(())
        })
    }

    fn request(&self, client: &Client, ctx: &Ctx, worker: usize, i: u64) -> Request {
        let mut draw = Draw::new(0xb1, worker, i);
        let id = draw
            .pick(&self.data.project_ids)
            .copied()
            .unwrap_or_default();
        let path = if draw.percent(50) {
            format!("/projects/{id}")
        } else {
            format!("/api/v1/projects/{id}")
        };
        Request::new(client.get(ctx.url(&path)), StatusCode::OK)
    }
}
