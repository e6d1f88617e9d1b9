//! The verifiable audit log: the audit entries as read back, the stored Merkle tree's nodes,
//! the signed checkpoints; and the seal check, the value that proves the seal key is this
//! database's.

use crate::error::Result;
use crate::store::entities::{audit_checkpoint, audit_entry, audit_node, seal_check};
use crate::store::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, Expr,
    IntoActiveModel, OnConflict, QueryFilter, QueryOrder, QuerySelect, is_unique_violation,
};

/// A newest-first page of the audit trail: entries with `seq < before` (all when `None`), at
/// most `limit`.
pub async fn entries_newest_first(
    db: &impl ConnectionTrait,
    before: Option<i64>,
    limit: u64,
) -> Result<Vec<audit_entry::Model>> {
    let mut q = audit_entry::Entity::find().order_by_desc(audit_entry::Column::Seq);
    if let Some(b) = before {
        q = q.filter(audit_entry::Column::Seq.lt(b));
    }
    Ok(q.limit(limit).all(db).await?)
}

/// The entries after `after` up to `up_to` (by seq), in order, at most `limit`: a page of the
/// log's walk.
pub async fn entries_after(
    db: &impl ConnectionTrait,
    after: i64,
    up_to: i64,
    limit: u64,
) -> Result<Vec<audit_entry::Model>> {
    Ok(audit_entry::Entity::find()
        .filter(audit_entry::Column::Seq.gt(after))
        .filter(audit_entry::Column::Seq.lte(up_to))
        .order_by_asc(audit_entry::Column::Seq)
        .limit(limit)
        .all(db)
        .await?)
}

/// The checkpoints of `from` to `to` entries (both included), smallest first.
pub async fn checkpoints_between(
    db: &impl ConnectionTrait,
    from: i64,
    to: i64,
) -> Result<Vec<audit_checkpoint::Model>> {
    Ok(audit_checkpoint::Entity::find()
        .filter(audit_checkpoint::Column::Size.gte(from))
        .filter(audit_checkpoint::Column::Size.lte(to))
        .order_by_asc(audit_checkpoint::Column::Size)
        .all(db)
        .await?)
}

/// The largest checkpoint in the note format (one with an origin), if any.
pub async fn largest_checkpoint_with_origin(
    db: &impl ConnectionTrait,
) -> Result<Option<audit_checkpoint::Model>> {
    Ok(audit_checkpoint::Entity::find()
        .filter(audit_checkpoint::Column::Origin.is_not_null())
        .order_by_desc(audit_checkpoint::Column::Size)
        .one(db)
        .await?)
}

/// The legacy checkpoints (signed before the note format: no origin), smallest first.
pub async fn legacy_checkpoints(db: &impl ConnectionTrait) -> Result<Vec<audit_checkpoint::Model>> {
    Ok(audit_checkpoint::Entity::find()
        .filter(audit_checkpoint::Column::Origin.is_null())
        .order_by_asc(audit_checkpoint::Column::Size)
        .all(db)
        .await?)
}

/// Gives the legacy checkpoint of `size` entries its note signature and origin, if it still has
/// no origin (so that instances upgrading at once upgrade it once); whether this call did.
pub async fn upgrade_legacy_checkpoint(
    db: &impl ConnectionTrait,
    size: i64,
    signature: String,
    origin: String,
) -> Result<bool> {
    let r = audit_checkpoint::Entity::update_many()
        .col_expr(audit_checkpoint::Column::Signature, Expr::value(signature))
        .col_expr(audit_checkpoint::Column::Origin, Expr::value(origin))
        .filter(audit_checkpoint::Column::Size.eq(size))
        .filter(audit_checkpoint::Column::Origin.is_null())
        .exec(db)
        .await?;
    Ok(r.rows_affected == 1)
}

/// The largest checkpoint, if any.
pub async fn largest_checkpoint(
    db: &impl ConnectionTrait,
) -> Result<Option<audit_checkpoint::Model>> {
    Ok(audit_checkpoint::Entity::find()
        .order_by_desc(audit_checkpoint::Column::Size)
        .one(db)
        .await?)
}

/// Checkpoints largest first: those of fewer than `before` entries (all when `None`), at most
/// `limit`.
pub async fn checkpoints_largest_first(
    db: &impl ConnectionTrait,
    before: Option<i64>,
    limit: u64,
) -> Result<Vec<audit_checkpoint::Model>> {
    let mut q = audit_checkpoint::Entity::find().order_by_desc(audit_checkpoint::Column::Size);
    if let Some(b) = before {
        q = q.filter(audit_checkpoint::Column::Size.lt(b));
    }
    Ok(q.limit(limit).all(db).await?)
}

/// The stored node with the highest key below `below`: with the leaves' keys below 2^48
/// (`service::transparency::node_key`), the last leaf stored.
pub async fn highest_node_below(
    db: &impl ConnectionTrait,
    below: i64,
) -> Result<Option<audit_node::Model>> {
    Ok(audit_node::Entity::find()
        .filter(audit_node::Column::Id.lt(below))
        .order_by_desc(audit_node::Column::Id)
        .one(db)
        .await?)
}

/// Stores nodes, a node stored already (by another instance verifying the same entries) left
/// as it is: one insert per 1000 nodes (2 columns a row: well inside both engines'
/// bind-parameter limits).
pub async fn add_nodes(tx: &DatabaseTransaction, nodes: Vec<audit_node::Model>) -> Result<()> {
    for chunk in nodes.chunks(1000) {
        audit_node::Entity::insert_many(
            chunk
                .iter()
                .map(|n| n.clone().into_active_model().reset_all()),
        )
        .on_conflict(
            OnConflict::column(audit_node::Column::Id)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(tx)
        .await?;
    }
    Ok(())
}

/// The stored nodes with the keys `keys` (one primary-key `IN` list).
pub async fn nodes_with_keys(
    db: &impl ConnectionTrait,
    keys: impl IntoIterator<Item = i64>,
) -> Result<Vec<audit_node::Model>> {
    Ok(audit_node::Entity::find()
        .filter(audit_node::Column::Id.is_in(keys))
        .all(db)
        .await?)
}

/// Records the seal check value (the row with id 1); `false` when another instance recorded
/// its own first (the primary key decides).
pub async fn record_seal_check(db: &impl ConnectionTrait, sealed: String) -> Result<bool> {
    let row = seal_check::Model { id: 1, sealed };
    match row.into_active_model().reset_all().insert(db).await {
        Ok(_) => Ok(true),
        Err(e) if is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e.into()),
    }
}
