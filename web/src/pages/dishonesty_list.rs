//! `GET /dishonesty-list` (失信名单): the imported dishonesty list's entries in force, for
//! everybody, newest listing first, a page at a time, with a look-up by credit code; and for
//! regulators and administrators the import on the same page (`POST /dishonesty-list/import`,
//! a JSON or CSV file, all rows or none, every refused row reported as the catalogue's import
//! does).

use super::admin_catalogue::{Format, ReportRow, format_of, report};
use crate::ctx::{Ctx, see_other};
use crate::errors::PageError;
use crate::forms::{FieldProblems, PageMultipart};
use crate::i18n_ctx::T;
use crate::layout::{Layout, encode_component};
use crate::views::date;
use askama::Template;
use poem::http::StatusCode;
use poem::web::Query;
use poem::{Response, handler};
use serde::Deserialize;
use zjcs_domain::model::dishonesty::{CSV_HEADER, csv_text, rows_from_csv, rows_from_json};
use zjcs_domain::rules::access::Permission;
use zjcs_domain::{Error, FieldError};

/// Entries per page.
const PAGE: u64 = 100;

/// `?code=…&offset=…`, and after an import the counts it reports.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    code: String,
    offset: u64,
    notice: Option<String>,
    created: Option<u32>,
    updated: Option<u32>,
    /// After a lift: the code lifted.
    lifted: Option<String>,
}

struct Row {
    credit_code: String,
    firm_name: Option<String>,
    firm_href: Option<String>,
    reason: String,
    authority: String,
    listed_on: String,
    until: Option<String>,
    /// The lift form's reason as typed and its problem, after a refused lift of this row.
    lift_reason: String,
    lift_problem: Option<String>,
}

#[derive(Template)]
#[template(path = "dishonesty_list.html")]
struct DishonestyListPage {
    t: T,
    layout: Layout,
    rows: Vec<Row>,
    total: u64,
    code: String,
    next_href: Option<String>,
    /// The visitor may import: the form is shown.
    may_import: bool,
    /// "Imported: 3 new entries, 2 updated."
    imported: Option<String>,
    /// "The listing of … was lifted."
    lifted: Option<String>,
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

/// What the import form shows: a notice line, or a refusal with its rows.
#[derive(Default)]
struct ImportState {
    imported: Option<String>,
    /// A refused lift: the code, the reason as typed, the problem's text.
    refused_lift: Option<(String, String, String)>,
    problems: FieldProblems,
    report: Vec<ReportRow>,
    format: String,
}

async fn render(
    ctx: &Ctx,
    q: &ListQuery,
    state: ImportState,
    status: StatusCode,
) -> Result<Response, PageError> {
    let code = q.code.trim().to_uppercase();
    let page = ctx
        .services()
        .dishonesty_list(Some(&code), q.offset, PAGE)
        .await?;
    let shown = q.offset + page.entries.len() as u64;
    let next_href = (shown < page.total).then(|| {
        let mut href = format!("/dishonesty-list?offset={shown}");
        if !code.is_empty() {
            href.push_str(&format!("&code={}", encode_component(&code)));
        }
        href
    });
    let rows = page
        .entries
        .into_iter()
        .map(|e| {
            let refused = state
                .refused_lift
                .as_ref()
                .filter(|(code, _, _)| *code == e.credit_code);
            Row {
                firm_href: e.firm_id.map(|id| format!("/firms/{id}#credit")),
                firm_name: e.firm_name,
                lift_reason: refused.map(|r| r.1.clone()).unwrap_or_default(),
                lift_problem: refused.map(|r| r.2.clone()),
                credit_code: e.credit_code,
                reason: e.reason,
                authority: e.authority,
                listed_on: date(e.listed_on),
                until: e.until.map(date),
            }
        })
        .collect();
    let page = DishonestyListPage {
        t: ctx.t,
        layout: ctx.layout(None),
        rows,
        total: page.total,
        code,
        next_href,
        may_import: ctx.services().may_start(
            ctx.visitor.as_ref().map(|v| &v.auth.actor),
            zjcs_domain::service::Start::DishonestyImport,
        ),
        imported: state.imported,
        lifted: q
            .lifted
            .as_ref()
            .map(|code| ctx.t.fill("credit.dishonesty.lift.done", "code", code)),
        problems: state.problems,
        report: state.report,
        format: state.format,
        csv_header: CSV_HEADER.join(","),
    };
    Ok(ctx.render(&page, status))
}

/// The public list.
#[handler]
pub async fn show(ctx: Ctx, Query(q): Query<ListQuery>) -> Result<Response, PageError> {
    let imported = match (q.notice.as_deref(), q.created, q.updated) {
        (Some("imported"), Some(c), Some(u)) => Some(ctx.t.fill_all(
            "credit.dishonesty.import.done",
            &[("created", &c.to_string()), ("updated", &u.to_string())],
        )),
        _ => None,
    };
    let state = ImportState {
        imported,
        ..ImportState::default()
    };
    render(&ctx, &q, state, StatusCode::OK).await
}

/// `POST /dishonesty-list/import` (multipart): imports a JSON or CSV file (CSV in UTF-8 or GBK);
/// regulators and administrators only. A refusal shows the list again with the file's or the
/// rows' problems (422).
#[handler]
pub async fn import(ctx: Ctx, mut mp: PageMultipart) -> Result<Response, PageError> {
    let actor = ctx
        .require_permission(Permission::ImportDishonestyList)?
        .auth
        .actor;
    ctx.check_csrf(mp.fields.csrf())?;
    let choice = mp.fields.string("format");
    let refuse = |e: FieldError| ImportState {
        problems: FieldProblems::from_field_errors(ctx.t, &[e], label_of),
        format: choice.clone(),
        ..ImportState::default()
    };
    let rows = match mp.take_file("file") {
        None => Err(refuse(FieldError::new("file", "field.required"))),
        Some((_, bytes)) => csv_text(&bytes)
            .map_err(|e| FieldError::new("file", e.code))
            .and_then(|text| {
                let rows = format_of(&choice, &text)?;
                match rows {
                    Format::Json => rows_from_json(&text),
                    Format::Csv => rows_from_csv(&text),
                }
                .map_err(|e| FieldError::new("file", e.code))
            })
            .map_err(refuse),
    };
    let outcome = match rows {
        Err(state) => Err(state),
        Ok(rows) => match ctx
            .services()
            .import_dishonesty_list(Some(&actor), rows)
            .await
        {
            Ok(done) => Ok(done),
            Err(Error::ImportRejected(rejected)) => Err(ImportState {
                problems: FieldProblems::banner(
                    "error.import-rejected",
                    Some(ctx.t.get("error.detail.import-rejected").to_owned()),
                    None,
                ),
                report: report(&ctx, rejected),
                format: choice.clone(),
                ..ImportState::default()
            }),
            Err(e) => return Err(e.into()),
        },
    };
    match outcome {
        Ok(done) => Ok(see_other(&format!(
            "/dishonesty-list?notice=imported&created={}&updated={}#import",
            done.created, done.updated
        ))),
        Err(state) => {
            render(
                &ctx,
                &ListQuery::default(),
                state,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct LiftForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    reason: String,
}

/// `POST /dishonesty-list/:code/lift`: lifts the listing in force on a code now, with a reason
/// (regulators and administrators; the service refuses anyone else). Success goes back to the
/// list with a notice; a refusal (no reason) shows the list again with the problem on the row
/// and the reason as typed.
#[handler]
pub async fn lift(
    ctx: Ctx,
    poem::web::Path(code): poem::web::Path<String>,
    crate::forms::PageForm(f): crate::forms::PageForm<LiftForm>,
) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    ctx.check_csrf(&f.csrf)?;
    match ctx
        .services()
        .lift_dishonesty_listing(Some(&actor), &code, &f.reason)
        .await
    {
        Ok(entry) => Ok(see_other(&format!(
            "/dishonesty-list?lifted={}",
            encode_component(&entry.credit_code)
        ))),
        Err(Error::Validation(errors)) => {
            let problem = errors
                .first()
                .map(|e| e.message(ctx.t.lang))
                .unwrap_or_default();
            let state = ImportState {
                refused_lift: Some((code.trim().to_uppercase(), f.reason, problem)),
                ..ImportState::default()
            };
            let q = ListQuery {
                code: code.trim().to_uppercase(),
                ..ListQuery::default()
            };
            render(&ctx, &q, state, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}
