//! Attached files: what decides who may read one beyond its owner (the declarations that
//! publish a firm's evidence, the opened bids whose plan it is). The files' own rows are
//! written and read through `store::insert` and `store::find`.

use crate::error::Result;
use crate::model::project::RegistrationStatus;
use crate::store::entities::{practitioner, qualification, registration};
use crate::store::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// Whether a declared qualification or practitioner names `file` as its evidence (which makes
/// it public); the qualifications are looked at first, the practitioners only if none does.
pub async fn is_declared_evidence(db: &impl ConnectionTrait, file: Uuid) -> Result<bool> {
    Ok(qualification::Entity::find()
        .filter(qualification::Column::EvidenceFileId.eq(file))
        .one(db)
        .await?
        .is_some()
        || practitioner::Entity::find()
            .filter(practitioner::Column::EvidenceFileId.eq(file))
            .one(db)
            .await?
            .is_some())
}

/// The active registrations whose bid is no longer sealed and whose plan is `file`.
pub async fn unsealed_bids_with_plan(
    db: &impl ConnectionTrait,
    file: Uuid,
) -> Result<Vec<registration::Model>> {
    Ok(registration::Entity::find()
        .filter(registration::Column::PlanFileId.eq(file))
        .filter(registration::Column::Status.eq(RegistrationStatus::Active.as_str()))
        .filter(registration::Column::SealedBid.is_null())
        .all(db)
        .await?)
}
