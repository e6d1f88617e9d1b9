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
use crate::store::outbox::{AfterFailure, HeldChange, RowToInsert};
use crate::store::{self, DatabaseTransaction, Db};
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
    let id = row.id;
    store::insert(tx, row).await?;
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
    store::outbox::enqueue_many(tx, mails.into_iter().map(mail_row).collect()).await
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
pub(crate) fn rows(mails: Vec<Mail>) -> Vec<RowToInsert> {
    store::outbox::to_insert(mails.into_iter().map(mail_row).collect())
}

fn mail_row(m: Mail) -> outbox::Model {
    row(m.to, m.subject, m.body_text)
}

fn row(to: String, subject: String, body_text: String) -> outbox::Model {
    let t = now();
    outbox::Model {
        id: Uuid::new_v4(),
        to_addr: to,
        subject: fit_subject(subject),
        body_text,
        created_at: t,
        attempts: 0,
        next_attempt_at: t,
        lease_until: None,
        sent_at: None,
        failed_at: None,
        last_error: None,
    }
}

/// Claims up to `limit` due messages with a lease of `lease`. Each claim is a conditional
/// UPDATE that succeeds only if nobody holds a live lease, so concurrent workers split the work.
pub async fn claim_due(db: &Db, limit: u64, lease: Duration) -> Result<Vec<OutgoingMail>> {
    let t = now();
    let candidates: Vec<Uuid> = store::outbox::due_unleased(db, t, limit).await?;
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let lease_until = t + chrono_duration(lease);
    // One conditional UPDATE for all of them (see `store::outbox::claim`).
    let mut claimed: Vec<OutgoingMail> = store::outbox::claim(db, &candidates, t, lease_until)
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
    update_held(db, mails, || HeldChange::Sent(now())).await
}

/// Applies the change `change` gives to those of `mails` still held by the lease they were
/// claimed with, one conditional statement per lease ([`by_lease`]); returns how many rows it
/// changed.
async fn update_held(
    db: &Db,
    mails: &[&OutgoingMail],
    change: impl Fn() -> HeldChange,
) -> Result<u64> {
    let mut changed = 0;
    for (lease, ids) in by_lease(mails) {
        changed += store::outbox::change_held(db, ids, lease, change()).await?;
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
        changed += store::outbox::renew_lease(db, ids, *old, until).await?;
    }
    let before = mails.len();
    if changed as usize != before {
        // Some were lost: keep those that now carry the new lease.
        let kept: std::collections::HashSet<Uuid> =
            store::outbox::held_by(db, mails.iter().map(|m| m.id), until)
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
    update_held(db, mails, || HeldChange::Released).await
}

/// Records one mail as sent, if it is still held by the lease it was claimed (or last renewed)
/// with; `false` if not (its lease ran out, and another worker may have claimed it). The worker
/// calls it as soon as the mail server has accepted the mail, so that a crash sends again at
/// most the mail that was between the two.
pub async fn mark_sent(db: &Db, mail: &OutgoingMail) -> Result<bool> {
    store::outbox::mark_sent(db, mail.id, mail.lease_until, now()).await
}

/// Records a failed attempt: retry later with backoff, or give up after the last attempt.
pub async fn mark_failed(db: &Db, mail: &OutgoingMail, error: &str) -> Result<()> {
    let t = now();
    let then = if mail.attempt >= MAX_ATTEMPTS {
        AfterFailure::GiveUp(t)
    } else {
        AfterFailure::RetryAt(t + chrono_duration(retry_delay(mail.attempt)))
    };
    let error = error.chars().take(2000).collect::<String>();
    store::outbox::mark_failed(db, mail.id, mail.lease_until, error, then).await
}

/// Messages not yet sent nor given up.
pub async fn depth(db: &Db) -> Result<u64> {
    store::outbox::pending_count(db).await
}

/// How long the oldest due message has been waiting (zero when none is due): the mail job's lag.
pub async fn lag(db: &Db) -> Result<Duration> {
    let t = now();
    let oldest = store::outbox::oldest_due(db, t).await?;
    Ok(oldest
        .map(|m| (t - m.next_attempt_at).to_std().unwrap_or_default())
        .unwrap_or_default())
}

/// A message's state, for tests and operators.
pub async fn find(db: &Db, id: Uuid) -> Result<Option<outbox::Model>> {
    store::find::<outbox::Model>(db, id).await
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
