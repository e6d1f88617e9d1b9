//! Configuration from flags and environment, with defaults that need nothing else: a SQLite file
//! in the data directory, mail written to files, listening on 127.0.0.1:8080.

use clap::Args;
use std::path::PathBuf;

/// Settings shared by every command (each also readable from the environment).
/// Where zjcs listens when nothing is configured.
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
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
            data_dir: data_dir.into(),
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
}
