//! zjcs-api: the JSON API (poem + poem-openapi) over the domain services, the background jobs,
//! mail sending, and the application builder that the `zjcs` binary and the tests share.

pub mod allow;
pub mod app;
pub mod auth;
pub mod body_limit;
pub mod cli;
pub mod config;
pub mod endpoints;
pub mod hardening;
pub mod lang;
pub mod mail;
pub mod metrics;
pub mod problem;
pub mod request_log;
pub mod strict_json;

pub use app::Application;
pub use config::Config;

/// Gives freed heap memory back to the system. After the directory is reloaded in full, the
/// previous index and the reload's temporaries (hundreds of thousands of small blocks) are free;
/// `mi_collect(true)` returns every page of them that is wholly free at once, rather than as
/// mimalloc's purge delay comes round.
pub fn trim_heap() {
    // SAFETY: mi_collect only releases memory the allocator holds free; it takes no pointers.
    unsafe {
        libmimalloc_sys::mi_collect(true);
    }
}
