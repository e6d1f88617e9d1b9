//! Random inspections (双随机、一公开): a regulator defines a round — its scope (a service item,
//! a region, credit grades) and how many firms and inspectors to draw — and the platform draws
//! both at random with the same verifiable commit-reveal scheme as project draws
//! ([`crate::rules::draw`]): the seed's commitment is published with the round, the population
//! (firms in scope) and the pool (regulators) are fixed and hashed at the draw, the seed is
//! revealed with the result. Each drawn firm is paired with a drawn inspector in draw order
//! (firm `i` with inspector `i mod m`); the inspector records findings, which may carry credit
//! points; the round, its draw and its findings are public.

use super::credit::Grade;
use super::draw::{Draw, DrawError, Seed, draw};
use crate::error::FieldError;
use crate::model::firm::RegionPrefix;
use uuid::Uuid;

/// At most this many firms or inspectors a round.
pub const MAX_DRAW: u32 = 500;

/// A round as a regulator defines it (form or JSON values, unchecked).
#[derive(Debug, Clone, Default)]
pub struct RoundInput {
    pub title: String,
    /// A catalogue item's id, or empty for every item.
    pub item: String,
    /// A region prefix, or empty for everywhere.
    pub region: String,
    /// Grades in scope (`A`…`E`); none for every grade.
    pub grades: Vec<String>,
    pub firms: String,
    pub inspectors: String,
}

/// A checked round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedRound {
    pub title: String,
    pub item: Option<Uuid>,
    pub region: Option<RegionPrefix>,
    pub grades: Vec<Grade>,
    pub firms: u32,
    pub inspectors: u32,
}

fn count(raw: &str, field: &'static str, errors: &mut Vec<FieldError>) -> u32 {
    match raw.trim().parse::<u32>() {
        Ok(n) if (1..=MAX_DRAW).contains(&n) => n,
        Ok(_) => {
            errors.push(FieldError::new(field, "field.inspection.count"));
            0
        }
        Err(_) => {
            errors.push(FieldError::new(field, "field.number.invalid"));
            0
        }
    }
}

impl RoundInput {
    /// Checks every field and reports every problem.
    pub fn check(&self) -> Result<CheckedRound, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = crate::model::text::line(&self.title, "title", 200, true)
            .map_err(|e| errors.push(e))
            .unwrap_or_default();
        let item = match self.item.trim() {
            "" => None,
            s => Uuid::parse_str(s)
                .map_err(|_| errors.push(FieldError::new("item", "field.id.invalid")))
                .ok(),
        };
        let region = match self.region.trim() {
            "" => None,
            s => RegionPrefix::parse(s).map_err(|e| errors.push(e)).ok(),
        };
        let mut grades = Vec::new();
        for g in &self.grades {
            match Grade::parse(g.trim()) {
                Some(g) if !grades.contains(&g) => grades.push(g),
                Some(_) => {}
                None => errors.push(FieldError::new("grades", "field.grade.invalid")),
            }
        }
        grades.sort();
        let firms = count(&self.firms, "firms", &mut errors);
        let inspectors = count(&self.inspectors, "inspectors", &mut errors);
        if errors.is_empty() {
            Ok(CheckedRound {
                title,
                item,
                region,
                grades,
                firms,
                inspectors,
            })
        } else {
            Err(errors)
        }
    }
}

/// A round's standing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundState {
    /// Defined; the seed is committed; nothing drawn yet.
    Planned,
    /// Firms and inspectors drawn and published; findings are being recorded.
    Drawn,
    /// Every drawn firm's findings are recorded.
    Closed,
}

impl RoundState {
    pub fn as_str(self) -> &'static str {
        match self {
            RoundState::Planned => "planned",
            RoundState::Drawn => "drawn",
            RoundState::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<RoundState> {
        [RoundState::Planned, RoundState::Drawn, RoundState::Closed]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

/// What a viewer may do next on an inspection round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InspectionStep {
    /// A regulator who runs inspections draws a planned round's firms and inspectors.
    Draw,
    /// A drawn inspector records the finding on the firm drawn for them, once.
    RecordFinding,
}

/// The round-level steps: drawing, for someone who runs inspections, while the round is
/// planned.
pub fn round_steps(runs_inspections: bool, state: RoundState) -> Vec<InspectionStep> {
    (runs_inspections && state == RoundState::Planned)
        .then_some(InspectionStep::Draw)
        .into_iter()
        .collect()
}

/// The steps on one drawn firm: its inspector records the finding while none is recorded.
pub fn target_steps(
    runs_inspections: bool,
    viewer_is_its_inspector: bool,
    recorded: bool,
) -> Vec<InspectionStep> {
    (runs_inspections && viewer_is_its_inspector && !recorded)
        .then_some(InspectionStep::RecordFinding)
        .into_iter()
        .collect()
}

/// An inspector's conclusion on one firm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing wrong found.
    Compliant,
    /// Shortcomings to correct.
    Issues,
    /// A violation.
    Violation,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [Outcome::Compliant, Outcome::Issues, Outcome::Violation];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Compliant => "compliant",
            Outcome::Issues => "issues",
            Outcome::Violation => "violation",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s.trim())
    }
}

/// Findings on one firm as entered.
#[derive(Debug, Clone, Default)]
pub struct FindingInput {
    pub outcome: String,
    pub findings: String,
    /// Credit points (negative), only with shortcomings or a violation; empty for none.
    pub points: Option<i32>,
}

/// Checked findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedFinding {
    pub outcome: Outcome,
    pub findings: String,
    pub points: Option<i32>,
}

impl FindingInput {
    /// Checks every field: an outcome, the findings in words (up to 2,000 characters), and
    /// points only below zero and never for a compliant firm (the credit policy bounds them
    /// further when they are recorded).
    pub fn check(&self) -> Result<CheckedFinding, Vec<FieldError>> {
        let mut errors = Vec::new();
        let outcome = Outcome::parse(&self.outcome);
        if outcome.is_none() {
            errors.push(FieldError::new("outcome", "field.inspection.outcome"));
        }
        let findings = crate::model::text::text(&self.findings, "findings", 2000, true)
            .map_err(|e| errors.push(e))
            .unwrap_or_default();
        match (outcome, self.points) {
            (_, Some(p)) if p >= 0 => {
                errors.push(FieldError::new("points", "field.inspection.points"))
            }
            (Some(Outcome::Compliant), Some(_)) => errors.push(FieldError::new(
                "points",
                "field.inspection.points-compliant",
            )),
            _ => {}
        }
        match (outcome, errors.is_empty()) {
            (Some(outcome), true) => Ok(CheckedFinding {
                outcome,
                findings,
                points: self.points,
            }),
            _ => Err(errors),
        }
    }
}

/// The draw contexts of a round: firms and inspectors never share a stream.
pub fn contexts(round: Uuid) -> (String, String) {
    (
        format!("inspection:{round}:firms"),
        format!("inspection:{round}:inspectors"),
    )
}

/// A round's draw: the firms and the inspectors, and who inspects whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundDraw {
    pub firms: Draw,
    pub inspectors: Draw,
    /// `(firm, inspector)` in the firms' draw order.
    pub pairs: Vec<(String, String)>,
}

/// Why a round cannot be drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoundDrawError {
    /// No firm is in scope.
    NoFirms,
    /// No inspector to draw from.
    NoInspectors,
    Draw(DrawError),
}

/// Draws `firms` of the population (all of them when fewer are in scope) and `inspectors` of
/// the pool (likewise), and pairs them.
pub fn draw_round(
    round: Uuid,
    seed: &Seed,
    population: &[String],
    pool: &[String],
    firms: u32,
    inspectors: u32,
) -> Result<RoundDraw, RoundDrawError> {
    if population.is_empty() {
        return Err(RoundDrawError::NoFirms);
    }
    if pool.is_empty() {
        return Err(RoundDrawError::NoInspectors);
    }
    let (fc, ic) = contexts(round);
    let f = draw(
        &fc,
        seed,
        population,
        (firms as usize).min(population.len()),
    )
    .map_err(RoundDrawError::Draw)?;
    let i = draw(&ic, seed, pool, (inspectors as usize).min(pool.len()))
        .map_err(RoundDrawError::Draw)?;
    let pairs = f
        .picked
        .iter()
        .enumerate()
        .map(|(n, firm)| (firm.clone(), i.picked[n % i.picked.len()].clone()))
        .collect();
    Ok(RoundDraw {
        firms: f,
        inspectors: i,
        pairs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::draw::verify;

    fn input() -> RoundInput {
        RoundInput {
            title: "2026 年第四季度测绘机构随机抽查".into(),
            item: String::new(),
            region: "33".into(),
            grades: vec!["C".into(), "D".into(), "C".into()],
            firms: "5".into(),
            inspectors: "2".into(),
        }
    }

    #[test]
    fn a_round_is_checked_field_by_field() {
        let r = input().check().unwrap();
        assert_eq!(r.grades, [Grade::C, Grade::D]);
        assert_eq!((r.firms, r.inspectors), (5, 2));
        assert!(r.region.is_some() && r.item.is_none());
        let bad = RoundInput {
            title: " ".into(),
            item: "x".into(),
            region: "3".into(),
            grades: vec!["F".into()],
            firms: "0".into(),
            inspectors: "two".into(),
        };
        let e = bad.check().unwrap_err();
        let fields: Vec<(&str, &str)> = e.iter().map(|e| (e.field, e.code)).collect();
        assert_eq!(
            fields,
            [
                ("title", "field.required"),
                ("item", "field.id.invalid"),
                ("region", fields[2].1),
                ("grades", "field.grade.invalid"),
                ("firms", "field.inspection.count"),
                ("inspectors", "field.number.invalid"),
            ]
        );
        let too_many = RoundInput {
            firms: "501".into(),
            ..input()
        };
        assert_eq!(
            too_many.check().unwrap_err()[0].code,
            "field.inspection.count"
        );
    }

    #[test]
    fn findings_need_an_outcome_words_and_sensible_points() {
        let ok = FindingInput {
            outcome: "violation".into(),
            findings: "报告签字人员无执业资格".into(),
            points: Some(-10),
        };
        assert_eq!(ok.check().unwrap().points, Some(-10));
        let table = [
            ("", "x", None, "outcome"),
            ("issues", "", None, "findings"),
            ("issues", "x", Some(5), "points"),
            ("issues", "x", Some(0), "points"),
            ("compliant", "x", Some(-3), "points"),
        ];
        for (outcome, findings, points, field) in table {
            let e = FindingInput {
                outcome: outcome.into(),
                findings: findings.into(),
                points,
            }
            .check()
            .unwrap_err();
            assert_eq!(e[0].field, field, "{outcome} {findings} {points:?}");
        }
        assert!(
            FindingInput {
                outcome: "compliant".into(),
                findings: "未发现问题".into(),
                points: None
            }
            .check()
            .is_ok()
        );
    }

    #[test]
    fn the_draw_pairs_firms_with_inspectors_and_verifies_from_public_data() {
        let round = Uuid::from_u128(7);
        let seed = Seed([9; 32]);
        let population: Vec<String> = (0..20).map(|i| format!("firm-{i:02}")).collect();
        let pool: Vec<String> = (0..3).map(|i| format!("inspector-{i}")).collect();
        let d = draw_round(round, &seed, &population, &pool, 5, 2).unwrap();
        assert_eq!(d.firms.picked.len(), 5);
        assert_eq!(d.inspectors.picked.len(), 2);
        assert_eq!(d.pairs.len(), 5);
        for (n, (f, i)) in d.pairs.iter().enumerate() {
            assert_eq!(f, &d.firms.picked[n]);
            assert_eq!(i, &d.inspectors.picked[n % 2]);
        }
        // Anyone can re-run both draws from the published data.
        let (fc, ic) = contexts(round);
        let v = verify(
            &fc,
            &seed.commitment(),
            &seed,
            &population,
            &d.firms.list_hash,
            5,
            &d.firms.picked,
        );
        assert!(v.ok());
        let v = verify(
            &ic,
            &seed.commitment(),
            &seed,
            &pool,
            &d.inspectors.list_hash,
            2,
            &d.inspectors.picked,
        );
        assert!(v.ok());
        // The same seed and lists always give the same round; the order of the input does not
        // matter (the lists are canonical).
        let mut shuffled = population.clone();
        shuffled.reverse();
        assert_eq!(draw_round(round, &seed, &shuffled, &pool, 5, 2).unwrap(), d);
        // Another round with the same seed draws differently (its own context).
        assert_ne!(
            draw_round(Uuid::from_u128(8), &seed, &population, &pool, 5, 2)
                .unwrap()
                .firms
                .picked,
            d.firms.picked
        );
    }

    #[test]
    fn fewer_in_scope_than_asked_draws_them_all_and_nobody_is_refused() {
        let seed = Seed([1; 32]);
        let one = vec!["f".to_owned()];
        let d = draw_round(Uuid::nil(), &seed, &one, &one, 5, 3).unwrap();
        assert_eq!(d.pairs, [("f".to_owned(), "f".to_owned())]);
        assert_eq!(
            draw_round(Uuid::nil(), &seed, &[], &one, 1, 1),
            Err(RoundDrawError::NoFirms)
        );
        assert_eq!(
            draw_round(Uuid::nil(), &seed, &one, &[], 1, 1),
            Err(RoundDrawError::NoInspectors)
        );
    }

    #[test]
    fn only_a_planned_round_is_drawn_and_only_its_inspector_records_a_finding_once() {
        use InspectionStep::*;
        assert_eq!(round_steps(true, RoundState::Planned), [Draw]);
        assert_eq!(round_steps(false, RoundState::Planned), []);
        assert_eq!(round_steps(true, RoundState::Drawn), []);
        assert_eq!(round_steps(true, RoundState::Closed), []);
        assert_eq!(target_steps(true, true, false), [RecordFinding]);
        assert_eq!(target_steps(true, true, true), []);
        assert_eq!(target_steps(true, false, false), []);
        assert_eq!(target_steps(false, true, false), []);
    }
}
