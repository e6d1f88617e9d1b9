//! Credit: the ledger of events, the versioned policy, the black-list restrictions, and a firm's
//! credit standing as its row stores it, with the writes of an assessment that take effect only
//! where the row still holds what was assessed (an assessment read before its transaction must
//! not overwrite a change made meanwhile).

use crate::error::{Error, Result};
use crate::model::firm::FirmStatus;
use crate::model::project::{ProjectStatus, RegistrationStatus};
use crate::store::entities::{
    credit_event, credit_policy, credit_restriction, firm, project, registration,
};
use crate::store::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, Db, DbBackend,
    EntityTrait, Expr, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Statement, Value,
    is_unique_violation,
};
use chrono::{DateTime, Utc};
use futures_util::{Stream, TryStreamExt};
use uuid::Uuid;

/// The policy in force: the one of the highest version recorded, if any.
pub async fn newest_policy<C: ConnectionTrait>(db: &C) -> Result<Option<credit_policy::Model>> {
    Ok(credit_policy::Entity::find()
        .order_by_desc(credit_policy::Column::Version)
        .one(db)
        .await?)
}

/// Records a new version of the policy; false when its version is recorded already (another
/// administrator adopted one meanwhile: the version's primary key refuses the second).
pub async fn adopt_policy<C: ConnectionTrait>(db: &C, row: credit_policy::Model) -> Result<bool> {
    match row.into_active_model().reset_all().insert(db).await {
        Ok(_) => Ok(true),
        Err(e) if is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Every event of a firm, oldest first (the ledger is short per firm).
pub async fn ledger_of_firm<C: ConnectionTrait>(
    db: &C,
    firm_id: Uuid,
) -> Result<Vec<credit_event::Model>> {
    Ok(credit_event::Entity::find()
        .filter(credit_event::Column::FirmId.eq(firm_id))
        .order_by_asc(credit_event::Column::CreatedAt)
        .all(db)
        .await?)
}

/// An event as the recompute reads it: firm, kind, points, recorded at, voided at, and the
/// detail (only for a veto or a refusal to sign, `''` otherwise).
pub type CountingEvent = (
    Uuid,
    String,
    i32,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    String,
);

/// Every event recorded since `cutoff`, streamed (the recompute reads the whole ledger that can
/// still count, without holding it all at once). The detail only where the rules read more than
/// the points.
pub async fn ledger_since(
    db: &Db,
    cutoff: DateTime<Utc>,
) -> Result<impl Stream<Item = Result<CountingEvent>> + '_> {
    let stream = credit_event::Entity::find()
        .select_only()
        .columns([
            credit_event::Column::FirmId,
            credit_event::Column::Kind,
            credit_event::Column::Points,
            credit_event::Column::CreatedAt,
            credit_event::Column::VoidedAt,
        ])
        .column_as(
            Expr::cust("CASE WHEN kind IN ('veto', 'refused-to-sign') THEN detail ELSE '' END"),
            "detail",
        )
        .filter(credit_event::Column::CreatedAt.gte(cutoff))
        .into_tuple::<CountingEvent>()
        .stream(db)
        .await?;
    Ok(stream.map_err(Error::from))
}

/// Every firm's id and credit code with its stored standing (one read for the recompute).
pub async fn standings(db: &impl ConnectionTrait) -> Result<Vec<(Uuid, String, Standing)>> {
    type Row = (
        Uuid,
        String,
        i32,
        String,
        String,
        Option<DateTime<Utc>>,
        Option<DateTime<Utc>>,
        Option<DateTime<Utc>>,
    );
    let rows: Vec<Row> = firm::Entity::find()
        .select_only()
        .columns([
            firm::Column::Id,
            firm::Column::CreditCode,
            firm::Column::CreditScore,
            firm::Column::CreditGrade,
            firm::Column::Status,
            firm::Column::SuspendedUntil,
            firm::Column::BlacklistedUntil,
            firm::Column::GradeESince,
        ])
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, code, score, grade, status, su, bu, ge)| {
            (
                id,
                code,
                Standing {
                    score,
                    grade,
                    status,
                    suspended_until: su,
                    blacklisted_until: bu,
                    grade_e_since: ge,
                },
            )
        })
        .collect())
}

/// Up to 500 firms whose suspension or black-listing has run out at `t` (the expiry job's batch).
pub async fn firms_due_to_expire(db: &impl ConnectionTrait, t: DateTime<Utc>) -> Result<Vec<Uuid>> {
    Ok(firm::Entity::find()
        .select_only()
        .column(firm::Column::Id)
        .filter(
            Condition::any()
                .add(firm::Column::SuspendedUntil.lte(t))
                .add(firm::Column::BlacklistedUntil.lte(t)),
        )
        .limit(500)
        .into_tuple()
        .all(db)
        .await?)
}

/// Firms whose credit code has a restriction that began or ended in `(since, t]` (the expiry
/// job assesses them again: a dishonesty listing that starts on a later day, a black-listing
/// that followed a person and has run out), up to 500.
pub async fn firms_with_restrictions_turning(
    db: &impl ConnectionTrait,
    since: DateTime<Utc>,
    t: DateTime<Utc>,
) -> Result<Vec<Uuid>> {
    let codes: Vec<String> = credit_restriction::Entity::find()
        .select_only()
        .column(credit_restriction::Column::CreditCode)
        .filter(
            Condition::any()
                .add(
                    Condition::all()
                        .add(credit_restriction::Column::EndsAt.gt(since))
                        .add(credit_restriction::Column::EndsAt.lte(t)),
                )
                .add(
                    Condition::all()
                        .add(credit_restriction::Column::StartsAt.gt(since))
                        .add(credit_restriction::Column::StartsAt.lte(t)),
                ),
        )
        .distinct()
        .limit(500)
        .into_tuple()
        .all(db)
        .await?;
    if codes.is_empty() {
        return Ok(Vec::new());
    }
    Ok(firm::Entity::find()
        .select_only()
        .column(firm::Column::Id)
        .filter(firm::Column::CreditCode.is_in(codes))
        .into_tuple()
        .all(db)
        .await?)
}

/// Every restriction in force at `t` but the rows of `except_source` (one read for the
/// recompute; the list is short beside the firms).
pub async fn restrictions_in_force(
    db: &impl ConnectionTrait,
    except_source: &str,
    t: DateTime<Utc>,
) -> Result<Vec<credit_restriction::Model>> {
    Ok(credit_restriction::Entity::find()
        .filter(credit_restriction::Column::Source.ne(except_source))
        .filter(credit_restriction::Column::StartsAt.lte(t))
        .filter(
            Condition::any()
                .add(credit_restriction::Column::EndsAt.is_null())
                .add(credit_restriction::Column::EndsAt.gt(t)),
        )
        .all(db)
        .await?)
}

/// How many firms in the marketplace (listed or suspended) stand at each grade (a grade with
/// none is absent).
pub async fn marketplace_firms_by_grade(db: &impl ConnectionTrait) -> Result<Vec<(String, i64)>> {
    let shown = [FirmStatus::Listed.as_str(), FirmStatus::Suspended.as_str()];
    Ok(firm::Entity::find()
        .select_only()
        .column(firm::Column::CreditGrade)
        .column_as(firm::Column::Id.count(), "n")
        .filter(firm::Column::Status.is_in(shown))
        .group_by(firm::Column::CreditGrade)
        .into_tuple()
        .all(db)
        .await?)
}

/// The suspended firms by name, up to 1000.
pub async fn suspended_firms_by_name(db: &impl ConnectionTrait) -> Result<Vec<firm::Model>> {
    Ok(firm::Entity::find()
        .filter(firm::Column::Status.eq(FirmStatus::Suspended.as_str()))
        .order_by_asc(firm::Column::NameSortKey)
        .limit(1000)
        .all(db)
        .await?)
}

/// The firms with a person among `hashes` behind them (legal representative or declared),
/// other than the one of `credit_code`, black-listed by a veto of their own beyond `t`, by id.
pub async fn blacklisted_firms_of_people(
    db: &impl ConnectionTrait,
    hashes: &[String],
    credit_code: &str,
    t: DateTime<Utc>,
) -> Result<Vec<firm::Model>> {
    let tied = crate::store::firms::firms_of_people(db, hashes, uuid::Uuid::nil()).await?;
    Ok(tied
        .into_iter()
        .filter(|f| f.credit_code != credit_code && f.blacklisted_until.is_some_and(|u| u > t))
        .collect())
}

/// Ends at `t` the black-list restrictions a veto against the firm `firm_id` (of `credit_code`)
/// wrote and that still run after `t`: the one of `veto_source` on its own code, and those that
/// followed its legal representative to other firms (`via_firm_id`). The ids of the firms
/// holding those other codes.
pub async fn end_veto_restrictions(
    db: &impl ConnectionTrait,
    veto_source: &str,
    credit_code: &str,
    firm_id: Uuid,
    t: DateTime<Utc>,
) -> Result<Vec<Uuid>> {
    let running = Condition::any()
        .add(credit_restriction::Column::EndsAt.is_null())
        .add(credit_restriction::Column::EndsAt.gt(t));
    let followed: Vec<String> = credit_restriction::Entity::find()
        .select_only()
        .column(credit_restriction::Column::CreditCode)
        .filter(credit_restriction::Column::ViaFirmId.eq(firm_id))
        .filter(running.clone())
        .into_tuple()
        .all(db)
        .await?;
    credit_restriction::Entity::update_many()
        .col_expr(credit_restriction::Column::EndsAt, Expr::value(Some(t)))
        .filter(credit_restriction::Column::Kind.eq("blacklist"))
        .filter(
            Condition::any()
                .add(
                    Condition::all()
                        .add(credit_restriction::Column::CreditCode.eq(credit_code))
                        .add(credit_restriction::Column::Source.eq(veto_source)),
                )
                .add(credit_restriction::Column::ViaFirmId.eq(firm_id)),
        )
        .filter(running)
        .exec(db)
        .await?;
    if followed.is_empty() {
        return Ok(Vec::new());
    }
    Ok(firm::Entity::find()
        .select_only()
        .column(firm::Column::Id)
        .filter(firm::Column::CreditCode.is_in(followed))
        .into_tuple()
        .all(db)
        .await?)
}

/// A firm's active registrations.
pub async fn active_registrations_of_firm(
    db: &impl ConnectionTrait,
    firm_id: Uuid,
) -> Result<Vec<registration::Model>> {
    Ok(registration::Entity::find()
        .filter(registration::Column::FirmId.eq(firm_id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Active.as_str()))
        .all(db)
        .await?)
}

/// The published projects among `ids` (those still taking registrations).
pub async fn published_projects_among(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<Vec<project::Model>> {
    Ok(project::Entity::find()
        .filter(project::Column::Id.is_in(ids))
        .filter(project::Column::Status.eq(ProjectStatus::Published.as_str()))
        .all(db)
        .await?)
}

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
