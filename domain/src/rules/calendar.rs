//! Working days (工作日). Policy deadlines — the registration window, the award notice period,
//! the contract deadline, a complaint's acceptance limit — count working days: Monday to Friday,
//! minus public holidays, plus the weekend days that are worked in exchange (调休).
//!
//! The holidays change every year by the State Council's notice, so the calendar is data, not
//! code: an operator loads each year's days in the text form [`Calendar::parse`] reads. Without
//! any, the calendar counts Monday to Friday.

use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::BTreeMap;

/// What a listed day is, against its weekday's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    /// A public holiday (or a day off in exchange) on a weekday.
    Holiday,
    /// A weekend day that is worked (调休上班).
    Workday,
}

/// A holiday calendar: the days that differ from Monday-to-Friday.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    days: BTreeMap<NaiveDate, (DayKind, String)>,
}

/// A line of a calendar file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarLineError {
    /// 1-based.
    pub line: usize,
    pub reason: &'static str,
}

impl Calendar {
    /// Reads a calendar: one day per line, `YYYY-MM-DD holiday|workday [name]`; blank lines and
    /// lines starting with `#` are skipped. Every bad line is reported.
    ///
    /// ```text
    /// # 2026 国庆节、中秋节
    /// 2026-10-01 holiday 国庆节
    /// 2026-10-10 workday 国庆节调休
    /// ```
    pub fn parse(text: &str) -> Result<Calendar, Vec<CalendarLineError>> {
        let mut cal = Calendar::default();
        let mut errors = Vec::new();
        for (n, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.splitn(3, char::is_whitespace);
            let date = parts.next().unwrap_or("");
            let kind = parts.next().unwrap_or("").trim();
            let name = parts.next().unwrap_or("").trim().to_owned();
            let err = |reason| CalendarLineError {
                line: n + 1,
                reason,
            };
            let Ok(date) = NaiveDate::parse_from_str(date, "%Y-%m-%d") else {
                errors.push(err("calendar.date.invalid"));
                continue;
            };
            let kind = match kind {
                "holiday" => DayKind::Holiday,
                "workday" => DayKind::Workday,
                _ => {
                    errors.push(err("calendar.kind.invalid"));
                    continue;
                }
            };
            if cal.days.insert(date, (kind, name)).is_some() {
                errors.push(err("calendar.date.repeated"));
            }
        }
        if errors.is_empty() {
            Ok(cal)
        } else {
            Err(errors)
        }
    }

    /// Whether people work on that day.
    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        match self.days.get(&day) {
            Some((DayKind::Holiday, _)) => false,
            Some((DayKind::Workday, _)) => true,
            None => !matches!(day.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The holiday's name, for a listed day.
    pub fn name_of(&self, day: NaiveDate) -> Option<&str> {
        self.days.get(&day).map(|(_, n)| n.as_str())
    }

    /// The day on which `n` working days after `from` have passed: the `n`-th working day
    /// after `from` (`from` itself does not count). With `n = 0`, `from`.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut day = from;
        let mut left = n;
        while left > 0 {
            day = day.succ_opt().expect("dates far from the end of time");
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// Working days after `from` up to and including `to` (0 when `to` is not after `from`).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        from.iter_days()
            .skip(1)
            .take_while(|d| *d <= to)
            .filter(|d| self.is_working_day(*d))
            .count() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// A made-up week: a Thursday and Friday off, worked back on the Saturday after.
    fn cal() -> Calendar {
        Calendar::parse(
            "# test\n\n2026-10-01 holiday 国庆节\n2026-10-02 holiday 国庆节\n2026-10-10 workday 国庆节调休\n",
        )
        .unwrap()
    }

    #[test]
    fn weekdays_holidays_and_worked_weekends() {
        let c = cal();
        assert!(c.is_working_day(d("2026-09-30"))); // Wednesday
        assert!(!c.is_working_day(d("2026-10-01"))); // Thursday, holiday
        assert!(!c.is_working_day(d("2026-10-03"))); // Saturday
        assert!(c.is_working_day(d("2026-10-10"))); // Saturday, worked
        assert_eq!(c.name_of(d("2026-10-10")), Some("国庆节调休"));
        assert_eq!(c.name_of(d("2026-10-05")), None);
    }

    #[test]
    fn counting_forward() {
        let c = cal();
        // From Wednesday 30 Sep: Thu and Fri are off, the weekend too; Mon 5 Oct is the first.
        assert_eq!(c.add_working_days(d("2026-09-30"), 1), d("2026-10-05"));
        assert_eq!(c.add_working_days(d("2026-09-30"), 3), d("2026-10-07"));
        // Through the worked Saturday.
        assert_eq!(c.add_working_days(d("2026-10-08"), 2), d("2026-10-10"));
        assert_eq!(c.add_working_days(d("2026-10-08"), 0), d("2026-10-08"));
        // Without a calendar: Friday + 1 is Monday.
        assert_eq!(
            Calendar::default().add_working_days(d("2026-11-20"), 1),
            d("2026-11-23")
        );
        assert_eq!(c.working_days_between(d("2026-09-30"), d("2026-10-07")), 3);
        assert_eq!(c.working_days_between(d("2026-10-07"), d("2026-09-30")), 0);
    }

    #[test]
    fn every_bad_line_is_reported() {
        let errors = Calendar::parse(
            "2026-13-01 holiday\n2026-10-01 off\n2026-10-01 holiday\n2026-10-01 workday\n",
        )
        .unwrap_err();
        assert_eq!(
            errors,
            vec![
                CalendarLineError {
                    line: 1,
                    reason: "calendar.date.invalid"
                },
                CalendarLineError {
                    line: 2,
                    reason: "calendar.kind.invalid"
                },
                CalendarLineError {
                    line: 4,
                    reason: "calendar.date.repeated"
                },
            ]
        );
    }

    proptest! {
        /// Adding n working days lands on a working day, n of them away; counting is the inverse.
        #[test]
        fn adding_and_counting_agree(start in 0u32..3000, n in 0u32..40, off in proptest::collection::btree_set(0u32..3100, 0..60)) {
            let base = d("2024-01-01");
            let mut text = String::new();
            for o in off {
                let day = base + chrono::Days::new(o as u64);
                let kind = if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) { "workday" } else { "holiday" };
                text.push_str(&format!("{day} {kind}\n"));
            }
            let c = Calendar::parse(&text).unwrap();
            let from = base + chrono::Days::new(start as u64);
            let to = c.add_working_days(from, n);
            prop_assert_eq!(c.working_days_between(from, to), n);
            if n > 0 {
                prop_assert!(c.is_working_day(to));
                prop_assert_eq!(c.working_days_between(from, to.pred_opt().unwrap()), n - 1);
            }
        }
    }
}
