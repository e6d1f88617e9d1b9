//! The wrapper every page route runs in. It builds the request's [`Ctx`] once, hands it to the
//! handler, draws any error as a page, and sets the cookies the response needs.

use crate::AppState;
use crate::ctx::Ctx;
use crate::errors::{page_for_domain_error, page_for_poem_error};
use crate::{cookies, session};
use poem::http::header;
use poem::{Endpoint, IntoResponse, Request, Response, Result};
use std::sync::Arc;

/// A page route: the handler `E` inside the shared request handling.
pub struct PageEndpoint<E> {
    inner: E,
    state: Arc<AppState>,
}

impl<E> PageEndpoint<E> {
    /// Wraps a handler (or a method router of handlers).
    pub(crate) fn new(inner: E, state: Arc<AppState>) -> Self {
        Self { inner, state }
    }
}

impl<E: Endpoint> Endpoint for PageEndpoint<E> {
    type Output = Response;

    async fn call(&self, mut req: Request) -> Result<Response> {
        let ctx = match Ctx::load(self.state.clone(), &req).await {
            Ok(ctx) => ctx,
            Err(e) => {
                return Ok(page_for_domain_error(
                    &Ctx::fallback(self.state.clone(), &req),
                    &e,
                ));
            }
        };
        req.set_data(ctx.clone());
        let resp = match self.inner.call(req).await {
            Ok(out) => out.into_response(),
            Err(err) => page_for_poem_error(&ctx, err),
        };
        Ok(with_cookies(&ctx, resp))
    }
}

/// Adds the cookies that follow from the request's state: the double-submit CSRF cookie when a
/// page (which may hold a form) was drawn for a visitor who had none, and the removal of a
/// session cookie that no longer works.
fn with_cookies(ctx: &Ctx, mut resp: Response) -> Response {
    let secure = ctx.config().secure_cookies;
    let sets_session = resp.headers().get_all(header::SET_COOKIE).iter().any(|v| {
        v.to_str()
            .is_ok_and(|s| s.starts_with(session::SESSION_COOKIE))
    });
    let is_html = resp
        .content_type()
        .is_some_and(|c| c.starts_with("text/html"));
    if ctx.csrf.needs_cookie && ctx.visitor.is_none() && !sets_session && is_html {
        cookies::append(&mut resp, ctx.csrf.cookie(secure));
    }
    if ctx.stale_session && !sets_session {
        cookies::append(&mut resp, session::clear_cookie(secure));
    }
    resp
}
