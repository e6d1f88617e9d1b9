//! The `zjcs` command line: serve (the default), migrate, operator tasks and verifiers.

use crate::app::{Application, open_database, shutdown_signal};
use crate::config::Config;
use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Read;
use zjcs_domain::error::Error as DomainError;
use zjcs_domain::i18n::{Lang, message};
use zjcs_domain::model::{DisplayName, Email, Password, Role};
use zjcs_domain::platform::audit;
use zjcs_domain::service::catalogue::ImportOutcome;
use zjcs_domain::service::{ServiceConfig, Services};

#[derive(Debug, Parser)]
#[command(
    name = "zjcs",
    version,
    about = "中介超市 — the online intermediary-service marketplace"
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the marketplace (the default).
    Serve,
    /// Apply pending database migrations (a release step on PostgreSQL).
    Migrate,
    /// Operator tasks on accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// The audit chain.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// The service-item catalogue.
    #[command(subcommand)]
    Catalogue(CatalogueCommand),
    /// The imported dishonesty list (失信名单).
    #[command(subcommand)]
    Dishonesty(DishonestyCommand),
    /// Copy the embedded SQLite database to FILE: a consistent copy as of one instant, taken
    /// while the server runs (SQLite's `VACUUM INTO`), then checked (`PRAGMA integrity_check`).
    /// FILE must not exist; it is created readable by its owner only. The key files of the data
    /// directory are not in the copy: keep them apart from it (see the README). On PostgreSQL
    /// use pg_dump. Exit status 0: written; 1: refused or failed; 2: not SQLite.
    Backup { file: std::path::PathBuf },
    /// Check a published draw from public data alone: the seed against its commitment, the list
    /// against its hash, and the result by re-running the draw. Reads the draw's JSON document
    /// (as the API publishes it) from FILE, or standard input with `-`. Exit status 0: verified;
    /// 1: it does not match; 2: unreadable. Needs no database.
    VerifyDraw { file: std::path::PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum CatalogueCommand {
    /// Import items from a JSON or CSV file, all or nothing (known codes are updated). The
    /// format follows the extension (`.json`, `.csv`); `-` reads JSON from standard input.
    Import { file: std::path::PathBuf },
    /// Load the demo catalogue shipped with zjcs (21 items of a city-level list).
    LoadDemo,
}

#[derive(Debug, Subcommand)]
pub enum DishonestyCommand {
    /// Import a dishonesty list from a JSON array or a CSV file (UTF-8 or GBK; header
    /// `credit_code,name,reason,authority,listed_on,until`), all or nothing. A code with an
    /// entry in force has it rewritten, any other code gets a new entry. CSV when the file ends
    /// in `.csv` or with `--csv`; `-` reads standard input. Exit status 1 if refused.
    Import {
        /// The list's file; `-` reads standard input.
        file: std::path::PathBuf,
        /// Read the file as CSV whatever its name.
        #[arg(long)]
        csv: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a regulator or administrator account (these are never self-registered).
    Create {
        #[arg(long, value_enum)]
        role: PrivilegedRole,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Read the password from standard input instead of generating a one-time password.
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PrivilegedRole {
    Regulator,
    Admin,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk the whole chain and report the first broken link (exit status 1 if there is one).
    Verify,
    /// Check signed checkpoints and proofs offline, without the database or the server: reads
    /// a JSON bundle from FILE (`-`: standard input) with `public_key` (from
    /// `GET /audit/public-key`), `checkpoint`, and `inclusion` (from
    /// `GET /audit/proofs/inclusion`) and/or `old_checkpoint` with `consistency` (from
    /// `GET /audit/proofs/consistency`). Each checkpoint's signed note (its `note`, a C2SP
    /// checkpoint) is opened with the key and must say the checkpoint's origin, size and root;
    /// a legacy checkpoint (no `origin`) is checked by the legacy recipe (docs/VERIFY.md).
    /// Exit status 0: all verified; 1: something does not hold; 2: unreadable.
    VerifyProof { file: std::path::PathBuf },
}

/// Runs a parsed command line; returns the process exit code.
pub async fn run(cli: Cli) -> anyhow::Result<i32> {
    let config = cli.config;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = Application::build(config).await?;
            app.run_until(shutdown_signal()).await?;
            Ok(0)
        }
        Command::Migrate => {
            open_database(&config, true).await?;
            println!("migrations applied");
            Ok(0)
        }
        Command::User(UserCommand::Create {
            role,
            email,
            name,
            password_stdin,
        }) => {
            let email = Email::parse(&email)
                .map_err(|e| anyhow::anyhow!("email: {}", message(Lang::En, e.code)))?;
            let name = DisplayName::parse(&name, "name")
                .map_err(|e| anyhow::anyhow!("name: {}", message(Lang::En, e.code)))?;
            let (raw, generated) = if password_stdin {
                let mut s = String::new();
                std::io::stdin()
                    .read_to_string(&mut s)
                    .context("reading the password from stdin")?;
                (s.trim_end_matches(['\r', '\n']).to_owned(), false)
            } else {
                (zjcs_domain::platform::new_secret()[..24].to_owned(), true)
            };
            let password = Password::parse_new(&raw, "password")
                .map_err(|e| anyhow::anyhow!("password: {}", message(Lang::En, e.code)))?;
            let role = match role {
                PrivilegedRole::Regulator => Role::Regulator,
                PrivilegedRole::Admin => Role::Admin,
            };
            let db = open_database(&config, false).await?;
            let services = Services::new(db, ServiceConfig::default());
            match services
                .create_privileged(role, email, name, password)
                .await
            {
                Ok(acct) => {
                    println!(
                        "created {} account {} ({})",
                        acct.role.as_str(),
                        acct.email,
                        acct.id
                    );
                    if generated {
                        println!("one-time password: {raw}");
                        println!(
                            "give it to its holder over a safe channel; they should change it after logging in"
                        );
                    }
                    Ok(0)
                }
                Err(DomainError::EmailTaken) => {
                    eprintln!("an account with this email address exists already");
                    Ok(1)
                }
                Err(e) => Err(e.into()),
            }
        }
        Command::Catalogue(cmd) => {
            let (text, csv) = match &cmd {
                CatalogueCommand::LoadDemo => (
                    zjcs_domain::model::catalogue::DEMO_CATALOGUE_JSON.to_owned(),
                    false,
                ),
                CatalogueCommand::Import { file } if file.as_os_str() == "-" => {
                    let mut s = String::new();
                    std::io::stdin().read_to_string(&mut s)?;
                    (s, false)
                }
                CatalogueCommand::Import { file } => (
                    std::fs::read_to_string(file)
                        .with_context(|| format!("reading {}", file.display()))?,
                    file.extension()
                        .is_some_and(|e| e.eq_ignore_ascii_case("csv")),
                ),
            };
            import_catalogue(&config, &text, csv).await
        }
        Command::Dishonesty(DishonestyCommand::Import { file, csv }) => {
            let bytes = if file.as_os_str() == "-" {
                let mut b = Vec::new();
                std::io::stdin()
                    .read_to_end(&mut b)
                    .context("reading standard input")?;
                b
            } else {
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?
            };
            let csv = csv
                || file
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
            import_dishonesty_list(&config, &bytes, csv).await
        }
        Command::Backup { file } => backup(&config, &file).await,
        Command::VerifyDraw { file } => {
            let text = if file.as_os_str() == "-" {
                let mut s = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
                    .context("reading standard input")?;
                s
            } else {
                std::fs::read_to_string(&file)
                    .with_context(|| format!("reading {}", file.display()))?
            };
            Ok(verify_draw(&text))
        }
        Command::Audit(AuditCommand::VerifyProof { file }) => {
            let text = if file.as_os_str() == "-" {
                let mut s = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
                    .context("reading standard input")?;
                s
            } else {
                std::fs::read_to_string(&file)
                    .with_context(|| format!("reading {}", file.display()))?
            };
            let bundle: zjcs_domain::rules::checkpoint::ProofBundle =
                match serde_json::from_str(&text) {
                    Ok(b) => b,
                    Err(e) => {
                        println!("unreadable proof bundle: {e}");
                        return Ok(2);
                    }
                };
            match zjcs_domain::rules::checkpoint::verify_bundle(&bundle) {
                Ok(lines) => {
                    for l in lines {
                        println!("verified: {l}");
                    }
                    Ok(0)
                }
                Err(e) => {
                    println!("NOT VERIFIED: {e}");
                    Ok(1)
                }
            }
        }
        Command::Audit(AuditCommand::Verify) => {
            let db = open_database(&config, false).await?;
            let report = audit::verify_chain(&db).await?;
            match report.broken {
                None => {
                    println!("audit chain intact: {} entries verified", report.verified);
                    Ok(0)
                }
                Some(b) => {
                    println!(
                        "audit chain BROKEN at entry {} ({}); {} entries before it verified",
                        b.seq, b.reason, report.verified
                    );
                    Ok(1)
                }
            }
        }
    }
}

/// `zjcs backup FILE`: copies the embedded SQLite database while it is in use and checks the
/// copy; returns the exit status.
async fn backup(config: &Config, file: &std::path::Path) -> anyhow::Result<i32> {
    let url = config.database_url();
    if !zjcs_domain::store::is_sqlite(&url) {
        eprintln!(
            "zjcs backup copies the embedded SQLite database; this one is PostgreSQL: back it up \
             with pg_dump (e.g. pg_dump --format=custom --file=zjcs.dump \"$DATABASE_URL\", \
             restored with pg_restore; see the README, \"Backup and restore\")"
        );
        return Ok(2);
    }
    // The database as it is: never created (a wrong data directory is an error, not an empty
    // copy) and never migrated (a backup taken before an upgrade is of the old schema).
    let url = url.replace("mode=rwc", "mode=rw");
    // The copy holds what the database holds: created empty for its owner alone, then filled
    // (VACUUM INTO writes into an empty file). An existing file is never overwritten.
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    if let Err(e) = options.open(file) {
        eprintln!("zjcs backup: cannot create {}: {e}", file.display());
        return Ok(1);
    }
    let copy = zjcs_domain::store::sqlite_backup(&url, file);
    match copy.await {
        Ok(entries) => {
            let bytes = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
            println!(
                "backup written to {} ({bytes} bytes, integrity ok, audit log of {entries} entries)",
                file.display()
            );
            println!(
                "keep the data directory's keys (id-hash.key, audit-signing.key, seal.key) apart from it"
            );
            Ok(0)
        }
        Err(e) => {
            let _ = std::fs::remove_file(file);
            eprintln!("zjcs backup: {e}; nothing was kept");
            Ok(1)
        }
    }
}

/// Checks a published draw document and prints what matched; returns the exit status.
fn verify_draw(text: &str) -> i32 {
    use zjcs_domain::rules::draw::PublishedDraw;
    let doc: PublishedDraw = match serde_json::from_str(text) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("zjcs: not a published draw document: {e}");
            return 2;
        }
    };
    let verdict = match doc.verify() {
        Ok(v) => v,
        Err(why) => {
            eprintln!("zjcs: cannot check this draw: {why}");
            return 2;
        }
    };
    let yes = |b: bool| if b { "yes" } else { "NO" };
    println!(
        "draw: {} ({} of {} entries)",
        doc.context,
        doc.pick,
        doc.entries.len()
    );
    println!(
        "seed matches its commitment:   {}",
        yes(verdict.seed_matches_commitment)
    );
    println!(
        "list matches its hash:         {}",
        yes(verdict.list_matches_hash)
    );
    println!(
        "result matches a re-run:       {}",
        yes(verdict.result_matches)
    );
    if let Some(again) = verdict
        .recomputed
        .as_ref()
        .filter(|_| !verdict.result_matches)
    {
        println!("a re-run draws:                {}", again.join(", "));
    }
    if verdict.ok() {
        println!("draw verified");
        0
    } else {
        println!("draw NOT verified");
        1
    }
}

/// Imports catalogue rows and prints the outcome or, for a refused import, every bad row.
async fn import_catalogue(config: &Config, text: &str, csv: bool) -> anyhow::Result<i32> {
    use zjcs_domain::model::catalogue::{rows_from_csv, rows_from_json};
    let rows = if csv {
        rows_from_csv(text)
    } else {
        rows_from_json(text)
    };
    let import = async |s: Services, rows| s.import_items(None, rows).await;
    run_import(config, rows, import, ("catalogue", "items")).await
}

/// Imports a dishonesty list (JSON, or CSV in UTF-8 or GBK) and prints the outcome or, for a
/// refused import, every bad row.
async fn import_dishonesty_list(config: &Config, bytes: &[u8], csv: bool) -> anyhow::Result<i32> {
    use zjcs_domain::model::dishonesty::{csv_text, rows_from_csv, rows_from_json};
    let rows = if csv {
        csv_text(bytes).and_then(|text| rows_from_csv(&text))
    } else {
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        std::str::from_utf8(bytes)
            .map_err(|_| zjcs_domain::FieldError::new("rows", "field.import.encoding"))
            .and_then(rows_from_json)
    };
    let import = async |s: Services, rows| s.import_dishonesty_list(None, rows).await;
    run_import(config, rows, import, ("dishonesty list", "entries")).await
}

/// Runs a bulk import of rows read from a file (`Err`: the file as a whole is unreadable) and
/// prints what it did, naming the list and its rows, or why it was refused; returns
/// the exit status.
async fn run_import<R>(
    config: &Config,
    rows: Result<R, zjcs_domain::FieldError>,
    import: impl AsyncFnOnce(Services, R) -> Result<ImportOutcome, DomainError>,
    (list, rows_are): (&str, &str),
) -> anyhow::Result<i32> {
    let rows = match rows {
        Ok(rows) => rows,
        Err(e) => {
            eprintln!("import refused: {}", message(Lang::En, e.code));
            return Ok(1);
        }
    };
    let db = open_database(config, false).await?;
    match import(Services::new(db, ServiceConfig::default()), rows).await {
        Ok(o) => {
            println!(
                "{list} imported: {} {rows_are} created, {} updated",
                o.created, o.updated
            );
            Ok(0)
        }
        Err(DomainError::ImportRejected(rows)) => Ok(report_rejected(&rows)),
        Err(e) => Err(e.into()),
    }
}

/// Prints every row of a refused import with its problems; returns the exit status (1).
fn report_rejected(rows: &[zjcs_domain::model::catalogue::RejectedRow]) -> i32 {
    eprintln!("import refused, nothing was written; rows with problems:");
    for r in rows {
        let problems: Vec<String> = r
            .errors
            .iter()
            .map(|e| format!("{}: {}", e.field, message(Lang::En, e.code)))
            .collect();
        eprintln!("  row {} {}: {}", r.row, r.code, problems.join("; "));
    }
    1
}
