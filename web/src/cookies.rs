//! Reading the `Cookie` header and writing `Set-Cookie` values.
//!
//! Done by hand rather than with poem's `CookieJarManager` because [`crate::app`] must return a
//! plain `Route` that the binary nests, so there is no place for a router-wide middleware; our
//! cookies are all plain hex tokens or short codes, which need no encoding.

use poem::http::header;
use poem::{Request, Response};

/// The value of the first cookie called `name`, if the request carries one.
pub fn read(req: &Request, name: &str) -> Option<String> {
    req.headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim_matches('"').to_owned())
}

/// Adds a `Set-Cookie` header to a response. Our values are plain ASCII, so the header always
/// parses; were it ever not to, the cookie is dropped rather than the response failing.
pub fn append(resp: &mut Response, set_cookie: String) {
    if let Ok(v) = set_cookie.parse() {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
}

/// Which sites may send the cookie along (the `SameSite` attribute).
#[derive(Debug, Clone, Copy)]
pub enum SameSite {
    /// Sent on top-level navigations from other sites: keeps people logged in when they follow
    /// a link to us.
    Lax,
    /// Never sent from other sites.
    Strict,
}

/// One `Set-Cookie` header value.
#[derive(Debug, Clone)]
pub struct SetCookie<'a> {
    pub name: &'a str,
    pub value: &'a str,
    /// Lifetime in seconds; `None` makes a cookie that ends with the browser session, `Some(0)`
    /// deletes it.
    pub max_age: Option<i64>,
    pub http_only: bool,
    pub same_site: SameSite,
    pub secure: bool,
}

impl SetCookie<'_> {
    /// The header value, always with `Path=/` so every page sees the cookie.
    pub fn header_value(&self) -> String {
        let mut s = format!("{}={}; Path=/", self.name, self.value);
        if let Some(age) = self.max_age {
            s.push_str(&format!("; Max-Age={}", age.max(0)));
        }
        if self.http_only {
            s.push_str("; HttpOnly");
        }
        s.push_str(match self.same_site {
            SameSite::Lax => "; SameSite=Lax",
            SameSite::Strict => "; SameSite=Strict",
        });
        if self.secure {
            s.push_str("; Secure");
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_named_cookie_among_several() {
        let req = Request::builder()
            .header(header::COOKIE, "a=1; zjcs_lang=en ; b=2")
            .finish();
        assert_eq!(read(&req, "zjcs_lang").as_deref(), Some("en"));
        assert_eq!(read(&req, "b").as_deref(), Some("2"));
        assert_eq!(read(&req, "c"), None);
    }

    #[test]
    fn writes_every_attribute() {
        let c = SetCookie {
            name: "x",
            value: "y",
            max_age: Some(10),
            http_only: true,
            same_site: SameSite::Strict,
            secure: true,
        };
        assert_eq!(
            c.header_value(),
            "x=y; Path=/; Max-Age=10; HttpOnly; SameSite=Strict; Secure"
        );
    }
}
