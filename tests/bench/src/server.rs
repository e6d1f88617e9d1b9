//! The server under load: the real `zjcs` binary in its own process (so that its memory is its
//! own), on a fresh data directory and database, on a free loopback port.

use anyhow::{Context, bail};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use zjcs_domain::store::{self, ConnectionTrait};

/// Finds the `zjcs` binary: `explicit` if given; otherwise, when run by `cargo run`, builds it in
/// the bench's own profile first (a no-op when it is up to date); otherwise the one next to this
/// executable.
pub fn locate_zjcs(explicit: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    if let Some(p) = explicit {
        if !p.is_file() {
            bail!("--zjcs {}: no such file", p.display());
        }
        return Ok(p);
    }
    let exe = std::env::current_exe().context("locating this executable")?;
    let dir = exe
        .parent()
        .context("executable has no directory")?
        .to_owned();
    let candidate = dir.join(format!("zjcs{}", std::env::consts::EXE_SUFFIX));
    if let Ok(cargo) = std::env::var("CARGO") {
        let release = dir.file_name().is_some_and(|n| n == "release");
        eprintln!(
            "building zjcs ({} profile)…",
            if release { "release" } else { "dev" }
        );
        let mut cmd = Command::new(cargo);
        cmd.args(["build", "--quiet", "-p", "zjcs-api", "--bin", "zjcs"]);
        // `cargo run` gives this process the bench package's CARGO_PKG_*, CARGO_MANIFEST_DIR…;
        // build scripts (ring's) watch those, so passing them on would make this build and the
        // next `cargo run` of the bench each rebuild half the dependency tree.
        for (key, _) in std::env::vars_os() {
            let key = key.to_string_lossy();
            if is_run_variable(&key) {
                cmd.env_remove(key.as_ref());
            }
        }
        if let Ok(dir) = std::env::var("CARGO_MANIFEST_DIR") {
            cmd.current_dir(dir);
        }
        if release {
            cmd.arg("--release");
        }
        let status = cmd.status().context("running cargo build for zjcs")?;
        if !status.success() {
            bail!("cargo build -p zjcs-api --bin zjcs failed ({status})");
        }
    }
    if !candidate.is_file() {
        bail!(
            "{} not found: build it first with `cargo build --release -p zjcs-api --bin zjcs`, or pass --zjcs PATH",
            candidate.display()
        );
    }
    Ok(candidate)
}

/// Whether `key` is one of the variables `cargo run` sets for the program it runs (as opposed to
/// configuration such as CARGO_HOME or CARGO_TARGET_DIR).
fn is_run_variable(key: &str) -> bool {
    const PREFIXES: [&str; 3] = ["CARGO_PKG_", "CARGO_MANIFEST_", "CARGO_CFG_"];
    const NAMES: [&str; 6] = [
        "CARGO_CRATE_NAME",
        "CARGO_BIN_NAME",
        "CARGO_PRIMARY_PACKAGE",
        "CARGO_RUSTC_CURRENT_DIR",
        "CARGO_TARGET_TMPDIR",
        "OUT_DIR",
    ];
    PREFIXES.iter().any(|p| key.starts_with(p)) || NAMES.contains(&key)
}

/// The database the server runs on, and how to clean it up.
pub struct Database {
    pub url: String,
    pub engine: &'static str,
    /// A PostgreSQL database created for this run: (admin URL, name), dropped afterwards.
    created: Option<(String, String)>,
}

impl Database {
    /// `given` None: a fresh SQLite file in `data_dir`. A PostgreSQL URL: a fresh database
    /// `zjcs_bench_<id>` on that server, unless `in_place`. Any other URL: used as is.
    pub async fn provision(
        given: Option<&str>,
        in_place: bool,
        data_dir: &Path,
        id: &str,
    ) -> anyhow::Result<Database> {
        let Some(url) = given.filter(|u| !u.is_empty()) else {
            let url = format!(
                "sqlite://{}?mode=rwc",
                data_dir.join("zjcs.sqlite").display()
            );
            return Ok(Database {
                url,
                engine: "sqlite",
                created: None,
            });
        };
        if store::is_sqlite(url) {
            return Ok(Database {
                url: url.to_owned(),
                engine: "sqlite",
                created: None,
            });
        }
        if in_place {
            return Ok(Database {
                url: url.to_owned(),
                engine: "postgres",
                created: None,
            });
        }
        let name = format!("zjcs_bench_{id}");
        let admin = store::connect(url)
            .await
            .with_context(|| format!("connecting to {url}"))?;
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .context("creating the bench database")?;
        admin.close().await.ok();
        let db_url = zjcs_domain::testing::replace_db_name(url, &name);
        Ok(Database {
            url: db_url,
            engine: "postgres",
            created: Some((url.to_owned(), name)),
        })
    }

    /// Drops a database created by [`Database::provision`].
    pub async fn cleanup(&self) -> anyhow::Result<()> {
        if let Some((admin_url, name)) = &self.created {
            let admin = store::connect(admin_url).await?;
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await?;
            admin.close().await.ok();
        }
        Ok(())
    }
}

/// A running `zjcs serve`. Killed when dropped.
pub struct Server {
    child: Child,
    pub base_url: String,
    log: PathBuf,
}

impl Server {
    /// Migrates the database with `zjcs migrate`, then starts `zjcs serve` and waits until
    /// `/healthz` answers.
    pub async fn start(zjcs: &Path, data_dir: &Path, database_url: &str) -> anyhow::Result<Server> {
        let port = free_port()?;
        let log = data_dir.join("zjcs.log");
        let command = |sub: &str| -> anyhow::Result<Command> {
            let mut c = Command::new(zjcs);
            c.arg(sub)
                .env("ZJCS_BIND", format!("127.0.0.1:{port}"))
                .env("ZJCS_DATA_DIR", data_dir)
                // The datasets write sealed rows themselves (crate::BENCH_SEAL_KEY).
                .env("ZJCS_SEAL_KEY", crate::BENCH_SEAL_KEY)
                .env("DATABASE_URL", database_url)
                .env("RUST_LOG", "warn")
                // Each response says the server's own time (load::server_timing_us).
                .env("ZJCS_SERVER_TIMING", "true")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(
                    std::fs::OpenOptions::new()
                        .create(true)
                        .append(true)
                        .open(&log)?,
                );
            Ok(c)
        };
        let status = command("migrate")?
            .status()
            .context("running zjcs migrate")?;
        if !status.success() {
            bail!("zjcs migrate failed ({status}):\n{}", tail(&log));
        }
        let child = command("serve")?.spawn().context("starting zjcs serve")?;
        let mut server = Server {
            child,
            base_url: format!("http://127.0.0.1:{port}"),
            log,
        };
        server.wait_ready().await?;
        Ok(server)
    }

    async fn wait_ready(&mut self) -> anyhow::Result<()> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()?;
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = self.child.try_wait()? {
                bail!(
                    "zjcs exited during start-up ({status}):\n{}",
                    tail(&self.log)
                );
            }
            if let Ok(r) = client
                .get(format!("{}/healthz", self.base_url))
                .send()
                .await
                && r.status().is_success()
            {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!(
                    "zjcs did not answer /healthz within 60 s:\n{}",
                    tail(&self.log)
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Fails if the server has exited (e.g. crashed under load).
    pub fn check_alive(&mut self) -> anyhow::Result<()> {
        if let Some(status) = self.child.try_wait()? {
            bail!("zjcs exited ({status}):\n{}", tail(&self.log));
        }
        Ok(())
    }

    /// The server's warnings and errors so far (its stderr at RUST_LOG=warn).
    pub fn log_tail(&self) -> String {
        tail(&self.log)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Memory figures of a process from `/proc/<pid>/status`, in bytes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Memory {
    /// Resident set size now (VmRSS).
    pub rss: u64,
    /// Peak resident set size since start (VmHWM).
    pub peak: u64,
}

/// Reads [`Memory`] of `pid`; None where `/proc` is unavailable (not Linux).
pub fn memory(pid: u32) -> Option<Memory> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kb: u64 = line[name.len()..]
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(kb * 1024)
    };
    Some(Memory {
        rss: field("VmRSS:")?,
        peak: field("VmHWM:")?,
    })
}

fn free_port() -> anyhow::Result<u16> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(l.local_addr()?.port())
}

/// The last lines of a log file, for error messages.
fn tail(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(20)..].join("\n")
}
