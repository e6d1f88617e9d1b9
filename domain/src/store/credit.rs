//! A firm's credit standing as its row stores it, and the writes of an assessment that take
//! effect only where the row still holds what was assessed (an assessment read before its
//! transaction must not overwrite a change made meanwhile).

use crate::error::Result;
use crate::store::entities::firm;
use crate::store::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait, Expr, QueryFilter,
    Statement, Value,
};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// What an assessment stores on the firm's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub score: i32,
    pub grade: String,
    pub status: String,
    pub suspended_until: Option<DateTime<Utc>>,
    pub blacklisted_until: Option<DateTime<Utc>>,
    pub grade_e_since: Option<DateTime<Utc>>,
}

impl Standing {
    pub fn of(f: &firm::Model) -> Standing {
        Standing {
            score: f.credit_score,
            grade: f.credit_grade.clone(),
            status: f.status.clone(),
            suspended_until: f.suspended_until,
            blacklisted_until: f.blacklisted_until,
            grade_e_since: f.grade_e_since,
        }
    }
}

/// Writes `new` over `old` if the row still holds `old`; whether it did.
pub async fn write_if_unchanged<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
    old: &Standing,
    new: &Standing,
    t: DateTime<Utc>,
) -> Result<bool> {
    let same = |col: firm::Column, v: Option<DateTime<Utc>>| match v {
        Some(v) => col.eq(v),
        None => col.is_null(),
    };
    let r = firm::Entity::update_many()
        .col_expr(firm::Column::CreditScore, Expr::value(new.score))
        .col_expr(firm::Column::CreditGrade, Expr::value(new.grade.clone()))
        .col_expr(firm::Column::Status, Expr::value(new.status.clone()))
        .col_expr(
            firm::Column::SuspendedUntil,
            Expr::value(new.suspended_until),
        )
        .col_expr(
            firm::Column::BlacklistedUntil,
            Expr::value(new.blacklisted_until),
        )
        .col_expr(firm::Column::GradeESince, Expr::value(new.grade_e_since))
        .col_expr(firm::Column::UpdatedAt, Expr::value(t))
        .filter(firm::Column::Id.eq(id))
        .filter(firm::Column::CreditScore.eq(old.score))
        .filter(firm::Column::CreditGrade.eq(old.grade.clone()))
        .filter(firm::Column::Status.eq(old.status.clone()))
        .filter(same(firm::Column::SuspendedUntil, old.suspended_until))
        .filter(same(firm::Column::BlacklistedUntil, old.blacklisted_until))
        .filter(same(firm::Column::GradeESince, old.grade_e_since))
        .exec(db)
        .await?;
    Ok(r.rows_affected == 1)
}

/// Writes a batch of assessments, each only where the row still holds what was assessed; how
/// many were written. PostgreSQL: one `UPDATE … FROM (VALUES …)`; SQLite: one short statement a
/// firm inside the transaction (SQLite runs them in-process, and has no `IS NOT DISTINCT FROM`
/// over a VALUES list that is faster).
pub async fn write_many_if_unchanged(
    tx: &DatabaseTransaction,
    chunk: &[(Uuid, Standing, Standing)],
    t: DateTime<Utc>,
) -> Result<u64> {
    if chunk.is_empty() {
        return Ok(0);
    }
    if tx.get_database_backend() != DbBackend::Postgres {
        let mut n = 0;
        for (id, old, new) in chunk {
            if write_if_unchanged(tx, *id, old, new, t).await? {
                n += 1;
            }
        }
        return Ok(n);
    }
    let mut sql = String::from(
        "UPDATE firm AS f SET credit_score = v.score, credit_grade = v.grade, \
         updated_at = $1::timestamptz, grade_e_since = v.ge \
         FROM (VALUES ",
    );
    let mut values: Vec<Value> = vec![t.into()];
    for (i, (id, old, new)) in chunk.iter().enumerate() {
        if i > 0 {
            sql.push_str(", ");
        }
        let b = values.len();
        sql.push_str(&format!(
            "(${}::uuid, ${}::int4, ${}::text, ${}::timestamptz, ${}::int4, ${}::text, ${}::text, ${}::timestamptz, ${}::timestamptz, ${}::timestamptz)",
            b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 8, b + 9, b + 10
        ));
        values.extend([
            Value::from(*id),
            Value::from(new.score),
            Value::from(new.grade.clone()),
            Value::from(new.grade_e_since),
            Value::from(old.score),
            Value::from(old.grade.clone()),
            Value::from(old.status.clone()),
            Value::from(old.suspended_until),
            Value::from(old.blacklisted_until),
            Value::from(old.grade_e_since),
        ]);
    }
    sql.push_str(
        ") AS v(id, score, grade, ge, old_score, old_grade, old_status, old_su, old_bu, old_ge) \
         WHERE f.id = v.id AND f.credit_score = v.old_score AND f.credit_grade = v.old_grade \
         AND f.status = v.old_status \
         AND f.suspended_until IS NOT DISTINCT FROM v.old_su \
         AND f.blacklisted_until IS NOT DISTINCT FROM v.old_bu \
         AND f.grade_e_since IS NOT DISTINCT FROM v.old_ge",
    );
    let r = tx
        .execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            sql,
            values,
        ))
        .await?;
    Ok(r.rows_affected())
}
