//! The registry: the service-item catalogue, firms with their profile, service items,
//! qualifications, practitioners, affiliations and evidence files, and the credit restrictions
//! (black list, imported dishonesty list) that can refuse a credit code entry.

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
    Code,
    Name,
    NameEn,
    Approval,
    Department,
    LegalBasis,
    Qualifications,
    TimeLimitDays,
    FeeMinFen,
    FeeMaxFen,
    FeeNote,
    Workflow,
    Materials,
    Retired,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Firm {
    Table,
    Id,
    AccountId,
    CreditCode,
    Name,
    NameFolded,
    NameSortKey,
    LegalRepName,
    LegalRepIdHash,
    RegionCode,
    Address,
    ContactName,
    ContactPhone,
    Description,
    CommittedAt,
    Status,
    CreditScore,
    CreditGrade,
    AwardCount,
    EvaluationCount,
    EvaluationSum,
    CreatedAt,
    CreatedMicros,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum FirmNameGram {
    Table,
    Gram,
    FirmId,
}

#[derive(DeriveIden)]
enum NameGramStat {
    Table,
    Gram,
    Firms,
}

#[derive(DeriveIden)]
enum FirmServiceItem {
    Table,
    FirmId,
    ItemId,
}

#[derive(DeriveIden)]
enum EvidenceFile {
    Table,
    Id,
    FirmId,
    Kind,
    Size,
    Sha256,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum EvidenceContent {
    Table,
    FileId,
    Bytes,
}

#[derive(DeriveIden)]
enum Qualification {
    Table,
    Id,
    FirmId,
    QualType,
    Grade,
    Number,
    Issuer,
    ValidFrom,
    ValidUntil,
    EvidenceFileId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Practitioner {
    Table,
    Id,
    FirmId,
    Name,
    Qualification,
    CertificateNumber,
    ValidUntil,
    EvidenceFileId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Affiliation {
    Table,
    Id,
    FirmId,
    Department,
    DepartmentKey,
    Kind,
    Note,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CreditRestriction {
    Table,
    Id,
    Kind,
    CreditCode,
    Reason,
    Source,
    StartsAt,
    EndsAt,
    CreatedAt,
}

fn fk_firm<T: IntoIden + 'static>(
    table: T,
    col: impl IntoIden + 'static,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, col)
        .to(Firm::Table, Firm::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ServiceItem::Table)
                .col(uuid(ServiceItem::Id).primary_key())
                .col(string_len_uniq(ServiceItem::Code, 32))
                .col(string_len(ServiceItem::Name, 100))
                .col(string_len(ServiceItem::NameEn, 200))
                .col(string_len(ServiceItem::Approval, 200))
                .col(string_len(ServiceItem::Department, 100))
                .col(text(ServiceItem::LegalBasis))
                // JSON: [{"type": …, "grades": […]}]
                .col(text(ServiceItem::Qualifications))
                .col(integer(ServiceItem::TimeLimitDays))
                .col(big_integer_null(ServiceItem::FeeMinFen))
                .col(big_integer_null(ServiceItem::FeeMaxFen))
                .col(text(ServiceItem::FeeNote))
                .col(text(ServiceItem::Workflow))
                // JSON: ["…"]
                .col(text(ServiceItem::Materials))
                .col(boolean(ServiceItem::Retired).default(false))
                .col(timestamp_with_time_zone(ServiceItem::CreatedAt))
                .col(timestamp_with_time_zone(ServiceItem::UpdatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Firm::Table)
                .col(uuid(Firm::Id).primary_key())
                .col(uuid_uniq(Firm::AccountId))
                // One firm per code: the constraint is the rule (a violation is a 409).
                .col(string_len_uniq(Firm::CreditCode, 18))
                .col(string_len(Firm::Name, 200))
                .col(string_len(Firm::NameFolded, 200))
                .col(string_len(Firm::NameSortKey, 1000))
                .col(string_len(Firm::LegalRepName, 50))
                .col(string_len(Firm::LegalRepIdHash, 64))
                .col(string_len(Firm::RegionCode, 6))
                .col(string_len(Firm::Address, 300))
                .col(string_len(Firm::ContactName, 50))
                .col(string_len(Firm::ContactPhone, 30))
                .col(text(Firm::Description))
                .col(timestamp_with_time_zone(Firm::CommittedAt))
                .col(string_len(Firm::Status, 20))
                .col(integer(Firm::CreditScore))
                .col(string_len(Firm::CreditGrade, 1))
                .col(integer(Firm::AwardCount).default(0))
                .col(integer(Firm::EvaluationCount).default(0))
                .col(big_integer(Firm::EvaluationSum).default(0))
                .col(timestamp_with_time_zone(Firm::CreatedAt))
                // The entry time as an integer, so that keyset pagination compares numbers on
                // both engines (SQLite keeps times as text).
                .col(big_integer(Firm::CreatedMicros))
                .col(timestamp_with_time_zone(Firm::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Firm::Table, Firm::AccountId)
                        .to(Account::Table, Account::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // The directory's three orders. Status is not in them: the directory shows two statuses
        // (listed, suspended), and an index led by status could not give one order across both;
        // black-listed firms (few) are skipped as the ordered scan meets them.
        for (name, cols) in [
            (
                "idx_firm_by_credit",
                vec![
                    (Firm::CreditScore, IndexOrder::Desc),
                    (Firm::Id, IndexOrder::Asc),
                ],
            ),
            // A grade filter with the default order: one grade's firms, already in score order.
            (
                "idx_firm_by_grade_credit",
                vec![
                    (Firm::CreditGrade, IndexOrder::Asc),
                    (Firm::CreditScore, IndexOrder::Desc),
                    (Firm::Id, IndexOrder::Asc),
                ],
            ),
            (
                "idx_firm_by_newest",
                vec![
                    (Firm::CreatedMicros, IndexOrder::Desc),
                    (Firm::Id, IndexOrder::Asc),
                ],
            ),
            (
                "idx_firm_by_name",
                vec![
                    (Firm::NameSortKey, IndexOrder::Asc),
                    (Firm::Id, IndexOrder::Asc),
                ],
            ),
        ] {
            let mut idx = Index::create();
            idx.name(name).table(Firm::Table);
            let mut used = Vec::new();
            for (c, o) in cols {
                used.push(c.to_string());
                idx.col((c, o));
            }
            // The columns the directory filters on ride along, so that a walk in order tests
            // each firm from the index alone and reads a firm's row only when it matches.
            for c in [
                Firm::Status,
                Firm::CreditGrade,
                Firm::RegionCode,
                Firm::NameFolded,
            ] {
                if !used.contains(&c.to_string()) {
                    idx.col(c);
                }
            }
            m.create_index(idx.to_owned()).await?;
        }
        m.create_index(
            Index::create()
                .name("idx_firm_region")
                .table(Firm::Table)
                .col(Firm::RegionCode)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_firm_legal_rep")
                .table(Firm::Table)
                .col(Firm::LegalRepIdHash)
                .to_owned(),
        )
        .await?;

        // Name search: every two-character piece of each firm's folded name, and how many firms
        // have it, so that a search can start from its rarest piece instead of reading every
        // name (LIKE '%…%' can use no ordinary index).
        m.create_table(
            Table::create()
                .table(FirmNameGram::Table)
                .col(string_len(FirmNameGram::Gram, 16))
                .col(uuid(FirmNameGram::FirmId))
                .primary_key(
                    Index::create()
                        .col(FirmNameGram::Gram)
                        .col(FirmNameGram::FirmId),
                )
                .foreign_key(&mut fk_firm(FirmNameGram::Table, FirmNameGram::FirmId))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_firm_name_gram_firm")
                .table(FirmNameGram::Table)
                .col(FirmNameGram::FirmId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(NameGramStat::Table)
                .col(string_len(NameGramStat::Gram, 16).primary_key())
                .col(big_integer(NameGramStat::Firms))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(FirmServiceItem::Table)
                .col(uuid(FirmServiceItem::FirmId))
                .col(uuid(FirmServiceItem::ItemId))
                .primary_key(
                    Index::create()
                        .col(FirmServiceItem::FirmId)
                        .col(FirmServiceItem::ItemId),
                )
                .foreign_key(&mut fk_firm(
                    FirmServiceItem::Table,
                    FirmServiceItem::FirmId,
                ))
                .foreign_key(
                    ForeignKey::create()
                        .from(FirmServiceItem::Table, FirmServiceItem::ItemId)
                        .to(ServiceItem::Table, ServiceItem::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_firm_service_item_item")
                .table(FirmServiceItem::Table)
                .col(FirmServiceItem::ItemId)
                .col(FirmServiceItem::FirmId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(EvidenceFile::Table)
                .col(uuid(EvidenceFile::Id).primary_key())
                .col(uuid(EvidenceFile::FirmId))
                .col(string_len(EvidenceFile::Kind, 10))
                .col(big_integer(EvidenceFile::Size))
                .col(string_len(EvidenceFile::Sha256, 64))
                .col(string_len(EvidenceFile::Name, 120))
                .col(timestamp_with_time_zone(EvidenceFile::CreatedAt))
                .foreign_key(&mut fk_firm(EvidenceFile::Table, EvidenceFile::FirmId))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_evidence_file_firm")
                .table(EvidenceFile::Table)
                .col(EvidenceFile::FirmId)
                .to_owned(),
        )
        .await?;
        // The bytes apart from the metadata, so that listings never read them.
        m.create_table(
            Table::create()
                .table(EvidenceContent::Table)
                .col(uuid(EvidenceContent::FileId).primary_key())
                .col(blob(EvidenceContent::Bytes))
                .foreign_key(
                    ForeignKey::create()
                        .from(EvidenceContent::Table, EvidenceContent::FileId)
                        .to(EvidenceFile::Table, EvidenceFile::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Qualification::Table)
                .col(uuid(Qualification::Id).primary_key())
                .col(uuid(Qualification::FirmId))
                .col(string_len(Qualification::QualType, 100))
                .col(string_len(Qualification::Grade, 50))
                .col(string_len(Qualification::Number, 100))
                .col(string_len(Qualification::Issuer, 200))
                .col(date(Qualification::ValidFrom))
                .col(date(Qualification::ValidUntil))
                .col(uuid(Qualification::EvidenceFileId))
                .col(timestamp_with_time_zone(Qualification::CreatedAt))
                .foreign_key(&mut fk_firm(Qualification::Table, Qualification::FirmId))
                .foreign_key(
                    ForeignKey::create()
                        .from(Qualification::Table, Qualification::EvidenceFileId)
                        .to(EvidenceFile::Table, EvidenceFile::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_qualification_firm")
                .table(Qualification::Table)
                .col(Qualification::FirmId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_qualification_type")
                .table(Qualification::Table)
                .col(Qualification::QualType)
                .col(Qualification::ValidUntil)
                .col(Qualification::FirmId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Practitioner::Table)
                .col(uuid(Practitioner::Id).primary_key())
                .col(uuid(Practitioner::FirmId))
                .col(string_len(Practitioner::Name, 50))
                .col(string_len(Practitioner::Qualification, 100))
                .col(string_len(Practitioner::CertificateNumber, 100))
                .col(date_null(Practitioner::ValidUntil))
                .col(uuid(Practitioner::EvidenceFileId))
                .col(timestamp_with_time_zone(Practitioner::CreatedAt))
                .foreign_key(&mut fk_firm(Practitioner::Table, Practitioner::FirmId))
                .foreign_key(
                    ForeignKey::create()
                        .from(Practitioner::Table, Practitioner::EvidenceFileId)
                        .to(EvidenceFile::Table, EvidenceFile::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_practitioner_firm")
                .table(Practitioner::Table)
                .col(Practitioner::FirmId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Affiliation::Table)
                .col(uuid(Affiliation::Id).primary_key())
                .col(uuid(Affiliation::FirmId))
                .col(string_len(Affiliation::Department, 100))
                .col(string_len(Affiliation::DepartmentKey, 100))
                .col(string_len(Affiliation::Kind, 20))
                .col(string_len(Affiliation::Note, 500))
                .col(timestamp_with_time_zone(Affiliation::CreatedAt))
                .foreign_key(&mut fk_firm(Affiliation::Table, Affiliation::FirmId))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_affiliation_firm")
                .table(Affiliation::Table)
                .col(Affiliation::FirmId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_affiliation_department")
                .table(Affiliation::Table)
                .col(Affiliation::DepartmentKey)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CreditRestriction::Table)
                .col(uuid(CreditRestriction::Id).primary_key())
                // "blacklist" (this platform's) or "dishonest" (an imported 失信名单)
                .col(string_len(CreditRestriction::Kind, 20))
                .col(string_len(CreditRestriction::CreditCode, 18))
                .col(text(CreditRestriction::Reason))
                .col(string_len(CreditRestriction::Source, 200))
                .col(timestamp_with_time_zone(CreditRestriction::StartsAt))
                .col(timestamp_with_time_zone_null(CreditRestriction::EndsAt))
                .col(timestamp_with_time_zone(CreditRestriction::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_credit_restriction_code")
                .table(CreditRestriction::Table)
                .col(CreditRestriction::CreditCode)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            CreditRestriction::Table.into_iden(),
            Affiliation::Table.into_iden(),
            Practitioner::Table.into_iden(),
            Qualification::Table.into_iden(),
            EvidenceContent::Table.into_iden(),
            EvidenceFile::Table.into_iden(),
            FirmServiceItem::Table.into_iden(),
            NameGramStat::Table.into_iden(),
            FirmNameGram::Table.into_iden(),
            Firm::Table.into_iden(),
            ServiceItem::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
