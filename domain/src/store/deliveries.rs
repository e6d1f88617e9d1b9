//! A project's delivery (服务成果交付): the delivery row, its submissions, the contracted award it
//! is created from, and the reminder job's daily claims.

use crate::error::Result;
use crate::model::project::AwardStatus;
use crate::rules::delivery::DeliveryState;
use crate::store::entities::{award, delivery, delivery_submission};
use crate::store::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, Expr, QueryFilter, QueryOrder,
    QuerySelect,
};
use chrono::NaiveDate;
use uuid::Uuid;

/// The project's delivery, if it has been created.
pub async fn of_project(
    db: &impl ConnectionTrait,
    project_id: Uuid,
) -> Result<Option<delivery::Model>> {
    Ok(delivery::Entity::find()
        .filter(delivery::Column::ProjectId.eq(project_id))
        .one(db)
        .await?)
}

/// The project's contracted award (what a delivery is created from), if it has one.
pub async fn contracted_award(
    db: &impl ConnectionTrait,
    project_id: Uuid,
) -> Result<Option<award::Model>> {
    Ok(award::Entity::find()
        .filter(award::Column::ProjectId.eq(project_id))
        .filter(award::Column::Status.eq(AwardStatus::Contracted.as_str()))
        .one(db)
        .await?)
}

/// Projects whose contract is recorded but whose delivery has no row yet (contracts recorded
/// before the contract made the row), at most `limit`.
pub async fn contracted_without_delivery(
    db: &impl ConnectionTrait,
    limit: u64,
) -> Result<Vec<Uuid>> {
    Ok(award::Entity::find()
        .select_only()
        .column(award::Column::ProjectId)
        .filter(award::Column::Status.eq(AwardStatus::Contracted.as_str()))
        .filter(
            award::Column::Id.not_in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(delivery::Column::AwardId)
                    .from(delivery::Entity)
                    .to_owned(),
            ),
        )
        .order_by_asc(award::Column::ProjectId)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?)
}

/// The delivery's submissions, first to last (by their sequence number).
pub async fn submissions_in_order(
    db: &impl ConnectionTrait,
    award_id: Uuid,
) -> Result<Vec<delivery_submission::Model>> {
    Ok(delivery_submission::Entity::find()
        .filter(delivery_submission::Column::AwardId.eq(award_id))
        .order_by_asc(delivery_submission::Column::Seq)
        .all(db)
        .await?)
}

/// The delivery's submission with sequence number `seq`, if there is one.
pub async fn submission(
    db: &impl ConnectionTrait,
    award_id: Uuid,
    seq: i32,
) -> Result<Option<delivery_submission::Model>> {
    Ok(delivery_submission::Entity::find()
        .filter(delivery_submission::Column::AwardId.eq(award_id))
        .filter(delivery_submission::Column::Seq.eq(seq))
        .one(db)
        .await?)
}

/// Deliveries not yet accepted, a page at a time in award order: at most `limit` after the
/// award `after` (from the first when `None`).
pub async fn open_deliveries_after(
    db: &impl ConnectionTrait,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<delivery::Model>> {
    let mut q = delivery::Entity::find()
        .filter(delivery::Column::State.ne(DeliveryState::Accepted.as_str()))
        .order_by_asc(delivery::Column::AwardId)
        .limit(limit);
    if let Some(after) = after {
        q = q.filter(delivery::Column::AwardId.gt(after));
    }
    Ok(q.all(db).await?)
}

/// Claims today's reminder of the firm: marks the delivery reminded `today` if it is still in
/// `state` and the firm was not reminded today already; whether this call claimed it (a
/// conditional update, so that of several instances only one sends the reminder).
pub async fn claim_firm_reminder(
    db: &impl ConnectionTrait,
    award_id: Uuid,
    state: &str,
    today: NaiveDate,
) -> Result<bool> {
    let claimed = delivery::Entity::update_many()
        .col_expr(delivery::Column::FirmRemindedOn, Expr::value(Some(today)))
        .filter(delivery::Column::AwardId.eq(award_id))
        .filter(delivery::Column::State.eq(state))
        .filter(
            Condition::any()
                .add(delivery::Column::FirmRemindedOn.is_null())
                .add(delivery::Column::FirmRemindedOn.ne(today)),
        )
        .exec(db)
        .await?;
    Ok(claimed.rows_affected == 1)
}

/// Claims today's reminder of the owner, as [`claim_firm_reminder`] does the firm's.
pub async fn claim_owner_reminder(
    db: &impl ConnectionTrait,
    award_id: Uuid,
    state: &str,
    today: NaiveDate,
) -> Result<bool> {
    let claimed = delivery::Entity::update_many()
        .col_expr(delivery::Column::OwnerRemindedOn, Expr::value(Some(today)))
        .filter(delivery::Column::AwardId.eq(award_id))
        .filter(delivery::Column::State.eq(state))
        .filter(
            Condition::any()
                .add(delivery::Column::OwnerRemindedOn.is_null())
                .add(delivery::Column::OwnerRemindedOn.ne(today)),
        )
        .exec(db)
        .await?;
    Ok(claimed.rows_affected == 1)
}
