//! The reader's language for one request, and the translator handed to templates.

use crate::cookies;
use poem::Request;
use std::fmt::Display;
use std::sync::LazyLock;
use zjcs_domain::i18n::{Catalogue, DOMAIN, Lang, Sources};

/// The pages' own messages, by area; anything else (refusals, field errors, states) is the
/// domain's, which [`WEB`] falls back to.
const WEB_SOURCES: Sources = Sources {
    zh: &[
        ("site.ftl", include_str!("../i18n/zh-CN/site.ftl")),
        ("firms.ftl", include_str!("../i18n/zh-CN/firms.ftl")),
        ("credit.ftl", include_str!("../i18n/zh-CN/credit.ftl")),
        ("projects.ftl", include_str!("../i18n/zh-CN/projects.ftl")),
        ("oversight.ftl", include_str!("../i18n/zh-CN/oversight.ftl")),
        ("admin.ftl", include_str!("../i18n/zh-CN/admin.ftl")),
    ],
    en: &[
        ("site.ftl", include_str!("../i18n/en/site.ftl")),
        ("firms.ftl", include_str!("../i18n/en/firms.ftl")),
        ("credit.ftl", include_str!("../i18n/en/credit.ftl")),
        ("projects.ftl", include_str!("../i18n/en/projects.ftl")),
        ("oversight.ftl", include_str!("../i18n/en/oversight.ftl")),
        ("admin.ftl", include_str!("../i18n/en/admin.ftl")),
    ],
};

/// The pages' catalogue, loaded on first use.
static WEB: LazyLock<Catalogue> = LazyLock::new(|| Catalogue::new(&WEB_SOURCES, Some(&DOMAIN)));

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
    /// The text for a key without variables in this language, formatted at load (the key
    /// itself when it is missing, so the gap shows instead of breaking the page).
    pub fn get<'a>(&self, key: &'a str) -> &'a str {
        WEB.message(self.lang, key)
    }

    /// The text for a key with its one variable `{ $name }` filled in.
    pub fn fill(&self, key: &str, name: &str, value: impl Display) -> String {
        WEB.text(self.lang, key, &[(name, &value.to_string())])
    }

    /// The text for a key with its variables filled in, in one pass (by Fluent: a value that
    /// looks like a placeable is not filled again).
    pub fn fill_all(&self, key: &str, vars: &[(&str, &str)]) -> String {
        WEB.text(self.lang, key, vars)
    }
}

/// The catalogue's own `'static` copy of a key built at run time (`error.<code>`), so that it can
/// go where only catalogue keys may (a notice, a heading); `None` when there is no such entry.
pub fn static_key(key: &str) -> Option<&'static str> {
    WEB.static_key(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn has(key: &str) -> bool {
        WEB.has(key)
    }
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
                    && !piece.ends_with(".html")
                    && !piece.ends_with(".ftl");
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
        // Composed by the audit page from the reason the chain breaks for.
        for r in zjcs_domain::rules::audit::BreakReason::ALL {
            if !has(&format!("audit.reason.{}", r.as_str())) {
                missing.push(format!("audit.reason.{}", r.as_str()));
            }
        }
        missing.sort();
        missing.dedup();
        assert!(missing.is_empty(), "untranslated: {missing:?}");
    }

    /// Both languages define the same messages with the same variables, every file parses, no
    /// id is defined twice, and none shadows one of the domain's.
    #[test]
    fn the_page_files_parse_and_agree() {
        assert!(WEB.problems().is_empty(), "{:#?}", WEB.problems());
        assert!(WEB.keys().count() > 900);
    }

    /// `.` ↔ `_` is one-to-one over the pages' keys: none contains `_`, and every id comes back.
    #[test]
    fn keys_map_to_fluent_ids_one_to_one() {
        let mut ids = BTreeSet::new();
        for source in WEB_SOURCES.zh.iter().chain(WEB_SOURCES.en) {
            let resource = fluent_syntax::parser::parse(source.1).expect("parses");
            for entry in resource.body {
                if let fluent_syntax::ast::Entry::Message(m) = entry {
                    ids.insert(m.id.name);
                }
            }
        }
        let keys: BTreeSet<&str> = WEB.keys().collect();
        assert_eq!(keys.len(), ids.len());
        for key in keys {
            assert!(!key.contains('_'), "{key} contains _");
            assert!(
                ids.contains(zjcs_domain::i18n::fluent_id(key).as_str()),
                "{key}"
            );
        }
    }

    #[test]
    fn pages_read_their_own_texts_and_the_domains() {
        let zh = T { lang: Lang::Zh };
        let en = T { lang: Lang::En };
        assert_eq!(zh.get("nav.home"), "首页");
        assert_eq!(en.get("nav.home"), "Home");
        assert_eq!(en.get("error.not-found"), "Not found");
        assert_eq!(en.get("no.such.key"), "no.such.key");
        assert_eq!(en.fill("project.days", "n", 1), "1 day");
        assert_eq!(en.fill("project.days", "n", 30), "30 days");
        assert_eq!(
            en.fill_all("error.detail.throttled", &[("secs", "1")]),
            "Too many failed logins; try again in 1 second."
        );
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
