//! One table behind every uploaded file (issue 20): the parties' `document`s (contracts,
//! delivered results, complaint evidence) move into the firms' `evidence_file` table, renamed
//! `attachment` (its bytes in `evidence_content`, renamed `attachment_content`). Ids are kept, so
//! every link and every sealing context (`zjcs/evidence/<id>`, `zjcs/evidence-meta/<id>`) still
//! holds. The table gains the uploader's account (a firm's files: the firm's account, the only
//! one that may upload them) and its firm becomes optional (a party's document has none). A
//! moved document is sealed at rest as a firm's file always was: its bytes and its name, size
//! and digest. The columns that name a document (`award.contract_document_id`,
//! `delivery_submission.document_id`, `complaint_evidence.document_id`) and a repair's evidence
//! (`credit_repair.evidence_file`), which had no foreign key, get one to `attachment`.
//!
//! Renaming rather than creating keeps the migration small where it matters: the foreign keys
//! of `qualification`, `practitioner`, `registration` and the content table follow a renamed
//! table on both engines (PostgreSQL keeps constraints by the table's identity; SQLite ≥ 3.26
//! rewrites the references when a table is renamed), so those tables are never rebuilt.
//!
//! PostgreSQL alters in place, inside the migrator's transaction. SQLite cannot change a
//! column's NOT NULL or add a foreign key, so the tables concerned are rebuilt (sqlite.org,
//! lang_altertable.html, "other kinds of table schema changes"): with foreign keys off — a
//! dropped parent table would otherwise cascade its deletion into the content table — which
//! SQLite only allows outside a transaction, so the migration runs on a connection of its own
//! (the migrator runs SQLite migrations outside a transaction, on a pool whose connections have
//! foreign keys on), in one transaction of its own, checked with `PRAGMA foreign_key_check`
//! before it commits.
//!
//! `down` reverses it: the firm-less attachments go back to `document`, unsealed, and the tables
//! take their old names and shapes.

use crate::m20261207_000001_sealed_at_rest::{get, stmt};
use crate::sealing;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::prelude::Uuid;
use sea_orm_migration::sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseExecutor, DbBackend, SqlxSqliteConnector,
    TransactionTrait,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The columns that name a file and had no foreign key: (table, column, constraint).
const NEW_LINKS: [(&str, &str, &str); 4] = [
    (
        "award",
        "contract_document_id",
        "fk_award_contract_document",
    ),
    (
        "delivery_submission",
        "document_id",
        "fk_delivery_submission_document",
    ),
    (
        "complaint_evidence",
        "document_id",
        "fk_complaint_evidence_document",
    ),
    (
        "credit_repair",
        "evidence_file",
        "fk_credit_repair_evidence_file",
    ),
];

#[derive(DeriveIden)]
enum Attachment {
    Id,
    AccountId,
    FirmId,
    Kind,
    Size,
    Sha256,
    Name,
    CreatedAt,
    SealedMeta,
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
enum Account {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Firm {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        match db.get_database_backend() {
            DbBackend::Postgres => up_postgres(db).await,
            DbBackend::Sqlite => {
                let own = sqlite_connection(db).await?;
                let tx = own.begin().await?;
                up_sqlite(&tx).await?;
                foreign_key_check(&tx).await?;
                tx.commit().await?;
                own.close().await
            }
            other => Err(DbErr::Migration(format!("unsupported backend {other:?}"))),
        }
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        match db.get_database_backend() {
            DbBackend::Postgres => down_postgres(db).await,
            DbBackend::Sqlite => {
                let own = sqlite_connection(db).await?;
                let tx = own.begin().await?;
                down_sqlite(&tx).await?;
                foreign_key_check(&tx).await?;
                tx.commit().await?;
                own.close().await
            }
            other => Err(DbErr::Migration(format!("unsupported backend {other:?}"))),
        }
    }
}

async fn run<C: ConnectionTrait>(db: &C, sqls: &[&str]) -> Result<(), DbErr> {
    for sql in sqls {
        db.execute_unprepared(sql).await?;
    }
    Ok(())
}

async fn up_postgres<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    run(
        db,
        &[
            "ALTER TABLE evidence_file RENAME TO attachment",
            "ALTER TABLE evidence_content RENAME TO attachment_content",
            "ALTER INDEX idx_evidence_file_firm RENAME TO idx_attachment_firm",
            "ALTER TABLE attachment ALTER COLUMN firm_id DROP NOT NULL",
            // A document's name could be longer (200) than an evidence file's (120).
            "ALTER TABLE attachment ALTER COLUMN name TYPE varchar(200)",
            "ALTER TABLE attachment ADD COLUMN account_id uuid NULL",
            "UPDATE attachment SET account_id = \
             (SELECT f.account_id FROM firm f WHERE f.id = attachment.firm_id)",
            "ALTER TABLE attachment ALTER COLUMN account_id SET NOT NULL",
            "ALTER TABLE attachment ADD CONSTRAINT fk_attachment_account \
             FOREIGN KEY (account_id) REFERENCES account (id)",
            "CREATE INDEX idx_attachment_account ON attachment (account_id)",
        ],
    )
    .await?;
    move_documents(db, DbBackend::Postgres).await?;
    for (table, column, constraint) in NEW_LINKS {
        db.execute_unprepared(&format!(
            "ALTER TABLE {table} ADD CONSTRAINT {constraint} \
             FOREIGN KEY ({column}) REFERENCES attachment (id)"
        ))
        .await?;
    }
    db.execute_unprepared("DROP TABLE document").await?;
    Ok(())
}

async fn down_postgres<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    for (table, _, constraint) in NEW_LINKS {
        db.execute_unprepared(&format!("ALTER TABLE {table} DROP CONSTRAINT {constraint}"))
            .await?;
    }
    db.execute_raw(DbBackend::Postgres.build(&document_table()))
        .await?;
    move_back_documents(db, DbBackend::Postgres).await?;
    run(
        db,
        &[
            "DROP INDEX idx_attachment_account",
            "ALTER TABLE attachment DROP COLUMN account_id",
            "ALTER TABLE attachment ALTER COLUMN firm_id SET NOT NULL",
            "ALTER TABLE attachment ALTER COLUMN name TYPE varchar(120)",
            "ALTER INDEX idx_attachment_firm RENAME TO idx_evidence_file_firm",
            "ALTER TABLE attachment_content RENAME TO evidence_content",
            "ALTER TABLE attachment RENAME TO evidence_file",
        ],
    )
    .await
}

async fn up_sqlite<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    let b = DbBackend::Sqlite;
    // The references of qualification, practitioner, registration and the content table now
    // name `attachment`; the rebuild below keeps that name.
    run(
        db,
        &[
            "ALTER TABLE evidence_file RENAME TO attachment",
            "ALTER TABLE evidence_content RENAME TO attachment_content",
        ],
    )
    .await?;
    db.execute_raw(b.build(&attachment_table("attachment_new")))
        .await?;
    db.execute_unprepared(
        "INSERT INTO attachment_new \
         (id, account_id, firm_id, kind, size, sha256, name, created_at, sealed_meta) \
         SELECT a.id, f.account_id, a.firm_id, a.kind, a.size, a.sha256, a.name, a.created_at, \
         a.sealed_meta FROM attachment a JOIN firm f ON f.id = a.firm_id",
    )
    .await?;
    same_count(db, "attachment", "attachment_new").await?;
    run(
        db,
        &[
            "DROP TABLE attachment",
            "ALTER TABLE attachment_new RENAME TO attachment",
            "CREATE INDEX idx_attachment_firm ON attachment (firm_id)",
            "CREATE INDEX idx_attachment_account ON attachment (account_id)",
        ],
    )
    .await?;
    move_documents(db, b).await?;
    for (table, column, _) in NEW_LINKS {
        let clause = fk_clause(column);
        sqlite_rebuild(db, table, |sql| {
            let end = sql
                .rfind(')')
                .ok_or_else(|| DbErr::Migration(format!("{table}: no closing parenthesis")))?;
            Ok(format!("{}{clause}{}", &sql[..end], &sql[end..]))
        })
        .await?;
    }
    db.execute_unprepared("DROP TABLE document").await?;
    Ok(())
}

async fn down_sqlite<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    let b = DbBackend::Sqlite;
    for (table, column, _) in NEW_LINKS {
        let clause = fk_clause(column);
        sqlite_rebuild(db, table, |sql| {
            if !sql.contains(&clause) {
                return Err(DbErr::Migration(format!("{table}: no {clause}")));
            }
            Ok(sql.replacen(&clause, "", 1))
        })
        .await?;
    }
    db.execute_raw(b.build(&document_table())).await?;
    move_back_documents(db, b).await?;
    db.execute_raw(b.build(&evidence_file_table("attachment_old")))
        .await?;
    db.execute_unprepared(
        "INSERT INTO attachment_old (id, firm_id, kind, size, sha256, name, created_at, \
         sealed_meta) SELECT id, firm_id, kind, size, sha256, name, created_at, sealed_meta \
         FROM attachment",
    )
    .await?;
    same_count(db, "attachment", "attachment_old").await?;
    run(
        db,
        &[
            "DROP TABLE attachment",
            "ALTER TABLE attachment_old RENAME TO attachment",
            // Carries the references over to the old name.
            "ALTER TABLE attachment RENAME TO evidence_file",
            "ALTER TABLE attachment_content RENAME TO evidence_content",
            "CREATE INDEX idx_evidence_file_firm ON evidence_file (firm_id)",
        ],
    )
    .await
}

/// The foreign key an SQLite rebuild adds to a column that names a file.
fn fk_clause(column: &str) -> String {
    format!(", FOREIGN KEY (\"{column}\") REFERENCES \"attachment\" (\"id\")")
}

/// `attachment` as this migration leaves it (SQLite builds it anew under `name`).
fn attachment_table(name: &str) -> TableCreateStatement {
    Table::create()
        .table(Alias::new(name))
        .col(uuid(Attachment::Id).primary_key())
        // Who uploaded it.
        .col(uuid(Attachment::AccountId))
        // The firm whose evidence it is; none for a party's document.
        .col(uuid_null(Attachment::FirmId))
        .col(string_len(Attachment::Kind, 10))
        // 0, "" and "" while `sealed_meta` holds them.
        .col(big_integer(Attachment::Size))
        .col(string_len(Attachment::Sha256, 64))
        .col(string_len(Attachment::Name, 200))
        .col(timestamp_with_time_zone(Attachment::CreatedAt))
        .col(text_null(Attachment::SealedMeta))
        .foreign_key(
            ForeignKey::create()
                .from(Alias::new(name), Attachment::AccountId)
                .to(Account::Table, Account::Id),
        )
        .foreign_key(
            ForeignKey::create()
                .from(Alias::new(name), Attachment::FirmId)
                .to(Firm::Table, Firm::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

/// `evidence_file` as it was before this migration (for SQLite's `down`).
fn evidence_file_table(name: &str) -> TableCreateStatement {
    Table::create()
        .table(Alias::new(name))
        .col(uuid(Attachment::Id).primary_key())
        .col(uuid(Attachment::FirmId))
        .col(string_len(Attachment::Kind, 10))
        .col(big_integer(Attachment::Size))
        .col(string_len(Attachment::Sha256, 64))
        .col(string_len(Attachment::Name, 120))
        .col(timestamp_with_time_zone(Attachment::CreatedAt))
        .col(text_null(Attachment::SealedMeta))
        .foreign_key(
            ForeignKey::create()
                .from(Alias::new(name), Attachment::FirmId)
                .to(Firm::Table, Firm::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

/// `document` as it was before this migration (for `down`).
fn document_table() -> TableCreateStatement {
    Table::create()
        .table(Document::Table)
        .col(uuid(Document::Id).primary_key())
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
        .to_owned()
}

/// Every `document` row into `attachment` (no firm, its uploader's account) and its bytes into
/// `attachment_content`, both sealed as the application seals a file, a page at a time.
async fn move_documents<C: ConnectionTrait>(db: &C, backend: DbBackend) -> Result<(), DbErr> {
    let any = db
        .query_one_raw(stmt(
            backend,
            "SELECT 1 AS one FROM document LIMIT 1",
            vec![],
        ))
        .await?
        .is_some();
    if !any {
        return Ok(());
    }
    // Asked for before anything is written, so that a missing key fails cleanly.
    let sealer = sealing::installed()?;
    db.execute_unprepared(
        "INSERT INTO attachment \
         (id, account_id, firm_id, kind, size, sha256, name, created_at, sealed_meta) \
         SELECT id, account_id, NULL, kind, 0, '', '', created_at, NULL FROM document",
    )
    .await?;
    let mut after = Uuid::nil();
    loop {
        let rows = db
            .query_all_raw(stmt(
                backend,
                "SELECT id, name, size, sha256, bytes FROM document WHERE id > ? \
                 ORDER BY id LIMIT 100",
                vec![after.into()],
            ))
            .await?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = get(last, "id")?;
        for row in &rows {
            let id: Uuid = get(row, "id")?;
            let bytes: Vec<u8> = get(row, "bytes")?;
            let meta = sealer.evidence_meta(
                id,
                get(row, "name")?,
                get(row, "size")?,
                get(row, "sha256")?,
            );
            db.execute_raw(stmt(
                backend,
                "UPDATE attachment SET sealed_meta = ? WHERE id = ?",
                vec![meta.into(), id.into()],
            ))
            .await?;
            db.execute_raw(stmt(
                backend,
                "INSERT INTO attachment_content (file_id, bytes) VALUES (?, ?)",
                vec![id.into(), sealer.evidence(id, &bytes).into()],
            ))
            .await?;
        }
    }
}

/// The other way: every attachment without a firm back into `document`, unsealed, and out of
/// `attachment`.
async fn move_back_documents<C: ConnectionTrait>(db: &C, backend: DbBackend) -> Result<(), DbErr> {
    db.execute_unprepared(
        "INSERT INTO document (id, account_id, kind, name, size, sha256, bytes, created_at) \
         SELECT a.id, a.account_id, a.kind, a.name, a.size, a.sha256, c.bytes, a.created_at \
         FROM attachment a JOIN attachment_content c ON c.file_id = a.id \
         WHERE a.firm_id IS NULL",
    )
    .await?;
    let any = db
        .query_one_raw(stmt(
            backend,
            "SELECT 1 AS one FROM document LIMIT 1",
            vec![],
        ))
        .await?
        .is_some();
    if any {
        let sealer = sealing::installed()?;
        let mut after = Uuid::nil();
        loop {
            let rows = db
                .query_all_raw(stmt(
                    backend,
                    "SELECT d.id AS id, d.bytes AS bytes, a.sealed_meta AS sealed_meta \
                     FROM document d JOIN attachment a ON a.id = d.id WHERE d.id > ? \
                     ORDER BY d.id LIMIT 100",
                    vec![after.into()],
                ))
                .await?;
            let Some(last) = rows.last() else {
                break;
            };
            after = get(last, "id")?;
            for row in &rows {
                let id: Uuid = get(row, "id")?;
                let bytes: Vec<u8> = get(row, "bytes")?;
                let bytes = if sealer.is_sealed(&bytes) {
                    sealer.open_evidence(id, &bytes)?
                } else {
                    bytes
                };
                db.execute_raw(stmt(
                    backend,
                    "UPDATE document SET bytes = ? WHERE id = ?",
                    vec![bytes.into(), id.into()],
                ))
                .await?;
                if let Some(sealed) = get::<Option<String>>(row, "sealed_meta")? {
                    let (name, size, sha256) = sealer.open_evidence_meta(id, &sealed)?;
                    db.execute_raw(stmt(
                        backend,
                        "UPDATE document SET name = ?, size = ?, sha256 = ? WHERE id = ?",
                        vec![name.into(), size.into(), sha256.into(), id.into()],
                    ))
                    .await?;
                }
            }
        }
    }
    run(
        db,
        &[
            "DELETE FROM attachment_content WHERE file_id IN (SELECT id FROM document)",
            "DELETE FROM attachment WHERE firm_id IS NULL",
        ],
    )
    .await
}

/// A connection of the migration's own to the SQLite database the migrator's pool is open on,
/// with foreign keys off (see the module's notes).
async fn sqlite_connection(db: &DatabaseExecutor<'_>) -> Result<DatabaseConnection, DbErr> {
    let DatabaseExecutor::Connection(conn) = db else {
        return Err(DbErr::Migration(
            "the attachment migration rebuilds SQLite tables with foreign keys off, which \
             cannot be done inside a transaction"
                .into(),
        ));
    };
    let options = (*conn.get_sqlite_connection_pool().connect_options())
        .clone()
        .foreign_keys(false);
    let pool = sea_orm_migration::sea_orm::sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .map_err(|e| DbErr::Conn(sea_orm_migration::sea_orm::RuntimeErr::SqlxError(e.into())))?;
    Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
}

/// Rebuilds an SQLite table with its `CREATE TABLE` text changed by `edit` (the twelve steps of
/// lang_altertable.html, foreign keys being off): the new table under a new name, the rows
/// copied, the old table dropped, the new one renamed, its indexes created again.
async fn sqlite_rebuild<C: ConnectionTrait>(
    db: &C,
    table: &str,
    edit: impl Fn(&str) -> Result<String, DbErr>,
) -> Result<(), DbErr> {
    let b = DbBackend::Sqlite;
    let sql: String = match db
        .query_one_raw(stmt(
            b,
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
            vec![table.into()],
        ))
        .await?
    {
        Some(row) => get(&row, "sql")?,
        None => return Err(DbErr::Migration(format!("no table {table}"))),
    };
    let indexes = db
        .query_all_raw(stmt(
            b,
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? \
             AND sql IS NOT NULL",
            vec![table.into()],
        ))
        .await?
        .iter()
        .map(|r| get::<String>(r, "sql"))
        .collect::<Result<Vec<_>, _>>()?;
    let open = sql
        .find('(')
        .ok_or_else(|| DbErr::Migration(format!("{table}: no column list")))?;
    let new = format!("{table}_new");
    let created = format!("CREATE TABLE \"{new}\" {}", edit(&sql[open..])?);
    db.execute_unprepared(&created).await?;
    db.execute_unprepared(&format!("INSERT INTO \"{new}\" SELECT * FROM \"{table}\""))
        .await?;
    same_count(db, table, &new).await?;
    db.execute_unprepared(&format!("DROP TABLE \"{table}\""))
        .await?;
    db.execute_unprepared(&format!("ALTER TABLE \"{new}\" RENAME TO \"{table}\""))
        .await?;
    for index in indexes {
        db.execute_unprepared(&index).await?;
    }
    Ok(())
}

/// Refuses to go on when a copy lost rows.
async fn same_count<C: ConnectionTrait>(db: &C, a: &str, b: &str) -> Result<(), DbErr> {
    let count = |t: &str| {
        stmt(
            db.get_database_backend(),
            &format!("SELECT COUNT(*) AS n FROM \"{t}\""),
            vec![],
        )
    };
    let n = |row: Option<sea_orm_migration::sea_orm::QueryResult>| -> Result<i64, DbErr> {
        row.map_or(Ok(0), |r| get(&r, "n"))
    };
    let (x, y) = (
        n(db.query_one_raw(count(a)).await?)?,
        n(db.query_one_raw(count(b)).await?)?,
    );
    if x != y {
        return Err(DbErr::Migration(format!(
            "copying {a} into {b} gave {y} rows of {x}"
        )));
    }
    Ok(())
}

/// Fails (and so rolls back) when a row names a row that does not exist.
async fn foreign_key_check<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    let broken = db
        .query_all_raw(stmt(DbBackend::Sqlite, "PRAGMA foreign_key_check", vec![]))
        .await?;
    if let Some(row) = broken.first() {
        let table: String = row.try_get_by_index(0)?;
        return Err(DbErr::Migration(format!(
            "{} rows break a foreign key (the first in {table})",
            broken.len()
        )));
    }
    Ok(())
}
