//! Credit grades (信用等级, GB/T 39683-2020) from a score. The full ledger and policy arrive with
//! the credit issue; until then every firm holds the neutral baseline score.

use crate::model::evaluation::RepairStatus;
use serde::Serialize;

/// The score every firm starts with (DOMAIN.md: base 100).
pub const BASELINE_SCORE: i32 = 100;

/// The five grades, A highest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Grade {
    A,
    B,
    C,
    D,
    E,
}

impl Grade {
    pub const ALL: [Grade; 5] = [Grade::A, Grade::B, Grade::C, Grade::D, Grade::E];

    pub fn as_str(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
            Grade::E => "E",
        }
    }

    pub fn parse(s: &str) -> Option<Grade> {
        Self::ALL
            .into_iter()
            .find(|g| g.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// The default grade lines: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, E below.
pub const DEFAULT_LINES: [i32; 4] = [90, 80, 70, 60];

/// The grade a score earns under the given lines (A, B, C, D thresholds, descending).
pub fn grade_for(score: i32, lines: [i32; 4]) -> Grade {
    match lines.iter().position(|&line| score >= line) {
        Some(0) => Grade::A,
        Some(1) => Grade::B,
        Some(2) => Grade::C,
        Some(3) => Grade::D,
        _ => Grade::E,
    }
}

/// Something a regulator may do to a firm's application for credit repair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RepairStep {
    /// Approve or refuse it, with a reason.
    Decide,
}

/// Why an application for credit repair is refused, or cannot be decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepairRefusal {
    /// The firm does not wait for a repair (not suspended, or its suspension has an end).
    NotNeeded,
    /// An application of the firm's waits already.
    Pending,
    /// The application is decided already.
    Decided,
}

/// Whether a firm may apply: only while it waits for a repair (suspended without an end, at
/// grade E), and with no application pending.
pub fn may_apply_for_repair(waiting: bool, pending: bool) -> Result<(), RepairRefusal> {
    if !waiting {
        Err(RepairRefusal::NotNeeded)
    } else if pending {
        Err(RepairRefusal::Pending)
    } else {
        Ok(())
    }
}

/// Whether an application may be decided: only a pending one.
pub fn may_decide_repair(status: RepairStatus) -> Result<(), RepairRefusal> {
    match status {
        RepairStatus::Pending => Ok(()),
        RepairStatus::Approved | RepairStatus::Refused => Err(RepairRefusal::Decided),
    }
}

/// What the viewer may do to an application (`supervises`: a regulator).
pub fn repair_steps(supervises: bool, status: RepairStatus) -> Vec<RepairStep> {
    if supervises && may_decide_repair(status).is_ok() {
        vec![RepairStep::Decide]
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_lines() {
        let cases = [
            (120, Grade::A),
            (90, Grade::A),
            (89, Grade::B),
            (80, Grade::B),
            (79, Grade::C),
            (70, Grade::C),
            (69, Grade::D),
            (60, Grade::D),
            (59, Grade::E),
            (-10, Grade::E),
        ];
        for (score, grade) in cases {
            assert_eq!(grade_for(score, DEFAULT_LINES), grade, "{score}");
        }
        assert_eq!(grade_for(BASELINE_SCORE, DEFAULT_LINES), Grade::A);
    }

    #[test]
    fn grades_parse() {
        assert_eq!(Grade::parse("c"), Some(Grade::C));
        assert_eq!(Grade::parse("F"), None);
    }

    #[test]
    fn a_repair_is_applied_for_while_waiting_and_decided_once() {
        assert_eq!(may_apply_for_repair(true, false), Ok(()));
        assert_eq!(
            may_apply_for_repair(false, false),
            Err(RepairRefusal::NotNeeded)
        );
        assert_eq!(
            may_apply_for_repair(true, true),
            Err(RepairRefusal::Pending)
        );
        assert_eq!(
            repair_steps(true, RepairStatus::Pending),
            vec![RepairStep::Decide]
        );
        for s in [RepairStatus::Approved, RepairStatus::Refused] {
            assert_eq!(may_decide_repair(s), Err(RepairRefusal::Decided));
            assert_eq!(repair_steps(true, s), vec![]);
        }
        // Only a regulator decides.
        assert_eq!(repair_steps(false, RepairStatus::Pending), vec![]);
    }
}
