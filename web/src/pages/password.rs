//! `POST /account/password` (修改密码): the change-password form on the account page.

use crate::ctx::{Ctx, see_other};
use crate::errors::PageError;
use crate::forms::{FieldProblems, PageForm};
use crate::pages::account;
use poem::http::StatusCode;
use poem::{Response, handler};
use serde::Deserialize;
use zjcs_domain::Error;

/// The submitted change-password form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
    csrf: String,
}

fn label_of(field: &str) -> &'static str {
    match field {
        "current_password" => "account.password.current",
        _ => "account.password.new",
    }
}

/// Changes the password (keeping this session, ending the others) and shows the account again.
#[handler]
pub async fn submit(ctx: Ctx, PageForm(f): PageForm<PasswordForm>) -> Result<Response, PageError> {
    let visitor = ctx.require_login()?;
    ctx.check_csrf(&f.csrf)?;
    let changed = ctx
        .services()
        .change_password(
            &visitor.auth.actor,
            Some(visitor.auth.session_id),
            &f.current_password,
            &f.new_password,
        )
        .await;
    match changed {
        Ok(()) => Ok(see_other("/account?notice=password-changed")),
        Err(Error::Validation(errors)) => {
            let problems = FieldProblems::from_field_errors(ctx.t, &errors, label_of);
            account::render(&ctx, None, problems, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e.into()),
    }
}
