//! The JSON API over HTTP: registration, login, logout, refusals as problem+json.

use serde_json::{Value, json};
use zjcs_domain::model::Role;
use zjcs_tests::spawn_app;

use zjcs_tests::PASSWORD as PW;

async fn problem(r: reqwest::Response) -> (u16, Value) {
    let status = r.status().as_u16();
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    assert!(
        ct.starts_with("application/problem+json"),
        "status {status}: content type {ct:?}"
    );
    let body: Value = r.json().await.expect("problem body");
    assert_eq!(body["status"], status, "status member matches: {body}");
    assert!(
        body["type"].as_str().unwrap().starts_with("https://"),
        "{body}"
    );
    assert!(!body["title"].as_str().unwrap().is_empty());
    (status, body)
}

#[tokio::test]
async fn a_firm_registers_instantly_and_logs_in() {
    let app = spawn_app().await;
    let acct = app.register_firm("firm@example.cn", PW).await;
    assert_eq!(acct["role"], "intermediary");
    assert_eq!(acct["email_verified"], false);
    let token = app.login("firm@example.cn", PW).await;
    let me: Value = app
        .get_auth("/api/v1/accounts/me", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], "firm@example.cn");
    assert_eq!(me["name"], "华东测绘有限公司");
}

#[tokio::test]
async fn owners_must_say_whether_company_or_department() {
    let app = spawn_app().await;
    let r = app
        .post_json(
            "/api/v1/accounts",
            &json!({"role":"owner","name":"某区发展改革局","email":"o@example.cn","password":PW}),
        )
        .await;
    let (status, body) = problem(r).await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"][0]["field"], "owner_kind");
    let r = app
        .post_json(
            "/api/v1/accounts",
            &json!({"role":"owner","owner_kind":"department","name":"某区发展改革局","email":"o@example.cn","password":PW}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["owner_kind"], "department");
}

#[tokio::test]
async fn validation_lists_every_offending_field_in_the_readers_language() {
    let app = spawn_app().await;
    let r = app
        .client
        .post(app.url("/api/v1/accounts"))
        .header("accept-language", "en-US,en;q=0.9")
        .json(&json!({"role":"intermediary","name":"  ","email":"not-an-email","password":"0123456789"}))
        .send()
        .await
        .unwrap();
    let (status, body) = problem(r).await;
    assert_eq!(status, 422);
    assert_eq!(body["title"], "Invalid input");
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "email"]);
    assert_eq!(body["errors"][1]["message"], "Not a valid email address");
    // Chinese by default.
    let r = app
        .post_json(
            "/api/v1/accounts",
            &json!({"role":"intermediary","name":"x","email":"bad","password":"0123456789"}),
        )
        .await;
    let (_, body) = problem(r).await;
    assert_eq!(body["title"], "输入有误");
}

#[tokio::test]
async fn duplicate_email_is_a_conflict() {
    let app = spawn_app().await;
    app.register_firm("same@example.cn", PW).await;
    let r = app
        .post_json(
            "/api/v1/accounts",
            &json!({"role":"intermediary","name":"另一家","email":"Same@Example.cn","password":PW}),
        )
        .await;
    let (status, body) = problem(r).await;
    assert_eq!(status, 409);
    assert!(body["type"].as_str().unwrap().ends_with("/email-taken"));
}

#[tokio::test]
async fn malformed_requests_get_problems_not_plain_text() {
    let app = spawn_app().await;
    // Broken JSON.
    let r = app
        .client
        .post(app.url("/api/v1/accounts"))
        .header("content-type", "application/json")
        .body("{\"role\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(problem(r).await.0, 400);
    // Wrong content type.
    let r = app
        .client
        .post(app.url("/api/v1/sessions"))
        .header("content-type", "text/plain")
        .body("hi")
        .send()
        .await
        .unwrap();
    assert_eq!(problem(r).await.0, 415);
    // Oversized body.
    let big = "x".repeat(zjcs_api::app::BODY_LIMIT + 10);
    let r = app
        .client
        .post(app.url("/api/v1/sessions"))
        .header("content-type", "application/json")
        .body(format!("{{\"email\":\"{big}\",\"password\":\"x\"}}"))
        .send()
        .await
        .unwrap();
    assert_eq!(problem(r).await.0, 413);
    // Unknown route and wrong method.
    assert_eq!(problem(app.get("/api/v1/nope").await).await.0, 404);
    let r = app
        .client
        .delete(app.url("/api/v1/accounts/me"))
        .send()
        .await
        .unwrap();
    let (status, _) = problem(r).await;
    assert!(status == 405 || status == 404, "{status}");
    // Missing and bogus tokens.
    assert_eq!(problem(app.get("/api/v1/accounts/me").await).await.0, 401);
    assert_eq!(
        problem(app.get_auth("/api/v1/accounts/me", "bogus").await)
            .await
            .0,
        401
    );
    // Out-of-range query parameter.
    let token = app.privileged(Role::Regulator, "r@example.cn").await;
    assert_eq!(
        problem(app.get_auth("/api/v1/audit/entries?limit=0", &token).await)
            .await
            .0,
        400
    );
}

#[tokio::test]
async fn a_token_stops_working_after_logout() {
    let app = spawn_app().await;
    app.register_firm("bye@example.cn", PW).await;
    let token = app.login("bye@example.cn", PW).await;
    assert_eq!(
        app.get_auth("/api/v1/accounts/me", &token).await.status(),
        200
    );
    let r = app.logout(&token).await;
    assert_eq!(r.status(), 204);
    let (status, body) = problem(app.get_auth("/api/v1/accounts/me", &token).await).await;
    assert_eq!(status, 401);
    assert!(body["type"].as_str().unwrap().ends_with("/unauthenticated"));
}

#[tokio::test]
async fn wrong_password_repeated_throttles_with_429_and_retry_after() {
    let app = spawn_app().await;
    app.register_firm("slow@example.cn", PW).await;
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let r = app
            .post_json(
                "/api/v1/sessions",
                &json!({"email":"slow@example.cn","password":"wrong password"}),
            )
            .await;
        statuses.push(r.status().as_u16());
        if r.status() == 429 {
            assert!(r.headers().get("retry-after").is_some());
            let (_, body) = problem(r).await;
            assert!(body["retry_after"].as_u64().unwrap() > 0);
            break;
        }
        assert_eq!(
            problem(r).await.1["type"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next(),
            Some("invalid-credentials")
        );
    }
    assert_eq!(statuses, [401, 401, 401, 401, 401, 429]);
    // Even the right password waits now.
    let r = app
        .post_json(
            "/api/v1/sessions",
            &json!({"email":"slow@example.cn","password":PW}),
        )
        .await;
    assert_eq!(r.status(), 429);
}

/// The refusal matrix: each role against each guarded operation.
#[tokio::test]
async fn roles_are_refused_what_they_may_not_do() {
    let app = spawn_app().await;
    app.register_firm("firm@example.cn", PW).await;
    let firm = app.login("firm@example.cn", PW).await;
    app.post_json(
        "/api/v1/accounts",
        &json!({"role":"owner","owner_kind":"company","name":"某建设公司","email":"owner@example.cn","password":PW}),
    )
    .await;
    let owner = app.login("owner@example.cn", PW).await;
    let regulator = app.privileged(Role::Regulator, "reg@example.cn").await;
    let admin = app.privileged(Role::Admin, "admin@example.cn").await;

    let cases: &[(&str, &str, [u16; 4])] = &[
        // (what, path, [firm, owner, regulator, admin])
        ("audit trail", "/api/v1/audit/entries", [403, 403, 200, 200]),
        (
            "audit verification",
            "/api/v1/audit/verification",
            [403, 403, 200, 200],
        ),
        ("account list", "/api/v1/accounts", [403, 403, 403, 200]),
        ("own account", "/api/v1/accounts/me", [200, 200, 200, 200]),
    ];
    for (what, path, expected) in cases {
        for (token, want) in [&firm, &owner, &regulator, &admin]
            .into_iter()
            .zip(expected)
        {
            let r = app.get_auth(path, token).await;
            assert_eq!(r.status().as_u16(), *want, "{what} ({path})");
            if *want == 403 {
                let (_, body) = problem(r).await;
                assert!(body["type"].as_str().unwrap().ends_with("/forbidden"));
            }
        }
    }
}

#[tokio::test]
async fn the_audit_chain_verifies_over_the_api() {
    let app = spawn_app().await;
    app.register_firm("a@example.cn", PW).await;
    app.login("a@example.cn", PW).await;
    let reg = app.privileged(Role::Regulator, "r@example.cn").await;
    let v: Value = app
        .get_auth("/api/v1/audit/verification", &reg)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["intact"], true);
    assert_eq!(
        v["verified"], 4,
        "register, login, create regulator, regulator login: {v}"
    );
    let page: Value = app
        .get_auth("/api/v1/audit/entries?limit=2", &reg)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["entries"].as_array().unwrap().len(), 2);
    assert_eq!(page["entries"][0]["seq"], 4);
    assert_eq!(page["next_before"], 3);
    let actions: Vec<Value> = {
        let all: Value = app
            .get_auth("/api/v1/audit/entries", &reg)
            .await
            .json()
            .await
            .unwrap();
        all["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].clone())
            .collect()
    };
    assert_eq!(
        actions,
        [
            "session.login",
            "account.create-privileged",
            "session.login",
            "account.register"
        ]
    );
}

#[tokio::test]
async fn changing_the_password_over_the_api() {
    let app = spawn_app().await;
    app.register_firm("pw@example.cn", PW).await;
    let token = app.login("pw@example.cn", PW).await;
    let r = app
        .change_password(&token, "not it at all", "a new password")
        .await;
    let (status, body) = problem(r).await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"][0]["field"], "current_password");
    let r = app.change_password(&token, PW, "a new password").await;
    assert_eq!(r.status(), 204);
    app.login("pw@example.cn", "a new password").await;
}
