//! Registration, sealed bids and selection (报名、密封报价、选取): registrations per round of a
//! project, the draw's published document and the closing time on the project, awards with
//! their notice period and contract, objections (质疑), credit events the credit issue scores,
//! and owners' documents (signed contracts), private to the parties.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Firm {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum EvidenceFile {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Project {
    Table,
    Id,
    PublishedMicros,
    Round,
    ClosedAt,
    DrawDoc,
    FailedReason,
}

#[derive(DeriveIden)]
enum Document {
    Table,
    Id,
    AccountId,
    Kind,
    Name,
    Size,
    Sha256,
    Bytes,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Registration {
    Table,
    Id,
    ProjectId,
    FirmId,
    Round,
    Status,
    PriceFen,
    PlanFileId,
    PlanSha256,
    Nonce,
    Receipt,
    CreditScore,
    PlanScore,
    Decision,
    DecisionReason,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Award {
    Table,
    Id,
    ProjectId,
    Round,
    FirmId,
    PriceFen,
    Reason,
    DecidedBy,
    Status,
    AwardedAt,
    NoticeUntil,
    ContractDue,
    ContractDocumentId,
    ContractSignedOn,
    ContractPriceFen,
    ContractServiceDays,
    ContractTerms,
    RefusalReason,
    ContractRemindedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Objection {
    Table,
    Id,
    ProjectId,
    AwardId,
    FirmId,
    Text,
    Status,
    Answer,
    AnsweredBy,
    CreatedAt,
    AnsweredAt,
}

#[derive(DeriveIden)]
enum CreditEvent {
    Table,
    Id,
    FirmId,
    Kind,
    Detail,
    Points,
    PolicyVersion,
    ProjectId,
    AwardId,
    Reason,
    RecordedBy,
    CreatedAt,
    VoidedAt,
    VoidReason,
}

async fn index<T: IntoIden + 'static>(
    m: &SchemaManager<'_>,
    name: &str,
    table: T,
    cols: Vec<T>,
    unique: bool,
) -> Result<(), DbErr> {
    let mut idx = Index::create();
    idx.name(name).table(table);
    if unique {
        idx.unique();
    }
    for c in cols {
        idx.col(c);
    }
    m.create_index(idx.to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        for col in [
            // Registrations belong to a round: a substantive edit or a republication starts the
            // next one.
            ColumnDef::new(Project::Round)
                .integer()
                .not_null()
                .default(1)
                .to_owned(),
            ColumnDef::new(Project::ClosedAt)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
            // JSON: the published draw (with the revealed seed) once the project has closed.
            ColumnDef::new(Project::DrawDoc).text().null().to_owned(),
            ColumnDef::new(Project::FailedReason)
                .string_len(60)
                .null()
                .to_owned(),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Project::Table)
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }

        // The announcement list without a status filter (most readers): newest first over every
        // public status, which the (status, published_micros, id) index cannot order.
        index(
            m,
            "idx_project_by_published_any",
            Project::Table,
            vec![Project::PublishedMicros, Project::Id],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Document::Table)
                .col(uuid(Document::Id).primary_key())
                // Who uploaded it: private to them until attached to a bid or a contract.
                .col(uuid(Document::AccountId))
                .col(string_len(Document::Kind, 10))
                .col(string_len(Document::Name, 200))
                .col(big_integer(Document::Size))
                .col(string_len(Document::Sha256, 64))
                .col(blob(Document::Bytes))
                .col(timestamp_with_time_zone(Document::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Document::Table, Document::AccountId)
                        .to(Account::Table, Account::Id),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Registration::Table)
                .col(uuid(Registration::Id).primary_key())
                .col(uuid(Registration::ProjectId))
                .col(uuid(Registration::FirmId))
                .col(integer(Registration::Round))
                // active | withdrawn | invalidated
                .col(string_len(Registration::Status, 20))
                // The sealed bid: served to nobody but its firm before the deadline.
                .col(big_integer_null(Registration::PriceFen))
                .col(uuid_null(Registration::PlanFileId))
                .col(string_len_null(Registration::PlanSha256, 64))
                .col(string_len(Registration::Nonce, 64))
                .col(string_len(Registration::Receipt, 64))
                // Taken when the bids are opened.
                .col(integer_null(Registration::CreditScore))
                .col(integer_null(Registration::PlanScore))
                // excluded-objection | excluded-refusal | rejected-low | accepted-low
                .col(string_len_null(Registration::Decision, 30))
                .col(text_null(Registration::DecisionReason))
                .col(timestamp_with_time_zone(Registration::CreatedAt))
                .col(timestamp_with_time_zone(Registration::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Registration::Table, Registration::ProjectId)
                        .to(Project::Table, Project::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Registration::Table, Registration::FirmId)
                        .to(Firm::Table, Firm::Id),
                )
                // The plan (comprehensive scoring) is one of the firm's evidence files, private
                // to the firm until the bids are opened.
                .foreign_key(
                    ForeignKey::create()
                        .from(Registration::Table, Registration::PlanFileId)
                        .to(EvidenceFile::Table, EvidenceFile::Id),
                )
                .to_owned(),
        )
        .await?;
        // One registration per firm and round.
        index(
            m,
            "uq_registration_firm_round",
            Registration::Table,
            vec![
                Registration::ProjectId,
                Registration::Round,
                Registration::FirmId,
            ],
            true,
        )
        .await?;
        index(
            m,
            "idx_registration_firm",
            Registration::Table,
            vec![Registration::FirmId, Registration::CreatedAt],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Award::Table)
                .col(uuid(Award::Id).primary_key())
                .col(uuid(Award::ProjectId))
                .col(integer(Award::Round))
                .col(uuid(Award::FirmId))
                .col(big_integer(Award::PriceFen))
                // The owner's reason, or the method's rule when the system awarded.
                .col(text(Award::Reason))
                .col(uuid_null(Award::DecidedBy))
                // notice | contracted | refused | overturned
                .col(string_len(Award::Status, 20))
                .col(timestamp_with_time_zone(Award::AwardedAt))
                .col(timestamp_with_time_zone(Award::NoticeUntil))
                .col(timestamp_with_time_zone(Award::ContractDue))
                .col(uuid_null(Award::ContractDocumentId))
                .col(date_null(Award::ContractSignedOn))
                .col(big_integer_null(Award::ContractPriceFen))
                .col(integer_null(Award::ContractServiceDays))
                .col(text_null(Award::ContractTerms))
                .col(text_null(Award::RefusalReason))
                // Set once, when the "contract due" mail is queued (by one instance).
                .col(timestamp_with_time_zone_null(Award::ContractRemindedAt))
                .col(timestamp_with_time_zone(Award::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Award::Table, Award::ProjectId)
                        .to(Project::Table, Project::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Award::Table, Award::FirmId)
                        .to(Firm::Table, Firm::Id),
                )
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_award_project",
            Award::Table,
            vec![Award::ProjectId, Award::AwardedAt],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Objection::Table)
                .col(uuid(Objection::Id).primary_key())
                .col(uuid(Objection::ProjectId))
                .col(uuid(Objection::AwardId))
                .col(uuid(Objection::FirmId))
                .col(text(Objection::Text))
                // open | upheld | dismissed
                .col(string_len(Objection::Status, 20))
                .col(text_null(Objection::Answer))
                .col(uuid_null(Objection::AnsweredBy))
                .col(timestamp_with_time_zone(Objection::CreatedAt))
                .col(timestamp_with_time_zone_null(Objection::AnsweredAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Objection::Table, Objection::AwardId)
                        .to(Award::Table, Award::Id),
                )
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_objection_project",
            Objection::Table,
            vec![Objection::ProjectId, Objection::CreatedAt],
            false,
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CreditEvent::Table)
                .col(uuid(CreditEvent::Id).primary_key())
                .col(uuid(CreditEvent::FirmId))
                // The ledger of `rules::credit_ledger`: the rule (refused-to-sign, evaluation,
                // late, …), its details as JSON (`EventKind`), and the points the policy version
                // of the day gave it. Score and grade are derived from these rows, never stored
                // as editable numbers.
                .col(string_len(CreditEvent::Kind, 40))
                .col(text(CreditEvent::Detail))
                .col(integer(CreditEvent::Points))
                .col(integer(CreditEvent::PolicyVersion))
                .col(uuid_null(CreditEvent::ProjectId))
                .col(uuid_null(CreditEvent::AwardId))
                .col(text(CreditEvent::Reason))
                .col(uuid_null(CreditEvent::RecordedBy))
                .col(timestamp_with_time_zone(CreditEvent::CreatedAt))
                // Voided by a regulator (an upheld appeal): kept, not counted.
                .col(timestamp_with_time_zone_null(CreditEvent::VoidedAt))
                .col(text_null(CreditEvent::VoidReason))
                .foreign_key(
                    ForeignKey::create()
                        .from(CreditEvent::Table, CreditEvent::FirmId)
                        .to(Firm::Table, Firm::Id),
                )
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_credit_event_firm",
            CreditEvent::Table,
            vec![CreditEvent::FirmId, CreditEvent::CreatedAt],
            false,
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            CreditEvent::Table.into_iden(),
            Objection::Table.into_iden(),
            Award::Table.into_iden(),
            Registration::Table.into_iden(),
            Document::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        m.drop_index(
            Index::drop()
                .name("idx_project_by_published_any")
                .table(Project::Table)
                .to_owned(),
        )
        .await?;
        for c in [
            Project::Round,
            Project::ClosedAt,
            Project::DrawDoc,
            Project::FailedReason,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Project::Table)
                    .drop_column(c)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
