//! The audit chain (全过程留痕): every entry carries the hash of its predecessor, so altering,
//! removing or reordering any entry breaks every hash after it.
//!
//! An entry's hash is SHA-256 over a versioned, length-prefixed encoding of its fields, so no two
//! different entries can encode to the same bytes.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields of an entry that its hash covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryFields {
    /// Position in the chain, from 1, without gaps.
    pub seq: i64,
    /// Time of the change in microseconds since the Unix epoch (what both engines store exactly).
    pub at_micros: i64,
    /// Who did it: an account id, or `system` / `anonymous`.
    pub actor: String,
    /// What was done, e.g. `account.register`.
    pub action: String,
    /// The kind of object changed, e.g. `account`.
    pub object_type: String,
    /// The object's id.
    pub object_id: String,
    /// SHA-256 of the change's canonical JSON ([`change_digest`]).
    pub digest: String,
}

/// An entry as stored: its fields, its predecessor's hash and its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainedEntry {
    #[serde(flatten)]
    pub fields: EntryFields,
    pub prev_hash: String,
    pub hash: String,
}

/// SHA-256 (hex) of the canonical JSON of a change (object keys sorted, no whitespace).
pub fn change_digest(change: &serde_json::Value) -> String {
    // serde_json's map is ordered by key unless `preserve_order` is enabled, which this
    // workspace does not do: its output is canonical for our purposes.
    hex::encode(Sha256::digest(change.to_string().as_bytes()))
}

/// The hash of an entry whose predecessor's hash is `prev_hash`.
pub fn entry_hash(prev_hash: &str, e: &EntryFields) -> String {
    let mut h = Sha256::new();
    h.update(b"zjcs-audit-v1\n");
    let seq = e.seq.to_string();
    let at = e.at_micros.to_string();
    for field in [
        prev_hash,
        seq.as_str(),
        at.as_str(),
        e.actor.as_str(),
        e.action.as_str(),
        e.object_type.as_str(),
        e.object_id.as_str(),
        e.digest.as_str(),
    ] {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    hex::encode(h.finalize())
}

crate::model::closed_set! {
    /// Why a chain does not hold at its first broken link.
    pub enum BreakReason {
        /// An entry is missing: the sequence numbers skip.
        Gap = "gap",
        /// An entry's `prev_hash` is not the hash of the entry before it.
        PrevHash = "prev-hash",
        /// An entry's hash is not the hash of its own fields: it was changed.
        Hash = "hash",
        /// The last entry is not the recorded head: entries were removed from the end.
        Head = "head",
        /// The log's root at a signed checkpoint's size is not the checkpoint's root: entries
        /// before it were changed after it was signed.
        Checkpoint = "checkpoint",
        /// The stored Merkle tree does not give the log's root: a stored node was changed (the
        /// proofs served from it would not verify).
        Tree = "tree",
    }
}

impl std::fmt::Display for BreakReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The first place where a chain does not hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BrokenLink {
    /// The sequence number of the first entry that fails (or that is missing).
    pub seq: i64,
    /// Why it fails there.
    pub reason: BreakReason,
}

/// Incremental verifier: feed entries in sequence order; the first failure is kept.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    expected_seq: i64,
    prev_hash: String,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self {
            expected_seq: 1,
            prev_hash: GENESIS.to_owned(),
        }
    }
}

impl ChainVerifier {
    /// Entries verified so far.
    pub fn verified(&self) -> i64 {
        self.expected_seq - 1
    }

    /// The hash of the last entry verified (GENESIS before the first).
    pub fn last_hash(&self) -> &str {
        &self.prev_hash
    }

    /// Checks the next entry.
    pub fn push(&mut self, e: &ChainedEntry) -> Result<(), BrokenLink> {
        if e.fields.seq != self.expected_seq {
            return Err(BrokenLink {
                seq: self.expected_seq,
                reason: BreakReason::Gap,
            });
        }
        if e.prev_hash != self.prev_hash {
            return Err(BrokenLink {
                seq: e.fields.seq,
                reason: BreakReason::PrevHash,
            });
        }
        if entry_hash(&e.prev_hash, &e.fields) != e.hash {
            return Err(BrokenLink {
                seq: e.fields.seq,
                reason: BreakReason::Hash,
            });
        }
        self.expected_seq += 1;
        self.prev_hash = e.hash.clone();
        Ok(())
    }

    /// Checks the end of the chain against the recorded head (so that removing the newest
    /// entries is detected too). Returns the number of entries verified.
    pub fn finish(self, head_seq: i64, head_hash: &str) -> Result<i64, BrokenLink> {
        let verified = self.expected_seq - 1;
        if head_seq != verified || head_hash != self.prev_hash {
            return Err(BrokenLink {
                seq: verified + 1,
                reason: BreakReason::Head,
            });
        }
        Ok(verified)
    }
}

/// Verifies a whole chain held in memory.
pub fn verify_chain(
    entries: &[ChainedEntry],
    head_seq: i64,
    head_hash: &str,
) -> Result<i64, BrokenLink> {
    let mut v = ChainVerifier::default();
    for e in entries {
        v.push(e)?;
    }
    v.finish(head_seq, head_hash)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chain(n: i64) -> Vec<ChainedEntry> {
        let mut prev = GENESIS.to_owned();
        (1..=n)
            .map(|seq| {
                let fields = EntryFields {
                    seq,
                    at_micros: 1_700_000_000_000_000 + seq,
                    actor: format!("actor-{seq}"),
                    action: "account.login".into(),
                    object_type: "account".into(),
                    object_id: format!("obj-{}", seq % 3),
                    digest: change_digest(&serde_json::json!({ "n": seq })),
                };
                let hash = entry_hash(&prev, &fields);
                let e = ChainedEntry {
                    fields,
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                e
            })
            .collect()
    }

    fn head(c: &[ChainedEntry]) -> (i64, String) {
        c.last()
            .map(|e| (e.fields.seq, e.hash.clone()))
            .unwrap_or((0, GENESIS.into()))
    }

    #[test]
    fn intact_chain_verifies() {
        for n in [0, 1, 2, 10] {
            let c = chain(n);
            let (s, h) = head(&c);
            assert_eq!(verify_chain(&c, s, &h), Ok(n));
        }
    }

    #[test]
    fn digest_is_canonical() {
        let a: serde_json::Value = serde_json::from_str(r#"{"b":1,"a":[1,2]}"#).unwrap();
        let b: serde_json::Value = serde_json::from_str(r#"{ "a": [1, 2], "b": 1 }"#).unwrap();
        assert_eq!(change_digest(&a), change_digest(&b));
        assert_ne!(
            change_digest(&a),
            change_digest(&serde_json::json!({"a":[2,1],"b":1}))
        );
    }

    #[test]
    fn field_boundaries_matter() {
        let mut a = chain(1).remove(0).fields;
        let mut b = a.clone();
        a.actor = "ab".into();
        a.action = "c".into();
        b.actor = "a".into();
        b.action = "bc".into();
        assert_ne!(entry_hash(GENESIS, &a), entry_hash(GENESIS, &b));
    }

    #[test]
    fn removing_the_newest_entry_is_detected_by_the_head() {
        let c = chain(5);
        let (s, h) = head(&c);
        assert_eq!(
            verify_chain(&c[..4], s, &h),
            Err(BrokenLink {
                seq: 5,
                reason: BreakReason::Head
            })
        );
    }

    #[test]
    fn removing_a_middle_entry_is_a_gap() {
        let mut c = chain(5);
        let (s, h) = head(&c);
        c.remove(2);
        assert_eq!(
            verify_chain(&c, s, &h),
            Err(BrokenLink {
                seq: 3,
                reason: BreakReason::Gap
            })
        );
    }

    #[test]
    fn rehashing_an_altered_entry_moves_the_break_to_its_successor_or_the_head() {
        let mut c = chain(3);
        let (s, h) = head(&c);
        c[1].fields.actor = "forger".into();
        c[1].hash = entry_hash(&c[1].prev_hash, &c[1].fields);
        assert_eq!(
            verify_chain(&c, s, &h),
            Err(BrokenLink {
                seq: 3,
                reason: BreakReason::PrevHash
            })
        );
        let mut c = chain(3);
        c[2].fields.actor = "forger".into();
        c[2].hash = entry_hash(&c[2].prev_hash, &c[2].fields);
        assert_eq!(
            verify_chain(&c, s, &h),
            Err(BrokenLink {
                seq: 4,
                reason: BreakReason::Head
            })
        );
    }

    proptest! {
        /// Changing any one field of any one entry is caught at exactly that entry.
        #[test]
        fn any_single_alteration_is_caught_where_it_happened(n in 1i64..20, pick in 0usize..100, field in 0u8..7) {
            let mut c = chain(n);
            let (s, h) = head(&c);
            let i = pick % c.len();
            let f = &mut c[i].fields;
            match field {
                0 => f.at_micros += 1,
                1 => f.actor.push('x'),
                2 => f.action.push('x'),
                3 => f.object_type.push('x'),
                4 => f.object_id.push('x'),
                5 => f.digest = change_digest(&serde_json::json!("other")),
                _ => c[i].prev_hash = "f".repeat(64),
            }
            let err = verify_chain(&c, s, &h).unwrap_err();
            prop_assert_eq!(err.seq, (i + 1) as i64);
        }
    }
}
