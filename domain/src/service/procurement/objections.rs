//! Objections during the notice period (异议) and their answers.

use super::*;

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
        let registered = registration::Entity::find()
            .filter(registration::Column::ProjectId.eq(p.id))
            .filter(registration::Column::Round.eq(p.round))
            .filter(registration::Column::FirmId.eq(f.id))
            .filter(registration::Column::Status.eq(RegistrationStatus::Active.as_str()))
            .one(&tx)
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
        let o = objection::ActiveModel {
            id: Set(Uuid::new_v4()),
            project_id: Set(p.id),
            award_id: Set(a.id),
            firm_id: Set(f.id),
            text: Set(body.clone()),
            status: Set(ObjectionStatus::Open.as_str().into()),
            answer: Set(None),
            answered_by: Set(None),
            created_at: Set(t),
            answered_at: Set(None),
        }
        .insert(&tx)
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
        let o = objection::Entity::find_by_id(objection_id)
            .one(&tx)
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
        let mut m: objection::ActiveModel = o.clone().into();
        m.status = Set(if upheld {
            ObjectionStatus::Upheld
        } else {
            ObjectionStatus::Dismissed
        }
        .as_str()
        .into());
        m.answer = Set(Some(answer.clone()));
        m.answered_by = Set(Some(actor.account_id));
        m.answered_at = Set(Some(t));
        m.update(&tx).await?;
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
            let a = award::Entity::find_by_id(o.award_id)
                .one(&tx)
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
        let p = project::Entity::find_by_id(project_id)
            .one(tx)
            .await?
            .ok_or(Error::NotFound)?;
        let Some(a) = award::Entity::find_by_id(award_id)
            .one(tx)
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
        let mut m: award::ActiveModel = a.clone().into();
        m.status = Set(status.into());
        if decision == BidDecision::ExcludedRefusal {
            m.refusal_reason = Set(Some(reason.to_owned()));
        }
        m.updated_at = Set(now());
        m.update(tx).await?;
        let r = registration::Entity::find()
            .filter(registration::Column::ProjectId.eq(p.id))
            .filter(registration::Column::Round.eq(p.round))
            .filter(registration::Column::FirmId.eq(a.firm_id))
            .one(tx)
            .await?
            .ok_or_else(|| Error::Internal("award without registration".into()))?;
        set_decision(tx, r.id, decision, reason).await?;
        let mut pm: project::ActiveModel = p.clone().into();
        pm.status = Set(ProjectStatus::Selecting.as_str().into());
        let p = pm.update(tx).await?;
        self.advance(tx, p, None).await
    }
}
