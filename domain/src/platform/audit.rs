//! The audit log (操作留痕): one function, [`record`], that every state-changing service calls
//! inside its transaction; and reading and verifying the chain.

use super::clock::now;
use crate::error::{Error, Result};
use crate::model::Actor;
use crate::rules::audit::{
    BrokenLink, ChainVerifier, ChainedEntry, EntryFields, change_digest, entry_hash,
};
use crate::store::audit as log;
use crate::store::entities::{audit_entry, audit_head};
use crate::store::{DatabaseTransaction, Db};
use serde::Serialize;

/// Who is recorded as having acted.
#[derive(Debug, Clone, Copy)]
pub enum AuditActor<'a> {
    Account(&'a Actor),
    /// Someone not logged in (a registration, a failed login).
    Anonymous,
    /// The platform itself or an operator's command line.
    System,
    /// A firm acting on a sealed bid (register, replace, withdraw) before its project opens: the
    /// entry names neither the firm nor the project, only the bid's receipt, which the opening
    /// publishes with the firm (see `service::selection`).
    SealedBidder,
}

impl AuditActor<'_> {
    fn label(&self) -> String {
        match self {
            AuditActor::Account(a) => a.account_id.to_string(),
            AuditActor::Anonymous => "anonymous".into(),
            AuditActor::System => "system".into(),
            AuditActor::SealedBidder => "sealed".into(),
        }
    }
}

/// Appends one entry to the chain, inside the caller's transaction.
pub async fn record(
    tx: &DatabaseTransaction,
    actor: AuditActor<'_>,
    action: &str,
    object_type: &str,
    object_id: &str,
    change: serde_json::Value,
) -> Result<()> {
    record_many(
        tx,
        &[Entry {
            actor,
            action,
            object_type,
            object_id: object_id.to_owned(),
            change,
        }],
    )
    .await
}

/// One entry for [`record_many`].
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub actor: AuditActor<'a>,
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: String,
    pub change: serde_json::Value,
}

/// Appends entries to the chain in the given order, inside the caller's transaction, advancing
/// the head once for all of them (a batch of bids takes the head row once, not once a bid).
///
/// The head row is advanced with `UPDATE … WHERE seq = <the seq we read>`; when a concurrent
/// writer on PostgreSQL got there first, zero rows change and we read the new head and try again,
/// so the chain never forks. On SQLite the transaction holds the write lock already.
pub async fn record_many(tx: &DatabaseTransaction, entries: &[Entry<'_>]) -> Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let digests: Vec<String> = entries.iter().map(|e| change_digest(&e.change)).collect();
    for _ in 0..100 {
        let head = read_head(tx, false).await?;
        let link = chain(&head, entries, &digests);
        if log::append(tx, link).await? {
            return Ok(());
        }
    }
    Err(Error::Internal("audit head contended too long".into()))
}

/// Entries linked onto a head: the rows to insert, and the head's advance (conditional on the
/// head still being the one read).
pub(crate) use crate::store::audit::Link;

/// Links `entries` onto `head`, in order.
fn chain(head: &audit_head::Model, entries: &[Entry<'_>], digests: &[String]) -> Link {
    let at = now();
    let mut prev = head.hash.clone();
    let mut rows = Vec::with_capacity(entries.len());
    for ((e, digest), seq) in entries.iter().zip(digests).zip(head.seq + 1..) {
        let fields = EntryFields {
            seq,
            at_micros: at.timestamp_micros(),
            actor: e.actor.label(),
            action: e.action.into(),
            object_type: e.object_type.into(),
            object_id: e.object_id.clone(),
            digest: digest.clone(),
        };
        let hash = entry_hash(&prev, &fields);
        rows.push(audit_entry::Model {
            seq: fields.seq,
            at,
            actor: fields.actor,
            action: fields.action,
            object_type: fields.object_type,
            object_id: fields.object_id,
            digest: fields.digest,
            prev_hash: std::mem::replace(&mut prev, hash.clone()),
            hash,
        });
    }
    let last = head.seq + entries.len() as i64;
    log::link(head.seq, rows, last, prev)
}

/// For a writer that sends its statements together ([`crate::store::Combined`]): takes the head
/// row's lock (`FOR UPDATE`, so the advance cannot miss) and links the entries onto it. The
/// caller must run the advance and insert the rows in the same transaction.
pub(crate) async fn link_locked(tx: &DatabaseTransaction, entries: &[Entry<'_>]) -> Result<Link> {
    let digests: Vec<String> = entries.iter().map(|e| change_digest(&e.change)).collect();
    let head = read_head(tx, true).await?;
    Ok(chain(&head, entries, &digests))
}

/// The chain's head row; `lock`: FOR UPDATE, inside a transaction (PostgreSQL; SQLite's write
/// transaction holds the database already).
pub(crate) async fn read_head(
    conn: &impl crate::store::ConnectionTrait,
    lock: bool,
) -> Result<audit_head::Model> {
    log::head(conn, lock)
        .await?
        .ok_or_else(|| Error::Internal("audit head missing".into()))
}

/// An entry as shown to regulators.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntryView {
    pub seq: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    pub actor: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub digest: String,
    pub prev_hash: String,
    pub hash: String,
}

impl From<audit_entry::Model> for AuditEntryView {
    fn from(m: audit_entry::Model) -> Self {
        Self {
            seq: m.seq,
            at: m.at,
            actor: m.actor,
            action: m.action,
            object_type: m.object_type,
            object_id: m.object_id,
            digest: m.digest,
            prev_hash: m.prev_hash,
            hash: m.hash,
        }
    }
}

/// The result of walking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainReport {
    /// Entries verified before the first break (all of them when intact).
    pub verified: i64,
    /// The first broken link, if any.
    pub broken: Option<BrokenLink>,
}

/// Walks the whole chain in pages (memory stays flat however long it is) and reports the first
/// broken link. Used by the API and by `zjcs audit verify`.
pub async fn verify_chain(db: &Db) -> Result<ChainReport> {
    const PAGE: u64 = 1000;
    let head = read_head(db, false).await?;
    let mut v = ChainVerifier::default();
    let mut verified = 0i64;
    let mut after = 0i64;
    loop {
        let rows = log::entries_after(db, after, PAGE).await?;
        let n = rows.len() as u64;
        for m in rows {
            after = m.seq;
            let e = ChainedEntry {
                fields: EntryFields {
                    seq: m.seq,
                    at_micros: m.at.timestamp_micros(),
                    actor: m.actor,
                    action: m.action,
                    object_type: m.object_type,
                    object_id: m.object_id,
                    digest: m.digest,
                },
                prev_hash: m.prev_hash,
                hash: m.hash,
            };
            if let Err(b) = v.push(&e) {
                return Ok(ChainReport {
                    verified,
                    broken: Some(b),
                });
            }
            verified += 1;
        }
        if n < PAGE {
            break;
        }
    }
    match v.finish(head.seq, &head.hash) {
        Ok(n) => Ok(ChainReport {
            verified: n,
            broken: None,
        }),
        Err(b) => Ok(ChainReport {
            verified,
            broken: Some(b),
        }),
    }
}
