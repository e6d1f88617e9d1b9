//! The regulators' console (监管工作台): `GET /console` gathers what waits for the regulator —
//! open complaints with their limits, the firms they were drawn to inspect, rounds not yet
//! drawn — and the ways into the market's statistics and warnings; `GET /console/firms/:id`
//! and `GET /console/owners/:id` are the dossiers of one firm and one owner.

use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::i18n_ctx::T;
use crate::layout::Layout;
use crate::money::yuan;
use crate::pages::catalogue::path_id;
use crate::pages::projects::method_key;
use crate::time::shanghai;
use crate::views::grade_class;
use askama::Template;
use poem::http::StatusCode;
use poem::web::Path;
use poem::{Response, handler};
use zjcs_domain::rules::inspection::Outcome;
use zjcs_domain::service::complaints::ComplaintView;

/// A case in a list: when filed, about whom, its state and what is due.
pub(crate) struct CaseRow {
    href: String,
    filed: String,
    rule: String,
    status: String,
    due: String,
    overdue: bool,
}

fn case_row(c: &ComplaintView) -> CaseRow {
    CaseRow {
        href: format!("/complaints/{}", c.id),
        filed: shanghai(c.created_at),
        rule: c.rule.chars().take(80).collect(),
        status: format!("complaint.status.{}", c.status.as_str()),
        due: c
            .decide_due
            .map(shanghai)
            .unwrap_or_else(|| c.accept_due.to_string()),
        overdue: c.overdue,
    }
}

struct TaskRow {
    href: String,
    title: String,
    firm: String,
}

struct PlannedRow {
    href: String,
    title: String,
}

#[derive(Template)]
#[template(path = "console.html")]
struct ConsolePage {
    t: T,
    layout: Layout,
    open_cases: usize,
    overdue: usize,
    cases: Vec<CaseRow>,
    tasks: Vec<TaskRow>,
    planned: Vec<PlannedRow>,
}

/// `GET /console`: the regulator's work in one place.
#[handler]
pub async fn show(ctx: Ctx) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    let queue = ctx.services().complaint_queue(&actor, false).await?;
    let tasks = ctx.services().my_inspection_tasks(&actor).await?;
    let rounds = ctx.services().inspection_rounds().await?;
    let page = ConsolePage {
        t: ctx.t,
        layout: ctx.layout(None),
        open_cases: queue.len(),
        overdue: queue.iter().filter(|c| c.overdue).count(),
        cases: queue.iter().take(10).map(case_row).collect(),
        tasks: tasks
            .iter()
            .map(|x| TaskRow {
                href: format!("/inspections/{}#targets", x.round_id),
                title: x.title.clone(),
                firm: x.firm_name.clone(),
            })
            .collect(),
        planned: rounds
            .iter()
            .filter(|r| r.status == zjcs_domain::rules::inspection::RoundState::Planned)
            .map(|r| PlannedRow {
                href: format!("/inspections/{}", r.id),
                title: r.title.clone(),
            })
            .collect(),
    };
    Ok(ctx.render(&page, StatusCode::OK))
}

struct InspectionRow {
    href: String,
    title: String,
    drawn: String,
    outcome: Option<&'static str>,
    findings: String,
    points: Option<i32>,
}

struct AwardRow {
    href: String,
    title: String,
    method: &'static str,
    price: String,
    status: String,
    awarded: String,
}

#[derive(Template)]
#[template(path = "console_firm.html")]
struct FirmPage {
    t: T,
    layout: Layout,
    name: String,
    href: String,
    credit_code: String,
    status: String,
    grade: String,
    grade_class: String,
    score: i32,
    cases: Vec<CaseRow>,
    inspections: Vec<InspectionRow>,
    awards: Vec<AwardRow>,
}

fn outcome_key(o: Outcome) -> &'static str {
    match o {
        Outcome::Compliant => "inspection.outcome.compliant",
        Outcome::Issues => "inspection.outcome.issues",
        Outcome::Violation => "inspection.outcome.violation",
    }
}

/// `GET /console/firms/:id`: a firm's dossier.
#[handler]
pub async fn firm(ctx: Ctx, Path(id): Path<String>) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    let d = ctx.services().firm_dossier(&actor, path_id(&id)?).await?;
    let page = FirmPage {
        t: ctx.t,
        layout: ctx.layout(None),
        name: d.firm.name.clone(),
        href: format!("/firms/{}", d.firm.id),
        credit_code: d.firm.credit_code.clone(),
        status: format!("console.firm-status.{}", d.firm.status.as_str()),
        grade_class: grade_class(&d.firm.credit_grade),
        grade: d.firm.credit_grade.clone(),
        score: d.firm.credit_score,
        cases: d.complaints.iter().map(case_row).collect(),
        inspections: d
            .inspections
            .iter()
            .map(|i| InspectionRow {
                href: format!("/inspections/{}", i.round_id),
                title: i.title.clone(),
                drawn: i.drawn_at.map(shanghai).unwrap_or_default(),
                outcome: i.outcome.map(outcome_key),
                findings: i.findings.clone().unwrap_or_default(),
                points: i.points,
            })
            .collect(),
        awards: d
            .awards
            .iter()
            .map(|a| AwardRow {
                href: format!("/projects/{}", a.project_id),
                title: a.title.clone(),
                method: method_key(a.method),
                price: yuan(a.price_fen),
                status: format!("console.award.{}", a.status.as_str()),
                awarded: shanghai(a.awarded_at),
            })
            .collect(),
    };
    Ok(ctx.render(&page, StatusCode::OK))
}

struct ProjectRow {
    href: String,
    title: String,
    method: &'static str,
    status: String,
    budget: String,
    published: String,
    winner: Option<(String, String)>,
}

struct PickRow {
    href: String,
    name: String,
    times: u64,
}

#[derive(Template)]
#[template(path = "console_owner.html")]
struct OwnerPage {
    t: T,
    layout: Layout,
    name: String,
    kind: String,
    projects: Vec<ProjectRow>,
    cases: Vec<CaseRow>,
    picks: Vec<PickRow>,
}

/// `GET /console/owners/:id`: an owner's dossier.
#[handler]
pub async fn owner(ctx: Ctx, Path(id): Path<String>) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    let d = ctx.services().owner_dossier(&actor, path_id(&id)?).await?;
    let page = OwnerPage {
        t: ctx.t,
        layout: ctx.layout(None),
        name: d.name.clone(),
        kind: d
            .kind
            .map(|k| format!("owner-kind.{}", k.as_str()))
            .unwrap_or_default(),
        projects: d
            .projects
            .iter()
            .map(|p| ProjectRow {
                href: format!("/projects/{}", p.id),
                title: p.title.clone(),
                method: method_key(p.method),
                status: format!("project.status.{}", p.status.as_str()),
                budget: yuan(p.budget_fen),
                published: p.published_at.map(shanghai).unwrap_or_default(),
                winner: p
                    .winner
                    .as_ref()
                    .map(|(id, name)| (format!("/console/firms/{id}"), name.clone())),
            })
            .collect(),
        cases: d.complaints.iter().map(case_row).collect(),
        picks: d
            .direct
            .iter()
            .map(|p| PickRow {
                href: format!("/console/firms/{}", p.firm_id),
                name: p.name.clone(),
                times: p.times,
            })
            .collect(),
    };
    Ok(ctx.render(&page, StatusCode::OK))
}
