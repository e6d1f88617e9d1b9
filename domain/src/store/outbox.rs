//! The mail outbox (发件箱): queued mails, the workers' claims on them (a lease each), and what
//! became of each (sent, to be retried, given up).
//!
//! Every claim and lease write here is a conditional UPDATE (the row must still be pending and
//! unleased, or still held by the lease the worker carries): that is what keeps workers on
//! several instances from sending a mail twice.

use crate::error::Result;
use crate::store::entities::outbox;
use crate::store::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait,
    Expr, ExprTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// An outbox row as a batch writer (`store::Writes::push_rows`, the bid desk) inserts it.
pub type RowToInsert = outbox::ActiveModel;

/// Outbox rows (every column given) as a batch writer inserts them.
pub fn to_insert(rows: Vec<outbox::Model>) -> Vec<RowToInsert> {
    rows.into_iter()
        .map(|r| r.into_active_model().reset_all())
        .collect()
}

/// Queues mails, in multi-row inserts of at most 500 rows (11 columns a row: well inside both
/// engines' bind-parameter limits).
pub async fn enqueue_many(tx: &DatabaseTransaction, rows: Vec<outbox::Model>) -> Result<()> {
    let mut rows = to_insert(rows).into_iter().peekable();
    while rows.peek().is_some() {
        outbox::Entity::insert_many(rows.by_ref().take(500))
            .exec_without_returning(tx)
            .await?;
    }
    Ok(())
}

/// "Pending": neither sent nor given up. One definition for claim, depth and lag.
fn pending() -> Condition {
    Condition::all()
        .add(outbox::Column::SentAt.is_null())
        .add(outbox::Column::FailedAt.is_null())
}

/// No live lease: never leased, or the lease has run out (its worker died or stalled).
fn unleased(t: DateTime<Utc>) -> Condition {
    Condition::any()
        .add(outbox::Column::LeaseUntil.is_null())
        .add(outbox::Column::LeaseUntil.lt(t))
}

/// Up to `limit` pending, unleased mails due at `t`, in the order they became due: the
/// candidates of a claim.
pub async fn due_unleased(
    db: &impl ConnectionTrait,
    t: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<Uuid>> {
    Ok(outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Id)
        .filter(pending())
        .filter(outbox::Column::NextAttemptAt.lte(t))
        .filter(unleased(t))
        .order_by_asc(outbox::Column::NextAttemptAt)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?)
}

/// Claims the candidates still pending and unleased at `t`, with a lease to `lease_until` and
/// one more attempt counted; the rows this claim took. One conditional UPDATE for all of them:
/// each row is taken only if it is still pending and unleased when the statement reaches it,
/// and RETURNING names exactly the rows this claim changed (another instance's concurrent claim
/// gets the others), on both engines.
pub async fn claim(
    db: &impl ConnectionTrait,
    candidates: &[Uuid],
    t: DateTime<Utc>,
    lease_until: DateTime<Utc>,
) -> Result<Vec<outbox::Model>> {
    Ok(outbox::Entity::update_many()
        .col_expr(outbox::Column::LeaseUntil, Expr::value(lease_until))
        .col_expr(
            outbox::Column::Attempts,
            Expr::col(outbox::Column::Attempts).add(1),
        )
        .filter(outbox::Column::Id.is_in(candidates.iter().copied()))
        .filter(pending())
        .filter(unleased(t))
        .exec_with_returning(db)
        .await?)
}

/// What [`change_held`] writes on mails still held by their lease.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeldChange {
    /// Sent at this time: the lease and the last error cleared.
    Sent(DateTime<Utc>),
    /// Given back unsent: the lease ends and the claim's attempt is not counted.
    Released,
}

/// Applies `change` to those of `ids` still held by `lease` (one conditional statement); how
/// many rows it changed.
pub async fn change_held(
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
    lease: DateTime<Utc>,
    change: HeldChange,
) -> Result<u64> {
    let update = match change {
        HeldChange::Sent(t) => outbox::Entity::update_many()
            .col_expr(outbox::Column::SentAt, Expr::value(t))
            .col_expr(
                outbox::Column::LeaseUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(
                outbox::Column::LastError,
                Expr::value(Option::<String>::None),
            ),
        HeldChange::Released => outbox::Entity::update_many()
            .col_expr(
                outbox::Column::LeaseUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(
                outbox::Column::Attempts,
                Expr::col(outbox::Column::Attempts).sub(1),
            ),
    };
    let res = update
        .filter(outbox::Column::Id.is_in(ids))
        .filter(outbox::Column::LeaseUntil.eq(lease))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// Moves the lease of those of `ids` still held by `old` and still pending to `until`; how many
/// rows it changed.
pub async fn renew_lease(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
    old: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<u64> {
    let res = outbox::Entity::update_many()
        .col_expr(outbox::Column::LeaseUntil, Expr::value(until))
        .filter(outbox::Column::Id.is_in(ids.iter().copied()))
        .filter(outbox::Column::LeaseUntil.eq(old))
        .filter(pending())
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// Those of `ids` whose lease is `lease`.
pub async fn held_by(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
    lease: DateTime<Utc>,
) -> Result<Vec<Uuid>> {
    Ok(outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Id)
        .filter(outbox::Column::Id.is_in(ids))
        .filter(outbox::Column::LeaseUntil.eq(lease))
        .into_tuple()
        .all(db)
        .await?)
}

/// Records one mail as sent at `t` if it is still held by `lease`; whether it was.
pub async fn mark_sent(
    db: &impl ConnectionTrait,
    id: Uuid,
    lease: DateTime<Utc>,
    t: DateTime<Utc>,
) -> Result<bool> {
    let res = outbox::Entity::update_many()
        .col_expr(outbox::Column::SentAt, Expr::value(t))
        .col_expr(
            outbox::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            outbox::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::LeaseUntil.eq(lease))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// What becomes of a mail whose attempt failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    /// Given up at this time (its last attempt failed).
    GiveUp(DateTime<Utc>),
    /// Tried again from this time.
    RetryAt(DateTime<Utc>),
}

/// Records a failed attempt with its error, if the mail is still held by `lease` (nothing
/// otherwise): the lease ends, and the mail is given up or scheduled again.
pub async fn mark_failed(
    db: &impl ConnectionTrait,
    id: Uuid,
    lease: DateTime<Utc>,
    error: String,
    then: AfterFailure,
) -> Result<()> {
    let mut q = outbox::Entity::update_many()
        .col_expr(
            outbox::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(outbox::Column::LastError, Expr::value(error));
    q = match then {
        AfterFailure::GiveUp(t) => q.col_expr(outbox::Column::FailedAt, Expr::value(t)),
        AfterFailure::RetryAt(t) => q.col_expr(outbox::Column::NextAttemptAt, Expr::value(t)),
    };
    q.filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::LeaseUntil.eq(lease))
        .exec(db)
        .await?;
    Ok(())
}

/// Mails neither sent nor given up.
pub async fn pending_count(db: &impl ConnectionTrait) -> Result<u64> {
    Ok(outbox::Entity::find().filter(pending()).count(db).await?)
}

/// The pending mail that has been due longest at `t`, if any is due.
pub async fn oldest_due(
    db: &impl ConnectionTrait,
    t: DateTime<Utc>,
) -> Result<Option<outbox::Model>> {
    Ok(outbox::Entity::find()
        .filter(pending())
        .filter(outbox::Column::NextAttemptAt.lte(t))
        .order_by_asc(outbox::Column::NextAttemptAt)
        .one(db)
        .await?)
}
