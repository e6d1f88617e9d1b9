//! The people behind a firm it declares besides its legal representative (issue 25): its
//! shareholders (股东) and senior executives (高级管理人员), each by name and by a keyed hash of
//! the ID number (never the number), so that a black-listing follows them as it follows the
//! legal representative (seed 004 item 20).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum FirmPerson {
    Table,
    Id,
    FirmId,
    Role,
    Name,
    IdHash,
    CreatedAt,
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
                .table(FirmPerson::Table)
                .if_not_exists()
                .col(uuid(FirmPerson::Id).primary_key())
                .col(uuid(FirmPerson::FirmId))
                .col(string_len(FirmPerson::Role, 20))
                .col(string_len(FirmPerson::Name, 50))
                .col(string_len(FirmPerson::IdHash, 128))
                .col(timestamp_with_time_zone(FirmPerson::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(FirmPerson::Table, FirmPerson::FirmId)
                        .to(Firm::Table, Firm::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .if_not_exists()
                .name("idx_firm_person_firm")
                .table(FirmPerson::Table)
                .col(FirmPerson::FirmId)
                .to_owned(),
        )
        .await?;
        // A veto looks up every firm a person stands behind.
        m.create_index(
            Index::create()
                .if_not_exists()
                .name("idx_firm_person_id_hash")
                .table(FirmPerson::Table)
                .col(FirmPerson::IdHash)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(FirmPerson::Table).to_owned())
            .await
    }
}
