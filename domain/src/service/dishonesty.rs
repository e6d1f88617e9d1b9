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
use crate::store::entities::{credit_restriction, firm};
use crate::store::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseTransaction, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, Turn, begin_write, take_turns,
};
use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

/// The restriction kind of a dishonesty-list entry.
pub const KIND: &str = "dishonest";
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

/// Entries of kind `dishonest` in force at `t`.
fn in_force(t: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(credit_restriction::Column::Kind.eq(KIND))
        .add(credit_restriction::Column::StartsAt.lte(t))
        .add(
            Condition::any()
                .add(credit_restriction::Column::EndsAt.is_null())
                .add(credit_restriction::Column::EndsAt.gt(t)),
        )
}

/// The entry in force of each code that has one (the latest, should there be several).
async fn entries_in_force(
    tx: &DatabaseTransaction,
    entries: &[DishonestyEntry],
    t: DateTime<Utc>,
) -> Result<HashMap<String, credit_restriction::Model>> {
    let mut found = HashMap::new();
    for chunk in entries.chunks(CHUNK) {
        let codes = chunk.iter().map(|e| e.credit_code.as_str().to_owned());
        let rows = credit_restriction::Entity::find()
            .filter(in_force(t))
            .filter(credit_restriction::Column::CreditCode.is_in(codes))
            .order_by_asc(credit_restriction::Column::CreatedAt)
            .order_by_asc(credit_restriction::Column::Id)
            .all(tx)
            .await?;
        for r in rows {
            found.insert(r.credit_code.clone(), r);
        }
    }
    Ok(found)
}

fn set_listing(m: &mut credit_restriction::ActiveModel, e: &DishonestyEntry) {
    m.reason = Set(e.reason.clone());
    m.source = Set(format!("{SOURCE_PREFIX}{}", e.authority));
    m.starts_at = Set(e.starts_at());
    m.ends_at = Set(e.ends_at());
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
                    let mut m: credit_restriction::ActiveModel = row.into();
                    set_listing(&mut m, e);
                    m.update(&tx).await?;
                    outcome.updated += 1;
                }
                None => {
                    let mut m = credit_restriction::ActiveModel {
                        id: Set(Uuid::new_v4()),
                        kind: Set(KIND.into()),
                        credit_code: Set(e.credit_code.as_str().to_owned()),
                        created_at: Set(t),
                        ..Default::default()
                    };
                    set_listing(&mut m, e);
                    new_rows.push(m);
                }
            }
        }
        outcome.created = new_rows.len();
        let mut new_rows = new_rows.into_iter().peekable();
        while new_rows.peek().is_some() {
            credit_restriction::Entity::insert_many(new_rows.by_ref().take(CHUNK))
                .exec_without_returning(&tx)
                .await?;
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
            for f in firm::Entity::find()
                .filter(firm::Column::CreditCode.is_in(codes))
                .all(&tx)
                .await?
            {
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
        let mut q = credit_restriction::Entity::find().filter(in_force(t));
        // A query filter is free text like any other input (a NUL would reach the database).
        let code = crate::model::text::line(credit_code.unwrap_or(""), "credit_code", 50, false)
            .map_err(|e| Error::Validation(vec![e]))?;
        if !code.is_empty() {
            q = q.filter(credit_restriction::Column::CreditCode.eq(code.to_uppercase()));
        }
        let total = q.clone().count(&self.db).await?;
        let rows = q
            .order_by_desc(credit_restriction::Column::StartsAt)
            .order_by_asc(credit_restriction::Column::CreditCode)
            .order_by_asc(credit_restriction::Column::Id)
            .offset(offset)
            .limit(limit.clamp(1, MAX_PAGE))
            .all(&self.db)
            .await?;
        let firms: HashMap<String, (Uuid, String)> = if rows.is_empty() {
            HashMap::new()
        } else {
            firm::Entity::find()
                .filter(firm::Column::CreditCode.is_in(rows.iter().map(|r| r.credit_code.clone())))
                .all(&self.db)
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
