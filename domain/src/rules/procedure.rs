//! The selection procedure (选取程序) after the bids are opened: what happens next for a project,
//! as a pure function of its method, its opened registrants and what has already been decided
//! (firms excluded by an upheld objection or a refusal to sign, abnormally-low bids the owner
//! rejected, plan scores). The service calls [`next_step`] after closing and after each decision,
//! so that the same rule decides at closing, after an objection and after a refusal.
//!
//! Also here: the sealed bid's receipt, which a firm can check against the opened bids.

use super::calendar::Calendar;
use super::selection::{Candidate, Ranking, Weights, comprehensive, long_list, lowest_price};
use crate::error::FieldError;
use crate::model::project::ProjectStatus;
use chrono::{DateTime, Days, NaiveTime, TimeZone, Utc};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

/// The award notice period (公示期), in working days (DOMAIN.md default).
pub const NOTICE_WORKING_DAYS: u32 = 3;
/// Working days after the notice period within which the contract is signed.
pub const CONTRACT_WORKING_DAYS: u32 = 5;

/// The end (China midnight) of the `n`th working day after the day (China time) of `from`.
pub fn end_of_working_days(calendar: &Calendar, from: DateTime<Utc>, n: u32) -> DateTime<Utc> {
    let china = crate::model::project::china();
    let day = from.with_timezone(&china).date_naive();
    let last = calendar.add_working_days(day, n);
    let next = last.checked_add_days(Days::new(1)).unwrap_or(last);
    china
        .from_local_datetime(&next.and_time(NaiveTime::MIN))
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(from)
}

/// A sealed bid as submitted: the price (fen) where the method needs one, and the plan document
/// (an evidence file of the firm) for comprehensive scoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BidInput<F> {
    pub price_fen: Option<i64>,
    pub plan_file: Option<F>,
}

/// No price, no plan (whatever the plan's type).
impl<F> Default for BidInput<F> {
    fn default() -> Self {
        BidInput {
            price_fen: None,
            plan_file: None,
        }
    }
}

/// Checks a bid against what the method asks for: a positive price at most the cap where a price
/// is needed (and none otherwise), a plan where one is needed. Every problem is reported.
pub fn check_bid<F: Copy>(
    bid: &BidInput<F>,
    needs_price: bool,
    needs_plan: bool,
    cap_fen: i64,
) -> Result<BidInput<F>, Vec<FieldError>> {
    let mut errors = Vec::new();
    match (needs_price, bid.price_fen) {
        (true, None) => errors.push(FieldError::new("price_fen", "field.bid.price-required")),
        (true, Some(p)) if p <= 0 => {
            errors.push(FieldError::new("price_fen", "field.bid.price-positive"))
        }
        (true, Some(p)) if p > cap_fen => {
            errors.push(FieldError::new("price_fen", "field.bid.above-cap"))
        }
        (false, Some(_)) => errors.push(FieldError::new("price_fen", "field.bid.no-price")),
        _ => {}
    }
    match (needs_plan, bid.plan_file) {
        (true, None) => errors.push(FieldError::new("plan_file", "field.bid.plan-required")),
        (false, Some(_)) => errors.push(FieldError::new("plan_file", "field.bid.no-plan")),
        _ => {}
    }
    if errors.is_empty() {
        Ok(*bid)
    } else {
        Err(errors)
    }
}

/// A method with what the procedure needs of the announcement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Procedure {
    Direct,
    RandomDraw,
    CreditPreferred { long_list: u32, short_list: u32 },
    LowestPrice { cap_fen: i64, abnormal_percent: u32 },
    Comprehensive { cap_fen: i64, weights: Weights },
}

/// What has been decided since the bids were opened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decisions {
    /// Firms out of this selection: an upheld objection against their award, a refusal to sign,
    /// or an abnormally-low bid the owner rejected.
    pub excluded: BTreeSet<String>,
    /// Abnormally-low bids the owner accepted after an explanation.
    pub accepted_low: BTreeSet<String>,
}

/// The next step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The system awards this firm (random draw, lowest price, comprehensive scoring).
    Award { firm: String },
    /// The owner picks one of these, with a reason (direct selection: any registrant left;
    /// credit-preferred: the short list).
    OwnerPicks { choices: Vec<String> },
    /// Lowest price: the best bid is abnormally low; the owner accepts it (with the firm's
    /// explanation) or rejects it.
    ConfirmLow { firm: String },
    /// Comprehensive scoring: the owner scores these firms' plans (0–100), then the system ranks.
    ScorePlans { firms: Vec<String> },
    /// Nobody is left to select: the project fails (流标).
    NoneLeft,
}

/// The next step of the selection. `candidates` are all opened registrants (with their draw
/// ranks from the project's one verifiable draw over the closed list).
pub fn next_step(procedure: &Procedure, candidates: &[Candidate], decided: &Decisions) -> Step {
    let left: Vec<Candidate> = candidates
        .iter()
        .filter(|c| !decided.excluded.contains(&c.firm))
        .cloned()
        .collect();
    if left.is_empty() {
        return Step::NoneLeft;
    }
    match *procedure {
        Procedure::Direct => {
            let mut choices: Vec<String> = left.iter().map(|c| c.firm.clone()).collect();
            choices.sort();
            Step::OwnerPicks { choices }
        }
        Procedure::RandomDraw => {
            let first = left
                .iter()
                .min_by_key(|c| c.draw_rank)
                .expect("left is not empty");
            Step::Award {
                firm: first.firm.clone(),
            }
        }
        Procedure::CreditPreferred {
            long_list: long,
            short_list: short,
        } => Step::OwnerPicks {
            choices: short_list_of(&left, long as usize, short as usize),
        },
        Procedure::LowestPrice {
            cap_fen,
            abnormal_percent,
        } => {
            let ranking = lowest_price(&left, cap_fen, abnormal_percent);
            match ranking.ranked.first() {
                None => Step::NoneLeft,
                Some(best) if best.abnormally_low && !decided.accepted_low.contains(&best.firm) => {
                    Step::ConfirmLow {
                        firm: best.firm.clone(),
                    }
                }
                Some(best) => Step::Award {
                    firm: best.firm.clone(),
                },
            }
        }
        Procedure::Comprehensive { cap_fen, weights } => {
            let unscored: Vec<String> = left
                .iter()
                .filter(|c| {
                    c.plan_score.is_none() && c.price_fen.is_some_and(|p| p > 0 && p <= cap_fen)
                })
                .map(|c| c.firm.clone())
                .collect();
            if !unscored.is_empty() {
                let mut firms = unscored;
                firms.sort();
                return Step::ScorePlans { firms };
            }
            match comprehensive(&left, cap_fen, weights).ranked.first() {
                None => Step::NoneLeft,
                Some(best) => Step::Award {
                    firm: best.firm.clone(),
                },
            }
        }
    }
}

/// The ranking a method publishes with its award (empty for methods that do not rank by price).
pub fn ranking(procedure: &Procedure, candidates: &[Candidate], decided: &Decisions) -> Ranking {
    let left: Vec<Candidate> = candidates
        .iter()
        .filter(|c| !decided.excluded.contains(&c.firm))
        .cloned()
        .collect();
    match *procedure {
        Procedure::LowestPrice {
            cap_fen,
            abnormal_percent,
        } => lowest_price(&left, cap_fen, abnormal_percent),
        Procedure::Comprehensive { cap_fen, weights } => comprehensive(&left, cap_fen, weights),
        _ => Ranking::default(),
    }
}

/// Credit-preferred: the long list (best credit, ties by the draw), then the `short` of it that
/// come first in the draw (the draw is one uniform order of the closed list, so its restriction
/// to the long list is a uniform order of the long list). In draw order.
pub fn short_list_of(candidates: &[Candidate], long: usize, short: usize) -> Vec<String> {
    let long = long_list(candidates, long);
    let mut members: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| long.contains(&c.firm))
        .collect();
    members.sort_by_key(|c| c.draw_rank);
    members
        .into_iter()
        .take(short)
        .map(|c| c.firm.clone())
        .collect()
}

/// Whether the owner may award `firm` at this step (and whether a reason is needed: always, for
/// an owner's choice).
pub fn owner_may_award(step: &Step, firm: &str) -> bool {
    match step {
        Step::OwnerPicks { choices } => choices.iter().any(|c| c == firm),
        Step::ConfirmLow { firm: f } => f == firm,
        _ => false,
    }
}

/// The receipt of a sealed bid: SHA-256 over the project, the firm, the bid (fen, or empty), the
/// plan document's SHA-256 (or empty), and a random nonce the platform keeps with the bid and
/// publishes when the bids are opened. Lines joined by `\n`, hex.
///
/// The nonce makes the receipt reveal nothing about the price before the opening (a price is a
/// small number and could be guessed from an unsalted hash).
pub fn bid_receipt(
    project: &str,
    firm: &str,
    price_fen: Option<i64>,
    plan_sha256: Option<&str>,
    nonce: &str,
) -> String {
    let price = price_fen.map(|p| p.to_string()).unwrap_or_default();
    let text = format!(
        "zjcs-bid-v1\n{project}\n{firm}\n{price}\n{}\n{nonce}",
        plan_sha256.unwrap_or("")
    );
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Who looks at a project's selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// Nobody signed in, or an account with no part in the project.
    Public,
    /// The project's owner.
    Owner,
    /// A regulator.
    Regulator,
    /// A firm; `registered`: its registration for the current round is active.
    Firm { registered: bool },
}

/// The current award as the next steps need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AwardFacts {
    /// The award is in its notice period's standing (`notice`) and the project is awarded.
    pub in_notice: bool,
    /// The notice period has ended.
    pub notice_over: bool,
    /// The viewer is the awarded firm.
    pub viewer_won: bool,
    /// Objections to it wait for an answer.
    pub open_objections: bool,
}

/// What is known of a project when deciding a viewer's next steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SelectionFacts {
    pub viewer: Viewer,
    /// Published, its registration deadline ahead.
    pub registration_open: bool,
    /// The round failed (流标): the owner may publish it again.
    pub failed: bool,
    pub award: Option<AwardFacts>,
}

/// What a viewer may do next on a project's selection (下一步可办事项). The owner's decisions
/// while selecting are [`Step`]s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SelectionStep {
    /// A firm registers (with its bid where the method asks for one).
    Register,
    /// A registered firm replaces its sealed bid before the deadline.
    ReplaceBid,
    /// A registered firm withdraws before the deadline.
    Withdraw,
    /// A registrant other than the winner objects during the notice period.
    Object,
    /// The owner or a regulator answers the open objections.
    AnswerObjection,
    /// The owner records the signed contract, or the winner's refusal to sign.
    RecordContract,
    /// The owner publishes a failed project again.
    Republish,
}

/// Why an objection is refused now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectionRefusal {
    /// No award in its notice period.
    NoticeClosed,
    /// Only a registrant other than the winner objects.
    NotARegistrant,
}

/// Why a contract (or a refusal to sign) cannot be recorded now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContractRefusal {
    /// No award in its notice period.
    NoAward,
    /// The notice period runs.
    NoticeRunning,
    /// An objection waits for its answer.
    ObjectionOpen,
}

/// Whether the viewer may object to the current award (the owner and regulators never do).
pub fn may_object(f: &SelectionFacts) -> Result<(), ObjectionRefusal> {
    let award = f
        .award
        .filter(|a| a.in_notice && !a.notice_over)
        .ok_or(ObjectionRefusal::NoticeClosed)?;
    match f.viewer {
        Viewer::Firm { registered: true } if !award.viewer_won => Ok(()),
        _ => Err(ObjectionRefusal::NotARegistrant),
    }
}

/// Whether the award may be signed now (or its refusal recorded): its notice period over and
/// no objection waiting. Who may record it (the owner) is the caller's check.
pub fn may_contract(award: Option<&AwardFacts>) -> Result<(), ContractRefusal> {
    let a = award
        .filter(|a| a.in_notice)
        .ok_or(ContractRefusal::NoAward)?;
    if !a.notice_over {
        Err(ContractRefusal::NoticeRunning)
    } else if a.open_objections {
        Err(ContractRefusal::ObjectionOpen)
    } else {
        Ok(())
    }
}

/// The steps the viewer may take now, in the order a page shows them.
pub fn selection_steps(f: &SelectionFacts) -> Vec<SelectionStep> {
    use SelectionStep::*;
    let owner = f.viewer == Viewer::Owner;
    let answers = owner || f.viewer == Viewer::Regulator;
    let registered = f.viewer == Viewer::Firm { registered: true };
    [
        (
            Register,
            f.registration_open && f.viewer == Viewer::Firm { registered: false },
        ),
        (ReplaceBid, f.registration_open && registered),
        (Withdraw, f.registration_open && registered),
        (Object, may_object(f).is_ok()),
        (
            AnswerObjection,
            answers && f.award.is_some_and(|a| a.open_objections),
        ),
        (
            RecordContract,
            owner && may_contract(f.award.as_ref()).is_ok(),
        ),
        (Republish, owner && f.failed),
    ]
    .into_iter()
    .filter_map(|(step, ok)| ok.then_some(step))
    .collect()
}

/// Something a project's owner may do to the announcement itself (its selection's steps are
/// [`SelectionStep`]s).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProjectStep {
    /// Edit a draft, or amend a published announcement before its deadline.
    Edit,
    /// Publish a draft.
    Publish,
    /// Cancel, with a published reason, before any award.
    Cancel,
}

/// Why the owner may not do that to the project now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectRefusal {
    /// Only a draft (or, for an edit, a published announcement) may be.
    NotDraft,
    /// The registration deadline has passed: the announcement is closed.
    Closed,
    /// Cancelled already.
    Cancelled,
    /// A firm is awarded: the project ends by contract or refusal, not by cancelling.
    Awarded,
}

/// Whether the announcement may be edited: a draft, or a published one before its deadline (an
/// amendment).
pub fn may_edit(status: ProjectStatus, deadline_passed: bool) -> Result<(), ProjectRefusal> {
    match status {
        ProjectStatus::Draft => Ok(()),
        ProjectStatus::Published if deadline_passed => Err(ProjectRefusal::Closed),
        ProjectStatus::Published => Ok(()),
        _ => Err(ProjectRefusal::NotDraft),
    }
}

/// Whether the project may be published: only a draft.
pub fn may_publish(status: ProjectStatus) -> Result<(), ProjectRefusal> {
    match status {
        ProjectStatus::Draft => Ok(()),
        _ => Err(ProjectRefusal::NotDraft),
    }
}

/// Whether the project may be cancelled: anything not cancelled already and not awarded.
pub fn may_cancel(status: ProjectStatus) -> Result<(), ProjectRefusal> {
    match status {
        ProjectStatus::Cancelled => Err(ProjectRefusal::Cancelled),
        ProjectStatus::Awarded | ProjectStatus::Contracted => Err(ProjectRefusal::Awarded),
        ProjectStatus::Draft
        | ProjectStatus::Published
        | ProjectStatus::Selecting
        | ProjectStatus::Failed => Ok(()),
    }
}

/// What the viewer may do to the project now: nothing unless it is the owner.
pub fn project_steps(
    owner: bool,
    status: ProjectStatus,
    deadline_passed: bool,
) -> Vec<ProjectStep> {
    if !owner {
        return Vec::new();
    }
    [
        (ProjectStep::Edit, may_edit(status, deadline_passed).is_ok()),
        (ProjectStep::Publish, may_publish(status).is_ok()),
        (ProjectStep::Cancel, may_cancel(status).is_ok()),
    ]
    .into_iter()
    .filter_map(|(step, ok)| ok.then_some(step))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(firm: &str, credit: i32, price: Option<i64>, draw_rank: usize) -> Candidate {
        Candidate {
            firm: firm.into(),
            credit_score: credit,
            price_fen: price,
            plan_score: None,
            draw_rank,
        }
    }

    fn excluded(firms: &[&str]) -> Decisions {
        Decisions {
            excluded: firms.iter().map(|f| f.to_string()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn direct_offers_every_registrant_left() {
        let cands = [
            c("b", 90, None, 1),
            c("a", 80, None, 0),
            c("c", 70, None, 2),
        ];
        assert_eq!(
            next_step(&Procedure::Direct, &cands, &Decisions::default()),
            Step::OwnerPicks {
                choices: vec!["a".into(), "b".into(), "c".into()]
            }
        );
        assert_eq!(
            next_step(&Procedure::Direct, &cands, &excluded(&["a"])),
            Step::OwnerPicks {
                choices: vec!["b".into(), "c".into()]
            }
        );
        assert_eq!(
            next_step(&Procedure::Direct, &cands, &excluded(&["a", "b", "c"])),
            Step::NoneLeft
        );
    }

    #[test]
    fn random_draw_awards_the_first_drawn_and_then_the_next() {
        let cands = [
            c("a", 90, None, 2),
            c("b", 90, None, 0),
            c("c", 90, None, 1),
        ];
        let p = Procedure::RandomDraw;
        assert_eq!(
            next_step(&p, &cands, &Decisions::default()),
            Step::Award { firm: "b".into() }
        );
        assert_eq!(
            next_step(&p, &cands, &excluded(&["b"])),
            Step::Award { firm: "c".into() }
        );
        assert_eq!(next_step(&p, &[], &Decisions::default()), Step::NoneLeft);
    }

    #[test]
    fn credit_preferred_draws_the_short_list_from_the_long_list() {
        // Long list of 3 by credit: d (99), a (95), then b and c tie at 90: c wins on draw rank.
        let cands = [
            c("a", 95, None, 4),
            c("b", 90, None, 3),
            c("c", 90, None, 0),
            c("d", 99, None, 2),
            c("e", 50, None, 1),
        ];
        let p = Procedure::CreditPreferred {
            long_list: 3,
            short_list: 2,
        };
        // Long list {d, a, c}; by draw rank: c (0), d (2), a (4); short list: c, d. The low
        // scorer e is drawn early but is not on the long list.
        assert_eq!(
            next_step(&p, &cands, &Decisions::default()),
            Step::OwnerPicks {
                choices: vec!["c".into(), "d".into()]
            }
        );
        // With c out, b joins the long list {d, a, b}: by draw b (3)… d (2) first.
        assert_eq!(
            next_step(&p, &cands, &excluded(&["c"])),
            Step::OwnerPicks {
                choices: vec!["d".into(), "b".into()]
            }
        );
        // Fewer than the list sizes: everybody left.
        assert_eq!(
            short_list_of(&cands[..1], 3, 2),
            vec!["a".to_string()],
            "a list longer than the registrants takes them all"
        );
    }

    #[test]
    fn lowest_price_awards_the_lowest_and_stops_at_an_abnormal_bid() {
        let p = Procedure::LowestPrice {
            cap_fen: 1000,
            abnormal_percent: 70,
        };
        let cands = [
            c("low", 90, Some(50), 0),
            c("x", 90, Some(100), 1),
            c("y", 90, Some(100), 2),
            c("over", 90, Some(2000), 3),
        ];
        assert_eq!(
            next_step(&p, &cands, &Decisions::default()),
            Step::ConfirmLow { firm: "low".into() }
        );
        assert!(owner_may_award(
            &Step::ConfirmLow { firm: "low".into() },
            "low"
        ));
        assert!(!owner_may_award(
            &Step::ConfirmLow { firm: "low".into() },
            "x"
        ));
        // Accepted after an explanation: awarded.
        let accepted = Decisions {
            accepted_low: ["low".to_string()].into(),
            ..Default::default()
        };
        assert_eq!(
            next_step(&p, &cands, &accepted),
            Step::Award { firm: "low".into() }
        );
        // Rejected: the next lowest; x and y tie on price and credit, the draw decides.
        assert_eq!(
            next_step(&p, &cands, &excluded(&["low"])),
            Step::Award { firm: "x".into() }
        );
        // Only a bid above the cap left: nobody.
        assert_eq!(
            next_step(&p, &cands, &excluded(&["low", "x", "y"])),
            Step::NoneLeft
        );
    }

    #[test]
    fn comprehensive_asks_for_plan_scores_then_awards_the_best_total() {
        let p = Procedure::Comprehensive {
            cap_fen: 1000,
            weights: Weights {
                price: 30,
                plan: 60,
                credit: 10,
            },
        };
        let mut cands = vec![
            c("a", 100, Some(1000), 0),
            c("b", 100, Some(800), 1),
            c("over", 100, Some(5000), 2),
        ];
        assert_eq!(
            next_step(&p, &cands, &Decisions::default()),
            Step::ScorePlans {
                firms: vec!["a".into(), "b".into()]
            },
            "a bid above the cap needs no plan score"
        );
        cands[0].plan_score = Some(95);
        cands[1].plan_score = Some(60);
        // a: 30·800/1000 + 60·0.95 + 10 = 24 + 57 + 10 = 91; b: 30 + 36 + 10 = 76.
        assert_eq!(
            next_step(&p, &cands, &Decisions::default()),
            Step::Award { firm: "a".into() }
        );
        let r = ranking(&p, &cands, &Decisions::default());
        assert_eq!(r.ranked[0].total_centi, Some(9100));
        assert_eq!(r.ranked[1].total_centi, Some(7600));
        assert_eq!(
            next_step(&p, &cands, &excluded(&["a"])),
            Step::Award { firm: "b".into() }
        );
    }

    #[test]
    fn a_bid_carries_exactly_what_the_method_needs() {
        let ok = |p: Option<i64>, f: Option<u8>, price: bool, plan: bool| {
            check_bid(
                &BidInput {
                    price_fen: p,
                    plan_file: f,
                },
                price,
                plan,
                1000,
            )
            .map_err(|e| e.iter().map(|x| x.code).collect::<Vec<_>>())
        };
        assert!(ok(None, None, false, false).is_ok());
        assert!(ok(Some(1000), None, true, false).is_ok());
        assert!(ok(Some(1), Some(7), true, true).is_ok());
        assert_eq!(
            ok(None, None, true, true),
            Err(vec!["field.bid.price-required", "field.bid.plan-required"])
        );
        assert_eq!(
            ok(Some(0), None, true, false),
            Err(vec!["field.bid.price-positive"])
        );
        assert_eq!(
            ok(Some(1001), None, true, false),
            Err(vec!["field.bid.above-cap"])
        );
        assert_eq!(
            ok(Some(5), Some(1), false, false),
            Err(vec!["field.bid.no-price", "field.bid.no-plan"])
        );
    }

    #[test]
    fn notice_periods_end_at_china_midnight_after_working_days() {
        let cal = Calendar::default();
        // Friday 2026-11-20 15:00 China = 07:00 UTC; three working days: Mon, Tue, Wed 25th;
        // ends Thursday 26th 00:00 China = Wednesday 25th 16:00 UTC.
        let from = Utc.with_ymd_and_hms(2026, 11, 20, 7, 0, 0).unwrap();
        assert_eq!(
            end_of_working_days(&cal, from, 3),
            Utc.with_ymd_and_hms(2026, 11, 25, 16, 0, 0).unwrap()
        );
        // 23:30 UTC on Friday is already Saturday in China: Mon–Wed again.
        let late = Utc.with_ymd_and_hms(2026, 11, 20, 23, 30, 0).unwrap();
        assert_eq!(
            end_of_working_days(&cal, late, 3),
            Utc.with_ymd_and_hms(2026, 11, 25, 16, 0, 0).unwrap()
        );
        // A holiday on Tuesday pushes it a day.
        let cal = Calendar::parse("2026-11-24 holiday test").unwrap();
        assert_eq!(
            end_of_working_days(&cal, from, 3),
            Utc.with_ymd_and_hms(2026, 11, 26, 16, 0, 0).unwrap()
        );
    }

    #[test]
    fn the_receipt_binds_every_part_of_the_bid() {
        let r = bid_receipt("p", "f", Some(100), None, "n");
        assert_eq!(r.len(), 64);
        assert_eq!(r, bid_receipt("p", "f", Some(100), None, "n"));
        for other in [
            bid_receipt("q", "f", Some(100), None, "n"),
            bid_receipt("p", "g", Some(100), None, "n"),
            bid_receipt("p", "f", Some(101), None, "n"),
            bid_receipt("p", "f", None, None, "n"),
            bid_receipt("p", "f", Some(100), Some("ab"), "n"),
            bid_receipt("p", "f", Some(100), None, "m"),
        ] {
            assert_ne!(r, other);
        }
        // Independent: sha256(b"zjcs-bid-v1\np\nf\n100\n\nn") computed with Python's hashlib.
        assert_eq!(
            r,
            "a868a49093048a5517f82df0a25401912760875315a4079dc81e2b8ec5875410"
        );
    }

    mod next_steps {
        use super::super::*;

        fn award(notice_over: bool, viewer_won: bool, open_objections: bool) -> Option<AwardFacts> {
            Some(AwardFacts {
                in_notice: true,
                notice_over,
                viewer_won,
                open_objections,
            })
        }

        fn facts(viewer: Viewer) -> SelectionFacts {
            SelectionFacts {
                viewer,
                registration_open: false,
                failed: false,
                award: None,
            }
        }

        #[test]
        fn while_registration_is_open_a_firm_registers_then_replaces_or_withdraws() {
            use SelectionStep::*;
            let open = |viewer| SelectionFacts {
                registration_open: true,
                ..facts(viewer)
            };
            assert_eq!(
                selection_steps(&open(Viewer::Firm { registered: false })),
                [Register]
            );
            assert_eq!(
                selection_steps(&open(Viewer::Firm { registered: true })),
                [ReplaceBid, Withdraw]
            );
            for viewer in [Viewer::Public, Viewer::Owner, Viewer::Regulator] {
                assert_eq!(selection_steps(&open(viewer)), []);
            }
            // After the deadline nobody registers.
            assert_eq!(
                selection_steps(&facts(Viewer::Firm { registered: false })),
                []
            );
        }

        #[test]
        fn only_a_losing_registrant_objects_and_only_during_the_notice_period() {
            let with = |viewer, award| SelectionFacts {
                award,
                ..facts(viewer)
            };
            let loser = Viewer::Firm { registered: true };
            assert_eq!(may_object(&with(loser, award(false, false, false))), Ok(()));
            assert_eq!(
                may_object(&with(loser, award(false, true, false))),
                Err(ObjectionRefusal::NotARegistrant),
                "the winner"
            );
            assert_eq!(
                may_object(&with(
                    Viewer::Firm { registered: false },
                    award(false, false, false)
                )),
                Err(ObjectionRefusal::NotARegistrant)
            );
            assert_eq!(
                may_object(&with(loser, award(true, false, false))),
                Err(ObjectionRefusal::NoticeClosed)
            );
            assert_eq!(
                may_object(&with(loser, None)),
                Err(ObjectionRefusal::NoticeClosed)
            );
            assert_eq!(
                may_object(&with(Viewer::Owner, award(false, false, false))),
                Err(ObjectionRefusal::NotARegistrant)
            );
        }

        #[test]
        fn the_contract_waits_for_the_notice_period_and_every_answer() {
            assert_eq!(may_contract(None), Err(ContractRefusal::NoAward));
            assert_eq!(
                may_contract(award(false, false, false).as_ref()),
                Err(ContractRefusal::NoticeRunning)
            );
            assert_eq!(
                may_contract(award(true, false, true).as_ref()),
                Err(ContractRefusal::ObjectionOpen)
            );
            assert_eq!(may_contract(award(true, false, false).as_ref()), Ok(()));
            let overturned = AwardFacts {
                in_notice: false,
                ..award(true, false, false).unwrap()
            };
            assert_eq!(
                may_contract(Some(&overturned)),
                Err(ContractRefusal::NoAward)
            );
        }

        #[test]
        fn the_owner_answers_objections_signs_and_republishes_regulators_answer() {
            use SelectionStep::*;
            let objected = |viewer| SelectionFacts {
                award: award(false, false, true),
                ..facts(viewer)
            };
            assert_eq!(selection_steps(&objected(Viewer::Owner)), [AnswerObjection]);
            assert_eq!(
                selection_steps(&objected(Viewer::Regulator)),
                [AnswerObjection]
            );
            assert_eq!(selection_steps(&objected(Viewer::Public)), []);
            let signable = SelectionFacts {
                award: award(true, false, false),
                ..facts(Viewer::Owner)
            };
            assert_eq!(selection_steps(&signable), [RecordContract]);
            let failed = SelectionFacts {
                failed: true,
                ..facts(Viewer::Owner)
            };
            assert_eq!(selection_steps(&failed), [Republish]);
            assert_eq!(
                selection_steps(&SelectionFacts {
                    failed: true,
                    ..facts(Viewer::Regulator)
                }),
                []
            );
        }
    }

    #[test]
    fn the_owner_edits_publishes_and_cancels_by_the_status() {
        use ProjectStatus::*;
        use ProjectStep::*;
        let steps = |s, passed| project_steps(true, s, passed);
        assert_eq!(steps(Draft, false), vec![Edit, Publish, Cancel]);
        // Past the deadline a draft is still a draft (it is published with a new one).
        assert_eq!(steps(Draft, true), vec![Edit, Publish, Cancel]);
        assert_eq!(steps(Published, false), vec![Edit, Cancel]);
        assert_eq!(steps(Published, true), vec![Cancel]);
        assert_eq!(steps(Selecting, false), vec![Cancel]);
        assert_eq!(steps(Failed, true), vec![Cancel]);
        for s in [Awarded, Contracted, Cancelled] {
            assert_eq!(steps(s, false), vec![], "{s:?}");
        }
        assert_eq!(may_cancel(Cancelled), Err(ProjectRefusal::Cancelled));
        assert_eq!(may_cancel(Contracted), Err(ProjectRefusal::Awarded));
        assert_eq!(may_edit(Published, true), Err(ProjectRefusal::Closed));
        assert_eq!(may_edit(Selecting, false), Err(ProjectRefusal::NotDraft));
        assert_eq!(may_publish(Published), Err(ProjectRefusal::NotDraft));
        // Anybody but the owner: nothing, whatever the status.
        for s in ProjectStatus::ALL {
            assert_eq!(project_steps(false, s, false), vec![]);
        }
    }
}
