//! Login under attack, over HTTP: the throttle holds under a concurrent burst, one address's
//! failures do not lock out other accounts, and forwarding headers are believed only from trusted
//! proxies. (The timing of unknown emails is measured in `login_timing.rs`, a binary of its own so
//! that these tests do not run beside it.)

use reqwest::header::HeaderMap;
use serde_json::json;
use zjcs_domain::model::Role;
use zjcs_domain::store::entities::login_failure;
use zjcs_domain::store::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use zjcs_tests::{AppOptions, TestApp, spawn_app, spawn_app_with};

use zjcs_tests::PASSWORD as PW;

/// `POST /api/v1/sessions` with extra headers; the status.
async fn api_login(app: &TestApp, email: &str, password: &str, headers: &[(&str, &str)]) -> u16 {
    let mut h = HeaderMap::new();
    for (name, value) in headers {
        h.insert(
            reqwest::header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            value.parse().unwrap(),
        );
    }
    app.client
        .post(app.url("/api/v1/sessions"))
        .headers(h)
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .expect("POST /api/v1/sessions")
        .status()
        .as_u16()
}

/// The login page's form, submitted; status and page.
async fn page_login(
    app: &TestApp,
    email: &str,
    password: &str,
    headers: &[(&str, &str)],
) -> (u16, String) {
    let form = app.get("/login").await.text().await.unwrap();
    let marker = "name=\"csrf\" value=\"";
    let start = form.find(marker).expect("csrf field") + marker.len();
    let csrf = &form[start..start + form[start..].find('"').unwrap()];
    let mut req = app.client.post(app.url("/login")).form(&[
        ("csrf", csrf),
        ("email", email),
        ("password", password),
    ]);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let r = req.send().await.expect("POST /login");
    (r.status().as_u16(), r.text().await.unwrap())
}

/// Login attempts on record under a throttle key.
async fn failures(app: &TestApp, key: &str) -> u64 {
    login_failure::Entity::find()
        .filter(login_failure::Column::ThrottleKey.eq(key))
        .count(&app.services.db)
        .await
        .unwrap()
}

/// 100 wrong passwords and the right one, all at once, at one account: at most five wrong
/// passwords are checked (the old code checked 99), the rest are refused with 429 before any
/// check. The right one logs in if it came within the five, and is refused otherwise.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_concurrent_burst_at_one_account_checks_at_most_five_wrong_passwords() {
    let app = spawn_app().await;
    app.register_firm("burst@example.cn", PW).await;
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..101 {
        let (client, url) = (app.client.clone(), app.url("/api/v1/sessions"));
        let password = if i == 50 { PW } else { "wrong password" };
        tasks.spawn(async move {
            let r = client
                .post(url)
                .json(&json!({ "email": "burst@example.cn", "password": password }))
                .send()
                .await
                .expect("POST");
            let status = r.status().as_u16();
            if status == 429 {
                assert!(r.headers().contains_key("retry-after"));
            }
            status
        });
    }
    let mut count = std::collections::BTreeMap::<u16, usize>::new();
    while let Some(status) = tasks.join_next().await {
        *count.entry(status.unwrap()).or_default() += 1;
    }
    let n = |s| count.get(&s).copied().unwrap_or(0);
    eprintln!("101 concurrent logins: {count:?}");
    assert_eq!(n(401) + n(201) + n(429), 101, "{count:?}");
    assert!(n(401) <= 5, "wrong passwords checked: {count:?}");
    assert!(n(201) <= 1, "{count:?}");
    assert!(
        n(401) + n(201) >= 5,
        "the limit is used, not more: {count:?}"
    );
    assert_eq!(
        failures(&app, "account:burst@example.cn").await as usize,
        n(401)
    );

    // The page says so too, and keeps what was typed.
    let (status, page) = page_login(&app, "burst@example.cn", PW, &[]).await;
    assert_eq!(status, 429);
    assert!(page.contains("登录失败次数过多"), "{page}");
    assert!(page.contains("value=\"burst@example.cn\""), "{page}");
    app.stop().await;
}

/// The finding: behind a proxy every user shares its address, and 31 failures from it made the
/// administrator's correct login answer 429. Now the address is refused only at the accounts it
/// failed on.
#[tokio::test]
async fn failures_from_one_address_do_not_lock_out_another_account() {
    let app = spawn_app().await;
    app.register_firm("victim@example.cn", PW).await;
    app.privileged(Role::Admin, "admin@example.gov.cn").await;
    // 31 failures from 127.0.0.1: five at a real account, the rest at unknown emails.
    for _ in 0..5 {
        assert_eq!(
            api_login(&app, "victim@example.cn", "wrong!!!", &[]).await,
            401
        );
    }
    for i in 0..26 {
        let email = format!("guess{i}@example.cn");
        assert_eq!(api_login(&app, &email, "wrong!!!", &[]).await, 401);
    }
    assert!(failures(&app, "address:127.0.0.1").await >= 31);
    // The administrator, from the same address, logs in, on the API and on the page.
    assert_eq!(
        api_login(&app, "admin@example.gov.cn", "privileged password", &[]).await,
        201
    );
    let (status, _) = page_login(&app, "admin@example.gov.cn", "privileged password", &[]).await;
    assert_eq!(status, 303, "the page login goes through");
    // A first try at another account is still checked…
    assert_eq!(
        api_login(&app, "other@example.cn", "wrong!!!", &[]).await,
        401
    );
    // …but the address gets no second try at an account it failed on.
    assert_eq!(
        api_login(&app, "guess0@example.cn", "wrong!!!", &[]).await,
        429
    );
    app.stop().await;
}

/// With 127.0.0.1 declared a trusted proxy, `X-Forwarded-For` and `Forwarded` name the client,
/// on the API and on the pages alike; without, they are ignored.
#[tokio::test]
async fn forwarding_headers_are_believed_only_from_a_trusted_proxy() {
    let app = spawn_app_with(AppOptions {
        trusted_proxies: Some("127.0.0.1, 10.0.0.0/8"),
        ..Default::default()
    })
    .await;
    let xff = |v: &'static str| [("x-forwarded-for", v)];
    assert_eq!(
        api_login(
            &app,
            "a@example.cn",
            "wrong!!!",
            &xff("198.51.100.1, 203.0.113.7")
        )
        .await,
        401
    );
    assert_eq!(failures(&app, "address:203.0.113.7").await, 1);
    assert_eq!(failures(&app, "pair:203.0.113.7|a@example.cn").await, 1);
    assert_eq!(failures(&app, "address:127.0.0.1").await, 0);
    let fwd = [("forwarded", "for=\"[2001:db8::7]:4711\";proto=https")];
    assert_eq!(api_login(&app, "a@example.cn", "wrong!!!", &fwd).await, 401);
    assert_eq!(failures(&app, "address:2001:db8::7").await, 1);
    let (status, _) = page_login(&app, "a@example.cn", "wrong!!!", &xff("198.51.100.9")).await;
    assert_eq!(status, 401);
    assert_eq!(failures(&app, "address:198.51.100.9").await, 1);

    // The address decides the throttle: 30 failures from one client, then its retry is refused
    // while another client behind the same proxy is still checked.
    for i in 0..30 {
        let email = format!("spray{i}@example.cn");
        assert_eq!(
            api_login(&app, &email, "wrong!!!", &xff("203.0.113.50")).await,
            401
        );
    }
    assert_eq!(
        api_login(&app, "spray0@example.cn", "wrong!!!", &xff("203.0.113.50")).await,
        429
    );
    assert_eq!(
        api_login(&app, "spray0@example.cn", "wrong!!!", &xff("203.0.113.51")).await,
        401
    );
    app.stop().await;

    // Not trusted (the default): the headers change nothing, every attempt is 127.0.0.1's.
    let app = spawn_app().await;
    assert_eq!(
        api_login(&app, "a@example.cn", "wrong!!!", &xff("203.0.113.7")).await,
        401
    );
    let (status, _) = page_login(&app, "a@example.cn", "wrong!!!", &fwd).await;
    assert_eq!(status, 401);
    assert_eq!(failures(&app, "address:203.0.113.7").await, 0);
    assert_eq!(failures(&app, "address:2001:db8::7").await, 0);
    assert_eq!(failures(&app, "address:127.0.0.1").await, 2);
    for i in 0..30 {
        let email = format!("spray{i}@example.cn");
        let forged = format!("203.0.113.{i}");
        assert_eq!(
            api_login(&app, &email, "wrong!!!", &[("x-forwarded-for", &forged)]).await,
            401
        );
    }
    assert_eq!(
        api_login(&app, "spray0@example.cn", "wrong!!!", &xff("192.0.2.200")).await,
        429,
        "a forged header does not make a fresh client"
    );
    app.stop().await;
}
