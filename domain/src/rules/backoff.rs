//! Retry backoff for the mail outbox: exponential with a cap, and a limit after which a message
//! is given up (and stays visible as failed, never silently dropped).

use std::time::Duration;

/// After this many failed attempts a message is marked failed.
pub const MAX_ATTEMPTS: i32 = 8;

/// How long to wait before attempt `attempts + 1`, given that `attempts` have failed:
/// 30 s, 1 min, 2 min, … capped at one hour.
pub fn retry_delay(attempts: i32) -> Duration {
    let n = attempts.clamp(1, 20) as u32 - 1;
    Duration::from_secs(30u64.saturating_mul(1 << n)).min(Duration::from_secs(3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_then_caps() {
        assert_eq!(retry_delay(1), Duration::from_secs(30));
        assert_eq!(retry_delay(2), Duration::from_secs(60));
        assert_eq!(retry_delay(3), Duration::from_secs(120));
        assert_eq!(retry_delay(8), Duration::from_secs(3600));
        assert_eq!(retry_delay(1000), Duration::from_secs(3600));
        assert_eq!(retry_delay(0), Duration::from_secs(30));
        assert_eq!(retry_delay(-5), Duration::from_secs(30));
    }
}
