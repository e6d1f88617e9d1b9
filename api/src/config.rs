//! Configuration from flags and environment, with defaults that need nothing else: a SQLite file
//! in the data directory, mail written to files, listening on 127.0.0.1:8080.

use clap::Args;
use std::path::PathBuf;
use zjcs_web::TrustedProxies;

/// `ZJCS_TRUSTED_PROXIES`, checked when the server starts (a bad entry stops it, named).
fn parse_trusted_proxies(s: &str) -> Result<TrustedProxies, String> {
    s.parse()
}

/// Settings shared by every command (each also readable from the environment).
/// Where zjcs listens when nothing is configured.
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
/// Mails an instance sends a second when nothing is configured.
pub const DEFAULT_MAIL_RATE: u32 = 100;
/// PostgreSQL connections the server keeps open when nothing is configured: half its pool.
pub const DEFAULT_DB_IDLE_CONNECTIONS: u32 = 16;
/// The sender of outgoing mail when nothing is configured.
pub const DEFAULT_MAIL_FROM: &str = "中介超市 <noreply@zjcs.localhost>";

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Database URL: `sqlite://…` or `postgres://…`. Default: `zjcs.sqlite` in the data directory.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Address to listen on.
    #[arg(
        long,
        env = "ZJCS_BIND",
        default_value = DEFAULT_BIND,
        global = true
    )]
    pub bind: String,
    /// Public URL of the site, used in mails and feeds. Default: `http://<bind>`.
    #[arg(long, env = "ZJCS_BASE_URL", global = true)]
    pub base_url: Option<String>,
    /// SMTP server, e.g. `smtp://127.0.0.1:2525` or `smtps://user:pass@mail.example.cn`.
    /// Unset: mail is written as .eml files under `<data dir>/mail`.
    #[arg(long, env = "ZJCS_SMTP_URL", global = true)]
    pub smtp_url: Option<String>,
    /// Sender of outgoing mail.
    #[arg(
        long,
        env = "ZJCS_MAIL_FROM",
        default_value = DEFAULT_MAIL_FROM,
        global = true
    )]
    pub mail_from: String,
    /// Mails sent a second at most, on average, by each instance (a second's worth may go at
    /// once). Mail servers limit senders' rates; a burst of mail (a mail a bid before a deadline)
    /// goes out after the burst instead of taking the processor from the requests.
    #[arg(
        long,
        env = "ZJCS_MAIL_RATE",
        default_value_t = DEFAULT_MAIL_RATE,
        value_parser = clap::value_parser!(u32).range(1..=100_000),
        global = true
    )]
    pub mail_rate: u32,
    /// Secret key (at least 32 characters) under which legal representatives' ID numbers are
    /// hashed. Every instance sharing a database must use the same key; keep it out of the
    /// database and its backups. Unset: a random key kept in `<data dir>/id-hash.key`.
    #[arg(long, env = "ZJCS_ID_HASH_KEY", global = true, hide_env_values = true)]
    pub id_hash_key: Option<String>,
    /// The holiday calendar: a text file of lines `YYYY-MM-DD holiday|workday [name]` (the days
    /// that differ from Monday to Friday, e.g. the State Council's yearly arrangement). Unset:
    /// `<data dir>/holidays.txt` if it exists, otherwise Monday to Friday.
    #[arg(long, env = "ZJCS_HOLIDAYS", global = true)]
    pub holidays: Option<PathBuf>,
    /// The seed of the Ed25519 key that signs the audit log's checkpoints, 64 hex digits. Every
    /// instance sharing a database must use the same key. Unset: a random key kept in
    /// `<data dir>/audit-signing.key`.
    #[arg(
        long,
        env = "ZJCS_AUDIT_SIGNING_KEY",
        global = true,
        hide_env_values = true
    )]
    pub audit_signing_key: Option<String>,
    /// The key sealed bids, plan files and draw seeds are encrypted under until a project opens,
    /// 64 hex digits. Every instance sharing a database must use the same key (an instance with
    /// another key refuses to start); keep it out of the database and its backups. Unset: a
    /// random key kept in `<data dir>/seal.key`.
    #[arg(long, env = "ZJCS_SEAL_KEY", global = true, hide_env_values = true)]
    pub seal_key: Option<String>,
    /// The OCDS ocid prefix registered for this publisher (`ocds-` and six characters; see
    /// <https://standard.open-contracting.org/latest/en/guidance/publish/#register-an-ocid-prefix>).
    /// Every release's ocid is this prefix, `-`, and the project's id.
    #[arg(
        long,
        env = "ZJCS_OCID_PREFIX",
        default_value = zjcs_domain::service::ocds::DEFAULT_OCID_PREFIX,
        global = true
    )]
    pub ocid_prefix: String,
    /// PostgreSQL connections the server keeps open when idle (1–32; the pool opens up to 32
    /// under load). Ignored for SQLite.
    #[arg(
        long,
        env = "ZJCS_DB_IDLE_CONNECTIONS",
        default_value_t = DEFAULT_DB_IDLE_CONNECTIONS,
        value_parser = clap::value_parser!(u32).range(1..=zjcs_domain::store::POSTGRES_MAX_CONNECTIONS as i64),
        global = true
    )]
    pub db_idle_connections: u32,
    /// Reverse proxies in front of zjcs, as IP addresses and networks separated by commas
    /// (`127.0.0.1, 10.0.0.0/8`). Only for requests from these is the client's address taken
    /// from `Forwarded` / `X-Forwarded-For`; otherwise it is the connection's peer. Unset: no
    /// proxy is trusted.
    #[arg(
        long,
        env = "ZJCS_TRUSTED_PROXIES",
        value_parser = parse_trusted_proxies,
        global = true
    )]
    pub trusted_proxies: Option<TrustedProxies>,
    /// Adds `Server-Timing: app;dur=<ms>` to every response: the time zjcs took over it, without
    /// the network and the client's queueing (for the benchmark and for operators). Off by
    /// default.
    #[arg(long, env = "ZJCS_SERVER_TIMING", global = true)]
    pub server_timing: bool,
    /// Directory holding the SQLite file, uploads and mail files.
    #[arg(long, env = "ZJCS_DATA_DIR", default_value = ".", global = true)]
    pub data_dir: PathBuf,
}

impl Config {
    /// The default configuration rooted at `data_dir` (what a bare `zjcs` uses in that directory).
    pub fn with_data_dir(data_dir: impl Into<PathBuf>) -> Config {
        Config {
            database_url: None,
            bind: DEFAULT_BIND.into(),
            base_url: None,
            smtp_url: None,
            mail_from: DEFAULT_MAIL_FROM.into(),
            mail_rate: DEFAULT_MAIL_RATE,
            id_hash_key: None,
            holidays: None,
            audit_signing_key: None,
            seal_key: None,
            ocid_prefix: zjcs_domain::service::ocds::DEFAULT_OCID_PREFIX.into(),
            db_idle_connections: DEFAULT_DB_IDLE_CONNECTIONS,
            trusted_proxies: None,
            server_timing: false,
            data_dir: data_dir.into(),
        }
    }

    /// The holiday calendar in force (see [`Config::holidays`]). A file that does not parse
    /// stops the start with every bad line named: deadlines must not silently count wrong.
    pub fn calendar(&self) -> anyhow::Result<zjcs_domain::rules::calendar::Calendar> {
        use zjcs_domain::rules::calendar::Calendar;
        let (path, required) = match &self.holidays {
            Some(p) => (p.clone(), true),
            None => (self.data_dir.join("holidays.txt"), false),
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Calendar::default());
            }
            Err(e) => {
                return Err(anyhow::Error::new(e).context(format!("reading {}", path.display())));
            }
        };
        Calendar::parse(&text).map_err(|errors| {
            let lines: Vec<String> = errors
                .iter()
                .map(|e| format!("line {}: {}", e.line, e.reason))
                .collect();
            anyhow::anyhow!("{}: {}", path.display(), lines.join("; "))
        })
    }

    /// The ID-number hash key in force: the configured one, or the data directory's key file,
    /// created with 32 random bytes (readable by the owner only) the first time.
    pub fn id_hash_key(&self) -> anyhow::Result<Vec<u8>> {
        if let Some(k) = &self.id_hash_key {
            anyhow::ensure!(
                k.chars().count() >= 32,
                "ZJCS_ID_HASH_KEY must be at least 32 characters"
            );
            return Ok(k.as_bytes().to_vec());
        }
        Ok(self
            .kept_secret("id-hash.key", "ZJCS_ID_HASH_KEY", |k| k.len() >= 32)?
            .into_bytes())
    }

    /// The seed of the Ed25519 key the audit checkpoints are signed with: `ZJCS_AUDIT_SIGNING_KEY`
    /// (64 hex digits), else `<data dir>/audit-signing.key`, created with a random key the
    /// first time. Every instance sharing a database must use the same key.
    pub fn audit_signing_key(&self) -> anyhow::Result<[u8; 32]> {
        let parse = |k: &str| -> Option<[u8; 32]> { hex::decode(k.trim()).ok()?.try_into().ok() };
        if let Some(k) = &self.audit_signing_key {
            return parse(k).ok_or_else(|| {
                anyhow::anyhow!("ZJCS_AUDIT_SIGNING_KEY must be 64 hexadecimal digits")
            });
        }
        let k = self.kept_secret("audit-signing.key", "ZJCS_AUDIT_SIGNING_KEY", |k| {
            parse(k).is_some()
        })?;
        parse(&k).ok_or_else(|| anyhow::anyhow!("audit-signing.key is not 64 hexadecimal digits"))
    }

    /// The seal key (see [`Config::seal_key`]): `ZJCS_SEAL_KEY` (64 hex digits), else
    /// `<data dir>/seal.key`, created with a random key the first time.
    pub fn seal_key(&self) -> anyhow::Result<zjcs_domain::rules::seal::SealKey> {
        use zjcs_domain::rules::seal::SealKey;
        if let Some(k) = &self.seal_key {
            return SealKey::from_hex(k)
                .ok_or_else(|| anyhow::anyhow!("ZJCS_SEAL_KEY must be 64 hexadecimal digits"));
        }
        let k = self.kept_secret("seal.key", "ZJCS_SEAL_KEY", |k| {
            SealKey::from_hex(k).is_some()
        })?;
        SealKey::from_hex(&k)
            .ok_or_else(|| anyhow::anyhow!("seal.key is not 64 hexadecimal digits"))
    }

    /// A secret kept in a file of the data directory: read if it is there (and `valid`),
    /// otherwise created with a fresh random secret (64 hex digits), readable by its owner only.
    fn kept_secret(
        &self,
        file: &str,
        env: &str,
        valid: impl Fn(&str) -> bool,
    ) -> anyhow::Result<String> {
        let path = self.data_dir.join(file);
        match std::fs::read_to_string(&path) {
            Ok(k) if valid(k.trim()) => return Ok(k.trim().to_owned()),
            Ok(_) => anyhow::bail!(
                "{} is not a valid key; remove it or set {env}",
                path.display()
            ),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(anyhow::Error::new(e).context(format!("reading {}", path.display())));
            }
        }
        std::fs::create_dir_all(&self.data_dir)?;
        let key = zjcs_domain::platform::new_secret();
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&path) {
            Ok(mut f) => {
                use std::io::Write;
                f.write_all(key.as_bytes())?;
                f.sync_all()?;
                tracing::info!(path = %path.display(), "created {file}");
                Ok(key)
            }
            // Another process created it first: use theirs.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                Ok(std::fs::read_to_string(&path)?.trim().to_owned())
            }
            Err(e) => Err(anyhow::Error::new(e).context(format!("creating {}", path.display()))),
        }
    }

    /// The database URL in force.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(u) if !u.is_empty() => u.clone(),
            _ => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("zjcs.sqlite").display()
            ),
        }
    }

    /// The public base URL in force (no trailing slash).
    pub fn base_url(&self, bound_port: u16) -> String {
        match &self.base_url {
            Some(u) if !u.is_empty() => u.trim_end_matches('/').to_owned(),
            _ => {
                let host = self
                    .bind
                    .rsplit_once(':')
                    .map(|(h, _)| h)
                    .unwrap_or("127.0.0.1");
                let host = if host == "0.0.0.0" || host.is_empty() {
                    "127.0.0.1"
                } else {
                    host
                };
                format!("http://{host}:{bound_port}")
            }
        }
    }

    /// Where mail files go when no SMTP server is configured.
    pub fn mail_dir(&self) -> PathBuf {
        self.data_dir.join("mail")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_need_no_service() {
        let c = Config::with_data_dir("/var/lib/zjcs");
        assert_eq!(
            c.database_url(),
            "sqlite:///var/lib/zjcs/zjcs.sqlite?mode=rwc"
        );
        assert_eq!(c.base_url(8080), "http://127.0.0.1:8080");
        assert_eq!(c.mail_dir(), PathBuf::from("/var/lib/zjcs/mail"));
    }

    #[test]
    fn the_id_hash_key_is_created_once_and_kept() {
        let dir = std::env::temp_dir().join(format!("zjcs-key-{}", uuid::Uuid::new_v4()));
        let c = Config::with_data_dir(&dir);
        let first = c.id_hash_key().unwrap();
        assert_eq!(first.len(), 64);
        assert_eq!(c.id_hash_key().unwrap(), first);
        let mut explicit = c.clone();
        explicit.id_hash_key = Some("short".into());
        assert!(explicit.id_hash_key().is_err());
        explicit.id_hash_key = Some("k".repeat(40));
        assert_eq!(explicit.id_hash_key().unwrap(), b"k".repeat(40));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn explicit_values_win() {
        let mut c = Config::with_data_dir(".");
        c.database_url = Some("postgres://db/zjcs".into());
        c.base_url = Some("https://zjcs.example.cn/".into());
        assert_eq!(c.database_url(), "postgres://db/zjcs");
        assert_eq!(c.base_url(1), "https://zjcs.example.cn");
        c.bind = "0.0.0.0:9000".into();
        c.base_url = None;
        assert_eq!(c.base_url(9000), "http://127.0.0.1:9000");
    }

    #[test]
    fn the_holiday_calendar_comes_from_the_data_directory_or_the_setting() {
        use chrono::NaiveDate;
        let dir = std::env::temp_dir().join(format!("zjcs-cal-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let c = Config::with_data_dir(&dir);
        let national_day = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        assert!(
            c.calendar().unwrap().is_working_day(national_day),
            "no file: Mon–Fri"
        );
        std::fs::write(dir.join("holidays.txt"), "2026-10-01 holiday 国庆节\n").unwrap();
        assert!(!c.calendar().unwrap().is_working_day(national_day));
        // A named file must exist and parse; a bad line stops the start, naming it.
        let mut named = c.clone();
        named.holidays = Some(dir.join("missing.txt"));
        assert!(named.calendar().is_err());
        std::fs::write(
            dir.join("bad.txt"),
            "2026-10-01 holiday\n2026-13-01 holiday\n",
        )
        .unwrap();
        named.holidays = Some(dir.join("bad.txt"));
        let e = named.calendar().unwrap_err().to_string();
        assert!(e.contains("line 2"), "{e}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn trusted_proxies_are_parsed_at_start_and_a_bad_entry_is_named() {
        use clap::Parser;
        let cli = crate::cli::Cli::try_parse_from([
            "zjcs",
            "--trusted-proxies",
            "127.0.0.1, 10.0.0.0/8",
            "serve",
        ])
        .unwrap();
        let trusted = cli.config.trusted_proxies.unwrap();
        assert!(trusted.contains("10.1.2.3".parse().unwrap()));
        assert!(!trusted.contains("192.0.2.1".parse().unwrap()));
        assert!(
            crate::cli::Cli::try_parse_from(["zjcs", "serve"])
                .unwrap()
                .config
                .trusted_proxies
                .is_none()
        );
        let e = crate::cli::Cli::try_parse_from(["zjcs", "--trusted-proxies", "10.0.0.0/8,proxy"])
            .unwrap_err()
            .to_string();
        assert!(e.contains("\"proxy\""), "{e}");
    }
}
