//! Services against real storage: SQLite by default, PostgreSQL when ZJCS_TEST_DATABASE_URL is set.

use super::common::setup;
use std::time::Duration;
use zjcs_domain::error::Error;
use zjcs_domain::i18n::Lang;
use zjcs_domain::model::{DisplayName, Email, Password, Registration, Role};
use zjcs_domain::platform::{audit, outbox};
use zjcs_domain::service::{ServiceConfig, Services};
use zjcs_domain::store::{ConnectionTrait, DbBackend};
use zjcs_domain::testing::TestDb;

fn firm(email: &str) -> Registration {
    Registration::parse(
        "intermediary",
        None,
        "华东测绘有限公司",
        email,
        "correct horse battery",
    )
    .unwrap()
}

async fn regulator(s: &Services, email: &str) -> zjcs_domain::model::AccountView {
    s.create_privileged(
        Role::Regulator,
        Email::parse(email).unwrap(),
        DisplayName::parse("市监管局", "name").unwrap(),
        Password::parse_new("regulator password", "password").unwrap(),
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn registration_is_instant_audited_and_mails_a_verification_link() {
    let (_t, s) = setup().await;
    let (acct, session) = s
        .register(firm("firm@example.cn"), Lang::Zh, true)
        .await
        .unwrap();
    assert_eq!(acct.role, Role::Intermediary);
    assert!(!acct.email_verified);
    let session = session.expect("session opened");
    let who = s.authenticate(&session.token).await.unwrap();
    assert_eq!(who.actor.account_id, acct.id);

    // The welcome mail is queued in the same transaction.
    let due = outbox::claim_due(&s.db, 10, Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].to, "firm@example.cn");
    assert!(due[0].subject.contains("欢迎"));
    let token = due[0]
        .body_text
        .split("token=")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    let verified = s.verify_email(&token).await.unwrap();
    assert!(verified.email_verified);
    assert!(
        matches!(s.verify_email(&token).await, Err(Error::InvalidToken)),
        "a link works once"
    );

    let report = audit::verify_chain(&s.db).await.unwrap();
    assert_eq!(report.broken, None);
    assert_eq!(
        report.verified, 3,
        "register, login and verify are recorded"
    );
}

#[tokio::test]
async fn one_account_per_email_address() {
    let (_t, s) = setup().await;
    s.register(firm("dup@example.cn"), Lang::Zh, false)
        .await
        .unwrap();
    let again = s.register(firm("DUP@example.cn"), Lang::Zh, false).await;
    assert!(matches!(again, Err(Error::EmailTaken)), "{again:?}");
    // Nothing half-written: one account, one mail.
    assert_eq!(outbox::depth(&s.db).await.unwrap(), 1);
}

#[tokio::test]
async fn login_logout_and_revocation() {
    let (_t, s) = setup().await;
    s.register(firm("a@example.cn"), Lang::Zh, false)
        .await
        .unwrap();
    let out = s
        .login("a@example.cn", "correct horse battery", Some("10.0.0.1"))
        .await
        .unwrap();
    let who = s.authenticate(&out.session.token).await.unwrap();
    s.logout(&who).await.unwrap();
    assert!(matches!(
        s.authenticate(&out.session.token).await,
        Err(Error::Unauthenticated)
    ));
    assert!(matches!(
        s.authenticate("not-a-token").await,
        Err(Error::Unauthenticated)
    ));
    assert!(matches!(
        s.login("a@example.cn", "wrong password!", None).await,
        Err(Error::InvalidCredentials)
    ));
    assert!(matches!(
        s.login("nobody@example.cn", "whatever password", None)
            .await,
        Err(Error::InvalidCredentials)
    ));
}

#[tokio::test]
async fn wrong_passwords_throttle_the_account_then_refuse() {
    let (_t, s) = setup().await;
    s.register(firm("t@example.cn"), Lang::Zh, false)
        .await
        .unwrap();
    for _ in 0..5 {
        assert!(matches!(
            s.login("t@example.cn", "wrong password", Some("10.0.0.2"))
                .await,
            Err(Error::InvalidCredentials)
        ));
    }
    // Now even the right password is refused until the window passes.
    match s
        .login("t@example.cn", "correct horse battery", Some("10.0.0.3"))
        .await
    {
        Err(Error::Throttled(after)) => assert!(after > Duration::from_secs(60)),
        other => panic!("expected throttling, got {other:?}"),
    }
}

/// An address past its limit gets no second try at the accounts it has failed on, while a
/// different account's correct login from the same address (an office, a proxy) goes through.
#[tokio::test]
async fn a_busy_address_is_refused_only_at_the_accounts_it_failed_on() {
    let (_t, s) = setup().await;
    s.register(firm("innocent@example.cn"), Lang::Zh, false)
        .await
        .unwrap();
    for i in 0..31 {
        assert!(matches!(
            s.login(
                &format!("u{i}@example.cn"),
                "wrong password",
                Some("10.9.9.9"),
            )
            .await,
            Err(Error::InvalidCredentials)
        ));
    }
    assert!(matches!(
        s.login("u0@example.cn", "whatever", Some("10.9.9.9")).await,
        Err(Error::Throttled(_))
    ));
    // The same account from another address: judged by its own single failure.
    assert!(matches!(
        s.login("u0@example.cn", "whatever", Some("10.9.9.8")).await,
        Err(Error::InvalidCredentials)
    ));
    // Another account from the busy address: checked, and the right password logs in.
    assert!(matches!(
        s.login("fresh@example.cn", "whatever", Some("10.9.9.9"))
            .await,
        Err(Error::InvalidCredentials)
    ));
    s.login(
        "innocent@example.cn",
        "correct horse battery",
        Some("10.9.9.9"),
    )
    .await
    .expect("a busy address does not lock out another account");
}

/// Concurrent guesses at one account, from as many addresses, are reserved one after the other:
/// five passwords are checked, the rest refused without a check. The correct password among them
/// is either checked within the five (and logs in) or refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_guesses_at_one_account_are_checked_five_times_at_most() {
    use zjcs_domain::store::entities::login_failure;
    use zjcs_domain::store::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let (_t, s) = setup().await;
    s.register(firm("burst@example.cn"), Lang::Zh, false)
        .await
        .unwrap();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..40 {
        let s = s.clone();
        tasks.spawn(async move {
            let password = if i == 20 {
                "correct horse battery"
            } else {
                "wrong password"
            };
            let address = format!("10.1.{}.{}", i / 200, i % 200);
            (
                i,
                s.login("burst@example.cn", password, Some(&address)).await,
            )
        });
    }
    let (mut wrong, mut refused, mut right) = (0, 0, None);
    while let Some(done) = tasks.join_next().await {
        match done.unwrap() {
            (_, Err(Error::InvalidCredentials)) => wrong += 1,
            (_, Err(Error::Throttled(_))) => refused += 1,
            (20, Ok(_)) => right = Some(true),
            (i, other) => panic!("attempt {i}: {other:?}"),
        }
    }
    let right = usize::from(right.is_some());
    assert_eq!(wrong + refused + right, 40);
    assert!(wrong <= 5, "{wrong} wrong passwords checked");
    // The limit is reached: five slots, one of them perhaps the owner's.
    assert!(wrong + right >= 5, "{wrong} wrong, {right} right");
    // Every check that failed is on record under the account, and nothing else is.
    let rows = login_failure::Entity::find()
        .filter(login_failure::Column::ThrottleKey.eq("account:burst@example.cn"))
        .count(&s.db)
        .await
        .unwrap();
    assert_eq!(rows as usize, wrong);
}

/// The reservation is written for an unknown account as for a known one, and counts the same.
#[tokio::test]
async fn an_unknown_email_is_throttled_like_a_known_one() {
    let (_t, s) = setup().await;
    for _ in 0..5 {
        assert!(matches!(
            s.login("nobody@example.cn", "wrong password", None).await,
            Err(Error::InvalidCredentials)
        ));
    }
    assert!(matches!(
        s.login("nobody@example.cn", "wrong password", None).await,
        Err(Error::Throttled(_))
    ));
}

#[tokio::test]
async fn password_change_ends_other_sessions_but_keeps_this_one() {
    let (_t, s) = setup().await;
    s.register(firm("p@example.cn"), Lang::Zh, false)
        .await
        .unwrap();
    let a = s
        .login("p@example.cn", "correct horse battery", None)
        .await
        .unwrap();
    let b = s
        .login("p@example.cn", "correct horse battery", None)
        .await
        .unwrap();
    let who = s.authenticate(&a.session.token).await.unwrap();
    let wrong = s
        .change_password(
            &who.actor,
            Some(who.session_id),
            "not my password",
            "new password 123",
        )
        .await;
    assert!(matches!(wrong, Err(Error::Validation(ref f)) if f[0].field == "current_password"));
    s.change_password(
        &who.actor,
        Some(who.session_id),
        "correct horse battery",
        "new password 123",
    )
    .await
    .unwrap();
    assert!(s.authenticate(&a.session.token).await.is_ok());
    assert!(s.authenticate(&b.session.token).await.is_err());
    assert!(
        s.login("p@example.cn", "new password 123", None)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn only_regulators_and_admins_read_the_audit_trail() {
    let (_t, s) = setup().await;
    let (_, sess) = s
        .register(firm("f@example.cn"), Lang::Zh, true)
        .await
        .unwrap();
    let firm = s.authenticate(&sess.unwrap().token).await.unwrap();
    assert!(matches!(
        s.audit_list(&firm.actor, None, 10).await,
        Err(Error::Forbidden)
    ));
    assert!(matches!(
        s.audit_verify(&firm.actor).await,
        Err(Error::Forbidden)
    ));
    assert!(matches!(
        s.list_accounts(&firm.actor).await,
        Err(Error::Forbidden)
    ));
    regulator(&s, "reg@example.cn").await;
    let r = s
        .login("reg@example.cn", "regulator password", None)
        .await
        .unwrap();
    let reg = s.authenticate(&r.session.token).await.unwrap();
    let entries = s.audit_list(&reg.actor, None, 10).await.unwrap();
    assert!(entries.iter().any(|e| e.action == "account.register"));
    assert!(matches!(
        s.list_accounts(&reg.actor).await,
        Err(Error::Forbidden)
    ));
}

#[tokio::test]
async fn privileged_accounts_are_only_regulators_or_admins() {
    let (_t, s) = setup().await;
    let r = s
        .create_privileged(
            Role::Owner,
            Email::parse("x@example.cn").unwrap(),
            DisplayName::parse("x", "name").unwrap(),
            Password::parse_new("long enough pw", "p").unwrap(),
        )
        .await;
    assert!(matches!(r, Err(Error::Validation(_))));
}

#[tokio::test]
async fn altering_an_audit_entry_in_the_database_is_detected() {
    let (t, s) = setup().await;
    for i in 0..4 {
        s.register(firm(&format!("c{i}@example.cn")), Lang::Zh, false)
            .await
            .unwrap();
    }
    assert_eq!(audit::verify_chain(&s.db).await.unwrap().broken, None);
    t.db.execute_unprepared("UPDATE audit_entry SET actor = 'forger' WHERE seq = 2")
        .await
        .unwrap();
    let report = audit::verify_chain(&s.db).await.unwrap();
    let broken = report.broken.expect("tampering detected");
    assert_eq!(broken.seq, 2);
    assert_eq!(report.verified, 1);
}

#[tokio::test]
async fn deleting_the_newest_audit_entry_is_detected() {
    let (t, s) = setup().await;
    s.register(firm("d@example.cn"), Lang::Zh, false)
        .await
        .unwrap();
    s.register(firm("e@example.cn"), Lang::Zh, false)
        .await
        .unwrap();
    t.db.execute_unprepared(
        "DELETE FROM audit_entry WHERE seq = (SELECT MAX(seq) FROM audit_entry)",
    )
    .await
    .unwrap();
    let broken = audit::verify_chain(&s.db)
        .await
        .unwrap()
        .broken
        .expect("truncation detected");
    assert_eq!(broken.reason.as_str(), "head");
}

#[tokio::test]
async fn concurrent_writers_never_fork_the_chain() {
    let (_t, s) = setup().await;
    let tasks: Vec<_> = (0..12)
        .map(|i| {
            let s = s.clone();
            tokio::spawn(async move {
                s.register(firm(&format!("con{i}@example.cn")), Lang::En, false)
                    .await
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let report = audit::verify_chain(&s.db).await.unwrap();
    assert_eq!(report.broken, None);
    assert_eq!(report.verified, 12);
}

#[tokio::test]
async fn outbox_claims_are_exclusive_and_failures_back_off() {
    let (_t, s) = setup().await;
    for i in 0..6 {
        s.register(firm(&format!("m{i}@example.cn")), Lang::Zh, false)
            .await
            .unwrap();
    }
    // Two workers claiming at once split the work; nothing is claimed twice.
    let (a, b) = tokio::join!(
        outbox::claim_due(&s.db, 10, Duration::from_secs(60)),
        outbox::claim_due(&s.db, 10, Duration::from_secs(60))
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.len() + b.len(), 6);
    let mut ids: Vec<_> = a.iter().chain(b.iter()).map(|m| m.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 6);
    // Leased messages are not claimable again.
    assert!(
        outbox::claim_due(&s.db, 10, Duration::from_secs(60))
            .await
            .unwrap()
            .is_empty()
    );

    let all: Vec<_> = a.into_iter().chain(b).collect();
    assert!(outbox::mark_sent(&s.db, &all[0]).await.unwrap());
    outbox::mark_failed(&s.db, &all[1], "connection refused")
        .await
        .unwrap();
    let failed = outbox::find(&s.db, all[1].id).await.unwrap().unwrap();
    assert_eq!(failed.attempts, 1);
    assert_eq!(failed.last_error.as_deref(), Some("connection refused"));
    assert!(failed.next_attempt_at > failed.created_at + chrono::Duration::seconds(29));
    assert!(failed.sent_at.is_none() && failed.failed_at.is_none());
    let sent = outbox::find(&s.db, all[0].id).await.unwrap().unwrap();
    assert!(sent.sent_at.is_some());
    // A stale lease holder cannot mark a message it no longer holds.
    assert!(!outbox::mark_sent(&s.db, &all[0]).await.unwrap());
    assert_eq!(outbox::depth(&s.db).await.unwrap(), 5);
    assert_eq!(failed.attempts, all[1].attempt);

    // The rest are marked sent together; only those whose lease is still the holder's count.
    let rest: Vec<&outbox::OutgoingMail> = all[2..].iter().collect();
    let mut stale = rest[0].clone();
    stale.lease_until -= chrono::Duration::seconds(1);
    assert_eq!(outbox::mark_sent_many(&s.db, &[&stale]).await.unwrap(), 0);
    assert_eq!(outbox::mark_sent_many(&s.db, &rest).await.unwrap(), 4);
    for m in &rest {
        let row = outbox::find(&s.db, m.id).await.unwrap().unwrap();
        assert!(
            row.sent_at.is_some() && row.lease_until.is_none(),
            "{row:?}"
        );
    }
    assert_eq!(outbox::depth(&s.db).await.unwrap(), 1);
    assert_eq!(outbox::mark_sent_many(&s.db, &rest).await.unwrap(), 0);
}

#[tokio::test]
async fn mails_given_back_unsent_are_claimed_again_without_an_attempt_counted() {
    let (_t, s) = setup().await;
    for i in 0..3 {
        s.register(firm(&format!("r{i}@example.cn")), Lang::Zh, false)
            .await
            .unwrap();
    }
    let claimed = outbox::claim_due(&s.db, 10, Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(claimed.len(), 3);
    assert!(claimed.iter().all(|m| m.attempt == 1));
    // The worker sent the first and gives the other two back.
    assert!(outbox::mark_sent(&s.db, &claimed[0]).await.unwrap());
    let back: Vec<&outbox::OutgoingMail> = claimed[1..].iter().collect();
    // A holder whose lease is not the row's any more gives nothing back.
    let mut stale = back[0].clone();
    stale.lease_until -= chrono::Duration::seconds(1);
    assert_eq!(outbox::release(&s.db, &[&stale]).await.unwrap(), 0);
    assert_eq!(outbox::release(&s.db, &back).await.unwrap(), 2);
    for m in &back {
        let row = outbox::find(&s.db, m.id).await.unwrap().unwrap();
        assert!(
            row.lease_until.is_none() && row.sent_at.is_none(),
            "{row:?}"
        );
        assert_eq!(row.attempts, 0);
    }
    // Claimable at once, and their first real attempt counts as the first.
    let again = outbox::claim_due(&s.db, 10, Duration::from_secs(60))
        .await
        .unwrap();
    let mut ids: Vec<_> = again.iter().map(|m| m.id).collect();
    ids.sort();
    let mut expected: Vec<_> = back.iter().map(|m| m.id).collect();
    expected.sort();
    assert_eq!(ids, expected);
    assert!(again.iter().all(|m| m.attempt == 1));
}

/// A worker renews its claim's lease while it works: the mails it still holds get the new lease
/// (and only the new lease marks them sent); a mail whose lease ran out and was claimed by
/// another worker is lost to it, and the renewal drops it, so it is not sent twice.
#[tokio::test]
async fn a_renewed_lease_keeps_the_mails_still_held_and_drops_those_taken_by_another_worker() {
    let (_t, s) = setup().await;
    for i in 0..3 {
        s.register(firm(&format!("n{i}@example.cn")), Lang::Zh, false)
            .await
            .unwrap();
    }
    let mut held = outbox::claim_due(&s.db, 10, Duration::from_millis(1))
        .await
        .unwrap();
    assert_eq!(held.len(), 3);
    let old = held[0].clone();
    // The short lease runs out; another worker claims one of them (the others stay unleased
    // past their time, as nobody looked yet).
    tokio::time::sleep(Duration::from_millis(20)).await;
    let taken = outbox::claim_due(&s.db, 1, Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(taken.len(), 1);
    assert_eq!(
        outbox::renew(&s.db, &mut held, Duration::from_secs(60))
            .await
            .unwrap(),
        1
    );
    assert_eq!(held.len(), 2);
    assert!(held.iter().all(|m| m.id != taken[0].id));
    for m in &held {
        let row = outbox::find(&s.db, m.id).await.unwrap().unwrap();
        assert_eq!(row.lease_until, Some(m.lease_until));
        assert!(m.lease_until > old.lease_until + chrono::Duration::seconds(50));
    }
    // The old lease marks nothing any more; the renewed one does.
    let mut with_old = held[0].clone();
    with_old.lease_until = old.lease_until;
    assert!(!outbox::mark_sent(&s.db, &with_old).await.unwrap());
    assert!(outbox::mark_sent(&s.db, &held[0]).await.unwrap());
    // Nothing to renew: nothing lost.
    let mut none = Vec::new();
    assert_eq!(
        outbox::renew(&s.db, &mut none, Duration::from_secs(60))
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn the_engine_under_test_is_the_one_configured() {
    let (t, _s) = setup().await;
    let expected = if zjcs_domain::testing::engine() == "postgres" {
        DbBackend::Postgres
    } else {
        DbBackend::Sqlite
    };
    assert_eq!(t.db.get_database_backend(), expected);
}

#[tokio::test]
async fn sessions_expire() {
    let t = TestDb::new().await;
    let s = Services::new(
        t.db.clone(),
        ServiceConfig {
            throttle_sleep: false,
            session_ttl: Duration::from_millis(200),
            ..Default::default()
        },
    );
    s.register(firm("exp@example.cn"), Lang::Zh, false)
        .await
        .unwrap();
    let out = s
        .login("exp@example.cn", "correct horse battery", None)
        .await
        .unwrap();
    assert!(s.authenticate(&out.session.token).await.is_ok());
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(matches!(
        s.authenticate(&out.session.token).await,
        Err(Error::Unauthenticated)
    ));
}

#[tokio::test]
async fn secrets_are_stored_only_as_hashes() {
    use zjcs_domain::store::EntityTrait;
    use zjcs_domain::store::entities::{account, session};
    let (_t, s) = setup().await;
    s.register(firm("h@example.cn"), Lang::Zh, false)
        .await
        .unwrap();
    let out = s
        .login("h@example.cn", "correct horse battery", None)
        .await
        .unwrap();
    let acct = account::Entity::find().one(&s.db).await.unwrap().unwrap();
    assert!(acct.password_hash.starts_with("$argon2id$"));
    assert!(!acct.password_hash.contains("correct horse battery"));
    let sessions = session::Entity::find().all(&s.db).await.unwrap();
    assert_eq!(sessions.len(), 1);
    assert_ne!(sessions[0].token_hash, out.session.token);
    assert_eq!(
        sessions[0].token_hash,
        zjcs_domain::rules::token::hash_token(&out.session.token)
    );
}

#[tokio::test]
async fn housekeeping_forgets_old_failures_and_dead_sessions_only() {
    use zjcs_domain::service::sessions::prune;
    use zjcs_domain::store::entities::{login_failure, session};
    use zjcs_domain::store::{EntityTrait, PaginatorTrait};
    let (t, s) = setup().await;
    s.register(firm("k@example.cn"), Lang::Zh, false)
        .await
        .unwrap();
    let live = s
        .login("k@example.cn", "correct horse battery", None)
        .await
        .unwrap();
    s.login("k@example.cn", "correct horse battery", None)
        .await
        .unwrap();
    let _ = s.login("k@example.cn", "wrong password", None).await;
    let _ = s.login("k@example.cn", "wrong password", None).await;
    // Age one failure and one session past their horizons, behind the services' back.
    let old = (chrono::Utc::now() - chrono::Duration::days(40)).to_rfc3339();
    let backend = t.db.get_database_backend();
    let ts = if backend == DbBackend::Postgres {
        format!("'{old}'::timestamptz")
    } else {
        format!("'{old}'")
    };
    let f = "(SELECT MIN(id) FROM login_failure)";
    let sess = "(SELECT id FROM session ORDER BY created_at DESC LIMIT 1)";
    t.db.execute_unprepared(&format!(
        "UPDATE login_failure SET at = {ts} WHERE id = {f}"
    ))
    .await
    .unwrap();
    t.db.execute_unprepared(&format!(
        "UPDATE session SET expires_at = {ts} WHERE id = {sess}"
    ))
    .await
    .unwrap();
    let (failures, sessions) = prune(&s.db).await.unwrap();
    assert_eq!((failures, sessions), (1, 1));
    assert_eq!(login_failure::Entity::find().count(&s.db).await.unwrap(), 1);
    assert_eq!(session::Entity::find().count(&s.db).await.unwrap(), 1);
    assert!(
        s.authenticate(&live.session.token).await.is_ok(),
        "the live session survives"
    );
}

/// `Combined::push_rows` (the bid desk's batch insert on PostgreSQL) stores what it is given:
/// texts with every character JSON and PostgreSQL's input functions treat specially, nulls next
/// to values, large integers, and times cut to the microsecond as the drivers store them. A row
/// with a column left unset is refused, not filled with a default.
#[tokio::test]
async fn rows_sent_as_json_are_stored_as_given() {
    use sea_orm::{ActiveValue::NotSet, EntityTrait};
    use zjcs_domain::store::entities::outbox as row;
    use zjcs_domain::store::{Combined, Set, TransactionTrait};
    let (t, _s) = setup().await;
    if t.db.get_database_backend() != DbBackend::Postgres {
        // Combined statements are PostgreSQL's (SQLite writes rows one statement at a time).
        return;
    }
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-29T08:30:15.123456789+08:00")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let stored_at = chrono::DateTime::parse_from_rfc3339("2026-11-29T00:30:15.123456Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let texts = [
        r#"quote " backslash \ brace {} comma , NULL"#,
        "多行\n\t正文 — 中介超市 🏗️ \u{7f}",
        "",
    ];
    let rows: Vec<row::ActiveModel> = texts
        .iter()
        .enumerate()
        .map(|(i, text)| row::ActiveModel {
            id: Set(uuid::Uuid::new_v4()),
            to_addr: Set(format!("json{i}@example.cn")),
            subject: Set(text.to_string()),
            body_text: Set(text.repeat(3)),
            created_at: Set(at),
            attempts: Set(if i == 0 { i32::MAX } else { i as i32 }),
            next_attempt_at: Set(at),
            lease_until: Set(if i == 1 { Some(at) } else { None }),
            sent_at: Set(None),
            failed_at: Set(None),
            last_error: Set(if i == 2 { None } else { Some(text.to_string()) }),
        })
        .collect();
    let tx = t.db.begin().await.unwrap();
    let mut writes = Combined::default();
    writes.push_rows(rows.clone()).unwrap();
    writes.exec(&tx).await.unwrap();
    tx.commit().await.unwrap();
    for (i, sent) in rows.into_iter().enumerate() {
        let id = sent.id.clone().unwrap();
        let got = row::Entity::find_by_id(id)
            .one(&t.db)
            .await
            .unwrap()
            .expect("stored");
        assert_eq!(got.subject, texts[i]);
        assert_eq!(got.body_text, texts[i].repeat(3));
        assert_eq!(got.created_at, stored_at);
        assert_eq!(got.next_attempt_at, stored_at);
        assert_eq!(got.attempts, if i == 0 { i32::MAX } else { i as i32 });
        assert_eq!(got.lease_until, (i == 1).then_some(stored_at));
        assert_eq!(got.sent_at, None);
        assert_eq!(got.last_error.as_deref(), (i != 2).then_some(texts[i]));
    }
    let unset = row::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        last_error: NotSet,
        ..Default::default()
    };
    assert!(Combined::default().push_rows([unset]).is_err());
}
