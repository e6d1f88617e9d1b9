//! `announcement_list`: `GET /api/v1/projects` — the public announcement list (采购公告), newest
//! first — over the announcement data set (11,000 projects), with a mix of filters and pages.
//!
//! [`COMBINATIONS`] filter combinations are drawn once (deterministically): 25 % no filter, 20 %
//! a service `item`, 20 % a `region` (a province, one time in four a city), 15 % a `method`, 10 %
//! a `status` (`published`, or one time in five each `cancelled` and `failed`), 10 % two filters
//! (item + region, method + region, or region + status). While loading, each combination's pages
//! are walked over HTTP up to page [`PAGES`], following `next_cursor`, so that the cursors are the
//! server's own. Requests then ask for a first page (60 %) or one of the later pages (40 %).

use crate::announcements::{self, Announcements};
use crate::dataset::Draw;
use crate::scenario::{BoxFuture, Ctx, Request, Scenario};
use anyhow::{Context, bail};
use reqwest::{Client, StatusCode};

/// Filter combinations drawn.
const COMBINATIONS: u64 = 300;
/// Pages walked per combination (the first and up to this many in all).
const PAGES: usize = 5;
/// Walks at once while loading.
const SETUP_CONCURRENCY: usize = 4;

/// A query string: (name, value) pairs.
type Query = Vec<(&'static str, String)>;

#[derive(Default)]
pub struct AnnouncementList {
    first_pages: Vec<Query>,
    later_pages: Vec<Query>,
}

/// The filters of combination `k`.
fn filters(d: &Announcements, k: u64) -> Query {
    let mut draw = Draw::new(0xa1, 0, k);
    let mut q = Query::new();
    let item = |draw: &mut Draw, q: &mut Query| {
        if let Some(i) = draw.pick(&d.items) {
            q.push(("item", i.to_string()));
        }
    };
    let region = |draw: &mut Draw, q: &mut Query| {
        let list = if draw.percent(75) {
            &d.provinces
        } else {
            &d.cities
        };
        if let Some(r) = draw.pick(list) {
            q.push(("region", (*r).to_owned()));
        }
    };
    let method = |draw: &mut Draw, q: &mut Query| {
        let methods = [
            "random-draw",
            "lowest-price",
            "credit-preferred",
            "comprehensive",
            "direct",
        ];
        if let Some(m) = draw.pick(&methods) {
            q.push(("method", (*m).to_owned()));
        }
    };
    let status = |draw: &mut Draw, q: &mut Query| {
        let s = match draw.below(10) {
            0..6 => "published",
            6..8 => "cancelled",
            _ => "failed",
        };
        q.push(("status", s.to_owned()));
    };
    match draw.below(100) {
        0..25 => {}
        25..45 => item(&mut draw, &mut q),
        45..65 => region(&mut draw, &mut q),
        65..80 => method(&mut draw, &mut q),
        80..90 => status(&mut draw, &mut q),
        _ => match draw.below(3) {
            0 => {
                item(&mut draw, &mut q);
                region(&mut draw, &mut q);
            }
            1 => {
                method(&mut draw, &mut q);
                region(&mut draw, &mut q);
            }
            _ => {
                region(&mut draw, &mut q);
                status(&mut draw, &mut q);
            }
        },
    }
    q
}

/// Walks the pages of one filter combination; returns the queries of the pages after the first.
async fn walk(client: Client, url: String, first: Query) -> anyhow::Result<Vec<Query>> {
    let mut later = Vec::new();
    let mut query = first;
    for _ in 1..PAGES {
        let r = client
            .get(&url)
            .query(&query)
            .send()
            .await
            .context("GET /api/v1/projects")?;
        let status = r.status();
        if status != StatusCode::OK {
            bail!(
                "GET /api/v1/projects?{query:?}: {status}: {}",
                r.text().await.unwrap_or_default()
            );
        }
        let page: serde_json::Value = r.json().await.context("reading an announcement page")?;
        let Some(cursor) = page["next_cursor"].as_str() else {
            break;
        };
        query.retain(|(k, _)| *k != "cursor");
        query.push(("cursor", cursor.to_owned()));
        later.push(query.clone());
    }
    Ok(later)
}

impl Scenario for AnnouncementList {
    fn name(&self) -> &'static str {
        "announcement_list"
    }

    fn description(&self) -> &'static str {
        "GET /api/v1/projects with filters and cursor pages over 11,000 generated projects"
    }

    fn prepare<'a>(&'a mut self, ctx: &'a Ctx) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async move {
            let d = announcements::announcements(ctx).await?;
            self.first_pages = (0..COMBINATIONS).map(|k| filters(&d, k)).collect();
            for chunk in self.first_pages.chunks(SETUP_CONCURRENCY) {
                let mut walks = tokio::task::JoinSet::new();
                for q in chunk {
                    walks.spawn(walk(
                        ctx.setup.clone(),
                        ctx.url("/api/v1/projects"),
                        q.clone(),
                    ));
                }
                while let Some(done) = walks.join_next().await {
                    self.later_pages.extend(done??);
                }
            }
            // The order the walks finished in varies; requests draw by index.
            self.later_pages.sort();
            if self.later_pages.is_empty() {
                bail!("no announcement list has a second page");
            }
            eprintln!(
                "  announcement_list: {} filter combinations, {} later pages walked",
                self.first_pages.len(),
                self.later_pages.len()
            );
            Ok(())
        })
    }

    fn request(&self, client: &Client, ctx: &Ctx, worker: usize, i: u64) -> Request {
        let mut draw = Draw::new(0xa2, worker, i);
        let pages = if draw.percent(60) {
            &self.first_pages
        } else {
            &self.later_pages
        };
        let mut builder = client.get(ctx.url("/api/v1/projects"));
        if let Some(q) = draw.pick(pages) {
            builder = builder.query(q);
        }
        Request::new(builder, StatusCode::OK)
    }
}
