//! `GET /credit/repairs` (信用修复审核): the regulators' queue of credit repair applications,
//! pending ones oldest first (`?all=1`: every application, newest first), each with its firm's
//! credit now, the statement and the evidence file; and the decision on one,
//! `POST /credit/repairs/:id/decision` (approve or refuse, with a reason).

use super::firm_repair::status_badge;
use crate::ctx::{Ctx, see_other};
use crate::errors::PageError;
use crate::forms::{FieldProblems, PageForm};
use crate::i18n_ctx::T;
use crate::layout::{Layout, notice_key};
use crate::pages::catalogue::path_id;
use crate::views::{day, grade_class};
use askama::Template;
use poem::http::StatusCode;
use poem::web::{Path, Query};
use poem::{Response, handler};
use serde::Deserialize;
use uuid::Uuid;
use zjcs_domain::rules::credit::RepairStep;
use zjcs_domain::{Error, FieldError};

/// `?notice=…&all=1`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct QueueQuery {
    notice: Option<String>,
    all: Option<String>,
}

/// The decision form of one application.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    /// `approve` or `refuse` (the button pressed).
    pub decision: String,
    pub reason: String,
    /// `1` when the decision was taken on the page listing every application.
    pub all: String,
    pub csrf: String,
}

struct Row {
    id: String,
    firm_href: String,
    firm_name: String,
    grade: String,
    grade_class: String,
    score: i32,
    statement: String,
    file_href: Option<String>,
    applied: String,
    pending: bool,
    status_key: &'static str,
    status_class: &'static str,
    decision_reason: Option<String>,
    decided: Option<String>,
    /// The reason as typed, when this row's decision was just refused.
    reason: String,
    /// This row's decision was just refused: its problems are shown next to it.
    problems: Option<FieldProblems>,
}

#[derive(Template)]
#[template(path = "credit_repairs.html")]
struct QueuePage {
    t: T,
    layout: Layout,
    all: bool,
    rows: Vec<Row>,
}

fn label_of(field: &str) -> &'static str {
    match field {
        "reason" => "credit.repairs.reason",
        "decision" => "credit.repairs.decision",
        _ => "credit.repairs.title",
    }
}

/// The refused decision to show again: which application, what was typed, what was wrong.
struct Refused {
    id: Uuid,
    reason: String,
    problems: FieldProblems,
}

async fn render(
    ctx: &Ctx,
    notice: Option<&'static str>,
    all: bool,
    refused: Option<Refused>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    let mut repairs = ctx.services().repairs(&actor, !all).await?;
    let mut refused = refused;
    // A decision refused because it was taken already: the application may have left the
    // pending queue, but the problem is still shown on its row.
    if let Some(r) = &refused
        && !repairs.iter().any(|x| x.id == r.id)
        && let Some(x) = ctx
            .services()
            .repairs(&actor, false)
            .await?
            .into_iter()
            .find(|x| x.id == r.id)
    {
        repairs.insert(0, x);
    }
    let rows = repairs
        .into_iter()
        .map(|r| {
            let (status_key, status_class) = status_badge(r.status);
            let mine = refused.take_if(|x| x.id == r.id);
            Row {
                id: r.id.to_string(),
                firm_href: format!("/firms/{}#credit", r.firm_id),
                grade_class: grade_class(&r.grade),
                grade: r.grade,
                score: r.score,
                statement: r.statement,
                file_href: r.evidence_file.map(|f| format!("/files/{f}")),
                applied: day(r.created_at),
                pending: r.allowed.contains(&RepairStep::Decide),
                status_key,
                status_class,
                decision_reason: r.decision_reason,
                decided: r.decided_at.map(day),
                reason: mine.as_ref().map(|m| m.reason.clone()).unwrap_or_default(),
                problems: mine.map(|m| m.problems.anchored("decision-")),
                firm_name: r.firm_name,
            }
        })
        .collect();
    let page = QueuePage {
        t: ctx.t,
        layout: ctx.layout(notice),
        all,
        rows,
    };
    Ok(ctx.render(&page, status))
}

/// The queue; regulators only (others 403, visitors without a login go to log in).
#[handler]
pub async fn show(ctx: Ctx, Query(q): Query<QueueQuery>) -> Result<Response, PageError> {
    let all = q.all.as_deref() == Some("1");
    render(
        &ctx,
        notice_key(q.notice.as_deref()),
        all,
        None,
        StatusCode::OK,
    )
    .await
}

/// `POST /credit/repairs/:id/decision`: approves or refuses an application. Success goes back
/// to the queue with a notice; a refusal (no reason, decided already) shows the queue again with
/// the problem on the application's row and the reason as typed.
#[handler]
pub async fn decide(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<DecisionForm>,
) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    ctx.check_csrf(&f.csrf)?;
    let id = path_id(&id)?;
    let all = f.all == "1";
    let outcome = match f.decision.as_str() {
        "approve" | "refuse" => {
            ctx.services()
                .decide_repair(&actor, id, f.decision == "approve", &f.reason)
                .await
        }
        _ => {
            let mut errors = vec![FieldError::new("decision", "field.repair.decision")];
            if f.reason.trim().is_empty() {
                errors.push(FieldError::new("reason", "field.reason.required"));
            }
            Err(Error::Validation(errors))
        }
    };
    match outcome {
        Ok(_) => {
            let notice = if f.decision == "approve" {
                "repair-approved"
            } else {
                "repair-refused"
            };
            let back = if all { "&all=1" } else { "" };
            Ok(see_other(&format!("/credit/repairs?notice={notice}{back}")))
        }
        Err(e) => match FieldProblems::from_error(ctx.t, &e, label_of) {
            Some((problems, status)) => {
                let refused = Refused {
                    id,
                    reason: f.reason,
                    problems,
                };
                render(&ctx, None, all, Some(refused), status).await
            }
            None => Err(e.into()),
        },
    }
}
