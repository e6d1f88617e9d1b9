//! Projects (项目): an owner drafts a posting against a catalogue item, publishes it as an
//! announcement (采购公告) — committing to the seed of its verifiable draw — or cancels it with a
//! published reason. Everybody reads the announcements.

use super::{Services, authorize};
use crate::error::{Error, FieldError, Result, stored, stored_json};
use crate::model::Actor;
use crate::model::catalogue::QualRequirement;
use crate::model::firm::{RegionPrefix, province, text};
use crate::model::project::{
    AvoidInput, FundSource, Method, MethodKind, PostingPolicy, ProjectInput, ProjectPosting,
    ProjectStatus,
};
use crate::platform::audit::{AuditActor, record};
use crate::platform::clock::now;
use crate::platform::new_secret;
use crate::rules::access::Permission;
use crate::rules::calendar::Calendar;
use crate::rules::directory::{Cursor, Sort};
use crate::rules::draw::Seed;
use crate::rules::procedure::{
    ProjectRefusal, ProjectStep, may_cancel, may_edit, may_publish, project_steps,
};
use crate::rules::selection::Weights;
use crate::store::entities::{account, project, service_item};
use crate::store::projects::{AnnouncementFilter, ProjectWithNames};
use crate::store::{self, begin_write};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

/// The method's parameters as stored and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct MethodParams {
    pub long_list: Option<u32>,
    pub short_list: Option<u32>,
    pub abnormal_percent: Option<u32>,
    pub weight_price: Option<u32>,
    pub weight_plan: Option<u32>,
    pub weight_credit: Option<u32>,
}

impl MethodParams {
    fn of(m: &Method) -> MethodParams {
        match *m {
            Method::Direct | Method::RandomDraw => MethodParams::default(),
            Method::CreditPreferred {
                long_list,
                short_list,
            } => MethodParams {
                long_list: Some(long_list),
                short_list: Some(short_list),
                ..Default::default()
            },
            Method::LowestPrice { abnormal_percent } => MethodParams {
                abnormal_percent: Some(abnormal_percent),
                ..Default::default()
            },
            Method::Comprehensive {
                weights:
                    Weights {
                        price,
                        plan,
                        credit,
                    },
            } => MethodParams {
                weight_price: Some(price),
                weight_plan: Some(plan),
                weight_credit: Some(credit),
                ..Default::default()
            },
        }
    }
}

/// A firm the owner avoids on this project, and why (public).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Avoided {
    pub firm: Uuid,
    pub reason: String,
}

/// A project as its owner and (once published) the public see it. Never the draw's seed before
/// the draw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectView {
    pub id: Uuid,
    /// The owner's account (for ownership checks; the API does not show it).
    pub owner_account_id: Uuid,
    pub owner_name: String,
    /// How firms rate the owner (shown with the owner's projects).
    pub owner_ratings: crate::service::evaluation::OwnerRatingSummary,
    pub item_id: Uuid,
    pub item_code: String,
    pub item_name: String,
    pub title: String,
    pub scope: String,
    pub region_code: String,
    pub province_zh: String,
    pub province_en: String,
    pub budget_fen: i64,
    pub service_days: i32,
    pub fund_source: FundSource,
    pub required_qualifications: Vec<QualRequirement>,
    pub method: MethodKind,
    pub method_params: MethodParams,
    pub registration_deadline: DateTime<Utc>,
    pub selection_at: DateTime<Utc>,
    pub contact_name: String,
    pub contact_phone: String,
    pub avoid: Vec<Avoided>,
    pub status: ProjectStatus,
    /// The selection round (a failed project published again starts the next).
    pub round: i32,
    pub cancel_reason: Option<String>,
    /// SHA-256 of the draw's seed, fixed at publication.
    pub seed_commitment: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// What the viewer may do to the project now ([`project_steps`]; empty for anybody but
    /// its owner, and wherever no viewer was given).
    pub allowed: Vec<ProjectStep>,
}

/// A page of announcements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct AnnouncementPage {
    pub projects: Vec<ProjectView>,
    pub next_cursor: Option<String>,
}

/// Filters of the public announcement list.
#[derive(Debug, Clone, Default)]
pub struct AnnouncementQuery {
    pub item: Option<Uuid>,
    pub region: Option<RegionPrefix>,
    pub method: Option<String>,
    /// Any status but `draft`; all of them when absent.
    pub status: Option<ProjectStatus>,
    /// `(published_micros, id)` of the last project of the previous page.
    pub cursor: Option<(i64, Uuid)>,
    pub limit: u64,
}

impl AnnouncementQuery {
    pub const DEFAULT_LIMIT: u64 = 20;
    pub const MAX_LIMIT: u64 = 100;

    /// Reads the query string's values; every bad one is reported.
    pub fn parse(
        item: &str,
        region: &str,
        method: &str,
        status: &str,
        cursor: &str,
        limit: Option<u64>,
    ) -> std::result::Result<AnnouncementQuery, Vec<FieldError>> {
        let mut errors = Vec::new();
        let item = match item.trim() {
            "" => None,
            s => Uuid::parse_str(s)
                .map_err(|_| errors.push(FieldError::new("item", "field.id.invalid")))
                .ok(),
        };
        let region = match region.trim() {
            "" => None,
            s => RegionPrefix::parse(s).map_err(|e| errors.push(e)).ok(),
        };
        let method = match method.trim() {
            "" => None,
            m @ ("direct" | "random-draw" | "credit-preferred" | "lowest-price"
            | "comprehensive") => Some(m.to_owned()),
            _ => {
                errors.push(FieldError::new("method", "field.method.invalid"));
                None
            }
        };
        let status = match status.trim() {
            "" => None,
            s => match ProjectStatus::parse(s) {
                Some(st) if st != ProjectStatus::Draft => Some(st),
                _ => {
                    errors.push(FieldError::new("status", "field.status.invalid"));
                    None
                }
            },
        };
        // The same keyset cursor as the directory's newest-first order.
        let cursor = match cursor.trim() {
            "" => None,
            s => match Cursor::decode(s, Sort::Newest) {
                Some(Cursor::Newest { micros, id }) => Some((micros, id)),
                _ => {
                    errors.push(FieldError::new("cursor", "field.cursor.invalid"));
                    None
                }
            },
        };
        let limit = limit.unwrap_or(Self::DEFAULT_LIMIT);
        if !(1..=Self::MAX_LIMIT).contains(&limit) {
            errors.push(FieldError::new("limit", "field.out-of-range"));
        }
        if errors.is_empty() {
            Ok(AnnouncementQuery {
                item,
                region,
                method,
                status,
                cursor,
                limit,
            })
        } else {
            Err(errors)
        }
    }
}

/// The conflict a refused step answers.
fn refused(r: ProjectRefusal) -> Error {
    let (code, field) = match r {
        ProjectRefusal::NotDraft => ("project-not-draft", "field.project.not-draft"),
        ProjectRefusal::Closed => ("project-closed", "field.project.closed"),
        ProjectRefusal::Cancelled => ("project-cancelled", "field.project.cancelled"),
        ProjectRefusal::Awarded => ("project-awarded", "field.project.awarded"),
    };
    Error::Conflict(code, FieldError::new("status", field))
}

/// `v` with the steps its viewer may take (`own`: the viewer is its owner).
fn with_steps(mut v: ProjectView, own: bool) -> ProjectView {
    v.allowed = project_steps(own, v.status, v.registration_deadline <= now());
    v
}

/// The posting a stored project holds, as input (to check it again, or to fill an edit form).
pub fn input_of(m: &project::Model) -> Result<ProjectInput> {
    let params: MethodParams = stored_json("project", m.id, "method_params", &m.method_params)?;
    let avoid: Vec<Avoided> = stored_json("project", m.id, "avoid", &m.avoid)?;
    let required_qualifications: Vec<QualRequirement> = stored_json(
        "project",
        m.id,
        "required_qualifications",
        &m.required_qualifications,
    )?;
    Ok(ProjectInput {
        title: m.title.clone(),
        scope: m.scope.clone(),
        region: m.region_code.clone(),
        budget_fen: m.budget_fen,
        service_days: m.service_days.max(0) as u32,
        fund_source: m.fund_source.clone(),
        required_qualifications,
        method: m.method.clone(),
        long_list: params.long_list,
        short_list: params.short_list,
        abnormal_percent: params.abnormal_percent,
        weight_price: params.weight_price,
        weight_plan: params.weight_plan,
        weight_credit: params.weight_credit,
        registration_deadline: m.registration_deadline.to_rfc3339(),
        selection_at: m.selection_at.to_rfc3339(),
        contact_name: m.contact_name.clone(),
        contact_phone: m.contact_phone.clone(),
        avoid: avoid
            .into_iter()
            .map(|a| AvoidInput {
                firm: a.firm.to_string(),
                reason: a.reason,
            })
            .collect(),
    })
}

/// Writes a checked posting into a project row.
fn set_posting(m: &mut project::Model, item_id: Uuid, p: &ProjectPosting) {
    m.item_id = item_id;
    m.title = p.title.clone();
    m.scope = p.scope.clone();
    m.region_code = p.region.as_str().to_owned();
    m.budget_fen = p.budget_fen;
    m.service_days = p.service_days as i32;
    m.fund_source = p.fund_source.as_str().into();
    m.required_qualifications =
        serde_json::to_string(&p.required_qualifications).unwrap_or_default();
    m.method = p.method.code().into();
    m.method_params = serde_json::to_string(&MethodParams::of(&p.method)).unwrap_or_default();
    m.registration_deadline = p.registration_deadline;
    m.deadline_micros = p.registration_deadline.timestamp_micros();
    m.selection_at = p.selection_at;
    m.contact_name = p.contact_name.clone();
    m.contact_phone = p.contact_phone.clone();
    let avoid: Vec<Avoided> = p
        .avoid
        .iter()
        .map(|(firm, reason)| Avoided {
            firm: *firm,
            reason: reason.clone(),
        })
        .collect();
    m.avoid = serde_json::to_string(&avoid).unwrap_or_default();
}

impl Services {
    /// The holiday calendar deadlines count by (`ServiceConfig::calendar`).
    pub(super) fn calendar(&self) -> Calendar {
        self.config.calendar.clone()
    }

    /// Checks a posting for an item: the item must be in the catalogue and not retired.
    async fn check_posting(
        &self,
        item_id: Uuid,
        input: &ProjectInput,
    ) -> Result<(service_item::Model, ProjectPosting)> {
        let item = store::find::<service_item::Model>(&self.db, item_id)
            .await?
            .filter(|i| !i.retired)
            .ok_or_else(|| Error::validation("item", "field.item.unavailable"))?;
        let requires: Vec<QualRequirement> = stored_json(
            "service_item",
            item.id,
            "qualifications",
            &item.qualifications,
        )?;
        let posting = ProjectPosting::parse(
            input,
            &requires,
            now(),
            &self.calendar(),
            &PostingPolicy::default(),
        )
        .map_err(Error::Validation)?;
        Ok((item, posting))
    }

    /// An owner drafts a project.
    pub async fn create_project(
        &self,
        actor: &Actor,
        item_id: Uuid,
        input: &ProjectInput,
    ) -> Result<ProjectView> {
        authorize(actor, Permission::ManageOwnProjects)?;
        let (_, posting) = self.check_posting(item_id, input).await?;
        let t = now();
        // The posting's columns are written by `set_posting`; these first values are replaced.
        let mut m = project::Model {
            id: Uuid::new_v4(),
            owner_account_id: actor.account_id,
            item_id,
            title: String::new(),
            scope: String::new(),
            region_code: String::new(),
            budget_fen: 0,
            service_days: 0,
            fund_source: String::new(),
            required_qualifications: String::new(),
            method: String::new(),
            method_params: String::new(),
            registration_deadline: t,
            deadline_micros: 0,
            selection_at: t,
            contact_name: String::new(),
            contact_phone: String::new(),
            avoid: String::new(),
            status: ProjectStatus::Draft.as_str().into(),
            cancel_reason: None,
            seed_commitment: None,
            seed_secret: None,
            published_at: None,
            published_micros: None,
            created_at: t,
            updated_at: t,
            // The columns' defaults: the first round, not closed, no draw, not failed.
            round: 1,
            closed_at: None,
            draw_doc: None,
            failed_reason: None,
        };
        set_posting(&mut m, item_id, &posting);
        let tx = begin_write(&self.db).await?;
        let m = store::insert(&tx, m).await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "project.draft",
            "project",
            &m.id.to_string(),
            json!({ "item": item_id, "title": m.title, "method": m.method }),
        )
        .await?;
        tx.commit().await?;
        self.project_view(m).await
    }

    /// The owner edits a draft, or an announced project before its deadline. A substantive change
    /// to an announced project (anything but the contact) voids the registrations so far — their
    /// firms are told by mail — and starts a new round; the deadline must again leave the full
    /// registration window.
    pub async fn update_project(
        &self,
        actor: &Actor,
        id: Uuid,
        item_id: Uuid,
        input: &ProjectInput,
    ) -> Result<ProjectView> {
        authorize(actor, Permission::ManageOwnProjects)?;
        let (_, posting) = self.check_posting(item_id, input).await?;
        let tx = begin_write(&self.db).await?;
        let existing = own_project(&tx, actor, id).await?;
        let status = super::status_of(&existing)?;
        may_edit(status, now() >= existing.registration_deadline).map_err(refused)?;
        let published = status == ProjectStatus::Published;
        let mut m = existing.clone();
        set_posting(&mut m, item_id, &posting);
        m.updated_at = now();
        let substantive = published && substantive_change(&existing, &m);
        if substantive {
            m.round = existing.round + 1;
        }
        let m = store::update(&tx, &existing, m).await?;
        if substantive {
            super::void_registrations(&tx, &existing, &self.project_link(id)).await?;
        }
        record(
            &tx,
            AuditActor::Account(actor),
            "project.edit",
            "project",
            &id.to_string(),
            json!({
                "item": item_id, "title": m.title, "method": m.method,
                // Not how many registrations it voided: before the opening nobody may learn
                // the number of registrants, and an entry's digest over a small number can be
                // recomputed for every guess.
                "substantive": substantive, "round": m.round,
            }),
        )
        .await?;
        tx.commit().await?;
        self.project_view(m).await
    }

    /// The owner publishes a draft: it is checked again against the time of publication (the
    /// registration window counts from now), and the platform commits to the seed of the
    /// project's draw.
    pub async fn publish_project(&self, actor: &Actor, id: Uuid) -> Result<ProjectView> {
        authorize(actor, Permission::ManageOwnProjects)?;
        let tx = begin_write(&self.db).await?;
        let existing = own_project(&tx, actor, id).await?;
        may_publish(super::status_of(&existing)?).map_err(refused)?;
        self.check_posting(existing.item_id, &input_of(&existing)?)
            .await?;
        let secret = new_secret();
        let commitment = Seed::from_hex(&secret)
            .expect("new_secret gives 32 bytes of hex")
            .commitment();
        let t = now();
        let published = project::Model {
            status: ProjectStatus::Published.as_str().into(),
            seed_commitment: Some(commitment.clone()),
            // Sealed at rest until the opening (see `rules::draw`, trust model).
            seed_secret: Some(
                self.seal_text(&crate::rules::seal::project_seed_context(&id), &secret),
            ),
            published_at: Some(t),
            published_micros: Some(t.timestamp_micros()),
            updated_at: t,
            ..existing.clone()
        };
        let m = store::update(&tx, &existing, published).await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "project.publish",
            "project",
            &id.to_string(),
            // The commitment, never the seed: the audit trail is read before the draw.
            json!({ "seed_commitment": commitment, "deadline": m.registration_deadline }),
        )
        .await?;
        tx.commit().await?;
        self.project_view(m).await
    }

    /// The owner cancels a draft or an announced project, with a reason that is published.
    pub async fn cancel_project(
        &self,
        actor: &Actor,
        id: Uuid,
        reason: &str,
    ) -> Result<ProjectView> {
        authorize(actor, Permission::ManageOwnProjects)?;
        let reason = text(reason, "reason", 1000, true).map_err(|e| Error::Validation(vec![e]))?;
        let tx = begin_write(&self.db).await?;
        let existing = own_project(&tx, actor, id).await?;
        may_cancel(super::status_of(&existing)?).map_err(refused)?;
        super::tell_registrants_cancelled(&tx, &existing, &reason, &self.project_link(id)).await?;
        let cancelled = project::Model {
            status: ProjectStatus::Cancelled.as_str().into(),
            cancel_reason: Some(reason.clone()),
            updated_at: now(),
            ..existing.clone()
        };
        let m = store::update(&tx, &existing, cancelled).await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "project.cancel",
            "project",
            &id.to_string(),
            json!({ "reason": reason }),
        )
        .await?;
        tx.commit().await?;
        self.project_view(m).await
    }

    /// One project: announced ones for everybody, drafts for their owner only.
    pub async fn project(&self, viewer: Option<&Actor>, id: Uuid) -> Result<ProjectView> {
        let v = store::projects::project_with_names(&self.db, id)
            .await?
            .map(view_of)
            .transpose()?
            .ok_or(Error::NotFound)?;
        let own = viewer.is_some_and(|a| a.account_id == v.owner_account_id);
        if v.status == ProjectStatus::Draft && !own {
            return Err(Error::NotFound);
        }
        Ok(with_steps(v, own))
    }

    /// The owner's projects, newest first.
    pub async fn my_projects(&self, actor: &Actor) -> Result<Vec<ProjectView>> {
        authorize(actor, Permission::ManageOwnProjects)?;
        store::projects::projects_of_owner_newest_first(&self.db, actor.account_id)
            .await?
            .into_iter()
            .map(|j| Ok(with_steps(view_of(j)?, true)))
            .collect()
    }

    /// The public announcements (采购公告), newest first; drafts never.
    pub async fn announcements(&self, q: &AnnouncementQuery) -> Result<AnnouncementPage> {
        let filter = AnnouncementFilter {
            statuses: match q.status {
                Some(s) => vec![s],
                None => ProjectStatus::public().collect(),
            },
            item: q.item,
            region: q.region.as_ref().map(|r| r.range()),
            method: q.method.clone(),
            after: q.cursor,
            // One more than the page: whether another page follows.
            limit: q.limit + 1,
        };
        // The page first, then its owners' and items' names (`project_views`; see
        // `announcements_newest_first` for why not joined).
        let mut rows = store::projects::announcements_newest_first(&self.db, &filter).await?;
        let more = rows.len() as u64 > q.limit;
        rows.truncate(q.limit as usize);
        let next_cursor = if more {
            rows.last().map(|r| {
                Cursor::Newest {
                    micros: r.published_micros.unwrap_or(0),
                    id: r.id,
                }
                .encode()
            })
        } else {
            None
        };
        Ok(AnnouncementPage {
            projects: self.project_views(rows).await?,
            next_cursor,
        })
    }

    async fn project_view(&self, m: project::Model) -> Result<ProjectView> {
        Ok(self
            .project_views(vec![m])
            .await?
            .pop()
            .expect("one in, one out"))
    }

    /// Views of projects already read, with their owners' and items' names (two queries for
    /// any number).
    async fn project_views(&self, rows: Vec<project::Model>) -> Result<Vec<ProjectView>> {
        use std::collections::HashMap;
        let (owners, items) = store::projects::owners_and_items(
            &self.db,
            rows.iter().map(|r| r.owner_account_id),
            rows.iter().map(|r| r.item_id),
        )
        .await?;
        let owners: HashMap<Uuid, account::Model> = owners.into_iter().map(|a| (a.id, a)).collect();
        let items: HashMap<Uuid, service_item::Model> =
            items.into_iter().map(|i| (i.id, i)).collect();
        rows.into_iter()
            .map(|m| {
                let owner = owners.get(&m.owner_account_id);
                let item = items.get(&m.item_id);
                view(m, owner, item)
            })
            .collect()
    }
}

/// A project's view from the project read with its owner's and item's names.
fn view_of(j: ProjectWithNames) -> Result<ProjectView> {
    view(j.project, j.owner.as_ref(), j.item.as_ref())
}

/// A project's view from its row, its owner's account and its catalogue item. A stored status
/// or JSON column that does not read is an internal error (never a draft, never an empty list).
fn view(
    m: project::Model,
    owner: Option<&account::Model>,
    item: Option<&service_item::Model>,
) -> Result<ProjectView> {
    let status = stored(
        "project",
        m.id,
        "status",
        &m.status,
        ProjectStatus::parse(&m.status),
    )?;
    let required_qualifications: Vec<QualRequirement> = stored_json(
        "project",
        m.id,
        "required_qualifications",
        &m.required_qualifications,
    )?;
    let method_params: MethodParams =
        stored_json("project", m.id, "method_params", &m.method_params)?;
    let avoid: Vec<Avoided> = stored_json("project", m.id, "avoid", &m.avoid)?;
    let (zh, en) = province(m.region_code.get(..2).unwrap_or("")).unwrap_or(("", ""));
    let fund_source = stored(
        "project",
        m.id,
        "fund_source",
        &m.fund_source,
        FundSource::parse(&m.fund_source),
    )?;
    let method = stored(
        "project",
        m.id,
        "method",
        &m.method,
        MethodKind::parse(&m.method),
    )?;
    Ok(ProjectView {
        id: m.id,
        owner_account_id: m.owner_account_id,
        owner_name: owner.map(|o| o.name.clone()).unwrap_or_default(),
        owner_ratings: owner
            .map(crate::service::evaluation::OwnerRatingSummary::of)
            .unwrap_or_default(),
        item_id: m.item_id,
        item_code: item.map(|i| i.code.clone()).unwrap_or_default(),
        item_name: item.map(|i| i.name.clone()).unwrap_or_default(),
        title: m.title,
        scope: m.scope,
        region_code: m.region_code,
        province_zh: zh.into(),
        province_en: en.into(),
        budget_fen: m.budget_fen,
        service_days: m.service_days,
        fund_source,
        required_qualifications,
        method,
        method_params,
        registration_deadline: m.registration_deadline,
        selection_at: m.selection_at,
        contact_name: m.contact_name,
        contact_phone: m.contact_phone,
        avoid,
        status,
        round: m.round,
        cancel_reason: m.cancel_reason,
        seed_commitment: m.seed_commitment,
        published_at: m.published_at,
        created_at: m.created_at,
        updated_at: m.updated_at,
        allowed: Vec::new(),
    })
}

/// Whether an edit changes the announcement's substance: anything but the contact person and
/// phone (a firm may have priced or decided on the old terms).
fn substantive_change(old: &project::Model, new: &project::Model) -> bool {
    let mut new = new.clone();
    new.contact_name = old.contact_name.clone();
    new.contact_phone = old.contact_phone.clone();
    new.updated_at = old.updated_at;
    new != *old
}

/// The actor's own project (another owner's is "not found": its existence is not theirs to
/// learn while it is a draft).
async fn own_project<C: store::ConnectionTrait>(
    db: &C,
    actor: &Actor,
    id: Uuid,
) -> Result<project::Model> {
    store::find::<project::Model>(db, id)
        .await?
        .filter(|p| p.owner_account_id == actor.account_id)
        .ok_or(Error::NotFound)
}
