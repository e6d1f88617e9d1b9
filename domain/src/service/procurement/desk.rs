//! The bid desk (报名受理): sealed bids are written by group commit.
//!
//! In the last seconds before a deadline most firms bid at once. One transaction per bid costs
//! some sixteen statements and queues every bid on the project's row, the audit chain's head row
//! and, on SQLite, the database's write lock (in SQLite's busy handler, which sleeps). So each
//! instance keeps a queue of bids ([`crate::platform::batch::Batcher`]): a writer takes every bid
//! waiting, reads what the rules need for all of them with one query per table (the firms, their
//! restrictions, qualifications and ties, the approving departments, the addresses, named plan
//! files — several queries at once, before the transaction, as a lone bid always read them), then
//! in one transaction locks the projects, reads the registrations, and writes all the batch's
//! registrations, mails and audit entries (on PostgreSQL in one statement, the rows as JSON
//! parameters; on SQLite as multi-row inserts). Bids queue while a
//! batch commits, so batches grow with the load, and a lone bid is written at once. A batch whose
//! projects are all closed or past their deadline is refused from plain reads, without the write
//! lock, so that late bids never wait for the closing job.
//!
//! Each bid is decided on its own, in arrival order, by the same rules and with the same answers
//! as it would get alone; a refused bid writes nothing and never holds up the others. Answers go
//! out only after the commit, so a bid answered "registered" is stored. If the batch's
//! transaction fails — a database error, or another instance's batch registering the same firm
//! first — each of its bids is retried in a transaction of its own, so one bid's failure is never
//! another's.
//!
//! Deadline: the batch takes its time before it locks the projects, and a bid is accepted only if
//! that time is before the deadline and the project is still open under the lock. The closing job
//! takes the same row lock, so a bid either commits before the project closes (and is opened) or
//! finds it closed.

use super::*;
use crate::model::attachment::{Attachment, AttachmentRef};
use crate::platform::attachments;
use crate::service::credit::standing::{ledger_part, restrictions_by_code};
use crate::store::entities::{firm, project, registration};
use crate::store::registrations;
use std::collections::HashSet;

/// A bid on its way to the desk, already checked for what needs no database (role, plan file
/// type). A plan uploaded with the bid (a page's form) is stored in the bid's transaction.
pub struct Submission {
    pub actor: Actor,
    pub project_id: Uuid,
    pub bid: BidInput<AttachmentRef<Attachment>>,
    /// Replace the firm's live registration's bid, rather than register.
    pub replace: bool,
}

/// The largest batch one transaction writes (the rest wait for the next).
pub(super) const MAX_BATCH: usize = 256;

impl Services {
    /// Hands a bid to this instance's desk and waits for its answer.
    pub(super) async fn submit_to_desk(&self, submission: Submission) -> Result<RegistrationView> {
        self.bid_desk
            .submit(submission, || {
                let services = self.clone();
                move |batch| {
                    let services = services.clone();
                    async move { services.write_batch(batch).await }
                }
            })
            .await
            .unwrap_or_else(|| Err(Error::Internal("the bid desk stopped".into())))
    }

    /// Writes a batch; if its transaction fails, each bid alone.
    async fn write_batch(&self, batch: Vec<Submission>) -> Vec<Result<RegistrationView>> {
        let all: Vec<&Submission> = batch.iter().collect();
        match self.write_together(&all).await {
            Ok(answers) => answers,
            Err(e) if batch.len() == 1 => vec![Err(e)],
            Err(e) => {
                tracing::warn!(error = %e, bids = batch.len(), "a batch of bids failed; writing each alone");
                let mut answers = Vec::with_capacity(batch.len());
                for s in &batch {
                    answers.push(match self.write_together(&[s]).await {
                        Ok(mut one) => one.remove(0),
                        Err(e) => Err(e),
                    });
                }
                answers
            }
        }
    }

    /// Writes the submissions in one transaction; each gets its own answer. `Err` only when the
    /// transaction itself failed (then nothing of it is stored).
    async fn write_together(&self, subs: &[&Submission]) -> Result<Vec<Result<RegistrationView>>> {
        let today = today_in_china();
        let mut facts = Facts::load(&self.db, subs).await?;
        for f in facts.plan_files.values_mut() {
            *f = attachments::opened(&self.config.seal_key, f.clone())?;
        }
        // The clock is read after the project rows it is compared with: a project found closed
        // was closed at or after its deadline, so a bid refused for that reads as late, never
        // as "not open" with the deadline still ahead.
        let t = now();
        let open = |id: &Uuid| {
            facts.projects.get(id).is_some_and(|p| {
                p.status == ProjectStatus::Published.as_str() && t < p.registration_deadline
            })
        };
        if !subs.iter().any(|s| open(&s.project_id)) {
            // Every bid is for a project closed or past its deadline (registration never
            // reopens in a round): each is refused from a plain read, without the write lock,
            // so that late bids are not held up by the closing job's transactions.
            facts.read_registrations(&self.db).await?;
            let live = facts.registrations.clone();
            return Ok(subs
                .iter()
                .map(|s| {
                    self.decide(s, &facts, &live, t, today).and_then(|_| {
                        Err(Error::Internal("a bid for a closed project passed".into()))
                    })
                })
                .collect());
        }
        let tx = begin_write(&self.db).await?;
        facts.lock_projects(&tx, subs).await?;
        // Again after the locked read, for the same reason; while the lock is held the closing
        // job cannot close these projects, so a bid stored at `t < deadline` is opened.
        let t = now();
        let mut batch = Batch::default();
        let mut answers = Vec::with_capacity(subs.len());
        let mut live = facts.registrations.clone();
        for s in subs.iter() {
            let answer = match self.decide(s, &facts, &live, t, today) {
                Ok(plan) => {
                    self.apply(&tx, s, plan, &facts, &mut live, &mut batch, t)
                        .await
                }
                Err(e) => Err(e),
            };
            answers.push(answer);
        }
        let entries: Vec<crate::platform::audit::Entry<'_>> = batch
            .audit
            .into_iter()
            .map(|(action, receipt)| sealed_bid_entry(action, receipt))
            .collect();
        // The registrations, the mails and the audit chain's advance (after its head is locked)
        // go as one statement on PostgreSQL, where each statement is a round trip or two and
        // the batch's round trips set the desk's pace (see `store::registrations`).
        let mails = outbox::rows(batch.mails);
        let link = if entries.is_empty() {
            None
        } else {
            let link = crate::platform::audit::link_locked(&tx, &entries).await?;
            Some((link.advance, link.rows))
        };
        let written = registrations::write_desk_batch(&tx, batch.inserts, mails, link).await?;
        if !written {
            return Err(already_registered());
        }
        tx.commit().await?;
        Ok(answers)
    }

    /// Decides one bid from what the batch read: every rule, no writes.
    fn decide<'f>(
        &self,
        s: &Submission,
        facts: &'f Facts,
        live: &HashMap<(Uuid, Uuid), registration::Model>,
        t: DateTime<Utc>,
        today: NaiveDate,
    ) -> Result<Plan<'f>> {
        let p = facts
            .projects
            .get(&s.project_id)
            .filter(|p| p.status != ProjectStatus::Draft.as_str())
            .ok_or(Error::NotFound)?;
        let f = facts
            .firms
            .get(&s.actor.account_id)
            .ok_or_else(|| Error::validation("firm", "field.firm.missing"))?;
        // Read here, before anything is written: the answer names it.
        let project_status = status_of(p)?;
        let existing = live.get(&(p.id, f.id));
        let registered = existing.is_some_and(|r| r.status == RegistrationStatus::Active.as_str());
        let open = p.status == ProjectStatus::Published.as_str();
        if s.replace {
            if !registered {
                return Err(conflict(
                    "not-registered",
                    "registration",
                    "field.registration.missing",
                ));
            }
            if !open || t >= p.registration_deadline {
                return Err(Error::Ineligible(vec![FieldError::new(
                    "registration",
                    if open {
                        "registration.deadline-passed"
                    } else {
                        "registration.not-open"
                    },
                )]));
            }
        } else {
            let restrictions = facts
                .restrictions
                .get(&f.credit_code)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let firm_facts = FirmFacts {
                firm: f.id.to_string(),
                bars: crate::rules::standing::decide(ledger_part(f, t), restrictions, t).bars,
                qualifications: facts.qualifications.get(&f.id).cloned().unwrap_or_default(),
                departments: facts.ties.get(&f.id).cloned().unwrap_or_default(),
                registered,
            };
            // A stored list that does not read refuses the bid with an internal error: never
            // "avoids nobody", never "requires nothing".
            let avoid: Vec<super::projects::Avoided> =
                stored_json("project", p.id, "avoid", &p.avoid)?;
            let required: Vec<QualRequirement> = stored_json(
                "project",
                p.id,
                "required_qualifications",
                &p.required_qualifications,
            )?;
            let project_facts = ProjectFacts {
                deadline: p.registration_deadline,
                required,
                avoid: avoid.iter().map(|a| a.firm.to_string()).collect(),
                approving_department: facts
                    .departments
                    .get(&p.item_id)
                    .cloned()
                    .unwrap_or_default(),
                open,
            };
            may_register(&firm_facts, &project_facts, t, today).map_err(|refusals| {
                Error::Ineligible(refusals.iter().map(|r| r.field_error()).collect())
            })?;
        }
        let bid = BidInput {
            price_fen: s.bid.price_fen,
            plan_file: s.bid.plan_file.as_ref(),
        };
        let bid = check_bid(&bid, needs_price(p)?, needs_plan(p)?, p.budget_fen)
            .map_err(Error::Validation)?;
        // A new plan is stored (and its id and digest known) once everything else is checked.
        let (plan_file, plan_sha256) = match bid.plan_file {
            None | Some(AttachmentRef::New(_)) => (None, None),
            Some(&AttachmentRef::Existing(file)) => (
                Some(file),
                Some(
                    facts
                        .plan_files
                        .get(&file)
                        .filter(|e| e.firm_id == Some(f.id))
                        .ok_or_else(|| Error::validation("plan_file", "field.evidence.unknown"))?
                        .sha256
                        .clone(),
                ),
            ),
        };
        Ok(Plan {
            project: p,
            project_status,
            firm: f,
            price_fen: bid.price_fen,
            plan_file,
            plan_sha256,
        })
    }

    /// Writes what [`Self::decide`] accepted: a new plan file at once, the registration, mail
    /// and audit entry into the batch.
    #[allow(clippy::too_many_arguments)]
    async fn apply(
        &self,
        tx: &DatabaseTransaction,
        s: &Submission,
        mut plan: Plan<'_>,
        facts: &Facts,
        live: &mut HashMap<(Uuid, Uuid), registration::Model>,
        batch: &mut Batch,
        t: DateTime<Utc>,
    ) -> Result<RegistrationView> {
        let (p, f) = (plan.project, plan.firm);
        if let Some(AttachmentRef::New(new)) = &s.bid.plan_file {
            // No audit entry of its own: the bid's entry commits to the plan's digest through
            // the receipt, and an upload entry would name the firm before the opening.
            let meta =
                attachments::insert(tx, &self.config.seal_key, &s.actor, Some(f.id), new).await?;
            plan.plan_file = Some(meta.id);
            plan.plan_sha256 = Some(meta.sha256);
        }
        let nonce = crate::platform::new_secret();
        let receipt = bid_receipt(
            &p.id.to_string(),
            &f.id.to_string(),
            plan.price_fen,
            plan.plan_sha256.as_deref(),
            &nonce,
        );
        let key = (p.id, f.id);
        let m = match live.get(&key) {
            Some(r) => {
                // A registration of this round exists (withdrawn, or live when replacing): it is
                // updated in place — at once, since rows this batch inserts are not written yet.
                let mut m = r.clone();
                m.sealed_bid = None;
                m.status = RegistrationStatus::Active.as_str().into();
                m.price_fen = plan.price_fen;
                m.plan_file_id = plan.plan_file;
                m.plan_sha256 = plan.plan_sha256;
                m.nonce = nonce;
                m.receipt = receipt.clone();
                m.updated_at = t;
                if let Some(row) = batch
                    .inserts
                    .iter_mut()
                    .find(|row| row.project_id == p.id && row.firm_id == f.id)
                {
                    // Inserted by this very batch (register, then replace, in one batch).
                    *row = self.sealed_registration(m.clone());
                } else {
                    registrations::rewrite_registration(tx, self.sealed_registration(m.clone()))
                        .await?;
                }
                m
            }
            None => {
                let m = registration::Model {
                    id: Uuid::new_v4(),
                    project_id: p.id,
                    firm_id: f.id,
                    round: p.round,
                    status: RegistrationStatus::Active.as_str().into(),
                    price_fen: plan.price_fen,
                    plan_file_id: plan.plan_file,
                    plan_sha256: plan.plan_sha256,
                    nonce,
                    receipt: receipt.clone(),
                    credit_score: None,
                    plan_score: None,
                    decision: None,
                    decision_reason: None,
                    created_at: t,
                    updated_at: t,
                    sealed_bid: None,
                };
                batch.inserts.push(self.sealed_registration(m.clone()));
                m
            }
        };
        live.insert(key, m.clone());
        if let Some(to) = facts.addresses.get(&s.actor.account_id) {
            let key = if s.replace {
                MailKey::BidReplaced
            } else {
                MailKey::Registered
            };
            batch.mails.push(render_mail(
                to,
                key,
                &[
                    ("title", &p.title),
                    ("receipt", &receipt),
                    ("link", &self.project_link(p.id)),
                ],
            ));
        }
        let action = if s.replace {
            "bid.replace"
        } else {
            "bid.register"
        };
        batch.audit.push((action, receipt));
        registration_view(m, p, plan.project_status)
    }
}

/// What a batch reads, one query per table.
struct Facts {
    projects: HashMap<Uuid, project::Model>,
    /// By account.
    firms: HashMap<Uuid, firm::Model>,
    /// By credit code.
    restrictions: HashMap<String, Vec<crate::rules::standing::Restriction>>,
    qualifications: HashMap<Uuid, Vec<Held>>,
    ties: HashMap<Uuid, Vec<String>>,
    /// Approving department by service item.
    departments: HashMap<Uuid, String>,
    addresses: HashMap<Uuid, String>,
    /// The firms' registrations in the projects' current rounds, by (project, firm).
    registrations: HashMap<(Uuid, Uuid), registration::Model>,
    plan_files: HashMap<Uuid, attachment::Model>,
}

impl Facts {
    /// What the rules read of the firms, their items and files: read before the write
    /// transaction (as a lone bid always did), several queries at once on the pool's
    /// connections, so that the transaction — which holds the projects' locks, and on SQLite the
    /// database's — is as short as it can be.
    async fn load(db: &crate::store::Db, subs: &[&Submission]) -> Result<Self> {
        let accounts = distinct(&mut subs.iter().map(|s| s.actor.account_id));
        let project_ids = distinct(&mut subs.iter().map(|s| s.project_id));
        let named: HashSet<Uuid> = subs
            .iter()
            .filter_map(|s| match s.bid.plan_file {
                Some(AttachmentRef::Existing(id)) => Some(id),
                _ => None,
            })
            .collect();
        let firms = async {
            Ok::<_, Error>(
                registrations::firms_of_accounts(db, &accounts)
                    .await?
                    .into_iter()
                    .map(|f| (f.account_id, f))
                    .collect::<HashMap<Uuid, firm::Model>>(),
            )
        };
        let departments = async {
            Ok::<_, Error>(
                registrations::items_of_projects(db, &project_ids)
                    .await?
                    .into_iter()
                    .map(|i| (i.id, i.department))
                    .collect::<HashMap<Uuid, String>>(),
            )
        };
        let plan_files = async {
            if named.is_empty() {
                return Ok::<_, Error>(HashMap::new());
            }
            Ok(
                registrations::attachments_with_ids(db, named.iter().copied())
                    .await?
                    .into_iter()
                    .map(|e| (e.id, e))
                    .collect(),
            )
        };
        // As they stand, unlocked: only to see whether any of them is still open (see
        // `write_together`); the transaction reads them again under its lock.
        let projects = async {
            Ok::<_, Error>(
                registrations::projects_as_they_stand(db, &project_ids)
                    .await?
                    .into_iter()
                    .map(|p| (p.id, p))
                    .collect::<HashMap<Uuid, project::Model>>(),
            )
        };
        // The firms' qualifications, ties and restrictions are read by the accounts too (a
        // subquery on the firm table), so that every read goes at once: one round of round
        // trips before the transaction rather than two.
        let qualifications = async {
            let mut by_firm: HashMap<Uuid, Vec<Held>> = HashMap::new();
            for q in registrations::qualifications_of_accounts(db, &accounts).await? {
                by_firm.entry(q.firm_id).or_default().push(Held {
                    qual_type: q.qual_type,
                    grade: q.grade,
                    valid_from: q.valid_from,
                    valid_until: q.valid_until,
                });
            }
            Ok::<_, Error>(by_firm)
        };
        let ties = async {
            let mut by_firm: HashMap<Uuid, Vec<String>> = HashMap::new();
            for a in registrations::affiliations_of_accounts(db, &accounts).await? {
                by_firm.entry(a.firm_id).or_default().push(a.department);
            }
            Ok::<_, Error>(by_firm)
        };
        let restrictions = async {
            let found = registrations::restrictions_of_accounts(db, &accounts, now()).await?;
            restrictions_by_code(&found)
        };
        let (
            projects,
            firms,
            departments,
            plan_files,
            addresses,
            qualifications,
            ties,
            restrictions,
        ) = tokio::try_join!(
            projects,
            firms,
            departments,
            plan_files,
            emails(db, accounts.iter().copied()),
            qualifications,
            ties,
            restrictions
        )?;
        Ok(Self {
            projects,
            firms,
            restrictions,
            qualifications,
            ties,
            departments,
            addresses,
            registrations: HashMap::new(),
            plan_files,
        })
    }

    /// Under the write transaction: the batch's projects again, locked, then the registrations.
    /// PostgreSQL takes a share lock (FOR SHARE), which keeps the closing job and the owner's
    /// edits (they update the row) out until the batch commits, but lets other instances'
    /// batches in; two batches registering the same firm meet at the registration's unique index,
    /// and the later one is retried bid by bid, which refuses it as already registered. SQLite:
    /// the write transaction holds the whole database already.
    async fn lock_projects(
        &mut self,
        tx: &DatabaseTransaction,
        subs: &[&Submission],
    ) -> Result<()> {
        self.projects = registrations::projects_locked_shared(
            tx,
            distinct(&mut subs.iter().map(|s| s.project_id)),
        )
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
        self.read_registrations(tx).await
    }

    /// The firms' registrations in the projects' current rounds (as `self.projects` has them).
    async fn read_registrations(&mut self, conn: &impl ConnectionTrait) -> Result<()> {
        let projects = &self.projects;
        self.registrations = registrations::registrations_of_firms_in(
            conn,
            projects.keys().copied(),
            self.firms.values().map(|f| f.id),
        )
        .await?
        .into_iter()
        .filter(|r| {
            projects
                .get(&r.project_id)
                .is_some_and(|p| p.round == r.round)
        })
        .map(|r| ((r.project_id, r.firm_id), r))
        .collect();
        Ok(())
    }
}

/// A unique violation while inserting registrations: another instance registered the same firm
/// meanwhile. Alone (see `write_batch`), such a bid is refused as already registered.
fn already_registered() -> Error {
    Error::Ineligible(vec![FieldError::new(
        "registration",
        "registration.already-registered",
    )])
}

fn distinct(ids: &mut dyn Iterator<Item = Uuid>) -> Vec<Uuid> {
    let mut v: Vec<Uuid> = ids.collect();
    v.sort();
    v.dedup();
    v
}

/// A bid the rules accepted, to be written.
struct Plan<'f> {
    project: &'f project::Model,
    /// The project's status as [`status_of`] read it.
    project_status: ProjectStatus,
    firm: &'f firm::Model,
    price_fen: Option<i64>,
    plan_file: Option<Uuid>,
    plan_sha256: Option<String>,
}

/// The batch's writes, made after every bid is decided.
#[derive(Default)]
struct Batch {
    /// New registrations (a row the batch replaces again is changed here).
    inserts: Vec<registration::Model>,
    mails: Vec<outbox::Mail>,
    /// The accepted bids' audit entries: action and receipt (see [`sealed_bid_entry`]).
    audit: Vec<(&'static str, String)>,
}
