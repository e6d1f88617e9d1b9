//! The reader's language for the duration of a request, from `Accept-Language` (API) — kept in a
//! task-local so that errors converted deep inside poem still speak the reader's language.

use poem::{Endpoint, Request};
use zjcs_domain::i18n::Lang;

tokio::task_local! {
    static LANG: Lang;
}

/// The current request's language (Chinese outside a request).
pub fn current_lang() -> Lang {
    LANG.try_with(|l| *l).unwrap_or_default()
}

/// The language a request asks for: the `zjcs_lang` cookie set by the pages' switch, else
/// `Accept-Language`, else Chinese.
pub fn request_lang(req: &Request) -> Lang {
    // Read the header directly: the cookie-jar middleware belongs to the pages, and this runs
    // for every request.
    let from_cookie = req
        .headers()
        .get_all(poem::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix("zjcs_lang="))
        .and_then(Lang::from_code);
    if let Some(l) = from_cookie {
        return l;
    }
    req.header("accept-language")
        .map(Lang::from_accept_language)
        .unwrap_or_default()
}

/// Middleware that sets the task-local language for the rest of the request.
pub async fn with_lang<E: Endpoint>(next: E, req: Request) -> poem::Result<E::Output> {
    let lang = request_lang(&req);
    LANG.scope(lang, next.call(req)).await
}
