//! Keyed hashes of personal identity numbers. The platform never stores a legal
//! representative's ID number, only HMAC-SHA256 under a secret key held outside the database, so
//! that restrictions can follow a person to another firm (004 item 20) while a copy of the
//! database alone does not reveal, or let anyone enumerate, the numbers.

use crate::model::firm::IdNumber;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The hash an ID number is stored and matched by (64 hex digits).
pub fn id_hash(key: &[u8], id: &IdNumber) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(b"zjcs:id-number:");
    mac.update(id.as_str().as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_number_same_hash_under_one_key_only() {
        let id = IdNumber::parse("11010519491231002X", "id").unwrap();
        let lower = IdNumber::parse("11010519491231002x", "id").unwrap();
        assert_eq!(id_hash(b"k1", &id), id_hash(b"k1", &lower));
        assert_ne!(id_hash(b"k1", &id), id_hash(b"k2", &id));
        assert_eq!(id_hash(b"k1", &id).len(), 64);
        assert!(!id_hash(b"k1", &id).contains("1101051949"));
    }
}
