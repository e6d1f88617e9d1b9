//! Pure marketplace types. Each is constructed only through a `parse` that checks it, so holding
//! one is the proof that it is valid.

/// A closed set of codes stored as text: the enum (serialised as its codes), `ALL`, `as_str` and
/// `parse` (`None` for a code the set does not know — read back through
/// [`crate::error::stored`], never defaulted).
macro_rules! closed_set {
    ($(#[$meta:meta])* pub enum $name:ident {
        $($(#[$vmeta:meta])* $variant:ident = $code:literal),+ $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $code)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code stored and shown in the API.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s {
                    $($code => Some($name::$variant),)+
                    _ => None,
                }
            }
        }
    };
}
pub(crate) use closed_set;

pub mod account;
pub mod attachment;
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
