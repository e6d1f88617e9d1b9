//! The regulators' market surveillance (市场监测): `GET /market`, the statistics of a period,
//! item and region with charts and tables; `GET /market/statistics.csv`, the same as CSV;
//! `GET /market/warnings`, the warnings with the evidence behind each; and
//! `POST /market/warnings/cases`, opening a case from one.

use crate::chart::{labelled_bars, month_columns};
use crate::ctx::{Ctx, see_other};
use crate::errors::PageError;
use crate::forms::{FieldProblems, FormFields, PageForm};
use crate::i18n_ctx::T;
use crate::layout::{Layout, query_string};
use crate::money::yuan;
use crate::pages::projects::method_key;
use crate::views::{Choice, date, item_choices, province_choices, province_name};
use askama::Template;
use poem::http::{StatusCode, header};
use poem::web::Query;
use poem::{Response, handler};
use serde::Deserialize;
use zjcs_domain::error::Error;
use zjcs_domain::model::firm::province;
use zjcs_domain::rules::market::Bucket;
use zjcs_domain::rules::surveillance::WarningKind;
use zjcs_domain::service::surveillance::{MarketFilter, MarketReport, WarningView};

/// The filter form, as the query string (or the case form) carries it.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct MarketForm {
    from: String,
    to: String,
    item: String,
    region: String,
}

impl MarketForm {
    fn of(f: &FormFields) -> MarketForm {
        MarketForm {
            from: f.string("from"),
            to: f.string("to"),
            item: f.string("item"),
            region: f.string("region"),
        }
    }

    fn query(&self) -> String {
        query_string(&[
            ("from", self.from.as_str()),
            ("to", &self.to),
            ("item", &self.item),
            ("region", &self.region),
        ])
    }

    fn parse(&self) -> Result<MarketFilter, Vec<zjcs_domain::error::FieldError>> {
        MarketFilter::parse(&self.from, &self.to, &self.item, &self.region)
    }
}

fn label_of(field: &str) -> &'static str {
    match field {
        "from" => "market.filter.from",
        "to" => "market.filter.to",
        "item" => "directory.item",
        "region" => "directory.region",
        "key" => "market.warnings.title",
        _ => "market.title",
    }
}

/// The filter form's options and values.
pub(crate) struct FilterView {
    from: String,
    to: String,
    items: Vec<Choice>,
    provinces: Vec<Choice>,
    /// The filters as a query string (for the CSV link and the other page).
    query: String,
}

async fn filter_view(ctx: &Ctx, form: &MarketForm) -> Result<FilterView, PageError> {
    let items = ctx.services().list_items(true).await?;
    Ok(FilterView {
        from: form.from.clone(),
        to: form.to.clone(),
        items: item_choices(ctx.lang, &items, &form.item),
        provinces: province_choices(ctx.lang, &form.region),
        query: form.query(),
    })
}

struct Figure {
    label: &'static str,
    value: String,
}

struct MonthRow {
    month: String,
    projects: u64,
    contracts: u64,
    value: String,
}

struct ShareRow {
    name: String,
    awards: u64,
    value: String,
    top5: String,
    hhi: String,
    /// HHI above 2,500: a highly concentrated market.
    high: bool,
}

struct Stats {
    figures: Vec<Figure>,
    months_chart: String,
    months: Vec<MonthRow>,
    methods_chart: String,
    registrants_chart: String,
    price_chart: String,
    days_chart: String,
    /// By item, then by province: the caption's key and the rows.
    concentration: Vec<(&'static str, Vec<ShareRow>)>,
    elapsed_ms: u64,
}

const COLOUR: &str = "#1f4e79";

fn bucket_rows(b: &[Bucket]) -> Vec<(String, u64)> {
    b.iter().map(|b| (b.label.to_owned(), b.count)).collect()
}

fn percent(v: f64) -> String {
    format!("{:.1}%", v * 100.0)
}

fn stats(t: T, r: &MarketReport) -> Stats {
    let s = &r.statistics;
    let mean = |v: Option<f64>, unit: &str| v.map_or("—".into(), |v| format!("{v:.1}{unit}"));
    let figures = vec![
        Figure {
            label: "market.fig.projects",
            value: s.projects.to_string(),
        },
        Figure {
            label: "market.fig.budget",
            value: yuan(s.budget_fen),
        },
        Figure {
            label: "market.fig.awarded",
            value: s.awarded.to_string(),
        },
        Figure {
            label: "market.fig.contracts",
            value: s.contracts.to_string(),
        },
        Figure {
            label: "market.fig.contract-value",
            value: yuan(s.contract_value_fen),
        },
        Figure {
            label: "market.fig.failed",
            value: s.failed.to_string(),
        },
        Figure {
            label: "market.fig.registrants-mean",
            value: mean(s.registrants_mean, ""),
        },
        Figure {
            label: "market.fig.price-mean",
            value: mean(s.price_to_budget_mean, "%"),
        },
        Figure {
            label: "market.fig.days-median",
            value: s
                .days_to_contract_median
                .map_or("—".into(), |d| t.fill("market.days", "n", d)),
        },
    ];
    let months: Vec<(String, u64)> = s
        .months
        .iter()
        .map(|m| (m.month.clone(), m.projects))
        .collect();
    let methods: Vec<(String, u64)> = s
        .methods
        .iter()
        .map(|(m, n)| (t.get(method_code_key(m)).to_owned(), *n))
        .collect();
    let share = |name: String, m: &zjcs_domain::rules::market::MarketShare| ShareRow {
        name,
        awards: m.projects,
        value: yuan(m.value_fen),
        top5: percent(m.concentration.top5_share),
        hhi: format!("{:.0}", m.concentration.hhi),
        high: m.concentration.hhi > 2_500.0,
    };
    let summary = |key: &str, rows: &[(String, u64)]| {
        t.fill(
            key,
            "counts",
            rows.iter()
                .map(|(l, n)| format!("{l} {n}"))
                .collect::<Vec<_>>()
                .join(t.get("punct.list-sep")),
        )
    };
    let registrants = bucket_rows(&s.registrants);
    let price = bucket_rows(&s.price_to_budget);
    let days = bucket_rows(&s.days_to_contract);
    Stats {
        figures,
        months_chart: month_columns(&months, &summary("market.chart.months", &months), COLOUR),
        months: s
            .months
            .iter()
            .map(|m| MonthRow {
                month: m.month.clone(),
                projects: m.projects,
                contracts: m.contracts,
                value: yuan(m.contract_value_fen),
            })
            .collect(),
        methods_chart: labelled_bars(&methods, &summary("market.chart.methods", &methods), COLOUR),
        registrants_chart: labelled_bars(
            &registrants,
            &summary("market.chart.registrants", &registrants),
            COLOUR,
        ),
        price_chart: labelled_bars(&price, &summary("market.chart.price", &price), COLOUR),
        days_chart: labelled_bars(&days, &summary("market.chart.days", &days), COLOUR),
        concentration: vec![
            (
                "market.by-item",
                s.by_item
                    .iter()
                    .map(|m| {
                        let name = r
                            .items
                            .get(&m.key)
                            .map(|i| crate::views::item_names(t.lang, &i.name, &i.name_en).0)
                            .unwrap_or_else(|| m.key.clone());
                        share(name, m)
                    })
                    .collect(),
            ),
            (
                "market.by-province",
                s.by_province
                    .iter()
                    .map(|m| {
                        let (zh, en) = province(&m.key).unwrap_or(("", ""));
                        share(province_name(t.lang, zh, en), m)
                    })
                    .collect(),
            ),
        ],
        elapsed_ms: r.elapsed_ms,
    }
}

#[derive(Template)]
#[template(path = "market.html")]
struct StatisticsPage {
    t: T,
    layout: Layout,
    filter: FilterView,
    problems: FieldProblems,
    stats: Option<Stats>,
}

/// `GET /market`: the statistics (regulators); a refused filter shows the form with its
/// problems.
#[handler]
pub async fn statistics(ctx: Ctx, Query(form): Query<MarketForm>) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    let (stats, problems, status) = match form.parse() {
        Ok(f) => {
            let r = ctx.services().market_statistics(&actor, &f).await?;
            (
                Some(stats(ctx.t, &r)),
                FieldProblems::default(),
                StatusCode::OK,
            )
        }
        Err(errors) => (
            None,
            FieldProblems::from_field_errors(ctx.t, &errors, label_of),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    };
    let page = StatisticsPage {
        t: ctx.t,
        layout: ctx.layout(None),
        filter: filter_view(&ctx, &form).await?,
        problems,
        stats,
    };
    Ok(ctx.render(&page, status))
}

/// `GET /market/statistics.csv`: the statistics as CSV (regulators); a refused filter is the
/// statistics page with its problems.
#[handler]
pub async fn csv(ctx: Ctx, Query(form): Query<MarketForm>) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    match form.parse() {
        Ok(f) => {
            let r = ctx.services().market_statistics(&actor, &f).await?;
            Ok(Response::builder()
                .status(StatusCode::OK)
                .content_type("text/csv; charset=utf-8")
                .header(
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"market-statistics.csv\"",
                )
                .header(header::CACHE_CONTROL, "private, no-store")
                .body(r.csv()))
        }
        Err(_) => Ok(see_other(&format!("/market?{}", form.query()))),
    }
}

struct Party {
    href: String,
    name: String,
}

struct Evidence {
    href: String,
    title: String,
    published: String,
    method: &'static str,
    winner: String,
    budget: String,
    award: String,
}

struct WarningRow {
    key: String,
    kind: String,
    /// One line in words: who, how often, against what chance gives.
    summary: String,
    /// The statistic in words: the test's probability and bound, or that it is a red flag.
    statistic: String,
    firms: Vec<Party>,
    owner: Option<Party>,
    evidence: Vec<Evidence>,
}

/// A probability in plain digits where that is short, else as `3.0e-7`.
fn probability(p: f64) -> String {
    if p >= 0.001 {
        format!("{p:.4}")
    } else {
        format!("{p:.1e}")
    }
}

fn warning_row(t: T, w: &WarningView) -> WarningRow {
    let names: Vec<&str> = w.firms.iter().map(|f| f.name.as_str()).collect();
    let firms = names.join(t.get("punct.list-sep"));
    let firm = names.first().copied().unwrap_or("");
    let owner = w.owner.as_ref().map(|o| o.name.as_str()).unwrap_or("");
    let st = &w.statistic;
    let n = st.observed.to_string();
    let of = st.of.to_string();
    let expected = format!("{:.1}", st.expected.unwrap_or(0.0));
    let figure = st.figure.unwrap_or(0);
    let item = w
        .item
        .as_ref()
        .map(|i| crate::views::item_names(t.lang, &i.name, &i.name_en).0)
        .unwrap_or_default();
    let (zh, en) = province(w.province.as_deref().unwrap_or("")).unwrap_or(("", ""));
    let region = province_name(t.lang, zh, en);
    let key = format!("market.warning.{}.text", w.kind.as_str());
    let vars: Vec<(&str, String)> = match w.kind {
        WarningKind::BidRotation => vec![
            ("firms", firms.clone()),
            ("n", of.clone()),
            ("joint", n.clone()),
            (
                "wins",
                w.wins
                    .iter()
                    .map(u64::to_string)
                    .collect::<Vec<_>>()
                    .join("/"),
            ),
            ("expected", expected.clone()),
        ],
        WarningKind::IdenticalBids => vec![("firms", firms.clone()), ("n", n.clone())],
        WarningKind::RepeatedDirect => vec![
            ("owner", owner.to_owned()),
            ("firm", firm.to_owned()),
            ("n", n.clone()),
            ("of", of.clone()),
            ("pool", figure.to_string()),
            ("expected", expected.clone()),
        ],
        WarningKind::DominantFirm => vec![
            ("firm", firm.to_owned()),
            ("wins", n.clone()),
            ("bids", of.clone()),
            ("expected", expected.clone()),
        ],
        WarningKind::RepeatedFailures => vec![
            ("item", item.clone()),
            ("region", region.clone()),
            ("n", n.clone()),
            ("of", of.clone()),
            ("expected", expected.clone()),
        ],
        WarningKind::SplitPurchase => vec![
            ("owner", owner.to_owned()),
            ("item", item.clone()),
            ("n", n.clone()),
            ("days", of.clone()),
            ("total", yuan(figure)),
        ],
        WarningKind::CoverBidding => vec![
            ("firm", firm.to_owned()),
            ("n", n.clone()),
            ("margin", format!("{:.1}", figure as f64 / 10.0)),
        ],
        WarningKind::FailedThenDirect => vec![
            ("owner", owner.to_owned()),
            ("firm", firm.to_owned()),
            ("days", figure.to_string()),
        ],
        WarningKind::FastDelivery => vec![
            ("firm", firm.to_owned()),
            ("n", n.clone()),
            ("of", of.clone()),
            ("percent", figure.to_string()),
            ("expected", expected.clone()),
        ],
        WarningKind::RatingAnomaly => vec![
            ("owner", owner.to_owned()),
            ("firm", firm.to_owned()),
            ("n", n.clone()),
            ("of", of.clone()),
            ("expected", expected.clone()),
        ],
        WarningKind::OthersRejected
        | WarningKind::LowestRejected
        | WarningKind::SingleBidder
        | WarningKind::AwardAtBudget => vec![
            ("owner", owner.to_owned()),
            ("n", n.clone()),
            ("of", of.clone()),
            ("expected", expected.clone()),
        ],
    };
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let summary = t.fill_all(&key, &vars);
    let statistic = match (st.p_value, st.level) {
        (Some(p), Some(level)) => t.fill_all(
            "market.warning.statistic",
            &[("p", &probability(p)), ("level", &probability(level))],
        ),
        _ => t.get("market.warning.red-flag").to_owned(),
    };
    WarningRow {
        key: w.key.clone(),
        kind: format!("market.warning.{}", w.kind.as_str()),
        summary,
        statistic,
        firms: w
            .firms
            .iter()
            .map(|f| Party {
                href: format!("/console/firms/{}", f.id),
                name: f.name.clone(),
            })
            .collect(),
        owner: w.owner.as_ref().map(|o| Party {
            href: format!("/console/owners/{}", o.id),
            name: o.name.clone(),
        }),
        evidence: w
            .projects
            .iter()
            .map(|p| Evidence {
                href: format!("/projects/{}", p.id),
                title: p.title.clone(),
                published: date(p.published_on),
                method: method_code_key(&p.method),
                winner: p.winner.clone().unwrap_or_default(),
                budget: yuan(p.budget_fen),
                award: p.award_fen.map(yuan).unwrap_or_default(),
            })
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "market_warnings.html")]
struct WarningsPage {
    t: T,
    layout: Layout,
    filter: FilterView,
    problems: FieldProblems,
    /// Opened projects examined; none when the filter was refused.
    examined: Option<u64>,
    rows: Vec<WarningRow>,
    elapsed_ms: u64,
}

async fn render_warnings(
    ctx: &Ctx,
    form: &MarketForm,
    problems: FieldProblems,
) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    let (list, problems, status) = match form.parse() {
        Ok(f) => {
            let l = ctx.services().market_warnings(&actor, &f).await?;
            let status = if problems.any() {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::OK
            };
            (Some(l), problems, status)
        }
        Err(errors) => (
            None,
            FieldProblems::from_field_errors(ctx.t, &errors, label_of),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    };
    let page = WarningsPage {
        t: ctx.t,
        layout: ctx.layout(None),
        filter: filter_view(ctx, form).await?,
        problems,
        examined: list.as_ref().map(|l| l.projects),
        rows: list
            .as_ref()
            .map(|l| l.warnings.iter().map(|w| warning_row(ctx.t, w)).collect())
            .unwrap_or_default(),
        elapsed_ms: list.map_or(0, |l| l.elapsed_ms),
    };
    Ok(ctx.render(&page, status))
}

/// `GET /market/warnings`: the warnings with their evidence (regulators).
#[handler]
pub async fn warnings(ctx: Ctx, Query(form): Query<MarketForm>) -> Result<Response, PageError> {
    render_warnings(&ctx, &form, FieldProblems::default()).await
}

/// `POST /market/warnings/cases` (`key` and the filters it was found under): opens a case from
/// a warning and shows the case; a warning no longer found shows the warnings again, saying so.
#[handler]
pub async fn open_case(ctx: Ctx, PageForm(f): PageForm<FormFields>) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    ctx.check_csrf(f.csrf())?;
    let form = MarketForm::of(&f);
    let r = match form.parse() {
        Ok(filter) => {
            ctx.services()
                .open_case_from_warning(&actor, &filter, f.get("key"))
                .await
        }
        Err(errors) => Err(Error::Validation(errors)),
    };
    match r {
        Ok(case) => Ok(see_other(&format!(
            "/complaints/{}?notice=case-opened",
            case.id
        ))),
        Err(e) => match FieldProblems::from_error(ctx.t, &e, label_of) {
            Some((problems, _)) => render_warnings(&ctx, &form, problems).await,
            None => Err(e.into()),
        },
    }
}

/// The label of a method the statistics carry by its code (the surveillance rules work on codes
/// read from validated rows; an unknown one is labelled as a method, not guessed).
fn method_code_key(code: &str) -> &'static str {
    zjcs_domain::model::project::MethodKind::parse(code).map_or("project.method", method_key)
}
