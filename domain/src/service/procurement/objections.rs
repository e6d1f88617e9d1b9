//! Objections during the notice period (异议) and their answers.

use super::*;
use crate::store::entities::{award, objection, project};
use crate::store::{self, registrations};

impl Services {
    /// A registrant objects (质疑) to the award during its notice period.
    pub async fn object_to_award(
        &self,
        actor: &Actor,
        project_id: Uuid,
        text_raw: &str,
    ) -> Result<ObjectionView> {
        authorize(actor, Permission::ManageOwnFirm)?;
        let body = text(text_raw, "text", 4000, true).map_err(|e| Error::Validation(vec![e]))?;
        let tx = begin_write(&self.db).await?;
        lock_project(&tx, project_id, ProjectStatus::Awarded).await?;
        let p = visible_project(&tx, project_id).await?;
        let f = own_firm(&tx, actor)
            .await
            .map_err(|_| Error::validation("firm", "field.firm.missing"))?;
        let t = now();
        let registered = registrations::active_registration_of_firm(&tx, p.id, p.round, f.id)
            .await?
            .is_some();
        let current = current_award(&tx, &p).await?;
        // The same rule decides the page's and the API's `allowed` (see `read.rs`).
        let facts = SelectionFacts {
            viewer: Viewer::Firm { registered },
            registration_open: false,
            failed: false,
            award: current
                .as_ref()
                .map(|a| award_facts(&p, a, t, Some(f.id), false)),
        };
        let a = match (may_object(&facts), current) {
            (Ok(()), Some(a)) => a,
            (Err(ObjectionRefusal::NotARegistrant), _) => return Err(Error::Forbidden),
            _ => {
                return Err(conflict(
                    "notice-closed",
                    "status",
                    "field.objection.notice-closed",
                ));
            }
        };
        let o = store::insert(
            &tx,
            objection::Model {
                id: Uuid::new_v4(),
                project_id: p.id,
                award_id: a.id,
                firm_id: f.id,
                text: body.clone(),
                status: ObjectionStatus::Open.as_str().into(),
                answer: None,
                answered_by: None,
                created_at: t,
                answered_at: None,
            },
        )
        .await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "objection.raise",
            "project",
            &p.id.to_string(),
            json!({ "objection": o.id, "award": a.id, "firm": f.id, "text": body }),
        )
        .await?;
        if let Some(to) = emails(&tx, [p.owner_account_id])
            .await?
            .get(&p.owner_account_id)
        {
            mail::send(
                &tx,
                to,
                MailKey::ObjectionRaised,
                &[
                    ("title", &p.title),
                    ("firm", &f.name),
                    ("link", &self.project_link(p.id)),
                ],
            )
            .await?;
        }
        let v = objection_view(o, &f.name)?;
        tx.commit().await?;
        Ok(v)
    }

    /// The owner (or a regulator) answers an objection. Upheld: the award is overturned and the
    /// project returns to selection without the winner.
    pub async fn answer_objection(
        &self,
        actor: &Actor,
        project_id: Uuid,
        objection_id: Uuid,
        upheld: bool,
        answer: &str,
    ) -> Result<SelectionView> {
        let answer = text(answer, "answer", 4000, true).map_err(|e| Error::Validation(vec![e]))?;
        let tx = begin_write(&self.db).await?;
        // Serialize with other decisions on this project (a second answer, a contract).
        lock_project(&tx, project_id, ProjectStatus::Awarded).await?;
        let p = visible_project(&tx, project_id).await?;
        let owner = actor.account_id == p.owner_account_id
            && may(actor.role, Permission::ManageOwnProjects);
        if !owner && !may(actor.role, Permission::SuperviseProjects) {
            return Err(Error::Forbidden);
        }
        let o = store::find::<objection::Model>(&tx, objection_id)
            .await?
            .filter(|o| o.project_id == p.id)
            .ok_or(Error::NotFound)?;
        if o.status != ObjectionStatus::Open.as_str() {
            return Err(conflict(
                "objection-answered",
                "status",
                "field.objection.answered",
            ));
        }
        let t = now();
        let objector = firms_by_id(&tx, [o.firm_id]).await?;
        store::update(
            &tx,
            &o,
            objection::Model {
                status: if upheld {
                    ObjectionStatus::Upheld
                } else {
                    ObjectionStatus::Dismissed
                }
                .as_str()
                .into(),
                answer: Some(answer.clone()),
                answered_by: Some(actor.account_id),
                answered_at: Some(t),
                ..o.clone()
            },
        )
        .await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "objection.answer",
            "project",
            &p.id.to_string(),
            json!({ "objection": o.id, "upheld": upheld, "answer": answer }),
        )
        .await?;
        let mut to_tell: Vec<Uuid> = objector.values().map(|f| f.account_id).collect();
        to_tell.push(p.owner_account_id);
        for to in emails(&tx, to_tell).await?.values() {
            mail::send(
                &tx,
                to,
                MailKey::ObjectionAnswered,
                &[
                    ("title", &p.title),
                    (
                        "outcome",
                        message(
                            Lang::Zh,
                            if upheld {
                                "objection.upheld"
                            } else {
                                "objection.dismissed"
                            },
                        ),
                    ),
                    ("answer", &answer),
                    ("link", &self.project_link(p.id)),
                ],
            )
            .await?;
        }
        if upheld {
            let a = store::find::<award::Model>(&tx, o.award_id)
                .await?
                .ok_or(Error::NotFound)?;
            if a.status == AwardStatus::Notice.as_str() {
                self.overturn(&tx, p, a, BidDecision::ExcludedObjection, &answer)
                    .await?;
            }
        }
        tx.commit().await?;
        self.project_selection(Some(actor), project_id).await
    }

    /// An upheld complaint about an award: while the award is still in its notice period (or
    /// waiting for its contract), it is overturned and the selection goes on without the firm,
    /// as for an upheld objection. Whether it was.
    pub(crate) async fn overturn_for_complaint(
        &self,
        tx: &DatabaseTransaction,
        project_id: Uuid,
        award_id: Uuid,
        reason: &str,
    ) -> Result<bool> {
        if !lock_project(tx, project_id, ProjectStatus::Awarded).await? {
            return Ok(false);
        }
        let p = store::find::<project::Model>(tx, project_id)
            .await?
            .ok_or(Error::NotFound)?;
        let Some(a) = store::find::<award::Model>(tx, award_id)
            .await?
            .filter(|a| a.status == AwardStatus::Notice.as_str())
        else {
            return Ok(false);
        };
        self.overturn(tx, p, a, BidDecision::ExcludedComplaint, reason)
            .await?;
        Ok(true)
    }

    /// Ends an award (upheld objection, refusal to sign): the firm is out of this selection and
    /// the next step is taken.
    pub(super) async fn overturn(
        &self,
        tx: &DatabaseTransaction,
        p: project::Model,
        a: award::Model,
        decision: BidDecision,
        reason: &str,
    ) -> Result<()> {
        let status = if decision == BidDecision::ExcludedRefusal {
            AwardStatus::Refused.as_str()
        } else {
            AwardStatus::Overturned.as_str()
        };
        let refusal_reason = if decision == BidDecision::ExcludedRefusal {
            Some(reason.to_owned())
        } else {
            a.refusal_reason.clone()
        };
        store::update(
            tx,
            &a,
            award::Model {
                status: status.into(),
                refusal_reason,
                updated_at: now(),
                ..a.clone()
            },
        )
        .await?;
        let r = registrations::registration_of_firm(tx, p.id, p.round, a.firm_id)
            .await?
            .ok_or_else(|| Error::Internal("award without registration".into()))?;
        set_decision(tx, r.id, decision, reason).await?;
        let p = store::update(
            tx,
            &p,
            project::Model {
                status: ProjectStatus::Selecting.as_str().into(),
                ..p.clone()
            },
        )
        .await?;
        self.advance(tx, p, None).await
    }
}
