//! The imported dishonesty list (失信名单): regulators and administrators import the lists that
//! authorities publish; everybody reads the entries in force. An entry is a `credit_restriction`
//! row of kind `dishonest`, which refuses the code's entry as a firm and, for a firm that has
//! entered, every registration for a project (see `rules::standing`).
//!
//! An import is an upsert by credit code, not a replacement of the whole list: a code with an
//! entry in force gets that entry rewritten (reason, authority, dates), any other code a new
//! entry. A listing is lifted by importing its row again with an `until` in the past; codes
//! absent from a file are left as they are, so lists of several authorities live side by side.

use super::catalogue::ImportOutcome;
use super::{Services, authorize};
use crate::error::{Error, FieldError, Result};
use crate::model::Actor;
use crate::model::dishonesty::{DishonestyEntry, DishonestyInput, check_import, china_date};
use crate::platform::audit::{AuditActor, record};
use crate::platform::clock::now;
use crate::rules::access::Permission;
use crate::store::entities::credit_restriction;
use crate::store::{DatabaseTransaction, Turn, begin_write, dishonesty, take_turns};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

/// The restriction kind of a dishonesty-list entry.
pub use crate::store::dishonesty::KIND;
/// `source` of an imported entry: this prefix, then the authority.
pub use crate::store::dishonesty::SOURCE_PREFIX;
/// Codes looked up (and rows inserted) per statement: far inside both engines' bind limits.
const CHUNK: usize = 500;

/// An entry of the dishonesty list as the public reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DishonestyListing {
    pub credit_code: String,
    /// The firm on this platform holding the code, if one has entered.
    pub firm_id: Option<Uuid>,
    pub firm_name: Option<String>,
    pub reason: String,
    /// The listing authority (发布机关).
    pub authority: String,
    /// The first day listed (China's date).
    pub listed_on: NaiveDate,
    /// The last day listed; `None`: no end.
    pub until: Option<NaiveDate>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
}

/// A page of the list in force, newest listing first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DishonestyPage {
    /// Entries in force matching the query, over all pages.
    pub total: u64,
    pub entries: Vec<DishonestyListing>,
}

/// The most entries a page holds.
pub const MAX_PAGE: u64 = 1000;

/// The entry in force of each code that has one (the latest, should there be several).
async fn entries_in_force(
    tx: &DatabaseTransaction,
    entries: &[DishonestyEntry],
    t: DateTime<Utc>,
) -> Result<HashMap<String, credit_restriction::Model>> {
    let mut found = HashMap::new();
    for chunk in entries.chunks(CHUNK) {
        let codes = chunk.iter().map(|e| e.credit_code.as_str().to_owned());
        let rows = dishonesty::in_force_for_codes(tx, codes, t).await?;
        for r in rows {
            found.insert(r.credit_code.clone(), r);
        }
    }
    Ok(found)
}

/// The row `m` with the listing of `e` (reason, authority, dates).
fn with_listing(m: credit_restriction::Model, e: &DishonestyEntry) -> credit_restriction::Model {
    credit_restriction::Model {
        reason: e.reason.clone(),
        source: format!("{SOURCE_PREFIX}{}", e.authority),
        starts_at: e.starts_at(),
        ends_at: e.ends_at(),
        ..m
    }
}

impl Services {
    /// Imports a dishonesty list: each row is checked (against today's date in China); if any
    /// fails, nothing is written and every bad row is reported. Otherwise, in one transaction
    /// with one audit entry, a code with an entry in force has it rewritten and any other code
    /// gets a new entry (see the module's documentation). `actor` is `None` for the operator's
    /// command line.
    pub async fn import_dishonesty_list(
        &self,
        actor: Option<&Actor>,
        rows: Vec<Result<DishonestyInput, FieldError>>,
    ) -> Result<ImportOutcome> {
        if let Some(a) = actor {
            authorize(a, Permission::ImportDishonestyList)?;
        }
        let t = now();
        let entries = check_import(rows, china_date(t)).map_err(Error::ImportRejected)?;
        let tx = begin_write(&self.db).await?;
        take_turns(&tx, Turn::DishonestyImport).await?;
        let mut existing = entries_in_force(&tx, &entries, t).await?;
        let mut outcome = ImportOutcome {
            created: 0,
            updated: 0,
        };
        let mut new_rows = Vec::new();
        for e in &entries {
            match existing.remove(e.credit_code.as_str()) {
                Some(row) => {
                    let listed = with_listing(row.clone(), e);
                    crate::store::update(&tx, &row, listed).await?;
                    outcome.updated += 1;
                }
                None => {
                    new_rows.push(with_listing(
                        credit_restriction::Model {
                            id: Uuid::new_v4(),
                            kind: KIND.into(),
                            credit_code: e.credit_code.as_str().to_owned(),
                            created_at: t,
                            reason: String::new(),
                            source: String::new(),
                            starts_at: t,
                            ends_at: None,
                            via_firm_id: None,
                        },
                        e,
                    ));
                }
            }
        }
        outcome.created = new_rows.len();
        let mut new_rows = new_rows.into_iter().peekable();
        while new_rows.peek().is_some() {
            crate::store::insert_many(&tx, new_rows.by_ref().take(CHUNK).collect()).await?;
        }
        // The firms on the platform holding the codes are assessed again: one whose listing is
        // in force now is barred and loses its open registrations (owners told); one whose
        // listing was lifted is restored (see `credit::reassess`).
        let codes = entries
            .iter()
            .map(|e| e.credit_code.as_str().to_owned())
            .collect();
        let changed = super::credit::reassess_codes(&tx, self, codes, t).await?;
        let mut authorities: Vec<&str> = entries.iter().map(|e| e.authority.as_str()).collect();
        authorities.sort_unstable();
        authorities.dedup();
        let listed: Vec<[&str; 2]> = entries
            .iter()
            .map(|e| [e.credit_code.as_str(), e.name.as_str()])
            .collect();
        record(
            &tx,
            actor.map_or(AuditActor::System, AuditActor::Account),
            "dishonesty.import",
            "credit_restriction",
            "*",
            json!({
                "authorities": authorities,
                "created": outcome.created,
                "updated": outcome.updated,
                "standing_changed": changed,
                "listed": listed,
            }),
        )
        .await?;
        tx.commit().await?;
        // A firm barred or restored moves in (or out of) the directory.
        self.directory_cache.written();
        Ok(outcome)
    }

    /// Lifts the listing in force on `credit_code` now, with a reason (an entry imported by
    /// mistake is lifted the same day: an import can only end one at the end of a day). The
    /// lift is audited and the firm holding the code is assessed again at once.
    pub async fn lift_dishonesty_listing(
        &self,
        actor: Option<&Actor>,
        credit_code: &str,
        reason: &str,
    ) -> Result<DishonestyListing> {
        if let Some(a) = actor {
            authorize(a, Permission::ImportDishonestyList)?;
        }
        let reason = crate::model::text::text(reason, "reason", 1000, true)
            .map_err(|e| Error::Validation(vec![e]))?;
        let code = credit_code.trim().to_uppercase();
        let t = now();
        let tx = begin_write(&self.db).await?;
        take_turns(&tx, Turn::DishonestyImport).await?;
        let Some(row) = dishonesty::in_force_for_codes(&tx, [code.clone()], t)
            .await?
            .into_iter()
            .next()
        else {
            return Err(Error::NotFound);
        };
        let lifted = crate::store::update(
            &tx,
            &row,
            credit_restriction::Model {
                ends_at: Some(t),
                ..row.clone()
            },
        )
        .await?;
        super::credit::reassess_codes(&tx, self, vec![code.clone()], t).await?;
        record(
            &tx,
            actor.map_or(AuditActor::System, AuditActor::Account),
            "dishonesty.lift",
            "credit_restriction",
            &row.id.to_string(),
            json!({ "credit_code": code, "reason": reason, "listed_from": row.starts_at }),
        )
        .await?;
        tx.commit().await?;
        self.directory_cache.written();
        let firm = dishonesty::firms_holding(&self.db, [code.clone()])
            .await?
            .into_iter()
            .next();
        Ok(listing_of(lifted, firm.map(|f| (f.id, f.name))))
    }

    /// The dishonesty list in force (public information), newest listing first; only the
    /// entry of `credit_code` when given. At most [`MAX_PAGE`] entries from `offset`.
    pub async fn dishonesty_list(
        &self,
        credit_code: Option<&str>,
        offset: u64,
        limit: u64,
    ) -> Result<DishonestyPage> {
        let t = now();
        // A query filter is free text like any other input (a NUL would reach the database).
        let code = crate::model::text::line(credit_code.unwrap_or(""), "credit_code", 50, false)
            .map_err(|e| Error::Validation(vec![e]))?;
        let code = (!code.is_empty()).then(|| code.to_uppercase());
        let total = dishonesty::count_in_force(&self.db, code.as_deref(), t).await?;
        let rows = dishonesty::page_in_force(
            &self.db,
            code.as_deref(),
            t,
            offset,
            limit.clamp(1, MAX_PAGE),
        )
        .await?;
        let firms: HashMap<String, (Uuid, String)> = if rows.is_empty() {
            HashMap::new()
        } else {
            dishonesty::firms_holding(&self.db, rows.iter().map(|r| r.credit_code.clone()))
                .await?
                .into_iter()
                .map(|f| (f.credit_code, (f.id, f.name)))
                .collect()
        };
        let entries = rows
            .into_iter()
            .map(|r| {
                let f = firms.get(&r.credit_code).cloned();
                listing_of(r, f)
            })
            .collect();
        Ok(DishonestyPage { total, entries })
    }
}

/// An entry as the public reads it, with the firm holding its code (id, name) if any.
fn listing_of(r: credit_restriction::Model, firm: Option<(Uuid, String)>) -> DishonestyListing {
    DishonestyListing {
        firm_id: firm.as_ref().map(|f| f.0),
        firm_name: firm.map(|f| f.1),
        authority: r
            .source
            .strip_prefix(SOURCE_PREFIX)
            .unwrap_or(&r.source)
            .to_owned(),
        listed_on: china_date(r.starts_at),
        // The last day listed: the day before the one it lapses at the start of (a lift
        // during a day ends it that day).
        until: r
            .ends_at
            .map(|e| china_date(e - chrono::Duration::seconds(1))),
        credit_code: r.credit_code,
        reason: r.reason,
        starts_at: r.starts_at,
        ends_at: r.ends_at,
    }
}
