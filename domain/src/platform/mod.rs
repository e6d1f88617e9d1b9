//! The platform under the use cases (平台基础): time, secrets, mail, attached files, the audit
//! log, the outbox, group commit and password hashing. Nothing here knows a marketplace rule or
//! imports a module of [`crate::service`]; every service module may import from here (the
//! import order is checked by `service::layers`'s test).

pub mod attachments;
pub mod audit;
pub mod batch;
pub mod clock;
pub mod mail;
pub mod outbox;
pub mod passwords;

/// A fresh random secret: 32 bytes from the OS generator, as 64 hex digits.
pub fn new_secret() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}
