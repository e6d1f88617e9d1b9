//! Firms: the firm rows, the catalogue items each offers, and what each declares
//! (qualifications, practitioners, affiliations); the credit restrictions a firm's entry and
//! the black list read.

use crate::error::Result;
use crate::store::entities::{
    affiliation, credit_restriction, firm, firm_person, firm_service_item, practitioner,
    qualification, service_item,
};
use crate::store::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, Set, is_unique_violation,
};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use uuid::Uuid;

/// The firm an account entered, if it has.
pub async fn of_account(db: &impl ConnectionTrait, account: Uuid) -> Result<Option<firm::Model>> {
    Ok(firm::Entity::find()
        .filter(firm::Column::AccountId.eq(account))
        .one(db)
        .await?)
}

/// The firm holding a credit code (as given: the caller normalises it), if any.
pub async fn with_credit_code(
    db: &impl ConnectionTrait,
    code: String,
) -> Result<Option<firm::Model>> {
    Ok(firm::Entity::find()
        .filter(firm::Column::CreditCode.eq(code))
        .one(db)
        .await?)
}

/// The firms holding any of the credit codes.
pub async fn with_credit_codes(
    db: &impl ConnectionTrait,
    codes: Vec<String>,
) -> Result<Vec<firm::Model>> {
    Ok(firm::Entity::find()
        .filter(firm::Column::CreditCode.is_in(codes))
        .all(db)
        .await?)
}

/// The restrictions in force at `t` on any of the credit codes.
pub async fn restrictions_in_force_on(
    db: &impl ConnectionTrait,
    codes: Vec<String>,
    t: DateTime<Utc>,
) -> Result<Vec<credit_restriction::Model>> {
    Ok(credit_restriction::Entity::find()
        .filter(credit_restriction::Column::CreditCode.is_in(codes))
        .filter(credit_restriction::Column::StartsAt.lte(t))
        .filter(
            Condition::any()
                .add(credit_restriction::Column::EndsAt.is_null())
                .add(credit_restriction::Column::EndsAt.gt(t)),
        )
        .all(db)
        .await?)
}

/// The black-list entries in force at `t`, newest first (by their start).
pub async fn blacklist_in_force(
    db: &impl ConnectionTrait,
    t: DateTime<Utc>,
) -> Result<Vec<credit_restriction::Model>> {
    Ok(credit_restriction::Entity::find()
        .filter(credit_restriction::Column::Kind.eq("blacklist"))
        .filter(credit_restriction::Column::StartsAt.lte(t))
        .filter(
            Condition::any()
                .add(credit_restriction::Column::EndsAt.is_null())
                .add(credit_restriction::Column::EndsAt.gt(t)),
        )
        .order_by_desc(credit_restriction::Column::StartsAt)
        .all(db)
        .await?)
}

/// Those of the catalogue items `ids` that exist and are not retired.
pub async fn open_items_among(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<Vec<service_item::Model>> {
    Ok(service_item::Entity::find()
        .filter(service_item::Column::Id.is_in(ids.to_vec()))
        .filter(service_item::Column::Retired.eq(false))
        .all(db)
        .await?)
}

/// Makes `ids` the catalogue items the firm offers (its earlier ones removed).
pub async fn replace_service_items(
    db: &impl ConnectionTrait,
    firm_id: Uuid,
    ids: &[Uuid],
) -> Result<()> {
    firm_service_item::Entity::delete_many()
        .filter(firm_service_item::Column::FirmId.eq(firm_id))
        .exec(db)
        .await?;
    if !ids.is_empty() {
        firm_service_item::Entity::insert_many(ids.iter().map(|&item_id| {
            firm_service_item::ActiveModel {
                firm_id: Set(firm_id),
                item_id: Set(item_id),
            }
        }))
        .exec(db)
        .await?;
    }
    Ok(())
}

/// Inserts a firm entering the marketplace (every column written); `None` when a uniqueness
/// rule refused it (its credit code, or its account, has a firm already).
pub async fn insert_unless_taken(
    db: &impl ConnectionTrait,
    row: firm::Model,
) -> Result<Option<firm::Model>> {
    use crate::store::ActiveModelTrait;
    match row.into_active_model().reset_all().insert(db).await {
        Ok(m) => Ok(Some(m)),
        Err(e) if is_unique_violation(&e) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The ids of the catalogue items the firm offers.
pub async fn service_item_ids(db: &impl ConnectionTrait, firm_id: Uuid) -> Result<Vec<Uuid>> {
    Ok(firm_service_item::Entity::find()
        .filter(firm_service_item::Column::FirmId.eq(firm_id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.item_id)
        .collect())
}

/// The catalogue items `ids`, by code.
pub async fn service_items_by_code(
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> Result<Vec<service_item::Model>> {
    Ok(service_item::Entity::find()
        .filter(service_item::Column::Id.is_in(ids))
        .order_by_asc(service_item::Column::Code)
        .all(db)
        .await?)
}

/// The firm's qualifications, oldest declaration first.
pub async fn qualifications_of(
    db: &impl ConnectionTrait,
    firm_id: Uuid,
) -> Result<Vec<qualification::Model>> {
    Ok(qualification::Entity::find()
        .filter(qualification::Column::FirmId.eq(firm_id))
        .order_by_asc(qualification::Column::CreatedAt)
        .all(db)
        .await?)
}

/// The firm's practitioners, oldest declaration first.
pub async fn practitioners_of(
    db: &impl ConnectionTrait,
    firm_id: Uuid,
) -> Result<Vec<practitioner::Model>> {
    Ok(practitioner::Entity::find()
        .filter(practitioner::Column::FirmId.eq(firm_id))
        .order_by_asc(practitioner::Column::CreatedAt)
        .all(db)
        .await?)
}

/// The firm's affiliations, oldest declaration first.
pub async fn affiliations_of(
    db: &impl ConnectionTrait,
    firm_id: Uuid,
) -> Result<Vec<affiliation::Model>> {
    Ok(affiliation::Entity::find()
        .filter(affiliation::Column::FirmId.eq(firm_id))
        .order_by_asc(affiliation::Column::CreatedAt)
        .all(db)
        .await?)
}

/// The people the firm declared (shareholders, executives), oldest declaration first.
pub async fn people_of(
    db: &impl ConnectionTrait,
    firm_id: Uuid,
) -> Result<Vec<firm_person::Model>> {
    Ok(firm_person::Entity::find()
        .filter(firm_person::Column::FirmId.eq(firm_id))
        .order_by_asc(firm_person::Column::CreatedAt)
        .order_by_asc(firm_person::Column::Id)
        .all(db)
        .await?)
}

/// The ID hashes of the people behind a firm: its legal representative's and its declared
/// people's.
pub async fn person_hashes_of(db: &impl ConnectionTrait, f: &firm::Model) -> Result<Vec<String>> {
    let mut hashes: Vec<String> = firm_person::Entity::find()
        .select_only()
        .column(firm_person::Column::IdHash)
        .filter(firm_person::Column::FirmId.eq(f.id))
        .into_tuple()
        .all(db)
        .await?;
    hashes.push(f.legal_rep_id_hash.clone());
    hashes.retain(|h| !h.is_empty());
    hashes.sort();
    hashes.dedup();
    Ok(hashes)
}

/// The firms but `except` with a person among `hashes` behind them (as legal representative or
/// declared), by id.
pub async fn firms_of_people(
    db: &impl ConnectionTrait,
    hashes: &[String],
    except: Uuid,
) -> Result<Vec<firm::Model>> {
    if hashes.is_empty() {
        return Ok(Vec::new());
    }
    let declared: Vec<Uuid> = firm_person::Entity::find()
        .select_only()
        .column(firm_person::Column::FirmId)
        .filter(firm_person::Column::IdHash.is_in(hashes.iter().cloned()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(firm::Entity::find()
        .filter(
            Condition::any()
                .add(firm::Column::LegalRepIdHash.is_in(hashes.iter().cloned()))
                .add(firm::Column::Id.is_in(declared)),
        )
        .filter(firm::Column::Id.ne(except))
        .order_by_asc(firm::Column::Id)
        .all(db)
        .await?)
}

/// What a firm declares, one table each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Declaration {
    Qualification,
    Practitioner,
    Affiliation,
    Person,
}

impl Declaration {
    /// Its table's name (the audit entry's object type).
    pub fn table(self) -> &'static str {
        use sea_orm::EntityName;
        match self {
            Declaration::Qualification => qualification::Entity.table_name(),
            Declaration::Practitioner => practitioner::Entity.table_name(),
            Declaration::Affiliation => affiliation::Entity.table_name(),
            Declaration::Person => firm_person::Entity.table_name(),
        }
    }
}

/// Deletes the declaration `id` if it is the firm's; whether it did (exactly one row).
pub async fn remove_declaration(
    db: &impl ConnectionTrait,
    kind: Declaration,
    id: Uuid,
    firm_id: Uuid,
) -> Result<bool> {
    let deleted = match kind {
        Declaration::Qualification => {
            qualification::Entity::delete_many()
                .filter(qualification::Column::Id.eq(id))
                .filter(qualification::Column::FirmId.eq(firm_id))
                .exec(db)
                .await?
        }
        Declaration::Practitioner => {
            practitioner::Entity::delete_many()
                .filter(practitioner::Column::Id.eq(id))
                .filter(practitioner::Column::FirmId.eq(firm_id))
                .exec(db)
                .await?
        }
        Declaration::Affiliation => {
            affiliation::Entity::delete_many()
                .filter(affiliation::Column::Id.eq(id))
                .filter(affiliation::Column::FirmId.eq(firm_id))
                .exec(db)
                .await?
        }
        Declaration::Person => {
            firm_person::Entity::delete_many()
                .filter(firm_person::Column::Id.eq(id))
                .filter(firm_person::Column::FirmId.eq(firm_id))
                .exec(db)
                .await?
        }
    };
    Ok(deleted.rows_affected == 1)
}

/// The names of the firms `ids`, by firm.
pub async fn names<C: ConnectionTrait>(
    db: &C,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>> {
    Ok(firm::Entity::find()
        .select_only()
        .columns([firm::Column::Id, firm::Column::Name])
        .filter(crate::store::uuid_in(
            db.get_database_backend(),
            firm::Column::Id,
            ids,
        ))
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect())
}
