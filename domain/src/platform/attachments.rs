//! Documents people attach (附件): an upload is checked by its content (PDF, JPEG or PNG, not
//! empty, not too large) and stored with its hash in the same transaction as the change it
//! belongs to, together with its audit entry.

use super::audit::{AuditActor, record};
use super::clock::now;
use crate::error::{Error, Result};
use crate::model::Actor;
use crate::store::entities::document;
use crate::store::{ActiveModelTrait, DatabaseTransaction, Set};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// An uploaded file checked by its content (PDF, JPEG or PNG, not empty, not too large), ready
/// for [`store_document`]; a refusal is reported on `field`.
pub fn checked_file<'a>(
    file: (&'a str, Vec<u8>),
    field: &'static str,
) -> Result<(&'a str, crate::rules::evidence::FileKind, Vec<u8>)> {
    let (name, bytes) = file;
    let kind =
        crate::rules::evidence::sniff(&bytes).map_err(|r| Error::validation(field, r.code()))?;
    Ok((name, kind, bytes))
}

pub async fn store_document(
    tx: &DatabaseTransaction,
    actor: &Actor,
    name: &str,
    kind: crate::rules::evidence::FileKind,
    bytes: Vec<u8>,
) -> Result<DocumentView> {
    let d = document::ActiveModel {
        id: Set(Uuid::new_v4()),
        account_id: Set(actor.account_id),
        kind: Set(kind.as_str().into()),
        name: Set(crate::rules::evidence::safe_name(name, kind)),
        size: Set(bytes.len() as i64),
        sha256: Set(hex::encode(Sha256::digest(&bytes))),
        bytes: Set(bytes),
        created_at: Set(now()),
    }
    .insert(tx)
    .await?;
    record(
        tx,
        AuditActor::Account(actor),
        "document.upload",
        "document",
        &d.id.to_string(),
        json!({ "sha256": d.sha256, "size": d.size }),
    )
    .await?;
    Ok(DocumentView::of(&d))
}

/// A document's public description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentView {
    pub id: Uuid,
    pub kind: String,
    pub name: String,
    pub size: i64,
    pub sha256: String,
}

impl DocumentView {
    pub fn of(d: &document::Model) -> DocumentView {
        DocumentView {
            id: d.id,
            kind: d.kind.clone(),
            name: d.name.clone(),
            size: d.size,
            sha256: d.sha256.clone(),
        }
    }
}
