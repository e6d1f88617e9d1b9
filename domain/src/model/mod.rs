//! Pure marketplace types. Each is constructed only through a `parse` that checks it, so holding
//! one is the proof that it is valid.

pub mod account;
pub mod catalogue;
pub mod dishonesty;
pub mod evaluation;
pub mod firm;
pub mod project;
pub mod text;

pub use account::{
    AccountView, Actor, DisplayName, Email, OwnerKind, Password, Registration, Role,
    SelfRegisteredRole,
};
