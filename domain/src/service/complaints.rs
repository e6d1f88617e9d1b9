//! Complaints (投诉): filing (an account, or a member of the public with a contact), the
//! regulators' queue with its limits and overdue cases, acceptance or rejection, investigation,
//! the decision, evidence from the parties, and the published outcomes. The rules are in
//! [`crate::rules::complaint`].
//!
//! An upheld complaint about a firm (or an award) records a complaint event of the regulator's
//! points on the firm's credit ledger; an upheld award complaint, decided while the award's
//! notice period runs or before its contract, overturns the award and the selection goes on
//! without the firm, as for an upheld objection. The complainant and the respondents are told by
//! mail at every step. Who complained is never published.

use super::credit::{NewEvent, current_policy, record_event};
use super::firms::own_firm;
use super::{Services, authorize, reason_text};
use crate::error::{Error, FieldError, Result, stored};
use crate::model::attachment::{Attachment, AttachmentRef};
use crate::model::project::AwardStatus;
use crate::model::{Actor, Role};
use crate::platform::attachments::{self, Owner};
use crate::platform::audit::{AuditActor, record};
use crate::platform::clock::now;
use crate::platform::clock::today_in_china;
use crate::platform::mail::{MailKey, render_mail};
use crate::platform::outbox;
use crate::rules::access::{Permission, may};
use crate::rules::complaint::{
    CheckedComplaint, ComplaintAction, ComplaintInput, ComplaintRefusal, ComplaintState,
    SubjectKind, accept_due, award_complaint_in_time, decide_due, next, overdue, steps,
};
use crate::rules::credit_ledger::EventKind;
use crate::store::entities::{account, complaint, complaint_evidence, firm, project};
use crate::store::{self, DatabaseTransaction, begin_write, complaints};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

/// A document a party added to a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceView {
    pub document_id: Uuid,
    pub note: String,
    pub added_at: DateTime<Utc>,
}

/// A complaint as its parties and regulators see it; the published outcome leaves out the
/// complainant, the facts as told and the evidence (`public`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComplaintView {
    pub id: Uuid,
    /// `project`, `award`, `firm` or `owner`.
    pub subject: SubjectKind,
    pub subject_id: Uuid,
    pub project_id: Option<Uuid>,
    pub project_title: Option<String>,
    pub award_id: Option<Uuid>,
    pub firm_id: Option<Uuid>,
    pub firm_name: Option<String>,
    pub owner_account_id: Option<Uuid>,
    pub owner_name: Option<String>,
    pub rule: String,
    pub status: ComplaintState,
    /// The last day to accept or reject it (China's date).
    pub accept_due: NaiveDate,
    /// When the decision is due (from acceptance).
    pub decide_due: Option<DateTime<Utc>>,
    /// Past its limit and not yet accepted or decided.
    pub overdue: bool,
    /// The rejection's reason or the decision's findings.
    pub reason: Option<String>,
    /// The credit points an upheld complaint recorded on the firm.
    pub points: Option<i32>,
    /// An upheld award complaint overturned the award.
    pub overturned: bool,
    pub created_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    /// Not in the published outcome.
    pub facts: Option<String>,
    pub contact_name: Option<String>,
    pub contact: Option<String>,
    pub evidence: Vec<EvidenceView>,
    /// What the viewer may do next, decided by [`crate::rules::complaint::steps`] (nothing in
    /// a published outcome).
    pub allowed: Vec<ComplaintAction>,
}

fn refusal(r: ComplaintRefusal) -> Error {
    let (code, key) = r.code();
    Error::Conflict(code, FieldError::new("status", key))
}

/// Who the actor is to a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Party {
    Complainant,
    Respondent,
    Regulator,
}

/// What a complaint is about and who answers for it, as [`Services::resolve_subject`] finds it.
struct Subject {
    project_id: Option<Uuid>,
    award_id: Option<Uuid>,
    firm_id: Option<Uuid>,
    owner_account_id: Option<Uuid>,
}

/// A complaint's stored status; an unknown one is an internal error (never "submitted").
fn state_of(c: &complaint::Model) -> Result<ComplaintState> {
    stored(
        "complaint",
        c.id,
        "status",
        &c.status,
        ComplaintState::parse(&c.status),
    )
}

impl Services {
    async fn complaint_party(
        &self,
        tx: &impl crate::store::ConnectionTrait,
        actor: &Actor,
        c: &complaint::Model,
    ) -> Result<Party> {
        if may(actor.role, Permission::HandleComplaints) {
            return Ok(Party::Regulator);
        }
        if c.complainant_account_id == Some(actor.account_id) {
            return Ok(Party::Complainant);
        }
        if c.owner_account_id == Some(actor.account_id) {
            return Ok(Party::Respondent);
        }
        if let Some(f) = c.firm_id
            && actor.role == Role::Intermediary
            && own_firm(tx, actor).await.is_ok_and(|m| m.id == f)
        {
            return Ok(Party::Respondent);
        }
        Err(Error::NotFound)
    }

    pub(crate) async fn complaint_view(
        &self,
        db: &impl crate::store::ConnectionTrait,
        c: complaint::Model,
        public: bool,
        party: Option<Party>,
    ) -> Result<ComplaintView> {
        let firm_name = match c.firm_id {
            Some(id) => store::find::<firm::Model>(db, id).await?.map(|f| f.name),
            None => None,
        };
        let owner_name = match c.owner_account_id {
            Some(id) => store::find::<account::Model>(db, id).await?.map(|a| a.name),
            None => None,
        };
        let project_title = match c.project_id {
            Some(id) => store::find::<project::Model>(db, id)
                .await?
                .map(|p| p.title),
            None => None,
        };
        let evidence = if public {
            Vec::new()
        } else {
            complaints::evidence_oldest_first(db, c.id)
                .await?
                .into_iter()
                .map(|e| EvidenceView {
                    document_id: e.document_id,
                    note: e.note,
                    added_at: e.created_at,
                })
                .collect()
        };
        let state = state_of(&c)?;
        Ok(ComplaintView {
            id: c.id,
            subject: stored(
                "complaint",
                c.id,
                "subject",
                &c.subject,
                SubjectKind::parse(&c.subject),
            )?,
            subject_id: c.subject_id,
            project_id: c.project_id,
            project_title,
            award_id: c.award_id,
            firm_id: c.firm_id,
            firm_name,
            owner_account_id: c.owner_account_id,
            owner_name,
            rule: c.rule,
            status: state,
            accept_due: c.accept_due,
            decide_due: c.decide_due,
            overdue: overdue(state, c.accept_due, c.decide_due, today_in_china(), now()),
            reason: c.reason,
            points: c.points,
            overturned: c.overturned,
            created_at: c.created_at,
            accepted_at: c.accepted_at,
            decided_at: c.decided_at,
            facts: (!public).then_some(c.facts),
            contact_name: (!public).then_some(c.contact_name),
            contact: (!public).then_some(c.contact),
            evidence,
            allowed: party
                .map(|p| steps(p == Party::Regulator, state))
                .unwrap_or_default(),
        })
    }

    /// Where a complaint's mails go: the complainant (their account, or a contact that is an
    /// email address) and, once a regulator has taken it up, the respondents.
    async fn complaint_recipients(
        &self,
        tx: &DatabaseTransaction,
        c: &complaint::Model,
        respondents: bool,
    ) -> Result<Vec<String>> {
        let mut accounts = Vec::new();
        if let Some(a) = c.complainant_account_id {
            accounts.push(a);
        }
        if respondents {
            if let Some(o) = c.owner_account_id {
                accounts.push(o);
            }
            if let Some(f) = c.firm_id
                && let Some(f) = store::find::<firm::Model>(tx, f).await?
            {
                accounts.push(f.account_id);
            }
        }
        let mut to: Vec<String> = crate::store::find_many::<account::Model>(tx, accounts)
            .await?
            .into_iter()
            .map(|a| a.email)
            .collect();
        if c.complainant_account_id.is_none() && crate::model::Email::parse(&c.contact).is_ok() {
            to.push(c.contact.clone());
        }
        Ok(to)
    }

    async fn mail_complaint(
        &self,
        tx: &DatabaseTransaction,
        c: &complaint::Model,
        key: MailKey,
        respondents: bool,
    ) -> Result<()> {
        let status = crate::i18n::message(
            crate::i18n::Lang::Zh,
            &format!("complaint.status.{}", c.status),
        )
        .to_owned();
        let link = format!(
            "{}/complaints/{}",
            self.config.base_url.trim_end_matches('/'),
            c.id
        );
        let reason = c.reason.clone().unwrap_or_default();
        let mails = self
            .complaint_recipients(tx, c, respondents)
            .await?
            .iter()
            .map(|to| {
                render_mail(
                    to,
                    key,
                    &[
                        ("status", status.as_str()),
                        ("reason", &reason),
                        ("rule", &c.rule),
                        ("link", &link),
                    ],
                )
            })
            .collect();
        outbox::enqueue_many(tx, mails).await
    }

    /// Finds what the complaint is about and who answers for it.
    async fn resolve_subject(
        &self,
        tx: &DatabaseTransaction,
        actor: Option<&Actor>,
        c: &CheckedComplaint,
    ) -> Result<Subject> {
        let unknown = || Error::validation("subject_id", "field.complaint.subject-id");
        let mut m = Subject {
            project_id: None,
            award_id: None,
            firm_id: None,
            owner_account_id: None,
        };
        match c.subject {
            SubjectKind::Project | SubjectKind::Award => {
                let p = store::find::<project::Model>(tx, c.subject_id)
                    .await?
                    .filter(|p| p.status != "draft")
                    .ok_or_else(unknown)?;
                m.project_id = Some(p.id);
                m.owner_account_id = Some(p.owner_account_id);
                if c.subject == SubjectKind::Award {
                    // The award in its notice period: complaints about an award come before
                    // the notice period ends.
                    let a = crate::store::projects::latest_award_of_round(tx, p.id, p.round)
                        .await?
                        .ok_or_else(unknown)?;
                    if a.status != AwardStatus::Notice.as_str()
                        || !award_complaint_in_time(a.notice_until, now())
                    {
                        return Err(Error::Conflict(
                            "complaint-too-late",
                            FieldError::new("subject_id", "field.complaint.too-late"),
                        ));
                    }
                    m.award_id = Some(a.id);
                    m.firm_id = Some(a.firm_id);
                }
            }
            SubjectKind::Firm => {
                let f = store::find::<firm::Model>(tx, c.subject_id)
                    .await?
                    .ok_or_else(unknown)?;
                if actor.is_some_and(|a| a.account_id == f.account_id) {
                    return Err(Error::validation("subject_id", "field.complaint.own"));
                }
                m.firm_id = Some(f.id);
            }
            SubjectKind::Owner => {
                let a = store::find::<account::Model>(tx, c.subject_id)
                    .await?
                    .filter(|a| a.role == Role::Owner.as_str())
                    .ok_or_else(unknown)?;
                if actor.is_some_and(|x| x.account_id == a.id) {
                    return Err(Error::validation("subject_id", "field.complaint.own"));
                }
                m.owner_account_id = Some(a.id);
            }
        }
        Ok(m)
    }

    /// Files a complaint, from an account (`actor`) or from a member of the public (no actor:
    /// name and contact required), with evidence: documents the account uploaded before, or
    /// files uploaded with the complaint (a page's form), stored in the complaint's own
    /// transaction so that a refused complaint leaves nothing behind.
    pub async fn file_complaint(
        &self,
        actor: Option<&Actor>,
        input: &ComplaintInput,
        evidence: Vec<AttachmentRef>,
    ) -> Result<ComplaintView> {
        let c = input.check(actor.is_none()).map_err(Error::Validation)?;
        if actor.is_none() && !evidence.is_empty() {
            return Err(Error::validation(
                "evidence",
                "field.complaint.evidence-account",
            ));
        }
        let evidence = evidence
            .into_iter()
            .map(|e| e.check("evidence"))
            .collect::<Result<Vec<_>>>()?;
        let tx = begin_write(&self.db).await?;
        let subject = self.resolve_subject(&tx, actor, &c).await?;
        let mut documents = Vec::with_capacity(evidence.len());
        if let Some(a) = actor {
            for e in evidence {
                documents.push(self.attach_evidence(&tx, a, e).await?);
            }
        }
        let t = now();
        let id = Uuid::new_v4();
        let model = store::insert(
            &tx,
            complaint::Model {
                id,
                subject: c.subject.as_str().into(),
                subject_id: c.subject_id,
                project_id: subject.project_id,
                award_id: subject.award_id,
                firm_id: subject.firm_id,
                owner_account_id: subject.owner_account_id,
                complainant_account_id: actor.map(|a| a.account_id),
                contact_name: c.contact_name.clone(),
                contact: c.contact.clone(),
                facts: c.facts.clone(),
                rule: c.rule.clone(),
                status: ComplaintState::Submitted.as_str().into(),
                accept_due: accept_due(&self.config.calendar, today_in_china()),
                decide_due: None,
                reason: None,
                points: None,
                credit_event_id: None,
                overturned: false,
                accepted_at: None,
                decided_at: None,
                decided_by: None,
                created_at: t,
                updated_at: t,
            },
        )
        .await?;
        for d in documents {
            self.add_evidence_row(&tx, id, d, actor, "").await?;
        }
        record(
            &tx,
            match actor {
                Some(a) => AuditActor::Account(a),
                None => AuditActor::Anonymous,
            },
            "complaint.file",
            "complaint",
            &id.to_string(),
            json!({ "subject": c.subject.as_str(), "subject_id": c.subject_id, "rule": c.rule }),
        )
        .await?;
        self.mail_complaint(&tx, &model, MailKey::ComplaintReceived, false)
            .await?;
        let v = self
            .complaint_view(&tx, model, false, Some(Party::Complainant))
            .await?;
        tx.commit().await?;
        Ok(v)
    }

    /// A complaint's evidence, as its id: a document the account uploaded, or a new one.
    async fn attach_evidence(
        &self,
        tx: &DatabaseTransaction,
        actor: &Actor,
        file: AttachmentRef<Attachment>,
    ) -> Result<Uuid> {
        attachments::attach(
            tx,
            &self.config.seal_key,
            actor,
            Owner::Party(actor.account_id),
            file,
            ("evidence", "field.document.unknown"),
        )
        .await
    }

    async fn add_evidence_row(
        &self,
        tx: &DatabaseTransaction,
        complaint_id: Uuid,
        document_id: Uuid,
        actor: Option<&Actor>,
        note: &str,
    ) -> Result<()> {
        store::insert(
            tx,
            complaint_evidence::Model {
                id: Uuid::new_v4(),
                complaint_id,
                document_id,
                added_by: actor.map(|a| a.account_id).unwrap_or_default(),
                note: note.to_owned(),
                created_at: now(),
            },
        )
        .await?;
        Ok(())
    }

    /// A case, for its complainant, its respondents and regulators (others: not found).
    pub async fn complaint(&self, actor: &Actor, id: Uuid) -> Result<ComplaintView> {
        let c = store::find::<complaint::Model>(&self.db, id)
            .await?
            .ok_or(Error::NotFound)?;
        let party = self.complaint_party(&self.db, actor, &c).await?;
        self.complaint_view(&self.db, c, false, Some(party)).await
    }

    /// A party or a regulator adds evidence to an open case: a document uploaded by them
    /// before, or one uploaded with the form (a page), stored in the same transaction.
    pub async fn add_complaint_evidence(
        &self,
        actor: &Actor,
        id: Uuid,
        evidence: AttachmentRef,
        note: &str,
    ) -> Result<ComplaintView> {
        let note = reason_text(note, "note", false)?;
        let evidence = evidence.check("evidence")?;
        let tx = begin_write(&self.db).await?;
        let c = store::find::<complaint::Model>(&tx, id)
            .await?
            .ok_or(Error::NotFound)?;
        let party = self.complaint_party(&tx, actor, &c).await?;
        let state = state_of(&c)?;
        next(state, ComplaintAction::AddEvidence).map_err(refusal)?;
        let document_id = self.attach_evidence(&tx, actor, evidence).await?;
        self.add_evidence_row(&tx, id, document_id, Some(actor), &note)
            .await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "complaint.evidence",
            "complaint",
            &id.to_string(),
            json!({ "document": document_id, "note": note }),
        )
        .await?;
        let v = self.complaint_view(&tx, c, false, Some(party)).await?;
        tx.commit().await?;
        Ok(v)
    }

    /// The regulators' queue: open cases oldest first (each with its limits and whether it is
    /// overdue), or every case newest first (`all`).
    pub async fn complaint_queue(&self, actor: &Actor, all: bool) -> Result<Vec<ComplaintView>> {
        authorize(actor, Permission::HandleComplaints)?;
        let rows = if all {
            complaints::every_case_newest_first(&self.db).await?
        } else {
            complaints::open_cases_oldest_first(&self.db).await?
        };
        let mut out = Vec::with_capacity(rows.len());
        for c in rows {
            out.push(
                self.complaint_view(&self.db, c, false, Some(Party::Regulator))
                    .await?,
            );
        }
        Ok(out)
    }

    /// Published outcomes: upheld and dismissed complaints, newest decision first, without who
    /// complained, the facts as told or the evidence.
    pub async fn complaint_outcomes(&self, limit: u64) -> Result<Vec<ComplaintView>> {
        let rows = complaints::outcomes_newest_first(&self.db, limit.clamp(1, 500)).await?;
        let mut out = Vec::with_capacity(rows.len());
        for c in rows {
            out.push(self.complaint_view(&self.db, c, true, None).await?);
        }
        Ok(out)
    }

    /// A published outcome (upheld or dismissed), for everybody.
    pub async fn complaint_outcome(&self, id: Uuid) -> Result<ComplaintView> {
        let c = store::find::<complaint::Model>(&self.db, id)
            .await?
            .ok_or(Error::NotFound)?;
        if !matches!(
            state_of(&c)?,
            ComplaintState::Upheld | ComplaintState::Dismissed
        ) {
            return Err(Error::NotFound);
        }
        self.complaint_view(&self.db, c, true, None).await
    }

    /// A regulator's step on a case: accept (`Accept`) or reject with a reason (`Reject`),
    /// start the investigation (`Investigate`), or decide: uphold with findings and, for a
    /// firm, the credit points of its severity (`Uphold`), or dismiss with findings (`Dismiss`).
    pub async fn handle_complaint(
        &self,
        actor: &Actor,
        id: Uuid,
        action: ComplaintAction,
        reason: &str,
        points: Option<i32>,
    ) -> Result<ComplaintView> {
        authorize(actor, Permission::HandleComplaints)?;
        let needs_reason = matches!(
            action,
            ComplaintAction::Reject | ComplaintAction::Uphold | ComplaintAction::Dismiss
        );
        let reason = reason_text(reason, "reason", needs_reason)?;
        let tx = begin_write(&self.db).await?;
        let c = store::find::<complaint::Model>(&tx, id)
            .await?
            .ok_or(Error::NotFound)?;
        let state = state_of(&c)?;
        let to = next(state, action).map_err(refusal)?;
        // Only the transition from the state read wins (two regulators at once): the first
        // statement claims it, a second finds the state changed.
        if !complaints::claim_transition(&tx, id, &c.status, to.as_str()).await? {
            return Err(refusal(ComplaintRefusal::Closed));
        }
        let t = now();
        let mut m = complaint::Model {
            status: to.as_str().into(),
            updated_at: t,
            ..c.clone()
        };
        match action {
            ComplaintAction::Accept => {
                m.accepted_at = Some(t);
                m.decide_due = Some(decide_due(t));
            }
            ComplaintAction::Reject | ComplaintAction::Uphold | ComplaintAction::Dismiss => {
                m.reason = Some(reason.clone());
                m.decided_at = Some(t);
                m.decided_by = Some(actor.account_id);
            }
            _ => {}
        }
        if action == ComplaintAction::Uphold
            && let Some(firm_id) = c.firm_id
        {
            let points = points.ok_or_else(|| {
                Error::validation("points", "field.credit-points.complaint-range")
            })?;
            let policy = current_policy(&tx).await?.policy;
            let e = record_event(
                &tx,
                self,
                &policy,
                NewEvent {
                    firm_id,
                    kind: EventKind::Complaint { points },
                    project_id: c.project_id,
                    award_id: c.award_id,
                    reason: reason.clone(),
                    recorded_by: Some(actor.account_id),
                },
            )
            .await?;
            m.points = Some(e.points);
            m.credit_event_id = Some(e.id);
            if let (Some(project_id), Some(award_id)) = (c.project_id, c.award_id) {
                let overturned = self
                    .overturn_for_complaint(&tx, project_id, award_id, &reason)
                    .await?;
                m.overturned = overturned;
            }
        }
        let updated = store::update(&tx, &c, m).await?;
        record(
            &tx,
            AuditActor::Account(actor),
            &format!("complaint.{}", to.as_str()),
            "complaint",
            &id.to_string(),
            json!({ "reason": reason, "points": updated.points, "overturned": updated.overturned }),
        )
        .await?;
        self.mail_complaint(&tx, &updated, MailKey::ComplaintUpdate, true)
            .await?;
        let v = self
            .complaint_view(&tx, updated, false, Some(Party::Regulator))
            .await?;
        tx.commit().await?;
        if c.firm_id.is_some() && action == ComplaintAction::Uphold {
            self.directory_cache.written();
        }
        Ok(v)
    }
}
