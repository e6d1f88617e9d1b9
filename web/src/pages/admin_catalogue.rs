//! `GET /admin/catalogue` (事项管理): every catalogue item, retired ones included, with edit
//! links and retire/reinstate buttons; and the bulk import (`POST /admin/catalogue/import`), which
//! writes every row or none and otherwise reports each refused row.

use crate::ctx::{Ctx, see_other};
use crate::errors::PageError;
use crate::forms::{CsrfOnly, FieldProblems, PageForm, PageMultipart};
use crate::i18n_ctx::T;
use crate::layout::{Layout, notice_key};
use crate::pages::catalogue::path_id;
use crate::views::{fee_text, item_names};
use askama::Template;
use poem::http::StatusCode;
use poem::web::{Path, Query};
use poem::{Response, handler};
use serde::Deserialize;
use zjcs_domain::model::catalogue::{CSV_HEADER, RejectedRow, rows_from_csv, rows_from_json};
use zjcs_domain::rules::access::Permission;
use zjcs_domain::{Error, FieldError};

/// `?notice=…`, and after an import the counts it reports.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AdminQuery {
    notice: Option<String>,
    created: Option<u32>,
    updated: Option<u32>,
}

struct Row {
    id: String,
    code: String,
    name: String,
    department: String,
    time_limit_days: i32,
    fee: String,
    retired: bool,
}

/// One refused row of an import, its problems translated (the dishonesty list's import shows
/// them the same way).
pub(crate) struct ReportRow {
    pub row: usize,
    pub code: String,
    pub problems: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "admin_catalogue.html")]
struct AdminCataloguePage {
    t: T,
    layout: Layout,
    rows: Vec<Row>,
    /// "Imported: 3 new, 2 updated."
    imported: Option<String>,
    /// The import form's problems (file, format, or the whole refusal).
    problems: FieldProblems,
    report: Vec<ReportRow>,
    format: String,
    csv_header: String,
}

fn label_of(field: &str) -> &'static str {
    match field {
        "format" => "admin.import.format",
        _ => "admin.import.file",
    }
}

async fn render(
    ctx: &Ctx,
    notice: Option<&'static str>,
    imported: Option<String>,
    problems: FieldProblems,
    report: Vec<ReportRow>,
    format: String,
    status: StatusCode,
) -> Result<Response, PageError> {
    ctx.require_permission(Permission::ManageCatalogue)?;
    let rows = ctx
        .services()
        .list_items(true)
        .await?
        .into_iter()
        .map(|i| Row {
            id: i.id.to_string(),
            fee: fee_text(ctx.t, i.fee_min_fen, i.fee_max_fen, &i.fee_note),
            name: item_names(ctx.lang, &i.name, &i.name_en).0,
            code: i.code,
            department: i.department,
            time_limit_days: i.time_limit_days,
            retired: i.retired,
        })
        .collect();
    let page = AdminCataloguePage {
        t: ctx.t,
        layout: ctx.layout(notice),
        rows,
        imported,
        problems,
        report,
        format,
        csv_header: CSV_HEADER.join(","),
    };
    Ok(ctx.render(&page, status))
}

/// The list; administrators only (others 403, visitors without a login go to log in).
#[handler]
pub async fn list(ctx: Ctx, Query(q): Query<AdminQuery>) -> Result<Response, PageError> {
    let imported = match (q.notice.as_deref(), q.created, q.updated) {
        (Some("imported"), Some(c), Some(u)) => Some(ctx.t.fill_all(
            "admin.import.done",
            &[("created", &c.to_string()), ("updated", &u.to_string())],
        )),
        _ => None,
    };
    render(
        &ctx,
        notice_key(q.notice.as_deref()),
        imported,
        FieldProblems::default(),
        Vec::new(),
        String::new(),
        StatusCode::OK,
    )
    .await
}

async fn set_retired(
    ctx: &Ctx,
    id: &str,
    csrf: &str,
    retired: bool,
) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    ctx.check_csrf(csrf)?;
    ctx.services()
        .set_item_retired(&actor, path_id(id)?, retired)
        .await?;
    Ok(see_other(if retired {
        "/admin/catalogue?notice=item-retired"
    } else {
        "/admin/catalogue?notice=item-reinstated"
    }))
}

/// `POST /admin/catalogue/:id/retire`: no new projects against the item; it stays readable.
#[handler]
pub async fn retire(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<CsrfOnly>,
) -> Result<Response, PageError> {
    set_retired(&ctx, &id, &f.csrf, true).await
}

/// `POST /admin/catalogue/:id/reinstate`.
#[handler]
pub async fn reinstate(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<CsrfOnly>,
) -> Result<Response, PageError> {
    set_retired(&ctx, &id, &f.csrf, false).await
}

/// How the uploaded file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Json,
    Csv,
}

/// The chosen format, or (empty choice) the one the text looks like: JSON is an array, so its
/// first non-space character is `[`; a CSV file starts with its header.
pub(crate) fn format_of(choice: &str, text: &str) -> Result<Format, FieldError> {
    match choice.trim() {
        "json" => Ok(Format::Json),
        "csv" => Ok(Format::Csv),
        "" | "auto" if text.trim_start().starts_with('[') => Ok(Format::Json),
        "" | "auto" => Ok(Format::Csv),
        _ => Err(FieldError::new("format", "field.import.format")),
    }
}

/// `POST /admin/catalogue/import` (multipart): imports a JSON or CSV file.
#[handler]
pub async fn import(ctx: Ctx, mut mp: PageMultipart) -> Result<Response, PageError> {
    let actor = ctx
        .require_permission(Permission::ManageCatalogue)?
        .auth
        .actor;
    ctx.check_csrf(mp.fields.csrf())?;
    let choice = mp.fields.string("format");
    let file = mp.take_file("file");
    let refuse = |errors: Vec<FieldError>| {
        (
            FieldProblems::from_field_errors(ctx.t, &errors, label_of),
            Vec::new(),
        )
    };
    let outcome = match file {
        None => Err(refuse(vec![FieldError::new("file", "field.required")])),
        Some((_, bytes)) => match String::from_utf8(bytes) {
            Err(_) => Err(refuse(vec![FieldError::new(
                "file",
                "field.import.encoding",
            )])),
            Ok(text) => {
                let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
                let rows = format_of(&choice, body).and_then(|f| match f {
                    Format::Json => rows_from_json(body),
                    Format::Csv => rows_from_csv(body),
                });
                match rows {
                    Err(e) => {
                        let field = if e.field == "format" {
                            "format"
                        } else {
                            "file"
                        };
                        Err(refuse(vec![FieldError::new(field, e.code)]))
                    }
                    Ok(rows) => match ctx.services().import_items(Some(&actor), rows).await {
                        Ok(done) => Ok(done),
                        Err(Error::ImportRejected(rejected)) => Err((
                            FieldProblems::banner(
                                "error.import-rejected",
                                Some(ctx.t.get("error.detail.import-rejected").to_owned()),
                                None,
                            ),
                            report(&ctx, rejected),
                        )),
                        Err(e) => return Err(e.into()),
                    },
                }
            }
        },
    };
    match outcome {
        Ok(done) => Ok(see_other(&format!(
            "/admin/catalogue?notice=imported&created={}&updated={}",
            done.created, done.updated
        ))),
        Err((problems, report)) => {
            render(
                &ctx,
                None,
                None,
                problems,
                report,
                choice,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// The refused rows with their problems in the reader's language.
pub(crate) fn report(ctx: &Ctx, rejected: Vec<RejectedRow>) -> Vec<ReportRow> {
    rejected
        .into_iter()
        .map(|r| ReportRow {
            row: r.row,
            code: r.code,
            problems: r
                .errors
                .iter()
                .map(|e| (e.field.to_owned(), ctx.t.get(e.code).to_owned()))
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_is_chosen_or_recognised() {
        assert_eq!(format_of("", "  [ {} ]"), Ok(Format::Json));
        assert_eq!(format_of("auto", "code,name"), Ok(Format::Csv));
        assert_eq!(format_of("csv", "[]"), Ok(Format::Csv));
        assert_eq!(format_of("json", "code"), Ok(Format::Json));
        assert!(format_of("xml", "[]").is_err());
    }
}
