//! Market statistics (市场统计) for the regulators' console: how many projects, how much
//! contracted, which selection methods, how many bidders, award prices against budgets, the
//! time from posting to contract, and how concentrated the awards are by item and province.
//! A pure function over one record per project, so that the console, its CSV export and the
//! tests agree to the fen.

use super::surveillance::{Concentration, concentration};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// One published project, as the statistics see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectRecord {
    /// The day it was published (China), which places it in the period and its month.
    pub published_on: NaiveDate,
    pub item: String,
    /// Two-digit region prefix.
    pub province: String,
    pub method: String,
    pub budget_fen: i64,
    /// Failed for lack of bidders (流标).
    pub failed: bool,
    /// Valid registrants, once the bids are opened (none before: they are sealed).
    pub registrants: Option<u32>,
    /// The standing award: the firm and its price.
    pub award: Option<(String, i64)>,
    /// The recorded contract: the day it was signed and its value.
    pub contract: Option<(NaiveDate, i64)>,
}

/// One bar of a histogram: its label (language-neutral, e.g. `3–5`) and its count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    pub label: &'static str,
    pub count: u64,
}

/// A month's projects (by the month they were published) and the contracts they led to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthRow {
    /// `YYYY-MM`.
    pub month: String,
    pub projects: u64,
    pub contracts: u64,
    pub contract_value_fen: i64,
}

/// Awards in one market (an item or a province): how many, their value, and concentration.
#[derive(Debug, Clone, PartialEq)]
pub struct MarketShare {
    pub key: String,
    pub projects: u64,
    pub value_fen: i64,
    pub concentration: Concentration,
}

/// Everything the statistics page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct MarketStatistics {
    pub projects: u64,
    pub budget_fen: i64,
    pub failed: u64,
    pub awarded: u64,
    pub contracts: u64,
    pub contract_value_fen: i64,
    pub months: Vec<MonthRow>,
    /// Projects by selection method, most first.
    pub methods: Vec<(String, u64)>,
    /// Registrants per opened project.
    pub registrants: Vec<Bucket>,
    pub registrants_mean: Option<f64>,
    /// Award price as a percentage of the budget.
    pub price_to_budget: Vec<Bucket>,
    pub price_to_budget_mean: Option<f64>,
    /// Calendar days from publication to the signed contract.
    pub days_to_contract: Vec<Bucket>,
    pub days_to_contract_median: Option<i64>,
    /// Award concentration by item and by province, most awards first.
    pub by_item: Vec<MarketShare>,
    pub by_province: Vec<MarketShare>,
}

const REGISTRANTS: [(&str, u32, u32); 6] = [
    ("0", 0, 0),
    ("1", 1, 1),
    ("2", 2, 2),
    ("3–5", 3, 5),
    ("6–10", 6, 10),
    ("11+", 11, u32::MAX),
];
/// Parts per million of the budget: [lo, hi).
const PRICE: [(&str, i64, i64); 5] = [
    ("<50%", i64::MIN, 500_000),
    ("50–70%", 500_000, 700_000),
    ("70–90%", 700_000, 900_000),
    ("90–100%", 900_000, 1_000_001),
    (">100%", 1_000_001, i64::MAX),
];
const DAYS: [(&str, i64, i64); 5] = [
    ("≤10", i64::MIN, 10),
    ("11–20", 11, 20),
    ("21–30", 21, 30),
    ("31–60", 31, 60),
    (">60", 61, i64::MAX),
];

fn buckets<const N: usize, T: Copy>(
    spec: &[(&'static str, T, T); N],
    values: impl Iterator<Item = T>,
    within: impl Fn(T, T, T) -> bool,
) -> Vec<Bucket> {
    let mut counts = [0u64; N];
    for v in values {
        if let Some(i) = spec.iter().position(|(_, lo, hi)| within(v, *lo, *hi)) {
            counts[i] += 1;
        }
    }
    spec.iter()
        .zip(counts)
        .map(|((label, _, _), count)| Bucket { label, count })
        .collect()
}

/// The award's value in a market: the contract's when there is one, else the award price.
fn award_value(r: &ProjectRecord) -> Option<(&str, i64)> {
    let (firm, price) = r.award.as_ref()?;
    Some((firm.as_str(), r.contract.map_or(*price, |(_, v)| v)))
}

fn shares<'a>(
    records: &'a [ProjectRecord],
    key: impl Fn(&'a ProjectRecord) -> &'a str,
) -> Vec<MarketShare> {
    let mut groups: BTreeMap<&str, Vec<(&str, i64)>> = BTreeMap::new();
    for r in records {
        if let Some(a) = award_value(r) {
            groups.entry(key(r)).or_default().push(a);
        }
    }
    let mut out: Vec<MarketShare> = groups
        .into_iter()
        .map(|(k, awards)| MarketShare {
            key: k.to_owned(),
            projects: awards.len() as u64,
            value_fen: awards.iter().map(|(_, v)| v).sum(),
            concentration: concentration(awards),
        })
        .collect();
    out.sort_by(|a, b| b.projects.cmp(&a.projects).then(a.key.cmp(&b.key)));
    out
}

/// The statistics of `records` (already filtered to the period, item and region asked for).
pub fn statistics(records: &[ProjectRecord]) -> MarketStatistics {
    let mut months: BTreeMap<(i32, u32), MonthRow> = BTreeMap::new();
    let mut methods: BTreeMap<&str, u64> = BTreeMap::new();
    for r in records {
        let key = (r.published_on.year(), r.published_on.month());
        let m = months.entry(key).or_insert_with(|| MonthRow {
            month: format!("{:04}-{:02}", key.0, key.1),
            projects: 0,
            contracts: 0,
            contract_value_fen: 0,
        });
        m.projects += 1;
        if let Some((_, v)) = r.contract {
            m.contracts += 1;
            m.contract_value_fen += v;
        }
        *methods.entry(&r.method).or_default() += 1;
    }
    let mut methods: Vec<(String, u64)> = methods
        .into_iter()
        .map(|(m, n)| (m.to_owned(), n))
        .collect();
    methods.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));

    let opened: Vec<u32> = records.iter().filter_map(|r| r.registrants).collect();
    let ratios: Vec<i64> = records
        .iter()
        .filter(|r| r.budget_fen > 0)
        .filter_map(|r| {
            r.award
                .as_ref()
                .map(|(_, p)| (i128::from(*p) * 1_000_000 / i128::from(r.budget_fen)) as i64)
        })
        .collect();
    let mut days: Vec<i64> = records
        .iter()
        .filter_map(|r| r.contract.map(|(on, _)| (on - r.published_on).num_days()))
        .collect();
    days.sort_unstable();
    let mean = |sum: f64, n: usize| (n > 0).then(|| sum / n as f64);
    MarketStatistics {
        projects: records.len() as u64,
        budget_fen: records.iter().map(|r| r.budget_fen).sum(),
        failed: records.iter().filter(|r| r.failed).count() as u64,
        awarded: records.iter().filter(|r| r.award.is_some()).count() as u64,
        contracts: records.iter().filter(|r| r.contract.is_some()).count() as u64,
        contract_value_fen: records
            .iter()
            .filter_map(|r| r.contract)
            .map(|(_, v)| v)
            .sum(),
        months: months.into_values().collect(),
        methods,
        registrants: buckets(&REGISTRANTS, opened.iter().copied(), |v, lo, hi| {
            (lo..=hi).contains(&v)
        }),
        registrants_mean: mean(opened.iter().map(|n| f64::from(*n)).sum(), opened.len()),
        price_to_budget: buckets(&PRICE, ratios.iter().copied(), |v, lo, hi| {
            v >= lo && v < hi
        }),
        price_to_budget_mean: mean(
            ratios.iter().map(|r| *r as f64 / 10_000.0).sum(),
            ratios.len(),
        ),
        days_to_contract: buckets(&DAYS, days.iter().copied(), |v, lo, hi| {
            (lo..=hi).contains(&v)
        }),
        days_to_contract_median: (!days.is_empty()).then(|| days[days.len() / 2]),
        by_item: shares(records, |r| &r.item),
        by_province: shares(records, |r| &r.province),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn rec(on: &str, item: &str, method: &str, budget: i64) -> ProjectRecord {
        ProjectRecord {
            published_on: d(on),
            item: item.into(),
            province: "33".into(),
            method: method.into(),
            budget_fen: budget,
            failed: false,
            registrants: None,
            award: None,
            contract: None,
        }
    }

    #[test]
    fn nothing_gives_zeros_and_no_means() {
        let s = statistics(&[]);
        assert_eq!((s.projects, s.contracts, s.contract_value_fen), (0, 0, 0));
        assert!(s.months.is_empty() && s.by_item.is_empty());
        assert_eq!(s.registrants_mean, None);
        assert_eq!(s.days_to_contract_median, None);
        assert!(s.registrants.iter().all(|b| b.count == 0));
        assert_eq!(s.registrants.len(), 6);
    }

    #[test]
    fn counts_values_buckets_and_concentration() {
        let mut a = rec("2026-05-04", "eia", "lowest-price", 1_000_000);
        a.registrants = Some(4);
        a.award = Some(("f1".into(), 850_000));
        a.contract = Some((d("2026-05-20"), 840_000));
        let mut b = rec("2026-05-10", "eia", "random-draw", 2_000_000);
        b.registrants = Some(2);
        b.award = Some(("f2".into(), 2_000_000));
        let mut c = rec("2026-06-01", "survey", "lowest-price", 500_000);
        c.registrants = Some(1);
        c.failed = true;
        c.province = "11".into();
        let e = rec("2026-06-02", "survey", "direct", 100_000);
        let s = statistics(&[a, b, c, e]);
        assert_eq!((s.projects, s.failed, s.awarded, s.contracts), (4, 1, 2, 1));
        assert_eq!(s.budget_fen, 3_600_000);
        assert_eq!(s.contract_value_fen, 840_000);
        assert_eq!(
            s.months,
            [
                MonthRow {
                    month: "2026-05".into(),
                    projects: 2,
                    contracts: 1,
                    contract_value_fen: 840_000
                },
                MonthRow {
                    month: "2026-06".into(),
                    projects: 2,
                    contracts: 0,
                    contract_value_fen: 0
                }
            ]
        );
        assert_eq!(
            s.methods,
            [
                ("lowest-price".into(), 2),
                ("direct".into(), 1),
                ("random-draw".into(), 1)
            ]
        );
        let counts = |v: &[Bucket]| v.iter().map(|b| b.count).collect::<Vec<_>>();
        assert_eq!(counts(&s.registrants), [0, 1, 1, 1, 0, 0]);
        assert_eq!(s.registrants_mean, Some(7.0 / 3.0));
        // 85 % and 100 %.
        assert_eq!(counts(&s.price_to_budget), [0, 0, 1, 1, 0]);
        assert_eq!(s.price_to_budget_mean, Some(92.5));
        assert_eq!(counts(&s.days_to_contract), [0, 1, 0, 0, 0]);
        assert_eq!(s.days_to_contract_median, Some(16));
        // One item with two awards; the contract's value counts where there is one.
        assert_eq!(s.by_item.len(), 1);
        assert_eq!(s.by_item[0].key, "eia");
        assert_eq!(s.by_item[0].value_fen, 2_840_000);
        assert!((s.by_item[0].concentration.top5_share - 1.0).abs() < 1e-9);
        let hhi = (84.0f64 / 284.0 * 100.0).powi(2) + (200.0f64 / 284.0 * 100.0).powi(2);
        assert!((s.by_item[0].concentration.hhi - hhi).abs() < 1e-6);
        assert_eq!(s.by_province[0].key, "33");
    }

    #[test]
    fn bucket_edges() {
        let mut rs = Vec::new();
        for (price, days) in [
            (499_999, 10),
            (500_000, 11),
            (1_000_000, 60),
            (1_000_001, 61),
        ] {
            let mut r = rec("2026-01-01", "x", "lowest-price", 1_000_000);
            r.award = Some(("f".into(), price));
            r.contract = Some((d("2026-01-01") + chrono::Days::new(days), price));
            rs.push(r);
        }
        let s = statistics(&rs);
        let counts = |v: &[Bucket]| v.iter().map(|b| b.count).collect::<Vec<_>>();
        assert_eq!(counts(&s.price_to_budget), [1, 1, 0, 1, 1]);
        assert_eq!(counts(&s.days_to_contract), [1, 1, 0, 1, 1]);
    }
}
