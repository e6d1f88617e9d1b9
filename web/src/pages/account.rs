//! `GET /account` (我的账号): the holder's own account and the change-password form.

use super::NoticeQuery;
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::forms::FieldProblems;
use crate::i18n_ctx::T;
use crate::layout::{Layout, notice_key};
use crate::time::shanghai;
use askama::Template;
use poem::http::StatusCode;
use poem::web::Query;
use poem::{Response, handler};
use zjcs_domain::model::AccountView;

/// The account as the page shows it: catalogue keys for role and kind, local time.
struct AccountRows {
    email: String,
    name: String,
    role_key: String,
    owner_kind_key: Option<String>,
    created: String,
    verified: bool,
}

impl From<AccountView> for AccountRows {
    fn from(a: AccountView) -> Self {
        AccountRows {
            email: a.email,
            name: a.name,
            role_key: format!("role.{}", a.role.as_str()),
            owner_kind_key: a.owner_kind.map(|k| format!("owner-kind.{}", k.as_str())),
            created: shanghai(a.created_at),
            verified: a.email_verified,
        }
    }
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    t: T,
    layout: Layout,
    account: AccountRows,
    /// Problems of the change-password form.
    problems: FieldProblems,
}

/// Draws the account page; the change-password action uses it too, to show its problems.
pub(crate) async fn render(
    ctx: &Ctx,
    notice: Option<&'static str>,
    problems: FieldProblems,
    status: StatusCode,
) -> Result<Response, PageError> {
    let visitor = ctx.require_login()?;
    let account = ctx.services().me(&visitor.auth.actor).await?;
    let page = AccountPage {
        t: ctx.t,
        layout: ctx.layout(notice),
        account: account.into(),
        problems,
    };
    Ok(ctx.render(&page, status))
}

/// The account page; without a login, the login page.
#[handler]
pub async fn show(ctx: Ctx, Query(q): Query<NoticeQuery>) -> Result<Response, PageError> {
    render(
        &ctx,
        notice_key(q.notice.as_deref()),
        FieldProblems::default(),
        StatusCode::OK,
    )
    .await
}
