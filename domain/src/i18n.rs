//! Translations (翻译): every user-facing text, in Project Fluent files, zh-CN and en.
//!
//! Each crate owns its messages. The domain's (refusals, field errors, mails, states: whatever
//! the domain or the API looks up) are in `domain/i18n/<lang>/*.ftl`; the pages' own are in
//! `web/i18n/<lang>/*.ftl`, and the pages' [`Catalogue`] falls back to the domain's. The files are
//! compiled in (`include_str!`), so the binary needs nothing beside it.
//!
//! Code keeps its dotted keys (`error.not-found`, `mail.welcome.subject`); a Fluent id may not
//! contain `.`, so a file writes each `.` as `_` (`error_not-found`). No key contains `_`, so the
//! mapping is one-to-one (a test checks it over every file).
//!
//! A message without variables is formatted once, at load, and looked up with [`message`]: one
//! hash look-up, as a page does dozens. A message with variables is formatted per call by
//! [`text`]; the values are strings except the variables that a message selects on (`{ $n ->
//! [one] … *[other] … }`), which are read as numbers so that plural rules apply.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_syntax::ast;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::LazyLock;

/// The reader's language. Chinese is the default; English is the switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The BCP 47 tag (`zh-CN`, `en`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Parses a short code as used in the language switch (`zh`, `en`).
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh-hans" => Some(Lang::Zh),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the first supported language of an `Accept-Language` header, honouring q-values;
    /// Chinese when nothing matches.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|v| v.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            let lang = if tag.starts_with("zh") {
                Some(Lang::Zh)
            } else if tag.starts_with("en") {
                Some(Lang::En)
            } else {
                None
            };
            if let Some(lang) = lang
                && q > 0.0
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }
}

impl Lang {
    const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    fn index(self) -> usize {
        match self {
            Lang::Zh => 0,
            Lang::En => 1,
        }
    }
}

/// A crate's translation files, `(file name, Fluent source)` per language, as `include_str!`
/// gives them.
#[derive(Debug, Clone, Copy)]
pub struct Sources {
    pub zh: &'static [(&'static str, &'static str)],
    pub en: &'static [(&'static str, &'static str)],
}

impl Sources {
    fn of(&self, lang: Lang) -> &'static [(&'static str, &'static str)] {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

/// The domain's messages.
const DOMAIN_SOURCES: Sources = Sources {
    zh: &[
        ("errors.ftl", include_str!("../i18n/zh-CN/errors.ftl")),
        ("fields.ftl", include_str!("../i18n/zh-CN/fields.ftl")),
        ("mail.ftl", include_str!("../i18n/zh-CN/mail.ftl")),
        ("states.ftl", include_str!("../i18n/zh-CN/states.ftl")),
    ],
    en: &[
        ("errors.ftl", include_str!("../i18n/en/errors.ftl")),
        ("fields.ftl", include_str!("../i18n/en/fields.ftl")),
        ("mail.ftl", include_str!("../i18n/en/mail.ftl")),
        ("states.ftl", include_str!("../i18n/en/states.ftl")),
    ],
};

/// The domain's catalogue, loaded on first use.
pub static DOMAIN: LazyLock<Catalogue> = LazyLock::new(|| Catalogue::new(&DOMAIN_SOURCES, None));

/// The domain's text for a key without variables; an unknown key is returned as itself so a
/// missing entry is visible, not fatal (tests keep the files complete for the keys the code uses).
pub fn message(lang: Lang, key: &str) -> &str {
    DOMAIN.message(lang, key)
}

/// The domain's text for a key, its variables filled from `args` (`[("secs", "30")]`).
pub fn text(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    DOMAIN.text(lang, key, args)
}

/// Whether the domain has a message for a key.
pub fn has(key: &str) -> bool {
    DOMAIN.has(key)
}

/// The Fluent id of a dotted key: each `.` written `_`.
pub fn fluent_id(key: &str) -> String {
    key.replace('.', "_")
}

/// The dotted key of a Fluent id (the inverse of [`fluent_id`]).
fn key_of(id: &str) -> String {
    id.replace('_', ".")
}

/// One message, in both languages.
struct Entry {
    /// Formatted at load (with variables: as Fluent shows them missing, `{$name}`).
    text: [String; 2],
    /// The Fluent id, when the message has variables and is formatted per call.
    id: Option<String>,
    /// Per language, the variables the message selects on.
    selectors: [Vec<String>; 2],
}

/// The messages of one crate: both languages' bundles and every message pre-formatted.
pub struct Catalogue {
    bundles: [FluentBundle<FluentResource>; 2],
    entries: HashMap<String, Entry>,
    fallback: Option<&'static Catalogue>,
    problems: Vec<String>,
}

/// What a file says about one message: where, and the variables it uses.
struct Seen {
    file: &'static str,
    variables: BTreeSet<String>,
    selectors: BTreeSet<String>,
}

impl Catalogue {
    /// Loads a crate's files. Keys found in neither this catalogue nor `fallback` are
    /// returned as themselves. What is wrong with the files is kept in [`Catalogue::problems`]
    /// (and logged): the tests require there be nothing.
    pub fn new(sources: &Sources, fallback: Option<&'static Catalogue>) -> Catalogue {
        let mut problems = Vec::new();
        let mut seen: [BTreeMap<String, Seen>; 2] = Default::default();
        let bundles = Lang::ALL.map(|lang| {
            let id: unic_langid::LanguageIdentifier =
                lang.tag().parse().expect("a valid language tag");
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            bundle.set_use_isolating(false);
            for (file, source) in sources.of(lang) {
                let resource = match FluentResource::try_new((*source).to_owned()) {
                    Ok(r) => r,
                    Err((r, errors)) => {
                        for e in errors {
                            problems.push(format!("{}/{file}: {e:?}", lang.tag()));
                        }
                        r
                    }
                };
                for entry in resource.entries() {
                    let ast::Entry::Message(m) = entry else {
                        continue;
                    };
                    let mut variables = BTreeSet::new();
                    let mut selectors = BTreeSet::new();
                    if let Some(value) = &m.value {
                        pattern_variables(value, &mut variables, &mut selectors);
                    }
                    if m.value.is_none() {
                        problems.push(format!("{}/{file}: {} has no value", lang.tag(), m.id.name));
                    }
                    let earlier = seen[lang.index()].insert(
                        m.id.name.to_owned(),
                        Seen {
                            file,
                            variables,
                            selectors,
                        },
                    );
                    if let Some(earlier) = earlier {
                        problems.push(format!(
                            "{}: {} is defined in {} and again in {file}",
                            lang.tag(),
                            m.id.name,
                            earlier.file
                        ));
                    }
                }
                // Overriding ids are refused (the first one stays) and reported above.
                let _ = bundle.add_resource(resource);
            }
            bundle
        });
        let [zh, en] = &seen;
        for (id, s) in zh {
            match en.get(id) {
                None => problems.push(format!("{id} ({}) has no English text", s.file)),
                Some(e) if e.variables != s.variables => problems.push(format!(
                    "{id} uses {:?} in zh-CN but {:?} in en",
                    s.variables, e.variables
                )),
                Some(_) => {}
            }
        }
        for (id, s) in en {
            if !zh.contains_key(id) {
                problems.push(format!("{id} ({}) has no Chinese text", s.file));
            }
        }
        let mut entries = HashMap::new();
        for id in zh.keys().chain(en.keys()) {
            let key = key_of(id);
            if entries.contains_key(&key) {
                continue;
            }
            if fallback.is_some_and(|f| f.has(&key)) {
                problems.push(format!(
                    "{id} is defined here and in the catalogue it falls back to"
                ));
            }
            let has_variables = seen
                .iter()
                .any(|s| s.get(id).is_some_and(|m| !m.variables.is_empty()));
            let text = Lang::ALL.map(|lang| {
                let bundle = &bundles[lang.index()];
                match bundle.get_message(id).and_then(|m| m.value()) {
                    Some(pattern) => bundle
                        .format_pattern(pattern, None, &mut Vec::new())
                        .into_owned(),
                    None => key.clone(),
                }
            });
            let selectors = Lang::ALL.map(|lang| {
                seen[lang.index()]
                    .get(id)
                    .map(|s| s.selectors.iter().cloned().collect())
                    .unwrap_or_default()
            });
            entries.insert(
                key,
                Entry {
                    text,
                    id: has_variables.then(|| id.clone()),
                    selectors,
                },
            );
        }
        for p in &problems {
            tracing::error!(problem = %p, "translation files");
        }
        Catalogue {
            bundles,
            entries,
            fallback,
            problems,
        }
    }

    /// The text for a key without variables, formatted at load; the fallback's when this
    /// catalogue has no such key, the key itself when neither has. (A message with variables
    /// shows them as `{$name}`: use [`Catalogue::text`].)
    pub fn message<'a>(&'a self, lang: Lang, key: &'a str) -> &'a str {
        match self.entries.get(key) {
            Some(e) => &e.text[lang.index()],
            None => match self.fallback {
                Some(f) => f.message(lang, key),
                None => key,
            },
        }
    }

    /// The text for a key with its variables filled from `args`, in one pass: a value is never
    /// read for placeables (a project titled `{ $firm }` stays so). A variable the message
    /// selects on is read as a number (`"1"` → `[one]`); the others stay strings as given.
    pub fn text(&self, lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
        let Some(e) = self.entries.get(key) else {
            return match self.fallback {
                Some(f) => f.text(lang, key, args),
                None => key.to_owned(),
            };
        };
        let Some(id) = &e.id else {
            return e.text[lang.index()].clone();
        };
        let bundle = &self.bundles[lang.index()];
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            return key.to_owned();
        };
        let selectors = &e.selectors[lang.index()];
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            let value = if selectors.iter().any(|s| s == name) {
                FluentValue::try_number(value)
            } else {
                FluentValue::from(*value)
            };
            fluent_args.set(*name, value);
        }
        let mut errors = Vec::new();
        let out = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        if !errors.is_empty() {
            tracing::warn!(key, ?errors, "translation formatted with errors");
        }
        out.into_owned()
    }

    /// Whether this catalogue or its fallback has a message for a key.
    pub fn has(&self, key: &str) -> bool {
        self.entries.contains_key(key) || self.fallback.is_some_and(|f| f.has(key))
    }

    /// The catalogue's own copy of a key built at run time (`error.<code>`), so that it can go
    /// where a `&'static str` must; `None` when there is no such message.
    pub fn static_key(&'static self, key: &str) -> Option<&'static str> {
        match self.entries.get_key_value(key) {
            Some((k, _)) => Some(k.as_str()),
            None => self.fallback.and_then(|f| f.static_key(key)),
        }
    }

    /// What is wrong with the files: parse errors, an id defined twice, a message missing in a
    /// language or using other variables there, an id that shadows the fallback's. Empty when
    /// all is well (a test in each crate asserts it).
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// The dotted keys of this catalogue's own messages.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }
}

/// The variables a pattern references, and those of them it selects on.
fn pattern_variables(
    pattern: &ast::Pattern<&str>,
    variables: &mut BTreeSet<String>,
    selectors: &mut BTreeSet<String>,
) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, variables, selectors);
        }
    }
}

fn expression_variables(
    expression: &ast::Expression<&str>,
    variables: &mut BTreeSet<String>,
    selectors: &mut BTreeSet<String>,
) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            let mut selected = BTreeSet::new();
            inline_variables(selector, &mut selected, selectors);
            selectors.extend(selected.iter().cloned());
            variables.extend(selected);
            for v in variants {
                pattern_variables(&v.value, variables, selectors);
            }
        }
        ast::Expression::Inline(inline) => inline_variables(inline, variables, selectors),
    }
}

fn inline_variables(
    inline: &ast::InlineExpression<&str>,
    variables: &mut BTreeSet<String>,
    selectors: &mut BTreeSet<String>,
) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            variables.insert(id.name.to_owned());
        }
        ast::InlineExpression::FunctionReference { arguments, .. }
        | ast::InlineExpression::TermReference {
            arguments: Some(arguments),
            ..
        } => {
            for a in &arguments.positional {
                inline_variables(a, variables, selectors);
            }
            for a in &arguments.named {
                inline_variables(&a.value, variables, selectors);
            }
        }
        ast::InlineExpression::Placeable { expression } => {
            expression_variables(expression, variables, selectors)
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small catalogue for the formatting rules, apart from the real texts.
    static SAMPLE: Sources = Sources {
        zh: &[(
            "sample.ftl",
            "won = { $firm } 中选 { $title }\n\
             pair = { $title } → { $firm }\n\
             count = { $n } 家，{ $d } 天\n\
             code = 信用代码 { $code }\n\
             plain = 无变量\n",
        )],
        en: &[(
            "sample.ftl",
            "won = { $firm } won { $title }\n\
             pair = { $title } → { $firm }\n\
             count = { $n } { $n ->\n    [one] firm\n   *[other] firms\n} in { $d } { $d ->\n    [one] day\n   *[other] days\n}\n\
             code = credit code { $code }\n\
             plain = No variables\n",
        )],
    };

    fn sample() -> Catalogue {
        let c = Catalogue::new(&SAMPLE, None);
        assert!(c.problems().is_empty(), "{:#?}", c.problems());
        c
    }

    #[test]
    fn values_fill_each_variable_once_and_are_never_read_again() {
        let c = sample();
        let won = |lang, title, firm| c.text(lang, "won", &[("title", title), ("firm", firm)]);
        assert_eq!(won(Lang::Zh, "测绘", "甲公司"), "甲公司 中选 测绘");
        // A value that looks like a placeable stays as typed, whatever the order.
        assert_eq!(won(Lang::En, "{ $firm }", "甲"), "甲 won { $firm }");
        assert_eq!(
            c.text(
                Lang::Zh,
                "pair",
                &[("title", "{firm}"), ("firm", "{ $title }")]
            ),
            "{firm} → { $title }"
        );
        // No Unicode isolation marks around values (they would show in mails and JSON).
        assert!(!won(Lang::En, "x", "y").contains(['\u{2068}', '\u{2069}']));
        // A message without variables needs no arguments; extra ones are ignored.
        assert_eq!(c.text(Lang::En, "plain", &[("a", "b")]), "No variables");
        assert_eq!(c.message(Lang::Zh, "plain"), "无变量");
        // A missing value shows, as Fluent writes it.
        assert_eq!(c.text(Lang::En, "pair", &[("title", "t")]), "t → {$firm}");
        // Unknown keys are returned as themselves.
        assert_eq!(c.text(Lang::En, "no.such.key", &[]), "no.such.key");
        assert_eq!(c.message(Lang::En, "no.such.key"), "no.such.key");
    }

    #[test]
    fn plurals_follow_the_number() {
        let c = sample();
        let count = |n, d| c.text(Lang::En, "count", &[("n", n), ("d", d)]);
        assert_eq!(count("1", "2"), "1 firm in 2 days");
        assert_eq!(count("0", "1"), "0 firms in 1 day");
        assert_eq!(count("11", "21"), "11 firms in 21 days");
        // Chinese has no plural forms.
        assert_eq!(
            c.text(Lang::Zh, "count", &[("n", "1"), ("d", "2")]),
            "1 家，2 天"
        );
        // Without its value, the plural takes its default form.
        assert_eq!(c.text(Lang::En, "count", &[]), "{$n} firms in {$d} days");
    }

    /// Only the variables a message selects on are read as numbers: an 18-digit credit code
    /// would lose its last digits as a float.
    #[test]
    fn values_other_than_selectors_stay_strings() {
        let c = sample();
        for code in ["913301001234567890", "0571", "1e3", "+7"] {
            assert_eq!(
                c.text(Lang::En, "code", &[("code", code)]),
                format!("credit code {code}")
            );
        }
    }

    /// Both languages define the same messages with the same variables, every file parses, no
    /// id is defined twice.
    #[test]
    fn the_domain_files_parse_and_agree() {
        assert!(DOMAIN.problems().is_empty(), "{:#?}", DOMAIN.problems());
        assert!(DOMAIN.keys().count() > 300);
    }

    /// `.` ↔ `_` is one-to-one over the keys: none contains `_`, and every id comes back.
    #[test]
    fn keys_map_to_fluent_ids_one_to_one() {
        let mut ids = BTreeSet::new();
        for lang in Lang::ALL {
            for (_, source) in DOMAIN_SOURCES.of(lang) {
                let resource = fluent_syntax::parser::parse(*source).expect("parses");
                for entry in resource.body {
                    if let ast::Entry::Message(m) = entry {
                        ids.insert(m.id.name);
                    }
                }
            }
        }
        let keys: BTreeSet<&str> = DOMAIN.keys().collect();
        assert_eq!(keys.len(), ids.len());
        for key in keys {
            assert!(!key.contains('_'), "{key} contains _");
            assert!(ids.contains(fluent_id(key).as_str()), "{key}");
        }
    }

    /// The English texts that count something say it in the singular for one: no
    /// "{ $n } days" without a plural selector. Covers the pages' files too.
    #[test]
    fn english_counts_have_plural_forms() {
        let counted = [
            "days",
            "months",
            "firms",
            "entries",
            "evaluations",
            "ratings",
            "projects",
            "times",
            "seconds",
            "inspectors",
        ];
        let web = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/i18n/en");
        let mut sources: Vec<(String, String)> = DOMAIN_SOURCES
            .en
            .iter()
            .map(|(f, s)| (f.to_string(), s.to_string()))
            .collect();
        for entry in std::fs::read_dir(web).unwrap() {
            let path = entry.unwrap().path();
            sources.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            ));
        }
        let mut bare = Vec::new();
        for (file, source) in &sources {
            for line in source.lines() {
                let words: Vec<&str> = line.split_whitespace().collect();
                for w in words.windows(3) {
                    let noun = w[2].trim_matches(|c: char| !c.is_alphanumeric());
                    if w[0].starts_with('$') && w[1] == "}" && counted.contains(&noun) {
                        bare.push(format!("{file}: {line}"));
                    }
                }
            }
        }
        assert!(bare.is_empty(), "{bare:#?}");
    }
    /// Variables are filled by Fluent only: a chain of `replace` calls would fill a placeholder
    /// found inside a value filled before it. Sources and templates.
    #[test]
    fn no_source_fills_placeholders_by_chained_replace() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut offenders = Vec::new();
        let mut dirs = vec![
            root.join("domain/src"),
            root.join("web/src"),
            root.join("api/src"),
            root.join("web/templates"),
        ];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs" || e == "html") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    let needle = concat!(".replace(", "\"{");
                    for (n, line) in text.lines().enumerate() {
                        if line.contains(needle) {
                            offenders.push(format!("{}:{}", path.display(), n + 1));
                        }
                    }
                }
            }
        }
        assert!(offenders.is_empty(), "{offenders:#?}");
    }

    #[test]
    fn accept_language_prefers_highest_quality_supported_tag() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Lang::En);
        assert_eq!(
            Lang::from_accept_language("zh-CN,zh;q=0.9,en;q=0.8"),
            Lang::Zh
        );
        assert_eq!(Lang::from_accept_language("fr, en;q=0.5"), Lang::En);
        assert_eq!(Lang::from_accept_language("de"), Lang::Zh);
        assert_eq!(Lang::from_accept_language(""), Lang::Zh);
        assert_eq!(Lang::from_accept_language("zh;q=0.1, en;q=0.8"), Lang::En);
        assert_eq!(Lang::from_accept_language("en;q=0"), Lang::Zh);
    }

    #[test]
    fn unknown_key_is_returned_as_itself() {
        assert_eq!(message(Lang::En, "no.such.key"), "no.such.key");
        assert_eq!(message(Lang::Zh, "error.not-found"), "未找到");
        assert_eq!(message(Lang::En, "error.not-found"), "Not found");
    }

    #[test]
    fn every_error_code_has_a_title() {
        for code in [
            "validation",
            "invalid-credentials",
            "unauthenticated",
            "forbidden",
            "not-found",
            "email-taken",
            "invalid-token",
            "throttled",
            "internal",
            "firm-exists",
            "credit-code-taken",
            "credit-code-blacklisted",
            "credit-code-dishonest",
            "item-code-taken",
            "import-rejected",
            "project-not-draft",
            "project-cancelled",
            "registration-refused",
            "not-registered",
            "not-selectable",
            "project-not-selecting",
            "notice-closed",
            "objection-answered",
            "no-award",
            "notice-running",
            "objection-open",
            "project-not-failed",
            "not-drawn",
            "project-closed",
            "project-awarded",
        ] {
            assert!(has(&format!("error.{code}")), "missing error.{code}");
        }
    }

    /// Every `"field.…"` key written anywhere in this crate's source has a translation.
    #[test]
    fn every_field_key_in_the_source_is_translated() {
        fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(std::fs::read_to_string(path).unwrap());
                }
            }
        }
        let mut sources = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut sources,
        );
        let mut missing = Vec::new();
        for src in &sources {
            for prefix in ["field.", "registration.", "calendar."] {
                for piece in src.split(&format!("\"{prefix}")).skip(1) {
                    let key: String = piece
                        .chars()
                        .take_while(|c| c.is_ascii_lowercase() || *c == '.' || *c == '-')
                        .collect();
                    if !key.is_empty()
                        && piece[key.len()..].starts_with('"')
                        && !has(&format!("{prefix}{key}"))
                    {
                        missing.push(format!("{prefix}{key}"));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "untranslated: {missing:?}");
    }
}
