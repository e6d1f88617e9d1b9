//! Market surveillance (市场监测): the signs of monopoly and collusion the reform targets,
//! computed from the public record of opened projects — pure functions over plain facts, so
//! that every warning comes with the evidence behind it (the projects it rests on).
//!
//! - **Concentration** of awards: the top-five share and the Herfindahl–Hirschman index (HHI,
//!   the sum of squared percentage shares, 0–10,000).
//! - **Bid rotation** (轮流中标): a pair of firms that bid together again and again and take turns
//!   winning — together they win most of the projects they both bid on, and each wins some.
//! - **Identical bids** (报价雷同): a pair of firms whose prices on the same project are equal
//!   or within a small tolerance, more than once.
//! - **Repeated direct awards** (反复直接选取同一机构): an owner who picks the same firm by direct
//!   selection again and again.
//!
//! Thresholds are parameters with the defaults below; a warning is a reason to look, not a
//! finding — a regulator opens a case from it.

use std::collections::{BTreeMap, BTreeSet};

/// One opened project, as surveillance sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectFacts {
    pub project: String,
    pub owner: String,
    /// `direct`, `random-draw`, …
    pub method: String,
    /// Every opened bid: the firm and its price in fen (none for methods without a price).
    pub bids: Vec<(String, Option<i64>)>,
    /// The firm awarded, if any.
    pub winner: Option<String>,
    /// The catalogue item and the province (two-digit region prefix): the project's market.
    pub item: String,
    pub province: String,
    /// Failed for lack of bidders (流标: fewer valid registrants than the method's minimum).
    pub failed: bool,
}

/// Award concentration in one market (an item, a region, a period).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Concentration {
    /// Awards counted.
    pub awards: u64,
    /// The five largest firms' share of the awards' value, 0–1.
    pub top5_share: f64,
    /// Herfindahl–Hirschman index over the firms' shares, 0–10,000.
    pub hhi: f64,
}

/// Concentration of awards from `(firm, value)` pairs (one per award).
pub fn concentration<'a>(awards: impl IntoIterator<Item = (&'a str, i64)>) -> Concentration {
    let mut by_firm: BTreeMap<&str, i64> = BTreeMap::new();
    let mut n = 0u64;
    for (firm, value) in awards {
        *by_firm.entry(firm).or_default() += value.max(0);
        n += 1;
    }
    let total: i64 = by_firm.values().sum();
    if total == 0 {
        return Concentration {
            awards: n,
            top5_share: 0.0,
            hhi: 0.0,
        };
    }
    let mut shares: Vec<f64> = by_firm.values().map(|v| *v as f64 / total as f64).collect();
    shares.sort_by(|a, b| b.total_cmp(a));
    Concentration {
        awards: n,
        top5_share: shares.iter().take(5).sum(),
        hhi: shares.iter().map(|s| (s * 100.0).powi(2)).sum(),
    }
}

/// When a pair is flagged for bid rotation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RotationRule {
    /// Projects both bid on, at least.
    pub min_together: usize,
    /// Wins each of the two, at least, among those projects.
    pub min_wins_each: usize,
    /// Share of those projects one of the two won, at least.
    pub min_pair_win_share: f64,
}

impl Default for RotationRule {
    fn default() -> Self {
        RotationRule {
            min_together: 6,
            min_wins_each: 2,
            min_pair_win_share: 0.75,
        }
    }
}

/// A pair of firms flagged for bid rotation, with the evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RotationWarning {
    /// The two firms, in order.
    pub firms: (String, String),
    /// The projects both bid on.
    pub together: Vec<String>,
    /// How many of them each won.
    pub wins: (usize, usize),
}

/// A project and the firm that won it (if any).
type Outcome<'a> = (&'a str, Option<&'a str>);

/// Pairs of firms that bid together repeatedly and take turns winning.
pub fn bid_rotation(projects: &[ProjectFacts], rule: RotationRule) -> Vec<RotationWarning> {
    // For every pair: the projects both bid on, and who won each.
    let mut pairs: BTreeMap<(&str, &str), Vec<Outcome<'_>>> = BTreeMap::new();
    for p in projects {
        let firms: BTreeSet<&str> = p.bids.iter().map(|(f, _)| f.as_str()).collect();
        let firms: Vec<&str> = firms.into_iter().collect();
        for (i, a) in firms.iter().enumerate() {
            for b in &firms[i + 1..] {
                pairs
                    .entry((a, b))
                    .or_default()
                    .push((&p.project, p.winner.as_deref()));
            }
        }
    }
    let mut out = Vec::new();
    for ((a, b), shared) in pairs {
        if shared.len() < rule.min_together {
            continue;
        }
        let wins_a = shared.iter().filter(|(_, w)| *w == Some(a)).count();
        let wins_b = shared.iter().filter(|(_, w)| *w == Some(b)).count();
        let share = (wins_a + wins_b) as f64 / shared.len() as f64;
        if wins_a >= rule.min_wins_each
            && wins_b >= rule.min_wins_each
            && share >= rule.min_pair_win_share
        {
            out.push(RotationWarning {
                firms: (a.to_owned(), b.to_owned()),
                together: shared.iter().map(|(p, _)| (*p).to_owned()).collect(),
                wins: (wins_a, wins_b),
            });
        }
    }
    out
}

/// A pair of firms whose prices on the same projects were identical or nearly, with the
/// projects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdenticalBidsWarning {
    pub firms: (String, String),
    pub projects: Vec<String>,
}

/// Pairs whose prices on the same project differ by at most `tolerance_permille` of the lower
/// (0: exactly equal), on at least `min_times` projects.
pub fn identical_bids(
    projects: &[ProjectFacts],
    tolerance_permille: i64,
    min_times: usize,
) -> Vec<IdenticalBidsWarning> {
    let mut pairs: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for p in projects {
        let mut priced: Vec<(&str, i64)> = p
            .bids
            .iter()
            .filter_map(|(f, price)| price.map(|x| (f.as_str(), x)))
            .collect();
        priced.sort();
        for (i, (a, pa)) in priced.iter().enumerate() {
            for (b, pb) in &priced[i + 1..] {
                if a == b {
                    continue;
                }
                let low = (*pa).min(*pb).max(1);
                if (pa - pb).abs() * 1000 <= low * tolerance_permille {
                    let key = if a < b { (*a, *b) } else { (*b, *a) };
                    pairs.entry(key).or_default().push(&p.project);
                }
            }
        }
    }
    pairs
        .into_iter()
        .filter(|(_, ps)| ps.len() >= min_times)
        .map(|((a, b), ps)| IdenticalBidsWarning {
            firms: (a.to_owned(), b.to_owned()),
            projects: ps.into_iter().map(str::to_owned).collect(),
        })
        .collect()
}

/// An owner who picked the same firm by direct selection repeatedly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepeatedDirectWarning {
    pub owner: String,
    pub firm: String,
    /// The owner's direct selections that went to the firm.
    pub projects: Vec<String>,
    /// The owner's direct selections in all.
    pub of: usize,
}

/// Owners whose direct selections went to one firm at least `min_times` times and at least
/// `min_share` of the time.
pub fn repeated_direct_awards(
    projects: &[ProjectFacts],
    min_times: usize,
    min_share: f64,
) -> Vec<RepeatedDirectWarning> {
    let mut by_owner: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for p in projects.iter().filter(|p| p.method == "direct") {
        if let Some(w) = &p.winner {
            by_owner
                .entry(&p.owner)
                .or_default()
                .push((w.as_str(), p.project.as_str()));
        }
    }
    let mut out = Vec::new();
    for (owner, picks) in by_owner {
        let mut by_firm: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (firm, project) in &picks {
            by_firm.entry(firm).or_default().push(project);
        }
        for (firm, ps) in by_firm {
            if ps.len() >= min_times && ps.len() as f64 / picks.len() as f64 >= min_share {
                out.push(RepeatedDirectWarning {
                    owner: owner.to_owned(),
                    firm: firm.to_owned(),
                    projects: ps.into_iter().map(str::to_owned).collect(),
                    of: picks.len(),
                });
            }
        }
    }
    out
}

/// A firm that wins far more often than its share: over the projects it bid on, a firm with
/// `n` bidders would win `1/n` of them by chance; this one won at least `ratio` times what
/// chance gives (and at least `min_wins` projects).
#[derive(Debug, Clone, PartialEq)]
pub struct DominantFirmWarning {
    pub firm: String,
    /// Projects it bid on, and those it won (the evidence).
    pub bids: usize,
    pub won: Vec<String>,
    /// The wins chance would give: the sum of `1/bidders` over its projects.
    pub expected: f64,
}

/// Firms winning far above their share (see [`DominantFirmWarning`]).
pub fn dominant_firms(
    projects: &[ProjectFacts],
    min_wins: usize,
    ratio: f64,
) -> Vec<DominantFirmWarning> {
    let mut by_firm: BTreeMap<&str, (usize, Vec<&str>, f64)> = BTreeMap::new();
    for p in projects.iter().filter(|p| p.winner.is_some()) {
        let firms: BTreeSet<&str> = p.bids.iter().map(|(f, _)| f.as_str()).collect();
        let chance = 1.0 / firms.len().max(1) as f64;
        for f in &firms {
            let e = by_firm.entry(f).or_default();
            e.0 += 1;
            e.2 += chance;
            if p.winner.as_deref() == Some(f) {
                e.1.push(&p.project);
            }
        }
    }
    by_firm
        .into_iter()
        .filter(|(_, (_, won, expected))| {
            won.len() >= min_wins && won.len() as f64 >= ratio * expected
        })
        .map(|(firm, (bids, won, expected))| DominantFirmWarning {
            firm: firm.to_owned(),
            bids,
            won: won.into_iter().map(str::to_owned).collect(),
            expected,
        })
        .collect()
}

/// A market (item and province) where projects keep failing for lack of bidders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepeatedFailuresWarning {
    pub item: String,
    pub province: String,
    pub projects: Vec<String>,
}

/// Markets where at least `min_times` projects failed for lack of bidders and they are at least
/// `min_share` of the market's opened projects (a few failures among many are ordinary).
pub fn repeated_failures(
    projects: &[ProjectFacts],
    min_times: usize,
    min_share: f64,
) -> Vec<RepeatedFailuresWarning> {
    let mut by_market: BTreeMap<(&str, &str), (usize, Vec<&str>)> = BTreeMap::new();
    for p in projects {
        let e = by_market.entry((&p.item, &p.province)).or_default();
        e.0 += 1;
        if p.failed {
            e.1.push(&p.project);
        }
    }
    by_market
        .into_iter()
        .filter(|(_, (all, failed))| {
            failed.len() >= min_times && failed.len() as f64 >= min_share * *all as f64
        })
        .map(|((item, province), (_, ps))| RepeatedFailuresWarning {
            item: item.to_owned(),
            province: province.to_owned(),
            projects: ps.into_iter().map(str::to_owned).collect(),
        })
        .collect()
}

/// The thresholds of every warning, with the defaults the console uses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WarningRules {
    pub rotation: RotationRule,
    /// Prices within this many per mille count as identical…
    pub identical_permille: i64,
    /// …on at least this many projects.
    pub identical_min_times: usize,
    /// Direct awards by one owner to one firm: at least this many, and this share of the
    /// owner's direct awards.
    pub direct_min_times: usize,
    pub direct_min_share: f64,
    /// Wins at least this many, and this many times what chance gives.
    pub dominant_min_wins: usize,
    pub dominant_ratio: f64,
    /// Failed projects in one market, and their share of its opened projects.
    pub failures_min_times: usize,
    pub failures_min_share: f64,
}

impl Default for WarningRules {
    fn default() -> Self {
        WarningRules {
            rotation: RotationRule::default(),
            identical_permille: 1,
            identical_min_times: 2,
            direct_min_times: 3,
            direct_min_share: 0.6,
            dominant_min_wins: 5,
            dominant_ratio: 3.0,
            failures_min_times: 3,
            failures_min_share: 0.3,
        }
    }
}

/// One warning of any kind, with the evidence behind it.
#[derive(Debug, Clone, PartialEq)]
pub enum Warning {
    BidRotation(RotationWarning),
    IdenticalBids(IdenticalBidsWarning),
    RepeatedDirect(RepeatedDirectWarning),
    DominantFirm(DominantFirmWarning),
    RepeatedFailures(RepeatedFailuresWarning),
}

crate::model::closed_set! {
    /// Which pattern a warning found.
    pub enum WarningKind {
        BidRotation = "bid-rotation",
        IdenticalBids = "identical-bids",
        RepeatedDirect = "repeated-direct",
        DominantFirm = "dominant-firm",
        RepeatedFailures = "repeated-failures",
    }
}

impl Warning {
    pub fn code(&self) -> WarningKind {
        match self {
            Warning::BidRotation(_) => WarningKind::BidRotation,
            Warning::IdenticalBids(_) => WarningKind::IdenticalBids,
            Warning::RepeatedDirect(_) => WarningKind::RepeatedDirect,
            Warning::DominantFirm(_) => WarningKind::DominantFirm,
            Warning::RepeatedFailures(_) => WarningKind::RepeatedFailures,
        }
    }

    /// `bid-rotation`, `identical-bids`, `repeated-direct`, `dominant-firm`,
    /// `repeated-failures`.
    pub fn kind(&self) -> &'static str {
        self.code().as_str()
    }

    /// The firms it names (none for failures).
    pub fn firms(&self) -> Vec<&str> {
        match self {
            Warning::BidRotation(w) => vec![&w.firms.0, &w.firms.1],
            Warning::IdenticalBids(w) => vec![&w.firms.0, &w.firms.1],
            Warning::RepeatedDirect(w) => vec![&w.firm],
            Warning::DominantFirm(w) => vec![&w.firm],
            Warning::RepeatedFailures(_) => vec![],
        }
    }

    /// The projects it rests on.
    pub fn projects(&self) -> &[String] {
        match self {
            Warning::BidRotation(w) => &w.together,
            Warning::IdenticalBids(w) => &w.projects,
            Warning::RepeatedDirect(w) => &w.projects,
            Warning::DominantFirm(w) => &w.won,
            Warning::RepeatedFailures(w) => &w.projects,
        }
    }

    /// Names the warning among those of one data set: its kind and its parties. The same
    /// warning found again (say, to open a case from it) has the same key.
    pub fn key(&self) -> String {
        let parties = match self {
            Warning::RepeatedDirect(w) => vec![w.owner.as_str(), w.firm.as_str()],
            Warning::RepeatedFailures(w) => vec![w.item.as_str(), w.province.as_str()],
            _ => self.firms(),
        };
        format!("{}:{}", self.kind(), parties.join(":"))
    }
}

/// Every warning over `projects`, by kind in the order of [`Warning`], each kind in its own
/// (deterministic) order.
pub fn warnings(projects: &[ProjectFacts], rules: &WarningRules) -> Vec<Warning> {
    let mut out: Vec<Warning> = bid_rotation(projects, rules.rotation)
        .into_iter()
        .map(Warning::BidRotation)
        .collect();
    out.extend(
        identical_bids(
            projects,
            rules.identical_permille,
            rules.identical_min_times,
        )
        .into_iter()
        .map(Warning::IdenticalBids),
    );
    out.extend(
        repeated_direct_awards(projects, rules.direct_min_times, rules.direct_min_share)
            .into_iter()
            .map(Warning::RepeatedDirect),
    );
    out.extend(
        dominant_firms(projects, rules.dominant_min_wins, rules.dominant_ratio)
            .into_iter()
            .map(Warning::DominantFirm),
    );
    out.extend(
        repeated_failures(projects, rules.failures_min_times, rules.failures_min_share)
            .into_iter()
            .map(Warning::RepeatedFailures),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(id: &str, owner: &str, method: &str, bids: &[(&str, i64)], winner: &str) -> ProjectFacts {
        ProjectFacts {
            project: id.into(),
            owner: owner.into(),
            method: method.into(),
            bids: bids.iter().map(|(f, x)| ((*f).into(), Some(*x))).collect(),
            winner: (!winner.is_empty()).then(|| winner.into()),
            item: "i".into(),
            province: "33".into(),
            failed: false,
        }
    }

    #[test]
    fn concentration_of_one_two_and_many_firms() {
        let c = concentration([("a", 100)]);
        assert_eq!((c.top5_share, c.hhi), (1.0, 10_000.0));
        let c = concentration([("a", 50), ("b", 50)]);
        assert!((c.hhi - 5_000.0).abs() < 1e-9);
        let many: Vec<(String, i64)> = (0..10).map(|i| (format!("f{i}"), 10)).collect();
        let c = concentration(many.iter().map(|(f, v)| (f.as_str(), *v)));
        assert!((c.top5_share - 0.5).abs() < 1e-9 && (c.hhi - 1_000.0).abs() < 1e-9);
        assert_eq!(concentration([]).hhi, 0.0);
    }

    #[test]
    fn a_planted_rotation_ring_is_found_and_honest_competitors_are_not() {
        // r1 and r2 bid together on six projects and take turns, winning five of them (h1
        // once); h1..h3 compete among themselves, three ways, so no pair of them dominates.
        let mut ps = Vec::new();
        for i in 0..6 {
            let winner = match i {
                0 | 2 | 4 => "r1",
                1 | 3 => "r2",
                _ => "h1",
            };
            ps.push(p(
                &format!("ring{i}"),
                "o",
                "lowest-price",
                &[("r1", 100), ("r2", 101), ("h1", 99)],
                winner,
            ));
        }
        for i in 0..6 {
            let winner = ["h1", "h2", "h3"][i % 3];
            ps.push(p(
                &format!("open{i}"),
                "o",
                "lowest-price",
                &[("h1", 90), ("h2", 95), ("h3", 97)],
                winner,
            ));
        }
        let w = bid_rotation(&ps, RotationRule::default());
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].firms, ("r1".into(), "r2".into()));
        assert_eq!(w[0].wins, (3, 2));
        assert_eq!(w[0].together.len(), 6);
        // Below the threshold of projects together: nothing.
        let strict = RotationRule {
            min_together: 7,
            ..RotationRule::default()
        };
        assert!(bid_rotation(&ps, strict).is_empty());
    }

    #[test]
    fn identical_and_near_identical_bids() {
        let ps = vec![
            p(
                "a",
                "o",
                "lowest-price",
                &[("x", 100_000), ("y", 100_000), ("z", 90_000)],
                "z",
            ),
            p(
                "b",
                "o",
                "lowest-price",
                &[("x", 200_000), ("y", 200_100), ("z", 150_000)],
                "z",
            ),
            p(
                "c",
                "o",
                "lowest-price",
                &[("x", 300_000), ("y", 330_000)],
                "x",
            ),
        ];
        let exact = identical_bids(&ps, 0, 1);
        assert_eq!(exact.len(), 1);
        assert_eq!(exact[0].projects, ["a"]);
        // Within 1 ‰: the second project counts too.
        let near = identical_bids(&ps, 1, 2);
        assert_eq!(near.len(), 1);
        assert_eq!(near[0].firms, ("x".into(), "y".into()));
        assert_eq!(near[0].projects, ["a", "b"]);
    }

    #[test]
    fn an_owner_picking_the_same_firm_directly() {
        let mut ps: Vec<ProjectFacts> = (0..4)
            .map(|i| p(&format!("d{i}"), "owner1", "direct", &[("f", 1)], "f"))
            .collect();
        ps.push(p("d4", "owner1", "direct", &[("g", 1)], "g"));
        ps.push(p("d5", "owner2", "direct", &[("f", 1)], "f"));
        ps.push(p("r0", "owner1", "random-draw", &[("f", 1)], "f"));
        let w = repeated_direct_awards(&ps, 3, 0.6);
        assert_eq!(w.len(), 1);
        assert_eq!(
            (w[0].owner.as_str(), w[0].firm.as_str(), w[0].of),
            ("owner1", "f", 5)
        );
        assert_eq!(w[0].projects.len(), 4);
    }

    #[test]
    fn a_firm_winning_far_above_its_share() {
        let mut ps = Vec::new();
        // "big" wins 6 of 8 four-firm projects: chance gives 2.
        for i in 0..8 {
            let w = if i < 6 { "big" } else { "b" };
            ps.push(p(
                &format!("p{i}"),
                "o",
                "random-draw",
                &[("big", 1), ("a", 1), ("b", 1), ("c", 1)],
                w,
            ));
        }
        let w = dominant_firms(&ps, 5, 3.0);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(
            (w[0].firm.as_str(), w[0].bids, w[0].won.len()),
            ("big", 8, 6)
        );
        assert!((w[0].expected - 2.0).abs() < 1e-9);
        // Three times chance is 6: a stricter ratio finds nothing, and so do fewer wins.
        assert!(dominant_firms(&ps, 5, 3.5).is_empty());
        assert!(dominant_firms(&ps, 7, 3.0).is_empty());
        // A project without a winner is not counted against anyone.
        ps.push(p("open", "o", "random-draw", &[("big", 1)], ""));
        assert_eq!(dominant_firms(&ps, 5, 3.0)[0].bids, 8);
    }

    #[test]
    fn markets_where_projects_keep_failing() {
        let mut ps = Vec::new();
        for i in 0..4 {
            let mut f = p(&format!("f{i}"), "o", "lowest-price", &[], "");
            f.failed = true;
            f.province = if i < 3 { "33".into() } else { "11".into() };
            ps.push(f);
        }
        let w = repeated_failures(&ps, 3, 0.3);
        assert_eq!(w.len(), 1);
        assert_eq!((w[0].item.as_str(), w[0].province.as_str()), ("i", "33"));
        assert_eq!(w[0].projects, ["f0", "f1", "f2"]);
        assert!(repeated_failures(&ps, 4, 0.3).is_empty());
        // Three failures among ten projects are 30 %: still a warning; among eleven, not.
        for i in 0..7 {
            ps.push(p(&format!("ok{i}"), "o", "lowest-price", &[("a", 1)], "a"));
        }
        assert_eq!(repeated_failures(&ps, 3, 0.3).len(), 1);
        ps.push(p("ok7", "o", "lowest-price", &[("a", 1)], "a"));
        assert!(repeated_failures(&ps, 3, 0.3).is_empty());
    }

    #[test]
    fn every_kind_comes_with_its_key_parties_and_evidence() {
        let mut ps: Vec<ProjectFacts> = (0..4)
            .map(|i| p(&format!("d{i}"), "owner1", "direct", &[("f", 1)], "f"))
            .collect();
        for i in 0..6 {
            let winner = if i % 2 == 0 { "r1" } else { "r2" };
            ps.push(p(
                &format!("ring{i}"),
                "o",
                "lowest-price",
                &[("r1", 100 + i), ("r2", 100 + i), ("h", 200)],
                winner,
            ));
        }
        let all = warnings(&ps, &WarningRules::default());
        let keys: Vec<String> = all.iter().map(Warning::key).collect();
        assert!(keys.contains(&"bid-rotation:r1:r2".to_owned()), "{keys:?}");
        assert!(
            keys.contains(&"identical-bids:r1:r2".to_owned()),
            "{keys:?}"
        );
        assert!(
            keys.contains(&"repeated-direct:owner1:f".to_owned()),
            "{keys:?}"
        );
        let rotation = all.iter().find(|w| w.kind() == "bid-rotation").unwrap();
        assert_eq!(rotation.firms(), ["r1", "r2"]);
        assert_eq!(rotation.projects().len(), 6);
        // Same data, same warnings in the same order.
        assert_eq!(warnings(&ps, &WarningRules::default()), all);
    }
}
