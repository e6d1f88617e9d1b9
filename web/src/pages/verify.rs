//! `GET /verify-email?token=…` (邮箱验证): the link in the welcome mail.

use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::i18n_ctx::T;
use crate::layout::Layout;
use askama::Template;
use poem::http::StatusCode;
use poem::web::Query;
use poem::{Response, handler};
use serde::Deserialize;
use zjcs_domain::Error;

/// The link's query.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct VerifyQuery {
    token: String,
}

#[derive(Template)]
#[template(path = "verify.html")]
struct VerifyPage {
    t: T,
    layout: Layout,
    verified: bool,
}

/// Marks the address verified, or says the link does not work (400).
#[handler]
pub async fn show(ctx: Ctx, Query(q): Query<VerifyQuery>) -> Result<Response, PageError> {
    let (verified, status) = match ctx.services().verify_email(&q.token).await {
        Ok(_) => (true, StatusCode::OK),
        Err(Error::InvalidToken) => (false, StatusCode::BAD_REQUEST),
        Err(e) => return Err(e.into()),
    };
    Ok(ctx.render(
        &VerifyPage {
            t: ctx.t,
            layout: ctx.layout(None),
            verified,
        },
        status,
    ))
}
