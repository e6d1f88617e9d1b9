//! Complaints (投诉): the cases, their evidence, the regulators' queue and the published
//! outcomes, and what a complaint reads of its subject and its recipients.

use crate::error::Result;
use crate::rules::complaint::ComplaintState;
use crate::store::entities::{complaint, complaint_evidence};
use crate::store::{
    ColumnTrait, ConnectionTrait, EntityTrait, Expr, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

/// The evidence added to a case, first added first.
pub async fn evidence_oldest_first(
    db: &impl ConnectionTrait,
    complaint_id: Uuid,
) -> Result<Vec<complaint_evidence::Model>> {
    Ok(complaint_evidence::Entity::find()
        .filter(complaint_evidence::Column::ComplaintId.eq(complaint_id))
        .order_by_asc(complaint_evidence::Column::CreatedAt)
        .all(db)
        .await?)
}

/// Every case, newest first, at most 500 (the regulators' whole queue).
pub async fn every_case_newest_first(db: &impl ConnectionTrait) -> Result<Vec<complaint::Model>> {
    Ok(complaint::Entity::find()
        .limit(500)
        .order_by_desc(complaint::Column::CreatedAt)
        .all(db)
        .await?)
}

/// Open cases (submitted, accepted or under investigation), oldest first, at most 500.
pub async fn open_cases_oldest_first(db: &impl ConnectionTrait) -> Result<Vec<complaint::Model>> {
    Ok(complaint::Entity::find()
        .limit(500)
        .filter(complaint::Column::Status.is_in([
            ComplaintState::Submitted.as_str(),
            ComplaintState::Accepted.as_str(),
            ComplaintState::Investigating.as_str(),
        ]))
        .order_by_asc(complaint::Column::CreatedAt)
        .all(db)
        .await?)
}

/// Decided cases (upheld or dismissed), newest decision first, at most `limit`.
pub async fn outcomes_newest_first(
    db: &impl ConnectionTrait,
    limit: u64,
) -> Result<Vec<complaint::Model>> {
    Ok(complaint::Entity::find()
        .filter(complaint::Column::Status.is_in([
            ComplaintState::Upheld.as_str(),
            ComplaintState::Dismissed.as_str(),
        ]))
        .order_by_desc(complaint::Column::DecidedAt)
        .limit(limit)
        .all(db)
        .await?)
}

/// Moves the case from status `from` to `to` if it still has `from`; whether it did. Of two
/// regulators acting at once, only the first statement finds the status it read.
pub async fn claim_transition(
    db: &impl ConnectionTrait,
    id: Uuid,
    from: &str,
    to: &str,
) -> Result<bool> {
    let claimed = complaint::Entity::update_many()
        .col_expr(complaint::Column::Status, Expr::value(to))
        .filter(complaint::Column::Id.eq(id))
        .filter(complaint::Column::Status.eq(from))
        .exec(db)
        .await?;
    Ok(claimed.rows_affected == 1)
}
