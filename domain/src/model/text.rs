//! Free text as people type it: the one gate every free-text input passes (API bodies, query
//! filters and page forms alike), so that what is stored is what every reader sees.
//!
//! A text is trimmed of whitespace and invisible characters at both ends, then refused when it
//!
//! - holds a control character (NUL included: PostgreSQL cannot store it in a text column, and
//!   nothing a person types needs one), except newline, carriage return and tab in multi-line
//!   fields ([`text`]); a single-line field ([`line`]) takes none;
//! - holds a bidirectional control (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C): they
//!   reorder what follows them on screen, so a name could display as another (Trojan Source);
//! - looks blank: nothing left but whitespace and invisible characters (zero-width spaces,
//!   format characters, fillers), which would list a firm with an empty name. Such a text trims
//!   to nothing, so a required field answers `field.required` and an optional one is empty;
//! - is longer than its limit, counted in characters after trimming.
//!
//! Invisible characters inside a text are kept (a zero-width joiner builds emoji and a
//! zero-width non-joiner spells Persian); only a text made of nothing else is refused.

use crate::error::FieldError;

/// Whether newlines (and tabs) belong in a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// A name, a title, a number: one line.
    Single,
    /// A description, a reason, findings: paragraphs.
    Multi,
}

/// A bidirectional formatting control (Unicode's explicit embeddings, overrides, isolates and
/// marks).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// A character that shows nothing: Unicode's format characters (general category Cf), the
/// variation selectors and the blank-looking fillers (Hangul fillers, the blank Braille
/// pattern). Whitespace is not listed here; see [`looks_blank`].
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{0600}'..='\u{0605}' | '\u{061C}' | '\u{06DD}' | '\u{070F}'
        | '\u{0890}'..='\u{0891}' | '\u{08E2}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{2800}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF9}'..='\u{FFFB}' | '\u{110BD}' | '\u{110CD}'
        | '\u{13430}'..='\u{1343F}' | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0001}' | '\u{E0020}'..='\u{E007F}' | '\u{E0100}'..='\u{E01EF}')
}

/// Whether a text would show as nothing at all.
pub fn looks_blank(s: &str) -> bool {
    s.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

/// The one check: see the module's documentation. `Ok("")` for an optional field left blank.
pub fn check(
    raw: &str,
    field: &'static str,
    max: usize,
    required: bool,
    lines: Lines,
) -> Result<String, FieldError> {
    let s =
        raw.trim_matches(|c: char| c.is_whitespace() || (is_invisible(c) && !is_bidi_control(c)));
    if s.chars()
        .any(|c| c.is_control() && !(lines == Lines::Multi && matches!(c, '\n' | '\r' | '\t')))
    {
        return Err(FieldError::new(field, "field.text.control"));
    }
    if s.chars().any(is_bidi_control) {
        return Err(FieldError::new(field, "field.text.bidi"));
    }
    if s.is_empty() {
        return if required {
            Err(FieldError::new(field, "field.required"))
        } else {
            Ok(String::new())
        };
    }
    if s.chars().count() > max {
        return Err(FieldError::new(field, "field.too-long"));
    }
    Ok(s.to_owned())
}

/// A multi-line free text (newlines and tabs allowed).
pub fn text(
    raw: &str,
    field: &'static str,
    max: usize,
    required: bool,
) -> Result<String, FieldError> {
    check(raw, field, max, required, Lines::Multi)
}

/// A single-line free text: a name, a title, a number.
pub fn line(
    raw: &str,
    field: &'static str,
    max: usize,
    required: bool,
) -> Result<String, FieldError> {
    check(raw, field, max, required, Lines::Single)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn code(r: Result<String, FieldError>) -> &'static str {
        r.map(|_| "ok").unwrap_or_else(|e| e.code)
    }

    #[test]
    fn what_each_finding_gets() {
        assert_eq!(line(" 华东测绘 ", "name", 200, true).unwrap(), "华东测绘");
        assert_eq!(
            code(line("a\u{0}b", "name", 200, true)),
            "field.text.control"
        );
        assert_eq!(code(line("\u{0}", "name", 200, true)), "field.text.control");
        assert_eq!(code(line("a\nb", "name", 200, true)), "field.text.control");
        assert_eq!(text("a\r\nb\tc", "scope", 200, true).unwrap(), "a\r\nb\tc");
        assert_eq!(
            code(text("a\u{7}b", "scope", 200, true)),
            "field.text.control"
        );
        assert_eq!(
            code(line("abc\u{202E}def", "name", 200, true)),
            "field.text.bidi"
        );
        assert_eq!(
            code(line("abc\u{2067}def", "name", 200, true)),
            "field.text.bidi"
        );
        assert_eq!(
            code(text("\u{202E}", "scope", 200, false)),
            "field.text.bidi"
        );
        assert_eq!(
            code(line("\u{200B}\u{200B}\u{200B}", "name", 200, true)),
            "field.required"
        );
        assert_eq!(
            code(line("\u{3164}\u{200B}\u{FEFF}", "name", 200, false)),
            "ok"
        );
        assert_eq!(code(line("\u{200B}x\u{200B}", "name", 200, true)), "ok");
        assert_eq!(line("\u{200B}x\u{200B}", "name", 200, true).unwrap(), "x");
        // Inside a text invisible characters stay (a ZWJ emoji sequence).
        assert_eq!(
            line("👩\u{200D}💻", "name", 200, true).unwrap(),
            "👩\u{200D}💻"
        );
        assert_eq!(code(line(&"😀".repeat(200), "name", 200, true)), "ok");
        assert_eq!(
            code(line(&"😀".repeat(201), "name", 200, true)),
            "field.too-long"
        );
    }

    fn nasty() -> impl Strategy<Value = char> {
        prop_oneof![
            Just('\u{0}'),
            (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap()),
            (0x7Fu32..0xA0).prop_map(|c| char::from_u32(c).unwrap()),
            prop::sample::select(vec![
                '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
                '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
            ]),
        ]
    }

    fn invisible() -> impl Strategy<Value = char> {
        prop::sample::select(vec![
            ' ',
            '\u{3000}',
            '\u{00A0}',
            '\u{200B}',
            '\u{200C}',
            '\u{200D}',
            '\u{2060}',
            '\u{FEFF}',
            '\u{00AD}',
            '\u{3164}',
            '\u{115F}',
            '\u{FE0F}',
            '\u{2800}',
            '\u{E0041}',
        ])
    }

    proptest! {
        /// Whatever surrounds it, a control or bidi character in a single-line field is refused,
        /// naming the field.
        #[test]
        fn a_control_or_bidi_character_is_always_refused(
            before in ".{0,20}", bad in nasty(), after in ".{0,20}",
        ) {
            let raw = format!("名{before}{bad}{after}名");
            let e = line(&raw, "name", 200, true).unwrap_err();
            prop_assert_eq!(e.field, "name");
            prop_assert!(["field.text.control", "field.text.bidi"].contains(&e.code), "{}", e.code);
        }

        /// A text of nothing but whitespace and invisible characters is never accepted as a
        /// value: required, it is refused; optional, it is empty.
        #[test]
        fn blank_looking_text_is_never_a_value(cs in prop::collection::vec(invisible(), 1..40)) {
            let raw: String = cs.into_iter().collect();
            prop_assert_eq!(code(line(&raw, "name", 200, true)), "field.required");
            prop_assert_eq!(line(&raw, "name", 200, false).unwrap(), "");
        }

        /// What is accepted holds no control, no bidi control, is not blank, fits its limit,
        /// and passes again unchanged.
        #[test]
        fn accepted_text_is_clean_and_stable(raw in any::<String>(), max in 1usize..300) {
            if let Ok(s) = text(&raw, "scope", max, true) {
                prop_assert!(!s.chars().any(|c| c.is_control() && !"\n\r\t".contains(c)));
                prop_assert!(!s.chars().any(is_bidi_control));
                prop_assert!(!looks_blank(&s));
                prop_assert!(s.chars().count() <= max);
                prop_assert_eq!(text(&s, "scope", max, true).unwrap(), s);
            }
        }
    }
}
