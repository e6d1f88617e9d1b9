//! Times as people here read them: stored in UTC, shown in Asia/Shanghai (UTC+8, no daylight
//! saving, so a fixed offset is exact).

use chrono::{DateTime, FixedOffset, Utc};

/// `2025-03-01 09:30` in Beijing time.
pub fn shanghai(t: DateTime<Utc>) -> String {
    match FixedOffset::east_opt(8 * 3600) {
        Some(tz) => t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
        None => t.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_beijing_time() {
        let t = DateTime::parse_from_rfc3339("2025-01-31T17:05:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(shanghai(t), "2025-02-01 01:05");
    }
}
