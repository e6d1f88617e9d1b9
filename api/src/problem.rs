//! RFC 9457 problem details (`application/problem+json`) for every refusal of the JSON API,
//! in the reader's language, with a stable `type` per kind of refusal.

use crate::lang::current_lang;
use poem::http::StatusCode;
use poem::{IntoResponse, Response};
use poem_openapi::registry::{MetaMediaType, MetaResponse, MetaResponses, Registry};
use poem_openapi::types::{ToJSON, Type};
use poem_openapi::{ApiResponse, Object};
use zjcs_domain::error::Error as DomainError;
use zjcs_domain::i18n::{Lang, message};

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Base of the `type` URIs; the tail is the stable error code.
pub const TYPE_BASE: &str = "https://zjcs.example/problems/";

/// One offending input field.
#[derive(Debug, Clone, Object, serde::Serialize, serde::Deserialize)]
pub struct ProblemField {
    /// The field's name as sent.
    pub field: String,
    /// Stable code of what is wrong (e.g. `field.email.invalid`).
    pub code: String,
    /// The same in words, in the reader's language.
    pub message: String,
}

/// One row an import refused (problem type `import-rejected`).
#[derive(Debug, Clone, Object, serde::Serialize, serde::Deserialize)]
pub struct ProblemRow {
    /// 1-based: the element of a JSON array, or the record after a CSV header.
    pub row: u64,
    /// The row's code as given, if any.
    pub code: String,
    pub errors: Vec<ProblemField>,
}

/// An RFC 9457 problem details object.
#[derive(Debug, Clone, Object, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// A URI that identifies the kind of problem; its last segment is a stable code.
    #[oai(rename = "type")]
    #[serde(rename = "type")]
    pub type_: String,
    /// A short summary of the kind of problem, in the reader's language.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// An explanation of this occurrence.
    #[oai(skip_serializing_if_is_none)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// For validation problems: every offending field.
    #[oai(skip_serializing_if_is_none)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<ProblemField>>,
    /// For a refused import: every bad row (nothing was written).
    #[oai(skip_serializing_if_is_none)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows: Option<Vec<ProblemRow>>,
    /// For throttling: seconds to wait before retrying.
    #[oai(skip_serializing_if_is_none)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

impl Problem {
    /// A problem of kind `code` (title from the catalogue key `error.<code>`).
    pub fn new(lang: Lang, status: u16, code: &str) -> Problem {
        Problem {
            type_: format!("{TYPE_BASE}{code}"),
            title: message(lang, &format!("error.{code}")).to_owned(),
            status,
            detail: None,
            errors: None,
            rows: None,
            retry_after: None,
        }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Problem {
        self.detail = Some(detail.into());
        self
    }

    /// The problem for a domain refusal.
    pub fn from_domain(lang: Lang, e: &DomainError) -> Problem {
        let mut p = Problem::new(lang, e.status(), e.code());
        let field = |f: &zjcs_domain::FieldError| ProblemField {
            field: f.field.to_owned(),
            code: f.code.to_owned(),
            message: f.message(lang),
        };
        match e {
            DomainError::Validation(fields) => {
                p.detail = Some(message(lang, "error.detail.validation").to_owned());
                p.errors = Some(fields.iter().map(field).collect());
            }
            DomainError::Ineligible(fields) => {
                p.detail = Some(message(lang, "error.detail.registration-refused").to_owned());
                p.errors = Some(fields.iter().map(field).collect());
            }
            DomainError::Conflict(_, f) | DomainError::Restricted(_, f) => {
                p.detail = Some(message(lang, f.code).to_owned());
                p.errors = Some(vec![field(f)]);
            }
            DomainError::ImportRejected(rows) => {
                p.detail = Some(message(lang, "error.detail.import-rejected").to_owned());
                p.rows = Some(
                    rows.iter()
                        .map(|r| ProblemRow {
                            row: r.row as u64,
                            code: r.code.clone(),
                            errors: r.errors.iter().map(field).collect(),
                        })
                        .collect(),
                );
            }
            DomainError::Throttled(after) => {
                let secs = after.as_secs().max(1);
                p.retry_after = Some(secs);
                p.detail = Some(zjcs_domain::i18n::text(
                    lang,
                    "error.detail.throttled",
                    &[("secs", &secs.to_string())],
                ));
            }
            DomainError::Internal(cause) => {
                // The cause is for the log, never for the caller.
                tracing::error!(%cause, "internal error answered as 500");
            }
            DomainError::Storage(_) => {
                let cause = zjcs_domain::error::chain(e);
                tracing::error!(%cause, "storage error answered as 500");
            }
            _ => {}
        }
        p
    }

    /// The problem for an error that poem raised before our code ran (malformed JSON, wrong
    /// content type, missing token, unknown route, oversized body, …).
    pub fn from_poem(lang: Lang, err: &poem::Error) -> Problem {
        let status = err.status();
        let code = match status {
            StatusCode::UNAUTHORIZED => "unauthenticated",
            StatusCode::FORBIDDEN => "forbidden",
            StatusCode::NOT_FOUND => "not-found",
            StatusCode::METHOD_NOT_ALLOWED => "method-not-allowed",
            StatusCode::PAYLOAD_TOO_LARGE => "payload-too-large",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported-media-type",
            StatusCode::TOO_MANY_REQUESTS => "throttled",
            s if s.is_server_error() => "internal",
            _ => "malformed",
        };
        let p = Problem::new(lang, status.as_u16(), code);
        if status.is_server_error() {
            tracing::error!(error = %err, "internal error answered as {status}");
            p
        } else {
            p.with_detail(err.to_string())
        }
    }

    /// The HTTP response carrying this problem.
    pub fn into_http(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut resp = Response::builder()
            .status(status)
            .content_type(PROBLEM_JSON)
            .body(self.to_json_string());
        if let Some(secs) = self.retry_after
            && let Ok(v) = poem::http::HeaderValue::from_str(&secs.to_string())
        {
            resp.headers_mut()
                .insert(poem::http::header::RETRY_AFTER, v);
        }
        resp
    }
}

/// The error every operation returns: a domain refusal, answered as a problem.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ApiError(pub DomainError);

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        ApiError(e)
    }
}

impl poem::error::ResponseError for ApiError {
    fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn as_response(&self) -> Response {
        Problem::from_domain(current_lang(), &self.0).into_http()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        Problem::from_domain(current_lang(), &self.0).into_http()
    }
}

/// The statuses any operation may answer with a problem. Every operation documents all of them:
/// parsing (400, 413, 415), authentication (401) and throttling (429) can happen anywhere.
const PROBLEM_STATUSES: &[(u16, &str)] = &[
    (
        400,
        "Malformed request (bad JSON, bad parameter) or an invalid token",
    ),
    (401, "Not authenticated, or wrong credentials"),
    (403, "Authenticated, but not allowed"),
    (404, "Not found"),
    (409, "Conflicts with existing data"),
    (413, "Request body too large"),
    (415, "Unsupported content type"),
    (422, "Invalid input: see `errors` for every offending field"),
    (429, "Too many attempts: see `retry_after`"),
    (500, "Internal error"),
];

impl ApiResponse for ApiError {
    fn meta() -> MetaResponses {
        MetaResponses {
            responses: PROBLEM_STATUSES
                .iter()
                .map(|(status, description)| MetaResponse {
                    description,
                    status: Some(*status),
                    status_range: None,
                    content: vec![MetaMediaType {
                        content_type: PROBLEM_JSON,
                        schema: Problem::schema_ref(),
                    }],
                    headers: vec![],
                })
                .collect(),
        }
    }

    fn register(registry: &mut Registry) {
        Problem::register(registry);
    }
}

/// Result of an operation.
pub type ApiResult<T> = Result<T, ApiError>;

/// Middleware for the API: turns every error poem raises into problem+json, so a client never
/// receives a plain-text error; a 405 also gets its `Allow` header.
pub async fn problems<E: poem::Endpoint>(
    next: E,
    req: poem::Request,
    allowed: crate::allow::AllowedMethods,
) -> poem::Result<Response> {
    let lang = current_lang();
    let path = req.uri().path().to_owned();
    match next.call(req).await {
        Ok(resp) => Ok(resp.into_response()),
        Err(err) => {
            if let Some(api) = err.downcast_ref::<ApiError>() {
                return Ok(Problem::from_domain(lang, &api.0).into_http());
            }
            let mut resp = Problem::from_poem(lang, &err).into_http();
            if err.status() == StatusCode::METHOD_NOT_ALLOWED {
                let relative = path.strip_prefix("/api/v1").unwrap_or(&path);
                if let Some(allow) = allowed.allow_header(relative)
                    && let Ok(v) = poem::http::HeaderValue::from_str(&allow)
                {
                    resp.headers_mut().insert(poem::http::header::ALLOW, v);
                }
            }
            Ok(resp)
        }
    }
}
