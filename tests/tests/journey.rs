//! A firm's first day, across the API, the mail and the pages: register, open the verification
//! link from the mail, log in, change the password, log out — and a regulator then sees every step
//! in an intact audit trail.

use serde_json::Value;
use zjcs_domain::model::Role;
use zjcs_tests::{find_verification_token, spawn_app};

#[tokio::test]
async fn a_firms_first_day_leaves_a_verifiable_trace() {
    let app = spawn_app().await;

    // Registers (no approval step) and is told by mail.
    let acct = app
        .register_firm("first-day@example.cn", "correct horse battery")
        .await;
    let mails = app.wait_for_mail_files(1).await;
    let token = find_verification_token(&mails[0]).expect("link in the welcome mail");

    // Opens the link in a browser: the page confirms.
    let page = app.get(&format!("/verify-email?token={token}")).await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("邮箱验证成功"));
    // A second click is refused clearly, not with an error page of the server.
    let again = app.get(&format!("/verify-email?token={token}")).await;
    assert_eq!(again.status(), 400);

    // Logs in through the API and sees the verified account.
    let session = app
        .login("first-day@example.cn", "correct horse battery")
        .await;
    let me: Value = app
        .get_auth("/api/v1/accounts/me", &session)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["id"], acct["id"]);
    assert_eq!(me["email_verified"], true);

    // Changes the password and logs out.
    let r = app
        .change_password(&session, "correct horse battery", "a better passphrase")
        .await;
    assert_eq!(r.status(), 204);
    let r = app.logout(&session).await;
    assert_eq!(r.status(), 204);
    assert_eq!(
        app.get_auth("/api/v1/accounts/me", &session).await.status(),
        401
    );

    // The regulator sees every step, in order, and the chain verifies.
    let reg = app.privileged(Role::Regulator, "jg@example.gov.cn").await;
    let page: Value = app
        .get_auth("/api/v1/audit/entries", &reg)
        .await
        .json()
        .await
        .unwrap();
    let firm_id = acct["id"].as_str().unwrap();
    let firm_steps: Vec<&str> = page["entries"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .filter(|e| e["object_id"] == firm_id)
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        firm_steps,
        [
            "account.register",
            "account.verify-email",
            "session.login",
            "account.change-password",
            "session.logout"
        ]
    );
    let v: Value = app
        .get_auth("/api/v1/audit/verification", &reg)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["intact"], true);
}
