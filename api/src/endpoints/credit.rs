//! Credit (信用): each firm's public ledger and standing, regulators' manual entries and veto
//! items, the versioned credit policy, and the market's grades.

use super::ApiTags;
use super::firms::FirmStatusDto;
use super::types::{Closed, CreditEventKindDto, VetoItemDto};
use crate::auth::BearerAuth;
use crate::problem::ApiResult;
use crate::strict_json::StrictJson;
use chrono::{DateTime, Utc};
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Enum, Object, OpenApi};
use uuid::Uuid;
use zjcs_domain::model::evaluation::RepairStatus;
use zjcs_domain::rules::credit_ledger::CreditPolicy;
use zjcs_domain::rules::standing::Bar;
use zjcs_domain::service::Services;
use zjcs_domain::service::credit as svc;

pub struct CreditApi {
    pub services: Services,
}

/// One entry of a firm's public ledger (evidence and who recorded it are not public); a veto
/// names its item in `veto_item`.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct CreditEvent {
    pub id: Uuid,
    pub kind: CreditEventKindDto,
    #[oai(skip_serializing_if_is_none)]
    pub veto_item: Option<VetoItemDto>,
    /// Points as scored when recorded, by the policy version given.
    pub points: i32,
    pub policy_version: i32,
    #[oai(skip_serializing_if_is_none)]
    pub project_id: Option<Uuid>,
    pub reason: String,
    pub recorded_at: DateTime<Utc>,
    /// Voided (an upheld appeal): kept on the ledger, not counted.
    #[oai(skip_serializing_if_is_none)]
    pub voided_at: Option<DateTime<Utc>>,
    #[oai(skip_serializing_if_is_none)]
    pub void_reason: Option<String>,
}

/// One point of the score's history.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct ScorePoint {
    pub at: DateTime<Utc>,
    pub score: i32,
}

/// What keeps a firm from taking part:
/// - `veto` (否决事项): on the black list for a veto item of its own;
/// - `representative` (随相关人员受限): on the black list because a person behind it (its legal
///   representative, a declared shareholder or senior executive) stands behind a black-listed
///   firm too;
/// - `dishonest` (失信名单): on an imported dishonesty list;
/// - `suspended` (暂停报名): suspended by its credit (grade E, or refusals to sign);
/// - `repair-needed` (等待信用修复): grade E with its suspension over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "kebab-case")]
pub enum BarKindDto {
    Veto,
    Representative,
    Dishonest,
    Suspended,
    RepairNeeded,
}

/// One thing that keeps a firm from taking part now, with what a reader needs to say why.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct StandingBar {
    pub kind: BarKindDto,
    /// For `veto`: the item, when recorded.
    #[oai(skip_serializing_if_is_none)]
    pub veto_item: Option<VetoItemDto>,
    /// For `representative`: the black-listed firm it shares a legal representative,
    /// shareholder or senior executive with.
    #[oai(skip_serializing_if_is_none)]
    pub via_firm_name: Option<String>,
    /// For `dishonest`: the listing authority.
    #[oai(skip_serializing_if_is_none)]
    pub authority: Option<String>,
    /// When it ends (the midnight after its last day, China time); absent: no end set.
    #[oai(skip_serializing_if_is_none)]
    pub until: Option<DateTime<Utc>>,
}

impl From<Bar> for StandingBar {
    fn from(b: Bar) -> Self {
        let until = b.until();
        let mut out = StandingBar {
            kind: BarKindDto::RepairNeeded,
            veto_item: None,
            via_firm_name: None,
            authority: None,
            until,
        };
        match b {
            Bar::Veto { item, .. } => {
                out.kind = BarKindDto::Veto;
                out.veto_item = item.map(Into::into);
            }
            Bar::Representative { firm, .. } => {
                out.kind = BarKindDto::Representative;
                out.via_firm_name = Some(firm);
            }
            Bar::Dishonest { authority, .. } => {
                out.kind = BarKindDto::Dishonest;
                out.authority = Some(authority);
            }
            Bar::Suspended { .. } => out.kind = BarKindDto::Suspended,
            Bar::RepairNeeded => {}
        }
        out
    }
}

/// A firm's credit: standing, public ledger and score history.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct FirmCredit {
    pub firm_id: Uuid,
    pub firm_name: String,
    pub credit_code: String,
    pub score: i32,
    /// `A` (highest) to `E` (GB/T 39683-2020).
    pub grade: String,
    /// The standing now, by the one rule every face reads: `listed` exactly when `bars` is
    /// empty; `blacklisted` when a bar puts it on the black list; `suspended` otherwise.
    pub status: FirmStatusDto,
    /// Every bar in force, the gravest first.
    pub bars: Vec<StandingBar>,
    /// A running suspension's end.
    #[oai(skip_serializing_if_is_none)]
    pub suspended_until: Option<DateTime<Utc>>,
    /// The black-listing's end.
    #[oai(skip_serializing_if_is_none)]
    pub blacklisted_until: Option<DateTime<Utc>>,
    /// Suspended with its period over and still grade E: registration needs an approved
    /// credit repair.
    pub repair_needed: bool,
    /// Grade D: shown with a public warning.
    pub warning: bool,
    /// The policy version in force.
    pub policy_version: u32,
    /// Newest first.
    pub events: Vec<CreditEvent>,
    /// Over the policy's window, oldest first.
    pub history: Vec<ScorePoint>,
}

impl From<svc::FirmCredit> for FirmCredit {
    fn from(c: svc::FirmCredit) -> Self {
        FirmCredit {
            firm_id: c.firm_id,
            firm_name: c.firm_name,
            credit_code: c.credit_code,
            score: c.score,
            grade: c.grade.as_str().into(),
            status: c.status.into(),
            bars: c.bars.into_iter().map(Into::into).collect(),
            suspended_until: c.suspended_until,
            blacklisted_until: c.blacklisted_until,
            repair_needed: c.repair_needed,
            warning: c.warning,
            policy_version: c.policy_version,
            events: c
                .events
                .into_iter()
                .map(|e| CreditEvent {
                    id: e.id,
                    kind: e.kind.into(),
                    veto_item: e.veto_item.map(Into::into),
                    points: e.points,
                    policy_version: e.policy_version,
                    project_id: e.project_id,
                    reason: e.reason,
                    recorded_at: e.recorded_at,
                    voided_at: e.voided_at,
                    void_reason: e.void_reason,
                })
                .collect(),
            history: c
                .history
                .into_iter()
                .map(|(at, score)| ScorePoint { at, score })
                .collect(),
        }
    }
}

/// What a regulator records on a firm's ledger:
/// - `manual` (监管调整): an adjustment of `points`, with its published reason;
/// - `veto` (否决项): a veto item (`veto_item`): grade E and the black list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "kebab-case")]
pub enum CreditEntryKindDto {
    Manual,
    Veto,
}

/// A regulator's entry on a firm's ledger (`veto_item` for a veto).
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct CreditEntryInput {
    pub kind: Closed<CreditEntryKindDto>,
    /// For `manual`: −50 to 50, not 0.
    pub points: Option<i32>,
    pub veto_item: Option<Closed<VetoItemDto>>,
    /// Published on the firm's ledger (required, at most 2,000 characters).
    #[oai(validator(max_length = 2000))]
    pub reason: String,
    /// The project the entry concerns, if any.
    pub project_id: Option<Uuid>,
}

/// The credit policy (DOMAIN.md "Credit"): base score, points per event, the window, grade
/// lines, suspension and black-list periods.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct CreditPolicyBody {
    /// Set by the server: ignored on input (a change becomes the next version), so that a
    /// client may send back what it read, edited.
    #[oai(default)]
    pub version: u32,
    /// The score every firm starts at (the neutral baseline).
    pub base: i32,
    /// Points for an evaluation whose average rounds to 1, 2, 3, 4, 5.
    #[oai(validator(min_items = 5, max_items = 5))]
    pub evaluation_points: Vec<i32>,
    pub on_time_points: i32,
    pub late_points: i32,
    /// More than this many working days late scores `very_late_points`.
    pub very_late_after_days: u32,
    pub very_late_points: i32,
    pub refused_to_sign_points: i32,
    /// This many refusals to sign within 12 months suspend the firm.
    pub refusals_to_suspend: u32,
    /// The most severe complaint's points.
    pub complaint_points_min: i32,
    /// The least severe complaint's points.
    pub complaint_points_max: i32,
    /// Events at most this old count fully.
    pub full_weight_months: u32,
    /// Older events within the window count at this percentage.
    pub older_weight_percent: u32,
    /// Events older than this drop out.
    pub window_months: u32,
    /// The lowest scores of grades A, B, C and D (E below D's).
    #[oai(validator(min_items = 4, max_items = 4))]
    pub lines: Vec<i32>,
    pub suspension_months: u32,
    pub blacklist_months: u32,
}

impl From<&CreditPolicy> for CreditPolicyBody {
    fn from(p: &CreditPolicy) -> Self {
        CreditPolicyBody {
            version: p.version,
            base: p.base,
            evaluation_points: p.evaluation_points.to_vec(),
            on_time_points: p.on_time_points,
            late_points: p.late_points,
            very_late_after_days: p.very_late_after_days,
            very_late_points: p.very_late_points,
            refused_to_sign_points: p.refused_to_sign_points,
            refusals_to_suspend: p.refusals_to_suspend,
            complaint_points_min: p.complaint_points.0,
            complaint_points_max: p.complaint_points.1,
            full_weight_months: p.full_weight_months,
            older_weight_percent: p.older_weight_percent,
            window_months: p.window_months,
            lines: p.lines.to_vec(),
            suspension_months: p.suspension_months,
            blacklist_months: p.blacklist_months,
        }
    }
}

impl CreditPolicyBody {
    fn policy(&self) -> CreditPolicy {
        let mut evaluation_points = [0; 5];
        evaluation_points.copy_from_slice(&self.evaluation_points[..5]);
        let mut lines = [0; 4];
        lines.copy_from_slice(&self.lines[..4]);
        CreditPolicy {
            version: 0,
            base: self.base,
            evaluation_points,
            on_time_points: self.on_time_points,
            late_points: self.late_points,
            very_late_after_days: self.very_late_after_days,
            very_late_points: self.very_late_points,
            refused_to_sign_points: self.refused_to_sign_points,
            refusals_to_suspend: self.refusals_to_suspend,
            complaint_points: (self.complaint_points_min, self.complaint_points_max),
            full_weight_months: self.full_weight_months,
            older_weight_percent: self.older_weight_percent,
            window_months: self.window_months,
            lines,
            suspension_months: self.suspension_months,
            blacklist_months: self.blacklist_months,
        }
    }
}

/// The policy in force.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct PolicyVersion {
    pub policy: CreditPolicyBody,
    /// Why the administrator adopted it (empty for the built-in version 1).
    pub reason: String,
    #[oai(skip_serializing_if_is_none)]
    pub adopted_at: Option<DateTime<Utc>>,
}

impl From<svc::PolicyView> for PolicyVersion {
    fn from(v: svc::PolicyView) -> Self {
        PolicyVersion {
            policy: (&v.policy).into(),
            reason: v.reason,
            adopted_at: v.adopted_at,
        }
    }
}

/// A new policy and why.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct PolicyChange {
    pub policy: CreditPolicyBody,
    #[oai(validator(max_length = 2000))]
    pub reason: String,
}

/// What a recompute of every firm did.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct Recomputed {
    pub firms: u64,
    /// Ledger events read (those that can still count).
    pub events: u64,
    /// Firms whose stored credit changed.
    pub changed: u64,
    /// Of those, firms whose status changed (restrictions, withdrawals and mail carried out).
    pub transitions: u64,
    /// Time the recompute took on the server.
    pub millis: u64,
}

impl From<svc::Recomputed> for Recomputed {
    fn from(r: svc::Recomputed) -> Self {
        Recomputed {
            firms: r.firms,
            events: r.events,
            changed: r.changed,
            transitions: r.transitions,
            millis: r.millis,
        }
    }
}

/// The adopted policy and the recompute it caused.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct PolicyAdopted {
    pub policy: PolicyVersion,
    pub recomputed: Recomputed,
}

#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct GradeCount {
    pub grade: String,
    pub firms: u64,
}

#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct SuspendedFirm {
    pub firm_id: Uuid,
    pub name: String,
    pub credit_code: String,
    pub grade: String,
    pub score: i32,
    /// The credit suspension's end. Absent: no credit suspension runs (the period is over and a
    /// credit repair is awaited, or the firm is barred by a dishonesty listing: see `bar`).
    #[oai(skip_serializing_if_is_none)]
    pub until: Option<DateTime<Utc>>,
    /// Why it may not take part now: its standing's gravest bar.
    #[oai(skip_serializing_if_is_none)]
    pub bar: Option<StandingBar>,
}

/// Grades across the market and the suspended firms (the black list is `GET /blacklist`).
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct CreditMarket {
    /// Firms in the marketplace (listed or suspended), A to E.
    pub grades: Vec<GradeCount>,
    pub suspended: Vec<SuspendedFirm>,
    pub policy_version: u32,
}

/// A credit repair application (信用修复).
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct Repair {
    pub id: Uuid,
    pub firm_id: Uuid,
    pub firm_name: String,
    /// The firm's statement of its remedy.
    pub statement: String,
    /// One of the firm's evidence files (readable by the firm and regulators).
    #[oai(skip_serializing_if_is_none)]
    pub evidence_file: Option<Uuid>,
    pub status: RepairStatusDto,
    #[oai(skip_serializing_if_is_none)]
    pub decision_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    #[oai(skip_serializing_if_is_none)]
    pub decided_at: Option<DateTime<Utc>>,
    /// The firm's score and grade now.
    pub score: i32,
    pub grade: String,
    /// What the caller may do to it (`decide`: a regulator approves or refuses a pending one,
    /// `POST /credit/repairs/{id}/decision`).
    pub allowed: Vec<RepairStepDto>,
}

/// Something the caller may do to an application for credit repair:
/// - `decide`: a regulator approves or refuses it, with a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(
    rename_all = "kebab-case",
    remote = "zjcs_domain::rules::credit::RepairStep"
)]
pub enum RepairStepDto {
    Decide,
}

/// Where an application for credit repair stands:
/// - `pending` (待审核): filed; waits for a regulator;
/// - `approved` (已批准): the restriction ends;
/// - `refused` (已驳回): refused, with a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "kebab-case")]
pub enum RepairStatusDto {
    Pending,
    Approved,
    Refused,
}

impl From<RepairStatus> for RepairStatusDto {
    fn from(s: RepairStatus) -> Self {
        match s {
            RepairStatus::Pending => RepairStatusDto::Pending,
            RepairStatus::Approved => RepairStatusDto::Approved,
            RepairStatus::Refused => RepairStatusDto::Refused,
        }
    }
}

impl From<zjcs_domain::service::credit_repair::RepairView> for Repair {
    fn from(r: zjcs_domain::service::credit_repair::RepairView) -> Self {
        Repair {
            id: r.id,
            firm_id: r.firm_id,
            firm_name: r.firm_name,
            statement: r.statement,
            evidence_file: r.evidence_file,
            status: r.status.into(),
            decision_reason: r.decision_reason,
            created_at: r.created_at,
            decided_at: r.decided_at,
            score: r.score,
            grade: r.grade,
            allowed: r.allowed.into_iter().map(Into::into).collect(),
        }
    }
}

/// A firm's application.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct RepairApplication {
    /// What was remedied, and how (required, at most 2,000 characters).
    #[oai(validator(max_length = 2000))]
    pub statement: String,
    /// One of the firm's uploaded evidence files (`POST /firms/me/files`).
    pub evidence_file: Option<Uuid>,
}

/// A regulator's decision.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct RepairDecision {
    pub approve: bool,
    /// Published on the firm's ledger when approved (required, at most 2,000 characters).
    #[oai(validator(max_length = 2000))]
    pub reason: String,
}

#[derive(ApiResponse)]
pub enum RepairCreated {
    #[oai(status = 201)]
    Created(Json<Repair>),
}

#[derive(ApiResponse)]
pub enum RepairResponse {
    #[oai(status = 200)]
    Ok(Json<Repair>),
}

#[derive(ApiResponse)]
pub enum RepairsResponse {
    #[oai(status = 200)]
    Ok(Json<Vec<Repair>>),
}

#[derive(ApiResponse)]
pub enum FirmCreditResponse {
    #[oai(status = 200)]
    Ok(Json<FirmCredit>),
}

#[derive(ApiResponse)]
pub enum EntryRecorded {
    /// Recorded; the firm's credit as it now stands.
    #[oai(status = 201)]
    Created(Json<FirmCredit>),
}

#[derive(ApiResponse)]
pub enum PolicyResponse {
    #[oai(status = 200)]
    Ok(Json<PolicyVersion>),
}

#[derive(ApiResponse)]
pub enum PolicyAdoptedResponse {
    #[oai(status = 200)]
    Ok(Json<PolicyAdopted>),
}

#[derive(ApiResponse)]
pub enum MarketResponse {
    #[oai(status = 200)]
    Ok(Json<CreditMarket>),
}

#[derive(ApiResponse)]
pub enum RecomputeResponse {
    #[oai(status = 200)]
    Ok(Json<Recomputed>),
}

/// A firm on the red list.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct RedListFirm {
    pub firm_id: Uuid,
    pub name: String,
    pub credit_code: String,
    pub region_code: String,
    pub score: i32,
}

/// A page of the red list (红名单): listed firms at grade A without an upheld complaint in
/// the window.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct RedList {
    /// The complaint window, in months (the credit policy's).
    pub window_months: u32,
    pub firms: Vec<RedListFirm>,
    /// More follow: ask again with `offset` + the length of `firms`.
    pub more: bool,
}

#[derive(ApiResponse)]
pub enum RedListResponse {
    #[oai(status = 200)]
    Ok(Json<RedList>),
}

#[OpenApi(tag = "ApiTags::Credit")]
impl CreditApi {
    /// A firm's credit: grade, score, standing, public ledger and history
    #[oai(
        path = "/firms/:id/credit",
        method = "get",
        operation_id = "getFirmCredit"
    )]
    async fn firm_credit(&self, id: Path<Uuid>) -> ApiResult<FirmCreditResponse> {
        Ok(FirmCreditResponse::Ok(Json(
            self.services.firm_credit(id.0).await?.into(),
        )))
    }

    /// Record a manual adjustment or a veto item on a firm's ledger (regulators)
    ///
    /// The firm is assessed again at once: a fall to grade E suspends it; a veto item
    /// black-lists it (its credit code and its legal representative's other firms), withdraws
    /// its open registrations and tells their owners.
    #[oai(
        path = "/firms/:id/credit-events",
        method = "post",
        operation_id = "recordCreditEvent"
    )]
    async fn record(
        &self,
        auth: BearerAuth,
        id: Path<Uuid>,
        body: StrictJson<CreditEntryInput>,
    ) -> ApiResult<EntryRecorded> {
        let who = auth.resolve(&self.services).await?;
        let b = body.0;
        let credit = self
            .services
            .record_credit_entry(
                &who.actor,
                id.0,
                svc::ManualEntry {
                    kind: b.kind.into_string(),
                    points: b.points,
                    veto_item: b.veto_item.map(Closed::into_string),
                    reason: b.reason,
                    project_id: b.project_id,
                },
            )
            .await?;
        Ok(EntryRecorded::Created(Json(credit.into())))
    }

    /// The credit policy in force
    #[oai(
        path = "/credit/policy",
        method = "get",
        operation_id = "getCreditPolicy"
    )]
    async fn policy(&self) -> ApiResult<PolicyResponse> {
        Ok(PolicyResponse::Ok(Json(
            self.services.credit_policy().await?.into(),
        )))
    }

    /// Adopt a new credit policy (administrators)
    ///
    /// It becomes the next version; recorded events keep the points of the version that
    /// scored them, and every firm is assessed again under the new one (grade lines, weights,
    /// window, periods).
    #[oai(
        path = "/credit/policy",
        method = "put",
        operation_id = "setCreditPolicy"
    )]
    async fn set_policy(
        &self,
        auth: BearerAuth,
        body: StrictJson<PolicyChange>,
    ) -> ApiResult<PolicyAdoptedResponse> {
        let who = auth.resolve(&self.services).await?;
        let (view, done) = self
            .services
            .set_credit_policy(&who.actor, body.0.policy.policy(), &body.0.reason)
            .await?;
        Ok(PolicyAdoptedResponse::Ok(Json(PolicyAdopted {
            policy: view.into(),
            recomputed: done.into(),
        })))
    }

    /// The red list (红名单), public: listed firms at grade A without an upheld complaint within
    /// the credit policy's window, best score first
    #[oai(path = "/credit/red-list", method = "get", operation_id = "getRedList")]
    async fn red_list_page(
        &self,
        /// Firms to skip.
        #[oai(default, validator(maximum(value = "1000000")))]
        offset: Query<u64>,
        /// Page size, 1–200 (default 100).
        #[oai(validator(minimum(value = "1"), maximum(value = "200")))]
        limit: Query<Option<u64>>,
    ) -> ApiResult<RedListResponse> {
        let p = self
            .services
            .red_list(offset.0, limit.0.unwrap_or(100))
            .await?;
        Ok(RedListResponse::Ok(Json(RedList {
            window_months: p.window_months,
            more: p.more,
            firms: p
                .entries
                .into_iter()
                .map(|e| RedListFirm {
                    firm_id: e.firm_id,
                    name: e.name,
                    credit_code: e.credit_code,
                    region_code: e.region_code,
                    score: e.score,
                })
                .collect(),
        })))
    }

    /// Grades across the market and the suspended firms
    #[oai(
        path = "/credit/market",
        method = "get",
        operation_id = "getCreditMarket"
    )]
    async fn market(&self) -> ApiResult<MarketResponse> {
        let m = self.services.credit_market().await?;
        Ok(MarketResponse::Ok(Json(CreditMarket {
            grades: m
                .grades
                .into_iter()
                .map(|(g, n)| GradeCount {
                    grade: g.as_str().into(),
                    firms: n,
                })
                .collect(),
            suspended: m
                .suspended
                .into_iter()
                .map(|s| SuspendedFirm {
                    firm_id: s.firm_id,
                    name: s.name,
                    credit_code: s.credit_code,
                    grade: s.grade.as_str().into(),
                    score: s.score,
                    until: s.until,
                    bar: s.bar.map(Into::into),
                })
                .collect(),
            policy_version: m.policy_version,
        })))
    }

    /// Apply for a credit repair (the firm; only while it waits for one)
    ///
    /// Only when the firm's suspension is over and its grade is still E (409
    /// `repair-not-needed`), one pending application at a time (409 `repair-pending`).
    #[oai(
        path = "/firms/me/credit-repairs",
        method = "post",
        operation_id = "applyForCreditRepair"
    )]
    async fn apply_repair(
        &self,
        auth: BearerAuth,
        body: StrictJson<RepairApplication>,
    ) -> ApiResult<RepairCreated> {
        let who = auth.resolve(&self.services).await?;
        let r = self
            .services
            .apply_for_repair(&who.actor, &body.0.statement, body.0.evidence_file)
            .await?;
        Ok(RepairCreated::Created(Json(r.into())))
    }

    /// The firm's own repair applications, newest first
    #[oai(
        path = "/firms/me/credit-repairs",
        method = "get",
        operation_id = "listMyCreditRepairs"
    )]
    async fn my_repairs(&self, auth: BearerAuth) -> ApiResult<RepairsResponse> {
        let who = auth.resolve(&self.services).await?;
        let list = self.services.my_repairs(&who.actor).await?;
        Ok(RepairsResponse::Ok(Json(
            list.into_iter().map(Into::into).collect(),
        )))
    }

    /// Repair applications (regulators): the pending queue, oldest first, or all, newest first
    #[oai(
        path = "/credit/repairs",
        method = "get",
        operation_id = "listCreditRepairs"
    )]
    async fn repairs(
        &self,
        auth: BearerAuth,
        /// Only pending applications (default true).
        pending: poem_openapi::param::Query<Option<bool>>,
    ) -> ApiResult<RepairsResponse> {
        let who = auth.resolve(&self.services).await?;
        let list = self
            .services
            .repairs(&who.actor, pending.0.unwrap_or(true))
            .await?;
        Ok(RepairsResponse::Ok(Json(
            list.into_iter().map(Into::into).collect(),
        )))
    }

    /// Approve or refuse a repair application (regulators)
    ///
    /// An approval records a `repair` event that lifts the firm's score to the lowest line
    /// above E, which lists it again; a decided application cannot be decided again (409
    /// `repair-decided`).
    #[oai(
        path = "/credit/repairs/:id/decision",
        method = "post",
        operation_id = "decideCreditRepair"
    )]
    async fn decide_repair(
        &self,
        auth: BearerAuth,
        id: Path<Uuid>,
        body: StrictJson<RepairDecision>,
    ) -> ApiResult<RepairResponse> {
        let who = auth.resolve(&self.services).await?;
        let r = self
            .services
            .decide_repair(&who.actor, id.0, body.0.approve, &body.0.reason)
            .await?;
        Ok(RepairResponse::Ok(Json(r.into())))
    }

    /// Assess every firm again now (administrators; also run daily and after a policy change)
    #[oai(
        path = "/credit/recompute",
        method = "post",
        operation_id = "recomputeCredit"
    )]
    async fn recompute(&self, auth: BearerAuth) -> ApiResult<RecomputeResponse> {
        let who = auth.resolve(&self.services).await?;
        Ok(RecomputeResponse::Ok(Json(
            self.services.recompute_credit(&who.actor).await?.into(),
        )))
    }
}
