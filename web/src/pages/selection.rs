//! The selection on a project's page (`/projects/:id`): a firm registers and bids, replaces or
//! withdraws; after the deadline everybody reads the opened bids, checks the draw and the award;
//! the owner decides where the method leaves it to them; registrants object and the owner or a
//! regulator answers; the owner records the contract or the winner's refusal. Also the firm's
//! list of its registrations (`/firm/registrations`).
//!
//! Every action is a POST from the project page; a refusal shows the page again with the reasons.

use crate::ctx::{Ctx, see_other};
use crate::errors::PageError;
use crate::forms::{FieldProblems, FormFields, PageForm, PageMultipart};
use crate::i18n_ctx::T;
use crate::layout::Layout;
use crate::money::{parse_yuan, yuan};
use crate::pages::catalogue::path_id;
use crate::time::shanghai;
use askama::Template;
use poem::http::StatusCode;
use poem::web::Path;
use poem::{Response, handler};
use uuid::Uuid;
use zjcs_domain::FieldError;
use zjcs_domain::error::Error;
use zjcs_domain::error::Result as DomainResult;
use zjcs_domain::model::Role;
use zjcs_domain::model::attachment::AttachmentRef;
use zjcs_domain::model::project::{AwardStatus, ObjectionStatus, RegistrationStatus};
use zjcs_domain::model::project::{BidDecision, FailedReason, MethodKind, ProjectStatus};
use zjcs_domain::rules::procedure::BidInput;
use zjcs_domain::rules::procedure::SelectionStep;
use zjcs_domain::service::procurement::projects::ProjectView;
use zjcs_domain::service::procurement::{ContractInput, NextStep, RegistrationView, SelectionView};

/// The viewer's own bid.
pub(crate) struct MyBid {
    pub status: &'static str,
    pub active: bool,
    pub price: Option<String>,
    pub plan_href: Option<String>,
    pub receipt: String,
    pub nonce: String,
}

/// An opened bid.
pub(crate) struct BidRow {
    pub firm_name: String,
    pub firm_href: String,
    pub rank: String,
    pub price: String,
    pub credit: String,
    pub plan_href: Option<String>,
    pub plan_score: String,
    pub total: String,
    pub abnormal: bool,
    pub decision: Option<&'static str>,
    pub decision_reason: String,
    pub receipt: String,
    pub nonce: String,
}

pub(crate) struct AwardRow {
    pub firm_name: String,
    pub firm_href: String,
    pub price: String,
    pub service_days: i32,
    pub reason: String,
    pub status: &'static str,
    pub current: bool,
    pub notice_until: String,
    pub contract_due: String,
    pub contract: Option<String>,
    pub refusal: Option<String>,
}

pub(crate) struct ObjectionRow {
    pub firm_name: String,
    pub text: String,
    pub status: &'static str,
    pub answer: Option<String>,
    pub created: String,
    /// Set when the viewer may answer it.
    pub answer_action: Option<String>,
}

pub(crate) struct Pick {
    pub value: String,
    pub label: String,
}

pub(crate) struct ScoreRow {
    pub field: String,
    pub label: String,
    pub plan_href: Option<String>,
}

/// Everything the project page shows of registration and selection.
#[derive(Default)]
pub(crate) struct SelectionBlock {
    pub action_base: String,
    // A firm's side while registration is open.
    pub is_firm: bool,
    pub open: bool,
    pub may_register: bool,
    pub mine: Option<MyBid>,
    pub needs_price: bool,
    pub needs_plan: bool,
    // After the opening.
    pub closed: bool,
    pub closed_at: String,
    pub failed: Option<&'static str>,
    pub bids: Vec<BidRow>,
    pub draw_ok: Option<bool>,
    pub draw_seed: String,
    pub draw_list_hash: String,
    pub awards: Vec<AwardRow>,
    pub objections: Vec<ObjectionRow>,
    pub may_object: bool,
    // The owner's decisions.
    pub picks: Vec<Pick>,
    pub confirm_low: Option<Pick>,
    pub scores: Vec<ScoreRow>,
    pub may_contract: bool,
    pub today: String,
    pub may_republish: bool,
}

fn decision_key(d: BidDecision) -> &'static str {
    match d {
        BidDecision::ExcludedObjection => "sel.decision.excluded-objection",
        BidDecision::ExcludedComplaint => "sel.decision.excluded-complaint",
        BidDecision::ExcludedRefusal => "sel.decision.excluded-refusal",
        BidDecision::ExcludedIneligible => "sel.decision.excluded-ineligible",
        BidDecision::RejectedLow => "sel.decision.rejected-low",
        BidDecision::AcceptedLow => "sel.decision.accepted-low",
    }
}

fn award_status_key(s: AwardStatus) -> &'static str {
    match s {
        AwardStatus::Notice => "sel.award.notice",
        AwardStatus::Contracted => "sel.award.contracted",
        AwardStatus::Refused => "sel.award.refused",
        AwardStatus::Overturned => "sel.award.overturned",
    }
}

fn objection_status_key(s: ObjectionStatus) -> &'static str {
    match s {
        ObjectionStatus::Open => "sel.objection.open",
        ObjectionStatus::Upheld => "objection.upheld",
        ObjectionStatus::Dismissed => "objection.dismissed",
    }
}

fn registration_status_key(s: RegistrationStatus) -> &'static str {
    match s {
        RegistrationStatus::Active => "sel.registration.active",
        RegistrationStatus::Withdrawn => "sel.registration.withdrawn",
        RegistrationStatus::Invalidated => "sel.registration.invalidated",
    }
}

/// Builds the block for a viewer.
pub(crate) async fn block(ctx: &Ctx, p: &ProjectView) -> DomainResult<SelectionBlock> {
    let viewer = ctx.visitor.as_ref().map(|v| v.auth.actor);
    let services = ctx.services();
    let role = viewer.map(|a| a.role);
    let own = viewer.is_some_and(|a| a.account_id == p.owner_account_id);
    let is_firm = role == Some(Role::Intermediary);
    let v: SelectionView = services.selection_for(viewer.as_ref(), p).await?;
    // What the viewer may do is the service's decision (`SelectionView::allowed`).
    let may = |step| v.allowed.contains(&step);
    let mine: Option<&RegistrationView> = v.mine.as_ref();
    let mut b = SelectionBlock {
        action_base: format!("/projects/{}", p.id),
        is_firm,
        open: p.status == ProjectStatus::Published && p.registration_deadline > chrono::Utc::now(),
        needs_price: v.asks_price,
        needs_plan: v.asks_plan,
        closed: v.closed_at.is_some(),
        closed_at: v.closed_at.map(shanghai).unwrap_or_default(),
        failed: v.failed_reason.map(|r| match r {
            FailedReason::TooFewRegistrants => "sel.failed.too-few",
            FailedReason::NoneLeft => "sel.failed.none-left",
        }),
        today: chrono::Utc::now()
            .with_timezone(&zjcs_domain::model::project::china())
            .format("%Y-%m-%d")
            .to_string(),
        may_republish: may(SelectionStep::Republish),
        ..Default::default()
    };
    b.mine = mine.map(|r| MyBid {
        status: registration_status_key(r.status),
        active: r.status == RegistrationStatus::Active,
        price: r.price_fen.map(yuan),
        plan_href: r.plan_file.map(|f| format!("/files/{f}")),
        receipt: r.receipt.clone(),
        nonce: r.nonce.clone(),
    });
    b.may_register = may(SelectionStep::Register);
    if !b.closed {
        return Ok(b);
    }
    if let Ok(d) = services.project_draw(p.id).await {
        b.draw_ok = Some(d.verify().is_ok_and(|v| v.ok()));
        b.draw_seed = d.seed;
        b.draw_list_hash = d.list_hash;
    }
    let name_of = |id: &Uuid| {
        v.bids
            .iter()
            .find(|x| x.firm_id == *id)
            .map(|x| x.firm_name.clone())
            .unwrap_or_default()
    };
    let plan_files = match (&viewer, p.method == MethodKind::Comprehensive) {
        (Some(a), true) => services.plan_files(a, p.id).await?,
        _ => Vec::new(),
    };
    let plan_of = |id: &Uuid| {
        plan_files
            .iter()
            .find(|(f, _)| f == id)
            .map(|(_, file)| format!("/files/{file}"))
    };
    b.bids = v
        .bids
        .iter()
        .map(|x| {
            let line = v.ranking.iter().find(|r| r.firm_id == x.firm_id);
            BidRow {
                firm_name: x.firm_name.clone(),
                firm_href: format!("/firms/{}", x.firm_id),
                rank: x.draw_rank.map(|r| (r + 1).to_string()).unwrap_or_default(),
                price: x.price_fen.map(yuan).unwrap_or_default(),
                credit: x.credit_score.map(|c| c.to_string()).unwrap_or_default(),
                plan_href: plan_of(&x.firm_id),
                plan_score: x.plan_score.map(|s| s.to_string()).unwrap_or_default(),
                total: line
                    .and_then(|l| l.total_centi)
                    .map(|c| format!("{}.{:02}", c / 100, c % 100))
                    .unwrap_or_default(),
                abnormal: line.is_some_and(|l| l.abnormally_low),
                decision: x.decision.map(decision_key),
                decision_reason: x.decision_reason.clone().unwrap_or_default(),
                receipt: x.receipt.clone(),
                nonce: x.nonce.clone(),
            }
        })
        .collect();
    let last = v.awards.len().saturating_sub(1);
    b.awards = v
        .awards
        .iter()
        .enumerate()
        .map(|(i, a)| AwardRow {
            firm_name: a.firm_name.clone(),
            firm_href: format!("/firms/{}", a.firm_id),
            price: yuan(a.price_fen),
            service_days: a.service_days,
            reason: if a.reason.starts_with("method:") {
                ctx.t.get("sel.award.by-method").to_owned()
            } else {
                a.reason.clone()
            },
            status: award_status_key(a.status),
            current: i == last,
            notice_until: shanghai(a.notice_until),
            contract_due: shanghai(a.contract_due),
            contract: a.contract_signed_on.map(|d| {
                format!(
                    "{} · {} · {}",
                    d,
                    a.contract_price_fen.map(yuan).unwrap_or_default(),
                    ctx.t
                        .fill("project.days", "n", a.contract_service_days.unwrap_or(0))
                )
            }),
            refusal: a.refusal_reason.clone(),
        })
        .collect();
    let may_answer = may(SelectionStep::AnswerObjection);
    b.objections = v
        .objections
        .iter()
        .map(|o| ObjectionRow {
            firm_name: o.firm_name.clone(),
            text: o.text.clone(),
            status: objection_status_key(o.status),
            answer: o.answer.clone(),
            created: shanghai(o.created_at),
            answer_action: (may_answer && o.status == ObjectionStatus::Open)
                .then(|| format!("/projects/{}/objections/{}/answer", p.id, o.id)),
        })
        .collect();
    b.may_object = may(SelectionStep::Object);
    b.may_contract = may(SelectionStep::RecordContract);
    if own {
        match &v.next {
            NextStep::OwnerPicks { choices } => {
                b.picks = choices
                    .iter()
                    .map(|c| Pick {
                        value: c.to_string(),
                        label: name_of(c),
                    })
                    .collect()
            }
            NextStep::ConfirmLow { firm } => {
                b.confirm_low = Some(Pick {
                    value: firm.to_string(),
                    label: name_of(firm),
                })
            }
            NextStep::ScorePlans { firms } => {
                b.scores = firms
                    .iter()
                    .map(|f| ScoreRow {
                        field: format!("score_{f}"),
                        label: name_of(f),
                        plan_href: plan_of(f),
                    })
                    .collect()
            }
            _ => {}
        }
    }
    Ok(b)
}

/// The logged-in actor of a form post, its CSRF token checked, and the project it is about.
pub(crate) fn acting(
    ctx: &Ctx,
    id: &str,
    csrf: &str,
) -> Result<(zjcs_domain::model::Actor, Uuid), PageError> {
    let actor = ctx.require_login()?.auth.actor;
    ctx.check_csrf(csrf)?;
    Ok((actor, path_id(id)?))
}

/// Runs an action; on success goes back to the project page with a notice, on a refusal that
/// names reasons shows the page again with them.
async fn respond<V>(
    ctx: &Ctx,
    id: Uuid,
    result: DomainResult<V>,
    notice: &str,
) -> Result<Response, PageError> {
    respond_with(ctx, id, result, notice, label_of, "").await
}

/// [`respond`] with the labels of another section's forms, going back to that section
/// (`fragment`, e.g. `#delivery`; empty: the top of the page).
pub(crate) async fn respond_with<V>(
    ctx: &Ctx,
    id: Uuid,
    result: DomainResult<V>,
    notice: &str,
    label_of: fn(&str) -> &'static str,
    fragment: &str,
) -> Result<Response, PageError> {
    match result {
        Ok(_) => Ok(see_other(&format!(
            "/projects/{id}?notice={notice}{fragment}"
        ))),
        Err(e) => match FieldProblems::from_error(ctx.t, &e, label_of) {
            Some((problems, status)) => {
                super::projects::render_project(ctx, id, None, problems, status).await
            }
            None => Err(e.into()),
        },
    }
}

fn label_of(field: &str) -> &'static str {
    match field {
        "registration" => "sel.registration",
        "price_fen" | "price" => "sel.price",
        "plan_file" => "sel.plan",
        "reason" => "sel.reason",
        "firm" => "sel.firm",
        "scores" => "sel.scores",
        "text" => "sel.objection-text",
        "answer" => "sel.answer",
        "signed_on" => "sel.contract.signed-on",
        "price_fen_contract" => "sel.contract.price",
        "service_days" => "owner.service-days",
        "terms" => "sel.contract.terms",
        "document" | "file" => "sel.contract.document",
        "status" => "project.status",
        "firm_profile" => "sel.registration",
        _ => "sel.registration",
    }
}

fn form_error(field: &'static str, code: &'static str) -> Error {
    Error::Validation(vec![FieldError::new(field, code)])
}

/// A price typed in yuan (empty: none).
fn price_field(raw: &str) -> Result<Option<i64>, Error> {
    parse_yuan(raw).map_err(|_| form_error("price_fen", "field.money.invalid"))
}

/// Registers, or replaces the bid (`replace` set), with the plan as an uploaded file.
#[handler]
pub async fn register(
    ctx: Ctx,
    Path(id): Path<String>,
    mut mp: PageMultipart,
) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    ctx.check_csrf(mp.fields.csrf())?;
    let id = path_id(&id)?;
    let replace = mp.fields.checked("replace");
    let plan = mp.take_upload("plan");
    let services = ctx.services();
    let result = async {
        let bid = BidInput {
            price_fen: price_field(mp.fields.get("price"))?,
            plan_file: plan.map(AttachmentRef::New),
        };
        if replace {
            services.replace_bid(&actor, id, &bid).await
        } else {
            services.register_for_project(&actor, id, &bid).await
        }
    }
    .await;
    let notice = if replace {
        "bid-replaced"
    } else {
        "registered-bid"
    };
    respond(&ctx, id, result, notice).await
}

/// Withdraws the firm's registration.
#[handler]
pub async fn withdraw(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<FormFields>,
) -> Result<Response, PageError> {
    let (actor, id) = acting(&ctx, &id, f.csrf())?;
    let r = ctx.services().withdraw_registration(&actor, id).await;
    respond(&ctx, id, r, "withdrawn").await
}

fn firm_field(f: &FormFields) -> Result<Uuid, Error> {
    Uuid::parse_str(f.get("firm").trim()).map_err(|_| form_error("firm", "field.selection.choose"))
}

/// The owner awards a firm (a pick, or accepting an abnormally low bid).
#[handler]
pub async fn award(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<FormFields>,
) -> Result<Response, PageError> {
    let (actor, id) = acting(&ctx, &id, f.csrf())?;
    let r = match firm_field(&f) {
        Ok(firm) => {
            ctx.services()
                .award(&actor, id, firm, f.get("reason"))
                .await
        }
        Err(e) => Err(e),
    };
    respond(&ctx, id, r, "awarded").await
}

/// The owner rejects an abnormally low bid.
#[handler]
pub async fn reject(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<FormFields>,
) -> Result<Response, PageError> {
    let (actor, id) = acting(&ctx, &id, f.csrf())?;
    let r = match firm_field(&f) {
        Ok(firm) => {
            ctx.services()
                .reject_low_bid(&actor, id, firm, f.get("reason"))
                .await
        }
        Err(e) => Err(e),
    };
    respond(&ctx, id, r, "bid-rejected").await
}

/// The owner scores the plans: fields `score_<firm id>`.
#[handler]
pub async fn scores(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    let csrf = f
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    ctx.check_csrf(csrf)?;
    let id = path_id(&id)?;
    let mut scores = Vec::new();
    let mut bad = false;
    for (k, v) in &f {
        if let Some(firm) = k.strip_prefix("score_") {
            match (Uuid::parse_str(firm), v.trim().parse::<i64>()) {
                (Ok(firm), Ok(s)) => scores.push((firm, s)),
                _ => bad = true,
            }
        }
    }
    let r = if bad {
        Err(form_error("scores", "field.selection.score-range"))
    } else {
        ctx.services().score_plans(&actor, id, &scores).await
    };
    respond(&ctx, id, r, "plans-scored").await
}

/// A registrant objects to the award.
#[handler]
pub async fn object(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<FormFields>,
) -> Result<Response, PageError> {
    let (actor, id) = acting(&ctx, &id, f.csrf())?;
    let r = ctx
        .services()
        .object_to_award(&actor, id, f.get("text"))
        .await;
    respond(&ctx, id, r, "objection-raised").await
}

/// The owner or a regulator answers an objection.
#[handler]
pub async fn answer(
    ctx: Ctx,
    Path((id, objection)): Path<(String, String)>,
    PageForm(f): PageForm<FormFields>,
) -> Result<Response, PageError> {
    let (actor, id) = acting(&ctx, &id, f.csrf())?;
    let objection = path_id(&objection)?;
    let r = match f.get("outcome") {
        o @ ("upheld" | "dismissed") => {
            ctx.services()
                .answer_objection(&actor, id, objection, o == "upheld", f.get("answer"))
                .await
        }
        _ => Err(form_error("answer", "field.selection.outcome")),
    };
    respond(&ctx, id, r, "objection-answered").await
}

/// The owner records the signed contract (with the document).
#[handler]
pub async fn contract(
    ctx: Ctx,
    Path(id): Path<String>,
    mut mp: PageMultipart,
) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    ctx.check_csrf(mp.fields.csrf())?;
    let id = path_id(&id)?;
    let document = mp.take_upload("document");
    let services = ctx.services();
    let f = &mp.fields;
    let result = async {
        let price_fen = parse_yuan(f.get("price"))
            .map_err(|_| form_error("price_fen", "field.money.invalid"))?
            .unwrap_or(0);
        let service_days = f.get("service_days").trim().parse::<u32>().unwrap_or(0);
        let input = ContractInput {
            signed_on: f.string("signed_on"),
            price_fen,
            service_days,
            terms: f.string("terms"),
            // Stored in the contract's own transaction: a refused form leaves nothing behind.
            document: document.map(AttachmentRef::New),
        };
        services.record_contract(&actor, id, &input).await
    }
    .await;
    respond(&ctx, id, result, "contract-recorded").await
}

/// The owner records the winner's refusal to sign.
#[handler]
pub async fn refusal(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<FormFields>,
) -> Result<Response, PageError> {
    let (actor, id) = acting(&ctx, &id, f.csrf())?;
    let r = ctx
        .services()
        .record_refusal(&actor, id, f.get("reason"))
        .await;
    respond(&ctx, id, r, "refusal-recorded").await
}

/// The owner takes a failed project back to draft.
#[handler]
pub async fn republish(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<FormFields>,
) -> Result<Response, PageError> {
    let (actor, id) = acting(&ctx, &id, f.csrf())?;
    let r = ctx.services().republish(&actor, id).await;
    match r {
        Ok(()) => Ok(see_other(&format!(
            "/owner/projects/{id}/edit?notice=reopened"
        ))),
        Err(e) => respond::<()>(&ctx, id, Err(e), "").await,
    }
}

struct RegistrationRow {
    href: String,
    title: String,
    project_status: &'static str,
    status: &'static str,
    price: String,
    deadline: String,
    receipt: String,
}

#[derive(Template)]
#[template(path = "firm_registrations.html")]
struct RegistrationsPage {
    t: T,
    layout: Layout,
    rows: Vec<RegistrationRow>,
}

/// The firm's registrations with their receipts.
#[handler]
pub async fn my_registrations(ctx: Ctx) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    let list = ctx.services().my_registrations(&actor).await?;
    let page = RegistrationsPage {
        t: ctx.t,
        layout: ctx.layout(None),
        rows: list
            .into_iter()
            .map(|r| RegistrationRow {
                href: format!("/projects/{}", r.project_id),
                title: r.project_title,
                project_status: super::projects::status_key(r.project_status),
                status: registration_status_key(r.status),
                price: r.price_fen.map(yuan).unwrap_or_default(),
                deadline: shanghai(r.registration_deadline),
                receipt: r.receipt,
            })
            .collect(),
    };
    Ok(ctx.render(&page, StatusCode::OK))
}
