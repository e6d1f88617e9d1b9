//! What every response and every request address gets, API and pages alike: the security
//! headers, and a refusal of control characters in the address before any handler runs.

use crate::lang::current_lang;
use crate::problem::Problem;
use poem::http::HeaderValue;
use poem::http::header::{STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS};
use poem::{Endpoint, IntoResponse, Request, Response};

/// `Strict-Transport-Security` when the public base URL is https: a year, as browsers' preload
/// lists expect. Never over plain http (a browser ignores it there, and a test server is http).
pub const HSTS: &str = "max-age=31536000";

/// Whether a percent-encoded address part holds a control character (C0 or DEL) once decoded.
/// No path segment or query value of zjcs is multi-line, and a NUL reaching PostgreSQL is a 500.
pub fn has_encoded_control(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let byte = if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
            match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                Some(v) => {
                    i += 3;
                    v
                }
                None => {
                    i += 1;
                    b'%'
                }
            }
        } else {
            i += 1;
            b[i - 1]
        };
        if byte < 0x20 || byte == 0x7F {
            return true;
        }
    }
    false
}

/// Refuses an address with a control character (400 problem+json, like any malformed request),
/// then adds `X-Content-Type-Options: nosniff` to every response and HSTS when `hsts` is set.
pub async fn harden<E: Endpoint>(next: E, req: Request, hsts: bool) -> poem::Result<Response> {
    let uri = req.uri();
    let mut resp =
        if has_encoded_control(uri.path()) || uri.query().is_some_and(has_encoded_control) {
            Problem::new(current_lang(), 400, "malformed")
                .with_detail("the address holds a control character")
                .into_http()
        } else {
            match next.call(req).await {
                Ok(r) => r.into_response(),
                Err(e) => e.into_response(),
            }
        };
    let headers = resp.headers_mut();
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if hsts {
        headers.insert(STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
    }
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_controls_are_found() {
        assert!(has_encoded_control("credit_code=%00"));
        assert!(has_encoded_control("q=a%0Ab"));
        assert!(has_encoded_control("q=%7f"));
        assert!(has_encoded_control("/api/v1/firms/%01"));
        assert!(!has_encoded_control("q=%E6%B5%8B%E7%BB%98&limit=20"));
        assert!(!has_encoded_control("q=100%25"));
        assert!(!has_encoded_control("q=%"));
        assert!(!has_encoded_control("q=%0"));
        assert!(!has_encoded_control("q=%zz"));
    }
}
