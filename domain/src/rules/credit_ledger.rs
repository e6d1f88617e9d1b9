//! Credit from its ledger (信用账本): a firm's score, grade and restrictions are a pure function
//! of its events and the credit policy in force — never stored as an editable number. The policy
//! is a versioned document an administrator can change (DOMAIN.md "Credit" gives the defaults);
//! each event keeps the points the policy of its day gave it, so a policy change does not rewrite
//! history, while the time weighting (recent events weigh more, events past the window drop out)
//! is applied at reading time.
//!
//! All arithmetic is in integers: weighted points are summed in hundredths and rounded half up
//! (toward +∞) once, so every instance and engine derives the same score, and an event of whole
//! points at full weight moves a score by exactly its points (rounding half away from zero does
//! not: −0.5 → −1 but +0.5 → +1, a step of 2 for one point).

use super::credit::{BASELINE_SCORE, DEFAULT_LINES, Grade, grade_for};
use crate::model::firm::FirmStatus;
use chrono::{DateTime, Months, Utc};
use serde::{Deserialize, Serialize};

/// What an event records. Points are fixed when it is recorded (see [`CreditPolicy::points`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum EventKind {
    /// An owner's evaluation: the average of its five ratings (1–5), in hundredths.
    Evaluation { average_centi: u32 },
    /// Delivered within the contracted service days.
    OnTime,
    /// Delivered late by this many working days.
    Late { working_days: u32 },
    /// Refused to sign, or abandoned, after an award.
    RefusedToSign,
    /// An upheld complaint; the regulator sets the points within the policy's range.
    Complaint { points: i32 },
    /// A regulator's manual adjustment, with its reason on the ledger.
    Manual { points: i32 },
    /// A veto item (否决项): the lowest grade and the black list, whatever the score.
    Veto { item: VetoItem },
    /// An approved credit repair (信用修复): the points that lift the score to the lowest grade
    /// above E (see [`repair_points`]), or none when it is already there.
    Repair { points: i32 },
}

crate::model::closed_set! {
    /// Which kind of event a ledger entry is, without its data (what the row stores in `kind`).
    pub enum EventCode {
        /// An owner's evaluation (评价).
        Evaluation = "evaluation",
        /// Delivered within the contracted days (按期交付).
        OnTime = "on-time",
        /// Delivered late (逾期交付).
        Late = "late",
        /// Refused to sign, or abandoned, after an award (放弃中选).
        RefusedToSign = "refused-to-sign",
        /// An upheld complaint (投诉属实).
        Complaint = "complaint",
        /// A regulator's manual adjustment with a published reason (监管调整).
        Manual = "manual",
        /// A veto item (否决项).
        Veto = "veto",
        /// An approved credit repair (信用修复).
        Repair = "repair",
    }
}

impl EventKind {
    pub fn code(&self) -> EventCode {
        match self {
            EventKind::Evaluation { .. } => EventCode::Evaluation,
            EventKind::OnTime => EventCode::OnTime,
            EventKind::Late { .. } => EventCode::Late,
            EventKind::RefusedToSign => EventCode::RefusedToSign,
            EventKind::Complaint { .. } => EventCode::Complaint,
            EventKind::Manual { .. } => EventCode::Manual,
            EventKind::Veto { .. } => EventCode::Veto,
            EventKind::Repair { .. } => EventCode::Repair,
        }
    }

    /// The stable name stored with the event and shown on the ledger (`event.<name>` in the
    /// catalogue).
    pub fn name(&self) -> &'static str {
        self.code().as_str()
    }
}

/// The default veto items (GB/T 39683-2020; DOMAIN.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VetoItem {
    /// Fraud or a forged qualification.
    Fraud,
    /// Bid rigging or collusion.
    BidRigging,
    Bribery,
    /// Refusing a regulator's inspection.
    RefusedInspection,
}

impl VetoItem {
    pub const ALL: [VetoItem; 4] = [
        VetoItem::Fraud,
        VetoItem::BidRigging,
        VetoItem::Bribery,
        VetoItem::RefusedInspection,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            VetoItem::Fraud => "fraud",
            VetoItem::BidRigging => "bid-rigging",
            VetoItem::Bribery => "bribery",
            VetoItem::RefusedInspection => "refused-inspection",
        }
    }

    pub fn parse(s: &str) -> Option<VetoItem> {
        VetoItem::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// A ledger entry as the rules read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerEvent {
    pub kind: EventKind,
    /// Points as scored when recorded (by the policy version of that day).
    pub points: i32,
    pub at: DateTime<Utc>,
    /// Voided by a regulator (an upheld appeal): kept on the ledger, not counted.
    pub voided: bool,
}

/// The credit policy (operator-tunable; each event records the version that scored it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditPolicy {
    pub version: u32,
    /// The score every firm starts with (the neutral baseline).
    pub base: i32,
    /// Points for an evaluation whose average rounds to 1, 2, 3, 4, 5.
    pub evaluation_points: [i32; 5],
    pub on_time_points: i32,
    pub late_points: i32,
    /// More than this many working days late scores `very_late_points` instead.
    pub very_late_after_days: u32,
    pub very_late_points: i32,
    pub refused_to_sign_points: i32,
    /// This many refusals within 12 months suspend the firm.
    pub refusals_to_suspend: u32,
    /// The range a complaint's points must fall in (most severe first).
    pub complaint_points: (i32, i32),
    /// Events at most this old count fully.
    pub full_weight_months: u32,
    /// Events older than that but within the window count at this percentage.
    pub older_weight_percent: u32,
    /// Events older than this drop out.
    pub window_months: u32,
    /// Grade lines: A, B, C, D thresholds (E below D).
    pub lines: [i32; 4],
    /// Grade E, or too many refusals, suspends registration for this long.
    pub suspension_months: u32,
    /// A veto item black-lists the firm for this long.
    pub blacklist_months: u32,
}

impl Default for CreditPolicy {
    /// DOMAIN.md's defaults.
    fn default() -> Self {
        CreditPolicy {
            version: 1,
            base: BASELINE_SCORE,
            evaluation_points: [-6, -3, 0, 1, 2],
            on_time_points: 1,
            late_points: -2,
            very_late_after_days: 10,
            very_late_points: -5,
            refused_to_sign_points: -10,
            refusals_to_suspend: 3,
            complaint_points: (-20, -5),
            full_weight_months: 12,
            older_weight_percent: 50,
            window_months: 24,
            lines: DEFAULT_LINES,
            suspension_months: 6,
            blacklist_months: 36,
        }
    }
}

/// Why an event cannot be scored as given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventRefusal {
    /// An evaluation average outside 1.00–5.00.
    AverageOutOfRange,
    /// Complaint points outside the policy's range.
    ComplaintOutOfRange,
    /// A manual adjustment of no points, or beyond ±[`MAX_MANUAL_POINTS`].
    ManualOutOfRange,
    /// Repair points below zero (a repair never lowers a score).
    RepairNegative,
}

/// A regulator's manual adjustment moves a score by at most this much either way.
pub const MAX_MANUAL_POINTS: i32 = 50;

impl CreditPolicy {
    /// The points an event earns under this policy, fixed when it is recorded.
    pub fn points(&self, kind: &EventKind) -> Result<i32, EventRefusal> {
        Ok(match *kind {
            EventKind::Evaluation { average_centi } => {
                if !(100..=500).contains(&average_centi) {
                    return Err(EventRefusal::AverageOutOfRange);
                }
                // Round the average half up to a whole rating: 4.50 → 5, 4.49 → 4.
                let rating = (average_centi + 50) / 100;
                self.evaluation_points[(rating - 1) as usize]
            }
            EventKind::OnTime => self.on_time_points,
            EventKind::Late { working_days } if working_days > self.very_late_after_days => {
                self.very_late_points
            }
            EventKind::Late { .. } => self.late_points,
            EventKind::RefusedToSign => self.refused_to_sign_points,
            EventKind::Complaint { points } => {
                let (low, high) = self.complaint_points;
                if !(low..=high).contains(&points) {
                    return Err(EventRefusal::ComplaintOutOfRange);
                }
                points
            }
            EventKind::Manual { points } => {
                if points == 0 || points.unsigned_abs() > MAX_MANUAL_POINTS as u32 {
                    return Err(EventRefusal::ManualOutOfRange);
                }
                points
            }
            EventKind::Veto { .. } => 0,
            EventKind::Repair { points } => {
                if points < 0 {
                    return Err(EventRefusal::RepairNegative);
                }
                points
            }
        })
    }

    /// Checks a policy an administrator submits; every problem is named by its field.
    pub fn check(&self) -> Result<(), Vec<crate::error::FieldError>> {
        use crate::error::FieldError;
        let mut errors = Vec::new();
        let mut bad = |ok: bool, field: &'static str, code: &'static str| {
            if !ok {
                errors.push(FieldError::new(field, code));
            }
        };
        bad(
            (0..=1000).contains(&self.base),
            "base",
            "field.policy.base-range",
        );
        bad(
            self.evaluation_points.windows(2).all(|w| w[0] <= w[1])
                && self
                    .evaluation_points
                    .iter()
                    .all(|p| p.unsigned_abs() <= 100),
            "evaluation_points",
            "field.policy.evaluation-order",
        );
        bad(
            (0..=100).contains(&self.on_time_points),
            "on_time_points",
            "field.policy.not-negative",
        );
        bad(
            (-100..=0).contains(&self.late_points),
            "late_points",
            "field.policy.not-positive",
        );
        bad(
            (-100..=self.late_points.min(0)).contains(&self.very_late_points),
            "very_late_points",
            "field.policy.very-late",
        );
        bad(
            (1..=250).contains(&self.very_late_after_days),
            "very_late_after_days",
            "field.policy.days-range",
        );
        bad(
            (-100..=0).contains(&self.refused_to_sign_points),
            "refused_to_sign_points",
            "field.policy.not-positive",
        );
        bad(
            (1..=12).contains(&self.refusals_to_suspend),
            "refusals_to_suspend",
            "field.policy.count-range",
        );
        let (low, high) = self.complaint_points;
        bad(
            -100 <= low && low <= high && high <= 0,
            "complaint_points",
            "field.policy.complaint-range",
        );
        bad(
            (1..=120).contains(&self.window_months)
                && (1..=self.window_months).contains(&self.full_weight_months),
            "window_months",
            "field.policy.window",
        );
        bad(
            self.older_weight_percent <= 100,
            "older_weight_percent",
            "field.policy.percent",
        );
        bad(
            self.lines.windows(2).all(|w| w[0] > w[1]) && self.lines[3] > 0,
            "lines",
            "field.policy.lines-order",
        );
        bad(
            (1..=120).contains(&self.suspension_months),
            "suspension_months",
            "field.policy.months-range",
        );
        bad(
            (1..=120).contains(&self.blacklist_months),
            "blacklist_months",
            "field.policy.months-range",
        );
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The weight (percent) of an event recorded at `at`, read at `now`.
    pub fn weight_percent(&self, at: DateTime<Utc>, now: DateTime<Utc>) -> u32 {
        let months_ago = |m: u32| now.checked_sub_months(Months::new(m)).unwrap_or(now);
        if at > now {
            // Recorded "in the future" (clock skew between instances): count it fully.
            100
        } else if at >= months_ago(self.full_weight_months) {
            100
        } else if at >= months_ago(self.window_months) {
            self.older_weight_percent
        } else {
            0
        }
    }
}

/// A firm's credit standing at a moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    pub score: i32,
    pub grade: Grade,
    /// The veto item in force, if any (it forces grade E).
    pub veto: Option<VetoItem>,
    /// Registration is suspended until then (grade E, or too many refusals to sign).
    pub suspended_until: Option<DateTime<Utc>>,
    /// On the black list until then (a veto item).
    pub blacklisted_until: Option<DateTime<Utc>>,
}

/// `n / 100` rounded half up (toward +∞).
fn centi_round(n: i64) -> i64 {
    (n + 50).div_euclid(100)
}

/// The standing a ledger gives under a policy at `now`. `grade_e_since` is when the firm last
/// fell to grade E (kept by the caller, who sees scores change over time); a fall to E suspends
/// for the policy's period from then.
pub fn standing(
    events: &[LedgerEvent],
    policy: &CreditPolicy,
    now: DateTime<Utc>,
    grade_e_since: Option<DateTime<Utc>>,
) -> Standing {
    let live: Vec<&LedgerEvent> = events.iter().filter(|e| !e.voided).collect();
    let weighted: i64 = live
        .iter()
        .map(|e| e.points as i64 * policy.weight_percent(e.at, now) as i64)
        .sum();
    let score =
        (policy.base as i64 + centi_round(weighted)).clamp(i32::MIN as i64, i32::MAX as i64) as i32;
    // A period ends at the end of its last day in China (24:00), the day its pages name.
    let add = |at: DateTime<Utc>, months: u32| {
        at.checked_add_months(Months::new(months))
            .map(super::standing::end_of_china_day)
    };
    // The latest veto still in force.
    let veto = live
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::Veto { item } => Some((item, add(e.at, policy.blacklist_months)?)),
            _ => None,
        })
        .filter(|(_, until)| *until > now)
        .max_by_key(|(_, until)| *until);
    let grade = if veto.is_some() {
        Grade::E
    } else {
        grade_for(score, policy.lines)
    };
    // Suspension: from grade E, or from the refusal that made `refusals_to_suspend` within 12
    // months.
    let mut refusals: Vec<DateTime<Utc>> = live
        .iter()
        .filter(|e| e.kind == EventKind::RefusedToSign)
        .map(|e| e.at)
        .collect();
    refusals.sort();
    let needed = policy.refusals_to_suspend.max(1) as usize;
    let by_refusals = refusals
        .windows(needed)
        .filter(|w| add(w[0], 12).is_some_and(|end| w[needed - 1] < end))
        .filter_map(|w| add(w[needed - 1], policy.suspension_months))
        .max();
    let by_grade = match (grade, grade_e_since) {
        (Grade::E, Some(since)) if veto.is_none() => add(since, policy.suspension_months),
        _ => None,
    };
    let suspended_until = [by_refusals, by_grade]
        .into_iter()
        .flatten()
        .filter(|until| *until > now)
        .max();
    Standing {
        score,
        grade,
        veto: veto.map(|(item, _)| item),
        suspended_until,
        blacklisted_until: veto.map(|(_, until)| until),
    }
}

/// A firm's credit as its row keeps it: the standing, what it means for registering, and when
/// the firm fell to grade E (carried from one assessment to the next).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub standing: Standing,
    pub status: FirmStatus,
    /// When the firm fell to grade E by its score; none when it is not (or only by a veto).
    pub grade_e_since: Option<DateTime<Utc>>,
    /// Still grade E with its suspension over: registering needs an approved credit repair.
    pub repair_needed: bool,
}

/// The firm's credit from its ledger at `now`. `grade_e_since` is the previous assessment's (a
/// firm that falls to E now is suspended from now on). Black-listed while a veto is in force;
/// suspended while a suspension runs, and afterwards, while the grade is still E, until a
/// repair is approved (DOMAIN.md "Credit repair").
pub fn assess(
    events: &[LedgerEvent],
    policy: &CreditPolicy,
    now: DateTime<Utc>,
    grade_e_since: Option<DateTime<Utc>>,
) -> Assessment {
    let since = grade_e_since.unwrap_or(now);
    let standing = standing(events, policy, now, Some(since));
    let by_score = standing.veto.is_none() && standing.grade == Grade::E;
    let grade_e_since = by_score.then_some(since);
    let repair_needed = by_score && standing.suspended_until.is_none();
    let status = if standing.veto.is_some() {
        FirmStatus::Blacklisted
    } else if standing.suspended_until.is_some() || repair_needed {
        FirmStatus::Suspended
    } else {
        FirmStatus::Listed
    };
    Assessment {
        standing,
        status,
        grade_e_since,
        repair_needed,
    }
}

/// The points an approved repair records: what lifts `score` to the lowest line above E.
pub fn repair_points(score: i32, policy: &CreditPolicy) -> i32 {
    (policy.lines[3] - score).max(0)
}

/// The score over time for a chart: the score at each of `samples` evenly spaced moments from
/// `from` to `to` and right after each event between them, in time order. Each point counts the
/// events recorded by then, weighted as they were then, under `policy`.
pub fn history(
    events: &[LedgerEvent],
    policy: &CreditPolicy,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    samples: u32,
) -> Vec<(DateTime<Utc>, i32)> {
    let mut moments: Vec<DateTime<Utc>> = events
        .iter()
        .map(|e| e.at)
        .filter(|at| (from..=to).contains(at))
        .collect();
    let span = (to - from).num_seconds().max(0);
    let steps = samples.max(2) as i64 - 1;
    moments.extend((0..=steps).map(|i| from + chrono::Duration::seconds(span * i / steps)));
    moments.sort();
    moments.dedup();
    moments
        .into_iter()
        .map(|t| {
            let upto: Vec<LedgerEvent> = events.iter().filter(|e| e.at <= t).cloned().collect();
            (t, standing(&upto, policy, t, None).score)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
    }

    /// The end of that day in China (24:00 China time is 16:00 UTC): where a period named by
    /// that day ends.
    fn eod(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 16, 0, 0).unwrap()
    }

    fn event(kind: EventKind, when: DateTime<Utc>) -> LedgerEvent {
        LedgerEvent {
            kind,
            points: CreditPolicy::default().points(&kind).unwrap(),
            at: when,
            voided: false,
        }
    }

    #[test]
    fn every_rule_scores_its_points() {
        let p = CreditPolicy::default();
        let eval = |c| p.points(&EventKind::Evaluation { average_centi: c });
        let table = [
            (eval(500), Ok(2)),
            (eval(450), Ok(2)),
            (eval(449), Ok(1)),
            (eval(400), Ok(1)),
            (eval(300), Ok(0)),
            (eval(250), Ok(0)),
            (eval(249), Ok(-3)),
            (eval(200), Ok(-3)),
            (eval(100), Ok(-6)),
            (eval(99), Err(EventRefusal::AverageOutOfRange)),
            (eval(501), Err(EventRefusal::AverageOutOfRange)),
            (p.points(&EventKind::OnTime), Ok(1)),
            (p.points(&EventKind::Late { working_days: 1 }), Ok(-2)),
            (p.points(&EventKind::Late { working_days: 10 }), Ok(-2)),
            (p.points(&EventKind::Late { working_days: 11 }), Ok(-5)),
            (p.points(&EventKind::RefusedToSign), Ok(-10)),
            (p.points(&EventKind::Complaint { points: -5 }), Ok(-5)),
            (p.points(&EventKind::Complaint { points: -20 }), Ok(-20)),
            (
                p.points(&EventKind::Complaint { points: -4 }),
                Err(EventRefusal::ComplaintOutOfRange),
            ),
            (
                p.points(&EventKind::Complaint { points: -21 }),
                Err(EventRefusal::ComplaintOutOfRange),
            ),
            (p.points(&EventKind::Manual { points: 3 }), Ok(3)),
            (
                p.points(&EventKind::Veto {
                    item: VetoItem::Fraud,
                }),
                Ok(0),
            ),
        ];
        for (i, (got, want)) in table.into_iter().enumerate() {
            assert_eq!(got, want, "row {i}");
        }
    }

    #[test]
    fn a_new_firm_stands_at_the_neutral_baseline() {
        let s = standing(&[], &CreditPolicy::default(), at(2026, 11, 22), None);
        assert_eq!((s.score, s.grade), (BASELINE_SCORE, Grade::A));
        assert_eq!(
            (s.veto, s.suspended_until, s.blacklisted_until),
            (None, None, None)
        );
    }

    #[test]
    fn recent_events_weigh_fully_older_ones_half_and_old_ones_not_at_all() {
        let p = CreditPolicy::default();
        let now = at(2026, 11, 22);
        let late = |when| event(EventKind::Late { working_days: 12 }, when); // −5
        // 6 months ago: −5; 18 months ago: −2.5; 30 months ago: 0. Total −7.5 → −7 (half up).
        let ledger = [
            late(at(2026, 5, 22)),
            late(at(2025, 5, 22)),
            late(at(2024, 5, 22)),
        ];
        assert_eq!(standing(&ledger, &p, now, None).score, 93);
        // The boundaries: exactly 12 months is still full weight, exactly 24 still half.
        assert_eq!(p.weight_percent(at(2025, 11, 22), now), 100);
        assert_eq!(p.weight_percent(at(2025, 11, 21), now), 50);
        assert_eq!(p.weight_percent(at(2024, 11, 22), now), 50);
        assert_eq!(p.weight_percent(at(2024, 11, 21), now), 0);
    }

    #[test]
    fn two_bad_evaluations_and_a_late_delivery_drop_a_grade() {
        let p = CreditPolicy::default();
        let now = at(2026, 11, 22);
        let ledger = [
            event(EventKind::Evaluation { average_centi: 120 }, at(2026, 9, 1)), // −6
            event(
                EventKind::Evaluation { average_centi: 180 },
                at(2026, 10, 1),
            ), // −3
            event(EventKind::Late { working_days: 3 }, at(2026, 10, 2)),         // −2
        ];
        let s = standing(&ledger, &p, now, None);
        assert_eq!((s.score, s.grade), (89, Grade::B));
        // A voided evaluation (upheld appeal) no longer counts.
        let mut appealed = ledger.clone();
        appealed[0].voided = true;
        assert_eq!(standing(&appealed, &p, now, None).score, 95);
    }

    #[test]
    fn the_points_recorded_stay_when_the_policy_changes() {
        let now = at(2026, 11, 22);
        let old = event(EventKind::OnTime, at(2026, 1, 1)); // +1 under version 1
        let stricter = CreditPolicy {
            version: 2,
            on_time_points: 0,
            ..CreditPolicy::default()
        };
        assert_eq!(standing(&[old], &stricter, now, None).score, 101);
    }

    #[test]
    fn a_veto_forces_grade_e_and_the_black_list_for_its_period() {
        let p = CreditPolicy::default();
        let fraud = event(
            EventKind::Veto {
                item: VetoItem::BidRigging,
            },
            at(2026, 1, 10),
        );
        let s = standing(std::slice::from_ref(&fraud), &p, at(2026, 11, 22), None);
        assert_eq!((s.score, s.grade), (100, Grade::E));
        assert_eq!(s.veto, Some(VetoItem::BidRigging));
        assert_eq!(s.blacklisted_until, Some(eod(2029, 1, 10)));
        assert_eq!(s.suspended_until, None);
        // On its named last day it still holds (whole days: it ends at 24:00 China time)…
        let s = standing(std::slice::from_ref(&fraud), &p, at(2029, 1, 10), None);
        assert_eq!(s.veto, Some(VetoItem::BidRigging));
        // …and three years on it has expired by itself (the event stays on the ledger).
        let s = standing(&[fraud], &p, eod(2029, 1, 10), None);
        assert_eq!(
            (s.grade, s.veto, s.blacklisted_until),
            (Grade::A, None, None)
        );
    }

    #[test]
    fn three_refusals_within_a_year_suspend_and_two_do_not() {
        let p = CreditPolicy::default();
        let now = at(2026, 11, 22);
        let refusal = |when| event(EventKind::RefusedToSign, when);
        let two = [refusal(at(2026, 3, 1)), refusal(at(2026, 9, 1))];
        assert_eq!(standing(&two, &p, now, None).suspended_until, None);
        let three = [
            refusal(at(2026, 3, 1)),
            refusal(at(2026, 9, 1)),
            refusal(at(2026, 11, 1)),
        ];
        let s = standing(&three, &p, now, None);
        assert_eq!(s.suspended_until, Some(eod(2027, 5, 1)));
        // Spread over more than a year: no suspension.
        let spread = [
            refusal(at(2025, 10, 1)),
            refusal(at(2026, 3, 1)),
            refusal(at(2026, 10, 2)),
        ];
        assert_eq!(standing(&spread, &p, now, None).suspended_until, None);
    }

    #[test]
    fn falling_to_grade_e_suspends_from_then_for_the_period() {
        let p = CreditPolicy::default();
        let now = at(2026, 11, 22);
        let ledger = [event(EventKind::Manual { points: -45 }, at(2026, 10, 1))];
        let s = standing(&ledger, &p, now, Some(at(2026, 10, 1)));
        assert_eq!((s.score, s.grade), (55, Grade::E));
        assert_eq!(s.suspended_until, Some(eod(2027, 4, 1)));
        // Its named last day is a whole day: at 08:00 China time on it, still suspended.
        let s = standing(&ledger, &p, at(2027, 4, 1), Some(at(2026, 10, 1)));
        assert_eq!(s.suspended_until, Some(eod(2027, 4, 1)));
        // The period over, the suspension ends by itself even if the grade is still E.
        let s = standing(&ledger, &p, eod(2027, 4, 1), Some(at(2026, 10, 1)));
        assert_eq!((s.grade, s.suspended_until), (Grade::E, None));
    }

    #[test]
    fn rounding_is_half_up_so_whole_points_move_a_score_exactly() {
        assert_eq!(centi_round(250), 3);
        assert_eq!(centi_round(249), 2);
        assert_eq!(centi_round(-250), -2);
        assert_eq!(centi_round(-251), -3);
        assert_eq!(centi_round(-249), -2);
        assert_eq!(centi_round(-50), 0);
        assert_eq!(centi_round(0), 0);
        // Adding k whole points adds exactly k, whatever the fraction already there.
        for n in -1000..1000 {
            for k in [-3i64, -1, 1, 2] {
                assert_eq!(centi_round(n + 100 * k), centi_round(n) + k, "{n} {k}");
            }
        }
    }

    #[test]
    fn manual_and_repair_points_have_bounds() {
        let p = CreditPolicy::default();
        let manual = |points| p.points(&EventKind::Manual { points });
        assert_eq!(manual(-50), Ok(-50));
        assert_eq!(manual(50), Ok(50));
        assert_eq!(manual(0), Err(EventRefusal::ManualOutOfRange));
        assert_eq!(manual(51), Err(EventRefusal::ManualOutOfRange));
        assert_eq!(manual(-51), Err(EventRefusal::ManualOutOfRange));
        assert_eq!(manual(i32::MIN), Err(EventRefusal::ManualOutOfRange));
        assert_eq!(manual(i32::MAX), Err(EventRefusal::ManualOutOfRange));
        assert_eq!(p.points(&EventKind::Repair { points: 7 }), Ok(7));
        assert_eq!(p.points(&EventKind::Repair { points: 0 }), Ok(0));
        assert_eq!(
            p.points(&EventKind::Repair { points: -1 }),
            Err(EventRefusal::RepairNegative)
        );
        assert_eq!(repair_points(55, &p), 5);
        assert_eq!(repair_points(60, &p), 0);
        assert_eq!(repair_points(88, &p), 0);
    }

    #[test]
    fn event_kinds_keep_their_names_and_serialised_form() {
        let table = [
            (EventKind::Evaluation { average_centi: 440 }, "evaluation"),
            (EventKind::OnTime, "on-time"),
            (EventKind::Late { working_days: 2 }, "late"),
            (EventKind::RefusedToSign, "refused-to-sign"),
            (EventKind::Complaint { points: -5 }, "complaint"),
            (EventKind::Manual { points: 3 }, "manual"),
            (
                EventKind::Veto {
                    item: VetoItem::Bribery,
                },
                "veto",
            ),
            (EventKind::Repair { points: 4 }, "repair"),
        ];
        for (kind, name) in table {
            assert_eq!(kind.name(), name);
            let json = serde_json::to_string(&kind).unwrap();
            assert!(json.contains(&format!("\"kind\":\"{name}\"")), "{json}");
            assert_eq!(serde_json::from_str::<EventKind>(&json).unwrap(), kind);
        }
        for item in VetoItem::ALL {
            assert_eq!(VetoItem::parse(item.as_str()), Some(item));
        }
        assert_eq!(VetoItem::parse("jaywalking"), None);
    }

    #[test]
    fn the_default_policy_passes_its_checks_and_bad_ones_name_each_field() {
        assert_eq!(CreditPolicy::default().check(), Ok(()));
        let extreme = CreditPolicy {
            evaluation_points: [i32::MIN, 0, 0, 0, i32::MAX],
            ..CreditPolicy::default()
        };
        assert!(extreme.check().is_err());
        let bad = CreditPolicy {
            base: -1,
            evaluation_points: [2, 1, 0, -3, -6],
            lines: [60, 70, 80, 90],
            complaint_points: (-5, -20),
            window_months: 6,
            full_weight_months: 12,
            older_weight_percent: 101,
            refusals_to_suspend: 0,
            very_late_points: 0,
            suspension_months: 0,
            ..CreditPolicy::default()
        };
        let fields: Vec<&str> = bad.check().unwrap_err().iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "base",
                "evaluation_points",
                "very_late_points",
                "refusals_to_suspend",
                "complaint_points",
                "window_months",
                "older_weight_percent",
                "lines",
                "suspension_months",
            ]
        );
    }

    #[test]
    fn assessment_suspends_at_grade_e_then_waits_for_a_repair() {
        let p = CreditPolicy::default();
        let fell = at(2026, 10, 1);
        let ledger = vec![event(EventKind::Manual { points: -45 }, fell)];
        // Falling to E now: suspended from now for six months.
        let a = assess(&ledger, &p, fell, None);
        assert_eq!(a.status, FirmStatus::Suspended);
        assert_eq!(a.grade_e_since, Some(fell));
        assert_eq!(a.standing.suspended_until, Some(eod(2027, 4, 1)));
        assert!(!a.repair_needed);
        // Later, the same fall date is carried: still suspended to the same end.
        let a = assess(&ledger, &p, at(2026, 12, 1), Some(fell));
        assert_eq!(a.standing.suspended_until, Some(eod(2027, 4, 1)));
        // The period over and still grade E: suspended, waiting for a repair, no end date.
        let a = assess(&ledger, &p, eod(2027, 4, 1), Some(fell));
        assert_eq!(a.status, FirmStatus::Suspended);
        assert_eq!(a.standing.suspended_until, None);
        assert!(a.repair_needed);
        // An approved repair lifts the score to the D line: listed again, with grade D.
        let mut repaired = ledger.clone();
        let points = repair_points(a.standing.score, &p);
        assert_eq!(points, 5);
        repaired.push(event(EventKind::Repair { points }, at(2027, 4, 2)));
        let a = assess(&repaired, &p, at(2027, 4, 2), Some(fell));
        assert_eq!(
            (
                a.status,
                a.standing.grade,
                a.standing.score,
                a.grade_e_since
            ),
            (FirmStatus::Listed, Grade::D, 60, None)
        );
        assert!(!a.repair_needed);
    }

    #[test]
    fn assessment_black_lists_on_a_veto_and_lists_a_clean_firm() {
        let p = CreditPolicy::default();
        let now = at(2026, 11, 22);
        let clean = assess(&[event(EventKind::OnTime, now)], &p, now, None);
        assert_eq!(
            (clean.status, clean.standing.score, clean.grade_e_since),
            (FirmStatus::Listed, 101, None)
        );
        let veto = event(
            EventKind::Veto {
                item: VetoItem::Fraud,
            },
            now,
        );
        let a = assess(&[veto], &p, now, None);
        assert_eq!(a.status, FirmStatus::Blacklisted);
        // Grade E by a veto is not a fall by score: no suspension clock, no repair.
        assert_eq!((a.grade_e_since, a.repair_needed), (None, false));
        // Three refusals in a year (−30) suspend a firm whose grade is still above E.
        let refusals: Vec<_> = [at(2026, 3, 1), at(2026, 9, 1), at(2026, 11, 1)]
            .into_iter()
            .map(|d| event(EventKind::RefusedToSign, d))
            .collect();
        let a = assess(&refusals, &p, now, None);
        assert_eq!(
            (a.status, a.standing.grade, a.repair_needed),
            (FirmStatus::Suspended, Grade::C, false)
        );
        assert_eq!(a.standing.suspended_until, Some(eod(2027, 5, 1)));
    }

    #[test]
    fn history_scores_each_moment_with_the_events_known_then() {
        let p = CreditPolicy::default();
        let ledger = [
            event(EventKind::Late { working_days: 12 }, at(2026, 2, 1)), // −5
            event(EventKind::OnTime, at(2026, 6, 1)),                    // +1
        ];
        let h = history(&ledger, &p, at(2026, 1, 1), at(2027, 5, 1), 3);
        let points: Vec<(DateTime<Utc>, i32)> = h;
        assert_eq!(
            points,
            vec![
                (at(2026, 1, 1), 100),
                (at(2026, 2, 1), 95),
                (at(2026, 6, 1), 96),
                // The midpoint.
                (at(2026, 8, 31) + chrono::Duration::hours(12), 96),
                // Over a year on, the late delivery counts half: 100 − 2.5 + 1 = 98.5, the
                // weighted points (−1.5) rounded half up: 99.
                (at(2027, 5, 1), 99),
            ]
        );
    }
}
