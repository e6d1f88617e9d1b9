//! `GET /catalogue` and `GET /catalogue/:id`: the published list of intermediary service items
//! and their fees (中介服务事项清单), and everything about one item.

use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::i18n_ctx::T;
use crate::layout::Layout;
use crate::views::{day, fee_text, item_names};
use askama::Template;
use poem::http::StatusCode;
use poem::web::Path;
use poem::{Response, handler};
use uuid::Uuid;
use zjcs_domain::Error;
use zjcs_domain::service::catalogue::ServiceItemView;

/// A row of the list.
struct ItemRow {
    href: String,
    code: String,
    name: String,
    alt_name: String,
    department: String,
    approval: String,
    time_limit_days: i32,
    fee: String,
}

impl ItemRow {
    fn new(t: T, i: &ServiceItemView) -> ItemRow {
        let (name, alt_name) = item_names(t.lang, &i.name, &i.name_en);
        ItemRow {
            href: format!("/catalogue/{}", i.id),
            code: i.code.clone(),
            name,
            alt_name,
            department: i.department.clone(),
            approval: i.approval.clone(),
            time_limit_days: i.time_limit_days,
            fee: fee_text(t, i.fee_min_fen, i.fee_max_fen, &i.fee_note),
        }
    }
}

#[derive(Template)]
#[template(path = "catalogue.html")]
struct CataloguePage {
    t: T,
    layout: Layout,
    rows: Vec<ItemRow>,
}

/// The published catalogue (retired items are not listed).
#[handler]
pub async fn list(ctx: Ctx) -> Result<Response, PageError> {
    let items = ctx.services().list_items(false).await?;
    let page = CataloguePage {
        t: ctx.t,
        layout: ctx.layout(None),
        rows: items.iter().map(|i| ItemRow::new(ctx.t, i)).collect(),
    };
    Ok(ctx.render(&page, StatusCode::OK))
}

/// A required qualification type and the grades that satisfy it, as one line.
struct Requirement {
    qual_type: String,
    grades: String,
}

#[derive(Template)]
#[template(path = "catalogue_item.html")]
struct ItemPage {
    t: T,
    layout: Layout,
    code: String,
    name: String,
    alt_name: String,
    approval: String,
    department: String,
    legal_basis: String,
    requirements: Vec<Requirement>,
    time_limit_days: i32,
    fee: String,
    fee_note: String,
    workflow: String,
    materials: Vec<String>,
    retired: bool,
    updated: String,
    /// The directory, filtered to firms offering this item.
    find_href: String,
}

/// Parses an id from a path; anything that is not one is simply not found.
pub(crate) fn path_id(raw: &str) -> Result<Uuid, PageError> {
    Uuid::parse_str(raw.trim()).map_err(|_| PageError::Domain(Error::NotFound))
}

/// One item, retired or not (projects refer to retired items; the page says so).
#[handler]
pub async fn show(ctx: Ctx, Path(id): Path<String>) -> Result<Response, PageError> {
    let i = ctx.services().get_item(path_id(&id)?).await?;
    let (name, alt_name) = item_names(ctx.lang, &i.name, &i.name_en);
    let any_grade = ctx.t.get("catalogue.any-grade");
    let grade_sep = ctx.t.get("punct.list-sep");
    let page = ItemPage {
        find_href: format!("/firms?item={}", i.id),
        t: ctx.t,
        layout: ctx.layout(None),
        fee: fee_text(ctx.t, i.fee_min_fen, i.fee_max_fen, ""),
        requirements: i
            .qualifications
            .iter()
            .map(|q| Requirement {
                qual_type: q.qual_type.clone(),
                grades: if q.grades.is_empty() {
                    any_grade.to_owned()
                } else {
                    q.grades.join(grade_sep)
                },
            })
            .collect(),
        code: i.code,
        name,
        alt_name,
        approval: i.approval,
        department: i.department,
        legal_basis: i.legal_basis,
        time_limit_days: i.time_limit_days,
        fee_note: i.fee_note,
        workflow: i.workflow,
        materials: i.materials,
        retired: i.retired,
        updated: day(i.updated_at),
    };
    Ok(ctx.render(&page, StatusCode::OK))
}
