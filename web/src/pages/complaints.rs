//! Complaints on the pages (投诉): the complaint form (`/complaints/new`, for everybody: an
//! account's complaint carries its name, an anonymous one needs a name and a contact), a case's
//! page for its parties and regulators (`/complaints/:id`: status, limits, evidence; regulators
//! take their steps there), the regulators' queue (`/complaints`) and the published outcomes
//! (`/complaints/outcomes`).

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
use zjcs_domain::rules::complaint::{ComplaintAction, ComplaintInput, ComplaintState, SubjectKind};
use zjcs_domain::service::complaints::ComplaintView;

/// `?subject=…&id=…` (the form, pre-filled from a project or firm page), `?notice=…`,
/// `?all=1` (the queue: every case).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ComplaintQuery {
    subject: String,
    id: String,
    notice: Option<String>,
    all: Option<String>,
}

/// A subject choice on the form.
struct SubjectChoice {
    value: &'static str,
    label: &'static str,
    selected: bool,
}

#[derive(Template)]
#[template(path = "complaint_new.html")]
struct NewPage {
    t: T,
    layout: Layout,
    anonymous: bool,
    subjects: Vec<SubjectChoice>,
    subject_id: String,
    facts: String,
    rule: String,
    contact_name: String,
    contact: String,
    problems: FieldProblems,
}

#[derive(Template)]
#[template(path = "complaint_filed.html")]
struct FiledPage {
    t: T,
    layout: Layout,
    reference: String,
    accept_due: String,
}

/// A case as a page shows it.
pub(crate) struct CaseView {
    id: String,
    href: String,
    subject: &'static str,
    about: String,
    about_href: Option<String>,
    rule: String,
    status: &'static str,
    status_class: &'static str,
    accept_due: String,
    decide_due: String,
    overdue: bool,
    reason: String,
    points: Option<i32>,
    overturned: bool,
    filed: String,
    decided: String,
    facts: String,
    contact: String,
    evidence: Vec<(String, String, String)>,
}

fn subject_key(s: SubjectKind) -> &'static str {
    match s {
        SubjectKind::Project => "complaint.subject.project",
        SubjectKind::Award => "complaint.subject.award",
        SubjectKind::Firm => "complaint.subject.firm",
        SubjectKind::Owner => "complaint.subject.owner",
    }
}

fn status_key(s: ComplaintState) -> (&'static str, &'static str) {
    match s {
        ComplaintState::Submitted => ("complaint.status.submitted", ""),
        ComplaintState::Accepted => ("complaint.status.accepted", "warn"),
        ComplaintState::Investigating => ("complaint.status.investigating", "warn"),
        ComplaintState::Rejected => ("complaint.status.rejected", ""),
        ComplaintState::Upheld => ("complaint.status.upheld", "bad"),
        ComplaintState::Dismissed => ("complaint.status.dismissed", "ok"),
    }
}

fn case_view(v: &ComplaintView) -> CaseView {
    let (status, status_class) = status_key(v.status);
    let (about, about_href) = match (&v.firm_name, &v.project_title, &v.owner_name) {
        (_, Some(title), _) if matches!(v.subject, SubjectKind::Project | SubjectKind::Award) => (
            match &v.firm_name {
                Some(f) if v.subject == SubjectKind::Award => format!("{title} · {f}"),
                _ => title.clone(),
            },
            v.project_id.map(|p| format!("/projects/{p}")),
        ),
        (Some(f), _, _) => (f.clone(), v.firm_id.map(|f| format!("/firms/{f}"))),
        (_, _, Some(o)) => (o.clone(), None),
        _ => (v.subject_id.to_string(), None),
    };
    CaseView {
        id: v.id.to_string(),
        href: format!("/complaints/{}", v.id),
        subject: subject_key(v.subject),
        about,
        about_href,
        rule: v.rule.clone(),
        status,
        status_class,
        accept_due: v.accept_due.to_string(),
        decide_due: v.decide_due.map(day).unwrap_or_default(),
        overdue: v.overdue,
        reason: v.reason.clone().unwrap_or_default(),
        points: v.points,
        overturned: v.overturned,
        filed: shanghai(v.created_at),
        decided: v.decided_at.map(shanghai).unwrap_or_default(),
        facts: v.facts.clone().unwrap_or_default(),
        contact: match (&v.contact_name, &v.contact) {
            (Some(n), Some(c)) if !n.is_empty() || !c.is_empty() => format!("{n} {c}"),
            _ => String::new(),
        },
        evidence: v
            .evidence
            .iter()
            .map(|e| {
                (
                    format!("/documents/{}", e.document_id),
                    e.note.clone(),
                    shanghai(e.added_at),
                )
            })
            .collect(),
    }
}

fn label_of(field: &str) -> &'static str {
    match field {
        "subject" => "complaint.subject",
        "subject_id" => "complaint.subject-id",
        "facts" => "complaint.facts",
        "rule" => "complaint.rule",
        "contact_name" => "complaint.contact-name",
        "contact" => "complaint.contact",
        "evidence" => "complaint.evidence",
        "reason" => "complaint.reason",
        "points" => "complaint.points",
        "note" => "complaint.note",
        _ => "complaint.title",
    }
}

fn new_page(ctx: &Ctx, input: &ComplaintInput, problems: FieldProblems) -> NewPage {
    NewPage {
        t: ctx.t,
        layout: ctx.layout(None),
        anonymous: ctx.visitor.is_none(),
        subjects: SubjectKind::ALL
            .into_iter()
            .map(|k| SubjectChoice {
                value: k.as_str(),
                label: subject_key(k),
                selected: input.subject == k.as_str(),
            })
            .collect(),
        subject_id: input.subject_id.clone(),
        facts: input.facts.clone(),
        rule: input.rule.clone(),
        contact_name: input.contact_name.clone(),
        contact: input.contact.clone(),
        problems,
    }
}

/// `GET /complaints/new`: the form, pre-filled with `?subject=&id=`.
#[handler]
pub async fn new_form(ctx: Ctx, Query(q): Query<ComplaintQuery>) -> Result<Response, PageError> {
    let input = ComplaintInput {
        subject: q.subject,
        subject_id: q.id,
        ..Default::default()
    };
    let page = new_page(&ctx, &input, FieldProblems::default());
    Ok(ctx.render(&page, StatusCode::OK))
}

/// `POST /complaints/new` (multipart: the fields and, with an account, an evidence file).
#[handler]
pub async fn file(ctx: Ctx, mut mp: PageMultipart) -> Result<Response, PageError> {
    ctx.check_csrf(mp.fields.csrf())?;
    let actor = ctx.visitor.as_ref().map(|v| v.auth.actor);
    let files: Vec<AttachmentRef> = mp
        .take_upload("evidence")
        .map(AttachmentRef::New)
        .into_iter()
        .collect();
    let f = &mp.fields;
    let input = ComplaintInput {
        subject: f.string("subject"),
        subject_id: f.string("subject_id"),
        facts: f.string("facts"),
        rule: f.string("rule"),
        contact_name: f.string("contact_name"),
        contact: f.string("contact"),
    };
    let r = ctx
        .services()
        .file_complaint(actor.as_ref(), &input, files)
        .await;
    match r {
        Ok(v) if actor.is_some() => Ok(see_other(&format!(
            "/complaints/{}?notice=complaint-filed",
            v.id
        ))),
        Ok(v) => {
            let page = FiledPage {
                t: ctx.t,
                layout: ctx.layout(Some("complaint.notice.filed")),
                reference: v.id.to_string(),
                accept_due: v.accept_due.to_string(),
            };
            Ok(ctx.render(&page, StatusCode::CREATED))
        }
        Err(e) => match FieldProblems::from_error(ctx.t, &e, label_of) {
            Some((problems, status)) => {
                let page = new_page(&ctx, &input, problems);
                Ok(ctx.render(&page, status))
            }
            None => Err(e.into()),
        },
    }
}

#[derive(Template)]
#[template(path = "complaint.html")]
struct CasePage {
    t: T,
    layout: Layout,
    c: CaseView,
    may_accept: bool,
    may_investigate: bool,
    may_decide: bool,
    may_add_evidence: bool,
    reason: String,
    problems: FieldProblems,
}

async fn render_case(
    ctx: &Ctx,
    id: Uuid,
    notice: Option<&'static str>,
    reason: String,
    problems: FieldProblems,
    status: StatusCode,
) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    let v = ctx.services().complaint(&actor, id).await?;
    // What the viewer may do is the service's decision (`ComplaintView::allowed`).
    let allows = |a| v.allowed.contains(&a);
    let page = CasePage {
        t: ctx.t,
        layout: ctx.layout(notice),
        may_accept: allows(ComplaintAction::Accept),
        may_investigate: allows(ComplaintAction::Investigate),
        may_decide: allows(ComplaintAction::Uphold),
        may_add_evidence: allows(ComplaintAction::AddEvidence),
        c: case_view(&v),
        reason,
        problems,
    };
    Ok(ctx.render(&page, status))
}

/// `GET /complaints/:id`: a case, for its complainant, its respondents and regulators.
#[handler]
pub async fn show(
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<ComplaintQuery>,
) -> Result<Response, PageError> {
    let id = path_id(&id)?;
    render_case(
        &ctx,
        id,
        notice_key(q.notice.as_deref()),
        String::new(),
        FieldProblems::default(),
        StatusCode::OK,
    )
    .await
}

async fn respond<V>(
    ctx: &Ctx,
    id: Uuid,
    r: DomainResult<V>,
    notice: &str,
    reason: String,
) -> Result<Response, PageError> {
    match r {
        Ok(_) => Ok(see_other(&format!("/complaints/{id}?notice={notice}"))),
        Err(e) => match FieldProblems::from_error(ctx.t, &e, label_of) {
            Some((problems, status)) => render_case(ctx, id, None, reason, problems, status).await,
            None => Err(e.into()),
        },
    }
}

/// `POST /complaints/:id/steps`: a regulator's step (`step` = accept, reject, investigate,
/// uphold, dismiss), with `reason` and, to uphold, `points`.
#[handler]
pub async fn step(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<FormFields>,
) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    ctx.check_csrf(f.csrf())?;
    let id = path_id(&id)?;
    let action = match f.get("step") {
        "accept" => Some(ComplaintAction::Accept),
        "reject" => Some(ComplaintAction::Reject),
        "investigate" => Some(ComplaintAction::Investigate),
        "uphold" => Some(ComplaintAction::Uphold),
        "dismiss" => Some(ComplaintAction::Dismiss),
        _ => None,
    };
    let points = match f.get("points").trim() {
        "" => Ok(None),
        p => p
            .replace('−', "-")
            .parse::<i32>()
            .map(Some)
            .map_err(|_| Error::validation("points", "field.credit-points.complaint-range")),
    };
    let r = match (action, points) {
        (None, _) => Err(Error::validation("step", "field.complaint.step")),
        (_, Err(e)) => Err(e),
        (Some(a), Ok(points)) => {
            ctx.services()
                .handle_complaint(&actor, id, a, f.get("reason"), points)
                .await
        }
    };
    let notice = format!("complaint-{}", f.get("step"));
    respond(&ctx, id, r, &notice, f.string("reason")).await
}

/// `POST /complaints/:id/evidence` (multipart: `evidence` file, `note`): a party adds evidence.
#[handler]
pub async fn evidence(
    ctx: Ctx,
    Path(id): Path<String>,
    mut mp: PageMultipart,
) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    ctx.check_csrf(mp.fields.csrf())?;
    let id = path_id(&id)?;
    let note = mp.fields.string("note");
    let r = match mp.take_upload("evidence") {
        Some(upload) => {
            ctx.services()
                .add_complaint_evidence(&actor, id, AttachmentRef::New(upload), &note)
                .await
        }
        None => Err(Error::validation("evidence", "field.document.unknown")),
    };
    respond(&ctx, id, r, "complaint-evidence", String::new()).await
}

#[derive(Template)]
#[template(path = "complaints.html")]
struct QueuePage {
    t: T,
    layout: Layout,
    all: bool,
    rows: Vec<CaseView>,
}

/// `GET /complaints`: the regulators' queue (open cases oldest first; `?all=1` every case).
#[handler]
pub async fn queue(ctx: Ctx, Query(q): Query<ComplaintQuery>) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    let all = q.all.as_deref() == Some("1");
    let rows = ctx.services().complaint_queue(&actor, all).await?;
    let page = QueuePage {
        t: ctx.t,
        layout: ctx.layout(notice_key(q.notice.as_deref())),
        all,
        rows: rows.iter().map(case_view).collect(),
    };
    Ok(ctx.render(&page, StatusCode::OK))
}

#[derive(Template)]
#[template(path = "complaint_outcomes.html")]
struct OutcomesPage {
    t: T,
    layout: Layout,
    rows: Vec<CaseView>,
}

/// `GET /complaints/outcomes`: the published outcomes, for everybody.
#[handler]
pub async fn outcomes(ctx: Ctx) -> Result<Response, PageError> {
    let rows = ctx.services().complaint_outcomes(100).await?;
    let page = OutcomesPage {
        t: ctx.t,
        layout: ctx.layout(None),
        rows: rows.iter().map(case_view).collect(),
    };
    Ok(ctx.render(&page, StatusCode::OK))
}
