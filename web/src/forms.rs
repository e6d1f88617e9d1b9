//! Reading submitted forms, and the problems shown next to their fields.
//!
//! Two body kinds reach the pages: url-encoded forms ([`PageForm`]) and, for file uploads,
//! `multipart/form-data` ([`PageMultipart`]). Both are read with a size limit first, and both
//! carry the CSRF token as an ordinary `csrf` field that the handler checks with
//! [`crate::ctx::Ctx::check_csrf`] before it does anything.

use crate::i18n_ctx::{T, static_key};
use poem::error::ResponseError;
use poem::http::StatusCode;
use poem::web::{Form, Multipart};
use poem::{Body, FromRequest, Request, RequestBody};
use serde::de::DeserializeOwned;
use std::fmt;
use zjcs_domain::{Error, FieldError};

/// Our forms are a few short fields; anything bigger is not from them.
pub const MAX_FORM_BYTES: usize = 64 * 1024;

/// The catalogue item form: long texts (legal basis, workflow, thirty materials), which
/// percent-encoding makes up to nine bytes per Chinese character.
pub const LARGE_FORM_BYTES: usize = 512 * 1024;

/// A multipart form: one evidence file of at most 10 MiB (the services refuse bigger ones with a
/// field message, so the limit leaves room for that answer) and a few short fields.
pub const MAX_UPLOAD_BYTES: usize = 11 * 1024 * 1024;

/// A url-encoded form body, read with a size limit (`MAX` bytes). Form structs give every field a
/// default, so a missing field is an empty value that the domain's parsers then refuse with a
/// field message, rather than a bare 400. `PageForm<FormFields>` keeps every pair, for forms
/// with repeated fields (a list of checkboxes).
pub struct PageForm<T, const MAX: usize = MAX_FORM_BYTES>(pub T);

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

impl<'a, T: DeserializeOwned, const MAX: usize> FromRequest<'a> for PageForm<T, MAX> {
    async fn from_request(req: &'a Request, body: &mut RequestBody) -> poem::Result<Self> {
        let bytes = body
            .take()?
            .into_bytes_limit(MAX)
            .await
            .map_err(|_| FormTooLarge)?;
        // poem's own form parser checks the content type and decodes; it answers 415 or 400,
        // which the page wrapper draws as a page.
        let Form(value) =
            Form::<T>::from_request(req, &mut RequestBody::new(Body::from_bytes(bytes))).await?;
        Ok(PageForm(value))
    }
}

/// A form that is only a button: a delete or retire action carries nothing but its token.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct CsrfOnly {
    pub csrf: String,
}

/// A form's fields as submitted, in order, repeated names kept: what a url-encoded body with
/// checkboxes and a multipart body's text parts both come down to.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(transparent)]
pub struct FormFields(Vec<(String, String)>);

impl FormFields {
    /// The first value of a field, or `""` when it is missing (as for the serde form structs).
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// The first value of a field, owned.
    pub fn string(&self, name: &str) -> String {
        self.get(name).to_owned()
    }

    /// Every value of a repeated field (checked checkboxes), in order.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether a checkbox was ticked (sent at all, whatever its value).
    pub fn checked(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }

    /// The CSRF field, for [`crate::ctx::Ctx::check_csrf`].
    pub fn csrf(&self) -> &str {
        self.get("csrf")
    }
}

/// A file part of a multipart form.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The form field's name.
    pub field: String,
    /// The name the browser gave (may be empty, may be a path on old browsers).
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// A `multipart/form-data` body, read whole with a size limit: its text fields (CSRF token
/// included, checked as for url-encoded forms) and its file parts.
pub struct PageMultipart {
    pub fields: FormFields,
    pub files: Vec<Upload>,
}

impl PageMultipart {
    /// Takes a file part out: `(name, bytes)` as the services want it. `None` when the field is
    /// missing or the browser sent an empty part with no name (no file chosen); a chosen but
    /// empty file is kept, so the services can say it is empty.
    pub fn take_file(&mut self, field: &str) -> Option<(String, Vec<u8>)> {
        let i = self.files.iter().position(|f| f.field == field)?;
        let f = self.files.swap_remove(i);
        if f.file_name.is_empty() && f.bytes.is_empty() {
            None
        } else {
            Some((f.file_name, f.bytes))
        }
    }

    /// A file to attach (evidence, a plan, a contract…), as the services take it.
    pub fn take_upload(&mut self, field: &str) -> Option<zjcs_domain::model::attachment::Upload> {
        self.take_file(field)
            .map(|(name, bytes)| zjcs_domain::model::attachment::Upload::new(name, bytes))
    }
}

impl<'a> FromRequest<'a> for PageMultipart {
    async fn from_request(req: &'a Request, body: &mut RequestBody) -> poem::Result<Self> {
        let bytes = body
            .take()?
            .into_bytes_limit(MAX_UPLOAD_BYTES)
            .await
            .map_err(|_| FormTooLarge)?;
        // poem's parser checks the content type (415 otherwise) and the framing (400).
        let mut multipart =
            Multipart::from_request(req, &mut RequestBody::new(Body::from_bytes(bytes))).await?;
        let mut fields = Vec::new();
        let mut files = Vec::new();
        while let Some(part) = multipart.next_field().await? {
            let name = part.name().unwrap_or_default().to_owned();
            match part.file_name().map(str::to_owned) {
                Some(file_name) => files.push(Upload {
                    field: name,
                    file_name,
                    bytes: part.bytes().await?,
                }),
                None => fields.push((name, part.text().await?)),
            }
        }
        Ok(PageMultipart {
            fields: FormFields(fields),
            files,
        })
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
    /// The values the message names (`{name}` in its text).
    pub args: Vec<(&'static str, String)>,
}

impl Problem {
    /// The message in the page's language, its placeholder filled in.
    pub fn text(&self, t: &T) -> String {
        if self.args.is_empty() {
            return t.get(self.message).to_owned();
        }
        let vars: Vec<(&str, &str)> = self.args.iter().map(|(n, v)| (*n, v.as_str())).collect();
        t.fill_all(self.message, &vars)
    }
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
    /// Prefix of the fields' ids (`field-<anchor><name>`), for pages with several forms whose
    /// field names repeat.
    pub anchor: &'static str,
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
                    args: e.args.clone(),
                })
                .collect(),
            anchor: "",
        }
    }

    /// Problems from any refusal that names fields: invalid input (422), a uniqueness conflict
    /// (409) or a credit restriction (403). The heading is the refusal's own title; the fields
    /// carry their messages. `None` for other refusals, which become error pages.
    pub fn from_error(
        t: T,
        e: &Error,
        label_of: fn(&str) -> &'static str,
    ) -> Option<(FieldProblems, StatusCode)> {
        if !matches!(
            e,
            Error::Validation(_)
                | Error::Conflict(..)
                | Error::Restricted(..)
                | Error::Ineligible(_)
        ) {
            return None;
        }
        let mut problems = FieldProblems::from_field_errors(t, &e.fields(), label_of);
        if !matches!(e, Error::Validation(_)) {
            problems.title = static_key(&format!("error.{}", e.code())).or(problems.title);
            problems.detail = None;
        }
        let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
        Some((problems, status))
    }

    /// The same problems, for a form whose field ids carry a prefix.
    pub fn anchored(mut self, anchor: &'static str) -> FieldProblems {
        self.anchor = anchor;
        self
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
            anchor: "",
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
