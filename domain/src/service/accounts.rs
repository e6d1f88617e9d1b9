//! Accounts: self-registration (zero threshold: instant, no approval), privileged accounts made by
//! an operator, password change, email verification.

use super::sessions::{self, NewSession};
use super::{Services, authorize};
use crate::error::{Error, FieldError, Result, stored};
use crate::i18n::{Lang, message};
use crate::model::{
    AccountView, Actor, DisplayName, Email, OwnerKind, Password, Registration, Role,
};
use crate::platform::audit::{AuditActor, record};
use crate::platform::clock::chrono_duration;
use crate::platform::clock::now;
use crate::platform::new_secret;
use crate::platform::outbox;
use crate::platform::passwords;
use crate::rules::access::Permission;
use crate::rules::token::{hash_token, looks_like_token};
use crate::store::entities::{account, email_verification};
use crate::store::{self, DatabaseTransaction, accounts, begin_write};
use serde_json::json;
use std::time::Duration;
use uuid::Uuid;

/// How long an email-verification link stays valid.
pub const VERIFICATION_TTL: Duration = Duration::from_secs(72 * 3600);

/// An account as stored; a role or owner kind the code does not know is an internal error
/// (never read as some other role).
impl TryFrom<account::Model> for AccountView {
    type Error = Error;

    fn try_from(m: account::Model) -> Result<Self> {
        let role = stored("account", m.id, "role", &m.role, Role::parse(&m.role))?;
        let owner_kind = match m.owner_kind.as_deref() {
            Some(k) => Some(stored(
                "account",
                m.id,
                "owner_kind",
                k,
                OwnerKind::parse(k),
            )?),
            None => None,
        };
        Ok(AccountView {
            id: m.id,
            role,
            owner_kind,
            email: m.email,
            name: m.name,
            email_verified: m.email_verified_at.is_some(),
            created_at: m.created_at,
        })
    }
}

impl Services {
    /// Registers an owner or a firm. The account works at once; a welcome mail with a
    /// verification link goes out through the outbox in the same transaction. With
    /// `open_session`, the new holder is also logged in (the registration page does this).
    pub async fn register(
        &self,
        reg: Registration,
        lang: Lang,
        open_session: bool,
    ) -> Result<(AccountView, Option<NewSession>)> {
        let password_hash = passwords::hash(&reg.password).await?;
        let t = now();
        let model = account::Model {
            id: Uuid::new_v4(),
            email: reg.email.as_str().into(),
            name: reg.name.as_str().into(),
            role: reg.role.role().as_str().into(),
            owner_kind: reg.role.owner_kind().map(|k| k.as_str().into()),
            password_hash,
            email_verified_at: None,
            created_at: t,
            password_changed_at: t,
            rated_count: 0,
            rated_closing_out_sum: 0,
            rated_payment_sum: 0,
        };
        let tx = begin_write(&self.db).await?;
        insert_account(&tx, &model, AuditActor::Anonymous, "account.register").await?;
        self.send_verification(&tx, &model, lang).await?;
        let session = if open_session {
            let actor = Actor {
                account_id: model.id,
                role: reg.role.role(),
            };
            let session = sessions::open_session(
                &tx,
                &actor,
                self.config.session_ttl,
                json!({ "via": "registration" }),
            )
            .await?;
            Some(session)
        } else {
            None
        };
        tx.commit().await?;
        Ok((AccountView::try_from(model)?, session))
    }

    /// Creates a regulator or administrator account (never self-registered): the operator's
    /// `zjcs user create` command.
    pub async fn create_privileged(
        &self,
        role: Role,
        email: Email,
        name: DisplayName,
        password: Password,
    ) -> Result<AccountView> {
        if !matches!(role, Role::Regulator | Role::Admin) {
            return Err(Error::validation("role", "field.role.invalid"));
        }
        let t = now();
        let model = account::Model {
            id: Uuid::new_v4(),
            email: email.as_str().into(),
            name: name.as_str().into(),
            role: role.as_str().into(),
            owner_kind: None,
            password_hash: passwords::hash(&password).await?,
            // The operator vouches for the address.
            email_verified_at: Some(t),
            created_at: t,
            password_changed_at: t,
            rated_count: 0,
            rated_closing_out_sum: 0,
            rated_payment_sum: 0,
        };
        let tx = begin_write(&self.db).await?;
        insert_account(&tx, &model, AuditActor::System, "account.create-privileged").await?;
        tx.commit().await?;
        AccountView::try_from(model)
    }

    /// The caller's own account.
    pub async fn me(&self, actor: &Actor) -> Result<AccountView> {
        authorize(actor, Permission::ManageOwnAccount)?;
        let acct = store::find::<account::Model>(&self.db, actor.account_id)
            .await?
            .ok_or(Error::Unauthenticated)?;
        AccountView::try_from(acct)
    }

    /// All accounts, newest first (administrators only).
    pub async fn list_accounts(&self, actor: &Actor) -> Result<Vec<AccountView>> {
        authorize(actor, Permission::ListAccounts)?;
        let rows = accounts::accounts_newest_first(&self.db).await?;
        rows.into_iter().map(AccountView::try_from).collect()
    }

    /// Changes the caller's password after checking the current one, and ends every other
    /// session of the account (a stolen session does not survive a password change).
    pub async fn change_password(
        &self,
        actor: &Actor,
        current_session: Option<Uuid>,
        current: &str,
        new: &str,
    ) -> Result<()> {
        authorize(actor, Permission::ManageOwnAccount)?;
        let current = Password::parse_offered(current, "current_password");
        let new = Password::parse_new(new, "new_password");
        let (current, new) = match (current, new) {
            (Ok(c), Ok(n)) => (c, n),
            (c, n) => {
                return Err(Error::Validation(
                    [c.err(), n.err()].into_iter().flatten().collect(),
                ));
            }
        };
        let acct = store::find::<account::Model>(&self.db, actor.account_id)
            .await?
            .ok_or(Error::Unauthenticated)?;
        if !passwords::verify(&current, Some(&acct.password_hash)).await? {
            return Err(Error::Validation(vec![FieldError::new(
                "current_password",
                "field.password.mismatch",
            )]));
        }
        let new_hash = passwords::hash(&new).await?;
        let t = now();
        let tx = begin_write(&self.db).await?;
        // Conditional on the hash we verified against: a concurrent change wins cleanly.
        let changed =
            accounts::change_password_if_unchanged(&tx, acct.id, &acct.password_hash, new_hash, t)
                .await?;
        if !changed {
            return Err(Error::Validation(vec![FieldError::new(
                "current_password",
                "field.password.mismatch",
            )]));
        }
        let revoked =
            store::sessions::revoke_sessions_of_account(&tx, acct.id, current_session, t).await?;
        record(
            &tx,
            AuditActor::Account(actor),
            "account.change-password",
            "account",
            &acct.id.to_string(),
            json!({ "other_sessions_revoked": revoked }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Marks an address verified from the link in the welcome mail. Each link works once.
    pub async fn verify_email(&self, token: &str) -> Result<AccountView> {
        if !looks_like_token(token) {
            return Err(Error::InvalidToken);
        }
        let t = now();
        let tx = begin_write(&self.db).await?;
        let Some(v) = store::find::<email_verification::Model>(&tx, hash_token(token)).await?
        else {
            return Err(Error::InvalidToken);
        };
        if v.used_at.is_some() || v.expires_at <= t {
            return Err(Error::InvalidToken);
        }
        if !accounts::use_verification(&tx, &v.token_hash, t).await? {
            return Err(Error::InvalidToken);
        }
        accounts::mark_email_verified(&tx, v.account_id, t).await?;
        record(
            &tx,
            AuditActor::Anonymous,
            "account.verify-email",
            "account",
            &v.account_id.to_string(),
            json!({}),
        )
        .await?;
        let acct = store::find::<account::Model>(&tx, v.account_id)
            .await?
            .ok_or(Error::InvalidToken)?;
        tx.commit().await?;
        AccountView::try_from(acct)
    }

    /// Creates a verification token and queues the welcome mail carrying its link.
    async fn send_verification(
        &self,
        tx: &DatabaseTransaction,
        acct: &account::Model,
        lang: Lang,
    ) -> Result<()> {
        let token = new_secret();
        let t = now();
        store::insert(
            tx,
            email_verification::Model {
                token_hash: hash_token(&token),
                account_id: acct.id,
                created_at: t,
                expires_at: t + chrono_duration(VERIFICATION_TTL),
                used_at: None,
            },
        )
        .await?;
        let link = format!(
            "{}/verify-email?token={}",
            self.config.base_url.trim_end_matches('/'),
            token
        );
        let body = crate::i18n::text(
            lang,
            "mail.welcome.body",
            &[("name", &acct.name), ("link", &link)],
        );
        outbox::enqueue(
            tx,
            &acct.email,
            message(lang, "mail.welcome.subject"),
            &body,
        )
        .await?;
        Ok(())
    }
}

/// Inserts a new account and records its creation; a taken address is a clean `EmailTaken`
/// (the unique constraint decides, so two concurrent registrations cannot both win).
async fn insert_account(
    tx: &DatabaseTransaction,
    model: &account::Model,
    actor: AuditActor<'_>,
    action: &str,
) -> Result<()> {
    if !accounts::add_account(tx, model.clone()).await? {
        return Err(Error::EmailTaken);
    }
    let change = json!({
        "email": model.email, "name": model.name, "role": model.role, "owner_kind": model.owner_kind,
    });
    record(tx, actor, action, "account", &model.id.to_string(), change).await
}

#[cfg(test)]
mod stored_value_tests {
    use super::*;

    fn row(role: &str, owner_kind: Option<&str>) -> account::Model {
        let t = now();
        account::Model {
            id: Uuid::from_u128(3),
            email: "o@example.cn".into(),
            name: "某区发展改革局".into(),
            role: role.into(),
            owner_kind: owner_kind.map(Into::into),
            password_hash: String::new(),
            email_verified_at: None,
            created_at: t,
            password_changed_at: t,
            rated_count: 0,
            rated_closing_out_sum: 0,
            rated_payment_sum: 0,
        }
    }

    fn internal(e: Error) -> String {
        match e {
            Error::Internal(m) => m,
            other => panic!("not internal: {other:?}"),
        }
    }

    #[test]
    fn a_known_role_and_owner_kind_read_as_stored() {
        let a = AccountView::try_from(row("owner", Some("department"))).unwrap();
        assert_eq!(
            (a.role, a.owner_kind),
            (Role::Owner, Some(OwnerKind::Department))
        );
        let a = AccountView::try_from(row("regulator", None)).unwrap();
        assert_eq!((a.role, a.owner_kind), (Role::Regulator, None));
    }

    #[test]
    fn an_unknown_role_is_an_internal_error_never_an_owner() {
        let id = Uuid::from_u128(3).to_string();
        let m = internal(AccountView::try_from(row("superuser", None)).unwrap_err());
        for part in ["account", id.as_str(), "role", "superuser"] {
            assert!(m.contains(part), "{m:?} does not name {part}");
        }
        let m = internal(AccountView::try_from(row("owner", Some("ministry"))).unwrap_err());
        for part in ["account", id.as_str(), "owner_kind", "ministry"] {
            assert!(m.contains(part), "{m:?} does not name {part}");
        }
    }
}
