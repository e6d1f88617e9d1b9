//! Protection against cross-site request forgery: every form carries a hidden `csrf` field that
//! another site cannot know.
//!
//! - Logged in: the token is `hex(sha256("csrf:" + session token))`. Only someone who holds the
//!   session cookie can compute it, and it needs no storage of its own.
//! - Not logged in (registration, login): a double-submit cookie `zjcs_csrf` with a random
//!   value; the field must repeat it. Other sites can neither read nor set our cookies, and
//!   `SameSite=Strict` keeps it off their requests.

use crate::cookies::{SameSite, SetCookie};
use sha2::{Digest, Sha256};

/// Name of the double-submit cookie for visitors without a session.
pub const CSRF_COOKIE: &str = "zjcs_csrf";

/// The token this request's forms must carry.
#[derive(Debug, Clone)]
pub struct CsrfToken {
    /// The expected field value.
    pub value: String,
    /// True when the token was just made up for a visitor without one, so the response must
    /// set the double-submit cookie (and a POST carrying it cannot match yet).
    pub needs_cookie: bool,
}

impl CsrfToken {
    /// The token derived from a session token.
    pub fn for_session(session_token: &str) -> CsrfToken {
        let digest = Sha256::digest(format!("csrf:{session_token}").as_bytes());
        CsrfToken {
            value: hex::encode(digest),
            needs_cookie: false,
        }
    }

    /// The double-submit token: the visitor's cookie if it looks like one of ours, else a new one.
    pub fn for_anonymous(cookie: Option<&str>) -> CsrfToken {
        match cookie {
            Some(c) if c.len() == 64 && c.bytes().all(|b| b.is_ascii_hexdigit()) => CsrfToken {
                value: c.to_owned(),
                needs_cookie: false,
            },
            _ => CsrfToken {
                value: zjcs_domain::platform::new_secret(),
                needs_cookie: true,
            },
        }
    }

    /// Whether a submitted field value matches. A token we just made up never matches: the
    /// browser did not have it when it posted.
    pub fn accepts(&self, offered: &str) -> bool {
        !self.needs_cookie && constant_time_eq(self.value.as_bytes(), offered.as_bytes())
    }

    /// The `Set-Cookie` value for the double-submit cookie.
    pub fn cookie(&self, secure: bool) -> String {
        SetCookie {
            name: CSRF_COOKIE,
            value: &self.value,
            max_age: None,
            http_only: true,
            same_site: SameSite::Strict,
            secure,
        }
        .header_value()
    }
}

/// Compares without an early exit, so the time taken does not tell how much of a guess was right.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_token_is_derived_and_stable() {
        let a = CsrfToken::for_session("abc");
        assert_eq!(a.value, CsrfToken::for_session("abc").value);
        assert_ne!(a.value, CsrfToken::for_session("abd").value);
        assert!(a.accepts(&a.value));
        assert!(!a.accepts(""));
    }

    #[test]
    fn fresh_anonymous_token_never_matches() {
        let fresh = CsrfToken::for_anonymous(None);
        assert!(fresh.needs_cookie);
        assert!(!fresh.accepts(&fresh.value));
        let kept = CsrfToken::for_anonymous(Some(&fresh.value));
        assert!(kept.accepts(&fresh.value));
        assert!(CsrfToken::for_anonymous(Some("short")).needs_cookie);
    }
}
