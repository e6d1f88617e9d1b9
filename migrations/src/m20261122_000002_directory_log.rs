//! The directory moves into memory (see `zjcs_domain::rules::directory_index`): each instance keeps
//! an index of the listed firms and brings it up to date from a change log.
//!
//! - `directory_version`: one row whose `version` every change to a firm's directory entry
//!   increments, in the changing transaction. The row lock makes versions commit in order (a
//!   later version cannot commit before an earlier one), so an instance that reads version N
//!   knows every change up to N is visible.
//! - `directory_change`: which firm each version changed (`firm_id` NULL: every firm, after a bulk
//!   load). Old rows are pruned; an instance too far behind reloads everything.
//! - The name-search tables of the SQL directory (`firm_name_gram`, `name_gram_stat`) are dropped:
//!   the index has its own name pieces.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DirectoryVersion {
    Table,
    Id,
    Version,
}

#[derive(DeriveIden)]
enum DirectoryChange {
    Table,
    Version,
    FirmId,
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
enum Firm {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(DirectoryVersion::Table)
                .col(integer(DirectoryVersion::Id).primary_key())
                .col(big_integer(DirectoryVersion::Version))
                .to_owned(),
        )
        .await?;
        m.exec_stmt(
            Query::insert()
                .into_table(DirectoryVersion::Table)
                .columns([DirectoryVersion::Id, DirectoryVersion::Version])
                .values_panic([1.into(), 0i64.into()])
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(DirectoryChange::Table)
                .col(big_integer(DirectoryChange::Version).primary_key())
                .col(uuid_null(DirectoryChange::FirmId))
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(FirmNameGram::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(NameGramStat::Table).to_owned())
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(DirectoryChange::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(DirectoryVersion::Table).to_owned())
            .await?;
        // The name-search tables come back empty; the previous version's `rebuild_name_index`
        // fills them.
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
                .foreign_key(
                    ForeignKey::create()
                        .from(FirmNameGram::Table, FirmNameGram::FirmId)
                        .to(Firm::Table, Firm::Id),
                )
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
        Ok(())
    }
}
