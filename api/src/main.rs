//! The `zjcs` binary: parse the command line, set up logging, run.

use clap::Parser;
use tracing_subscriber::EnvFilter;

/// mimalloc, for Rust's allocations. With glibc's malloc, the bid storm's profile had a third
/// of the server's time in malloc and in the futex waits of its arena locks (the runtime's
/// workers, SQLite's connection threads and the HTTP stack all allocating and freeing each
/// other's blocks); an arena per thread removed the waits but kept hundreds of MB of freed
/// blocks resident. mimalloc's per-thread free lists take no lock on the common path and return
/// freed pages to the system by themselves. C code (SQLite) keeps glibc's malloc: replacing it
/// too (mimalloc's `override`) crashed LD_PRELOAD tools such as libfaketime at start-up
/// (libfaketime frees through the replaced `free`). Measured in tests/bench/README.md (bid
/// storm, directory memory, login).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
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
