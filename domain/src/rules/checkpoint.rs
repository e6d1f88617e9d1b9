//! Signed checkpoints of the audit log (RFC 6962 style "signed tree heads"): the platform signs
//! the size and Merkle root of its audit log with Ed25519, so that anyone holding two checkpoints
//! can ask for a consistency proof between them (nothing was rewritten) and anyone holding an
//! entry can ask for its inclusion proof — and check both offline with the published key, without
//! trusting the server. The tree itself is [`super::merkle`].
//!
//! The signed message is text, one field a line, so that any tool can rebuild it:
//! `zjcs audit checkpoint v1\n<size>\n<root hex>\n<signed at, RFC 3339 UTC seconds>\n`.

use super::merkle::{self, Hash, MerkleError};
use chrono::{DateTime, SecondsFormat, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};

/// A signed checkpoint, as published (hex strings, so that it is plain JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// How many audit entries the tree holds.
    pub size: u64,
    /// The Merkle root (hex).
    pub root: String,
    /// When it was signed (UTC, whole seconds).
    pub signed_at: DateTime<Utc>,
    /// Ed25519 signature of [`Checkpoint::message`] (hex).
    pub signature: String,
}

/// Why a checkpoint or a proof does not check out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckpointError {
    /// Not a hex root, signature or key of the right length.
    Malformed(&'static str),
    /// The signature is not the key's over the checkpoint.
    BadSignature,
    /// The proof does not hold.
    Proof(MerkleError),
}

impl std::fmt::Display for CheckpointError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CheckpointError::Malformed(what) => write!(f, "malformed {what}"),
            CheckpointError::BadSignature => write!(f, "the signature does not match the key"),
            CheckpointError::Proof(e) => write!(f, "the proof does not hold: {e}"),
        }
    }
}

impl std::error::Error for CheckpointError {}

/// The text that is signed.
pub fn message(size: u64, root: &str, signed_at: DateTime<Utc>) -> String {
    format!(
        "zjcs audit checkpoint v1\n{size}\n{root}\n{}\n",
        signed_at.to_rfc3339_opts(SecondsFormat::Secs, true)
    )
}

/// The key's public half, hex (what the platform publishes).
pub fn public_key_hex(key: &SigningKey) -> String {
    hex::encode(key.verifying_key().to_bytes())
}

/// Signs a checkpoint of `size` entries with root `root`, at `at` (whole seconds).
pub fn sign(key: &SigningKey, size: u64, root: &Hash, at: DateTime<Utc>) -> Checkpoint {
    use chrono::SubsecRound;
    let at = at.trunc_subsecs(0);
    let root = merkle::to_hex(root);
    let signature = key.sign(message(size, &root, at).as_bytes());
    Checkpoint {
        size,
        root,
        signed_at: at,
        signature: hex::encode(signature.to_bytes()),
    }
}

/// Parses a published public key (hex).
pub fn parse_public_key(hex_key: &str) -> Result<VerifyingKey, CheckpointError> {
    let bytes: [u8; 32] = hex::decode(hex_key.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(CheckpointError::Malformed("public key"))?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| CheckpointError::Malformed("public key"))
}

impl Checkpoint {
    /// The root as bytes.
    pub fn root_hash(&self) -> Result<Hash, CheckpointError> {
        merkle::from_hex(&self.root).ok_or(CheckpointError::Malformed("root"))
    }

    /// Checks the signature with the platform's public key.
    pub fn verify(&self, key: &VerifyingKey) -> Result<(), CheckpointError> {
        let sig: [u8; 64] = hex::decode(self.signature.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or(CheckpointError::Malformed("signature"))?;
        key.verify(
            message(self.size, &self.root, self.signed_at).as_bytes(),
            &Signature::from_bytes(&sig),
        )
        .map_err(|_| CheckpointError::BadSignature)
    }
}

fn hashes(hex_list: &[String]) -> Result<Vec<Hash>, CheckpointError> {
    hex_list
        .iter()
        .map(|h| merkle::from_hex(h).ok_or(CheckpointError::Malformed("proof hash")))
        .collect()
}

/// Checks an inclusion proof of a leaf (its leaf hash, hex) at `index` against a signed
/// checkpoint.
pub fn verify_inclusion(
    key: &VerifyingKey,
    checkpoint: &Checkpoint,
    index: u64,
    leaf_hash: &str,
    proof: &[String],
) -> Result<(), CheckpointError> {
    checkpoint.verify(key)?;
    let leaf = merkle::from_hex(leaf_hash).ok_or(CheckpointError::Malformed("leaf hash"))?;
    merkle::verify_inclusion(
        &leaf,
        index,
        checkpoint.size,
        &hashes(proof)?,
        &checkpoint.root_hash()?,
    )
    .map_err(CheckpointError::Proof)
}

/// Checks a consistency proof between two signed checkpoints: the newer log extends the older
/// one, nothing in it rewritten.
pub fn verify_consistency(
    key: &VerifyingKey,
    old: &Checkpoint,
    new: &Checkpoint,
    proof: &[String],
) -> Result<(), CheckpointError> {
    old.verify(key)?;
    new.verify(key)?;
    merkle::verify_consistency(
        old.size,
        new.size,
        &old.root_hash()?,
        &new.root_hash()?,
        &hashes(proof)?,
    )
    .map_err(CheckpointError::Proof)
}

/// What `zjcs audit verify-proof` reads: the published key, a checkpoint, and an inclusion
/// proof checked against it and/or an older checkpoint with the consistency proof from it (as
/// the API serves each piece).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ProofBundle {
    pub public_key: String,
    pub checkpoint: Checkpoint,
    #[serde(default)]
    pub inclusion: Option<InclusionPart>,
    #[serde(default)]
    pub old_checkpoint: Option<Checkpoint>,
    #[serde(default)]
    pub consistency: Option<ConsistencyPart>,
}

/// An inclusion proof as the API serves it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct InclusionPart {
    pub leaf_index: u64,
    pub tree_size: u64,
    pub leaf_hash: String,
    pub proof: Vec<String>,
}

/// A consistency proof as the API serves it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ConsistencyPart {
    pub from: u64,
    pub to: u64,
    pub proof: Vec<String>,
}

/// Checks everything a bundle holds, offline; the lines of what held, or the first thing that
/// did not. A bundle with neither proof only checks the checkpoint's signature.
pub fn verify_bundle(b: &ProofBundle) -> Result<Vec<String>, String> {
    let key = parse_public_key(&b.public_key).map_err(|e| e.to_string())?;
    let mut done = Vec::new();
    b.checkpoint
        .verify(&key)
        .map_err(|e| format!("checkpoint of {} entries: {e}", b.checkpoint.size))?;
    done.push(format!(
        "checkpoint of {} entries signed by the key (root {})",
        b.checkpoint.size, b.checkpoint.root
    ));
    if let Some(p) = &b.inclusion {
        if p.tree_size != b.checkpoint.size {
            return Err(format!(
                "the inclusion proof is for {} entries, the checkpoint has {}",
                p.tree_size, b.checkpoint.size
            ));
        }
        verify_inclusion(&key, &b.checkpoint, p.leaf_index, &p.leaf_hash, &p.proof)
            .map_err(|e| format!("entry {} (leaf {}): {e}", p.leaf_index + 1, p.leaf_index))?;
        done.push(format!(
            "entry {} is in the log of {} entries",
            p.leaf_index + 1,
            p.tree_size
        ));
    }
    match (&b.old_checkpoint, &b.consistency) {
        (Some(old), Some(p)) => {
            if p.from != old.size || p.to != b.checkpoint.size {
                return Err(format!(
                    "the consistency proof is from {} to {}, the checkpoints have {} and {}",
                    p.from, p.to, old.size, b.checkpoint.size
                ));
            }
            verify_consistency(&key, old, &b.checkpoint, &p.proof)
                .map_err(|e| format!("from {} to {} entries: {e}", old.size, b.checkpoint.size))?;
            done.push(format!(
                "the log of {} entries extends the log of {} unchanged",
                b.checkpoint.size, old.size
            ));
        }
        (None, None) => {}
        _ => return Err("a consistency check needs both old_checkpoint and consistency".into()),
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn key(n: u8) -> SigningKey {
        SigningKey::from_bytes(&[n; 32])
    }

    fn leaves(n: usize) -> Vec<Hash> {
        (0..n)
            .map(|i| merkle::leaf_hash(format!("entry {i}").as_bytes()))
            .collect()
    }

    #[test]
    fn a_signed_checkpoint_verifies_and_a_changed_one_does_not() {
        let at = Utc.with_ymd_and_hms(2026, 11, 28, 8, 0, 0).unwrap();
        let l = leaves(7);
        let cp = sign(&key(1), 7, &merkle::root_from_leaf_hashes(&l), at);
        let pk = parse_public_key(&public_key_hex(&key(1))).unwrap();
        assert_eq!(cp.verify(&pk), Ok(()));
        let mut other = cp.clone();
        other.size = 8;
        assert_eq!(other.verify(&pk), Err(CheckpointError::BadSignature));
        let wrong_key = parse_public_key(&public_key_hex(&key(2))).unwrap();
        assert_eq!(cp.verify(&wrong_key), Err(CheckpointError::BadSignature));
        let mut garbled = cp.clone();
        garbled.signature = "zz".into();
        assert_eq!(
            garbled.verify(&pk),
            Err(CheckpointError::Malformed("signature"))
        );
        assert!(message(7, &cp.root, at).starts_with("zjcs audit checkpoint v1\n7\n"));
    }

    #[test]
    fn proofs_against_signed_checkpoints() {
        let at = Utc.with_ymd_and_hms(2026, 11, 28, 8, 0, 0).unwrap();
        let k = key(3);
        let pk = parse_public_key(&public_key_hex(&k)).unwrap();
        let l = leaves(13);
        let old = sign(&k, 5, &merkle::root_from_leaf_hashes(&l[..5]), at);
        let new = sign(&k, 13, &merkle::root_from_leaf_hashes(&l), at);
        let hex_list = |v: Vec<Hash>| v.iter().map(merkle::to_hex).collect::<Vec<_>>();
        let proof = hex_list(merkle::consistency_proof(&l, 5).unwrap());
        assert_eq!(verify_consistency(&pk, &old, &new, &proof), Ok(()));
        let incl = hex_list(merkle::inclusion_proof(&l, 9).unwrap());
        assert_eq!(
            verify_inclusion(&pk, &new, 9, &merkle::to_hex(&l[9]), &incl),
            Ok(())
        );
        // A rewritten past: the old checkpoint's root no longer follows.
        let mut forged = l.clone();
        forged[2] = merkle::leaf_hash(b"rewritten");
        let forged_new = sign(&k, 13, &merkle::root_from_leaf_hashes(&forged), at);
        let proof = hex_list(merkle::consistency_proof(&forged, 5).unwrap());
        assert!(matches!(
            verify_consistency(&pk, &old, &forged_new, &proof),
            Err(CheckpointError::Proof(_))
        ));
    }
}
