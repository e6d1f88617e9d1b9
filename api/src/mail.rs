//! Sending the outbox with lettre: SMTP when configured, otherwise .eml files in the data
//! directory (so the embedded default needs no mail server).

use crate::metrics as m;
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncFileTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::Path;
use std::time::{Duration, Instant};
use tokio::sync::watch;
use zjcs_domain::platform::outbox::{self, OutgoingMail};
use zjcs_domain::rules::lease::OUTBOX_LEASE;
use zjcs_domain::store::Db;

/// Where mail goes.
#[derive(Clone)]
pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>),
}

impl Mailer {
    /// SMTP from a URL (`smtp://host:port`, `smtps://…`, `smtp://…?tls=required`), or files.
    pub fn new(smtp_url: Option<&str>, mail_dir: &Path) -> anyhow::Result<Mailer> {
        match smtp_url {
            Some(url) if !url.is_empty() => {
                let t = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?
                    .timeout(Some(Duration::from_secs(20)))
                    .build();
                Ok(Mailer::Smtp(t))
            }
            _ => {
                std::fs::create_dir_all(mail_dir)?;
                Ok(Mailer::Files(AsyncFileTransport::new(mail_dir)))
            }
        }
    }

    /// Sends one message; the error text is kept on the outbox row for operators.
    pub async fn send(&self, from: &Mailbox, mail: &OutgoingMail) -> Result<(), String> {
        let to: Mailbox = mail.to.parse().map_err(|e| format!("bad recipient: {e}"))?;
        let msg = Message::builder()
            .from(from.clone())
            .to(to)
            .subject(&mail.subject)
            // Derived from the outbox id: a receiver can recognise a resend of the same mail.
            .message_id(Some(format!("<{}@zjcs>", mail.id)))
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body_text.clone())
            .map_err(|e| format!("build message: {e}"))?;
        match self {
            Mailer::Smtp(t) => t.send(msg).await.map(|_| ()).map_err(|e| e.to_string()),
            Mailer::Files(t) => t.send(msg).await.map(|_| ()).map_err(|e| e.to_string()),
        }
    }
}

/// Paces sending to `rate` mails a second on average, letting a second's worth go at once.
struct Pace {
    every: Duration,
    burst: Duration,
    /// When the next mail may go.
    next: Instant,
}

impl Pace {
    fn new(rate: u32, now: Instant) -> Self {
        let every = Duration::from_secs(1) / rate.max(1);
        // `rate` mails at once: this one and the slots of the second before it.
        let burst = Duration::from_secs(1) - every;
        Self {
            every,
            burst,
            next: now.checked_sub(burst).unwrap_or(now),
        }
    }

    /// How long after `now` the next mail may go (zero: at once); counts it as sent.
    fn take(&mut self, now: Instant) -> Duration {
        // Unused time beyond the burst is not saved up.
        self.next = self.next.max(now.checked_sub(self.burst).unwrap_or(now));
        let wait = self.next.saturating_duration_since(now);
        self.next += self.every;
        wait
    }
}

/// The outbox worker: claims due mail with a short lease, sends it at most `rate` a second,
/// records each outcome as it comes; also keeps the outbox depth and lag gauges current. Runs
/// until `stop` turns true.
///
/// Each mail is marked sent as soon as the mail server has accepted it, before the next one is
/// sent, so a worker killed at any instant leaves at most one mail accepted and unmarked: that
/// one goes again (with the same Message-ID), no other. The claim's lease is renewed while the
/// worker works (also during a slow SMTP exchange), and is short, so a killed worker's claimed
/// mails go to another instance within [`OUTBOX_LEASE`]`.takeover_within()`.
///
/// Why a rate: mail servers limit how fast a sender may send (and mark one that sends too fast
/// as a spammer), and mail is never urgent to the second, while the requests that queue it are:
/// in the last seconds before a deadline every bid queues a mail, and a worker sending them as
/// fast as they come takes a share of the processor from the bids (the PostgreSQL bid storm
/// showed it, where the readers and the bids already share the cores; figures:
/// tests/bench/README.md, section "PostgreSQL: where the rest went"). The backlog goes out after
/// the burst.
pub async fn run_worker(
    db: Db,
    mailer: Mailer,
    from: Mailbox,
    rate: u32,
    mut stop: watch::Receiver<bool>,
) {
    let mut pace = Pace::new(rate, Instant::now());
    let rules = OUTBOX_LEASE;
    let lease = rules.length.to_std().unwrap_or(Duration::from_secs(10));
    let renew_every = rules.renew_every.to_std().unwrap_or(Duration::from_secs(3));
    let idle = rules.poll.to_std().unwrap_or(Duration::from_millis(500));
    // What goes out in a couple of seconds at the rate (at most 100: see MAX_CLAIM): a claim
    // larger than that would keep its mails from the other instances for longer, and a killed
    // worker's from being taken over while a live one works through its own.
    let claim = rules.claim_size(rate);
    // The depth and lag gauges are read when idle, and at most this often while busy.
    const GAUGES_EVERY: Duration = Duration::from_secs(1);
    let mut gauges_read = Instant::now();
    loop {
        if *stop.borrow() {
            break;
        }
        let mut held = match outbox::claim_due(&db, claim, lease).await {
            Ok(c) => c,
            Err(e) => {
                tracing::warn!(error = %e, "outbox claim failed");
                Vec::new()
            }
        };
        let claimed_any = !held.is_empty();
        let mut last_renewal: Option<Instant> = None;
        // `held` is the claim's mails not yet sent, in order; the first is the next to go.
        while let Some(first) = held.first() {
            let now = zjcs_domain::platform::clock::now();
            // A renewal that failed is tried again a second later, not at once.
            if rules.renewal_due(first.lease_until, now)
                && last_renewal.is_none_or(|t| t.elapsed() >= Duration::from_secs(1))
            {
                last_renewal = Some(Instant::now());
                renew(&db, &mut held, lease).await;
                continue;
            }
            // Only while the lease holds with a margin (renewals failing: the database is
            // unreachable): past it another worker may claim the mail too and it would go out
            // twice. The rest go back to the outbox.
            if !rules.may_send(first.lease_until, now) {
                tracing::warn!(
                    mails = held.len(),
                    "the outbox lease ran short; giving mails back"
                );
                break;
            }
            let wait = pace.take(Instant::now());
            if !wait.is_zero() {
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = stop.changed() => {}
                }
            }
            if *stop.borrow() {
                // Stopping: the rest go back to the outbox for the next start.
                break;
            }
            let mail = held[0].clone();
            // The lease is renewed while the mail server takes its time.
            let result = {
                let send = mailer.send(&from, &mail);
                tokio::pin!(send);
                loop {
                    tokio::select! {
                        r = &mut send => break r,
                        _ = tokio::time::sleep(renew_every) => renew(&db, &mut held, lease).await,
                    }
                }
            };
            // The mail as held now (a renewal during the exchange gave it a new lease), or
            // none if its lease was lost meanwhile.
            let now_held = match held.first() {
                Some(m) if m.id == mail.id => Some(held.remove(0)),
                _ => None,
            };
            match (result, now_held) {
                (Ok(()), Some(m)) => {
                    m::mail_sent("sent");
                    match outbox::mark_sent(&db, &m).await {
                        Ok(true) => {}
                        Ok(false) => {
                            tracing::warn!(id = %m.id, "sent after its lease ran out; it may go twice")
                        }
                        Err(e) => {
                            tracing::error!(error = %e, id = %m.id, "sent but could not mark sent; it will go again")
                        }
                    }
                }
                (Ok(()), None) => {
                    m::mail_sent("sent");
                    tracing::warn!(id = %mail.id, "sent after its lease was lost; it may go twice");
                }
                (Err(err), held_now) => {
                    m::mail_sent("failed");
                    tracing::warn!(id = %mail.id, attempt = mail.attempt, %err, "mail send failed; will retry");
                    if let Some(m) = held_now
                        && let Err(e) = outbox::mark_failed(&db, &m, &err).await
                    {
                        tracing::error!(error = %e, id = %m.id, "could not record send failure");
                    }
                }
            }
        }
        if !held.is_empty() {
            let back: Vec<&OutgoingMail> = held.iter().collect();
            if let Err(e) = outbox::release(&db, &back).await {
                tracing::error!(error = %e, "could not give mails back (they return when their lease ends)");
            }
        }
        if !claimed_any || gauges_read.elapsed() >= GAUGES_EVERY {
            gauges_read = Instant::now();
            if let (Ok(depth), Ok(lag)) = (outbox::depth(&db).await, outbox::lag(&db).await) {
                m::outbox_gauges(depth, lag);
            }
        }
        if !claimed_any {
            tokio::select! {
                _ = tokio::time::sleep(idle) => {}
                _ = stop.changed() => {}
            }
        }
    }
}

/// Renews the claim's lease; mails whose lease was lost are dropped from `held` (another
/// worker may have them). A failed renewal keeps the old lease, and the worker stops sending
/// when that runs short.
async fn renew(db: &Db, held: &mut Vec<OutgoingMail>, lease: Duration) {
    match outbox::renew(db, held, lease).await {
        Ok(0) => {}
        Ok(lost) => tracing::warn!(mails = lost, "outbox lease lost; another worker has them"),
        Err(e) => tracing::warn!(error = %e, "outbox lease renewal failed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pace_lets_a_seconds_worth_go_at_once_then_spaces_mails_evenly() {
        let t0 = Instant::now();
        let mut pace = Pace::new(10, t0);
        for _ in 0..10 {
            assert_eq!(pace.take(t0), Duration::ZERO);
        }
        // The eleventh waits a tenth of a second, the next two tenths.
        assert_eq!(pace.take(t0), Duration::from_millis(100));
        assert_eq!(pace.take(t0), Duration::from_millis(200));
        // Sending on schedule keeps the rate: the slot after those two is at 0.3 s.
        let t1 = t0 + Duration::from_millis(300);
        assert_eq!(pace.take(t1), Duration::ZERO);
        assert_eq!(pace.take(t1), Duration::from_millis(100));
        // After a long idle time only a second's worth goes at once again.
        let t2 = t1 + Duration::from_secs(60);
        for _ in 0..10 {
            assert_eq!(pace.take(t2), Duration::ZERO);
        }
        assert_eq!(pace.take(t2), Duration::from_millis(100));
    }
}
