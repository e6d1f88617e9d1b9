//! Signed checkpoints of the audit log (RFC 6962 style "signed tree heads"): the platform signs
//! the size and Merkle root of its audit log with Ed25519, so that anyone holding two checkpoints
//! can ask for a consistency proof between them (nothing was rewritten) and anyone holding an
//! entry can ask for its inclusion proof — and check both offline with the published key, without
//! trusting the server. The tree itself is [`super::merkle`].
//!
//! # What is signed: a C2SP checkpoint in a signed note
//!
//! The signed text is a checkpoint in the C2SP `tlog-checkpoint` format, so that generic
//! transparency tooling (and outside witnesses, who co-sign by adding their own line) can read it:
//!
//! ```text
//! <origin>\n<tree size, decimal>\n<root hash, standard base64>\n
//! ```
//!
//! and the published *note* (C2SP `signed-note`) is that body, an empty line, and one signature
//! line per signer: `— <key name> <base64(key hash ‖ Ed25519 signature over the body)>\n`, where
//! the key name is the origin and the key hash is the first 4 bytes of
//! `SHA-256(<key name> ‖ "\n" ‖ 0x01 ‖ <32-byte public key>)`. `docs/VERIFY.md` walks through it.
//!
//! `signed_at` is when the server signed it; it is metadata, not part of the signed text.
//!
//! # Legacy checkpoints
//!
//! Checkpoints signed before the note format (no `origin`) were signed over
//! `zjcs audit checkpoint v1\n<size>\n<root hex>\n<signed at as YYYY-MM-DDTHH:MM:SSZ>\n`
//! ([`legacy_message`]). The server re-signs each one whose legacy signature holds as a note at
//! start ([`crate::service::Services::upgrade_legacy_checkpoints`]); [`Checkpoint::verify`] still
//! checks the legacy recipe for copies an auditor kept.

use super::merkle::{self, Hash, MerkleError};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use chrono::{DateTime, SecondsFormat, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A signed checkpoint, as published (hex strings, so that it is plain JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// How many audit entries the tree holds.
    pub size: u64,
    /// The Merkle root (hex).
    pub root: String,
    /// When it was signed (UTC, whole seconds). Not signed itself.
    pub signed_at: DateTime<Utc>,
    /// Ed25519 signature (hex) of the note body [`note_body`] (or, without an origin, of the
    /// [`legacy_message`]).
    pub signature: String,
    /// The log's origin, the first line of the note body; absent on a legacy checkpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// The whole signed note (C2SP), as served with the checkpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Why a checkpoint or a proof does not check out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckpointError {
    /// Not a hex root, signature or key of the right length; a note not in the format.
    Malformed(&'static str),
    /// The signature is not the key's over the checkpoint.
    BadSignature,
    /// The note and the checkpoint's fields say different things.
    Mismatch(&'static str),
    /// The proof does not hold.
    Proof(MerkleError),
}

impl std::fmt::Display for CheckpointError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CheckpointError::Malformed(what) => write!(f, "malformed {what}"),
            CheckpointError::BadSignature => write!(f, "the signature does not match the key"),
            CheckpointError::Mismatch(what) => {
                write!(f, "the note's {what} differs from the checkpoint's")
            }
            CheckpointError::Proof(e) => write!(f, "the proof does not hold: {e}"),
        }
    }
}

impl std::error::Error for CheckpointError {}

/// The signature type byte of Ed25519 in signed notes.
const ED25519: u8 = 0x01;

/// The text legacy checkpoints were signed over (before the note format).
pub fn legacy_message(size: u64, root: &str, signed_at: DateTime<Utc>) -> String {
    format!(
        "zjcs audit checkpoint v1\n{size}\n{root}\n{}\n",
        signed_at.to_rfc3339_opts(SecondsFormat::Secs, true)
    )
}

/// Whether `origin` may be a checkpoint's origin and a note key name: not empty, no whitespace,
/// no `+` (which separates a verifier key's parts).
pub fn valid_origin(origin: &str) -> bool {
    !origin.is_empty() && !origin.chars().any(|c| c.is_whitespace() || c == '+')
}

/// The origin of this deployment's log, from its public base URL: the URL without its scheme
/// and trailing slash, then `/audit` (`https://zjcs.example.cn` → `zjcs.example.cn/audit`).
pub fn origin_for(base_url: &str) -> String {
    let rest = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest)
        .trim_end_matches('/');
    let origin: String = rest
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '+')
        .collect();
    if origin.is_empty() {
        "zjcs/audit".into()
    } else {
        format!("{origin}/audit")
    }
}

/// The checkpoint body that is signed (C2SP tlog-checkpoint, no extension lines).
pub fn note_body(origin: &str, size: u64, root: &Hash) -> String {
    format!("{origin}\n{size}\n{}\n", B64.encode(root))
}

/// The note key hash: the first 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key).
pub fn key_hash(name: &str, key: &VerifyingKey) -> [u8; 4] {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update(b"\n");
    h.update([ED25519]);
    h.update(key.as_bytes());
    let d = h.finalize();
    [d[0], d[1], d[2], d[3]]
}

/// The note verifier key: `<name>+<key hash, 8 hex digits>+<base64(0x01 ‖ public key)>`, what
/// witnesses and note tools are configured with.
pub fn verifier_key(name: &str, key: &VerifyingKey) -> String {
    let mut k = vec![ED25519];
    k.extend_from_slice(key.as_bytes());
    format!(
        "{name}+{}+{}",
        hex::encode(key_hash(name, key)),
        B64.encode(k)
    )
}

/// A signed note (C2SP signed-note) of `text` (which ends in a newline) with one signature:
/// the text, an empty line, and `— <name> <base64(key hash ‖ signature)>`.
pub fn signed_note(text: &str, name: &str, sig: &[u8; 64], key: &VerifyingKey) -> String {
    let mut blob = key_hash(name, key).to_vec();
    blob.extend_from_slice(sig);
    format!("{text}\n\u{2014} {name} {}\n", B64.encode(blob))
}

/// The signed note of a checkpoint: its body signed under the origin as key name.
pub fn note_text(
    origin: &str,
    size: u64,
    root: &Hash,
    sig: &[u8; 64],
    key: &VerifyingKey,
) -> String {
    signed_note(&note_body(origin, size, root), origin, sig, key)
}

/// The key's public half, hex (what the platform publishes).
pub fn public_key_hex(key: &SigningKey) -> String {
    hex::encode(key.verifying_key().to_bytes())
}

/// Signs a checkpoint of `size` entries with root `root` for the log `origin`, at `at` (whole
/// seconds).
pub fn sign(
    key: &SigningKey,
    origin: &str,
    size: u64,
    root: &Hash,
    at: DateTime<Utc>,
) -> Checkpoint {
    use chrono::SubsecRound;
    let at = at.trunc_subsecs(0);
    let signature = key
        .sign(note_body(origin, size, root).as_bytes())
        .to_bytes();
    Checkpoint {
        size,
        root: merkle::to_hex(root),
        signed_at: at,
        signature: hex::encode(signature),
        origin: Some(origin.to_owned()),
        note: Some(note_text(
            origin,
            size,
            root,
            &signature,
            &key.verifying_key(),
        )),
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

/// A checkpoint read from a note whose signature held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteCheckpoint {
    pub origin: String,
    pub size: u64,
    pub root: Hash,
    /// Extension lines after the root, if any (none from this server).
    pub extensions: Vec<String>,
}

/// Opens a signed note: finds the signature line of the key named `name` with `key`'s key
/// hash, checks it over the text, and returns the text. Other signers' lines (witnesses) are
/// ignored; a bad signature by this key, or none, is an error.
pub fn open_signed<'a>(
    note: &'a str,
    name: &str,
    key: &VerifyingKey,
) -> Result<&'a str, CheckpointError> {
    let malformed = CheckpointError::Malformed("note");
    let split = note.rfind("\n\n").ok_or(malformed.clone())?;
    let (text, sigs) = (&note[..split + 1], &note[split + 2..]);
    let sigs = sigs.strip_suffix('\n').ok_or(malformed.clone())?;
    let want = key_hash(name, key);
    let mut found = false;
    for line in sigs.split('\n') {
        let (signer, blob) = line
            .strip_prefix("\u{2014} ")
            .and_then(|l| l.split_once(' '))
            .ok_or(malformed.clone())?;
        let blob = B64.decode(blob).map_err(|_| malformed.clone())?;
        if signer != name || blob.len() != 68 || blob[..4] != want {
            continue;
        }
        let sig: [u8; 64] = blob[4..].try_into().map_err(|_| malformed.clone())?;
        key.verify(text.as_bytes(), &Signature::from_bytes(&sig))
            .map_err(|_| CheckpointError::BadSignature)?;
        found = true;
    }
    if found {
        Ok(text)
    } else {
        Err(CheckpointError::BadSignature)
    }
}

/// Reads a checkpoint body (C2SP tlog-checkpoint): origin, size (decimal, no leading zeros),
/// root (standard base64 of 32 bytes), then extension lines.
pub fn parse_body(body: &str) -> Result<NoteCheckpoint, CheckpointError> {
    let malformed = CheckpointError::Malformed("checkpoint body");
    let mut lines = body
        .strip_suffix('\n')
        .ok_or(malformed.clone())?
        .split('\n');
    let origin = lines
        .next()
        .filter(|o| valid_origin(o))
        .ok_or(malformed.clone())?;
    let size_line = lines.next().ok_or(malformed.clone())?;
    let size: u64 = size_line
        .parse()
        .ok()
        .filter(|n: &u64| n.to_string() == size_line)
        .ok_or(malformed.clone())?;
    let root: Hash = lines
        .next()
        .and_then(|l| B64.decode(l).ok())
        .and_then(|b| b.try_into().ok())
        .ok_or(malformed.clone())?;
    let extensions: Vec<String> = lines.map(str::to_owned).collect();
    if extensions.iter().any(String::is_empty) {
        return Err(malformed);
    }
    Ok(NoteCheckpoint {
        origin: origin.to_owned(),
        size,
        root,
        extensions,
    })
}

/// Opens a checkpoint note signed with `key` under its own origin as key name.
pub fn open_note(note: &str, key: &VerifyingKey) -> Result<NoteCheckpoint, CheckpointError> {
    let origin = note
        .split_once('\n')
        .map(|(o, _)| o)
        .ok_or(CheckpointError::Malformed("note"))?;
    parse_body(open_signed(note, origin, key)?)
}

impl Checkpoint {
    /// The root as bytes.
    pub fn root_hash(&self) -> Result<Hash, CheckpointError> {
        merkle::from_hex(&self.root).ok_or(CheckpointError::Malformed("root"))
    }

    /// The signature as bytes.
    fn signature_bytes(&self) -> Result<[u8; 64], CheckpointError> {
        hex::decode(self.signature.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or(CheckpointError::Malformed("signature"))
    }

    /// The signed note of this checkpoint, when it has an origin (None: legacy).
    pub fn note_for(&self, key: &VerifyingKey) -> Result<Option<String>, CheckpointError> {
        let Some(origin) = &self.origin else {
            return Ok(None);
        };
        Ok(Some(note_text(
            origin,
            self.size,
            &self.root_hash()?,
            &self.signature_bytes()?,
            key,
        )))
    }

    /// Checks the signature with the platform's public key: over the note body when the
    /// checkpoint has an origin (and, when it carries its note, the note too, which must say
    /// the same size, root and origin), else over the legacy text.
    pub fn verify(&self, key: &VerifyingKey) -> Result<(), CheckpointError> {
        let sig = Signature::from_bytes(&self.signature_bytes()?);
        let Some(origin) = &self.origin else {
            return key
                .verify(
                    legacy_message(self.size, &self.root, self.signed_at).as_bytes(),
                    &sig,
                )
                .map_err(|_| CheckpointError::BadSignature);
        };
        if !valid_origin(origin) {
            return Err(CheckpointError::Malformed("origin"));
        }
        let root = self.root_hash()?;
        key.verify(note_body(origin, self.size, &root).as_bytes(), &sig)
            .map_err(|_| CheckpointError::BadSignature)?;
        if let Some(note) = &self.note {
            let n = open_note(note, key)?;
            if n.origin != *origin {
                return Err(CheckpointError::Mismatch("origin"));
            }
            if n.size != self.size {
                return Err(CheckpointError::Mismatch("size"));
            }
            if n.root != root {
                return Err(CheckpointError::Mismatch("root"));
            }
        }
        Ok(())
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
    done.push(match &b.checkpoint.origin {
        Some(origin) => format!(
            "checkpoint of {} entries of {origin} signed by the key (root {}{})",
            b.checkpoint.size,
            b.checkpoint.root,
            if b.checkpoint.note.is_some() {
                ", signed note checked"
            } else {
                ""
            }
        ),
        None => format!(
            "legacy checkpoint of {} entries signed by the key (root {})",
            b.checkpoint.size, b.checkpoint.root
        ),
    });
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

    const ORIGIN: &str = "zjcs.example.cn/audit";

    #[test]
    fn a_signed_checkpoint_verifies_and_a_changed_one_does_not() {
        let at = Utc.with_ymd_and_hms(2026, 11, 28, 8, 0, 0).unwrap();
        let l = leaves(7);
        let cp = sign(&key(1), ORIGIN, 7, &merkle::root_from_leaf_hashes(&l), at);
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
        // The time is not signed: the note is the same whenever it was signed.
        let later = sign(
            &key(1),
            ORIGIN,
            7,
            &merkle::root_from_leaf_hashes(&l),
            at + chrono::Duration::hours(1),
        );
        assert_eq!(later.note, cp.note);
    }

    #[test]
    fn the_note_is_a_c2sp_checkpoint_and_opens_with_the_key() {
        let at = Utc.with_ymd_and_hms(2026, 11, 28, 8, 0, 0).unwrap();
        let root = merkle::root_from_leaf_hashes(&leaves(3));
        let cp = sign(&key(1), ORIGIN, 3, &root, at);
        let note = cp.note.clone().unwrap();
        let body = format!("{ORIGIN}\n3\n{}\n", B64.encode(root));
        assert!(
            note.starts_with(&format!("{body}\n\u{2014} {ORIGIN} ")),
            "{note}"
        );
        assert!(note.ends_with('\n') && note.matches('\n').count() == 5);
        let pk = key(1).verifying_key();
        let opened = open_note(&note, &pk).unwrap();
        assert_eq!(
            (opened.origin.as_str(), opened.size, opened.root),
            (ORIGIN, 3, root)
        );
        assert_eq!(cp.note_for(&pk).unwrap().as_deref(), Some(note.as_str()));
        // A witness's co-signature line (another key) is ignored, not an error.
        let witness = key(9);
        let wsig = witness.sign(body.as_bytes()).to_bytes();
        let cosigned = format!(
            "{note}{}",
            signed_note("", "witness.example", &wsig, &witness.verifying_key())
                .trim_start_matches('\n')
        );
        assert_eq!(open_note(&cosigned, &pk).unwrap(), opened);
        // A changed body, another key, a note whose fields disagree with the JSON: refused.
        let forged = note.replacen("\n3\n", "\n4\n", 1);
        assert_eq!(open_note(&forged, &pk), Err(CheckpointError::BadSignature));
        assert_eq!(
            open_note(&note, &key(2).verifying_key()),
            Err(CheckpointError::BadSignature)
        );
        let mut lying = cp.clone();
        lying.note = Some(
            sign(
                &key(1),
                ORIGIN,
                2,
                &merkle::root_from_leaf_hashes(&leaves(2)),
                at,
            )
            .note
            .unwrap(),
        );
        assert_eq!(lying.verify(&pk), Err(CheckpointError::Mismatch("size")));
        assert_eq!(
            open_note("no blank line\n", &pk),
            Err(CheckpointError::Malformed("note"))
        );
        assert!(parse_body("o\n03\nAAAA\n").is_err());
    }

    /// The reference vector of the signed-note format (golang.org/x/mod/sumdb/note's tests and
    /// documentation): the same key signs the same text into the same line, byte for byte, and
    /// the published verifier key is ours; so Go's (and any other) note tools read our notes.
    #[test]
    fn the_go_reference_note_vector() {
        let skey = B64
            .decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")
            .unwrap();
        assert_eq!(skey[0], ED25519);
        let sk = SigningKey::from_bytes(&skey[1..].try_into().unwrap());
        let pk = sk.verifying_key();
        assert_eq!(
            verifier_key("PeterNeumann", &pk),
            "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
        );
        let text = "If you think cryptography is the answer to your problem,\n\
                    then you don't know what your problem is.\n";
        let note = signed_note(
            text,
            "PeterNeumann",
            &sk.sign(text.as_bytes()).to_bytes(),
            &pk,
        );
        assert_eq!(
            note,
            format!(
                "{text}\n\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
            )
        );
        assert_eq!(open_signed(&note, "PeterNeumann", &pk), Ok(text));
    }

    /// Checkpoints signed before the note format still verify by their recipe, with the time
    /// written `…Z` (as docs/VERIFY.md says).
    #[test]
    fn a_legacy_checkpoint_verifies_by_the_legacy_recipe() {
        let at = Utc.with_ymd_and_hms(2026, 11, 28, 8, 0, 0).unwrap();
        let root = merkle::to_hex(&merkle::root_from_leaf_hashes(&leaves(4)));
        let msg = legacy_message(4, &root, at);
        assert_eq!(
            msg,
            format!("zjcs audit checkpoint v1\n4\n{root}\n2026-11-28T08:00:00Z\n")
        );
        let legacy = Checkpoint {
            size: 4,
            root,
            signed_at: at,
            signature: hex::encode(key(1).sign(msg.as_bytes()).to_bytes()),
            origin: None,
            note: None,
        };
        let pk = key(1).verifying_key();
        assert_eq!(legacy.verify(&pk), Ok(()));
        assert_eq!(legacy.note_for(&pk), Ok(None));
        let mut moved = legacy.clone();
        moved.signed_at = at + chrono::Duration::seconds(1);
        assert_eq!(moved.verify(&pk), Err(CheckpointError::BadSignature));
    }

    #[test]
    fn origins() {
        assert_eq!(
            origin_for("https://zjcs.example.cn/"),
            "zjcs.example.cn/audit"
        );
        assert_eq!(origin_for("http://127.0.0.1:8080"), "127.0.0.1:8080/audit");
        assert!(valid_origin(&origin_for("http://a b+c")));
        assert!(!valid_origin("a b") && !valid_origin("a+b") && !valid_origin(""));
    }

    #[test]
    fn proofs_against_signed_checkpoints() {
        let at = Utc.with_ymd_and_hms(2026, 11, 28, 8, 0, 0).unwrap();
        let k = key(3);
        let pk = parse_public_key(&public_key_hex(&k)).unwrap();
        let l = leaves(13);
        let old = sign(&k, ORIGIN, 5, &merkle::root_from_leaf_hashes(&l[..5]), at);
        let new = sign(&k, ORIGIN, 13, &merkle::root_from_leaf_hashes(&l), at);
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
        let forged_new = sign(&k, ORIGIN, 13, &merkle::root_from_leaf_hashes(&forged), at);
        let proof = hex_list(merkle::consistency_proof(&forged, 5).unwrap());
        assert!(matches!(
            verify_consistency(&pk, &old, &forged_new, &proof),
            Err(CheckpointError::Proof(_))
        ));
    }
}
