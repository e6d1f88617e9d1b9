//! Evaluations (服务评价, 网上评价): after acceptance the owner rates the firm's quality,
//! timeliness, fees, attitude and conduct (1–5) with a comment; the evaluation is public and scores
//! the firm's credit by its average. The firm may reply publicly once, and may appeal an
//! evaluation it thinks unfounded to a regulator, who upholds the appeal (the evaluation's credit
//! event is voided: kept on the ledger, no longer counted) or dismisses it, with a reason. The
//! firm in turn rates the owner (closing out on time, paying as agreed); owners' ratings are
//! public and shown on their projects.

use super::credit::{NewEvent, current_policy, reassess, record_event};
use super::firms::own_firm;
use super::{Services, authorize, reason_text};
use crate::error::{Error, FieldError, Result, stored};
use crate::model::Actor;
use crate::model::evaluation::{AppealStatus, Evaluation, OwnerRatings, Ratings};
use crate::platform::audit::{AuditActor, record};
use crate::platform::clock::now;
use crate::rules::access::Permission;
use crate::rules::delivery::DeliveryState;
use crate::store::directory::listing_changed;
use crate::store::entities::{
    account, credit_event, delivery, evaluation, firm, owner_rating, project,
};
use crate::store::{self, DatabaseTransaction, begin_write, deliveries, evaluations};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

/// A project's evaluation, public.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvaluationView {
    pub project_id: Uuid,
    pub project_title: String,
    pub firm_id: Uuid,
    pub firm_name: String,
    pub ratings: Ratings,
    /// The average of the five ratings, in hundredths.
    pub average_centi: u32,
    pub comment: String,
    /// The points its credit event scored (0 once voided by an upheld appeal).
    pub points: i32,
    pub voided: bool,
    pub reply: Option<String>,
    pub replied_at: Option<DateTime<Utc>>,
    pub appeal_status: AppealStatus,
    pub appeal_reason: Option<String>,
    pub appeal_decision_reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// How firms rate an owner, over all their projects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct OwnerRatingSummary {
    pub ratings: u64,
    /// Averages in hundredths (none without ratings).
    pub closing_out_centi: Option<u32>,
    pub payment_centi: Option<u32>,
}

impl OwnerRatingSummary {
    /// The summary from the totals on the owner's account.
    pub fn of(a: &account::Model) -> OwnerRatingSummary {
        let n = Ord::max(a.rated_count, 0) as u64;
        let avg = |sum: i32| (n > 0).then(|| (i64::from(Ord::max(sum, 0)) * 100 / n as i64) as u32);
        OwnerRatingSummary {
            ratings: n,
            closing_out_centi: avg(a.rated_closing_out_sum),
            payment_centi: avg(a.rated_payment_sum),
        }
    }
}

fn conflict(code: &'static str, key: &'static str) -> Error {
    Error::Conflict(code, FieldError::new("evaluation", key))
}

/// The accepted delivery of a project (evaluations come after acceptance).
async fn accepted(tx: &DatabaseTransaction, project_id: Uuid) -> Result<delivery::Model> {
    let d = deliveries::of_project(tx, project_id)
        .await?
        .ok_or(Error::NotFound)?;
    let state = stored(
        "delivery",
        d.award_id,
        "state",
        &d.state,
        DeliveryState::parse(&d.state),
    )?;
    if state != DeliveryState::Accepted {
        return Err(conflict("not-accepted", "field.evaluation.not-accepted"));
    }
    Ok(d)
}

async fn view(
    tx: &impl crate::store::ConnectionTrait,
    e: evaluation::Model,
) -> Result<EvaluationView> {
    let event = store::find::<credit_event::Model>(tx, e.credit_event_id).await?;
    let ratings = Ratings {
        quality: e.quality as u32,
        timeliness: e.timeliness as u32,
        fees: e.fees as u32,
        attitude: e.attitude as u32,
        conduct: e.conduct as u32,
    };
    let voided = event.as_ref().is_some_and(|ev| ev.voided_at.is_some());
    let firm_name = store::find::<firm::Model>(tx, e.firm_id)
        .await?
        .map(|f| f.name)
        .unwrap_or_default();
    let project_title = store::find::<project::Model>(tx, e.project_id)
        .await?
        .map(|p| p.title)
        .unwrap_or_default();
    Ok(EvaluationView {
        project_id: e.project_id,
        project_title,
        firm_id: e.firm_id,
        firm_name,
        ratings,
        average_centi: (ratings.quality
            + ratings.timeliness
            + ratings.fees
            + ratings.attitude
            + ratings.conduct)
            * 20,
        comment: e.comment,
        points: if voided {
            0
        } else {
            event.map_or(0, |ev| ev.points)
        },
        voided,
        reply: e.reply,
        replied_at: e.replied_at,
        appeal_status: stored(
            "evaluation",
            e.award_id,
            "appeal_status",
            &e.appeal_status,
            AppealStatus::parse(&e.appeal_status),
        )?,
        appeal_reason: e.appeal_reason,
        appeal_decision_reason: e.appeal_decision_reason,
        created_at: e.created_at,
    })
}

/// The rounded whole rating an evaluation adds to the firm's running average, from its
/// average in hundredths.
fn whole(average_centi: u32) -> i64 {
    i64::from((average_centi + 50) / 100)
}

impl Services {
    /// The owner evaluates the firm after accepting its result (once).
    pub async fn evaluate_firm(
        &self,
        actor: &Actor,
        project_id: Uuid,
        ratings: Ratings,
        comment: &str,
    ) -> Result<EvaluationView> {
        authorize(actor, Permission::ManageOwnProjects)?;
        let e = Evaluation::parse(ratings, comment).map_err(Error::Validation)?;
        let tx = begin_write(&self.db).await?;
        let d = accepted(&tx, project_id).await?;
        if d.owner_account_id != actor.account_id {
            return Err(Error::NotFound);
        }
        if store::find::<evaluation::Model>(&tx, d.award_id)
            .await?
            .is_some()
        {
            return Err(conflict("evaluated", "field.evaluation.exists"));
        }
        let policy = current_policy(&tx).await?.policy;
        let event = record_event(
            &tx,
            self,
            &policy,
            NewEvent {
                firm_id: d.firm_id,
                kind: e.credit_event(),
                project_id: Some(project_id),
                award_id: Some(d.award_id),
                reason: e.comment.clone(),
                recorded_by: Some(actor.account_id),
            },
        )
        .await?;
        let r = e.ratings;
        let m = store::insert(
            &tx,
            evaluation::Model {
                award_id: d.award_id,
                project_id,
                firm_id: d.firm_id,
                owner_account_id: actor.account_id,
                quality: r.quality as i32,
                timeliness: r.timeliness as i32,
                fees: r.fees as i32,
                attitude: r.attitude as i32,
                conduct: r.conduct as i32,
                comment: e.comment.clone(),
                credit_event_id: event.id,
                reply: None,
                replied_at: None,
                appeal_reason: None,
                appeal_status: AppealStatus::None.as_str().into(),
                appealed_at: None,
                appeal_decision_reason: None,
                appeal_decided_by: None,
                appeal_decided_at: None,
                created_at: now(),
            },
        )
        .await?;
        evaluations::count_in_firm_average(&tx, d.firm_id, whole(e.average_centi())).await?;
        listing_changed(&tx, Some(d.firm_id)).await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "evaluation.create",
            "project",
            &project_id.to_string(),
            json!({ "ratings": r, "comment": e.comment, "event": event.id }),
        )
        .await?;
        let v = view(&tx, m).await?;
        tx.commit().await?;
        self.directory_cache.written();
        Ok(v)
    }

    /// A project's evaluation (public).
    pub async fn evaluation(&self, project_id: Uuid) -> Result<EvaluationView> {
        let e = evaluations::of_project(&self.db, project_id)
            .await?
            .ok_or(Error::NotFound)?;
        view(&self.db, e).await
    }

    /// The evaluated firm's one public reply, or its appeal to a regulator (once).
    async fn firm_evaluation(
        &self,
        tx: &DatabaseTransaction,
        actor: &Actor,
        project_id: Uuid,
    ) -> Result<evaluation::Model> {
        authorize(actor, Permission::ManageOwnFirm)?;
        let f = own_firm(tx, actor).await.map_err(|_| Error::NotFound)?;
        evaluations::of_project_and_firm(tx, project_id, f.id)
            .await?
            .ok_or(Error::NotFound)
    }

    /// The firm replies publicly, once.
    pub async fn reply_to_evaluation(
        &self,
        actor: &Actor,
        project_id: Uuid,
        reply: &str,
    ) -> Result<EvaluationView> {
        let reply = reason_text(reply, "reply", true)?;
        let tx = begin_write(&self.db).await?;
        let e = self.firm_evaluation(&tx, actor, project_id).await?;
        if e.reply.is_some() {
            return Err(conflict("replied", "field.evaluation.replied"));
        }
        let replied = evaluation::Model {
            reply: Some(reply.clone()),
            replied_at: Some(now()),
            ..e.clone()
        };
        let e = store::update(&tx, &e, replied).await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "evaluation.reply",
            "project",
            &project_id.to_string(),
            json!({ "reply": reply }),
        )
        .await?;
        let v = view(&tx, e).await?;
        tx.commit().await?;
        Ok(v)
    }

    /// The firm appeals the evaluation to a regulator, once, with its reasons.
    pub async fn appeal_evaluation(
        &self,
        actor: &Actor,
        project_id: Uuid,
        reason: &str,
    ) -> Result<EvaluationView> {
        let reason = reason_text(reason, "reason", true)?;
        let tx = begin_write(&self.db).await?;
        let e = self.firm_evaluation(&tx, actor, project_id).await?;
        if e.appeal_status != AppealStatus::None.as_str() {
            return Err(conflict("appealed", "field.evaluation.appealed"));
        }
        let appealed = evaluation::Model {
            appeal_status: AppealStatus::Pending.as_str().into(),
            appeal_reason: Some(reason.clone()),
            appealed_at: Some(now()),
            ..e.clone()
        };
        let e = store::update(&tx, &e, appealed).await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "evaluation.appeal",
            "project",
            &project_id.to_string(),
            json!({ "reason": reason }),
        )
        .await?;
        let v = view(&tx, e).await?;
        tx.commit().await?;
        Ok(v)
    }

    /// Pending appeals, oldest first (regulators).
    pub async fn evaluation_appeals(&self, actor: &Actor) -> Result<Vec<EvaluationView>> {
        authorize(actor, Permission::SuperviseCredit)?;
        let rows = evaluations::pending_appeals_oldest_first(&self.db).await?;
        let mut out = Vec::with_capacity(rows.len());
        for e in rows {
            out.push(view(&self.db, e).await?);
        }
        Ok(out)
    }

    /// A regulator upholds an appeal (the evaluation's credit event is voided and the firm
    /// assessed again) or dismisses it, with a reason.
    pub async fn decide_evaluation_appeal(
        &self,
        actor: &Actor,
        project_id: Uuid,
        uphold: bool,
        reason: &str,
    ) -> Result<EvaluationView> {
        authorize(actor, Permission::SuperviseCredit)?;
        let reason = reason_text(reason, "reason", true)?;
        let tx = begin_write(&self.db).await?;
        let e = evaluations::of_project(&tx, project_id)
            .await?
            .ok_or(Error::NotFound)?;
        if e.appeal_status != AppealStatus::Pending.as_str() {
            return Err(conflict("no-pending-appeal", "field.evaluation.no-appeal"));
        }
        let t = now();
        if uphold {
            evaluations::void_credit_event(&tx, e.credit_event_id, t, &reason).await?;
            let policy = current_policy(&tx).await?.policy;
            reassess(&tx, self, &policy, e.firm_id, t).await?;
            let whole =
                whole((e.quality + e.timeliness + e.fees + e.attitude + e.conduct) as u32 * 20);
            evaluations::remove_from_firm_average(&tx, e.firm_id, whole).await?;
            listing_changed(&tx, Some(e.firm_id)).await?;
        }
        let decided = evaluation::Model {
            appeal_status: if uphold {
                AppealStatus::Upheld
            } else {
                AppealStatus::Dismissed
            }
            .as_str()
            .into(),
            appeal_decision_reason: Some(reason.clone()),
            appeal_decided_by: Some(actor.account_id),
            appeal_decided_at: Some(t),
            ..e.clone()
        };
        let e = store::update(&tx, &e, decided).await?;
        record(
            &tx,
            AuditActor::Account(actor),
            if uphold {
                "evaluation.appeal-upheld"
            } else {
                "evaluation.appeal-dismissed"
            },
            "project",
            &project_id.to_string(),
            json!({ "reason": reason }),
        )
        .await?;
        let v = view(&tx, e).await?;
        tx.commit().await?;
        self.directory_cache.written();
        Ok(v)
    }

    /// The firm rates the owner after acceptance (once).
    pub async fn rate_owner(
        &self,
        actor: &Actor,
        project_id: Uuid,
        ratings: OwnerRatings,
        comment: &str,
    ) -> Result<OwnerRatingSummary> {
        authorize(actor, Permission::ManageOwnFirm)?;
        let ratings = ratings.parse().map_err(Error::Validation)?;
        let comment = reason_text(comment, "comment", false)?;
        let tx = begin_write(&self.db).await?;
        let d = accepted(&tx, project_id).await?;
        let f = own_firm(&tx, actor).await.map_err(|_| Error::NotFound)?;
        if f.id != d.firm_id {
            return Err(Error::NotFound);
        }
        if store::find::<owner_rating::Model>(&tx, d.award_id)
            .await?
            .is_some()
        {
            return Err(conflict("rated", "field.evaluation.rated"));
        }
        store::insert(
            &tx,
            owner_rating::Model {
                award_id: d.award_id,
                project_id,
                owner_account_id: d.owner_account_id,
                firm_id: f.id,
                closing_out: ratings.closing_out as i32,
                payment: ratings.payment as i32,
                comment: comment.clone(),
                created_at: now(),
            },
        )
        .await?;
        // The owner's totals, read with their projects (see the account's columns).
        evaluations::count_in_owner_totals(
            &tx,
            d.owner_account_id,
            ratings.closing_out as i32,
            ratings.payment as i32,
        )
        .await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "owner.rating",
            "project",
            &project_id.to_string(),
            json!({ "closing_out": ratings.closing_out, "payment": ratings.payment, "comment": comment }),
        )
        .await?;
        tx.commit().await?;
        self.owner_ratings(d.owner_account_id).await
    }

    /// Whether the project's firm has rated its owner (public: the ratings are).
    pub async fn owner_rated_on(&self, project_id: Uuid) -> Result<bool> {
        evaluations::owner_rated_on(&self.db, project_id).await
    }

    /// How firms rate an owner (public; shown on the owner's projects).
    pub async fn owner_ratings(&self, owner_account_id: Uuid) -> Result<OwnerRatingSummary> {
        let a = store::find::<account::Model>(&self.db, owner_account_id)
            .await?
            .ok_or(Error::NotFound)?;
        Ok(OwnerRatingSummary::of(&a))
    }
}
