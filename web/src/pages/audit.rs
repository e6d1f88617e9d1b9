//! `GET /audit` (操作留痕): the audit trail for regulators and administrators: whether the
//! hash chain is intact, and the entries, newest first, a hundred to a page.

use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::i18n_ctx::T;
use crate::layout::Layout;
use crate::time::shanghai;
use askama::Template;
use poem::http::StatusCode;
use poem::web::Query;
use poem::{Response, handler};
use serde::Deserialize;
use zjcs_domain::platform::audit::AuditEntryView;

/// Entries per page.
const PAGE_SIZE: u64 = 100;

/// `?before=<seq>`: show entries older than this one.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    before: Option<i64>,
}

/// One table row.
struct Row {
    seq: i64,
    at: String,
    actor: String,
    action: String,
    object: String,
    short_hash: String,
    hash: String,
}

impl From<AuditEntryView> for Row {
    fn from(e: AuditEntryView) -> Self {
        Row {
            seq: e.seq,
            at: shanghai(e.at),
            actor: e.actor,
            action: e.action,
            object: format!("{}:{}", e.object_type, e.object_id),
            short_hash: e.hash.chars().take(12).collect(),
            hash: e.hash,
        }
    }
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    t: T,
    layout: Layout,
    /// The chain report as one translated sentence.
    chain_text: String,
    chain_ok: bool,
    rows: Vec<Row>,
    /// Link to the next older page, when there may be one.
    older_href: Option<String>,
    /// On an older page: a link back to the newest entries.
    paged: bool,
}

/// The audit trail page; others than regulators and administrators get 403.
#[handler]
pub async fn show(ctx: Ctx, Query(q): Query<AuditQuery>) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    let report = ctx.services().audit_verify(&actor).await?;
    let entries = ctx
        .services()
        .audit_list(&actor, q.before, PAGE_SIZE)
        .await?;
    let chain_text = match &report.broken {
        None => ctx.t.fill("audit.ok", "n", report.verified),
        Some(b) => format!(
            "{} {}",
            ctx.t.fill("audit.broken", "seq", b.seq),
            ctx.t.get(&format!("audit.reason.{}", b.reason))
        ),
    };
    let older_href = match entries.last() {
        Some(last) if entries.len() as u64 == PAGE_SIZE && last.seq > 1 => {
            Some(format!("/audit?before={}", last.seq))
        }
        _ => None,
    };
    let page = AuditPage {
        t: ctx.t,
        layout: ctx.layout(None),
        chain_ok: report.broken.is_none(),
        chain_text,
        rows: entries.into_iter().map(Row::from).collect(),
        older_href,
        paged: q.before.is_some(),
    };
    Ok(ctx.render(&page, StatusCode::OK))
}
