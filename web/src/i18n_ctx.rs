//! The reader's language for one request, and the translator handed to templates.

use crate::cookies;
use poem::Request;
use std::fmt::Display;
use zjcs_domain::i18n::{Lang, message};

/// Name of the cookie that remembers the language switch.
pub const LANG_COOKIE: &str = "zjcs_lang";

/// The language of a page: Chinese, unless the reader chose English with the switch (its cookie).
///
/// The browser's `Accept-Language` is deliberately not consulted: the marketplace's users work in
/// Chinese, and many of their browsers (office machines, headless tools) announce `en-US` without
/// anyone having chosen it — a page that silently turned English would surprise them. The JSON
/// API, whose clients set the header on purpose, does follow `Accept-Language`.
pub fn lang_of(req: &Request) -> Lang {
    cookies::read(req, LANG_COOKIE)
        .and_then(|c| Lang::from_code(&c))
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
