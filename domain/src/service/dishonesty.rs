//! The imported dishonesty list (失信名单): regulators and administrators import the lists that
//! authorities publish; everybody reads the entries in force. An entry is a `credit_restriction`
//! row of kind `dishonest`, which refuses the code's entry as a firm and, for a firm that has
//! entered, every registration for a project (see `firms::restrictions_on`).
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
use crate::platform::mail::MailKey;
use crate::rules::access::Permission;
use crate::store::entities::credit_restriction;
use crate::store::{DatabaseTransaction, Turn, begin_write, dishonesty, take_turns};
use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

/// The restriction kind of a dishonesty-list entry.
pub use crate::store::dishonesty::KIND;
/// `source` of an imported entry: this prefix, then the authority.
pub const SOURCE_PREFIX: &str = "import:";
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
        let mut withdrawn = 0;
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
        // Firms on the platform whose listing is in force now lose their open registrations
        // (owners told), as black-listed firms do: the desk refuses their new ones.
        let listed_now = super::firms::restrictions_on(
            &tx,
            entries.iter().map(|e| e.credit_code.as_str().to_owned()),
        )
        .await?;
        let codes: Vec<String> = listed_now
            .into_iter()
            .filter(|(_, kind)| *kind == KIND)
            .map(|(code, _)| code)
            .collect();
        if !codes.is_empty() {
            for f in dishonesty::firms_holding(&tx, codes).await? {
                withdrawn += super::credit::withdraw_open_registrations(
                    &tx,
                    self,
                    &f,
                    MailKey::RegistrationWithdrawnDishonest,
                )
                .await?;
            }
        }
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
                "withdrawn": withdrawn,
                "listed": listed,
            }),
        )
        .await?;
        tx.commit().await?;
        Ok(outcome)
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
                let f = firms.get(&r.credit_code);
                DishonestyListing {
                    firm_id: f.map(|f| f.0),
                    firm_name: f.map(|f| f.1.clone()),
                    authority: r
                        .source
                        .strip_prefix(SOURCE_PREFIX)
                        .unwrap_or(&r.source)
                        .to_owned(),
                    listed_on: china_date(r.starts_at),
                    until: r
                        .ends_at
                        .and_then(|e| china_date(e).checked_sub_days(Days::new(1))),
                    credit_code: r.credit_code,
                    reason: r.reason,
                    starts_at: r.starts_at,
                    ends_at: r.ends_at,
                }
            })
            .collect();
        Ok(DishonestyPage { total, entries })
    }
}
