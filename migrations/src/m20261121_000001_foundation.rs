//! Foundation: accounts, sessions, login throttling, the audit chain and the mail outbox.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Account {
    Table,
    Id,
    Email,
    Name,
    Role,
    OwnerKind,
    PasswordHash,
    EmailVerifiedAt,
    CreatedAt,
    PasswordChangedAt,
}

#[derive(DeriveIden)]
enum Session {
    Table,
    Id,
    AccountId,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum LoginFailure {
    Table,
    Id,
    ThrottleKey,
    At,
}

#[derive(DeriveIden)]
enum AuditHead {
    Table,
    Id,
    Seq,
    Hash,
}

#[derive(DeriveIden)]
enum AuditEntry {
    Table,
    Seq,
    At,
    Actor,
    Action,
    ObjectType,
    ObjectId,
    Digest,
    PrevHash,
    Hash,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    ToAddr,
    Subject,
    BodyText,
    CreatedAt,
    Attempts,
    NextAttemptAt,
    LeaseUntil,
    SentAt,
    FailedAt,
    LastError,
}

#[derive(DeriveIden)]
enum EmailVerification {
    Table,
    TokenHash,
    AccountId,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Account::Table)
                .col(uuid(Account::Id).primary_key())
                .col(string_len_uniq(Account::Email, 254))
                .col(string_len(Account::Name, 200))
                .col(string_len(Account::Role, 20))
                .col(string_len_null(Account::OwnerKind, 20))
                .col(string_len(Account::PasswordHash, 200))
                .col(timestamp_with_time_zone_null(Account::EmailVerifiedAt))
                .col(timestamp_with_time_zone(Account::CreatedAt))
                .col(timestamp_with_time_zone(Account::PasswordChangedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Session::Table)
                .col(uuid(Session::Id).primary_key())
                .col(uuid(Session::AccountId))
                .col(string_len_uniq(Session::TokenHash, 64))
                .col(timestamp_with_time_zone(Session::CreatedAt))
                .col(timestamp_with_time_zone(Session::ExpiresAt))
                .col(timestamp_with_time_zone_null(Session::RevokedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Session::Table, Session::AccountId)
                        .to(Account::Table, Account::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_session_account")
                .table(Session::Table)
                .col(Session::AccountId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(LoginFailure::Table)
                .col(big_integer(LoginFailure::Id).primary_key().auto_increment())
                .col(string_len(LoginFailure::ThrottleKey, 300))
                .col(timestamp_with_time_zone(LoginFailure::At))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_login_failure_key_at")
                .table(LoginFailure::Table)
                .col(LoginFailure::ThrottleKey)
                .col(LoginFailure::At)
                .to_owned(),
        )
        .await?;

        // The chain's head: one row, advanced with a conditional UPDATE so that concurrent
        // writers on PostgreSQL serialise on it instead of forking the chain.
        m.create_table(
            Table::create()
                .table(AuditHead::Table)
                .col(integer(AuditHead::Id).primary_key())
                .col(big_integer(AuditHead::Seq))
                .col(string_len(AuditHead::Hash, 64))
                .to_owned(),
        )
        .await?;
        m.exec_stmt(
            Query::insert()
                .into_table(AuditHead::Table)
                .columns([AuditHead::Id, AuditHead::Seq, AuditHead::Hash])
                .values_panic([1.into(), 0i64.into(), "0".repeat(64).into()])
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuditEntry::Table)
                .col(big_integer(AuditEntry::Seq).primary_key())
                .col(timestamp_with_time_zone(AuditEntry::At))
                .col(string_len(AuditEntry::Actor, 64))
                .col(string_len(AuditEntry::Action, 64))
                .col(string_len(AuditEntry::ObjectType, 64))
                .col(string_len(AuditEntry::ObjectId, 64))
                .col(string_len(AuditEntry::Digest, 64))
                .col(string_len(AuditEntry::PrevHash, 64))
                .col(string_len(AuditEntry::Hash, 64))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Outbox::Table)
                .col(uuid(Outbox::Id).primary_key())
                .col(string_len(Outbox::ToAddr, 254))
                .col(string_len(Outbox::Subject, 300))
                .col(text(Outbox::BodyText))
                .col(timestamp_with_time_zone(Outbox::CreatedAt))
                .col(integer(Outbox::Attempts).default(0))
                .col(timestamp_with_time_zone(Outbox::NextAttemptAt))
                .col(timestamp_with_time_zone_null(Outbox::LeaseUntil))
                .col(timestamp_with_time_zone_null(Outbox::SentAt))
                .col(timestamp_with_time_zone_null(Outbox::FailedAt))
                .col(text_null(Outbox::LastError))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_outbox_due")
                .table(Outbox::Table)
                .col(Outbox::SentAt)
                .col(Outbox::NextAttemptAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(EmailVerification::Table)
                .col(string_len(EmailVerification::TokenHash, 64).primary_key())
                .col(uuid(EmailVerification::AccountId))
                .col(timestamp_with_time_zone(EmailVerification::CreatedAt))
                .col(timestamp_with_time_zone(EmailVerification::ExpiresAt))
                .col(timestamp_with_time_zone_null(EmailVerification::UsedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(EmailVerification::Table, EmailVerification::AccountId)
                        .to(Account::Table, Account::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            EmailVerification::Table.into_iden(),
            Outbox::Table.into_iden(),
            AuditEntry::Table.into_iden(),
            AuditHead::Table.into_iden(),
            LoginFailure::Table.into_iden(),
            Session::Table.into_iden(),
            Account::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
