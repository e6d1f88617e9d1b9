//! Sessions (会话): login with throttling, authentication of a presented token, logout.
//! Tokens are random, handed out once, and stored only as hashes; they expire and can be revoked.

use super::Services;
use crate::error::{Error, Result, stored};
use crate::model::{AccountView, Actor, Email, Password, Role};
use crate::platform::audit::{AuditActor, record};
use crate::platform::clock::chrono_duration;
use crate::platform::clock::now;
use crate::platform::new_secret;
use crate::platform::passwords;
use crate::rules::throttle::{
    FromAddress, Standing, ThrottleDecision, ThrottlePolicy, decide_login,
};
use crate::rules::token::{hash_token, looks_like_token};
use crate::store::entities::session;
use crate::store::{self, DatabaseTransaction, Db, accounts, begin_write, lock_keys};
use chrono::{DateTime, Utc};
use serde_json::json;
use std::time::Duration;
use uuid::Uuid;

/// A freshly opened session: the token is shown to its holder once and never stored.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub id: Uuid,
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// The result of a successful login.
#[derive(Debug, Clone)]
pub struct LoginOutcome {
    pub session: NewSession,
    pub account: AccountView,
}

/// An authenticated request's caller and the session it came with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Authenticated {
    pub actor: Actor,
    pub session_id: Uuid,
}

fn account_key(email: &Email) -> String {
    format!("account:{}", email.as_str())
}

fn address_key(addr: &str) -> String {
    format!("address:{addr}")
}

/// One address's attempts at one account. At most 5 + 39 + 1 + 254 = 299 characters, within
/// the column's 300.
fn pair_key(addr: &str, email: &Email) -> String {
    format!("pair:{addr}|{}", email.as_str())
}

/// Opens a session inside the caller's transaction and records the login in the audit chain;
/// `context` says how it came about (an address, a registration).
pub(crate) async fn open_session(
    tx: &DatabaseTransaction,
    actor: &Actor,
    ttl: Duration,
    mut context: serde_json::Value,
) -> Result<NewSession> {
    let token = new_secret();
    let t = now();
    let s = NewSession {
        id: Uuid::new_v4(),
        token,
        expires_at: t + chrono_duration(ttl),
    };
    store::insert(
        tx,
        session::Model {
            id: s.id,
            account_id: actor.account_id,
            token_hash: hash_token(&s.token),
            created_at: t,
            expires_at: s.expires_at,
            revoked_at: None,
        },
    )
    .await?;
    context["session"] = json!(s.id);
    let account = actor.account_id.to_string();
    record(
        tx,
        AuditActor::Account(actor),
        "session.login",
        "account",
        &account,
        context,
    )
    .await?;
    Ok(s)
}

/// A key's attempts inside the policy's window (see [`Standing`]), read inside the reserving
/// transaction.
async fn standing_of(
    tx: &DatabaseTransaction,
    key: &str,
    policy: &ThrottlePolicy,
    t: DateTime<Utc>,
) -> Result<Standing> {
    let since = t - chrono_duration(policy.window);
    let accounts::Attempts {
        failures,
        oldest,
        newest,
    } = accounts::attempts_since(tx, key, since).await?;
    let ago =
        |at: Option<DateTime<Utc>>| at.and_then(|at| (t - at).to_std().ok()).unwrap_or_default();
    Ok(Standing {
        failures: u32::try_from(failures).unwrap_or(u32::MAX),
        since_oldest: ago(oldest),
        since_newest: ago(newest),
    })
}

/// An attempt allowed by the throttle and recorded (see `rules::throttle`): its rows count as
/// failures until a correct password removes them.
struct Reservation {
    rows: Vec<i64>,
    decision: ThrottleDecision,
}

impl Services {
    /// Decides an attempt and, unless it is refused, reserves it under every key, in one write
    /// transaction holding the account's and the address's locks: concurrent attempts for the
    /// same account or address, from any instance, are decided one after the other, each
    /// counting the reservations made before it.
    async fn reserve_attempt(&self, email: &Email, address: Option<&str>) -> Result<Reservation> {
        let acct_key = account_key(email);
        let from_keys = address.map(|a| (address_key(a), pair_key(a, email)));
        let t = now();
        let tx = begin_write(&self.db).await?;
        let mut locked = vec![acct_key.as_str()];
        // The pair's rows are only ever written under the account's lock too.
        locked.extend(from_keys.as_ref().map(|(a, _)| a.as_str()));
        lock_keys(&tx, &locked).await?;
        let account = standing_of(&tx, &acct_key, &ThrottlePolicy::ACCOUNT, t).await?;
        let from = match &from_keys {
            Some((a, p)) => Some(FromAddress {
                address: standing_of(&tx, a, &ThrottlePolicy::ADDRESS, t).await?,
                pair: standing_of(&tx, p, &ThrottlePolicy::ADDRESS, t).await?,
            }),
            None => None,
        };
        let decision = decide_login(account, from);
        if let ThrottleDecision::Refuse { retry_after } = decision {
            tx.rollback().await?;
            return Err(Error::Throttled(retry_after));
        }
        let mut keys = vec![acct_key];
        if let Some((a, p)) = from_keys {
            keys.extend([a, p]);
        }
        let mut rows = Vec::with_capacity(keys.len());
        for key in keys {
            rows.push(accounts::record_attempt(&tx, key, t).await?);
        }
        tx.commit().await?;
        Ok(Reservation { rows, decision })
    }

    /// Logs in with email and password. `address` is the client's network address: attempts are
    /// throttled per account, and per address on the accounts it has failed on (see
    /// `rules::throttle`). Each attempt is reserved before its password is checked, so the
    /// limits hold under any concurrency. An unknown email costs the same work and time as a
    /// known one with a wrong password: the same reservation, a check against a hash of the
    /// same parameters, the same audit entry.
    pub async fn login(
        &self,
        email: &str,
        password: &str,
        address: Option<&str>,
    ) -> Result<LoginOutcome> {
        let email_p = Email::parse(email);
        let password_p = Password::parse_offered(password, "password");
        let (email, password) = match (email_p, password_p) {
            (Ok(e), Ok(p)) => (e, p),
            (e, p) => {
                return Err(Error::Validation(
                    [e.err(), p.err()].into_iter().flatten().collect(),
                ));
            }
        };
        let reservation = self.reserve_attempt(&email, address).await?;
        if let ThrottleDecision::Delay(d) = reservation.decision
            && self.config.throttle_sleep
        {
            tokio::time::sleep(d).await;
        }

        let acct = accounts::account_with_email(&self.db, email.as_str()).await?;
        let ok =
            passwords::verify(&password, acct.as_ref().map(|a| a.password_hash.as_str())).await?;
        let tx = begin_write(&self.db).await?;
        match acct {
            Some(acct) if ok => {
                // This attempt was no failure. Earlier failures stay until they leave the window
                // (see `rules::throttle`).
                accounts::forget_attempts(&tx, reservation.rows).await?;
                // Read before the session opens: an unknown stored role gets no session.
                let account = AccountView::try_from(acct)?;
                let actor = Actor {
                    account_id: account.id,
                    role: account.role,
                };
                let session = open_session(
                    &tx,
                    &actor,
                    self.config.session_ttl,
                    json!({ "address": address }),
                )
                .await?;
                tx.commit().await?;
                Ok(LoginOutcome { session, account })
            }
            other => {
                let object = other
                    .map(|a| a.id.to_string())
                    .unwrap_or_else(|| "unknown".into());
                record(
                    &tx,
                    AuditActor::Anonymous,
                    "session.login-failed",
                    "account",
                    &object,
                    json!({
                        "email": email.as_str(), "address": address,
                    }),
                )
                .await?;
                tx.commit().await?;
                Err(Error::InvalidCredentials)
            }
        }
    }

    /// Resolves a presented token to its caller. Unknown, expired and revoked tokens all answer
    /// `Unauthenticated`.
    pub async fn authenticate(&self, token: &str) -> Result<Authenticated> {
        if !looks_like_token(token) {
            return Err(Error::Unauthenticated);
        }
        // Requests in flight together share one query (see `service::batch`): this runs on
        // every authenticated request.
        let found = self
            .session_lookup
            .submit(hash_token(token), || {
                let db = self.db.clone();
                move |hashes| {
                    let db = db.clone();
                    async move { live_sessions(&db, hashes).await }
                }
            })
            .await
            .unwrap_or_else(|| Err(Error::Internal("the session lookup stopped".into())))?;
        let (session_id, account_id, role) = found.ok_or(Error::Unauthenticated)?;
        let role = stored("account", account_id, "role", &role, Role::parse(&role))?;
        Ok(Authenticated {
            actor: Actor { account_id, role },
            session_id,
        })
    }

    /// Ends the caller's session; its token stops working at once.
    pub async fn logout(&self, auth: &Authenticated) -> Result<()> {
        let tx = begin_write(&self.db).await?;
        let revoked =
            store::sessions::revoke_session(&tx, auth.session_id, auth.actor.account_id, now())
                .await?;
        if revoked {
            record(
                &tx,
                AuditActor::Account(&auth.actor),
                "session.logout",
                "account",
                &auth.actor.account_id.to_string(),
                json!({ "session": auth.session_id }),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// What a session token resolves to: the live session, its account and the account's role.
pub type LiveSession = Option<(Uuid, Uuid, String)>;

/// Queued token lookups (see [`Services::authenticate`]).
pub type SessionLookup = crate::platform::batch::Batcher<String, Result<LiveSession>>;

/// Resolves token hashes to their live sessions in one query, an answer for each in order.
async fn live_sessions(db: &Db, hashes: Vec<String>) -> Vec<Result<LiveSession>> {
    let found = store::sessions::live_sessions_with_tokens(db, &hashes, now()).await;
    match found {
        Ok(rows) => {
            let by_hash: std::collections::HashMap<String, (Uuid, Uuid, String)> = rows
                .into_iter()
                .map(|l| (l.token_hash, (l.session, l.account, l.role)))
                .collect();
            hashes.iter().map(|h| Ok(by_hash.get(h).cloned())).collect()
        }
        Err(e) => {
            let e = crate::error::chain(&e);
            hashes
                .iter()
                .map(|_| Err(Error::Internal(e.clone())))
                .collect()
        }
    }
}

/// Housekeeping: forgets login failures older than a day (the throttle looks back 15 minutes)
/// and sessions that ended more than 30 days ago. Idempotent, so any number of instances may run
/// it. Returns (failures, sessions) removed.
pub async fn prune(db: &Db) -> Result<(u64, u64)> {
    let t = now();
    let failures = accounts::forget_attempts_before(db, t - chrono::Duration::days(1)).await?;
    let cutoff = t - chrono::Duration::days(30);
    let sessions = store::sessions::forget_sessions_ended_before(db, cutoff).await?;
    Ok((failures, sessions))
}
