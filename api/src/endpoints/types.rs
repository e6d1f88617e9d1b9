//! Request and response bodies of the API, kept apart from storage and domain types so that
//! either can change without the other.

use chrono::{DateTime, Utc};
use poem_openapi::{Enum, Object};
use uuid::Uuid;
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
