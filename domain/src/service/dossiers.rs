//! Dossiers for regulators (监管档案): everything the marketplace holds on one firm or one
//! owner in one place — for a firm its standing, the complaints about it, its random
//! inspections and its awards; for an owner its projects, the complaints about it and whom it
//! picks by direct selection — and the inspector's own pending inspections.

use super::complaints::ComplaintView;
use super::firms::FirmView;
use super::{Services, authorize};
use crate::error::{Error, Result, stored};
use crate::model::project::{AwardStatus, MethodKind, ProjectStatus};
use crate::model::{Actor, OwnerKind, Role};
use crate::rules::access::Permission;
use crate::rules::inspection::Outcome;
use crate::store::entities::{account, firm};
use crate::store::{self, dossiers};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use uuid::Uuid;

/// At most this many rows of each list a dossier shows (newest first).
pub const DOSSIER_ROWS: u64 = 200;

/// A firm's random inspection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InspectionEntry {
    pub round_id: Uuid,
    pub title: String,
    pub drawn_at: Option<DateTime<Utc>>,
    pub outcome: Option<Outcome>,
    pub findings: Option<String>,
    pub points: Option<i32>,
}

/// An award a firm won (standing, or overturned or refused).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwardEntry {
    pub project_id: Uuid,
    pub title: String,
    pub method: MethodKind,
    pub price_fen: i64,
    pub status: AwardStatus,
    pub awarded_at: DateTime<Utc>,
}

/// One firm's dossier.
#[derive(Debug, Clone)]
pub struct FirmDossier {
    pub firm: FirmView,
    pub complaints: Vec<ComplaintView>,
    pub inspections: Vec<InspectionEntry>,
    pub awards: Vec<AwardEntry>,
}

/// One of an owner's projects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerProject {
    pub id: Uuid,
    pub title: String,
    pub method: MethodKind,
    pub status: ProjectStatus,
    pub budget_fen: i64,
    pub published_at: Option<DateTime<Utc>>,
    /// The firm of the standing award, by name.
    pub winner: Option<(Uuid, String)>,
}

/// A firm an owner picked by direct selection, and how often.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectPick {
    pub firm_id: Uuid,
    pub name: String,
    pub times: u64,
}

/// One owner's dossier.
#[derive(Debug, Clone)]
pub struct OwnerDossier {
    pub id: Uuid,
    pub name: String,
    pub kind: Option<OwnerKind>,
    pub projects: Vec<OwnerProject>,
    pub complaints: Vec<ComplaintView>,
    /// Firms picked by direct selection (standing awards), most first.
    pub direct: Vec<DirectPick>,
}

/// A firm an inspector was drawn for and has not yet recorded findings on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InspectionTask {
    pub round_id: Uuid,
    pub title: String,
    pub firm_id: Uuid,
    pub firm_name: String,
    pub drawn_at: Option<DateTime<Utc>>,
}

impl Services {
    /// A firm's dossier (regulators).
    pub async fn firm_dossier(&self, actor: &Actor, id: Uuid) -> Result<FirmDossier> {
        authorize(actor, Permission::WatchMarket)?;
        let f = store::find::<firm::Model>(&self.db, id)
            .await?
            .ok_or(Error::NotFound)?;
        let mut complaints = Vec::new();
        for c in dossiers::complaints_about_firm(&self.db, id, DOSSIER_ROWS).await? {
            complaints.push(self.complaint_view(&self.db, c, false, None).await?);
        }
        let targets = dossiers::inspections_of_firm(&self.db, id, DOSSIER_ROWS).await?;
        let rounds = dossiers::rounds_by_id(&self.db, targets.iter().map(|t| t.round_id)).await?;
        let mut inspections: Vec<InspectionEntry> = targets
            .into_iter()
            .map(|t| {
                let r = rounds.get(&t.round_id);
                let outcome = t
                    .outcome
                    .as_deref()
                    .map(|o| stored("inspection_target", t.id, "outcome", o, Outcome::parse(o)))
                    .transpose()?;
                Ok(InspectionEntry {
                    round_id: t.round_id,
                    title: r.map(|r| r.title.clone()).unwrap_or_default(),
                    drawn_at: r.and_then(|r| r.drawn_at),
                    outcome,
                    findings: t.findings,
                    points: t.points,
                })
            })
            .collect::<Result<_>>()?;
        inspections.sort_by_key(|i| std::cmp::Reverse(i.drawn_at));
        let awards = dossiers::awards_of_firm(&self.db, id, DOSSIER_ROWS).await?;
        let projects: HashMap<Uuid, (String, MethodKind)> =
            dossiers::project_titles_and_methods(&self.db, awards.iter().map(|a| a.project_id))
                .await?
                .into_iter()
                .map(|(i, t, m)| {
                    Ok((
                        i,
                        (
                            t,
                            stored("project", i, "method", &m, MethodKind::parse(&m))?,
                        ),
                    ))
                })
                .collect::<Result<_>>()?;
        Ok(FirmDossier {
            firm: FirmView::try_from(f)?,
            complaints,
            inspections,
            awards: awards
                .into_iter()
                .map(|a| {
                    let (title, method) =
                        projects.get(&a.project_id).cloned().ok_or_else(|| {
                            Error::Internal(format!("award {} without project", a.id))
                        })?;
                    Ok(AwardEntry {
                        project_id: a.project_id,
                        title,
                        method,
                        price_fen: a.contract_price_fen.unwrap_or(a.price_fen),
                        status: stored(
                            "award",
                            a.id,
                            "status",
                            &a.status,
                            AwardStatus::parse(&a.status),
                        )?,
                        awarded_at: a.awarded_at,
                    })
                })
                .collect::<Result<_>>()?,
        })
    }

    /// An owner's dossier (regulators).
    pub async fn owner_dossier(&self, actor: &Actor, id: Uuid) -> Result<OwnerDossier> {
        authorize(actor, Permission::WatchMarket)?;
        let a = store::find::<account::Model>(&self.db, id)
            .await?
            .filter(|a| a.role == Role::Owner.as_str())
            .ok_or(Error::NotFound)?;
        let projects = dossiers::published_projects_of_owner(&self.db, id, DOSSIER_ROWS).await?;
        let awards =
            dossiers::standing_awards_of_projects(&self.db, projects.iter().map(|p| p.id)).await?;
        let names = crate::store::firms::names(&self.db, awards.iter().map(|a| a.firm_id)).await?;
        let winner: HashMap<(Uuid, i32), Uuid> = awards
            .iter()
            .map(|a| ((a.project_id, a.round), a.firm_id))
            .collect();
        let mut direct: HashMap<Uuid, u64> = HashMap::new();
        let projects: Vec<OwnerProject> = projects
            .into_iter()
            .map(|p| {
                let w = winner.get(&(p.id, p.round)).copied();
                let method = stored(
                    "project",
                    p.id,
                    "method",
                    &p.method,
                    MethodKind::parse(&p.method),
                )?;
                if let (Some(f), MethodKind::Direct) = (w, method) {
                    *direct.entry(f).or_default() += 1;
                }
                Ok(OwnerProject {
                    id: p.id,
                    title: p.title,
                    method,
                    status: stored(
                        "project",
                        p.id,
                        "status",
                        &p.status,
                        ProjectStatus::parse(&p.status),
                    )?,
                    budget_fen: p.budget_fen,
                    published_at: p.published_at,
                    winner: w.map(|f| (f, names.get(&f).cloned().unwrap_or_default())),
                })
            })
            .collect::<Result<_>>()?;
        let mut direct: Vec<DirectPick> = direct
            .into_iter()
            .map(|(f, times)| DirectPick {
                firm_id: f,
                name: names.get(&f).cloned().unwrap_or_default(),
                times,
            })
            .collect();
        direct.sort_by(|a, b| b.times.cmp(&a.times).then(a.name.cmp(&b.name)));
        let mut complaints = Vec::new();
        for c in dossiers::complaints_about_owner(&self.db, id, DOSSIER_ROWS).await? {
            complaints.push(self.complaint_view(&self.db, c, false, None).await?);
        }
        Ok(OwnerDossier {
            id,
            name: a.name,
            kind: a
                .owner_kind
                .as_deref()
                .map(|k| stored("account", a.id, "owner_kind", k, OwnerKind::parse(k)))
                .transpose()?,
            projects,
            complaints,
            direct,
        })
    }

    /// The firms the caller was drawn to inspect and has no findings on yet, oldest draw first
    /// (regulators).
    pub async fn my_inspection_tasks(&self, actor: &Actor) -> Result<Vec<InspectionTask>> {
        authorize(actor, Permission::RunInspections)?;
        let targets =
            dossiers::pending_inspections_of(&self.db, actor.account_id, DOSSIER_ROWS).await?;
        let rounds = dossiers::rounds_by_id(&self.db, targets.iter().map(|t| t.round_id)).await?;
        let names = crate::store::firms::names(&self.db, targets.iter().map(|t| t.firm_id)).await?;
        let mut out: Vec<InspectionTask> = targets
            .into_iter()
            .map(|t| {
                let r = rounds.get(&t.round_id);
                InspectionTask {
                    round_id: t.round_id,
                    title: r.map(|r| r.title.clone()).unwrap_or_default(),
                    firm_id: t.firm_id,
                    firm_name: names.get(&t.firm_id).cloned().unwrap_or_default(),
                    drawn_at: r.and_then(|r| r.drawn_at),
                }
            })
            .collect();
        out.sort_by(|a, b| {
            a.drawn_at
                .cmp(&b.drawn_at)
                .then(a.firm_name.cmp(&b.firm_name))
        });
        Ok(out)
    }
}
