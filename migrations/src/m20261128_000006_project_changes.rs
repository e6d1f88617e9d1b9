//! The open-data feed (issue 6) reads public projects in the order of their last change:
//! an index on `(updated_at, id)` lets each page start where the crawler's cursor left off.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Project {
    Table,
    UpdatedAt,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name("idx_project_by_change")
                .table(Project::Table)
                .col(Project::UpdatedAt)
                .col(Project::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_project_by_change")
                .table(Project::Table)
                .to_owned(),
        )
        .await
    }
}
