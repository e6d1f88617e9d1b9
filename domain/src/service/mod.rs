//! Use cases (用例). Each public function authorizes its caller, loads what it needs, decides
//! with the pure rules and writes the outcome in one transaction together with its audit entry
//! and any outbox mail.

pub mod accounts;
pub mod audit_trail;
pub mod catalogue;
pub mod complaints;
pub mod credit;
pub mod credit_repair;
pub mod delivery;
pub mod directory;
pub mod dishonesty;
pub mod dossiers;
pub mod evaluation;
pub mod files;
pub mod firms;
pub mod inspections;
pub mod layers;
pub mod ocds;
pub mod procurement;
pub mod red_list;
pub mod sealing;
pub mod sessions;
pub mod surveillance;
pub mod transparency;

use crate::error::{Error, Result};
use crate::model::Actor;
use crate::rules::access::{Permission, may};
use crate::store::Db;
use std::sync::Arc;
use std::time::Duration;

/// Settings the services need from the deployment.
#[derive(Debug, Clone)]
pub struct ServiceConfig {
    /// Public URL of the site, used in links inside mails (no trailing slash).
    pub base_url: String,
    /// How long a session lasts after login.
    pub session_ttl: Duration,
    /// Whether failed-login delays are actually slept (tests of other things turn it off).
    pub throttle_sleep: bool,
    /// The secret key ID numbers are hashed under (see [`crate::rules::identity`]). Every
    /// instance sharing a database must use the same key.
    pub id_hash_key: Vec<u8>,
    /// The holiday calendar working-day periods count by (registration window, notice period,
    /// contract deadline). Every instance sharing a database should use the same one.
    pub calendar: crate::rules::calendar::Calendar,
    /// The OCDS ocid prefix of this publisher (see [`ocds`]).
    pub ocid_prefix: String,
    /// The seed of the Ed25519 key that signs the audit log's checkpoints (see
    /// [`transparency`]). Every instance sharing a database must use the same one.
    pub audit_signing_key: [u8; 32],
    /// The key sealed bids, plans and draw seeds are encrypted under (see
    /// [`crate::rules::seal`]). Every instance sharing a database must use the same key.
    pub seal_key: crate::rules::seal::SealKey,
    /// Rows a background job (the delivery and contract reminders) reads at a time; it reads
    /// page after page until none is left.
    pub job_page: u64,
}

impl Default for ServiceConfig {
    fn default() -> Self {
        Self {
            base_url: "http://127.0.0.1:8080".into(),
            session_ttl: Duration::from_secs(7 * 24 * 3600),
            throttle_sleep: true,
            // Only for tests and throw-away databases; `zjcs` always supplies its own key.
            id_hash_key: b"zjcs-development-key".to_vec(),
            calendar: crate::rules::calendar::Calendar::default(),
            ocid_prefix: ocds::DEFAULT_OCID_PREFIX.into(),
            // Only for tests and throw-away databases; `zjcs` always supplies its own key.
            audit_signing_key: *b"zjcs-development-audit-key-00000",
            // Only for tests and throw-away databases; `zjcs` always supplies its own key.
            seal_key: crate::rules::seal::SealKey::new(*b"zjcs-development-seal-key-000000"),
            job_page: 500,
        }
    }
}

/// The services over one database. Cheap to clone.
#[derive(Clone)]
pub struct Services {
    pub db: Db,
    pub config: ServiceConfig,
    /// This instance's in-memory directory (shared by the clones).
    pub directory_cache: Arc<directory::DirectoryCache>,
    /// This instance's queue of sealed bids (group commit; shared by the clones).
    pub bid_desk: Arc<procurement::BidDesk>,
    /// This instance's queue of session-token lookups (shared by the clones).
    pub session_lookup: Arc<sessions::SessionLookup>,
    /// What this instance has verified of the audit log (shared by the clones).
    pub audit_watch: Arc<transparency::AuditWatchCell>,
}

impl Services {
    pub fn new(db: Db, config: ServiceConfig) -> Self {
        Self {
            db,
            config,
            directory_cache: Arc::default(),
            bid_desk: Arc::new(procurement::bid_desk()),
            // Lookups only read, so two may run at once. Not more: under a burst each task takes
            // what has queued, and more tasks make smaller batches (more statements for the same
            // tokens); in the PostgreSQL bid storm four tasks took fewer bids a second than two
            // (figures: tests/bench/README.md, section "Figures moved from code comments").
            session_lookup: Arc::new(sessions::SessionLookup::new(256, 2)),
            audit_watch: Arc::default(),
        }
    }
}

/// A free text a service takes (a reason, a note, a reply): trimmed, at most 2,000 characters,
/// required or not; refused as `field`.
pub(crate) fn reason_text(value: &str, field: &'static str, required: bool) -> Result<String> {
    reason_field(value, field, required).map_err(|e| Error::Validation(vec![e]))
}

/// [`reason_text`]'s check as a field error: the free-text gate of [`crate::model::text`], with
/// the reason's own messages for a missing or overlong text.
pub(crate) fn reason_field(
    value: &str,
    field: &'static str,
    required: bool,
) -> Result<String, crate::error::FieldError> {
    crate::model::text::text(value, field, 2000, required).map_err(|mut e| {
        e.code = match e.code {
            "field.required" => "field.reason.required",
            "field.too-long" => "field.reason.too-long",
            other => other,
        };
        e
    })
}

/// An action a page offers to start from a list rather than from one thing's view (which
/// carries its own `allowed` steps).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// A new inspection round ([`Services::create_inspection_round`]).
    InspectionRound,
    /// A dishonesty-list import ([`Services::import_dishonesty_list`]).
    DishonestyImport,
    /// A regulator's entry on a firm's credit ledger ([`Services::record_credit_entry`]).
    CreditEntry,
}

impl Start {
    /// The permission the use case asks for.
    fn permission(self) -> Permission {
        match self {
            Start::InspectionRound => Permission::RunInspections,
            Start::DishonestyImport => Permission::ImportDishonestyList,
            Start::CreditEntry => Permission::SuperviseCredit,
        }
    }
}

impl Services {
    /// Whether the page should offer `viewer` to start `what`: the decision the use case makes
    /// when asked, made here so that no page names a permission.
    pub fn may_start(&self, viewer: Option<&Actor>, what: Start) -> bool {
        viewer.is_some_and(|a| may(a.role, what.permission()))
    }
}

/// Refuses unless the actor's role holds the permission.
pub fn authorize(actor: &Actor, p: Permission) -> Result<()> {
    if may(actor.role, p) {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}
