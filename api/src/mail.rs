//! Sending the outbox with lettre: SMTP when configured, otherwise .eml files in the data
//! directory (so the embedded default needs no mail server).

use crate::metrics as m;
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncFileTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::Path;
use std::time::{Duration, Instant};
use tokio::sync::watch;
use zjcs_domain::service::outbox::{self, OutgoingMail};
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

/// The outbox worker: claims due mail with a lease, sends it at most `rate` a second, records the
/// outcome; also keeps the outbox depth and lag gauges current. Runs until `stop` turns true.
///
/// Why a rate: mail servers limit how fast a sender may send (and mark one that sends too fast
/// as a spammer), and mail is never urgent to the second, while the requests that queue it are:
/// in the last seconds before a deadline every bid queues a mail, and a worker sending them as
/// fast as they come takes the processor from the bids (in the PostgreSQL bid storm, where the
/// readers and the bids already share two cores, about a tenth of it). The backlog goes out after
/// the burst.
pub async fn run_worker(
    db: Db,
    mailer: Mailer,
    from: Mailbox,
    rate: u32,
    mut stop: watch::Receiver<bool>,
) {
    let mut pace = Pace::new(rate, Instant::now());
    const LEASE: Duration = Duration::from_secs(120);
    const IDLE: Duration = Duration::from_millis(500);
    // Mails claimed at a time. Each claim scans the pending end of the outbox, and under a
    // burst (a bid storm queues a mail a bid) that end is full of the versions the previous
    // claims left behind: in the PostgreSQL bid storm, claims of 20 cost the database 0.13 ms a
    // mail (645 ms for 5,000 mails, most of it the claim's scan), claims of 100 0.044 ms. A
    // claim's lease (two minutes) still covers 100 mails sent one after another over SMTP.
    const CLAIM: u64 = 100;
    // A mail is sent only if its lease has at least this long left (an SMTP exchange may take
    // up to lettre's timeout of a minute).
    const LEASE_MARGIN: chrono::TimeDelta = chrono::TimeDelta::seconds(65);
    // The depth and lag gauges are read when idle, and at most this often while busy.
    const GAUGES_EVERY: Duration = Duration::from_secs(1);
    let mut gauges_read = Instant::now();
    loop {
        if *stop.borrow() {
            break;
        }
        let claimed = match outbox::claim_due(&db, CLAIM, LEASE).await {
            Ok(c) => c,
            Err(e) => {
                tracing::warn!(error = %e, "outbox claim failed");
                Vec::new()
            }
        };
        let mut sent = Vec::with_capacity(claimed.len());
        let mut unsent = Vec::new();
        for mail in &claimed {
            // Only while the lease holds with a margin: past it another worker may claim the
            // mail too and it would go out twice. The rest go back to the outbox.
            if zjcs_domain::service::now() + LEASE_MARGIN >= mail.lease_until {
                unsent.push(mail);
                continue;
            }
            let wait = pace.take(Instant::now());
            if !wait.is_zero() {
                if !*stop.borrow() {
                    tokio::select! {
                        _ = tokio::time::sleep(wait) => {}
                        _ = stop.changed() => {}
                    }
                }
                if *stop.borrow() {
                    // Stopping: the rest go back to the outbox for the next start.
                    unsent.push(mail);
                    continue;
                }
            }
            match mailer.send(&from, mail).await {
                Ok(()) => {
                    m::mail_sent("sent");
                    sent.push(mail);
                }
                Err(err) => {
                    m::mail_sent("failed");
                    tracing::warn!(id = %mail.id, attempt = mail.attempt, %err, "mail send failed; will retry");
                    if let Err(e) = outbox::mark_failed(&db, mail, &err).await {
                        tracing::error!(error = %e, id = %mail.id, "could not record send failure");
                    }
                }
            }
        }
        if !unsent.is_empty() {
            tracing::warn!(
                mails = unsent.len(),
                "the outbox lease ran short; giving mails back"
            );
            if let Err(e) = outbox::release(&db, &unsent).await {
                tracing::error!(error = %e, "could not give mails back (they return when their lease ends)");
            }
        }
        // Marked together: one statement for the claim's sent mails (under a burst of mail —
        // a bid storm sends one per bid — a statement per mail was most of the outbox's load).
        if !sent.is_empty()
            && let Err(e) = outbox::mark_sent_many(&db, &sent).await
        {
            tracing::error!(error = %e, mails = sent.len(), "sent but could not mark sent");
        }
        if claimed.is_empty() || gauges_read.elapsed() >= GAUGES_EVERY {
            gauges_read = Instant::now();
            if let (Ok(depth), Ok(lag)) = (outbox::depth(&db).await, outbox::lag(&db).await) {
                m::outbox_gauges(depth, lag);
            }
        }
        if claimed.is_empty() {
            tokio::select! {
                _ = tokio::time::sleep(IDLE) => {}
                _ = stop.changed() => {}
            }
        }
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
