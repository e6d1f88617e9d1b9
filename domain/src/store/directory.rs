//! The directory's change log: what tells every instance's in-memory directory
//! (`service::directory`) which firms to reload.

use crate::error::Result;
use crate::model::firm::FirmStatus;
use crate::store::entities::{
    directory_change, directory_version, firm, firm_service_item, qualification,
};
use crate::store::{
    ColumnTrait, ConnectionTrait, EntityTrait, Expr, ExprTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use chrono::NaiveDate;
use uuid::Uuid;

/// Change rows kept in the log; an instance further behind reloads everything.
const KEEP_CHANGES: i64 = 10_000;

/// Records that what the directory shows of a firm changed (`None`: of every firm, after a bulk
/// load). Call it inside the changing transaction, as its last write: it holds the version row's
/// lock until commit, so versions commit in order.
pub async fn listing_changed<C: ConnectionTrait>(tx: &C, firm: Option<Uuid>) -> Result<()> {
    directory_version::Entity::update_many()
        .col_expr(
            directory_version::Column::Version,
            Expr::col(directory_version::Column::Version).add(1),
        )
        .filter(directory_version::Column::Id.eq(1))
        .exec(tx)
        .await?;
    let version = read_version(tx).await?;
    directory_change::Entity::insert(directory_change::ActiveModel {
        version: Set(version),
        firm_id: Set(firm),
    })
    .exec_without_returning(tx)
    .await?;
    if version % 1000 == 0 {
        directory_change::Entity::delete_many()
            .filter(directory_change::Column::Version.lte(version - KEEP_CHANGES))
            .exec(tx)
            .await?;
    }
    Ok(())
}

/// The directory's version: how many changes were ever recorded (0 before the first).
pub async fn read_version<C: ConnectionTrait>(db: &C) -> Result<i64> {
    Ok(directory_version::Entity::find_by_id(1)
        .one(db)
        .await?
        .map_or(0, |v| v.version))
}

/// The changes after version `applied` up to `current`, at most `limit` of them (the caller
/// reloads everything when it finds more, or fewer than the versions between).
pub async fn changes_between<C: ConnectionTrait>(
    db: &C,
    applied: i64,
    current: i64,
    limit: u64,
) -> Result<Vec<directory_change::Model>> {
    Ok(directory_change::Entity::find()
        .filter(directory_change::Column::Version.gt(applied))
        .filter(directory_change::Column::Version.lte(current))
        .limit(limit)
        .all(db)
        .await?)
}

/// The catalogue items offered, as (firm, item), of the given firms (every firm: `None`).
pub async fn offered_items<C: ConnectionTrait>(
    db: &C,
    firms: Option<&[Uuid]>,
) -> Result<Vec<(Uuid, Uuid)>> {
    let mut sel = firm_service_item::Entity::find()
        .select_only()
        .column(firm_service_item::Column::FirmId)
        .column(firm_service_item::Column::ItemId);
    if let Some(ids) = firms {
        sel = sel.filter(firm_service_item::Column::FirmId.is_in(ids.iter().copied()));
    }
    Ok(sel.into_tuple::<(Uuid, Uuid)>().all(db).await?)
}

/// The qualifications held, as (firm, type, valid from, valid until), of the given firms
/// (every firm: `None`).
pub async fn held_qualifications<C: ConnectionTrait>(
    db: &C,
    firms: Option<&[Uuid]>,
) -> Result<Vec<(Uuid, String, NaiveDate, NaiveDate)>> {
    let mut sel = qualification::Entity::find()
        .select_only()
        .column(qualification::Column::FirmId)
        .column(qualification::Column::QualType)
        .column(qualification::Column::ValidFrom)
        .column(qualification::Column::ValidUntil);
    if let Some(ids) = firms {
        sel = sel.filter(qualification::Column::FirmId.is_in(ids.iter().copied()));
    }
    Ok(sel
        .into_tuple::<(Uuid, String, NaiveDate, NaiveDate)>()
        .all(db)
        .await?)
}

/// Up to `limit` of the firms the directory shows (listed or suspended) among the given firms
/// (every firm: `None`), by id, after the id `after` (from the first: `None`): a page of a
/// reload.
pub async fn shown_firms_page<C: ConnectionTrait>(
    db: &C,
    firms: Option<&[Uuid]>,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<firm::Model>> {
    let shown = [FirmStatus::Listed.as_str(), FirmStatus::Suspended.as_str()];
    let mut sel = firm::Entity::find()
        .filter(firm::Column::Status.is_in(shown))
        .order_by_asc(firm::Column::Id)
        .limit(limit);
    if let Some(ids) = firms {
        sel = sel.filter(firm::Column::Id.is_in(ids.iter().copied()));
    }
    if let Some(a) = after {
        sel = sel.filter(firm::Column::Id.gt(a));
    }
    Ok(sel.all(db).await?)
}
