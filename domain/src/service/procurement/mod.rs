//! From registration to contract (报名 → 开标 → 选取 → 中选公示 → 合同): firms register with
//! sealed bids, a background job closes each project at its deadline exactly once (opening the
//! bids and making the project's one verifiable draw), the announced method selects with the
//! owner where it needs them, the award is published for a notice period in which registrants may
//! object, and the owner records the signed contract or the winner's refusal.
//!
//! Sealed bids: a bid's price and plan are read by this module only for their own firm until the
//! project has closed. Nothing else reads the `registration` table's bid columns; the audit trail
//! records the receipt, never the price.

use super::{Services, authorize};
use crate::error::{Error, FieldError, Result, stored, stored_json};
use crate::i18n::{Lang, message};
use crate::model::attachment::{AttachmentRef, Upload};
use crate::model::catalogue::QualRequirement;
use crate::model::firm::text;
use crate::model::project::{AwardStatus, ObjectionStatus, RegistrationStatus};
use crate::model::project::{BidDecision, FailedReason, MethodKind, ProjectStatus};
use crate::model::{Actor, Role};
use crate::platform::attachments::{self, AttachmentView, Owner};
use crate::platform::audit::{AuditActor, record};
use crate::platform::clock::now;
use crate::platform::clock::today_in_china;
use crate::platform::mail::{self, MailKey, render_mail};
use crate::platform::outbox;
use crate::rules::access::{Permission, may};
use crate::rules::draw::{PublishedDraw, Seed, draw};
use crate::rules::eligibility::{FirmFacts, Held, ProjectFacts, may_register};
use crate::rules::procedure::{
    AwardFacts, ContractRefusal, ObjectionRefusal, SelectionFacts, SelectionStep, Viewer,
    may_contract, may_object, selection_steps,
};
use crate::rules::procedure::{
    BidInput, CONTRACT_WORKING_DAYS, Decisions, NOTICE_WORKING_DAYS, Procedure, Step, bid_receipt,
    check_bid, end_of_working_days, next_step, owner_may_award, ranking,
};
use crate::rules::selection::{Candidate, Weights};
use crate::service::firms::own_firm;
use crate::store::entities::{attachment, award, firm, objection, project, registration};
use crate::store::{self, ConnectionTrait, DatabaseTransaction, begin_write};
use chrono::{DateTime, NaiveDate, Utc};
use projects::MethodParams;
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

mod awarding;
mod close;
mod contract;
mod desk;
mod documents;
mod objections;
pub mod projects;
mod read;
mod register;
mod views;
pub use desk::Submission as BidSubmission;
pub use views::{
    AwardView, ContractInput, NextStep, ObjectionView, OpenedBid, RankedLine, RegistrationView,
    SelectionView,
};

/// This instance's queue of sealed bids: written by group commit (see `desk`).
pub type BidDesk = crate::platform::batch::Batcher<BidSubmission, Result<RegistrationView>>;

/// A new bid desk for [`Services`]: one writer on either engine. On SQLite a second writer would
/// only wait for the write lock. On PostgreSQL four writers were tried: batches then overlapped
/// but were smaller, so a bid cost more statements, and on a busy machine the bid storm took
/// fewer bids a second than with one writer (figures: tests/bench/README.md, section
/// "PostgreSQL: one writer, one statement, TCP_NODELAY"). Several instances still write at once;
/// see `desk` for how their batches meet.
pub fn bid_desk() -> BidDesk {
    BidDesk::new(desk::MAX_BATCH, 1)
}

/// The audit entry of an action on a sealed bid (`bid.register`, `bid.replace`,
/// `bid.withdraw`): before the opening nobody may learn who registered for a project, nor how
/// many registered (招标投标法 art. 22), regulators reading the audit trail included. So the
/// entry names only the bid's receipt — a SHA-256 commitment over project, firm, price, plan and
/// a secret nonce, which reveals none of them — and its change is the receipt alone. The opening
/// publishes each bid's firm, nonce and receipt (and the `project.close` entry lists the
/// receipts), so from then on every such entry is attributable.
pub(super) fn sealed_bid_entry(
    action: &'static str,
    receipt: String,
) -> crate::platform::audit::Entry<'static> {
    crate::platform::audit::Entry {
        actor: AuditActor::SealedBidder,
        action,
        object_type: "bid",
        change: json!({ "receipt": receipt }),
        object_id: receipt,
    }
}

/// The method and its parameters as the selection rules take them. An unknown stored method,
/// or a parameter its method needs missing from the stored ones, is an internal error (never a
/// random draw, never a made-up parameter).
pub fn procedure_of(p: &project::Model) -> Result<Procedure> {
    let i: MethodParams = stored_json("project", p.id, "method_params", &p.method_params)?;
    let param = |column: &str, value: Option<u32>| -> Result<u32> {
        stored("project", p.id, column, &p.method_params, value)
    };
    Ok(match method_code(p)? {
        "direct" => Procedure::Direct,
        "random-draw" => Procedure::RandomDraw,
        "credit-preferred" => Procedure::CreditPreferred {
            long_list: param("method_params.long_list", i.long_list)?,
            short_list: param("method_params.short_list", i.short_list)?,
        },
        "lowest-price" => Procedure::LowestPrice {
            cap_fen: p.budget_fen,
            abnormal_percent: param("method_params.abnormal_percent", i.abnormal_percent)?,
        },
        // "comprehensive": `method_code` lets no other code through.
        _ => Procedure::Comprehensive {
            cap_fen: p.budget_fen,
            weights: Weights {
                price: param("method_params.weight_price", i.weight_price)?,
                plan: param("method_params.weight_plan", i.weight_plan)?,
                credit: param("method_params.weight_credit", i.weight_credit)?,
            },
        },
    })
}

/// The stored method, one of the five; any other is an internal error.
fn method_kind(p: &project::Model) -> Result<MethodKind> {
    stored(
        "project",
        p.id,
        "method",
        &p.method,
        MethodKind::parse(&p.method),
    )
}

/// The stored method's code (see [`method_kind`]).
fn method_code(p: &project::Model) -> Result<&'static str> {
    Ok(method_kind(p)?.as_str())
}

fn needs_price(p: &project::Model) -> Result<bool> {
    Ok(method_kind(p)?.asks_price())
}

fn needs_plan(p: &project::Model) -> Result<bool> {
    Ok(method_kind(p)?.asks_plan())
}

/// The current award `a` of `p` as the next-step rules take it, at `t`, for a viewer that is
/// the firm `viewer_firm` (if any).
fn award_facts(
    p: &project::Model,
    a: &award::Model,
    t: DateTime<Utc>,
    viewer_firm: Option<Uuid>,
    open_objections: bool,
) -> AwardFacts {
    AwardFacts {
        in_notice: a.status == AwardStatus::Notice.as_str()
            && p.status == ProjectStatus::Awarded.as_str(),
        notice_over: t >= a.notice_until,
        viewer_won: viewer_firm == Some(a.firm_id),
        open_objections,
    }
}

fn status_of(p: &project::Model) -> Result<ProjectStatus> {
    stored(
        "project",
        p.id,
        "status",
        &p.status,
        ProjectStatus::parse(&p.status),
    )
}

/// The draw's context string: names the project and round, so that one seed never serves two
/// draws.
fn draw_context(p: &project::Model) -> String {
    format!("zjcs/project/{}/round/{}", p.id, p.round)
}

fn conflict(code: &'static str, field: &'static str, key: &'static str) -> Error {
    Error::Conflict(code, FieldError::new(field, key))
}

/// Email addresses of accounts, by account id.
async fn emails<C: ConnectionTrait>(
    db: &C,
    accounts: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>> {
    Ok(
        store::find_many::<crate::store::entities::account::Model>(db, accounts)
            .await?
            .into_iter()
            .map(|a| (a.id, a.email))
            .collect(),
    )
}

/// Firms by id.
async fn firms_by_id<C: ConnectionTrait>(
    db: &C,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, firm::Model>> {
    Ok(store::find_many::<firm::Model>(db, ids)
        .await?
        .into_iter()
        .map(|f| (f.id, f))
        .collect())
}

/// The current round's live registrations, in a fixed order.
async fn active_registrations<C: ConnectionTrait>(
    db: &C,
    p: &project::Model,
) -> Result<Vec<registration::Model>> {
    store::projects::live_registrations(db, p.id, p.round).await
}

/// The draw's order: firm id → position (none before the draw; a stored draw that does not read
/// is an internal error, never an empty order).
fn draw_ranks(p: &project::Model) -> Result<HashMap<String, usize>> {
    let Some(doc) = p.draw_doc.as_deref() else {
        return Ok(HashMap::new());
    };
    let d: PublishedDraw = stored_json("project", p.id, "draw_doc", doc)?;
    Ok(d.result
        .into_iter()
        .enumerate()
        .map(|(i, f)| (f, i))
        .collect())
}

/// The opened registrants as the rules see them, and what has been decided.
fn candidates(
    p: &project::Model,
    regs: &[registration::Model],
) -> Result<(Vec<Candidate>, Decisions)> {
    let ranks = draw_ranks(p)?;
    let mut decided = Decisions::default();
    let cands = regs
        .iter()
        .map(|r| {
            let firm = r.firm_id.to_string();
            match bid_decision(r)? {
                Some(BidDecision::AcceptedLow) => {
                    decided.accepted_low.insert(firm.clone());
                }
                Some(
                    BidDecision::RejectedLow
                    | BidDecision::ExcludedObjection
                    | BidDecision::ExcludedComplaint
                    | BidDecision::ExcludedRefusal
                    | BidDecision::ExcludedIneligible,
                ) => {
                    decided.excluded.insert(firm.clone());
                }
                None => {}
            }
            Ok(Candidate {
                draw_rank: ranks.get(&firm).copied().unwrap_or(usize::MAX),
                firm,
                credit_score: r.credit_score.unwrap_or(0),
                price_fen: r.price_fen,
                plan_score: r.plan_score.map(|s| s.max(0) as u32),
            })
        })
        .collect::<Result<_>>()?;
    Ok((cands, decided))
}

/// The decision stored on an opened bid, if any (an unknown one is an internal error: it must
/// not silently exclude or admit a firm).
fn bid_decision(r: &registration::Model) -> Result<Option<BidDecision>> {
    r.decision
        .as_deref()
        .map(|d| stored("registration", r.id, "decision", d, BidDecision::parse(d)))
        .transpose()
}

fn uuid_of(s: &str) -> Uuid {
    Uuid::parse_str(s).unwrap_or_default()
}

impl Services {
    /// A registration as its own firm sees it: with its bid, opened for it if still sealed.
    fn registration_view(
        &self,
        r: registration::Model,
        p: &project::Model,
    ) -> Result<RegistrationView> {
        let project_status = status_of(p)?;
        registration_view(self.opened_registration(r)?, p, project_status)
    }
}

/// A registration whose bid is readable (see [`Services::registration_view`]), in a project of
/// `project_status` (read with [`status_of`]).
fn registration_view(
    r: registration::Model,
    p: &project::Model,
    project_status: ProjectStatus,
) -> Result<RegistrationView> {
    let status = stored(
        "registration",
        r.id,
        "status",
        &r.status,
        RegistrationStatus::parse(&r.status),
    )?;
    Ok(RegistrationView {
        id: r.id,
        project_id: p.id,
        project_title: p.title.clone(),
        project_status,
        registration_deadline: p.registration_deadline,
        firm_id: r.firm_id,
        round: r.round,
        status,
        price_fen: r.price_fen,
        plan_file: r.plan_file_id,
        plan_sha256: r.plan_sha256,
        nonce: r.nonce,
        receipt: r.receipt,
        created_at: r.created_at,
        updated_at: r.updated_at,
    })
}

fn objection_view(o: objection::Model, firm_name: &str) -> Result<ObjectionView> {
    let status = stored(
        "objection",
        o.id,
        "status",
        &o.status,
        ObjectionStatus::parse(&o.status),
    )?;
    Ok(ObjectionView {
        id: o.id,
        award_id: o.award_id,
        firm_id: o.firm_id,
        firm_name: firm_name.to_owned(),
        text: o.text,
        status,
        answer: o.answer,
        created_at: o.created_at,
        answered_at: o.answered_at,
    })
}

async fn set_decision(
    tx: &DatabaseTransaction,
    registration_id: Uuid,
    decision: BidDecision,
    reason: &str,
) -> Result<()> {
    store::projects::decide_bid(tx, registration_id, decision, reason).await
}

/// The registrations of `regs` whose firm may still take part at the moment the selection
/// decides (the closing, each draw and award, the fallback to the next-ranked firm). Every other
/// one is set aside, once: its bid excluded (`excluded-ineligible`) with the reason in words,
/// audited, the firm told. At the closing (`closing`) a set-aside registration is also
/// withdrawn, so it is neither opened nor drawn nor counted; later it stays on the selection
/// with its decision. What is returned is the registrations still live, decisions as now.
async fn set_aside_ineligible(
    services: &Services,
    tx: &DatabaseTransaction,
    p: &project::Model,
    regs: Vec<registration::Model>,
    closing: bool,
) -> Result<Vec<registration::Model>> {
    let t = now();
    let firms = firms_by_id(tx, regs.iter().map(|r| r.firm_id)).await?;
    let standings =
        crate::service::credit::standing::standings_of(tx, &firms.values().collect::<Vec<_>>(), t)
            .await?;
    let mut live = Vec::with_capacity(regs.len());
    let mut told = Vec::new();
    for r in regs {
        let bar = standings
            .get(&r.firm_id)
            .and_then(|s| s.bars.first().cloned());
        let already = r.decision.as_deref() == Some(BidDecision::ExcludedIneligible.as_str());
        let Some(bar) = bar.filter(|_| !already) else {
            live.push(r);
            continue;
        };
        let reason = crate::rules::eligibility::bar_error("registration", &bar).message(Lang::Zh);
        let set_aside = registration::Model {
            decision: Some(BidDecision::ExcludedIneligible.as_str().into()),
            decision_reason: Some(reason.clone()),
            status: if closing {
                RegistrationStatus::Withdrawn.as_str().into()
            } else {
                r.status.clone()
            },
            updated_at: t,
            ..r.clone()
        };
        let set_aside = store::update(tx, &r, set_aside).await?;
        record(
            tx,
            AuditActor::System,
            "project.set-aside",
            "project",
            &p.id.to_string(),
            json!({ "firm": r.firm_id, "round": p.round, "bar": bar, "reason": reason }),
        )
        .await?;
        if let Some(f) = firms.get(&r.firm_id) {
            told.push((f.account_id, reason));
        }
        if !closing {
            live.push(set_aside);
        }
    }
    if !told.is_empty() {
        let addresses = emails(tx, told.iter().map(|(a, _)| *a)).await?;
        let link = services.project_link(p.id);
        for (account, reason) in &told {
            if let Some(to) = addresses.get(account) {
                mail::send(
                    tx,
                    to,
                    MailKey::RegistrationSetAside,
                    &[("title", &p.title), ("reason", reason), ("link", &link)],
                )
                .await?;
            }
        }
    }
    Ok(live)
}

/// What keeps the firm `firm_id` from taking part now, the gravest bar, if anything does.
async fn bar_of(
    tx: &DatabaseTransaction,
    firm_id: Uuid,
) -> Result<Option<crate::rules::standing::Bar>> {
    let Some(f) = store::find::<firm::Model>(tx, firm_id).await? else {
        return Ok(None);
    };
    Ok(crate::service::credit::standing::standing_of(tx, &f, now())
        .await?
        .bars
        .into_iter()
        .next())
}

/// The refusal of a step for a firm that may no longer take part, naming why in words.
fn ineligible_firm(bar: &crate::rules::standing::Bar) -> Error {
    Error::Conflict(
        "firm-ineligible",
        crate::rules::eligibility::bar_error("firm", bar),
    )
}

/// The latest award of the project's current round.
async fn current_award<C: ConnectionTrait>(
    db: &C,
    p: &project::Model,
) -> Result<Option<award::Model>> {
    store::projects::latest_award_of_round(db, p.id, p.round).await
}

/// A project anybody may see (not a draft).
async fn visible_project<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<project::Model> {
    store::find::<project::Model>(db, id)
        .await?
        .filter(|p| p.status != ProjectStatus::Draft.as_str())
        .ok_or(Error::NotFound)
}

async fn own_project_in<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    id: Uuid,
) -> Result<project::Model> {
    store::find::<project::Model>(db, id)
        .await?
        .filter(|p| p.owner_account_id == actor.account_id)
        .ok_or(Error::NotFound)
}

/// Tells a cancelled project's registrants (their bids stay sealed: a cancelled project is never
/// opened).
pub(super) async fn tell_registrants_cancelled(
    tx: &DatabaseTransaction,
    p: &project::Model,
    reason: &str,
    link: &str,
) -> Result<()> {
    let regs = active_registrations(tx, p).await?;
    let firms = firms_by_id(tx, regs.iter().map(|r| r.firm_id)).await?;
    for to in emails(tx, firms.values().map(|f| f.account_id))
        .await?
        .values()
    {
        mail::send(
            tx,
            to,
            MailKey::Cancelled,
            &[("title", &p.title), ("reason", reason), ("link", link)],
        )
        .await?;
    }
    Ok(())
}

/// Voids the current round's live registrations of a project whose announcement changed in
/// substance, and tells their firms. Returns how many.
pub(super) async fn void_registrations(
    tx: &DatabaseTransaction,
    p: &project::Model,
    link: &str,
) -> Result<usize> {
    let regs = active_registrations(tx, p).await?;
    if regs.is_empty() {
        return Ok(0);
    }
    store::projects::void_live_registrations(tx, p.id, p.round, now()).await?;
    let firms = firms_by_id(tx, regs.iter().map(|r| r.firm_id)).await?;
    for to in emails(tx, firms.values().map(|f| f.account_id))
        .await?
        .values()
    {
        mail::send(
            tx,
            to,
            MailKey::RegistrationVoided,
            &[("title", &p.title), ("link", link)],
        )
        .await?;
    }
    Ok(regs.len())
}

/// Takes the project's row lock if it is in `status` (PostgreSQL: a row lock until the
/// transaction ends; SQLite: the write transaction holds the database already). Decisions on one
/// project serialize on it, so two concurrent decisions never both act on the same state.
async fn lock_project(tx: &DatabaseTransaction, id: Uuid, status: ProjectStatus) -> Result<bool> {
    store::projects::lock_project_in_status(tx, id, status).await
}

/// Takes the project's row lock while registration is open (same round, published, before the
/// deadline at `t`). A bid and the closing job serialize on this row, so a bid either commits
/// before the project closes (and is opened) or finds it closed.
async fn lock_open(tx: &DatabaseTransaction, p: &project::Model, t: DateTime<Utc>) -> Result<()> {
    if store::projects::lock_project_while_open(tx, p.id, p.round, t).await? {
        Ok(())
    } else {
        Err(Error::Ineligible(vec![FieldError::new(
            "registration",
            "registration.deadline-passed",
        )]))
    }
}

#[cfg(test)]
mod stored_value_tests {
    use super::*;

    fn row(method: &str, params: MethodParams, status: &str) -> project::Model {
        let t = Utc::now();
        project::Model {
            id: Uuid::from_u128(7),
            owner_account_id: Uuid::nil(),
            item_id: Uuid::nil(),
            title: String::new(),
            scope: String::new(),
            region_code: "330100".into(),
            budget_fen: 1_000_000,
            service_days: 30,
            fund_source: "self-funded".into(),
            required_qualifications: "[]".into(),
            method: method.into(),
            method_params: serde_json::to_string(&params).unwrap(),
            registration_deadline: t,
            deadline_micros: t.timestamp_micros(),
            selection_at: t,
            contact_name: String::new(),
            contact_phone: String::new(),
            avoid: "[]".into(),
            status: status.into(),
            cancel_reason: None,
            seed_commitment: None,
            seed_secret: None,
            published_at: None,
            published_micros: None,
            created_at: t,
            updated_at: t,
            round: 1,
            closed_at: None,
            draw_doc: None,
            failed_reason: None,
        }
    }

    fn internal(e: Error) -> String {
        match e {
            Error::Internal(m) => m,
            other => panic!("not internal: {other:?}"),
        }
    }

    fn lowest_price() -> MethodParams {
        MethodParams {
            abnormal_percent: Some(70),
            ..MethodParams::default()
        }
    }

    #[test]
    fn a_known_method_and_status_read_as_stored() {
        let p = row("lowest-price", lowest_price(), "selecting");
        assert_eq!(
            procedure_of(&p).unwrap(),
            Procedure::LowestPrice {
                cap_fen: 1_000_000,
                abnormal_percent: 70
            }
        );
        assert!(needs_price(&p).unwrap());
        assert!(!needs_plan(&p).unwrap());
        assert_eq!(status_of(&p).unwrap(), ProjectStatus::Selecting);
        let draw = row("random-draw", MethodParams::default(), "published");
        assert_eq!(procedure_of(&draw).unwrap(), Procedure::RandomDraw);
    }

    #[test]
    fn an_unknown_method_is_an_internal_error_not_a_random_draw() {
        let p = row("sealed-auction", MethodParams::default(), "selecting");
        let id = Uuid::from_u128(7).to_string();
        for e in [
            procedure_of(&p).unwrap_err(),
            needs_price(&p).unwrap_err(),
            needs_plan(&p).unwrap_err(),
        ] {
            let m = internal(e);
            for part in ["project", id.as_str(), "method", "sealed-auction"] {
                assert!(m.contains(part), "{m:?} does not name {part}");
            }
        }
    }

    #[test]
    fn a_missing_method_parameter_is_an_internal_error_not_a_default() {
        let p = row("lowest-price", MethodParams::default(), "selecting");
        let m = internal(procedure_of(&p).unwrap_err());
        assert!(m.contains("method_params.abnormal_percent"), "{m}");
        let mut corrupt = row("lowest-price", lowest_price(), "selecting");
        corrupt.method_params = "{".into();
        assert!(internal(procedure_of(&corrupt).unwrap_err()).contains("method_params"));
    }

    #[test]
    fn an_unknown_status_is_an_internal_error_not_a_draft() {
        let p = row("lowest-price", lowest_price(), "archived");
        let m = internal(status_of(&p).unwrap_err());
        for part in ["project", "status", "archived"] {
            assert!(m.contains(part), "{m:?} does not name {part}");
        }
    }

    #[test]
    fn a_draw_that_does_not_read_is_an_internal_error_not_an_empty_order() {
        let mut p = row("random-draw", MethodParams::default(), "selecting");
        assert!(draw_ranks(&p).unwrap().is_empty());
        p.draw_doc = Some("{\"result\":".into());
        let m = internal(draw_ranks(&p).unwrap_err());
        assert!(m.contains("draw_doc"), "{m}");
        assert!(candidates(&p, &[]).is_err());
    }
}
