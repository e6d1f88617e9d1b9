//! Credit from the ledger (issue 5).
//!
//! - `credit_policy`: the versioned credit policy (`document` is its JSON); the highest version
//!   is in force. With no row, version 1 — DOMAIN.md's defaults — is.
//! - `firm` gains what the ledger's assessment keeps besides score, grade and status:
//!   `suspended_until` (a running suspension's end), `blacklisted_until` (a veto's black-list end)
//!   and `grade_e_since` (when the firm fell to grade E by its score: the suspension runs from
//!   then). Columns are added one by one: SQLite's `ALTER TABLE` adds one at a time.
//! - `idx_credit_event_created`: the recompute reads the window's events (by `created_at`).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CreditPolicy {
    Table,
    Version,
    Document,
    Reason,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Firm {
    Table,
    SuspendedUntil,
    BlacklistedUntil,
    GradeESince,
}

#[derive(DeriveIden)]
enum CreditEvent {
    Table,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(CreditPolicy::Table)
                .col(integer(CreditPolicy::Version).primary_key())
                .col(text(CreditPolicy::Document))
                .col(text(CreditPolicy::Reason))
                .col(uuid_null(CreditPolicy::CreatedBy))
                .col(timestamp_with_time_zone(CreditPolicy::CreatedAt))
                .to_owned(),
        )
        .await?;
        for column in [
            Firm::SuspendedUntil,
            Firm::BlacklistedUntil,
            Firm::GradeESince,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Firm::Table)
                    .add_column(timestamp_with_time_zone_null(column))
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(
            Index::create()
                .name("idx_credit_event_created")
                .table(CreditEvent::Table)
                .col(CreditEvent::CreatedAt)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_credit_event_created")
                .table(CreditEvent::Table)
                .to_owned(),
        )
        .await?;
        for column in [
            Firm::GradeESince,
            Firm::BlacklistedUntil,
            Firm::SuspendedUntil,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Firm::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        m.drop_table(Table::drop().table(CreditPolicy::Table).to_owned())
            .await
    }
}
