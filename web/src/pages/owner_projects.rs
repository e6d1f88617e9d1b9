//! The owner's side of projects: `GET /owner/projects` (my projects), the posting wizard
//! `GET/POST /owner/projects/new` (first the service item, then the announcement's fields), and
//! `POST /owner/projects/:id/publish` and `/cancel`. Money is typed in yuan, times in China time.

use crate::ctx::{Ctx, see_other};
use crate::errors::PageError;
use crate::forms::{FieldProblems, LARGE_FORM_BYTES, PageForm};
use crate::i18n_ctx::T;
use crate::layout::Layout;
use crate::layout::notice_key;
use crate::money::{parse_yuan, plain_yuan, yuan};
use crate::pages::catalogue::path_id;
use crate::time::shanghai;
use crate::views::{Choice, item_choices};
use askama::Template;
use poem::http::StatusCode;
use poem::web::{Path, Query};
use poem::{Response, handler};
use serde::Deserialize;
use std::collections::HashMap;
use uuid::Uuid;
use zjcs_domain::FieldError;
use zjcs_domain::model::catalogue::QualRequirement;
use zjcs_domain::model::project::{AvoidInput, ProjectInput, china};
use zjcs_domain::model::project::{FundSource, MethodKind, ProjectStatus};
use zjcs_domain::rules::access::Permission;
use zjcs_domain::service::catalogue::ServiceItemView;
use zjcs_domain::service::procurement::projects::ProjectView;

/// A project of the owner's list.
struct Row {
    href: String,
    title: String,
    status: &'static str,
    budget: String,
    deadline: String,
}

#[derive(Template)]
#[template(path = "owner_projects.html")]
struct ListPage {
    t: T,
    layout: Layout,
    rows: Vec<Row>,
}

/// The owner's projects, drafts included.
#[handler]
pub async fn list(ctx: Ctx) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    let projects = ctx.services().my_projects(&actor).await?;
    let page = ListPage {
        t: ctx.t,
        layout: ctx.layout(None),
        rows: projects
            .iter()
            .map(|p| Row {
                href: format!("/projects/{}", p.id),
                title: p.title.clone(),
                status: super::projects::status_key(p.status),
                budget: yuan(p.budget_fen),
                deadline: shanghai(p.registration_deadline),
            })
            .collect(),
    };
    Ok(ctx.render(&page, StatusCode::OK))
}

/// The posting form as submitted; `req_N` are the checked qualification requirements.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PostingForm {
    item: String,
    title: String,
    scope: String,
    region: String,
    budget: String,
    service_days: String,
    fund_source: String,
    method: String,
    long_list: String,
    short_list: String,
    abnormal_percent: String,
    weight_price: String,
    weight_plan: String,
    weight_credit: String,
    registration_deadline: String,
    selection_at: String,
    contact_name: String,
    contact_phone: String,
    /// Firms to avoid, one per line: the firm's credit code (or id), then the reason.
    avoid: String,
    csrf: String,
    #[serde(flatten)]
    rest: HashMap<String, String>,
}

/// A requirement of the item, as a checkbox.
struct ReqChoice {
    name: String,
    label: String,
    checked: bool,
}

impl PostingForm {
    /// What the services parse, and what only the form can tell (numbers that are not numbers).
    fn input(&self, item: &ServiceItemView) -> (ProjectInput, Vec<FieldError>) {
        let mut errors = Vec::new();
        let mut number = |raw: &str, field: &'static str, required: bool| -> Option<u32> {
            match raw.trim() {
                "" if !required => None,
                "" => {
                    errors.push(FieldError::new(field, "field.required"));
                    None
                }
                s => s
                    .parse()
                    .map_err(|_| errors.push(FieldError::new(field, "field.number.invalid")))
                    .ok(),
            }
        };
        let service_days = number(&self.service_days, "service_days", true).unwrap_or(0);
        let long_list = number(&self.long_list, "long_list", false);
        let short_list = number(&self.short_list, "short_list", false);
        let abnormal_percent = number(&self.abnormal_percent, "abnormal_percent", false);
        let weight_price = number(&self.weight_price, "weight_price", false);
        let weight_plan = number(&self.weight_plan, "weight_plan", false);
        let weight_credit = number(&self.weight_credit, "weight_credit", false);
        let budget_fen = match parse_yuan(&self.budget) {
            Ok(Some(f)) => f,
            Ok(None) => {
                errors.push(FieldError::new("budget", "field.required"));
                0
            }
            Err(()) => {
                errors.push(FieldError::new("budget", "field.money.invalid"));
                0
            }
        };
        let required_qualifications = item
            .qualifications
            .iter()
            .enumerate()
            .filter(|(n, _)| self.rest.contains_key(&format!("req_{n}")))
            .map(|(_, q)| QualRequirement {
                qual_type: q.qual_type.clone(),
                grades: q.grades.clone(),
            })
            .collect();
        let input = ProjectInput {
            title: self.title.clone(),
            scope: self.scope.clone(),
            region: self.region.clone(),
            budget_fen,
            service_days,
            fund_source: self.fund_source.clone(),
            required_qualifications,
            method: self.method.clone(),
            long_list,
            short_list,
            abnormal_percent,
            weight_price,
            weight_plan,
            weight_credit,
            registration_deadline: self.registration_deadline.clone(),
            selection_at: self.selection_at.clone(),
            contact_name: self.contact_name.clone(),
            contact_phone: self.contact_phone.clone(),
            avoid: self
                .avoid
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| {
                    let (firm, reason) = l.split_once(char::is_whitespace).unwrap_or((l, ""));
                    AvoidInput {
                        firm: firm.trim().to_owned(),
                        reason: reason.trim().to_owned(),
                    }
                })
                .collect(),
        };
        (input, errors)
    }

    /// The form filled from a stored project (to edit it).
    fn of(p: &ProjectView, item: &ServiceItemView) -> PostingForm {
        let local = |t: chrono::DateTime<chrono::Utc>| {
            t.with_timezone(&china())
                .format("%Y-%m-%dT%H:%M")
                .to_string()
        };
        let n = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
        let m = &p.method_params;
        let mut rest = HashMap::new();
        for (i, q) in item.qualifications.iter().enumerate() {
            if p.required_qualifications
                .iter()
                .any(|r| r.qual_type == q.qual_type)
            {
                rest.insert(format!("req_{i}"), "1".to_owned());
            }
        }
        PostingForm {
            item: p.item_id.to_string(),
            title: p.title.clone(),
            scope: p.scope.clone(),
            region: p.region_code.clone(),
            budget: plain_yuan(p.budget_fen),
            service_days: p.service_days.to_string(),
            fund_source: p.fund_source.as_str().into(),
            method: p.method.as_str().into(),
            long_list: n(m.long_list),
            short_list: n(m.short_list),
            abnormal_percent: n(m.abnormal_percent),
            weight_price: n(m.weight_price),
            weight_plan: n(m.weight_plan),
            weight_credit: n(m.weight_credit),
            registration_deadline: local(p.registration_deadline),
            selection_at: local(p.selection_at),
            contact_name: p.contact_name.clone(),
            contact_phone: p.contact_phone.clone(),
            avoid: p
                .avoid
                .iter()
                .map(|a| format!("{} {}", a.firm, a.reason))
                .collect::<Vec<_>>()
                .join("\n"),
            csrf: String::new(),
            rest,
        }
    }
}

/// Firms to avoid may be named by credit code, as owners know them; the services take ids.
async fn resolve_avoided(ctx: &Ctx, input: &mut ProjectInput) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for a in &mut input.avoid {
        if Uuid::parse_str(&a.firm).is_ok() {
            continue;
        }
        match ctx.services().firm_id_by_credit_code(&a.firm).await {
            Ok(Some(id)) => a.firm = id.to_string(),
            _ => errors.push(FieldError::new("avoid", "field.avoid.unknown-firm")),
        }
    }
    errors
}

/// The services name the budget in fen; the form's field is in yuan.
fn form_field(field: &'static str) -> &'static str {
    match field {
        "budget_fen" => "budget",
        f => f,
    }
}

fn label_of(field: &str) -> &'static str {
    match field {
        "item" => "project.item",
        "title" => "project.title-field",
        "scope" => "project.scope",
        "region" => "owner.region-code",
        "budget" | "budget_fen" => "project.budget",
        "service_days" => "project.service-days",
        "fund_source" => "project.fund-source",
        "required_qualifications" => "project.requirements",
        "method" => "project.method",
        "long_list" => "project.long-list",
        "short_list" => "project.short-list",
        "abnormal_percent" => "project.abnormal-percent",
        "weight_price" | "weight_plan" | "weight_credit" => "owner.weights",
        "registration_deadline" => "project.deadline",
        "selection_at" => "project.selection-at",
        "contact_name" | "contact_phone" => "project.contact",
        "avoid" => "project.avoid",
        _ => "owner.new-project",
    }
}

#[derive(Template)]
#[template(path = "owner_project_form.html")]
struct FormPage {
    t: T,
    layout: Layout,
    /// Step one: no item chosen yet.
    items: Vec<Choice>,
    /// Step two: the chosen item.
    item: Option<ServiceItemView>,
    reqs: Vec<ReqChoice>,
    methods: Vec<Choice>,
    funds: Vec<Choice>,
    form: PostingForm,
    problems: FieldProblems,
    /// Where the form posts: the wizard, or a project's edit.
    action: String,
    /// Editing an announced project (a substantive change voids registrations).
    amending: bool,
}

/// Where a posting form is saved: a new draft, or an existing project (`amending` when it is
/// already announced).
struct Target {
    project: Option<Uuid>,
    amending: bool,
}

impl Target {
    const NEW: Target = Target {
        project: None,
        amending: false,
    };

    fn action(&self) -> String {
        match self.project {
            Some(id) => format!("/owner/projects/{id}/edit"),
            None => "/owner/projects/new".into(),
        }
    }
}

fn render(
    ctx: &Ctx,
    target: &Target,
    items: Vec<ServiceItemView>,
    item: Option<ServiceItemView>,
    form: PostingForm,
    mut problems: FieldProblems,
    status: StatusCode,
) -> Response {
    for p in &mut problems.items {
        p.field = form_field(p.field);
    }
    let reqs = item
        .as_ref()
        .map(|i| {
            i.qualifications
                .iter()
                .enumerate()
                .map(|(n, q)| ReqChoice {
                    name: format!("req_{n}"),
                    label: if q.grades.is_empty() {
                        q.qual_type.clone()
                    } else {
                        format!("{}（{}）", q.qual_type, q.grades.join("、"))
                    },
                    checked: form.rest.contains_key(&format!("req_{n}")),
                })
                .collect()
        })
        .unwrap_or_default();
    let page = FormPage {
        t: ctx.t,
        layout: ctx.layout(None),
        items: item_choices(ctx.lang, &items, &form.item),
        methods: MethodKind::ALL
            .iter()
            .map(|m| Choice {
                value: m.as_str().into(),
                label: ctx.t.get(super::projects::method_key(*m)).into(),
                selected: form.method.trim() == m.as_str(),
            })
            .collect(),
        funds: FundSource::ALL
            .iter()
            .map(|f| Choice {
                value: f.as_str().into(),
                label: ctx.t.get(super::projects::fund_key(*f)).into(),
                selected: form.fund_source.trim() == f.as_str(),
            })
            .collect(),
        item,
        reqs,
        form,
        problems,
        action: target.action(),
        amending: target.amending,
    };
    ctx.render(&page, status)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Step {
    item: String,
}

/// Step one (choose the service item) or, with `?item=`, step two (the announcement).
#[handler]
pub async fn new_form(ctx: Ctx, Query(step): Query<Step>) -> Result<Response, PageError> {
    ctx.require_permission(Permission::ManageOwnProjects)?;
    let items = ctx.services().list_items(false).await?;
    let item = Uuid::parse_str(step.item.trim())
        .ok()
        .and_then(|id| items.iter().find(|i| i.id == id).cloned());
    let form = PostingForm {
        item: item.as_ref().map(|i| i.id.to_string()).unwrap_or_default(),
        fund_source: FundSource::SelfFunded.as_str().into(),
        method: "random-draw".into(),
        ..Default::default()
    };
    Ok(render(
        &ctx,
        &Target::NEW,
        items,
        item,
        form,
        FieldProblems::default(),
        StatusCode::OK,
    ))
}

/// Saves the draft; a refusal shows the form again with every problem.
#[handler]
pub async fn create(
    ctx: Ctx,
    PageForm(f): PageForm<PostingForm, LARGE_FORM_BYTES>,
) -> Result<Response, PageError> {
    save(&ctx, &Target::NEW, f).await
}

/// The edit form of a draft, or of an announced project before its deadline.
#[handler]
pub async fn edit_form(
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<super::projects::NoticeQuery>,
) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    let p = ctx.services().project(Some(&actor), path_id(&id)?).await?;
    if p.owner_account_id != actor.account_id {
        return Err(zjcs_domain::error::Error::NotFound.into());
    }
    let items = ctx.services().list_items(true).await?;
    let item = items.iter().find(|i| i.id == p.item_id).cloned();
    let form = item
        .as_ref()
        .map(|i| PostingForm::of(&p, i))
        .unwrap_or_default();
    let target = Target {
        project: Some(p.id),
        amending: p.status == ProjectStatus::Published,
    };
    let mut problems = FieldProblems::default();
    if let Some(key) = notice_key(q.notice.as_deref()) {
        problems = FieldProblems::banner(key, None, None);
    }
    Ok(render(
        &ctx,
        &target,
        items,
        item,
        form,
        problems,
        StatusCode::OK,
    ))
}

/// Saves an edit.
#[handler]
pub async fn update(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<PostingForm, LARGE_FORM_BYTES>,
) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    let p = ctx.services().project(Some(&actor), path_id(&id)?).await?;
    let target = Target {
        project: Some(p.id),
        amending: p.status == ProjectStatus::Published,
    };
    save(&ctx, &target, f).await
}

/// Checks and saves a posting form (new or edit); a refusal shows the form again with every
/// problem and everything typed.
async fn save(ctx: &Ctx, target: &Target, f: PostingForm) -> Result<Response, PageError> {
    let actor = ctx
        .require_permission(Permission::ManageOwnProjects)?
        .auth
        .actor;
    ctx.check_csrf(&f.csrf)?;
    let items = ctx.services().list_items(false).await?;
    let Some(item) = Uuid::parse_str(f.item.trim())
        .ok()
        .and_then(|id| items.iter().find(|i| i.id == id).cloned())
    else {
        let problems = FieldProblems::from_field_errors(
            ctx.t,
            &[FieldError::new("item", "field.item.unavailable")],
            label_of,
        );
        return Ok(render(
            ctx,
            target,
            items,
            None,
            f,
            problems,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    };
    let (mut input, mut errors) = f.input(&item);
    errors.extend(resolve_avoided(ctx, &mut input).await);
    if !errors.is_empty() {
        let problems = FieldProblems::from_field_errors(ctx.t, &errors, label_of);
        return Ok(render(
            ctx,
            target,
            items,
            Some(item),
            f,
            problems,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    let saved = match target.project {
        Some(id) => {
            ctx.services()
                .update_project(&actor, id, item.id, &input)
                .await
        }
        None => ctx.services().create_project(&actor, item.id, &input).await,
    };
    let notice = if target.project.is_some() {
        "project-saved"
    } else {
        "project-drafted"
    };
    match saved {
        Ok(p) => Ok(see_other(&format!("/projects/{}?notice={notice}", p.id))),
        Err(e) => match FieldProblems::from_error(ctx.t, &e, label_of) {
            Some((problems, status)) => {
                Ok(render(ctx, target, items, Some(item), f, problems, status))
            }
            None => Err(e.into()),
        },
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ActionForm {
    csrf: String,
    reason: String,
}

/// Publishes a draft (from its page).
#[handler]
pub async fn publish(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<ActionForm>,
) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    ctx.check_csrf(&f.csrf)?;
    let id = path_id(&id)?;
    ctx.services().publish_project(&actor, id).await?;
    Ok(see_other(&format!(
        "/projects/{id}?notice=project-published"
    )))
}

/// Cancels a project with its reason (from its page).
#[handler]
pub async fn cancel(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<ActionForm>,
) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    ctx.check_csrf(&f.csrf)?;
    let id = path_id(&id)?;
    ctx.services().cancel_project(&actor, id, &f.reason).await?;
    Ok(see_other(&format!(
        "/projects/{id}?notice=project-cancelled"
    )))
}
