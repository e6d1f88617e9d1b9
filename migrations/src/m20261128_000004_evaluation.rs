//! Evaluations (服务评价, issue 5): the owner's evaluation of the firm after acceptance (five
//! ratings and a comment; its credit event), the firm's one public reply, its appeal to a
//! regulator and the decision; and the firm's rating of the owner (closing out on time, paying as
//! agreed). One of each per contracted award.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Evaluation {
    Table,
    AwardId,
    ProjectId,
    FirmId,
    OwnerAccountId,
    Quality,
    Timeliness,
    Fees,
    Attitude,
    Conduct,
    Comment,
    CreditEventId,
    Reply,
    RepliedAt,
    AppealReason,
    AppealStatus,
    AppealedAt,
    AppealDecisionReason,
    AppealDecidedBy,
    AppealDecidedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum OwnerRating {
    Table,
    AwardId,
    ProjectId,
    OwnerAccountId,
    FirmId,
    ClosingOut,
    Payment,
    Comment,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Award {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Evaluation::Table)
                .col(uuid(Evaluation::AwardId).primary_key())
                .col(uuid(Evaluation::ProjectId))
                .col(uuid(Evaluation::FirmId))
                .col(uuid(Evaluation::OwnerAccountId))
                .col(integer(Evaluation::Quality))
                .col(integer(Evaluation::Timeliness))
                .col(integer(Evaluation::Fees))
                .col(integer(Evaluation::Attitude))
                .col(integer(Evaluation::Conduct))
                .col(text(Evaluation::Comment))
                .col(uuid(Evaluation::CreditEventId))
                .col(text_null(Evaluation::Reply))
                .col(timestamp_with_time_zone_null(Evaluation::RepliedAt))
                .col(text_null(Evaluation::AppealReason))
                // none, pending, upheld, dismissed
                .col(string_len(Evaluation::AppealStatus, 20))
                .col(timestamp_with_time_zone_null(Evaluation::AppealedAt))
                .col(text_null(Evaluation::AppealDecisionReason))
                .col(uuid_null(Evaluation::AppealDecidedBy))
                .col(timestamp_with_time_zone_null(Evaluation::AppealDecidedAt))
                .col(timestamp_with_time_zone(Evaluation::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Evaluation::Table, Evaluation::AwardId)
                        .to(Award::Table, Award::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_evaluation_project")
                .table(Evaluation::Table)
                .col(Evaluation::ProjectId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_evaluation_appeal")
                .table(Evaluation::Table)
                .col(Evaluation::AppealStatus)
                .col(Evaluation::AppealedAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(OwnerRating::Table)
                .col(uuid(OwnerRating::AwardId).primary_key())
                .col(uuid(OwnerRating::ProjectId))
                .col(uuid(OwnerRating::OwnerAccountId))
                .col(uuid(OwnerRating::FirmId))
                .col(integer(OwnerRating::ClosingOut))
                .col(integer(OwnerRating::Payment))
                .col(text(OwnerRating::Comment))
                .col(timestamp_with_time_zone(OwnerRating::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(OwnerRating::Table, OwnerRating::AwardId)
                        .to(Award::Table, Award::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_owner_rating_owner")
                .table(OwnerRating::Table)
                .col(OwnerRating::OwnerAccountId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(OwnerRating::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Evaluation::Table).to_owned())
            .await
    }
}
