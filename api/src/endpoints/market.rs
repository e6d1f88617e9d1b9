//! `/market` (市场监测), for regulators: the statistics of a period, item and region (JSON and
//! CSV), the warnings with the evidence behind each, and opening a case from a warning.

use super::ApiTags;
use super::complaints::Complaint;
use crate::auth::BearerAuth;
use crate::problem::ApiResult;
use crate::strict_json::StrictJson;
use chrono::NaiveDate;
use poem_openapi::param::Query;
use poem_openapi::payload::{Json, PlainText};
use poem_openapi::{ApiResponse, Enum, Object, OpenApi};
use uuid::Uuid;
use zjcs_domain::error::Error;
use zjcs_domain::rules::market::Bucket;
use zjcs_domain::service::Services;
use zjcs_domain::service::surveillance::{self as svc, MarketFilter};

pub struct MarketApi {
    pub services: Services,
}

/// One bar of a histogram.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct HistogramBar {
    /// Language-neutral, e.g. `3–5`, `<50%`, `≤10`.
    pub label: String,
    pub count: u64,
}

fn bars(b: &[Bucket]) -> Vec<HistogramBar> {
    b.iter()
        .map(|b| HistogramBar {
            label: b.label.to_owned(),
            count: b.count,
        })
        .collect()
}

/// A month's projects (by publication) and their contracts.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct MonthFigures {
    /// `YYYY-MM`.
    pub month: String,
    pub projects: u64,
    pub contracts: u64,
    pub contract_value_fen: i64,
}

/// Projects by selection method.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct MethodCount {
    pub method: String,
    pub projects: u64,
}

/// Awards in one item or province and how concentrated they are.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct MarketConcentration {
    /// The item's id or the province's two-digit prefix.
    pub key: String,
    /// The item's or the province's name (Chinese).
    pub name: String,
    pub awards: u64,
    pub value_fen: i64,
    /// The five largest firms' share of the value, 0–1.
    pub top5_share: f64,
    /// Herfindahl–Hirschman index, 0–10,000.
    pub hhi: f64,
}

/// The market's statistics for the filters asked.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct MarketStatistics {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub item: Option<Uuid>,
    pub region: Option<String>,
    /// Projects published (drafts never count).
    pub projects: u64,
    pub budget_fen: i64,
    /// Failed for lack of bidders.
    pub failed: u64,
    pub awarded: u64,
    pub contracts: u64,
    pub contract_value_fen: i64,
    pub months: Vec<MonthFigures>,
    pub methods: Vec<MethodCount>,
    /// Registrants per opened project.
    pub registrants: Vec<HistogramBar>,
    pub registrants_mean: Option<f64>,
    /// Award price as a share of the budget.
    pub price_to_budget: Vec<HistogramBar>,
    /// Percent.
    pub price_to_budget_mean: Option<f64>,
    /// Calendar days from publication to the signed contract.
    pub days_to_contract: Vec<HistogramBar>,
    pub days_to_contract_median: Option<i64>,
    pub by_item: Vec<MarketConcentration>,
    pub by_province: Vec<MarketConcentration>,
    /// Milliseconds the server spent.
    pub elapsed_ms: u64,
}

impl From<svc::MarketReport> for MarketStatistics {
    fn from(r: svc::MarketReport) -> Self {
        let s = &r.statistics;
        let share =
            |m: &zjcs_domain::rules::market::MarketShare, name: String| MarketConcentration {
                key: m.key.clone(),
                name,
                awards: m.projects,
                value_fen: m.value_fen,
                top5_share: m.concentration.top5_share,
                hhi: m.concentration.hhi,
            };
        MarketStatistics {
            from: r.filter.from,
            to: r.filter.to,
            item: r.filter.item,
            region: r.filter.region.as_ref().map(|p| p.as_str().to_owned()),
            projects: s.projects,
            budget_fen: s.budget_fen,
            failed: s.failed,
            awarded: s.awarded,
            contracts: s.contracts,
            contract_value_fen: s.contract_value_fen,
            months: s
                .months
                .iter()
                .map(|m| MonthFigures {
                    month: m.month.clone(),
                    projects: m.projects,
                    contracts: m.contracts,
                    contract_value_fen: m.contract_value_fen,
                })
                .collect(),
            methods: s
                .methods
                .iter()
                .map(|(m, n)| MethodCount {
                    method: m.clone(),
                    projects: *n,
                })
                .collect(),
            registrants: bars(&s.registrants),
            registrants_mean: s.registrants_mean,
            price_to_budget: bars(&s.price_to_budget),
            price_to_budget_mean: s.price_to_budget_mean,
            days_to_contract: bars(&s.days_to_contract),
            days_to_contract_median: s.days_to_contract_median,
            by_item: s
                .by_item
                .iter()
                .map(|m| {
                    share(
                        m,
                        r.items
                            .get(&m.key)
                            .map(|i| i.name.clone())
                            .unwrap_or_default(),
                    )
                })
                .collect(),
            by_province: s
                .by_province
                .iter()
                .map(|m| share(m, svc::province_name(&m.key).0.to_owned()))
                .collect(),
            elapsed_ms: r.elapsed_ms,
        }
    }
}

/// A firm or an owner a warning names.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct WarningParty {
    pub id: Uuid,
    pub name: String,
}

/// A project behind a warning.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct WarningEvidence {
    pub project_id: Uuid,
    pub title: String,
    pub published_on: NaiveDate,
    pub method: String,
    pub winner: Option<String>,
    pub budget_fen: i64,
    /// The standing award's price.
    pub award_fen: Option<i64>,
}

/// The statistic behind a warning: what was seen, against what chance (or the other owners'
/// or markets' rate) gives, and how unlikely that is.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct WarningStatistic {
    /// What was seen (joint wins, picks, projects, lost bids…)…
    pub observed: u64,
    /// …out of how many.
    pub of: u64,
    /// What chance (or the rate across all owners, firms or markets) gives for `observed`.
    pub expected: Option<f64>,
    /// The probability of `observed` or more by chance, before the correction for the number
    /// of tests (statistical warnings only).
    pub p_value: Option<f64>,
    /// The bound `p_value` had to be under: the family-wise level (0.8 % per market for all
    /// the tests together, half of it for rotation) divided by the tests that could reach it
    /// (Tarone).
    pub level: Option<f64>,
    /// The kind's own figure: `split-purchase` the run's total budget (fen); `cover-bidding`
    /// the mean margin over the winner (‰); `failed-then-direct` the days between;
    /// `repeated-direct` the firms a pick was among; `fast-delivery` the share of the time
    /// limit (%) under which a result counts as fast.
    pub figure: Option<i64>,
}

/// A warning: a reason to look, with the evidence behind it.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct MarketWarning {
    /// Names the warning among those of the same filters (to open a case from it).
    pub key: String,
    pub kind: WarningKindDto,
    pub firms: Vec<WarningParty>,
    pub owner: Option<WarningParty>,
    /// Repeated failures, split purchases: the item and the province.
    pub item: Option<Uuid>,
    pub item_name: Option<String>,
    pub province: Option<String>,
    /// Bid rotation: each firm's wins; dominant firm: its wins.
    pub wins: Vec<u64>,
    pub statistic: WarningStatistic,
    pub projects: Vec<WarningEvidence>,
}

impl From<svc::WarningView> for MarketWarning {
    fn from(w: svc::WarningView) -> Self {
        let party = |p: svc::Party| WarningParty {
            id: p.id,
            name: p.name,
        };
        MarketWarning {
            key: w.key,
            kind: w.kind.into(),
            firms: w.firms.into_iter().map(party).collect(),
            owner: w.owner.map(party),
            item: w.item.as_ref().map(|i| i.id),
            item_name: w.item.map(|i| i.name),
            province: w.province,
            wins: w.wins,
            statistic: WarningStatistic {
                observed: w.statistic.observed,
                of: w.statistic.of,
                expected: w.statistic.expected,
                p_value: w.statistic.p_value,
                level: w.statistic.level,
                figure: w.statistic.figure,
            },
            projects: w
                .projects
                .into_iter()
                .map(|p| WarningEvidence {
                    project_id: p.id,
                    title: p.title,
                    published_on: p.published_on,
                    method: p.method,
                    winner: p.winner,
                    budget_fen: p.budget_fen,
                    award_fen: p.award_fen,
                })
                .collect(),
        }
    }
}

/// The warnings for the filters asked.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct MarketWarnings {
    /// Opened projects examined.
    pub projects: u64,
    pub warnings: Vec<MarketWarning>,
    pub elapsed_ms: u64,
}

/// Open a case from a warning: its key, with the filters it was found under.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
#[oai(deny_unknown_fields)]
pub struct CaseFromWarning {
    pub key: String,
    #[oai(default)]
    pub from: String,
    #[oai(default)]
    pub to: String,
    #[oai(default)]
    pub item: String,
    #[oai(default)]
    pub region: String,
}

#[derive(ApiResponse)]
pub enum StatisticsResponse {
    #[oai(status = 200)]
    Ok(Json<MarketStatistics>),
}

#[derive(ApiResponse)]
pub enum CsvResponse {
    /// `table,key,name,measure,value`, one number a line, UTF-8 with a byte-order mark.
    #[oai(status = 200, content_type = "text/csv; charset=utf-8")]
    Ok(
        PlainText<String>,
        #[oai(header = "content-disposition")] String,
    ),
}

#[derive(ApiResponse)]
pub enum WarningsResponse {
    #[oai(status = 200)]
    Ok(Json<MarketWarnings>),
}

#[derive(ApiResponse)]
pub enum CaseCreated {
    /// The case, accepted and on the regulators' queue.
    #[oai(status = 201)]
    Created(Json<Complaint>),
}

fn filter(from: &str, to: &str, item: &str, region: &str) -> Result<MarketFilter, Error> {
    MarketFilter::parse(from, to, item, region).map_err(Error::Validation)
}

#[OpenApi(prefix_path = "/market", tag = "ApiTags::Market")]
impl MarketApi {
    /// The market's statistics: projects, contract value, methods, registrants, award price
    /// against budget, days to contract, concentration by item and province (regulators)
    #[oai(
        path = "/statistics",
        method = "get",
        operation_id = "getMarketStatistics"
    )]
    async fn statistics(
        &self,
        auth: BearerAuth,
        /// First day of publication (YYYY-MM-DD, China).
        #[oai(default)]
        from: Query<String>,
        /// Last day of publication, included.
        #[oai(default)]
        to: Query<String>,
        /// A catalogue item's id.
        #[oai(default)]
        item: Query<String>,
        /// A region code or prefix (province `33`, city `3301`, county `330106`).
        #[oai(default)]
        region: Query<String>,
    ) -> ApiResult<StatisticsResponse> {
        let who = auth.resolve(&self.services).await?;
        let f = filter(&from, &to, &item, &region)?;
        let r = self.services.market_statistics(&who.actor, &f).await?;
        Ok(StatisticsResponse::Ok(Json(r.into())))
    }

    /// The same statistics as CSV (regulators)
    #[oai(
        path = "/statistics.csv",
        method = "get",
        operation_id = "exportMarketStatistics"
    )]
    async fn csv(
        &self,
        auth: BearerAuth,
        #[oai(default)] from: Query<String>,
        #[oai(default)] to: Query<String>,
        #[oai(default)] item: Query<String>,
        #[oai(default)] region: Query<String>,
    ) -> ApiResult<CsvResponse> {
        let who = auth.resolve(&self.services).await?;
        let f = filter(&from, &to, &item, &region)?;
        let r = self.services.market_statistics(&who.actor, &f).await?;
        Ok(CsvResponse::Ok(
            PlainText(r.csv()),
            "attachment; filename=\"market-statistics.csv\"".into(),
        ))
    }

    /// Warnings with their evidence and statistic: bid-rotation rings, identical bids, repeated
    /// direct awards, firms winning far above chance, failing markets, split purchases, cover
    /// bidding, failed-then-direct, rejections, single bidders, awards at the budget
    /// (regulators)
    #[oai(
        path = "/warnings",
        method = "get",
        operation_id = "listMarketWarnings"
    )]
    async fn warnings(
        &self,
        auth: BearerAuth,
        #[oai(default)] from: Query<String>,
        #[oai(default)] to: Query<String>,
        #[oai(default)] item: Query<String>,
        #[oai(default)] region: Query<String>,
    ) -> ApiResult<WarningsResponse> {
        let who = auth.resolve(&self.services).await?;
        let f = filter(&from, &to, &item, &region)?;
        let l = self.services.market_warnings(&who.actor, &f).await?;
        Ok(WarningsResponse::Ok(Json(MarketWarnings {
            projects: l.projects,
            warnings: l.warnings.into_iter().map(Into::into).collect(),
            elapsed_ms: l.elapsed_ms,
        })))
    }

    /// Open a case from a warning: a complaint in the regulator's name against the warning's
    /// firm (or owner, or project), its evidence as the facts, accepted at once (regulators)
    #[oai(
        path = "/warnings/cases",
        method = "post",
        operation_id = "openCaseFromWarning"
    )]
    async fn open_case(
        &self,
        auth: BearerAuth,
        body: StrictJson<CaseFromWarning>,
    ) -> ApiResult<CaseCreated> {
        let who = auth.resolve(&self.services).await?;
        let b = body.0;
        let f = filter(&b.from, &b.to, &b.item, &b.region)?;
        let v = self
            .services
            .open_case_from_warning(&who.actor, &f, &b.key)
            .await?;
        Ok(CaseCreated::Created(Json(v.into())))
    }
}

/// The pattern a market warning found. Tests with a stated error rate (all of them together
/// raise a false warning in at most 1 % of honest markets):
/// - `bid-rotation` (轮流中标): 2–5 firms that, on the projects they all bid on, win together
///   far more often than their number among the bidders gives, each winning some;
/// - `repeated-direct` (反复直接选取): an owner's direct picks go to one firm far more often
///   than a pick among the market's firms gives;
/// - `dominant-firm` (异常高中标率): one firm wins far more than `1/bidders` gives;
/// - `repeated-failures` (反复流标): one item and province fail for lack of bidders far more
///   often than the other markets;
/// - `others-rejected` (除中选人外均被否决): an owner rejects every bid but the winner's far
///   more often than other owners;
/// - `lowest-rejected` (最低价被否决): where price alone decides, an owner rejects the lowest
///   bid far more often than other owners;
/// - `single-bidder` (单一报名): an owner's competitive projects draw a single bidder far more
///   often than other owners';
/// - `award-at-budget` (中选价贴近预算): an owner's priced awards come at ≥ 98 % of the budget
///   far more often than other owners';
/// - `fast-delivery` (交付异常快速): a firm hands in results in under 15 % of the catalogue's
///   time limit far more often than other firms;
/// - `rating-anomaly` (评价异常): an owner gives one firm top marks on every rating far more
///   often than owners rate firms so elsewhere.
///
/// Red flags raised on sight:
/// - `identical-bids` (报价雷同): two firms bid the same price on two or more projects;
/// - `split-purchase` (拆分采购): one owner buys one item in five or more projects within 90
///   days, each at 80–100 % of the direct-selection threshold, together over it;
/// - `cover-bidding` (陪标): a firm loses six or more priced bids, never wins, and sits a
///   steady margin (≥ 3 %, within 6 points) above the winner;
/// - `failed-then-direct` (流标后直接选取): a failed or cancelled competitive project followed
///   within 30 days by the owner's direct award of the same item, at ≥ 80 % of its budget, to
///   one of its registrants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(
    rename_all = "kebab-case",
    remote = "zjcs_domain::rules::surveillance::WarningKind"
)]
pub enum WarningKindDto {
    BidRotation,
    IdenticalBids,
    RepeatedDirect,
    DominantFirm,
    RepeatedFailures,
    SplitPurchase,
    CoverBidding,
    FailedThenDirect,
    OthersRejected,
    LowestRejected,
    SingleBidder,
    AwardAtBudget,
    FastDelivery,
    RatingAnomaly,
}
