//! Credit repair applications: a suspended firm's requests to be listed again, and their
//! decisions.

use crate::error::Result;
use crate::model::evaluation::RepairStatus;
use crate::store::entities::{attachment, credit_repair};
use crate::store::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

/// Applications listed for the regulators, at most.
const LISTED: u64 = 500;

/// Whether the firm has an application pending.
pub async fn has_pending_application(db: &impl ConnectionTrait, firm_id: Uuid) -> Result<bool> {
    Ok(credit_repair::Entity::find()
        .filter(credit_repair::Column::FirmId.eq(firm_id))
        .filter(credit_repair::Column::Status.eq(RepairStatus::Pending.as_str()))
        .one(db)
        .await?
        .is_some())
}

/// Whether the evidence file `id` is one of the firm's own.
pub async fn firm_owns_file(db: &impl ConnectionTrait, id: Uuid, firm_id: Uuid) -> Result<bool> {
    Ok(attachment::Entity::find_by_id(id)
        .filter(attachment::Column::FirmId.eq(firm_id))
        .one(db)
        .await?
        .is_some())
}

/// A firm's applications, newest first.
pub async fn applications_of_firm_newest_first(
    db: &impl ConnectionTrait,
    firm_id: Uuid,
) -> Result<Vec<credit_repair::Model>> {
    Ok(credit_repair::Entity::find()
        .filter(credit_repair::Column::FirmId.eq(firm_id))
        .order_by_desc(credit_repair::Column::CreatedAt)
        .all(db)
        .await?)
}

/// The regulators' list, up to 500: the pending applications oldest first (the queue), or all
/// of them newest first.
pub async fn applications(
    db: &impl ConnectionTrait,
    pending_only: bool,
) -> Result<Vec<credit_repair::Model>> {
    let mut q = credit_repair::Entity::find();
    q = if pending_only {
        q.filter(credit_repair::Column::Status.eq(RepairStatus::Pending.as_str()))
            .order_by_asc(credit_repair::Column::CreatedAt)
    } else {
        q.order_by_desc(credit_repair::Column::CreatedAt)
    };
    Ok(q.limit(LISTED).all(db).await?)
}
