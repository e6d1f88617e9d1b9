//! From registration to contract (报名 → 开标 → 选取 → 中选公示 → 合同): firms register with
//! sealed bids, a background job closes each project at its deadline exactly once (opening the
//! bids and making the project's one verifiable draw), the announced method selects with the
//! owner where it needs them, the award is published for a notice period in which registrants may
//! object, and the owner records the signed contract or the winner's refusal.
//!
//! Sealed bids: a bid's price and plan are read by this module only for their own firm until the
//! project has closed. Nothing else reads the `registration` table's bid columns; the audit trail
//! records the receipt, never the price.

use super::firms::own_firm;
use super::projects::MethodParams;
use super::{Services, authorize};
use crate::error::{Error, FieldError, Result, stored, stored_json};
use crate::i18n::{Lang, message};
use crate::model::Actor;
use crate::model::catalogue::QualRequirement;
use crate::model::firm::{FirmStatus, text};
use crate::model::project::ProjectStatus;
use crate::model::project::{AwardStatus, RegistrationStatus};
use crate::platform::audit::{AuditActor, record};
use crate::platform::clock::now;
use crate::platform::clock::today_in_china;
use crate::platform::documents::{DocumentView, checked_file, store_document};
use crate::platform::mail::{self, MailKey, render_mail};
use crate::platform::outbox;
use crate::rules::access::{Permission, may};
use crate::rules::draw::{PublishedDraw, Seed, draw};
use crate::rules::eligibility::{FirmFacts, Held, ProjectFacts, may_register};
use crate::rules::procedure::{
    BidInput, CONTRACT_WORKING_DAYS, Decisions, NOTICE_WORKING_DAYS, Procedure, Step, bid_receipt,
    check_bid, end_of_working_days, next_step, owner_may_award, ranking,
};
use crate::rules::selection::{Candidate, Weights};
use crate::store::entities::{
    account, affiliation, award, document, evidence_file, firm, objection, project, qualification,
    registration,
};
use crate::store::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait,
    Expr, QueryFilter, QueryOrder, QuerySelect, Set, begin_write,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

mod desk;
pub use desk::{NewPlan, Submission as BidSubmission};

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

/// A registration as its own firm sees it (with its sealed bid).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistrationView {
    pub id: Uuid,
    pub project_id: Uuid,
    pub project_title: String,
    pub project_status: ProjectStatus,
    pub registration_deadline: DateTime<Utc>,
    pub firm_id: Uuid,
    pub round: i32,
    pub status: String,
    pub price_fen: Option<i64>,
    pub plan_file: Option<Uuid>,
    pub plan_sha256: Option<String>,
    /// Published with the opened bids; with it anyone recomputes the receipt.
    pub nonce: String,
    /// SHA-256 of the bid (see [`bid_receipt`]).
    pub receipt: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A bid after the opening, as everybody sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenedBid {
    pub firm_id: Uuid,
    pub firm_name: String,
    pub price_fen: Option<i64>,
    pub plan_sha256: Option<String>,
    pub nonce: String,
    pub receipt: String,
    /// The firm's credit score when the bids were opened.
    pub credit_score: Option<i32>,
    pub plan_score: Option<i32>,
    /// Position in the project's draw (0 first).
    pub draw_rank: Option<usize>,
    /// excluded-objection | excluded-complaint | excluded-refusal | rejected-low | accepted-low
    pub decision: Option<String>,
    pub decision_reason: Option<String>,
}

/// An award (中选) and, once recorded, its contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AwardView {
    pub id: Uuid,
    pub firm_id: Uuid,
    pub firm_name: String,
    pub price_fen: i64,
    pub service_days: i32,
    pub reason: String,
    /// notice | contracted | refused | overturned
    pub status: String,
    pub awarded_at: DateTime<Utc>,
    pub notice_until: DateTime<Utc>,
    pub contract_due: DateTime<Utc>,
    pub contract_signed_on: Option<NaiveDate>,
    pub contract_price_fen: Option<i64>,
    pub contract_service_days: Option<i32>,
    pub contract_terms: Option<String>,
    pub contract_document: Option<Uuid>,
    pub refusal_reason: Option<String>,
}

/// An objection (质疑) to an award.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectionView {
    pub id: Uuid,
    pub award_id: Uuid,
    pub firm_id: Uuid,
    pub firm_name: String,
    pub text: String,
    /// open | upheld | dismissed
    pub status: String,
    pub answer: Option<String>,
    pub created_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
}

/// What is next in a closed project's selection, for the public and the owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum NextStep {
    /// Registration is open (or the project has not closed for another reason).
    NotClosed,
    /// The owner picks one of these firms with a reason.
    OwnerPicks {
        choices: Vec<Uuid>,
    },
    /// The lowest bid is abnormally low: the owner accepts it (with the explanation) or rejects it.
    ConfirmLow {
        firm: Uuid,
    },
    /// The owner scores these firms' plans.
    ScorePlans {
        firms: Vec<Uuid>,
    },
    /// An award is in its notice period or awaits its contract.
    Awarded,
    /// The contract is recorded; the service runs.
    Contracted,
    Failed,
    Cancelled,
}

/// A line of the published ranking (lowest price, comprehensive scoring).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RankedLine {
    pub firm_id: Uuid,
    pub abnormally_low: bool,
    /// Comprehensive scoring: the weighted total in hundredths of a point.
    pub total_centi: Option<i64>,
}

/// The selection record of a project: everything public after the opening.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SelectionView {
    pub project_id: Uuid,
    pub status: ProjectStatus,
    pub round: i32,
    pub closed_at: Option<DateTime<Utc>>,
    pub failed_reason: Option<String>,
    pub next: NextStep,
    pub bids: Vec<OpenedBid>,
    pub ranking: Vec<RankedLine>,
    pub awards: Vec<AwardView>,
    pub objections: Vec<ObjectionView>,
}

impl SelectionView {
    /// A project's selection before its opening: sealed (no bid, no count, no name).
    fn sealed(project_id: Uuid, status: ProjectStatus, round: i32) -> SelectionView {
        SelectionView {
            project_id,
            status,
            round,
            closed_at: None,
            failed_reason: None,
            next: NextStep::NotClosed,
            bids: Vec::new(),
            ranking: Vec::new(),
            awards: Vec::new(),
            objections: Vec::new(),
        }
    }
}

/// The contract's key terms as the owner records them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContractInput {
    pub signed_on: String,
    pub price_fen: i64,
    pub service_days: u32,
    pub terms: String,
    pub document: Option<Uuid>,
}

/// A signed contract's checked terms.
struct Contract {
    signed_on: NaiveDate,
    price_fen: i64,
    service_days: i32,
    terms: String,
}

impl ContractInput {
    fn check(&self, awarded: DateTime<Utc>, today: NaiveDate) -> Result<Contract> {
        let mut errors = Vec::new();
        let china = crate::model::project::china();
        let signed_on = match NaiveDate::parse_from_str(self.signed_on.trim(), "%Y-%m-%d") {
            Ok(d) if d < awarded.with_timezone(&china).date_naive() || d > today => {
                errors.push(FieldError::new(
                    "signed_on",
                    "field.contract.signed-on-range",
                ));
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                errors.push(FieldError::new("signed_on", "field.date.invalid"));
                None
            }
        };
        if self.price_fen <= 0 {
            errors.push(FieldError::new("price_fen", "field.out-of-range"));
        }
        if !(1..=3650).contains(&self.service_days) {
            errors.push(FieldError::new("service_days", "field.out-of-range"));
        }
        let terms = text(&self.terms, "terms", 4000, false)
            .map_err(|e| errors.push(e))
            .unwrap_or_default();
        if self.document.is_none() {
            errors.push(FieldError::new(
                "document",
                "field.contract.document-required",
            ));
        }
        match (errors.is_empty(), signed_on) {
            (true, Some(signed_on)) => Ok(Contract {
                signed_on,
                price_fen: self.price_fen,
                service_days: self.service_days as i32,
                terms,
            }),
            _ => Err(Error::Validation(errors)),
        }
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

/// The stored method's code, one of the five (see `Method::code`); any other is an internal
/// error.
fn method_code(p: &project::Model) -> Result<&'static str> {
    const METHODS: [&str; 5] = [
        "direct",
        "random-draw",
        "credit-preferred",
        "lowest-price",
        "comprehensive",
    ];
    let known = METHODS.into_iter().find(|m| *m == p.method);
    stored("project", p.id, "method", &p.method, known)
}

fn needs_price(p: &project::Model) -> Result<bool> {
    Ok(matches!(method_code(p)?, "lowest-price" | "comprehensive"))
}

fn needs_plan(p: &project::Model) -> Result<bool> {
    Ok(method_code(p)? == "comprehensive")
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
    Ok(account::Entity::find()
        .filter(crate::store::uuid_in(
            db.get_database_backend(),
            account::Column::Id,
            accounts,
        ))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.email))
        .collect())
}

/// Firms by id.
async fn firms_by_id<C: ConnectionTrait>(
    db: &C,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, firm::Model>> {
    Ok(firm::Entity::find()
        .filter(firm::Column::Id.is_in(ids))
        .all(db)
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
    Ok(registration::Entity::find()
        .filter(registration::Column::ProjectId.eq(p.id))
        .filter(registration::Column::Round.eq(p.round))
        .filter(registration::Column::Status.eq(RegistrationStatus::Active.as_str()))
        .order_by_asc(registration::Column::FirmId)
        .all(db)
        .await?)
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
            match r.decision.as_deref() {
                Some("accepted-low") => {
                    decided.accepted_low.insert(firm.clone());
                }
                Some(_) => {
                    decided.excluded.insert(firm.clone());
                }
                None => {}
            }
            Candidate {
                draw_rank: ranks.get(&firm).copied().unwrap_or(usize::MAX),
                firm,
                credit_score: r.credit_score.unwrap_or(0),
                price_fen: r.price_fen,
                plan_score: r.plan_score.map(|s| s.max(0) as u32),
            }
        })
        .collect();
    Ok((cands, decided))
}

fn uuid_of(s: &str) -> Uuid {
    Uuid::parse_str(s).unwrap_or_default()
}

impl Services {
    // ---- registration and sealed bids ----------------------------------------------------

    /// A firm registers for a project, with its sealed bid where the method needs one. Every
    /// reason it may not is given at once.
    pub async fn register_for_project(
        &self,
        actor: &Actor,
        project_id: Uuid,
        bid: &BidInput<Uuid>,
    ) -> Result<RegistrationView> {
        self.submit(actor, project_id, bid, false, None).await
    }

    /// Registers (or, with `replace`, replaces the bid) with a plan document uploaded in the
    /// same request (a page's form): the file is stored in the registration's transaction, so a
    /// refused registration leaves no file behind.
    pub async fn submit_with_plan(
        &self,
        actor: &Actor,
        project_id: Uuid,
        price_fen: Option<i64>,
        plan: (&str, Vec<u8>),
        replace: bool,
    ) -> Result<RegistrationView> {
        let bid = BidInput {
            price_fen,
            plan_file: None,
        };
        self.submit(actor, project_id, &bid, replace, Some(plan))
            .await
    }

    /// A registered firm replaces its sealed bid before the deadline (a new receipt).
    pub async fn replace_bid(
        &self,
        actor: &Actor,
        project_id: Uuid,
        bid: &BidInput<Uuid>,
    ) -> Result<RegistrationView> {
        self.submit(actor, project_id, bid, true, None).await
    }

    async fn submit(
        &self,
        actor: &Actor,
        project_id: Uuid,
        bid: &BidInput<Uuid>,
        replace: bool,
        new_plan: Option<(&str, Vec<u8>)>,
    ) -> Result<RegistrationView> {
        authorize(actor, Permission::ManageOwnFirm)?;
        let new_plan = match new_plan {
            Some((name, bytes)) => Some(desk::NewPlan {
                name: name.to_owned(),
                kind: crate::rules::evidence::sniff(&bytes)
                    .map_err(|r| Error::validation("plan_file", r.code()))?,
                bytes,
            }),
            None => None,
        };
        self.submit_to_desk(desk::Submission {
            actor: *actor,
            project_id,
            bid: *bid,
            replace,
            new_plan,
        })
        .await
    }

    /// The firm withdraws its registration before the deadline.
    pub async fn withdraw(&self, actor: &Actor, project_id: Uuid) -> Result<RegistrationView> {
        authorize(actor, Permission::ManageOwnFirm)?;
        let tx = begin_write(&self.db).await?;
        let p = visible_project(&tx, project_id).await?;
        let f = own_firm(&tx, actor)
            .await
            .map_err(|_| Error::validation("firm", "field.firm.missing"))?;
        let r = registration::Entity::find()
            .filter(registration::Column::ProjectId.eq(p.id))
            .filter(registration::Column::Round.eq(p.round))
            .filter(registration::Column::FirmId.eq(f.id))
            .filter(registration::Column::Status.eq(RegistrationStatus::Active.as_str()))
            .one(&tx)
            .await?
            .ok_or_else(|| {
                conflict(
                    "not-registered",
                    "registration",
                    "field.registration.missing",
                )
            })?;
        let t = now();
        lock_open(&tx, &p, t).await?;
        let mut m: registration::ActiveModel = r.into();
        m.status = Set(RegistrationStatus::Withdrawn.as_str().into());
        m.updated_at = Set(t);
        let m = m.update(&tx).await?;
        crate::platform::audit::record_many(
            &tx,
            &[sealed_bid_entry("bid.withdraw", m.receipt.clone())],
        )
        .await?;
        tx.commit().await?;
        self.registration_view(m, &p)
    }

    /// The firm's registration for a project in its current round, if any.
    pub async fn my_registration(
        &self,
        actor: &Actor,
        project_id: Uuid,
    ) -> Result<Option<RegistrationView>> {
        authorize(actor, Permission::ManageOwnFirm)?;
        let p = visible_project(&self.db, project_id).await?;
        let Ok(f) = own_firm(&self.db, actor).await else {
            return Ok(None);
        };
        registration::Entity::find()
            .filter(registration::Column::ProjectId.eq(p.id))
            .filter(registration::Column::Round.eq(p.round))
            .filter(registration::Column::FirmId.eq(f.id))
            .one(&self.db)
            .await?
            .map(|r| self.registration_view(r, &p))
            .transpose()
    }

    /// All of the firm's registrations, newest first.
    pub async fn my_registrations(&self, actor: &Actor) -> Result<Vec<RegistrationView>> {
        authorize(actor, Permission::ManageOwnFirm)?;
        let Ok(f) = own_firm(&self.db, actor).await else {
            return Ok(Vec::new());
        };
        let regs = registration::Entity::find()
            .filter(registration::Column::FirmId.eq(f.id))
            .order_by_desc(registration::Column::CreatedAt)
            .limit(500)
            .all(&self.db)
            .await?;
        let projects: HashMap<Uuid, project::Model> = project::Entity::find()
            .filter(project::Column::Id.is_in(regs.iter().map(|r| r.project_id)))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        regs.into_iter()
            .filter_map(|r| {
                let p = projects.get(&r.project_id)?;
                Some(self.registration_view(r, p))
            })
            .collect()
    }

    pub(super) fn project_link(&self, id: Uuid) -> String {
        format!(
            "{}/projects/{id}",
            self.config.base_url.trim_end_matches('/')
        )
    }

    // ---- closing ------------------------------------------------------------------------

    /// Closes every published project whose deadline has passed (the background job). Safe to
    /// run on every instance at once: each project is closed by exactly one of them.
    pub async fn close_due_projects(&self) -> Result<usize> {
        let due = project::Entity::find()
            .select_only()
            .column(project::Column::Id)
            .filter(project::Column::Status.eq(ProjectStatus::Published.as_str()))
            .filter(project::Column::DeadlineMicros.lte(now().timestamp_micros()))
            .order_by_asc(project::Column::DeadlineMicros)
            .limit(200)
            .into_tuple::<Uuid>()
            .all(&self.db)
            .await?;
        let mut closed = 0;
        for id in due {
            if self.close_project(id).await? {
                closed += 1;
            }
        }
        Ok(closed)
    }

    /// Closes one project if it is due and still open: opens the bids, fails it with too few
    /// registrants, or makes the draw, reveals the seed and takes the first step of the
    /// selection. `false` when another instance closed it (or it is not due).
    pub async fn close_project(&self, id: Uuid) -> Result<bool> {
        let tx = begin_write(&self.db).await?;
        let t = now();
        // The conditional update is the claim: of concurrent closers exactly one changes the row.
        let claimed = project::Entity::update_many()
            .col_expr(
                project::Column::Status,
                Expr::value(ProjectStatus::Selecting.as_str()),
            )
            .col_expr(project::Column::ClosedAt, Expr::value(t))
            .col_expr(project::Column::UpdatedAt, Expr::value(t))
            .filter(project::Column::Id.eq(id))
            .filter(project::Column::Status.eq(ProjectStatus::Published.as_str()))
            .filter(project::Column::DeadlineMicros.lte(t.timestamp_micros()))
            .exec(&tx)
            .await?;
        if claimed.rows_affected != 1 {
            return Ok(false);
        }
        let p = project::Entity::find_by_id(id)
            .one(&tx)
            .await?
            .ok_or(Error::NotFound)?;
        let regs = active_registrations(&tx, &p).await?;
        let firms = firms_by_id(&tx, regs.iter().map(|r| r.firm_id)).await?;
        let policy = crate::model::project::PostingPolicy::default();
        let min = if p.method == "direct" {
            1
        } else {
            policy.min_registrants as usize
        };
        let mut to_notify: Vec<Uuid> = firms.values().map(|f| f.account_id).collect();
        to_notify.push(p.owner_account_id);
        let addresses = emails(&tx, to_notify).await?;
        let link = self.project_link(p.id);
        if regs.len() < min {
            let mut m: project::ActiveModel = p.clone().into();
            m.status = Set(ProjectStatus::Failed.as_str().into());
            m.failed_reason = Set(Some("too-few-registrants".into()));
            m.update(&tx).await?;
            record(
                &tx,
                AuditActor::System,
                "project.fail",
                "project",
                &p.id.to_string(),
                json!({ "round": p.round, "registrants": regs.len(), "minimum": min }),
            )
            .await?;
            for to in addresses.values() {
                mail::send(
                    &tx,
                    to,
                    MailKey::Failed,
                    &[
                        ("title", &p.title),
                        ("count", &regs.len().to_string()),
                        ("link", &link),
                    ],
                )
                .await?;
            }
            tx.commit().await?;
            return Ok(true);
        }
        // The opening: the round's bids are unsealed now, and stored so from here on.
        let regs = regs
            .into_iter()
            .map(|r| self.opened_registration(r))
            .collect::<Result<Vec<_>>>()?;
        // The one draw of this round: a full order of the closed list, from the committed seed.
        let seed = p
            .seed_secret
            .as_deref()
            .map(|s| self.open_text(&crate::rules::seal::project_seed_context(&p.id), s))
            .transpose()?
            .and_then(|s| Seed::from_hex(&s))
            .ok_or_else(|| Error::Internal(format!("project {} has no seed", p.id)))?;
        let entries: Vec<String> = regs.iter().map(|r| r.firm_id.to_string()).collect();
        let drawn = draw(&draw_context(&p), &seed, &entries, entries.len())
            .map_err(|e| Error::Internal(format!("draw failed: {e:?}")))?;
        let doc = PublishedDraw::of(&drawn, &seed);
        let mut m: project::ActiveModel = p.clone().into();
        m.draw_doc = Set(Some(
            serde_json::to_string(&doc).map_err(|e| Error::Internal(e.to_string()))?,
        ));
        let p = m.update(&tx).await?;
        // Credit as it stood at the opening decides ties and the credit-preferred lists.
        for r in &regs {
            let score = firms.get(&r.firm_id).map(|f| f.credit_score);
            registration::Entity::update_many()
                .col_expr(registration::Column::CreditScore, Expr::value(score))
                .col_expr(registration::Column::PriceFen, Expr::value(r.price_fen))
                .col_expr(
                    registration::Column::PlanSha256,
                    Expr::value(r.plan_sha256.clone()),
                )
                .col_expr(registration::Column::Nonce, Expr::value(r.nonce.clone()))
                .col_expr(
                    registration::Column::SealedBid,
                    Expr::value(Option::<String>::None),
                )
                .filter(registration::Column::Id.eq(r.id))
                .exec(&tx)
                .await?;
        }
        record(
            &tx,
            AuditActor::System,
            "project.close",
            "project",
            &p.id.to_string(),
            json!({
                "round": p.round,
                "registrants": regs.len(),
                "list_hash": doc.list_hash,
                "seed": doc.seed,
                "draw": doc.result,
                "receipts": regs.iter().map(|r| &r.receipt).collect::<Vec<_>>(),
            }),
        )
        .await?;
        for to in addresses.values() {
            mail::send(
                &tx,
                to,
                MailKey::Closed,
                &[
                    ("title", &p.title),
                    ("count", &regs.len().to_string()),
                    ("link", &link),
                ],
            )
            .await?;
        }
        self.advance(&tx, p, None).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Tells the owner and the winner, once, when an award's notice period has ended without an
    /// open objection: the contract is due (the background job). Safe on every instance: the
    /// reminder is claimed by a conditional update.
    pub async fn remind_due_contracts(&self) -> Result<usize> {
        let t = now();
        let due = award::Entity::find()
            .filter(award::Column::Status.eq(AwardStatus::Notice.as_str()))
            .filter(award::Column::NoticeUntil.lte(t))
            .filter(award::Column::ContractRemindedAt.is_null())
            .limit(200)
            .all(&self.db)
            .await?;
        let mut sent = 0;
        for a in due {
            let tx = begin_write(&self.db).await?;
            let open = objection::Entity::find()
                .filter(objection::Column::AwardId.eq(a.id))
                .filter(objection::Column::Status.eq("open"))
                .one(&tx)
                .await?;
            if open.is_some() {
                continue;
            }
            let claimed = award::Entity::update_many()
                .col_expr(award::Column::ContractRemindedAt, Expr::value(t))
                .filter(award::Column::Id.eq(a.id))
                .filter(award::Column::Status.eq(AwardStatus::Notice.as_str()))
                .filter(award::Column::ContractRemindedAt.is_null())
                .exec(&tx)
                .await?;
            if claimed.rows_affected != 1 {
                continue;
            }
            let Some(p) = project::Entity::find_by_id(a.project_id).one(&tx).await? else {
                continue;
            };
            let winner = firms_by_id(&tx, [a.firm_id]).await?;
            let mut accounts = vec![p.owner_account_id];
            accounts.extend(winner.values().map(|f| f.account_id));
            let due = a
                .contract_due
                .with_timezone(&crate::model::project::china())
                .format("%Y-%m-%d %H:%M")
                .to_string();
            let firm_name = winner
                .values()
                .next()
                .map(|f| f.name.clone())
                .unwrap_or_default();
            for to in emails(&tx, accounts).await?.values() {
                mail::send(
                    &tx,
                    to,
                    MailKey::ContractDue,
                    &[
                        ("title", &p.title),
                        ("firm", &firm_name),
                        ("due", &due),
                        ("link", &self.project_link(p.id)),
                    ],
                )
                .await?;
            }
            tx.commit().await?;
            sent += 1;
        }
        Ok(sent)
    }

    /// Takes the next step of the selection after the opening or after a decision: awards when
    /// the method decides alone, fails the project when nobody is left, otherwise waits for the
    /// owner.
    async fn advance(
        &self,
        tx: &DatabaseTransaction,
        p: project::Model,
        owner_reason: Option<(&Actor, String, String)>,
    ) -> Result<()> {
        let regs = active_registrations(tx, &p).await?;
        let (cands, decided) = candidates(&p, &regs)?;
        let step = next_step(&procedure_of(&p)?, &cands, &decided);
        let award_to = match (&step, owner_reason) {
            (_, Some((actor, firm, reason))) => Some((firm, reason, Some(actor))),
            (Step::Award { firm }, None) => {
                Some((firm.clone(), format!("method:{}", p.method), None::<&Actor>))
            }
            _ => None,
        };
        if let Some((firm, reason, actor)) = award_to {
            return self.award_to(tx, p, &regs, &firm, reason, actor).await;
        }
        let status = if step == Step::NoneLeft {
            ProjectStatus::Failed
        } else {
            ProjectStatus::Selecting
        };
        let mut m: project::ActiveModel = p.clone().into();
        m.status = Set(status.as_str().into());
        if status == ProjectStatus::Failed {
            m.failed_reason = Set(Some("none-left".into()));
        }
        m.updated_at = Set(now());
        m.update(tx).await?;
        if status == ProjectStatus::Failed {
            record(
                tx,
                AuditActor::System,
                "project.fail",
                "project",
                &p.id.to_string(),
                json!({ "round": p.round, "reason": "none-left" }),
            )
            .await?;
            if let Some(to) = emails(tx, [p.owner_account_id])
                .await?
                .get(&p.owner_account_id)
            {
                mail::send(
                    tx,
                    to,
                    MailKey::Failed,
                    &[
                        ("title", &p.title),
                        ("count", "0"),
                        ("link", &self.project_link(p.id)),
                    ],
                )
                .await?;
            }
        }
        Ok(())
    }

    /// Publishes an award: the notice period starts; the winner, the other registrants and the
    /// owner are told.
    async fn award_to(
        &self,
        tx: &DatabaseTransaction,
        p: project::Model,
        regs: &[registration::Model],
        firm: &str,
        reason: String,
        actor: Option<&Actor>,
    ) -> Result<()> {
        let winner = regs
            .iter()
            .find(|r| r.firm_id.to_string() == firm)
            .ok_or_else(|| Error::Internal("award to a non-registrant".into()))?;
        let t = now();
        let calendar = self.calendar();
        let notice_until = end_of_working_days(&calendar, t, NOTICE_WORKING_DAYS);
        let contract_due = end_of_working_days(
            &calendar,
            notice_until - chrono::Duration::seconds(1),
            CONTRACT_WORKING_DAYS,
        );
        let a = award::ActiveModel {
            id: Set(Uuid::new_v4()),
            project_id: Set(p.id),
            round: Set(p.round),
            firm_id: Set(winner.firm_id),
            price_fen: Set(winner.price_fen.unwrap_or(p.budget_fen)),
            reason: Set(reason.clone()),
            decided_by: Set(actor.map(|a| a.account_id)),
            status: Set(AwardStatus::Notice.as_str().into()),
            awarded_at: Set(t),
            notice_until: Set(notice_until),
            contract_due: Set(contract_due),
            contract_document_id: Set(None),
            contract_signed_on: Set(None),
            contract_price_fen: Set(None),
            contract_service_days: Set(None),
            contract_terms: Set(None),
            refusal_reason: Set(None),
            contract_reminded_at: Set(None),
            updated_at: Set(t),
        }
        .insert(tx)
        .await?;
        let mut m: project::ActiveModel = p.clone().into();
        m.status = Set(ProjectStatus::Awarded.as_str().into());
        m.updated_at = Set(t);
        m.update(tx).await?;
        record(
            tx,
            actor.map_or(AuditActor::System, AuditActor::Account),
            "project.award",
            "project",
            &p.id.to_string(),
            json!({
                "award": a.id, "firm": a.firm_id, "price_fen": a.price_fen,
                "reason": reason, "notice_until": notice_until,
            }),
        )
        .await?;
        let firms = firms_by_id(tx, regs.iter().map(|r| r.firm_id)).await?;
        let mut accounts: Vec<Uuid> = firms.values().map(|f| f.account_id).collect();
        accounts.push(p.owner_account_id);
        let addresses = emails(tx, accounts).await?;
        let winner_name = firms
            .get(&a.firm_id)
            .map(|f| f.name.clone())
            .unwrap_or_default();
        let link = self.project_link(p.id);
        let until = notice_until
            .with_timezone(&crate::model::project::china())
            .format("%Y-%m-%d %H:%M")
            .to_string();
        let vars = [
            ("title", p.title.as_str()),
            ("firm", winner_name.as_str()),
            ("until", until.as_str()),
            ("link", link.as_str()),
        ];
        for f in firms.values() {
            if let Some(to) = addresses.get(&f.account_id) {
                let key = if f.id == a.firm_id {
                    MailKey::Awarded
                } else {
                    MailKey::NotAwarded
                };
                mail::send(tx, to, key, &vars).await?;
            }
        }
        if let Some(to) = addresses.get(&p.owner_account_id) {
            mail::send(tx, to, MailKey::AwardPublished, &vars).await?;
        }
        Ok(())
    }

    // ---- the owner's decisions ----------------------------------------------------------

    /// The owner awards a firm where the method leaves the choice to them (direct selection, the
    /// credit-preferred short list), or accepts an abnormally-low lowest bid after the firm's
    /// explanation. A reason is required and published. Of two concurrent calls one awards; the
    /// other finds the project awarded.
    pub async fn award(
        &self,
        actor: &Actor,
        project_id: Uuid,
        firm: Uuid,
        reason: &str,
    ) -> Result<SelectionView> {
        authorize(actor, Permission::ManageOwnProjects)?;
        let reason = text(reason, "reason", 1000, true).map_err(|e| Error::Validation(vec![e]))?;
        let tx = begin_write(&self.db).await?;
        let p = self.selecting_project(&tx, actor, project_id).await?;
        let regs = active_registrations(&tx, &p).await?;
        let (cands, decided) = candidates(&p, &regs)?;
        let step = next_step(&procedure_of(&p)?, &cands, &decided);
        let firm_s = firm.to_string();
        if !owner_may_award(&step, &firm_s) {
            return Err(conflict(
                "not-selectable",
                "firm",
                "field.selection.not-choice",
            ));
        }
        if let Step::ConfirmLow { .. } = step {
            let r = regs
                .iter()
                .find(|r| r.firm_id == firm)
                .expect("the step names a registrant");
            set_decision(&tx, r.id, "accepted-low", &reason).await?;
        }
        self.advance(&tx, p, Some((actor, firm_s, reason))).await?;
        tx.commit().await?;
        self.selection(Some(actor), project_id).await
    }

    /// Lowest price: the owner rejects an abnormally-low bid with a reason; the next bid is
    /// considered.
    pub async fn reject_low_bid(
        &self,
        actor: &Actor,
        project_id: Uuid,
        firm: Uuid,
        reason: &str,
    ) -> Result<SelectionView> {
        authorize(actor, Permission::ManageOwnProjects)?;
        let reason = text(reason, "reason", 1000, true).map_err(|e| Error::Validation(vec![e]))?;
        let tx = begin_write(&self.db).await?;
        let p = self.selecting_project(&tx, actor, project_id).await?;
        let regs = active_registrations(&tx, &p).await?;
        let (cands, decided) = candidates(&p, &regs)?;
        match next_step(&procedure_of(&p)?, &cands, &decided) {
            Step::ConfirmLow { firm: f } if f == firm.to_string() => {}
            _ => {
                return Err(conflict(
                    "not-selectable",
                    "firm",
                    "field.selection.not-low",
                ));
            }
        }
        let r = regs
            .iter()
            .find(|r| r.firm_id == firm)
            .expect("a registrant");
        set_decision(&tx, r.id, "rejected-low", &reason).await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "project.reject-low",
            "project",
            &p.id.to_string(),
            json!({ "firm": firm, "reason": reason }),
        )
        .await?;
        self.advance(&tx, p, None).await?;
        tx.commit().await?;
        self.selection(Some(actor), project_id).await
    }

    /// Comprehensive scoring: the owner scores every plan asked for (0–100); the system then
    /// ranks and awards.
    pub async fn score_plans(
        &self,
        actor: &Actor,
        project_id: Uuid,
        scores: &[(Uuid, i64)],
    ) -> Result<SelectionView> {
        authorize(actor, Permission::ManageOwnProjects)?;
        let tx = begin_write(&self.db).await?;
        let p = self.selecting_project(&tx, actor, project_id).await?;
        let regs = active_registrations(&tx, &p).await?;
        let (cands, decided) = candidates(&p, &regs)?;
        let Step::ScorePlans { firms } = next_step(&procedure_of(&p)?, &cands, &decided) else {
            return Err(conflict(
                "not-selectable",
                "scores",
                "field.selection.no-scoring",
            ));
        };
        let mut errors = Vec::new();
        for f in &firms {
            match scores.iter().find(|(id, _)| id.to_string() == *f) {
                Some((_, s)) if (0..=100).contains(s) => {}
                Some(_) => errors.push(FieldError::new("scores", "field.selection.score-range")),
                None => errors.push(FieldError::new("scores", "field.selection.score-missing")),
            }
        }
        if scores
            .iter()
            .any(|(id, _)| !firms.contains(&id.to_string()))
        {
            errors.push(FieldError::new("scores", "field.selection.score-unknown"));
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.code);
            errors.dedup();
            return Err(Error::Validation(errors));
        }
        for (id, s) in scores {
            registration::Entity::update_many()
                .col_expr(registration::Column::PlanScore, Expr::value(*s as i32))
                .filter(registration::Column::ProjectId.eq(p.id))
                .filter(registration::Column::Round.eq(p.round))
                .filter(registration::Column::FirmId.eq(*id))
                .exec(&tx)
                .await?;
        }
        record(
            &tx,
            AuditActor::Account(actor),
            "project.score-plans",
            "project",
            &p.id.to_string(),
            json!({ "scores": scores.iter().map(|(f, s)| json!({"firm": f, "score": s})).collect::<Vec<_>>() }),
        )
        .await?;
        self.advance(&tx, p, None).await?;
        tx.commit().await?;
        self.selection(Some(actor), project_id).await
    }

    /// The owner's project, in selection (for the owner's decisions).
    async fn selecting_project(
        &self,
        tx: &DatabaseTransaction,
        actor: &Actor,
        id: Uuid,
    ) -> Result<project::Model> {
        own_project_in(tx, actor, id).await?;
        if !lock_project(tx, id, ProjectStatus::Selecting).await? {
            return Err(conflict(
                "project-not-selecting",
                "status",
                "field.project.not-selecting",
            ));
        }
        // Read again under the lock: a concurrent decision has committed or will wait for us.
        own_project_in(tx, actor, id).await
    }

    // ---- objections, contract, refusal ---------------------------------------------------

    /// A registrant objects (质疑) to the award during its notice period.
    pub async fn object(
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
        let a = current_award(&tx, &p)
            .await?
            .filter(|a| a.status == AwardStatus::Notice.as_str());
        let t = now();
        let Some(a) = a.filter(|a| t < a.notice_until) else {
            return Err(conflict(
                "notice-closed",
                "status",
                "field.objection.notice-closed",
            ));
        };
        let registrant = registration::Entity::find()
            .filter(registration::Column::ProjectId.eq(p.id))
            .filter(registration::Column::Round.eq(p.round))
            .filter(registration::Column::FirmId.eq(f.id))
            .filter(registration::Column::Status.eq(RegistrationStatus::Active.as_str()))
            .one(&tx)
            .await?
            .is_some();
        // Registrants object to someone else's award, not to their own.
        if !registrant || f.id == a.firm_id {
            return Err(Error::Forbidden);
        }
        let o = objection::ActiveModel {
            id: Set(Uuid::new_v4()),
            project_id: Set(p.id),
            award_id: Set(a.id),
            firm_id: Set(f.id),
            text: Set(body.clone()),
            status: Set("open".into()),
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
        tx.commit().await?;
        Ok(objection_view(o, &f.name))
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
        if o.status != "open" {
            return Err(conflict(
                "objection-answered",
                "status",
                "field.objection.answered",
            ));
        }
        let t = now();
        let objector = firms_by_id(&tx, [o.firm_id]).await?;
        let mut m: objection::ActiveModel = o.clone().into();
        m.status = Set(if upheld { "upheld" } else { "dismissed" }.into());
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
                self.overturn(&tx, p, a, "excluded-objection", &answer)
                    .await?;
            }
        }
        tx.commit().await?;
        self.selection(Some(actor), project_id).await
    }

    /// An upheld complaint about an award: while the award is still in its notice period (or
    /// waiting for its contract), it is overturned and the selection goes on without the firm,
    /// as for an upheld objection. Whether it was.
    pub(super) async fn overturn_for_complaint(
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
        self.overturn(tx, p, a, "excluded-complaint", reason)
            .await?;
        Ok(true)
    }

    /// Ends an award (upheld objection, refusal to sign): the firm is out of this selection and
    /// the next step is taken.
    async fn overturn(
        &self,
        tx: &DatabaseTransaction,
        p: project::Model,
        a: award::Model,
        decision: &str,
        reason: &str,
    ) -> Result<()> {
        let status = if decision == "excluded-refusal" {
            AwardStatus::Refused.as_str()
        } else {
            AwardStatus::Overturned.as_str()
        };
        let mut m: award::ActiveModel = a.clone().into();
        m.status = Set(status.into());
        if decision == "excluded-refusal" {
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

    /// After the notice period the owner records the signed contract (document and key terms);
    /// the service starts.
    pub async fn record_contract(
        &self,
        actor: &Actor,
        project_id: Uuid,
        input: &ContractInput,
    ) -> Result<SelectionView> {
        self.contract_with(actor, project_id, input, None).await
    }

    /// Records the contract with its document uploaded in the same request (a page's form):
    /// stored in the contract's transaction, so a refused contract leaves no file behind.
    pub async fn record_contract_with_file(
        &self,
        actor: &Actor,
        project_id: Uuid,
        input: &ContractInput,
        file: (&str, Vec<u8>),
    ) -> Result<SelectionView> {
        self.contract_with(actor, project_id, input, Some(file))
            .await
    }

    async fn contract_with(
        &self,
        actor: &Actor,
        project_id: Uuid,
        input: &ContractInput,
        file: Option<(&str, Vec<u8>)>,
    ) -> Result<SelectionView> {
        authorize(actor, Permission::ManageOwnProjects)?;
        let tx = begin_write(&self.db).await?;
        own_project_in(&tx, actor, project_id).await?;
        lock_project(&tx, project_id, ProjectStatus::Awarded).await?;
        let p = own_project_in(&tx, actor, project_id).await?;
        let a = self.signable_award(&tx, &p).await?;
        let file = file.map(|f| checked_file(f, "document")).transpose()?;
        let mut input = input.clone();
        if file.is_some() {
            // Stands for the file stored below, once the terms are checked.
            input.document = Some(Uuid::nil());
        }
        let c = input.check(a.awarded_at, today_in_china())?;
        let doc = match file {
            Some((name, kind, bytes)) => store_document(&tx, actor, name, kind, bytes).await?.id,
            None => {
                let doc = input.document.expect("checked");
                document::Entity::find_by_id(doc)
                    .one(&tx)
                    .await?
                    .filter(|d| d.account_id == actor.account_id)
                    .ok_or_else(|| Error::validation("document", "field.evidence.unknown"))?;
                doc
            }
        };
        let mut m: award::ActiveModel = a.clone().into();
        m.status = Set(AwardStatus::Contracted.as_str().into());
        m.contract_document_id = Set(Some(doc));
        m.contract_signed_on = Set(Some(c.signed_on));
        m.contract_price_fen = Set(Some(c.price_fen));
        m.contract_service_days = Set(Some(c.service_days));
        m.contract_terms = Set(Some(c.terms.clone()));
        m.updated_at = Set(now());
        m.update(&tx).await?;
        let mut pm: project::ActiveModel = p.clone().into();
        pm.status = Set(ProjectStatus::Contracted.as_str().into());
        pm.updated_at = Set(now());
        pm.update(&tx).await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "project.contract",
            "project",
            &p.id.to_string(),
            json!({
                "award": a.id, "signed_on": c.signed_on, "price_fen": c.price_fen,
                "service_days": c.service_days, "document": doc,
            }),
        )
        .await?;
        let winner = firms_by_id(&tx, [a.firm_id]).await?;
        if let Some(f) = winner.get(&a.firm_id)
            && let Some(to) = emails(&tx, [f.account_id]).await?.get(&f.account_id)
        {
            mail::send(
                &tx,
                to,
                MailKey::Contracted,
                &[("title", &p.title), ("link", &self.project_link(p.id))],
            )
            .await?;
        }
        tx.commit().await?;
        self.selection(Some(actor), project_id).await
    }

    /// The winner refused to sign (or did not sign in time): the owner records it with a reason,
    /// which becomes a credit event, and the next-ranked firm is taken.
    pub async fn record_refusal(
        &self,
        actor: &Actor,
        project_id: Uuid,
        reason: &str,
    ) -> Result<SelectionView> {
        authorize(actor, Permission::ManageOwnProjects)?;
        let reason = text(reason, "reason", 1000, true).map_err(|e| Error::Validation(vec![e]))?;
        let tx = begin_write(&self.db).await?;
        own_project_in(&tx, actor, project_id).await?;
        lock_project(&tx, project_id, ProjectStatus::Awarded).await?;
        let p = own_project_in(&tx, actor, project_id).await?;
        let a = self.signable_award(&tx, &p).await?;
        // Scored now, by the policy in force; the firm is assessed again (three refusals in a
        // year suspend it).
        let policy = super::credit::current_policy(&tx).await?.policy;
        super::credit::record_event(
            &tx,
            self,
            &policy,
            super::credit::NewEvent {
                firm_id: a.firm_id,
                kind: crate::rules::credit_ledger::EventKind::RefusedToSign,
                project_id: Some(p.id),
                award_id: Some(a.id),
                reason: reason.clone(),
                recorded_by: Some(actor.account_id),
            },
        )
        .await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "project.refusal",
            "project",
            &p.id.to_string(),
            json!({ "award": a.id, "firm": a.firm_id, "reason": reason }),
        )
        .await?;
        self.overturn(&tx, p, a, "excluded-refusal", &reason)
            .await?;
        tx.commit().await?;
        // The refusal may have suspended the firm (its directory entry says so).
        self.directory_cache.written();
        self.selection(Some(actor), project_id).await
    }

    /// The award a contract or refusal is recorded against: in notice, its period over, no
    /// objection open.
    async fn signable_award(
        &self,
        tx: &DatabaseTransaction,
        p: &project::Model,
    ) -> Result<award::Model> {
        let a = current_award(tx, p)
            .await?
            .filter(|a| {
                a.status == AwardStatus::Notice.as_str()
                    && p.status == ProjectStatus::Awarded.as_str()
            })
            .ok_or_else(|| conflict("no-award", "status", "field.contract.no-award"))?;
        if now() < a.notice_until {
            return Err(conflict(
                "notice-running",
                "status",
                "field.contract.notice-running",
            ));
        }
        let open = objection::Entity::find()
            .filter(objection::Column::AwardId.eq(a.id))
            .filter(objection::Column::Status.eq("open"))
            .one(tx)
            .await?;
        if open.is_some() {
            return Err(conflict(
                "objection-open",
                "status",
                "field.contract.objection-open",
            ));
        }
        Ok(a)
    }

    /// The owner uploads a document (the signed contract), private to the parties.
    pub async fn upload_document(
        &self,
        actor: &Actor,
        name: &str,
        bytes: Vec<u8>,
    ) -> Result<DocumentView> {
        // Owners upload contracts; firms upload their delivered results.
        if !may(actor.role, Permission::ManageOwnProjects) {
            authorize(actor, Permission::ManageOwnFirm)?;
        }
        let kind = crate::rules::evidence::sniff(&bytes)
            .map_err(|r| Error::validation("file", r.code()))?;
        let tx = begin_write(&self.db).await?;
        let d = store_document(&tx, actor, name, kind, bytes).await?;
        tx.commit().await?;
        Ok(d)
    }

    /// A document: its uploader, and once attached to a contract the winner and regulators.
    pub async fn document(&self, actor: &Actor, id: Uuid) -> Result<(DocumentView, Vec<u8>)> {
        let d = document::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        let mut allowed =
            d.account_id == actor.account_id || may(actor.role, Permission::SuperviseProjects);
        if !allowed
            && let Some(a) = award::Entity::find()
                .filter(award::Column::ContractDocumentId.eq(id))
                .one(&self.db)
                .await?
        {
            allowed = own_firm(&self.db, actor)
                .await
                .is_ok_and(|f| f.id == a.firm_id);
        }
        if !allowed
            && let Some(s) = crate::store::entities::delivery_submission::Entity::find()
                .filter(crate::store::entities::delivery_submission::Column::DocumentId.eq(id))
                .one(&self.db)
                .await?
        {
            // A delivered result: the project's owner reads it.
            allowed = crate::store::entities::delivery::Entity::find_by_id(s.award_id)
                .one(&self.db)
                .await?
                .is_some_and(|d| d.owner_account_id == actor.account_id);
        }
        if !allowed {
            return Err(Error::NotFound);
        }
        // Served with its kind's media type: a kind the code does not know is an internal
        // error, never some other type.
        stored(
            "document",
            d.id,
            "kind",
            &d.kind,
            crate::rules::evidence::FileKind::parse(&d.kind),
        )?;
        Ok((DocumentView::of(&d), d.bytes))
    }

    /// A failed project goes back to draft for the owner to set new dates and publish again
    /// (a new round, a new seed).
    pub async fn republish(&self, actor: &Actor, project_id: Uuid) -> Result<()> {
        authorize(actor, Permission::ManageOwnProjects)?;
        let tx = begin_write(&self.db).await?;
        let p = own_project_in(&tx, actor, project_id).await?;
        if p.status != ProjectStatus::Failed.as_str() {
            return Err(conflict(
                "project-not-failed",
                "status",
                "field.project.not-failed",
            ));
        }
        let round = p.round + 1;
        let mut m: project::ActiveModel = p.clone().into();
        m.status = Set(ProjectStatus::Draft.as_str().into());
        m.round = Set(round);
        m.closed_at = Set(None);
        m.draw_doc = Set(None);
        m.failed_reason = Set(None);
        m.seed_commitment = Set(None);
        m.seed_secret = Set(None);
        m.published_at = Set(None);
        m.published_micros = Set(None);
        m.updated_at = Set(now());
        m.update(&tx).await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "project.reopen",
            "project",
            &p.id.to_string(),
            json!({ "round": round }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    // ---- reading ------------------------------------------------------------------------

    /// The plan files of a closed project's registrants, `(firm, file)`, for its owner (and
    /// regulators) to read and score. Empty before the opening.
    pub async fn plan_files(&self, actor: &Actor, project_id: Uuid) -> Result<Vec<(Uuid, Uuid)>> {
        let p = visible_project(&self.db, project_id).await?;
        let may = p.owner_account_id == actor.account_id
            || may(actor.role, Permission::SuperviseProjects);
        if !may || p.closed_at.is_none() {
            return Ok(Vec::new());
        }
        Ok(active_registrations(&self.db, &p)
            .await?
            .into_iter()
            .filter_map(|r| Some((r.firm_id, r.plan_file_id?)))
            .collect())
    }

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
            return Ok(SelectionView::sealed(p.id, p.status, p.round));
        }
        self.selection(viewer, p.id).await
    }

    /// A project's selection record: after the opening, the bids, the ranking, the awards and
    /// objections; before it, nothing about any bid.
    pub async fn selection(&self, viewer: Option<&Actor>, id: Uuid) -> Result<SelectionView> {
        let p = project::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        if p.status == ProjectStatus::Draft.as_str()
            && viewer.is_none_or(|a| a.account_id != p.owner_account_id)
        {
            return Err(Error::NotFound);
        }
        let status = status_of(&p)?;
        let mut view = SelectionView::sealed(p.id, status, p.round);
        view.closed_at = p.closed_at;
        view.failed_reason = p.failed_reason.clone();
        // Sealed until the project has closed: no bid, no count, no name.
        if p.closed_at.is_none() {
            if status == ProjectStatus::Cancelled {
                view.next = NextStep::Cancelled;
            }
            return Ok(view);
        }
        let regs = active_registrations(&self.db, &p).await?;
        let ranks = draw_ranks(&p)?;
        let awards = award::Entity::find()
            .filter(award::Column::ProjectId.eq(p.id))
            .filter(award::Column::Round.eq(p.round))
            .order_by_asc(award::Column::AwardedAt)
            .all(&self.db)
            .await?;
        let objections = objection::Entity::find()
            .filter(objection::Column::ProjectId.eq(p.id))
            .order_by_asc(objection::Column::CreatedAt)
            .all(&self.db)
            .await?;
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
            .map(|r| OpenedBid {
                firm_name: name(&r.firm_id),
                draw_rank: ranks.get(&r.firm_id.to_string()).copied(),
                firm_id: r.firm_id,
                price_fen: r.price_fen,
                plan_sha256: r.plan_sha256,
                nonce: r.nonce,
                receipt: r.receipt,
                credit_score: r.credit_score,
                plan_score: r.plan_score,
                decision: r.decision,
                decision_reason: r.decision_reason,
            })
            .collect();
        bids.sort_by_key(|b| b.draw_rank.unwrap_or(usize::MAX));
        view.bids = bids;
        let award_firms = firms_by_id(&self.db, awards.iter().map(|a| a.firm_id)).await?;
        view.awards = awards
            .into_iter()
            .map(|a| AwardView {
                id: a.id,
                firm_name: award_firms
                    .get(&a.firm_id)
                    .map(|f| f.name.clone())
                    .unwrap_or_default(),
                firm_id: a.firm_id,
                price_fen: a.price_fen,
                service_days: p.service_days,
                reason: a.reason,
                status: a.status,
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
            .collect();
        view.objections = objections
            .into_iter()
            .map(|o| {
                let n = name(&o.firm_id);
                objection_view(o, &n)
            })
            .collect();
        Ok(view)
    }
}

impl Services {
    /// A registration as its own firm sees it: with its bid, opened for it if still sealed.
    fn registration_view(
        &self,
        r: registration::Model,
        p: &project::Model,
    ) -> Result<RegistrationView> {
        let project_status = status_of(p)?;
        Ok(registration_view(
            self.opened_registration(r)?,
            p,
            project_status,
        ))
    }
}

/// A registration whose bid is readable (see [`Services::registration_view`]), in a project of
/// `project_status` (read with [`status_of`]).
fn registration_view(
    r: registration::Model,
    p: &project::Model,
    project_status: ProjectStatus,
) -> RegistrationView {
    RegistrationView {
        id: r.id,
        project_id: p.id,
        project_title: p.title.clone(),
        project_status,
        registration_deadline: p.registration_deadline,
        firm_id: r.firm_id,
        round: r.round,
        status: r.status,
        price_fen: r.price_fen,
        plan_file: r.plan_file_id,
        plan_sha256: r.plan_sha256,
        nonce: r.nonce,
        receipt: r.receipt,
        created_at: r.created_at,
        updated_at: r.updated_at,
    }
}

fn objection_view(o: objection::Model, firm_name: &str) -> ObjectionView {
    ObjectionView {
        id: o.id,
        award_id: o.award_id,
        firm_id: o.firm_id,
        firm_name: firm_name.to_owned(),
        text: o.text,
        status: o.status,
        answer: o.answer,
        created_at: o.created_at,
        answered_at: o.answered_at,
    }
}

async fn set_decision(
    tx: &DatabaseTransaction,
    registration_id: Uuid,
    decision: &str,
    reason: &str,
) -> Result<()> {
    registration::Entity::update_many()
        .col_expr(registration::Column::Decision, Expr::value(decision))
        .col_expr(registration::Column::DecisionReason, Expr::value(reason))
        .filter(registration::Column::Id.eq(registration_id))
        .exec(tx)
        .await?;
    Ok(())
}

/// The latest award of the project's current round.
async fn current_award<C: ConnectionTrait>(
    db: &C,
    p: &project::Model,
) -> Result<Option<award::Model>> {
    Ok(award::Entity::find()
        .filter(award::Column::ProjectId.eq(p.id))
        .filter(award::Column::Round.eq(p.round))
        .order_by_desc(award::Column::AwardedAt)
        .one(db)
        .await?)
}

/// A project anybody may see (not a draft).
async fn visible_project<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<project::Model> {
    project::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|p| p.status != ProjectStatus::Draft.as_str())
        .ok_or(Error::NotFound)
}

async fn own_project_in<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    id: Uuid,
) -> Result<project::Model> {
    project::Entity::find_by_id(id)
        .one(db)
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
    registration::Entity::update_many()
        .col_expr(
            registration::Column::Status,
            Expr::value(RegistrationStatus::Invalidated.as_str()),
        )
        .col_expr(registration::Column::UpdatedAt, Expr::value(now()))
        .filter(registration::Column::ProjectId.eq(p.id))
        .filter(registration::Column::Round.eq(p.round))
        .filter(registration::Column::Status.eq(RegistrationStatus::Active.as_str()))
        .exec(tx)
        .await?;
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

/// Whether `file` is the plan of an opened bid of a project that `actor` owns or supervises
/// (plans are sealed like prices until the opening, and a bid never opened stays sealed).
pub(super) async fn may_read_opened_plan<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    file: Uuid,
) -> Result<bool> {
    let regs = registration::Entity::find()
        .filter(registration::Column::PlanFileId.eq(file))
        .filter(registration::Column::Status.eq(RegistrationStatus::Active.as_str()))
        .filter(registration::Column::SealedBid.is_null())
        .all(db)
        .await?;
    for r in regs {
        let opened = project::Entity::find_by_id(r.project_id)
            .one(db)
            .await?
            .is_some_and(|p| {
                (p.owner_account_id == actor.account_id
                    || may(actor.role, Permission::SuperviseProjects))
                    && p.closed_at.is_some()
                    && p.round == r.round
            });
        if opened {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Takes the project's row lock if it is in `status` (PostgreSQL: a row lock until the
/// transaction ends; SQLite: the write transaction holds the database already). Decisions on one
/// project serialize on it, so two concurrent decisions never both act on the same state.
async fn lock_project(tx: &DatabaseTransaction, id: Uuid, status: ProjectStatus) -> Result<bool> {
    lock_where(
        tx,
        id,
        Condition::all().add(project::Column::Status.eq(status.as_str())),
    )
    .await
}

/// Takes a project's row lock (a no-op update) if the row still meets `condition`.
async fn lock_where(tx: &DatabaseTransaction, id: Uuid, condition: Condition) -> Result<bool> {
    let r = project::Entity::update_many()
        .col_expr(project::Column::Round, Expr::col(project::Column::Round))
        .filter(project::Column::Id.eq(id))
        .filter(condition)
        .exec(tx)
        .await?;
    Ok(r.rows_affected == 1)
}

/// Takes the project's row lock while registration is open (same round, published, before the
/// deadline at `t`). A bid and the closing job serialize on this row, so a bid either commits
/// before the project closes (and is opened) or finds it closed.
async fn lock_open(tx: &DatabaseTransaction, p: &project::Model, t: DateTime<Utc>) -> Result<()> {
    let open = Condition::all()
        .add(project::Column::Round.eq(p.round))
        .add(project::Column::Status.eq(ProjectStatus::Published.as_str()))
        .add(project::Column::DeadlineMicros.gt(t.timestamp_micros()));
    if lock_where(tx, p.id, open).await? {
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
