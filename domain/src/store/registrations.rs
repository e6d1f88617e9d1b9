//! Registrations and their sealed bids: what the bid desk reads for a batch and writes in one
//! go, withdrawing, the firm's own registrations, and the closing that opens the bids.

use crate::error::Result;
use crate::store::entities::{
    affiliation, attachment, audit_entry, audit_head, credit_restriction, firm, outbox, project,
    qualification, registration, service_item,
};
use crate::store::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, DbBackend,
    EntityTrait, Expr, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, SelectStatement,
    UpdateMany, Writes, is_unique_violation, uuid_in,
};
use chrono::{DateTime, Utc};
use uuid::Uuid;

// ---- the bid desk's reads, before its transaction ---------------------------------------------

/// The firms of `accounts` (one query, the ids as one array parameter on PostgreSQL).
pub async fn firms_of_accounts(
    db: &impl ConnectionTrait,
    accounts: &[Uuid],
) -> Result<Vec<firm::Model>> {
    Ok(firm::Entity::find()
        .filter(uuid_in(
            db.get_database_backend(),
            firm::Column::AccountId,
            accounts.iter().copied(),
        ))
        .all(db)
        .await?)
}

/// The service items of `projects` (for their approving departments), by a subquery on the
/// project table.
pub async fn items_of_projects(
    db: &impl ConnectionTrait,
    projects: &[Uuid],
) -> Result<Vec<service_item::Model>> {
    Ok(service_item::Entity::find()
        .filter(service_item::Column::Id.in_subquery(select_by_ids(
            db.get_database_backend(),
            project::Column::ItemId,
            project::Column::Id,
            projects.iter().copied(),
        )))
        .all(db)
        .await?)
}

/// The attachments with these ids (the plan files bids name).
pub async fn attachments_with_ids(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<Vec<attachment::Model>> {
    Ok(attachment::Entity::find()
        .filter(attachment::Column::Id.is_in(ids))
        .all(db)
        .await?)
}

/// The projects with these ids as they stand, unlocked (see [`projects_locked_shared`] for the
/// read under the write transaction).
pub async fn projects_as_they_stand(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<Vec<project::Model>> {
    Ok(project::Entity::find()
        .filter(uuid_in(
            db.get_database_backend(),
            project::Column::Id,
            ids.iter().copied(),
        ))
        .all(db)
        .await?)
}

/// The qualifications of the firms of `accounts` (a subquery on the firm table, so that the
/// read goes at once with the firms').
pub async fn qualifications_of_accounts(
    db: &impl ConnectionTrait,
    accounts: &[Uuid],
) -> Result<Vec<qualification::Model>> {
    Ok(qualification::Entity::find()
        .filter(qualification::Column::FirmId.in_subquery(of_accounts(
            db.get_database_backend(),
            firm::Column::Id,
            accounts,
        )))
        .all(db)
        .await?)
}

/// The ties (affiliations) of the firms of `accounts` (a subquery on the firm table).
pub async fn affiliations_of_accounts(
    db: &impl ConnectionTrait,
    accounts: &[Uuid],
) -> Result<Vec<affiliation::Model>> {
    Ok(affiliation::Entity::find()
        .filter(affiliation::Column::FirmId.in_subquery(of_accounts(
            db.get_database_backend(),
            firm::Column::Id,
            accounts,
        )))
        .all(db)
        .await?)
}

/// The credit restrictions in force at `at` on the credit codes of the firms of `accounts` (a
/// subquery on the firm table).
pub async fn restrictions_of_accounts(
    db: &impl ConnectionTrait,
    accounts: &[Uuid],
    at: DateTime<Utc>,
) -> Result<Vec<credit_restriction::Model>> {
    Ok(credit_restriction::Entity::find()
        .filter(
            credit_restriction::Column::CreditCode.in_subquery(of_accounts(
                db.get_database_backend(),
                firm::Column::CreditCode,
                accounts,
            )),
        )
        .filter(credit_restriction::Column::StartsAt.lte(at))
        .filter(
            Condition::any()
                .add(credit_restriction::Column::EndsAt.is_null())
                .add(credit_restriction::Column::EndsAt.gt(at)),
        )
        .all(db)
        .await?)
}

/// `SELECT column FROM firm WHERE account_id IN accounts`, for a subquery.
fn of_accounts(backend: DbBackend, column: firm::Column, accounts: &[Uuid]) -> SelectStatement {
    select_by_ids(
        backend,
        column,
        firm::Column::AccountId,
        accounts.iter().copied(),
    )
}

/// `SELECT column FROM its table WHERE by IN ids` (written by [`uuid_in`]), for a subquery.
fn select_by_ids<C: ColumnTrait, B: ColumnTrait>(
    backend: DbBackend,
    column: C,
    by: B,
    ids: impl IntoIterator<Item = Uuid>,
) -> SelectStatement {
    crate::store::Query::select()
        .column(column)
        .from(column.entity_name())
        .and_where(uuid_in(backend, by, ids))
        .to_owned()
}

// ---- the bid desk's transaction ---------------------------------------------------------------

/// The projects with these ids, read again under the write transaction, in id order. PostgreSQL
/// takes a share lock (FOR SHARE): it keeps the closing job and the owner's edits (they update
/// the row) out until the batch commits, but lets other instances' batches in. SQLite: the write
/// transaction holds the whole database already.
pub async fn projects_locked_shared(
    tx: &DatabaseTransaction,
    ids: Vec<Uuid>,
) -> Result<Vec<project::Model>> {
    Ok(project::Entity::find()
        .filter(uuid_in(tx.get_database_backend(), project::Column::Id, ids))
        .order_by_asc(project::Column::Id)
        .lock_shared()
        .all(tx)
        .await?)
}

/// The registrations of these firms in these projects, in every round. IN lists here, not
/// `uuid_in`: with two arrays cast from text PostgreSQL cannot see their sizes when it plans,
/// and in the bid storm its plan read far slower than the IN lists' (figures:
/// tests/bench/README.md, section "Figures moved from code comments").
pub async fn registrations_of_firms_in(
    db: &impl ConnectionTrait,
    projects: impl IntoIterator<Item = Uuid>,
    firms: impl IntoIterator<Item = Uuid>,
) -> Result<Vec<registration::Model>> {
    Ok(registration::Entity::find()
        .filter(registration::Column::ProjectId.is_in(projects))
        .filter(registration::Column::FirmId.is_in(firms))
        .all(db)
        .await?)
}

/// Writes every column of a registration read before (a bid replaced in place): at once, not
/// in the batch, since the batch's own inserts are not written yet.
pub async fn rewrite_registration(
    tx: &DatabaseTransaction,
    row: registration::Model,
) -> Result<registration::Model> {
    Ok(row.into_active_model().reset_all().update(tx).await?)
}

/// Writes a batch of the bid desk: the new registrations, the mails, and the audit chain's
/// advance with its entries (`audit`: the head's conditional advance and the entries' rows),
/// in that order, the way the engine takes them best (see [`Writes`]: one statement on
/// PostgreSQL). `false` when a registration meets the unique index (another instance
/// registered the same firm meanwhile); the transaction is then unusable.
pub async fn write_desk_batch<M, E>(
    tx: &DatabaseTransaction,
    registrations: Vec<registration::Model>,
    mails: Vec<M>,
    audit: Option<(UpdateMany<audit_head::Entity>, Vec<E>)>,
) -> Result<bool>
where
    M: IntoActiveModel<outbox::ActiveModel>,
    E: IntoActiveModel<audit_entry::ActiveModel>,
{
    let registrations: Vec<_> = registrations
        .into_iter()
        .map(|m| m.into_active_model().reset_all())
        .collect();
    let mut writes = Writes::for_transaction(tx);
    if !registrations.is_empty() {
        writes.push_rows(registrations)?;
    }
    if !mails.is_empty() {
        writes.push_rows(mails.into_iter().map(IntoActiveModel::into_active_model))?;
    }
    if let Some((advance, rows)) = audit {
        writes.push_update(advance);
        writes.push_rows(rows.into_iter().map(IntoActiveModel::into_active_model))?;
    }
    match writes.exec(tx).await {
        Ok(()) => Ok(true),
        Err(e) if is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

// ---- one registration ------------------------------------------------------------------------

/// The firm's live (active) registration in the project's round, if any.
pub async fn active_registration_of_firm(
    db: &impl ConnectionTrait,
    project_id: Uuid,
    round: i32,
    firm_id: Uuid,
) -> Result<Option<registration::Model>> {
    Ok(registration::Entity::find()
        .filter(registration::Column::ProjectId.eq(project_id))
        .filter(registration::Column::Round.eq(round))
        .filter(registration::Column::FirmId.eq(firm_id))
        .filter(
            registration::Column::Status
                .eq(crate::model::project::RegistrationStatus::Active.as_str()),
        )
        .one(db)
        .await?)
}

/// The firm's registration in the project's round, whatever its status, if any.
pub async fn registration_of_firm(
    db: &impl ConnectionTrait,
    project_id: Uuid,
    round: i32,
    firm_id: Uuid,
) -> Result<Option<registration::Model>> {
    Ok(registration::Entity::find()
        .filter(registration::Column::ProjectId.eq(project_id))
        .filter(registration::Column::Round.eq(round))
        .filter(registration::Column::FirmId.eq(firm_id))
        .one(db)
        .await?)
}

/// The firm's registrations, newest first, at most 500.
pub async fn registrations_of_firm_newest_first(
    db: &impl ConnectionTrait,
    firm_id: Uuid,
) -> Result<Vec<registration::Model>> {
    Ok(registration::Entity::find()
        .filter(registration::Column::FirmId.eq(firm_id))
        .order_by_desc(registration::Column::CreatedAt)
        .limit(500)
        .all(db)
        .await?)
}

/// A registrant's plan score (its row in the project's round).
pub async fn set_plan_score(
    tx: &DatabaseTransaction,
    project_id: Uuid,
    round: i32,
    firm_id: Uuid,
    score: i32,
) -> Result<()> {
    registration::Entity::update_many()
        .col_expr(registration::Column::PlanScore, Expr::value(score))
        .filter(registration::Column::ProjectId.eq(project_id))
        .filter(registration::Column::Round.eq(round))
        .filter(registration::Column::FirmId.eq(firm_id))
        .exec(tx)
        .await?;
    Ok(())
}

// ---- closing ---------------------------------------------------------------------------------

/// Published projects whose deadline is at or before `at`, earliest deadline first, at most 200.
pub async fn projects_due_to_close(
    db: &impl ConnectionTrait,
    at: DateTime<Utc>,
) -> Result<Vec<Uuid>> {
    Ok(project::Entity::find()
        .select_only()
        .column(project::Column::Id)
        .filter(
            project::Column::Status.eq(crate::model::project::ProjectStatus::Published.as_str()),
        )
        .filter(project::Column::DeadlineMicros.lte(at.timestamp_micros()))
        .order_by_asc(project::Column::DeadlineMicros)
        .limit(200)
        .into_tuple::<Uuid>()
        .all(db)
        .await?)
}

/// Claims a project for closing at `t`: published and due becomes selecting, closed at `t`.
/// The conditional update is the claim: of concurrent closers exactly one changes the row;
/// whether this one did.
pub async fn claim_closing(tx: &DatabaseTransaction, id: Uuid, t: DateTime<Utc>) -> Result<bool> {
    use crate::model::project::ProjectStatus;
    let claimed = project::Entity::update_many()
        .col_expr(
            project::Column::Status,
            Expr::value(ProjectStatus::Selecting.as_str()),
        )
        .col_expr(project::Column::ClosedAt, Expr::value(t))
        .col_expr(project::Column::UpdatedAt, Expr::value(t))
        .filter(project::Column::Id.eq(id))
        .filter(project::Column::Status.eq(ProjectStatus::Published.as_str()))
        .filter(project::Column::DeadlineMicros.lte(t.timestamp_micros()))
        .exec(tx)
        .await?;
    Ok(claimed.rows_affected == 1)
}

/// Stores an opened bid (`r` as unsealed): its price, plan digest and nonce in the clear, the
/// sealed form gone, and the firm's credit score as it stood at the opening.
pub async fn store_opened_bid(
    tx: &DatabaseTransaction,
    r: &registration::Model,
    credit_score: Option<i32>,
) -> Result<()> {
    registration::Entity::update_many()
        .col_expr(registration::Column::CreditScore, Expr::value(credit_score))
        .col_expr(registration::Column::PriceFen, Expr::value(r.price_fen))
        .col_expr(
            registration::Column::PlanSha256,
            Expr::value(r.plan_sha256.clone()),
        )
        .col_expr(registration::Column::Nonce, Expr::value(r.nonce.clone()))
        .col_expr(
            registration::Column::SealedBid,
            Expr::value(Option::<String>::None),
        )
        .filter(registration::Column::Id.eq(r.id))
        .exec(tx)
        .await?;
    Ok(())
}
