//! Service and delivery (服务成果交付, issue 5): one `delivery` per contracted award — its due
//! date in working days from signing, where it stands, the day of the last submission, the credit
//! event its acceptance recorded, and when each side was last reminded — and the firm's
//! `delivery_submission`s, each a document with a note and the owner's review.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Delivery {
    Table,
    AwardId,
    ProjectId,
    FirmId,
    OwnerAccountId,
    SignedOn,
    DueOn,
    State,
    SubmittedOn,
    Submissions,
    AcceptedAt,
    CreditEventId,
    FirmRemindedOn,
    OwnerRemindedOn,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum DeliverySubmission {
    Table,
    Id,
    AwardId,
    Seq,
    DocumentId,
    Note,
    SubmittedAt,
    Review,
    ReviewReason,
    ReviewedAt,
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
                .table(Delivery::Table)
                .col(uuid(Delivery::AwardId).primary_key())
                .col(uuid(Delivery::ProjectId))
                .col(uuid(Delivery::FirmId))
                .col(uuid(Delivery::OwnerAccountId))
                .col(date(Delivery::SignedOn))
                .col(date(Delivery::DueOn))
                // in-service, submitted, returned, accepted
                .col(string_len(Delivery::State, 20))
                .col(date_null(Delivery::SubmittedOn))
                .col(integer(Delivery::Submissions))
                .col(timestamp_with_time_zone_null(Delivery::AcceptedAt))
                .col(uuid_null(Delivery::CreditEventId))
                .col(date_null(Delivery::FirmRemindedOn))
                .col(date_null(Delivery::OwnerRemindedOn))
                .col(timestamp_with_time_zone(Delivery::CreatedAt))
                .col(timestamp_with_time_zone(Delivery::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Delivery::Table, Delivery::AwardId)
                        .to(Award::Table, Award::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_delivery_project")
                .table(Delivery::Table)
                .col(Delivery::ProjectId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_delivery_state_due")
                .table(Delivery::Table)
                .col(Delivery::State)
                .col(Delivery::DueOn)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(DeliverySubmission::Table)
                .col(uuid(DeliverySubmission::Id).primary_key())
                .col(uuid(DeliverySubmission::AwardId))
                .col(integer(DeliverySubmission::Seq))
                .col(uuid(DeliverySubmission::DocumentId))
                .col(text(DeliverySubmission::Note))
                .col(timestamp_with_time_zone(DeliverySubmission::SubmittedAt))
                // accepted, returned (none while waiting)
                .col(string_len_null(DeliverySubmission::Review, 20))
                .col(text_null(DeliverySubmission::ReviewReason))
                .col(timestamp_with_time_zone_null(
                    DeliverySubmission::ReviewedAt,
                ))
                .foreign_key(
                    ForeignKey::create()
                        .from(DeliverySubmission::Table, DeliverySubmission::AwardId)
                        .to(Delivery::Table, Delivery::AwardId),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_delivery_submission_seq")
                .table(DeliverySubmission::Table)
                .col(DeliverySubmission::AwardId)
                .col(DeliverySubmission::Seq)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_delivery_submission_document")
                .table(DeliverySubmission::Table)
                .col(DeliverySubmission::DocumentId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(DeliverySubmission::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Delivery::Table).to_owned())
            .await
    }
}
