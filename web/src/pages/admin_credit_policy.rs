//! `GET/POST /admin/credit-policy` (信用政策): an administrator reads the credit policy in force
//! and adopts a new version of it, with a reason. Saving reassesses every firm; the page then
//! says which version is in force and how many firms' credit changed.

use crate::ctx::{Ctx, see_other};
use crate::errors::PageError;
use crate::forms::{FieldProblems, PageForm};
use crate::i18n_ctx::T;
use crate::layout::Layout;
use crate::views::day;
use askama::Template;
use poem::http::StatusCode;
use poem::web::Query;
use poem::{Response, handler};
use serde::Deserialize;
use zjcs_domain::FieldError;
use zjcs_domain::rules::access::Permission;
use zjcs_domain::rules::credit_ledger::CreditPolicy;
use zjcs_domain::service::credit::PolicyView;

/// The policy form: every number as typed, so a wrong one can be shown again as it was.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PolicyForm {
    base: String,
    eval_1: String,
    eval_2: String,
    eval_3: String,
    eval_4: String,
    eval_5: String,
    on_time_points: String,
    late_points: String,
    very_late_after_days: String,
    very_late_points: String,
    refused_to_sign_points: String,
    refusals_to_suspend: String,
    complaint_min: String,
    complaint_max: String,
    full_weight_months: String,
    older_weight_percent: String,
    window_months: String,
    line_a: String,
    line_b: String,
    line_c: String,
    line_d: String,
    suspension_months: String,
    blacklist_months: String,
    reason: String,
    csrf: String,
}

impl PolicyForm {
    fn of(p: &CreditPolicy) -> PolicyForm {
        let [e1, e2, e3, e4, e5] = p.evaluation_points.map(|n| n.to_string());
        let [a, b, c, d] = p.lines.map(|n| n.to_string());
        PolicyForm {
            base: p.base.to_string(),
            eval_1: e1,
            eval_2: e2,
            eval_3: e3,
            eval_4: e4,
            eval_5: e5,
            on_time_points: p.on_time_points.to_string(),
            late_points: p.late_points.to_string(),
            very_late_after_days: p.very_late_after_days.to_string(),
            very_late_points: p.very_late_points.to_string(),
            refused_to_sign_points: p.refused_to_sign_points.to_string(),
            refusals_to_suspend: p.refusals_to_suspend.to_string(),
            complaint_min: p.complaint_points.0.to_string(),
            complaint_max: p.complaint_points.1.to_string(),
            full_weight_months: p.full_weight_months.to_string(),
            older_weight_percent: p.older_weight_percent.to_string(),
            window_months: p.window_months.to_string(),
            line_a: a,
            line_b: b,
            line_c: c,
            line_d: d,
            suspension_months: p.suspension_months.to_string(),
            blacklist_months: p.blacklist_months.to_string(),
            reason: String::new(),
            csrf: String::new(),
        }
    }

    /// The policy typed, and the fields that do not read as whole numbers (named as the
    /// services name them; such a field keeps `current`'s value, so the rest can be checked).
    fn policy(&self, current: &CreditPolicy) -> (CreditPolicy, Vec<FieldError>) {
        let mut errors: Vec<FieldError> = Vec::new();
        let mut int = |raw: &str, field: &'static str, keep: i32| -> i32 {
            match crate::pages::firm_credit::parse_points(raw) {
                Ok(Some(n)) => n,
                Ok(None) | Err(()) => {
                    if !errors.iter().any(|e| e.field == field) {
                        errors.push(FieldError::new(field, "field.number.invalid"));
                    }
                    keep
                }
            }
        };
        let c = current;
        let e = c.evaluation_points;
        let l = c.lines;
        let mut p = CreditPolicy {
            version: c.version,
            base: int(&self.base, "base", c.base),
            evaluation_points: [
                int(&self.eval_1, "evaluation_points", e[0]),
                int(&self.eval_2, "evaluation_points", e[1]),
                int(&self.eval_3, "evaluation_points", e[2]),
                int(&self.eval_4, "evaluation_points", e[3]),
                int(&self.eval_5, "evaluation_points", e[4]),
            ],
            on_time_points: int(&self.on_time_points, "on_time_points", c.on_time_points),
            late_points: int(&self.late_points, "late_points", c.late_points),
            very_late_after_days: 0,
            very_late_points: int(
                &self.very_late_points,
                "very_late_points",
                c.very_late_points,
            ),
            refused_to_sign_points: int(
                &self.refused_to_sign_points,
                "refused_to_sign_points",
                c.refused_to_sign_points,
            ),
            refusals_to_suspend: 0,
            complaint_points: (
                int(
                    &self.complaint_min,
                    "complaint_points",
                    c.complaint_points.0,
                ),
                int(
                    &self.complaint_max,
                    "complaint_points",
                    c.complaint_points.1,
                ),
            ),
            full_weight_months: 0,
            older_weight_percent: 0,
            window_months: 0,
            lines: [
                int(&self.line_a, "lines", l[0]),
                int(&self.line_b, "lines", l[1]),
                int(&self.line_c, "lines", l[2]),
                int(&self.line_d, "lines", l[3]),
            ],
            suspension_months: 0,
            blacklist_months: 0,
        };
        // Counts are whole numbers not below zero: a negative one is out of its range, which
        // the policy's own check reports (as a value the check refuses).
        let mut count = |raw: &str, field: &'static str, keep: u32| -> u32 {
            match int(raw, field, keep as i32) {
                n if n < 0 => u32::MAX,
                n => n as u32,
            }
        };
        p.very_late_after_days = count(
            &self.very_late_after_days,
            "very_late_after_days",
            c.very_late_after_days,
        );
        p.refusals_to_suspend = count(
            &self.refusals_to_suspend,
            "refusals_to_suspend",
            c.refusals_to_suspend,
        );
        p.full_weight_months = count(
            &self.full_weight_months,
            "window_months",
            c.full_weight_months,
        );
        p.older_weight_percent = count(
            &self.older_weight_percent,
            "older_weight_percent",
            c.older_weight_percent,
        );
        p.window_months = count(&self.window_months, "window_months", c.window_months);
        p.suspension_months = count(
            &self.suspension_months,
            "suspension_months",
            c.suspension_months,
        );
        p.blacklist_months = count(
            &self.blacklist_months,
            "blacklist_months",
            c.blacklist_months,
        );
        (p, errors)
    }
}

fn label_of(field: &str) -> &'static str {
    match field {
        "base" => "admin.policy.base",
        "evaluation_points" => "admin.policy.evaluation-points",
        "on_time_points" => "admin.policy.on-time-points",
        "late_points" => "admin.policy.late-points",
        "very_late_points" => "admin.policy.very-late-points",
        "very_late_after_days" => "admin.policy.very-late-after-days",
        "refused_to_sign_points" => "admin.policy.refused-to-sign-points",
        "refusals_to_suspend" => "admin.policy.refusals-to-suspend",
        "complaint_points" => "admin.policy.complaint-points",
        "window_months" => "admin.policy.window-months",
        "older_weight_percent" => "admin.policy.older-weight-percent",
        "lines" => "admin.policy.lines",
        "suspension_months" => "admin.policy.suspension-months",
        "blacklist_months" => "admin.policy.blacklist-months",
        "version" => "admin.policy.version",
        _ => "admin.policy.reason",
    }
}

/// `?saved=<version>&changed=<firms>` after a save. Read as text and parsed here, so a hand-made
/// link cannot make the page fail.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SavedQuery {
    saved: String,
    changed: String,
}

#[derive(Template)]
#[template(path = "admin_credit_policy.html")]
struct PolicyPage {
    t: T,
    layout: Layout,
    version: u32,
    adopted: Option<String>,
    last_reason: String,
    saved: Option<String>,
    form: PolicyForm,
    problems: FieldProblems,
}

fn render(
    ctx: &Ctx,
    current: &PolicyView,
    saved: Option<String>,
    form: PolicyForm,
    problems: FieldProblems,
    status: StatusCode,
) -> Response {
    let page = PolicyPage {
        t: ctx.t,
        layout: ctx.layout(None),
        version: current.policy.version,
        adopted: current.adopted_at.map(day),
        last_reason: current.reason.clone(),
        saved,
        form,
        problems,
    };
    ctx.render(&page, status)
}

/// The form filled with the policy in force.
#[handler]
pub async fn show(ctx: Ctx, Query(q): Query<SavedQuery>) -> Result<Response, PageError> {
    ctx.require_permission(Permission::ManageCreditPolicy)?;
    let current = ctx.services().credit_policy().await?;
    let saved = match (q.saved.parse::<u32>(), q.changed.parse::<u64>()) {
        (Ok(v), Ok(n)) => Some(ctx.t.fill_all(
            "admin.policy.saved",
            &[("version", &v.to_string()), ("n", &n.to_string())],
        )),
        _ => None,
    };
    Ok(render(
        &ctx,
        &current,
        saved,
        PolicyForm::of(&current.policy),
        FieldProblems::default(),
        StatusCode::OK,
    ))
}

/// Adopts the typed policy as the next version; a refusal shows the form again as typed.
#[handler]
pub async fn save(ctx: Ctx, PageForm(f): PageForm<PolicyForm>) -> Result<Response, PageError> {
    let actor = ctx
        .require_permission(Permission::ManageCreditPolicy)?
        .auth
        .actor;
    ctx.check_csrf(&f.csrf)?;
    let current = ctx.services().credit_policy().await?;
    let (policy, mut errors) = f.policy(&current.policy);
    if !errors.is_empty() {
        // Report the rest of the form too, not only the numbers that did not read.
        for e in policy.check().err().unwrap_or_default() {
            if !errors.iter().any(|x| x.field == e.field) {
                errors.push(e);
            }
        }
        let problems = FieldProblems::from_field_errors(ctx.t, &errors, label_of);
        return Ok(render(
            &ctx,
            &current,
            None,
            f,
            problems,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    match ctx
        .services()
        .set_credit_policy(&actor, policy, &f.reason)
        .await
    {
        Ok((view, done)) => Ok(see_other(&format!(
            "/admin/credit-policy?saved={}&changed={}",
            view.policy.version, done.changed
        ))),
        Err(e) => match FieldProblems::from_error(ctx.t, &e, label_of) {
            Some((problems, status)) => Ok(render(&ctx, &current, None, f, problems, status)),
            None => Err(e.into()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_reads_back_the_policy_it_shows() {
        let p = CreditPolicy::default();
        let (read, errors) = PolicyForm::of(&p).policy(&p);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(read, p);
    }

    #[test]
    fn numbers_that_do_not_read_are_named_once_per_field() {
        let p = CreditPolicy::default();
        let f = PolicyForm {
            eval_1: "x".into(),
            eval_2: "".into(),
            line_c: "七十".into(),
            window_months: "-3".into(),
            ..PolicyForm::of(&p)
        };
        let (read, errors) = f.policy(&p);
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["evaluation_points", "lines"]);
        assert_eq!(read.evaluation_points, p.evaluation_points);
        // A negative count is kept as out of range, for the policy's check to refuse.
        assert!(
            read.check()
                .is_err_and(|e| e.iter().any(|x| x.field == "window_months"))
        );
    }
}
