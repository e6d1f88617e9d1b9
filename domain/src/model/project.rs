//! Projects (项目): what an owner posts (采购公告) and the rules a posting must satisfy before it
//! can be published. Parsing is pure: the caller passes the catalogue item's requirements, the
//! time, the holiday calendar and the policy.

use super::catalogue::QualRequirement;
use super::firm::{RegionCode, collect, line, phone, text};
use crate::error::FieldError;
use crate::rules::calendar::Calendar;
use crate::rules::selection::Weights;
use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Where the money comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FundSource {
    /// The owner pays from its own funds (自筹).
    SelfFunded,
    /// A department's budget (财政资金): its own technical services must be bought competitively.
    DepartmentBudget,
}

impl FundSource {
    pub const ALL: [FundSource; 2] = [FundSource::SelfFunded, FundSource::DepartmentBudget];

    /// The code stored and shown in the API (`self-funded`, `department-budget`).
    pub fn as_str(self) -> &'static str {
        match self {
            FundSource::SelfFunded => "self-funded",
            FundSource::DepartmentBudget => "department-budget",
        }
    }

    pub fn parse(s: &str) -> Option<FundSource> {
        match s.trim() {
            "self-funded" => Some(FundSource::SelfFunded),
            "department-budget" => Some(FundSource::DepartmentBudget),
            _ => None,
        }
    }
}

/// The selection method announced with the project, with its parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// 直接选取: the owner picks, with a reason; only under the threshold.
    Direct,
    /// 随机抽取: a verifiable draw among the eligible registrants.
    RandomDraw,
    /// 信用择优: the `long_list` best by credit, of whom `short_list` are drawn; the owner picks.
    CreditPreferred { long_list: u32, short_list: u32 },
    /// 竞价选取: the lowest valid bid; bids under `abnormal_percent` % of the others' mean are
    /// flagged.
    LowestPrice { abnormal_percent: u32 },
    /// 综合评分: price, plan and credit by the published weights.
    Comprehensive { weights: Weights },
}

super::closed_set! {
    /// Why a project failed (流标).
    pub enum FailedReason {
        /// Fewer valid registrants than the method needs at the deadline.
        TooFewRegistrants = "too-few-registrants",
        /// Every ranked firm was excluded or refused: nobody is left to award.
        NoneLeft = "none-left",
    }
}

super::closed_set! {
    /// What became of an opened bid beyond its ranking.
    pub enum BidDecision {
        /// Excluded by an upheld objection to its award.
        ExcludedObjection = "excluded-objection",
        /// Excluded by an upheld complaint against its award.
        ExcludedComplaint = "excluded-complaint",
        /// Excluded because the firm refused to sign.
        ExcludedRefusal = "excluded-refusal",
        /// Set aside because the firm's standing no longer lets it take part (black-listed,
        /// on the dishonesty list, suspended) when the selection reached a decision.
        ExcludedIneligible = "excluded-ineligible",
        /// An abnormally low price the owner rejected.
        RejectedLow = "rejected-low",
        /// An abnormally low price the owner accepted with the firm's explanation.
        AcceptedLow = "accepted-low",
    }
}

/// Which of the five selection methods, without its parameters (what a project row stores in
/// `method` and what the API shows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MethodKind {
    Direct,
    RandomDraw,
    CreditPreferred,
    LowestPrice,
    Comprehensive,
}

impl MethodKind {
    pub const ALL: [MethodKind; 5] = [
        MethodKind::Direct,
        MethodKind::RandomDraw,
        MethodKind::CreditPreferred,
        MethodKind::LowestPrice,
        MethodKind::Comprehensive,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MethodKind::Direct => "direct",
            MethodKind::RandomDraw => "random-draw",
            MethodKind::CreditPreferred => "credit-preferred",
            MethodKind::LowestPrice => "lowest-price",
            MethodKind::Comprehensive => "comprehensive",
        }
    }

    pub fn parse(s: &str) -> Option<MethodKind> {
        MethodKind::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// Firms bid a price (sealed until the deadline).
    pub fn asks_price(self) -> bool {
        matches!(self, MethodKind::LowestPrice | MethodKind::Comprehensive)
    }

    /// Firms hand in a plan document.
    pub fn asks_plan(self) -> bool {
        self == MethodKind::Comprehensive
    }
}

impl Method {
    pub fn kind(&self) -> MethodKind {
        match self {
            Method::Direct => MethodKind::Direct,
            Method::RandomDraw => MethodKind::RandomDraw,
            Method::CreditPreferred { .. } => MethodKind::CreditPreferred,
            Method::LowestPrice { .. } => MethodKind::LowestPrice,
            Method::Comprehensive { .. } => MethodKind::Comprehensive,
        }
    }

    pub fn code(&self) -> &'static str {
        self.kind().as_str()
    }

    /// Firms bid a price (sealed until the deadline).
    pub fn needs_price(&self) -> bool {
        self.kind().asks_price()
    }

    /// Firms hand in a plan document.
    pub fn needs_plan(&self) -> bool {
        self.kind().asks_plan()
    }

    /// Competition among several firms decides (everything but direct selection).
    pub fn competitive(&self) -> bool {
        !matches!(self, Method::Direct)
    }
}

/// The policy values a posting is checked against (DOMAIN.md defaults; an administrator may
/// change them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostingPolicy {
    /// The registration window: at least this many working days after publication.
    pub min_registration_working_days: u32,
    /// Direct selection only for budgets below this (fen).
    pub direct_threshold_fen: i64,
    /// Fewest valid registrants for a competitive method (fewer: the project fails).
    pub min_registrants: u32,
    pub default_abnormal_percent: u32,
}

impl Default for PostingPolicy {
    fn default() -> Self {
        Self {
            min_registration_working_days: 3,
            direct_threshold_fen: 5_000_000, // ¥50,000
            min_registrants: 2,
            default_abnormal_percent: 70,
        }
    }
}

impl PostingPolicy {
    /// Fewest valid registrants for this method.
    pub fn min_registrants_for(&self, method: &Method) -> u32 {
        if method.competitive() {
            self.min_registrants
        } else {
            1
        }
    }
}

/// A firm the owner asks to avoid, with the reason that is published with the project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AvoidInput {
    pub firm: String,
    pub reason: String,
}

/// A posting as submitted (form or JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ProjectInput {
    pub title: String,
    pub scope: String,
    /// Where the service is needed: a six-digit administrative division code.
    pub region: String,
    /// The budget, also the price cap, in fen.
    pub budget_fen: i64,
    pub service_days: u32,
    pub fund_source: String,
    pub required_qualifications: Vec<QualRequirement>,
    /// `direct`, `random-draw`, `credit-preferred`, `lowest-price` or `comprehensive`.
    pub method: String,
    pub long_list: Option<u32>,
    pub short_list: Option<u32>,
    pub abnormal_percent: Option<u32>,
    pub weight_price: Option<u32>,
    pub weight_plan: Option<u32>,
    pub weight_credit: Option<u32>,
    /// RFC 3339, or `YYYY-MM-DDTHH:MM` in China time (a form's datetime-local).
    pub registration_deadline: String,
    pub selection_at: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub avoid: Vec<AvoidInput>,
}

/// A posting that may be published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectPosting {
    pub title: String,
    pub scope: String,
    pub region: RegionCode,
    pub budget_fen: i64,
    pub service_days: u32,
    pub fund_source: FundSource,
    pub required_qualifications: Vec<QualRequirement>,
    pub method: Method,
    pub registration_deadline: DateTime<Utc>,
    pub selection_at: DateTime<Utc>,
    pub contact_name: String,
    pub contact_phone: String,
    pub avoid: Vec<(Uuid, String)>,
}

/// China Standard Time (UTC+8, no daylight saving).
pub fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("a valid offset")
}

/// A moment as a form or the API gives it.
pub fn moment(raw: &str, field: &'static str) -> Result<DateTime<Utc>, FieldError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(FieldError::new(field, "field.required"));
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s)
        .or_else(|_| DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M%:z"))
    {
        return Ok(t.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(local) = NaiveDateTime::parse_from_str(s, format)
            && let Some(t) = china().from_local_datetime(&local).single()
        {
            return Ok(t.with_timezone(&Utc));
        }
    }
    Err(FieldError::new(field, "field.datetime.invalid"))
}

impl ProjectPosting {
    /// Checks a posting against the catalogue item it is for (`item_requires`: the
    /// qualifications the item's legal basis requires), the time of publication, the calendar
    /// and the policy. Every problem is reported.
    pub fn parse(
        input: &ProjectInput,
        item_requires: &[QualRequirement],
        now: DateTime<Utc>,
        calendar: &Calendar,
        policy: &PostingPolicy,
    ) -> Result<ProjectPosting, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = collect(&mut errors, line(&input.title, "title", 200, true));
        let scope = collect(&mut errors, text(&input.scope, "scope", 5000, true));
        let region = RegionCode::parse(&input.region, "region").map_err(|e| errors.push(e));
        if input.budget_fen <= 0 || input.budget_fen > 100_000_000_000 {
            errors.push(FieldError::new("budget_fen", "field.out-of-range"));
        }
        if !(1..=3650).contains(&input.service_days) {
            errors.push(FieldError::new("service_days", "field.out-of-range"));
        }
        let fund_source = FundSource::parse(&input.fund_source);
        if fund_source.is_none() {
            errors.push(FieldError::new("fund_source", "field.fund-source.invalid"));
        }

        // Only what the item's legal basis requires may be required (no invented thresholds).
        let mut required: Vec<QualRequirement> = Vec::new();
        for req in &input.required_qualifications {
            let qual_type = req.qual_type.trim().to_owned();
            let Some(allowed) = item_requires.iter().find(|r| r.qual_type == qual_type) else {
                errors.push(FieldError::new(
                    "required_qualifications",
                    "field.qualification.not-in-item",
                ));
                continue;
            };
            let grades: Vec<String> = req.grades.iter().map(|g| g.trim().to_owned()).collect();
            // The project may accept fewer grades than the law allows, never others; an empty
            // list means every grade the item allows.
            if grades
                .iter()
                .any(|g| !allowed.grades.is_empty() && !allowed.grades.contains(g))
            {
                errors.push(FieldError::new(
                    "required_qualifications",
                    "field.qualification.grade-not-in-item",
                ));
                continue;
            }
            if required.iter().any(|r| r.qual_type == qual_type) {
                errors.push(FieldError::new(
                    "required_qualifications",
                    "field.qualification.repeated",
                ));
                continue;
            }
            required.push(QualRequirement {
                qual_type,
                grades: if grades.is_empty() {
                    allowed.grades.clone()
                } else {
                    grades
                },
            });
        }

        let method = match input.method.trim() {
            "direct" => Some(Method::Direct),
            "random-draw" => Some(Method::RandomDraw),
            "credit-preferred" => {
                let long_list = input.long_list.unwrap_or(0);
                let short_list = input.short_list.unwrap_or(0);
                if !(2..=100).contains(&long_list) {
                    errors.push(FieldError::new("long_list", "field.out-of-range"));
                }
                if short_list < 1 || short_list > long_list {
                    errors.push(FieldError::new("short_list", "field.short-list.range"));
                }
                Some(Method::CreditPreferred {
                    long_list,
                    short_list,
                })
            }
            "lowest-price" => {
                let abnormal_percent = input
                    .abnormal_percent
                    .unwrap_or(policy.default_abnormal_percent);
                if !(1..=100).contains(&abnormal_percent) {
                    errors.push(FieldError::new("abnormal_percent", "field.out-of-range"));
                }
                Some(Method::LowestPrice { abnormal_percent })
            }
            "comprehensive" => {
                let weights = Weights {
                    price: input.weight_price.unwrap_or(0),
                    plan: input.weight_plan.unwrap_or(0),
                    credit: input.weight_credit.unwrap_or(0),
                };
                if !weights.valid() {
                    errors.push(FieldError::new("weight_price", "field.weights.sum"));
                }
                Some(Method::Comprehensive { weights })
            }
            _ => {
                errors.push(FieldError::new("method", "field.method.invalid"));
                None
            }
        };
        if method == Some(Method::Direct) {
            if input.budget_fen >= policy.direct_threshold_fen {
                errors.push(FieldError::new(
                    "method",
                    "field.method.direct-over-threshold",
                ));
            }
            if fund_source == Some(FundSource::DepartmentBudget) {
                errors.push(FieldError::new(
                    "method",
                    "field.method.budget-needs-competition",
                ));
            }
        }

        let deadline = moment(&input.registration_deadline, "registration_deadline");
        let selection_at = moment(&input.selection_at, "selection_at");
        if let Ok(d) = deadline {
            let today = now.with_timezone(&china()).date_naive();
            let earliest = calendar.add_working_days(today, policy.min_registration_working_days);
            if d <= now {
                errors.push(FieldError::new(
                    "registration_deadline",
                    "field.deadline.past",
                ));
            } else if d.with_timezone(&china()).date_naive() < earliest {
                errors.push(FieldError::new(
                    "registration_deadline",
                    "field.deadline.too-soon",
                ));
            }
            if let Ok(s) = selection_at
                && s < d
            {
                errors.push(FieldError::new(
                    "selection_at",
                    "field.selection.before-deadline",
                ));
            }
        }
        let deadline = collect_moment(&mut errors, deadline);
        let selection_at = collect_moment(&mut errors, selection_at);

        let contact_name = collect(
            &mut errors,
            line(&input.contact_name, "contact_name", 50, true),
        );
        let contact_phone = collect(&mut errors, phone(&input.contact_phone, "contact_phone"));
        let mut avoid = Vec::new();
        for a in &input.avoid {
            let firm = Uuid::parse_str(a.firm.trim());
            let reason = text(&a.reason, "avoid", 500, true);
            match (firm, reason) {
                (Ok(f), Ok(r)) if !avoid.iter().any(|(x, _)| *x == f) => avoid.push((f, r)),
                (Ok(_), Ok(_)) => errors.push(FieldError::new("avoid", "field.avoid.repeated")),
                (Err(_), _) => errors.push(FieldError::new("avoid", "field.id.invalid")),
                // Avoiding a firm needs a published reason.
                (_, Err(e)) => errors.push(e),
            }
        }
        match (errors.is_empty(), fund_source, method, region) {
            (true, Some(fund_source), Some(method), Ok(region)) => Ok(ProjectPosting {
                title,
                scope,
                region,
                budget_fen: input.budget_fen,
                service_days: input.service_days,
                fund_source,
                required_qualifications: required,
                method,
                registration_deadline: deadline,
                selection_at,
                contact_name,
                contact_phone,
                avoid,
            }),
            _ => Err(errors),
        }
    }
}

fn collect_moment(
    errors: &mut Vec<FieldError>,
    r: Result<DateTime<Utc>, FieldError>,
) -> DateTime<Utc> {
    r.unwrap_or_else(|e| {
        errors.push(e);
        DateTime::<Utc>::MIN_UTC
    })
}

/// Where a project stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProjectStatus {
    Draft,
    /// Announced; registration open until the deadline.
    Published,
    /// Closed and the bids opened; the selection waits for the owner.
    Selecting,
    /// Too few registrants, or nobody left to select (流标).
    Failed,
    /// An award is published (notice period, then the contract).
    Awarded,
    /// The contract is recorded; the service runs.
    Contracted,
    Cancelled,
}

impl ProjectStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ProjectStatus::Draft => "draft",
            ProjectStatus::Published => "published",
            ProjectStatus::Selecting => "selecting",
            ProjectStatus::Failed => "failed",
            ProjectStatus::Awarded => "awarded",
            ProjectStatus::Contracted => "contracted",
            ProjectStatus::Cancelled => "cancelled",
        }
    }

    pub const ALL: [ProjectStatus; 7] = [
        ProjectStatus::Draft,
        ProjectStatus::Published,
        ProjectStatus::Selecting,
        ProjectStatus::Failed,
        ProjectStatus::Awarded,
        ProjectStatus::Contracted,
        ProjectStatus::Cancelled,
    ];

    /// Statuses shown in the public announcement list (all but drafts).
    pub fn public() -> impl Iterator<Item = ProjectStatus> {
        Self::ALL.into_iter().filter(|s| *s != ProjectStatus::Draft)
    }

    pub fn parse(s: &str) -> Option<ProjectStatus> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// A firm's registration for a project (报名).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RegistrationStatus {
    /// Registered, with its sealed bid where the method asks for one.
    Active,
    /// The firm withdrew before the deadline, or the platform withdrew it (black list,
    /// dishonesty).
    Withdrawn,
    /// A substantive change to the announcement voided it; the firm may register again.
    Invalidated,
}

impl RegistrationStatus {
    pub const ALL: [RegistrationStatus; 3] = [
        RegistrationStatus::Active,
        RegistrationStatus::Withdrawn,
        RegistrationStatus::Invalidated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RegistrationStatus::Active => "active",
            RegistrationStatus::Withdrawn => "withdrawn",
            RegistrationStatus::Invalidated => "invalidated",
        }
    }

    pub fn parse(s: &str) -> Option<RegistrationStatus> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// Where an award stands (中选).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AwardStatus {
    /// Published; the notice period (公示) runs, objections may be raised.
    Notice,
    /// The contract is recorded.
    Contracted,
    /// The winner refused to sign.
    Refused,
    /// An upheld objection overturned it.
    Overturned,
}

impl AwardStatus {
    pub const ALL: [AwardStatus; 4] = [
        AwardStatus::Notice,
        AwardStatus::Contracted,
        AwardStatus::Refused,
        AwardStatus::Overturned,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AwardStatus::Notice => "notice",
            AwardStatus::Contracted => "contracted",
            AwardStatus::Refused => "refused",
            AwardStatus::Overturned => "overturned",
        }
    }

    pub fn parse(s: &str) -> Option<AwardStatus> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Awards that stand: in their notice period or contracted.
    pub const STANDING: [AwardStatus; 2] = [AwardStatus::Notice, AwardStatus::Contracted];
}

/// Where an objection to an award stands (质疑).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ObjectionStatus {
    /// Raised during the notice period; waits for the owner's (or a regulator's) answer.
    Open,
    /// Answered for the objector: the award is overturned.
    Upheld,
    /// Answered against the objector: the award stands.
    Dismissed,
}

impl ObjectionStatus {
    pub const ALL: [ObjectionStatus; 3] = [
        ObjectionStatus::Open,
        ObjectionStatus::Upheld,
        ObjectionStatus::Dismissed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ObjectionStatus::Open => "open",
            ObjectionStatus::Upheld => "upheld",
            ObjectionStatus::Dismissed => "dismissed",
        }
    }

    pub fn parse(s: &str) -> Option<ObjectionStatus> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item() -> Vec<QualRequirement> {
        vec![QualRequirement {
            qual_type: "测绘资质".into(),
            grades: vec!["甲级".into(), "乙级".into()],
        }]
    }

    /// Sunday 22 November 2026, 10:00 in China.
    fn now() -> DateTime<Utc> {
        "2026-11-22T02:00:00Z".parse().unwrap()
    }

    fn input() -> ProjectInput {
        ProjectInput {
            title: "某地块竣工测绘".into(),
            scope: "宗地面积约 2 万平方米的竣工测量与房产测绘".into(),
            region: "330106".into(),
            budget_fen: 8_000_000,
            service_days: 20,
            fund_source: "self-funded".into(),
            required_qualifications: vec![QualRequirement {
                qual_type: "测绘资质".into(),
                grades: vec!["乙级".into()],
            }],
            method: "lowest-price".into(),
            registration_deadline: "2026-11-26T17:00".into(),
            selection_at: "2026-11-27T09:00".into(),
            contact_name: "王工".into(),
            contact_phone: "0571-87000000".into(),
            ..Default::default()
        }
    }

    fn parse(i: &ProjectInput) -> Result<ProjectPosting, Vec<FieldError>> {
        ProjectPosting::parse(
            i,
            &item(),
            now(),
            &Calendar::default(),
            &PostingPolicy::default(),
        )
    }

    fn codes(i: &ProjectInput) -> Vec<(&'static str, &'static str)> {
        parse(i)
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn a_complete_posting_parses() {
        let p = parse(&input()).unwrap();
        assert_eq!(
            p.method,
            Method::LowestPrice {
                abnormal_percent: 70
            }
        );
        assert!(p.method.needs_price() && !p.method.needs_plan());
        // 17:00 in China is 09:00 UTC.
        assert_eq!(
            p.registration_deadline,
            "2026-11-26T09:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
        assert_eq!(p.required_qualifications[0].grades, vec!["乙级"]);
        // No grades asked: every grade the item allows.
        let mut i = input();
        i.required_qualifications[0].grades.clear();
        assert_eq!(
            parse(&i).unwrap().required_qualifications[0].grades,
            vec!["甲级", "乙级"]
        );
    }

    #[test]
    fn the_registration_window_counts_working_days() {
        // Published on Sunday the 22nd: three working days are Mon–Wed, so Wednesday the
        // 25th is the earliest deadline day.
        let mut i = input();
        i.registration_deadline = "2026-11-25T17:00".into();
        assert!(parse(&i).is_ok());
        i.registration_deadline = "2026-11-24T17:00".into();
        assert_eq!(
            codes(&i),
            vec![("registration_deadline", "field.deadline.too-soon")]
        );
        // A holiday on Tuesday pushes it to Thursday.
        let cal = Calendar::parse("2026-11-24 holiday 测试假日\n").unwrap();
        i.registration_deadline = "2026-11-25T17:00".into();
        assert!(
            ProjectPosting::parse(&i, &item(), now(), &cal, &PostingPolicy::default()).is_err()
        );
        i.registration_deadline = "2026-11-21T17:00".into();
        assert_eq!(
            codes(&i),
            vec![("registration_deadline", "field.deadline.past")]
        );
        i.registration_deadline = "2026-11-26T17:00+08:00".into();
        i.selection_at = "2026-11-26T16:00+08:00".into();
        assert_eq!(
            codes(&i),
            vec![("selection_at", "field.selection.before-deadline")]
        );
        i.selection_at = "tomorrow".into();
        assert_eq!(codes(&i), vec![("selection_at", "field.datetime.invalid")]);
    }

    #[test]
    fn only_the_items_qualifications_may_be_required() {
        let mut i = input();
        i.required_qualifications.push(QualRequirement {
            qual_type: "注册资本一千万元以上".into(),
            grades: vec![],
        });
        i.required_qualifications.push(QualRequirement {
            qual_type: "测绘资质".into(),
            grades: vec!["甲级".into()],
        });
        assert_eq!(
            codes(&i),
            vec![
                ("required_qualifications", "field.qualification.not-in-item"),
                ("required_qualifications", "field.qualification.repeated"),
            ]
        );
        let mut i = input();
        i.required_qualifications[0].grades = vec!["特级".into()];
        assert_eq!(
            codes(&i),
            vec![(
                "required_qualifications",
                "field.qualification.grade-not-in-item"
            )]
        );
    }

    #[test]
    fn methods_and_their_parameters() {
        let mut i = input();
        i.method = "direct".into();
        i.budget_fen = 4_999_999;
        assert_eq!(parse(&i).unwrap().method, Method::Direct);
        i.budget_fen = 5_000_000;
        assert_eq!(
            codes(&i),
            vec![("method", "field.method.direct-over-threshold")]
        );
        i.budget_fen = 1_000_000;
        i.fund_source = "department-budget".into();
        assert_eq!(
            codes(&i),
            vec![("method", "field.method.budget-needs-competition")]
        );
        let mut i = input();
        i.method = "comprehensive".into();
        (i.weight_price, i.weight_plan, i.weight_credit) = (Some(30), Some(60), Some(10));
        assert!(parse(&i).unwrap().method.needs_plan());
        i.weight_credit = Some(20);
        assert_eq!(codes(&i), vec![("weight_price", "field.weights.sum")]);
        let mut i = input();
        i.method = "credit-preferred".into();
        (i.long_list, i.short_list) = (Some(5), Some(3));
        assert_eq!(
            parse(&i).unwrap().method,
            Method::CreditPreferred {
                long_list: 5,
                short_list: 3
            }
        );
        i.short_list = Some(6);
        assert_eq!(codes(&i), vec![("short_list", "field.short-list.range")]);
        i.method = "auction".into();
        assert_eq!(codes(&i), vec![("method", "field.method.invalid")]);
        let p = PostingPolicy::default();
        assert_eq!(p.min_registrants_for(&Method::Direct), 1);
        assert_eq!(p.min_registrants_for(&Method::RandomDraw), 2);
    }

    #[test]
    fn every_bad_field_is_reported_and_avoidance_needs_a_reason() {
        let i = ProjectInput {
            avoid: vec![
                AvoidInput {
                    firm: Uuid::nil().to_string(),
                    reason: " ".into(),
                },
                AvoidInput {
                    firm: "x".into(),
                    reason: "曾有违约".into(),
                },
            ],
            ..Default::default()
        };
        let fields: Vec<&str> = codes(&i).into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            vec![
                "title",
                "scope",
                "region",
                "budget_fen",
                "service_days",
                "fund_source",
                "method",
                "registration_deadline",
                "selection_at",
                "contact_name",
                "contact_phone",
                "avoid",
                "avoid"
            ]
        );
    }
}
