//! zjcs-web: the pages people use (中介超市网页), server-rendered HTML over the same
//! [`zjcs_domain::service::Services`] the JSON API uses.
//!
//! Every page works without JavaScript: links navigate, forms POST and answer with a redirect
//! (after success) or the same form again with its problems marked (after a refusal). Every text
//! comes from the translation catalogue ([`zjcs_domain::i18n`]), Chinese first.
//!
//! The crate exposes one function, [`app`], which the `zjcs` binary mounts at `/` next to the
//! API (`/api/v1`, `/docs`, …). Each page route runs through [`page_endpoint::PageEndpoint`],
//! which works out who is asking and in which language, and turns every refusal into an HTML page.

mod assets;
mod chart;
pub mod client_ip;
mod cookies;
mod csrf;
mod ctx;
mod errors;
mod forms;
mod i18n_ctx;
mod layout;
mod money;
mod page_endpoint;
mod pages;
mod session;
mod time;
mod views;

pub use client_ip::{ClientAddress, TrustedProxies, client_ip};
use page_endpoint::PageEndpoint;
use poem::{IntoEndpoint, Route, get, post};
use std::sync::Arc;
use zjcs_domain::service::Services;

/// How the pages are served.
#[derive(Debug, Clone, Copy, Default)]
pub struct WebConfig {
    /// Mark cookies `Secure` (set when the site is served over https).
    pub secure_cookies: bool,
}

/// What every page handler shares: the services and the configuration.
pub(crate) struct AppState {
    pub services: Services,
    pub config: WebConfig,
}

/// The page routes, ready to be nested at `/` by the `zjcs` binary.
///
/// Paths: `/` (home), `/register`, `/login`, `/logout`, `/account`, `/account/password`,
/// `/verify-email`, `/audit`, `/lang/:code`, `/static/site.css`; the registry's public pages
/// `/catalogue`, `/catalogue/:id`, `/firms`, `/firms/:id` (with the regulators' credit form
/// `/firms/:id/credit-events`), `/blacklist`, `/credit`, `/dishonesty-list` (with the import
/// `/dishonesty-list/import`), `/files/:id`; the regulators' `/credit/repairs` (and
/// `/credit/repairs/:id/decision`); the firm's own pages `/firm/enter`, `/firm` and its form
/// actions under `/firm/…` (`/firm/credit-repairs` among them); the administrators'
/// `/admin/catalogue…` and `/admin/credit-policy`; and a catch-all that answers unknown paths
/// with a 404.
///
/// The multipart posts (`/firm/qualifications`, `/firm/practitioners`,
/// `/admin/catalogue/import`, `/dishonesty-list/import`) read bodies of up to 11 MiB; the binary's body limit for the page
/// routes must allow that much.
pub fn app(services: Services, config: WebConfig) -> Route {
    let state = Arc::new(AppState { services, config });
    let page = |ep: poem::RouteMethod| PageEndpoint::new(ep.into_endpoint(), state.clone());
    Route::new()
        .at(
            "/register",
            page(get(pages::register::show).post(pages::register::submit)),
        )
        .at(
            "/login",
            page(get(pages::login::show).post(pages::login::submit)),
        )
        .at("/logout", page(post(pages::logout::submit)))
        .at("/account", page(get(pages::account::show)))
        .at("/account/password", page(post(pages::password::submit)))
        .at("/verify-email", page(get(pages::verify::show)))
        .at("/audit", page(get(pages::audit::show)))
        .at("/lang/:code", page(get(pages::lang::switch)))
        // Public registry pages.
        .at("/catalogue", page(get(pages::catalogue::list)))
        .at("/catalogue/:id", page(get(pages::catalogue::show)))
        .at("/firms", page(get(pages::firms::list)))
        .at("/firms/:id", page(get(pages::firms::show)))
        .at(
            "/firms/:id/credit-events",
            page(post(pages::firm_credit::record)),
        )
        .at("/blacklist", page(get(pages::blacklist::show)))
        .at("/redlist", page(get(pages::red_list::show)))
        .at(
            "/feeds/announcements.atom",
            page(get(pages::feeds::announcements)),
        )
        .at("/feeds/blacklist.atom", page(get(pages::feeds::blacklist)))
        .at("/feeds/redlist.atom", page(get(pages::feeds::redlist)))
        .at("/credit", page(get(pages::credit_market::show)))
        .at("/credit/repairs", page(get(pages::credit_repairs::show)))
        .at(
            "/credit/repairs/:id/decision",
            page(post(pages::credit_repairs::decide)),
        )
        .at("/dishonesty-list", page(get(pages::dishonesty_list::show)))
        .at(
            "/dishonesty-list/import",
            page(post(pages::dishonesty_list::import)),
        )
        .at(
            "/dishonesty-list/:code/lift",
            page(post(pages::dishonesty_list::lift)),
        )
        .at("/projects", page(get(pages::projects::list)))
        .at("/projects/:id", page(get(pages::projects::show)))
        .at("/owner/projects", page(get(pages::owner_projects::list)))
        .at(
            "/owner/projects/new",
            page(get(pages::owner_projects::new_form).post(pages::owner_projects::create)),
        )
        .at(
            "/owner/projects/:id/publish",
            page(post(pages::owner_projects::publish)),
        )
        .at(
            "/owner/projects/:id/cancel",
            page(post(pages::owner_projects::cancel)),
        )
        .at(
            "/owner/projects/:id/edit",
            page(get(pages::owner_projects::edit_form).post(pages::owner_projects::update)),
        )
        .at(
            "/owner/projects/:id/republish",
            page(post(pages::selection::republish)),
        )
        // Registration and selection, from a project's page.
        .at(
            "/projects/:id/register",
            page(post(pages::selection::register)),
        )
        .at(
            "/projects/:id/withdraw",
            page(post(pages::selection::withdraw)),
        )
        .at("/projects/:id/award", page(post(pages::selection::award)))
        .at("/projects/:id/reject", page(post(pages::selection::reject)))
        .at("/projects/:id/scores", page(post(pages::selection::scores)))
        .at(
            "/projects/:id/objections",
            page(post(pages::selection::object)),
        )
        .at(
            "/projects/:id/objections/:objection/answer",
            page(post(pages::selection::answer)),
        )
        .at(
            "/projects/:id/contract",
            page(post(pages::selection::contract)),
        )
        .at(
            "/projects/:id/refusal",
            page(post(pages::selection::refusal)),
        )
        // Service, delivery and evaluation, from a contracted project's page.
        .at(
            "/projects/:id/delivery",
            page(post(pages::delivery::submit_delivery)),
        )
        .at(
            "/projects/:id/delivery/review",
            page(post(pages::delivery::review_delivery)),
        )
        .at(
            "/projects/:id/evaluation",
            page(post(pages::delivery::evaluate)),
        )
        .at(
            "/projects/:id/evaluation/reply",
            page(post(pages::delivery::reply_to_evaluation)),
        )
        .at(
            "/projects/:id/evaluation/appeal",
            page(post(pages::delivery::appeal_evaluation)),
        )
        .at(
            "/projects/:id/owner-rating",
            page(post(pages::delivery::rate_owner)),
        )
        .at("/documents/:id", page(get(pages::delivery::document)))
        // Complaints: the form for everybody, a case for its parties, the regulators' queue,
        // the published outcomes.
        .at("/complaints", page(get(pages::complaints::queue)))
        .at(
            "/inspections",
            page(get(pages::inspections::list).post(pages::inspections::create)),
        )
        .at("/inspections/:id", page(get(pages::inspections::show)))
        .at(
            "/inspections/:id/draw",
            page(post(pages::inspections::draw)),
        )
        .at(
            "/inspections/:id/findings",
            page(post(pages::inspections::finding)),
        )
        .at("/console", page(get(pages::console::show)))
        .at("/console/firms/:id", page(get(pages::console::firm)))
        .at("/console/owners/:id", page(get(pages::console::owner)))
        .at("/market", page(get(pages::market::statistics)))
        .at("/market/statistics.csv", page(get(pages::market::csv)))
        .at("/market/warnings", page(get(pages::market::warnings)))
        .at(
            "/market/warnings/cases",
            page(post(pages::market::open_case)),
        )
        .at(
            "/complaints/new",
            page(get(pages::complaints::new_form).post(pages::complaints::file)),
        )
        .at(
            "/complaints/outcomes",
            page(get(pages::complaints::outcomes)),
        )
        .at("/complaints/:id", page(get(pages::complaints::show)))
        .at("/complaints/:id/steps", page(post(pages::complaints::step)))
        .at(
            "/complaints/:id/evidence",
            page(post(pages::complaints::evidence)),
        )
        .at("/credit/appeals", page(get(pages::delivery::appeal_queue)))
        .at(
            "/credit/appeals/:project/decision",
            page(post(pages::delivery::decide_appeal)),
        )
        .at(
            "/firm/registrations",
            page(get(pages::selection::my_registrations)),
        )
        .at("/files/:id", page(get(pages::files::download)))
        // The firm's own pages.
        .at(
            "/firm/enter",
            page(get(pages::firm_enter::show).post(pages::firm_enter::submit)),
        )
        .at("/firm", page(get(pages::my_firm::show)))
        .at("/firm/profile", page(post(pages::my_firm::save_profile)))
        .at(
            "/firm/credit-repairs",
            page(post(pages::firm_repair::apply)),
        )
        .at(
            "/firm/qualifications",
            page(post(pages::my_firm::add_qualification)),
        )
        .at(
            "/firm/qualifications/:id/delete",
            page(post(pages::my_firm::remove_qualification)),
        )
        .at(
            "/firm/practitioners",
            page(post(pages::my_firm::add_practitioner)),
        )
        .at(
            "/firm/practitioners/:id/delete",
            page(post(pages::my_firm::remove_practitioner)),
        )
        .at(
            "/firm/affiliations",
            page(post(pages::my_firm::add_affiliation)),
        )
        .at(
            "/firm/affiliations/:id/delete",
            page(post(pages::my_firm::remove_affiliation)),
        )
        .at("/firm/people", page(post(pages::my_firm::add_person)))
        .at(
            "/firm/people/:id/delete",
            page(post(pages::my_firm::remove_person)),
        )
        // Administrators: the catalogue.
        .at("/admin/catalogue", page(get(pages::admin_catalogue::list)))
        .at(
            "/admin/catalogue/new",
            page(get(pages::admin_item::new_form).post(pages::admin_item::create)),
        )
        .at(
            "/admin/catalogue/import",
            page(post(pages::admin_catalogue::import)),
        )
        .at(
            "/admin/catalogue/:id/edit",
            page(get(pages::admin_item::edit_form).post(pages::admin_item::update)),
        )
        .at(
            "/admin/catalogue/:id/retire",
            page(post(pages::admin_catalogue::retire)),
        )
        .at(
            "/admin/catalogue/:id/reinstate",
            page(post(pages::admin_catalogue::reinstate)),
        )
        // Administrators: the credit policy.
        .at(
            "/admin/credit-policy",
            page(get(pages::admin_credit_policy::show).post(pages::admin_credit_policy::save)),
        )
        .at(assets::SITE_CSS_PATH, get(assets::site_css))
        // The home page, and a friendly 404 for anything else: poem routes `/` to a catch-all
        // when there is one, so both live here.
        .at(
            "/*path",
            PageEndpoint::new(
                pages::not_found::HomeOrNotFound::new(get(pages::home::show)),
                state.clone(),
            ),
        )
}
