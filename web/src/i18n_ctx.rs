//! The reader's language for one request, and the translator handed to templates.

use crate::cookies;
use poem::Request;
use std::fmt::Display;
use zjcs_domain::i18n::{Lang, message};

/// Name of the cookie that remembers the language switch.
pub const LANG_COOKIE: &str = "zjcs_lang";

/// The language of a request: the switch's cookie first, then the browser's `Accept-Language`,
/// and Chinese when neither says anything we support.
pub fn lang_of(req: &Request) -> Lang {
    if let Some(lang) = cookies::read(req, LANG_COOKIE).and_then(|c| Lang::from_code(&c)) {
        return lang;
    }
    req.headers()
        .get(poem::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_accept_language)
        .unwrap_or_default()
}

/// Translator for templates: `{{ t.get("nav.home") }}`.
#[derive(Debug, Clone, Copy)]
pub struct T {
    pub lang: Lang,
}

impl T {
    /// The text for a catalogue key in this language (the key itself when it is missing, so
    /// the gap shows instead of breaking the page).
    pub fn get<'a>(&self, key: &'a str) -> &'a str {
        message(self.lang, key)
    }

    /// The text for a key with one `{name}` placeholder filled in.
    pub fn fill(&self, key: &str, name: &str, value: impl Display) -> String {
        self.get(key)
            .replace(&format!("{{{name}}}"), &value.to_string())
    }
}
