//! Service, delivery and evaluation on a contracted project's page (`/projects/:id`, section
//! "服务与验收"): the firm submits its result (a file and a note); the owner accepts it or
//! returns it with reasons; after acceptance the owner evaluates the firm and the firm rates the
//! owner; the firm replies to the evaluation once in public, or appeals it to a regulator. The
//! evaluation is public; the delivery itself is shown to its parties (owner, firm, regulators).
//! Also the regulators' queue of appeals (`/credit/appeals`).
//!
//! Every action is a POST from the project page; a refusal shows the page again with the reasons
//! and nothing stored (see [`super::selection::respond_with`]).

use super::selection::acting;
use crate::ctx::{Ctx, see_other};
use crate::errors::PageError;
use crate::forms::{FieldProblems, FormFields, PageForm, PageMultipart};
use crate::i18n_ctx::T;
use crate::layout::{Layout, notice_key};
use crate::pages::catalogue::path_id;
use crate::time::shanghai;
use crate::views::day;
use askama::Template;
use poem::http::StatusCode;
use poem::web::{Path, Query};
use poem::{Response, handler};
use serde::Deserialize;
use uuid::Uuid;
use zjcs_domain::error::{Error, Result as DomainResult};
use zjcs_domain::model::attachment::AttachmentRef;
use zjcs_domain::model::evaluation::AppealStatus;
use zjcs_domain::model::evaluation::{OwnerRatings, Ratings};
use zjcs_domain::model::project::ProjectStatus;
use zjcs_domain::rules::delivery::{DeliveryState, DeliveryStep, Review};
use zjcs_domain::service::delivery::DeliveryView;
use zjcs_domain::service::evaluation::{EvaluationView, OwnerRatingSummary};
use zjcs_domain::service::procurement::projects::ProjectView;
use zjcs_domain::{FieldError, service::Services};

/// One submission of the result, as its parties see it.
pub(crate) struct SubmissionRow {
    pub seq: i32,
    pub href: String,
    pub note: String,
    pub submitted: String,
    pub review: Option<&'static str>,
    pub review_class: &'static str,
    pub review_reason: String,
    pub reviewed: String,
}

/// The delivery, for its parties.
pub(crate) struct DeliveryInfo {
    pub state: &'static str,
    pub signed_on: String,
    pub due_on: String,
    /// The service is running past its due date.
    pub overdue: bool,
    /// The credit event acceptance recorded (`按期完成 +2`).
    pub credit: Option<String>,
    pub submissions: Vec<SubmissionRow>,
}

/// The public evaluation.
pub(crate) struct EvaluationInfo {
    pub ratings: Vec<(&'static str, u32)>,
    pub average: String,
    pub comment: String,
    pub points: String,
    pub voided: bool,
    pub created: String,
    pub reply: Option<String>,
    pub replied: String,
    /// Key of the appeal's state, none without an appeal.
    pub appeal: Option<&'static str>,
    pub appeal_reason: String,
    pub appeal_decision: String,
}

/// Everything the project page shows of service, delivery and evaluation.
#[derive(Default)]
pub(crate) struct DeliveryBlock {
    /// The project is contracted: the section shows.
    pub shown: bool,
    pub action_base: String,
    pub delivery: Option<DeliveryInfo>,
    pub may_submit: bool,
    pub may_review: bool,
    pub evaluation: Option<EvaluationInfo>,
    pub may_evaluate: bool,
    pub may_reply: bool,
    pub may_appeal: bool,
    pub may_rate_owner: bool,
    /// How firms rate this project's owner (empty: no ratings yet).
    pub owner_ratings: String,
}

/// The five ratings of an evaluation, in order, with their labels.
pub(crate) const RATINGS: [(&str, &str); 5] = [
    ("quality", "eval.quality"),
    ("timeliness", "eval.timeliness"),
    ("fees", "eval.fees"),
    ("attitude", "eval.attitude"),
    ("conduct", "eval.conduct"),
];

fn state_key(s: DeliveryState) -> &'static str {
    match s {
        DeliveryState::InService => "delivery.state.in-service",
        DeliveryState::Submitted => "delivery.state.submitted",
        DeliveryState::Returned => "delivery.state.returned",
        DeliveryState::Accepted => "delivery.state.accepted",
    }
}

fn appeal_key(s: AppealStatus) -> Option<&'static str> {
    match s {
        AppealStatus::None => None,
        AppealStatus::Pending => Some("eval.appeal.pending"),
        AppealStatus::Upheld => Some("eval.appeal.upheld"),
        AppealStatus::Dismissed => Some("eval.appeal.dismissed"),
    }
}

/// `4.40` from hundredths.
fn centi(c: u32) -> String {
    format!("{}.{:02}", c / 100, c % 100)
}

fn signed(points: i32) -> String {
    if points > 0 {
        format!("+{points}")
    } else {
        points.to_string()
    }
}

/// The owner's ratings as one line (empty without any).
pub(crate) fn owner_ratings_line(t: T, s: &OwnerRatingSummary) -> String {
    match (s.closing_out_centi, s.payment_centi) {
        (Some(c), Some(p)) if s.ratings > 0 => t.fill_all(
            "eval.owner-ratings.line",
            &[
                ("closing", &centi(c)),
                ("payment", &centi(p)),
                ("n", &s.ratings.to_string()),
            ],
        ),
        _ => String::new(),
    }
}

fn delivery_info(t: T, d: &DeliveryView) -> DeliveryInfo {
    let today = chrono::Utc::now()
        .with_timezone(&zjcs_domain::model::project::china())
        .date_naive();
    DeliveryInfo {
        state: state_key(d.state),
        signed_on: d.signed_on.to_string(),
        due_on: d.due_on.to_string(),
        overdue: d.state != DeliveryState::Accepted && today > d.due_on,
        credit: d.credit_kind.map(|k| {
            format!(
                "{} {}",
                t.get(super::firm_credit::kind_key(k)),
                signed(d.credit_points.unwrap_or(0))
            )
        }),
        submissions: d
            .submissions
            .iter()
            .map(|s| SubmissionRow {
                seq: s.seq,
                href: format!("/documents/{}", s.document_id),
                note: s.note.clone(),
                submitted: shanghai(s.submitted_at),
                review: s.review.map(|r| match r {
                    Review::Accepted => "delivery.review.accepted",
                    Review::Returned => "delivery.review.returned",
                }),
                review_class: if s.review == Some(Review::Accepted) {
                    "ok"
                } else {
                    "warn"
                },
                review_reason: s.review_reason.clone().unwrap_or_default(),
                reviewed: s.reviewed_at.map(shanghai).unwrap_or_default(),
            })
            .collect(),
    }
}

pub(crate) fn evaluation_info(e: &EvaluationView) -> EvaluationInfo {
    let r = e.ratings;
    EvaluationInfo {
        ratings: vec![
            (RATINGS[0].1, r.quality),
            (RATINGS[1].1, r.timeliness),
            (RATINGS[2].1, r.fees),
            (RATINGS[3].1, r.attitude),
            (RATINGS[4].1, r.conduct),
        ],
        average: centi(e.average_centi),
        comment: e.comment.clone(),
        points: signed(e.points),
        voided: e.voided,
        created: day(e.created_at),
        reply: e.reply.clone(),
        replied: e.replied_at.map(day).unwrap_or_default(),
        appeal: appeal_key(e.appeal_status),
        appeal_reason: e.appeal_reason.clone().unwrap_or_default(),
        appeal_decision: e.appeal_decision_reason.clone().unwrap_or_default(),
    }
}

/// A refusal that only means "not for you" or "not yet" (the section stays quiet).
fn absent<V>(r: DomainResult<V>) -> DomainResult<Option<V>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(Error::NotFound | Error::Forbidden) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Builds the section for a viewer.
pub(crate) async fn block(ctx: &Ctx, p: &ProjectView) -> DomainResult<DeliveryBlock> {
    let services: &Services = ctx.services();
    let viewer = ctx.visitor.as_ref().map(|v| v.auth.actor);
    let mut b = DeliveryBlock {
        action_base: format!("/projects/{}", p.id),
        owner_ratings: owner_ratings_line(ctx.t, &p.owner_ratings),
        ..Default::default()
    };
    if p.status != ProjectStatus::Contracted {
        return Ok(b);
    }
    b.shown = true;
    let evaluation = absent(services.evaluation(p.id).await)?;
    let delivery = match &viewer {
        Some(a) => absent(services.delivery(a, p.id).await)?,
        None => None,
    };
    // What the viewer may do is the service's decision (`DeliveryView::allowed`).
    if let Some(d) = &delivery {
        let may = |step| d.allowed.contains(&step);
        b.may_submit = may(DeliveryStep::SubmitResult);
        b.may_review = may(DeliveryStep::ReviewResult);
        b.may_evaluate = may(DeliveryStep::EvaluateFirm);
        b.may_rate_owner = may(DeliveryStep::RateOwner);
        b.may_reply = may(DeliveryStep::ReplyToEvaluation);
        b.may_appeal = may(DeliveryStep::AppealEvaluation);
        b.delivery = Some(delivery_info(ctx.t, d));
    }
    if let Some(e) = &evaluation {
        b.evaluation = Some(evaluation_info(e));
    }
    Ok(b)
}

fn label_of(field: &str) -> &'static str {
    match field {
        "document" | "file" => "delivery.file",
        "note" => "delivery.note",
        "reason" => "delivery.reason",
        "delivery" => "delivery.title",
        "quality" => "eval.quality",
        "timeliness" => "eval.timeliness",
        "fees" => "eval.fees",
        "attitude" => "eval.attitude",
        "conduct" => "eval.conduct",
        "comment" => "eval.comment",
        "reply" => "eval.reply",
        "closing_out" => "eval.owner.closing-out",
        "payment" => "eval.owner.payment",
        _ => "eval.title",
    }
}

async fn respond<V>(
    ctx: &Ctx,
    id: Uuid,
    result: DomainResult<V>,
    notice: &str,
) -> Result<Response, PageError> {
    super::selection::respond_with(ctx, id, result, notice, label_of, "#delivery").await
}

/// A rating field: 1–5, anything else is reported on its field (0 is out of range).
fn rating(f: &FormFields, name: &str) -> u32 {
    f.get(name).trim().parse::<u32>().unwrap_or(0)
}

/// `POST /projects/:id/delivery`: the firm submits its result (file `document`, `note`).
#[handler]
pub async fn submit_delivery(
    ctx: Ctx,
    Path(id): Path<String>,
    mut mp: PageMultipart,
) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    ctx.check_csrf(mp.fields.csrf())?;
    let id = path_id(&id)?;
    let note = mp.fields.string("note");
    let r = match mp.take_upload("document") {
        Some(upload) => {
            ctx.services()
                .submit_delivery(&actor, id, AttachmentRef::New(upload), &note)
                .await
        }
        None => Err(Error::Validation(vec![FieldError::new(
            "document",
            "field.document.unknown",
        )])),
    };
    respond(&ctx, id, r, "delivery-submitted").await
}

/// `POST /projects/:id/delivery/review`: the owner accepts (`outcome=accept`) or returns
/// (`outcome=return`, with a reason) the submitted result.
#[handler]
pub async fn review_delivery(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<FormFields>,
) -> Result<Response, PageError> {
    let (actor, id) = acting(&ctx, &id, f.csrf())?;
    let accept = match f.get("outcome") {
        "accept" => Some(true),
        "return" => Some(false),
        _ => None,
    };
    let r = match accept {
        Some(accept) => {
            ctx.services()
                .review_delivery(&actor, id, accept, f.get("reason"))
                .await
        }
        None => Err(Error::Validation(vec![FieldError::new(
            "delivery",
            "field.delivery.outcome",
        )])),
    };
    let notice = if accept == Some(true) {
        "delivery-accepted"
    } else {
        "delivery-returned"
    };
    respond(&ctx, id, r, notice).await
}

/// `POST /projects/:id/evaluation`: the owner evaluates the firm.
#[handler]
pub async fn evaluate(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<FormFields>,
) -> Result<Response, PageError> {
    let (actor, id) = acting(&ctx, &id, f.csrf())?;
    let ratings = Ratings {
        quality: rating(&f, "quality"),
        timeliness: rating(&f, "timeliness"),
        fees: rating(&f, "fees"),
        attitude: rating(&f, "attitude"),
        conduct: rating(&f, "conduct"),
    };
    let r = ctx
        .services()
        .evaluate_firm(&actor, id, ratings, f.get("comment"))
        .await;
    respond(&ctx, id, r, "evaluated").await
}

/// `POST /projects/:id/evaluation/reply`: the firm's one public reply.
#[handler]
pub async fn reply_to_evaluation(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<FormFields>,
) -> Result<Response, PageError> {
    let (actor, id) = acting(&ctx, &id, f.csrf())?;
    let r = ctx
        .services()
        .reply_to_evaluation(&actor, id, f.get("reply"))
        .await;
    respond(&ctx, id, r, "evaluation-replied").await
}

/// `POST /projects/:id/evaluation/appeal`: the firm appeals the evaluation to a regulator.
#[handler]
pub async fn appeal_evaluation(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<FormFields>,
) -> Result<Response, PageError> {
    let (actor, id) = acting(&ctx, &id, f.csrf())?;
    let r = ctx
        .services()
        .appeal_evaluation(&actor, id, f.get("reason"))
        .await;
    respond(&ctx, id, r, "evaluation-appealed").await
}

/// `POST /projects/:id/owner-rating`: the firm rates the owner.
#[handler]
pub async fn rate_owner(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<FormFields>,
) -> Result<Response, PageError> {
    let (actor, id) = acting(&ctx, &id, f.csrf())?;
    let ratings = OwnerRatings {
        closing_out: rating(&f, "closing_out"),
        payment: rating(&f, "payment"),
    };
    let r = ctx
        .services()
        .rate_owner(&actor, id, ratings, f.get("comment"))
        .await;
    respond(&ctx, id, r, "owner-rated").await
}

/// `GET /documents/:id`: a contract or a delivered result, for the parties that may read it
/// (the service decides); anything else is the 404 page. Always an attachment, never rendered.
#[handler]
pub async fn document(ctx: Ctx, Path(id): Path<String>) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    let (meta, bytes) = ctx.services().read_document(&actor, path_id(&id)?).await?;
    let media_type = meta.kind.media_type();
    Ok(super::files::attachment(media_type, &meta.name, bytes))
}

// ---------------------------------------------------------------------------------------------
// The regulators' queue of appeals.

/// `?notice=…`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AppealsQuery {
    notice: Option<String>,
}

struct AppealRow {
    project_href: String,
    project_id: String,
    project_title: String,
    firm_href: String,
    firm_name: String,
    e: EvaluationInfo,
    /// The reason as typed, when this row's decision was just refused.
    reason: String,
    problems: Option<FieldProblems>,
}

#[derive(Template)]
#[template(path = "credit_appeals.html")]
struct AppealsPage {
    t: T,
    layout: Layout,
    rows: Vec<AppealRow>,
}

struct RefusedDecision {
    project: Uuid,
    reason: String,
    problems: FieldProblems,
}

async fn render_appeals(
    ctx: &Ctx,
    notice: Option<&'static str>,
    refused: Option<RefusedDecision>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    let services = ctx.services();
    let appeals = services.evaluation_appeals(&actor).await?;
    let mut refused = refused;
    let mut rows = Vec::with_capacity(appeals.len());
    for a in appeals {
        let mine = refused.take_if(|r| r.project == a.project_id);
        rows.push(AppealRow {
            project_href: format!("/projects/{}#delivery", a.project_id),
            project_id: a.project_id.to_string(),
            project_title: a.project_title.clone(),
            firm_href: format!("/firms/{}#credit", a.firm_id),
            firm_name: a.firm_name.clone(),
            e: evaluation_info(&a),
            reason: mine.as_ref().map(|m| m.reason.clone()).unwrap_or_default(),
            problems: mine.map(|m| m.problems.anchored("decision-")),
        });
    }
    let page = AppealsPage {
        t: ctx.t,
        layout: ctx.layout(notice),
        rows,
    };
    Ok(ctx.render(&page, status))
}

/// `GET /credit/appeals`: pending appeals against evaluations, oldest first (regulators).
#[handler]
pub async fn appeal_queue(ctx: Ctx, Query(q): Query<AppealsQuery>) -> Result<Response, PageError> {
    render_appeals(&ctx, notice_key(q.notice.as_deref()), None, StatusCode::OK).await
}

/// `POST /credit/appeals/:project/decision`: a regulator upholds (`decision=uphold`: the
/// evaluation's credit event is voided) or dismisses the appeal, with a reason.
#[handler]
pub async fn decide_appeal(
    ctx: Ctx,
    Path(project): Path<String>,
    PageForm(f): PageForm<FormFields>,
) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    ctx.check_csrf(f.csrf())?;
    let project = path_id(&project)?;
    let decision = f.get("decision");
    let r = match decision {
        "uphold" | "dismiss" => {
            ctx.services()
                .decide_evaluation_appeal(&actor, project, decision == "uphold", f.get("reason"))
                .await
        }
        _ => {
            let mut errors = vec![FieldError::new("decision", "field.repair.decision")];
            if f.get("reason").trim().is_empty() {
                errors.push(FieldError::new("reason", "field.reason.required"));
            }
            Err(Error::Validation(errors))
        }
    };
    match r {
        Ok(_) => {
            let notice = if decision == "uphold" {
                "appeal-upheld"
            } else {
                "appeal-dismissed"
            };
            Ok(see_other(&format!("/credit/appeals?notice={notice}")))
        }
        Err(e) => match FieldProblems::from_error(ctx.t, &e, appeal_label_of) {
            Some((problems, status)) => {
                let refused = RefusedDecision {
                    project,
                    reason: f.string("reason"),
                    problems,
                };
                render_appeals(&ctx, None, Some(refused), status).await
            }
            None => Err(e.into()),
        },
    }
}

fn appeal_label_of(field: &str) -> &'static str {
    match field {
        "reason" => "credit.repairs.reason",
        "decision" => "credit.repairs.decision",
        _ => "eval.appeals.title",
    }
}
