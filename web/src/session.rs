//! The login session as the browser holds it: the `zjcs_session` cookie carries the token the
//! services handed out at login; the services keep only its hash.

use crate::cookies::{SameSite, SetCookie};
use chrono::Utc;
use zjcs_domain::service::sessions::{Authenticated, NewSession};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "zjcs_session";

/// A logged-in visitor: who they are and the token their cookie carries (the CSRF token is
/// derived from it).
#[derive(Debug, Clone)]
pub struct Visitor {
    pub auth: Authenticated,
    pub token: String,
}

/// The cookie that hands a fresh session to the browser. It lives exactly as long as the
/// session, is out of reach of scripts, and is not sent along from other sites' forms.
pub fn set_cookie(session: &NewSession, secure: bool) -> String {
    let remaining = (session.expires_at - Utc::now()).num_seconds();
    SetCookie {
        name: SESSION_COOKIE,
        value: &session.token,
        max_age: Some(remaining),
        http_only: true,
        same_site: SameSite::Lax,
        secure,
    }
    .header_value()
}

/// The cookie that makes the browser forget its session (after logout, or when it holds one
/// that no longer works).
pub fn clear_cookie(secure: bool) -> String {
    SetCookie {
        name: SESSION_COOKIE,
        value: "",
        max_age: Some(0),
        http_only: true,
        same_site: SameSite::Lax,
        secure,
    }
    .header_value()
}
