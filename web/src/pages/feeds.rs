//! Atom feeds (RFC 4287) for feed readers and other platforms: `/feeds/announcements.atom`, the
//! newest announcements (采购公告) and award notices (中选公示); `/feeds/blacklist.atom`, the black
//! list (黑名单); `/feeds/redlist.atom`, the red list (红名单). Written by hand: the document is a
//! handful of elements, every text escaped.

use crate::ctx::Ctx;
use crate::errors::PageError;
use poem::http::{StatusCode, header};
use poem::{Response, handler};
use std::fmt::Write;

/// Entries in the feed.
const ENTRIES: u64 = 50;

/// Escapes text for XML element content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow (controls other than tab and newlines).
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

fn ts(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// One entry of a feed.
struct Entry {
    id: String,
    title: String,
    updated: chrono::DateTime<chrono::Utc>,
    /// The entry's page, a path on this site.
    path: String,
    category: &'static str,
}

/// An Atom feed at `self_path` titled by `title_key`, whose HTML page is `alternate`.
fn feed(
    ctx: &Ctx,
    self_path: &str,
    title_key: &str,
    alternate: &str,
    entries: Vec<Entry>,
) -> Response {
    let base = ctx
        .services()
        .config
        .base_url
        .trim_end_matches('/')
        .to_owned();
    let updated = entries
        .iter()
        .map(|e| e.updated)
        .max()
        .unwrap_or_else(chrono::Utc::now);
    let mut x = String::new();
    let _ = write!(
        x,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n\
         <id>{}{}</id>\n<title>{}</title>\n<updated>{}</updated>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{}{}\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{}{}\"/>\n<author><name>{}</name></author>\n",
        ctx.lang.tag(),
        esc(&base),
        esc(self_path),
        esc(ctx.t.get(title_key)),
        ts(updated),
        esc(&base),
        esc(self_path),
        esc(&base),
        esc(alternate),
        esc(ctx.t.get("site.name")),
    );
    for e in entries {
        let _ = write!(
            x,
            "<entry>\n<id>{}</id>\n<title>{}</title>\n<updated>{}</updated>\n\
             <link rel=\"alternate\" type=\"text/html\" href=\"{}{}\"/>\n<category term=\"{}\"/>\n</entry>\n",
            esc(&e.id),
            esc(&e.title),
            ts(e.updated),
            esc(&base),
            esc(&e.path),
            e.category,
        );
    }
    x.push_str("</feed>\n");
    Response::builder()
        .status(StatusCode::OK)
        .content_type("application/atom+xml; charset=utf-8")
        .header(header::CACHE_CONTROL, "public, max-age=60")
        .body(x)
}

/// `GET /feeds/announcements.atom`: the newest announcements and award notices.
#[handler]
pub async fn announcements(ctx: Ctx) -> Result<Response, PageError> {
    let entries = ctx.services().announcement_feed(ENTRIES).await?;
    let entries = entries
        .into_iter()
        .map(|e| {
            let title = match (e.kind, &e.firm_name) {
                ("award", Some(firm)) => ctx
                    .t
                    .fill_all("feed.award", &[("title", &e.title), ("firm", firm)]),
                _ => ctx.t.fill_all("feed.announcement", &[("title", &e.title)]),
            };
            Entry {
                id: e.id,
                title,
                updated: e.updated,
                path: format!("/projects/{}", e.project_id),
                category: e.kind,
            }
        })
        .collect();
    Ok(feed(
        &ctx,
        "/feeds/announcements.atom",
        "feed.title",
        "/projects",
        entries,
    ))
}

/// `GET /feeds/blacklist.atom`: the black list, newest listing first.
#[handler]
pub async fn blacklist(ctx: Ctx) -> Result<Response, PageError> {
    let base = ctx
        .services()
        .config
        .base_url
        .trim_end_matches('/')
        .to_owned();
    let entries = ctx
        .services()
        .blacklist()
        .await?
        .into_iter()
        .take(ENTRIES as usize)
        .map(|b| {
            let name = b.firm_name.clone().unwrap_or_else(|| b.credit_code.clone());
            Entry {
                // Stable for one listing: the code and when it began.
                id: format!(
                    "{base}/blacklist#{}-{}",
                    b.credit_code,
                    b.starts_at.timestamp()
                ),
                title: ctx.t.fill_all(
                    "feed.blacklist.entry",
                    &[
                        ("firm", &name),
                        ("code", &b.credit_code),
                        ("reason", &b.reason),
                    ],
                ),
                updated: b.starts_at,
                path: b
                    .firm_id
                    .map_or_else(|| "/blacklist".to_owned(), |id| format!("/firms/{id}")),
                category: "blacklist",
            }
        })
        .collect();
    Ok(feed(
        &ctx,
        "/feeds/blacklist.atom",
        "feed.blacklist.title",
        "/blacklist",
        entries,
    ))
}

/// `GET /feeds/redlist.atom`: the red list, best score first.
#[handler]
pub async fn redlist(ctx: Ctx) -> Result<Response, PageError> {
    let page = ctx.services().red_list(0, ENTRIES).await?;
    let base = ctx
        .services()
        .config
        .base_url
        .trim_end_matches('/')
        .to_owned();
    let entries = page
        .entries
        .into_iter()
        .map(|f| Entry {
            id: format!("{base}/redlist#{}", f.firm_id),
            title: ctx.t.fill_all(
                "feed.redlist.entry",
                &[
                    ("firm", &f.name),
                    ("code", &f.credit_code),
                    ("score", &f.score.to_string()),
                ],
            ),
            updated: f.updated_at,
            path: format!("/firms/{}", f.firm_id),
            category: "redlist",
        })
        .collect();
    Ok(feed(
        &ctx,
        "/feeds/redlist.atom",
        "feed.redlist.title",
        "/redlist",
        entries,
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_is_escaped_and_forbidden_characters_dropped() {
        assert_eq!(
            super::esc("A&B <c> \"d\" 'e'\u{1}"),
            "A&amp;B &lt;c&gt; &quot;d&quot; &apos;e&apos;"
        );
    }
}
