//! Regulators' dossiers (`service::dossiers`): what the marketplace holds on one firm or one
//! owner, and an inspector's pending inspections, read from the complaints, inspections,
//! awards and projects.

use crate::error::Result;
use crate::model::project::AwardStatus;
use crate::store::entities::{award, complaint, inspection_round, inspection_target, project};
use crate::store::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;
use uuid::Uuid;

/// The newest `limit` complaints about a firm, newest first.
pub async fn complaints_about_firm(
    db: &impl ConnectionTrait,
    firm: Uuid,
    limit: u64,
) -> Result<Vec<complaint::Model>> {
    Ok(complaint::Entity::find()
        .filter(complaint::Column::FirmId.eq(firm))
        .order_by_desc(complaint::Column::CreatedAt)
        .limit(limit)
        .all(db)
        .await?)
}

/// At most `limit` of the targets a firm was drawn as, in no particular order (the caller
/// orders them by their rounds' draw).
pub async fn inspections_of_firm(
    db: &impl ConnectionTrait,
    firm: Uuid,
    limit: u64,
) -> Result<Vec<inspection_target::Model>> {
    Ok(inspection_target::Entity::find()
        .filter(inspection_target::Column::FirmId.eq(firm))
        .limit(limit)
        .all(db)
        .await?)
}

/// The inspection rounds `ids`, by id.
pub async fn rounds_by_id(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, inspection_round::Model>> {
    Ok(inspection_round::Entity::find()
        .filter(inspection_round::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect())
}

/// The newest `limit` awards a firm won (whatever became of them), newest first.
pub async fn awards_of_firm(
    db: &impl ConnectionTrait,
    firm: Uuid,
    limit: u64,
) -> Result<Vec<award::Model>> {
    Ok(award::Entity::find()
        .filter(award::Column::FirmId.eq(firm))
        .order_by_desc(award::Column::AwardedAt)
        .limit(limit)
        .all(db)
        .await?)
}

/// The title and method (as stored) of the projects `ids`: (id, title, method).
pub async fn project_titles_and_methods(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<Vec<(Uuid, String, String)>> {
    Ok(project::Entity::find()
        .select_only()
        .columns([
            project::Column::Id,
            project::Column::Title,
            project::Column::Method,
        ])
        .filter(project::Column::Id.is_in(ids))
        .into_tuple::<(Uuid, String, String)>()
        .all(db)
        .await?)
}

/// The newest `limit` projects an owner has published, newest publication first.
pub async fn published_projects_of_owner(
    db: &impl ConnectionTrait,
    owner: Uuid,
    limit: u64,
) -> Result<Vec<project::Model>> {
    Ok(project::Entity::find()
        .filter(project::Column::OwnerAccountId.eq(owner))
        .filter(project::Column::PublishedMicros.is_not_null())
        .order_by_desc(project::Column::PublishedMicros)
        .limit(limit)
        .all(db)
        .await?)
}

/// The standing awards (notice or contracted, of any round) of the projects `ids`.
pub async fn standing_awards_of_projects(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<Vec<award::Model>> {
    Ok(award::Entity::find()
        .filter(award::Column::ProjectId.is_in(ids))
        .filter(award::Column::Status.is_in(AwardStatus::STANDING.map(AwardStatus::as_str)))
        .all(db)
        .await?)
}

/// The newest `limit` complaints about an owner, newest first.
pub async fn complaints_about_owner(
    db: &impl ConnectionTrait,
    owner: Uuid,
    limit: u64,
) -> Result<Vec<complaint::Model>> {
    Ok(complaint::Entity::find()
        .filter(complaint::Column::OwnerAccountId.eq(owner))
        .order_by_desc(complaint::Column::CreatedAt)
        .limit(limit)
        .all(db)
        .await?)
}

/// At most `limit` of the targets an inspector was drawn for and has recorded no findings on,
/// in no particular order (the caller orders them by their rounds' draw).
pub async fn pending_inspections_of(
    db: &impl ConnectionTrait,
    inspector: Uuid,
    limit: u64,
) -> Result<Vec<inspection_target::Model>> {
    Ok(inspection_target::Entity::find()
        .filter(inspection_target::Column::InspectorAccountId.eq(inspector))
        .filter(inspection_target::Column::Outcome.is_null())
        .limit(limit)
        .all(db)
        .await?)
}
