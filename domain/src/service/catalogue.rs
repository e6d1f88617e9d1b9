//! The service-item catalogue: administrators keep it, everybody reads it.

use super::{Services, authorize};
use crate::error::{Error, FieldError, Result, stored_json};
use crate::model::Actor;
use crate::model::catalogue::{QualRequirement, ServiceItem, ServiceItemInput, check_import};
use crate::platform::audit::{AuditActor, record};
use crate::platform::clock::now;
use crate::rules::access::Permission;
use crate::store::entities::service_item;
use crate::store::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, Set,
    begin_write, is_unique_violation,
};
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

fn set_fields(m: &mut service_item::ActiveModel, item: &ServiceItem) {
    m.code = Set(item.code.clone());
    m.name = Set(item.name.clone());
    m.name_en = Set(item.name_en.clone());
    m.approval = Set(item.approval.clone());
    m.department = Set(item.department.clone());
    m.legal_basis = Set(item.legal_basis.clone());
    m.qualifications = Set(serde_json::to_string(&item.qualifications).unwrap_or_default());
    m.time_limit_days = Set(item.time_limit_days);
    m.fee_min_fen = Set(item.fee_min_fen);
    m.fee_max_fen = Set(item.fee_max_fen);
    m.fee_note = Set(item.fee_note.clone());
    m.workflow = Set(item.workflow.clone());
    m.materials = Set(serde_json::to_string(&item.materials).unwrap_or_default());
}

async fn insert_item(tx: &DatabaseTransaction, item: &ServiceItem) -> Result<service_item::Model> {
    let t = now();
    let mut m = service_item::ActiveModel {
        id: Set(Uuid::new_v4()),
        retired: Set(false),
        created_at: Set(t),
        updated_at: Set(t),
        ..Default::default()
    };
    set_fields(&mut m, item);
    m.insert(tx).await.map_err(|e| {
        if is_unique_violation(&e) {
            code_taken()
        } else {
            e.into()
        }
    })
}

async fn update_item(
    tx: &DatabaseTransaction,
    existing: service_item::Model,
    item: &ServiceItem,
) -> Result<service_item::Model> {
    let mut m: service_item::ActiveModel = existing.into();
    set_fields(&mut m, item);
    m.updated_at = Set(now());
    m.update(tx).await.map_err(|e| {
        if is_unique_violation(&e) {
            code_taken()
        } else {
            e.into()
        }
    })
}

impl Services {
    /// The published catalogue, by code; retired items only when asked for.
    pub async fn list_items(&self, include_retired: bool) -> Result<Vec<ServiceItemView>> {
        let mut q = service_item::Entity::find().order_by_asc(service_item::Column::Code);
        if !include_retired {
            q = q.filter(service_item::Column::Retired.eq(false));
        }
        q.all(&self.db)
            .await?
            .into_iter()
            .map(ServiceItemView::try_from)
            .collect()
    }

    /// One item (retired items stay readable: projects refer to them).
    pub async fn get_item(&self, id: Uuid) -> Result<ServiceItemView> {
        let m = service_item::Entity::find_by_id(id)
            .one(&self.db)
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
        let existing = service_item::Entity::find_by_id(id)
            .one(&tx)
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
        let existing = service_item::Entity::find_by_id(id)
            .one(&tx)
            .await?
            .ok_or(Error::NotFound)?;
        let mut m: service_item::ActiveModel = existing.into();
        m.retired = Set(retired);
        m.updated_at = Set(now());
        let m = m.update(&tx).await?;
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
            let existing = service_item::Entity::find()
                .filter(service_item::Column::Code.eq(item.code.clone()))
                .one(&tx)
                .await?;
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
