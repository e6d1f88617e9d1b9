//! The firm's credit repair (信用修复) on its own page (`/firm#repair`): when its suspension is
//! over and its grade is still E, an explanation and the application form (a statement, and
//! optionally one of the firm's evidence files), posted to `POST /firm/credit-repairs`; and the
//! firm's applications with their status and the regulator's reason.

use crate::ctx::{Ctx, see_other};
use crate::errors::PageError;
use crate::forms::{FieldProblems, PageForm};
use crate::views::{Choice, day};
use poem::{Response, handler};
use serde::Deserialize;
use uuid::Uuid;
use zjcs_domain::model::evaluation::RepairStatus;
use zjcs_domain::service::credit_repair::RepairView;
use zjcs_domain::service::firms::FirmDetail;
use zjcs_domain::{Error, FieldError};

/// The application form, as submitted and as shown again.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RepairForm {
    pub statement: String,
    /// An evidence file's id, or empty for none.
    pub evidence_file: String,
    pub csrf: String,
}

impl RepairForm {
    /// The chosen file: `Ok(None)` for none, `Err` when the value is not a file id.
    fn evidence(&self) -> Result<Option<Uuid>, FieldError> {
        match self.evidence_file.trim() {
            "" => Ok(None),
            raw => Uuid::parse_str(raw)
                .map(Some)
                .map_err(|_| FieldError::new("evidence_file", "field.evidence.unknown")),
        }
    }
}

/// The catalogue key of a field's label in the form's problem summary.
pub fn label_of(field: &str) -> &'static str {
    match field {
        "statement" => "credit.repair.statement",
        "evidence_file" => "credit.repair.evidence",
        _ => "credit.repair.title",
    }
}

/// The catalogue key and badge class of an application's status.
pub fn status_badge(status: RepairStatus) -> (&'static str, &'static str) {
    match status {
        RepairStatus::Pending => ("credit.repair.status.pending", "warn"),
        RepairStatus::Approved => ("credit.repair.status.approved", "ok"),
        RepairStatus::Refused => ("credit.repair.status.refused", "bad"),
    }
}

/// One of the firm's applications.
pub(crate) struct RepairRow {
    pub applied: String,
    pub statement: String,
    pub status_key: &'static str,
    pub status_class: &'static str,
    pub reason: Option<String>,
    pub decided: Option<String>,
}

/// The repair section of the firm's page.
pub(crate) struct RepairBlock {
    /// The firm waits for a repair: the explanation is shown.
    pub needed: bool,
    /// An application is waiting for the regulators.
    pub pending: bool,
    /// The form is shown (the service says the firm may apply, or a refused attempt to show again).
    pub show_form: bool,
    pub form: RepairForm,
    pub files: Vec<Choice>,
    pub problems: FieldProblems,
    pub rows: Vec<RepairRow>,
}

impl RepairBlock {
    /// The section for the firm, with the form as given.
    pub async fn load(
        ctx: &Ctx,
        detail: &FirmDetail,
        form: RepairForm,
        problems: FieldProblems,
    ) -> Result<RepairBlock, Error> {
        let actor = match &ctx.visitor {
            Some(v) => v.auth.actor,
            None => return Err(Error::Unauthenticated),
        };
        let credit = ctx.services().firm_credit(detail.firm.id).await?;
        let repairs = ctx.services().my_repairs(&actor).await?;
        let pending = repairs.iter().any(|r| r.status == RepairStatus::Pending);
        let may_apply = ctx.services().may_apply_for_repair(&actor).await?;
        Ok(RepairBlock {
            needed: credit.repair_needed,
            pending,
            show_form: may_apply || problems.any(),
            files: evidence_choices(ctx, detail, &form.evidence_file),
            form,
            problems: problems.anchored("r-"),
            rows: repairs.iter().map(row).collect(),
        })
    }

    /// Whether the section has anything to show.
    pub fn any(&self) -> bool {
        self.needed || self.show_form || !self.rows.is_empty()
    }
}

fn row(r: &RepairView) -> RepairRow {
    let (status_key, status_class) = status_badge(r.status);
    RepairRow {
        applied: day(r.created_at),
        statement: r.statement.clone(),
        status_key,
        status_class,
        reason: r.decision_reason.clone(),
        decided: r.decided_at.map(day),
    }
}

/// The firm's evidence files (those of its qualifications and practitioners) as options.
fn evidence_choices(ctx: &Ctx, detail: &FirmDetail, chosen: &str) -> Vec<Choice> {
    let t = ctx.t;
    let quals = detail.qualifications.iter().map(|q| {
        (
            q.evidence_file_id,
            t.fill(
                "credit.repair.evidence.qualification",
                "name",
                format!("{} {}", q.qual_type, q.number),
            ),
        )
    });
    let pracs = detail.practitioners.iter().map(|p| {
        (
            p.evidence_file_id,
            t.fill(
                "credit.repair.evidence.practitioner",
                "name",
                format!("{} {}", p.name, p.certificate_number),
            ),
        )
    });
    let mut seen = std::collections::HashSet::new();
    quals
        .chain(pracs)
        .filter(|(id, _)| seen.insert(*id))
        .map(|(id, label)| Choice {
            selected: id.to_string() == chosen.trim(),
            value: id.to_string(),
            label,
        })
        .collect()
}

/// `POST /firm/credit-repairs`: the firm applies. Success goes back to the page with a notice;
/// a refusal (no statement, not waiting for a repair, one pending already) shows the page again
/// with the text as typed (422 or 409).
#[handler]
pub async fn apply(ctx: Ctx, PageForm(f): PageForm<RepairForm>) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    ctx.check_csrf(&f.csrf)?;
    let outcome = match f.evidence() {
        Ok(evidence) => {
            ctx.services()
                .apply_for_repair(&actor, &f.statement, evidence)
                .await
        }
        Err(bad_file) => {
            // Say everything that is wrong at once, as the services would.
            let mut errors = Vec::new();
            if f.statement.trim().is_empty() {
                errors.push(FieldError::new("statement", "field.reason.required"));
            }
            errors.push(bad_file);
            Err(Error::Validation(errors))
        }
    };
    match outcome {
        Ok(_) => Ok(see_other("/firm?notice=repair-applied#repair")),
        Err(e) => match FieldProblems::from_error(ctx.t, &e, label_of) {
            Some((problems, status)) => {
                super::my_firm::render_repair(&ctx, f, problems, status).await
            }
            None => Err(e.into()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_optional_but_must_be_an_id() {
        let mut f = RepairForm::default();
        assert_eq!(f.evidence(), Ok(None));
        f.evidence_file = "not-an-id".into();
        assert!(f.evidence().is_err());
        let id = Uuid::new_v4();
        f.evidence_file = format!(" {id} ");
        assert_eq!(f.evidence(), Ok(Some(id)));
    }
}
