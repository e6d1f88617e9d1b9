//! `GET /blacklist` (黑名单): the public black list — codes that may not enter, and why.

use super::firm_credit::veto_key;
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::i18n_ctx::T;
use crate::layout::Layout;
use crate::views::{day, last_day};
use askama::Template;
use poem::http::StatusCode;
use poem::{Response, handler};
use zjcs_domain::rules::standing::Basis;

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

/// An entry's reason and source in words (never the stored codes); an imported entry keeps
/// its authority's own words.
fn in_words(t: &T, basis: &Basis, reason: &str) -> (String, String) {
    match basis {
        Basis::Veto { item } => (
            t.get(item.map_or("blacklist.reason.veto", veto_key))
                .to_owned(),
            t.get("blacklist.source.platform").to_owned(),
        ),
        Basis::Representative { firm } => (
            t.fill("blacklist.reason.representative", "firm", firm),
            t.get("blacklist.source.representative").to_owned(),
        ),
        Basis::Imported { authority } => (
            if reason.trim().is_empty() {
                t.get("blacklist.reason.imported").to_owned()
            } else {
                reason.to_owned()
            },
            authority.clone(),
        ),
    }
}

/// The active black-list entries, newest first.
#[handler]
pub async fn show(ctx: Ctx) -> Result<Response, PageError> {
    let rows = ctx
        .services()
        .blacklist()
        .await?
        .into_iter()
        .map(|e| {
            let (reason, source) = in_words(&ctx.t, &e.basis, &e.reason);
            Row {
                firm_href: e.firm_id.map(|id| format!("/firms/{id}")),
                firm_name: e.firm_name,
                credit_code: e.credit_code,
                reason,
                source,
                from: day(e.starts_at),
                until: e.ends_at.map(last_day),
            }
        })
        .collect();
    let page = BlacklistPage {
        t: ctx.t,
        layout: ctx.layout(None),
        rows,
    };
    Ok(ctx.render(&page, StatusCode::OK))
}
