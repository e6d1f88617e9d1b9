//! Selection (选取) after the bids are opened: the ranking rules of the five methods, as pure
//! functions of the registrants, their opened bids and a verifiable order for ties.
//!
//! Ties are never broken by anything a party controls (registration time, name, id): after the
//! higher credit score, the order of a verifiable draw over all registrants decides
//! (`draw_rank`: the position in a full draw of the closed list, see [`super::draw`]).
//!
//! Money is integer fen; weighted scores are computed in hundredths of a point with integer
//! arithmetic, so that every instance, engine and re-computation ranks identically.

use std::cmp::Ordering;

/// A registrant after opening.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The firm's id (as the draw lists it).
    pub firm: String,
    pub credit_score: i32,
    /// The opened bid, for methods with a price.
    pub price_fen: Option<i64>,
    /// The owner's score of the plan, 0–100, for comprehensive scoring.
    pub plan_score: Option<u32>,
    /// Position in the verifiable draw over all registrants (0 first).
    pub draw_rank: usize,
}

/// Why a bid does not take part in the ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Excluded {
    /// No bid was opened for this registrant.
    NoBid,
    /// Above the announced price cap.
    AboveCap,
    /// Not a positive amount.
    NotPositive,
    /// The plan was not scored.
    NoPlanScore,
}

/// A ranked entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    pub firm: String,
    /// For lowest price: below the abnormally-low line (the owner must ask for an explanation
    /// and may reject the bid, which re-ranks without it).
    pub abnormally_low: bool,
    /// For comprehensive scoring: the weighted total in hundredths of a point (0–10,000).
    pub total_centi: Option<i64>,
}

/// A ranking: the valid entries best first, and the excluded ones with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ranking {
    pub ranked: Vec<Ranked>,
    pub excluded: Vec<(String, Excluded)>,
}

/// Higher credit first, then the draw.
fn credit_then_draw(a: &Candidate, b: &Candidate) -> Ordering {
    b.credit_score
        .cmp(&a.credit_score)
        .then(a.draw_rank.cmp(&b.draw_rank))
}

/// Splits the candidates into valid bids and excluded ones.
fn priced(candidates: &[Candidate], cap_fen: i64) -> (Vec<(&Candidate, i64)>, Ranking) {
    let mut valid = Vec::new();
    let mut ranking = Ranking::default();
    for c in candidates {
        match c.price_fen {
            None => ranking.excluded.push((c.firm.clone(), Excluded::NoBid)),
            Some(p) if p <= 0 => ranking
                .excluded
                .push((c.firm.clone(), Excluded::NotPositive)),
            Some(p) if p > cap_fen => ranking.excluded.push((c.firm.clone(), Excluded::AboveCap)),
            Some(p) => valid.push((c, p)),
        }
    }
    (valid, ranking)
}

/// Lowest price (竞价选取): valid bids (positive, at most the cap) from the lowest; equal prices by
/// credit, then the draw. A bid below `abnormal_percent` % of the mean of the other valid bids is
/// marked abnormally low (with a single valid bid there is nothing to compare with).
pub fn lowest_price(candidates: &[Candidate], cap_fen: i64, abnormal_percent: u32) -> Ranking {
    let (mut valid, mut ranking) = priced(candidates, cap_fen);
    let sum: i128 = valid.iter().map(|(_, p)| *p as i128).sum();
    let n = valid.len() as i128;
    valid.sort_by(|(a, pa), (b, pb)| pa.cmp(pb).then(credit_then_draw(a, b)));
    ranking.ranked = valid
        .iter()
        .map(|(c, p)| {
            // p < pct% of mean(others)  ⇔  100·p·(n−1) < pct·(sum − p)
            let others = sum - *p as i128;
            let abnormally_low =
                n > 1 && 100 * (*p as i128) * (n - 1) < abnormal_percent as i128 * others;
            Ranked {
                firm: c.firm.clone(),
                abnormally_low,
                total_centi: None,
            }
        })
        .collect();
    ranking
}

/// The announced weights of comprehensive scoring, in points summing to 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weights {
    pub price: u32,
    pub plan: u32,
    pub credit: u32,
}

impl Weights {
    /// Whether the weights sum to 100. Checked: each weight is the caller's number, and a wrapped
    /// sum (`4294967295 + 101 + 0`) would pass as 100 and rank by a huge price weight.
    pub fn valid(&self) -> bool {
        self.price
            .checked_add(self.plan)
            .and_then(|s| s.checked_add(self.credit))
            == Some(100)
    }
}

/// Comprehensive scoring (综合评分): each valid entry (a valid bid and a scored plan) gets
///
/// - price: `lowest valid price / its price × 100` (the lowest bid scores 100);
/// - plan: the owner's score, 0–100;
/// - credit: `its credit score / the highest credit score among the entries × 100` (0 for a
///   score of 0 or below);
///
/// weighted by the announced weights; best total first, then lower price, higher credit, and the
/// draw. Totals are in hundredths of a point, rounded down.
pub fn comprehensive(candidates: &[Candidate], cap_fen: i64, weights: Weights) -> Ranking {
    let (priced, mut ranking) = priced(candidates, cap_fen);
    let mut valid = Vec::new();
    for (c, p) in priced {
        match c.plan_score {
            Some(s) if s <= 100 => valid.push((c, p, s)),
            _ => ranking
                .excluded
                .push((c.firm.clone(), Excluded::NoPlanScore)),
        }
    }
    let Some(lowest) = valid.iter().map(|(_, p, _)| *p).min() else {
        return ranking;
    };
    let best_credit = valid
        .iter()
        .map(|(c, _, _)| c.credit_score)
        .max()
        .unwrap_or(0)
        .max(1) as i128;
    // All in units of 1/10,000 of a point per weight point, then / 100 for hundredths.
    let mut scored: Vec<(&Candidate, i64, i64)> = valid
        .iter()
        .map(|(c, p, s)| {
            let price = weights.price as i128 * 10_000 * lowest as i128 / *p as i128;
            let plan = weights.plan as i128 * 100 * *s as i128;
            let credit =
                weights.credit as i128 * 10_000 * (c.credit_score.max(0) as i128) / best_credit;
            let total = ((price + plan + credit) / 100) as i64;
            (*c, *p, total)
        })
        .collect();
    scored.sort_by(|(a, pa, ta), (b, pb, tb)| {
        tb.cmp(ta).then(pa.cmp(pb)).then(credit_then_draw(a, b))
    });
    ranking.ranked = scored
        .into_iter()
        .map(|(c, _, t)| Ranked {
            firm: c.firm.clone(),
            abnormally_low: false,
            total_centi: Some(t),
        })
        .collect();
    ranking
}

/// Credit-preferred (信用择优), first step: the long list (大名单), the `size` registrants with
/// the highest credit (ties by the draw). The short list is then drawn from it.
pub fn long_list(candidates: &[Candidate], size: usize) -> Vec<String> {
    let mut all: Vec<&Candidate> = candidates.iter().collect();
    all.sort_by(|a, b| credit_then_draw(a, b));
    all.into_iter().take(size).map(|c| c.firm.clone()).collect()
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

    fn order(r: &Ranking) -> Vec<&str> {
        r.ranked.iter().map(|e| e.firm.as_str()).collect()
    }

    #[test]
    fn lowest_price_ranks_and_breaks_ties_by_credit_then_draw() {
        let cands = [
            c("a", 90, Some(8_000_000), 3),
            c("b", 95, Some(8_000_000), 2),
            c("c", 95, Some(8_000_000), 1),
            c("d", 99, Some(9_000_000), 0),
            c("e", 99, Some(12_000_000), 4), // above the cap
            c("f", 99, None, 5),
            c("g", 99, Some(0), 6),
        ];
        let r = lowest_price(&cands, 10_000_000, 70);
        assert_eq!(order(&r), ["c", "b", "a", "d"]);
        assert_eq!(
            r.excluded,
            vec![
                ("e".into(), Excluded::AboveCap),
                ("f".into(), Excluded::NoBid),
                ("g".into(), Excluded::NotPositive)
            ]
        );
        assert!(r.ranked.iter().all(|e| !e.abnormally_low));
    }

    #[test]
    fn abnormally_low_is_below_the_share_of_the_others_mean() {
        // Others' mean for "low": (100 + 100 + 100) / 3 = 100; 70 % of it is 70.
        let at_line = [
            c("low", 90, Some(70), 0),
            c("x", 90, Some(100), 1),
            c("y", 90, Some(100), 2),
            c("z", 90, Some(100), 3),
        ];
        let r = lowest_price(&at_line, 1000, 70);
        assert_eq!(r.ranked[0].firm, "low");
        assert!(
            !r.ranked[0].abnormally_low,
            "exactly at the line is not below it"
        );
        let mut below = at_line.clone();
        below[0].price_fen = Some(69);
        let r = lowest_price(&below, 1000, 70);
        assert!(r.ranked[0].abnormally_low);
        assert!(r.ranked[1..].iter().all(|e| !e.abnormally_low));
        // One valid bid: nothing to compare with.
        let r = lowest_price(&below[..1], 1000, 70);
        assert!(!r.ranked[0].abnormally_low);
    }

    #[test]
    fn comprehensive_scoring_by_the_published_weights() {
        let w = Weights {
            price: 30,
            plan: 60,
            credit: 10,
        };
        assert!(w.valid());
        assert!(
            !Weights {
                price: 30,
                plan: 60,
                credit: 11
            }
            .valid()
        );
        let mut a = c("a", 100, Some(100_000), 0);
        a.plan_score = Some(80);
        let mut b = c("b", 80, Some(80_000), 1);
        b.plan_score = Some(90);
        let mut unscored = c("u", 100, Some(50_000), 2);
        unscored.plan_score = None;
        let r = comprehensive(&[a, b, unscored], 100_000, w);
        // a: price 30·80,000/100,000 = 24.00; plan 60·0.80 = 48.00; credit 10·100/100 = 10.00 → 82.00
        // b: price 30.00; plan 54.00; credit 10·80/100 = 8.00 → 92.00
        assert_eq!(order(&r), ["b", "a"]);
        assert_eq!(r.ranked[0].total_centi, Some(9200));
        assert_eq!(r.ranked[1].total_centi, Some(8200));
        assert_eq!(r.excluded, vec![("u".into(), Excluded::NoPlanScore)]);
    }

    #[test]
    fn comprehensive_totals_round_down_and_tie_on_price_then_credit_then_draw() {
        let w = Weights {
            price: 100,
            plan: 0,
            credit: 0,
        };
        let mut x = c("x", 90, Some(30_000), 1);
        x.plan_score = Some(0);
        let mut y = c("y", 90, Some(90_000), 0);
        y.plan_score = Some(0);
        let r = comprehensive(&[x.clone(), y], 100_000, w);
        // y: 100 · 30,000 / 90,000 = 33.333… → 3333 hundredths.
        assert_eq!(r.ranked[1].total_centi, Some(3333));
        let mut x2 = x.clone();
        x2.firm = "x2".into();
        x2.draw_rank = 0;
        let r = comprehensive(&[x, x2], 100_000, w);
        assert_eq!(order(&r), ["x2", "x"], "equal in all but the draw");
    }

    #[test]
    fn the_long_list_is_the_top_credit_scores() {
        let cands = [
            c("a", 80, None, 0),
            c("b", 95, None, 3),
            c("c", 95, None, 1),
            c("d", 99, None, 2),
        ];
        assert_eq!(long_list(&cands, 3), ["d", "c", "b"]);
        assert_eq!(long_list(&cands, 10).len(), 4);
    }

    use proptest::prelude::*;

    fn arb_candidates() -> impl Strategy<Value = Vec<Candidate>> {
        proptest::collection::vec(
            (
                40i32..120,
                proptest::option::of(-5i64..2_000),
                proptest::option::of(0u32..=100),
            ),
            0..12,
        )
        .prop_map(|rows| {
            rows.into_iter()
                .enumerate()
                .map(|(i, (credit, price, plan))| Candidate {
                    firm: format!("f{i}"),
                    credit_score: credit,
                    price_fen: price,
                    plan_score: plan,
                    // A fixed permutation, as a full draw would give.
                    draw_rank: (i * 7) % 12,
                })
                .collect()
        })
    }

    proptest! {
        /// Every candidate is either ranked or excluded, once; lowest price is sorted by price;
        /// comprehensive totals lie in 0–100 points and are sorted.
        #[test]
        fn rankings_are_complete_and_sorted(cands in arb_candidates(), cap in 1i64..2_000, plan in 0u32..=100, price in 0u32..=100) {
            let w = Weights { price: price.min(100 - plan), plan, credit: 100 - plan - price.min(100 - plan) };
            prop_assert!(w.valid());
            for r in [lowest_price(&cands, cap, 70), comprehensive(&cands, cap, w)] {
                let mut seen: Vec<&str> = r.ranked.iter().map(|e| e.firm.as_str())
                    .chain(r.excluded.iter().map(|(f, _)| f.as_str())).collect();
                seen.sort();
                let mut all: Vec<&str> = cands.iter().map(|c| c.firm.as_str()).collect();
                all.sort();
                prop_assert_eq!(seen, all);
            }
            let price_of = |f: &str| cands.iter().find(|c| c.firm == f).and_then(|c| c.price_fen).unwrap();
            let r = lowest_price(&cands, cap, 70);
            prop_assert!(r.ranked.windows(2).all(|w| price_of(&w[0].firm) <= price_of(&w[1].firm)));
            prop_assert!(r.ranked.iter().all(|e| (1..=cap).contains(&price_of(&e.firm))));
            let r = comprehensive(&cands, cap, w);
            let totals: Vec<i64> = r.ranked.iter().map(|e| e.total_centi.unwrap()).collect();
            prop_assert!(totals.iter().all(|t| (0..=10_000).contains(t)));
            prop_assert!(totals.windows(2).all(|w| w[0] >= w[1]));
        }

        /// Weights are valid exactly when their true (unbounded) sum is 100, however large
        /// each one is; `4294967295 + 101 + 0` wrapped to 100 and passed.
        #[test]
        fn weights_sum_to_100_without_wrapping(
            price in prop_oneof![0u32..=200, Just(u32::MAX), (u32::MAX - 200)..=u32::MAX],
            plan in prop_oneof![0u32..=200, Just(101u32), (u32::MAX - 200)..=u32::MAX],
            credit in prop_oneof![0u32..=200, (u32::MAX - 200)..=u32::MAX],
        ) {
            let w = Weights { price, plan, credit };
            prop_assert_eq!(w.valid(), price as u64 + plan as u64 + credit as u64 == 100);
        }
    }

    #[test]
    fn wrapping_weights_are_refused() {
        assert!(
            !Weights {
                price: u32::MAX,
                plan: 101,
                credit: 0
            }
            .valid()
        );
    }
}
