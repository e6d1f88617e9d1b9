//! `GET /projects` (采购公告): the public announcements with their filters, and
//! `GET /projects/:id`: one project as announced (to its owner also while a draft).

use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::forms::FieldProblems;
use crate::i18n_ctx::T;
use crate::layout::{Layout, first_page_href, notice_key, query_string};
use crate::money::yuan;
use crate::pages::catalogue::path_id;
use crate::time::shanghai;
use crate::views::{Choice, item_choices, province_choices, province_name};
use askama::Template;
use poem::http::StatusCode;
use poem::web::{Path, Query};
use poem::{Response, handler};
use serde::Deserialize;
use zjcs_domain::model::project::{FundSource, MethodKind, ProjectStatus};
use zjcs_domain::rules::procedure::ProjectStep;
use zjcs_domain::service::procurement::projects::{AnnouncementQuery, ProjectView};

/// The filter form, as the query string carries it.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct AnnouncementForm {
    item: String,
    region: String,
    method: String,
    status: String,
    cursor: String,
}

impl AnnouncementForm {
    fn query_string(&self, cursor: &str) -> String {
        query_string(&[
            ("item", self.item.as_str()),
            ("region", &self.region),
            ("method", &self.method),
            ("status", &self.status),
            ("cursor", cursor),
        ])
    }
}

pub(crate) fn method_key(method: MethodKind) -> &'static str {
    match method {
        MethodKind::Direct => "project.method.direct",
        MethodKind::RandomDraw => "project.method.random-draw",
        MethodKind::CreditPreferred => "project.method.credit-preferred",
        MethodKind::LowestPrice => "project.method.lowest-price",
        MethodKind::Comprehensive => "project.method.comprehensive",
    }
}

pub(crate) fn status_key(s: ProjectStatus) -> &'static str {
    match s {
        ProjectStatus::Draft => "project.status.draft",
        ProjectStatus::Published => "project.status.published",
        ProjectStatus::Selecting => "project.status.selecting",
        ProjectStatus::Failed => "project.status.failed",
        ProjectStatus::Awarded => "project.status.awarded",
        ProjectStatus::Contracted => "project.status.contracted",
        ProjectStatus::Cancelled => "project.status.cancelled",
    }
}

fn label_of(field: &str) -> &'static str {
    match field {
        "item" => "directory.item",
        "region" => "directory.region",
        "method" => "project.method",
        "status" => "project.status",
        "cursor" => "directory.cursor",
        _ => "projects.title",
    }
}

/// A row of the list.
struct Row {
    href: String,
    title: String,
    item: String,
    region: String,
    method: &'static str,
    budget: String,
    deadline: String,
    status: &'static str,
    cancelled: bool,
}

impl Row {
    fn new(t: T, p: &ProjectView) -> Row {
        Row {
            href: format!("/projects/{}", p.id),
            title: p.title.clone(),
            item: p.item_name.clone(),
            region: province_name(t.lang, &p.province_zh, &p.province_en),
            method: method_key(p.method),
            budget: yuan(p.budget_fen),
            deadline: shanghai(p.registration_deadline),
            status: status_key(p.status),
            cancelled: p.status == ProjectStatus::Cancelled,
        }
    }
}

#[derive(Template)]
#[template(path = "projects.html")]
struct ListPage {
    t: T,
    layout: Layout,
    items: Vec<Choice>,
    provinces: Vec<Choice>,
    methods: Vec<Choice>,
    statuses: Vec<Choice>,
    problems: FieldProblems,
    rows: Vec<Row>,
    next_href: Option<String>,
    first_href: Option<String>,
}

/// The announcements, newest first, one page; a refused filter shows the form with its problems.
#[handler]
pub async fn list(ctx: Ctx, Query(form): Query<AnnouncementForm>) -> Result<Response, PageError> {
    let (rows, next_href, problems, status) = match AnnouncementQuery::parse(
        &form.item,
        &form.region,
        &form.method,
        &form.status,
        &form.cursor,
        None,
    ) {
        Ok(q) => {
            let page = ctx.services().announcements(&q).await?;
            let next = page
                .next_cursor
                .map(|c| format!("/projects?{}", form.query_string(&c)));
            let rows = page.projects.iter().map(|p| Row::new(ctx.t, p)).collect();
            (rows, next, FieldProblems::default(), StatusCode::OK)
        }
        Err(errors) => (
            Vec::new(),
            None,
            FieldProblems::from_field_errors(ctx.t, &errors, label_of),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    };
    let items = ctx.services().list_items(true).await?;
    let first_href = first_page_href("/projects", &form.cursor, &form.query_string(""));
    let page = ListPage {
        t: ctx.t,
        layout: ctx.layout(None),
        items: item_choices(ctx.lang, &items, &form.item),
        provinces: province_choices(ctx.lang, &form.region),
        methods: MethodKind::ALL
            .iter()
            .map(|m| Choice {
                value: m.as_str().into(),
                label: ctx.t.get(method_key(*m)).into(),
                selected: form.method.trim() == m.as_str(),
            })
            .collect(),
        statuses: ProjectStatus::public()
            .collect::<Vec<_>>()
            .iter()
            .map(|s| Choice {
                value: s.as_str().into(),
                label: ctx.t.get(status_key(*s)).into(),
                selected: form.status.trim() == s.as_str(),
            })
            .collect(),
        problems,
        rows,
        next_href,
        first_href,
    };
    Ok(ctx.render(&page, status))
}

/// A required qualification, as one line.
struct Requirement {
    qual_type: String,
    grades: String,
}

/// A firm avoided on this project, and why.
struct AvoidRow {
    href: String,
    reason: String,
}

#[derive(Template)]
#[template(path = "project.html")]
struct ProjectPage {
    t: T,
    layout: Layout,
    p: ProjectView,
    item_href: String,
    region: String,
    method: &'static str,
    status: &'static str,
    fund_source: &'static str,
    budget: String,
    deadline: String,
    selection_at: String,
    published: String,
    requirements: Vec<Requirement>,
    params: Vec<(&'static str, String)>,
    avoid: Vec<AvoidRow>,
    /// The steps the service allows the viewer (its owner): the forms that show.
    may_publish: bool,
    may_cancel: bool,
    /// Where the owner edits it, when the service allows an edit.
    edit_href: Option<String>,
    publish_action: String,
    cancel_action: String,
    sel: super::selection::SelectionBlock,
    dl: super::delivery::DeliveryBlock,
    /// The problems of a refused action on this page.
    problems: FieldProblems,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoticeQuery {
    pub(crate) notice: Option<String>,
}

/// One project.
#[handler]
pub async fn show(
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, PageError> {
    let id = path_id(&id)?;
    render_project(
        &ctx,
        id,
        notice_key(q.notice.as_deref()),
        FieldProblems::default(),
        StatusCode::OK,
    )
    .await
}

/// The catalogue key of a fund source's name.
pub fn fund_key(f: FundSource) -> &'static str {
    match f {
        FundSource::SelfFunded => "project.fund.self-funded",
        FundSource::DepartmentBudget => "project.fund.department-budget",
    }
}

/// The project page, with a notice or with the problems of a refused action.
pub(crate) async fn render_project(
    ctx: &Ctx,
    id: uuid::Uuid,
    notice: Option<&'static str>,
    problems: FieldProblems,
    status: StatusCode,
) -> Result<Response, PageError> {
    let viewer = ctx.visitor.as_ref().map(|v| v.auth.actor);
    let p = ctx.services().project(viewer.as_ref(), id).await?;
    let sel = super::selection::block(ctx, &p).await?;
    let dl = super::delivery::block(ctx, &p).await?;
    let any_grade = ctx.t.get("catalogue.any-grade");
    let sep = ctx.t.get("punct.list-sep");
    let m = &p.method_params;
    let params: Vec<(&'static str, String)> = [
        ("project.long-list", m.long_list),
        ("project.short-list", m.short_list),
        ("project.abnormal-percent", m.abnormal_percent),
        ("project.weight-price", m.weight_price),
        ("project.weight-plan", m.weight_plan),
        ("project.weight-credit", m.weight_credit),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k, v.to_string())))
    .collect();
    let page = ProjectPage {
        t: ctx.t,
        layout: ctx.layout(notice),
        may_publish: p.allowed.contains(&ProjectStep::Publish),
        may_cancel: p.allowed.contains(&ProjectStep::Cancel),
        edit_href: p
            .allowed
            .contains(&ProjectStep::Edit)
            .then(|| format!("/owner/projects/{}/edit", p.id)),
        publish_action: format!("/owner/projects/{}/publish", p.id),
        cancel_action: format!("/owner/projects/{}/cancel", p.id),
        item_href: format!("/catalogue/{}", p.item_id),
        region: province_name(ctx.lang, &p.province_zh, &p.province_en),
        method: method_key(p.method),
        status: status_key(p.status),
        fund_source: fund_key(p.fund_source),
        budget: yuan(p.budget_fen),
        deadline: shanghai(p.registration_deadline),
        selection_at: shanghai(p.selection_at),
        published: p.published_at.map(shanghai).unwrap_or_default(),
        requirements: p
            .required_qualifications
            .iter()
            .map(|q| Requirement {
                qual_type: q.qual_type.clone(),
                grades: if q.grades.is_empty() {
                    any_grade.to_owned()
                } else {
                    q.grades.join(sep)
                },
            })
            .collect(),
        params,
        avoid: p
            .avoid
            .iter()
            .map(|a| AvoidRow {
                href: format!("/firms/{}", a.firm),
                reason: a.reason.clone(),
            })
            .collect(),
        sel,
        dl,
        problems,
        p,
    };
    Ok(ctx.render(&page, status))
}
