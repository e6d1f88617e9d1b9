//! The service-item catalogue.

use crate::error::Result;
use crate::store::entities::service_item;
use crate::store::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, is_unique_violation,
};

/// The catalogue by code; retired items only with `include_retired`.
pub async fn items_by_code(
    db: &impl ConnectionTrait,
    include_retired: bool,
) -> Result<Vec<service_item::Model>> {
    let mut q = service_item::Entity::find().order_by_asc(service_item::Column::Code);
    if !include_retired {
        q = q.filter(service_item::Column::Retired.eq(false));
    }
    Ok(q.all(db).await?)
}

/// The item with `code`, if any.
pub async fn item_with_code(
    db: &impl ConnectionTrait,
    code: &str,
) -> Result<Option<service_item::Model>> {
    Ok(service_item::Entity::find()
        .filter(service_item::Column::Code.eq(code.to_owned()))
        .one(db)
        .await?)
}

/// Inserts an item (every column written); the row as stored, or `None` when its code is
/// taken (the unique constraint decides).
pub async fn add_item(
    db: &impl ConnectionTrait,
    row: service_item::Model,
) -> Result<Option<service_item::Model>> {
    match row.into_active_model().reset_all().insert(db).await {
        Ok(m) => Ok(Some(m)),
        Err(e) if is_unique_violation(&e) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Writes the columns in which `new` differs from `old` (the row as read), as `store::update`
/// does; the row as stored, or `None` when the new code is another item's (the unique
/// constraint decides).
pub async fn edit_item(
    db: &impl ConnectionTrait,
    old: &service_item::Model,
    new: service_item::Model,
) -> Result<Option<service_item::Model>> {
    use sea_orm::Iterable;
    let mut am = old.clone().into_active_model();
    for c in service_item::Column::iter() {
        am.set_if_not_equals(c, sea_orm::ModelTrait::get(&new, c));
    }
    if !am.is_changed() {
        return Ok(Some(new));
    }
    match am.update(db).await {
        Ok(m) => Ok(Some(m)),
        Err(e) if is_unique_violation(&e) => Ok(None),
        Err(e) => Err(e.into()),
    }
}
