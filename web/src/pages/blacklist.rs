//! `GET /blacklist` (黑名单): the public black list — codes that may not enter, and why.

use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::i18n_ctx::T;
use crate::layout::Layout;
use crate::views::day;
use askama::Template;
use poem::http::StatusCode;
use poem::{Response, handler};

struct Row {
    credit_code: String,
    firm_name: Option<String>,
    firm_href: Option<String>,
    reason: String,
    source: String,
    from: String,
    until: Option<String>,
}

#[derive(Template)]
#[template(path = "blacklist.html")]
struct BlacklistPage {
    t: T,
    layout: Layout,
    rows: Vec<Row>,
}

/// The active black-list entries, newest first.
#[handler]
pub async fn show(ctx: Ctx) -> Result<Response, PageError> {
    let rows = ctx
        .services()
        .blacklist()
        .await?
        .into_iter()
        .map(|e| Row {
            firm_href: e.firm_id.map(|id| format!("/firms/{id}")),
            firm_name: e.firm_name,
            credit_code: e.credit_code,
            reason: e.reason,
            source: e.source,
            from: day(e.starts_at),
            until: e.ends_at.map(day),
        })
        .collect();
    let page = BlacklistPage {
        t: ctx.t,
        layout: ctx.layout(None),
        rows,
    };
    Ok(ctx.render(&page, StatusCode::OK))
}
