//! The context of one page request (请求上下文): services, language, the visitor if logged in,
//! and the CSRF token. [`crate::page_endpoint::PageEndpoint`] builds it once per request, so
//! handlers and error pages see the same visitor without asking the database twice.

use crate::csrf::{CSRF_COOKIE, CsrfToken};
use crate::errors::PageError;
use crate::i18n_ctx::{T, lang_of};
use crate::layout::Layout;
use crate::session::{SESSION_COOKIE, Visitor};
use crate::{AppState, WebConfig, cookies};
use askama::Template;
use poem::http::{StatusCode, header};
use poem::{FromRequest, Request, RequestBody, Response};
use std::sync::Arc;
use zjcs_domain::Error;
use zjcs_domain::i18n::Lang;
use zjcs_domain::rules::access::{Permission, may};
use zjcs_domain::service::Services;

/// Everything a page handler needs to know about the request besides its own input.
#[derive(Clone)]
pub struct Ctx {
    state: Arc<AppState>,
    /// The reader's language.
    pub lang: Lang,
    /// Translator for this language.
    pub t: T,
    /// The logged-in visitor, if the session cookie is valid.
    pub visitor: Option<Visitor>,
    /// The token this request's forms carry.
    pub csrf: CsrfToken,
    /// The browser holds a session cookie that no longer works; the response clears it.
    pub stale_session: bool,
    /// Path and query of this request, for the language switch's way back.
    pub here: String,
    /// The client's IP address (no port), for login throttling: see [`crate::client_ip`].
    pub client_ip: Option<String>,
}

impl Ctx {
    /// Reads language, session and CSRF cookie. Fails only when the database does.
    pub(crate) async fn load(state: Arc<AppState>, req: &Request) -> Result<Ctx, Error> {
        let lang = lang_of(req);
        let mut stale_session = false;
        let mut visitor = None;
        if let Some(token) = cookies::read(req, SESSION_COOKIE).filter(|t| !t.is_empty()) {
            match state.services.authenticate(&token).await {
                Ok(auth) => visitor = Some(Visitor { auth, token }),
                Err(Error::Unauthenticated) => stale_session = true,
                Err(e) => return Err(e),
            }
        }
        let csrf = match &visitor {
            Some(v) => CsrfToken::for_session(&v.token),
            None => CsrfToken::for_anonymous(cookies::read(req, CSRF_COOKIE).as_deref()),
        };
        Ok(Ctx {
            lang,
            t: T { lang },
            visitor,
            csrf,
            stale_session,
            here: req
                .uri()
                .path_and_query()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_else(|| "/".into()),
            client_ip: crate::client_ip(req).map(|ip| ip.to_string()),
            state,
        })
    }

    /// A context for when loading failed: anonymous, so that at least an error page can be drawn.
    pub(crate) fn fallback(state: Arc<AppState>, req: &Request) -> Ctx {
        let lang = lang_of(req);
        Ctx {
            lang,
            t: T { lang },
            visitor: None,
            csrf: CsrfToken::for_anonymous(None),
            stale_session: false,
            here: "/".into(),
            client_ip: None,
            state,
        }
    }

    /// The domain services.
    pub fn services(&self) -> &Services {
        &self.state.services
    }

    /// The deployment's page settings.
    pub fn config(&self) -> WebConfig {
        self.state.config
    }

    /// The logged-in visitor, or the refusal that sends others to the login page.
    pub fn require_login(&self) -> Result<&Visitor, PageError> {
        self.visitor
            .as_ref()
            .ok_or(PageError::Domain(Error::Unauthenticated))
    }

    /// The logged-in visitor if their role holds a permission; others get 403, and visitors
    /// without a login go to the login page.
    ///
    /// A permission is decided once, by the service a page calls: a page that hands the
    /// visitor's request to a service uses [`Ctx::require_login`] and renders the service's
    /// refusal. This is only for the pages that must answer before any service is asked: a
    /// form shown empty (a new item, a new project), or an upload that has to be read before
    /// the service can be called (a catalogue or dishonesty-list file). The test below keeps
    /// it that way.
    pub fn require_permission(&self, p: Permission) -> Result<&Visitor, PageError> {
        let visitor = self.require_login()?;
        if may(visitor.auth.actor.role, p) {
            Ok(visitor)
        } else {
            Err(PageError::Domain(Error::Forbidden))
        }
    }

    /// Checks a submitted form's CSRF field.
    pub fn check_csrf(&self, offered: &str) -> Result<(), PageError> {
        if self.csrf.accepts(offered) {
            Ok(())
        } else {
            Err(PageError::Csrf)
        }
    }

    /// The shared page frame, with a notice (a catalogue key) shown above the content.
    pub fn layout(&self, notice: Option<&'static str>) -> Layout {
        Layout::new(self, notice)
    }

    /// Renders a template as an HTML response with the given status.
    pub fn render(&self, template: &impl Template, status: StatusCode) -> Response {
        match template.render() {
            Ok(html) => html_response(status, html),
            Err(e) => {
                // A template that fails to render is our bug; show the generic page, not a 500
                // with the template's error text.
                tracing::error!(error = %e, "template rendering failed");
                html_response(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!(
                        "<!DOCTYPE html><html lang=\"{}\"><meta charset=\"utf-8\"><title>{}</title><h1>{}</h1><p><a href=\"/\">{}</a></p></html>",
                        self.lang.tag(),
                        self.t.get("error.internal"),
                        self.t.get("error.internal"),
                        self.t.get("error.page.back")
                    ),
                )
            }
        }
    }
}

/// An HTML response. Pages hold personal data and CSRF tokens, so caches must not keep them;
/// and nobody may frame them (clickjacking on the forms).
pub fn html_response(status: StatusCode, html: String) -> Response {
    Response::builder()
        .status(status)
        .content_type("text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store")
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header(header::REFERRER_POLICY, "same-origin")
        .header(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        )
        .body(html)
}

/// A 303 redirect: after a POST the browser GETs the next page, so reloading does not resubmit.
/// Non-ASCII characters in the target are percent-encoded so the header is always valid.
pub fn see_other(location: &str) -> Response {
    let mut target = String::with_capacity(location.len());
    for b in location.bytes() {
        if b.is_ascii() && !b.is_ascii_control() {
            target.push(b as char);
        } else {
            target.push_str(&format!("%{b:02X}"));
        }
    }
    Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, target)
        .finish()
}

/// Handlers take the context as an argument; it is placed in the request by `PageEndpoint`.
impl<'a> FromRequest<'a> for Ctx {
    async fn from_request(req: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        req.data::<Ctx>().cloned().ok_or_else(|| {
            PageError::Domain(Error::Internal(
                "page context missing: route not wrapped in PageEndpoint".into(),
            ))
            .into()
        })
    }
}

#[cfg(test)]
mod tests {
    /// The pages that decide a permission themselves, and how many times: each answers before
    /// any service is asked (see [`super::Ctx::require_permission`]). Another use is a page
    /// checking what its service checks again.
    const GATED_BEFORE_ANY_SERVICE: &[(&str, usize)] = &[
        // The catalogue list; the file import reads the file first.
        ("admin_catalogue.rs", 2),
        // The credit policy form; its save reads the typed policy before the service.
        ("admin_credit_policy.rs", 2),
        // The new and edit forms of an item; the save reads the form first.
        ("admin_item.rs", 3),
        // The dishonesty-list file import reads the file first.
        ("dishonesty_list.rs", 1),
        // The new-project wizard; the save checks the item and the avoid list first.
        ("owner_projects.rs", 2),
    ];

    #[test]
    fn pages_decide_a_permission_only_where_no_service_is_asked_first() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/pages");
        let mut found = Vec::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let n = text.matches(".require_permission(").count();
            if n > 0 {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                found.push((name, n));
            }
        }
        found.sort();
        let expected: Vec<(String, usize)> = GATED_BEFORE_ANY_SERVICE
            .iter()
            .map(|(f, n)| (f.to_string(), *n))
            .collect();
        assert_eq!(found, expected);
    }
}
