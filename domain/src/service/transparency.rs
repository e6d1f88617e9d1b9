//! The verifiable audit log (可验证的操作留痕): the audit chain's entries are the leaves of an
//! RFC 6962 Merkle tree ([`crate::rules::merkle`]); the platform publishes signed checkpoints of
//! it ([`crate::rules::checkpoint`]) periodically and on request, and serves inclusion proofs
//! for an entry and consistency proofs between two checkpoints, which anyone checks offline with
//! the published key (`zjcs audit verify-proof`).
//!
//! A leaf is the entry's chain hash recomputed from its stored fields (not the stored hash): an
//! entry changed in the database gives another leaf, so the tree no longer matches the
//! checkpoints published before, and the consistency proof from them fails.
//!
//! The tree is stored (`audit_node`: one row per perfect subtree, written by the watch below as
//! it verifies entries), so a proof reads the few dozen nodes it needs ([`merkle::NodeId`]), not
//! the log. The store only ever covers verified entries: every node completed by the first
//! `n` leaves, for the `n` its level-0 rows reach. It is derived data: proofs from a damaged
//! store fail at the verifier against the signed checkpoints, and each checkpoint first checks
//! the store's root against the verified one.

use super::Services;
use crate::error::FieldError;
use crate::error::{Error, Result, stored};
use crate::platform::clock::now;
use crate::rules::audit::{BrokenLink, ChainVerifier, ChainedEntry, EntryFields, entry_hash};
use crate::rules::checkpoint::{self, Checkpoint};
use crate::rules::merkle::{self, CompactRange, Hash, NodeId};
use crate::store::entities::{audit_checkpoint, audit_entry, audit_node};
use crate::store::{self, begin_write, transparency};
use ed25519_dalek::{SigningKey, VerifyingKey};
use serde::Serialize;
use std::collections::HashMap;

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

/// A stored checkpoint as published, with its signed note (legacy ones have none).
fn view(m: audit_checkpoint::Model, key: &VerifyingKey) -> Checkpoint {
    let mut c = Checkpoint {
        size: m.size.max(0) as u64,
        root: m.root,
        signed_at: m.signed_at,
        signature: m.signature,
        origin: m.origin,
        note: None,
    };
    c.note = c.note_for(key).ok().flatten();
    c
}

/// What this instance has verified of the audit log: the chain walked from entry 1 and the
/// tree's right edge over the same entries, checked against every published checkpoint on the
/// way; or the first break found (then it stays broken until the server restarts on a log that
/// verifies).
#[derive(Debug, Clone, Default)]
pub struct AuditWatch {
    chain: ChainVerifier,
    range: CompactRange,
    broken: Option<BrokenLink>,
}

/// The audit log's state as `/readyz` and `/metrics` report it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditHealth {
    /// Entries verified (all of them up to the head when last checked, unless broken).
    pub verified: u64,
    /// The first broken entry: `reason` is the chain's (`gap`, `prev-hash`, `hash`, `head`), or
    /// `checkpoint` when the entries up to a published checkpoint no longer give its root
    /// (`seq` is then that checkpoint's size).
    pub broken: Option<BrokenLink>,
}

/// The watch and the last state it reported (read by `/readyz` without waiting for a check).
#[derive(Debug, Default)]
pub struct AuditWatchCell {
    watch: tokio::sync::Mutex<AuditWatch>,
    health: std::sync::Mutex<AuditHealth>,
}

impl AuditWatch {
    fn health(&self) -> AuditHealth {
        AuditHealth {
            verified: self.range.size(),
            broken: self.broken.clone(),
        }
    }

    /// Extends the verified prefix to the head as it is now, storing the tree's nodes over
    /// what it verified; returns the root the tree had when it held `mark` leaves, if it passed
    /// through that size.
    async fn extend(&mut self, db: &crate::store::Db, mark: u64) -> Result<Option<Hash>> {
        if self.broken.is_some() {
            return Ok(None);
        }
        let stored = stored_tree_size(db).await?;
        if stored < self.range.size() {
            // Nodes this watch stored (or saw stored) are gone: walk again from entry 1, storing
            // as it goes, so that the store has no hole.
            tracing::warn!(
                stored,
                verified = self.range.size(),
                "the stored audit tree is behind the verified log; rebuilding it"
            );
            *self = AuditWatch::default();
        }
        let mut marked = (self.range.size() == mark).then(|| self.range.root());
        let head = crate::platform::audit::read_head(db, false).await?;
        let done = self.range.size() as i64;
        let mut checkpoints = transparency::checkpoints_between(db, done, head.seq)
            .await?
            .into_iter()
            .map(|c| (c.size, merkle::from_hex(&c.root)))
            .peekable();
        let mut check_checkpoints = |range: &CompactRange| -> Option<BrokenLink> {
            let n = range.size() as i64;
            while let Some((size, root)) = checkpoints.next_if(|(size, _)| *size <= n) {
                if size == n && root != Some(range.root()) {
                    return Some(BrokenLink {
                        seq: n,
                        reason: crate::rules::audit::BreakReason::Checkpoint,
                    });
                }
            }
            None
        };
        if let Some(b) = check_checkpoints(&self.range) {
            self.broken = Some(b);
            return Ok(marked);
        }
        const PAGE: u64 = 2000;
        let mut after = done;
        while after < head.seq {
            let rows = transparency::entries_after(db, after, head.seq, PAGE).await?;
            if rows.is_empty() {
                break;
            }
            // The nodes this page completes that are not stored yet; stored once the whole page
            // verified (a page with a break stores nothing).
            let mut nodes = Vec::new();
            for m in rows {
                after = m.seq;
                let e = ChainedEntry {
                    fields: EntryFields {
                        seq: m.seq,
                        at_micros: m.at.timestamp_micros(),
                        actor: m.actor,
                        action: m.action,
                        object_type: m.object_type,
                        object_id: m.object_id,
                        digest: m.digest,
                    },
                    prev_hash: m.prev_hash,
                    hash: m.hash,
                };
                if let Err(b) = self.chain.push(&e) {
                    self.broken = Some(b);
                    return Ok(marked);
                }
                // The chain check just recomputed this hash from the fields.
                let new = self.range.size() >= stored;
                self.range
                    .push_reporting(merkle::leaf_hash(e.hash.as_bytes()), |id, h| {
                        if new {
                            nodes.push((id, h));
                        }
                    });
                if self.range.size() == mark {
                    marked = Some(self.range.root());
                }
                if let Some(b) = check_checkpoints(&self.range) {
                    self.broken = Some(b);
                    return Ok(marked);
                }
            }
            store_nodes(db, &nodes).await?;
        }
        if self.chain.verified() != head.seq || self.chain.last_hash() != head.hash {
            self.broken = Some(BrokenLink {
                seq: self.chain.verified() + 1,
                reason: crate::rules::audit::BreakReason::Head,
            });
        }
        Ok(marked)
    }
}

/// The key a stored node is found by: its level in the top 16 bits, its position below (a
/// position needs at most 48 bits: 2^48 entries is far beyond any log). One integer key makes a
/// proof's read one primary-key `IN` list on both engines, where pairs of columns made
/// PostgreSQL plan forty ORed conditions.
pub fn node_key(id: NodeId) -> i64 {
    (i64::from(id.level) << 48) | (id.index as i64 & ((1 << 48) - 1))
}

fn node_of_key(key: i64) -> NodeId {
    NodeId {
        level: (key >> 48) as u8,
        index: (key & ((1 << 48) - 1)) as u64,
    }
}

/// How many leaves the stored tree covers: every node completed by that many leaves is stored
/// (they are written a verified page at a time, in order, each page in one transaction). The
/// leaves are the keys below 2^48 (level 0).
async fn stored_tree_size(db: &crate::store::Db) -> Result<u64> {
    Ok(transparency::highest_node_below(db, 1i64 << 48)
        .await?
        .map_or(0, |n| n.id.max(-1) as u64 + 1))
}

/// Stores nodes, in one transaction; a node stored already (by another instance verifying the
/// same entries) is left as it is.
async fn store_nodes(db: &crate::store::Db, nodes: &[(NodeId, Hash)]) -> Result<()> {
    if nodes.is_empty() {
        return Ok(());
    }
    let rows = nodes
        .iter()
        .map(|(id, h)| audit_node::Model {
            id: node_key(*id),
            hash: h.to_vec(),
        })
        .collect();
    let tx = begin_write(db).await?;
    transparency::add_nodes(&tx, rows).await?;
    tx.commit().await?;
    Ok(())
}

/// Reads the stored nodes `ids` (one query).
async fn read_nodes(db: &crate::store::Db, ids: &[NodeId]) -> Result<HashMap<NodeId, Hash>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = transparency::nodes_with_keys(db, ids.iter().map(|id| node_key(*id))).await?;
    rows.into_iter()
        .map(|n| {
            let id = node_of_key(n.id);
            match <Hash>::try_from(n.hash.as_slice()) {
                Ok(hash) => Ok((id, hash)),
                // A stored hash of another length is an internal error, never a missing node.
                Err(_) => stored(
                    "audit_node",
                    format_args!("level {} position {}", id.level, id.index),
                    "hash",
                    &hex::encode(&n.hash),
                    None,
                ),
            }
        })
        .collect()
}

fn broken_error() -> Error {
    Error::Conflict(
        "audit-log-broken",
        FieldError::new("size", "field.audit.broken"),
    )
}

fn log_break(b: &BrokenLink) {
    tracing::error!(
        seq = b.seq,
        reason = b.reason.as_str(),
        "the audit log is broken: no checkpoint will be signed until it verifies"
    );
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

    fn audit_verifying_key(&self) -> VerifyingKey {
        self.audit_key().verifying_key()
    }

    /// The origin of this log's checkpoints: the one its newest note-format checkpoint has (so
    /// that it stays put when the base URL changes), or, before the first, one made from the
    /// base URL ([`checkpoint::origin_for`]).
    pub async fn audit_origin(&self) -> Result<String> {
        let stored = transparency::largest_checkpoint_with_origin(&self.db)
            .await?
            .and_then(|m| m.origin);
        Ok(stored.unwrap_or_else(|| checkpoint::origin_for(&self.config.base_url)))
    }

    /// The note verifier key (`<origin>+<key hash>+<base64 key>`) that witnesses and note tools
    /// are configured with.
    pub async fn audit_verifier_key(&self) -> Result<String> {
        Ok(checkpoint::verifier_key(
            &self.audit_origin().await?,
            &self.audit_verifying_key(),
        ))
    }

    /// Re-signs, as signed notes, the legacy checkpoints (signed over the old text, before the
    /// note format) whose signature holds under this server's key; returns how many. Safe
    /// because nothing is recomputed: the note says exactly the size and root the legacy
    /// signature already vouched for. A legacy row whose signature does not hold (another key,
    /// or a changed row) is left as it is, and verifies as it can. Idempotent across instances
    /// (each row is updated only while it has no origin).
    pub async fn upgrade_legacy_checkpoints(&self) -> Result<u64> {
        let legacy = transparency::legacy_checkpoints(&self.db).await?;
        if legacy.is_empty() {
            return Ok(0);
        }
        let key = self.audit_key();
        let origin = self.audit_origin().await?;
        let mut done = 0;
        for m in legacy {
            let (size, signed_at) = (m.size, m.signed_at);
            let old = view(m, &key.verifying_key());
            let Ok(root) = old.root_hash() else { continue };
            if old.verify(&key.verifying_key()).is_err() {
                tracing::warn!(
                    size,
                    "legacy audit checkpoint does not verify; left as it is"
                );
                continue;
            }
            let new = checkpoint::sign(&key, &origin, old.size, &root, signed_at);
            let upgraded = transparency::upgrade_legacy_checkpoint(
                &self.db,
                size,
                new.signature,
                origin.clone(),
            )
            .await?;
            done += u64::from(upgraded);
        }
        Ok(done)
    }

    /// The audit log's state as last checked (never waits for a check under way).
    pub fn audit_health(&self) -> AuditHealth {
        self.audit_watch
            .health
            .lock()
            .map(|h| h.clone())
            .unwrap_or_else(|e| e.into_inner().clone())
    }

    fn publish_health(&self, w: &AuditWatch) {
        let h = w.health();
        match self.audit_watch.health.lock() {
            Ok(mut g) => *g = h,
            Err(e) => *e.into_inner() = h,
        }
    }

    /// Verifies the entries appended since the last check (at start: the whole log), against
    /// the chain and against every published checkpoint; a break is logged at ERROR once and
    /// kept. Returns the state, and the verified size and root (what a checkpoint may sign).
    pub async fn check_audit_log(&self) -> Result<(AuditHealth, u64, Hash)> {
        let mut w = self.audit_watch.watch.lock().await;
        let was_broken = w.broken.is_some();
        w.extend(&self.db, 0).await?;
        if let (false, Some(b)) = (was_broken, &w.broken) {
            log_break(b);
        }
        self.publish_health(&w);
        Ok((w.health(), w.range.size(), w.range.root()))
    }

    /// Walks the whole log again from entry 1 (the hourly job), so that a row changed after it
    /// was verified is caught too: the fresh walk must hold, and must pass through the size
    /// verified before with the same root (entries are only ever appended).
    pub async fn recheck_audit_log(&self) -> Result<AuditHealth> {
        let mut w = self.audit_watch.watch.lock().await;
        if w.broken.is_none() {
            let mark = w.range.size();
            let mut fresh = AuditWatch::default();
            let root_at_mark = fresh.extend(&self.db, mark).await?;
            if fresh.broken.is_none() && root_at_mark == Some(w.range.root()) {
                *w = fresh;
            } else {
                let b = fresh.broken.unwrap_or(BrokenLink {
                    seq: mark as i64,
                    reason: crate::rules::audit::BreakReason::Checkpoint,
                });
                log_break(&b);
                w.broken = Some(b);
            }
        }
        self.publish_health(&w);
        Ok(w.health())
    }

    /// The entries in the log now.
    async fn audit_size(&self) -> Result<u64> {
        let head = crate::platform::audit::read_head(&self.db, false).await?;
        Ok(head.seq.max(0) as u64)
    }

    /// Makes sure the stored tree covers `size` entries: if not yet, checks that the log has
    /// that many (422 otherwise) and verifies what was appended since the last check (which
    /// stores its nodes). A log that does not verify that far gets no proofs over it (409
    /// `audit-log-broken`). The store never covers more than the log, so a covered size needs
    /// no look at the log's head.
    async fn ensure_tree(&self, size: u64) -> Result<()> {
        if stored_tree_size(&self.db).await? >= size {
            return Ok(());
        }
        if size > self.audit_size().await? {
            return Err(size_error());
        }
        let (health, _, _) = self.check_audit_log().await?;
        if stored_tree_size(&self.db).await? >= size {
            return Ok(());
        }
        if health.broken.is_some() {
            return Err(broken_error());
        }
        Err(Error::Internal(format!(
            "the stored audit tree does not reach {size} entries"
        )))
    }

    /// The leaf hash of entry `seq`, from its fields as stored now.
    async fn audit_leaf(&self, seq: u64) -> Result<Hash> {
        let m = store::find::<audit_entry::Model>(&self.db, seq as i64)
            .await?
            .ok_or_else(|| Error::Internal(format!("audit entry {seq} is missing")))?;
        let fields = EntryFields {
            seq: m.seq,
            at_micros: m.at.timestamp_micros(),
            actor: m.actor,
            action: m.action,
            object_type: m.object_type,
            object_id: m.object_id,
            digest: m.digest,
        };
        Ok(merkle::leaf_hash(
            entry_hash(&m.prev_hash, &fields).as_bytes(),
        ))
    }

    /// Signs and stores a checkpoint of the log as it is now (or returns the one already
    /// published for this size: instances publishing at once keep the first).
    ///
    /// Only over a log this instance has verified: the entries appended since its last check
    /// are verified first ([`Services::check_audit_log`]) and the checkpoint signs the root of
    /// what was verified, read from the tree's right edge kept in memory (no re-reading of the
    /// log); a broken log gets no new checkpoint (409 `audit-log-broken`).
    pub async fn publish_checkpoint(&self) -> Result<Checkpoint> {
        let (health, size, root) = self.check_audit_log().await?;
        if health.broken.is_some() {
            return Err(broken_error());
        }
        // The stored tree must give the same root, or the proofs served from it would not
        // verify against this checkpoint: a changed node is a break like a changed entry.
        let ids = merkle::perfect_subtrees(0, size);
        let nodes = read_nodes(&self.db, &ids).await?;
        if merkle::root_from(size, |id| nodes.get(&id).copied()).ok() != Some(root) {
            let mut w = self.audit_watch.watch.lock().await;
            let b = BrokenLink {
                seq: size as i64,
                reason: crate::rules::audit::BreakReason::Tree,
            };
            log_break(&b);
            w.broken = Some(b);
            self.publish_health(&w);
            return Err(broken_error());
        }
        let key = self.audit_verifying_key();
        if let Some(m) = store::find::<audit_checkpoint::Model>(&self.db, size as i64).await? {
            return Ok(view(m, &key));
        }
        let origin = self.audit_origin().await?;
        let cp = checkpoint::sign(&self.audit_key(), &origin, size, &root, now());
        let row = audit_checkpoint::Model {
            size: size as i64,
            root: cp.root.clone(),
            signed_at: cp.signed_at,
            signature: cp.signature.clone(),
            origin: Some(origin),
        };
        if store::insert(&self.db, row).await.is_err() {
            // Another instance published this size first.
            if let Some(m) = store::find::<audit_checkpoint::Model>(&self.db, size as i64).await? {
                return Ok(view(m, &key));
            }
        }
        Ok(cp)
    }

    /// The newest published checkpoint (none yet: not found).
    pub async fn latest_checkpoint(&self) -> Result<Checkpoint> {
        transparency::largest_checkpoint(&self.db)
            .await?
            .map(|m| view(m, &self.audit_verifying_key()))
            .ok_or(Error::NotFound)
    }

    /// Published checkpoints, largest first: those of fewer than `before` entries (all when
    /// `None`), at most `limit` (1–500).
    pub async fn checkpoints(&self, before: Option<u64>, limit: u64) -> Result<Vec<Checkpoint>> {
        let before = before.map(|b| b.min(i64::MAX as u64) as i64);
        let rows =
            transparency::checkpoints_largest_first(&self.db, before, limit.clamp(1, 500)).await?;
        let key = self.audit_verifying_key();
        Ok(rows.into_iter().map(|m| view(m, &key)).collect())
    }

    /// The checkpoint published for `size` entries.
    pub async fn checkpoint(&self, size: u64) -> Result<Checkpoint> {
        store::find::<audit_checkpoint::Model>(&self.db, size.min(i64::MAX as u64) as i64)
            .await?
            .map(|m| view(m, &self.audit_verifying_key()))
            .ok_or(Error::NotFound)
    }

    /// The inclusion proof of entry `seq` in the tree of `tree_size` entries (at least `seq`,
    /// at most the log's size now), from the O(log n) stored nodes it needs.
    pub async fn audit_inclusion_proof(&self, seq: u64, tree_size: u64) -> Result<InclusionProof> {
        if seq == 0 || tree_size < seq {
            return Err(size_error());
        }
        self.ensure_tree(tree_size).await?;
        let index = seq - 1;
        let ids = merkle::inclusion_proof_nodes(index, tree_size).map_err(|_| size_error())?;
        let nodes = read_nodes(&self.db, &ids).await?;
        let proof = merkle::inclusion_proof_from(index, tree_size, |id| nodes.get(&id).copied())
            .map_err(tree_error)?;
        Ok(InclusionProof {
            seq,
            leaf_index: index,
            tree_size,
            leaf_hash: merkle::to_hex(&self.audit_leaf(seq).await?),
            proof: proof.iter().map(merkle::to_hex).collect(),
        })
    }

    /// The consistency proof between the trees of `from` and `to` entries (`from` ≤ `to` ≤ the
    /// log's size now), from the O(log n) stored nodes it needs.
    pub async fn audit_consistency_proof(&self, from: u64, to: u64) -> Result<ConsistencyProof> {
        if from > to {
            return Err(size_error());
        }
        self.ensure_tree(to).await?;
        let ids = merkle::consistency_proof_nodes(from, to).map_err(|_| size_error())?;
        let nodes = read_nodes(&self.db, &ids).await?;
        let proof = merkle::consistency_proof_from(from, to, |id| nodes.get(&id).copied())
            .map_err(tree_error)?;
        Ok(ConsistencyProof {
            from,
            to,
            proof: proof.iter().map(merkle::to_hex).collect(),
        })
    }
}

/// A proof the stored tree could not give (a node it should have is missing).
fn tree_error(e: merkle::MerkleError) -> Error {
    Error::Internal(format!("the stored audit tree: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_keys_round_trip_and_put_the_leaves_first() {
        let ids = [
            NodeId { level: 0, index: 0 },
            NodeId {
                level: 0,
                index: (1 << 48) - 1,
            },
            NodeId { level: 1, index: 0 },
            NodeId {
                level: 20,
                index: 12_345,
            },
            NodeId {
                level: 47,
                index: 1,
            },
        ];
        for id in ids {
            assert_eq!(node_of_key(node_key(id)), id, "{id:?}");
            assert!(node_key(id) >= 0);
            // stored_tree_size reads the leaves as the keys below 2^48.
            assert_eq!(node_key(id) < 1 << 48, id.level == 0, "{id:?}");
        }
    }
}
