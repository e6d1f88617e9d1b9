//! Signed checkpoints of the audit log (issue 6): the size and Merkle root of the log, signed
//! with the platform's Ed25519 key, one row per published size (instances publishing the same
//! size at once keep the first).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditCheckpoint {
    Table,
    Size,
    Root,
    SignedAt,
    Signature,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AuditCheckpoint::Table)
                .col(big_integer(AuditCheckpoint::Size).primary_key())
                .col(string_len(AuditCheckpoint::Root, 64))
                .col(timestamp_with_time_zone(AuditCheckpoint::SignedAt))
                .col(string_len(AuditCheckpoint::Signature, 128))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AuditCheckpoint::Table).to_owned())
            .await
    }
}
