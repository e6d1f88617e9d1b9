//! Request and response bodies of the API, kept apart from storage and domain types so that
//! either can change without the other.

use chrono::{DateTime, Utc};
use poem_openapi::{Enum, Object};
use uuid::Uuid;
use zjcs_domain::model::project::{AwardStatus, ProjectStatus, RegistrationStatus};
use zjcs_domain::model::{AccountView, OwnerKind, Role};

/// A role on the marketplace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "lowercase")]
pub enum RoleDto {
    Owner,
    Intermediary,
    Regulator,
    Admin,
}

impl From<Role> for RoleDto {
    fn from(r: Role) -> Self {
        match r {
            Role::Owner => RoleDto::Owner,
            Role::Intermediary => RoleDto::Intermediary,
            Role::Regulator => RoleDto::Regulator,
            Role::Admin => RoleDto::Admin,
        }
    }
}

/// A role one may register oneself as (regulators and administrators are created by operators).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "lowercase")]
pub enum SelfRoleDto {
    /// 项目业主
    Owner,
    /// 中介机构
    Intermediary,
}

/// What kind of project owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "lowercase")]
pub enum OwnerKindDto {
    /// 企业
    Company,
    /// 政府部门
    Department,
}

impl From<OwnerKind> for OwnerKindDto {
    fn from(k: OwnerKind) -> Self {
        match k {
            OwnerKind::Company => OwnerKindDto::Company,
            OwnerKind::Department => OwnerKindDto::Department,
        }
    }
}

impl OwnerKindDto {
    pub fn as_str(self) -> &'static str {
        match self {
            OwnerKindDto::Company => "company",
            OwnerKindDto::Department => "department",
        }
    }
}

/// An account as its holder sees it.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct Account {
    pub id: Uuid,
    pub email: String,
    /// Organisation (or, for regulators and administrators, person) name.
    pub name: String,
    pub role: RoleDto,
    /// Present for project owners.
    #[oai(skip_serializing_if_is_none)]
    pub owner_kind: Option<OwnerKindDto>,
    pub email_verified: bool,
    pub created_at: DateTime<Utc>,
}

impl From<AccountView> for Account {
    fn from(a: AccountView) -> Self {
        Account {
            id: a.id,
            email: a.email,
            name: a.name,
            role: a.role.into(),
            owner_kind: a.owner_kind.map(Into::into),
            email_verified: a.email_verified,
            created_at: a.created_at,
        }
    }
}

/// Where a project stands:
/// - `draft` (草稿): the owner's, not yet announced;
/// - `published` (报名中): announced, registration open until the deadline;
/// - `selecting` (已开标，选取中): closed and the bids opened; the selection waits for the owner;
/// - `failed` (流标): too few registrants, or nobody left to select;
/// - `awarded` (中选公示): an award is published for its notice period, then the contract;
/// - `contracted` (已签订合同): the contract is recorded; the service runs;
/// - `cancelled` (已取消): the owner cancelled it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "kebab-case")]
pub enum ProjectStatusDto {
    Draft,
    Published,
    Selecting,
    Failed,
    Awarded,
    Contracted,
    Cancelled,
}

impl From<ProjectStatus> for ProjectStatusDto {
    fn from(s: ProjectStatus) -> Self {
        match s {
            ProjectStatus::Draft => ProjectStatusDto::Draft,
            ProjectStatus::Published => ProjectStatusDto::Published,
            ProjectStatus::Selecting => ProjectStatusDto::Selecting,
            ProjectStatus::Failed => ProjectStatusDto::Failed,
            ProjectStatus::Awarded => ProjectStatusDto::Awarded,
            ProjectStatus::Contracted => ProjectStatusDto::Contracted,
            ProjectStatus::Cancelled => ProjectStatusDto::Cancelled,
        }
    }
}

/// A firm's registration for a project:
/// - `active` (已报名): registered, with its sealed bid where the method asks for one;
/// - `withdrawn` (已撤回): the firm withdrew before the deadline, or the platform withdrew it
///   (black list, dishonesty);
/// - `invalidated` (因公告变更作废): a substantive change to the announcement voided it; the firm may
///   register again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "kebab-case")]
pub enum RegistrationStatusDto {
    Active,
    Withdrawn,
    Invalidated,
}

impl From<RegistrationStatus> for RegistrationStatusDto {
    fn from(s: RegistrationStatus) -> Self {
        match s {
            RegistrationStatus::Active => RegistrationStatusDto::Active,
            RegistrationStatus::Withdrawn => RegistrationStatusDto::Withdrawn,
            RegistrationStatus::Invalidated => RegistrationStatusDto::Invalidated,
        }
    }
}

/// Where an award stands:
/// - `notice` (公示中): published; the notice period runs and registrants may object;
/// - `contracted` (已签订合同): the contract is recorded;
/// - `refused` (放弃签约): the winner refused to sign;
/// - `overturned` (已取消): an upheld objection or complaint overturned it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "kebab-case")]
pub enum AwardStatusDto {
    Notice,
    Contracted,
    Refused,
    Overturned,
}

impl From<AwardStatus> for AwardStatusDto {
    fn from(s: AwardStatus) -> Self {
        match s {
            AwardStatus::Notice => AwardStatusDto::Notice,
            AwardStatus::Contracted => AwardStatusDto::Contracted,
            AwardStatus::Refused => AwardStatusDto::Refused,
            AwardStatus::Overturned => AwardStatusDto::Overturned,
        }
    }
}

/// A request field whose value is one of the closed set `E`: the spec shows `E`'s enum (each
/// value described), while the value is handed to the domain as typed, so that a value outside
/// the set is refused the way every other field is, as a 422 naming the field among all the
/// body's other mistakes — not as a 400 that stops at the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closed<E> {
    value: String,
    set: std::marker::PhantomData<E>,
}

impl<E> Closed<E> {
    /// The value as sent (the domain parses it).
    pub fn into_string(self) -> String {
        self.value
    }

    pub fn as_str(&self) -> &str {
        &self.value
    }
}

impl<E> From<&str> for Closed<E> {
    fn from(value: &str) -> Self {
        Closed {
            value: value.to_owned(),
            set: std::marker::PhantomData,
        }
    }
}

impl<E: poem_openapi::types::Type> poem_openapi::types::Type for Closed<E> {
    const IS_REQUIRED: bool = true;
    type RawValueType = String;
    type RawElementValueType = String;

    fn name() -> std::borrow::Cow<'static, str> {
        E::name()
    }

    fn schema_ref() -> poem_openapi::registry::MetaSchemaRef {
        E::schema_ref()
    }

    fn register(registry: &mut poem_openapi::registry::Registry) {
        E::register(registry);
    }

    fn as_raw_value(&self) -> Option<&String> {
        Some(&self.value)
    }

    fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a String> + 'a> {
        Box::new(std::iter::once(&self.value))
    }
}

impl<E: poem_openapi::types::Type> poem_openapi::types::ParseFromJSON for Closed<E> {
    fn parse_from_json(value: Option<serde_json::Value>) -> poem_openapi::types::ParseResult<Self> {
        match value {
            Some(serde_json::Value::String(s)) => Ok(Closed::from(s.as_str())),
            Some(other) => Err(poem_openapi::types::ParseError::expected_type(other)),
            None => Err(poem_openapi::types::ParseError::expected_input()),
        }
    }
}

impl<E: poem_openapi::types::Type> poem_openapi::types::ParseFromParameter for Closed<E> {
    /// A parameter given empty (`?method=`) names no value of the set: refused, where leaving
    /// the parameter out means "any".
    fn parse_from_parameter(value: &str) -> poem_openapi::types::ParseResult<Self> {
        if value.is_empty() {
            return Err(poem_openapi::types::ParseError::custom(
                "an empty value is none of the set (leave the parameter out for any)",
            ));
        }
        Ok(Closed::from(value))
    }
}

impl<E: poem_openapi::types::Type> poem_openapi::types::ParseFromMultipartField for Closed<E> {
    async fn parse_from_multipart(
        field: Option<poem::web::Field>,
    ) -> poem_openapi::types::ParseResult<Self> {
        let s = String::parse_from_multipart(field)
            .await
            .map_err(poem_openapi::types::ParseError::propagate)?;
        Ok(Closed::from(s.as_str()))
    }
}

impl<E: poem_openapi::types::Type> poem_openapi::types::ToJSON for Closed<E> {
    fn to_json(&self) -> Option<serde_json::Value> {
        Some(serde_json::Value::String(self.value.clone()))
    }
}

/// A selection method (选取方式):
/// - `direct` (直接选取): the owner picks a registrant, with a reason; only under the direct
///   threshold and never on a department's budget;
/// - `random-draw` (随机抽取): the platform's verifiable draw among eligible registrants;
/// - `credit-preferred` (信用择优): the `long_list` best by credit, `short_list` of them drawn,
///   the owner picks;
/// - `lowest-price` (竞价选取): the lowest valid price; an abnormally low price is accepted with
///   the firm's explanation or rejected;
/// - `comprehensive` (综合评分): price, plan and credit by the published weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(
    rename_all = "kebab-case",
    remote = "zjcs_domain::model::project::MethodKind"
)]
pub enum MethodDto {
    Direct,
    RandomDraw,
    CreditPreferred,
    LowestPrice,
    Comprehensive,
}

/// Where the money comes from (资金来源):
/// - `self-funded` (自有资金): the owner's own funds;
/// - `department-budget` (财政资金): a department's budget, which must be spent competitively
///   (no direct selection).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(
    rename_all = "kebab-case",
    remote = "zjcs_domain::model::project::FundSource"
)]
pub enum FundSourceDto {
    SelfFunded,
    DepartmentBudget,
}

/// What became of an opened bid beyond its ranking:
/// - `excluded-objection` (异议成立，取消中选): excluded by an upheld objection to its award;
/// - `excluded-complaint` (投诉成立，取消中选): excluded by an upheld complaint against its award;
/// - `excluded-refusal` (放弃中选): the firm refused to sign;
/// - `excluded-ineligible` (资格丧失，予以搁置): set aside because the firm's standing no longer
///   let it take part (black-listed, on the dishonesty list, suspended) when the selection
///   decided; `decision_reason` says why in words;
/// - `rejected-low` (异常低价，不予采纳): an abnormally low price the owner rejected;
/// - `accepted-low` (异常低价，说明合理): an abnormally low price the owner accepted with the
///   firm's explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(
    rename_all = "kebab-case",
    remote = "zjcs_domain::model::project::BidDecision"
)]
pub enum BidDecisionDto {
    ExcludedObjection,
    ExcludedComplaint,
    ExcludedRefusal,
    ExcludedIneligible,
    RejectedLow,
    AcceptedLow,
}

/// Why a project failed (流标):
/// - `too-few-registrants` (报名不足): fewer valid registrants than the method needs at the
///   deadline;
/// - `none-left` (无可选机构): every ranked firm was excluded or refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(
    rename_all = "kebab-case",
    remote = "zjcs_domain::model::project::FailedReason"
)]
pub enum FailedReasonDto {
    TooFewRegistrants,
    NoneLeft,
}

/// What a credit ledger entry records (信用事件):
/// - `evaluation` (业主评价): an owner's evaluation of the finished service;
/// - `on-time` (按期交付) / `late` (逾期交付): delivery within or beyond the contracted days;
/// - `refused-to-sign` (放弃中选): refused to sign, or abandoned, after an award;
/// - `complaint` (投诉属实): an upheld complaint;
/// - `manual` (监管调整): a regulator's adjustment, with its published reason;
/// - `veto` (否决项): a veto item (see `veto_item`): the lowest grade and the black list;
/// - `repair` (信用修复): an approved credit repair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(
    rename_all = "kebab-case",
    remote = "zjcs_domain::rules::credit_ledger::EventCode"
)]
pub enum CreditEventKindDto {
    Evaluation,
    OnTime,
    Late,
    RefusedToSign,
    Complaint,
    Manual,
    Veto,
    Repair,
}

/// A veto item (否决项, GB/T 39683-2020):
/// - `fraud` (弄虚作假): fraud or a forged qualification;
/// - `bid-rigging` (串通投标): bid rigging or collusion;
/// - `bribery` (行贿);
/// - `refused-inspection` (拒绝监督检查): refusing a regulator's inspection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(
    rename_all = "kebab-case",
    remote = "zjcs_domain::rules::credit_ledger::VetoItem"
)]
pub enum VetoItemDto {
    Fraud,
    BidRigging,
    Bribery,
    RefusedInspection,
}

/// The owner's review of a submitted result:
/// - `accepted` (验收通过): the service is over;
/// - `returned` (退回修改): returned with reasons; the firm submits again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(
    rename_all = "kebab-case",
    remote = "zjcs_domain::rules::delivery::Review"
)]
pub enum ReviewDto {
    Accepted,
    Returned,
}

/// What an uploaded file is, decided by its content (never by its name or the type the client
/// claims): `pdf`, `jpeg` or `png`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(
    rename_all = "lowercase",
    remote = "zjcs_domain::rules::evidence::FileKind"
)]
pub enum FileKindDto {
    Pdf,
    Jpeg,
    Png,
}
