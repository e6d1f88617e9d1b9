//! Market surveillance for regulators (市场监测): the statistics of a period, item and region,
//! and the warnings the rules in [`crate::rules::surveillance`] raise over the same projects,
//! each with its evidence, from which a regulator can open a case.
//!
//! Only what the public record already shows is read: projects once published, the standing
//! awards and contracts, and bids of projects whose bids have been **opened** (a sealed bid is
//! never read here, before the deadline or after).
//!
//! Everything is read with a few narrow queries (the project columns the rules need, the
//! standing awards, the opened registrations, each restricted to the filtered projects by a
//! subquery) and computed in memory by the pure rules; see tests/bench `market_statistics`.

use super::complaints::ComplaintView;
use super::{Services, authorize};
use crate::error::{Error, FieldError, Result};
use crate::model::Actor;
use crate::model::dishonesty::{china_date, china_midnight};
use crate::model::firm::{RegionPrefix, province};
use crate::model::project::{BidDecision, FailedReason, ProjectStatus};
use crate::rules::access::Permission;
use crate::rules::complaint::{ComplaintAction, ComplaintInput};
use crate::rules::market::{MarketStatistics, ProjectRecord, statistics};
use crate::rules::surveillance::{
    ProjectFacts, Statistic, Warning, WarningKind, WarningRules, warnings,
};
use crate::store::{Db as DatabaseConnection, market};
use chrono::{DateTime, Datelike, Days, NaiveDate};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write;
use uuid::Uuid;

mod csv;
#[cfg(test)]
use csv::csv_field;

/// What the console looks at: projects published in a period (China dates, inclusive), of one
/// catalogue item, in one region (a province, city or county prefix). All optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MarketFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub item: Option<Uuid>,
    pub region: Option<RegionPrefix>,
}

impl MarketFilter {
    /// Reads the query string's values; every bad one is reported.
    pub fn parse(
        from: &str,
        to: &str,
        item: &str,
        region: &str,
    ) -> std::result::Result<MarketFilter, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut date = |raw: &str, field: &'static str| match raw.trim() {
            "" => None,
            s => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|_| errors.push(FieldError::new(field, "field.date.invalid")))
                .ok(),
        };
        let from = date(from, "from");
        let to = date(to, "to");
        if let (Some(f), Some(t)) = (from, to)
            && t < f
        {
            errors.push(FieldError::new("to", "field.date.before-start"));
        }
        let item = match item.trim() {
            "" => None,
            s => Uuid::parse_str(s)
                .map_err(|_| errors.push(FieldError::new("item", "field.id.invalid")))
                .ok(),
        };
        let region = match region.trim() {
            "" => None,
            s => RegionPrefix::parse(s).map_err(|e| errors.push(e)).ok(),
        };
        if errors.is_empty() {
            Ok(MarketFilter {
                from,
                to,
                item,
                region,
            })
        } else {
            Err(errors)
        }
    }

    /// The filtered projects, as the store reads them: published in the period (from the
    /// first day's China midnight to the one after the last day), of the item, in the region.
    fn scope(&self) -> market::Scope {
        market::Scope {
            published_from_micros: self.from.map(|f| china_midnight(f).timestamp_micros()),
            published_before_micros: self
                .to
                .and_then(|t| t.checked_add_days(Days::new(1)))
                .map(|t| china_midnight(t).timestamp_micros()),
            item: self.item,
            region: self.region.as_ref().map(RegionPrefix::range),
        }
    }
}

/// A catalogue item's names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemName {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub name_en: String,
}

/// The statistics page's data.
#[derive(Debug, Clone, PartialEq)]
pub struct MarketReport {
    pub filter: MarketFilter,
    pub statistics: MarketStatistics,
    /// The names of the items the statistics mention (their keys are item ids).
    pub items: BTreeMap<String, ItemName>,
    /// Milliseconds spent reading and computing.
    pub elapsed_ms: u64,
}

/// A named party of a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub id: Uuid,
    pub name: String,
}

/// One project of a warning's evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceProject {
    pub id: Uuid,
    pub title: String,
    pub published_on: NaiveDate,
    pub method: String,
    /// The firm awarded (by name), if any.
    pub winner: Option<String>,
    pub budget_fen: i64,
    /// The standing award's price.
    pub award_fen: Option<i64>,
}

/// A warning with names for its ids.
#[derive(Debug, Clone, PartialEq)]
pub struct WarningView {
    /// Stable among warnings of the same filter: `kind:party:party`.
    pub key: String,
    pub kind: WarningKind,
    pub firms: Vec<Party>,
    pub owner: Option<Party>,
    pub item: Option<ItemName>,
    pub province: Option<String>,
    /// Rotation: the wins of each firm; dominant firm: its wins.
    pub wins: Vec<u64>,
    /// What was seen against what chance (or the peers) gives, and how unlikely it is.
    pub statistic: Statistic,
    pub projects: Vec<EvidenceProject>,
}

/// The warnings of a filter.
#[derive(Debug, Clone, PartialEq)]
pub struct WarningList {
    pub filter: MarketFilter,
    pub warnings: Vec<WarningView>,
    /// Opened projects examined.
    pub projects: u64,
    pub elapsed_ms: u64,
}

/// One filtered project as read.
struct Row {
    id: Uuid,
    owner: Uuid,
    item: Uuid,
    region: String,
    method: String,
    budget_fen: i64,
    round: i32,
    published_on: NaiveDate,
    closed: bool,
    failed_for_bidders: bool,
    cancelled: bool,
}

/// What one filter's projects come to.
struct Market {
    rows: Vec<Row>,
    /// Standing award per project: firm, price, contract (signed, value).
    awards: HashMap<Uuid, Standing>,
    /// Opened bids per project: firm, price, and whether it was rejected or excluded
    /// ([`Bids::Each`] only).
    bids: HashMap<Uuid, Vec<(Uuid, Option<i64>, bool)>>,
    /// Opened bids per project, counted.
    registrants: HashMap<Uuid, u32>,
}

/// A standing award: firm, price, and the contract (signed on, value) once recorded.
type Standing = (Uuid, i64, Option<(NaiveDate, i64)>);

/// What to read besides the projects and their awards: the opened bids themselves (the
/// warnings need each firm and price) or only how many there are (the statistics: one row a
/// project instead of one a bid).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Bids {
    Each,
    Counted,
}

async fn read_market(db: &DatabaseConnection, filter: &MarketFilter, want: Bids) -> Result<Market> {
    let scope = filter.scope();
    let rows: Vec<Row> = market::projects_in_scope(db, &scope)
        .await?
        .into_iter()
        .map(|r| Row {
            id: r.id,
            owner: r.owner,
            item: r.item,
            region: r.region,
            method: r.method,
            budget_fen: r.budget_fen,
            round: r.round,
            published_on: r
                .published_micros
                .and_then(DateTime::from_timestamp_micros)
                .map(china_date)
                .unwrap_or_default(),
            closed: r.bids_opened,
            failed_for_bidders: r.failed_reason.as_deref()
                == Some(FailedReason::TooFewRegistrants.as_str()),
            cancelled: r.status == ProjectStatus::Cancelled.as_str(),
        })
        .collect();
    let rounds: HashMap<Uuid, (i32, bool)> =
        rows.iter().map(|r| (r.id, (r.round, r.closed))).collect();
    let award_rows = market::standing_awards(db, &scope).await?;
    let mut awards = HashMap::with_capacity(award_rows.len());
    for a in award_rows {
        if rounds.get(&a.project).is_some_and(|(r, _)| *r == a.round) {
            let contract = a
                .contract_signed_on
                .map(|on| (on, a.contract_price_fen.unwrap_or(a.price_fen)));
            awards.insert(a.project, (a.firm, a.price_fen, contract));
        }
    }
    // Opened bids of the project's current round only: never a sealed one.
    let opened = |pid: &Uuid, round: i32| {
        rounds
            .get(pid)
            .is_some_and(|(r, closed)| *r == round && *closed)
    };
    let mut bids: HashMap<Uuid, Vec<(Uuid, Option<i64>, bool)>> = HashMap::new();
    let mut registrants: HashMap<Uuid, u32> = HashMap::new();
    match want {
        Bids::Each => {
            for b in market::opened_bids(db, &scope).await? {
                if opened(&b.project, b.round) {
                    let rejected = b
                        .decision
                        .as_deref()
                        .and_then(BidDecision::parse)
                        .is_some_and(|d| !matches!(d, BidDecision::AcceptedLow));
                    bids.entry(b.project)
                        .or_default()
                        .push((b.firm, b.price_fen, rejected));
                }
            }
            registrants = bids.iter().map(|(p, b)| (*p, b.len() as u32)).collect();
        }
        Bids::Counted => {
            for c in market::opened_bid_counts(db, &scope).await? {
                if opened(&c.project, c.round) {
                    registrants.insert(c.project, u32::try_from(c.bids).unwrap_or(u32::MAX));
                }
            }
        }
    }
    Ok(Market {
        rows,
        awards,
        bids,
        registrants,
    })
}

/// What happened after the awards: days to each submitted result, whether each evaluation
/// was top marks throughout, and the items' time limits.
struct After {
    delivered: HashMap<(Uuid, Uuid), i64>,
    top_rated: HashMap<(Uuid, Uuid), bool>,
    limits: HashMap<Uuid, i64>,
}

async fn read_after(db: &DatabaseConnection, filter: &MarketFilter, m: &Market) -> Result<After> {
    let scope = filter.scope();
    let delivered = market::deliveries(db, &scope)
        .await?
        .into_iter()
        .map(|d| {
            (
                (d.project, d.firm),
                (d.submitted_on - d.signed_on).num_days(),
            )
        })
        .collect();
    let top_rated = market::evaluations(db, &scope)
        .await?
        .into_iter()
        .map(|e| ((e.project, e.firm), e.ratings.iter().all(|r| *r >= 5)))
        .collect();
    let items: HashSet<Uuid> = m.rows.iter().map(|r| r.item).collect();
    let limits = if items.is_empty() {
        HashMap::new()
    } else {
        market::items(db, items)
            .await?
            .into_iter()
            .map(|i| (i.id, i64::from(i.time_limit_days)))
            .collect()
    };
    Ok(After {
        delivered,
        top_rated,
        limits,
    })
}

async fn item_names(
    db: &DatabaseConnection,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<BTreeMap<String, ItemName>> {
    let ids: HashSet<Uuid> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    Ok(market::items(db, ids)
        .await?
        .into_iter()
        .map(|i| {
            (
                i.id.to_string(),
                ItemName {
                    id: i.id,
                    code: i.code,
                    name: i.name,
                    name_en: i.name_en,
                },
            )
        })
        .collect())
}

/// 1970-01-01 counted from the common era (chrono's day numbers): facts carry days since 1970.
const EPOCH_DAYS_FROM_CE: i64 = 719_163;

fn province_of(region: &str) -> String {
    region.get(..2).unwrap_or("").to_owned()
}

/// The name of a province by its two-digit prefix, in Chinese (the key itself if unknown).
pub fn province_name(prefix: &str) -> (&'static str, &'static str) {
    province(prefix).unwrap_or(("", ""))
}

fn elapsed_ms(since: std::time::Instant) -> u64 {
    since.elapsed().as_millis().try_into().unwrap_or(u64::MAX)
}

impl Services {
    /// The market's statistics for a filter (regulators).
    pub async fn market_statistics(
        &self,
        actor: &Actor,
        filter: &MarketFilter,
    ) -> Result<MarketReport> {
        authorize(actor, Permission::WatchMarket)?;
        let started = std::time::Instant::now();
        let m = read_market(&self.db, filter, Bids::Counted).await?;
        let records: Vec<ProjectRecord> = m
            .rows
            .iter()
            .map(|r| {
                let award = m.awards.get(&r.id);
                ProjectRecord {
                    published_on: r.published_on,
                    item: r.item.to_string(),
                    province: province_of(&r.region),
                    method: r.method.clone(),
                    budget_fen: r.budget_fen,
                    failed: r.failed_for_bidders,
                    registrants: r
                        .closed
                        .then(|| m.registrants.get(&r.id).copied().unwrap_or(0)),
                    award: award.map(|(f, p, _)| (f.to_string(), *p)),
                    contract: award.and_then(|(_, _, c)| *c),
                }
            })
            .collect();
        let statistics = statistics(&records);
        let items = item_names(
            &self.db,
            statistics
                .by_item
                .iter()
                .filter_map(|s| Uuid::parse_str(&s.key).ok()),
        )
        .await?;
        Ok(MarketReport {
            filter: filter.clone(),
            statistics,
            items,
            elapsed_ms: elapsed_ms(started),
        })
    }

    /// The warnings for a filter, each with the evidence behind it, names resolved
    /// (regulators).
    pub async fn market_warnings(
        &self,
        actor: &Actor,
        filter: &MarketFilter,
    ) -> Result<WarningList> {
        authorize(actor, Permission::WatchMarket)?;
        let started = std::time::Instant::now();
        let m = read_market(&self.db, filter, Bids::Each).await?;
        let after = read_after(&self.db, filter, &m).await?;
        let facts: Vec<ProjectFacts> = m
            .rows
            .iter()
            .filter(|r| r.closed)
            .map(|r| {
                let bids = m.bids.get(&r.id);
                let award = m.awards.get(&r.id);
                ProjectFacts {
                    project: r.id.to_string(),
                    owner: r.owner.to_string(),
                    method: r.method.clone(),
                    bids: bids
                        .map(|b| b.iter().map(|(f, p, _)| (f.to_string(), *p)).collect())
                        .unwrap_or_default(),
                    rejected: bids
                        .map(|b| {
                            b.iter()
                                .filter(|(_, _, rejected)| *rejected)
                                .map(|(f, _, _)| f.to_string())
                                .collect()
                        })
                        .unwrap_or_default(),
                    winner: award.map(|(f, _, _)| f.to_string()),
                    item: r.item.to_string(),
                    province: province_of(&r.region),
                    failed: r.failed_for_bidders,
                    cancelled: r.cancelled,
                    budget_fen: r.budget_fen,
                    award_fen: award.map(|(_, p, _)| *p),
                    day: r.published_on.num_days_from_ce() as i64 - EPOCH_DAYS_FROM_CE,
                    delivery_days: award
                        .and_then(|(f, _, _)| after.delivered.get(&(r.id, *f)).copied()),
                    time_limit_days: after.limits.get(&r.item).copied(),
                    top_rated: award
                        .and_then(|(f, _, _)| after.top_rated.get(&(r.id, *f)).copied()),
                }
            })
            .collect();
        let found = warnings(&facts, &WarningRules::default());
        let warnings = self.name_warnings(&m, &found).await?;
        Ok(WarningList {
            filter: filter.clone(),
            warnings,
            projects: facts.len() as u64,
            elapsed_ms: elapsed_ms(started),
        })
    }

    async fn name_warnings(&self, m: &Market, found: &[Warning]) -> Result<Vec<WarningView>> {
        let id = |s: &str| Uuid::parse_str(s).unwrap_or_default();
        let mut firm_ids: HashSet<Uuid> = HashSet::new();
        let mut owner_ids: HashSet<Uuid> = HashSet::new();
        let mut item_ids: HashSet<Uuid> = HashSet::new();
        let mut project_ids: HashSet<Uuid> = HashSet::new();
        for w in found {
            firm_ids.extend(w.firms().into_iter().map(id));
            for p in w.projects() {
                let p = id(p);
                project_ids.insert(p);
                if let Some((f, _, _)) = m.awards.get(&p) {
                    firm_ids.insert(*f);
                }
            }
            if let Some(o) = &w.owner {
                owner_ids.insert(id(o));
            }
            if let Some((item, _)) = &w.market {
                item_ids.insert(id(item));
            }
        }
        let firms: HashMap<Uuid, String> = if firm_ids.is_empty() {
            HashMap::new()
        } else {
            crate::store::firms::names(&self.db, firm_ids).await?
        };
        let owners: HashMap<Uuid, String> = if owner_ids.is_empty() {
            HashMap::new()
        } else {
            crate::store::accounts::names(&self.db, owner_ids).await?
        };
        let mut titles: HashMap<Uuid, String> = HashMap::new();
        let project_ids: Vec<Uuid> = project_ids.into_iter().collect();
        for chunk in project_ids.chunks(500) {
            let rows = market::project_titles(&self.db, chunk.iter().copied()).await?;
            titles.extend(rows);
        }
        let items = item_names(&self.db, item_ids).await?;
        let rows: HashMap<Uuid, &Row> = m.rows.iter().map(|r| (r.id, r)).collect();
        let party = |i: Uuid, names: &HashMap<Uuid, String>| Party {
            id: i,
            name: names.get(&i).cloned().unwrap_or_default(),
        };
        let mut out = Vec::with_capacity(found.len());
        for w in found {
            let mut projects: Vec<EvidenceProject> = w
                .projects()
                .iter()
                .map(|p| {
                    let p = id(p);
                    let row = rows.get(&p);
                    EvidenceProject {
                        id: p,
                        title: titles.get(&p).cloned().unwrap_or_default(),
                        published_on: row.map(|r| r.published_on).unwrap_or_default(),
                        method: row.map(|r| r.method.clone()).unwrap_or_default(),
                        winner: m.awards.get(&p).and_then(|(f, _, _)| firms.get(f).cloned()),
                        budget_fen: row.map(|r| r.budget_fen).unwrap_or_default(),
                        award_fen: m.awards.get(&p).map(|(_, price, _)| *price),
                    }
                })
                .collect();
            projects.sort_by(|a, b| a.published_on.cmp(&b.published_on).then(a.id.cmp(&b.id)));
            let v = WarningView {
                key: w.key(),
                kind: w.code(),
                firms: w
                    .firms()
                    .into_iter()
                    .map(|f| party(id(f), &firms))
                    .collect(),
                owner: w.owner.as_deref().map(|o| party(id(o), &owners)),
                item: w.market.as_ref().and_then(|(i, _)| items.get(i).cloned()),
                province: w.market.as_ref().map(|(_, p)| p.clone()),
                wins: w.wins.clone(),
                statistic: w.statistic.clone(),
                projects,
            };
            out.push(v);
        }
        Ok(out)
    }

    /// Opens a case (立案) from a warning: the warning is found again from the data (the key
    /// names it; nothing of its evidence comes from the request), and a complaint in the
    /// regulator's own name is filed against its first firm (or the owner, for repeated
    /// direct awards; or its first project, for failures) with the evidence as its facts, and
    /// accepted at once — the investigation follows as for any complaint.
    pub async fn open_case_from_warning(
        &self,
        actor: &Actor,
        filter: &MarketFilter,
        key: &str,
    ) -> Result<ComplaintView> {
        authorize(actor, Permission::HandleComplaints)?;
        let list = self.market_warnings(actor, filter).await?;
        let w = list
            .warnings
            .iter()
            .find(|w| w.key == key.trim())
            .ok_or_else(|| Error::validation("key", "field.warning.unknown"))?;
        // The owner where one is named (its picks, its projects), else the first firm.
        let (subject, subject_id) = match (w.firms.first(), &w.owner) {
            (_, Some(o)) => ("owner", o.id),
            (Some(f), _) => ("firm", f.id),
            _ => (
                "project",
                w.projects
                    .first()
                    .map(|p| p.id)
                    .ok_or_else(|| Error::validation("key", "field.warning.unknown"))?,
            ),
        };
        let input = ComplaintInput {
            subject: subject.into(),
            subject_id: subject_id.to_string(),
            facts: case_facts(w),
            rule: format!(
                "市场监测预警 {} / market surveillance warning {}",
                w.kind.as_str(),
                w.key
            ),
            contact_name: String::new(),
            contact: String::new(),
        };
        let filed = self.file_complaint(Some(actor), &input, Vec::new()).await?;
        self.handle_complaint(actor, filed.id, ComplaintAction::Accept, "", None)
            .await
    }
}

/// The case's facts: the warning and its evidence, in words and ids (within the complaint's
/// 4,000 characters: the evidence list is cut with a count of what was left out).
fn case_facts(w: &WarningView) -> String {
    let mut s = String::new();
    let _ = write!(s, "预警 {}", w.kind.as_str());
    for f in &w.firms {
        let _ = write!(s, "；机构 {}（{}）", f.name, f.id);
    }
    if let Some(o) = &w.owner {
        let _ = write!(s, "；业主 {}（{}）", o.name, o.id);
    }
    if !w.wins.is_empty() {
        let wins: Vec<String> = w.wins.iter().map(u64::to_string).collect();
        let _ = write!(s, "；中选 {}", wins.join("/"));
    }
    let st = &w.statistic;
    let _ = write!(s, "；统计：{} / {}", st.observed, st.of);
    if let Some(e) = st.expected {
        let _ = write!(s, "，随机或同类预期 {e:.1}");
    }
    if let (Some(p), Some(l)) = (st.p_value, st.level) {
        let _ = write!(s, "，偶然出现的概率 {p:.2e}（判定界限 {l:.2e}）");
    }
    if let Some(x) = st.figure {
        let _ = write!(s, "，指标 {x}");
    }
    let _ = write!(s, "。依据项目 {} 个：", w.projects.len());
    for (i, p) in w.projects.iter().enumerate() {
        let line = format!(
            "\n{} {} {}（{}）{}",
            p.published_on,
            p.method,
            p.title,
            p.id,
            p.winner
                .as_deref()
                .map(|n| format!(" 中选：{n}"))
                .unwrap_or_default()
        );
        if s.chars().count() + line.chars().count() > 3900 {
            let _ = write!(s, "\n……另 {} 个", w.projects.len() - i);
            break;
        }
        s.push_str(&line);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_parse_and_report_every_bad_value() {
        let f = MarketFilter::parse("2026-01-01", "2026-06-30", "", "33").unwrap();
        assert_eq!(f.from, NaiveDate::from_ymd_opt(2026, 1, 1));
        assert!(f.region.is_some() && f.item.is_none());
        assert_eq!(
            MarketFilter::parse("", "", "", "").unwrap(),
            MarketFilter::default()
        );
        let e = MarketFilter::parse("2026-13-01", "x", "nope", "3").unwrap_err();
        let fields: Vec<&str> = e.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["from", "to", "item", "region"]);
        let e = MarketFilter::parse("2026-02-01", "2026-01-31", "", "").unwrap_err();
        assert_eq!(e[0].code, "field.date.before-start");
    }

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_field("-5"), "-5");
        assert_eq!(csv_field("<50%"), "<50%");
    }

    #[test]
    fn the_csv_has_one_number_a_line() {
        let report = MarketReport {
            filter: MarketFilter::default(),
            statistics: statistics(&[]),
            items: BTreeMap::new(),
            elapsed_ms: 0,
        };
        let csv = report.csv();
        assert!(csv.starts_with("\u{feff}table,key,name,measure,value\r\n"));
        assert!(csv.contains("summary,,,projects,0\r\n"));
        assert!(csv.contains("registrants,3–5,,projects,0\r\n"));
        for l in csv.lines().skip(1) {
            assert_eq!(l.split(',').count(), 5, "{l}");
        }
    }
}
