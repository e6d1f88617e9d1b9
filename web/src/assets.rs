//! Static assets embedded in the binary: `zjcs` runs without a folder of files beside it.

use poem::http::header;
use poem::{Response, handler};
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

/// Where the style sheet is served.
pub const SITE_CSS_PATH: &str = "/static/site.css";

/// The style sheet, written for this site (no third-party CSS).
const SITE_CSS: &str = include_str!("../static/site.css");

/// The style sheet's URL with a content hash, so that the year-long cache never serves an old
/// version after an upgrade.
pub fn site_css_href() -> &'static str {
    static HREF: LazyLock<String> = LazyLock::new(|| {
        let digest = Sha256::digest(SITE_CSS.as_bytes());
        format!("{SITE_CSS_PATH}?v={}", &hex::encode(digest)[..12])
    });
    &HREF
}

/// `GET /static/site.css`.
#[handler]
pub fn site_css() -> Response {
    Response::builder()
        .content_type("text/css; charset=utf-8")
        .header(header::CACHE_CONTROL, "public, max-age=31536000, immutable")
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .body(SITE_CSS)
}
