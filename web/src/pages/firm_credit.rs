//! The credit section of a firm's public page (信用): grade, score and standing, the public
//! warning for grade D, the score's history as a chart, and the public ledger; and for a
//! regulator, the form that records a manual adjustment or a veto item
//! (`POST /firms/:id/credit-events`).

use crate::chart::ScoreChart;
use crate::ctx::{Ctx, see_other};
use crate::errors::PageError;
use crate::forms::{FieldProblems, PageForm};
use crate::i18n_ctx::T;
use crate::pages::catalogue::path_id;
use crate::time::shanghai;
use crate::views::{Choice, day, grade_class, last_day};
use chrono::{DateTime, Utc};
use poem::web::Path;
use poem::{Response, handler};
use serde::Deserialize;
use zjcs_domain::Error;
use zjcs_domain::FieldError;
use zjcs_domain::model::firm::FirmStatus;
use zjcs_domain::rules::credit_ledger::{EventCode, VetoItem};
use zjcs_domain::rules::standing::Bar;
use zjcs_domain::service::credit::{EventView, FirmCredit, ManualEntry};

/// The regulator's entry form, as submitted and as shown again.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct EntryForm {
    /// `manual` or `veto`.
    pub kind: String,
    pub points: String,
    pub veto_item: String,
    pub reason: String,
    pub csrf: String,
}

impl Default for EntryForm {
    fn default() -> Self {
        EntryForm {
            kind: "manual".into(),
            points: String::new(),
            veto_item: String::new(),
            reason: String::new(),
            csrf: String::new(),
        }
    }
}

/// Reads a whole number of points as people type it: `-5`, `−5` (a minus sign), `－5`
/// (full width), `+3`, with spaces around. `None` for an empty field; `Err` when it is not one.
pub fn parse_points(raw: &str) -> Result<Option<i32>, ()> {
    let s: String = raw
        .trim()
        .chars()
        .map(|c| match c {
            '−' | '－' | '–' => '-',
            '＋' => '+',
            c => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect();
    if s.is_empty() {
        return Ok(None);
    }
    s.parse::<i32>().map(Some).map_err(|_| ())
}

impl EntryForm {
    /// What the services record. Points count only for a manual adjustment and the item only
    /// for a veto, so a value left in the other field does not matter. The second value: the
    /// points field does not read as a number (the services then see no points and refuse).
    fn entry(&self) -> (ManualEntry, bool) {
        let veto = self.kind == "veto";
        let (points, unreadable) = match parse_points(&self.points) {
            _ if veto => (None, false),
            Ok(p) => (p, false),
            Err(()) => (None, true),
        };
        let entry = ManualEntry {
            kind: self.kind.trim().to_owned(),
            points,
            veto_item: (veto && !self.veto_item.trim().is_empty())
                .then(|| self.veto_item.trim().to_owned()),
            reason: self.reason.clone(),
            project_id: None,
        };
        (entry, unreadable)
    }
}

fn label_of(field: &str) -> &'static str {
    match field {
        "kind" => "credit.form.kind",
        "points" => "credit.form.points",
        "veto_item" => "credit.form.veto-item",
        _ => "credit.form.reason",
    }
}

/// The catalogue key of an event's kind.
pub(crate) fn kind_key(kind: EventCode) -> &'static str {
    match kind {
        EventCode::Evaluation => "credit.kind.evaluation",
        EventCode::OnTime => "credit.kind.on-time",
        EventCode::Late => "credit.kind.late",
        EventCode::RefusedToSign => "credit.kind.refused-to-sign",
        EventCode::Complaint => "credit.kind.complaint",
        EventCode::Veto => "credit.kind.veto",
        EventCode::Repair => "credit.kind.repair",
        EventCode::Manual => "credit.kind.manual",
    }
}

/// The catalogue key of a veto item.
pub(crate) fn veto_key(item: VetoItem) -> &'static str {
    match item {
        VetoItem::Fraud => "credit.veto.fraud",
        VetoItem::BidRigging => "credit.veto.bid-rigging",
        VetoItem::Bribery => "credit.veto.bribery",
        VetoItem::RefusedInspection => "credit.veto.refused-inspection",
    }
}

/// Points as the ledger shows them: a sign always (a true minus sign), `0` for none.
pub fn signed(points: i32) -> String {
    match points {
        p if p > 0 => format!("+{p}"),
        p if p < 0 => format!("−{}", p.unsigned_abs()),
        _ => "0".into(),
    }
}

/// One ledger row.
pub(crate) struct LedgerRow {
    pub when: String,
    pub kind_key: &'static str,
    pub veto_key: Option<&'static str>,
    pub points: String,
    pub points_class: &'static str,
    pub reason: String,
    pub policy_version: i32,
    pub project_href: Option<String>,
    /// Voided: the day, and why.
    pub voided: Option<(String, String)>,
}

impl LedgerRow {
    fn new(e: &EventView) -> LedgerRow {
        LedgerRow {
            when: shanghai(e.recorded_at),
            kind_key: kind_key(e.kind),
            veto_key: e.veto_item.map(veto_key),
            points: signed(e.points),
            points_class: match e.points {
                p if p > 0 => "up",
                p if p < 0 => "down",
                _ => "",
            },
            reason: e.reason.clone(),
            policy_version: e.policy_version,
            project_href: e.project_id.map(|id| format!("/projects/{id}")),
            voided: e
                .voided_at
                .map(|t| (day(t), e.void_reason.clone().unwrap_or_default())),
        }
    }
}

/// Everything the credit section shows.
pub(crate) struct CreditBlock {
    /// Where the form posts (the page it answers with scrolls to the form: `#credit-record`).
    pub action: String,
    pub grade: &'static str,
    pub grade_class: String,
    pub score: i32,
    /// The standing in words (already translated).
    pub status: String,
    pub status_class: &'static str,
    pub warning: bool,
    pub policy_version: u32,
    /// The chart, an SVG element drawn here (see [`crate::chart`]).
    pub chart: String,
    pub rows: Vec<LedgerRow>,
    /// A catalogue key: what the last form did.
    pub notice: Option<&'static str>,
    /// The visitor is a regulator: the entry form is shown.
    pub may_record: bool,
    pub form: EntryForm,
    pub veto_items: Vec<Choice>,
    pub problems: FieldProblems,
}

impl CreditBlock {
    /// The section for a firm's credit under grade `lines`, with a notice, and the regulator's
    /// form as given.
    pub fn new(
        ctx: &Ctx,
        c: &FirmCredit,
        lines: [i32; 4],
        notice: Option<&'static str>,
        form: EntryForm,
        problems: FieldProblems,
    ) -> CreditBlock {
        let t = ctx.t;
        let (status, status_class) = status_text(t, c);
        CreditBlock {
            action: format!("/firms/{}/credit-events", c.firm_id),
            grade: c.grade.as_str(),
            grade_class: grade_class(c.grade.as_str()),
            score: c.score,
            status,
            status_class,
            warning: c.warning,
            policy_version: c.policy_version,
            chart: ScoreChart {
                history: &c.history,
                lines,
            }
            .svg(&chart_summary(t, &c.history)),
            rows: c.events.iter().map(LedgerRow::new).collect(),
            notice,
            may_record: ctx.services().may_start(
                ctx.visitor.as_ref().map(|v| &v.auth.actor),
                zjcs_domain::service::Start::CreditEntry,
            ),
            veto_items: VetoItem::ALL
                .iter()
                .map(|v| Choice {
                    value: v.as_str().into(),
                    label: t.get(veto_key(*v)).into(),
                    selected: v.as_str() == form.veto_item,
                })
                .collect(),
            form,
            problems: problems.anchored("credit-"),
        }
    }
}

/// The standing in words (each bar in force, the gravest first), and its badge class.
fn status_text(t: T, c: &FirmCredit) -> (String, &'static str) {
    if c.bars.is_empty() {
        return (t.get("credit.status.listed").into(), "ok");
    }
    let class = if c.status == FirmStatus::Blacklisted {
        "bad"
    } else {
        "warn"
    };
    let words: Vec<String> = c.bars.iter().map(|b| bar_text(t, b)).collect();
    (words.join(t.get("punct.list-sep")), class)
}

/// One bar in words, for the public: what it is, why, and its last day.
pub(crate) fn bar_text(t: T, bar: &Bar) -> String {
    let last = |u: &DateTime<Utc>| last_day(*u);
    let until = |u: &Option<DateTime<Utc>>| match u {
        Some(u) => t.fill("credit.bar.until", "date", last(u)),
        None => t.get("credit.bar.no-end").to_owned(),
    };
    match bar {
        Bar::Veto { item, until: u } => t.fill_all(
            "credit.bar.veto",
            &[
                (
                    "item",
                    t.get(item.map_or("blacklist.reason.veto", veto_key)),
                ),
                ("until", &until(u)),
            ],
        ),
        Bar::Representative { firm, until: u } => t.fill_all(
            "credit.bar.representative",
            &[("firm", firm), ("until", &until(u))],
        ),
        Bar::Dishonest {
            authority,
            until: u,
        } => t.fill_all(
            "credit.bar.dishonest",
            &[("authority", authority), ("until", &until(u))],
        ),
        Bar::Suspended { until: u } => t.fill("credit.status.suspended", "date", last(u)),
        Bar::RepairNeeded => t.get("credit.status.repair-needed").into(),
    }
}

/// The chart's accessible name: where the score started and where it is now.
pub fn chart_summary(t: T, history: &[(chrono::DateTime<chrono::Utc>, i32)]) -> String {
    match (history.first(), history.last()) {
        (Some((_, from)), Some((_, to))) => t.fill_all(
            "credit.chart.summary",
            &[("from", &from.to_string()), ("to", &to.to_string())],
        ),
        _ => t.get("credit.chart.empty").into(),
    }
}

/// `POST /firms/:id/credit-events`: a regulator records a manual adjustment or a veto item. On
/// success back to the firm's credit section; a refusal shows the firm page again with the form
/// as typed and its problems (422). Others than regulators are refused (403).
#[handler]
pub async fn record(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<EntryForm>,
) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    ctx.check_csrf(&f.csrf)?;
    let firm_id = path_id(&id)?;
    let (entry, unreadable) = f.entry();
    match ctx
        .services()
        .record_credit_entry(&actor, firm_id, entry)
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "/firms/{firm_id}?notice=credit-recorded#credit"
        ))),
        Err(e) => {
            let e = match e {
                // The services saw no points; say what was wrong with what was typed.
                Error::Validation(errors) if unreadable => Error::Validation(
                    errors
                        .into_iter()
                        .map(|x| {
                            if x.field == "points" {
                                FieldError::new("points", "field.number.invalid")
                            } else {
                                x
                            }
                        })
                        .collect(),
                ),
                e => e,
            };
            match FieldProblems::from_error(ctx.t, &e, label_of) {
                Some((problems, status)) => {
                    super::firms::render_firm(&ctx, firm_id, None, f, problems, status).await
                }
                None => Err(e.into()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_read_with_any_minus_sign() {
        assert_eq!(parse_points(" -5 "), Ok(Some(-5)));
        assert_eq!(parse_points("−5"), Ok(Some(-5)));
        assert_eq!(parse_points("－ 12"), Ok(Some(-12)));
        assert_eq!(parse_points("+3"), Ok(Some(3)));
        assert_eq!(parse_points(""), Ok(None));
        assert_eq!(parse_points("five"), Err(()));
        assert_eq!(parse_points("1.5"), Err(()));
    }

    #[test]
    fn only_the_kinds_own_field_is_sent() {
        let f = EntryForm {
            kind: "veto".into(),
            points: "abc".into(),
            veto_item: "bribery".into(),
            reason: "r".into(),
            csrf: String::new(),
        };
        let (e, unreadable) = f.entry();
        assert_eq!(
            (e.points, e.veto_item.as_deref(), unreadable),
            (None, Some("bribery"), false)
        );
        let f = EntryForm {
            kind: "manual".into(),
            points: "abc".into(),
            veto_item: "bribery".into(),
            ..EntryForm::default()
        };
        let (e, unreadable) = f.entry();
        assert_eq!((e.points, e.veto_item, unreadable), (None, None, true));
    }

    #[test]
    fn points_show_their_sign() {
        assert_eq!(signed(2), "+2");
        assert_eq!(signed(-10), "−10");
        assert_eq!(signed(0), "0");
    }
}
