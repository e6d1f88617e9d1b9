//! Random inspections (双随机, issue 6): a round with its scope, the commitment of its draw
//! seed (and the seed once revealed), the published draw documents, and one row per drawn firm
//! with its inspector and, once recorded, the findings and any credit event they carried.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum InspectionRound {
    Table,
    Id,
    Title,
    ItemId,
    RegionPrefix,
    Grades,
    FirmCount,
    InspectorCount,
    SeedCommitment,
    SeedSecret,
    FirmDraw,
    InspectorDraw,
    Status,
    CreatedBy,
    CreatedAt,
    DrawnAt,
    ClosedAt,
}

#[derive(DeriveIden)]
enum InspectionTarget {
    Table,
    Id,
    RoundId,
    Position,
    FirmId,
    InspectorAccountId,
    Outcome,
    Findings,
    Points,
    CreditEventId,
    RecordedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(InspectionRound::Table)
                .col(uuid(InspectionRound::Id).primary_key())
                .col(text(InspectionRound::Title))
                .col(uuid_null(InspectionRound::ItemId))
                .col(string_len(InspectionRound::RegionPrefix, 6))
                // The grades in scope as letters ("CD"); empty: every grade.
                .col(string_len(InspectionRound::Grades, 5))
                .col(integer(InspectionRound::FirmCount))
                .col(integer(InspectionRound::InspectorCount))
                .col(string_len(InspectionRound::SeedCommitment, 64))
                // Secret until the draw (never served before), published with it.
                .col(string_len(InspectionRound::SeedSecret, 64))
                // The published draw documents (JSON), once drawn.
                .col(text_null(InspectionRound::FirmDraw))
                .col(text_null(InspectionRound::InspectorDraw))
                // planned, drawn, closed
                .col(string_len(InspectionRound::Status, 10))
                .col(uuid(InspectionRound::CreatedBy))
                .col(timestamp_with_time_zone(InspectionRound::CreatedAt))
                .col(timestamp_with_time_zone_null(InspectionRound::DrawnAt))
                .col(timestamp_with_time_zone_null(InspectionRound::ClosedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_inspection_round_by_created")
                .table(InspectionRound::Table)
                .col(InspectionRound::CreatedAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(InspectionTarget::Table)
                .col(uuid(InspectionTarget::Id).primary_key())
                .col(uuid(InspectionTarget::RoundId))
                .col(integer(InspectionTarget::Position))
                .col(uuid(InspectionTarget::FirmId))
                .col(uuid(InspectionTarget::InspectorAccountId))
                // compliant, issues, violation; none until recorded
                .col(string_len_null(InspectionTarget::Outcome, 10))
                .col(text_null(InspectionTarget::Findings))
                .col(integer_null(InspectionTarget::Points))
                .col(uuid_null(InspectionTarget::CreditEventId))
                .col(timestamp_with_time_zone_null(InspectionTarget::RecordedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(InspectionTarget::Table, InspectionTarget::RoundId)
                        .to(InspectionRound::Table, InspectionRound::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_inspection_target_by_round")
                .table(InspectionTarget::Table)
                .col(InspectionTarget::RoundId)
                .col(InspectionTarget::FirmId)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(InspectionTarget::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(InspectionRound::Table).to_owned())
            .await
    }
}
