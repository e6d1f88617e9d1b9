//! Simulated markets in memory, for measuring the warnings (issue 25): honest markets, where
//! every warning is a false one, and the same markets with one pattern planted, which the
//! warnings must find. Deterministic for a seed; the test below runs a small version, and
//! `zjcs-warning-rates` (tests/bench) prints the full table.
//!
//! An **honest** market: each project's owner, item, province and day drawn at random;
//! a fifth direct (budget under the ¥50,000 threshold, the firm picked at random), the rest
//! split among the four competitive methods; 2–7 bidders drawn from the firms (one in twenty
//! projects draws one and fails, one in fifty is cancelled after opening); prices uniform
//! between 60 % and 100 % of the budget; each bid rejected with probability 4 %; the winner
//! the lowest valid price where price alone decides, else one of the valid bidders at random;
//! each award's result handed in after 25–110 % of the item's time limit (30, 60, 90… days;
//! one in fifty early, at 5–25 %), and rated by its owner, top marks on everything one time in
//! three (an evaluation given for four awards in five).

use crate::rules::surveillance::{ProjectFacts, Warning, WarningKind, WarningRules, warnings};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

/// A market's size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimSpec {
    pub projects: usize,
    pub firms: usize,
    pub owners: usize,
    pub items: usize,
    pub provinces: usize,
    pub days: i64,
}

/// The size the issue quotes: 48 projects among 14 firms (4 owners, 2 items, a year).
pub const SMALL: SimSpec = SimSpec {
    projects: 48,
    firms: 14,
    owners: 4,
    items: 2,
    provinces: 1,
    days: 365,
};

/// A county's year: 400 projects among 60 firms (12 owners, 4 items, 2 provinces).
pub const LARGE: SimSpec = SimSpec {
    projects: 400,
    firms: 60,
    owners: 12,
    items: 4,
    provinces: 2,
    days: 365,
};

const THRESHOLD: i64 = 5_000_000;
const COMPETITIVE: [&str; 4] = [
    "random-draw",
    "lowest-price",
    "credit-preferred",
    "comprehensive",
];

/// A pattern to plant, on top of an honest market.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plant {
    /// Two firms take turns over ten draws, each with four honest bidders.
    Ring2,
    /// Three firms take turns over nine draws, each with four honest bidders.
    Ring3,
    /// Four firms over twelve draws, each with four honest bidders.
    Ring4,
    /// Five firms over fifteen draws, each with four honest bidders.
    Ring5,
    /// One owner buys one item six times at 90–100 % of the threshold within 60 days.
    SplitPurchase,
    /// A firm bids on ten lowest-price projects, never wins, always ~20 % above the winner.
    CoverBidder,
    /// A draw budgeted at ¥30,000–60,000 fails with one registrant; 5–30 days later the owner
    /// awards the same item directly to it, for 85–100 % of the budget.
    FailedThenDirect,
    /// An owner picks one firm directly six times.
    RepeatedDirect,
    /// A firm wins three in five of the competitive projects it enters (and fourteen more
    /// draws among five bidders).
    DominantFirm,
    /// Two firms bid the same price on two projects.
    IdenticalBids,
    /// An owner rejects every bid but the winner's on ten projects.
    OthersRejected,
    /// An owner rejects the lowest bid on ten lowest-price projects.
    LowestRejected,
    /// Ten competitive projects of an owner draw a single bidder.
    SingleBidder,
    /// Ten lowest-price awards of an owner come at 99–100 % of the budget.
    AwardAtBudget,
    /// Twelve projects of one item fail for lack of bidders.
    RepeatedFailures,
    /// A firm hands in six results in 3–10 % of the time limit.
    FastDelivery,
    /// An owner gives one firm top marks on ten awards.
    RatingAnomaly,
}

impl Plant {
    pub const ALL: [Plant; 17] = [
        Plant::Ring2,
        Plant::Ring3,
        Plant::Ring4,
        Plant::Ring5,
        Plant::SplitPurchase,
        Plant::CoverBidder,
        Plant::FailedThenDirect,
        Plant::RepeatedDirect,
        Plant::DominantFirm,
        Plant::IdenticalBids,
        Plant::OthersRejected,
        Plant::LowestRejected,
        Plant::SingleBidder,
        Plant::AwardAtBudget,
        Plant::RepeatedFailures,
        Plant::FastDelivery,
        Plant::RatingAnomaly,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Plant::Ring2 => "ring of 2 (10 draws, 6 bidders)",
            Plant::Ring3 => "ring of 3 (9 draws, 7 bidders)",
            Plant::Ring4 => "ring of 4 (12 draws, 8 bidders)",
            Plant::Ring5 => "ring of 5 (15 draws, 9 bidders)",
            Plant::SplitPurchase => "split purchase (6 under threshold)",
            Plant::CoverBidder => "cover bidder (10 bids, +20 %)",
            Plant::FailedThenDirect => "failed, then direct to registrant",
            Plant::RepeatedDirect => "repeated direct (6 to one firm)",
            Plant::DominantFirm => "dominant firm (wins 3 in 5 it enters)",
            Plant::IdenticalBids => "identical bids (2 projects)",
            Plant::OthersRejected => "all but winner rejected (10)",
            Plant::LowestRejected => "lowest bid rejected (10)",
            Plant::SingleBidder => "single bidder (10)",
            Plant::AwardAtBudget => "award at budget (10)",
            Plant::RepeatedFailures => "repeated failures (12)",
            Plant::FastDelivery => "fast delivery (6 at 3–10 % of limit)",
            Plant::RatingAnomaly => "rating anomaly (10 top marks)",
        }
    }

    pub fn kind(self) -> WarningKind {
        match self {
            Plant::Ring2 | Plant::Ring3 | Plant::Ring4 | Plant::Ring5 => WarningKind::BidRotation,
            Plant::SplitPurchase => WarningKind::SplitPurchase,
            Plant::CoverBidder => WarningKind::CoverBidding,
            Plant::FailedThenDirect => WarningKind::FailedThenDirect,
            Plant::RepeatedDirect => WarningKind::RepeatedDirect,
            Plant::DominantFirm => WarningKind::DominantFirm,
            Plant::IdenticalBids => WarningKind::IdenticalBids,
            Plant::OthersRejected => WarningKind::OthersRejected,
            Plant::LowestRejected => WarningKind::LowestRejected,
            Plant::SingleBidder => WarningKind::SingleBidder,
            Plant::AwardAtBudget => WarningKind::AwardAtBudget,
            Plant::RepeatedFailures => WarningKind::RepeatedFailures,
            Plant::FastDelivery => WarningKind::FastDelivery,
            Plant::RatingAnomaly => WarningKind::RatingAnomaly,
        }
    }
}

/// Who a planted pattern involves: what a warning must name to count as finding it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Planted {
    pub firms: Vec<String>,
    pub owner: Option<String>,
    pub market: Option<(String, String)>,
    pub project: Option<String>,
}

struct Gen<'a> {
    spec: &'a SimSpec,
    rng: StdRng,
    out: Vec<ProjectFacts>,
}

fn firm(i: usize) -> String {
    format!("f{i:03}")
}

impl Gen<'_> {
    fn log_uniform(&mut self, lo: i64, hi: i64) -> i64 {
        let (a, b) = ((lo as f64).ln(), (hi as f64).ln());
        self.rng.gen_range(a..b).exp() as i64
    }

    fn base(&mut self, method: &str, budget_fen: i64) -> ProjectFacts {
        let n = self.out.len();
        ProjectFacts {
            project: format!("p{n:05}"),
            owner: format!("o{}", self.rng.gen_range(0..self.spec.owners)),
            method: method.into(),
            item: format!("i{}", self.rng.gen_range(0..self.spec.items)),
            province: format!("{}", 33 - self.rng.gen_range(0..self.spec.provinces)),
            budget_fen,
            day: self.rng.gen_range(0..self.spec.days),
            ..ProjectFacts::default()
        }
    }

    fn price(&mut self, budget: i64) -> i64 {
        budget * self.rng.gen_range(600_000..=1_000_000i64) / 1_000_000
    }

    /// A competitive project among `bidders`, decided as an honest one is.
    fn competitive(&mut self, method: &str, bidders: Vec<String>, reject: f64) -> ProjectFacts {
        let budget = self.log_uniform(2_000_000, 200_000_000);
        let mut p = self.base(method, budget);
        let priced = matches!(method, "lowest-price" | "comprehensive");
        for f in bidders {
            let x = priced.then(|| self.price(budget));
            if self.rng.gen_bool(reject) {
                p.rejected.push(f.clone());
            }
            p.bids.push((f, x));
        }
        if p.bids.len() < 2 {
            p.failed = true;
        } else if self.rng.gen_range(0..50) == 0 {
            p.cancelled = true;
        } else {
            self.decide(&mut p);
        }
        p
    }

    fn decide(&mut self, p: &mut ProjectFacts) {
        let valid: Vec<&(String, Option<i64>)> = p
            .bids
            .iter()
            .filter(|(f, _)| !p.rejected.contains(f))
            .collect();
        let w = if p.method == "lowest-price" {
            valid.iter().min_by_key(|(_, x)| *x).copied()
        } else {
            valid.choose(&mut self.rng).copied()
        };
        p.winner = w.map(|(f, _)| f.clone());
        p.award_fen = w.map(|(_, x)| x.unwrap_or(p.budget_fen));
    }

    fn bidders(&mut self, n: usize, except: &[String]) -> Vec<String> {
        let pool: Vec<String> = (0..self.spec.firms)
            .map(firm)
            .filter(|f| !except.contains(f))
            .collect();
        pool.choose_multiple(&mut self.rng, n.min(pool.len()))
            .cloned()
            .collect()
    }

    /// The result and its rating, for an awarded project.
    fn after(&mut self, p: &mut ProjectFacts) {
        let item: i64 = p.item.trim_start_matches('i').parse().unwrap_or(0);
        let limit = 30 * (1 + item % 3);
        p.time_limit_days = Some(limit);
        if p.winner.is_none() {
            return;
        }
        let share = if self.rng.gen_range(0..50) == 0 {
            self.rng.gen_range(5..=25)
        } else {
            self.rng.gen_range(25..=110)
        };
        p.delivery_days = Some(limit * share / 100);
        if self.rng.gen_range(0..5) != 0 {
            p.top_rated = Some(self.rng.gen_range(0..3) == 0);
        }
    }

    fn honest(&mut self) {
        for _ in 0..self.spec.projects {
            let p = if self.rng.gen_range(0..5) == 0 {
                let budget = self.log_uniform(500_000, THRESHOLD);
                let mut p = self.base("direct", budget);
                let f = firm(self.rng.gen_range(0..self.spec.firms));
                let x = budget * self.rng.gen_range(700..=1_000) / 1_000;
                p.bids.push((f.clone(), Some(x)));
                p.winner = Some(f);
                p.award_fen = Some(x);
                p
            } else {
                let method = COMPETITIVE[self.rng.gen_range(0..4)];
                let n = if self.rng.gen_range(0..20) == 0 {
                    1
                } else {
                    self.rng.gen_range(2..=7)
                };
                let bidders = self.bidders(n, &[]);
                self.competitive(method, bidders, 0.04)
            };
            let mut p = p;
            self.after(&mut p);
            self.out.push(p);
        }
    }

    fn push(&mut self, p: ProjectFacts) -> String {
        let mut p = p;
        p.project = format!("p{:05}", self.out.len());
        let id = p.project.clone();
        self.out.push(p);
        id
    }

    fn ring(&mut self, size: usize, projects: usize) -> Planted {
        let ring: Vec<String> = (0..size).map(firm).collect();
        for i in 0..projects {
            let mut bidders = ring.clone();
            bidders.extend(self.bidders(4, &ring));
            let mut p = self.competitive("random-draw", bidders, 0.0);
            p.cancelled = false;
            p.winner = Some(ring[i % size].clone());
            p.award_fen = Some(p.budget_fen);
            self.push(p);
        }
        Planted {
            firms: ring,
            ..Planted::default()
        }
    }

    fn plant(&mut self, plant: Plant) -> Planted {
        let owner = |o: usize| format!("o{o}");
        match plant {
            Plant::Ring2 => self.ring(2, 10),
            Plant::Ring3 => self.ring(3, 9),
            Plant::Ring4 => self.ring(4, 12),
            Plant::Ring5 => self.ring(5, 15),
            Plant::SplitPurchase => {
                let start = self.rng.gen_range(0..self.spec.days - 60);
                for _ in 0..6 {
                    let budget = THRESHOLD * self.rng.gen_range(900..1_000) / 1_000;
                    let mut p = self.base("direct", budget);
                    p.owner = owner(0);
                    p.item = "i0".into();
                    p.province = "33".into();
                    p.day = start + self.rng.gen_range(0..=60);
                    let f = firm(self.rng.gen_range(0..self.spec.firms));
                    p.bids.push((f.clone(), Some(budget)));
                    p.winner = Some(f);
                    p.award_fen = Some(budget);
                    self.push(p);
                }
                Planted {
                    owner: Some(owner(0)),
                    market: Some(("i0".into(), "33".into())),
                    ..Planted::default()
                }
            }
            Plant::CoverBidder => {
                let cover = "cover".to_owned();
                for _ in 0..10 {
                    let n = self.rng.gen_range(2..=4);
                    let bidders = self.bidders(n, &[]);
                    let mut p = self.competitive("lowest-price", bidders, 0.0);
                    p.cancelled = false;
                    p.rejected.clear();
                    self.decide(&mut p);
                    let win = p.award_fen.unwrap_or(p.budget_fen);
                    let x = win * self.rng.gen_range(1_180..=1_220) / 1_000;
                    p.bids.push((cover.clone(), Some(x)));
                    self.push(p);
                }
                Planted {
                    firms: vec![cover],
                    ..Planted::default()
                }
            }
            Plant::FailedThenDirect => {
                let f = firm(self.rng.gen_range(0..self.spec.firms));
                let mut failed = self.competitive("random-draw", vec![f.clone()], 0.0);
                failed.owner = owner(0);
                failed.item = "i0".into();
                failed.budget_fen = self.rng.gen_range(3_000_000..THRESHOLD + 1_000_000);
                failed.day = self.rng.gen_range(0..self.spec.days - 30);
                let day = failed.day + self.rng.gen_range(5..=30);
                let budget =
                    (failed.budget_fen * self.rng.gen_range(85..=100) / 100).min(THRESHOLD - 1);
                let id = self.push(failed);
                let mut d = self.base("direct", budget);
                d.owner = owner(0);
                d.item = "i0".into();
                d.day = day;
                d.bids.push((f.clone(), Some(budget)));
                d.winner = Some(f.clone());
                d.award_fen = Some(budget);
                self.push(d);
                Planted {
                    firms: vec![f],
                    owner: Some(owner(0)),
                    project: Some(id),
                    ..Planted::default()
                }
            }
            Plant::RepeatedDirect => {
                let f = firm(3);
                for _ in 0..6 {
                    let budget = self.log_uniform(500_000, THRESHOLD);
                    let mut d = self.base("direct", budget);
                    d.owner = owner(0);
                    d.bids.push((f.clone(), Some(budget)));
                    d.winner = Some(f.clone());
                    d.award_fen = Some(budget);
                    self.push(d);
                }
                Planted {
                    firms: vec![f],
                    owner: Some(owner(0)),
                    ..Planted::default()
                }
            }
            Plant::DominantFirm => {
                let f = firm(4);
                for _ in 0..14 {
                    let mut bidders = vec![f.clone()];
                    bidders.extend(self.bidders(4, std::slice::from_ref(&f)));
                    let mut p = self.competitive("random-draw", bidders, 0.0);
                    p.cancelled = false;
                    p.winner = Some(p.bids[1].0.clone());
                    self.push(p);
                }
                for i in 0..self.out.len() {
                    let p = &self.out[i];
                    if p.method != "direct"
                        && p.winner.is_some()
                        && p.bids.iter().any(|b| b.0 == f)
                        && self.rng.gen_bool(0.6)
                    {
                        let p = &mut self.out[i];
                        p.winner = Some(f.clone());
                        p.award_fen = Some(p.budget_fen);
                    }
                }
                Planted {
                    firms: vec![f],
                    ..Planted::default()
                }
            }
            Plant::FastDelivery => {
                let f = firm(7);
                for _ in 0..6 {
                    let mut bidders = vec![f.clone()];
                    bidders.extend(self.bidders(3, std::slice::from_ref(&f)));
                    let mut p = self.competitive("random-draw", bidders, 0.0);
                    p.cancelled = false;
                    p.winner = Some(f.clone());
                    p.award_fen = Some(p.budget_fen);
                    self.after(&mut p);
                    let limit = p.time_limit_days.unwrap_or(30);
                    p.delivery_days = Some(limit * self.rng.gen_range(3..=10) / 100);
                    self.push(p);
                }
                Planted {
                    firms: vec![f],
                    ..Planted::default()
                }
            }
            Plant::RatingAnomaly => {
                let (o, f) = (owner(2), firm(8));
                for _ in 0..10 {
                    let mut bidders = vec![f.clone()];
                    bidders.extend(self.bidders(3, std::slice::from_ref(&f)));
                    let mut p = self.competitive("random-draw", bidders, 0.0);
                    p.owner = o.clone();
                    p.cancelled = false;
                    p.winner = Some(f.clone());
                    p.award_fen = Some(p.budget_fen);
                    self.after(&mut p);
                    p.top_rated = Some(true);
                    self.push(p);
                }
                Planted {
                    firms: vec![f],
                    owner: Some(o),
                    ..Planted::default()
                }
            }
            Plant::IdenticalBids => {
                let pair = vec![firm(5), firm(6)];
                for _ in 0..2 {
                    let mut bidders = pair.clone();
                    bidders.extend(self.bidders(2, &pair));
                    let mut p = self.competitive("lowest-price", bidders, 0.0);
                    p.cancelled = false;
                    let x = p.bids[0].1;
                    p.bids[1].1 = x;
                    self.decide(&mut p);
                    self.push(p);
                }
                Planted {
                    firms: pair,
                    ..Planted::default()
                }
            }
            Plant::OthersRejected | Plant::LowestRejected | Plant::AwardAtBudget => {
                let o = owner(1);
                for _ in 0..10 {
                    let n = self.rng.gen_range(3..=5);
                    let bidders = self.bidders(n, &[]);
                    let method = if plant == Plant::OthersRejected {
                        "comprehensive"
                    } else {
                        "lowest-price"
                    };
                    let mut p = self.competitive(method, bidders, 0.0);
                    p.owner = o.clone();
                    p.cancelled = false;
                    p.rejected.clear();
                    match plant {
                        Plant::OthersRejected => {
                            let w = self.rng.gen_range(0..p.bids.len());
                            p.rejected = p
                                .bids
                                .iter()
                                .enumerate()
                                .filter(|(i, _)| *i != w)
                                .map(|(_, b)| b.0.clone())
                                .collect();
                        }
                        Plant::LowestRejected => {
                            let low = p
                                .bids
                                .iter()
                                .min_by_key(|b| b.1)
                                .map(|b| b.0.clone())
                                .unwrap_or_default();
                            p.rejected = vec![low];
                        }
                        _ => {
                            for b in &mut p.bids {
                                b.1 = Some(p.budget_fen * self.rng.gen_range(990..=1_000) / 1_000);
                            }
                        }
                    }
                    self.decide(&mut p);
                    self.push(p);
                }
                Planted {
                    owner: Some(o),
                    ..Planted::default()
                }
            }
            Plant::SingleBidder => {
                let o = owner(2);
                for _ in 0..10 {
                    let bidders = self.bidders(1, &[]);
                    let method = COMPETITIVE[self.rng.gen_range(0..4)];
                    let mut p = self.competitive(method, bidders, 0.0);
                    p.owner = o.clone();
                    self.push(p);
                }
                Planted {
                    owner: Some(o),
                    ..Planted::default()
                }
            }
            Plant::RepeatedFailures => {
                for _ in 0..12 {
                    let n = self.rng.gen_range(0..=1);
                    let bidders = self.bidders(n, &[]);
                    let mut p = self.competitive("random-draw", bidders, 0.0);
                    p.item = "i1".into();
                    p.province = "33".into();
                    self.push(p);
                }
                Planted {
                    market: Some(("i1".into(), "33".into())),
                    ..Planted::default()
                }
            }
        }
    }
}

/// One market: honest, or with `plant` on top; and who the plant involves.
pub fn market(spec: &SimSpec, plant: Option<Plant>, seed: u64) -> (Vec<ProjectFacts>, Planted) {
    let mut g = Gen {
        spec,
        rng: StdRng::seed_from_u64(seed),
        out: Vec::with_capacity(spec.projects + 20),
    };
    g.honest();
    let planted = plant.map(|p| g.plant(p)).unwrap_or_default();
    (g.out, planted)
}

/// Whether `warnings` find the planted pattern: a warning of its kind naming its parties (a
/// ring: two or more of its firms and no other firm).
pub fn found(plant: Plant, planted: &Planted, warnings: &[Warning]) -> bool {
    warnings.iter().filter(|w| w.kind == plant.kind()).any(|w| {
        let firms_ok = match plant.kind() {
            WarningKind::BidRotation => {
                w.firms.len() >= 2 && w.firms.iter().all(|f| planted.firms.contains(f))
            }
            _ => planted.firms.is_empty() || w.firms == planted.firms,
        };
        let owner_ok = planted.owner.is_none() || w.owner == planted.owner;
        let market_ok =
            planted.market.is_none() || w.market == planted.market || plant == Plant::SplitPurchase;
        let project_ok = planted
            .project
            .as_ref()
            .is_none_or(|p| w.projects.contains(p));
        firms_ok && owner_ok && market_ok && project_ok
    })
}

/// The measured rates of one market size.
#[derive(Debug, Clone, PartialEq)]
pub struct Rates {
    pub spec: SimSpec,
    /// Honest markets simulated, and those raising any warning.
    pub honest: usize,
    pub false_any: usize,
    /// Honest markets raising each kind.
    pub false_by_kind: Vec<(WarningKind, usize)>,
    /// Markets per plant, and those where it was found.
    pub planted: Vec<(Plant, usize, usize)>,
}

/// Simulates `markets` honest markets and `markets` markets per plant.
pub fn rates(spec: &SimSpec, markets: usize, seed: u64) -> Rates {
    let rules = WarningRules::default();
    let mut false_any = 0;
    let mut by_kind: Vec<(WarningKind, usize)> = WarningKind::ALL.iter().map(|k| (*k, 0)).collect();
    for m in 0..markets {
        let (facts, _) = market(spec, None, seed.wrapping_add(m as u64));
        let w = warnings(&facts, &rules);
        if !w.is_empty() {
            false_any += 1;
        }
        for (k, n) in &mut by_kind {
            if w.iter().any(|w| w.kind == *k) {
                *n += 1;
            }
        }
    }
    let planted = Plant::ALL
        .iter()
        .enumerate()
        .map(|(i, plant)| {
            let hits = (0..markets)
                .filter(|m| {
                    let s = seed
                        .wrapping_add(1_000_003 * (i as u64 + 1))
                        .wrapping_add(*m as u64);
                    let (facts, who) = market(spec, Some(*plant), s);
                    found(*plant, &who, &warnings(&facts, &rules))
                })
                .count();
            (*plant, markets, hits)
        })
        .collect();
    Rates {
        spec: *spec,
        honest: markets,
        false_any,
        false_by_kind: by_kind,
        planted,
    }
}

impl Rates {
    /// The table, as Markdown.
    pub fn table(&self) -> String {
        let s = &self.spec;
        let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
        let mut out = format!(
            "Markets of {} projects, {} firms, {} owners, {} items, {} province(s), {} days; \
             {} markets each.\n\n| | markets | flagged | rate |\n|---|---:|---:|---:|\n",
            s.projects, s.firms, s.owners, s.items, s.provinces, s.days, self.honest
        );
        out.push_str(&format!(
            "| honest: any false warning | {} | {} | {:.1} % |\n",
            self.honest,
            self.false_any,
            pct(self.false_any, self.honest)
        ));
        for (k, n) in &self.false_by_kind {
            if *n > 0 {
                out.push_str(&format!(
                    "| honest: false `{}` | {} | {} | {:.1} % |\n",
                    k.as_str(),
                    self.honest,
                    n,
                    pct(*n, self.honest)
                ));
            }
        }
        for (p, n, hits) in &self.planted {
            out.push_str(&format!(
                "| planted: {} → `{}` | {} | {} | {:.1} % |\n",
                p.name(),
                p.kind().as_str(),
                n,
                hits,
                pct(*hits, *n)
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 25: honest markets of 48 projects and 14 firms raised a false rotation warning
    /// in about 30 % of simulations; now few raise any warning (here 200 markets: at most 5,
    /// the full run of 1,000 is in tests/bench/README.md), and the planted patterns are found
    /// at least as often as the table there says (100 markets each, with margin). Patterns the
    /// small market cannot tell from chance at the stated level (rings of 3–5 firms among 14,
    /// a dominant firm that also bids on honest projects) are guarded at their measured rate.
    #[test]
    fn honest_markets_rarely_warn_and_planted_patterns_are_found() {
        let r = rates(&SMALL, 100, 25);
        let honest = rates_honest(&SMALL, 200, 2_500);
        assert!(
            honest <= 5,
            "{honest} of 200 honest markets warned\n{}",
            r.table()
        );
        for (plant, n, hits) in &r.planted {
            let floor = match plant {
                Plant::SplitPurchase
                | Plant::CoverBidder
                | Plant::FailedThenDirect
                | Plant::RepeatedDirect
                | Plant::IdenticalBids => 90,
                Plant::FastDelivery => 75,
                Plant::DominantFirm | Plant::OthersRejected => 50,
                Plant::Ring2 | Plant::AwardAtBudget | Plant::RatingAnomaly => 40,
                Plant::SingleBidder => 30,
                Plant::LowestRejected => 15,
                Plant::Ring3 | Plant::RepeatedFailures => 3,
                Plant::Ring4 | Plant::Ring5 => 0,
            };
            assert!(
                hits * 100 >= floor * n,
                "{}: {hits}/{n}\n{}",
                plant.name(),
                r.table()
            );
        }
        // The 3-firm ring over nine projects, among sixty firms: found.
        let large = rates_planted(&LARGE, Plant::Ring3, 20, 7);
        assert!(large >= 15, "{large} of 20");
    }

    fn rates_planted(spec: &SimSpec, plant: Plant, markets: usize, seed: u64) -> usize {
        let rules = WarningRules::default();
        (0..markets)
            .filter(|m| {
                let (facts, who) = market(spec, Some(plant), seed + *m as u64);
                found(plant, &who, &warnings(&facts, &rules))
            })
            .count()
    }

    fn rates_honest(spec: &SimSpec, markets: usize, seed: u64) -> usize {
        let rules = WarningRules::default();
        (0..markets)
            .filter(|m| {
                let (facts, _) = market(spec, None, seed + *m as u64);
                !warnings(&facts, &rules).is_empty()
            })
            .count()
    }

    #[test]
    fn markets_are_deterministic_for_a_seed() {
        assert_eq!(market(&SMALL, None, 7), market(&SMALL, None, 7));
        let (a, _) = market(&SMALL, Some(Plant::CoverBidder), 7);
        assert_eq!(a.len(), 58);
    }
}
