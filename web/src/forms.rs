//! Reading submitted forms, and the problems shown next to their fields.

use crate::i18n_ctx::T;
use poem::error::ResponseError;
use poem::http::StatusCode;
use poem::web::Form;
use poem::{Body, FromRequest, Request, RequestBody};
use serde::de::DeserializeOwned;
use std::fmt;
use zjcs_domain::FieldError;

/// Our forms are a few short fields; anything bigger is not from them.
const MAX_FORM_BYTES: usize = 64 * 1024;

/// A url-encoded form body, read with a size limit. Form structs give every field a default, so
/// a missing field is an empty value that the domain's parsers then refuse with a field message,
/// rather than a bare 400.
pub struct PageForm<T>(pub T);

#[derive(Debug)]
struct FormTooLarge;

impl fmt::Display for FormTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("form body too large")
    }
}

impl std::error::Error for FormTooLarge {}

impl ResponseError for FormTooLarge {
    fn status(&self) -> StatusCode {
        StatusCode::PAYLOAD_TOO_LARGE
    }
}

impl<'a, T: DeserializeOwned> FromRequest<'a> for PageForm<T> {
    async fn from_request(req: &'a Request, body: &mut RequestBody) -> poem::Result<Self> {
        let bytes = body
            .take()?
            .into_bytes_limit(MAX_FORM_BYTES)
            .await
            .map_err(|_| FormTooLarge)?;
        // poem's own form parser checks the content type and decodes; it answers 415 or 400,
        // which the page wrapper draws as a page.
        let Form(value) =
            Form::<T>::from_request(req, &mut RequestBody::new(Body::from_bytes(bytes))).await?;
        Ok(PageForm(value))
    }
}

/// One problem to show: next to its field, and in the summary at the top of the form.
#[derive(Debug, Clone)]
pub struct Problem {
    /// The field's name, also the id of its input (`field-<name>`).
    pub field: &'static str,
    /// Catalogue key of the field's label, for the summary.
    pub label: &'static str,
    /// Catalogue key of the message.
    pub message: &'static str,
}

/// The problems of one submitted form.
#[derive(Debug, Clone, Default)]
pub struct FieldProblems {
    /// Catalogue key of the summary's heading (none: no summary).
    pub title: Option<&'static str>,
    /// A translated sentence under the heading.
    pub detail: Option<String>,
    /// The fields' problems.
    pub items: Vec<Problem>,
}

impl FieldProblems {
    /// Problems from the domain's field errors, with the form's labels.
    pub fn from_field_errors(
        t: T,
        errors: &[FieldError],
        label_of: fn(&str) -> &'static str,
    ) -> FieldProblems {
        FieldProblems {
            title: Some("error.validation"),
            detail: Some(t.get("error.detail.validation").to_owned()),
            items: errors
                .iter()
                .map(|e| Problem {
                    field: e.field,
                    label: label_of(e.field),
                    message: e.code,
                })
                .collect(),
        }
    }

    /// A refusal of the whole form, with a heading and a sentence, and optionally one field marked.
    pub fn banner(
        title: &'static str,
        detail: Option<String>,
        field: Option<Problem>,
    ) -> FieldProblems {
        FieldProblems {
            title: Some(title),
            detail,
            items: field.into_iter().collect(),
        }
    }

    /// Whether there is anything to show.
    pub fn any(&self) -> bool {
        self.title.is_some() || !self.items.is_empty()
    }

    /// The message key for one field, if it has a problem.
    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.items
            .iter()
            .find(|p| p.field == field)
            .map(|p| p.message)
    }
}
