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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        // Unprepared statements: an SQLite connection that had cached these statements before
        // another connection rolled them back answered "duplicate column" when it ran the
        // cached ALTER again. `seal_check` has one row: a known text sealed under the key the
        // database's values are sealed with, so that an instance started with another key
        // refuses to start instead of failing at every opening.
        for sql in [
            "ALTER TABLE registration ADD COLUMN sealed_bid TEXT NULL",
            "ALTER TABLE evidence_file ADD COLUMN sealed_meta TEXT NULL",
            "CREATE TABLE seal_check (id INTEGER NOT NULL PRIMARY KEY, sealed TEXT NOT NULL)",
        ] {
            db.execute_unprepared(sql).await?;
        }
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

    /// Back to plaintext (with the key the application installs), then the schema as it was
    /// (a seed column stays `text` on PostgreSQL).
    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        unseal_existing(db, db.get_database_backend()).await?;
        // SQLite drops one column per statement.
        for sql in [
            "DROP TABLE seal_check",
            "ALTER TABLE evidence_file DROP COLUMN sealed_meta",
            "ALTER TABLE registration DROP COLUMN sealed_bid",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}

pub(crate) fn stmt(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
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

pub(crate) fn get<T: TryGetable>(
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
    rewrite_contents(db, backend, |id, bytes| {
        Ok((!sealer.is_sealed(bytes)).then(|| sealer.evidence(id, bytes)))
    })
    .await
}

async fn unseal_existing<C: ConnectionTrait>(db: &C, backend: DbBackend) -> Result<(), DbErr> {
    let bids = db
        .query_all_raw(stmt(
            backend,
            "SELECT id, sealed_bid FROM registration WHERE sealed_bid IS NOT NULL",
            vec![],
        ))
        .await?;
    let seeds = |table: &str| {
        stmt(
            backend,
            &format!("SELECT id, seed_secret FROM {table} WHERE seed_secret LIKE 'sealed:%'"),
            vec![],
        )
    };
    let projects = db.query_all_raw(seeds("project")).await?;
    let rounds = db.query_all_raw(seeds("inspection_round")).await?;
    let files = db
        .query_all_raw(stmt(
            backend,
            "SELECT id, sealed_meta FROM evidence_file WHERE sealed_meta IS NOT NULL",
            vec![],
        ))
        .await?;
    let contents = db
        .query_one_raw(stmt(
            backend,
            "SELECT 1 AS one FROM evidence_content LIMIT 1",
            vec![],
        ))
        .await?;
    if bids.is_empty()
        && projects.is_empty()
        && rounds.is_empty()
        && files.is_empty()
        && contents.is_none()
    {
        return Ok(());
    }
    let sealer = sealing::installed()?;
    for row in bids {
        let id: Uuid = get(&row, "id")?;
        let (price, plan, nonce) = sealer.open_bid(id, &get::<String>(&row, "sealed_bid")?)?;
        db.execute_raw(stmt(
            backend,
            "UPDATE registration SET price_fen = ?, plan_sha256 = ?, nonce = ?, \
             sealed_bid = NULL WHERE id = ?",
            vec![price.into(), plan.into(), nonce.into(), id.into()],
        ))
        .await?;
    }
    for (table, rows) in [("project", projects), ("inspection_round", rounds)] {
        for row in rows {
            let id: Uuid = get(&row, "id")?;
            let sealed: String = get(&row, "seed_secret")?;
            let seed = if table == "project" {
                sealer.open_project_seed(id, &sealed)?
            } else {
                sealer.open_inspection_seed(id, &sealed)?
            };
            db.execute_raw(stmt(
                backend,
                &format!("UPDATE {table} SET seed_secret = ? WHERE id = ?"),
                vec![seed.into(), id.into()],
            ))
            .await?;
        }
    }
    for row in files {
        let id: Uuid = get(&row, "id")?;
        let (name, size, sha256) =
            sealer.open_evidence_meta(id, &get::<String>(&row, "sealed_meta")?)?;
        db.execute_raw(stmt(
            backend,
            "UPDATE evidence_file SET name = ?, size = ?, sha256 = ?, sealed_meta = NULL \
             WHERE id = ?",
            vec![name.into(), size.into(), sha256.into(), id.into()],
        ))
        .await?;
    }
    rewrite_contents(db, backend, |id, bytes| {
        if sealer.is_sealed(bytes) {
            sealer.open_evidence(id, bytes).map(Some)
        } else {
            Ok(None)
        }
    })
    .await
}

/// Rewrites evidence files' contents a page at a time, by id, so that memory stays flat:
/// `rewrite` gives a row's new bytes, or `None` to leave it as it is.
async fn rewrite_contents<C: ConnectionTrait>(
    db: &C,
    backend: DbBackend,
    rewrite: impl Fn(Uuid, &[u8]) -> Result<Option<Vec<u8>>, DbErr>,
) -> Result<(), DbErr> {
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
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = get(last, "file_id")?;
        for row in &rows {
            let id: Uuid = get(row, "file_id")?;
            let bytes: Vec<u8> = get(row, "bytes")?;
            if let Some(new) = rewrite(id, &bytes)? {
                db.execute_raw(stmt(
                    backend,
                    "UPDATE evidence_content SET bytes = ? WHERE file_id = ?",
                    vec![new.into(), id.into()],
                ))
                .await?;
            }
        }
    }
}
