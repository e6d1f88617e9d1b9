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

/// Gives freed heap memory back to the system. After the directory is reloaded in full, the
/// previous index and the reload's temporaries (hundreds of thousands of small blocks) are free
/// but scattered through the heap, where glibc keeps them resident; `malloc_trim` releases every
/// whole free page.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn trim_heap() {
    // SAFETY: malloc_trim only returns free memory to the system, under glibc's own locks.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn trim_heap() {}
