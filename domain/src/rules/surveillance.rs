//! Market surveillance (市场监测): the signs of monopoly and collusion the reform targets,
//! computed from the public record of opened projects — pure functions over plain facts, so
//! that every warning comes with the evidence behind it (the projects it rests on) and its
//! statistic in words.
//!
//! Two sorts of warning (see docs/DOMAIN.md, "Market surveillance"):
//!
//! - **Tests with a stated error rate.** Each compares what happened with what chance gives
//!   from the bids themselves, exactly (a Poisson-binomial or binomial tail), and corrects for
//!   the number of pairs, groups, firms or owners tested (Tarone's refinement of Bonferroni,
//!   [`stats::tarone_level`]). The statistical warnings of one market together raise a false
//!   warning with probability at most [`WarningRules::alpha`] (0.8 % by default; the red
//!   flags below add about 0.2 % in simulated honest markets):
//!   - **bid rotation** (轮流中标): a group of 2–5 firms that, on the projects they all bid
//!     on, win together far more often than their number among the bidders gives, each of
//!     them winning some;
//!   - **dominant firm**: a firm winning far more than `1/bidders` of its projects gives;
//!   - **repeated direct selection**: an owner's direct picks going to one firm far more often
//!     than a pick among the market's firms gives;
//!   - against the **rate across all owners** (firms, markets, owner–firm pairs; Fisher's
//!     exact test): all bids but the winner's rejected; the lowest bid rejected when price
//!     alone decides; competitive projects with a single bidder; awards at about the budget;
//!     projects failing for lack of bidders; results handed in implausibly fast against the
//!     catalogue's time limit; an owner always top-rating one firm.
//! - **Red flags** (Open Contracting / Prozorro) that are rare by construction and are raised
//!   on sight: identical prices, split purchases under the direct-selection threshold, cover
//!   bidding, and a failed or cancelled competitive project followed by a direct award to one
//!   of its registrants. Their false-warning rate is measured on simulated honest markets
//!   ([`crate::synthetic::simulate`]).
//!
//! A warning is a reason to look, not a finding — a regulator opens a case from it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

pub mod stats;

use stats::{
    binomial_tail, hypergeometric_tail, ln_factorials, poisson_binomial_tail, tarone_level,
};

/// One opened project, as surveillance sees it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProjectFacts {
    pub project: String,
    pub owner: String,
    /// `direct`, `random-draw`, …
    pub method: String,
    /// Every opened bid: the firm and its price in fen (none for methods without a price).
    pub bids: Vec<(String, Option<i64>)>,
    /// The firms among `bids` whose bid was rejected or excluded (an abnormally low price
    /// rejected, an upheld objection or complaint, a refusal to sign).
    pub rejected: Vec<String>,
    /// The firm awarded, if any.
    pub winner: Option<String>,
    /// The catalogue item and the province (two-digit region prefix): the project's market.
    pub item: String,
    pub province: String,
    /// Failed for lack of bidders (流标: fewer valid registrants than the method's minimum).
    pub failed: bool,
    /// Cancelled after its bids were opened.
    pub cancelled: bool,
    pub budget_fen: i64,
    /// The standing award's price (fen).
    pub award_fen: Option<i64>,
    /// Published on: days since 1970-01-01 (China date).
    pub day: i64,
    /// Days from the contract's signing to the result's submission, once submitted.
    pub delivery_days: Option<i64>,
    /// The catalogue item's time limit for the service (days).
    pub time_limit_days: Option<i64>,
    /// The owner's evaluation of the awarded firm, once given: whether every rating is the
    /// top one (5 of 5 on all five).
    pub top_rated: Option<bool>,
}

impl ProjectFacts {
    fn competitive(&self) -> bool {
        self.method != "direct"
    }

    /// Bids carry a price that counts.
    fn priced(&self) -> bool {
        matches!(self.method.as_str(), "lowest-price" | "comprehensive")
    }

    /// The distinct bidders.
    fn bidders(&self) -> BTreeSet<&str> {
        self.bids.iter().map(|(f, _)| f.as_str()).collect()
    }

    /// The distinct bidders whose bid stood (not rejected or excluded): those that could win.
    fn valid_bidders(&self) -> BTreeSet<&str> {
        let mut b = self.bidders();
        for r in &self.rejected {
            b.remove(r.as_str());
        }
        b
    }

    fn price_of(&self, firm: &str) -> Option<i64> {
        self.bids
            .iter()
            .find(|(f, _)| f == firm)
            .and_then(|(_, p)| *p)
    }
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

/// The statistic behind a warning, in numbers the page puts in words.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Statistic {
    /// What was seen: wins, picks, projects, bids…
    pub observed: u64,
    /// Out of how many.
    pub of: u64,
    /// What chance (or the rate across all units) gives for `observed`.
    pub expected: Option<f64>,
    /// The probability of `observed` or more by chance (one-sided, before correction).
    pub p_value: Option<f64>,
    /// The bound it had to be under: the family-wise level divided by the tests counted.
    pub level: Option<f64>,
    /// A figure of the kind's own: a split purchase's total (fen), a cover bidder's margin
    /// over the winner (‰), the days from a failure to the direct award.
    pub figure: Option<i64>,
}

/// One warning, with the evidence behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub kind: WarningKind,
    /// The firms it names, in order.
    pub firms: Vec<String>,
    /// The owner it names.
    pub owner: Option<String>,
    /// The market (item, province) it names.
    pub market: Option<(String, String)>,
    /// The projects it rests on.
    pub projects: Vec<String>,
    /// Bid rotation: each firm's wins among the projects; dominant firm: its wins.
    pub wins: Vec<u64>,
    pub statistic: Statistic,
}

crate::model::closed_set! {
    /// Which pattern a warning found.
    pub enum WarningKind {
        BidRotation = "bid-rotation",
        IdenticalBids = "identical-bids",
        RepeatedDirect = "repeated-direct",
        DominantFirm = "dominant-firm",
        RepeatedFailures = "repeated-failures",
        SplitPurchase = "split-purchase",
        CoverBidding = "cover-bidding",
        FailedThenDirect = "failed-then-direct",
        OthersRejected = "others-rejected",
        LowestRejected = "lowest-rejected",
        SingleBidder = "single-bidder",
        AwardAtBudget = "award-at-budget",
        FastDelivery = "fast-delivery",
        RatingAnomaly = "rating-anomaly",
    }
}

impl Warning {
    fn new(kind: WarningKind, projects: Vec<String>, statistic: Statistic) -> Warning {
        Warning {
            kind,
            firms: Vec::new(),
            owner: None,
            market: None,
            projects,
            wins: Vec::new(),
            statistic,
        }
    }

    pub fn code(&self) -> WarningKind {
        self.kind
    }

    pub fn kind(&self) -> &'static str {
        self.kind.as_str()
    }

    /// The firms it names.
    pub fn firms(&self) -> Vec<&str> {
        self.firms.iter().map(String::as_str).collect()
    }

    /// The projects it rests on.
    pub fn projects(&self) -> &[String] {
        &self.projects
    }

    /// Names the warning among those of one data set: its kind and its parties (the owner,
    /// the firms, the market; a single occurrence, its projects). The same warning found again
    /// (say, to open a case from it) has the same key.
    pub fn key(&self) -> String {
        let mut parties: Vec<&str> = Vec::new();
        if let Some(o) = &self.owner {
            parties.push(o);
        }
        parties.extend(self.firms.iter().map(String::as_str));
        if let Some((item, province)) = &self.market {
            parties.push(item);
            parties.push(province);
        }
        if matches!(
            self.kind,
            WarningKind::FailedThenDirect | WarningKind::SplitPurchase
        ) {
            parties.extend(self.projects.iter().map(String::as_str));
        }
        format!("{}:{}", self.kind(), parties.join(":"))
    }
}

/// The rules of every warning, with the defaults the console uses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WarningRules {
    /// Family-wise level of the statistical warnings of one market: the probability that an
    /// honest market raises any of them (0.8 %, leaving room for the red flags' measured
    /// 0.2 % within 1 %). Half goes to bid rotation, the rest shared equally by the other
    /// nine tests.
    pub alpha: f64,
    /// The largest ring searched (groups of 2 to this many firms).
    pub max_ring: usize,
    /// Groups of three and more are searched among the awarded competitive projects when
    /// there are at most this many (a filter narrows a larger market); pairs always.
    pub max_projects_for_groups: usize,
    /// Prices within this many per mille count as identical…
    pub identical_permille: i64,
    /// …on at least this many projects.
    pub identical_min_times: usize,
    /// Direct selection only under this budget (fen): `PostingPolicy::direct_threshold_fen`.
    pub direct_threshold_fen: i64,
    /// A split purchase: at least this many projects of one owner and item…
    pub split_min_projects: usize,
    /// …each budgeted at this percentage of the threshold or more (and under it)…
    pub split_band_percent: i64,
    /// …published within this many days.
    pub split_days: i64,
    /// A cover bidder: at least this many priced bids lost, none won…
    pub cover_min_bids: usize,
    /// …each at least this many per mille above the winner's price…
    pub cover_min_margin_permille: i64,
    /// …and the margins within this many per mille of each other.
    pub cover_max_spread_permille: i64,
    /// A direct award to a registrant of a failed or cancelled project within this many days…
    pub failed_direct_days: i64,
    /// …budgeted within this percentage of the failed project's budget, either way (the same
    /// purchase, done directly: 80 % to 125 %).
    pub failed_direct_budget_percent: i64,
    /// An award at this many per mille of the budget or more is "at about the budget".
    pub at_budget_permille: i64,
    /// The owner-against-peers tests need at least this many occurrences.
    pub min_occurrences: u64,
    /// A result submitted in under this percentage of the item's time limit is implausibly
    /// fast.
    pub fast_delivery_percent: i64,
}

impl Default for WarningRules {
    fn default() -> Self {
        WarningRules {
            alpha: 0.008,
            max_ring: 5,
            max_projects_for_groups: 20_000,
            identical_permille: 0,
            identical_min_times: 2,
            direct_threshold_fen: 5_000_000,
            split_min_projects: 5,
            split_band_percent: 80,
            split_days: 90,
            cover_min_bids: 6,
            cover_min_margin_permille: 30,
            cover_max_spread_permille: 60,
            failed_direct_days: 30,
            failed_direct_budget_percent: 80,
            at_budget_permille: 980,
            min_occurrences: 4,
            fast_delivery_percent: 15,
        }
    }
}

impl WarningRules {
    /// The family-wise level of bid rotation.
    pub fn rotation_alpha(&self) -> f64 {
        self.alpha / 2.0
    }

    /// The family-wise level of each other statistical warning.
    pub fn other_alpha(&self) -> f64 {
        self.alpha / 2.0 / 9.0
    }
}

/// Firms numbered in name order (deterministic), packed five to a `u128` for group keys.
struct Firms<'a> {
    names: Vec<&'a str>,
    index: HashMap<&'a str, u32>,
}

impl<'a> Firms<'a> {
    fn of(projects: &'a [ProjectFacts]) -> Firms<'a> {
        let set: BTreeSet<&str> = projects
            .iter()
            .flat_map(|p| {
                p.bids
                    .iter()
                    .map(|(f, _)| f.as_str())
                    .chain(p.winner.as_deref())
            })
            .collect();
        let names: Vec<&str> = set.into_iter().collect();
        let index = names
            .iter()
            .enumerate()
            .map(|(i, n)| (*n, i as u32))
            .collect();
        Firms { names, index }
    }
}

fn pack(group: &[u32]) -> u128 {
    group
        .iter()
        .fold(group.len() as u128, |k, f| (k << 24) | u128::from(*f + 1))
}

/// Calls `f` with every subset of `items` of size `size` (in order).
fn combinations(items: &[u32], size: usize, f: &mut impl FnMut(&[u32])) {
    fn go(
        items: &[u32],
        size: usize,
        start: usize,
        cur: &mut Vec<u32>,
        f: &mut impl FnMut(&[u32]),
    ) {
        if cur.len() == size {
            f(cur);
            return;
        }
        for i in start..items.len() {
            if items.len() - i < size - cur.len() {
                break;
            }
            cur.push(items[i]);
            go(items, size, i + 1, cur, f);
            cur.pop();
        }
    }
    go(items, size, 0, &mut Vec::with_capacity(size), f);
}

/// Bid rotation: groups of 2–`max_ring` firms that win the projects they all bid on together
/// far more often than chance gives, each of them winning some (see [`Warning`]'s statistic:
/// observed joint wins of `of` projects, expected, p-value, level).
///
/// Under chance each valid bidder (its bid not rejected or excluded) of an awarded
/// competitive project wins it with probability `1/bidders`, so a group of `g` of them wins it
/// with `g/bidders`; the group's joint wins are Poisson-binomial. Every group that bid together on an awarded project is a test;
/// Tarone's correction counts those that could reach the level at all. Overlapping groups
/// found: the one with the smallest p-value stands.
pub fn bid_rotation(projects: &[ProjectFacts], rules: &WarningRules) -> Vec<Warning> {
    let firms = Firms::of(projects);
    // Awarded competitive projects with two or more bidders: (bidders, winner).
    let awarded: Vec<(usize, Vec<u32>, u32)> = projects
        .iter()
        .enumerate()
        .filter(|(_, p)| p.competitive())
        .filter_map(|(i, p)| {
            let w = *firms.index.get(p.winner.as_deref()?)?;
            let mut b: Vec<u32> = p.valid_bidders().iter().map(|f| firms.index[f]).collect();
            b.sort_unstable();
            (b.len() >= 2 && b.binary_search(&w).is_ok()).then_some((i, b, w))
        })
        .collect();
    // Every group a project's valid bidders make (pairs always; three to `max_ring` where
    // every pair of them met on two projects or more, in markets small enough), to `f`.
    let enumerate = |pair_count: &dyn Fn(u32, u32) -> u32, f: &mut dyn FnMut(&[u32], u32)| {
        let larger = awarded.len() <= rules.max_projects_for_groups;
        for (j, (_, b, _)) in awarded.iter().enumerate() {
            combinations(b, 2, &mut |g| f(g, j as u32));
            if !larger {
                continue;
            }
            for size in 3..=rules.max_ring.min(b.len().saturating_sub(1)) {
                combinations(b, size, &mut |g| {
                    let all_met = g
                        .iter()
                        .enumerate()
                        .all(|(x, a)| g[x + 1..].iter().all(|c| pair_count(*a, *c) >= 2));
                    if all_met {
                        f(g, j as u32);
                    }
                });
            }
        }
    };
    // First pass, compact: each group's projects together and the log of the smallest p-value
    // it could give (all of them won). Pairs first, as larger groups need their counts.
    let mut pairs: HashMap<u128, (u32, f64)> = HashMap::new();
    for (_, b, _) in &awarded {
        let chance = (2.0 / b.len() as f64).ln();
        combinations(b, 2, &mut |g| {
            let e = pairs.entry(pack(g)).or_default();
            e.0 += 1;
            e.1 += chance;
        });
    }
    let pair_count = |a: u32, b: u32| pairs.get(&pack(&[a, b])).map_or(0, |e| e.0);
    let mut all: HashMap<u128, f64> = HashMap::new();
    enumerate(&pair_count, &mut |g, j| {
        *all.entry(pack(g)).or_default() +=
            (g.len() as f64 / awarded[j as usize].1.len() as f64).ln();
    });
    let min_ps: Vec<f64> = all.values().map(|l| l.exp()).collect();
    let level = tarone_level(rules.rotation_alpha(), &min_ps);
    // Second pass: the projects of the groups that could reach the level.
    let mut tested: HashMap<u128, (Vec<u32>, Vec<u32>)> = all
        .iter()
        .filter(|(_, l)| l.exp() <= level)
        .map(|(k, _)| (*k, (Vec::new(), Vec::new())))
        .collect();
    drop(all);
    enumerate(&pair_count, &mut |g, j| {
        if let Some(e) = tested.get_mut(&pack(g)) {
            if e.0.is_empty() {
                e.0 = g.to_vec();
            }
            e.1.push(j);
        }
    });
    struct Tested {
        members: Vec<u32>,
        together: Vec<u32>,
    }
    // Under chance the group wins project j with g/bidders.
    let chance = |t: &Tested| -> Vec<f64> {
        t.together
            .iter()
            .map(|j| t.members.len() as f64 / awarded[*j as usize].1.len() as f64)
            .collect()
    };
    let mut tested: Vec<Tested> = tested
        .into_values()
        .map(|(members, together)| Tested { members, together })
        .collect();
    tested.sort_by(|a, b| a.members.cmp(&b.members));
    let mut found: Vec<(f64, &Tested, u64, Vec<u64>)> = Vec::new();
    for t in &tested {
        let wins: Vec<u64> = t
            .members
            .iter()
            .map(|m| {
                t.together
                    .iter()
                    .filter(|j| awarded[**j as usize].2 == *m)
                    .count() as u64
            })
            .collect();
        if wins.contains(&0) {
            continue;
        }
        let joint: u64 = wins.iter().sum();
        let p = poisson_binomial_tail(&chance(t), joint as usize);
        if p <= level {
            found.push((p, t, joint, wins));
        }
    }
    found.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.members.cmp(&b.1.members)));
    let mut taken: BTreeSet<u32> = BTreeSet::new();
    let mut out = Vec::new();
    for (p, t, joint, wins) in found {
        if t.members.iter().any(|m| taken.contains(m)) {
            continue;
        }
        taken.extend(t.members.iter().copied());
        let mut w = Warning::new(
            WarningKind::BidRotation,
            t.together
                .iter()
                .map(|j| projects[awarded[*j as usize].0].project.clone())
                .collect(),
            Statistic {
                observed: joint,
                of: t.together.len() as u64,
                expected: Some(chance(t).iter().sum()),
                p_value: Some(p),
                level: Some(level),
                figure: None,
            },
        );
        w.firms = t
            .members
            .iter()
            .map(|m| firms.names[*m as usize].to_owned())
            .collect();
        w.wins = wins;
        out.push(w);
    }
    out.sort_by(|a, b| a.firms.cmp(&b.firms));
    out
}

/// Firms winning far more of their projects than `1/bidders` each gives (valid bids only;
/// Poisson-binomial, Tarone over the firms).
pub fn dominant_firms(projects: &[ProjectFacts], rules: &WarningRules) -> Vec<Warning> {
    let mut by_firm: BTreeMap<&str, (Vec<f64>, Vec<&str>)> = BTreeMap::new();
    for p in projects.iter().filter(|p| p.competitive()) {
        let Some(winner) = p.winner.as_deref() else {
            continue;
        };
        let firms = p.valid_bidders();
        if firms.len() < 2 {
            continue;
        }
        let chance = 1.0 / firms.len() as f64;
        for f in &firms {
            let e = by_firm.entry(f).or_default();
            e.0.push(chance);
            if winner == *f {
                e.1.push(&p.project);
            }
        }
    }
    let min_ps: Vec<f64> = by_firm.values().map(|(c, _)| c.iter().product()).collect();
    let level = tarone_level(rules.other_alpha(), &min_ps);
    let mut out = Vec::new();
    for ((firm, (chance, won)), min_p) in by_firm.into_iter().zip(min_ps) {
        if min_p > level {
            continue;
        }
        let p = poisson_binomial_tail(&chance, won.len());
        if p <= level {
            let mut w = Warning::new(
                WarningKind::DominantFirm,
                won.iter().map(|s| (*s).to_owned()).collect(),
                Statistic {
                    observed: won.len() as u64,
                    of: chance.len() as u64,
                    expected: Some(chance.iter().sum()),
                    p_value: Some(p),
                    level: Some(level),
                    figure: None,
                },
            );
            w.firms = vec![firm.to_owned()];
            w.wins = vec![won.len() as u64];
            out.push(w);
        }
    }
    out
}

/// Owners whose direct picks go to one firm far more often than a pick among the market's
/// firms (every firm that bid or was awarded in the data) gives: binomial, Tarone over the
/// (owner, firm) pairs picked.
pub fn repeated_direct_awards(projects: &[ProjectFacts], rules: &WarningRules) -> Vec<Warning> {
    let pool = Firms::of(projects).names.len().max(1);
    let chance = 1.0 / pool as f64;
    let mut by_owner: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for p in projects.iter().filter(|p| !p.competitive()) {
        if let Some(w) = &p.winner {
            by_owner
                .entry(&p.owner)
                .or_default()
                .push((w.as_str(), p.project.as_str()));
        }
    }
    let mut tests: Vec<(&str, &str, Vec<&str>, usize)> = Vec::new();
    for (owner, picks) in &by_owner {
        let mut by_firm: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (firm, project) in picks {
            by_firm.entry(firm).or_default().push(project);
        }
        for (firm, ps) in by_firm {
            tests.push((owner, firm, ps, picks.len()));
        }
    }
    let min_ps: Vec<f64> = tests
        .iter()
        .map(|(_, _, _, n)| chance.powi(*n as i32))
        .collect();
    let level = tarone_level(rules.other_alpha(), &min_ps);
    let mut out = Vec::new();
    for (owner, firm, ps, n) in tests {
        if (ps.len() as u64) < rules.min_occurrences.min(2) {
            continue;
        }
        let p = binomial_tail(n, chance, ps.len());
        if p <= level {
            let mut w = Warning::new(
                WarningKind::RepeatedDirect,
                ps.iter().map(|s| (*s).to_owned()).collect(),
                Statistic {
                    observed: ps.len() as u64,
                    of: n as u64,
                    expected: Some(n as f64 * chance),
                    p_value: Some(p),
                    level: Some(level),
                    figure: Some(pool as i64),
                },
            );
            w.owner = Some(owner.to_owned());
            w.firms = vec![firm.to_owned()];
            out.push(w);
        }
    }
    out
}

/// One unit (an owner, a market) of a test against its peers: its eligible projects and
/// those where the event happened.
#[derive(Default)]
struct Unit<'a> {
    eligible: u64,
    events: Vec<&'a str>,
}

/// Units whose rate of an event is far above the others': Fisher's exact test of the unit's
/// events among its cases against all units' (hypergeometric, given the totals), Tarone over
/// the units. A unit alone has no peers and is never flagged.
fn against_peers<K: Ord + Clone>(
    units: BTreeMap<K, Unit<'_>>,
    alpha: f64,
    min_occurrences: u64,
) -> Vec<(K, Vec<String>, Statistic)> {
    if units.len() < 2 {
        return Vec::new();
    }
    let total = units.values().map(|u| u.eligible as usize).sum::<usize>();
    let marked = units.values().map(|u| u.events.len()).sum::<usize>();
    let lnf = ln_factorials(total);
    let tail = |n: u64, k: usize| hypergeometric_tail(&lnf, total, marked, n as usize, k);
    // The smallest p-value a unit could give: all of its cases events (as many as there are).
    let min_ps: Vec<f64> = units
        .values()
        .map(|u| tail(u.eligible, (u.eligible as usize).min(marked)))
        .collect();
    let level = tarone_level(alpha, &min_ps);
    let rate = marked as f64 / total.max(1) as f64;
    let mut out = Vec::new();
    for ((key, u), min_p) in units.into_iter().zip(min_ps) {
        let k = u.events.len() as u64;
        if min_p > level || k < min_occurrences {
            continue;
        }
        let p = tail(u.eligible, k as usize);
        if p <= level {
            out.push((
                key,
                u.events.iter().map(|s| (*s).to_owned()).collect(),
                Statistic {
                    observed: k,
                    of: u.eligible,
                    expected: Some(u.eligible as f64 * rate),
                    p_value: Some(p),
                    level: Some(level),
                    figure: None,
                },
            ));
        }
    }
    out
}

fn owner_test<'a>(
    projects: &'a [ProjectFacts],
    kind: WarningKind,
    rules: &WarningRules,
    eligible: impl Fn(&ProjectFacts) -> bool,
    event: impl Fn(&ProjectFacts) -> bool,
) -> Vec<Warning> {
    let mut units: BTreeMap<&'a str, Unit<'a>> = BTreeMap::new();
    for p in projects.iter().filter(|p| eligible(p)) {
        let u = units.entry(&p.owner).or_default();
        u.eligible += 1;
        if event(p) {
            u.events.push(&p.project);
        }
    }
    against_peers(units, rules.other_alpha(), rules.min_occurrences)
        .into_iter()
        .map(|(owner, ps, s)| {
            let mut w = Warning::new(kind, ps, s);
            w.owner = Some(owner.to_owned());
            w
        })
        .collect()
}

/// Owners whose competitive projects end with every bid but the winner's rejected or
/// excluded far more often than other owners'.
pub fn others_rejected(projects: &[ProjectFacts], rules: &WarningRules) -> Vec<Warning> {
    owner_test(
        projects,
        WarningKind::OthersRejected,
        rules,
        |p| p.competitive() && p.winner.is_some() && p.bidders().len() >= 2,
        |p| {
            let w = p.winner.as_deref().unwrap_or_default();
            p.bidders()
                .iter()
                .filter(|f| **f != w)
                .all(|f| p.rejected.iter().any(|r| r == f))
        },
    )
}

/// The lowest priced bid, and who made it, where one firm's price is strictly lowest.
fn lowest_bid(p: &ProjectFacts) -> Option<&str> {
    let mut priced: Vec<(i64, &str)> = p
        .bids
        .iter()
        .filter_map(|(f, x)| x.map(|x| (x, f.as_str())))
        .collect();
    priced.sort();
    match priced.as_slice() {
        [(a, f), (b, _), ..] if a < b => Some(f),
        _ => None,
    }
}

/// Owners who, where price alone decides (lowest price), reject the lowest bid far more often
/// than other owners.
pub fn lowest_rejected(projects: &[ProjectFacts], rules: &WarningRules) -> Vec<Warning> {
    owner_test(
        projects,
        WarningKind::LowestRejected,
        rules,
        |p| p.method == "lowest-price" && p.winner.is_some() && lowest_bid(p).is_some(),
        |p| {
            let low = lowest_bid(p).unwrap_or_default();
            p.winner.as_deref() != Some(low) && p.rejected.iter().any(|r| r == low)
        },
    )
}

/// Owners whose competitive projects draw a single bidder far more often than other
/// owners'.
pub fn single_bidder(projects: &[ProjectFacts], rules: &WarningRules) -> Vec<Warning> {
    owner_test(
        projects,
        WarningKind::SingleBidder,
        rules,
        |p| p.competitive() && !p.cancelled,
        |p| p.bidders().len() == 1,
    )
}

/// Owners whose priced awards come at about the budget far more often than other owners'.
pub fn awards_at_budget(projects: &[ProjectFacts], rules: &WarningRules) -> Vec<Warning> {
    let permille = rules.at_budget_permille;
    owner_test(
        projects,
        WarningKind::AwardAtBudget,
        rules,
        |p| p.priced() && p.budget_fen > 0 && p.award_fen.is_some(),
        move |p| p.award_fen.unwrap_or(0) * 1000 >= p.budget_fen * permille,
    )
}

/// Markets (item and province) where competitive projects fail for lack of bidders far more
/// often than in the other markets.
pub fn repeated_failures(projects: &[ProjectFacts], rules: &WarningRules) -> Vec<Warning> {
    let mut units: BTreeMap<(&str, &str), Unit<'_>> = BTreeMap::new();
    for p in projects.iter().filter(|p| p.competitive() && !p.cancelled) {
        let u = units.entry((&p.item, &p.province)).or_default();
        u.eligible += 1;
        if p.failed {
            u.events.push(&p.project);
        }
    }
    against_peers(units, rules.other_alpha(), rules.min_occurrences)
        .into_iter()
        .map(|((item, province), ps, s)| {
            let mut w = Warning::new(WarningKind::RepeatedFailures, ps, s);
            w.market = Some((item.to_owned(), province.to_owned()));
            w
        })
        .collect()
}

/// Firms whose results come in implausibly fast against the catalogue's time limit (in under
/// [`WarningRules::fast_delivery_percent`] of it) far more often than other firms'.
pub fn fast_deliveries(projects: &[ProjectFacts], rules: &WarningRules) -> Vec<Warning> {
    let mut units: BTreeMap<&str, Unit<'_>> = BTreeMap::new();
    for p in projects {
        let (Some(firm), Some(days), Some(limit)) =
            (p.winner.as_deref(), p.delivery_days, p.time_limit_days)
        else {
            continue;
        };
        if limit <= 0 {
            continue;
        }
        let u = units.entry(firm).or_default();
        u.eligible += 1;
        if days * 100 < limit * rules.fast_delivery_percent {
            u.events.push(&p.project);
        }
    }
    against_peers(units, rules.other_alpha(), rules.min_occurrences)
        .into_iter()
        .map(|(firm, ps, mut s)| {
            s.figure = Some(rules.fast_delivery_percent);
            let mut w = Warning::new(WarningKind::FastDelivery, ps, s);
            w.firms = vec![firm.to_owned()];
            w
        })
        .collect()
}

/// An owner top-rating one firm (5 of 5 on every rating) far more often than owners rate
/// firms so elsewhere: binomial against the other (owner, firm) pairs' rate, Tarone over the
/// pairs.
pub fn rating_anomalies(projects: &[ProjectFacts], rules: &WarningRules) -> Vec<Warning> {
    let mut units: BTreeMap<(&str, &str), Unit<'_>> = BTreeMap::new();
    for p in projects {
        let (Some(firm), Some(top)) = (p.winner.as_deref(), p.top_rated) else {
            continue;
        };
        let u = units.entry((&p.owner, firm)).or_default();
        u.eligible += 1;
        if top {
            u.events.push(&p.project);
        }
    }
    against_peers(units, rules.other_alpha(), rules.min_occurrences)
        .into_iter()
        .map(|((owner, firm), ps, s)| {
            let mut w = Warning::new(WarningKind::RatingAnomaly, ps, s);
            w.owner = Some(owner.to_owned());
            w.firms = vec![firm.to_owned()];
            w
        })
        .collect()
}

/// Split purchases: one owner buying one item in several projects, each budgeted just under
/// the direct-selection threshold, within a few weeks — together over it. The largest such
/// run of each owner and item is named.
pub fn split_purchases(projects: &[ProjectFacts], rules: &WarningRules) -> Vec<Warning> {
    let t = rules.direct_threshold_fen;
    let lo = t * rules.split_band_percent / 100;
    let mut by: BTreeMap<(&str, &str), Vec<&ProjectFacts>> = BTreeMap::new();
    for p in projects
        .iter()
        .filter(|p| p.budget_fen >= lo && p.budget_fen < t)
    {
        by.entry((&p.owner, &p.item)).or_default().push(p);
    }
    let mut out = Vec::new();
    for ((owner, item), mut ps) in by {
        ps.sort_by(|a, b| a.day.cmp(&b.day).then(a.project.cmp(&b.project)));
        let mut best: Option<(usize, usize)> = None;
        let mut start = 0;
        for end in 0..ps.len() {
            while ps[end].day - ps[start].day > rules.split_days {
                start += 1;
            }
            if best.is_none_or(|(s, e)| end - start > e - s) {
                best = Some((start, end));
            }
        }
        let Some((s, e)) = best else { continue };
        let run = &ps[s..=e];
        let total: i64 = run.iter().map(|p| p.budget_fen).sum();
        if run.len() >= rules.split_min_projects && total > t {
            let mut w = Warning::new(
                WarningKind::SplitPurchase,
                run.iter().map(|p| p.project.clone()).collect(),
                Statistic {
                    observed: run.len() as u64,
                    of: (run[run.len() - 1].day - run[0].day + 1) as u64,
                    expected: None,
                    p_value: None,
                    level: None,
                    figure: Some(total),
                },
            );
            w.owner = Some(owner.to_owned());
            w.market = Some((item.to_owned(), run[0].province.clone()));
            out.push(w);
        }
    }
    out
}

/// Cover bidders: firms that bid on priced projects again and again, never win, and sit a
/// steady margin above the winner each time.
pub fn cover_bidding(projects: &[ProjectFacts], rules: &WarningRules) -> Vec<Warning> {
    let mut wins: BTreeSet<&str> = BTreeSet::new();
    let mut lost: BTreeMap<&str, Vec<(&str, i64)>> = BTreeMap::new();
    for p in projects {
        if let Some(w) = p.winner.as_deref() {
            wins.insert(w);
            if !p.priced() {
                continue;
            }
            let Some(wp) = p.price_of(w).or(p.award_fen).filter(|x| *x > 0) else {
                continue;
            };
            for (f, price) in &p.bids {
                if f != w
                    && let Some(x) = price
                {
                    lost.entry(f)
                        .or_default()
                        .push((&p.project, (x - wp) * 1000 / wp));
                }
            }
        }
    }
    let mut out = Vec::new();
    for (firm, margins) in lost {
        if wins.contains(firm) || margins.len() < rules.cover_min_bids {
            continue;
        }
        let min = margins.iter().map(|m| m.1).min().unwrap_or(0);
        let max = margins.iter().map(|m| m.1).max().unwrap_or(0);
        if min >= rules.cover_min_margin_permille && max - min <= rules.cover_max_spread_permille {
            let mean = margins.iter().map(|m| m.1).sum::<i64>() / margins.len() as i64;
            let mut w = Warning::new(
                WarningKind::CoverBidding,
                margins.iter().map(|m| m.0.to_owned()).collect(),
                Statistic {
                    observed: margins.len() as u64,
                    of: margins.len() as u64,
                    expected: None,
                    p_value: None,
                    level: None,
                    figure: Some(mean),
                },
            );
            w.firms = vec![firm.to_owned()];
            w.wins = vec![0];
            out.push(w);
        }
    }
    out
}

/// A competitive project that failed or was cancelled, followed within a few weeks by the
/// same owner's direct award of the same item to one of its registrants.
pub fn failed_then_direct(projects: &[ProjectFacts], rules: &WarningRules) -> Vec<Warning> {
    let mut direct: BTreeMap<(&str, &str), Vec<&ProjectFacts>> = BTreeMap::new();
    for p in projects
        .iter()
        .filter(|p| !p.competitive() && p.winner.is_some())
    {
        direct.entry((&p.owner, &p.item)).or_default().push(p);
    }
    let mut out = Vec::new();
    for f in projects
        .iter()
        .filter(|p| p.competitive() && (p.failed || p.cancelled))
    {
        let Some(ds) = direct.get(&(f.owner.as_str(), f.item.as_str())) else {
            continue;
        };
        for d in ds {
            let days = d.day - f.day;
            let w = d.winner.as_deref().unwrap_or_default();
            if (0..=rules.failed_direct_days).contains(&days)
                && d.budget_fen * 100 >= f.budget_fen * rules.failed_direct_budget_percent
                && d.budget_fen * rules.failed_direct_budget_percent <= f.budget_fen * 100
                && f.bidders().contains(w)
            {
                let mut warning = Warning::new(
                    WarningKind::FailedThenDirect,
                    vec![f.project.clone(), d.project.clone()],
                    Statistic {
                        observed: 1,
                        of: f.bidders().len() as u64,
                        expected: None,
                        p_value: None,
                        level: None,
                        figure: Some(days),
                    },
                );
                warning.owner = Some(f.owner.clone());
                warning.firms = vec![w.to_owned()];
                out.push(warning);
            }
        }
    }
    out
}

/// Pairs whose prices were identical (within the tolerance) on enough projects, as warnings.
fn identical_warnings(projects: &[ProjectFacts], rules: &WarningRules) -> Vec<Warning> {
    identical_bids(
        projects,
        rules.identical_permille,
        rules.identical_min_times,
    )
    .into_iter()
    .map(|i| {
        let n = i.projects.len() as u64;
        let mut w = Warning::new(
            WarningKind::IdenticalBids,
            i.projects,
            Statistic {
                observed: n,
                of: n,
                figure: Some(rules.identical_permille),
                ..Statistic::default()
            },
        );
        w.firms = vec![i.firms.0, i.firms.1];
        w
    })
    .collect()
}

/// Every warning over `projects`, by kind in the order of [`WarningKind`], each kind in its
/// own (deterministic) order.
pub fn warnings(projects: &[ProjectFacts], rules: &WarningRules) -> Vec<Warning> {
    let mut out = bid_rotation(projects, rules);
    out.extend(identical_warnings(projects, rules));
    out.extend(repeated_direct_awards(projects, rules));
    out.extend(dominant_firms(projects, rules));
    out.extend(repeated_failures(projects, rules));
    out.extend(split_purchases(projects, rules));
    out.extend(cover_bidding(projects, rules));
    out.extend(failed_then_direct(projects, rules));
    out.extend(others_rejected(projects, rules));
    out.extend(lowest_rejected(projects, rules));
    out.extend(single_bidder(projects, rules));
    out.extend(awards_at_budget(projects, rules));
    out.extend(fast_deliveries(projects, rules));
    out.extend(rating_anomalies(projects, rules));
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
            budget_fen: 10_000_000,
            award_fen: bids.iter().find(|(f, _)| *f == winner).map(|(_, x)| *x),
            ..ProjectFacts::default()
        }
    }

    fn rules() -> WarningRules {
        WarningRules::default()
    }

    fn kinds(w: &[Warning]) -> Vec<&'static str> {
        w.iter().map(Warning::kind).collect()
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

    /// A three-firm ring over nine projects (issue 25): each pair wins 6 of its 9 joint
    /// projects (67 %, under the old fixed 75 % line) and each firm 3 of 9 with eight bidders
    /// (chance gives 1.1); together they win all nine, where chance gives 3/8 each.
    #[test]
    fn a_three_firm_ring_over_nine_projects_is_flagged_as_a_group() {
        let mut ps = Vec::new();
        let ring = ["ra", "rb", "rc"];
        let honest = ["h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9", "h10"];
        for i in 0..9 {
            // Five outsiders a project, from ten in turn.
            let outsiders: Vec<&str> = (0..5).map(|k| honest[(3 * i + k) % 10]).collect();
            let bids: Vec<(&str, i64)> = ring
                .iter()
                .chain(&outsiders)
                .enumerate()
                .map(|(n, f)| (*f, 1_000 + n as i64))
                .collect();
            ps.push(p(
                &format!("ring{i}"),
                "o",
                "random-draw",
                &bids,
                ring[i % 3],
            ));
        }
        for i in 0..12 {
            let bids = [("h1", 1), ("h2", 2), ("h3", 3), ("h5", 4)];
            let winner = bids[i % 4].0;
            ps.push(p(&format!("open{i}"), "o", "random-draw", &bids, winner));
        }
        let w = bid_rotation(&ps, &rules());
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].firms, ["ra", "rb", "rc"]);
        assert_eq!(w[0].wins, [3, 3, 3]);
        assert_eq!(w[0].projects.len(), 9);
        let s = &w[0].statistic;
        assert_eq!((s.observed, s.of), (9, 9));
        assert!((s.expected.unwrap() - 27.0 / 8.0).abs() < 1e-9);
        assert!((s.p_value.unwrap() - (3.0f64 / 8.0).powi(9)).abs() < 1e-12);
        assert!(s.p_value.unwrap() <= s.level.unwrap());
        // No pair alone is flagged: the group names the ring.
        assert!(w.iter().all(|w| w.firms.len() == 3));
        // With two outsiders only, chance gives 3/5 a project: nine wins in nine are not
        // unlikely enough (0.6⁹ ≈ 1 %) to be told from chance at 0.4 %: no test can.
        let thin: Vec<ProjectFacts> = ps
            .iter()
            .map(|p| {
                let mut p = p.clone();
                let keep = p.bids.len().min(5);
                p.bids.truncate(keep);
                p
            })
            .collect();
        assert!(
            bid_rotation(&thin, &rules())
                .iter()
                .all(|w| w.firms != ["ra", "rb", "rc"])
        );
    }

    #[test]
    fn a_pair_taking_turns_is_found_and_one_firm_winning_everything_is_not_rotation() {
        let mut ps = Vec::new();
        for i in 0..10 {
            let winner = if i % 2 == 0 { "r1" } else { "r2" };
            ps.push(p(
                &format!("ring{i}"),
                "o",
                "lowest-price",
                &[("r1", 100), ("r2", 101), ("h1", 99), ("h2", 98), ("h3", 97)],
                winner,
            ));
        }
        let w = bid_rotation(&ps, &rules());
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].firms, ["r1", "r2"]);
        assert_eq!(w[0].wins, [5, 5]);
        // r1 alone winning all ten: dominant, not taking turns.
        for p in &mut ps {
            p.winner = Some("r1".into());
        }
        assert!(bid_rotation(&ps, &rules()).is_empty());
        assert_eq!(kinds(&dominant_firms(&ps, &rules())), ["dominant-firm"]);
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
        let near = identical_bids(&ps, 1, 2);
        assert_eq!(near.len(), 1);
        assert_eq!(near[0].firms, ("x".into(), "y".into()));
        assert_eq!(near[0].projects, ["a", "b"]);
    }

    /// Background: 15 firms bidding, so a direct pick lands on one firm with 1/15.
    fn background() -> Vec<ProjectFacts> {
        (0..15)
            .map(|i| {
                let f = format!("bg{i}");
                p(
                    &format!("bg{i}"),
                    "o9",
                    "random-draw",
                    &[(&f, 1), ("bg0", 1)],
                    &f,
                )
            })
            .collect()
    }

    #[test]
    fn an_owner_picking_the_same_firm_directly_far_beyond_chance() {
        let mut ps = background();
        ps.extend((0..5).map(|i| p(&format!("d{i}"), "owner1", "direct", &[("f", 1)], "f")));
        ps.push(p("d5", "owner1", "direct", &[("g", 1)], "g"));
        ps.push(p("e0", "owner2", "direct", &[("f", 1)], "f"));
        let w = repeated_direct_awards(&ps, &rules());
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(
            (
                w[0].owner.as_deref(),
                w[0].firms(),
                w[0].statistic.observed,
                w[0].statistic.of
            ),
            (Some("owner1"), vec!["f"], 5, 6)
        );
        // Two picks of six are what an owner with a favourite does by chance often enough.
        ps.retain(|p| !matches!(p.project.as_str(), "d2" | "d3" | "d4"));
        assert!(repeated_direct_awards(&ps, &rules()).is_empty());
    }

    #[test]
    fn a_firm_winning_far_above_its_share() {
        let mut ps = Vec::new();
        for i in 0..12 {
            let w = if i < 10 { "big" } else { "b" };
            ps.push(p(
                &format!("p{i}"),
                "o",
                "random-draw",
                &[("big", 1), ("a", 1), ("b", 1), ("c", 1)],
                w,
            ));
        }
        let w = dominant_firms(&ps, &rules());
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(
            (w[0].firms(), w[0].statistic.observed, w[0].statistic.of),
            (vec!["big"], 10, 12)
        );
        assert!((w[0].statistic.expected.unwrap() - 3.0).abs() < 1e-9);
        // Five of twelve is not far enough.
        for (i, p) in ps.iter_mut().enumerate() {
            if i < 5 {
                p.winner = Some("a".into());
            }
        }
        assert!(dominant_firms(&ps, &rules()).is_empty());
    }

    /// Owners `o1`..`o5` with ten competitive projects each; `build(owner, n)` says what
    /// happens on the `n`th.
    fn owners(build: impl Fn(&str, usize) -> ProjectFacts) -> Vec<ProjectFacts> {
        let mut ps = Vec::new();
        for o in ["o1", "o2", "o3", "o4", "o5"] {
            for n in 0..10 {
                ps.push(build(o, n));
            }
        }
        ps
    }

    #[test]
    fn an_owner_rejecting_all_bids_but_the_winners_far_more_than_its_peers() {
        let ps = owners(|o, n| {
            let mut x = p(
                &format!("{o}-{n}"),
                o,
                "comprehensive",
                &[("a", 100), ("b", 110), ("c", 120)],
                "b",
            );
            if o == "o1" && n < 6 || o == "o2" && n == 0 {
                x.rejected = vec!["a".into(), "c".into()];
            }
            x
        });
        let w = others_rejected(&ps, &rules());
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(
            (
                w[0].owner.as_deref(),
                w[0].statistic.observed,
                w[0].statistic.of
            ),
            (Some("o1"), 6, 10)
        );
        // Alone, with no peers to compare with, nothing.
        let alone: Vec<ProjectFacts> = ps.into_iter().filter(|p| p.owner == "o1").collect();
        assert!(others_rejected(&alone, &rules()).is_empty());
    }

    #[test]
    fn the_lowest_bid_rejected_where_price_alone_decides() {
        let ps = owners(|o, n| {
            let mut x = p(
                &format!("{o}-{n}"),
                o,
                "lowest-price",
                &[("a", 100), ("b", 110), ("c", 120)],
                "a",
            );
            if o == "o3" && n < 6 {
                x.winner = Some("b".into());
                x.rejected = vec!["a".into()];
            }
            x
        });
        let w = lowest_rejected(&ps, &rules());
        assert_eq!(kinds(&w), ["lowest-rejected"]);
        assert_eq!(w[0].owner.as_deref(), Some("o3"));
        assert_eq!(w[0].projects.len(), 6);
    }

    #[test]
    fn an_owner_whose_projects_draw_a_single_bidder() {
        let ps = owners(|o, n| {
            if o == "o2" && n < 6 {
                let mut x = p(&format!("{o}-{n}"), o, "random-draw", &[("a", 1)], "");
                x.failed = true;
                x
            } else {
                p(
                    &format!("{o}-{n}"),
                    o,
                    "random-draw",
                    &[("a", 1), ("b", 1)],
                    "a",
                )
            }
        });
        let w = single_bidder(&ps, &rules());
        assert_eq!(kinds(&w), ["single-bidder"]);
        assert_eq!(w[0].owner.as_deref(), Some("o2"));
    }

    #[test]
    fn an_owner_whose_awards_come_at_the_budget() {
        let ps = owners(|o, n| {
            let price = if o == "o4" && n < 6 {
                9_950_000
            } else {
                8_000_000
            };
            p(
                &format!("{o}-{n}"),
                o,
                "lowest-price",
                &[("a", price), ("b", 9_990_000)],
                "a",
            )
        });
        let w = awards_at_budget(&ps, &rules());
        assert_eq!(kinds(&w), ["award-at-budget"]);
        assert_eq!(
            (w[0].owner.as_deref(), w[0].statistic.observed),
            (Some("o4"), 6)
        );
    }

    #[test]
    fn markets_where_projects_keep_failing_against_the_others() {
        let mut ps = Vec::new();
        for (province, failing) in [
            ("33", 8),
            ("11", 1),
            ("32", 0),
            ("44", 1),
            ("35", 0),
            ("36", 1),
        ] {
            for i in 0..15 {
                let mut x = p(
                    &format!("{province}-{i}"),
                    "o",
                    "random-draw",
                    &[("a", 1), ("b", 1)],
                    "a",
                );
                x.province = province.into();
                if i < failing {
                    x.failed = true;
                    x.winner = None;
                    x.bids.truncate(1);
                }
                ps.push(x);
            }
        }
        let w = repeated_failures(&ps, &rules());
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].market, Some(("i".into(), "33".into())));
        assert_eq!(w[0].projects.len(), 8);
    }

    #[test]
    fn a_firm_delivering_implausibly_fast_against_the_time_limit() {
        let mut ps = Vec::new();
        for (n, f) in ["a", "b", "c", "d", "e"].iter().enumerate() {
            for i in 0..8 {
                let mut x = p(
                    &format!("{f}{i}"),
                    "o",
                    "random-draw",
                    &[(f, 1), ("z", 1)],
                    f,
                );
                x.time_limit_days = Some(60);
                // `a` hands in six of eight results in three to six days; the others take
                // 20–60, and `b` once eight.
                x.delivery_days = Some(if *f == "a" && i < 6 {
                    3 + i as i64 / 2
                } else if *f == "b" && i == 0 {
                    8
                } else {
                    20 + (i as i64 * 5 + n as i64) % 40
                });
                ps.push(x);
            }
        }
        let w = fast_deliveries(&ps, &rules());
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(
            (w[0].firms(), w[0].statistic.observed, w[0].statistic.of),
            (vec!["a"], 6, 8)
        );
        assert_eq!(w[0].statistic.figure, Some(15));
    }

    #[test]
    fn an_owner_always_top_rating_one_firm() {
        let mut ps = Vec::new();
        for o in ["o1", "o2", "o3", "o4"] {
            for f in ["a", "b", "c"] {
                for i in 0..6 {
                    let mut x = p(
                        &format!("{o}{f}{i}"),
                        o,
                        "random-draw",
                        &[(f, 1), ("z", 1)],
                        f,
                    );
                    x.top_rated = Some(o == "o1" && f == "b" || i == 0 && f == "a");
                    ps.push(x);
                }
            }
        }
        let w = rating_anomalies(&ps, &rules());
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(
            (w[0].owner.as_deref(), w[0].firms()),
            (Some("o1"), vec!["b"])
        );
        assert_eq!((w[0].statistic.observed, w[0].statistic.of), (6, 6));
    }

    /// One owner buys the same item six times just under the direct-selection threshold
    /// (¥50,000) within two months (issue 25).
    #[test]
    fn a_split_purchase_is_flagged() {
        let mut ps: Vec<ProjectFacts> = (0..6)
            .map(|i| {
                let mut x = p(&format!("s{i}"), "o", "direct", &[("f", 1)], "f");
                x.budget_fen = 4_800_000 + i * 10_000;
                x.day = 20_000 + i * 9;
                x
            })
            .collect();
        let w = split_purchases(&ps, &rules());
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].owner.as_deref(), Some("o"));
        assert_eq!(w[0].projects.len(), 6);
        assert_eq!(w[0].statistic.figure, Some(6 * 4_800_000 + 150_000));
        assert_eq!(w[0].statistic.of, 46);
        // Spread over a year, or by different owners, it is not.
        for (i, x) in ps.iter_mut().enumerate() {
            x.day = 20_000 + i as i64 * 70;
        }
        assert!(split_purchases(&ps, &rules()).is_empty());
        for (i, x) in ps.iter_mut().enumerate() {
            x.day = 20_000 + i as i64;
            x.owner = format!("o{}", i % 2);
        }
        assert!(split_purchases(&ps, &rules()).is_empty());
    }

    /// Ten bids, never a win, always about 20 % above the winner (issue 25).
    #[test]
    fn a_cover_bidder_is_flagged() {
        let mut ps = Vec::new();
        for i in 0..10 {
            let win = 5_000_000 + i * 100_000;
            let cover = win * (1_195 + i % 3 * 5) / 1_000;
            ps.push(p(
                &format!("c{i}"),
                "o",
                "lowest-price",
                &[
                    ("w", win),
                    ("cover", cover),
                    ("h", win + 900_000 - i * 150_000),
                ],
                "w",
            ));
        }
        let w = cover_bidding(&ps, &rules());
        assert_eq!(kinds(&w), ["cover-bidding"]);
        assert_eq!(w[0].firms(), ["cover"]);
        assert_eq!(w[0].statistic.observed, 10);
        let margin = w[0].statistic.figure.unwrap();
        assert!((195..=205).contains(&margin), "{margin}");
        // The honest loser `h` varies widely and is not named; a cover bidder who wins once is
        // not a cover bidder.
        ps[3].winner = Some("cover".into());
        assert!(cover_bidding(&ps, &rules()).is_empty());
    }

    /// A competitive project fails with one registrant; three weeks later the owner awards the
    /// same item directly to that firm (issue 25).
    #[test]
    fn a_failed_project_followed_by_a_direct_award_to_its_registrant_is_flagged() {
        let mut failed = p("f", "o", "random-draw", &[("x", 1)], "");
        failed.failed = true;
        failed.day = 100;
        failed.budget_fen = 4_500_000;
        let mut direct = p("d", "o", "direct", &[("x", 1)], "x");
        direct.day = 121;
        direct.budget_fen = 4_400_000;
        let mut other = p("d2", "o", "direct", &[("y", 1)], "y");
        other.day = 110;
        let ps = vec![failed.clone(), direct.clone(), other];
        let w = failed_then_direct(&ps, &rules());
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].projects, ["f", "d"]);
        assert_eq!(
            (w[0].owner.as_deref(), w[0].firms()),
            (Some("o"), vec!["x"])
        );
        assert_eq!(w[0].statistic.figure, Some(21));
        // A much smaller or larger direct purchase is another purchase.
        let mut small = direct.clone();
        small.budget_fen = 1_000_000;
        assert!(failed_then_direct(&[failed.clone(), small.clone()], &rules()).is_empty());
        let mut small_failed = failed.clone();
        small_failed.budget_fen = 3_000_000;
        assert!(failed_then_direct(&[small_failed, direct.clone()], &rules()).is_empty());
        // Cancelled after opening counts too; a direct award before, or months later, does not.
        let mut cancelled = failed.clone();
        cancelled.failed = false;
        cancelled.cancelled = true;
        assert_eq!(
            failed_then_direct(&[cancelled, direct.clone()], &rules()).len(),
            1
        );
        direct.day = 99;
        assert!(failed_then_direct(&[failed.clone(), direct.clone()], &rules()).is_empty());
        direct.day = 200;
        assert!(failed_then_direct(&[failed, direct], &rules()).is_empty());
    }

    #[test]
    fn every_kind_comes_with_its_key_parties_and_evidence() {
        let mut ps = background();
        ps.extend((0..6).map(|i| p(&format!("d{i}"), "owner1", "direct", &[("f", 1)], "f")));
        for i in 0..10 {
            let winner = if i % 2 == 0 { "r1" } else { "r2" };
            ps.push(p(
                &format!("ring{i}"),
                "o",
                "lowest-price",
                &[
                    ("r1", 100 + i),
                    ("r2", 100 + i),
                    ("h", 200),
                    ("h2", 300),
                    ("h3", 400),
                ],
                winner,
            ));
        }
        let all = warnings(&ps, &rules());
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
        assert_eq!(rotation.projects().len(), 10);
        // Same data, same warnings in the same order.
        assert_eq!(warnings(&ps, &rules()), all);
        // Every kind has a code in the closed set, and keys are unique.
        let unique: BTreeSet<&String> = keys.iter().collect();
        assert_eq!(unique.len(), keys.len());
    }
}
