//! Storage: sea-orm entities and the connection set-up. The only module that imports `sea_orm`;
//! services reach the database through the re-exports here.

pub mod accounts;
pub mod attachments;
pub mod audit;
pub mod awards;
pub mod catalogue;
pub mod complaints;
pub mod credit;
pub mod deliveries;
pub mod directory;
pub mod dishonesty;
pub mod dossiers;
pub mod entities;
pub mod evaluations;
pub mod firms;
pub mod inspections;
pub mod market;
pub mod ocds;
pub mod outbox;
pub mod projects;
pub mod red_list;
pub mod registrations;
pub mod repairs;
pub mod sessions;
pub mod transparency;

use crate::error::Error;
use sea_orm::{
    ConnectOptions, DatabaseConnection, FromQueryResult, ModelTrait, PrimaryKeyTrait, SqlErr,
};
use std::time::Duration;

pub use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, EntityTrait,
    ExprTrait, IntoActiveModel, JoinType, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait, Select, Statement, TransactionOptions, TransactionTrait, TryIntoModel, UpdateMany,
    Value,
    sea_query::{Expr, OnConflict, Query, SelectStatement, SimpleExpr},
};

/// Copies the SQLite database at `url` into `file` (an empty file, or none) as of one instant,
/// while others go on writing: SQLite's `VACUUM INTO` reads every table in one read transaction,
/// and in WAL mode writers do not wait for it. The copy is then checked (`PRAGMA
/// integrity_check`); returns the size of its audit log. The URL is opened as given (use
/// `mode=rw` so that a wrong path is an error rather than a new empty database).
pub async fn sqlite_backup(url: &str, file: &std::path::Path) -> Result<i64, DbErr> {
    use sea_orm::Statement;
    // One connection: the copy is attached to the connection that made it.
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.max_connections(1)
        .min_connections(1)
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|o| o.busy_timeout(Duration::from_secs(30)));
    let db = sea_orm::Database::connect(opts).await?;
    let path = file.to_string_lossy().into_owned();
    let one = |sql: &str, values: Vec<sea_orm::Value>| {
        Statement::from_sql_and_values(DbBackend::Sqlite, sql, values)
    };
    db.execute_raw(one("VACUUM INTO ?", vec![path.clone().into()]))
        .await?;
    db.execute_raw(one("ATTACH DATABASE ? AS backup_copy", vec![path.into()]))
        .await?;
    let check = match db
        .query_one_raw(one("PRAGMA backup_copy.integrity_check", vec![]))
        .await?
    {
        Some(row) => row.try_get_by_index::<String>(0)?,
        None => String::new(),
    };
    let entries = match db
        .query_one_raw(one(
            "SELECT COALESCE(MAX(seq), 0) FROM backup_copy.audit_entry",
            vec![],
        ))
        .await?
    {
        Some(row) => row.try_get_by_index::<i64>(0)?,
        None => 0,
    };
    db.execute_raw(one("DETACH DATABASE backup_copy", vec![]))
        .await?;
    db.close().await.ok();
    if check != "ok" {
        return Err(DbErr::Custom(format!(
            "the copy fails its integrity check: {check}"
        )));
    }
    Ok(entries)
}

/// A connection pool to SQLite or PostgreSQL.
pub type Db = DatabaseConnection;

/// The active model of the entity whose row type is `M`.
type Active<M> = <<M as ModelTrait>::Entity as EntityTrait>::ActiveModel;

/// Inserts one row, given as the entity's plain row type (every column written); the row as
/// stored. Services write rows through this and [`insert_many`], [`update`] and [`delete`],
/// and read them through [`find`] and the aggregate modules: they never build a query.
pub async fn insert<C, M>(db: &C, row: M) -> Result<M, Error>
where
    C: ConnectionTrait,
    M: ModelTrait + IntoActiveModel<Active<M>>,
    M::Entity: EntityTrait<Model = M>,
    Active<M>: ActiveModelTrait + Send,
{
    Ok(row.into_active_model().reset_all().insert(db).await?)
}

/// The rows of `M`'s table whose primary key is among `ids`, in no particular order
/// (`store::find_many::<firm::Model>(&tx, ids)`). On PostgreSQL the ids go as one array
/// parameter ([`uuid_in`]).
pub async fn find_many<M>(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = uuid::Uuid>,
) -> Result<Vec<M>, Error>
where
    M: ModelTrait + FromQueryResult,
    M::Entity: EntityTrait<Model = M>,
{
    use sea_orm::{Iterable, PrimaryKeyToColumn};
    let Some(key) = <M::Entity as EntityTrait>::PrimaryKey::iter().next() else {
        return Err(Error::Internal("a table without a primary key".into()));
    };
    Ok(<M::Entity as EntityTrait>::find()
        .filter(uuid_in(db.get_database_backend(), key.into_column(), ids))
        .all(db)
        .await?)
}

/// Inserts rows of one table in one statement (nothing when there are none).
pub async fn insert_many<C, M>(db: &C, rows: Vec<M>) -> Result<(), Error>
where
    C: ConnectionTrait,
    M: ModelTrait + IntoActiveModel<Active<M>>,
    M::Entity: EntityTrait<Model = M>,
    Active<M>: ActiveModelTrait + Send,
{
    if rows.is_empty() {
        return Ok(());
    }
    <M::Entity as EntityTrait>::insert_many(
        rows.into_iter().map(|r| r.into_active_model().reset_all()),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Writes the columns in which `new` differs from `old` (the row as read), and only those: a
/// column another writer changed meanwhile is not overwritten with what was read. The row as
/// stored; nothing is written when nothing differs.
pub async fn update<C, M>(db: &C, old: &M, new: M) -> Result<M, Error>
where
    C: ConnectionTrait,
    M: ModelTrait + Clone + IntoActiveModel<Active<M>>,
    M::Entity: EntityTrait<Model = M>,
    Active<M>: ActiveModelTrait + Send,
{
    use sea_orm::Iterable;
    let mut am = old.clone().into_active_model();
    for c in <M::Entity as EntityTrait>::Column::iter() {
        am.set_if_not_equals(c, new.get(c));
    }
    if !am.is_changed() {
        return Ok(new);
    }
    Ok(am.update(db).await?)
}

/// Deletes one row (by its primary key); whether it was there.
pub async fn delete<C, M>(db: &C, row: M) -> Result<bool, Error>
where
    C: ConnectionTrait,
    M: ModelTrait + IntoActiveModel<Active<M>>,
    M::Entity: EntityTrait<Model = M>,
    Active<M>: ActiveModelTrait + Send,
{
    Ok(row.into_active_model().delete(db).await?.rows_affected == 1)
}

/// The row of `M`'s table with primary key `id`, if there is one.
/// (`store::find::<firm::Model>(&tx, id)`).
pub async fn find<M>(
    db: &impl ConnectionTrait,
    id: impl Into<<<M::Entity as EntityTrait>::PrimaryKey as PrimaryKeyTrait>::ValueType>,
) -> Result<Option<M>, Error>
where
    M: ModelTrait + FromQueryResult,
    M::Entity: EntityTrait<Model = M>,
{
    Ok(<M::Entity as EntityTrait>::find_by_id(id).one(db).await?)
}

/// Which engine a URL names.
pub fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}

/// PostgreSQL connections a pool opens at most.
pub const POSTGRES_MAX_CONNECTIONS: u32 = 32;

/// Opens a pool. SQLite is tuned for a server: WAL so readers never block the writer, a long busy
/// timeout so writers queue rather than fail, foreign keys on, and a pool larger than one.
/// PostgreSQL: up to [`POSTGRES_MAX_CONNECTIONS`], one kept open when idle (tools, tests; the
/// server keeps more, see [`connect_keeping`]).
pub async fn connect(url: &str) -> Result<Db, DbErr> {
    connect_keeping(url, 1).await
}

/// As [`connect`], keeping at least `idle` PostgreSQL connections open (at most
/// [`POSTGRES_MAX_CONNECTIONS`]; SQLite keeps one). A server keeps some open so that a burst
/// (the last seconds before a deadline) does not wait for new ones: each costs a backend start,
/// TLS and authentication, and in the bid storm the seconds in which the pool grew from one
/// connection had a far higher p99 than with sixteen kept open (figures: tests/bench/README.md,
/// section "PostgreSQL: where the rest went").
pub async fn connect_keeping(url: &str, idle: u32) -> Result<Db, DbErr> {
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
        opts.max_connections(POSTGRES_MAX_CONNECTIONS)
            .min_connections(idle.clamp(1, POSTGRES_MAX_CONNECTIONS))
            // sqlx's hook, run for every new connection (sea-orm's `after_connect` runs once,
            // for the pool).
            .map_sqlx_postgres_pool_opts(|pool| {
                pool.after_connect(|_, _| {
                    Box::pin(async {
                        tcp_nodelay();
                        Ok(())
                    })
                })
            });
    }
    sea_orm::Database::connect(opts).await
}

/// Turns Nagle's algorithm off on the process's TCP sockets, as each new PostgreSQL connection
/// opens. sqlx 0.9.0 no longer sets TCP_NODELAY (launchbadge/sqlx#4335; the fix, #4336, is not
/// released yet): a statement that goes out in two writes — a TLS connection writes a large one
/// as several records — then waits for the server's delayed ACK, 40 ms on Linux. The bid storm
/// found it: on the TLS loopback the bid desk's batches stalled and the rate fell steeply
/// (figures: tests/bench/README.md, section "PostgreSQL: one writer, one statement,
/// TCP_NODELAY"). sqlx does not hand out its socket, so every TCP socket of the process is
/// set; TCP_NODELAY is what a request/response protocol wants on all of them (hyper sets it on
/// the HTTP side too). Remove this once sqlx sets it again. Linux only (`/proc/self/fd`).
fn tcp_nodelay() {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::FromRawFd;
        let Ok(fds) = std::fs::read_dir("/proc/self/fd") else {
            return;
        };
        for entry in fds.flatten() {
            let is_socket = std::fs::read_link(entry.path()).is_ok_and(|target| {
                target
                    .as_os_str()
                    .as_encoded_bytes()
                    .starts_with(b"socket:")
            });
            let Some(fd) = entry
                .file_name()
                .to_str()
                .and_then(|n| n.parse::<i32>().ok())
            else {
                continue;
            };
            if !is_socket {
                continue;
            }
            // SAFETY: the descriptor is open (just listed) and is only borrowed: ManuallyDrop
            // never closes it. On a socket that is not TCP (or one closed meanwhile) the option
            // call fails, and the failure is ignored.
            let socket =
                std::mem::ManuallyDrop::new(unsafe { std::net::TcpStream::from_raw_fd(fd) });
            let _ = socket.set_nodelay(true);
        }
    }
}

/// Applies every pending migration. `seal_key` seals what an older schema kept in plaintext
/// (see [`crate::rules::seal`]).
pub async fn migrate(db: &Db, seal_key: &crate::rules::seal::SealKey) -> Result<(), DbErr> {
    use zjcs_migrations::MigratorTrait;
    zjcs_migrations::sealing::install(std::sync::Arc::new(MigrationSealer(seal_key.clone())));
    zjcs_migrations::Migrator::up(db, None).await
}

fn unsealable(e: crate::rules::seal::SealError) -> DbErr {
    DbErr::Migration(format!(
        "a sealed value does not open with this seal key: {e}"
    ))
}

/// The sealed formats of [`crate::rules::seal`], for the migration that seals existing rows.
struct MigrationSealer(crate::rules::seal::SealKey);

impl zjcs_migrations::sealing::Sealer for MigrationSealer {
    fn bid(
        &self,
        registration: uuid::Uuid,
        price_fen: Option<i64>,
        plan_sha256: Option<String>,
        nonce: String,
    ) -> String {
        use crate::rules::seal::{SealedBid, random_nonce, seal_bid};
        let bid = SealedBid {
            price_fen,
            plan_sha256,
            nonce,
        };
        seal_bid(&self.0, &registration, &bid, random_nonce())
    }

    fn project_seed(&self, project: uuid::Uuid, seed: &str) -> String {
        use crate::rules::seal::{project_seed_context, random_nonce, seal_text};
        seal_text(
            &self.0,
            &project_seed_context(&project),
            seed,
            random_nonce(),
        )
    }

    fn inspection_seed(&self, round: uuid::Uuid, seed: &str) -> String {
        use crate::rules::seal::{inspection_seed_context, random_nonce, seal_text};
        seal_text(
            &self.0,
            &inspection_seed_context(&round),
            seed,
            random_nonce(),
        )
    }

    fn evidence(&self, file: uuid::Uuid, bytes: &[u8]) -> Vec<u8> {
        use crate::rules::seal::{evidence_context, random_nonce, seal};
        seal(&self.0, &evidence_context(&file), bytes, random_nonce())
    }

    fn evidence_meta(&self, file: uuid::Uuid, name: String, size: i64, sha256: String) -> String {
        use crate::rules::seal::{SealedFileMeta, random_nonce, seal_file_meta};
        let meta = SealedFileMeta { name, size, sha256 };
        seal_file_meta(&self.0, &file, &meta, random_nonce())
    }

    fn open_bid(
        &self,
        registration: uuid::Uuid,
        sealed: &str,
    ) -> Result<(Option<i64>, Option<String>, String), DbErr> {
        let b = crate::rules::seal::open_bid(&self.0, &registration, sealed).map_err(unsealable)?;
        Ok((b.price_fen, b.plan_sha256, b.nonce))
    }

    fn open_project_seed(&self, project: uuid::Uuid, sealed: &str) -> Result<String, DbErr> {
        use crate::rules::seal::{open_text, project_seed_context};
        open_text(&self.0, &project_seed_context(&project), sealed).map_err(unsealable)
    }

    fn open_inspection_seed(&self, round: uuid::Uuid, sealed: &str) -> Result<String, DbErr> {
        use crate::rules::seal::{inspection_seed_context, open_text};
        open_text(&self.0, &inspection_seed_context(&round), sealed).map_err(unsealable)
    }

    fn open_evidence(&self, file: uuid::Uuid, sealed: &[u8]) -> Result<Vec<u8>, DbErr> {
        use crate::rules::seal::{evidence_context, open};
        open(&self.0, &evidence_context(&file), sealed).map_err(unsealable)
    }

    fn open_evidence_meta(
        &self,
        file: uuid::Uuid,
        sealed: &str,
    ) -> Result<(String, i64, String), DbErr> {
        let m = crate::rules::seal::open_file_meta(&self.0, &file, sealed).map_err(unsealable)?;
        Ok((m.name, m.size, m.sha256))
    }

    fn is_sealed_text(&self, value: &str) -> bool {
        crate::rules::seal::is_sealed_text(value)
    }

    fn is_sealed(&self, bytes: &[u8]) -> bool {
        crate::rules::seal::is_sealed(bytes)
    }
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

/// Makes the caller's write transaction the only one, across every instance, that holds any of
/// `keys` until it ends, so that a read-decide-write on data named by a key cannot interleave with
/// another on the same key. PostgreSQL: a transaction-scoped advisory lock per key (its number
/// the first eight bytes of the key's SHA-256, the same in every instance; two keys sharing a
/// number merely wait for each other), taken in ascending order so that two transactions locking
/// overlapping keys never deadlock. SQLite: nothing to do, a transaction from [`begin_write`]
/// already holds the database's write lock.
pub async fn lock_keys(tx: &DatabaseTransaction, keys: &[&str]) -> Result<(), Error> {
    use sha2::{Digest, Sha256};
    if tx.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let mut ids: Vec<i64> = keys
        .iter()
        .map(|k| {
            let digest = Sha256::digest(k.as_bytes());
            let mut first = [0u8; 8];
            first.copy_from_slice(&digest[..8]);
            i64::from_be_bytes(first)
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        tx.execute_raw(sea_orm::Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [id.into()],
        ))
        .await?;
    }
    Ok(())
}

/// Whether a database error is the violation of a unique constraint (mapped to a 409).
pub fn is_unique_violation(e: &DbErr) -> bool {
    matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

impl From<DbErr> for Error {
    /// A storage error keeping sea-orm's error whole, with its chain of causes (the driver's
    /// error, the I/O error under it…) for whoever logs it; the answer says only "internal".
    fn from(e: DbErr) -> Self {
        Error::Storage(Box::new(e))
    }
}

/// `column IN (ids)`. On PostgreSQL it is written `column = ANY(CAST($1 AS uuid[]))` with the
/// ids as one array parameter, so that the statement's text is the same whatever the number of
/// ids: the connection prepares it once and the server plans it from its cache, where an IN list
/// of a new length is a new statement (a round trip to prepare it, and a plan). SQLite, in
/// process, keeps the IN list.
pub fn uuid_in<C: ColumnTrait>(
    backend: DbBackend,
    column: C,
    ids: impl IntoIterator<Item = uuid::Uuid>,
) -> sea_orm::sea_query::SimpleExpr {
    if backend != DbBackend::Postgres {
        return column.is_in(ids);
    }
    let mut array = String::from("{");
    for (i, id) in ids.into_iter().enumerate() {
        if i > 0 {
            array.push(',');
        }
        array.push_str(&id.to_string());
    }
    array.push('}');
    // Written whole: as the right side of `.eq`, sea-query would wrap `ANY(…)` in parentheses,
    // which PostgreSQL refuses.
    let (table, column) = column.as_column_ref();
    Expr::cust_with_values(
        format!(r#""{}"."{}" = ANY(CAST($1 AS uuid[]))"#, table, column),
        [array],
    )
}

/// A transaction's writes, collected and then sent the way its engine takes them best: on
/// PostgreSQL as one statement ([`Combined`]: a round trip saved per statement), elsewhere one
/// statement after another (SQLite runs in process: a statement costs no round trip), in the
/// order they were pushed. The one place a batch writer's engine difference lives.
pub enum Writes {
    Combined(Combined),
    OneByOne(DbBackend, Vec<Statement>),
}

/// Rows per insert statement when the rows go one statement at a time (at most 11 columns a
/// row here: well inside both engines' bind-parameter limits).
const ROWS_PER_INSERT: usize = 500;

impl Writes {
    pub fn for_transaction(tx: &DatabaseTransaction) -> Writes {
        match tx.get_database_backend() {
            DbBackend::Postgres => Writes::Combined(Combined::default()),
            other => Writes::OneByOne(other, Vec::new()),
        }
    }

    /// Adds an update.
    pub fn push_update<E: EntityTrait>(&mut self, update: UpdateMany<E>) {
        match self {
            Writes::Combined(c) => c.push(&update.into_query()),
            Writes::OneByOne(backend, v) => v.push(update.build(*backend)),
        }
    }

    /// Adds an insert of `rows` (every column set).
    pub fn push_rows<A: sea_orm::ActiveModelTrait>(
        &mut self,
        rows: impl IntoIterator<Item = A>,
    ) -> Result<(), DbErr> {
        match self {
            Writes::Combined(c) => c.push_rows(rows),
            Writes::OneByOne(backend, v) => {
                let mut rows = rows.into_iter().peekable();
                while rows.peek().is_some() {
                    let chunk: Vec<A> = rows.by_ref().take(ROWS_PER_INSERT).collect();
                    v.push(A::Entity::insert_many(chunk).build(*backend));
                }
                Ok(())
            }
        }
    }

    /// Runs them all on `tx`, in order (nothing when none was added).
    pub async fn exec(self, tx: &DatabaseTransaction) -> Result<(), DbErr> {
        match self {
            Writes::Combined(c) => c.exec(tx).await,
            Writes::OneByOne(_, statements) => {
                for statement in statements {
                    tx.execute_raw(statement).await?;
                }
                Ok(())
            }
        }
    }
}

/// Writers that must not run at once (see [`take_turns`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Turn {
    /// Imports of the dishonesty list: two at once must never both add an entry for one code.
    DishonestyImport,
}

/// Waits for `turn` inside `tx` and holds it until the transaction ends: PostgreSQL takes a
/// transaction-scoped advisory lock; SQLite's write transaction holds the whole database already.
pub async fn take_turns(tx: &DatabaseTransaction, turn: Turn) -> Result<(), DbErr> {
    if tx.get_database_backend() == DbBackend::Postgres {
        // The keys are arbitrary; each only has to be its turn's alone.
        let key: i64 = match turn {
            Turn::DishonestyImport => 5122203290001,
        };
        tx.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_advisory_xact_lock($1)",
            [key.into()],
        ))
        .await?;
    }
    Ok(())
}

/// Data-changing statements sent to PostgreSQL as one: every statement but the last becomes a
/// data-modifying common table expression (`WITH w0 AS (…), w1 AS (…) <last>`), with the bind
/// parameters renumbered in order. On a busy machine a round trip costs more than the work in
/// it (a statement whose text is new to the connection costs two: prepare, then execute), so a
/// batch's inserts and the audit chain's advance go together. PostgreSQL runs every part of
/// such a statement exactly once and all of it or none of it; values stay bind parameters.
#[derive(Default)]
pub struct Combined {
    sql: String,
    values: Vec<sea_orm::Value>,
    last: Option<String>,
    ctes: usize,
}

impl Combined {
    /// Adds a statement (its text as built for PostgreSQL).
    pub fn push(&mut self, statement: &impl sea_orm::sea_query::QueryStatementWriter) {
        let (sql, values) = statement.build(sea_orm::sea_query::PostgresQueryBuilder);
        self.push_sql(&sql, values.0);
    }

    /// Adds an insert of `rows` (every column set) that reads them from one JSON parameter:
    /// `INSERT INTO t (c…) SELECT c… FROM json_populate_recordset(NULL::t, $n)`. Its text is the
    /// same whatever the number of rows, so each connection prepares it once and PostgreSQL
    /// plans it from its cache; a multi-row `VALUES` list is a new statement for every row count
    /// (in the bid storm, planning the desk's batch insert anew was a large part of its cost;
    /// figures: tests/bench/README.md, section "PostgreSQL: rows as JSON, a warm start"). Each
    /// value goes as its JSON form (text, number, or an RFC 3339 time to the microsecond, as the
    /// drivers store times) and PostgreSQL reads it with the column type's own input function.
    /// An unset column is an error, not a default.
    pub fn push_rows<A: sea_orm::ActiveModelTrait>(
        &mut self,
        rows: impl IntoIterator<Item = A>,
    ) -> Result<(), DbErr> {
        use sea_orm::{EntityName, IdenStatic, Iterable};
        let columns: Vec<<A::Entity as EntityTrait>::Column> =
            <A::Entity as EntityTrait>::Column::iter().collect();
        let mut json = Vec::new();
        for row in rows {
            let mut object = serde_json::Map::with_capacity(columns.len());
            for &column in &columns {
                let value = row.get(column).into_value().ok_or_else(|| {
                    DbErr::Custom(format!("push_rows: column {} not set", column.as_str()))
                })?;
                object.insert(column.as_str().to_owned(), json_value(value)?);
            }
            json.push(serde_json::Value::Object(object));
        }
        let table = A::Entity::default().table_name().to_owned();
        let list = columns
            .iter()
            .map(|c| format!(r#""{}""#, c.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        self.push_sql(
            &format!(
                r#"INSERT INTO "{table}" ({list}) SELECT {list} FROM json_populate_recordset(NULL::"{table}", CAST($1 AS json))"#
            ),
            vec![sea_orm::Value::String(Some(
                serde_json::Value::Array(json).to_string(),
            ))],
        );
        Ok(())
    }

    fn push_sql(&mut self, sql: &str, values: Vec<sea_orm::Value>) {
        let sql = renumber(sql, self.values.len());
        self.values.extend(values);
        if let Some(previous) = self.last.replace(sql) {
            self.sql
                .push_str(if self.sql.is_empty() { "WITH " } else { ", " });
            self.sql
                .push_str(&format!("w{} AS ({previous})", self.ctes));
            self.ctes += 1;
        }
    }

    /// Runs them all in one statement on `tx` (nothing when none was added).
    pub async fn exec(self, tx: &DatabaseTransaction) -> Result<(), DbErr> {
        let Some(last) = self.last else {
            return Ok(());
        };
        let sql = if self.sql.is_empty() {
            last
        } else {
            format!("{} {last}", self.sql)
        };
        tx.execute_raw(sea_orm::Statement::from_sql_and_values(
            DbBackend::Postgres,
            sql,
            self.values,
        ))
        .await?;
        Ok(())
    }
}

/// A column's value as [`Combined::push_rows`] sends it: the JSON that the column type's input
/// function reads back as the same value.
fn json_value(value: sea_orm::Value) -> Result<serde_json::Value, DbErr> {
    use sea_orm::Value as V;
    use serde_json::Value as J;
    fn or_null<T>(v: Option<T>, f: impl FnOnce(T) -> J) -> J {
        v.map_or(J::Null, f)
    }
    Ok(match value {
        V::Bool(v) => or_null(v, J::Bool),
        V::SmallInt(v) => or_null(v, J::from),
        V::Int(v) => or_null(v, J::from),
        V::BigInt(v) => or_null(v, J::from),
        V::String(v) => or_null(v, J::String),
        V::Uuid(v) => or_null(v, |u| J::String(u.to_string())),
        // Microseconds, as PostgreSQL keeps them (sqlx's binary encoding truncates the same way),
        // so that what a caller hashed is what is stored.
        V::ChronoDateTimeUtc(v) => or_null(v, |t| {
            J::String(t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true))
        }),
        V::Json(v) => or_null(v, |j| *j),
        other => {
            return Err(DbErr::Custom(format!(
                "push_rows: no JSON form for {other:?}"
            )));
        }
    })
}

/// `$1`, `$2`, … in `sql` moved up by `offset`. The statements come from sea-query's PostgreSQL
/// builder, which writes every value as a parameter, so a `$` followed by digits is always one.
fn renumber(sql: &str, offset: usize) -> String {
    if offset == 0 {
        return sql.to_owned();
    }
    let mut out = String::with_capacity(sql.len() + 16);
    let mut rest = sql;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..=at]);
        rest = &rest[at + 1..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            let n: usize = rest[..digits].parse().expect("ascii digits");
            out.push_str(&(n + offset).to_string());
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_renumbered_after_the_earlier_statements() {
        assert_eq!(
            renumber(
                r#"INSERT INTO "t" ("a", "b") VALUES ($1, $2), ($3, $10)"#,
                4
            ),
            r#"INSERT INTO "t" ("a", "b") VALUES ($5, $6), ($7, $14)"#
        );
        assert_eq!(renumber("SELECT $1", 0), "SELECT $1");
        assert_eq!(renumber("a $ b $", 3), "a $ b $");
    }

    #[test]
    fn a_database_error_keeps_its_causes() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "peer reset");
        let e = DbErr::Conn(sea_orm::RuntimeErr::SqlxError(
            sea_orm::sqlx::Error::Io(io).into(),
        ));
        let e = Error::from(e);
        assert_eq!((e.code(), e.status()), ("internal", 500));
        // The causes are there to walk, down to the I/O error.
        let mut causes = Vec::new();
        let mut source = std::error::Error::source(&e);
        while let Some(cause) = source {
            causes.push(cause.to_string());
            source = cause.source();
        }
        assert!(
            causes.iter().any(|c| c.contains("peer reset")),
            "{causes:?}"
        );
        assert!(crate::error::chain(&e).contains("peer reset"));
    }
}
