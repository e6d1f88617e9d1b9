//! The `zjcs` binary: parse the command line, set up logging, run.

use clap::Parser;
use tracing_subscriber::EnvFilter;

/// mimalloc, for Rust's allocations. With glibc's malloc, the bid storm's profile had much of
/// the server's time in malloc and in the futex waits of its arena locks (the runtime's
/// workers, SQLite's connection threads and the HTTP stack all allocating and freeing each
/// other's blocks); an arena per thread removed the waits but kept the freed blocks resident.
/// mimalloc's per-thread free lists take no lock on the common path and return
/// freed pages to the system by themselves. C code (SQLite) keeps glibc's malloc: replacing it
/// too (mimalloc's `override`) crashed LD_PRELOAD tools such as libfaketime at start-up
/// (libfaketime frees through the replaced `free`). Figures: tests/bench/README.md, sections
/// "mimalloc, fewer statements, a fixed read rate", "mimalloc without `override`" and
/// "Figures moved from code comments".
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // Before the runtime starts any thread.
    limit_c_arenas();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("zjcs: cannot start the async runtime: {e}");
            std::process::exit(2);
        }
    };
    runtime.block_on(run());
}

async fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = zjcs_api::cli::Cli::parse();
    match zjcs_api::cli::run(cli).await {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("zjcs: {e:#}");
            std::process::exit(2);
        }
    }
}

/// SQLite's allocations go to glibc's malloc, which gives every thread that allocates its own
/// arena (up to eight per core) and keeps what was freed in each: with SQLite's connection
/// threads allocating page caches, the directory bench's server went over its memory budget
/// (300 MB) with default arenas and stayed under it with two (figures: tests/bench/README.md,
/// section "mimalloc without `override`"). Two arenas still spare the two cores most lock
/// contention. `MALLOC_ARENA_MAX` in the environment wins.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn limit_c_arenas() {
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt only changes allocator tuning (and takes glibc's own lock); it is
        // called once, from `main`, before the runtime's threads exist.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 2);
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_c_arenas() {}
