//! Sessions: the rows behind the tokens handed out at login, and their revocation.

use crate::error::Result;
use crate::store::entities::{account, session};
use crate::store::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, Expr, JoinType, QueryFilter, QuerySelect,
};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// A live session found by its token's hash, with its account and the account's role as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveSession {
    pub token_hash: String,
    pub session: Uuid,
    pub account: Uuid,
    pub role: String,
}

/// The sessions, among those whose token hashes are `hashes`, that are live at `at` (not
/// revoked, not expired), with their accounts' roles: one query however many hashes.
pub async fn live_sessions_with_tokens(
    db: &impl ConnectionTrait,
    hashes: &[String],
    at: DateTime<Utc>,
) -> Result<Vec<LiveSession>> {
    let rows = session::Entity::find()
        .select_only()
        .column(session::Column::TokenHash)
        .column(session::Column::Id)
        .column(account::Column::Id)
        .column(account::Column::Role)
        .join(
            JoinType::InnerJoin,
            session::Entity::belongs_to(account::Entity)
                .from(session::Column::AccountId)
                .to(account::Column::Id)
                .into(),
        )
        .filter(session::Column::TokenHash.is_in(hashes.iter().cloned()))
        .filter(session::Column::RevokedAt.is_null())
        .filter(session::Column::ExpiresAt.gt(at))
        .into_tuple::<(String, Uuid, Uuid, String)>()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(token_hash, session, account, role)| LiveSession {
            token_hash,
            session,
            account,
            role,
        })
        .collect())
}

/// Revokes one session of `account` at `at`, if it is not revoked yet; whether this call did.
pub async fn revoke_session(
    db: &impl ConnectionTrait,
    id: Uuid,
    account: Uuid,
    at: DateTime<Utc>,
) -> Result<bool> {
    let res = session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(at))
        .filter(session::Column::Id.eq(id))
        .filter(session::Column::AccountId.eq(account))
        .filter(session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Revokes at `at` every session of `account` not revoked yet but `keep` (when given); how
/// many.
pub async fn revoke_sessions_of_account(
    db: &impl ConnectionTrait,
    account: Uuid,
    keep: Option<Uuid>,
    at: DateTime<Utc>,
) -> Result<u64> {
    let mut revoke = session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(at))
        .filter(session::Column::AccountId.eq(account))
        .filter(session::Column::RevokedAt.is_null());
    if let Some(keep) = keep {
        revoke = revoke.filter(session::Column::Id.ne(keep));
    }
    Ok(revoke.exec(db).await?.rows_affected)
}

/// Removes the sessions that expired or were revoked before `cutoff`; how many.
pub async fn forget_sessions_ended_before(
    db: &impl ConnectionTrait,
    cutoff: DateTime<Utc>,
) -> Result<u64> {
    Ok(session::Entity::delete_many()
        .filter(
            Condition::any()
                .add(session::Column::ExpiresAt.lt(cutoff))
                .add(session::Column::RevokedAt.lt(cutoff)),
        )
        .exec(db)
        .await?
        .rows_affected)
}
