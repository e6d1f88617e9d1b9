//! Random inspection rounds (双随机、一公开): a regulator defines a round (scope and counts) and
//! the platform commits to a draw seed; on request it fixes the population (listed and
//! suspended firms in scope) and the pool (every regulator), draws both verifiably and reveals
//! the seed; each drawn inspector records findings on the firms paired with them, which may
//! record credit points on the firm's ledger (a regulator's manual entry, with the round named
//! in its public reason). Rounds, draws and findings are public.
//!
//! See [`crate::rules::inspection`] for the rules and the pairing.

use super::credit::{NewEvent, current_policy, record_event};
use super::{Services, authorize};
use crate::error::{Error, FieldError, Result, stored, stored_json};
use crate::model::Actor;
use crate::platform::audit::{AuditActor, record};
use crate::platform::clock::now;
use crate::platform::mail::{MailKey, render_mail};
use crate::platform::new_secret;
use crate::platform::outbox;
use crate::rules::access::{Permission, may};
use crate::rules::credit::Grade;
use crate::rules::credit_ledger::EventKind;
use crate::rules::draw::{PublishedDraw, Seed};
use crate::rules::inspection::{
    FindingInput, InspectionStep, Outcome, RoundDrawError, RoundInput, RoundState, draw_round,
    round_steps, target_steps,
};
use crate::store::entities::{account, firm, inspection_round, inspection_target, service_item};
use crate::store::{self, ConnectionTrait, DatabaseTransaction, begin_write, inspections};
use chrono::{DateTime, Utc};
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

/// A drawn firm and what its inspector found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetView {
    pub position: i32,
    pub firm_id: Uuid,
    pub firm_name: String,
    pub inspector_id: Uuid,
    pub inspector_name: String,
    /// None until recorded.
    pub outcome: Option<Outcome>,
    pub findings: Option<String>,
    pub points: Option<i32>,
    pub recorded_at: Option<DateTime<Utc>>,
    /// What the viewer may do next on this firm ([`crate::rules::inspection::target_steps`]).
    pub allowed: Vec<InspectionStep>,
}

/// A round, as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundView {
    pub id: Uuid,
    pub title: String,
    pub item_id: Option<Uuid>,
    pub item_name: Option<String>,
    /// Region prefix; empty: everywhere.
    pub region: String,
    /// Grades in scope; empty: every grade.
    pub grades: Vec<String>,
    pub firm_count: u32,
    pub inspector_count: u32,
    pub status: RoundState,
    /// SHA-256 of the seed, published with the round.
    pub commitment: String,
    /// The two draws with everything needed to check them (the seed among it), once drawn.
    pub firm_draw: Option<PublishedDraw>,
    pub inspector_draw: Option<PublishedDraw>,
    pub targets: Vec<TargetView>,
    pub created_at: DateTime<Utc>,
    pub drawn_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// What the viewer may do next on the round ([`crate::rules::inspection::round_steps`]).
    pub allowed: Vec<InspectionStep>,
}

impl RoundView {
    /// The view with what `viewer` may do next on it and on each drawn firm.
    fn for_viewer(mut self, viewer: Option<&Actor>) -> Result<RoundView> {
        let runs = viewer.is_some_and(|a| may(a.role, Permission::RunInspections));
        self.allowed = round_steps(runs, self.status);
        for t in &mut self.targets {
            let theirs = viewer.is_some_and(|a| a.account_id == t.inspector_id);
            t.allowed = target_steps(runs, theirs, t.outcome.is_some());
        }
        Ok(self)
    }
}

impl RoundView {
    /// Whether both published draws check out from their own data (seed against commitment,
    /// lists against their hashes, results re-run).
    pub fn verified(&self) -> Option<bool> {
        let ok =
            |d: &PublishedDraw| d.commitment == self.commitment && d.verify().is_ok_and(|v| v.ok());
        match (&self.firm_draw, &self.inspector_draw) {
            (Some(f), Some(i)) => Some(ok(f) && ok(i)),
            _ => None,
        }
    }
}

fn refusal(code: &'static str, field: &'static str, message: &'static str) -> Error {
    Error::Conflict(code, FieldError::new(field, message))
}

impl Services {
    /// Defines a round and commits to its draw seed (regulators).
    pub async fn create_inspection_round(
        &self,
        actor: &Actor,
        input: &RoundInput,
    ) -> Result<RoundView> {
        authorize(actor, Permission::RunInspections)?;
        let r = input.check().map_err(Error::Validation)?;
        let seed = new_secret();
        let commitment = Seed::from_hex(&seed)
            .ok_or_else(|| Error::Internal("a fresh seed is 64 hex digits".into()))?
            .commitment();
        let tx = begin_write(&self.db).await?;
        if let Some(item) = r.item
            && store::find::<service_item::Model>(&tx, item)
                .await?
                .is_none()
        {
            return Err(Error::validation("item", "field.id.invalid"));
        }
        let id = Uuid::new_v4();
        let m = store::insert(
            &tx,
            inspection_round::Model {
                id,
                title: r.title.clone(),
                item_id: r.item,
                region_prefix: r
                    .region
                    .as_ref()
                    .map(|p| p.as_str().to_owned())
                    .unwrap_or_default(),
                grades: r.grades.iter().map(|g| g.as_str()).collect(),
                firm_count: r.firms as i32,
                inspector_count: r.inspectors as i32,
                seed_commitment: commitment.clone(),
                seed_secret: self
                    .seal_text(&crate::rules::seal::inspection_seed_context(&id), &seed),
                firm_draw: None,
                inspector_draw: None,
                status: RoundState::Planned.as_str().into(),
                created_by: actor.account_id,
                created_at: now(),
                drawn_at: None,
                closed_at: None,
            },
        )
        .await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "inspection.create",
            "inspection_round",
            &id.to_string(),
            json!({ "title": r.title, "commitment": commitment, "firms": r.firms, "inspectors": r.inspectors }),
        )
        .await?;
        let v = round_view(&tx, m, Vec::new())
            .await?
            .for_viewer(Some(actor))?;
        tx.commit().await?;
        Ok(v)
    }

    /// Draws a planned round's firms and inspectors and reveals the seed (regulators). Once.
    pub async fn draw_inspection_round(&self, actor: &Actor, id: Uuid) -> Result<RoundView> {
        authorize(actor, Permission::RunInspections)?;
        let tx = begin_write(&self.db).await?;
        let round = store::find::<inspection_round::Model>(&tx, id)
            .await?
            .ok_or(Error::NotFound)?;
        // Only one draw wins (two regulators at once): the first claims the planned round.
        if !inspections::claim_planned_round(&tx, id).await? {
            return Err(refusal(
                "inspection-drawn",
                "round",
                "field.inspection.already-drawn",
            ));
        }
        let population: Vec<String> = population(&tx, &round)
            .await?
            .into_iter()
            .map(|f| f.to_string())
            .collect();
        let pool: Vec<String> = inspections::regulators(&tx)
            .await?
            .into_iter()
            .map(|a| a.to_string())
            .collect();
        let seed = self.open_text(
            &crate::rules::seal::inspection_seed_context(&id),
            &round.seed_secret,
        )?;
        let seed = Seed::from_hex(&seed)
            .ok_or_else(|| Error::Internal("a stored seed is 64 hex digits".into()))?;
        let d = draw_round(
            id,
            &seed,
            &population,
            &pool,
            round.firm_count as u32,
            round.inspector_count as u32,
        )
        .map_err(|e| match e {
            RoundDrawError::NoFirms => {
                refusal("inspection-empty", "round", "field.inspection.no-firms")
            }
            RoundDrawError::NoInspectors | RoundDrawError::Draw(_) => {
                Error::Internal(format!("inspection draw: {e:?}"))
            }
        })?;
        let t = now();
        for (n, (f, i)) in d.pairs.iter().enumerate() {
            store::insert(
                &tx,
                inspection_target::Model {
                    id: Uuid::new_v4(),
                    round_id: id,
                    position: n as i32,
                    firm_id: Uuid::parse_str(f).map_err(|e| Error::Internal(e.to_string()))?,
                    inspector_account_id: Uuid::parse_str(i)
                        .map_err(|e| Error::Internal(e.to_string()))?,
                    outcome: None,
                    findings: None,
                    points: None,
                    credit_event_id: None,
                    recorded_at: None,
                },
            )
            .await?;
        }
        let firm_doc = PublishedDraw::of(&d.firms, &seed);
        let inspector_doc = PublishedDraw::of(&d.inspectors, &seed);
        let m = store::update(
            &tx,
            &round,
            inspection_round::Model {
                status: RoundState::Drawn.as_str().into(),
                firm_draw: Some(serde_json::to_string(&firm_doc).unwrap_or_default()),
                inspector_draw: Some(serde_json::to_string(&inspector_doc).unwrap_or_default()),
                drawn_at: Some(t),
                ..round.clone()
            },
        )
        .await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "inspection.draw",
            "inspection_round",
            &id.to_string(),
            json!({
                "population": d.firms.entries.len(),
                "population_hash": d.firms.list_hash,
                "pool": d.inspectors.entries.len(),
                "pool_hash": d.inspectors.list_hash,
                "firms": d.firms.picked,
                "inspectors": d.inspectors.picked,
            }),
        )
        .await?;
        let targets = targets(&tx, id).await?;
        self.mail_inspectors(&tx, &m, &targets).await?;
        let v = round_view(&tx, m, targets).await?.for_viewer(Some(actor))?;
        tx.commit().await?;
        Ok(v)
    }

    fn round_link(&self, id: Uuid) -> String {
        format!(
            "{}/inspections/{id}",
            self.config.base_url.trim_end_matches('/')
        )
    }

    /// Tells each drawn inspector which firms are theirs, in the draw's transaction.
    async fn mail_inspectors(
        &self,
        tx: &DatabaseTransaction,
        round: &inspection_round::Model,
        targets: &[TargetView],
    ) -> Result<()> {
        let mut firms: HashMap<Uuid, Vec<&str>> = HashMap::new();
        for t in targets {
            firms.entry(t.inspector_id).or_default().push(&t.firm_name);
        }
        let emails = crate::store::accounts::emails(tx, firms.keys().copied()).await?;
        let link = self.round_link(round.id);
        let mut mails: Vec<outbox::Mail> = firms
            .iter()
            .filter_map(|(inspector, names)| {
                emails.get(inspector).map(|to| {
                    render_mail(
                        to,
                        MailKey::InspectionAssigned,
                        &[
                            ("title", round.title.as_str()),
                            ("firms", &names.join("、")),
                            ("link", &link),
                        ],
                    )
                })
            })
            .collect();
        mails.sort_by(|a, b| a.to.cmp(&b.to));
        outbox::enqueue_many(tx, mails).await
    }

    /// The drawn inspector's findings on one firm of a round, once; points (negative) go on the
    /// firm's ledger. The round closes with its last findings.
    pub async fn record_inspection_finding(
        &self,
        actor: &Actor,
        id: Uuid,
        firm_id: Uuid,
        input: &FindingInput,
    ) -> Result<RoundView> {
        authorize(actor, Permission::RunInspections)?;
        let f = input.check().map_err(Error::Validation)?;
        let tx = begin_write(&self.db).await?;
        let round = store::find::<inspection_round::Model>(&tx, id)
            .await?
            .ok_or(Error::NotFound)?;
        let target = inspections::target_of_firm(&tx, id, firm_id)
            .await?
            .ok_or(Error::NotFound)?;
        if target.inspector_account_id != actor.account_id {
            return Err(Error::Forbidden);
        }
        // Once: the first statement claims the empty findings.
        if !inspections::claim_unrecorded_target(&tx, target.id, f.outcome.as_str()).await? {
            return Err(refusal(
                "inspection-recorded",
                "outcome",
                "field.inspection.already-recorded",
            ));
        }
        let event = match f.points {
            Some(points) => {
                let policy = current_policy(&tx).await?.policy;
                Some(
                    record_event(
                        &tx,
                        self,
                        &policy,
                        NewEvent {
                            firm_id,
                            kind: EventKind::Manual { points },
                            project_id: None,
                            award_id: None,
                            reason: format!("随机抽查「{}」：{}", round.title, f.findings),
                            recorded_by: Some(actor.account_id),
                        },
                    )
                    .await?,
                )
            }
            None => None,
        };
        let t = now();
        store::update(
            &tx,
            &target,
            inspection_target::Model {
                outcome: Some(f.outcome.as_str().into()),
                findings: Some(f.findings.clone()),
                points: event.as_ref().map(|e| e.points),
                credit_event_id: event.as_ref().map(|e| e.id),
                recorded_at: Some(t),
                ..target.clone()
            },
        )
        .await?;
        // The firm is told what was found, and any points.
        if let Some(fm) = store::find::<firm::Model>(&tx, firm_id).await?
            && let Some(a) = store::find::<account::Model>(&tx, fm.account_id).await?
        {
            let outcome = crate::i18n::message(
                crate::i18n::Lang::Zh,
                &format!("inspection.outcome.{}", f.outcome.as_str()),
            )
            .to_owned();
            let points = event
                .as_ref()
                .map(|e| e.points.to_string())
                .unwrap_or_default();
            outbox::enqueue_many(
                &tx,
                vec![render_mail(
                    &a.email,
                    MailKey::InspectionResult,
                    &[
                        ("title", round.title.as_str()),
                        ("outcome", &outcome),
                        ("findings", &f.findings),
                        ("points", &points),
                        ("link", &self.round_link(id)),
                    ],
                )],
            )
            .await?;
        }
        let open = inspections::unrecorded_targets(&tx, id).await?;
        let round = if open == 0 {
            store::update(
                &tx,
                &round,
                inspection_round::Model {
                    status: RoundState::Closed.as_str().into(),
                    closed_at: Some(t),
                    ..round.clone()
                },
            )
            .await?
        } else {
            round
        };
        record(
            &tx,
            AuditActor::Account(actor),
            "inspection.finding",
            "inspection_round",
            &id.to_string(),
            json!({ "firm": firm_id, "outcome": f.outcome.as_str(), "points": f.points }),
        )
        .await?;
        let targets = targets(&tx, id).await?;
        let v = round_view(&tx, round, targets)
            .await?
            .for_viewer(Some(actor))?;
        tx.commit().await?;
        Ok(v)
    }

    /// Every round, newest first (public).
    pub async fn inspection_rounds(&self) -> Result<Vec<RoundView>> {
        let rows = inspections::rounds_newest_first(&self.db, 200).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(round_view(&self.db, r, Vec::new()).await?);
        }
        Ok(out)
    }

    /// One round with its draw and findings (public), with what `viewer` may do next.
    pub async fn inspection_round(&self, viewer: Option<&Actor>, id: Uuid) -> Result<RoundView> {
        let r = store::find::<inspection_round::Model>(&self.db, id)
            .await?
            .ok_or(Error::NotFound)?;
        let t = targets(&self.db, id).await?;
        round_view(&self.db, r, t).await?.for_viewer(viewer)
    }
}

/// The firms in a round's scope: listed or suspended, offering the item, in the region, of the
/// grades.
async fn population(conn: &impl ConnectionTrait, r: &inspection_round::Model) -> Result<Vec<Uuid>> {
    let mut region = None;
    if !r.region_prefix.is_empty() {
        // A stored prefix that does not read is an internal error, never "every region".
        let p = stored(
            "inspection_round",
            r.id,
            "region_prefix",
            &r.region_prefix,
            crate::model::firm::RegionPrefix::parse(&r.region_prefix).ok(),
        )?;
        region = Some(p.range());
    }
    let grades: Vec<String> = r.grades.chars().map(String::from).collect();
    inspections::firms_in_scope(conn, r.item_id, region, grades).await
}

async fn targets(conn: &impl ConnectionTrait, id: Uuid) -> Result<Vec<TargetView>> {
    let rows = inspections::targets_of_round(conn, id).await?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let firms = crate::store::firms::names(conn, rows.iter().map(|r| r.firm_id)).await?;
    let inspectors =
        crate::store::accounts::names(conn, rows.iter().map(|r| r.inspector_account_id)).await?;
    rows.into_iter()
        .map(|r| {
            let outcome = match &r.outcome {
                Some(o) => Some(stored(
                    "inspection_target",
                    format!("{}/{}", r.round_id, r.position),
                    "outcome",
                    o,
                    Outcome::parse(o),
                )?),
                None => None,
            };
            Ok(TargetView {
                position: r.position,
                firm_name: firms.get(&r.firm_id).cloned().unwrap_or_default(),
                firm_id: r.firm_id,
                inspector_name: inspectors
                    .get(&r.inspector_account_id)
                    .cloned()
                    .unwrap_or_default(),
                inspector_id: r.inspector_account_id,
                outcome,
                findings: r.findings,
                points: r.points,
                recorded_at: r.recorded_at,
                allowed: Vec::new(),
            })
        })
        .collect()
}

async fn round_view(
    conn: &impl ConnectionTrait,
    r: inspection_round::Model,
    targets: Vec<TargetView>,
) -> Result<RoundView> {
    let item_name = match r.item_id {
        Some(i) => store::find::<service_item::Model>(conn, i)
            .await?
            .map(|i| i.name),
        None => None,
    };
    // A stored draw or grade that does not read is an internal error, never left out.
    let doc = |column: &str, s: &Option<String>| -> Result<Option<PublishedDraw>> {
        s.as_deref()
            .map(|s| stored_json::<PublishedDraw>("inspection_round", r.id, column, s))
            .transpose()
    };
    let firm_draw = doc("firm_draw", &r.firm_draw)?;
    let inspector_draw = doc("inspector_draw", &r.inspector_draw)?;
    let grades = r
        .grades
        .chars()
        .map(|c| {
            let g = c.to_string();
            stored(
                "inspection_round",
                r.id,
                "grades",
                &r.grades,
                Grade::parse(&g),
            )
            .map(|g| g.as_str().to_owned())
        })
        .collect::<Result<Vec<String>>>()?;
    let status = stored(
        "inspection_round",
        r.id,
        "status",
        &r.status,
        RoundState::parse(&r.status),
    )?;
    Ok(RoundView {
        id: r.id,
        title: r.title,
        item_id: r.item_id,
        item_name,
        region: r.region_prefix,
        grades,
        firm_count: r.firm_count as u32,
        inspector_count: r.inspector_count as u32,
        status,
        commitment: r.seed_commitment,
        // The seed is served only inside the published draws, after the draw.
        firm_draw,
        inspector_draw,
        targets,
        created_at: r.created_at,
        drawn_at: r.drawn_at,
        closed_at: r.closed_at,
        allowed: Vec::new(),
    })
}
