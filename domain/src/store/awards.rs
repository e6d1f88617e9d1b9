//! Awards: the award of a round, the objections to it, and its contract (or the winner's
//! refusal).

use crate::error::Result;
use crate::model::project::{AwardStatus, ObjectionStatus};
use crate::store::entities::{award, objection};
use crate::store::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, Expr, QueryFilter, QueryOrder,
    QuerySelect,
};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Whether an objection to the award is still open.
pub async fn has_open_objection(db: &impl ConnectionTrait, award_id: Uuid) -> Result<bool> {
    Ok(objection::Entity::find()
        .filter(objection::Column::AwardId.eq(award_id))
        .filter(objection::Column::Status.eq(ObjectionStatus::Open.as_str()))
        .one(db)
        .await?
        .is_some())
}

/// Awards in notice whose notice period ended at or before `at` and whose contract reminder
/// has not gone out, at most 200 (in no particular order).
pub async fn due_for_contract_reminder(
    db: &impl ConnectionTrait,
    at: DateTime<Utc>,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<award::Model>> {
    let mut q = award::Entity::find()
        .filter(award::Column::Status.eq(AwardStatus::Notice.as_str()))
        .filter(award::Column::NoticeUntil.lte(at))
        .filter(award::Column::ContractRemindedAt.is_null())
        .order_by_asc(award::Column::Id)
        .limit(limit);
    if let Some(after) = after {
        q = q.filter(award::Column::Id.gt(after));
    }
    Ok(q.all(db).await?)
}

/// Claims the award's contract reminder at `t` (still in notice, not reminded yet): the
/// conditional update lets one instance of many send it; whether this one did.
pub async fn claim_contract_reminder(
    tx: &DatabaseTransaction,
    award_id: Uuid,
    t: DateTime<Utc>,
) -> Result<bool> {
    let claimed = award::Entity::update_many()
        .col_expr(award::Column::ContractRemindedAt, Expr::value(t))
        .filter(award::Column::Id.eq(award_id))
        .filter(award::Column::Status.eq(AwardStatus::Notice.as_str()))
        .filter(award::Column::ContractRemindedAt.is_null())
        .exec(tx)
        .await?;
    Ok(claimed.rows_affected == 1)
}
