//! `POST /logout` (退出): ends the session on the server, not just in the browser.

use crate::ctx::{Ctx, see_other};
use crate::errors::PageError;
use crate::forms::PageForm;
use crate::{cookies, session};
use poem::{Response, handler};
use serde::Deserialize;

/// The logout button's form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LogoutForm {
    csrf: String,
}

/// Revokes the session, forgets the cookie and goes home.
#[handler]
pub async fn submit(ctx: Ctx, PageForm(f): PageForm<LogoutForm>) -> Result<Response, PageError> {
    if let Some(visitor) = &ctx.visitor {
        // Without this check another site could log our visitors out.
        ctx.check_csrf(&f.csrf)?;
        ctx.services().logout(&visitor.auth).await?;
    }
    let mut resp = see_other("/?notice=logged-out");
    cookies::append(
        &mut resp,
        session::clear_cookie(ctx.config().secure_cookies),
    );
    Ok(resp)
}
