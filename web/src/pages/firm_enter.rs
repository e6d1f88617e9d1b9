//! `GET/POST /firm/enter` (机构入驻): the entry wizard's profile step. Zero threshold: a firm is
//! listed the moment this form is accepted; it is refused only for a malformed, taken,
//! black-listed or dishonest credit code (or fields that are not well-formed).

use super::NoticeQuery;
use crate::ctx::{Ctx, see_other};
use crate::errors::PageError;
use crate::forms::{FieldProblems, FormFields, PageForm};
use crate::i18n_ctx::T;
use crate::layout::{Layout, notice_key};
use crate::pages::firm_profile::{
    ItemBox, ProfileEntered, item_boxes, label_of, region_suggestions,
};
use askama::Template;
use poem::http::StatusCode;
use poem::web::Query;
use poem::{Response, handler};
use zjcs_domain::Error;

#[derive(Template)]
#[template(path = "firm_enter.html")]
struct EnterPage {
    t: T,
    layout: Layout,
    form: ProfileEntered,
    problems: FieldProblems,
    item_boxes: Vec<ItemBox>,
    regions: Vec<(String, String)>,
    entering: bool,
}

async fn render(
    ctx: &Ctx,
    notice: Option<&'static str>,
    form: ProfileEntered,
    problems: FieldProblems,
    status: StatusCode,
) -> Result<Response, PageError> {
    let items = ctx.services().list_items(false).await?;
    let page = EnterPage {
        t: ctx.t,
        layout: ctx.layout(notice),
        item_boxes: item_boxes(ctx.lang, &items, &form.service_items),
        regions: region_suggestions(ctx.lang),
        form,
        problems,
        entering: true,
    };
    Ok(ctx.render(&page, status))
}

/// The empty profile form; a firm that has entered already goes to its page.
#[handler]
pub async fn show(ctx: Ctx, Query(q): Query<NoticeQuery>) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    if ctx.services().my_firm(&actor).await?.is_some() {
        return Ok(see_other("/firm"));
    }
    render(
        &ctx,
        notice_key(q.notice.as_deref()),
        ProfileEntered::default(),
        FieldProblems::default(),
        StatusCode::OK,
    )
    .await
}

/// Enters the firm and shows its page; a refusal shows the form again with the problems marked:
/// 422 for fields, 409 for a taken code, 403 for a black-listed or dishonest one.
#[handler]
pub async fn submit(ctx: Ctx, PageForm(f): PageForm<FormFields>) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    ctx.check_csrf(f.csrf())?;
    let form = ProfileEntered::from_fields(&f);
    match ctx.services().enter_firm(&actor, &form.input()).await {
        Ok(_) => Ok(see_other("/firm?notice=firm-entered")),
        // Entered already (another tab, a double click): the firm's page is where to be.
        Err(Error::Conflict("firm-exists", _)) => Ok(see_other("/firm")),
        Err(e) => match FieldProblems::from_error(ctx.t, &e, label_of) {
            Some((problems, status)) => render(&ctx, None, form, problems, status).await,
            None => Err(e.into()),
        },
    }
}
