//! Sealing at rest for the services (see [`crate::rules::seal`] for the cipher and formats, and
//! `rules::draw` for the trust model): the services seal with the configured key as they write
//! and open only where the rules allow it — a firm its own bid, the closing job every bid of the
//! round it opens.

use super::Services;
use crate::error::{Error, Result};
use crate::rules::seal::{self, SealError, SealedBid};
use crate::store::entities::{registration, seal_check};
use crate::store::{self, transparency};

/// The text sealed in the `seal_check` row.
const CHECK: &str = "zjcs seal key check";
const CHECK_CONTEXT: &str = "zjcs/seal-check";

fn broken(what: &str, e: SealError) -> Error {
    Error::Internal(format!(
        "{what} does not open ({e}): is ZJCS_SEAL_KEY the key this database was sealed with?"
    ))
}

impl Services {
    pub(crate) fn seal_text(&self, context: &str, plain: &str) -> String {
        seal::seal_text(&self.config.seal_key, context, plain, seal::random_nonce())
    }

    pub(crate) fn open_text(&self, context: &str, sealed: &str) -> Result<String> {
        seal::open_text(&self.config.seal_key, context, sealed).map_err(|e| broken(context, e))
    }

    /// A registration as it is stored: its price, plan digest and nonce sealed.
    pub(crate) fn sealed_registration(&self, mut r: registration::Model) -> registration::Model {
        let bid = SealedBid {
            price_fen: r.price_fen.take(),
            plan_sha256: r.plan_sha256.take(),
            nonce: std::mem::take(&mut r.nonce),
        };
        r.sealed_bid = Some(seal::seal_bid(
            &self.config.seal_key,
            &r.id,
            &bid,
            seal::random_nonce(),
        ));
        r
    }

    /// A registration with its bid readable (unchanged if it is not sealed).
    pub(crate) fn opened_registration(
        &self,
        mut r: registration::Model,
    ) -> Result<registration::Model> {
        if let Some(sealed) = r.sealed_bid.take() {
            let bid = seal::open_bid(&self.config.seal_key, &r.id, &sealed)
                .map_err(|e| broken(&format!("the bid of registration {}", r.id), e))?;
            r.price_fen = bid.price_fen;
            r.plan_sha256 = bid.plan_sha256;
            r.nonce = bid.nonce;
        }
        Ok(r)
    }

    /// At start: the database's values must open with this instance's key. The first instance
    /// of a database records a check value; every later start (any instance) must open it.
    pub async fn check_seal_key(&self) -> Result<()> {
        match store::find::<seal_check::Model>(&self.db, 1).await? {
            Some(row) => {
                let text = self.open_text(CHECK_CONTEXT, &row.sealed)?;
                if text != CHECK {
                    return Err(broken("the seal check", SealError::Forged));
                }
                Ok(())
            }
            None => {
                let sealed = self.seal_text(CHECK_CONTEXT, CHECK);
                if transparency::record_seal_check(&self.db, sealed).await? {
                    Ok(())
                } else {
                    // Another instance recorded its check first: it must open with ours too.
                    Box::pin(self.check_seal_key()).await
                }
            }
        }
    }
}
