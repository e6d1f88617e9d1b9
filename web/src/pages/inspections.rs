//! Random inspections (双随机、一公开) on the pages: `GET /inspections`, every round (public),
//! with the form that defines one for regulators (`POST /inspections`); `GET /inspections/:id`,
//! one round — its scope, the seed's commitment, the draws checked on the page, and the
//! findings — with the draw button for regulators while it is planned
//! (`POST /inspections/:id/draw`) and, for the inspector drawn for a firm, the findings form
//! (`POST /inspections/:id/findings`).

use crate::ctx::{Ctx, see_other};
use crate::errors::PageError;
use crate::forms::{FieldProblems, FormFields, PageForm};
use crate::i18n_ctx::T;
use crate::layout::{Layout, notice_key};
use crate::pages::catalogue::path_id;
use crate::time::shanghai;
use crate::views::{Choice, item_choices, province_choices, province_name};
use askama::Template;
use poem::http::StatusCode;
use poem::web::{Path, Query};
use poem::{Response, handler};
use serde::Deserialize;
use uuid::Uuid;
use zjcs_domain::error::{Error, Result as DomainResult};
use zjcs_domain::model::firm::province;
use zjcs_domain::rules::inspection::{FindingInput, Outcome, RoundInput};
use zjcs_domain::rules::inspection::{InspectionStep, RoundState};
use zjcs_domain::service::inspections::RoundView;

fn label_of(field: &str) -> &'static str {
    match field {
        "title" => "inspection.field.title",
        "item" => "directory.item",
        "region" => "directory.region",
        "grades" => "inspection.field.grades",
        "firms" => "inspection.field.firms",
        "inspectors" => "inspection.field.inspectors",
        "outcome" => "inspection.field.outcome",
        "findings" => "inspection.field.findings",
        "points" => "inspection.field.points",
        _ => "inspection.title",
    }
}

/// The scope of a round in words.
fn scope(t: T, r: &RoundView) -> String {
    let mut parts = Vec::new();
    parts.push(
        r.item_name
            .clone()
            .unwrap_or_else(|| t.get("inspection.scope.any-item").to_owned()),
    );
    parts.push(if r.region.is_empty() {
        t.get("inspection.scope.anywhere").to_owned()
    } else {
        let (zh, en) = province(r.region.get(..2).unwrap_or("")).unwrap_or(("", ""));
        let name = province_name(t.lang, zh, en);
        if r.region.len() > 2 {
            format!("{name}（{}）", r.region)
        } else {
            name
        }
    });
    parts.push(if r.grades.is_empty() {
        t.get("inspection.scope.any-grade").to_owned()
    } else {
        t.fill("inspection.scope.grades", "grades", r.grades.join("/"))
    });
    parts.join(" · ")
}

fn status_key(s: RoundState) -> &'static str {
    match s {
        RoundState::Planned => "inspection.status.planned",
        RoundState::Drawn => "inspection.status.drawn",
        RoundState::Closed => "inspection.status.closed",
    }
}

fn outcome_key(o: Outcome) -> &'static str {
    match o {
        Outcome::Compliant => "inspection.outcome.compliant",
        Outcome::Issues => "inspection.outcome.issues",
        Outcome::Violation => "inspection.outcome.violation",
    }
}

struct RoundRow {
    href: String,
    title: String,
    scope: String,
    counts: String,
    status: &'static str,
    created: String,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct NoticeQuery {
    notice: Option<String>,
}

/// The round form's values (kept when refused).
#[derive(Default)]
struct RoundForm {
    title: String,
    firms: String,
    inspectors: String,
    grades: Vec<String>,
}

#[derive(Template)]
#[template(path = "inspections.html")]
struct ListPage {
    t: T,
    layout: Layout,
    rows: Vec<RoundRow>,
    may_create: bool,
    form: RoundForm,
    items: Vec<Choice>,
    provinces: Vec<Choice>,
    grades: Vec<(&'static str, bool)>,
    problems: FieldProblems,
}

async fn render_list(
    ctx: &Ctx,
    form: RoundForm,
    item: &str,
    region: &str,
    problems: FieldProblems,
    status: StatusCode,
) -> Result<Response, PageError> {
    let rounds = ctx.services().inspection_rounds().await?;
    let items = ctx.services().list_items(true).await?;
    let grades = ["A", "B", "C", "D", "E"]
        .into_iter()
        .map(|g| (g, form.grades.iter().any(|x| x == g)))
        .collect();
    let page = ListPage {
        t: ctx.t,
        layout: ctx.layout(None),
        rows: rounds
            .iter()
            .map(|r| RoundRow {
                href: format!("/inspections/{}", r.id),
                title: r.title.clone(),
                scope: scope(ctx.t, r),
                counts: ctx.t.fill_all(
                    "inspection.counts",
                    &[
                        ("firms", &r.firm_count.to_string()),
                        ("inspectors", &r.inspector_count.to_string()),
                    ],
                ),
                status: status_key(r.status),
                created: shanghai(r.created_at),
            })
            .collect(),
        may_create: ctx.services().may_start(
            ctx.visitor.as_ref().map(|v| &v.auth.actor),
            zjcs_domain::service::Start::InspectionRound,
        ),
        form,
        items: item_choices(ctx.lang, &items, item),
        provinces: province_choices(ctx.lang, region),
        grades,
        problems,
    };
    Ok(ctx.render(&page, status))
}

/// `GET /inspections`: every round (public); regulators also get the form.
#[handler]
pub async fn list(ctx: Ctx) -> Result<Response, PageError> {
    let form = RoundForm {
        firms: "5".into(),
        inspectors: "2".into(),
        ..RoundForm::default()
    };
    render_list(&ctx, form, "", "", FieldProblems::default(), StatusCode::OK).await
}

/// `POST /inspections`: a regulator defines a round; a refused one shows the form again.
#[handler]
pub async fn create(ctx: Ctx, PageForm(f): PageForm<FormFields>) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    ctx.check_csrf(f.csrf())?;
    let input = RoundInput {
        title: f.string("title"),
        item: f.string("item"),
        region: f.string("region"),
        grades: f.all("grades").map(str::to_owned).collect(),
        firms: f.string("firms"),
        inspectors: f.string("inspectors"),
    };
    match ctx.services().create_inspection_round(&actor, &input).await {
        Ok(r) => Ok(see_other(&format!(
            "/inspections/{}?notice=inspection-created",
            r.id
        ))),
        Err(e) => match FieldProblems::from_error(ctx.t, &e, label_of) {
            Some((problems, status)) => {
                let form = RoundForm {
                    title: input.title.clone(),
                    firms: input.firms.clone(),
                    inspectors: input.inspectors.clone(),
                    grades: input.grades.clone(),
                };
                render_list(&ctx, form, &input.item, &input.region, problems, status).await
            }
            None => Err(e.into()),
        },
    }
}

struct DrawBox {
    label: &'static str,
    context: String,
    list_hash: String,
    entries: usize,
    pick: usize,
    seed: String,
}

struct TargetRow {
    firm_href: String,
    firm: String,
    inspector: String,
    outcome: Option<&'static str>,
    findings: String,
    points: Option<i32>,
    recorded: String,
    /// The reader is this firm's inspector and nothing is recorded yet: the form.
    mine: bool,
    /// The findings form for this firm was refused: show its problems and what was typed.
    failed: bool,
    firm_id: Uuid,
}

#[derive(Template)]
#[template(path = "inspection.html")]
struct RoundPage {
    t: T,
    layout: Layout,
    id: Uuid,
    title: String,
    scope: String,
    counts: String,
    status: &'static str,
    commitment: String,
    created: String,
    drawn: Option<String>,
    closed: Option<String>,
    draws: Vec<DrawBox>,
    verified: Option<bool>,
    targets: Vec<TargetRow>,
    may_draw: bool,
    outcomes: Vec<(&'static str, &'static str)>,
    problems: FieldProblems,
    /// What was typed into a refused findings form.
    typed_findings: String,
    typed_points: String,
}

struct Typed {
    firm: Option<Uuid>,
    findings: String,
    points: String,
}

async fn render_round(
    ctx: &Ctx,
    id: Uuid,
    notice: Option<&'static str>,
    problems: FieldProblems,
    typed: Typed,
    status: StatusCode,
) -> Result<Response, PageError> {
    let viewer = ctx.visitor.as_ref().map(|v| v.auth.actor);
    // What the viewer may do is the service's decision (`RoundView::allowed`).
    let r = ctx.services().inspection_round(viewer.as_ref(), id).await?;
    let draws = [
        ("inspection.draw.firms", &r.firm_draw),
        ("inspection.draw.inspectors", &r.inspector_draw),
    ]
    .into_iter()
    .filter_map(|(label, d)| {
        d.as_ref().map(|d| DrawBox {
            label,
            context: d.context.clone(),
            list_hash: d.list_hash.clone(),
            entries: d.entries.len(),
            pick: d.pick,
            seed: d.seed.clone(),
        })
    })
    .collect();
    let page = RoundPage {
        t: ctx.t,
        layout: ctx.layout(notice),
        id: r.id,
        title: r.title.clone(),
        scope: scope(ctx.t, &r),
        counts: ctx.t.fill_all(
            "inspection.counts",
            &[
                ("firms", &r.firm_count.to_string()),
                ("inspectors", &r.inspector_count.to_string()),
            ],
        ),
        status: status_key(r.status),
        commitment: r.commitment.clone(),
        created: shanghai(r.created_at),
        drawn: r.drawn_at.map(shanghai),
        closed: r.closed_at.map(shanghai),
        draws,
        verified: r.verified(),
        targets: r
            .targets
            .iter()
            .map(|x| TargetRow {
                firm_href: format!("/firms/{}", x.firm_id),
                firm: x.firm_name.clone(),
                inspector: x.inspector_name.clone(),
                outcome: x.outcome.map(outcome_key),
                findings: x.findings.clone().unwrap_or_default(),
                points: x.points,
                recorded: x.recorded_at.map(shanghai).unwrap_or_default(),
                mine: x.allowed.contains(&InspectionStep::RecordFinding),
                failed: typed.firm == Some(x.firm_id),
                firm_id: x.firm_id,
            })
            .collect(),
        may_draw: r.allowed.contains(&InspectionStep::Draw),
        outcomes: Outcome::ALL
            .iter()
            .map(|o| (o.as_str(), outcome_key(*o)))
            .collect(),
        problems,
        typed_findings: typed.findings,
        typed_points: typed.points,
    };
    Ok(ctx.render(&page, status))
}

/// `GET /inspections/:id`: one round (public).
#[handler]
pub async fn show(
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, PageError> {
    let id = path_id(&id)?;
    let typed = Typed {
        firm: None,
        findings: String::new(),
        points: String::new(),
    };
    render_round(
        &ctx,
        id,
        notice_key(q.notice.as_deref()),
        FieldProblems::default(),
        typed,
        StatusCode::OK,
    )
    .await
}

async fn respond<V>(
    ctx: &Ctx,
    id: Uuid,
    r: DomainResult<V>,
    notice: &str,
    typed: Typed,
) -> Result<Response, PageError> {
    match r {
        Ok(_) => Ok(see_other(&format!("/inspections/{id}?notice={notice}"))),
        Err(e) => match FieldProblems::from_error(ctx.t, &e, label_of) {
            Some((problems, status)) => render_round(ctx, id, None, problems, typed, status).await,
            None => Err(e.into()),
        },
    }
}

/// `POST /inspections/:id/draw`: a regulator draws the round.
#[handler]
pub async fn draw(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<FormFields>,
) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    ctx.check_csrf(f.csrf())?;
    let id = path_id(&id)?;
    let r = ctx.services().draw_inspection_round(&actor, id).await;
    let typed = Typed {
        firm: None,
        findings: String::new(),
        points: String::new(),
    };
    respond(&ctx, id, r, "inspection-drawn", typed).await
}

/// `POST /inspections/:id/findings` (`firm`, `outcome`, `findings`, `points`): the inspector
/// drawn for the firm records the findings.
#[handler]
pub async fn finding(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<FormFields>,
) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    ctx.check_csrf(f.csrf())?;
    let id = path_id(&id)?;
    let firm = Uuid::parse_str(f.get("firm").trim()).ok();
    let points = match f.get("points").trim() {
        "" => Ok(None),
        p => p
            .replace('−', "-")
            .parse::<i32>()
            .map(Some)
            .map_err(|_| Error::validation("points", "field.number.invalid")),
    };
    let r = match (firm, points) {
        (None, _) => Err(Error::NotFound),
        (_, Err(e)) => Err(e),
        (Some(firm), Ok(points)) => {
            let input = FindingInput {
                outcome: f.string("outcome"),
                findings: f.string("findings"),
                points,
            };
            ctx.services()
                .record_inspection_finding(&actor, id, firm, &input)
                .await
        }
    };
    let typed = Typed {
        firm,
        findings: f.string("findings"),
        points: f.string("points"),
    };
    respond(&ctx, id, r, "inspection-finding", typed).await
}
