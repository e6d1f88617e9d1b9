//! Files people attach (附件) — a firm's evidence, a bid's plan, a contract, a delivered result,
//! a complaint's evidence — come in one way: an [`Upload`] (the name the client gave and the
//! bytes), checked by its content into an [`Attachment`] before anything is stored. An action
//! that takes a file takes an [`AttachmentRef`]: a file uploaded before, by its id, or one
//! uploaded with the action, stored in the action's own transaction (so that a refused action
//! leaves no file behind).

use crate::error::{Error, Result};
use crate::rules::evidence::{FileKind, sniff};
use uuid::Uuid;

/// A file as uploaded: its name as the client gave it and its bytes, unchecked.
#[derive(Clone, PartialEq, Eq)]
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl Upload {
    pub fn new(name: impl Into<String>, bytes: Vec<u8>) -> Upload {
        Upload {
            name: name.into(),
            bytes,
        }
    }

    /// Checked by its content (PDF, JPEG or PNG, not empty, not too large); a refusal is
    /// reported on `field`.
    pub fn check(self, field: &'static str) -> Result<Attachment> {
        let kind = sniff(&self.bytes).map_err(|r| Error::validation(field, r.code()))?;
        Ok(Attachment {
            name: self.name,
            kind,
            bytes: self.bytes,
        })
    }
}

/// The bytes are left out: an upload may be megabytes.
impl std::fmt::Debug for Upload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Upload")
            .field("name", &self.name)
            .field("size", &self.bytes.len())
            .finish()
    }
}

/// An upload that passed [`Upload::check`]: its kind known from its content.
pub struct Attachment {
    /// As the client gave it (stored cleaned, see [`crate::rules::evidence::safe_name`]).
    pub name: String,
    pub kind: FileKind,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Attachment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Attachment")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("size", &self.bytes.len())
            .finish()
    }
}

/// The file an action attaches: one uploaded before, or one uploaded with the action. `F` is
/// the new file's form: an [`Upload`] as callers pass it, an [`Attachment`] once checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttachmentRef<F = Upload> {
    Existing(Uuid),
    New(F),
}

impl From<Uuid> for AttachmentRef {
    fn from(id: Uuid) -> Self {
        AttachmentRef::Existing(id)
    }
}

impl From<Upload> for AttachmentRef {
    fn from(u: Upload) -> Self {
        AttachmentRef::New(u)
    }
}

impl AttachmentRef {
    /// A new file checked (see [`Upload::check`]); an existing one as it is (the service checks
    /// that the caller may attach it).
    pub fn check(self, field: &'static str) -> Result<AttachmentRef<Attachment>> {
        Ok(match self {
            AttachmentRef::Existing(id) => AttachmentRef::Existing(id),
            AttachmentRef::New(u) => AttachmentRef::New(u.check(field)?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_upload_is_checked_by_its_content() {
        let ok = Upload::new("a.exe", b"%PDF-1.4 x".to_vec())
            .check("file")
            .unwrap();
        assert_eq!(ok.kind, FileKind::Pdf);
        let e = Upload::new("a.pdf", b"MZ".to_vec())
            .check("plan_file")
            .unwrap_err();
        assert_eq!(e.fields()[0].field, "plan_file");
        assert!(format!("{:?}", Upload::new("x", vec![7; 9])).contains("size: 9"));
    }
}
