//! The verifiable audit log (可验证的操作留痕): the audit chain's entries are the leaves of an
//! RFC 6962 Merkle tree ([`crate::rules::merkle`]); the platform publishes signed checkpoints of
//! it ([`crate::rules::checkpoint`]) periodically and on request, and serves inclusion proofs
//! for an entry and consistency proofs between two checkpoints, which anyone checks offline with
//! the published key (`zjcs audit verify-proof`).
//!
//! A leaf is the entry's chain hash recomputed from its stored fields (not the stored hash): an
//! entry changed in the database gives another leaf, so the tree no longer matches the
//! checkpoints published before, and the consistency proof from them fails.

use super::{Services, now};
use crate::error::{Error, Result};
use crate::rules::audit::{EntryFields, entry_hash};
use crate::rules::checkpoint::{self, Checkpoint};
use crate::rules::merkle::{self, Hash};
use crate::store::entities::{audit_checkpoint, audit_entry};
use crate::store::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use ed25519_dalek::SigningKey;
use serde::Serialize;

/// An entry's inclusion proof in the tree of `tree_size` entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InclusionProof {
    /// The entry's position in the audit chain (from 1).
    pub seq: u64,
    /// Its leaf's index in the tree (`seq` − 1).
    pub leaf_index: u64,
    pub tree_size: u64,
    /// The leaf hash (hex).
    pub leaf_hash: String,
    /// The audit path (hex), leaf to root.
    pub proof: Vec<String>,
}

/// A consistency proof between the trees of `from` and `to` entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsistencyProof {
    pub from: u64,
    pub to: u64,
    pub proof: Vec<String>,
}

fn view(m: audit_checkpoint::Model) -> Checkpoint {
    Checkpoint {
        size: m.size.max(0) as u64,
        root: m.root,
        signed_at: m.signed_at,
        signature: m.signature,
    }
}

fn size_error() -> Error {
    Error::validation("size", "field.audit.size")
}

impl Services {
    fn audit_key(&self) -> SigningKey {
        SigningKey::from_bytes(&self.config.audit_signing_key)
    }

    /// The public key checkpoints are signed with (hex): publish it, verifiers need it.
    pub fn audit_public_key(&self) -> String {
        checkpoint::public_key_hex(&self.audit_key())
    }

    /// The entries in the log now.
    async fn audit_size(&self) -> Result<u64> {
        let head = super::audit::read_head(&self.db, false).await?;
        Ok(head.seq.max(0) as u64)
    }

    /// The leaf hashes of the first `size` entries, each from the entry's fields as stored
    /// (read in pages: memory is 32 bytes an entry).
    async fn audit_leaves(&self, size: u64) -> Result<Vec<Hash>> {
        const PAGE: u64 = 2000;
        let mut leaves = Vec::with_capacity(size as usize);
        let mut after = 0i64;
        while (leaves.len() as u64) < size {
            let rows = audit_entry::Entity::find()
                .filter(audit_entry::Column::Seq.gt(after))
                .filter(audit_entry::Column::Seq.lte(size as i64))
                .order_by_asc(audit_entry::Column::Seq)
                .limit(PAGE)
                .all(&self.db)
                .await?;
            if rows.is_empty() {
                break;
            }
            for m in rows {
                after = m.seq;
                if m.seq != leaves.len() as i64 + 1 {
                    return Err(Error::Internal(format!(
                        "the audit log has a gap before entry {}",
                        m.seq
                    )));
                }
                let fields = EntryFields {
                    seq: m.seq,
                    at_micros: m.at.timestamp_micros(),
                    actor: m.actor,
                    action: m.action,
                    object_type: m.object_type,
                    object_id: m.object_id,
                    digest: m.digest,
                };
                let h = entry_hash(&m.prev_hash, &fields);
                leaves.push(merkle::leaf_hash(h.as_bytes()));
            }
        }
        if leaves.len() as u64 != size {
            return Err(Error::Internal(
                "the audit log is shorter than its head".into(),
            ));
        }
        Ok(leaves)
    }

    /// Signs and stores a checkpoint of the log as it is now (or returns the one already
    /// published for this size: instances publishing at once keep the first).
    pub async fn publish_checkpoint(&self) -> Result<Checkpoint> {
        let size = self.audit_size().await?;
        if let Some(m) = audit_checkpoint::Entity::find_by_id(size as i64)
            .one(&self.db)
            .await?
        {
            return Ok(view(m));
        }
        let leaves = self.audit_leaves(size).await?;
        let cp = checkpoint::sign(
            &self.audit_key(),
            size,
            &merkle::root_from_leaf_hashes(&leaves),
            now(),
        );
        let row = audit_checkpoint::ActiveModel {
            size: Set(size as i64),
            root: Set(cp.root.clone()),
            signed_at: Set(cp.signed_at),
            signature: Set(cp.signature.clone()),
        };
        if row.insert(&self.db).await.is_err() {
            // Another instance published this size first.
            if let Some(m) = audit_checkpoint::Entity::find_by_id(size as i64)
                .one(&self.db)
                .await?
            {
                return Ok(view(m));
            }
        }
        Ok(cp)
    }

    /// The newest published checkpoint (none yet: not found).
    pub async fn latest_checkpoint(&self) -> Result<Checkpoint> {
        audit_checkpoint::Entity::find()
            .order_by_desc(audit_checkpoint::Column::Size)
            .one(&self.db)
            .await?
            .map(view)
            .ok_or(Error::NotFound)
    }

    /// The checkpoint published for `size` entries.
    pub async fn checkpoint(&self, size: u64) -> Result<Checkpoint> {
        audit_checkpoint::Entity::find_by_id(size.min(i64::MAX as u64) as i64)
            .one(&self.db)
            .await?
            .map(view)
            .ok_or(Error::NotFound)
    }

    /// The inclusion proof of entry `seq` in the tree of `tree_size` entries (at least `seq`,
    /// at most the log's size now).
    pub async fn audit_inclusion_proof(&self, seq: u64, tree_size: u64) -> Result<InclusionProof> {
        if seq == 0 || tree_size < seq || tree_size > self.audit_size().await? {
            return Err(size_error());
        }
        let leaves = self.audit_leaves(tree_size).await?;
        let index = (seq - 1) as usize;
        let proof = merkle::inclusion_proof(&leaves, index).map_err(|_| size_error())?;
        Ok(InclusionProof {
            seq,
            leaf_index: seq - 1,
            tree_size,
            leaf_hash: merkle::to_hex(&leaves[index]),
            proof: proof.iter().map(merkle::to_hex).collect(),
        })
    }

    /// The consistency proof between the trees of `from` and `to` entries (`from` ≤ `to` ≤ the
    /// log's size now).
    pub async fn audit_consistency_proof(&self, from: u64, to: u64) -> Result<ConsistencyProof> {
        if from > to || to > self.audit_size().await? {
            return Err(size_error());
        }
        let leaves = self.audit_leaves(to).await?;
        let proof = merkle::consistency_proof(&leaves, from as usize).map_err(|_| size_error())?;
        Ok(ConsistencyProof {
            from,
            to,
            proof: proof.iter().map(merkle::to_hex).collect(),
        })
    }
}
