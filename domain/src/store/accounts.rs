//! Accounts: their rows, the email-verification links, and the login attempts the throttle
//! counts.

use crate::error::Result;
use crate::store::entities::{account, email_verification, login_failure};
use crate::store::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, Expr, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect, Set, is_unique_violation,
};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use uuid::Uuid;

/// Inserts a new account (every column written); `false` when its address is taken: the unique
/// constraint decides, so two concurrent registrations cannot both win.
pub async fn add_account(db: &impl ConnectionTrait, row: account::Model) -> Result<bool> {
    match row.into_active_model().reset_all().insert(db).await {
        Ok(_) => Ok(true),
        Err(e) if is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Every account, newest first.
pub async fn accounts_newest_first(db: &impl ConnectionTrait) -> Result<Vec<account::Model>> {
    Ok(account::Entity::find()
        .order_by_desc(account::Column::CreatedAt)
        .all(db)
        .await?)
}

/// The account registered with `email`, if any.
pub async fn account_with_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<account::Model>> {
    Ok(account::Entity::find()
        .filter(account::Column::Email.eq(email))
        .one(db)
        .await?)
}

/// Sets an account's password hash (and when it changed) if the stored hash is still
/// `verified_hash`, the one the current password was checked against: a concurrent change wins
/// cleanly. Whether it applied.
pub async fn change_password_if_unchanged(
    db: &impl ConnectionTrait,
    account: Uuid,
    verified_hash: &str,
    new_hash: String,
    at: DateTime<Utc>,
) -> Result<bool> {
    let changed = account::Entity::update_many()
        .col_expr(account::Column::PasswordHash, Expr::value(new_hash))
        .col_expr(account::Column::PasswordChangedAt, Expr::value(at))
        .filter(account::Column::Id.eq(account))
        .filter(account::Column::PasswordHash.eq(verified_hash.to_owned()))
        .exec(db)
        .await?;
    Ok(changed.rows_affected == 1)
}

/// Marks a verification link used, if it is not yet; whether it was this call that used it
/// (each link works once).
pub async fn use_verification(
    db: &impl ConnectionTrait,
    token_hash: &str,
    at: DateTime<Utc>,
) -> Result<bool> {
    let used = email_verification::Entity::update_many()
        .col_expr(email_verification::Column::UsedAt, Expr::value(at))
        .filter(email_verification::Column::TokenHash.eq(token_hash.to_owned()))
        .filter(email_verification::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(used.rows_affected == 1)
}

/// Marks an account's address verified at `at`.
pub async fn mark_email_verified(
    db: &impl ConnectionTrait,
    account: Uuid,
    at: DateTime<Utc>,
) -> Result<()> {
    account::Entity::update_many()
        .col_expr(account::Column::EmailVerifiedAt, Expr::value(at))
        .filter(account::Column::Id.eq(account))
        .exec(db)
        .await?;
    Ok(())
}

/// What the throttle knows of one key's failed attempts inside a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempts {
    pub failures: i64,
    pub oldest: Option<DateTime<Utc>>,
    pub newest: Option<DateTime<Utc>>,
}

/// The count, oldest and newest of a throttle key's attempts after `since` (one aggregate
/// query).
pub async fn attempts_since(
    db: &impl ConnectionTrait,
    key: &str,
    since: DateTime<Utc>,
) -> Result<Attempts> {
    let (failures, oldest, newest) = login_failure::Entity::find()
        .select_only()
        .column_as(login_failure::Column::Id.count(), "failures")
        .column_as(login_failure::Column::At.min(), "oldest")
        .column_as(login_failure::Column::At.max(), "newest")
        .filter(login_failure::Column::ThrottleKey.eq(key))
        .filter(login_failure::Column::At.gt(since))
        .into_tuple::<(i64, Option<DateTime<Utc>>, Option<DateTime<Utc>>)>()
        .one(db)
        .await?
        .unwrap_or((0, None, None));
    Ok(Attempts {
        failures,
        oldest,
        newest,
    })
}

/// Records an attempt under a throttle key (it counts as a failure until removed); its row's
/// id, which the database assigns.
pub async fn record_attempt(
    db: &impl ConnectionTrait,
    key: String,
    at: DateTime<Utc>,
) -> Result<i64> {
    let row = login_failure::ActiveModel {
        throttle_key: Set(key),
        at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// Removes the attempt rows `ids` (a login that succeeded was no failure).
pub async fn forget_attempts(db: &impl ConnectionTrait, ids: Vec<i64>) -> Result<()> {
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::Id.is_in(ids))
        .exec(db)
        .await?;
    Ok(())
}

/// Removes the attempts made before `cutoff`; how many.
pub async fn forget_attempts_before(
    db: &impl ConnectionTrait,
    cutoff: DateTime<Utc>,
) -> Result<u64> {
    Ok(login_failure::Entity::delete_many()
        .filter(login_failure::Column::At.lt(cutoff))
        .exec(db)
        .await?
        .rows_affected)
}

/// The names of the accounts `ids`, by account.
pub async fn names<C: ConnectionTrait>(
    db: &C,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>> {
    column_by_id(db, account::Column::Name, ids).await
}

/// The e-mail addresses of the accounts `ids`, by account.
pub async fn emails<C: ConnectionTrait>(
    db: &C,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>> {
    column_by_id(db, account::Column::Email, ids).await
}

async fn column_by_id<C: ConnectionTrait>(
    db: &C,
    column: account::Column,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>> {
    Ok(account::Entity::find()
        .select_only()
        .columns([account::Column::Id, column])
        .filter(crate::store::uuid_in(
            db.get_database_backend(),
            account::Column::Id,
            ids,
        ))
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect())
}
