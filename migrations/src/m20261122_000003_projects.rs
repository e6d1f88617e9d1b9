//! Projects (项目): the posting an owner drafts and publishes (采购公告), with the commitment to
//! the seed of its verifiable draw. Registrations, sealed bids and the selection follow in later
//! migrations.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ServiceItem {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Project {
    Table,
    Id,
    OwnerAccountId,
    ItemId,
    Title,
    Scope,
    RegionCode,
    BudgetFen,
    ServiceDays,
    FundSource,
    RequiredQualifications,
    Method,
    MethodParams,
    RegistrationDeadline,
    DeadlineMicros,
    SelectionAt,
    ContactName,
    ContactPhone,
    Avoid,
    Status,
    CancelReason,
    SeedCommitment,
    SeedSecret,
    PublishedAt,
    PublishedMicros,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Project::Table)
                .col(uuid(Project::Id).primary_key())
                .col(uuid(Project::OwnerAccountId))
                .col(uuid(Project::ItemId))
                .col(string_len(Project::Title, 200))
                .col(text(Project::Scope))
                .col(string_len(Project::RegionCode, 6))
                .col(big_integer(Project::BudgetFen))
                .col(integer(Project::ServiceDays))
                .col(string_len(Project::FundSource, 30))
                // JSON: [{"type": …, "grades": […]}]
                .col(text(Project::RequiredQualifications))
                .col(string_len(Project::Method, 30))
                // JSON: the method's parameters (list sizes, abnormal line, weights)
                .col(text(Project::MethodParams))
                .col(timestamp_with_time_zone(Project::RegistrationDeadline))
                // Times as integers where queries compare or order them (SQLite keeps times as
                // text).
                .col(big_integer(Project::DeadlineMicros))
                .col(timestamp_with_time_zone(Project::SelectionAt))
                .col(string_len(Project::ContactName, 50))
                .col(string_len(Project::ContactPhone, 30))
                // JSON: [{"firm": id, "reason": …}] (public)
                .col(text(Project::Avoid))
                .col(string_len(Project::Status, 20))
                .col(text_null(Project::CancelReason))
                // SHA-256 of the draw seed, published with the project.
                .col(string_len_null(Project::SeedCommitment, 64))
                // The seed itself: secret until the draw, never served before.
                .col(string_len_null(Project::SeedSecret, 64))
                .col(timestamp_with_time_zone_null(Project::PublishedAt))
                .col(big_integer_null(Project::PublishedMicros))
                .col(timestamp_with_time_zone(Project::CreatedAt))
                .col(timestamp_with_time_zone(Project::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Project::Table, Project::OwnerAccountId)
                        .to(Account::Table, Account::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Project::Table, Project::ItemId)
                        .to(ServiceItem::Table, ServiceItem::Id),
                )
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            // The public announcement list, newest first.
            (
                "idx_project_by_published",
                vec![Project::Status, Project::PublishedMicros, Project::Id],
            ),
            // The closing job: published projects whose deadline has come.
            (
                "idx_project_by_deadline",
                vec![Project::Status, Project::DeadlineMicros],
            ),
            ("idx_project_owner", vec![Project::OwnerAccountId]),
        ] {
            let mut idx = Index::create();
            idx.name(name).table(Project::Table);
            for c in cols {
                idx.col(c);
            }
            m.create_index(idx.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Project::Table).to_owned())
            .await
    }
}
