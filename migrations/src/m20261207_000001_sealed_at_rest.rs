//! Sealed at rest (issue 19): a bid's price, plan digest and nonce move into one sealed column
//! until the project opens; draw seeds and evidence files are stored sealed. Existing rows are
//! sealed in place with the seal key the application hands over ([`crate::sealing`]).
//!
//! "Opened" for an existing registration means what the application means by it: the active
//! registration of a project's current round, once that round's draw has been made (the bids are
//! opened exactly when the draw is made). Every other registration is sealed.

use crate::sealing;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::prelude::Uuid;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement, TryGetable, Value};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Registration {
    Table,
    SealedBid,
}

#[derive(DeriveIden)]
enum EvidenceFile {
    Table,
    SealedMeta,
}

/// One row: a known text sealed under the key the database's values are sealed with, so that an
/// instance started with another key refuses to start instead of failing at every opening.
#[derive(DeriveIden)]
enum SealCheck {
    Table,
    Id,
    Sealed,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Registration::Table)
                .add_column(ColumnDef::new(Registration::SealedBid).text().null())
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(EvidenceFile::Table)
                .add_column(ColumnDef::new(EvidenceFile::SealedMeta).text().null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SealCheck::Table)
                .col(
                    ColumnDef::new(SealCheck::Id)
                        .integer()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(SealCheck::Sealed).text().not_null())
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        let backend = db.get_database_backend();
        if backend == DbBackend::Postgres {
            // A sealed seed is longer than the 64 hex digits the columns were sized for (SQLite
            // does not enforce lengths).
            for table in ["project", "inspection_round"] {
                db.execute_unprepared(&format!(
                    "ALTER TABLE {table} ALTER COLUMN seed_secret TYPE text"
                ))
                .await?;
            }
        }
        seal_existing(db, backend).await
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        // Unsealing would write the secrets back in plaintext; restore a backup instead.
        Err(DbErr::Migration(
            "sealed values are not unsealed by a migration".into(),
        ))
    }
}

fn stmt(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = if backend == DbBackend::Postgres {
        // `?` placeholders in order become `$1`, `$2`, …
        let mut out = String::with_capacity(sql.len() + 8);
        let mut n = 0;
        for c in sql.chars() {
            if c == '?' {
                n += 1;
                out.push_str(&format!("${n}"));
            } else {
                out.push(c);
            }
        }
        out
    } else {
        sql.to_owned()
    };
    Statement::from_sql_and_values(backend, sql, values)
}

fn get<T: TryGetable>(
    row: &sea_orm_migration::sea_orm::QueryResult,
    col: &str,
) -> Result<T, DbErr> {
    row.try_get("", col)
}

async fn seal_existing<C: ConnectionTrait>(db: &C, backend: DbBackend) -> Result<(), DbErr> {
    let bids = db
        .query_all_raw(stmt(
            backend,
            "SELECT r.id AS id, r.price_fen AS price_fen, r.plan_sha256 AS plan_sha256, \
             r.nonce AS nonce FROM registration r JOIN project p ON p.id = r.project_id \
             WHERE NOT (r.status = 'active' AND r.round = p.round AND p.draw_doc IS NOT NULL)",
            vec![],
        ))
        .await?;
    let mut any = !bids.is_empty();
    for (table, filter) in [
        ("project", "seed_secret IS NOT NULL"),
        ("inspection_round", "seed_secret IS NOT NULL"),
        ("evidence_content", "1 = 1"),
    ] {
        any = any
            || db
                .query_one_raw(stmt(
                    backend,
                    &format!("SELECT 1 AS one FROM {table} WHERE {filter} LIMIT 1"),
                    vec![],
                ))
                .await?
                .is_some();
    }
    if !any {
        return Ok(());
    }
    // Asked for before anything is written, so that a missing key fails cleanly.
    let sealer = sealing::installed()?;
    for row in bids {
        let id: Uuid = get(&row, "id")?;
        let sealed = sealer.bid(
            id,
            get(&row, "price_fen")?,
            get(&row, "plan_sha256")?,
            get(&row, "nonce")?,
        );
        db.execute_raw(stmt(
            backend,
            "UPDATE registration SET sealed_bid = ?, price_fen = NULL, plan_sha256 = NULL, \
             nonce = '' WHERE id = ?",
            vec![sealed.into(), id.into()],
        ))
        .await?;
    }
    for table in ["project", "inspection_round"] {
        let rows = db
            .query_all_raw(stmt(
                backend,
                &format!("SELECT id, seed_secret FROM {table} WHERE seed_secret IS NOT NULL"),
                vec![],
            ))
            .await?;
        for row in rows {
            let id: Uuid = get(&row, "id")?;
            let seed: String = get(&row, "seed_secret")?;
            if sealer.is_sealed_text(&seed) {
                continue;
            }
            let sealed = if table == "project" {
                sealer.project_seed(id, &seed)
            } else {
                sealer.inspection_seed(id, &seed)
            };
            db.execute_raw(stmt(
                backend,
                &format!("UPDATE {table} SET seed_secret = ? WHERE id = ?"),
                vec![sealed.into(), id.into()],
            ))
            .await?;
        }
    }
    let files = db
        .query_all_raw(stmt(
            backend,
            "SELECT id, name, size, sha256 FROM evidence_file WHERE sealed_meta IS NULL",
            vec![],
        ))
        .await?;
    for row in files {
        let id: Uuid = get(&row, "id")?;
        let sealed = sealer.evidence_meta(
            id,
            get(&row, "name")?,
            get(&row, "size")?,
            get(&row, "sha256")?,
        );
        db.execute_raw(stmt(
            backend,
            "UPDATE evidence_file SET sealed_meta = ?, name = '', size = 0, sha256 = '' \
             WHERE id = ?",
            vec![sealed.into(), id.into()],
        ))
        .await?;
    }
    // Evidence files' contents a page at a time, by id, so that memory stays flat.
    let mut after = Uuid::nil();
    loop {
        let rows = db
            .query_all_raw(stmt(
                backend,
                "SELECT file_id, bytes FROM evidence_content WHERE file_id > ? \
                 ORDER BY file_id LIMIT 100",
                vec![after.into()],
            ))
            .await?;
        let Some(last) = rows.last() else { break };
        after = get(last, "file_id")?;
        for row in &rows {
            let id: Uuid = get(row, "file_id")?;
            let bytes: Vec<u8> = get(row, "bytes")?;
            if sealer.is_sealed(&bytes) {
                continue;
            }
            db.execute_raw(stmt(
                backend,
                "UPDATE evidence_content SET bytes = ? WHERE file_id = ?",
                vec![sealer.evidence(id, &bytes).into(), id.into()],
            ))
            .await?;
        }
    }
    Ok(())
}
