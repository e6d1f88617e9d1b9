//! Credit repair (信用修复): a suspended firm whose period is over but whose grade is still E
//! applies with a statement of the remedy and, optionally, an evidence file; a regulator approves
//! (an event on its ledger lifts it to the lowest grade above E) or refuses, with a reason.
//! At most one pending application per firm (a partial unique index would not be portable; the
//! service checks it under the write transaction).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CreditRepair {
    Table,
    Id,
    FirmId,
    Statement,
    EvidenceFile,
    Status,
    DecidedBy,
    DecisionReason,
    EventId,
    CreatedAt,
    DecidedAt,
}

#[derive(DeriveIden)]
enum Firm {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(CreditRepair::Table)
                .col(uuid(CreditRepair::Id).primary_key())
                .col(uuid(CreditRepair::FirmId))
                .col(text(CreditRepair::Statement))
                .col(uuid_null(CreditRepair::EvidenceFile))
                // pending, approved, refused
                .col(string_len(CreditRepair::Status, 20))
                .col(uuid_null(CreditRepair::DecidedBy))
                .col(text_null(CreditRepair::DecisionReason))
                // The repair event an approval recorded.
                .col(uuid_null(CreditRepair::EventId))
                .col(timestamp_with_time_zone(CreditRepair::CreatedAt))
                .col(timestamp_with_time_zone_null(CreditRepair::DecidedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(CreditRepair::Table, CreditRepair::FirmId)
                        .to(Firm::Table, Firm::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_credit_repair_firm")
                .table(CreditRepair::Table)
                .col(CreditRepair::FirmId)
                .col(CreditRepair::CreatedAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_credit_repair_status")
                .table(CreditRepair::Table)
                .col(CreditRepair::Status)
                .col(CreditRepair::CreatedAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(CreditRepair::Table).to_owned())
            .await
    }
}
