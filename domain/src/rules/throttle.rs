//! Login throttling (登录限流): how many password checks an account, and an address, may cost
//! before further attempts are slowed down and then refused with 429 until the window passes.
//!
//! ## Attempts are reserved before the password is checked
//!
//! Every attempt that is going to check a password first *reserves* itself: in one write
//! transaction the service reads the standing of its keys (the [`Standing`] below, counted over
//! the window and including every reservation not yet resolved), decides with
//! [`decide_login`], and, unless refused, records the attempt under each key before it commits.
//! Only then is the password checked. A correct password removes its own reservation; a wrong
//! one leaves it as a failure. Concurrent requests for one key take turns on that transaction
//! (a lock per key in the database, so that it holds across instances too), so each sees the
//! reservations of those before it: of 100 simultaneous guesses at one account, five are checked
//! and 95 are refused. A reservation whose check never finishes (a crash) counts as a failure
//! until it leaves the window, which errs on the safe side.
//!
//! A success does not wipe the account's earlier failures: they leave the window as they age.
//! Wiping them would let a guesser who races the owner's own login get more than
//! [`ThrottlePolicy::ACCOUNT`]'s five checks in a window.
//!
//! ## Accounts: a hard bound
//!
//! Whatever the number of addresses and the concurrency, an account's password is checked at most
//! `refuse_after` (5) times per window with a wrong password. Once it has five failures, every
//! attempt at it, the right password included, is refused until the oldest leaves the window: the
//! bound on guessing is worth more than the owner's convenience, and it is what bounds a guesser
//! who controls many addresses.
//!
//! ## Addresses: never at an innocent account's expense
//!
//! Many people share an address (an office behind NAT; everyone behind a reverse proxy that is
//! not declared trusted). Refusing every attempt from a busy address would let one person's
//! failures — or an attacker's — lock everyone else there out of their own accounts. So an
//! address's standing ([`ThrottlePolicy::ADDRESS`]) is applied only to attempts at accounts that
//! this address has itself failed on within the window (the *pair* standing). An attempt at any
//! other account from it is judged by that account's standing alone: one address's failures never
//! make another account's correct login fail.
//!
//! What the address limit still buys: past 30 failures, an address gets no second try at any
//! account it has failed on (instead of five), and past 10 its retries are slowed. What it does
//! not: a guesser spraying one password across many accounts gets one check per account from an
//! address, bounded by the accounts' own limits; stopping that per address would mean refusing
//! the innocent accounts behind that address too.
//!
//! Addresses are the client's as established by the HTTP layer (the TCP peer, or a forwarding
//! header only when the peer is a declared trusted proxy).

use std::time::Duration;

/// The numbers of the throttle. Addresses get looser limits than accounts because many people
/// can share one address (an office behind NAT).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// Failures older than this are forgotten.
    pub window: Duration,
    /// From this many failures on, each attempt is delayed.
    pub slow_after: u32,
    /// From this many failures on, attempts are refused until the window passes.
    pub refuse_after: u32,
    /// The longest delay before an attempt is answered.
    pub max_delay: Duration,
}

impl ThrottlePolicy {
    pub const ACCOUNT: ThrottlePolicy = ThrottlePolicy {
        window: Duration::from_secs(15 * 60),
        slow_after: 3,
        refuse_after: 5,
        max_delay: Duration::from_secs(4),
    };
    pub const ADDRESS: ThrottlePolicy = ThrottlePolicy {
        window: Duration::from_secs(15 * 60),
        slow_after: 10,
        refuse_after: 30,
        max_delay: Duration::from_secs(4),
    };
}

/// What to do with the next login attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThrottleDecision {
    Allow,
    /// Answer, but only after this delay.
    Delay(Duration),
    /// Refuse without checking the password (nor reserving an attempt); the caller may retry
    /// after this long.
    Refuse {
        retry_after: Duration,
    },
}

impl ThrottleDecision {
    /// The stricter of two decisions (refusal beats delay beats allow; longer beats shorter).
    pub fn max(self, other: ThrottleDecision) -> ThrottleDecision {
        use ThrottleDecision::*;
        match (self, other) {
            (Refuse { retry_after: a }, Refuse { retry_after: b }) => Refuse {
                retry_after: a.max(b),
            },
            (r @ Refuse { .. }, _) | (_, r @ Refuse { .. }) => r,
            (Delay(a), Delay(b)) => Delay(a.max(b)),
            (d @ Delay(_), Allow) | (Allow, d @ Delay(_)) => d,
            (Allow, Allow) => Allow,
        }
    }
}

/// Decides from the failures inside the window: `failures` is their count and
/// `since_oldest` how long ago the oldest of them happened.
pub fn decide(policy: &ThrottlePolicy, failures: u32, since_oldest: Duration) -> ThrottleDecision {
    if failures >= policy.refuse_after {
        let retry_after = policy
            .window
            .saturating_sub(since_oldest)
            .max(Duration::from_secs(1));
        ThrottleDecision::Refuse { retry_after }
    } else if failures >= policy.slow_after {
        // 0.5 s, 1 s, 2 s, … doubling with each failure past the line, capped.
        let steps = failures - policy.slow_after;
        let delay = Duration::from_millis(500u64.saturating_mul(1u64 << steps.min(16)));
        ThrottleDecision::Delay(delay.min(policy.max_delay))
    } else {
        ThrottleDecision::Allow
    }
}

/// A key's attempts inside the window: failures and reservations not yet resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Standing {
    /// How many.
    pub failures: u32,
    /// How long ago the oldest of them was made (zero when there is none).
    pub since_oldest: Duration,
    /// How long ago the newest of them was made (zero when there is none).
    pub since_newest: Duration,
}

impl Standing {
    /// No attempts in the window.
    pub const CLEAN: Standing = Standing {
        failures: 0,
        since_oldest: Duration::ZERO,
        since_newest: Duration::ZERO,
    };
}

/// Where an attempt comes from, as far as throttling is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FromAddress {
    /// The address's attempts at any account.
    pub address: Standing,
    /// The address's attempts at this attempt's account.
    pub pair: Standing,
}

/// Decides a login attempt (see the module's documentation): the account's standing always
/// counts; the address's only when the address has itself failed on this account in the window.
pub fn decide_login(account: Standing, from: Option<FromAddress>) -> ThrottleDecision {
    let by_account = decide(
        &ThrottlePolicy::ACCOUNT,
        account.failures,
        account.since_oldest,
    );
    let Some(from) = from.filter(|f| f.pair.failures > 0) else {
        return by_account;
    };
    let policy = ThrottlePolicy::ADDRESS;
    let by_address = match decide(&policy, from.address.failures, from.address.since_oldest) {
        // The refusal also ends when this address's failures on this account have all left
        // the window, whichever comes first.
        ThrottleDecision::Refuse { retry_after } => ThrottleDecision::Refuse {
            retry_after: retry_after
                .min(policy.window.saturating_sub(from.pair.since_newest))
                .max(Duration::from_secs(1)),
        },
        d => d,
    };
    by_account.max(by_address)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ThrottleDecision::*;

    const P: ThrottlePolicy = ThrottlePolicy::ACCOUNT;

    #[test]
    fn few_failures_are_allowed() {
        assert_eq!(decide(&P, 0, Duration::ZERO), Allow);
        assert_eq!(decide(&P, 2, Duration::from_secs(60)), Allow);
    }

    #[test]
    fn failures_past_the_line_slow_down_then_refuse() {
        assert_eq!(
            decide(&P, 3, Duration::ZERO),
            Delay(Duration::from_millis(500))
        );
        assert_eq!(decide(&P, 4, Duration::ZERO), Delay(Duration::from_secs(1)));
        assert_eq!(
            decide(&P, 5, Duration::from_secs(60)),
            Refuse {
                retry_after: Duration::from_secs(14 * 60)
            }
        );
    }

    #[test]
    fn delay_is_capped_and_retry_after_is_at_least_a_second() {
        let p = ThrottlePolicy {
            refuse_after: 100,
            ..P
        };
        assert_eq!(decide(&p, 60, Duration::ZERO), Delay(P.max_delay));
        assert_eq!(
            decide(&P, 9, Duration::from_secs(3600)),
            Refuse {
                retry_after: Duration::from_secs(1)
            }
        );
    }

    #[test]
    fn stricter_decision_wins() {
        let r = Refuse {
            retry_after: Duration::from_secs(5),
        };
        assert_eq!(
            Allow.max(Delay(Duration::from_secs(1))),
            Delay(Duration::from_secs(1))
        );
        assert_eq!(
            Delay(Duration::from_secs(2)).max(Delay(Duration::from_secs(1))),
            Delay(Duration::from_secs(2))
        );
        assert_eq!(Delay(Duration::from_secs(2)).max(r), r);
        assert_eq!(
            r.max(Refuse {
                retry_after: Duration::from_secs(9)
            }),
            Refuse {
                retry_after: Duration::from_secs(9)
            }
        );
        assert_eq!(Allow.max(Allow), Allow);
    }

    #[test]
    fn decision_is_monotonic_in_failures() {
        fn rank(d: ThrottleDecision) -> (u8, Duration) {
            match d {
                Allow => (0, Duration::ZERO),
                Delay(x) => (1, x),
                Refuse { .. } => (2, Duration::ZERO),
            }
        }
        for p in [ThrottlePolicy::ACCOUNT, ThrottlePolicy::ADDRESS] {
            let mut prev = rank(decide(&p, 0, Duration::ZERO));
            for n in 1..100 {
                let cur = rank(decide(&p, n, Duration::ZERO));
                assert!(cur >= prev, "not monotonic at {n}");
                prev = cur;
            }
        }
    }

    fn standing(failures: u32, oldest_secs: u64, newest_secs: u64) -> Standing {
        Standing {
            failures,
            since_oldest: Duration::from_secs(oldest_secs),
            since_newest: Duration::from_secs(newest_secs),
        }
    }

    #[test]
    fn the_account_limit_holds_whatever_the_address() {
        let five = standing(5, 60, 10);
        for from in [
            None,
            Some(FromAddress {
                address: Standing::CLEAN,
                pair: Standing::CLEAN,
            }),
            Some(FromAddress {
                address: standing(40, 100, 1),
                pair: standing(1, 50, 50),
            }),
        ] {
            assert_eq!(
                decide_login(five, from),
                Refuse {
                    retry_after: Duration::from_secs(14 * 60)
                },
                "{from:?}"
            );
        }
        assert_eq!(
            decide_login(standing(4, 1, 1), None),
            Delay(Duration::from_secs(1))
        );
        assert_eq!(decide_login(Standing::CLEAN, None), Allow);
    }

    #[test]
    fn a_busy_address_does_not_touch_accounts_it_has_not_failed_on() {
        // Far past the address's limit, on other accounts only.
        let from = FromAddress {
            address: standing(500, 600, 0),
            pair: Standing::CLEAN,
        };
        assert_eq!(decide_login(Standing::CLEAN, Some(from)), Allow);
        // The account's own standing still counts.
        assert_eq!(
            decide_login(standing(3, 5, 5), Some(from)),
            Delay(Duration::from_millis(500))
        );
    }

    #[test]
    fn a_busy_address_gets_no_second_try_at_an_account_it_failed_on() {
        let from = FromAddress {
            address: standing(30, 300, 0),
            pair: standing(1, 240, 240),
        };
        // The account has one failure (this address's) and alone would allow a retry. Refused
        // until the address's oldest failure leaves the window (10 min) or its failure on this
        // account does (11 min), whichever is first.
        assert_eq!(
            decide_login(standing(1, 240, 240), Some(from)),
            Refuse {
                retry_after: Duration::from_secs(10 * 60)
            }
        );
        let from = FromAddress {
            address: standing(30, 100, 0),
            pair: standing(2, 840, 800),
        };
        assert_eq!(
            decide_login(standing(2, 840, 800), Some(from)),
            Refuse {
                retry_after: Duration::from_secs(100)
            }
        );
        // Between the slow and the refuse line the address's retries are slowed.
        let from = FromAddress {
            address: standing(12, 100, 0),
            pair: standing(1, 10, 10),
        };
        assert_eq!(
            decide_login(standing(1, 10, 10), Some(from)),
            Delay(Duration::from_secs(2))
        );
    }

    #[test]
    fn checks_per_account_are_bounded_whatever_the_number_of_addresses() {
        // 200 attempts at one account, each from a fresh address, each reserving (and failing)
        // unless refused: five checks in the window, no more.
        let mut checks = 0u32;
        for _ in 0..200 {
            let from = FromAddress {
                address: Standing::CLEAN,
                pair: Standing::CLEAN,
            };
            if !matches!(
                decide_login(standing(checks, 60, 0), Some(from)),
                Refuse { .. }
            ) {
                checks += 1;
            }
        }
        assert_eq!(checks, ThrottlePolicy::ACCOUNT.refuse_after);
    }
}
