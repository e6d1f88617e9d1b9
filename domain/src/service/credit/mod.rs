//! Credit (信用): the ledger of events, the versioned policy, and what a firm's standing does.
//!
//! Score, grade and restrictions are never edited: an event is recorded (by the marketplace, or by
//! a regulator with a reason) and the firm is assessed again from its whole ledger under the policy
//! in force ([`crate::rules::credit_ledger::assess`]). Its row keeps the outcome so that the
//! directory, the bid desk and the pages read it without the ledger. A change of status carries
//! its effects in the same transaction: the black list (and its restriction on the credit code,
//! which follows the legal representative to the other firms they represent), withdrawal of the
//! firm's open registrations with the owners told, and mail to the firm.
//!
//! Every write of an assessment is conditional on the row still holding what was assessed, so
//! two instances (or the expiry job and a regulator) never both carry out one transition: the
//! loser's update changes no row, and it does nothing more.

use super::{Services, authorize};
use crate::error::{Error, FieldError, Result, stored, stored_json};
use crate::model::Actor;
use crate::model::firm::FirmStatus;
use crate::model::project::RegistrationStatus;
use crate::platform::audit::{AuditActor, record};
use crate::platform::clock::now;
use crate::platform::mail::{MailKey, render_mail};
use crate::platform::outbox;
use crate::rules::access::Permission;
use crate::rules::credit::Grade;
use crate::rules::credit_ledger::{
    Assessment, CreditPolicy, EventCode, EventKind, EventRefusal, LedgerEvent, VetoItem, assess,
    history,
};
use crate::rules::standing::{Bar, FirmStanding, decide};
use crate::store::credit::{self as store_credit, Standing as Stored, write_if_unchanged};
use crate::store::directory::listing_changed;
use crate::store::entities::{
    account, credit_event, credit_policy, credit_restriction, firm, project, registration,
};
use crate::store::{ConnectionTrait, DatabaseTransaction, begin_write};
use chrono::{DateTime, Months, Utc};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

mod manage;
mod read;
mod recompute;
pub(crate) mod standing;
pub use manage::ManualEntry;

/// `source` of the black-list restrictions this module writes.
const SOURCE_VETO: &str = "credit-veto";
const SOURCE_REPRESENTATIVE: &str = "credit-veto-representative";

/// An event to record.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub firm_id: Uuid,
    pub kind: EventKind,
    pub project_id: Option<Uuid>,
    pub award_id: Option<Uuid>,
    /// Public: shown on the firm's ledger.
    pub reason: String,
    pub recorded_by: Option<Uuid>,
}

/// A ledger entry as the public sees it (no evidence, not who recorded it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventView {
    pub id: Uuid,
    pub kind: EventCode,
    /// For a veto: the item.
    pub veto_item: Option<VetoItem>,
    pub points: i32,
    pub policy_version: i32,
    pub project_id: Option<Uuid>,
    pub reason: String,
    pub recorded_at: DateTime<Utc>,
    /// Voided (an upheld appeal): kept on the ledger, not counted.
    pub voided_at: Option<DateTime<Utc>>,
    pub void_reason: Option<String>,
}

/// A firm's credit as its public page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FirmCredit {
    pub firm_id: Uuid,
    pub firm_name: String,
    pub credit_code: String,
    pub score: i32,
    pub grade: Grade,
    pub status: FirmStatus,
    /// What keeps it from taking part now, the gravest first (empty: listed).
    pub bars: Vec<Bar>,
    pub suspended_until: Option<DateTime<Utc>>,
    pub blacklisted_until: Option<DateTime<Utc>>,
    /// Suspended with its period over, still grade E: it may register after an approved repair.
    pub repair_needed: bool,
    /// Grade D: shown with a public warning.
    pub warning: bool,
    pub policy_version: u32,
    /// Newest first.
    pub events: Vec<EventView>,
    /// The score over the policy's window, oldest first (for the chart).
    pub history: Vec<(DateTime<Utc>, i32)>,
}

/// The market's credit at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreditMarket {
    /// Firms in the marketplace (listed or suspended) by grade, A to E.
    pub grades: Vec<(Grade, u64)>,
    pub suspended: Vec<SuspendedFirm>,
    pub policy_version: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SuspendedFirm {
    pub firm_id: Uuid,
    pub name: String,
    pub credit_code: String,
    pub grade: Grade,
    pub score: i32,
    /// None: the period is over and a credit repair is awaited.
    pub until: Option<DateTime<Utc>>,
    /// Why it may not take part now, the gravest bar (none: its suspension ran out a moment
    /// ago and the expiry job has not yet listed it again).
    pub bar: Option<Bar>,
}

/// The policy in force and its version's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyView {
    pub policy: CreditPolicy,
    pub reason: String,
    pub adopted_at: Option<DateTime<Utc>>,
}

/// What a recompute did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Recomputed {
    pub firms: u64,
    pub events: u64,
    /// Firms whose stored credit changed (written by this run).
    pub changed: u64,
    /// Of those, firms whose status changed (effects carried out).
    pub transitions: u64,
    pub millis: u64,
}

/// The policy in force: the highest version recorded, or DOMAIN.md's defaults as version 1.
pub async fn current_policy<C: ConnectionTrait>(db: &C) -> Result<PolicyView> {
    let row: Option<credit_policy::Model> = store_credit::newest_policy(db).await?;
    Ok(match row {
        Some(r) => PolicyView {
            policy: stored_json("credit_policy", r.version, "document", &r.document)?,
            reason: r.reason,
            adopted_at: Some(r.created_at),
        },
        None => PolicyView {
            policy: CreditPolicy::default(),
            reason: String::new(),
            adopted_at: None,
        },
    })
}

fn refusal_error(r: EventRefusal) -> Error {
    let (field, code) = match r {
        EventRefusal::AverageOutOfRange => ("ratings", "field.rating.range"),
        EventRefusal::ComplaintOutOfRange => ("points", "field.credit-points.complaint-range"),
        EventRefusal::ManualOutOfRange => ("points", "field.credit-points.manual-range"),
        EventRefusal::RepairNegative => ("points", "field.credit-points.repair-negative"),
    };
    Error::validation(field, code)
}

/// Records an event and assesses the firm again, inside the caller's transaction. Points are
/// fixed now by `policy` (the version is kept with the event).
pub(crate) async fn record_event(
    tx: &DatabaseTransaction,
    services: &Services,
    policy: &CreditPolicy,
    e: NewEvent,
) -> Result<credit_event::Model> {
    let points = policy.points(&e.kind).map_err(refusal_error)?;
    let t = now();
    let m = crate::store::insert(
        tx,
        credit_event::Model {
            id: Uuid::new_v4(),
            firm_id: e.firm_id,
            kind: e.kind.name().into(),
            detail: serde_json::to_string(&e.kind).unwrap_or_default(),
            points,
            policy_version: policy.version as i32,
            project_id: e.project_id,
            award_id: e.award_id,
            reason: e.reason,
            recorded_by: e.recorded_by,
            created_at: t,
            voided_at: None,
            void_reason: None,
        },
    )
    .await?;
    reassess(tx, services, policy, e.firm_id, t).await?;
    Ok(m)
}

/// The ledger as the rules read it, from the `credit_event` row `row`. A kind the code does not
/// know, or the detail of a veto or refusal that does not read, is an internal error (never an
/// adjustment of its points only).
fn ledger_event(
    row: impl std::fmt::Display,
    kind: &str,
    detail: &str,
    points: i32,
    at: DateTime<Utc>,
    voided: bool,
) -> Result<LedgerEvent> {
    // Only a veto's item and a refusal matter beyond the points; the rest keep their points
    // (the recompute reads their detail as '').
    let kind = match kind {
        "veto" | "refused-to-sign" => stored_json("credit_event", row, "detail", detail)?,
        "repair" | "evaluation" | "late" | "on-time" | "complaint" | "manual" => {
            EventKind::Manual { points }
        }
        other => return stored("credit_event", row, "kind", other, None),
    };
    Ok(LedgerEvent {
        kind,
        points,
        at,
        voided,
    })
}

impl Stored {
    /// What the assessment `a` and the standing it gives store on the firm's row: the ledger's
    /// columns, and the status every list reads.
    fn from(a: &Assessment, standing: &FirmStanding) -> Stored {
        Stored {
            score: a.standing.score,
            grade: a.standing.grade.as_str().into(),
            status: standing.status.as_str().into(),
            suspended_until: a.standing.suspended_until,
            blacklisted_until: a.standing.blacklisted_until,
            grade_e_since: a.grade_e_since,
        }
    }
}

/// The standing of the firm `f` with the fresh assessment `a`: the restrictions in force on its
/// code, but the rows its own veto wrote (the ledger is what decides those, a veto voided a
/// moment ago included), at `t`.
async fn decided(
    tx: &DatabaseTransaction,
    f: &firm::Model,
    a: &Assessment,
    t: DateTime<Utc>,
) -> Result<FirmStanding> {
    let rows = crate::store::firms::restrictions_in_force_on(tx, vec![f.credit_code.clone()], t)
        .await?
        .into_iter()
        .filter(|r| r.source != SOURCE_VETO)
        .map(|r| standing::restriction_of(&r))
        .collect::<Result<Vec<_>>>()?;
    Ok(decide(standing::ledger_part_of(a), &rows, t))
}

/// Assesses one firm again at `t` and writes the outcome with its effects; whether anything
/// changed. The firm's status is the one standing rule's ([`crate::rules::standing`]): its
/// ledger and every restriction in force on it.
pub(crate) async fn reassess(
    tx: &DatabaseTransaction,
    services: &Services,
    policy: &CreditPolicy,
    firm_id: Uuid,
    t: DateTime<Utc>,
) -> Result<bool> {
    // Never decided as of a moment before now: a job that started earlier (the recompute, the
    // expiry job on another instance) would otherwise see a restriction another transaction
    // has just ended as still in force, and put the firm back where it was.
    let t = t.max(now());
    let f = crate::store::find::<firm::Model>(tx, firm_id)
        .await?
        .ok_or(Error::NotFound)?;
    let events: Vec<LedgerEvent> = store_credit::ledger_of_firm(tx, firm_id)
        .await?
        .iter()
        .map(|e| {
            ledger_event(
                e.id,
                &e.kind,
                &e.detail,
                e.points,
                e.created_at,
                e.voided_at.is_some(),
            )
        })
        .collect::<Result<_>>()?;
    let a = assess(&events, policy, t, f.grade_e_since);
    let standing = decided(tx, &f, &a, t).await?;
    let old = Stored::of(&f);
    let new = Stored::from(&a, &standing);
    // The conditional write is the claim: of two instances assessing at once, one carries out
    // the effects.
    if old == new || !write_if_unchanged(tx, f.id, &old, &new, t).await? {
        return Ok(false);
    }
    if (old.score, &old.grade, &old.status) != (new.score, &new.grade, &new.status) {
        listing_changed(tx, Some(f.id)).await?;
    }
    // A veto newly in force (or a later one) writes the black list's rows, on the firm's code
    // and on the codes of the firms of its legal representative; a veto no longer in force
    // (voided, or run out) ends what of them still runs, so the rows never outlast the ledger.
    // The other firms are assessed again after.
    let mut others = Vec::new();
    if old.blacklisted_until != new.blacklisted_until {
        if let (Some(until), Some(item)) = (a.standing.blacklisted_until, a.standing.veto) {
            others = blacklist(tx, &f, item.as_str(), until, t).await?;
        } else if old.blacklisted_until.is_some() {
            others = end_blacklist(tx, &f, t).await?;
        }
    }
    if old.status != new.status || old.suspended_until != new.suspended_until {
        transition(tx, services, &f, &old, &a, &standing).await?;
    }
    for other in others {
        Box::pin(reassess(tx, services, policy, other, t)).await?;
    }
    Ok(true)
}

/// Assesses again, at `t`, the firms holding `codes` (their restrictions changed: an import,
/// a lift, a person's black-listing); how many changed.
pub(crate) async fn reassess_codes(
    tx: &DatabaseTransaction,
    services: &Services,
    codes: Vec<String>,
    t: DateTime<Utc>,
) -> Result<usize> {
    if codes.is_empty() {
        return Ok(0);
    }
    let policy = current_policy(tx).await?.policy;
    let mut n = 0;
    for f in crate::store::firms::with_credit_codes(tx, codes).await? {
        if reassess(tx, services, &policy, f.id, t).await? {
            n += 1;
        }
    }
    Ok(n)
}

/// China date of a moment, for mails and pages.
fn china_date(t: DateTime<Utc>) -> String {
    (t + chrono::Duration::hours(8))
        .format("%Y-%m-%d")
        .to_string()
}

/// The last day (China date) of a bar, "—" without an end.
fn last_day(until: Option<DateTime<Utc>>) -> String {
    until
        .map(|u| china_date(u - chrono::Duration::seconds(1)))
        .unwrap_or_else(|| "—".into())
}

/// Carries out a change of status: withdrawal of the firm's open registrations (it may not
/// take part any more), mail, audit.
async fn transition(
    tx: &DatabaseTransaction,
    services: &Services,
    f: &firm::Model,
    old: &Stored,
    a: &Assessment,
    standing: &FirmStanding,
) -> Result<()> {
    let email = crate::store::find::<account::Model>(tx, f.account_id)
        .await?
        .map(|a| a.email)
        .unwrap_or_default();
    let link = format!(
        "{}/firms/{}",
        services.config.base_url.trim_end_matches('/'),
        f.id
    );
    let was = FirmStatus::parse(&old.status).unwrap_or(FirmStatus::Listed);
    let gravest = standing.bars.first();
    let mut mails = Vec::new();
    if was == FirmStatus::Listed && !standing.eligible() {
        let key = match gravest {
            Some(Bar::Veto { .. } | Bar::Representative { .. }) => {
                MailKey::RegistrationWithdrawnBlacklist
            }
            Some(Bar::Dishonest { .. }) => MailKey::RegistrationWithdrawnDishonest,
            _ => MailKey::RegistrationWithdrawnSuspended,
        };
        withdraw_open_registrations(tx, services, f, key, gravest).await?;
    }
    match (standing.status, gravest) {
        (FirmStatus::Blacklisted, Some(bar)) if was != FirmStatus::Blacklisted => {
            let until = last_day(bar.until());
            match bar {
                Bar::Representative { firm, .. } => mails.push(render_mail(
                    &email,
                    MailKey::CreditBlacklistedRepresentative,
                    &[("of", firm), ("until", &until), ("link", &link)],
                )),
                _ => mails.push(render_mail(
                    &email,
                    MailKey::CreditBlacklisted,
                    &[("until", &until), ("link", &link)],
                )),
            }
        }
        (FirmStatus::Suspended, Some(Bar::Suspended { .. } | Bar::RepairNeeded)) => {
            let until = last_day(a.standing.suspended_until);
            mails.push(render_mail(
                &email,
                MailKey::CreditSuspended,
                &[("until", &until), ("link", &link)],
            ));
        }
        (FirmStatus::Listed, _) if was != FirmStatus::Listed => {
            mails.push(render_mail(
                &email,
                MailKey::CreditRestored,
                &[("link", &link)],
            ));
        }
        _ => {}
    }
    if !email.is_empty() {
        outbox::enqueue_many(tx, mails).await?;
    }
    record(
        tx,
        AuditActor::System,
        "firm.credit-status",
        "firm",
        &f.id.to_string(),
        json!({
            "from": old.status,
            "to": standing.status.as_str(),
            "score": a.standing.score,
            "grade": a.standing.grade.as_str(),
            "suspended_until": a.standing.suspended_until,
            "blacklisted_until": a.standing.blacklisted_until,
            "repair_needed": a.repair_needed,
            "bars": standing.bars,
        }),
    )
    .await
}

/// Puts a firm's veto on the black list: a restriction on its credit code and on the codes of
/// the other firms its legal representative represents, until `until`. The ids of those other
/// firms (to be assessed again).
async fn blacklist(
    tx: &DatabaseTransaction,
    f: &firm::Model,
    item: &str,
    until: DateTime<Utc>,
    t: DateTime<Utc>,
) -> Result<Vec<Uuid>> {
    // The restriction follows the people behind the firm: its legal representative and the
    // shareholders and executives it declared, to every other firm they stand behind.
    let hashes = crate::store::firms::person_hashes_of(tx, f).await?;
    let others = crate::store::firms::firms_of_people(tx, &hashes, f.id).await?;
    let mut rows = vec![credit_restriction::Model {
        id: Uuid::new_v4(),
        kind: "blacklist".into(),
        credit_code: f.credit_code.clone(),
        reason: format!("veto:{item}"),
        source: SOURCE_VETO.into(),
        starts_at: t,
        ends_at: Some(until),
        created_at: t,
        via_firm_id: None,
    }];
    for other in &others {
        rows.push(representative_row(&other.credit_code, f, Some(until), t));
    }
    crate::store::insert_many(tx, rows).await?;
    Ok(others.into_iter().map(|o| o.id).collect())
}

/// The restriction on `credit_code` because its firm's legal representative represents the
/// black-listed firm `via`, until `until`.
fn representative_row(
    credit_code: &str,
    via: &firm::Model,
    until: Option<DateTime<Utc>>,
    t: DateTime<Utc>,
) -> credit_restriction::Model {
    credit_restriction::Model {
        id: Uuid::new_v4(),
        kind: "blacklist".into(),
        credit_code: credit_code.into(),
        // The black-listed firm's name, as the pages name it (its id is `via_firm_id`).
        reason: via.name.clone(),
        source: SOURCE_REPRESENTATIVE.into(),
        starts_at: t,
        ends_at: until,
        created_at: t,
        via_firm_id: Some(via.id),
    }
}

/// Withdraws a firm's registrations from projects still taking them, each with an audit entry,
/// and tells their owners by the mail `mail_key` (`{firm}`, `{title}`, `{link}`); how many. Used
/// when the firm is black-listed or lands on the dishonesty list.
pub(crate) async fn withdraw_open_registrations(
    tx: &DatabaseTransaction,
    services: &Services,
    f: &firm::Model,
    mail_key: MailKey,
    bar: Option<&Bar>,
) -> Result<usize> {
    let t = now();
    let open: Vec<registration::Model> =
        store_credit::active_registrations_of_firm(tx, f.id).await?;
    if open.is_empty() {
        return Ok(0);
    }
    let projects: HashMap<Uuid, project::Model> =
        store_credit::published_projects_among(tx, open.iter().map(|r| r.project_id))
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
    let mut owners = Vec::new();
    for r in open {
        let Some(p) = projects.get(&r.project_id).filter(|p| p.round == r.round) else {
            continue;
        };
        let withdrawn = registration::Model {
            status: RegistrationStatus::Withdrawn.as_str().into(),
            updated_at: t,
            ..r.clone()
        };
        crate::store::update(tx, &r, withdrawn).await?;
        record(
            tx,
            AuditActor::System,
            "project.withdraw-blacklisted",
            "project",
            &p.id.to_string(),
            json!({ "firm": f.id, "round": p.round, "bar": bar }),
        )
        .await?;
        owners.push((p.owner_account_id, p.title.clone(), p.id));
    }
    let addresses: HashMap<Uuid, String> =
        crate::store::find_many::<account::Model>(tx, owners.iter().map(|o| o.0))
            .await?
            .into_iter()
            .map(|a| (a.id, a.email))
            .collect();
    let base = services.config.base_url.trim_end_matches('/');
    let mails = owners
        .iter()
        .filter_map(|(owner, title, id)| {
            let to = addresses.get(owner)?;
            Some(render_mail(
                to,
                mail_key,
                &[
                    ("firm", &f.name),
                    ("title", title),
                    ("link", &format!("{base}/projects/{id}")),
                ],
            ))
        })
        .collect();
    let n = owners.len();
    outbox::enqueue_many(tx, mails).await?;
    Ok(n)
}

/// Ends the black-list restrictions a veto wrote for a firm (its veto was voided): on its own
/// code and on the codes of the firms it restricted through its legal representative. The ids
/// of those other firms (to be assessed again).
async fn end_blacklist(
    tx: &DatabaseTransaction,
    f: &firm::Model,
    t: DateTime<Utc>,
) -> Result<Vec<Uuid>> {
    store_credit::end_veto_restrictions(tx, SOURCE_VETO, &f.credit_code, f.id, t).await
}

/// The black-listing that follows the people behind a firm (its legal representative, its
/// declared shareholders and executives), put in place when the firm enters, names a new legal
/// representative or declares a person: while one of them stands behind a black-listed firm
/// too, the firm's code is restricted until that black-listing ends. A restriction through a
/// firm it no longer shares anyone with ends now. Whether anything changed (the firm is to be
/// assessed again).
pub(crate) async fn follow_people(
    tx: &DatabaseTransaction,
    f: &firm::Model,
    t: DateTime<Utc>,
) -> Result<bool> {
    let current = crate::store::firms::restrictions_in_force_on(tx, vec![f.credit_code.clone()], t)
        .await?
        .into_iter()
        .filter(|r| r.source == SOURCE_REPRESENTATIVE)
        .collect::<Vec<_>>();
    let hashes = crate::store::firms::person_hashes_of(tx, f).await?;
    let tied = store_credit::blacklisted_firms_of_people(tx, &hashes, &f.credit_code, t).await?;
    let mut changed = false;
    // Ended: those through a firm the representative no longer ties it to.
    for r in &current {
        if !tied.iter().any(|b| Some(b.id) == r.via_firm_id) {
            let ended = credit_restriction::Model {
                ends_at: Some(t),
                ..r.clone()
            };
            crate::store::update(tx, r, ended).await?;
            changed = true;
        }
    }
    // Added: one through each black-listed firm of the representative not yet followed.
    let new: Vec<_> = tied
        .iter()
        .filter(|b| !current.iter().any(|r| r.via_firm_id == Some(b.id)))
        .map(|b| representative_row(&f.credit_code, b, b.blacklisted_until, t))
        .collect();
    if !new.is_empty() {
        crate::store::insert_many(tx, new).await?;
        changed = true;
    }
    Ok(changed)
}

#[cfg(test)]
mod stored_value_tests {
    use super::*;

    fn internal(e: Error) -> String {
        match e {
            Error::Internal(m) => m,
            other => panic!("not internal: {other:?}"),
        }
    }

    #[test]
    fn a_ledger_event_reads_its_kind_and_detail() {
        let at = Utc::now();
        let veto = EventKind::Veto {
            item: VetoItem::Fraud,
        };
        let detail = serde_json::to_string(&veto).unwrap();
        let e = ledger_event(Uuid::nil(), "veto", &detail, 0, at, false).unwrap();
        assert_eq!(e.kind, veto);
        // The rules read only the points of the other kinds (the recompute reads no detail).
        let e = ledger_event(Uuid::nil(), "evaluation", "", -3, at, false).unwrap();
        assert_eq!(e.kind, EventKind::Manual { points: -3 });
        assert_eq!(e.points, -3);
    }

    #[test]
    fn an_unknown_kind_or_an_unreadable_detail_is_an_internal_error() {
        let at = Utc::now();
        let id = Uuid::from_u128(9);
        let id_text = id.to_string();
        let m = internal(ledger_event(id, "bonus", "", 5, at, false).unwrap_err());
        for part in ["credit_event", id_text.as_str(), "kind", "bonus"] {
            assert!(m.contains(part), "{m:?} does not name {part}");
        }
        let m = internal(ledger_event(id, "veto", "{", 0, at, false).unwrap_err());
        for part in ["credit_event", id_text.as_str(), "detail"] {
            assert!(m.contains(part), "{m:?} does not name {part}");
        }
        // A refusal whose detail does not read is never counted as its points only.
        assert!(ledger_event(id, "refused-to-sign", "", -10, at, false).is_err());
    }
}
