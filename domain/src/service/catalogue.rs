//! The service-item catalogue: administrators keep it, everybody reads it.

use super::{Services, authorize};
use crate::error::{Error, FieldError, Result, stored_json};
use crate::model::Actor;
use crate::model::catalogue::{QualRequirement, ServiceItem, ServiceItemInput, check_import};
use crate::platform::audit::{AuditActor, record};
use crate::platform::clock::now;
use crate::rules::access::Permission;
use crate::store::entities::service_item;
use crate::store::{self, DatabaseTransaction, begin_write, catalogue};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

/// A catalogue item as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceItemView {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub approval: String,
    pub department: String,
    pub legal_basis: String,
    pub qualifications: Vec<QualRequirement>,
    pub time_limit_days: i32,
    pub fee_min_fen: Option<i64>,
    pub fee_max_fen: Option<i64>,
    pub fee_note: String,
    pub workflow: String,
    pub materials: Vec<String>,
    pub retired: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An item as stored; a qualification or material list that does not read is an internal error
/// (never an empty list).
impl TryFrom<service_item::Model> for ServiceItemView {
    type Error = Error;

    fn try_from(m: service_item::Model) -> Result<Self> {
        let qualifications: Vec<QualRequirement> =
            stored_json("service_item", m.id, "qualifications", &m.qualifications)?;
        let materials: Vec<String> = stored_json("service_item", m.id, "materials", &m.materials)?;
        Ok(ServiceItemView {
            id: m.id,
            code: m.code,
            name: m.name,
            name_en: m.name_en,
            approval: m.approval,
            department: m.department,
            legal_basis: m.legal_basis,
            qualifications,
            time_limit_days: m.time_limit_days,
            fee_min_fen: m.fee_min_fen,
            fee_max_fen: m.fee_max_fen,
            fee_note: m.fee_note,
            workflow: m.workflow,
            materials,
            retired: m.retired,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
    }
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ImportOutcome {
    pub created: usize,
    pub updated: usize,
}

fn code_taken() -> Error {
    Error::Conflict(
        "item-code-taken",
        FieldError::new("code", "field.item-code.taken"),
    )
}

/// The row of an item: `item`'s fields, and the id, retired flag and times given.
fn item_row(
    id: Uuid,
    retired: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    item: &ServiceItem,
) -> service_item::Model {
    service_item::Model {
        id,
        code: item.code.clone(),
        name: item.name.clone(),
        name_en: item.name_en.clone(),
        approval: item.approval.clone(),
        department: item.department.clone(),
        legal_basis: item.legal_basis.clone(),
        qualifications: serde_json::to_string(&item.qualifications).unwrap_or_default(),
        time_limit_days: item.time_limit_days,
        fee_min_fen: item.fee_min_fen,
        fee_max_fen: item.fee_max_fen,
        fee_note: item.fee_note.clone(),
        workflow: item.workflow.clone(),
        materials: serde_json::to_string(&item.materials).unwrap_or_default(),
        retired,
        created_at,
        updated_at,
    }
}

async fn insert_item(tx: &DatabaseTransaction, item: &ServiceItem) -> Result<service_item::Model> {
    let t = now();
    let row = item_row(Uuid::new_v4(), false, t, t, item);
    catalogue::add_item(tx, row).await?.ok_or_else(code_taken)
}

/// Writes an item's fields over its row (the unique code decides a clash).
async fn update_item(
    tx: &DatabaseTransaction,
    existing: service_item::Model,
    item: &ServiceItem,
) -> Result<service_item::Model> {
    let new = item_row(
        existing.id,
        existing.retired,
        existing.created_at,
        now(),
        item,
    );
    catalogue::edit_item(tx, &existing, new)
        .await?
        .ok_or_else(code_taken)
}

impl Services {
    /// The published catalogue, by code; retired items only when asked for.
    pub async fn list_items(&self, include_retired: bool) -> Result<Vec<ServiceItemView>> {
        catalogue::items_by_code(&self.db, include_retired)
            .await?
            .into_iter()
            .map(ServiceItemView::try_from)
            .collect()
    }

    /// One item (retired items stay readable: projects refer to them).
    pub async fn get_item(&self, id: Uuid) -> Result<ServiceItemView> {
        let m = store::find::<service_item::Model>(&self.db, id)
            .await?
            .ok_or(Error::NotFound)?;
        ServiceItemView::try_from(m)
    }

    pub async fn create_item(
        &self,
        actor: &Actor,
        input: &ServiceItemInput,
    ) -> Result<ServiceItemView> {
        authorize(actor, Permission::ManageCatalogue)?;
        let item = ServiceItem::parse(input).map_err(Error::Validation)?;
        let tx = begin_write(&self.db).await?;
        let m = insert_item(&tx, &item).await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "catalogue.create",
            "service_item",
            &m.id.to_string(),
            json!(item),
        )
        .await?;
        tx.commit().await?;
        ServiceItemView::try_from(m)
    }

    pub async fn edit_item(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &ServiceItemInput,
    ) -> Result<ServiceItemView> {
        authorize(actor, Permission::ManageCatalogue)?;
        let item = ServiceItem::parse(input).map_err(Error::Validation)?;
        let tx = begin_write(&self.db).await?;
        let existing = store::find::<service_item::Model>(&tx, id)
            .await?
            .ok_or(Error::NotFound)?;
        let m = update_item(&tx, existing, &item).await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "catalogue.edit",
            "service_item",
            &id.to_string(),
            json!(item),
        )
        .await?;
        tx.commit().await?;
        ServiceItemView::try_from(m)
    }

    /// Retires an item (no new projects against it) or brings it back.
    pub async fn set_item_retired(
        &self,
        actor: &Actor,
        id: Uuid,
        retired: bool,
    ) -> Result<ServiceItemView> {
        authorize(actor, Permission::ManageCatalogue)?;
        let tx = begin_write(&self.db).await?;
        let existing = store::find::<service_item::Model>(&tx, id)
            .await?
            .ok_or(Error::NotFound)?;
        let new = service_item::Model {
            retired,
            updated_at: now(),
            ..existing.clone()
        };
        let m = store::update(&tx, &existing, new).await?;
        record(
            &tx,
            AuditActor::Account(actor),
            if retired {
                "catalogue.retire"
            } else {
                "catalogue.reinstate"
            },
            "service_item",
            &id.to_string(),
            json!({ "retired": retired }),
        )
        .await?;
        tx.commit().await?;
        ServiceItemView::try_from(m)
    }

    /// Imports items: each row is checked; if any fails, nothing is written and every bad row
    /// is reported. Otherwise, in one transaction, new codes are added and known codes updated
    /// (a retired item stays retired). `actor` is `None` for the operator's command line.
    pub async fn import_items(
        &self,
        actor: Option<&Actor>,
        rows: Vec<Result<ServiceItemInput, FieldError>>,
    ) -> Result<ImportOutcome> {
        if let Some(a) = actor {
            authorize(a, Permission::ManageCatalogue)?;
        }
        let items = check_import(rows).map_err(Error::ImportRejected)?;
        let tx = begin_write(&self.db).await?;
        let mut outcome = ImportOutcome {
            created: 0,
            updated: 0,
        };
        for item in &items {
            let existing = catalogue::item_with_code(&tx, &item.code).await?;
            match existing {
                Some(e) => {
                    update_item(&tx, e, item).await?;
                    outcome.updated += 1;
                }
                None => {
                    insert_item(&tx, item).await?;
                    outcome.created += 1;
                }
            }
        }
        let codes: Vec<&str> = items.iter().map(|i| i.code.as_str()).collect();
        record(
            &tx,
            actor.map_or(AuditActor::System, AuditActor::Account),
            "catalogue.import",
            "service_item",
            "*",
            json!({ "codes": codes, "created": outcome.created, "updated": outcome.updated }),
        )
        .await?;
        tx.commit().await?;
        Ok(outcome)
    }
}
