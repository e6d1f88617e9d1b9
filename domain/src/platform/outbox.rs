//! The mail outbox (发件箱): mail is written in the same transaction as the change that causes it,
//! and a worker claims due messages with a short lease (renewed while it works: see
//! [`crate::rules::lease`]), sends them, and marks each sent as soon as the mail server accepts
//! it — or schedules a retry with backoff. A message is never lost, and a lease keeps two
//! workers (even on two `zjcs` instances) from sending it twice; a worker killed between the
//! server's acceptance and the mark leaves that one mail to go again, with the same Message-ID.

use super::clock::{chrono_duration, now};
use crate::error::Result;
use crate::rules::backoff::{MAX_ATTEMPTS, retry_delay};
use crate::store::entities::outbox;
use crate::store::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseTransaction, Db, EntityTrait, Expr,
    ExprTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use chrono::{DateTime, Utc};
use std::time::Duration;
use uuid::Uuid;

/// A message ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub id: Uuid,
    pub to: String,
    pub subject: String,
    pub body_text: String,
    /// Attempts including the current one.
    pub attempt: i32,
    /// The lease this worker holds; marking sent or failed needs it.
    pub lease_until: DateTime<Utc>,
}

/// Queues a mail inside the caller's transaction.
pub async fn enqueue(
    tx: &DatabaseTransaction,
    to: &str,
    subject: &str,
    body_text: &str,
) -> Result<Uuid> {
    let row = row(to.into(), subject.into(), body_text.into());
    let id = *row.id.as_ref();
    row.insert(tx).await?;
    Ok(id)
}

/// A mail for [`enqueue_many`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body_text: String,
}

/// Queues mails inside the caller's transaction, in multi-row inserts (a batch of bids queues
/// its receipts in one statement).
pub async fn enqueue_many(tx: &DatabaseTransaction, mails: Vec<Mail>) -> Result<()> {
    // 11 columns a row: well inside both engines' bind-parameter limits.
    let mut rows = rows(mails).into_iter().peekable();
    while rows.peek().is_some() {
        outbox::Entity::insert_many(rows.by_ref().take(500))
            .exec_without_returning(tx)
            .await?;
    }
    Ok(())
}

/// A subject line that fits the outbox's column (300 characters) and a mail reader's line: a
/// longer one (a complaint's rule can run to 1,000 characters) is cut at [`SUBJECT_MAX`]
/// characters with an ellipsis; the body carries the full text.
pub const SUBJECT_MAX: usize = 200;

fn fit_subject(subject: String) -> String {
    match subject.char_indices().nth(SUBJECT_MAX) {
        None => subject,
        Some((cut, _)) => format!("{}…", &subject[..cut]),
    }
}

/// The outbox rows for mails, for a writer that inserts them itself.
pub(crate) fn rows(mails: Vec<Mail>) -> Vec<outbox::ActiveModel> {
    mails
        .into_iter()
        .map(|m| row(m.to, m.subject, m.body_text))
        .collect()
}

fn row(to: String, subject: String, body_text: String) -> outbox::ActiveModel {
    let t = now();
    outbox::ActiveModel {
        id: Set(Uuid::new_v4()),
        to_addr: Set(to),
        subject: Set(fit_subject(subject)),
        body_text: Set(body_text),
        created_at: Set(t),
        attempts: Set(0),
        next_attempt_at: Set(t),
        lease_until: Set(None),
        sent_at: Set(None),
        failed_at: Set(None),
        last_error: Set(None),
    }
}

/// "Pending": neither sent nor given up. One definition for claim, depth and lag.
fn pending() -> Condition {
    Condition::all()
        .add(outbox::Column::SentAt.is_null())
        .add(outbox::Column::FailedAt.is_null())
}

/// No live lease: never leased, or the lease has run out (its worker died or stalled).
fn unleased(t: DateTime<Utc>) -> Condition {
    Condition::any()
        .add(outbox::Column::LeaseUntil.is_null())
        .add(outbox::Column::LeaseUntil.lt(t))
}

/// Claims up to `limit` due messages with a lease of `lease`. Each claim is a conditional
/// UPDATE that succeeds only if nobody holds a live lease, so concurrent workers split the work.
pub async fn claim_due(db: &Db, limit: u64, lease: Duration) -> Result<Vec<OutgoingMail>> {
    let t = now();
    let candidates: Vec<Uuid> = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Id)
        .filter(pending())
        .filter(outbox::Column::NextAttemptAt.lte(t))
        .filter(unleased(t))
        .order_by_asc(outbox::Column::NextAttemptAt)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?;
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let lease_until = t + chrono_duration(lease);
    // One conditional UPDATE for all of them: each row is taken only if it is still pending and
    // unleased when the statement reaches it, and RETURNING names exactly the rows this claim
    // changed (another instance's concurrent claim gets the others), on both engines.
    let mut claimed: Vec<OutgoingMail> = outbox::Entity::update_many()
        .col_expr(outbox::Column::LeaseUntil, Expr::value(lease_until))
        .col_expr(
            outbox::Column::Attempts,
            Expr::col(outbox::Column::Attempts).add(1),
        )
        .filter(outbox::Column::Id.is_in(candidates.iter().copied()))
        .filter(pending())
        .filter(unleased(t))
        .exec_with_returning(db)
        .await?
        .into_iter()
        .map(|m| OutgoingMail {
            id: m.id,
            to: m.to_addr,
            subject: m.subject,
            body_text: m.body_text,
            attempt: m.attempts,
            lease_until,
        })
        .collect();
    // In the order they became due.
    let order: std::collections::HashMap<Uuid, usize> = candidates
        .iter()
        .enumerate()
        .map(|(k, id)| (*id, k))
        .collect();
    claimed.sort_by_key(|m| order.get(&m.id).copied());
    Ok(claimed)
}

/// Records mails as sent, in one statement; returns how many were still held by their lease
/// (see [`mark_sent`]).
pub async fn mark_sent_many(db: &Db, mails: &[&OutgoingMail]) -> Result<u64> {
    update_held(db, mails, |update| {
        update
            .col_expr(outbox::Column::SentAt, Expr::value(now()))
            .col_expr(
                outbox::Column::LeaseUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(
                outbox::Column::LastError,
                Expr::value(Option::<String>::None),
            )
    })
    .await
}

/// Applies `set` to those of `mails` still held by the lease they were claimed with, one
/// conditional statement per lease ([`by_lease`]); returns how many rows it changed.
async fn update_held(
    db: &Db,
    mails: &[&OutgoingMail],
    set: impl Fn(crate::store::UpdateMany<outbox::Entity>) -> crate::store::UpdateMany<outbox::Entity>,
) -> Result<u64> {
    let mut changed = 0;
    for (lease, ids) in by_lease(mails) {
        let res = set(outbox::Entity::update_many())
            .filter(outbox::Column::Id.is_in(ids))
            .filter(outbox::Column::LeaseUntil.eq(lease))
            .exec(db)
            .await?;
        changed += res.rows_affected;
    }
    Ok(changed)
}

/// The mails' ids grouped by the lease they were claimed with, for one conditional statement per
/// lease (a claim's mails share one; grouped all the same).
fn by_lease(mails: &[&OutgoingMail]) -> Vec<(DateTime<Utc>, Vec<Uuid>)> {
    let mut groups: Vec<(DateTime<Utc>, Vec<Uuid>)> = Vec::new();
    for m in mails {
        match groups.iter_mut().find(|(lease, _)| *lease == m.lease_until) {
            Some((_, ids)) => ids.push(m.id),
            None => groups.push((m.lease_until, vec![m.id])),
        }
    }
    groups
}

/// Renews the lease on claimed mails for another `lease` from now, so that a claim outlives
/// its lease's length while its worker is alive (and only then: a dead worker's lease runs out
/// and another instance takes its mails). Each mail is renewed only if it is still held by the
/// lease it carries; `mails` keeps those, with their new lease, and loses the others (their
/// lease ran out and another worker may have claimed them: sending them now could send them
/// twice). Returns how many were lost.
pub async fn renew(db: &Db, mails: &mut Vec<OutgoingMail>, lease: Duration) -> Result<usize> {
    if mails.is_empty() {
        return Ok(0);
    }
    let held: Vec<&OutgoingMail> = mails.iter().collect();
    let groups = by_lease(&held);
    let until = now() + chrono_duration(lease);
    let mut changed = 0;
    for (old, ids) in &groups {
        let res = outbox::Entity::update_many()
            .col_expr(outbox::Column::LeaseUntil, Expr::value(until))
            .filter(outbox::Column::Id.is_in(ids.iter().copied()))
            .filter(outbox::Column::LeaseUntil.eq(*old))
            .filter(pending())
            .exec(db)
            .await?;
        changed += res.rows_affected;
    }
    let before = mails.len();
    if changed as usize != before {
        // Some were lost: keep those that now carry the new lease.
        let kept: std::collections::HashSet<Uuid> = outbox::Entity::find()
            .select_only()
            .column(outbox::Column::Id)
            .filter(outbox::Column::Id.is_in(mails.iter().map(|m| m.id)))
            .filter(outbox::Column::LeaseUntil.eq(until))
            .into_tuple()
            .all(db)
            .await?
            .into_iter()
            .collect();
        mails.retain(|m| kept.contains(&m.id));
    }
    for m in mails.iter_mut() {
        m.lease_until = until;
    }
    Ok(before - mails.len())
}

/// Gives claimed mails back unsent (the worker's lease is running out before it got to them):
/// their lease ends now and the claim's attempt is not counted, so the next claim takes them as
/// if they had never been claimed. Returns how many were still held by their lease.
pub async fn release(db: &Db, mails: &[&OutgoingMail]) -> Result<u64> {
    update_held(db, mails, |update| {
        update
            .col_expr(
                outbox::Column::LeaseUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(
                outbox::Column::Attempts,
                Expr::col(outbox::Column::Attempts).sub(1),
            )
    })
    .await
}

/// Records one mail as sent, if it is still held by the lease it was claimed (or last renewed)
/// with; `false` if not (its lease ran out, and another worker may have claimed it). The worker
/// calls it as soon as the mail server has accepted the mail, so that a crash sends again at
/// most the mail that was between the two.
pub async fn mark_sent(db: &Db, mail: &OutgoingMail) -> Result<bool> {
    let res = outbox::Entity::update_many()
        .col_expr(outbox::Column::SentAt, Expr::value(now()))
        .col_expr(
            outbox::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            outbox::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .filter(outbox::Column::Id.eq(mail.id))
        .filter(outbox::Column::LeaseUntil.eq(mail.lease_until))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Records a failed attempt: retry later with backoff, or give up after the last attempt.
pub async fn mark_failed(db: &Db, mail: &OutgoingMail, error: &str) -> Result<()> {
    let t = now();
    let mut q = outbox::Entity::update_many()
        .col_expr(
            outbox::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            outbox::Column::LastError,
            Expr::value(error.chars().take(2000).collect::<String>()),
        );
    if mail.attempt >= MAX_ATTEMPTS {
        q = q.col_expr(outbox::Column::FailedAt, Expr::value(t));
    } else {
        q = q.col_expr(
            outbox::Column::NextAttemptAt,
            Expr::value(t + chrono_duration(retry_delay(mail.attempt))),
        );
    }
    q.filter(outbox::Column::Id.eq(mail.id))
        .filter(outbox::Column::LeaseUntil.eq(mail.lease_until))
        .exec(db)
        .await?;
    Ok(())
}

/// Messages not yet sent nor given up.
pub async fn depth(db: &Db) -> Result<u64> {
    Ok(outbox::Entity::find().filter(pending()).count(db).await?)
}

/// How long the oldest due message has been waiting (zero when none is due): the mail job's lag.
pub async fn lag(db: &Db) -> Result<Duration> {
    let t = now();
    let oldest = outbox::Entity::find()
        .filter(pending())
        .filter(outbox::Column::NextAttemptAt.lte(t))
        .order_by_asc(outbox::Column::NextAttemptAt)
        .one(db)
        .await?;
    Ok(oldest
        .map(|m| (t - m.next_attempt_at).to_std().unwrap_or_default())
        .unwrap_or_default())
}

/// A message's state, for tests and operators.
pub async fn find(db: &Db, id: Uuid) -> Result<Option<outbox::Model>> {
    Ok(outbox::Entity::find_by_id(id).one(db).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_subjects_are_cut_on_a_character() {
        assert_eq!(fit_subject("投诉已收到".into()), "投诉已收到");
        let long = "规".repeat(1000);
        let cut = fit_subject(long);
        assert_eq!(cut.chars().count(), SUBJECT_MAX + 1);
        assert!(cut.ends_with('…'));
        let exact = "x".repeat(SUBJECT_MAX);
        assert_eq!(fit_subject(exact.clone()), exact);
    }
}
