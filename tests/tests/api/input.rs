//! No input yields a 500, and what the spec says is what the server does: the inputs of issue 19
//! (a NUL in a query, 200 emoji as a firm name, zero-width and bidi names, wrapping weights,
//! scalars for strings) end in a problem naming the field, or are stored and listed whole; the
//! market statistics hold no null; every response says `nosniff`, and HSTS comes with https.
//! On SQLite and, with ZJCS_TEST_DATABASE_URL, on PostgreSQL (which refuses NUL in text).

use poem::Endpoint;
use serde_json::{Value, json};
use zjcs_domain::model::Role;
use zjcs_domain::model::firm::CreditCode;
use zjcs_tests::{TestApp, seed, spawn_app};

use zjcs_tests::PASSWORD as PW;

async fn send(
    app: &TestApp,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> (u16, String, Value) {
    let mut r = app.client.request(method.parse().unwrap(), app.url(path));
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    if let Some(b) = body {
        r = r.json(b);
    }
    let r = r.send().await.unwrap();
    let status = r.status().as_u16();
    let ct = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let text = r.text().await.unwrap();
    (
        status,
        ct,
        serde_json::from_str(&text).unwrap_or(Value::Null),
    )
}

/// The `(field, code)` pairs of a validation problem.
fn fields(p: &Value) -> Vec<(String, String)> {
    p["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    (
                        e["field"].as_str().unwrap().to_owned(),
                        e["code"].as_str().unwrap().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn profile(name: &str, n: u32) -> Value {
    json!({
        "name": name,
        "credit_code": CreditCode::complete(&format!("91330106MF{n:07}")).unwrap().as_str(),
        "legal_rep_name": "张三",
        "legal_rep_id": "11010519491231002X",
        "region_code": "330106",
        "address": "文三路 1 号",
        "contact_name": "李四",
        "contact_phone": "0571-88888888",
        "description": "",
        "service_items": [],
        "commitment": true,
    })
}

#[tokio::test]
async fn nul_and_control_characters_in_queries_are_problems_not_500() {
    let app = spawn_app().await;
    for path in [
        "/api/v1/dishonesty-list?credit_code=%00",
        "/api/v1/dishonesty-list?credit_code=a%0Ab",
        "/api/v1/firms?q=%00",
        "/api/v1/firms/%00",
        "/api/v1/projects?q=%7F",
        "/dishonesty-list?code=%00",
        "/firms?q=%00",
    ] {
        let (status, ct, body) = send(&app, "GET", path, None, None).await;
        assert!([400, 422].contains(&status), "{path}: {status} {body}");
        assert!(ct.starts_with("application/problem+json"), "{path}: {ct}");
        assert_eq!(body["status"], status, "{path}");
    }
    // Past the address check, the one text gate names the field (a bidi control is not a
    // control character of the address).
    let (status, _, body) = send(
        &app,
        "GET",
        "/api/v1/dishonesty-list?credit_code=%E2%80%AE",
        None,
        None,
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        fields(&body),
        [("credit_code".into(), "field.text.bidi".into())]
    );
    let (status, _, body) = send(&app, "GET", "/api/v1/firms?q=a%E2%81%A7b", None, None).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(fields(&body), [("q".into(), "field.text.bidi".into())]);
}

#[tokio::test]
async fn names_are_refused_by_field_when_blank_looking_bidi_or_controlled_and_kept_whole_when_long()
{
    let app = spawn_app().await;
    // Registration: the account's name.
    for (name, code) in [
        ("\u{200B}\u{200B}\u{200B}", "field.required"),
        ("\u{3164}\u{FEFF}\u{2060}", "field.required"),
        ("华东\u{202E}司公限有", "field.text.bidi"),
        ("华东\u{2067}测绘", "field.text.bidi"),
        ("华东\u{0}测绘", "field.text.control"),
        ("华东\n测绘", "field.text.control"),
    ] {
        let (status, ct, body) = send(
            &app,
            "POST",
            "/api/v1/accounts",
            None,
            Some(&json!({"role": "intermediary", "name": name, "email": "x@example.cn", "password": PW})),
        )
        .await;
        assert_eq!(status, 422, "{name:?}: {body}");
        assert!(ct.starts_with("application/problem+json"));
        assert_eq!(fields(&body), [("name".into(), code.into())], "{name:?}");
    }

    // A firm's name: the same gate, and 200 four-byte characters are a name like any other.
    seed::account(
        &app.services,
        "intermediary",
        "表情测绘",
        "emoji@example.cn",
        PW,
    )
    .await;
    let token = app.login("emoji@example.cn", PW).await;
    for (name, code) in [
        ("\u{200B}", "field.required"),
        ("测绘\u{202E}所", "field.text.bidi"),
    ] {
        let (status, _, body) = send(
            &app,
            "POST",
            "/api/v1/firms",
            Some(&token),
            Some(&profile(name, 1)),
        )
        .await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(fields(&body), [("name".into(), code.into())]);
    }
    let long = "😀".repeat(200);
    let (status, _, body) = send(
        &app,
        "POST",
        "/api/v1/firms",
        Some(&token),
        Some(&profile(&long, 1)),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let (status, _, body) = send(&app, "GET", "/api/v1/firms?sort=name", None, None).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.to_string().contains(&long), "{body}");
    let (status, _, body) = send(
        &app,
        "GET",
        "/api/v1/firms?q=%F0%9F%98%80%F0%9F%98%80",
        None,
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.to_string().contains(&long));
}

#[tokio::test]
async fn scalars_for_strings_are_malformed_bodies() {
    let app = spawn_app().await;
    for (name, body) in [
        (
            "name",
            json!({"role": "intermediary", "name": false, "email": "y@example.cn", "password": PW}),
        ),
        (
            "name",
            json!({"role": "intermediary", "name": 123, "email": "y@example.cn", "password": PW}),
        ),
        (
            "email",
            json!({"role": "intermediary", "name": "n", "email": true, "password": PW}),
        ),
    ] {
        let (status, ct, p) = send(&app, "POST", "/api/v1/accounts", None, Some(&body)).await;
        assert_eq!(status, 400, "{p}");
        assert!(ct.starts_with("application/problem+json"));
        assert!(
            p["detail"].as_str().unwrap().contains(&format!("/{name}")),
            "{p}"
        );
    }
    // Nothing was registered from them.
    assert_eq!(
        send(
            &app,
            "POST",
            "/api/v1/sessions",
            None,
            Some(&json!({"email": "y@example.cn", "password": PW}))
        )
        .await
        .0,
        401
    );

    let item = seed::survey_item(&app.services).await;
    seed::account(&app.services, "owner", "业主", "owner@example.cn", PW).await;
    let owner = app.login("owner@example.cn", PW).await;
    let mut posting = posting(&item.to_string());
    posting["title"] = json!(123);
    let (status, _, p) = send(
        &app,
        "POST",
        "/api/v1/projects",
        Some(&owner),
        Some(&posting),
    )
    .await;
    assert_eq!(status, 400, "{p}");
    assert!(p["detail"].as_str().unwrap().contains("/title"), "{p}");

    let regulator = app.privileged(Role::Regulator, "reg@example.cn").await;
    let (_, firm) = seed::qualified_firm(&app.services, 7, "f7@example.cn", PW).await;
    let (status, _, p) = send(
        &app,
        "POST",
        &format!("/api/v1/firms/{firm}/credit-events"),
        Some(&regulator),
        Some(&json!({"kind": "manual", "points": -5, "reason": true})),
    )
    .await;
    assert_eq!(status, 400, "{p}");
    assert!(p["detail"].as_str().unwrap().contains("/reason"), "{p}");
}

fn posting(item: &str) -> Value {
    let at = |days: i64| (chrono::Utc::now() + chrono::Duration::days(days)).to_rfc3339();
    json!({
        "item": item,
        "title": "竣工测绘",
        "scope": "竣工测量与房产测绘",
        "region": "330106",
        "budget_fen": 8_000_000,
        "service_days": 20,
        "fund_source": "self-funded",
        "required_qualifications": [{"type": seed::QUAL, "grades": ["甲级", "乙级"]}],
        "method": "comprehensive",
        "weight_price": 30,
        "weight_plan": 60,
        "weight_credit": 10,
        "registration_deadline": at(10),
        "selection_at": at(11),
        "contact_name": "王工",
        "contact_phone": "0571-87000000",
    })
}

#[tokio::test]
async fn weights_that_wrap_to_100_are_refused() {
    let app = spawn_app().await;
    let item = seed::survey_item(&app.services).await;
    seed::account(&app.services, "owner", "业主", "owner@example.cn", PW).await;
    let owner = app.login("owner@example.cn", PW).await;
    let mut p = posting(&item.to_string());
    (p["weight_price"], p["weight_plan"], p["weight_credit"]) =
        (json!(4_294_967_295u32), json!(101), json!(0));
    let (status, _, body) = send(&app, "POST", "/api/v1/projects", Some(&owner), Some(&p)).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        fields(&body),
        [("weight_price".into(), "field.weights.sum".into())]
    );
    let p = posting(&item.to_string());
    assert_eq!(
        send(&app, "POST", "/api/v1/projects", Some(&owner), Some(&p))
            .await
            .0,
        201
    );
}

fn nulls(v: &Value, path: &str, out: &mut Vec<String>) {
    match v {
        Value::Null => out.push(path.to_owned()),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| nulls(x, &format!("{path}/{i}"), out)),
        Value::Object(o) => o
            .iter()
            .for_each(|(k, x)| nulls(x, &format!("{path}/{k}"), out)),
        _ => {}
    }
}

#[tokio::test]
async fn market_statistics_hold_no_null_and_every_response_says_nosniff() {
    let app = spawn_app().await;
    let regulator = app.privileged(Role::Regulator, "reg@example.cn").await;
    let (status, _, body) = send(
        &app,
        "GET",
        "/api/v1/market/statistics",
        Some(&regulator),
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let mut found = Vec::new();
    nulls(&body, "", &mut found);
    assert!(found.is_empty(), "null at {found:?} in {body}");

    for path in [
        "/api/v1/market/statistics",
        "/api/v1/projects",
        "/api/v1/nowhere",
        "/",
        "/firms",
        "/healthz",
        "/openapi.json",
    ] {
        let r = app.get(path).await;
        assert_eq!(
            r.headers()
                .get("x-content-type-options")
                .map(|v| v.to_str().unwrap()),
            Some("nosniff"),
            "{path}"
        );
        // The test server's base URL is http: no HSTS there.
        assert!(
            r.headers().get("strict-transport-security").is_none(),
            "{path}"
        );
    }
}

#[tokio::test]
async fn hsts_comes_with_an_https_base_url() {
    let app = spawn_app().await;
    let routes = zjcs_api::app::routes(
        app.services.clone(),
        "https://zjcs.example.cn",
        Default::default(),
    );
    for path in [
        "/api/v1/projects",
        "/",
        "/healthz",
        "/api/v1/dishonesty-list?credit_code=%00",
    ] {
        let resp = routes
            .call(poem::Request::builder().uri(path.parse().unwrap()).finish())
            .await
            .unwrap();
        let h = resp.headers();
        assert_eq!(
            h.get("strict-transport-security").unwrap(),
            zjcs_api::hardening::HSTS,
            "{path}"
        );
        assert_eq!(
            h.get("x-content-type-options").unwrap(),
            "nosniff",
            "{path}"
        );
    }
}
