//! `directory`: `GET /api/v1/firms` over the registry data set (100,000 firms), each request
//! with its own mix of filters and order, as visitors of the public directory would send them.
//!
//! Per request, independently: 40 % a name search `q` (a trade name like 华信, or an industry
//! word like 测绘, from the vocabularies the names were built from), 30 % a service item, 30 % a
//! region (a province, or one time in four a city), 15 % a qualification type held and valid,
//! 10 % a credit grade; sorted by credit (80 %), newest (10 %) or name (10 %). First pages only,
//! at the default page size (20).

use crate::dataset::{self, Draw, Registry};
use crate::scenario::{BoxFuture, Ctx, Request, Scenario};
use reqwest::{Client, StatusCode};
use std::sync::Arc;

const GRADES: [&str; 5] = ["A", "B", "C", "D", "E"];

#[derive(Default)]
pub struct Directory {
    data: Arc<Registry>,
}

impl Scenario for Directory {
    fn name(&self) -> &'static str {
        "directory"
    }

    fn description(&self) -> &'static str {
        "GET /api/v1/firms with random filters and order over 100,000 generated firms"
    }

    fn prepare<'a>(&'a mut self, ctx: &'a Ctx) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async move {
            self.data = dataset::registry(ctx).await?;
            Ok(())
        })
    }

    fn request(&self, client: &Client, ctx: &Ctx, worker: usize, i: u64) -> Request {
        let d = &self.data;
        let mut draw = Draw::new(0xd1, worker, i);
        let mut query: Vec<(&str, String)> = Vec::with_capacity(6);
        if draw.percent(40) {
            let word = if draw.percent(50) {
                draw.pick(&d.trade_names).cloned()
            } else {
                draw.pick(&d.industries).map(|w| (*w).to_owned())
            };
            if let Some(w) = word {
                query.push(("q", w));
            }
        }
        if draw.percent(30)
            && let Some(item) = draw.pick(&d.items)
        {
            query.push(("item", item.to_string()));
        }
        if draw.percent(30) {
            let regions = if draw.percent(75) {
                &d.provinces
            } else {
                &d.cities
            };
            if let Some(r) = draw.pick(regions) {
                query.push(("region", (*r).to_owned()));
            }
        }
        if draw.percent(15)
            && let Some(q) = draw.pick(&d.qualification_types)
        {
            query.push(("qualification", q.clone()));
        }
        if draw.percent(10)
            && let Some(g) = draw.pick(&GRADES)
        {
            query.push(("grade", (*g).to_owned()));
        }
        match draw.below(10) {
            8 => query.push(("sort", "newest".into())),
            9 => query.push(("sort", "name".into())),
            _ => {} // credit, the default
        }
        let builder = client.get(ctx.url("/api/v1/firms")).query(&query);
        Request::new(builder, StatusCode::OK)
    }
}
