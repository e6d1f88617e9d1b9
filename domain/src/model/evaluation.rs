//! Evaluations (服务评价): after acceptance the owner rates the firm's quality, timeliness, fees,
//! attitude and conduct, 1–5 each, with a comment; the firm rates the owner on closing out on
//! time and paying as agreed. An owner's evaluation becomes a credit event scored by its average
//! (see [`crate::rules::credit_ledger`]).

use super::firm::text;
use crate::error::FieldError;
use crate::rules::credit_ledger::EventKind;
use serde::{Deserialize, Serialize};

/// An owner's evaluation as submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Ratings {
    pub quality: u32,
    pub timeliness: u32,
    pub fees: u32,
    pub attitude: u32,
    pub conduct: u32,
}

/// A checked evaluation of a firm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    pub ratings: Ratings,
    pub comment: String,
}

/// A firm's rating of an owner, as submitted and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OwnerRatings {
    /// Closing out on time (acceptance without needless delay).
    pub closing_out: u32,
    /// Paying as agreed.
    pub payment: u32,
}

fn rating(value: u32, field: &'static str, errors: &mut Vec<FieldError>) {
    if !(1..=5).contains(&value) {
        errors.push(FieldError::new(field, "field.rating.range"));
    }
}

impl Evaluation {
    /// Checks the five ratings (1–5 each) and the comment (required, at most 2,000 characters);
    /// every problem is reported.
    pub fn parse(ratings: Ratings, comment: &str) -> Result<Evaluation, Vec<FieldError>> {
        let mut errors = Vec::new();
        rating(ratings.quality, "quality", &mut errors);
        rating(ratings.timeliness, "timeliness", &mut errors);
        rating(ratings.fees, "fees", &mut errors);
        rating(ratings.attitude, "attitude", &mut errors);
        rating(ratings.conduct, "conduct", &mut errors);
        let comment = text(comment, "comment", 2000, true)
            .map_err(|e| errors.push(e))
            .unwrap_or_default();
        if errors.is_empty() {
            Ok(Evaluation { ratings, comment })
        } else {
            Err(errors)
        }
    }

    /// The average of the five ratings in hundredths (exact: five ratings, so the sum × 20).
    pub fn average_centi(&self) -> u32 {
        let r = self.ratings;
        (r.quality + r.timeliness + r.fees + r.attitude + r.conduct) * 20
    }

    /// The credit event this evaluation records.
    pub fn credit_event(&self) -> EventKind {
        EventKind::Evaluation {
            average_centi: self.average_centi(),
        }
    }
}

impl OwnerRatings {
    /// Checks a firm's rating of an owner (1–5 each).
    pub fn parse(self) -> Result<OwnerRatings, Vec<FieldError>> {
        let mut errors = Vec::new();
        rating(self.closing_out, "closing_out", &mut errors);
        rating(self.payment, "payment", &mut errors);
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }
}

/// Where a firm's appeal of its evaluation stands (评价申诉).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AppealStatus {
    /// Not appealed.
    None,
    /// Appealed; waits for a regulator.
    Pending,
    /// Upheld: the evaluation's credit event is voided.
    Upheld,
    /// Dismissed: the evaluation stands.
    Dismissed,
}

impl AppealStatus {
    pub const ALL: [AppealStatus; 4] = [
        AppealStatus::None,
        AppealStatus::Pending,
        AppealStatus::Upheld,
        AppealStatus::Dismissed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AppealStatus::None => "none",
            AppealStatus::Pending => "pending",
            AppealStatus::Upheld => "upheld",
            AppealStatus::Dismissed => "dismissed",
        }
    }

    pub fn parse(s: &str) -> Option<AppealStatus> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// Where a firm's application for credit repair stands (信用修复).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RepairStatus {
    /// Filed; waits for a regulator.
    Pending,
    /// Approved: the restriction ends.
    Approved,
    /// Refused, with a reason.
    Refused,
}

impl RepairStatus {
    pub const ALL: [RepairStatus; 3] = [
        RepairStatus::Pending,
        RepairStatus::Approved,
        RepairStatus::Refused,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RepairStatus::Pending => "pending",
            RepairStatus::Approved => "approved",
            RepairStatus::Refused => "refused",
        }
    }

    pub fn parse(s: &str) -> Option<RepairStatus> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::credit_ledger::CreditPolicy;

    fn r(q: u32, t: u32, f: u32, a: u32, c: u32) -> Ratings {
        Ratings {
            quality: q,
            timeliness: t,
            fees: f,
            attitude: a,
            conduct: c,
        }
    }

    #[test]
    fn five_ratings_average_exactly_and_score_by_the_policy() {
        let p = CreditPolicy::default();
        let table = [
            (r(5, 5, 5, 5, 5), 500, 2),
            (r(5, 5, 4, 4, 4), 440, 1),
            (r(5, 5, 5, 4, 4), 460, 2),
            (r(3, 3, 3, 3, 3), 300, 0),
            (r(3, 2, 2, 2, 2), 220, -3),
            (r(1, 1, 1, 1, 2), 120, -6),
        ];
        for (ratings, average, points) in table {
            let e = Evaluation::parse(ratings, "按时交付，质量良好").unwrap();
            assert_eq!(e.average_centi(), average, "{ratings:?}");
            assert_eq!(p.points(&e.credit_event()), Ok(points), "{ratings:?}");
        }
    }

    #[test]
    fn every_rating_out_of_range_and_a_missing_comment_are_reported() {
        let fields: Vec<&str> = Evaluation::parse(r(0, 6, 3, 3, 7), " ")
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["quality", "timeliness", "conduct", "comment"]);
        let long = "好".repeat(2001);
        assert!(Evaluation::parse(r(3, 3, 3, 3, 3), &long).is_err());
    }

    #[test]
    fn firms_rate_owners_on_closing_out_and_payment() {
        let ok = OwnerRatings {
            closing_out: 5,
            payment: 1,
        };
        assert_eq!(ok.parse(), Ok(ok));
        let bad = OwnerRatings {
            closing_out: 0,
            payment: 6,
        };
        let fields: Vec<&str> = bad.parse().unwrap_err().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["closing_out", "payment"]);
    }
}
