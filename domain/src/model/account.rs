//! Accounts (账号): who someone is on the marketplace and in which role.

use crate::error::FieldError;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::fmt;
use uuid::Uuid;

/// A normalised email address: trimmed, lower-cased, one `@`, a dotted domain, at most 254 bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, FieldError> {
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err(FieldError::new("email", "field.required"));
        }
        if s.len() > 254 {
            return Err(FieldError::new("email", "field.too-long"));
        }
        let invalid = || FieldError::new("email", "field.email.invalid");
        let (local, domain) = s.split_once('@').ok_or_else(invalid)?;
        let ok_local = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let ok_domain = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        if ok_local && ok_domain {
            Ok(Email(s))
        } else {
            Err(invalid())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A password as typed: 10 to 128 characters. Never logged or displayed.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 128;

    /// Checks a new password's length. `field` names the form field for the error.
    pub fn parse_new(raw: &str, field: &'static str) -> Result<Password, FieldError> {
        let n = raw.chars().count();
        if n == 0 {
            Err(FieldError::new(field, "field.required"))
        } else if n < Self::MIN_CHARS {
            Err(FieldError::new(field, "field.password.too-short"))
        } else if n > Self::MAX_CHARS {
            Err(FieldError::new(field, "field.password.too-long"))
        } else {
            Ok(Password(raw.to_owned()))
        }
    }

    /// Wraps a password offered at login: no length rule beyond a sanity cap, so that a
    /// change of policy never locks out an older account.
    pub fn parse_offered(raw: &str, field: &'static str) -> Result<Password, FieldError> {
        if raw.is_empty() {
            Err(FieldError::new(field, "field.required"))
        } else if raw.chars().count() > Self::MAX_CHARS {
            Err(FieldError::new(field, "field.password.too-long"))
        } else {
            Ok(Password(raw.to_owned()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// A person's or organisation's display name: one line of 1–200 characters after trimming, as
/// [`super::text::line`] takes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX_CHARS: usize = 200;

    pub fn parse(raw: &str, field: &'static str) -> Result<DisplayName, FieldError> {
        super::text::line(raw, field, Self::MAX_CHARS, true).map(DisplayName)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The four roles. Owners and intermediaries register themselves; regulators and administrators
/// are created by an administrator's command and never self-registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// 项目业主
    Owner,
    /// 中介机构
    Intermediary,
    /// 监管部门
    Regulator,
    /// 管理员
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Owner,
        Role::Intermediary,
        Role::Regulator,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Intermediary => "intermediary",
            Role::Regulator => "regulator",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// The roles a person may choose at self-registration (zero threshold: instant, no approval).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelfRegisteredRole {
    Owner(OwnerKind),
    Intermediary,
}

impl SelfRegisteredRole {
    /// Parses the role and, for owners, the kind of owner.
    pub fn parse(role: &str, owner_kind: Option<&str>) -> Result<SelfRegisteredRole, FieldError> {
        match role.trim() {
            "owner" => match owner_kind.map(str::trim).and_then(OwnerKind::parse) {
                Some(kind) => Ok(SelfRegisteredRole::Owner(kind)),
                None => Err(FieldError::new("owner_kind", "field.owner-kind.invalid")),
            },
            "intermediary" => Ok(SelfRegisteredRole::Intermediary),
            _ => Err(FieldError::new("role", "field.role.invalid")),
        }
    }

    pub fn role(self) -> Role {
        match self {
            SelfRegisteredRole::Owner(_) => Role::Owner,
            SelfRegisteredRole::Intermediary => Role::Intermediary,
        }
    }

    pub fn owner_kind(self) -> Option<OwnerKind> {
        match self {
            SelfRegisteredRole::Owner(k) => Some(k),
            SelfRegisteredRole::Intermediary => None,
        }
    }
}

/// A project owner is a company or a government department (which buys with budget money and
/// must use a competitive method for its own technical services).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OwnerKind {
    Company,
    Department,
}

impl OwnerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OwnerKind::Company => "company",
            OwnerKind::Department => "department",
        }
    }

    pub fn parse(s: &str) -> Option<OwnerKind> {
        match s {
            "company" => Some(OwnerKind::Company),
            "department" => Some(OwnerKind::Department),
            _ => None,
        }
    }
}

/// A complete, valid self-registration.
#[derive(Debug, Clone)]
pub struct Registration {
    pub role: SelfRegisteredRole,
    pub name: DisplayName,
    pub email: Email,
    pub password: Password,
}

impl Registration {
    /// Parses every field and reports all that are wrong at once.
    pub fn parse(
        role: &str,
        owner_kind: Option<&str>,
        name: &str,
        email: &str,
        password: &str,
    ) -> Result<Registration, Vec<FieldError>> {
        let role = SelfRegisteredRole::parse(role, owner_kind);
        let name = DisplayName::parse(name, "name");
        let email = Email::parse(email);
        let password = Password::parse_new(password, "password");
        match (role, name, email, password) {
            (Ok(role), Ok(name), Ok(email), Ok(password)) => Ok(Registration {
                role,
                name,
                email,
                password,
            }),
            (r, n, e, p) => Err([r.err(), n.err(), e.err(), p.err()]
                .into_iter()
                .flatten()
                .collect()),
        }
    }
}

/// The authenticated caller of a service: who, and in which role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub account_id: Uuid,
    pub role: Role,
}

/// What an account looks like to its holder (and, later, to administrators).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountView {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub owner_kind: Option<OwnerKind>,
    pub email_verified: bool,
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_normalised() {
        assert_eq!(
            Email::parse("  Li.Wei@Example.COM ").unwrap().as_str(),
            "li.wei@example.com"
        );
        assert_eq!(
            Email::parse("张三@例子.中国").unwrap().as_str(),
            "张三@例子.中国"
        );
    }

    #[test]
    fn bad_emails_are_refused_with_a_code() {
        for bad in [
            "",
            "no-at",
            "a@b",
            "@x.cn",
            "a@.cn",
            "a..b@x.cn",
            "a b@x.cn",
            "a@x..cn",
            "a@-x.cn",
            ".a@x.cn",
        ] {
            let e = Email::parse(bad).unwrap_err();
            assert_eq!(e.field, "email", "{bad}");
        }
        assert_eq!(Email::parse("").unwrap_err().code, "field.required");
        assert_eq!(
            Email::parse(&format!("{}@x.cn", "a".repeat(300)))
                .unwrap_err()
                .code,
            "field.too-long"
        );
    }

    #[test]
    fn password_length_rules() {
        assert_eq!(
            Password::parse_new("short", "password").unwrap_err().code,
            "field.password.too-short"
        );
        assert_eq!(
            Password::parse_new("", "password").unwrap_err().code,
            "field.required"
        );
        assert!(Password::parse_new("十个汉字也可以做密码啊", "password").is_ok());
        assert_eq!(
            Password::parse_new(&"x".repeat(129), "password")
                .unwrap_err()
                .code,
            "field.password.too-long"
        );
        assert!(Password::parse_offered("short", "password").is_ok());
        assert_eq!(
            format!("{:?}", Password::parse_offered("secret", "p").unwrap()),
            "Password(***)"
        );
    }

    #[test]
    fn display_name_rules() {
        assert_eq!(
            DisplayName::parse("  华东测绘有限公司 ", "name")
                .unwrap()
                .as_str(),
            "华东测绘有限公司"
        );
        assert_eq!(
            DisplayName::parse("   ", "name").unwrap_err().code,
            "field.required"
        );
        assert_eq!(
            DisplayName::parse("a\u{0}b", "name").unwrap_err().code,
            "field.text.control"
        );
        assert_eq!(
            DisplayName::parse(&"名".repeat(201), "name")
                .unwrap_err()
                .code,
            "field.too-long"
        );
    }

    #[test]
    fn self_registration_never_yields_regulator_or_admin() {
        assert_eq!(
            SelfRegisteredRole::parse("regulator", None)
                .unwrap_err()
                .code,
            "field.role.invalid"
        );
        assert_eq!(
            SelfRegisteredRole::parse("admin", None).unwrap_err().code,
            "field.role.invalid"
        );
        assert_eq!(
            SelfRegisteredRole::parse("owner", None).unwrap_err().field,
            "owner_kind"
        );
        assert_eq!(
            SelfRegisteredRole::parse("owner", Some("department")).unwrap(),
            SelfRegisteredRole::Owner(OwnerKind::Department)
        );
        assert_eq!(
            SelfRegisteredRole::parse("intermediary", Some("ignored"))
                .unwrap()
                .role(),
            Role::Intermediary
        );
    }

    #[test]
    fn registration_reports_every_bad_field() {
        let errs = Registration::parse("boss", None, "", "nope", "123").unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["role", "name", "email", "password"]);
    }

    #[test]
    fn role_round_trips() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
