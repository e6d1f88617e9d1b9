//! `GET /credit` (信用公示): the market's credit in public — how many firms hold each grade, the
//! firms suspended from registering and until when, and the credit policy in force. The black
//! list has its own page (`/blacklist`).

use crate::chart::grade_bars;
use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::i18n_ctx::T;
use crate::layout::Layout;
use crate::views::{day, grade_class, last_day};
use askama::Template;
use poem::http::StatusCode;
use poem::{Response, handler};
use zjcs_domain::rules::credit::Grade;
use zjcs_domain::rules::credit_ledger::CreditPolicy;
use zjcs_domain::service::credit::PolicyView;

pub(crate) struct GradeRow {
    pub grade: &'static str,
    pub grade_class: String,
    pub count: u64,
}

pub(crate) struct SuspendedRow {
    pub href: String,
    pub name: String,
    pub credit_code: String,
    pub grade: &'static str,
    pub grade_class: String,
    pub score: i32,
    /// `None`: the period is over and a credit repair is awaited.
    pub until: Option<String>,
    /// Why it may not take part, in words with its last day (the gravest bar).
    pub why: String,
}

/// The policy in force, in words.
pub(crate) struct PolicySummary {
    pub version: u32,
    pub adopted: Option<String>,
    /// `A ≥ 90 · B ≥ 80 · C ≥ 70 · D ≥ 60 · E < 60`.
    pub lines: String,
    pub base: i32,
    pub window: String,
    pub suspension: String,
    pub blacklist: String,
}

impl PolicySummary {
    pub fn new(t: T, v: &PolicyView) -> PolicySummary {
        let p: &CreditPolicy = &v.policy;
        let months = |n: u32| t.fill("credit.policy.months", "n", n);
        PolicySummary {
            version: p.version,
            adopted: v.adopted_at.map(day),
            lines: grade_lines(p.lines),
            base: p.base,
            window: t.fill_all(
                "credit.policy.window-text",
                &[
                    ("full", &p.full_weight_months.to_string()),
                    ("window", &p.window_months.to_string()),
                    ("percent", &p.older_weight_percent.to_string()),
                ],
            ),
            suspension: months(p.suspension_months),
            blacklist: months(p.blacklist_months),
        }
    }
}

/// The grade lines as one line of text.
pub fn grade_lines(lines: [i32; 4]) -> String {
    let mut parts: Vec<String> = lines
        .iter()
        .zip(Grade::ALL)
        .map(|(l, g)| format!("{} ≥ {l}", g.as_str()))
        .collect();
    parts.push(format!("E < {}", lines[3]));
    parts.join(" · ")
}

#[derive(Template)]
#[template(path = "credit.html")]
struct CreditPage {
    t: T,
    layout: Layout,
    chart: String,
    grades: Vec<GradeRow>,
    total: u64,
    suspended: Vec<SuspendedRow>,
    policy: PolicySummary,
}

/// The public credit page.
#[handler]
pub async fn show(ctx: Ctx) -> Result<Response, PageError> {
    let market = ctx.services().credit_market().await?;
    let policy = ctx.services().credit_policy().await?;
    let summary = ctx.t.fill(
        "credit.market.chart-summary",
        "counts",
        market
            .grades
            .iter()
            .map(|(g, n)| format!("{} {n}", g.as_str()))
            .collect::<Vec<_>>()
            .join(ctx.t.get("punct.list-sep")),
    );
    let page = CreditPage {
        t: ctx.t,
        layout: ctx.layout(None),
        chart: grade_bars(&market.grades, &summary),
        total: market.grades.iter().map(|(_, n)| n).sum(),
        grades: market
            .grades
            .iter()
            .map(|(g, n)| GradeRow {
                grade: g.as_str(),
                grade_class: grade_class(g.as_str()),
                count: *n,
            })
            .collect(),
        suspended: market
            .suspended
            .iter()
            .map(|f| SuspendedRow {
                href: format!("/firms/{}", f.firm_id),
                name: f.name.clone(),
                credit_code: f.credit_code.clone(),
                grade: f.grade.as_str(),
                grade_class: grade_class(f.grade.as_str()),
                score: f.score,
                until: f.until.map(last_day),
                why: f
                    .bar
                    .as_ref()
                    .map(|b| super::firm_credit::bar_text(ctx.t, b))
                    .unwrap_or_default(),
            })
            .collect(),
        policy: PolicySummary::new(ctx.t, &policy),
    };
    Ok(ctx.render(&page, StatusCode::OK))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grade_lines_read_top_down() {
        assert_eq!(
            grade_lines([90, 80, 70, 60]),
            "A ≥ 90 · B ≥ 80 · C ≥ 70 · D ≥ 60 · E < 60"
        );
    }
}
