//! Service and delivery (服务成果交付): the service clock runs from the contract against the
//! contracted service days, counted in working days of the holiday calendar. The firm submits its
//! result; the owner accepts it, or returns it with reasons and the clock keeps running. What
//! counts for the firm's credit is the day it submitted the result that was accepted: the time
//! the owner takes to review is not charged to the firm (the firm's rating of the owner covers
//! that).
//!
//! These are the pure rules; the delivery service (recording submissions, reviews, reminders)
//! builds on them.

use super::calendar::Calendar;
use super::credit_ledger::EventKind;
use chrono::NaiveDate;

/// Working days before the due date a firm is reminded (and again on the day).
pub const REMIND_BEFORE_WORKING_DAYS: u32 = 3;
/// Working days a submitted result may wait for review before the owner is reminded.
pub const REVIEW_REMINDER_WORKING_DAYS: u32 = 5;

/// The last day of the service: `service_days` working days after the contract was signed (the
/// day of signing does not count).
pub fn due_date(calendar: &Calendar, signed_on: NaiveDate, service_days: u32) -> NaiveDate {
    calendar.add_working_days(signed_on, service_days)
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryState {
    /// Contracted; nothing submitted yet (or the last submission was returned).
    InService,
    /// A result is waiting for the owner's review.
    Submitted,
    /// The owner returned the result with reasons; the clock keeps running.
    Returned,
    /// The owner accepted the result: the service is over.
    Accepted,
}

/// What someone does to a delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryAction {
    /// The firm submits its result.
    Submit,
    /// The owner accepts the submitted result.
    Accept,
    /// The owner returns the submitted result with reasons.
    Return,
}

/// Why an action is refused in a state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryRefusal {
    /// A result is already waiting for review: the owner decides first.
    AwaitingReview,
    /// Nothing has been submitted to review.
    NothingSubmitted,
    /// The service is over.
    AlreadyAccepted,
}

impl DeliveryState {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::InService => "in-service",
            DeliveryState::Submitted => "submitted",
            DeliveryState::Returned => "returned",
            DeliveryState::Accepted => "accepted",
        }
    }

    pub fn parse(s: &str) -> Option<DeliveryState> {
        [
            DeliveryState::InService,
            DeliveryState::Submitted,
            DeliveryState::Returned,
            DeliveryState::Accepted,
        ]
        .into_iter()
        .find(|d| d.as_str() == s)
    }
}

impl DeliveryRefusal {
    pub fn code(self) -> &'static str {
        match self {
            DeliveryRefusal::AwaitingReview => "delivery.awaiting-review",
            DeliveryRefusal::NothingSubmitted => "delivery.nothing-submitted",
            DeliveryRefusal::AlreadyAccepted => "delivery.accepted",
        }
    }
}

/// The state after `action`, or why it may not happen now.
pub fn next(
    state: DeliveryState,
    action: DeliveryAction,
) -> Result<DeliveryState, DeliveryRefusal> {
    use DeliveryAction::*;
    use DeliveryState::*;
    match (state, action) {
        (Accepted, _) => Err(DeliveryRefusal::AlreadyAccepted),
        (InService | Returned, Submit) => Ok(Submitted),
        (Submitted, Submit) => Err(DeliveryRefusal::AwaitingReview),
        (Submitted, Accept) => Ok(Accepted),
        (Submitted, Return) => Ok(Returned),
        (InService | Returned, Accept | Return) => Err(DeliveryRefusal::NothingSubmitted),
    }
}

/// The credit event an accepted delivery records: on time when the accepted result was
/// submitted by the due date, otherwise late by the working days after it.
pub fn delivery_event(calendar: &Calendar, due: NaiveDate, submitted_on: NaiveDate) -> EventKind {
    if submitted_on <= due {
        EventKind::OnTime
    } else {
        EventKind::Late {
            working_days: calendar.working_days_between(due, submitted_on).max(1),
        }
    }
}

/// Whether the firm should be reminded of its due date today (while nothing awaits review or
/// after a return): from [`REMIND_BEFORE_WORKING_DAYS`] working days before the due date.
pub fn firm_reminder_due(
    calendar: &Calendar,
    state: DeliveryState,
    due: NaiveDate,
    today: NaiveDate,
) -> bool {
    matches!(state, DeliveryState::InService | DeliveryState::Returned)
        && today <= due
        && calendar.working_days_between(today, due) <= REMIND_BEFORE_WORKING_DAYS
}

/// Whether the owner should be reminded of a result left unreviewed since `submitted_on`.
pub fn owner_reminder_due(
    calendar: &Calendar,
    state: DeliveryState,
    submitted_on: NaiveDate,
    today: NaiveDate,
) -> bool {
    state == DeliveryState::Submitted
        && calendar.working_days_between(submitted_on, today) >= REVIEW_REMINDER_WORKING_DAYS
}

#[cfg(test)]
mod tests {
    use super::*;
    use DeliveryAction::*;
    use DeliveryState::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Monday to Friday, no holidays (December 2026 has none anyway).
    fn cal() -> Calendar {
        Calendar::default()
    }

    #[test]
    fn a_holiday_stops_the_clock() {
        let c = Calendar::parse("2026-12-10 holiday 测试假日").unwrap();
        // Signed Monday 12-07, 5 working days: 8, 9, 11, 14, 15 (the 10th is off).
        assert_eq!(due_date(&c, d("2026-12-07"), 5), d("2026-12-15"));
        assert_eq!(
            delivery_event(&c, d("2026-12-09"), d("2026-12-11")),
            EventKind::Late { working_days: 1 }
        );
    }

    #[test]
    fn every_transition_of_a_delivery() {
        let table = [
            (InService, Submit, Ok(Submitted)),
            (InService, Accept, Err(DeliveryRefusal::NothingSubmitted)),
            (InService, Return, Err(DeliveryRefusal::NothingSubmitted)),
            (Submitted, Submit, Err(DeliveryRefusal::AwaitingReview)),
            (Submitted, Accept, Ok(Accepted)),
            (Submitted, Return, Ok(Returned)),
            (Returned, Submit, Ok(Submitted)),
            (Returned, Accept, Err(DeliveryRefusal::NothingSubmitted)),
            (Returned, Return, Err(DeliveryRefusal::NothingSubmitted)),
            (Accepted, Submit, Err(DeliveryRefusal::AlreadyAccepted)),
            (Accepted, Accept, Err(DeliveryRefusal::AlreadyAccepted)),
            (Accepted, Return, Err(DeliveryRefusal::AlreadyAccepted)),
        ];
        for (state, action, want) in table {
            assert_eq!(next(state, action), want, "{state:?} {action:?}");
        }
    }

    #[test]
    fn the_due_date_counts_working_days_after_signing() {
        // Signed Monday 2026-12-07; 5 working days: Tue–Fri and Monday 12-14.
        assert_eq!(due_date(&cal(), d("2026-12-07"), 5), d("2026-12-14"));
        assert_eq!(due_date(&cal(), d("2026-12-07"), 0), d("2026-12-07"));
    }

    #[test]
    fn on_time_late_and_very_late_by_working_days() {
        let c = cal();
        let due = d("2026-12-14"); // a Monday
        assert_eq!(delivery_event(&c, due, d("2026-12-10")), EventKind::OnTime);
        assert_eq!(delivery_event(&c, due, due), EventKind::OnTime);
        assert_eq!(
            delivery_event(&c, due, d("2026-12-15")),
            EventKind::Late { working_days: 1 }
        );
        // Tuesday to Friday count; the weekend after does not.
        assert_eq!(
            delivery_event(&c, due, d("2026-12-20")),
            EventKind::Late { working_days: 4 }
        );
        // Eleven working days late: the policy's very-late points.
        let very = delivery_event(&c, due, d("2026-12-29"));
        assert_eq!(very, EventKind::Late { working_days: 11 });
        let p = crate::rules::credit_ledger::CreditPolicy::default();
        assert_eq!(p.points(&very), Ok(-5));
        assert_eq!(p.points(&delivery_event(&c, due, d("2026-12-15"))), Ok(-2));
        assert_eq!(p.points(&delivery_event(&c, due, due)), Ok(1));
    }

    #[test]
    fn reminders_go_to_the_firm_before_the_due_date_and_to_an_owner_who_sits_on_a_result() {
        let c = cal();
        let due = d("2026-12-14");
        assert!(!firm_reminder_due(&c, InService, due, d("2026-12-08")));
        assert!(firm_reminder_due(&c, InService, due, d("2026-12-09")));
        assert!(firm_reminder_due(&c, Returned, due, due));
        assert!(!firm_reminder_due(&c, Submitted, due, d("2026-12-10")));
        assert!(!firm_reminder_due(&c, InService, due, d("2026-12-15")));
        assert!(!owner_reminder_due(
            &c,
            Submitted,
            d("2026-12-07"),
            d("2026-12-11")
        ));
        assert!(owner_reminder_due(
            &c,
            Submitted,
            d("2026-12-07"),
            d("2026-12-14")
        ));
        assert!(!owner_reminder_due(
            &c,
            Accepted,
            d("2026-12-07"),
            d("2026-12-31")
        ));
    }
}
