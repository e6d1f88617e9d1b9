//! The site around the marketplace: home and language, registration, login and password, the audit trail, friendly errors, assets.

use super::*;

#[tokio::test]
async fn home_is_chinese_by_default_and_english_after_the_switch() {
    let mut b = Browser::new().await;
    let home = b.get("/").await;
    home.assert(
        StatusCode::OK,
        &[
            "<html lang=\"zh-CN\">",
            "网上中介服务超市",
            "零门槛、零限制",
            "href=\"/register\"",
            "href=\"/docs\"",
        ],
    );

    let switch = b.get("/lang/en?next=/register").await;
    assert_eq!(switch.status, StatusCode::SEE_OTHER);
    assert_eq!(switch.location(), "/register");
    let cookie = switch.set_cookies().join("\n");
    assert!(
        cookie.contains("zjcs_lang=en")
            && cookie.contains("Max-Age=31536000")
            && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );

    b.get("/").await.assert(
        StatusCode::OK,
        &[
            "<html lang=\"en\">",
            "The online intermediary-service marketplace",
            "Zero threshold, zero restriction",
        ],
    );
    b.get("/lang/zh?next=/").await;
    b.get("/")
        .await
        .assert(StatusCode::OK, &["<html lang=\"zh-CN\">"]);

    // Without the switch's cookie the pages stay Chinese, whatever the browser announces.
    let english = b
        .client
        .get("/")
        .header(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9")
        .send()
        .await;
    b.finish(english)
        .await
        .assert(StatusCode::OK, &["<html lang=\"zh-CN\">", "登录"]);
}

#[tokio::test]
async fn language_switch_refuses_to_leave_the_site() {
    let mut b = Browser::new().await;
    for next in [
        "//evil.example/x",
        "https://evil.example",
        "/%5Cevil.example",
    ] {
        let page = b.get(&format!("/lang/en?next={next}")).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
        assert_eq!(page.location(), "/", "next={next}");
    }
    b.get("/lang/fr?next=/")
        .await
        .assert(StatusCode::NOT_FOUND, &[]);
}

#[tokio::test]
async fn a_firm_registers_through_the_form_and_sees_its_account() {
    let mut b = Browser::new().await;
    let done = b
        .register_firm("华东测绘有限公司", "survey@example.cn")
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    // A firm goes on to the entry wizard's profile step.
    assert_eq!(done.location(), "/firm/enter?notice=registered");
    let session = done
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("zjcs_session="))
        .expect("session cookie");
    assert!(
        session.contains("HttpOnly")
            && session.contains("SameSite=Lax")
            && session.contains("Path=/")
    );
    assert!(!session.contains("Secure"), "plain http in tests");

    let account = b.get("/account?notice=registered").await;
    account.assert(
        StatusCode::OK,
        &[
            "华东测绘有限公司",
            "survey@example.cn",
            "中介机构",
            "注册成功，已为您登录",
            "邮箱未验证",
            "action=\"/logout\"",
        ],
    );
    assert!(
        !account.body.contains("href=\"/audit\""),
        "firms do not see the audit trail link"
    );
    // Logged in, the registration form sends people to their account.
    let again = b.get("/register").await;
    assert_eq!(
        (again.status, again.location()),
        (StatusCode::SEE_OTHER, "/account")
    );
}

#[tokio::test]
async fn a_bad_registration_shows_the_form_again_with_each_problem() {
    let mut b = Browser::new().await;
    let csrf = b.get("/register").await.csrf();
    let page = b
        .post(
            "/register",
            &[
                ("csrf", &csrf),
                ("role", "owner"),
                ("name", "测试<公司>"),
                ("email", "not-an-address"),
                ("password", "short-pw"),
            ],
        )
        .await;
    page.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &[
            "输入有误",
            "请选择企业或政府部门",
            "邮箱格式不正确",
            "密码至少 10 个字符",
            "value=\"测试&#60;公司&#62;\"",
            "value=\"not-an-address\"",
        ],
    );
    assert!(
        !page.body.contains("short-pw"),
        "the password is never sent back"
    );
    assert!(
        page.body.contains("value=\"owner\" checked"),
        "the chosen role stays chosen"
    );
}

#[tokio::test]
async fn a_taken_email_is_a_conflict_with_a_clear_message() {
    let mut b = Browser::new().await;
    b.register_firm("甲公司", "same@example.cn").await;
    let mut other = b.another();
    let page = other.register_firm("乙公司", "same@example.cn").await;
    page.assert(StatusCode::CONFLICT, &["该邮箱已注册", "value=\"乙公司\""]);
}

#[tokio::test]
async fn a_form_without_the_right_csrf_token_is_refused() {
    let mut b = Browser::new().await;
    b.get("/register").await;
    let fields = [
        ("role", "intermediary"),
        ("name", "伪造"),
        ("email", "forged@example.cn"),
        ("password", PASSWORD),
    ];
    b.post("/register", &fields)
        .await
        .assert(StatusCode::FORBIDDEN, &["页面已过期，请刷新后重试"]);
    let mut wrong = fields.to_vec();
    wrong.push(("csrf", "0000"));
    b.post("/register", &wrong)
        .await
        .assert(StatusCode::FORBIDDEN, &["页面已过期"]);

    // Logged in, the token is bound to the session: another session's token does not do.
    b.register_firm("真公司", "real@example.cn").await;
    let stranger = zjcs_domain::platform::new_secret();
    b.post("/logout", &[("csrf", &stranger)])
        .await
        .assert(StatusCode::FORBIDDEN, &["页面已过期"]);
    b.get("/account").await.assert(StatusCode::OK, &["真公司"]);
}

#[tokio::test]
async fn login_with_a_wrong_password_says_so_and_too_many_are_throttled() {
    let mut b = Browser::new().await;
    b.register_firm("登录测试", "login@example.cn").await;
    let mut fresh = b.another();

    let page = fresh.login("login@example.cn", "wrong password!").await;
    page.assert(
        StatusCode::UNAUTHORIZED,
        &["邮箱或密码不正确", "value=\"login@example.cn\""],
    );
    assert!(!page.body.contains("wrong password!"));

    let mut last = page;
    for _ in 0..5 {
        last = fresh.login("login@example.cn", "wrong password!").await;
    }
    last.assert(
        StatusCode::TOO_MANY_REQUESTS,
        &["登录失败次数过多", "秒后再试", "value=\"login@example.cn\""],
    );
    assert!(!last.body.contains("wrong password!"));
    assert!(last.headers.contains_key(header::RETRY_AFTER));
}

#[tokio::test]
async fn login_then_logout_ends_the_session() {
    let mut b = Browser::new().await;
    b.register_firm("退出测试", "logout@example.cn").await;
    b.cookies.clear();

    let ok = b.login("logout@example.cn", PASSWORD).await;
    assert_eq!(
        (ok.status, ok.location()),
        (StatusCode::SEE_OTHER, "/account")
    );
    let old_token = b
        .cookies
        .get("zjcs_session")
        .cloned()
        .expect("session cookie");
    let account = b.get("/account").await;
    account.assert(StatusCode::OK, &["退出测试"]);

    let out = b.post("/logout", &[("csrf", &account.csrf())]).await;
    assert_eq!(
        (out.status, out.location()),
        (StatusCode::SEE_OTHER, "/?notice=logged-out")
    );
    assert!(!b.cookies.contains_key("zjcs_session"), "cookie cleared");
    b.get("/?notice=logged-out")
        .await
        .assert(StatusCode::OK, &["您已退出"]);

    let after = b.get("/account").await;
    assert_eq!(
        (after.status, after.location()),
        (StatusCode::SEE_OTHER, "/login")
    );
    // The old token is dead on the server too, not only forgotten by the browser.
    b.cookies.insert("zjcs_session".into(), old_token);
    let replay = b.get("/account").await;
    assert_eq!(
        (replay.status, replay.location()),
        (StatusCode::SEE_OTHER, "/login")
    );
    assert!(
        replay
            .set_cookies()
            .iter()
            .any(|c| c.starts_with("zjcs_session=;")),
        "stale cookie is cleared"
    );
}

#[tokio::test]
async fn changing_the_password_reports_problems_and_success() {
    let mut b = Browser::new().await;
    b.register_firm("改密测试", "pw@example.cn").await;
    let csrf = b.get("/account").await.csrf();
    b.post(
        "/account/password",
        &[
            ("csrf", &csrf),
            ("current_password", "not the password"),
            ("new_password", "another good one"),
        ],
    )
    .await
    .assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["当前密码不正确", "改密测试"],
    );
    b.post(
        "/account/password",
        &[
            ("csrf", &csrf),
            ("current_password", PASSWORD),
            ("new_password", "short"),
        ],
    )
    .await
    .assert(StatusCode::UNPROCESSABLE_ENTITY, &["密码至少 10 个字符"]);
    let ok = b
        .post(
            "/account/password",
            &[
                ("csrf", &csrf),
                ("current_password", PASSWORD),
                ("new_password", "another good one"),
            ],
        )
        .await;
    assert_eq!(
        (ok.status, ok.location()),
        (StatusCode::SEE_OTHER, "/account?notice=password-changed")
    );
    b.get("/account?notice=password-changed")
        .await
        .assert(StatusCode::OK, &["密码已修改"]);
}

#[tokio::test]
async fn the_audit_trail_is_for_regulators_only() {
    let mut b = Browser::new().await;
    let anonymous = b.get("/audit").await;
    assert_eq!(
        (anonymous.status, anonymous.location()),
        (StatusCode::SEE_OTHER, "/login")
    );

    b.register_firm("审计测试", "firm@example.cn").await;
    b.get("/audit")
        .await
        .assert(StatusCode::FORBIDDEN, &["无权进行此操作"]);

    b.services
        .create_privileged(
            Role::Regulator,
            Email::parse("regulator@example.gov.cn").unwrap(),
            DisplayName::parse("市监管局", "name").unwrap(),
            Password::parse_new(PASSWORD, "password").unwrap(),
        )
        .await
        .unwrap();
    b.cookies.clear();
    b.login("regulator@example.gov.cn", PASSWORD).await;
    let page = b.get("/audit").await;
    page.assert(
        StatusCode::OK,
        &[
            "哈希链完整",
            "account.register",
            "account.create-privileged",
            "session.login",
            "href=\"/audit\"",
        ],
    );
    b.get("/audit?before=2")
        .await
        .assert(StatusCode::OK, &["account.register", "最新记录"]);
    b.get("/audit?before=abc")
        .await
        .assert(StatusCode::BAD_REQUEST, &["请求格式错误"]);
}

#[tokio::test]
async fn email_verification_link() {
    let mut b = Browser::new().await;
    b.get("/verify-email?token=nonsense")
        .await
        .assert(StatusCode::BAD_REQUEST, &["验证链接无效或已过期"]);
    b.get("/verify-email")
        .await
        .assert(StatusCode::BAD_REQUEST, &["验证链接无效或已过期"]);
}

#[tokio::test]
async fn unknown_paths_and_bad_requests_get_friendly_pages() {
    let mut b = Browser::new().await;
    b.get("/no/such/page").await.assert(
        StatusCode::NOT_FOUND,
        &["<html lang=\"zh-CN\">", "未找到", "返回首页"],
    );

    let wrong_type = b
        .client
        .post("/login")
        .header(header::CONTENT_TYPE, "text/plain")
        .body("x")
        .send()
        .await;
    b.finish(wrong_type)
        .await
        .assert(StatusCode::UNSUPPORTED_MEDIA_TYPE, &["不支持的内容类型"]);

    let garbage = b
        .client
        .post("/register")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(vec![0xff, 0xfe, b'=', 0x80])
        .send()
        .await;
    let page = b.finish(garbage).await;
    assert!(
        page.status.is_client_error(),
        "{} {}",
        page.status,
        page.body
    );

    let huge = "a".repeat(100 * 1024);
    let big = b.post("/login", &[("email", huge.as_str())]).await;
    big.assert(StatusCode::PAYLOAD_TOO_LARGE, &["请求内容过大"]);

    let wrong_method = b.client.delete("/account").send().await;
    b.finish(wrong_method)
        .await
        .assert(StatusCode::METHOD_NOT_ALLOWED, &["不支持的请求方法"]);
}

#[tokio::test]
async fn the_style_sheet_is_embedded_and_cached_long() {
    let mut b = Browser::new().await;
    let home = b.get("/").await;
    assert!(
        home.body.contains("/static/site.css?v="),
        "the layout links the versioned style sheet"
    );
    let css = b.get("/static/site.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(
        css.headers
            .get(header::CONTENT_TYPE)
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert!(
        css.headers
            .get(header::CACHE_CONTROL)
            .unwrap()
            .to_str()
            .unwrap()
            .contains("max-age=31536000")
    );
    assert!(css.body.contains(".button"));
}

#[tokio::test]
async fn the_pages_work_nested_at_the_root_beside_other_routes() {
    // The way the `zjcs` binary mounts them: `/` for the pages, exact paths for the rest.
    let db = TestDb::new().await;
    let services = Services::new(
        db.db.clone(),
        ServiceConfig {
            throttle_sleep: false,
            ..Default::default()
        },
    );
    let site = Route::new()
        .at("/healthz", poem::get(poem::endpoint::make_sync(|_| "ok")))
        .nest("/", app(services, WebConfig::default()));
    let client = TestClient::new(site);
    let home = client.get("/").send().await;
    home.assert_status_is_ok();
    home.assert_content_type("text/html; charset=utf-8");
    client.get("/healthz").send().await.assert_text("ok").await;
    client.get("/register").send().await.assert_status_is_ok();
    client
        .get("/nothing-here")
        .send()
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

/// Every page and form that belongs to one role, tried as every role the way an outsider would:
/// the page decides nothing itself (the service does, once), so this is what shows that no door
/// opened when the pages stopped checking. A visitor without a login is sent to log in; a
/// signed-in account of another role is refused with the 403 page and nothing is written; the
/// role it belongs to gets the page.
#[tokio::test]
async fn role_pages_refuse_every_other_role_and_write_nothing() {
    let b = Browser::new().await;
    b.load_demo_catalogue().await;
    let reg = zjcs_domain::model::Registration::parse(
        "owner",
        Some("company"),
        "西湖置业有限公司",
        "owner@example.cn",
        PASSWORD,
    )
    .unwrap();
    b.services
        .register(reg, zjcs_domain::i18n::Lang::Zh, false)
        .await
        .unwrap();
    let mut owner = b.another();
    owner.login("owner@example.cn", PASSWORD).await;
    let mut firm = b.another();
    firm.firm_entered("测绘机构", "firm@example.cn", &credit_code(1))
        .await;
    let mut regulator = regulator(&b).await;
    let mut admin = b.admin().await;
    let mut anonymous = b.another();
    let firm_id = b
        .services
        .firm_id_by_credit_code(&credit_code(1))
        .await
        .unwrap()
        .expect("the firm entered");
    let firm_text = firm_id.to_string();
    let nobody = uuid::Uuid::new_v4();

    // (path, the role it belongs to)
    let pages: Vec<(String, Role)> = vec![
        ("/owner/projects".into(), Role::Owner),
        ("/owner/projects/new".into(), Role::Owner),
        ("/firm/registrations".into(), Role::Intermediary),
        ("/complaints".into(), Role::Regulator),
        ("/credit/repairs".into(), Role::Regulator),
        ("/credit/appeals".into(), Role::Regulator),
        ("/console".into(), Role::Regulator),
        (format!("/console/firms/{firm_id}"), Role::Regulator),
        ("/market".into(), Role::Regulator),
        ("/market/warnings".into(), Role::Regulator),
        ("/admin/catalogue".into(), Role::Admin),
        ("/admin/catalogue/new".into(), Role::Admin),
        ("/admin/credit-policy".into(), Role::Admin),
    ];
    // (path, fields besides the csrf token, the role it belongs to)
    type Form<'a> = (String, Vec<(&'a str, &'a str)>, Role);
    let forms: Vec<Form> = vec![
        (
            format!("/firms/{firm_id}/credit-events"),
            vec![("kind", "minor"), ("points", "-5"), ("reason", "核查")],
            Role::Regulator,
        ),
        (
            format!("/credit/repairs/{nobody}/decision"),
            vec![("decision", "approve")],
            Role::Regulator,
        ),
        (
            format!("/owner/projects/{nobody}/publish"),
            vec![],
            Role::Owner,
        ),
        (
            format!("/owner/projects/{nobody}/cancel"),
            vec![("reason", "不再需要")],
            Role::Owner,
        ),
        (
            "/inspections".into(),
            vec![("title", "抽查"), ("firms", "1"), ("inspectors", "1")],
            Role::Regulator,
        ),
        (
            format!("/inspections/{nobody}/draw"),
            vec![],
            Role::Regulator,
        ),
        (
            format!("/inspections/{nobody}/findings"),
            vec![("firm", firm_text.as_str()), ("outcome", "pass")],
            Role::Regulator,
        ),
        (
            "/market/warnings/cases".into(),
            vec![("kind", "bid-rotation"), ("subject", "x")],
            Role::Regulator,
        ),
        (
            format!("/complaints/{nobody}/steps"),
            vec![("step", "accept")],
            Role::Regulator,
        ),
        (
            format!("/credit/appeals/{nobody}/decision"),
            vec![("decision", "upheld")],
            Role::Regulator,
        ),
        (
            format!("/credit/appeals/{nobody}/decision"),
            vec![("decision", "overturned")],
            Role::Regulator,
        ),
    ];

    let auditor = b
        .services
        .create_privileged(
            Role::Admin,
            Email::parse("auditor@example.gov.cn").unwrap(),
            DisplayName::parse("审计员", "name").unwrap(),
            Password::parse_new(PASSWORD, "password").unwrap(),
        )
        .await
        .unwrap();
    let auditor = zjcs_domain::model::Actor {
        account_id: auditor.id,
        role: Role::Admin,
    };
    let last_entry = async || {
        b.services
            .audit_list(&auditor, None, 1)
            .await
            .unwrap()
            .first()
            .map(|e| e.seq)
    };
    let audit_before = last_entry().await;
    let mut who: Vec<(Role, &mut Browser)> = vec![
        (Role::Owner, &mut owner),
        (Role::Intermediary, &mut firm),
        (Role::Regulator, &mut regulator),
        (Role::Admin, &mut admin),
    ];
    for (path, belongs) in &pages {
        let p = anonymous.get(path).await;
        assert_eq!(
            (p.status, p.location()),
            (StatusCode::SEE_OTHER, "/login"),
            "{path} without a login"
        );
        for (role, browser) in who.iter_mut() {
            let p = browser.get(path).await;
            if role == belongs {
                assert_eq!(p.status, StatusCode::OK, "{path} as {role:?}:\n{}", p.body);
            } else {
                p.assert(StatusCode::FORBIDDEN, &["无权进行此操作"]);
            }
        }
    }
    for (path, fields, belongs) in &forms {
        for (role, browser) in who.iter_mut() {
            if role == belongs {
                continue;
            }
            let csrf = browser.get("/account").await.csrf();
            let mut all = vec![("csrf", csrf.as_str())];
            all.extend(fields.iter().copied());
            let p = browser.post(path, &all).await;
            assert_eq!(
                p.status,
                StatusCode::FORBIDDEN,
                "POST {path} as {role:?}:\n{}",
                p.body
            );
        }
    }
    // A bid comes as a multipart form (its plan a file): only firms bid.
    let project = nobody;
    for (role, browser) in who.iter_mut() {
        if *role == Role::Intermediary {
            continue;
        }
        let csrf = browser.get("/account").await.csrf();
        let p = browser
            .post_multipart(
                &format!("/projects/{project}/register"),
                bid_form(&csrf, "1000", false),
            )
            .await;
        assert_eq!(
            p.status,
            StatusCode::FORBIDDEN,
            "a bid as {role:?}:\n{}",
            p.body
        );
    }
    assert_eq!(
        last_entry().await,
        audit_before,
        "a refused form wrote to the audit log"
    );
}
