//! Random inspection rounds (`service::inspections`): the rounds, their drawn targets, and what a
//! draw and its findings read of firms and accounts.

use crate::error::Result;
use crate::model::Role;
use crate::model::firm::FirmStatus;
use crate::rules::inspection::RoundState;
use crate::store::entities::{
    account, firm, firm_service_item, inspection_round, inspection_target,
};
use crate::store::{
    ColumnTrait, ConnectionTrait, EntityTrait, Expr, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait,
};
use uuid::Uuid;

/// Claims a planned round for its draw (its status becomes drawn); whether this caller did: of
/// two regulators drawing at once, only the first statement finds it planned.
pub async fn claim_planned_round(db: &impl ConnectionTrait, id: Uuid) -> Result<bool> {
    let claimed = inspection_round::Entity::update_many()
        .col_expr(
            inspection_round::Column::Status,
            Expr::value(RoundState::Drawn.as_str()),
        )
        .filter(inspection_round::Column::Id.eq(id))
        .filter(inspection_round::Column::Status.eq(RoundState::Planned.as_str()))
        .exec(db)
        .await?;
    Ok(claimed.rows_affected == 1)
}

/// The ids of the firms in a round's scope: listed or suspended, offering `item` (if any), with
/// a region code within `region` (the inclusive range of a prefix, if any), of one of `grades`
/// (every grade when empty).
pub async fn firms_in_scope(
    db: &impl ConnectionTrait,
    item: Option<Uuid>,
    region: Option<(String, String)>,
    grades: Vec<String>,
) -> Result<Vec<Uuid>> {
    let mut q = firm::Entity::find()
        .select_only()
        .column(firm::Column::Id)
        .filter(
            firm::Column::Status
                .is_in([FirmStatus::Listed.as_str(), FirmStatus::Suspended.as_str()]),
        );
    if let Some(item) = item {
        q = q.filter(
            firm::Column::Id.in_subquery(
                firm_service_item::Entity::find()
                    .select_only()
                    .column(firm_service_item::Column::FirmId)
                    .filter(firm_service_item::Column::ItemId.eq(item))
                    .into_query(),
            ),
        );
    }
    if let Some((lo, hi)) = region {
        q = q
            .filter(firm::Column::RegionCode.gte(lo))
            .filter(firm::Column::RegionCode.lte(hi));
    }
    if !grades.is_empty() {
        q = q.filter(firm::Column::CreditGrade.is_in(grades));
    }
    Ok(q.into_tuple().all(db).await?)
}

/// The ids of every regulator's account (the inspector pool).
pub async fn regulators(db: &impl ConnectionTrait) -> Result<Vec<Uuid>> {
    Ok(account::Entity::find()
        .select_only()
        .column(account::Column::Id)
        .filter(account::Column::Role.eq(Role::Regulator.as_str()))
        .into_tuple::<Uuid>()
        .all(db)
        .await?)
}

/// The target of a round drawn for one firm, if it was drawn.
pub async fn target_of_firm(
    db: &impl ConnectionTrait,
    round: Uuid,
    firm: Uuid,
) -> Result<Option<inspection_target::Model>> {
    Ok(inspection_target::Entity::find()
        .filter(inspection_target::Column::RoundId.eq(round))
        .filter(inspection_target::Column::FirmId.eq(firm))
        .one(db)
        .await?)
}

/// Claims a target's empty findings by writing its outcome; whether this caller did (findings
/// are recorded once: only the first statement finds the outcome empty).
pub async fn claim_unrecorded_target(
    db: &impl ConnectionTrait,
    target: Uuid,
    outcome: &str,
) -> Result<bool> {
    let claimed = inspection_target::Entity::update_many()
        .col_expr(inspection_target::Column::Outcome, Expr::value(outcome))
        .filter(inspection_target::Column::Id.eq(target))
        .filter(inspection_target::Column::Outcome.is_null())
        .exec(db)
        .await?;
    Ok(claimed.rows_affected == 1)
}

/// How many of a round's targets have no findings yet.
pub async fn unrecorded_targets(db: &impl ConnectionTrait, round: Uuid) -> Result<u64> {
    Ok(inspection_target::Entity::find()
        .filter(inspection_target::Column::RoundId.eq(round))
        .filter(inspection_target::Column::Outcome.is_null())
        .count(db)
        .await?)
}

/// The newest `limit` rounds, newest first (ties by id).
pub async fn rounds_newest_first(
    db: &impl ConnectionTrait,
    limit: u64,
) -> Result<Vec<inspection_round::Model>> {
    Ok(inspection_round::Entity::find()
        .order_by_desc(inspection_round::Column::CreatedAt)
        .order_by_asc(inspection_round::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// A round's targets in the order drawn.
pub async fn targets_of_round(
    db: &impl ConnectionTrait,
    round: Uuid,
) -> Result<Vec<inspection_target::Model>> {
    Ok(inspection_target::Entity::find()
        .filter(inspection_target::Column::RoundId.eq(round))
        .order_by_asc(inspection_target::Column::Position)
        .all(db)
        .await?)
}
