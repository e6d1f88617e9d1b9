//! Reading a project's selection, draw and plans, as each viewer may see them.

use super::*;

impl Services {
    /// The published draw of a closed project (with the revealed seed).
    pub async fn project_draw(&self, id: Uuid) -> Result<PublishedDraw> {
        let p = visible_project(&self.db, id).await?;
        match p.draw_doc.as_deref() {
            Some(doc) => stored_json("project", p.id, "draw_doc", doc),
            None => Err(conflict("not-drawn", "status", "field.project.not-drawn")),
        }
    }

    /// The selection as a project's page shows it, from the project already read: while the
    /// project cannot have closed (published, its deadline ahead: the closing job only closes
    /// after it) the sealed view needs no read of its own — the page is the busiest read of a
    /// bid storm.
    pub async fn selection_for(
        &self,
        viewer: Option<&Actor>,
        p: &super::projects::ProjectView,
    ) -> Result<SelectionView> {
        if p.status == ProjectStatus::Published && p.registration_deadline > now() {
            let mut view = SelectionView::sealed(p.id, p.status, p.round, p.method);
            view.mine = self.viewer_registration(viewer, p.id).await?;
            view.allowed = selection_steps(&SelectionFacts {
                viewer: viewer_kind(viewer, p.owner_account_id, view.mine.as_ref()),
                registration_open: true,
                failed: false,
                award: None,
            });
            return Ok(view);
        }
        self.project_selection(viewer, p.id).await
    }

    /// The viewing firm's registration for the project's current round (nobody else has one).
    async fn viewer_registration(
        &self,
        viewer: Option<&Actor>,
        project_id: Uuid,
    ) -> Result<Option<RegistrationView>> {
        match viewer {
            Some(a) if a.role == Role::Intermediary => self.my_registration(a, project_id).await,
            _ => Ok(None),
        }
    }

    /// A project's selection record: after the opening, the bids, the ranking, the awards and
    /// objections; before it, nothing about any bid.
    pub async fn project_selection(
        &self,
        viewer: Option<&Actor>,
        id: Uuid,
    ) -> Result<SelectionView> {
        let p = store::find::<project::Model>(&self.db, id)
            .await?
            .ok_or(Error::NotFound)?;
        if p.status == ProjectStatus::Draft.as_str()
            && viewer.is_none_or(|a| a.account_id != p.owner_account_id)
        {
            return Err(Error::NotFound);
        }
        let status = status_of(&p)?;
        let mut view = SelectionView::sealed(p.id, status, p.round, method_kind(&p)?);
        view.closed_at = p.closed_at;
        view.failed_reason = p
            .failed_reason
            .as_deref()
            .map(|r| stored("project", p.id, "failed_reason", r, FailedReason::parse(r)))
            .transpose()?;
        view.mine = self.viewer_registration(viewer, p.id).await?;
        let t = now();
        let mut facts = SelectionFacts {
            viewer: viewer_kind(viewer, p.owner_account_id, view.mine.as_ref()),
            registration_open: status == ProjectStatus::Published && t < p.registration_deadline,
            failed: status == ProjectStatus::Failed,
            award: None,
        };
        // Sealed until the project has closed: no bid, no count, no name.
        if p.closed_at.is_none() {
            if status == ProjectStatus::Cancelled {
                view.next = NextStep::Cancelled;
            }
            view.allowed = selection_steps(&facts);
            return Ok(view);
        }
        let regs = active_registrations(&self.db, &p).await?;
        let ranks = draw_ranks(&p)?;
        let awards = store::projects::awards_of_round_oldest_first(&self.db, p.id, p.round).await?;
        let objections = store::projects::objections_oldest_first(&self.db, p.id).await?;
        facts.award = awards.last().map(|a| {
            let open = objections
                .iter()
                .any(|o| o.award_id == a.id && o.status == ObjectionStatus::Open.as_str());
            award_facts(&p, a, t, view.mine.as_ref().map(|r| r.firm_id), open)
        });
        view.allowed = selection_steps(&facts);
        let firms = firms_by_id(
            &self.db,
            regs.iter()
                .map(|r| r.firm_id)
                .chain(objections.iter().map(|o| o.firm_id)),
        )
        .await?;
        let name = |id: &Uuid| firms.get(id).map(|f| f.name.clone()).unwrap_or_default();
        let (cands, decided) = candidates(&p, &regs)?;
        let procedure = procedure_of(&p)?;
        view.next = match status {
            ProjectStatus::Selecting => match next_step(&procedure, &cands, &decided) {
                Step::OwnerPicks { choices } => NextStep::OwnerPicks {
                    choices: choices.iter().map(|c| uuid_of(c)).collect(),
                },
                Step::ConfirmLow { firm } => NextStep::ConfirmLow {
                    firm: uuid_of(&firm),
                },
                Step::ScorePlans { firms } => NextStep::ScorePlans {
                    firms: firms.iter().map(|c| uuid_of(c)).collect(),
                },
                Step::Award { .. } | Step::NoneLeft => NextStep::Awarded,
            },
            ProjectStatus::Awarded => NextStep::Awarded,
            ProjectStatus::Contracted => NextStep::Contracted,
            ProjectStatus::Failed => NextStep::Failed,
            ProjectStatus::Cancelled => NextStep::Cancelled,
            _ => NextStep::NotClosed,
        };
        view.ranking = ranking(&procedure, &cands, &decided)
            .ranked
            .into_iter()
            .map(|r| RankedLine {
                firm_id: uuid_of(&r.firm),
                abnormally_low: r.abnormally_low,
                total_centi: r.total_centi,
            })
            .collect();
        let mut bids: Vec<OpenedBid> = regs
            .into_iter()
            .map(|r| {
                Ok(OpenedBid {
                    decision: bid_decision(&r)?,
                    firm_name: name(&r.firm_id),
                    draw_rank: ranks.get(&r.firm_id.to_string()).copied(),
                    firm_id: r.firm_id,
                    price_fen: r.price_fen,
                    plan_sha256: r.plan_sha256,
                    nonce: r.nonce,
                    receipt: r.receipt,
                    credit_score: r.credit_score,
                    plan_score: r.plan_score,
                    decision_reason: r.decision_reason,
                })
            })
            .collect::<Result<_>>()?;
        bids.sort_by_key(|b| b.draw_rank.unwrap_or(usize::MAX));
        view.bids = bids;
        let award_firms = firms_by_id(&self.db, awards.iter().map(|a| a.firm_id)).await?;
        view.awards = awards
            .into_iter()
            .map(|a| {
                let status = stored(
                    "award",
                    a.id,
                    "status",
                    &a.status,
                    AwardStatus::parse(&a.status),
                )?;
                Ok(AwardView {
                    id: a.id,
                    firm_name: award_firms
                        .get(&a.firm_id)
                        .map(|f| f.name.clone())
                        .unwrap_or_default(),
                    firm_id: a.firm_id,
                    price_fen: a.price_fen,
                    service_days: p.service_days,
                    reason: a.reason,
                    status,
                    awarded_at: a.awarded_at,
                    notice_until: a.notice_until,
                    contract_due: a.contract_due,
                    contract_signed_on: a.contract_signed_on,
                    contract_price_fen: a.contract_price_fen,
                    contract_service_days: a.contract_service_days,
                    contract_terms: a.contract_terms,
                    contract_document: a.contract_document_id,
                    refusal_reason: a.refusal_reason,
                })
            })
            .collect::<Result<_>>()?;
        view.objections = objections
            .into_iter()
            .map(|o| {
                let n = name(&o.firm_id);
                objection_view(o, &n)
            })
            .collect::<Result<_>>()?;
        Ok(view)
    }
}

/// Who the viewer is to the project, as the next-step rules take it.
fn viewer_kind(viewer: Option<&Actor>, owner: Uuid, mine: Option<&RegistrationView>) -> Viewer {
    match viewer {
        Some(a) if a.account_id == owner && may(a.role, Permission::ManageOwnProjects) => {
            Viewer::Owner
        }
        Some(a) if may(a.role, Permission::SuperviseProjects) => Viewer::Regulator,
        Some(a) if a.role == Role::Intermediary => Viewer::Firm {
            registered: mine.is_some_and(|r| r.status == RegistrationStatus::Active),
        },
        _ => Viewer::Public,
    }
}
