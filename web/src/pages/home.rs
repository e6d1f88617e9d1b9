//! `GET /`: what the marketplace is, for owners, firms and regulators (首页).

use super::NoticeQuery;
use crate::ctx::Ctx;
use crate::i18n_ctx::T;
use crate::layout::{Layout, notice_key};
use askama::Template;
use poem::http::StatusCode;
use poem::web::Query;
use poem::{Response, handler};

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    t: T,
    layout: Layout,
}

/// The home page.
#[handler]
pub async fn show(ctx: Ctx, Query(q): Query<NoticeQuery>) -> Response {
    let page = HomePage {
        t: ctx.t,
        layout: ctx.layout(notice_key(q.notice.as_deref())),
    };
    ctx.render(&page, StatusCode::OK)
}
