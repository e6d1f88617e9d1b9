//! The directory's change log: what tells every instance's in-memory directory
//! (`service::directory`) which firms to reload.

use crate::error::Result;
use crate::store::entities::{directory_change, directory_version};
use crate::store::{ColumnTrait, ConnectionTrait, EntityTrait, Expr, ExprTrait, QueryFilter, Set};
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

pub async fn read_version<C: ConnectionTrait>(db: &C) -> Result<i64> {
    Ok(directory_version::Entity::find_by_id(1)
        .one(db)
        .await?
        .map_or(0, |v| v.version))
}
