//! Storage: sea-orm entities and the connection set-up. The only module that imports `sea_orm`;
//! services reach the database through the re-exports here.

pub mod entities;

use crate::error::Error;
use sea_orm::{ConnectOptions, DatabaseConnection, DbErr, SqlErr};
use std::time::Duration;

pub use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait,
    DatabaseTransaction, DbBackend, EntityTrait, ExprTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Select, TransactionOptions, TransactionTrait,
    TryIntoModel, sea_query::Expr,
};

/// A connection pool to SQLite or PostgreSQL.
pub type Db = DatabaseConnection;

/// Which engine a URL names.
pub fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}

/// Opens a pool. SQLite is tuned for a server: WAL so readers never block the writer, a long busy
/// timeout so writers queue rather than fail, foreign keys on, and a pool larger than one.
pub async fn connect(url: &str) -> Result<Db, DbErr> {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(30));
    if is_sqlite(url) {
        opts.max_connections(8)
            .min_connections(1)
            .map_sqlx_sqlite_opts(|o| {
                use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
                o.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .busy_timeout(Duration::from_secs(30))
                    .foreign_keys(true)
                    .create_if_missing(true)
            });
    } else {
        opts.max_connections(32).min_connections(1);
    }
    sea_orm::Database::connect(opts).await
}

/// Applies every pending migration.
pub async fn migrate(db: &Db) -> Result<(), DbErr> {
    use zjcs_migrations::MigratorTrait;
    zjcs_migrations::Migrator::up(db, None).await
}

/// Begins a read-then-write transaction. On SQLite it begins IMMEDIATE, taking the write lock at
/// once, so that two writers never both read and then deadlock on the upgrade (which SQLite would
/// answer with SQLITE_BUSY regardless of the busy timeout). PostgreSQL ignores the mode.
pub async fn begin_write(db: &Db) -> Result<DatabaseTransaction, Error> {
    let options = TransactionOptions {
        sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
        ..Default::default()
    };
    Ok(db.begin_with_options(options).await?)
}

/// Whether a database error is the violation of a unique constraint (mapped to a 409).
pub fn is_unique_violation(e: &DbErr) -> bool {
    matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

impl From<DbErr> for Error {
    fn from(e: DbErr) -> Self {
        tracing::error!(error = %e, "database error");
        Error::Internal(e.to_string())
    }
}
