//! Mail through a real SMTP server on loopback, and through the default file transport.

use serde_json::Value;
use zjcs_tests::smtp::SmtpServer;
use zjcs_tests::{AppOptions, find_verification_token, spawn_app, spawn_app_with};

#[tokio::test]
async fn the_welcome_mail_goes_through_smtp_and_its_link_verifies_the_address() {
    let smtp = SmtpServer::start();
    let app = spawn_app_with(AppOptions {
        smtp_url: Some(smtp.url()),
        ..Default::default()
    })
    .await;
    app.register_firm("smtp@example.cn", "correct horse battery")
        .await;
    let got = smtp.wait_for(1).await;
    assert_eq!(got.len(), 1);
    let mail = &got[0];
    assert_eq!(mail.to, ["smtp@example.cn"]);
    assert!(mail.from.contains("noreply@zjcs.localhost"));
    let text = zjcs_tests::mail_text(&mail.data).expect("a parseable message");
    assert!(text.contains("欢迎加入中介超市"), "{text}");
    let token = find_verification_token(&mail.data).expect("verification link in the mail");
    let r = app
        .post_json(
            "/api/v1/accounts/verify-email",
            &serde_json::json!({ "token": token }),
        )
        .await;
    assert_eq!(r.status(), 200);
    let acct: Value = r.json().await.unwrap();
    assert_eq!(acct["email_verified"], true);

    // Sent exactly once: give the worker a few more polls, then count again.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(smtp.received().len(), 1);
    let outbox_depth = zjcs_domain::platform::outbox::depth(&app.services.db)
        .await
        .unwrap();
    assert_eq!(outbox_depth, 0);
}

#[tokio::test]
async fn an_unreachable_smtp_server_keeps_the_mail_queued_for_retry() {
    // A port with nothing listening.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = spawn_app_with(AppOptions {
        smtp_url: Some(format!("smtp://127.0.0.1:{port}")),
        ..Default::default()
    })
    .await;
    app.register_firm("later@example.cn", "correct horse battery")
        .await;
    let db = &app.services.db;
    let mut row = None;
    for _ in 0..50 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        use zjcs_domain::store::{EntityTrait, entities::outbox};
        let r = outbox::Entity::find().one(db).await.unwrap().unwrap();
        if r.attempts > 0 && r.lease_until.is_none() {
            row = Some(r);
            break;
        }
    }
    let row = row.expect("a failed attempt is recorded");
    assert!(row.sent_at.is_none() && row.failed_at.is_none());
    assert!(row.last_error.is_some());
    assert!(
        row.next_attempt_at > chrono::Utc::now(),
        "retry is scheduled later"
    );
}

#[tokio::test]
async fn without_smtp_mail_is_written_to_files() {
    let app = spawn_app().await;
    app.register_firm("file@example.cn", "correct horse battery")
        .await;
    let files = app.wait_for_mail_files(1).await;
    assert!(files[0].contains("file@example.cn"));
    assert!(find_verification_token(&files[0]).is_some());
}
