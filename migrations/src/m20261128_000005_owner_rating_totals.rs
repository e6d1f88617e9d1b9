//! The firms' ratings of an owner, totalled on the owner's account (issue 5): a project's page
//! shows them, and the page already reads the owner's account with the project in one joined
//! query, so the totals cost no statement of their own on the busiest public read. Kept in step
//! by the rating's own transaction; filled here from the ratings given so far.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Account {
    Table,
    RatedCount,
    RatedClosingOutSum,
    RatedPaymentSum,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        for column in [
            Account::RatedCount,
            Account::RatedClosingOutSum,
            Account::RatedPaymentSum,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Account::Table)
                    .add_column(integer(column).default(0))
                    .to_owned(),
            )
            .await?;
        }
        m.get_connection()
            .execute_unprepared(
                "UPDATE account SET \
                 rated_count = (SELECT COUNT(*) FROM owner_rating r WHERE r.owner_account_id = account.id), \
                 rated_closing_out_sum = (SELECT COALESCE(SUM(r.closing_out), 0) FROM owner_rating r WHERE r.owner_account_id = account.id), \
                 rated_payment_sum = (SELECT COALESCE(SUM(r.payment), 0) FROM owner_rating r WHERE r.owner_account_id = account.id) \
                 WHERE id IN (SELECT owner_account_id FROM owner_rating)",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            Account::RatedPaymentSum,
            Account::RatedClosingOutSum,
            Account::RatedCount,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Account::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
