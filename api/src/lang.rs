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
    if let Some(l) = req.cookie().get("zjcs_lang").and_then(|c| Lang::from_code(c.value_str())) {
        return l;
    }
    req.header("accept-language").map(Lang::from_accept_language).unwrap_or_default()
}

/// Middleware that sets the task-local language for the rest of the request.
pub async fn with_lang<E: Endpoint>(next: E, req: Request) -> poem::Result<E::Output> {
    let lang = request_lang(&req);
    LANG.scope(lang, next.call(req)).await
}
