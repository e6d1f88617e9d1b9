//! A black-listing that follows a person (issue 25): the restriction on a firm's credit code
//! because its legal representative represents a black-listed firm names that firm by id, so
//! that lifting the black-listing lifts exactly the restrictions it caused (before, they were
//! found by the end of their reason text). Existing rows are given the firm their reason names.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CreditRestriction {
    Table,
    ViaFirmId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Idempotent: a rollback on SQLite may leave the column in place (below).
        if !m.has_column("credit_restriction", "via_firm_id").await? {
            m.alter_table(
                Table::alter()
                    .table(CreditRestriction::Table)
                    .add_column(uuid_null(CreditRestriction::ViaFirmId))
                    .to_owned(),
            )
            .await?;
        }
        // The reason of such a row ended "legal representative of <the black-listed firm>".
        m.get_connection()
            .execute_unprepared(
                "UPDATE credit_restriction SET via_firm_id = (SELECT f.id FROM firm f \
                 WHERE credit_restriction.reason = 'legal representative of ' || f.name \
                 OR credit_restriction.reason LIKE '%; legal representative of ' || f.name \
                 ORDER BY f.id LIMIT 1) \
                 WHERE source = 'credit-veto-representative' AND via_firm_id IS NULL",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() == sea_orm_migration::sea_orm::DatabaseBackend::Sqlite {
            m.get_connection()
                .execute_unprepared("ALTER TABLE credit_restriction DROP COLUMN via_firm_id")
                .await?;
            return Ok(());
        }
        m.alter_table(
            Table::alter()
                .table(CreditRestriction::Table)
                .drop_column(CreditRestriction::ViaFirmId)
                .to_owned(),
        )
        .await
    }
}
