//! Secret tokens (sessions, verification links) are handed out once and stored only as their
//! SHA-256, so a copy of the database does not let anyone log in.

use sha2::{Digest, Sha256};

/// Hex SHA-256 of a token as presented by its holder.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Whether a presented string has the shape of one of our tokens (64 lower-case hex digits);
/// anything else is refused before a database look-up.
pub fn looks_like_token(token: &str) -> bool {
    token.len() == 64
        && token
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_sha256_hex() {
        assert_eq!(
            hash_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn token_shape() {
        assert!(looks_like_token(&"a1".repeat(32)));
        assert!(!looks_like_token(&"A1".repeat(32)));
        assert!(!looks_like_token("short"));
        assert!(!looks_like_token(&"g".repeat(64)));
    }
}
