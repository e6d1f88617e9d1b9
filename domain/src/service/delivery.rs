//! Service and delivery (服务成果交付): after the contract the firm submits its result (a document
//! uploaded at `POST /documents`, with a note); the owner accepts it, or returns it with reasons
//! while the clock keeps running (see [`crate::rules::delivery`]). Acceptance records the firm's
//! on-time or late delivery on its credit ledger. A job reminds the firm before its due date and
//! the owner of a result left unreviewed.
//!
//! A project's delivery is created when first needed from its contracted award (the contract's
//! signing day and service days fix the due date).

use super::credit::{NewEvent, current_policy, record_event};
use super::firms::own_firm;
use super::{Services, reason_text};
use crate::error::{Error, FieldError, Result, stored};
use crate::model::Actor;
use crate::model::Role;
use crate::model::attachment::AttachmentRef;
use crate::model::evaluation::AppealStatus;
use crate::platform::attachments::{self, Owner};
use crate::platform::audit::{AuditActor, record};
use crate::platform::clock::now;
use crate::platform::clock::today_in_china;
use crate::platform::mail::{MailKey, render_mail};
use crate::platform::outbox;
use crate::rules::credit_ledger::EventCode;
use crate::rules::delivery::{
    DeliveryAction, DeliveryFacts, DeliveryState, DeliveryStep, Party, Review, delivery_event,
    due_date, firm_reminder_due, next, owner_reminder_due, steps,
};
use crate::store::entities::{
    account, credit_event, delivery, delivery_submission, evaluation, firm, owner_rating, project,
};
use crate::store::{self, DatabaseTransaction, begin_write, deliveries, lock_keys};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

/// One submission of the result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubmissionView {
    pub seq: i32,
    pub document_id: Uuid,
    pub note: String,
    pub submitted_at: DateTime<Utc>,
    /// None while waiting.
    pub review: Option<Review>,
    pub review_reason: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
}

/// A project's delivery as its owner, its firm and regulators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeliveryView {
    pub project_id: Uuid,
    pub award_id: Uuid,
    pub firm_id: Uuid,
    pub signed_on: NaiveDate,
    /// The last day of the contracted service days.
    pub due_on: NaiveDate,
    pub state: DeliveryState,
    pub accepted_at: Option<DateTime<Utc>>,
    /// The credit event acceptance recorded (on time or late), and its points.
    pub credit_kind: Option<EventCode>,
    pub credit_points: Option<i32>,
    pub submissions: Vec<SubmissionView>,
    /// What the viewer may do next, decided by [`crate::rules::delivery::steps`]; pages and
    /// clients render these and never re-derive them.
    pub allowed: Vec<DeliveryStep>,
}

fn refusal(r: crate::rules::delivery::DeliveryRefusal) -> Error {
    Error::Conflict(
        match r {
            crate::rules::delivery::DeliveryRefusal::AwaitingReview => "delivery-awaiting-review",
            crate::rules::delivery::DeliveryRefusal::NothingSubmitted => {
                "delivery-nothing-submitted"
            }
            crate::rules::delivery::DeliveryRefusal::AlreadyAccepted => "delivery-accepted",
        },
        FieldError::new("delivery", r.code()),
    )
}

/// A delivery's stored state; an unknown one is an internal error (never "in service").
fn state_of(d: &delivery::Model) -> Result<DeliveryState> {
    stored(
        "delivery",
        d.award_id,
        "state",
        &d.state,
        DeliveryState::parse(&d.state),
    )
}

impl Services {
    /// The project's delivery, created from its contracted award when first needed (under the
    /// caller's write transaction). NotFound before a contract.
    pub(crate) async fn delivery_row(
        &self,
        tx: &DatabaseTransaction,
        project_id: Uuid,
    ) -> Result<delivery::Model> {
        // Two first readers at once must not both make the row.
        lock_keys(tx, &[&format!("delivery/{project_id}")]).await?;
        if let Some(d) = deliveries::of_project(tx, project_id).await? {
            return Ok(d);
        }
        let p = store::find::<project::Model>(tx, project_id)
            .await?
            .ok_or(Error::NotFound)?;
        let a = deliveries::contracted_award(tx, project_id)
            .await?
            .ok_or(Error::NotFound)?;
        let signed_on = a.contract_signed_on.unwrap_or_else(today_in_china);
        let days = a.contract_service_days.unwrap_or(p.service_days).max(0) as u32;
        let t = now();
        store::insert(
            tx,
            delivery::Model {
                award_id: a.id,
                project_id: p.id,
                firm_id: a.firm_id,
                owner_account_id: p.owner_account_id,
                signed_on,
                due_on: due_date(&self.config.calendar, signed_on, days),
                state: DeliveryState::InService.as_str().into(),
                submitted_on: None,
                submissions: 0,
                accepted_at: None,
                credit_event_id: None,
                firm_reminded_on: None,
                owner_reminded_on: None,
                created_at: t,
                updated_at: t,
            },
        )
        .await
    }

    async fn view_of(
        &self,
        tx: &DatabaseTransaction,
        d: &delivery::Model,
        party: Party,
    ) -> Result<DeliveryView> {
        let subs = deliveries::submissions_in_order(tx, d.award_id).await?;
        let event = match d.credit_event_id {
            Some(id) => store::find::<credit_event::Model>(tx, id).await?,
            None => None,
        };
        let evaluation = store::find::<evaluation::Model>(tx, d.award_id).await?;
        let facts = DeliveryFacts {
            party,
            state: state_of(d)?,
            evaluated: evaluation.is_some(),
            replied: evaluation.as_ref().is_some_and(|e| e.reply.is_some()),
            appealed: evaluation
                .as_ref()
                .is_some_and(|e| e.appeal_status != AppealStatus::None.as_str()),
            owner_rated: store::find::<owner_rating::Model>(tx, d.award_id)
                .await?
                .is_some(),
        };
        Ok(DeliveryView {
            allowed: steps(&facts),
            project_id: d.project_id,
            award_id: d.award_id,
            firm_id: d.firm_id,
            signed_on: d.signed_on,
            due_on: d.due_on,
            state: facts.state,
            accepted_at: d.accepted_at,
            credit_kind: event
                .as_ref()
                .map(|e| {
                    stored(
                        "credit_event",
                        e.id,
                        "kind",
                        &e.kind,
                        EventCode::parse(&e.kind),
                    )
                })
                .transpose()?,
            credit_points: event.map(|e| e.points),
            submissions: subs
                .into_iter()
                .map(|s| {
                    let review = s
                        .review
                        .as_deref()
                        .map(|r| stored("delivery_submission", s.id, "review", r, Review::parse(r)))
                        .transpose()?;
                    Ok(SubmissionView {
                        seq: s.seq,
                        document_id: s.document_id,
                        note: s.note,
                        submitted_at: s.submitted_at,
                        review,
                        review_reason: s.review_reason,
                        reviewed_at: s.reviewed_at,
                    })
                })
                .collect::<Result<_>>()?,
        })
    }

    /// Whether the actor is this delivery's owner, its firm, or a regulator.
    async fn party(
        &self,
        tx: &DatabaseTransaction,
        actor: &Actor,
        d: &delivery::Model,
    ) -> Result<Party> {
        if actor.account_id == d.owner_account_id {
            return Ok(Party::Owner);
        }
        if actor.role == Role::Regulator {
            return Ok(Party::Regulator);
        }
        if actor.role == Role::Intermediary
            && own_firm(tx, actor).await.is_ok_and(|f| f.id == d.firm_id)
        {
            return Ok(Party::Firm);
        }
        Err(Error::NotFound)
    }

    /// The project's delivery (its owner, its firm, regulators).
    pub async fn delivery(&self, actor: &Actor, project_id: Uuid) -> Result<DeliveryView> {
        let tx = begin_write(&self.db).await?;
        let d = self.delivery_row(&tx, project_id).await?;
        let party = self.party(&tx, actor, &d).await?;
        let v = self.view_of(&tx, &d, party).await?;
        tx.commit().await?;
        Ok(v)
    }

    /// The firm submits its result with a note: a document it uploaded before, or one uploaded
    /// with the form (a page), stored in the submission's own transaction so that a refused
    /// submission leaves nothing behind.
    pub async fn submit_delivery(
        &self,
        actor: &Actor,
        project_id: Uuid,
        document: AttachmentRef,
        note: &str,
    ) -> Result<DeliveryView> {
        let note = reason_text(note, "note", false)?;
        let document = document.check("document")?;
        let tx = begin_write(&self.db).await?;
        let d = self.delivery_row(&tx, project_id).await?;
        if self.party(&tx, actor, &d).await? != Party::Firm {
            return Err(Error::Forbidden);
        }
        let state = state_of(&d)?;
        let to = next(state, DeliveryAction::Submit).map_err(refusal)?;
        let document_id = attachments::attach(
            &tx,
            &self.config.seal_key,
            actor,
            Owner::Party(actor.account_id),
            document,
            ("document", "field.document.unknown"),
        )
        .await?;
        let t = now();
        let seq = d.submissions + 1;
        store::insert(
            &tx,
            delivery_submission::Model {
                id: Uuid::new_v4(),
                award_id: d.award_id,
                seq,
                document_id,
                note,
                submitted_at: t,
                review: None,
                review_reason: None,
                reviewed_at: None,
            },
        )
        .await?;
        let submitted = delivery::Model {
            state: to.as_str().into(),
            submitted_on: Some(today_in_china()),
            submissions: seq,
            updated_at: t,
            ..d.clone()
        };
        let d = store::update(&tx, &d, submitted).await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "delivery.submit",
            "project",
            &project_id.to_string(),
            json!({ "seq": seq, "document": document_id }),
        )
        .await?;
        self.mail_account(
            &tx,
            d.owner_account_id,
            MailKey::DeliverySubmitted,
            project_id,
            "",
        )
        .await?;
        let v = self.view_of(&tx, &d, Party::Firm).await?;
        tx.commit().await?;
        Ok(v)
    }

    /// The owner accepts the submitted result (recording the firm's delivery on its ledger) or
    /// returns it with reasons (required).
    pub async fn review_delivery(
        &self,
        actor: &Actor,
        project_id: Uuid,
        accept: bool,
        reason: &str,
    ) -> Result<DeliveryView> {
        let reason = reason_text(reason, "reason", !accept)?;
        let tx = begin_write(&self.db).await?;
        let d = self.delivery_row(&tx, project_id).await?;
        if self.party(&tx, actor, &d).await? != Party::Owner {
            return Err(Error::Forbidden);
        }
        let state = state_of(&d)?;
        let action = if accept {
            DeliveryAction::Accept
        } else {
            DeliveryAction::Return
        };
        let to = next(state, action).map_err(refusal)?;
        let t = now();
        let last = deliveries::submission(&tx, d.award_id, d.submissions)
            .await?
            .ok_or(Error::NotFound)?;
        let reviewed = delivery_submission::Model {
            review: Some(
                if accept {
                    Review::Accepted
                } else {
                    Review::Returned
                }
                .as_str()
                .into(),
            ),
            review_reason: Some(reason.clone()),
            reviewed_at: Some(t),
            ..last.clone()
        };
        store::update(&tx, &last, reviewed).await?;
        let mut m = delivery::Model {
            state: to.as_str().into(),
            updated_at: t,
            ..d.clone()
        };
        if accept {
            let submitted_on = d.submitted_on.unwrap_or_else(today_in_china);
            let kind = delivery_event(&self.config.calendar, d.due_on, submitted_on);
            let policy = current_policy(&tx).await?.policy;
            let e = record_event(
                &tx,
                self,
                &policy,
                NewEvent {
                    firm_id: d.firm_id,
                    kind,
                    project_id: Some(project_id),
                    award_id: Some(d.award_id),
                    reason: format!("due {}, submitted {}", d.due_on, submitted_on),
                    recorded_by: None,
                },
            )
            .await?;
            m.accepted_at = Some(t);
            m.credit_event_id = Some(e.id);
        }
        let d = store::update(&tx, &d, m).await?;
        record(
            &tx,
            AuditActor::Account(actor),
            if accept {
                "delivery.accept"
            } else {
                "delivery.return"
            },
            "project",
            &project_id.to_string(),
            json!({ "seq": d.submissions, "reason": reason }),
        )
        .await?;
        let firm_account = store::find::<firm::Model>(&tx, d.firm_id)
            .await?
            .map(|f| f.account_id);
        if let Some(a) = firm_account {
            let key = if accept {
                MailKey::DeliveryAccepted
            } else {
                MailKey::DeliveryReturned
            };
            self.mail_account(&tx, a, key, project_id, &reason).await?;
        }
        let v = self.view_of(&tx, &d, Party::Owner).await?;
        tx.commit().await?;
        self.directory_cache.written();
        Ok(v)
    }

    async fn mail_account(
        &self,
        tx: &DatabaseTransaction,
        account_id: Uuid,
        key: MailKey,
        project_id: Uuid,
        reason: &str,
    ) -> Result<()> {
        let Some(a) = store::find::<account::Model>(tx, account_id).await? else {
            return Ok(());
        };
        let title = store::find::<project::Model>(tx, project_id)
            .await?
            .map(|p| p.title)
            .unwrap_or_default();
        let link = format!(
            "{}/projects/{project_id}",
            self.config.base_url.trim_end_matches('/')
        );
        outbox::enqueue_many(
            tx,
            vec![render_mail(
                &a.email,
                key,
                &[("title", &title), ("link", &link), ("reason", reason)],
            )],
        )
        .await
    }

    /// The reminder job: the firm from a few working days before its due date, the owner of a
    /// result left unreviewed; each at most once a day, by one instance (the day is claimed by a
    /// conditional update).
    pub async fn remind_deliveries(&self) -> Result<usize> {
        let today = today_in_china();
        // A contract recorded before contracts made their delivery's row has none yet: make
        // them first, so that no firm goes without its reminder.
        loop {
            let missing =
                deliveries::contracted_without_delivery(&self.db, self.config.job_page).await?;
            if missing.is_empty() {
                break;
            }
            for project_id in missing {
                let tx = begin_write(&self.db).await?;
                self.delivery_row(&tx, project_id).await?;
                tx.commit().await?;
            }
        }
        let cal = &self.config.calendar;
        let mut sent = 0;
        // Every open delivery, a page at a time: a fixed first page would leave the deliveries
        // past it without reminders for ever.
        let mut after = None;
        loop {
            let open =
                deliveries::open_deliveries_after(&self.db, after, self.config.job_page).await?;
            let Some(last) = open.last() else {
                break;
            };
            after = Some(last.award_id);
            for d in open {
                let state = state_of(&d)?;
                let firm_due = firm_reminder_due(cal, state, d.due_on, today)
                    && d.firm_reminded_on != Some(today);
                let owner_due = d
                    .submitted_on
                    .is_some_and(|s| owner_reminder_due(cal, state, s, today))
                    && d.owner_reminded_on != Some(today);
                if !firm_due && !owner_due {
                    continue;
                }
                let tx = begin_write(&self.db).await?;
                if firm_due {
                    let claimed =
                        deliveries::claim_firm_reminder(&tx, d.award_id, &d.state, today).await?;
                    if claimed && let Some(f) = store::find::<firm::Model>(&tx, d.firm_id).await? {
                        let due = d.due_on.to_string();
                        self.mail_account(
                            &tx,
                            f.account_id,
                            MailKey::DeliveryDue,
                            d.project_id,
                            &due,
                        )
                        .await?;
                        sent += 1;
                    }
                }
                if owner_due {
                    let claimed =
                        deliveries::claim_owner_reminder(&tx, d.award_id, &d.state, today).await?;
                    if claimed {
                        self.mail_account(
                            &tx,
                            d.owner_account_id,
                            MailKey::DeliveryUnreviewed,
                            d.project_id,
                            "",
                        )
                        .await?;
                        sent += 1;
                    }
                }
                tx.commit().await?;
            }
        }
        Ok(sent)
    }
}
