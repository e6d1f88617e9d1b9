//! The project aggregate: project rows with their owners and catalogue items as the project
//! pages and lists read them, the row locks that serialize decisions on a project, and what a
//! project's pages and notices read of its registrations, awards, objections and documents.

use crate::error::Result;
use crate::model::project::{BidDecision, ProjectStatus, RegistrationStatus};
use crate::store::entities::{
    account, award, delivery_submission, objection, project, registration, service_item,
};
use crate::store::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait, Expr, QueryFilter,
    QueryOrder, QuerySelect, Select,
};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// A project with its owner's account and its catalogue item, as one joined query reads them.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectWithNames {
    pub project: project::Model,
    pub owner: Option<account::Model>,
    pub item: Option<service_item::Model>,
}

/// The filters of the public announcement list.
#[derive(Debug, Clone, Default)]
pub struct AnnouncementFilter {
    /// The statuses shown (never `draft`).
    pub statuses: Vec<ProjectStatus>,
    pub item: Option<Uuid>,
    /// The inclusive range of region codes.
    pub region: Option<(String, String)>,
    pub method: Option<String>,
    /// `(published_micros, id)` of the last project of the previous page: only those after it.
    pub after: Option<(i64, Uuid)>,
    /// Rows read at most.
    pub limit: u64,
}

/// The projects `sel` selects, each with its owner's account and catalogue item, in one joined
/// query (the public reads — a project's page, the lists — are the busiest of a bid storm).
async fn with_names(
    db: &impl ConnectionTrait,
    sel: Select<project::Entity>,
) -> Result<Vec<ProjectWithNames>> {
    Ok(sel
        .find_also_related(account::Entity)
        .find_also_related(service_item::Entity)
        .all(db)
        .await?
        .into_iter()
        .map(|(project, owner, item)| ProjectWithNames {
            project,
            owner,
            item,
        })
        .collect())
}

/// One project (any status) with its owner's account and catalogue item.
pub async fn project_with_names(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<ProjectWithNames>> {
    Ok(with_names(db, project::Entity::find_by_id(id)).await?.pop())
}

/// An owner's projects with their names, newest first (ties by id).
pub async fn projects_of_owner_newest_first(
    db: &impl ConnectionTrait,
    owner: Uuid,
) -> Result<Vec<ProjectWithNames>> {
    with_names(
        db,
        project::Entity::find()
            .filter(project::Column::OwnerAccountId.eq(owner))
            .order_by_desc(project::Column::CreatedAt)
            .order_by_asc(project::Column::Id),
    )
    .await
}

/// A page of published announcements, newest published first (ties by id, descending), at
/// most `filter.limit` rows. Both keys descend so that one index walked backwards gives the order
/// (a mixed direction makes either engine sort every matching row). Without the owners' and
/// items' names ([`owners_and_items`]): joined in one query, PostgreSQL's planner chose to join
/// and sort every announcement rather than walk the order index and stop at the page.
pub async fn announcements_newest_first(
    db: &impl ConnectionTrait,
    filter: &AnnouncementFilter,
) -> Result<Vec<project::Model>> {
    let statuses: Vec<&str> = filter.statuses.iter().map(|s| s.as_str()).collect();
    let mut sel = project::Entity::find()
        .filter(project::Column::Status.is_in(statuses))
        .filter(project::Column::PublishedMicros.is_not_null());
    if let Some(item) = filter.item {
        sel = sel.filter(project::Column::ItemId.eq(item));
    }
    if let Some((lo, hi)) = &filter.region {
        sel = sel
            .filter(project::Column::RegionCode.gte(lo.clone()))
            .filter(project::Column::RegionCode.lte(hi.clone()));
    }
    if let Some(method) = &filter.method {
        sel = sel.filter(project::Column::Method.eq(method.clone()));
    }
    if let Some((micros, id)) = filter.after {
        sel = sel.filter(
            Condition::any()
                .add(project::Column::PublishedMicros.lt(micros))
                .add(
                    Condition::all()
                        .add(project::Column::PublishedMicros.eq(micros))
                        .add(project::Column::Id.lt(id)),
                ),
        );
    }
    Ok(sel
        .order_by_desc(project::Column::PublishedMicros)
        .order_by_desc(project::Column::Id)
        .limit(filter.limit)
        .all(db)
        .await?)
}

/// The accounts and the catalogue items among the given ids (two queries, run at once).
pub async fn owners_and_items<C: ConnectionTrait>(
    db: &C,
    owners: impl IntoIterator<Item = Uuid>,
    items: impl IntoIterator<Item = Uuid>,
) -> Result<(Vec<account::Model>, Vec<service_item::Model>)> {
    Ok(tokio::try_join!(
        account::Entity::find()
            .filter(account::Column::Id.is_in(owners))
            .all(db),
        service_item::Entity::find()
            .filter(service_item::Column::Id.is_in(items))
            .all(db)
    )?)
}

/// A round's live (active) registrations, by firm id.
pub async fn live_registrations<C: ConnectionTrait>(
    db: &C,
    project_id: Uuid,
    round: i32,
) -> Result<Vec<registration::Model>> {
    Ok(registration::Entity::find()
        .filter(registration::Column::ProjectId.eq(project_id))
        .filter(registration::Column::Round.eq(round))
        .filter(registration::Column::Status.eq(RegistrationStatus::Active.as_str()))
        .order_by_asc(registration::Column::FirmId)
        .all(db)
        .await?)
}

/// Voids a round's live registrations (an announcement changed in substance) at `at`.
pub async fn void_live_registrations(
    tx: &DatabaseTransaction,
    project_id: Uuid,
    round: i32,
    at: DateTime<Utc>,
) -> Result<()> {
    registration::Entity::update_many()
        .col_expr(
            registration::Column::Status,
            Expr::value(RegistrationStatus::Invalidated.as_str()),
        )
        .col_expr(registration::Column::UpdatedAt, Expr::value(at))
        .filter(registration::Column::ProjectId.eq(project_id))
        .filter(registration::Column::Round.eq(round))
        .filter(registration::Column::Status.eq(RegistrationStatus::Active.as_str()))
        .exec(tx)
        .await?;
    Ok(())
}

/// Records the decision on an opened bid, and why.
pub async fn decide_bid(
    tx: &DatabaseTransaction,
    registration_id: Uuid,
    decision: BidDecision,
    reason: &str,
) -> Result<()> {
    registration::Entity::update_many()
        .col_expr(
            registration::Column::Decision,
            Expr::value(decision.as_str()),
        )
        .col_expr(registration::Column::DecisionReason, Expr::value(reason))
        .filter(registration::Column::Id.eq(registration_id))
        .exec(tx)
        .await?;
    Ok(())
}

/// The latest award of a round (by award time).
pub async fn latest_award_of_round<C: ConnectionTrait>(
    db: &C,
    project_id: Uuid,
    round: i32,
) -> Result<Option<award::Model>> {
    Ok(award::Entity::find()
        .filter(award::Column::ProjectId.eq(project_id))
        .filter(award::Column::Round.eq(round))
        .order_by_desc(award::Column::AwardedAt)
        .one(db)
        .await?)
}

/// A round's awards, oldest first.
pub async fn awards_of_round_oldest_first(
    db: &impl ConnectionTrait,
    project_id: Uuid,
    round: i32,
) -> Result<Vec<award::Model>> {
    Ok(award::Entity::find()
        .filter(award::Column::ProjectId.eq(project_id))
        .filter(award::Column::Round.eq(round))
        .order_by_asc(award::Column::AwardedAt)
        .all(db)
        .await?)
}

/// A project's objections (every round), oldest first.
pub async fn objections_oldest_first(
    db: &impl ConnectionTrait,
    project_id: Uuid,
) -> Result<Vec<objection::Model>> {
    Ok(objection::Entity::find()
        .filter(objection::Column::ProjectId.eq(project_id))
        .order_by_asc(objection::Column::CreatedAt)
        .all(db)
        .await?)
}

/// The award whose signed contract is the document `document_id`, if any.
pub async fn award_with_contract_document(
    db: &impl ConnectionTrait,
    document_id: Uuid,
) -> Result<Option<award::Model>> {
    Ok(award::Entity::find()
        .filter(award::Column::ContractDocumentId.eq(document_id))
        .one(db)
        .await?)
}

/// The delivery submission whose result is the document `document_id`, if any.
pub async fn delivery_submission_of_document(
    db: &impl ConnectionTrait,
    document_id: Uuid,
) -> Result<Option<delivery_submission::Model>> {
    Ok(delivery_submission::Entity::find()
        .filter(delivery_submission::Column::DocumentId.eq(document_id))
        .one(db)
        .await?)
}

/// Takes the project's row lock if it is in `status`; whether it did. PostgreSQL: a no-op
/// update holds the row lock until the transaction ends; SQLite: the write transaction holds the
/// database already. Decisions on one project serialize on it, so two concurrent decisions never
/// both act on the same state.
pub async fn lock_project_in_status(
    tx: &DatabaseTransaction,
    id: Uuid,
    status: ProjectStatus,
) -> Result<bool> {
    lock_where(
        tx,
        id,
        Condition::all().add(project::Column::Status.eq(status.as_str())),
    )
    .await
}

/// Takes the project's row lock while registration is open: still in `round`, published, its
/// deadline after `t`; whether it did. A bid and the closing job serialize on this row, so a bid
/// either commits before the project closes (and is opened) or finds it closed.
pub async fn lock_project_while_open(
    tx: &DatabaseTransaction,
    id: Uuid,
    round: i32,
    t: DateTime<Utc>,
) -> Result<bool> {
    let open = Condition::all()
        .add(project::Column::Round.eq(round))
        .add(project::Column::Status.eq(ProjectStatus::Published.as_str()))
        .add(project::Column::DeadlineMicros.gt(t.timestamp_micros()));
    lock_where(tx, id, open).await
}

/// Takes a project's row lock (a no-op update) if the row still meets `condition`.
async fn lock_where(tx: &DatabaseTransaction, id: Uuid, condition: Condition) -> Result<bool> {
    let r = project::Entity::update_many()
        .col_expr(project::Column::Round, Expr::col(project::Column::Round))
        .filter(project::Column::Id.eq(id))
        .filter(condition)
        .exec(tx)
        .await?;
    Ok(r.rows_affected == 1)
}
