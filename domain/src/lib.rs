//! zjcs-domain: the marketplace core (中介超市的核心).
//!
//! - [`model`] and [`rules`] are pure: types that parse rather than validate, and decisions
//!   without I/O. They are tested exhaustively without a database.
//! - [`store`] holds the sea-orm entities and connection set-up; it is the only module that
//!   imports `sea_orm`.
//! - [`service`] holds the use cases: authorize the actor, load state, decide with the rules,
//!   and write the result in one transaction together with its audit entry and outbox mail.

pub mod error;
pub mod i18n;
pub mod model;
pub mod platform;
pub mod rules;
pub mod service;
pub mod store;
pub mod synthetic;
pub mod testing;

pub use error::{Error, FieldError};
