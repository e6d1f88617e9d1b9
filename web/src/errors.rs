//! Refusals as pages: every error a page handler or poem itself can produce becomes an HTML page
//! in the reader's language with the right status. Nothing a visitor sends yields a bare 500.

use crate::ctx::{Ctx, see_other};
use crate::i18n_ctx::T;
use crate::layout::Layout;
use askama::Template;
use poem::Response;
use poem::error::ResponseError;
use poem::http::{StatusCode, header};
use std::fmt;
use zjcs_domain::Error;

/// Why a page handler stopped: a refusal from the services, or a form without a valid CSRF token.
#[derive(Debug)]
pub enum PageError {
    /// A refusal (or internal failure) from the domain services.
    Domain(Error),
    /// The form's CSRF field does not match (a stale page, or a forged request).
    Csrf,
}

impl From<Error> for PageError {
    fn from(e: Error) -> Self {
        PageError::Domain(e)
    }
}

impl fmt::Display for PageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PageError::Domain(e) => write!(f, "{e}"),
            PageError::Csrf => f.write_str("csrf token mismatch"),
        }
    }
}

impl std::error::Error for PageError {}

/// Lets handlers return `Result<Response, PageError>`; `PageEndpoint` finds the error again by
/// downcasting and draws it in the reader's language.
impl ResponseError for PageError {
    fn status(&self) -> StatusCode {
        match self {
            PageError::Domain(e) => {
                StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            }
            PageError::Csrf => StatusCode::FORBIDDEN,
        }
    }
}

/// The error page.
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    t: T,
    layout: Layout,
    title: String,
    detail: Option<String>,
}

fn error_page(ctx: &Ctx, status: StatusCode, title_key: &str, detail: Option<String>) -> Response {
    let page = ErrorPage {
        t: ctx.t,
        layout: ctx.layout(None),
        title: ctx.t.get(title_key).to_owned(),
        detail,
    };
    ctx.render(&page, status)
}

/// The page for a page handler's refusal.
pub fn page_for_page_error(ctx: &Ctx, e: &PageError) -> Response {
    match e {
        PageError::Csrf => error_page(ctx, StatusCode::FORBIDDEN, "error.csrf", None),
        PageError::Domain(e) => page_for_domain_error(ctx, e),
    }
}

/// The page for a refusal from the services.
pub fn page_for_domain_error(ctx: &Ctx, e: &Error) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let title = format!("error.{}", e.code());
    match e {
        // A page that needs a login sends the visitor to log in rather than showing a refusal.
        Error::Unauthenticated => see_other("/login"),
        Error::Internal(_) | Error::Storage(_) => {
            // The cause is for the operators; the visitor only learns that it was not their fault.
            let cause = zjcs_domain::error::chain(e);
            tracing::error!(cause = %cause, "internal error while serving a page");
            error_page(
                ctx,
                status,
                &title,
                Some(ctx.t.get("error.detail.internal").to_owned()),
            )
        }
        Error::Throttled(wait) => {
            let secs = wait.as_secs().max(1);
            let mut resp = error_page(
                ctx,
                status,
                &title,
                Some(ctx.t.fill("error.detail.throttled", "secs", secs)),
            );
            if let Ok(v) = secs.to_string().parse() {
                resp.headers_mut().insert(header::RETRY_AFTER, v);
            }
            resp
        }
        Error::Validation(_) => error_page(
            ctx,
            status,
            &title,
            Some(ctx.t.get("error.detail.validation").to_owned()),
        ),
        Error::Forbidden => error_page(
            ctx,
            status,
            &title,
            Some(ctx.t.get("error.detail.forbidden").to_owned()),
        ),
        Error::NotFound => error_page(
            ctx,
            status,
            &title,
            Some(ctx.t.get("error.detail.not-found").to_owned()),
        ),
        _ => error_page(ctx, status, &title, None),
    }
}

/// The page for an error poem raised before or around a handler (unknown path, wrong method,
/// unreadable form body, …), chosen by its status.
pub fn page_for_poem_error(ctx: &Ctx, err: poem::Error) -> Response {
    if let Some(e) = err.downcast_ref::<PageError>() {
        return page_for_page_error(ctx, e);
    }
    let status = err.status();
    let (title, detail) = match status {
        StatusCode::NOT_FOUND => ("error.not-found", Some("error.detail.not-found")),
        StatusCode::METHOD_NOT_ALLOWED => ("error.method-not-allowed", None),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "error.unsupported-media-type",
            Some("error.detail.malformed"),
        ),
        StatusCode::PAYLOAD_TOO_LARGE => ("error.payload-too-large", None),
        StatusCode::FORBIDDEN => ("error.forbidden", None),
        s if s.is_client_error() => ("error.malformed", Some("error.detail.malformed")),
        _ => {
            tracing::error!(error = %err, "internal error while serving a page");
            ("error.internal", Some("error.detail.internal"))
        }
    };
    // A server-side failure is reported as 500 whatever poem called it; a client error keeps its
    // own status so the visitor (and the tests) see what was wrong.
    let status = if status.is_client_error() {
        status
    } else {
        StatusCode::INTERNAL_SERVER_ERROR
    };
    error_page(ctx, status, title, detail.map(|d| ctx.t.get(d).to_owned()))
}
