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
