//! The open data's reads: the projects in the order the OCDS release feed serves them, and the
//! announcements and award notices of the Atom feed.

use crate::error::Result;
use crate::model::project::ProjectStatus;
use crate::store::entities::{award, project};
use crate::store::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// A public project's place in the feed: its id and its last change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Changed {
    pub id: Uuid,
    pub at: DateTime<Utc>,
}

/// Public (non-draft) projects in the order of their last change, oldest first (ties by id),
/// after the change `after` (`(updated_at, id)`, keyset), at most `limit`.
pub async fn projects_changed_after(
    db: &impl ConnectionTrait,
    after: Option<Changed>,
    limit: u64,
) -> Result<Vec<Changed>> {
    let mut q = project::Entity::find()
        .filter(project::Column::Status.ne(ProjectStatus::Draft.as_str()))
        .order_by_asc(project::Column::UpdatedAt)
        .order_by_asc(project::Column::Id)
        .limit(limit);
    if let Some(c) = after {
        q = q.filter(
            Condition::any()
                .add(project::Column::UpdatedAt.gt(c.at))
                .add(
                    Condition::all()
                        .add(project::Column::UpdatedAt.eq(c.at))
                        .add(project::Column::Id.gt(c.id)),
                ),
        );
    }
    let rows: Vec<(Uuid, DateTime<Utc>)> = q
        .select_only()
        .column(project::Column::Id)
        .column(project::Column::UpdatedAt)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, at)| Changed { id, at })
        .collect())
}

/// Public projects with a publication time, newest published first (ties by id), at most
/// `limit`.
pub async fn projects_newest_published(
    db: &impl ConnectionTrait,
    limit: u64,
) -> Result<Vec<project::Model>> {
    Ok(project::Entity::find()
        .filter(project::Column::Status.ne(ProjectStatus::Draft.as_str()))
        .filter(project::Column::PublishedAt.is_not_null())
        .order_by_desc(project::Column::PublishedAt)
        .order_by_asc(project::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// Awards, newest first (ties by id), at most `limit`.
pub async fn awards_newest_first(
    db: &impl ConnectionTrait,
    limit: u64,
) -> Result<Vec<award::Model>> {
    Ok(award::Entity::find()
        .order_by_desc(award::Column::AwardedAt)
        .order_by_asc(award::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}
