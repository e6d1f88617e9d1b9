//! `GET /feeds/announcements.atom`: an Atom feed (RFC 4287) of the newest announcements (采购公告)
//! and award notices (中选公示), for feed readers and other platforms. Written by hand: the
//! document is a handful of elements, every text escaped.

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

/// The feed.
#[handler]
pub async fn announcements(ctx: Ctx) -> Result<Response, PageError> {
    let services = ctx.services();
    let entries = services.announcement_feed(ENTRIES).await?;
    let base = services.config.base_url.trim_end_matches('/').to_owned();
    let updated = entries
        .first()
        .map(|e| e.updated)
        .unwrap_or_else(chrono::Utc::now);
    let mut x = String::new();
    let _ = write!(
        x,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n\
         <id>{}/feeds/announcements.atom</id>\n<title>{}</title>\n<updated>{}</updated>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{}/feeds/announcements.atom\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{}/projects\"/>\n<author><name>{}</name></author>\n",
        ctx.lang.tag(),
        esc(&base),
        esc(ctx.t.get("feed.title")),
        ts(updated),
        esc(&base),
        esc(&base),
        esc(ctx.t.get("site.name")),
    );
    for e in entries {
        let title = match (e.kind, &e.firm_name) {
            ("award", Some(firm)) => ctx
                .t
                .get("feed.award")
                .replace("{title}", &e.title)
                .replace("{firm}", firm),
            _ => ctx.t.get("feed.announcement").replace("{title}", &e.title),
        };
        let link = format!("{base}/projects/{}", e.project_id);
        let _ = write!(
            x,
            "<entry>\n<id>{}</id>\n<title>{}</title>\n<updated>{}</updated>\n\
             <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<category term=\"{}\"/>\n</entry>\n",
            esc(&e.id),
            esc(&title),
            ts(e.updated),
            esc(&link),
            e.kind,
        );
    }
    x.push_str("</feed>\n");
    Ok(Response::builder()
        .status(StatusCode::OK)
        .content_type("application/atom+xml; charset=utf-8")
        .header(header::CACHE_CONTROL, "public, max-age=60")
        .body(x))
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
