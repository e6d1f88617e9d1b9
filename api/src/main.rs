//! The `zjcs` binary: parse the command line, set up logging, run.

use clap::Parser;
use tracing_subscriber::EnvFilter;

fn main() {
    // Before the runtime starts any thread.
    return_large_blocks_to_the_system();
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

/// glibc raises its mmap threshold each time a large mmapped block is freed, after which the
/// 19 MiB working areas of password hashing come from per-thread arenas and are kept there after
/// use: the benchmark saw a login-heavy server keep gigabytes it no longer needed. A fixed
/// threshold of 1 MiB keeps such blocks mmapped, so freeing them gives the memory back.
///
/// glibc also gives every thread that allocates its own arena (up to eight per core), and each
/// arena keeps what was freed in it: with the runtime's workers, the blocking pool and SQLite's
/// connection threads all allocating, the benchmark saw the directory's 100,000 firms take
/// 275 MB resident with default arenas and 210 MB with one. Two arenas keep that low and still
/// spare the two cores most lock contention. `MALLOC_ARENA_MAX` in the environment overrides.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn return_large_blocks_to_the_system() {
    // SAFETY: mallopt only changes allocator tuning (and takes glibc's own lock); it is called
    // once, from `main`, before the runtime's threads exist.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
        // glibc's own MALLOC_ARENA_MAX, when an operator sets it, wins.
        if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
            libc::mallopt(libc::M_ARENA_MAX, 2);
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn return_large_blocks_to_the_system() {}
