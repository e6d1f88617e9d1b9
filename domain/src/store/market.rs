//! The market as surveillance reads it (`service::surveillance`): the published projects of a
//! scope, their standing awards and opened bids, and the names its warnings show.
//!
//! The reads are benchmarked (tests/bench `market_statistics`): each is one narrow statement,
//! restricted to the scope's projects by a subquery, with any counting done by the database.

use crate::error::Result;
use crate::model::project::{AwardStatus, ProjectStatus, RegistrationStatus};
use crate::store::entities::{award, delivery, evaluation, project, registration, service_item};
use crate::store::{
    ColumnTrait, ConnectionTrait, EntityTrait, Expr, ExprTrait, QueryFilter, QuerySelect,
    QueryTrait, Select,
};
use chrono::NaiveDate;
use uuid::Uuid;

/// Which published projects surveillance looks at. Every bound is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// Published at or after this instant (microseconds since the epoch).
    pub published_from_micros: Option<i64>,
    /// Published before this instant (microseconds since the epoch).
    pub published_before_micros: Option<i64>,
    /// Of this catalogue item.
    pub item: Option<Uuid>,
    /// With a region code in this inclusive range (a region prefix's range).
    pub region: Option<(String, String)>,
}

/// The scope's projects: published once and not a draft, within the bounds.
fn projects(scope: &Scope) -> Select<project::Entity> {
    let mut q = project::Entity::find()
        .filter(project::Column::PublishedMicros.is_not_null())
        .filter(project::Column::Status.ne(ProjectStatus::Draft.as_str()));
    if let Some(from) = scope.published_from_micros {
        q = q.filter(project::Column::PublishedMicros.gte(from));
    }
    if let Some(before) = scope.published_before_micros {
        q = q.filter(project::Column::PublishedMicros.lt(before));
    }
    if let Some(item) = scope.item {
        q = q.filter(project::Column::ItemId.eq(item));
    }
    if let Some((lo, hi)) = &scope.region {
        q = q
            .filter(project::Column::RegionCode.gte(lo.clone()))
            .filter(project::Column::RegionCode.lte(hi.clone()));
    }
    q
}

/// One project of a scope, with the columns surveillance needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarketProject {
    pub id: Uuid,
    pub owner: Uuid,
    pub item: Uuid,
    pub region: String,
    pub method: String,
    pub budget_fen: i64,
    pub round: i32,
    pub published_micros: Option<i64>,
    /// Whether its bids are opened (it has a closing time).
    pub bids_opened: bool,
    pub failed_reason: Option<String>,
    /// `published`, `failed`, `cancelled`, …
    pub status: String,
}

type ProjectColumns = (
    Uuid,
    Uuid,
    Uuid,
    String,
    String,
    i64,
    i32,
    Option<i64>,
    bool,
    Option<String>,
    String,
);

/// The scope's projects (in no particular order).
pub async fn projects_in_scope(
    db: &impl ConnectionTrait,
    scope: &Scope,
) -> Result<Vec<MarketProject>> {
    use project::Column as P;
    let rows: Vec<ProjectColumns> = projects(scope)
        .select_only()
        .columns([
            P::Id,
            P::OwnerAccountId,
            P::ItemId,
            P::RegionCode,
            P::Method,
            P::BudgetFen,
            P::Round,
            P::PublishedMicros,
        ])
        // Whether the bids are opened, as one boolean: the time itself is not needed.
        .expr(Expr::col(P::ClosedAt).is_not_null())
        .column(P::FailedReason)
        .column(P::Status)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| MarketProject {
            id: r.0,
            owner: r.1,
            item: r.2,
            region: r.3,
            method: r.4,
            budget_fen: r.5,
            round: r.6,
            published_micros: r.7,
            bids_opened: r.8,
            failed_reason: r.9,
            status: r.10,
        })
        .collect())
}

/// A standing award of a scope's project, of whichever round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StandingAward {
    pub project: Uuid,
    pub round: i32,
    pub firm: Uuid,
    pub price_fen: i64,
    pub contract_signed_on: Option<NaiveDate>,
    pub contract_price_fen: Option<i64>,
}

/// An award row as read: project, round, firm, price, contract signed on, contract price.
type AwardColumns = (Uuid, i32, Uuid, i64, Option<NaiveDate>, Option<i64>);

/// The standing awards (notice or contracted) of the scope's projects, every round's.
pub async fn standing_awards(
    db: &impl ConnectionTrait,
    scope: &Scope,
) -> Result<Vec<StandingAward>> {
    let ids = projects(scope)
        .select_only()
        .column(project::Column::Id)
        .into_query();
    let rows: Vec<AwardColumns> = award::Entity::find()
        .select_only()
        .columns([
            award::Column::ProjectId,
            award::Column::Round,
            award::Column::FirmId,
            award::Column::PriceFen,
            award::Column::ContractSignedOn,
            award::Column::ContractPriceFen,
        ])
        .filter(award::Column::Status.is_in(AwardStatus::STANDING.map(AwardStatus::as_str)))
        .filter(award::Column::ProjectId.in_subquery(ids))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(project, round, firm, price_fen, signed, value)| StandingAward {
                project,
                round,
                firm,
                price_fen,
                contract_signed_on: signed,
                contract_price_fen: value,
            },
        )
        .collect())
}

/// The active registrations of the scope's projects whose bids are opened (every round's: the
/// caller keeps the current round's).
fn registrations_of_opened(scope: &Scope) -> Select<registration::Entity> {
    registration::Entity::find()
        .select_only()
        .filter(registration::Column::Status.eq(RegistrationStatus::Active.as_str()))
        .filter(
            registration::Column::ProjectId.in_subquery(
                projects(scope)
                    .select_only()
                    .column(project::Column::Id)
                    .filter(project::Column::ClosedAt.is_not_null())
                    .into_query(),
            ),
        )
}

/// A bid row as read: project, round, firm, price, decision.
type BidColumns = (Uuid, i32, Uuid, Option<i64>, Option<String>);

/// An evaluation row as read: project, firm, owner, and the five ratings.
type RatedColumns = (Uuid, Uuid, Uuid, i32, i32, i32, i32, i32);

/// An opened bid: project, round, firm, price, and what became of it beyond its ranking
/// (`rejected-low`, `excluded-objection`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenedBid {
    pub project: Uuid,
    pub round: i32,
    pub firm: Uuid,
    pub price_fen: Option<i64>,
    pub decision: Option<String>,
}

/// The bids (active registrations) of the scope's projects whose bids are opened, every
/// round's. Never a bid of a project still sealed.
pub async fn opened_bids(db: &impl ConnectionTrait, scope: &Scope) -> Result<Vec<OpenedBid>> {
    let rows: Vec<BidColumns> = registrations_of_opened(scope)
        .columns([
            registration::Column::ProjectId,
            registration::Column::Round,
            registration::Column::FirmId,
            registration::Column::PriceFen,
            registration::Column::Decision,
        ])
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(project, round, firm, price_fen, decision)| OpenedBid {
            project,
            round,
            firm,
            price_fen,
            decision,
        })
        .collect())
}

/// How many opened bids a project's round has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BidCount {
    pub project: Uuid,
    pub round: i32,
    pub bids: i64,
}

/// As [`opened_bids`], counted by the database per project and round (one row a project
/// instead of one a bid).
pub async fn opened_bid_counts(db: &impl ConnectionTrait, scope: &Scope) -> Result<Vec<BidCount>> {
    let rows: Vec<(Uuid, i32, i64)> = registrations_of_opened(scope)
        .columns([registration::Column::ProjectId, registration::Column::Round])
        .column_as(registration::Column::Id.count(), "n")
        .group_by(registration::Column::ProjectId)
        .group_by(registration::Column::Round)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(project, round, bids)| BidCount {
            project,
            round,
            bids,
        })
        .collect())
}

/// The titles of the projects `ids`: (id, title).
pub async fn project_titles(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<Vec<(Uuid, String)>> {
    Ok(project::Entity::find()
        .select_only()
        .columns([project::Column::Id, project::Column::Title])
        .filter(project::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?)
}

/// The catalogue items `ids`.
pub async fn items(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<Vec<service_item::Model>> {
    Ok(service_item::Entity::find()
        .filter(service_item::Column::Id.is_in(ids))
        .all(db)
        .await?)
}

/// A submitted result of a scope's project: the award's contract signing and the result's
/// submission (the first, as the firm handed it in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    pub project: Uuid,
    pub firm: Uuid,
    pub signed_on: NaiveDate,
    pub submitted_on: NaiveDate,
}

/// The submitted results of the scope's projects.
pub async fn deliveries(db: &impl ConnectionTrait, scope: &Scope) -> Result<Vec<Delivered>> {
    let ids = projects(scope)
        .select_only()
        .column(project::Column::Id)
        .into_query();
    let rows: Vec<(Uuid, Uuid, NaiveDate, Option<NaiveDate>)> = delivery::Entity::find()
        .select_only()
        .columns([
            delivery::Column::ProjectId,
            delivery::Column::FirmId,
            delivery::Column::SignedOn,
            delivery::Column::SubmittedOn,
        ])
        .filter(delivery::Column::SubmittedOn.is_not_null())
        .filter(delivery::Column::ProjectId.in_subquery(ids))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(project, firm, signed_on, submitted)| {
            Some(Delivered {
                project,
                firm,
                signed_on,
                submitted_on: submitted?,
            })
        })
        .collect())
}

/// An owner's evaluation of a scope's project's firm: its five ratings (1–5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rated {
    pub project: Uuid,
    pub firm: Uuid,
    pub owner: Uuid,
    pub ratings: [i32; 5],
}

/// The evaluations of the scope's projects.
pub async fn evaluations(db: &impl ConnectionTrait, scope: &Scope) -> Result<Vec<Rated>> {
    let ids = projects(scope)
        .select_only()
        .column(project::Column::Id)
        .into_query();
    use evaluation::Column as E;
    let rows: Vec<RatedColumns> = evaluation::Entity::find()
        .select_only()
        .columns([
            E::ProjectId,
            E::FirmId,
            E::OwnerAccountId,
            E::Quality,
            E::Timeliness,
            E::Fees,
            E::Attitude,
            E::Conduct,
        ])
        .filter(E::ProjectId.in_subquery(ids))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| Rated {
            project: r.0,
            firm: r.1,
            owner: r.2,
            ratings: [r.3, r.4, r.5, r.6, r.7],
        })
        .collect())
}
