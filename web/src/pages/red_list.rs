//! `GET /redlist` (红名单): the public red list — listed firms at grade A with no upheld
//! complaint within the credit policy's window, best score first, a page at a time.

use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::i18n_ctx::T;
use crate::layout::Layout;
use askama::Template;
use poem::http::StatusCode;
use poem::web::Query;
use poem::{Response, handler};
use serde::Deserialize;

/// Firms a page shows.
const PAGE: u64 = 100;

/// `?offset=…`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RedListQuery {
    offset: String,
}

struct Row {
    href: String,
    name: String,
    credit_code: String,
    region_code: String,
    score: i32,
}

#[derive(Template)]
#[template(path = "red_list.html")]
struct RedListPage {
    t: T,
    layout: Layout,
    window_months: u32,
    rows: Vec<Row>,
    next_href: Option<String>,
    first_href: Option<String>,
}

/// One page of the red list (a malformed offset reads as the first page).
#[handler]
pub async fn show(ctx: Ctx, Query(q): Query<RedListQuery>) -> Result<Response, PageError> {
    let offset = q.offset.trim().parse::<u64>().unwrap_or(0).min(1_000_000);
    let p = ctx.services().red_list(offset, PAGE).await?;
    let page = RedListPage {
        t: ctx.t,
        layout: ctx.layout(None),
        window_months: p.window_months,
        next_href: p
            .more
            .then(|| format!("/redlist?offset={}", offset + p.entries.len() as u64)),
        first_href: (offset > 0).then(|| "/redlist".to_owned()),
        rows: p
            .entries
            .into_iter()
            .map(|e| Row {
                href: format!("/firms/{}", e.firm_id),
                name: e.name,
                credit_code: e.credit_code,
                region_code: e.region_code,
                score: e.score,
            })
            .collect(),
    };
    Ok(ctx.render(&page, StatusCode::OK))
}
