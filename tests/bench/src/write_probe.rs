//! The database's write limit as the server would meet it: single-row `INSERT` transactions into
//! a scratch table, each its own write transaction (`store::begin_write`: `BEGIN IMMEDIATE` on
//! SQLite), from N concurrent tasks through a pool opened with `store::connect` — the server's
//! own driver (sea-orm over sqlx, the same crate versions), connection options and pool size
//! (SQLite: WAL, synchronous NORMAL, 8 connections; PostgreSQL: 32 connections).
//!
//! It is the ceiling for any request that commits one write transaction: a request that writes
//! more rows, reads inside its transaction or holds a lock longer can only be slower. The table
//! is created for the measurement and dropped afterwards.

use anyhow::{Context, anyhow};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::time::Instant;
use uuid::Uuid;
use zjcs_domain::store::{self, ConnectionTrait};

/// Seconds of inserts before counting (the pool opens its connections).
const WARMUP: Duration = Duration::from_millis(500);

/// What the probe measured.
#[derive(Debug, Clone, Copy)]
pub struct WriteLimit {
    /// Transactions committed inside the measured window.
    pub rows: u64,
    pub duration: Duration,
    pub writers: usize,
}

impl WriteLimit {
    /// Committed single-row transactions per second.
    pub fn rate(&self) -> f64 {
        self.rows as f64 / self.duration.as_secs_f64()
    }
}

/// Runs `writers` concurrent inserters for `duration` (after a short warm-up) on `url`, in a
/// scratch table named after `run_id`, which is dropped afterwards.
pub async fn measure(
    url: &str,
    writers: usize,
    duration: Duration,
    run_id: &str,
) -> anyhow::Result<WriteLimit> {
    let db = store::connect(url)
        .await
        .context("connecting for the write probe")?;
    let table = format!("bench_write_probe_{run_id}");
    db.execute_unprepared(&format!(
        "CREATE TABLE {table} (id uuid PRIMARY KEY, v text NOT NULL)"
    ))
    .await
    .context("creating the write probe's table")?;
    let result = run(&db, &table, writers, duration).await;
    let dropped = db
        .execute_unprepared(&format!("DROP TABLE {table}"))
        .await
        .context("dropping the write probe's table");
    db.close().await.ok();
    let limit = result?;
    dropped?;
    Ok(limit)
}

async fn run(
    db: &store::Db,
    table: &str,
    writers: usize,
    duration: Duration,
) -> anyhow::Result<WriteLimit> {
    let start = Instant::now();
    let measure_from = start + WARMUP;
    let end = measure_from + duration;
    let counted = Arc::new(AtomicU64::new(0));
    let mut tasks = tokio::task::JoinSet::new();
    for w in 0..writers {
        let (db, table, counted) = (db.clone(), table.to_owned(), counted.clone());
        tasks.spawn(async move {
            let mut n = 0u64;
            while Instant::now() < end {
                // About the size of a registration row's text.
                let id = Uuid::new_v4();
                let v = format!("writer {w} row {n} {}", id.simple()).repeat(3);
                let tx = store::begin_write(&db)
                    .await
                    .map_err(|e| anyhow!("beginning a probe transaction: {e}"))?;
                tx.execute_unprepared(&format!(
                    "INSERT INTO {table} (id, v) VALUES ('{id}', '{v}')"
                ))
                .await
                .context("a probe insert")?;
                tx.commit().await.context("committing a probe insert")?;
                n += 1;
                let done = Instant::now();
                if done >= measure_from && done <= end {
                    counted.fetch_add(1, Ordering::Relaxed);
                }
            }
            Ok::<_, anyhow::Error>(())
        });
    }
    while let Some(done) = tasks.join_next().await {
        done??;
    }
    Ok(WriteLimit {
        rows: counted.load(Ordering::Relaxed),
        duration,
        writers,
    })
}
