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
use crate::store::directory::listing_changed;
use crate::store::entities::{
    account, credit_event, delivery, evaluation, firm, owner_rating, project,
};
use crate::store::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, Expr, ExprTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, begin_write,
};
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
    let d = delivery::Entity::find()
        .filter(delivery::Column::ProjectId.eq(project_id))
        .one(tx)
        .await?
        .ok_or(Error::NotFound)?;
    if d.state != "accepted" {
        return Err(conflict("not-accepted", "field.evaluation.not-accepted"));
    }
    Ok(d)
}

async fn view(
    tx: &impl crate::store::ConnectionTrait,
    e: evaluation::Model,
) -> Result<EvaluationView> {
    let event = credit_event::Entity::find_by_id(e.credit_event_id)
        .one(tx)
        .await?;
    let ratings = Ratings {
        quality: e.quality as u32,
        timeliness: e.timeliness as u32,
        fees: e.fees as u32,
        attitude: e.attitude as u32,
        conduct: e.conduct as u32,
    };
    let voided = event.as_ref().is_some_and(|ev| ev.voided_at.is_some());
    let firm_name = firm::Entity::find_by_id(e.firm_id)
        .one(tx)
        .await?
        .map(|f| f.name)
        .unwrap_or_default();
    let project_title = project::Entity::find_by_id(e.project_id)
        .one(tx)
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
        if evaluation::Entity::find_by_id(d.award_id)
            .one(&tx)
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
        let m = evaluation::ActiveModel {
            award_id: Set(d.award_id),
            project_id: Set(project_id),
            firm_id: Set(d.firm_id),
            owner_account_id: Set(actor.account_id),
            quality: Set(r.quality as i32),
            timeliness: Set(r.timeliness as i32),
            fees: Set(r.fees as i32),
            attitude: Set(r.attitude as i32),
            conduct: Set(r.conduct as i32),
            comment: Set(e.comment.clone()),
            credit_event_id: Set(event.id),
            reply: Set(None),
            replied_at: Set(None),
            appeal_reason: Set(None),
            appeal_status: Set(AppealStatus::None.as_str().into()),
            appealed_at: Set(None),
            appeal_decision_reason: Set(None),
            appeal_decided_by: Set(None),
            appeal_decided_at: Set(None),
            created_at: Set(now()),
        }
        .insert(&tx)
        .await?;
        firm::Entity::update_many()
            .col_expr(
                firm::Column::EvaluationCount,
                Expr::col(firm::Column::EvaluationCount).add(1),
            )
            .col_expr(
                firm::Column::EvaluationSum,
                Expr::col(firm::Column::EvaluationSum).add(whole(e.average_centi())),
            )
            .filter(firm::Column::Id.eq(d.firm_id))
            .exec(&tx)
            .await?;
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
        let e = evaluation::Entity::find()
            .filter(evaluation::Column::ProjectId.eq(project_id))
            .one(&self.db)
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
        evaluation::Entity::find()
            .filter(evaluation::Column::ProjectId.eq(project_id))
            .filter(evaluation::Column::FirmId.eq(f.id))
            .one(tx)
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
        let mut m: evaluation::ActiveModel = e.into();
        m.reply = Set(Some(reply.clone()));
        m.replied_at = Set(Some(now()));
        let e = m.update(&tx).await?;
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
        let mut m: evaluation::ActiveModel = e.into();
        m.appeal_status = Set(AppealStatus::Pending.as_str().into());
        m.appeal_reason = Set(Some(reason.clone()));
        m.appealed_at = Set(Some(now()));
        let e = m.update(&tx).await?;
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
        let rows = evaluation::Entity::find()
            .filter(evaluation::Column::AppealStatus.eq(AppealStatus::Pending.as_str()))
            .order_by_asc(evaluation::Column::AppealedAt)
            .limit(500)
            .all(&self.db)
            .await?;
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
        let e = evaluation::Entity::find()
            .filter(evaluation::Column::ProjectId.eq(project_id))
            .one(&tx)
            .await?
            .ok_or(Error::NotFound)?;
        if e.appeal_status != AppealStatus::Pending.as_str() {
            return Err(conflict("no-pending-appeal", "field.evaluation.no-appeal"));
        }
        let t = now();
        if uphold {
            credit_event::Entity::update_many()
                .col_expr(credit_event::Column::VoidedAt, Expr::value(Some(t)))
                .col_expr(
                    credit_event::Column::VoidReason,
                    Expr::value(Some(reason.clone())),
                )
                .filter(credit_event::Column::Id.eq(e.credit_event_id))
                .exec(&tx)
                .await?;
            let policy = current_policy(&tx).await?.policy;
            reassess(&tx, self, &policy, e.firm_id, t).await?;
            let whole =
                whole((e.quality + e.timeliness + e.fees + e.attitude + e.conduct) as u32 * 20);
            firm::Entity::update_many()
                .col_expr(
                    firm::Column::EvaluationCount,
                    Expr::col(firm::Column::EvaluationCount).sub(1),
                )
                .col_expr(
                    firm::Column::EvaluationSum,
                    Expr::col(firm::Column::EvaluationSum).sub(whole),
                )
                .filter(firm::Column::Id.eq(e.firm_id))
                .exec(&tx)
                .await?;
            listing_changed(&tx, Some(e.firm_id)).await?;
        }
        let mut m: evaluation::ActiveModel = e.into();
        m.appeal_status = Set(if uphold {
            AppealStatus::Upheld
        } else {
            AppealStatus::Dismissed
        }
        .as_str()
        .into());
        m.appeal_decision_reason = Set(Some(reason.clone()));
        m.appeal_decided_by = Set(Some(actor.account_id));
        m.appeal_decided_at = Set(Some(t));
        let e = m.update(&tx).await?;
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
        if owner_rating::Entity::find_by_id(d.award_id)
            .one(&tx)
            .await?
            .is_some()
        {
            return Err(conflict("rated", "field.evaluation.rated"));
        }
        owner_rating::ActiveModel {
            award_id: Set(d.award_id),
            project_id: Set(project_id),
            owner_account_id: Set(d.owner_account_id),
            firm_id: Set(f.id),
            closing_out: Set(ratings.closing_out as i32),
            payment: Set(ratings.payment as i32),
            comment: Set(comment.clone()),
            created_at: Set(now()),
        }
        .insert(&tx)
        .await?;
        // The owner's totals, read with their projects (see the account's columns).
        account::Entity::update_many()
            .col_expr(
                account::Column::RatedCount,
                Expr::col(account::Column::RatedCount).add(1),
            )
            .col_expr(
                account::Column::RatedClosingOutSum,
                Expr::col(account::Column::RatedClosingOutSum).add(ratings.closing_out as i32),
            )
            .col_expr(
                account::Column::RatedPaymentSum,
                Expr::col(account::Column::RatedPaymentSum).add(ratings.payment as i32),
            )
            .filter(account::Column::Id.eq(d.owner_account_id))
            .exec(&tx)
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
        Ok(owner_rating::Entity::find()
            .filter(owner_rating::Column::ProjectId.eq(project_id))
            .one(&self.db)
            .await?
            .is_some())
    }

    /// How firms rate an owner (public; shown on the owner's projects).
    pub async fn owner_ratings(&self, owner_account_id: Uuid) -> Result<OwnerRatingSummary> {
        let a = account::Entity::find_by_id(owner_account_id)
            .one(&self.db)
            .await?
            .ok_or(Error::NotFound)?;
        Ok(OwnerRatingSummary::of(&a))
    }
}
