//! The reader's language for one request, and the translator handed to templates.

use crate::cookies;
use poem::Request;
use std::fmt::Display;
use zjcs_domain::i18n::{CATALOGUE, Lang, fill, message};

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
        fill(self.get(key), &[(name, &value.to_string())])
    }

    /// The text for a key with its `{name}` placeholders filled in, in one pass
    /// ([`zjcs_domain::i18n::fill`]: a value that contains a placeholder is not filled again).
    pub fn fill_all(&self, key: &str, vars: &[(&str, &str)]) -> String {
        fill(self.get(key), vars)
    }
}

/// The catalogue's own `'static` copy of a key built at run time (`error.<code>`), so that it can
/// go where only catalogue keys may (a notice, a heading); `None` when there is no such entry.
pub fn static_key(key: &str) -> Option<&'static str> {
    CATALOGUE
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(k, _, _)| *k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use zjcs_domain::i18n::has;
    use zjcs_domain::model::firm::AffiliationKind;
    use zjcs_domain::rules::directory::Sort;

    /// The namespaces of page texts: a string literal starting with one of these is a key.
    const NAMESPACES: &[&str] = &[
        "account.",
        "admin.",
        "affiliation.",
        "audit.",
        "blacklist.",
        "catalogue.",
        "credit.",
        "directory.",
        "error.",
        "fee.",
        "field.",
        "firm.",
        "footer.",
        "form.",
        "home.",
        "item.",
        "login.",
        "logout.",
        "my-firm.",
        "nav.",
        "owner-kind.",
        "practitioner.",
        "punct.",
        "qualification.",
        "register.",
        "role.",
        "site.",
        "time.",
        "validity.",
        "verify.",
    ];

    fn files(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs" || e == "html") {
                out.push(std::fs::read_to_string(path).unwrap());
            }
        }
    }

    /// Every key written in a template or a source file of this crate has a translation.
    #[test]
    fn every_key_the_pages_use_is_translated() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut sources = Vec::new();
        files(&root.join("src"), &mut sources);
        files(&root.join("templates"), &mut sources);
        let mut missing = Vec::new();
        for src in &sources {
            // Every piece between two quotes, inside or outside a string literal: only a key
            // matches the strict pattern, and attribute quotes in templates cannot hide one.
            for piece in src.split('"') {
                let looks_like_key = NAMESPACES.iter().any(|n| piece.starts_with(n))
                    && piece
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-".contains(c))
                    && !piece.ends_with('.')
                    && !piece.ends_with(".html");
                if looks_like_key && !has(piece) {
                    missing.push(piece.to_owned());
                }
            }
        }
        // Keys built at run time.
        for s in [Sort::Credit, Sort::Newest, Sort::Name] {
            if !has(&format!("directory.sort.{}", s.as_str())) {
                missing.push(format!("directory.sort.{}", s.as_str()));
            }
        }
        for k in AffiliationKind::ALL {
            if !has(&format!("affiliation.kind.{}", k.as_str())) {
                missing.push(format!("affiliation.kind.{}", k.as_str()));
            }
        }
        missing.sort();
        missing.dedup();
        assert!(missing.is_empty(), "untranslated: {missing:?}");
    }

    #[test]
    fn run_time_keys_are_found_in_the_catalogue() {
        assert_eq!(
            static_key(&format!("error.{}", "credit-code-taken")),
            Some("error.credit-code-taken")
        );
        assert_eq!(static_key("no-such.key"), None);
    }
}
