//! How the sealing migration seals: the application installs its [`Sealer`] (which holds the seal
//! key and knows the sealed formats, both of which live in `zjcs-domain`) before it migrates. A
//! migration that finds values to seal and no sealer fails before it writes anything.

use sea_orm_migration::prelude::DbErr;
use sea_orm_migration::sea_orm::prelude::Uuid;
use std::sync::{Arc, RwLock};

/// Seals the values of existing rows, as the application would have sealed them.
pub trait Sealer: Send + Sync {
    /// A registration's sealed bid (the `sealed_bid` column).
    fn bid(
        &self,
        registration: Uuid,
        price_fen: Option<i64>,
        plan_sha256: Option<String>,
        nonce: String,
    ) -> String;
    /// A project's draw seed (hex) as its `seed_secret` column holds it sealed.
    fn project_seed(&self, project: Uuid, seed: &str) -> String;
    /// An inspection round's draw seed, likewise.
    fn inspection_seed(&self, round: Uuid, seed: &str) -> String;
    /// An evidence file's content.
    fn evidence(&self, file: Uuid, bytes: &[u8]) -> Vec<u8>;
    /// An evidence file's name, size and digest (the `sealed_meta` column).
    fn evidence_meta(&self, file: Uuid, name: String, size: i64, sha256: String) -> String;
    /// The other way, for rolling the migration back: a sealed bid's price, plan digest and
    /// nonce; a seed; an evidence file's content; its name, size and digest.
    fn open_bid(
        &self,
        registration: Uuid,
        sealed: &str,
    ) -> Result<(Option<i64>, Option<String>, String), DbErr>;
    fn open_project_seed(&self, project: Uuid, sealed: &str) -> Result<String, DbErr>;
    fn open_inspection_seed(&self, round: Uuid, sealed: &str) -> Result<String, DbErr>;
    fn open_evidence(&self, file: Uuid, sealed: &[u8]) -> Result<Vec<u8>, DbErr>;
    fn open_evidence_meta(&self, file: Uuid, sealed: &str) -> Result<(String, i64, String), DbErr>;
    /// Whether a text column's value is sealed already.
    fn is_sealed_text(&self, value: &str) -> bool;
    /// Whether a blob is sealed already.
    fn is_sealed(&self, bytes: &[u8]) -> bool;
}

static SEALER: RwLock<Option<Arc<dyn Sealer>>> = RwLock::new(None);

/// Installs the sealer the next migrations use (the last one installed wins; every instance of
/// one process uses the same key).
pub fn install(sealer: Arc<dyn Sealer>) {
    *SEALER.write().unwrap_or_else(|e| e.into_inner()) = Some(sealer);
}

/// The installed sealer, or the error that stops a migration that needs one.
pub(crate) fn installed() -> Result<Arc<dyn Sealer>, DbErr> {
    SEALER
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
        .ok_or_else(|| {
            DbErr::Migration(
                "existing bids, seeds and files must be sealed, and no seal key was given: \
                 migrate with `zjcs migrate` (it reads ZJCS_SEAL_KEY or <data dir>/seal.key)"
                    .into(),
            )
        })
}
