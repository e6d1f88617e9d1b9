//! Login throttling (登录限流): repeated failures for one account or one address first slow down
//! further attempts, then refuse them with 429 until the window has passed.

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
    /// Refuse without checking the password; the caller may retry after this long.
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
}
