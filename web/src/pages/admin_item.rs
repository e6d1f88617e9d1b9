//! `GET/POST /admin/catalogue/new` and `GET/POST /admin/catalogue/:id/edit`: the form for one
//! catalogue item. Qualifications are one line per type (`type:grade|grade`), materials one per
//! line, fees typed in yuan and stored as integer fen (read without floating point).

use crate::ctx::{Ctx, see_other};
use crate::errors::PageError;
use crate::forms::{FieldProblems, LARGE_FORM_BYTES, PageForm};
use crate::i18n_ctx::T;
use crate::layout::Layout;
use crate::money::{parse_yuan, plain_yuan};
use crate::pages::catalogue::path_id;
use askama::Template;
use poem::http::StatusCode;
use poem::web::Path;
use poem::{Response, handler};
use serde::Deserialize;
use uuid::Uuid;
use zjcs_domain::FieldError;
use zjcs_domain::model::catalogue::{QualRequirement, ServiceItem, ServiceItemInput};
use zjcs_domain::rules::access::Permission;
use zjcs_domain::service::catalogue::ServiceItemView;

/// The submitted item form, and what it shows again.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ItemForm {
    code: String,
    name: String,
    name_en: String,
    approval: String,
    department: String,
    legal_basis: String,
    qualifications: String,
    time_limit_days: String,
    fee_min: String,
    fee_max: String,
    fee_note: String,
    workflow: String,
    materials: String,
    csrf: String,
}

impl ItemForm {
    fn from_view(i: &ServiceItemView) -> ItemForm {
        ItemForm {
            code: i.code.clone(),
            name: i.name.clone(),
            name_en: i.name_en.clone(),
            approval: i.approval.clone(),
            department: i.department.clone(),
            legal_basis: i.legal_basis.clone(),
            qualifications: i
                .qualifications
                .iter()
                .map(|q| {
                    if q.grades.is_empty() {
                        q.qual_type.clone()
                    } else {
                        format!("{}:{}", q.qual_type, q.grades.join("|"))
                    }
                })
                .collect::<Vec<_>>()
                .join("\n"),
            time_limit_days: i.time_limit_days.to_string(),
            fee_min: i.fee_min_fen.map(plain_yuan).unwrap_or_default(),
            fee_max: i.fee_max_fen.map(plain_yuan).unwrap_or_default(),
            fee_note: i.fee_note.clone(),
            workflow: i.workflow.clone(),
            materials: i.materials.join("\n"),
            csrf: String::new(),
        }
    }

    /// What the services parse, and the problems only the form can see (a number or an amount
    /// that does not read as one).
    fn input(&self) -> (ServiceItemInput, Vec<FieldError>) {
        let mut errors = Vec::new();
        let time_limit_days = match self.time_limit_days.trim() {
            "" => {
                errors.push(FieldError::new("time_limit_days", "field.required"));
                0
            }
            s => s.parse().unwrap_or_else(|_| {
                errors.push(FieldError::new("time_limit_days", "field.number.invalid"));
                0
            }),
        };
        let mut fee = |raw: &str, field: &'static str| {
            parse_yuan(raw).unwrap_or_else(|()| {
                errors.push(FieldError::new(field, "field.money.invalid"));
                None
            })
        };
        let fee_min_fen = fee(&self.fee_min, "fee_min");
        let fee_max_fen = fee(&self.fee_max, "fee_max");
        let input = ServiceItemInput {
            code: self.code.clone(),
            name: self.name.clone(),
            name_en: self.name_en.clone(),
            approval: self.approval.clone(),
            department: self.department.clone(),
            legal_basis: self.legal_basis.clone(),
            qualifications: qualification_lines(&self.qualifications),
            time_limit_days,
            fee_min_fen,
            fee_max_fen,
            fee_note: self.fee_note.clone(),
            workflow: self.workflow.clone(),
            materials: self
                .materials
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
        };
        (input, errors)
    }
}

/// `type:grade|grade` per line (a full-width colon or bar does too); a line without grades
/// accepts any grade of the type.
fn qualification_lines(text: &str) -> Vec<QualRequirement> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (t, g) = l.split_once([':', '：']).unwrap_or((l, ""));
            QualRequirement {
                qual_type: t.trim().to_owned(),
                grades: g
                    .split(['|', '｜'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
            }
        })
        .collect()
}

/// The services name the fee fields in fen; the form's fields are in yuan.
fn form_field(field: &'static str) -> &'static str {
    match field {
        "fee_min_fen" => "fee_min",
        "fee_max_fen" => "fee_max",
        f => f,
    }
}

fn label_of(field: &str) -> &'static str {
    match field {
        "code" => "item.code",
        "name" => "item.name",
        "name_en" => "item.name-en",
        "approval" => "item.approval",
        "department" => "item.department",
        "legal_basis" => "item.legal-basis",
        "qualifications" => "item.qualifications",
        "time_limit_days" => "item.time-limit",
        "fee_min" | "fee_min_fen" => "item.fee-min",
        "fee_max" | "fee_max_fen" => "item.fee-max",
        "fee_note" => "item.fee-note",
        "workflow" => "item.workflow",
        _ => "item.materials",
    }
}

#[derive(Template)]
#[template(path = "admin_item.html")]
struct ItemFormPage {
    t: T,
    layout: Layout,
    /// `None`: a new item.
    id: Option<String>,
    action: String,
    retired: bool,
    form: ItemForm,
    problems: FieldProblems,
}

fn render(
    ctx: &Ctx,
    id: Option<Uuid>,
    retired: bool,
    form: ItemForm,
    mut problems: FieldProblems,
    status: StatusCode,
) -> Response {
    for p in &mut problems.items {
        p.field = form_field(p.field);
    }
    let page = ItemFormPage {
        t: ctx.t,
        layout: ctx.layout(None),
        action: match id {
            Some(id) => format!("/admin/catalogue/{id}/edit"),
            None => "/admin/catalogue/new".into(),
        },
        id: id.map(|i| i.to_string()),
        retired,
        form,
        problems,
    };
    ctx.render(&page, status)
}

/// The empty form for a new item.
#[handler]
pub async fn new_form(ctx: Ctx) -> Result<Response, PageError> {
    ctx.require_permission(Permission::ManageCatalogue)?;
    Ok(render(
        &ctx,
        None,
        false,
        ItemForm::default(),
        FieldProblems::default(),
        StatusCode::OK,
    ))
}

/// The form filled with a stored item.
#[handler]
pub async fn edit_form(ctx: Ctx, Path(id): Path<String>) -> Result<Response, PageError> {
    ctx.require_permission(Permission::ManageCatalogue)?;
    let item = ctx.services().get_item(path_id(&id)?).await?;
    Ok(render(
        &ctx,
        Some(item.id),
        item.retired,
        ItemForm::from_view(&item),
        FieldProblems::default(),
        StatusCode::OK,
    ))
}

/// Saves (creates or edits) an item; a refusal shows the form again with every problem.
async fn save(ctx: &Ctx, id: Option<Uuid>, f: ItemForm) -> Result<Response, PageError> {
    let actor = ctx
        .require_permission(Permission::ManageCatalogue)?
        .auth
        .actor;
    ctx.check_csrf(&f.csrf)?;
    let retired = match id {
        Some(id) => ctx.services().get_item(id).await?.retired,
        None => false,
    };
    let (input, mut errors) = f.input();
    if !errors.is_empty() {
        // Report the rest of the form too, not only the fields the form itself could not read.
        if let Err(more) = ServiceItem::parse(&input) {
            for e in more {
                if !errors.iter().any(|x| x.field == form_field(e.field)) {
                    errors.push(e);
                }
            }
        }
        let problems = FieldProblems::from_field_errors(ctx.t, &errors, label_of);
        return Ok(render(
            ctx,
            id,
            retired,
            f,
            problems,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    let saved = match id {
        Some(id) => ctx.services().edit_item(&actor, id, &input).await,
        None => ctx.services().create_item(&actor, &input).await,
    };
    match saved {
        Ok(_) => Ok(see_other(if id.is_some() {
            "/admin/catalogue?notice=item-saved"
        } else {
            "/admin/catalogue?notice=item-created"
        })),
        Err(e) => match FieldProblems::from_error(ctx.t, &e, label_of) {
            Some((problems, status)) => Ok(render(ctx, id, retired, f, problems, status)),
            None => Err(e.into()),
        },
    }
}

/// `POST /admin/catalogue/new`.
#[handler]
pub async fn create(
    ctx: Ctx,
    PageForm(f): PageForm<ItemForm, LARGE_FORM_BYTES>,
) -> Result<Response, PageError> {
    save(&ctx, None, f).await
}

/// `POST /admin/catalogue/:id/edit`.
#[handler]
pub async fn update(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<ItemForm, LARGE_FORM_BYTES>,
) -> Result<Response, PageError> {
    let id = path_id(&id)?;
    save(&ctx, Some(id), f).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualification_lines_read_types_and_grades() {
        let q =
            qualification_lines("测绘资质:甲级|乙级\n\n 安全评价机构资质 \n检测资质：甲级｜乙级");
        assert_eq!(q.len(), 3);
        assert_eq!(q[0].grades, vec!["甲级", "乙级"]);
        assert!(q[1].grades.is_empty());
        assert_eq!(q[1].qual_type, "安全评价机构资质");
        assert_eq!(q[2].grades, vec!["甲级", "乙级"]);
    }

    #[test]
    fn fees_are_read_in_yuan_and_bad_amounts_are_marked() {
        let f = ItemForm {
            time_limit_days: "15".into(),
            fee_min: "5,000".into(),
            fee_max: "50000.5".into(),
            ..Default::default()
        };
        let (input, errors) = f.input();
        assert!(errors.is_empty());
        assert_eq!(input.fee_min_fen, Some(500_000));
        assert_eq!(input.fee_max_fen, Some(5_000_050));
        let bad = ItemForm {
            time_limit_days: "fifteen".into(),
            fee_min: "1.234".into(),
            ..Default::default()
        };
        let fields: Vec<_> = bad.input().1.iter().map(|e| (e.field, e.code)).collect();
        assert_eq!(
            fields,
            vec![
                ("time_limit_days", "field.number.invalid"),
                ("fee_min", "field.money.invalid")
            ]
        );
    }
}
