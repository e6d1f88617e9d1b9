//! Attached files (附件): one table (`attachment`) describes every uploaded file — a firm's
//! evidence and plans, a contract, a delivered result, a complaint's evidence — and one
//! (`attachment_content`) holds its bytes. A file is stored by [`store`] (or [`insert`], which
//! writes no audit entry) in the transaction of the change it belongs to, checked before (see
//! [`crate::model::attachment`]).
//!
//! Every file is sealed at rest alike (see [`crate::rules::seal`]): its bytes under
//! `zjcs/evidence/<id>`, its name, size and digest under `zjcs/evidence-meta/<id>`. A plan must
//! stay unread until its project opens, and a file does not know when it is uploaded what it
//! will be attached to; sealing every file keeps one way to write and to read, and a copy of the
//! database reveals no contract or complaint either. A row whose `sealed_meta` is empty (none is
//! written so) is read as it stands.
//!
//! Who may read a file is the services' affair: a firm's file (`firm_id` set) through
//! `Services::evidence_file`, a party's document (no firm) through `Services::read_document`.

use super::audit::{AuditActor, record};
use super::clock::now;
use crate::error::{Error, Result, stored};
use crate::model::Actor;
use crate::model::attachment::{Attachment, AttachmentRef};
use crate::rules::evidence::{FileKind, safe_name};
use crate::rules::seal::{self, SealError, SealKey};
use crate::store::entities::{attachment, attachment_content};
use crate::store::{self as rows, ConnectionTrait, DatabaseTransaction};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// A stored file's description (its bytes are fetched on their own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttachmentView {
    pub id: Uuid,
    pub kind: FileKind,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

impl AttachmentView {
    /// A row with its metadata opened (see [`opened`]); a kind the code does not know is an
    /// internal error (never served as some other type).
    pub fn of(m: &attachment::Model) -> Result<AttachmentView> {
        let kind = stored(
            "attachment",
            m.id,
            "kind",
            &m.kind,
            FileKind::parse(&m.kind),
        )?;
        Ok(AttachmentView {
            id: m.id,
            kind,
            media_type: kind.media_type().into(),
            size: m.size,
            sha256: m.sha256.clone(),
            name: m.name.clone(),
            created_at: m.created_at,
        })
    }
}

/// Whose existing file an action may attach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// A firm's own evidence (uploaded by the firm, `firm_id` set).
    Firm(Uuid),
    /// A document the account uploaded as a party (no firm).
    Party(Uuid),
}

impl Owner {
    fn owns(self, m: &attachment::Model) -> bool {
        match self {
            Owner::Firm(f) => m.firm_id == Some(f),
            Owner::Party(a) => m.firm_id.is_none() && m.account_id == a,
        }
    }

    fn firm(self) -> Option<Uuid> {
        match self {
            Owner::Firm(f) => Some(f),
            Owner::Party(_) => None,
        }
    }
}

/// Stores a file uploaded by `uploader` (for `firm`, where it is a firm's evidence) with its
/// audit entry: a firm's file is recorded on the firm, named only inside the change (a file
/// uploaded now may become a sealed bid's plan, and before the opening nobody may tie a plan's
/// id to its firm); a party's document on itself.
pub async fn store(
    tx: &DatabaseTransaction,
    key: &SealKey,
    uploader: &Actor,
    firm: Option<Uuid>,
    file: Attachment,
) -> Result<AttachmentView> {
    let v = insert(tx, key, uploader, firm, &file).await?;
    match firm {
        Some(f) => {
            record(
                tx,
                AuditActor::Account(uploader),
                "evidence.upload",
                "firm",
                &f.to_string(),
                json!({ "file": v.id, "kind": v.kind, "size": v.size, "sha256": v.sha256 }),
            )
            .await?
        }
        None => {
            record(
                tx,
                AuditActor::Account(uploader),
                "document.upload",
                "document",
                &v.id.to_string(),
                json!({ "sha256": v.sha256, "size": v.size }),
            )
            .await?
        }
    }
    Ok(v)
}

/// [`store`] without an audit entry: for a plan stored with its sealed bid, whose audit entry
/// (the receipt, which commits to the plan's digest) must not name the firm before the opening.
pub async fn insert(
    tx: &DatabaseTransaction,
    key: &SealKey,
    uploader: &Actor,
    firm: Option<Uuid>,
    file: &Attachment,
) -> Result<AttachmentView> {
    let id = Uuid::new_v4();
    let meta = attachment::Model {
        id,
        account_id: uploader.account_id,
        firm_id: firm,
        kind: file.kind.as_str().into(),
        size: file.bytes.len() as i64,
        sha256: hex::encode(Sha256::digest(&file.bytes)),
        name: safe_name(&file.name, file.kind),
        created_at: now(),
        sealed_meta: None,
    };
    let view = AttachmentView::of(&meta)?;
    let sealed = seal::seal_file_meta(
        key,
        &id,
        &seal::SealedFileMeta {
            name: meta.name,
            size: meta.size,
            sha256: meta.sha256,
        },
        seal::random_nonce(),
    );
    rows::insert(
        tx,
        attachment::Model {
            id,
            account_id: meta.account_id,
            firm_id: meta.firm_id,
            kind: meta.kind,
            size: 0,
            sha256: String::new(),
            name: String::new(),
            created_at: meta.created_at,
            sealed_meta: Some(sealed),
        },
    )
    .await?;
    rows::insert(
        tx,
        attachment_content::Model {
            file_id: id,
            bytes: seal::seal(
                key,
                &seal::evidence_context(&id),
                &file.bytes,
                seal::random_nonce(),
            ),
        },
    )
    .await?;
    Ok(view)
}

/// The file an action attaches, as its id: a new one stored now (audited, see [`store`]) for
/// `owner`, or an existing one `owner` owns — any other id is refused as `field` with `code`.
pub async fn attach(
    tx: &DatabaseTransaction,
    key: &SealKey,
    uploader: &Actor,
    owner: Owner,
    file: AttachmentRef<Attachment>,
    (field, code): (&'static str, &'static str),
) -> Result<Uuid> {
    match file {
        AttachmentRef::New(a) => Ok(store(tx, key, uploader, owner.firm(), a).await?.id),
        AttachmentRef::Existing(id) => {
            let owned = rows::find::<attachment::Model>(tx, id)
                .await?
                .is_some_and(|m| owner.owns(&m));
            if owned {
                Ok(id)
            } else {
                Err(Error::validation(field, code))
            }
        }
    }
}

/// A stored file's row with its metadata readable.
pub fn opened(key: &SealKey, mut m: attachment::Model) -> Result<attachment::Model> {
    if let Some(sealed) = m.sealed_meta.take() {
        let meta = seal::open_file_meta(key, &m.id, &sealed)
            .map_err(|e| broken(&format!("the metadata of file {}", m.id), e))?;
        m.name = meta.name;
        m.size = meta.size;
        m.sha256 = meta.sha256;
    }
    Ok(m)
}

/// A file's row, its metadata opened.
pub async fn find<C: ConnectionTrait>(
    db: &C,
    key: &SealKey,
    id: Uuid,
) -> Result<Option<attachment::Model>> {
    rows::find::<attachment::Model>(db, id)
        .await?
        .map(|m| opened(key, m))
        .transpose()
}

/// A file's bytes, opened.
pub async fn content<C: ConnectionTrait>(db: &C, key: &SealKey, id: Uuid) -> Result<Vec<u8>> {
    let c = rows::find::<attachment_content::Model>(db, id)
        .await?
        .ok_or(Error::NotFound)?;
    seal::open(key, &seal::evidence_context(&id), &c.bytes)
        .map_err(|e| broken(&format!("file {id}"), e))
}

fn broken(what: &str, e: SealError) -> Error {
    Error::Internal(format!(
        "{what} does not open ({e}): is ZJCS_SEAL_KEY the key this database was sealed with?"
    ))
}
