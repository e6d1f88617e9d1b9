//! The audit log's Merkle tree, stored (issue 19, part 3): one row per perfect subtree — level 0
//! the leaf hashes, level L the roots of 2^L consecutive leaves — so that an inclusion or
//! consistency proof, and a checkpoint's root, read O(log n) rows instead of the whole log.
//! A node's key is `level << 48 | position` (one integer primary key: a proof's read is one
//! `IN` list).
//!
//! Derived data: the server fills it from the audit entries as it verifies them (at its first
//! start after this migration, from entry 1), so nothing is converted here.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditNode {
    Table,
    Id,
    Hash,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AuditNode::Table)
                .col(big_integer(AuditNode::Id).primary_key())
                .col(blob(AuditNode::Hash))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AuditNode::Table).to_owned())
            .await
    }
}
