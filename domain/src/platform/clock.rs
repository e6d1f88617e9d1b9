//! Time as the services use it.

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use std::time::Duration;

/// Now, at the microsecond precision both engines store, so a value written and read back is
/// equal to itself (the audit chain hashes times).
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// Today in China (Asia/Shanghai, UTC+8 without daylight saving): certificates run by calendar
/// day there.
pub fn today_in_china() -> NaiveDate {
    (Utc::now() + chrono::Duration::hours(8)).date_naive()
}

/// A standard duration as chrono's, saturating (a configured lease or session length is never
/// out of range in practice, and saturating beats a panic if one is).
pub(crate) fn chrono_duration(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}
