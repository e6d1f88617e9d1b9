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
use serde::Serialize;

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
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

crate::model::closed_set! {
    /// The owner's review of one submitted result.
    pub enum Review {
        /// Accepted (验收通过): the service is over.
        Accepted = "accepted",
        /// Returned with reasons (退回修改).
        Returned = "returned",
    }
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

/// Who looks at a contracted project's delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    /// The owner who contracted.
    Owner,
    /// The contracted firm.
    Firm,
    /// A regulator, who reads it.
    Regulator,
}

/// What a party may do next on a delivery and its evaluation (下一步可办事项).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeliveryStep {
    /// The firm submits its result (first, or again after a return).
    SubmitResult,
    /// The owner accepts or returns the submitted result.
    ReviewResult,
    /// The owner evaluates the firm, once, after accepting.
    EvaluateFirm,
    /// The firm rates the owner, once, after acceptance.
    RateOwner,
    /// The firm replies to the evaluation, once.
    ReplyToEvaluation,
    /// The firm appeals the evaluation to a regulator, once.
    AppealEvaluation,
}

impl DeliveryStep {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStep::SubmitResult => "submit-result",
            DeliveryStep::ReviewResult => "review-result",
            DeliveryStep::EvaluateFirm => "evaluate-firm",
            DeliveryStep::RateOwner => "rate-owner",
            DeliveryStep::ReplyToEvaluation => "reply-to-evaluation",
            DeliveryStep::AppealEvaluation => "appeal-evaluation",
        }
    }
}

/// What is known of a delivery when deciding its next steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryFacts {
    pub party: Party,
    pub state: DeliveryState,
    /// The owner has evaluated the firm.
    pub evaluated: bool,
    /// The firm has replied to the evaluation.
    pub replied: bool,
    /// The firm has appealed the evaluation (whatever came of it).
    pub appealed: bool,
    /// The firm has rated the owner.
    pub owner_rated: bool,
}

/// The steps `facts.party` may take now, in the order a page shows them. Submitting and
/// reviewing follow [`next`]; the rest follow acceptance and what was done once already.
pub fn steps(facts: &DeliveryFacts) -> Vec<DeliveryStep> {
    let f = facts;
    let accepted = f.state == DeliveryState::Accepted;
    let firm = f.party == Party::Firm;
    let owner = f.party == Party::Owner;
    [
        (
            DeliveryStep::SubmitResult,
            firm && next(f.state, DeliveryAction::Submit).is_ok(),
        ),
        (
            DeliveryStep::ReviewResult,
            owner && next(f.state, DeliveryAction::Accept).is_ok(),
        ),
        (
            DeliveryStep::EvaluateFirm,
            owner && accepted && !f.evaluated,
        ),
        (DeliveryStep::RateOwner, firm && accepted && !f.owner_rated),
        (
            DeliveryStep::ReplyToEvaluation,
            firm && f.evaluated && !f.replied,
        ),
        (
            DeliveryStep::AppealEvaluation,
            firm && f.evaluated && !f.appealed,
        ),
    ]
    .into_iter()
    .filter_map(|(step, ok)| ok.then_some(step))
    .collect()
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

    fn facts(party: Party, state: DeliveryState) -> DeliveryFacts {
        DeliveryFacts {
            party,
            state,
            evaluated: false,
            replied: false,
            appealed: false,
            owner_rated: false,
        }
    }

    #[test]
    fn the_firm_submits_and_the_owner_reviews_when_the_state_lets_them() {
        use DeliveryStep::*;
        for state in [InService, Returned] {
            assert_eq!(steps(&facts(Party::Firm, state)), [SubmitResult]);
            assert_eq!(steps(&facts(Party::Owner, state)), []);
        }
        assert_eq!(steps(&facts(Party::Firm, Submitted)), []);
        assert_eq!(steps(&facts(Party::Owner, Submitted)), [ReviewResult]);
        assert_eq!(steps(&facts(Party::Regulator, Submitted)), []);
    }

    #[test]
    fn after_acceptance_each_side_rates_once_and_the_firm_answers_an_evaluation_once() {
        use DeliveryStep::*;
        let accepted = facts(Party::Owner, Accepted);
        assert_eq!(steps(&accepted), [EvaluateFirm]);
        let evaluated = DeliveryFacts {
            evaluated: true,
            ..accepted
        };
        assert_eq!(steps(&evaluated), []);
        let firm = DeliveryFacts {
            party: Party::Firm,
            ..evaluated
        };
        assert_eq!(
            steps(&firm),
            [RateOwner, ReplyToEvaluation, AppealEvaluation]
        );
        let done = DeliveryFacts {
            replied: true,
            appealed: true,
            owner_rated: true,
            ..firm
        };
        assert_eq!(steps(&done), []);
        let regulator = DeliveryFacts {
            party: Party::Regulator,
            ..firm
        };
        assert_eq!(steps(&regulator), []);
    }
}
