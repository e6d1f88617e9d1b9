//! Checkpoints as C2SP signed notes (issue 19): the log's origin, the first line of the signed
//! checkpoint body, is kept with each checkpoint (so that a later change of the base URL does not
//! change what an earlier checkpoint's note says). Rows without one are legacy checkpoints,
//! signed over the old text; the server re-signs those whose signature holds as notes at start.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditCheckpoint {
    Table,
    Origin,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Idempotent: a rollback on SQLite may leave the column in place (below).
        if m.has_column("audit_checkpoint", "origin").await? {
            return Ok(());
        }
        m.alter_table(
            Table::alter()
                .table(AuditCheckpoint::Table)
                .add_column(string_null(AuditCheckpoint::Origin))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() == sea_orm_migration::sea_orm::DatabaseBackend::Sqlite {
            // SQLite (3.35+) drops a column by its own statement.
            m.get_connection()
                .execute_unprepared("ALTER TABLE audit_checkpoint DROP COLUMN origin")
                .await?;
            return Ok(());
        }
        m.alter_table(
            Table::alter()
                .table(AuditCheckpoint::Table)
                .drop_column(AuditCheckpoint::Origin)
                .to_owned(),
        )
        .await
    }
}
