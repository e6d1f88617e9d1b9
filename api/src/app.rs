//! Building the application: connect and migrate storage, assemble API, pages and operational
//! endpoints, start background jobs, and serve until told to stop. `main` is a thin shell around
//! this, and tests bind port 0 to run the very same thing.

use crate::allow::AllowedMethods;
use crate::body_limit::limit_body;
use crate::config::Config;
use crate::endpoints::api_service;
use crate::lang::with_lang;
use crate::mail::{Mailer, run_worker};
use crate::problem::{Problem, problems};
use crate::{lang, metrics};
use anyhow::Context;
use poem::endpoint::make_sync;
use poem::listener::{Acceptor, Listener, TcpAcceptor, TcpListener};
use poem::middleware::CatchPanic;
use poem::web::Data;
use poem::{EndpointExt, IntoResponse, Response, Route, Server, get, handler};
use std::future::Future;
use std::time::Duration;
use tokio::sync::watch;
use zjcs_domain::platform::outbox;
use zjcs_domain::service::{ServiceConfig, Services, sessions};
use zjcs_domain::store::{self, Db};
use zjcs_web::{ClientAddress, TrustedProxies, WebConfig};

/// Largest request body the server reads, except on the routes below: form posts and JSON are
/// small.
pub const BODY_LIMIT: usize = 256 * 1024;
/// The API's evidence upload takes the file itself as the body: at most the evidence limit, so
/// anything larger is refused with 413 before it is read.
pub const UPLOAD_LIMIT: usize = zjcs_domain::rules::evidence::MAX_EVIDENCE_BYTES;
/// Page forms that carry a file (multipart): the evidence limit plus room for the other fields.
pub const PAGE_UPLOAD_LIMIT: usize = UPLOAD_LIMIT + 1024 * 1024;
/// Bulk imports (a whole catalogue or dishonesty list as JSON or CSV).
pub const IMPORT_LIMIT: usize = 4 * 1024 * 1024;

/// The body limit of a request, by its full path.
fn body_limit(path: &str) -> usize {
    // Page forms that carry a file: a bid's plan, a signed contract.
    if path.starts_with("/projects/")
        && (path.ends_with("/register") || path.ends_with("/contract"))
    {
        return PAGE_UPLOAD_LIMIT;
    }
    match path {
        "/api/v1/firms/me/files" | "/api/v1/documents" => UPLOAD_LIMIT,
        "/api/v1/catalogue/import" | "/api/v1/dishonesty-list/import" => IMPORT_LIMIT,
        "/firm/qualifications" | "/firm/practitioners" => PAGE_UPLOAD_LIMIT,
        "/admin/catalogue/import" | "/dishonesty-list/import" => PAGE_UPLOAD_LIMIT,
        _ => BODY_LIMIT,
    }
}

/// A built, bound, not yet running application.
pub struct Application {
    acceptor: TcpAcceptor,
    port: u16,
    base_url: String,
    services: Services,
    mailer: Mailer,
    mail_from: lettre::message::Mailbox,
    mail_rate: u32,
    trusted_proxies: TrustedProxies,
}

/// Opens the configured database and brings its schema up to date where that is allowed: the
/// embedded SQLite default migrates itself; PostgreSQL is migrated by `zjcs migrate` as a release
/// step, and the server refuses to start on a schema that is behind.
pub async fn open_database(config: &Config, migrate_any: bool) -> anyhow::Result<Db> {
    open_database_keeping(config, migrate_any, 1).await
}

/// As [`open_database`], keeping `idle` PostgreSQL connections open (the server: see
/// [`Config::db_idle_connections`]; one-off commands keep one).
async fn open_database_keeping(
    config: &Config,
    migrate_any: bool,
    idle: u32,
) -> anyhow::Result<Db> {
    let url = config.database_url();
    if store::is_sqlite(&url) {
        std::fs::create_dir_all(&config.data_dir)
            .with_context(|| format!("creating data directory {}", config.data_dir.display()))?;
    }
    let db = store::connect_keeping(&url, idle)
        .await
        .with_context(|| format!("connecting to {}", redact(&url)))?;
    if store::is_sqlite(&url) || migrate_any {
        store::migrate(&db, &config.seal_key()?)
            .await
            .context("migrating the database")?;
    } else {
        use zjcs_migrations::MigratorTrait;
        let pending = zjcs_migrations::Migrator::get_pending_migrations(&db).await?;
        anyhow::ensure!(
            pending.is_empty(),
            "the database schema is behind by {} migration(s): run `zjcs migrate` first",
            pending.len()
        );
    }
    Ok(db)
}

/// A URL with any password removed, for logs and errors.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..s + 3], user, &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

impl Application {
    /// Connects, migrates (embedded default), binds the listener. Bind to port 0 for a free port.
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        let db = open_database_keeping(&config, false, config.db_idle_connections).await?;
        let service_config = ServiceConfig {
            id_hash_key: config.id_hash_key()?,
            calendar: config.calendar()?,
            ocid_prefix: config.ocid_prefix.clone(),
            audit_signing_key: config.audit_signing_key()?,
            seal_key: config.seal_key()?,
            ..ServiceConfig::default()
        };
        Self::build_with_db(config, db, service_config).await
    }

    /// As [`Application::build`], over an already opened and migrated database (tests).
    pub async fn build_with_db(
        config: Config,
        db: Db,
        mut service_config: ServiceConfig,
    ) -> anyhow::Result<Application> {
        let acceptor = TcpListener::bind(config.bind.clone())
            .into_acceptor()
            .await
            .with_context(|| format!("binding {}", config.bind))?;
        let port = acceptor
            .local_addr()
            .first()
            .and_then(|a| a.as_socket_addr().map(|s| s.port()))
            .context("listener has no address")?;
        let base_url = config.base_url(port);
        service_config.base_url = base_url.clone();
        let services = Services::new(db, service_config);
        services
            .check_seal_key()
            .await
            .context("checking the seal key against the database")?;
        let mailer = Mailer::new(config.smtp_url.as_deref(), &config.mail_dir())?;
        let mail_from = config
            .mail_from
            .parse()
            .context("ZJCS_MAIL_FROM is not a valid mailbox")?;
        metrics::handle();
        if config.server_timing {
            metrics::enable_server_timing();
        }
        Ok(Application {
            acceptor,
            port,
            base_url,
            services,
            mailer,
            mail_from,
            mail_rate: config.mail_rate,
            trusted_proxies: config.trusted_proxies.unwrap_or_default(),
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn services(&self) -> &Services {
        &self.services
    }

    /// Serves until `shutdown` completes, then finishes in-flight requests (up to 10 s) and stops
    /// the background jobs.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let (stop_tx, stop_rx) = watch::channel(false);
        let worker = tokio::spawn(run_worker(
            self.services.db.clone(),
            self.mailer.clone(),
            self.mail_from.clone(),
            self.mail_rate,
            stop_rx.clone(),
        ));
        let directory = tokio::spawn(run_directory_refresh(
            self.services.clone(),
            stop_rx.clone(),
        ));
        let closer = tokio::spawn(run_project_closing(self.services.clone(), stop_rx.clone()));
        let credit = tokio::spawn(run_credit_jobs(self.services.clone(), stop_rx.clone()));
        let housekeeper = tokio::spawn(run_housekeeping(self.services.db.clone(), stop_rx));
        let app = routes(
            self.services.clone(),
            &self.base_url,
            self.trusted_proxies.clone(),
        );
        tracing::info!(url = %self.base_url, "zjcs is serving");
        let result = Server::new_with_acceptor(self.acceptor)
            .run_with_graceful_shutdown(app, shutdown, Some(Duration::from_secs(10)))
            .await;
        let _ = stop_tx.send(true);
        let _ = worker.await;
        let _ = housekeeper.await;
        let _ = directory.await;
        let _ = closer.await;
        let _ = credit.await;
        tracing::info!("zjcs stopped");
        result
    }
}

/// Loads the directory index at start and keeps it current every second, so that searches
/// rarely find it behind another instance's (or a bulk load's) changes. A search still checks the
/// version itself, so it never shows a committed change late; this only moves the reading off
/// the search's path.
async fn run_directory_refresh(services: Services, mut stop: watch::Receiver<bool>) {
    loop {
        let loads = services.directory_cache.full_loads();
        if let Err(e) = services.refresh_directory().await {
            tracing::warn!(error = %e, "directory refresh failed");
        }
        if services.directory_cache.full_loads() != loads {
            crate::trim_heap();
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(1)) => {}
            _ = stop.changed() => {}
        }
        if *stop.borrow() {
            break;
        }
    }
}

/// Closes projects whose registration deadline has passed, twice a second (a project closes at
/// most half a second late), and sends the "contract due" reminders. Every instance runs it;
/// each project is closed, and each reminder sent, by exactly one.
async fn run_project_closing(services: Services, mut stop: watch::Receiver<bool>) {
    loop {
        match services.close_due_projects().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(closed = n, "projects closed at their deadline"),
            Err(e) => tracing::warn!(error = %e, "closing projects failed"),
        }
        if let Err(e) = services.remind_due_contracts().await {
            tracing::warn!(error = %e, "contract reminders failed");
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_millis(500)) => {}
            _ = stop.changed() => {}
        }
        if *stop.borrow() {
            break;
        }
    }
}

/// Sends delivery reminders and lifts suspensions and black-listings that have run out, every
/// minute, and assesses every firm again once a day (events age out of the full-weight period and the window). Every
/// instance runs it; each transition is carried out by exactly one (see `service::credit`).
async fn run_credit_jobs(services: Services, mut stop: watch::Receiver<bool>) {
    let mut last_full: Option<std::time::Instant> = None;
    let mut last_checkpoint: Option<std::time::Instant> = None;
    // Checkpoints signed before the note format are re-signed as notes (same size and root).
    match services.upgrade_legacy_checkpoints().await {
        Ok(0) => {}
        Ok(n) => tracing::info!(
            checkpoints = n,
            "legacy audit checkpoints re-signed as notes"
        ),
        Err(e) => tracing::warn!(error = %e, "re-signing legacy audit checkpoints failed"),
    }
    // The whole audit log is verified at start (chain and published checkpoints), then each
    // minute what was appended, and again whole before each hourly checkpoint; a break fails
    // /readyz, shows in /metrics, is logged at ERROR, and stops checkpoints.
    let mut last_recheck = std::time::Instant::now();
    loop {
        match services.check_audit_log().await {
            Ok((h, _, _)) => {
                tracing::debug!(
                    verified = h.verified,
                    broken = h.broken.is_some(),
                    "audit log checked"
                )
            }
            Err(e) => tracing::warn!(error = %e, "audit log check failed"),
        }
        match services.remind_deliveries().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(mails = n, "delivery reminders sent"),
            Err(e) => tracing::warn!(error = %e, "delivery reminders failed"),
        }
        match services.expire_credit_restrictions().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(firms = n, "credit restrictions expired"),
            Err(e) => tracing::warn!(error = %e, "credit expiry failed"),
        }
        // A signed checkpoint of the audit log every hour (instances publishing the same size
        // keep one).
        if last_checkpoint.is_none_or(|t| t.elapsed() >= Duration::from_secs(3600)) {
            if last_recheck.elapsed() >= Duration::from_secs(3000) {
                last_recheck = std::time::Instant::now();
                if let Err(e) = services.recheck_audit_log().await {
                    tracing::warn!(error = %e, "audit log recheck failed");
                }
            }
            match services.publish_checkpoint().await {
                Ok(c) => {
                    last_checkpoint = Some(std::time::Instant::now());
                    tracing::info!(size = c.size, root = %c.root, "audit checkpoint published")
                }
                Err(e) => tracing::warn!(error = %e, "audit checkpoint failed"),
            }
        }
        if last_full.is_none_or(|t| t.elapsed() >= Duration::from_secs(24 * 3600)) {
            match services
                .recompute_credit_at(zjcs_domain::platform::clock::now())
                .await
            {
                Ok(done) => {
                    last_full = Some(std::time::Instant::now());
                    tracing::info!(
                        firms = done.firms,
                        events = done.events,
                        changed = done.changed,
                        ms = done.millis,
                        "credit recomputed"
                    )
                }
                Err(e) => tracing::warn!(error = %e, "credit recompute failed"),
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(60)) => {}
            _ = stop.changed() => {}
        }
        if *stop.borrow() {
            break;
        }
    }
}

/// Prunes old login failures and dead sessions every ten minutes (idempotent, so every instance
/// may run it).
async fn run_housekeeping(db: Db, mut stop: watch::Receiver<bool>) {
    loop {
        match sessions::prune(&db).await {
            Ok((failures, sessions)) if failures + sessions > 0 => {
                tracing::info!(failures, sessions, "housekeeping pruned old rows")
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "housekeeping failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(600)) => {}
            _ = stop.changed() => {}
        }
        if *stop.borrow() {
            break;
        }
    }
}

/// Every route of the server.
pub fn routes(
    services: Services,
    base_url: &str,
    trusted_proxies: TrustedProxies,
) -> impl poem::Endpoint<Output = Response> + use<> {
    let api = api_service(services.clone(), base_url);
    let spec = api.spec_endpoint();
    let docs = api.swagger_ui();
    let https = base_url.starts_with("https://");
    let allowed = AllowedMethods::from_spec(&api.spec());
    Route::new()
        .nest(
            "/api/v1",
            api.around(|ep, req| {
                let max = body_limit(req.original_uri().path());
                limit_body(ep, req, max)
            })
            .around(move |ep, req| problems(ep, req, allowed.clone())),
        )
        .at("/openapi.json", spec)
        .nest("/docs", docs)
        .at("/healthz", get(make_sync(|_| "ok")))
        .at("/readyz", get(readyz).data(services.clone()))
        .at("/metrics", get(metrics_text).data(services.clone()))
        .nest(
            "/",
            zjcs_web::app(
                services,
                WebConfig {
                    secure_cookies: https,
                },
            )
            .around(|ep, req| {
                let max = body_limit(req.original_uri().path());
                limit_body(ep, req, max)
            }),
        )
        .around(move |ep, req| crate::hardening::harden(ep, req, https))
        .around(with_lang)
        .around(metrics::track)
        // Every route sees the same client address (the API's login and the pages' alike).
        .with(ClientAddress::new(trusted_proxies))
        .around(crate::request_log::log_request)
        .with(
            CatchPanic::new()
                .with_handler(|_| Problem::new(lang::current_lang(), 500, "internal").into_http()),
        )
        .map_to_response()
}

/// Ready when the database answers and the audit log verifies (as far as checked: a log not
/// yet walked is not held against readiness).
#[handler]
async fn readyz(services: Data<&Services>) -> Response {
    if let Some(b) = services.audit_health().broken {
        return Response::builder()
            .status(poem::http::StatusCode::SERVICE_UNAVAILABLE)
            .body(format!(
                "audit log broken at entry {} ({}): see docs/VERIFY.md",
                b.seq, b.reason
            ));
    }
    match services.db.ping().await {
        Ok(()) => "ready".into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            Response::builder()
                .status(poem::http::StatusCode::SERVICE_UNAVAILABLE)
                .body("database unavailable")
        }
    }
}

/// Prometheus text format. The outbox gauges are refreshed here too, so they are current even
/// when the worker is idle.
#[handler]
async fn metrics_text(services: Data<&Services>) -> Response {
    let db = &services.db;
    if let (Ok(depth), Ok(lag)) = (outbox::depth(db).await, outbox::lag(db).await) {
        metrics::outbox_gauges(depth, lag);
    }
    metrics::audit_gauges(&services.audit_health());
    Response::builder()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(metrics::handle().render())
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
    tracing::info!("shutdown requested");
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact("sqlite://./zjcs.sqlite"), "sqlite://./zjcs.sqlite");
    }
}
