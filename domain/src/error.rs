//! The closed set of refusals a service can give. Each kind has a stable code that the API
//! publishes as its problem `type` and the pages translate (see [`crate::i18n`]).

use std::time::Duration;

/// One offending input field and the stable code of what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's name as the caller sent it (`email`, `password`, …).
    pub field: &'static str,
    /// Stable message key, translated by [`crate::i18n::message`].
    pub code: &'static str,
    /// The values the message names (`{ $name }` in its text), e.g. the date a suspension ends.
    pub args: Vec<(&'static str, String)>,
}

impl FieldError {
    pub fn new(field: &'static str, code: &'static str) -> Self {
        Self {
            field,
            code,
            args: Vec::new(),
        }
    }

    /// The same error naming `value` where its message says `{ $name }`.
    pub fn with_arg(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// The message in `lang`, its variables filled in.
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        if self.args.is_empty() {
            return crate::i18n::message(lang, self.code).to_owned();
        }
        let args: Vec<(&str, &str)> = self.args.iter().map(|(n, v)| (*n, v.as_str())).collect();
        crate::i18n::text(lang, self.code, &args)
    }
}

/// Why a service refused, or that something failed inside.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input does not parse; every offending field is listed.
    #[error("invalid input: {0:?}")]
    Validation(Vec<FieldError>),
    /// Email and password do not match an account (never says which one is wrong).
    #[error("invalid credentials")]
    InvalidCredentials,
    /// No valid session: missing, expired or revoked token.
    #[error("not authenticated")]
    Unauthenticated,
    /// Authenticated, but this role or this caller may not do this.
    #[error("forbidden")]
    Forbidden,
    /// The object does not exist (or the caller may not know it exists).
    #[error("not found")]
    NotFound,
    /// An account with this email address exists already.
    #[error("email already registered")]
    EmailTaken,
    /// A verification link that is unknown, used or expired.
    #[error("invalid or expired token")]
    InvalidToken,
    /// Too many failed logins: refused until the window passes.
    #[error("too many attempts, retry after {0:?}")]
    Throttled(Duration),
    /// A uniqueness rule refused the input (one firm per credit code, one firm per account, an
    /// item code in use). The first part is the problem code, the field says which input.
    #[error("conflict: {0}")]
    Conflict(&'static str, FieldError),
    /// A credit restriction refused the input (a code on the black list or on an imported
    /// dishonesty list); the problem code says which.
    #[error("restricted: {0}")]
    Restricted(&'static str, FieldError),
    /// A firm may not register for a project: every reason, each a `registration.*` code.
    #[error("registration refused: {0:?}")]
    Ineligible(Vec<FieldError>),
    /// A bulk import in which some rows failed: nothing was written; every bad row is listed.
    #[error("import rejected: {} rows", .0.len())]
    ImportRejected(Vec<crate::model::catalogue::RejectedRow>),
    /// Something went wrong inside; the cause is logged, never shown to the caller.
    #[error("internal error: {0}")]
    Internal(String),
    /// The database failed (see `store`'s conversion); answered as `internal`, the error kept
    /// whole with its chain of causes for the log.
    #[error("storage error: {0}")]
    Storage(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl Error {
    /// Stable, documented code for this kind of refusal (the tail of the problem `type` URI).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Validation(_) => "validation",
            Error::InvalidCredentials => "invalid-credentials",
            Error::Unauthenticated => "unauthenticated",
            Error::Forbidden => "forbidden",
            Error::NotFound => "not-found",
            Error::EmailTaken => "email-taken",
            Error::InvalidToken => "invalid-token",
            Error::Throttled(_) => "throttled",
            Error::Conflict(code, _) | Error::Restricted(code, _) => code,
            Error::ImportRejected(_) => "import-rejected",
            Error::Ineligible(_) => "registration-refused",
            Error::Internal(_) | Error::Storage(_) => "internal",
        }
    }

    /// The HTTP status that fits this refusal.
    pub fn status(&self) -> u16 {
        match self {
            Error::Validation(_) => 422,
            Error::InvalidCredentials | Error::Unauthenticated => 401,
            Error::Forbidden => 403,
            Error::NotFound => 404,
            Error::EmailTaken | Error::Conflict(..) => 409,
            Error::Restricted(..) => 403,
            Error::ImportRejected(_) => 422,
            Error::Ineligible(_) => 403,
            Error::InvalidToken => 400,
            Error::Throttled(_) => 429,
            Error::Internal(_) | Error::Storage(_) => 500,
        }
    }

    /// The offending fields, for refusals that name them (a form marks them).
    pub fn fields(&self) -> Vec<FieldError> {
        match self {
            Error::Validation(f) | Error::Ineligible(f) => f.clone(),
            Error::Conflict(_, f) | Error::Restricted(_, f) => vec![f.clone()],
            _ => Vec::new(),
        }
    }

    pub fn validation(field: &'static str, code: &'static str) -> Self {
        Error::Validation(vec![FieldError::new(field, code)])
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A value read back from the database, parsed: `parsed` is what the parser made of `value`
/// (column `column` of row `row` in table `table`). A value the code does not know (a state
/// written by a newer version, a hand edit, corruption) is never replaced by a default: it is
/// logged at ERROR, naming where it was found, counted in `zjcs_stored_value_errors_total`
/// (labelled by table and column, exported at `/metrics`), and the service answers an internal
/// error.
///
/// ```text
/// let role = stored("account", m.id, "role", &m.role, Role::parse(&m.role))?;
/// ```
pub fn stored<T>(
    table: &str,
    row: impl std::fmt::Display,
    column: &str,
    value: &str,
    parsed: Option<T>,
) -> Result<T> {
    match parsed {
        Some(v) => Ok(v),
        None => {
            let row = row.to_string();
            tracing::error!(
                table,
                row = row.as_str(),
                column,
                value,
                "unknown stored value"
            );
            count_stored_value_error(table, column);
            Err(Error::Internal(format!(
                "unknown {column} {value:?} in {table} row {row}"
            )))
        }
    }
}

/// A JSON column read back from the database (see [`stored`]): a document that does not
/// deserialize into `T` is logged at ERROR, with the parser's reason, and is an internal error,
/// never an empty default.
pub fn stored_json<T: serde::de::DeserializeOwned>(
    table: &str,
    row: impl std::fmt::Display,
    column: &str,
    value: &str,
) -> Result<T> {
    match serde_json::from_str(value) {
        Ok(v) => Ok(v),
        Err(e) => {
            let row = row.to_string();
            tracing::error!(
                table,
                row = row.as_str(),
                column,
                value,
                error = %e,
                "unreadable stored value"
            );
            count_stored_value_error(table, column);
            Err(Error::Internal(format!(
                "unreadable {column} {value:?} in {table} row {row}: {e}"
            )))
        }
    }
}

/// `e: its cause: its cause's cause…` for a log line, each cause once (a wrapper that repeats
/// its source's message in its own adds nothing).
pub fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let part = cause.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = cause.source();
    }
    text
}

/// One more value read back that the code could not take (see [`stored`]).
fn count_stored_value_error(table: &str, column: &str) {
    metrics::counter!(
        "zjcs_stored_value_errors_total",
        "table" => table.to_owned(),
        "column" => column.to_owned()
    )
    .increment(1);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    enum Colour {
        Red,
    }

    fn parse(s: &str) -> Option<Colour> {
        (s == "red").then_some(Colour::Red)
    }

    #[test]
    fn a_known_stored_value_passes_through() {
        let v = stored("paint", 7, "colour", "red", parse("red")).unwrap();
        assert_eq!(v, Colour::Red);
    }

    #[test]
    fn an_unknown_stored_value_is_an_internal_error_naming_where_it_was() {
        let e = stored("paint", 7, "colour", "mauve", parse("mauve")).unwrap_err();
        assert_eq!(e.code(), "internal");
        assert_eq!(e.status(), 500);
        let message = match e {
            Error::Internal(m) => m,
            other => panic!("not internal: {other:?}"),
        };
        for part in ["paint", "7", "colour", "mauve"] {
            assert!(message.contains(part), "{message:?} does not name {part}");
        }
        assert_eq!(message, r#"unknown colour "mauve" in paint row 7"#);
    }

    #[test]
    fn a_stored_json_document_is_read_or_refused() {
        let v: Vec<u32> = stored_json("project", "p-1", "avoid", "[1,2]").unwrap();
        assert_eq!(v, vec![1, 2]);
        let e = stored_json::<Vec<u32>>("project", "p-1", "avoid", "[1,").unwrap_err();
        let message = match e {
            Error::Internal(m) => m,
            other => panic!("not internal: {other:?}"),
        };
        for part in ["project", "p-1", "avoid", "[1,"] {
            assert!(message.contains(part), "{message:?} does not name {part}");
        }
        // A document of the wrong shape is refused too, not read as empty.
        assert!(stored_json::<Vec<u32>>("project", "p-1", "avoid", r#"{"a":1}"#).is_err());
    }
}
