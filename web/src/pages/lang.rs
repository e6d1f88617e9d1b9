//! `GET /lang/{zh|en}?next=/path`: the language switch (语言切换). A link rather than a form, so
//! it works everywhere; it changes nothing but the reader's own preference.

use crate::cookies::{self, SameSite, SetCookie};
use crate::ctx::{Ctx, see_other};
use crate::errors::PageError;
use crate::i18n_ctx::LANG_COOKIE;
use crate::layout::local_path;
use poem::web::{Path, Query};
use poem::{Response, handler};
use serde::Deserialize;
use zjcs_domain::Error;
use zjcs_domain::i18n::Lang;

/// Where to go back to.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LangQuery {
    next: Option<String>,
}

const ONE_YEAR_SECS: i64 = 365 * 24 * 3600;

/// Remembers the language for a year and goes back to the page the switch was on.
#[handler]
pub async fn switch(
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<LangQuery>,
) -> Result<Response, PageError> {
    let lang = Lang::from_code(&code).ok_or(Error::NotFound)?;
    let value = match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    };
    let cookie = SetCookie {
        name: LANG_COOKIE,
        value,
        max_age: Some(ONE_YEAR_SECS),
        http_only: true,
        same_site: SameSite::Lax,
        secure: ctx.config().secure_cookies,
    };
    let mut resp = see_other(local_path(q.next.as_deref()));
    cookies::append(&mut resp, cookie.header_value());
    Ok(resp)
}
