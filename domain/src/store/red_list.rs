//! The red list (红名单): listed firms at grade A without an upheld complaint in the window,
//! read from the firms' stored credit and the complaints.

use crate::error::Result;
use crate::model::firm::FirmStatus;
use crate::rules::complaint::ComplaintState;
use crate::store::entities::{complaint, firm};
use crate::store::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use chrono::{DateTime, Utc};
use std::collections::HashSet;
use uuid::Uuid;

/// The firms with a complaint upheld since `since` (few: a complaint is a regulator's decided
/// case).
pub async fn firms_with_upheld_complaint_since(
    db: &impl ConnectionTrait,
    since: DateTime<Utc>,
) -> Result<HashSet<Uuid>> {
    Ok(complaint::Entity::find()
        .select_only()
        .column(complaint::Column::FirmId)
        .filter(complaint::Column::Status.eq(ComplaintState::Upheld.as_str()))
        .filter(complaint::Column::DecidedAt.gte(since))
        .filter(complaint::Column::FirmId.is_not_null())
        .into_tuple::<Option<Uuid>>()
        .all(db)
        .await?
        .into_iter()
        .flatten()
        .collect())
}

/// Listed firms at grade A but those in `excluded`: best score first, then by name and id,
/// `limit` from `offset`.
pub async fn grade_a_firms(
    db: &impl ConnectionTrait,
    excluded: &HashSet<Uuid>,
    offset: u64,
    limit: u64,
) -> Result<Vec<firm::Model>> {
    let mut q = firm::Entity::find()
        .filter(firm::Column::CreditGrade.eq("A"))
        .filter(firm::Column::Status.eq(FirmStatus::Listed.as_str()));
    if !excluded.is_empty() {
        q = q.filter(firm::Column::Id.is_not_in(excluded.iter().copied()));
    }
    Ok(q.order_by_desc(firm::Column::CreditScore)
        .order_by_asc(firm::Column::NameSortKey)
        .order_by_asc(firm::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?)
}
