//! Complaints (投诉): anyone involved — an owner, a firm, or a member of the public with a contact
//! — complains about a project, an award, a firm or an owner, with the facts, the rule said to be
//! broken and evidence. A regulator accepts or rejects it within the acceptance limit (working
//! days), investigates, and upholds or dismisses it within the decision limit (calendar days from
//! acceptance). An award complaint must come while the award's notice period runs.
//!
//! These are the pure rules: the states and what may happen in each, the limits and when a case
//! is overdue, and the checks of what a complainant submits. The complaint service stores cases,
//! tells the parties and records the credit event of an upheld complaint.

use super::calendar::Calendar;
use crate::error::FieldError;
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// Working days a regulator has to accept or reject a complaint (default).
pub const ACCEPT_WORKING_DAYS: u32 = 5;
/// Days from acceptance a regulator has to decide (default).
pub const DECIDE_DAYS: i64 = 30;

/// What a complaint is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SubjectKind {
    /// A project's announcement or conduct.
    Project,
    /// An award (中选结果), during its notice period.
    Award,
    /// A firm.
    Firm,
    /// A project owner.
    Owner,
}

impl SubjectKind {
    pub const ALL: [SubjectKind; 4] = [
        SubjectKind::Project,
        SubjectKind::Award,
        SubjectKind::Firm,
        SubjectKind::Owner,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SubjectKind::Project => "project",
            SubjectKind::Award => "award",
            SubjectKind::Firm => "firm",
            SubjectKind::Owner => "owner",
        }
    }

    pub fn parse(s: &str) -> Option<SubjectKind> {
        SubjectKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
    }
}

/// Where a complaint stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ComplaintState {
    /// Filed; waiting for a regulator to accept or reject it.
    Submitted,
    /// Accepted (受理); the decision limit runs.
    Accepted,
    /// Under investigation.
    Investigating,
    /// Rejected (不予受理), with a reason.
    Rejected,
    /// Upheld (投诉成立), with findings.
    Upheld,
    /// Dismissed (投诉不成立), with findings.
    Dismissed,
}

impl ComplaintState {
    pub const ALL: [ComplaintState; 6] = [
        ComplaintState::Submitted,
        ComplaintState::Accepted,
        ComplaintState::Investigating,
        ComplaintState::Rejected,
        ComplaintState::Upheld,
        ComplaintState::Dismissed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ComplaintState::Submitted => "submitted",
            ComplaintState::Accepted => "accepted",
            ComplaintState::Investigating => "investigating",
            ComplaintState::Rejected => "rejected",
            ComplaintState::Upheld => "upheld",
            ComplaintState::Dismissed => "dismissed",
        }
    }

    pub fn parse(s: &str) -> Option<ComplaintState> {
        ComplaintState::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The case is closed: rejected, upheld or dismissed.
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            ComplaintState::Rejected | ComplaintState::Upheld | ComplaintState::Dismissed
        )
    }
}

/// What a regulator (or a party) does to a complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ComplaintAction {
    Accept,
    Reject,
    Investigate,
    Uphold,
    Dismiss,
    /// A party adds evidence.
    AddEvidence,
}

/// Why an action is refused in a state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComplaintRefusal {
    /// Accepting or rejecting is for a case not yet accepted or rejected.
    NotSubmitted,
    /// Investigating and deciding come after acceptance.
    NotAccepted,
    /// The case is closed.
    Closed,
}

impl ComplaintRefusal {
    /// The problem code (`…/problems/<code>`) and the message key.
    pub fn code(self) -> (&'static str, &'static str) {
        match self {
            ComplaintRefusal::NotSubmitted => {
                ("complaint-not-submitted", "field.complaint.not-submitted")
            }
            ComplaintRefusal::NotAccepted => {
                ("complaint-not-accepted", "field.complaint.not-accepted")
            }
            ComplaintRefusal::Closed => ("complaint-closed", "field.complaint.closed"),
        }
    }
}

/// The state an action leads to, or why it may not happen now.
pub fn next(
    state: ComplaintState,
    action: ComplaintAction,
) -> Result<ComplaintState, ComplaintRefusal> {
    use ComplaintAction as A;
    use ComplaintState as S;
    if state.is_closed() {
        return Err(ComplaintRefusal::Closed);
    }
    match (action, state) {
        (A::Accept, S::Submitted) => Ok(S::Accepted),
        (A::Reject, S::Submitted) => Ok(S::Rejected),
        (A::Accept | A::Reject, _) => Err(ComplaintRefusal::NotSubmitted),
        (A::Investigate, S::Accepted) => Ok(S::Investigating),
        (A::Uphold, S::Accepted | S::Investigating) => Ok(S::Upheld),
        (A::Dismiss, S::Accepted | S::Investigating) => Ok(S::Dismissed),
        (A::Investigate | A::Uphold | A::Dismiss, _) => Err(ComplaintRefusal::NotAccepted),
        (A::AddEvidence, s) => Ok(s),
    }
}

impl ComplaintAction {
    pub const ALL: [ComplaintAction; 6] = [
        ComplaintAction::Accept,
        ComplaintAction::Reject,
        ComplaintAction::Investigate,
        ComplaintAction::Uphold,
        ComplaintAction::Dismiss,
        ComplaintAction::AddEvidence,
    ];
}

/// What may be done to a case in `state` now: by a regulator (`regulator`), every action
/// [`next`] allows; by a party (the complainant, a respondent), adding evidence to an open case.
pub fn steps(regulator: bool, state: ComplaintState) -> Vec<ComplaintAction> {
    ComplaintAction::ALL
        .into_iter()
        .filter(|a| regulator || *a == ComplaintAction::AddEvidence)
        .filter(|a| next(state, *a).is_ok())
        .collect()
}

/// The last day to accept or reject a complaint filed on `filed_on` (China's date).
pub fn accept_due(calendar: &Calendar, filed_on: NaiveDate) -> NaiveDate {
    calendar.add_working_days(filed_on, ACCEPT_WORKING_DAYS)
}

/// When the decision on a complaint accepted at `accepted_at` is due.
pub fn decide_due(accepted_at: DateTime<Utc>) -> DateTime<Utc> {
    accepted_at + Duration::days(DECIDE_DAYS)
}

/// Whether a case is overdue on `today` / at `now`: waiting for acceptance past its acceptance
/// day, or accepted and undecided past its decision time.
pub fn overdue(
    state: ComplaintState,
    accept_due: NaiveDate,
    decide_due: Option<DateTime<Utc>>,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> bool {
    match state {
        ComplaintState::Submitted => today > accept_due,
        ComplaintState::Accepted | ComplaintState::Investigating => {
            decide_due.is_some_and(|d| now > d)
        }
        _ => false,
    }
}

/// A complaint as submitted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ComplaintInput {
    /// `project`, `award`, `firm` or `owner`.
    pub subject: String,
    /// The id of the project (for `project` and `award`), the firm or the owner's account.
    pub subject_id: String,
    /// What happened.
    pub facts: String,
    /// The rule said to be broken.
    pub rule: String,
    /// Without an account: the complainant's name and a way to reach them.
    pub contact_name: String,
    pub contact: String,
}

/// A checked complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedComplaint {
    pub subject: SubjectKind,
    pub subject_id: uuid::Uuid,
    pub facts: String,
    pub rule: String,
    pub contact_name: String,
    pub contact: String,
}

fn text(
    value: &str,
    field: &'static str,
    max: usize,
    required: bool,
    errors: &mut Vec<FieldError>,
) -> String {
    crate::model::text::text(value, field, max, required).unwrap_or_else(|e| {
        errors.push(e);
        String::new()
    })
}

fn line(
    value: &str,
    field: &'static str,
    max: usize,
    required: bool,
    errors: &mut Vec<FieldError>,
) -> String {
    crate::model::text::line(value, field, max, required).unwrap_or_else(|e| {
        errors.push(e);
        String::new()
    })
}

impl ComplaintInput {
    /// Checks every field and reports every problem. Without an account (`anonymous`) the
    /// complainant's name and contact are required, so that the regulator can reach them.
    pub fn check(&self, anonymous: bool) -> Result<CheckedComplaint, Vec<FieldError>> {
        let mut errors = Vec::new();
        let subject = SubjectKind::parse(&self.subject);
        if subject.is_none() {
            errors.push(FieldError::new("subject", "field.complaint.subject"));
        }
        let subject_id = uuid::Uuid::parse_str(self.subject_id.trim()).ok();
        if subject_id.is_none() {
            errors.push(FieldError::new("subject_id", "field.complaint.subject-id"));
        }
        let facts = text(&self.facts, "facts", 4000, true, &mut errors);
        let rule = text(&self.rule, "rule", 1000, true, &mut errors);
        let contact_name = line(
            &self.contact_name,
            "contact_name",
            100,
            anonymous,
            &mut errors,
        );
        let contact = line(&self.contact, "contact", 200, anonymous, &mut errors);
        match (subject, subject_id, errors.is_empty()) {
            (Some(subject), Some(subject_id), true) => Ok(CheckedComplaint {
                subject,
                subject_id,
                facts,
                rule,
                contact_name,
                contact,
            }),
            _ => Err(errors),
        }
    }
}

/// Whether an award complaint is in time: before the award's notice period ends.
pub fn award_complaint_in_time(notice_until: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now < notice_until
}

#[cfg(test)]
mod tests {
    use super::*;
    use ComplaintAction as A;
    use ComplaintState as S;

    #[test]
    fn the_states_follow_the_procedure() {
        let table = [
            (S::Submitted, A::Accept, Ok(S::Accepted)),
            (S::Submitted, A::Reject, Ok(S::Rejected)),
            (
                S::Submitted,
                A::Investigate,
                Err(ComplaintRefusal::NotAccepted),
            ),
            (S::Submitted, A::Uphold, Err(ComplaintRefusal::NotAccepted)),
            (S::Submitted, A::AddEvidence, Ok(S::Submitted)),
            (S::Accepted, A::Accept, Err(ComplaintRefusal::NotSubmitted)),
            (S::Accepted, A::Reject, Err(ComplaintRefusal::NotSubmitted)),
            (S::Accepted, A::Investigate, Ok(S::Investigating)),
            (S::Accepted, A::Uphold, Ok(S::Upheld)),
            (S::Accepted, A::Dismiss, Ok(S::Dismissed)),
            (
                S::Investigating,
                A::Investigate,
                Err(ComplaintRefusal::NotAccepted),
            ),
            (S::Investigating, A::Uphold, Ok(S::Upheld)),
            (S::Investigating, A::Dismiss, Ok(S::Dismissed)),
            (S::Investigating, A::AddEvidence, Ok(S::Investigating)),
            (S::Upheld, A::Dismiss, Err(ComplaintRefusal::Closed)),
            (S::Dismissed, A::AddEvidence, Err(ComplaintRefusal::Closed)),
            (S::Rejected, A::Accept, Err(ComplaintRefusal::Closed)),
        ];
        for (state, action, expected) in table {
            assert_eq!(next(state, action), expected, "{state:?} {action:?}");
        }
        for s in ComplaintState::ALL {
            assert_eq!(ComplaintState::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn limits_and_overdue_cases() {
        let cal = Calendar::default();
        // Filed on a Friday: five working days later is the next Friday.
        let fri = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let due = accept_due(&cal, fri);
        assert_eq!(due, NaiveDate::from_ymd_opt(2026, 12, 4).unwrap());
        let now = Utc::now();
        assert!(!overdue(S::Submitted, due, None, due, now));
        assert!(overdue(
            S::Submitted,
            due,
            None,
            due.succ_opt().unwrap(),
            now
        ));
        let accepted = now - Duration::days(31);
        assert!(overdue(
            S::Investigating,
            due,
            Some(decide_due(accepted)),
            due,
            now
        ));
        assert!(!overdue(S::Accepted, due, Some(decide_due(now)), due, now));
        assert!(!overdue(
            S::Upheld,
            due,
            Some(decide_due(accepted)),
            due,
            now
        ));
        assert!(award_complaint_in_time(now + Duration::hours(1), now));
        assert!(!award_complaint_in_time(now, now));
    }

    #[test]
    fn a_complaint_is_checked_field_by_field() {
        let good = ComplaintInput {
            subject: "award".into(),
            subject_id: uuid::Uuid::nil().to_string(),
            facts: "中选机构业绩造假".into(),
            rule: "公告第三条资格条件".into(),
            ..Default::default()
        };
        let c = good.check(false).unwrap();
        assert_eq!(c.subject, SubjectKind::Award);
        // Without an account the contact is required.
        let e = good.check(true).unwrap_err();
        let fields: Vec<&str> = e.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["contact_name", "contact"]);
        let bad = ComplaintInput {
            subject: "weather".into(),
            subject_id: "x".into(),
            facts: " ".into(),
            rule: "r".repeat(1001),
            ..Default::default()
        };
        let e = bad.check(false).unwrap_err();
        let fields: Vec<&str> = e.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["subject", "subject_id", "facts", "rule"]);
    }

    #[test]
    fn regulators_may_do_what_the_state_allows_parties_add_evidence_while_open() {
        use ComplaintAction::*;
        use ComplaintState::*;
        assert_eq!(steps(true, Submitted), [Accept, Reject, AddEvidence]);
        assert_eq!(
            steps(true, Accepted),
            [Investigate, Uphold, Dismiss, AddEvidence]
        );
        assert_eq!(steps(true, Investigating), [Uphold, Dismiss, AddEvidence]);
        for open in [Submitted, Accepted, Investigating] {
            assert_eq!(steps(false, open), [AddEvidence]);
        }
        for closed in [Rejected, Upheld, Dismissed] {
            assert_eq!(steps(true, closed), []);
            assert_eq!(steps(false, closed), []);
        }
    }
}
