//! The credit policy and the regulators' manual entries (信用管理).

use super::*;

/// How a regulator's manual entry is given.
#[derive(Debug, Clone)]
pub struct ManualEntry {
    /// `manual` (with points) or `veto` (with an item).
    pub kind: String,
    pub points: Option<i32>,
    pub veto_item: Option<String>,
    pub reason: String,
    pub project_id: Option<Uuid>,
}

impl Services {
    /// The credit policy in force (public).
    pub async fn credit_policy(&self) -> Result<PolicyView> {
        current_policy(&self.db).await
    }

    /// An administrator adopts a new policy (its version is the next one; the version given is
    /// ignored), and every firm is assessed again under it.
    pub async fn set_credit_policy(
        &self,
        actor: &Actor,
        mut policy: CreditPolicy,
        reason: &str,
    ) -> Result<(PolicyView, Recomputed)> {
        authorize(actor, Permission::ManageCreditPolicy)?;
        let mut errors = policy.check().err().unwrap_or_default();
        let reason = crate::service::reason_field(reason, "reason", true)
            .map_err(|e| errors.push(e))
            .unwrap_or_default();
        if !errors.is_empty() {
            return Err(Error::Validation(errors));
        }
        let tx = begin_write(&self.db).await?;
        let current = current_policy(&tx).await?;
        policy.version = current.policy.version + 1;
        let t = now();
        let adopted = store_credit::adopt_policy(
            &tx,
            credit_policy::Model {
                version: policy.version as i32,
                document: serde_json::to_string(&policy).unwrap_or_default(),
                reason: reason.clone(),
                created_by: Some(actor.account_id),
                created_at: t,
            },
        )
        .await?;
        if !adopted {
            return Err(Error::Conflict(
                "policy-changed",
                FieldError::new("version", "field.policy.changed"),
            ));
        }
        record(
            &tx,
            AuditActor::Account(actor),
            "credit.policy",
            "credit_policy",
            &policy.version.to_string(),
            json!({ "policy": policy, "reason": reason }),
        )
        .await?;
        tx.commit().await?;
        self.directory_cache.written();
        let done = self.recompute_credit_at(now()).await?;
        Ok((current_policy(&self.db).await?, done))
    }

    /// A regulator records a manual adjustment or a veto item against a firm, with a reason
    /// published on its ledger.
    pub async fn record_credit_entry(
        &self,
        actor: &Actor,
        firm_id: Uuid,
        entry: ManualEntry,
    ) -> Result<FirmCredit> {
        authorize(actor, Permission::SuperviseCredit)?;
        let mut errors = Vec::new();
        let reason = crate::service::reason_field(&entry.reason, "reason", true)
            .map_err(|e| errors.push(e))
            .unwrap_or_default();
        let kind = match entry.kind.as_str() {
            "manual" => match entry.points {
                Some(points) => Some(EventKind::Manual { points }),
                None => {
                    errors.push(FieldError::new(
                        "points",
                        "field.credit-points.manual-range",
                    ));
                    None
                }
            },
            "veto" => match entry.veto_item.as_deref().and_then(VetoItem::parse) {
                Some(item) => Some(EventKind::Veto { item }),
                None => {
                    errors.push(FieldError::new("veto_item", "field.veto-item.unknown"));
                    None
                }
            },
            _ => {
                errors.push(FieldError::new("kind", "field.credit-kind.unknown"));
                None
            }
        };
        let policy = current_policy(&self.db).await?.policy;
        if let Some(Err(r)) = kind.map(|k| policy.points(&k))
            && let Error::Validation(mut v) = refusal_error(r)
        {
            errors.append(&mut v);
        }
        if !errors.is_empty() {
            return Err(Error::Validation(errors));
        }
        let kind = kind.expect("checked above");
        let tx = begin_write(&self.db).await?;
        crate::store::find::<firm::Model>(&tx, firm_id)
            .await?
            .ok_or(Error::NotFound)?;
        let e = record_event(
            &tx,
            self,
            &policy,
            NewEvent {
                firm_id,
                kind,
                project_id: entry.project_id,
                award_id: None,
                reason: reason.clone(),
                recorded_by: Some(actor.account_id),
            },
        )
        .await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "credit.event",
            "firm",
            &firm_id.to_string(),
            json!({ "event": e.id, "kind": e.kind, "detail": e.detail, "points": e.points, "reason": reason }),
        )
        .await?;
        tx.commit().await?;
        self.directory_cache.written();
        self.firm_credit(firm_id).await
    }
}
