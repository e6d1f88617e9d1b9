//! Complaints (投诉, issue 6): a case about a project, an award, a firm or an owner, from an
//! account or from a member of the public with a contact; its state, limits, reasons and the
//! credit event an upheld complaint recorded; and the evidence documents the parties add.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Complaint {
    Table,
    Id,
    Subject,
    SubjectId,
    ProjectId,
    AwardId,
    FirmId,
    OwnerAccountId,
    ComplainantAccountId,
    ContactName,
    Contact,
    Facts,
    Rule,
    Status,
    AcceptDue,
    DecideDue,
    Reason,
    Points,
    CreditEventId,
    Overturned,
    AcceptedAt,
    DecidedAt,
    DecidedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ComplaintEvidence {
    Table,
    Id,
    ComplaintId,
    DocumentId,
    AddedBy,
    Note,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Complaint::Table)
                .col(uuid(Complaint::Id).primary_key())
                // project, award, firm, owner
                .col(string_len(Complaint::Subject, 20))
                .col(uuid(Complaint::SubjectId))
                .col(uuid_null(Complaint::ProjectId))
                .col(uuid_null(Complaint::AwardId))
                // The respondents: the firm (a firm or an award complaint), the owner (a
                // project or an owner complaint).
                .col(uuid_null(Complaint::FirmId))
                .col(uuid_null(Complaint::OwnerAccountId))
                .col(uuid_null(Complaint::ComplainantAccountId))
                .col(text(Complaint::ContactName))
                .col(text(Complaint::Contact))
                .col(text(Complaint::Facts))
                .col(text(Complaint::Rule))
                // submitted, accepted, investigating, rejected, upheld, dismissed
                .col(string_len(Complaint::Status, 20))
                .col(date(Complaint::AcceptDue))
                .col(timestamp_with_time_zone_null(Complaint::DecideDue))
                .col(text_null(Complaint::Reason))
                .col(integer_null(Complaint::Points))
                .col(uuid_null(Complaint::CreditEventId))
                .col(boolean(Complaint::Overturned).default(false))
                .col(timestamp_with_time_zone_null(Complaint::AcceptedAt))
                .col(timestamp_with_time_zone_null(Complaint::DecidedAt))
                .col(uuid_null(Complaint::DecidedBy))
                .col(timestamp_with_time_zone(Complaint::CreatedAt))
                .col(timestamp_with_time_zone(Complaint::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_complaint_by_status")
                .table(Complaint::Table)
                .col(Complaint::Status)
                .col(Complaint::CreatedAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ComplaintEvidence::Table)
                .col(uuid(ComplaintEvidence::Id).primary_key())
                .col(uuid(ComplaintEvidence::ComplaintId))
                .col(uuid(ComplaintEvidence::DocumentId))
                .col(uuid(ComplaintEvidence::AddedBy))
                .col(text(ComplaintEvidence::Note))
                .col(timestamp_with_time_zone(ComplaintEvidence::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ComplaintEvidence::Table, ComplaintEvidence::ComplaintId)
                        .to(Complaint::Table, Complaint::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_complaint_evidence_by_complaint")
                .table(ComplaintEvidence::Table)
                .col(ComplaintEvidence::ComplaintId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(ComplaintEvidence::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Complaint::Table).to_owned())
            .await
    }
}
