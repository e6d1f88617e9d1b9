//! The audit log (操作留痕): its entries and the chain's head row, which every append advances.

use crate::error::Result;
use crate::store::entities::{audit_entry, audit_head};
use crate::store::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, Expr,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, UpdateMany,
};

/// Entries linked onto a head, as they are written: the rows to insert, and the head's advance
/// (conditional on the head still being the one read). A writer that sends its statements
/// together (`store::Writes`, the bid desk) pushes both itself; others call [`append`].
pub struct Link {
    pub rows: Vec<audit_entry::ActiveModel>,
    pub advance: UpdateMany<audit_head::Entity>,
}

/// The writes that put `rows` (already chained, every column given) after the head whose
/// sequence number was `read_seq`, leaving the head at `last_seq` / `last_hash`.
pub fn link(
    read_seq: i64,
    rows: Vec<audit_entry::Model>,
    last_seq: i64,
    last_hash: String,
) -> Link {
    let rows = rows
        .into_iter()
        .map(|r| r.into_active_model().reset_all())
        .collect();
    let advance = audit_head::Entity::update_many()
        .col_expr(audit_head::Column::Seq, Expr::value(last_seq))
        .col_expr(audit_head::Column::Hash, Expr::value(last_hash))
        .filter(audit_head::Column::Id.eq(1))
        .filter(audit_head::Column::Seq.eq(read_seq));
    Link { rows, advance }
}

/// Advances the head and inserts the linked rows; `false` (and nothing written) when the head
/// is no longer the one the link was made on (a concurrent writer on PostgreSQL got there
/// first: read the head again and link anew, so the chain never forks).
pub async fn append(tx: &DatabaseTransaction, link: Link) -> Result<bool> {
    let advanced = link.advance.exec(tx).await?;
    if advanced.rows_affected != 1 {
        return Ok(false);
    }
    // 9 columns a row: well inside both engines' bind-parameter limits.
    let mut rows = link.rows.into_iter().peekable();
    while rows.peek().is_some() {
        audit_entry::Entity::insert_many(rows.by_ref().take(500))
            .exec_without_returning(tx)
            .await?;
    }
    Ok(true)
}

/// The chain's head row; `lock`: FOR UPDATE, inside a transaction (PostgreSQL; SQLite's write
/// transaction holds the database already).
pub async fn head(db: &impl ConnectionTrait, lock: bool) -> Result<Option<audit_head::Model>> {
    let mut find = audit_head::Entity::find_by_id(1);
    if lock {
        find = find.lock_exclusive();
    }
    Ok(find.one(db).await?)
}

/// Up to `limit` entries after sequence number `after`, in chain order.
pub async fn entries_after(
    db: &impl ConnectionTrait,
    after: i64,
    limit: u64,
) -> Result<Vec<audit_entry::Model>> {
    Ok(audit_entry::Entity::find()
        .filter(audit_entry::Column::Seq.gt(after))
        .order_by_asc(audit_entry::Column::Seq)
        .limit(limit)
        .all(db)
        .await?)
}
