//! Evaluations (服务评价) and owners' ratings: the evaluation rows, the appeals queue, and the
//! running totals an evaluation or a rating keeps on the firm's and the owner's rows.

use crate::error::Result;
use crate::model::evaluation::AppealStatus;
use crate::store::entities::{account, credit_event, evaluation, firm, owner_rating};
use crate::store::{
    ColumnTrait, ConnectionTrait, EntityTrait, Expr, ExprTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// The project's evaluation, if it has one.
pub async fn of_project(
    db: &impl ConnectionTrait,
    project_id: Uuid,
) -> Result<Option<evaluation::Model>> {
    Ok(evaluation::Entity::find()
        .filter(evaluation::Column::ProjectId.eq(project_id))
        .one(db)
        .await?)
}

/// The project's evaluation of firm `firm_id`, if it has one.
pub async fn of_project_and_firm(
    db: &impl ConnectionTrait,
    project_id: Uuid,
    firm_id: Uuid,
) -> Result<Option<evaluation::Model>> {
    Ok(evaluation::Entity::find()
        .filter(evaluation::Column::ProjectId.eq(project_id))
        .filter(evaluation::Column::FirmId.eq(firm_id))
        .one(db)
        .await?)
}

/// Evaluations with a pending appeal, oldest appeal first, at most 500.
pub async fn pending_appeals_oldest_first(
    db: &impl ConnectionTrait,
) -> Result<Vec<evaluation::Model>> {
    Ok(evaluation::Entity::find()
        .filter(evaluation::Column::AppealStatus.eq(AppealStatus::Pending.as_str()))
        .order_by_asc(evaluation::Column::AppealedAt)
        .limit(500)
        .all(db)
        .await?)
}

/// Counts a new evaluation in the firm's running average: one more evaluation, `whole` more in
/// its sum (incremented in the statement, so that concurrent evaluations all count).
pub async fn count_in_firm_average(
    db: &impl ConnectionTrait,
    firm_id: Uuid,
    whole: i64,
) -> Result<()> {
    firm::Entity::update_many()
        .col_expr(
            firm::Column::EvaluationCount,
            Expr::col(firm::Column::EvaluationCount).add(1),
        )
        .col_expr(
            firm::Column::EvaluationSum,
            Expr::col(firm::Column::EvaluationSum).add(whole),
        )
        .filter(firm::Column::Id.eq(firm_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Takes an evaluation out of the firm's running average (an upheld appeal): one evaluation
/// fewer, `whole` less in its sum.
pub async fn remove_from_firm_average(
    db: &impl ConnectionTrait,
    firm_id: Uuid,
    whole: i64,
) -> Result<()> {
    firm::Entity::update_many()
        .col_expr(
            firm::Column::EvaluationCount,
            Expr::col(firm::Column::EvaluationCount).sub(1),
        )
        .col_expr(
            firm::Column::EvaluationSum,
            Expr::col(firm::Column::EvaluationSum).sub(whole),
        )
        .filter(firm::Column::Id.eq(firm_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Voids the evaluation's credit event (kept on the ledger, no longer counted), at `t` with
/// `reason`.
pub async fn void_credit_event(
    db: &impl ConnectionTrait,
    event_id: Uuid,
    t: DateTime<Utc>,
    reason: &str,
) -> Result<()> {
    credit_event::Entity::update_many()
        .col_expr(credit_event::Column::VoidedAt, Expr::value(Some(t)))
        .col_expr(
            credit_event::Column::VoidReason,
            Expr::value(Some(reason.to_owned())),
        )
        .filter(credit_event::Column::Id.eq(event_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Counts a firm's rating in the owner's totals on their account: one more rating, and the two
/// ratings added to their sums (incremented in the statement).
pub async fn count_in_owner_totals(
    db: &impl ConnectionTrait,
    owner_account_id: Uuid,
    closing_out: i32,
    payment: i32,
) -> Result<()> {
    account::Entity::update_many()
        .col_expr(
            account::Column::RatedCount,
            Expr::col(account::Column::RatedCount).add(1),
        )
        .col_expr(
            account::Column::RatedClosingOutSum,
            Expr::col(account::Column::RatedClosingOutSum).add(closing_out),
        )
        .col_expr(
            account::Column::RatedPaymentSum,
            Expr::col(account::Column::RatedPaymentSum).add(payment),
        )
        .filter(account::Column::Id.eq(owner_account_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Whether the project's firm has rated its owner.
pub async fn owner_rated_on(db: &impl ConnectionTrait, project_id: Uuid) -> Result<bool> {
    Ok(owner_rating::Entity::find()
        .filter(owner_rating::Column::ProjectId.eq(project_id))
        .one(db)
        .await?
        .is_some())
}
