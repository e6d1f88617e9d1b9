//! The mail outbox's leases: how long a claim holds its mails, when the worker renews it, until
//! when it may start sending under it, and how many mails it claims at a time.
//!
//! A lease is what keeps two instances from sending one mail: a mail is claimed only where no
//! live lease is on it. It is also what makes a dead instance's mails wait: nobody takes them
//! until its lease runs out. So leases are short and renewed while the work runs, and a claim
//! is no larger than what goes out in a couple of seconds at the instance's rate; then another
//! instance takes a killed instance's mails within [`OutboxLease::takeover_within`].

use chrono::{DateTime, TimeDelta, Utc};

/// The timing of the outbox's leases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutboxLease {
    /// A claim (or a renewal) holds its mails this long.
    pub length: TimeDelta,
    /// The holder renews the lease once this much of it has passed.
    pub renew_every: TimeDelta,
    /// A mail is sent only while at least this much of the lease is left: a renewal that fails
    /// (the database is unreachable) stops the sending before the lease can run out during an
    /// SMTP exchange, after which another instance could send the mail too.
    pub margin: TimeDelta,
    /// How often an idle worker looks for due mail.
    pub poll: TimeDelta,
    /// A claim is what the worker sends in this long at its rate (see [`claim_size`]).
    pub claim_span: TimeDelta,
}

/// The leases the outbox worker takes.
pub const OUTBOX_LEASE: OutboxLease = OutboxLease {
    length: TimeDelta::seconds(10),
    renew_every: TimeDelta::seconds(3),
    margin: TimeDelta::seconds(4),
    poll: TimeDelta::milliseconds(500),
    claim_span: TimeDelta::seconds(2),
};

/// The most mails a claim takes, whatever the rate: each claim scans the pending end of the
/// outbox, and under a burst of mail that scan is most of the outbox's cost (see the bench
/// README's PostgreSQL bid storm).
pub const MAX_CLAIM: u64 = 100;

impl OutboxLease {
    /// Whether a lease that holds until `held_until` is due for renewal at `now`.
    pub fn renewal_due(&self, held_until: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        held_until - now <= self.length - self.renew_every
    }

    /// Whether a mail held until `held_until` may still be sent at `now`.
    pub fn may_send(&self, held_until: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        held_until - now >= self.margin
    }

    /// The longest a mail can wait after its holder dies before another instance claims it: the
    /// rest of the dead holder's lease (at most its length), plus a live instance's finishing
    /// the claim it is sending and then looking again.
    pub fn takeover_within(&self) -> TimeDelta {
        self.length + self.claim_span + self.poll
    }

    /// How many mails a claim takes at `rate` mails a second.
    pub fn claim_size(&self, rate: u32) -> u64 {
        let per_span = (u64::from(rate) * self.claim_span.num_milliseconds().max(0) as u64) / 1000;
        per_span.clamp(1, MAX_CLAIM)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + secs, 0).unwrap()
    }

    #[test]
    fn another_instance_takes_a_dead_instances_mail_within_fifteen_seconds() {
        assert!(OUTBOX_LEASE.takeover_within() <= TimeDelta::seconds(15));
    }

    #[test]
    fn a_lease_is_renewed_after_renew_every_and_a_renewed_lease_is_due_again_later() {
        let l = OUTBOX_LEASE;
        let claimed = at(0);
        let until = claimed + l.length;
        assert!(!l.renewal_due(until, claimed));
        assert!(!l.renewal_due(until, at(2)));
        assert!(l.renewal_due(until, at(3)));
        assert!(l.renewal_due(until, at(9)));
        let renewed = at(3) + l.length;
        assert!(!l.renewal_due(renewed, at(4)));
        assert!(l.renewal_due(renewed, at(6)));
    }

    #[test]
    fn while_renewals_succeed_sending_never_stops_and_one_failed_renewal_does_not_stop_it() {
        let l = OUTBOX_LEASE;
        // Renewed on time, the least a lease has left is length − renew_every.
        assert!(l.may_send(at(0) + l.length - l.renew_every, at(0)));
        // A renewal that fails is tried again renew_every later; until then sending goes on.
        assert!(l.may_send(at(0) + l.length - l.renew_every * 2, at(0)));
        // Past the margin nothing more goes under the lease.
        assert!(!l.may_send(at(0) + l.margin - TimeDelta::milliseconds(1), at(0)));
        assert!(!l.may_send(at(0), at(1)));
    }

    #[test]
    fn a_claim_is_what_goes_out_in_the_claim_span_at_the_rate() {
        let l = OUTBOX_LEASE;
        assert_eq!(l.claim_size(1), 2);
        assert_eq!(l.claim_size(5), 10);
        assert_eq!(l.claim_size(20), 40);
        assert_eq!(l.claim_size(100), MAX_CLAIM);
        assert_eq!(l.claim_size(100_000), MAX_CLAIM);
        assert_eq!(l.claim_size(0), 1);
    }
}
