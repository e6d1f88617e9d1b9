//! The imported dishonesty list (失信名单): `credit_restriction` rows of kind `dishonest`, and
//! the firms holding their codes.

use crate::error::Result;
use crate::store::entities::{credit_restriction, firm};
use crate::store::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};
use chrono::{DateTime, Utc};

/// The restriction kind of a dishonesty-list entry.
pub const KIND: &str = "dishonest";
/// `source` of an imported entry: this prefix, then the authority.
pub const SOURCE_PREFIX: &str = "import:";

/// Entries of kind `dishonest` in force at `t`.
fn in_force(t: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(credit_restriction::Column::Kind.eq(KIND))
        .add(credit_restriction::Column::StartsAt.lte(t))
        .add(
            Condition::any()
                .add(credit_restriction::Column::EndsAt.is_null())
                .add(credit_restriction::Column::EndsAt.gt(t)),
        )
}

/// The entries in force at `t` of the codes `codes`, oldest first (by creation, then id): of a
/// code with several, the last is the latest.
pub async fn in_force_for_codes(
    db: &impl ConnectionTrait,
    codes: impl IntoIterator<Item = String>,
    t: DateTime<Utc>,
) -> Result<Vec<credit_restriction::Model>> {
    Ok(credit_restriction::Entity::find()
        .filter(in_force(t))
        .filter(credit_restriction::Column::CreditCode.is_in(codes))
        .order_by_asc(credit_restriction::Column::CreatedAt)
        .order_by_asc(credit_restriction::Column::Id)
        .all(db)
        .await?)
}

/// The entries in force at `t`, only those of `credit_code` when given.
fn listed(credit_code: Option<&str>, t: DateTime<Utc>) -> Select<credit_restriction::Entity> {
    let q = credit_restriction::Entity::find().filter(in_force(t));
    match credit_code {
        Some(code) => q.filter(credit_restriction::Column::CreditCode.eq(code)),
        None => q,
    }
}

/// How many entries are in force at `t` (of `credit_code` only, when given).
pub async fn count_in_force(
    db: &impl ConnectionTrait,
    credit_code: Option<&str>,
    t: DateTime<Utc>,
) -> Result<u64> {
    Ok(listed(credit_code, t).count(db).await?)
}

/// A page of the entries in force at `t` (of `credit_code` only, when given): newest listing
/// first, then by code and id, so that pages neither overlap nor skip.
pub async fn page_in_force(
    db: &impl ConnectionTrait,
    credit_code: Option<&str>,
    t: DateTime<Utc>,
    offset: u64,
    limit: u64,
) -> Result<Vec<credit_restriction::Model>> {
    Ok(listed(credit_code, t)
        .order_by_desc(credit_restriction::Column::StartsAt)
        .order_by_asc(credit_restriction::Column::CreditCode)
        .order_by_asc(credit_restriction::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?)
}

/// The firms on the platform holding one of the codes `codes`.
pub async fn firms_holding(
    db: &impl ConnectionTrait,
    codes: impl IntoIterator<Item = String>,
) -> Result<Vec<firm::Model>> {
    Ok(firm::Entity::find()
        .filter(firm::Column::CreditCode.is_in(codes))
        .all(db)
        .await?)
}
