//! Credit repair (信用修复, DOMAIN.md): after a suspension ends with the firm still at grade E,
//! it may not register until a regulator approves its repair. The firm applies with a statement
//! of the remedy (and optionally one of its evidence files, which stays private: regulators read
//! it, the public ledger shows only the decision's reason). An approval records a `repair` event
//! worth what lifts the score to the lowest line above E, which lists the firm again at grade D
//! (with its public warning); a refusal gives a reason. The firm is told by mail either way.

use super::credit::{NewEvent, current_policy, record_event};
use super::firms::own_firm;
use super::{Services, authorize};
use crate::error::{Error, FieldError, Result, stored};
use crate::model::Actor;
use crate::model::evaluation::RepairStatus;
use crate::model::firm::FirmStatus;
use crate::platform::audit::{AuditActor, record};
use crate::platform::clock::now;
use crate::platform::mail::{MailKey, render_mail};
use crate::platform::outbox;
use crate::rules::access::Permission;
use crate::rules::credit::{
    RepairRefusal, RepairStep, may_apply_for_repair, may_decide_repair, repair_steps,
};
use crate::rules::credit_ledger::{EventKind, repair_points};
use crate::store::entities::{account, credit_repair, firm};
use crate::store::{begin_write, repairs};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

/// An application as its firm and the regulators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RepairView {
    pub id: Uuid,
    pub firm_id: Uuid,
    pub firm_name: String,
    pub statement: String,
    pub evidence_file: Option<Uuid>,
    pub status: RepairStatus,
    pub decision_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    /// The firm's score and grade now.
    pub score: i32,
    pub grade: String,
    /// What the viewer may do to it ([`repair_steps`]: a regulator decides a pending one).
    pub allowed: Vec<RepairStep>,
}

fn view(r: credit_repair::Model, f: &firm::Model) -> Result<RepairView> {
    let status = stored(
        "credit_repair",
        r.id,
        "status",
        &r.status,
        RepairStatus::parse(&r.status),
    )?;
    Ok(RepairView {
        id: r.id,
        firm_id: r.firm_id,
        firm_name: f.name.clone(),
        statement: r.statement,
        evidence_file: r.evidence_file,
        status,
        decision_reason: r.decision_reason,
        created_at: r.created_at,
        decided_at: r.decided_at,
        score: f.credit_score,
        grade: f.credit_grade.clone(),
        allowed: Vec::new(),
    })
}

/// The conflict a refused application or decision answers.
fn refused(r: RepairRefusal) -> Error {
    let (code, field, key) = match r {
        RepairRefusal::NotNeeded => ("repair-not-needed", "firm", "field.repair.not-needed"),
        RepairRefusal::Pending => ("repair-pending", "firm", "field.repair.pending"),
        RepairRefusal::Decided => ("repair-decided", "repair", "field.repair.decided"),
    };
    Error::Conflict(code, FieldError::new(field, key))
}

/// Whether the firm `f` waits for a repair, and whether one of its applications is pending.
async fn repair_facts<C: crate::store::ConnectionTrait>(
    db: &C,
    f: &firm::Model,
) -> Result<(bool, bool)> {
    let waiting = f.status == FirmStatus::Suspended.as_str() && f.suspended_until.is_none();
    let pending = repairs::has_pending_application(db, f.id).await?;
    Ok((waiting, pending))
}

fn text(value: &str, field: &'static str, errors: &mut Vec<FieldError>) -> String {
    super::reason_field(value, field, true).unwrap_or_else(|e| {
        errors.push(e);
        String::new()
    })
}

impl Services {
    /// The firm applies for a credit repair: only while it waits for one (suspended, the period
    /// over, still grade E), one pending application at a time.
    pub async fn apply_for_repair(
        &self,
        actor: &Actor,
        statement: &str,
        evidence: Option<Uuid>,
    ) -> Result<RepairView> {
        authorize(actor, Permission::ManageOwnFirm)?;
        let mut errors = Vec::new();
        let statement = text(statement, "statement", &mut errors);
        let tx = begin_write(&self.db).await?;
        let f = own_firm(&tx, actor)
            .await
            .map_err(|_| Error::validation("firm", "field.firm.missing"))?;
        if let Some(id) = evidence {
            let owned = repairs::firm_owns_file(&tx, id, f.id).await?;
            if !owned {
                errors.push(FieldError::new("evidence_file", "field.evidence.unknown"));
            }
        }
        if !errors.is_empty() {
            return Err(Error::Validation(errors));
        }
        let (waiting, pending) = repair_facts(&tx, &f).await?;
        may_apply_for_repair(waiting, pending).map_err(refused)?;
        let r = crate::store::insert(
            &tx,
            credit_repair::Model {
                id: Uuid::new_v4(),
                firm_id: f.id,
                statement,
                evidence_file: evidence,
                status: RepairStatus::Pending.as_str().into(),
                decided_by: None,
                decision_reason: None,
                event_id: None,
                created_at: now(),
                decided_at: None,
            },
        )
        .await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "credit.repair-apply",
            "firm",
            &f.id.to_string(),
            json!({ "repair": r.id, "evidence_file": evidence }),
        )
        .await?;
        tx.commit().await?;
        view(r, &f)
    }

    /// Whether the actor's firm may apply for a repair now (the same rule `apply_for_repair`
    /// refuses by); false for an account without a firm.
    pub async fn may_apply_for_repair(&self, actor: &Actor) -> Result<bool> {
        authorize(actor, Permission::ManageOwnFirm)?;
        let Ok(f) = own_firm(&self.db, actor).await else {
            return Ok(false);
        };
        let (waiting, pending) = repair_facts(&self.db, &f).await?;
        Ok(may_apply_for_repair(waiting, pending).is_ok())
    }

    /// The firm's own applications, newest first.
    pub async fn my_repairs(&self, actor: &Actor) -> Result<Vec<RepairView>> {
        authorize(actor, Permission::ManageOwnFirm)?;
        let Ok(f) = own_firm(&self.db, actor).await else {
            return Ok(Vec::new());
        };
        repairs::applications_of_firm_newest_first(&self.db, f.id)
            .await?
            .into_iter()
            .map(|r| view(r, &f))
            .collect()
    }

    /// Applications for the regulators: pending ones oldest first (the queue), or all, newest
    /// first.
    pub async fn repairs(&self, actor: &Actor, pending_only: bool) -> Result<Vec<RepairView>> {
        authorize(actor, Permission::SuperviseCredit)?;
        let rows = repairs::applications(&self.db, pending_only).await?;
        let firms: std::collections::HashMap<Uuid, firm::Model> =
            crate::store::find_many::<firm::Model>(&self.db, rows.iter().map(|r| r.firm_id))
                .await?
                .into_iter()
                .map(|f| (f.id, f))
                .collect();
        rows.into_iter()
            .filter_map(|r| {
                let f = firms.get(&r.firm_id)?;
                Some(view(r, f).map(|mut v| {
                    v.allowed = repair_steps(true, v.status);
                    v
                }))
            })
            .collect()
    }

    /// A regulator approves or refuses a pending application, with a reason (published on the
    /// firm's ledger when approved).
    pub async fn decide_repair(
        &self,
        actor: &Actor,
        repair_id: Uuid,
        approve: bool,
        reason: &str,
    ) -> Result<RepairView> {
        authorize(actor, Permission::SuperviseCredit)?;
        let mut errors = Vec::new();
        let reason = text(reason, "reason", &mut errors);
        if !errors.is_empty() {
            return Err(Error::Validation(errors));
        }
        let tx = begin_write(&self.db).await?;
        let r = crate::store::find::<credit_repair::Model>(&tx, repair_id)
            .await?
            .ok_or(Error::NotFound)?;
        let status = stored(
            "credit_repair",
            r.id,
            "status",
            &r.status,
            RepairStatus::parse(&r.status),
        )?;
        may_decide_repair(status).map_err(refused)?;
        let f = crate::store::find::<firm::Model>(&tx, r.firm_id)
            .await?
            .ok_or(Error::NotFound)?;
        let t = now();
        let mut event_id = None;
        if approve {
            let policy = current_policy(&tx).await?.policy;
            let points = repair_points(f.credit_score, &policy);
            let e = record_event(
                &tx,
                self,
                &policy,
                NewEvent {
                    firm_id: f.id,
                    kind: EventKind::Repair { points },
                    project_id: None,
                    award_id: None,
                    reason: reason.clone(),
                    recorded_by: Some(actor.account_id),
                },
            )
            .await?;
            event_id = Some(e.id);
        }
        let decided = credit_repair::Model {
            status: if approve {
                RepairStatus::Approved
            } else {
                RepairStatus::Refused
            }
            .as_str()
            .into(),
            decided_by: Some(actor.account_id),
            decision_reason: Some(reason.clone()),
            event_id,
            decided_at: Some(t),
            ..r.clone()
        };
        let r = crate::store::update(&tx, &r, decided).await?;
        record(
            &tx,
            AuditActor::Account(actor),
            if approve {
                "credit.repair-approve"
            } else {
                "credit.repair-refuse"
            },
            "firm",
            &f.id.to_string(),
            json!({ "repair": r.id, "event": event_id, "reason": reason }),
        )
        .await?;
        if let Some(a) = crate::store::find::<account::Model>(&tx, f.account_id).await? {
            let link = format!(
                "{}/firms/{}#credit",
                self.config.base_url.trim_end_matches('/'),
                f.id
            );
            outbox::enqueue_many(
                &tx,
                vec![render_mail(
                    &a.email,
                    if approve {
                        MailKey::RepairApproved
                    } else {
                        MailKey::RepairRefused
                    },
                    &[("reason", &reason), ("link", &link)],
                )],
            )
            .await?;
        }
        tx.commit().await?;
        self.directory_cache.written();
        let f = crate::store::find::<firm::Model>(&self.db, f.id)
            .await?
            .ok_or(Error::NotFound)?;
        view(r, &f)
    }
}
