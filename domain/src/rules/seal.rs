//! Sealing at rest (密封存储): what must stay unread until a project opens — a bid's price, plan
//! digest and receipt nonce, the plan files themselves, a draw's seed — is stored encrypted under
//! the seal key, which lives outside the database (`ZJCS_SEAL_KEY` or `<data dir>/seal.key`).
//! A copy of the database alone reveals none of it.
//!
//! The cipher is AES-256-GCM (an AEAD). Every sealed value is bound to the place it belongs by
//! the AEAD's associated data, its *context* (e.g. `zjcs/bid/<registration id>`): a sealed value
//! copied into another row does not open there. Nonces are 96 random bits; GCM stays safe for
//! 2^32 random nonces under one key, far beyond the bids and files one platform seals.
//!
//! Formats: bytes are `zs1` ‖ nonce (12 bytes) ‖ ciphertext and tag; text columns hold
//! `sealed:v1:` followed by the same bytes in hexadecimal.
//!
//! Pure: the nonce is an argument, so that tests can fix it; [`seal`] callers pass a random one.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};

const MAGIC: &[u8] = b"zs1";
const TEXT_PREFIX: &str = "sealed:v1:";
const NONCE_LEN: usize = 12;
/// GCM's tag.
const TAG_LEN: usize = 16;

/// The key sealed values are encrypted under. Not `Debug`-printable.
#[derive(Clone)]
pub struct SealKey([u8; 32]);

impl SealKey {
    pub fn new(bytes: [u8; 32]) -> Self {
        SealKey(bytes)
    }

    /// From 64 hexadecimal digits.
    pub fn from_hex(s: &str) -> Option<SealKey> {
        let v = hex::decode(s.trim()).ok()?;
        Some(SealKey(v.try_into().ok()?))
    }

    fn cipher(&self) -> Aes256Gcm {
        Aes256Gcm::new((&self.0).into())
    }
}

impl std::fmt::Debug for SealKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealKey(…)")
    }
}

/// Why a sealed value did not open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    /// Not in a sealed format at all (e.g. a plaintext value a migration has not sealed).
    #[error("not a sealed value")]
    NotSealed,
    /// The wrong key, the wrong context, or altered bytes.
    #[error("the sealed value does not open with this key and context")]
    Forged,
}

/// Seals `plain` for `context` with the given nonce.
pub fn seal(key: &SealKey, context: &str, plain: &[u8], nonce: [u8; NONCE_LEN]) -> Vec<u8> {
    let ct = key
        .cipher()
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: plain,
                aad: context.as_bytes(),
            },
        )
        // AES-GCM refuses only messages over 64 GiB.
        .expect("AES-GCM encrypts any message under 64 GiB");
    let mut out = Vec::with_capacity(MAGIC.len() + NONCE_LEN + ct.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ct);
    out
}

/// Opens a value sealed for `context`.
pub fn open(key: &SealKey, context: &str, sealed: &[u8]) -> Result<Vec<u8>, SealError> {
    let rest = sealed.strip_prefix(MAGIC).ok_or(SealError::NotSealed)?;
    if rest.len() < NONCE_LEN + TAG_LEN {
        return Err(SealError::NotSealed);
    }
    let (nonce, ct) = rest.split_at(NONCE_LEN);
    key.cipher()
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: ct,
                aad: context.as_bytes(),
            },
        )
        .map_err(|_| SealError::Forged)
}

/// Whether bytes are in the sealed format (they may still not open).
pub fn is_sealed(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC) && bytes.len() >= MAGIC.len() + NONCE_LEN + TAG_LEN
}

/// [`seal`] for a text column.
pub fn seal_text(key: &SealKey, context: &str, plain: &str, nonce: [u8; NONCE_LEN]) -> String {
    format!(
        "{TEXT_PREFIX}{}",
        hex::encode(seal(key, context, plain.as_bytes(), nonce))
    )
}

/// [`open`] for a text column.
pub fn open_text(key: &SealKey, context: &str, sealed: &str) -> Result<String, SealError> {
    let bytes = sealed
        .strip_prefix(TEXT_PREFIX)
        .and_then(|h| hex::decode(h).ok())
        .ok_or(SealError::NotSealed)?;
    String::from_utf8(open(key, context, &bytes)?).map_err(|_| SealError::Forged)
}

/// Whether a text column holds a sealed value.
pub fn is_sealed_text(s: &str) -> bool {
    s.starts_with(TEXT_PREFIX)
}

/// The context a registration's sealed bid is bound to.
pub fn bid_context(registration: &uuid::Uuid) -> String {
    format!("zjcs/bid/{registration}")
}

/// The context a project's draw seed is bound to.
pub fn project_seed_context(project: &uuid::Uuid) -> String {
    format!("zjcs/seed/project/{project}")
}

/// The context an inspection round's draw seed is bound to.
pub fn inspection_seed_context(round: &uuid::Uuid) -> String {
    format!("zjcs/seed/inspection/{round}")
}

/// The context an evidence file's content is bound to.
pub fn evidence_context(file: &uuid::Uuid) -> String {
    format!("zjcs/evidence/{file}")
}

/// What a registration keeps sealed until its project opens: with the receipt (public) these
/// are the bid, and the nonce keeps the receipt from being inverted by trying every price.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SealedBid {
    pub price_fen: Option<i64>,
    pub plan_sha256: Option<String>,
    pub nonce: String,
}

/// Seals a registration's bid for its `sealed_bid` column.
pub fn seal_bid(
    key: &SealKey,
    registration: &uuid::Uuid,
    bid: &SealedBid,
    nonce: [u8; NONCE_LEN],
) -> String {
    let json = serde_json::to_string(bid).expect("a sealed bid serializes");
    seal_text(key, &bid_context(registration), &json, nonce)
}

/// Opens a registration's sealed bid.
pub fn open_bid(
    key: &SealKey,
    registration: &uuid::Uuid,
    sealed: &str,
) -> Result<SealedBid, SealError> {
    let json = open_text(key, &bid_context(registration), sealed)?;
    serde_json::from_str(&json).map_err(|_| SealError::Forged)
}

/// What an evidence file's row keeps sealed: its name, size and digest (a plan's are as secret
/// as its content until the opening). The row holds placeholders meanwhile.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SealedFileMeta {
    pub name: String,
    pub size: i64,
    pub sha256: String,
}

/// The context an evidence file's metadata is bound to.
pub fn evidence_meta_context(file: &uuid::Uuid) -> String {
    format!("zjcs/evidence-meta/{file}")
}

/// Seals an evidence file's metadata for its `sealed_meta` column.
pub fn seal_file_meta(
    key: &SealKey,
    file: &uuid::Uuid,
    meta: &SealedFileMeta,
    nonce: [u8; NONCE_LEN],
) -> String {
    let json = serde_json::to_string(meta).expect("file metadata serializes");
    seal_text(key, &evidence_meta_context(file), &json, nonce)
}

/// Opens an evidence file's sealed metadata.
pub fn open_file_meta(
    key: &SealKey,
    file: &uuid::Uuid,
    sealed: &str,
) -> Result<SealedFileMeta, SealError> {
    let json = open_text(key, &evidence_meta_context(file), sealed)?;
    serde_json::from_str(&json).map_err(|_| SealError::Forged)
}

/// A random nonce for [`seal`] (the operating system's generator).
pub fn random_nonce() -> [u8; NONCE_LEN] {
    use rand::RngCore;
    let mut n = [0u8; NONCE_LEN];
    rand::rngs::OsRng.fill_bytes(&mut n);
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn key(b: u8) -> SealKey {
        SealKey::new([b; 32])
    }

    #[test]
    fn sealed_text_opens_only_with_its_key_and_context() {
        let s = seal_text(&key(1), "zjcs/bid/a", "1234567", [7; 12]);
        assert!(is_sealed_text(&s));
        assert!(!s.contains("1234567"));
        assert_eq!(open_text(&key(1), "zjcs/bid/a", &s).unwrap(), "1234567");
        assert_eq!(open_text(&key(2), "zjcs/bid/a", &s), Err(SealError::Forged));
        assert_eq!(open_text(&key(1), "zjcs/bid/b", &s), Err(SealError::Forged));
        assert_eq!(
            open_text(&key(1), "zjcs/bid/a", "1234567"),
            Err(SealError::NotSealed)
        );
    }

    #[test]
    fn a_changed_byte_is_caught() {
        let mut b = seal(&key(3), "c", b"plan", [0; 12]);
        let last = b.len() - 1;
        b[last] ^= 1;
        assert_eq!(open(&key(3), "c", &b), Err(SealError::Forged));
        assert_eq!(open(&key(3), "c", b"zs1short"), Err(SealError::NotSealed));
    }

    #[test]
    fn nonces_make_equal_values_differ() {
        let a = seal_text(&key(4), "c", "same", [1; 12]);
        let b = seal_text(&key(4), "c", "same", [2; 12]);
        assert_ne!(a, b);
    }

    #[test]
    fn keys_read_from_hex() {
        let k = SealKey::from_hex(&"ab".repeat(32)).unwrap();
        let s = seal(&k, "c", b"x", [0; 12]);
        assert_eq!(open(&key(0xab), "c", &s).unwrap(), b"x");
        assert!(SealKey::from_hex("abcd").is_none());
        assert!(SealKey::from_hex(&"zz".repeat(32)).is_none());
        assert_eq!(format!("{k:?}"), "SealKey(…)");
    }

    #[test]
    fn bids_round_trip_and_stay_bound_to_their_registration() {
        let (a, b) = (uuid::Uuid::new_v4(), uuid::Uuid::new_v4());
        let bid = SealedBid {
            price_fen: Some(1_234_567),
            plan_sha256: Some("ab".repeat(32)),
            nonce: "cd".repeat(32),
        };
        let s = seal_bid(&key(5), &a, &bid, random_nonce());
        assert!(!s.contains("1234567") && !s.contains(&"cd".repeat(32)));
        assert_eq!(open_bid(&key(5), &a, &s).unwrap(), bid);
        assert_eq!(open_bid(&key(5), &b, &s), Err(SealError::Forged));
    }

    proptest! {
        #[test]
        fn any_value_round_trips(plain in proptest::collection::vec(any::<u8>(), 0..2048), ctx in ".{0,40}", nonce in any::<[u8; 12]>()) {
            let s = seal(&key(9), &ctx, &plain, nonce);
            prop_assert!(is_sealed(&s));
            prop_assert_eq!(open(&key(9), &ctx, &s).unwrap(), plain);
        }
    }
}
