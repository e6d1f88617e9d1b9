//! zjcs-api: the JSON API (poem + poem-openapi) over the domain services, the background jobs,
//! mail sending, and the application builder that the `zjcs` binary and the tests share.

pub mod allow;
pub mod app;
pub mod auth;
pub mod body_limit;
pub mod cli;
pub mod config;
pub mod endpoints;
pub mod lang;
pub mod mail;
pub mod metrics;
pub mod problem;

pub use app::Application;
pub use config::Config;
