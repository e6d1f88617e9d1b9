//! The pages driven like a browser without JavaScript: follow the forms, carry the cookies,
//! read what the page says. Each test has its own database.

use poem::Route;
use poem::http::{StatusCode, header};
use poem::test::{TestClient, TestForm, TestFormField};
use std::collections::BTreeMap;
use std::sync::Arc;
use zjcs_domain::model::catalogue::{DEMO_CATALOGUE_JSON, rows_from_json};
use zjcs_domain::model::firm::CreditCode;
use zjcs_domain::model::{DisplayName, Email, Password, Role};
use zjcs_domain::service::{ServiceConfig, Services};
use zjcs_domain::testing::{TestDb, quick_firm};
use zjcs_web::{WebConfig, app};

const PASSWORD: &str = "correct horse battery";

/// A browser: a client over the pages and the cookies it holds.
struct Browser {
    client: TestClient<Route>,
    cookies: BTreeMap<String, String>,
    services: Services,
    _db: Arc<TestDb>,
}

/// What came back: status, headers and the page text.
struct Page {
    status: StatusCode,
    headers: poem::http::HeaderMap,
    body: String,
}

impl Page {
    fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_owned)
            .collect()
    }

    /// The CSRF field of the first form on the page.
    fn csrf(&self) -> String {
        let marker = "name=\"csrf\" value=\"";
        let start = self.body.find(marker).expect("page has a csrf field") + marker.len();
        self.body[start..]
            .split('"')
            .next()
            .unwrap_or_default()
            .to_owned()
    }

    #[track_caller]
    fn assert(&self, status: StatusCode, texts: &[&str]) {
        assert_eq!(self.status, status, "body:\n{}", self.body);
        for t in texts {
            assert!(self.body.contains(t), "expected {t:?} in:\n{}", self.body);
        }
    }
}

impl Page {
    /// The first `href` on the page that starts with `prefix` (e.g. `/firms/`).
    fn link(&self, prefix: &str) -> String {
        let marker = format!("href=\"{prefix}");
        let start = self
            .body
            .find(&marker)
            .unwrap_or_else(|| panic!("no link {prefix} in:\n{}", self.body))
            + "href=\"".len();
        self.body[start..]
            .split('"')
            .next()
            .unwrap_or_default()
            .replace("&#38;", "&")
    }

    /// The first form `action` on the page that starts with `prefix`.
    fn action(&self, prefix: &str) -> String {
        let marker = format!("action=\"{prefix}");
        let start = self
            .body
            .find(&marker)
            .unwrap_or_else(|| panic!("no form {prefix} in:\n{}", self.body))
            + "action=\"".len();
        self.body[start..]
            .split('"')
            .next()
            .unwrap_or_default()
            .to_owned()
    }

    /// Every `href` on the page that starts with `prefix`.
    fn links(&self, prefix: &str) -> Vec<String> {
        let marker = format!("href=\"{prefix}");
        self.body
            .match_indices(&marker)
            .map(|(i, _)| {
                self.body[i + "href=\"".len()..]
                    .split('"')
                    .next()
                    .unwrap_or_default()
                    .replace("&#38;", "&")
            })
            .collect()
    }

    fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// A valid unified social credit code, different for each `n`.
fn credit_code(n: u32) -> String {
    CreditCode::complete(&format!("91330106MA2{n:06}"))
        .unwrap()
        .as_str()
        .to_owned()
}

/// A small but real-looking PDF.
const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// A multipart body as a browser sends it: the file name raw in UTF-8 in the part header (which
/// poem's `TestForm` cannot write). Returns the content type and the body.
fn browser_multipart(
    fields: &[(&str, &str)],
    file_field: &str,
    file_name: &str,
    bytes: &[u8],
) -> (String, Vec<u8>) {
    let boundary = "----zjcsFormBoundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{file_field}\"; filename=\"{file_name}\"\r\nContent-Type: application/pdf\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// The qualification form, with a file part.
fn qualification_form(csrf: &str, until: &str, file_name: &str, bytes: &[u8]) -> TestForm {
    TestForm::new()
        .text("csrf", csrf)
        .text("qual_type", "测绘资质（工程测量专业）")
        .text("grade", "甲级")
        .text("number", "甲测资字 33000123")
        .text("issuer", "自然资源部")
        .text("valid_from", "2024-01-01")
        .text("valid_until", until)
        .field(
            TestFormField::bytes(bytes.to_vec())
                .name("evidence_file")
                .filename(file_name)
                .content_type("application/pdf"),
        )
}

impl Browser {
    async fn new() -> Browser {
        let db = TestDb::new().await;
        let services = Services::new(
            db.db.clone(),
            ServiceConfig {
                throttle_sleep: false,
                ..Default::default()
            },
        );
        let client = TestClient::new(app(
            services.clone(),
            WebConfig {
                secure_cookies: false,
            },
        ));
        Browser {
            client,
            cookies: BTreeMap::new(),
            services,
            _db: Arc::new(db),
        }
    }

    /// A second browser (no cookies) on the same site and database.
    fn another(&self) -> Browser {
        Browser {
            client: TestClient::new(app(self.services.clone(), WebConfig::default())),
            cookies: BTreeMap::new(),
            services: self.services.clone(),
            _db: self._db.clone(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn finish(&mut self, resp: poem::test::TestResponse) -> Page {
        let status = resp.0.status();
        let headers = resp.0.headers().clone();
        let body = resp.0.into_body().into_string().await.expect("body");
        let page = Page {
            status,
            headers,
            body,
        };
        for c in page.set_cookies() {
            let first = c.split(';').next().unwrap_or_default();
            if let Some((name, value)) = first.split_once('=') {
                if value.is_empty() || c.contains("Max-Age=0") {
                    self.cookies.remove(name);
                } else {
                    self.cookies.insert(name.to_owned(), value.to_owned());
                }
            }
        }
        page
    }

    async fn get(&mut self, path: &str) -> Page {
        let resp = self
            .client
            .get(path)
            .header(header::COOKIE, self.cookie_header())
            .send()
            .await;
        self.finish(resp).await
    }

    async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        let resp = self
            .client
            .post(path)
            .header(header::COOKIE, self.cookie_header())
            .form(&form)
            .send()
            .await;
        self.finish(resp).await
    }

    /// [`Browser::post`] with owned fields.
    async fn post_pairs(&mut self, path: &str, form: &[(String, String)]) -> Page {
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        self.post(path, &form).await
    }

    /// Fills in the registration form as a firm and submits it.
    async fn register_firm(&mut self, name: &str, email: &str) -> Page {
        let csrf = self.get("/register").await.csrf();
        self.post(
            "/register",
            &[
                ("csrf", &csrf),
                ("role", "intermediary"),
                ("name", name),
                ("email", email),
                ("password", PASSWORD),
            ],
        )
        .await
    }

    async fn post_raw(&mut self, path: &str, content_type: &str, body: Vec<u8>) -> Page {
        let resp = self
            .client
            .post(path)
            .header(header::COOKIE, self.cookie_header())
            .header(header::CONTENT_TYPE, content_type)
            .body(body)
            .send()
            .await;
        self.finish(resp).await
    }

    async fn post_multipart(&mut self, path: &str, form: TestForm) -> Page {
        let resp = self
            .client
            .post(path)
            .header(header::COOKIE, self.cookie_header())
            .multipart(form)
            .send()
            .await;
        self.finish(resp).await
    }

    /// Fills in the entry step with a complete profile, `extra` fields added or replacing.
    async fn enter_firm(&mut self, name: &str, code: &str, extra: &[(&str, &str)]) -> Page {
        let csrf = self.get("/firm/enter").await.csrf();
        let mut fields: Vec<(&str, &str)> = vec![
            ("csrf", &csrf),
            ("name", name),
            ("credit_code", code),
            ("legal_rep_name", "张三"),
            ("legal_rep_id", "11010519491231002X"),
            ("region_code", "330106"),
            ("address", "杭州市西湖区文三路 1 号"),
            ("contact_name", "李四"),
            ("contact_phone", "0571-88888888"),
            ("description", "专业从事工程测绘。"),
            ("commitment", "yes"),
        ];
        for (k, v) in extra {
            fields.retain(|(f, _)| f != k);
            fields.push((k, v));
        }
        self.post("/firm/enter", &fields).await
    }

    /// Registers a firm and enters it; the browser is left on "my firm".
    async fn firm_entered(&mut self, name: &str, email: &str, code: &str) {
        self.register_firm(name, email).await;
        let done = self.enter_firm(name, code, &[]).await;
        assert_eq!(
            (done.status, done.location()),
            (StatusCode::SEE_OTHER, "/firm?notice=firm-entered"),
            "{}",
            done.body
        );
    }

    /// A second browser logged in as a new administrator.
    async fn admin(&self) -> Browser {
        self.services
            .create_privileged(
                Role::Admin,
                Email::parse("admin@example.gov.cn").unwrap(),
                DisplayName::parse("平台管理员", "name").unwrap(),
                Password::parse_new(PASSWORD, "password").unwrap(),
            )
            .await
            .unwrap();
        let mut admin = self.another();
        admin.login("admin@example.gov.cn", PASSWORD).await;
        admin
    }

    async fn load_demo_catalogue(&self) {
        self.services
            .import_items(None, rows_from_json(DEMO_CATALOGUE_JSON).unwrap())
            .await
            .unwrap();
    }

    async fn login(&mut self, email: &str, password: &str) -> Page {
        let csrf = self.get("/login").await.csrf();
        self.post(
            "/login",
            &[("csrf", &csrf), ("email", email), ("password", password)],
        )
        .await
    }
}

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

#[tokio::test]
async fn a_firm_enters_through_the_form_and_is_found_in_the_directory() {
    let mut b = Browser::new().await;
    b.load_demo_catalogue().await;
    let survey = b
        .services
        .list_items(false)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.name == "工程测绘")
        .unwrap();
    let done = b
        .register_firm("杭州青山测绘有限公司", "qs@example.cn")
        .await;
    assert_eq!(done.location(), "/firm/enter?notice=registered");
    // Before entering, "my firm" sends the firm to the entry step.
    let before = b.get("/firm").await;
    assert_eq!(
        (before.status, before.location()),
        (StatusCode::SEE_OTHER, "/firm/enter")
    );
    b.get("/firm/enter?notice=registered").await.assert(
        StatusCode::OK,
        &[
            "注册成功",
            "机构入驻",
            "承诺：所填信息和上传材料真实、有效，如有虚假愿承担相应责任。",
            "系统会核验末位校验码",
            "仅以加密哈希保存",
            "行政区划代码",
            "name=\"service_items\"",
            "工程测绘",
            "href=\"/firm\"",
        ],
    );

    let code = credit_code(1);
    let item = survey.id.to_string();
    let entered = b
        .enter_firm(
            "杭州青山测绘有限公司",
            &code,
            &[("service_items", item.as_str())],
        )
        .await;
    assert_eq!(
        (entered.status, entered.location()),
        (StatusCode::SEE_OTHER, "/firm?notice=firm-entered"),
        "{}",
        entered.body
    );
    let mine = b.get("/firm?notice=firm-entered").await;
    mine.assert(
        StatusCode::OK,
        &[
            "入驻成功",
            "杭州青山测绘有限公司",
            &code,
            "readonly",
            "action=\"/firm/qualifications\"",
            "enctype=\"multipart/form-data\"",
            "accept=\".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png\"",
            "action=\"/firm/practitioners\"",
            "action=\"/firm/affiliations\"",
            "测绘资质（工程测量专业）",
        ],
    );
    assert!(
        !mine.body.contains("11010519491231002X"),
        "the ID number is never shown again"
    );
    // Entered: the entry step sends the firm to its page.
    let again = b.get("/firm/enter").await;
    assert_eq!(
        (again.status, again.location()),
        (StatusCode::SEE_OTHER, "/firm")
    );

    // Anyone finds it by a Chinese part of its name, and by the service item.
    let mut visitor = b.another();
    let found = visitor.get("/firms?q=%E9%9D%92%E5%B1%B1").await;
    found.assert(
        StatusCode::OK,
        &["杭州青山测绘有限公司", "浙江省", "暂无评价"],
    );
    let by_item = visitor
        .get(&format!("/firms?item={item}&region=33&grade=A"))
        .await;
    by_item.assert(StatusCode::OK, &["杭州青山测绘有限公司"]);
    visitor
        .get("/firms?q=%E7%BA%A2%E6%B5%B7")
        .await
        .assert(StatusCode::OK, &["没有符合条件的机构"]);

    let page = visitor.get(&found.link("/firms/")).await;
    page.assert(
        StatusCode::OK,
        &[
            "杭州青山测绘有限公司",
            &code,
            "张三",
            "浙江省",
            "330106",
            "杭州市西湖区文三路 1 号",
            "0571-88888888",
            "专业从事工程测绘。",
            "信用记录与走势",
            "获奖 0 项",
            &format!("href=\"/catalogue/{item}\""),
            "尚未登记资质证书",
            "未申报关联关系",
        ],
    );
    assert!(!page.body.contains("11010519491231002X"));
    assert!(!page.body.contains("黑名单，已退出"));
    visitor
        .get(&format!("/firms/{}", uuid::Uuid::new_v4()))
        .await
        .assert(StatusCode::NOT_FOUND, &["未找到"]);
    visitor
        .get("/firms/not-an-id")
        .await
        .assert(StatusCode::NOT_FOUND, &["未找到"]);
}

#[tokio::test]
async fn a_wrong_check_character_is_refused_and_nothing_is_stored() {
    let mut b = Browser::new().await;
    b.register_firm("校验位测试公司", "check@example.cn").await;
    let mut wrong = credit_code(2);
    let last = wrong.pop().unwrap();
    wrong.push(if last == '0' { '1' } else { '0' });
    let page = b.enter_firm("校验位测试公司", &wrong, &[]).await;
    page.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &[
            "输入有误",
            "统一社会信用代码校验位不正确，请核对营业执照",
            "href=\"#field-credit_code\"",
            &format!("value=\"{wrong}\""),
            "value=\"校验位测试公司\"",
            "value=\"330106\"",
        ],
    );
    // Several problems at once, each next to its field.
    let page = b
        .enter_firm(
            "校验位测试公司",
            &credit_code(2),
            &[
                ("region_code", "990000"),
                ("commitment", ""),
                ("contact_phone", "abc"),
            ],
        )
        .await;
    page.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["行政区划代码无效", "电话号码无效"],
    );
    assert!(
        b.get("/firm").await.location() == "/firm/enter",
        "nothing stored"
    );
    let all = b
        .services
        .directory(
            &zjcs_domain::rules::directory::DirectoryQuery::parse(&Default::default()).unwrap(),
        )
        .await
        .unwrap();
    assert!(all.firms.is_empty());
}

#[tokio::test]
async fn a_taken_or_black_listed_code_is_refused_on_the_code_field() {
    let mut b = Browser::new().await;
    let code = credit_code(3);
    b.firm_entered("先入驻公司", "first@example.cn", &code)
        .await;

    let mut other = b.another();
    other.register_firm("后来公司", "second@example.cn").await;
    let taken = other.enter_firm("后来公司", &code, &[]).await;
    taken.assert(
        StatusCode::CONFLICT,
        &[
            "统一社会信用代码已被使用",
            "该统一社会信用代码已有机构入驻",
            "href=\"#field-credit_code\"",
            "value=\"后来公司\"",
        ],
    );

    // A code on the black list: refused (403) and published on the black list page.
    use zjcs_domain::store::entities::credit_restriction;
    use zjcs_domain::store::{ActiveModelTrait, Set};
    let banned = credit_code(4);
    credit_restriction::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        kind: Set("blacklist".into()),
        credit_code: Set(banned.clone()),
        reason: Set("提供虚假材料".into()),
        source: Set("市发展改革委".into()),
        starts_at: Set(chrono::Utc::now() - chrono::Duration::days(1)),
        ends_at: Set(None),
        created_at: Set(chrono::Utc::now()),
    }
    .insert(&b.services.db)
    .await
    .unwrap();
    let refused = other.enter_firm("后来公司", &banned, &[]).await;
    refused.assert(
        StatusCode::FORBIDDEN,
        &["该统一社会信用代码在本平台黑名单内", "value=\"后来公司\""],
    );
    other.get("/blacklist").await.assert(
        StatusCode::OK,
        &["黑名单", &banned, "提供虚假材料", "市发展改革委", "长期"],
    );

    // A suspended firm stays listed with a visible mark; a black-listed one leaves the
    // directory, its page carries the banner, and the black list links to it.
    use zjcs_domain::store::EntityTrait;
    use zjcs_domain::store::entities::firm;
    let listed = b.get("/firms").await.link("/firms/");
    let id: uuid::Uuid = listed.trim_start_matches("/firms/").parse().unwrap();
    // Status changes belong to the credit issue; until then the test writes the row itself and,
    // like any writer behind the services' back, records the directory change.
    let set_status = |status: &'static str| {
        let services = b.services.clone();
        async move {
            let tx = zjcs_domain::store::begin_write(&services.db).await.unwrap();
            let m = firm::Entity::find_by_id(id)
                .one(&tx)
                .await
                .unwrap()
                .unwrap();
            let mut m: firm::ActiveModel = m.into();
            m.status = Set(status.into());
            m.update(&tx).await.unwrap();
            zjcs_domain::store::directory::listing_changed(&tx, Some(id))
                .await
                .unwrap();
            tx.commit().await.unwrap();
            services.refresh_directory().await.unwrap();
        }
    };
    set_status("suspended").await;
    other.get("/firms").await.assert(
        StatusCode::OK,
        &["先入驻公司", "<span class=\"badge bad\">暂停</span>"],
    );
    other
        .get(&listed)
        .await
        .assert(StatusCode::OK, &["暂停", "被暂停报名参与项目"]);
    set_status("blacklisted").await;
    credit_restriction::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        kind: Set("blacklist".into()),
        credit_code: Set(code.clone()),
        reason: Set("串通投标".into()),
        source: Set("市公共资源交易中心".into()),
        starts_at: Set(chrono::Utc::now() - chrono::Duration::hours(1)),
        ends_at: Set(Some(chrono::Utc::now() + chrono::Duration::days(365))),
        created_at: Set(chrono::Utc::now()),
    }
    .insert(&b.services.db)
    .await
    .unwrap();
    assert!(!other.get("/firms").await.body.contains("先入驻公司"));
    other.get(&listed).await.assert(
        StatusCode::OK,
        &["该机构已被列入黑名单，已退出中介超市。", "先入驻公司"],
    );
    other.get("/blacklist").await.assert(
        StatusCode::OK,
        &[&format!("href=\"{listed}\""), "先入驻公司", "串通投标"],
    );
}

#[tokio::test]
async fn a_qualification_with_a_pdf_is_declared_and_downloaded() {
    let mut b = Browser::new().await;
    b.firm_entered("资质上传公司", "upload@example.cn", &credit_code(5))
        .await;
    let csrf = b.get("/firm").await.csrf();
    let (content_type, body) = browser_multipart(
        &[
            ("csrf", &csrf),
            ("qual_type", "测绘资质（工程测量专业）"),
            ("grade", "甲级"),
            ("number", "甲测资字 33000123"),
            ("issuer", "自然资源部"),
            ("valid_from", "2024-01-01"),
            ("valid_until", "2099-12-31"),
        ],
        "evidence_file",
        "资质 证书.pdf",
        PDF,
    );
    let done = b
        .post_raw("/firm/qualifications", &content_type, body)
        .await;
    assert_eq!(
        (done.status, done.location()),
        (StatusCode::SEE_OTHER, "/firm?notice=qualification-added"),
        "{}",
        done.body
    );
    let mine = b.get("/firm?notice=qualification-added").await;
    mine.assert(
        StatusCode::OK,
        &[
            "资质证书已登记",
            "测绘资质（工程测量专业）",
            "甲测资字 33000123",
            "有效",
            "/delete",
        ],
    );
    let file = mine.link("/files/");

    // The evidence of a declared qualification is public: a visitor without a login gets it.
    let mut visitor = b.another();
    let download = visitor.get(&file).await;
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(download.body.as_bytes(), PDF);
    assert_eq!(download.header(header::CONTENT_TYPE), "application/pdf");
    assert_eq!(
        download.header(header::CONTENT_DISPOSITION),
        "attachment; filename*=UTF-8''%E8%B5%84%E8%B4%A8%20%E8%AF%81%E4%B9%A6.pdf"
    );
    assert_eq!(download.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    assert_eq!(download.header(header::CONTENT_SECURITY_POLICY), "sandbox");
    assert_eq!(download.header(header::CACHE_CONTROL), "private, no-store");
    visitor
        .get(&format!("/files/{}", uuid::Uuid::new_v4()))
        .await
        .assert(StatusCode::NOT_FOUND, &["未找到"]);
    visitor
        .get("/files/x")
        .await
        .assert(StatusCode::NOT_FOUND, &["未找到"]);

    // An expired certificate is listed, visibly not counting.
    let csrf = b.get("/firm").await.csrf();
    b.post_multipart(
        "/firm/qualifications",
        qualification_form(&csrf, "2024-06-30", "old.pdf", PDF),
    )
    .await;
    let public = visitor.get("/firms").await.link("/firms/");
    visitor.get(&public).await.assert(
        StatusCode::OK,
        &["已过期", "不在有效期内，不计入资质条件", "有效"],
    );

    // Withdrawn: gone from the page.
    let mine = b.get("/firm").await;
    let delete = mine.action("/firm/qualifications/");
    let csrf = mine.csrf();
    let gone = b.post(&delete, &[("csrf", &csrf)]).await;
    assert_eq!(gone.location(), "/firm?notice=qualification-removed");
    b.post(&delete, &[("csrf", &csrf)])
        .await
        .assert(StatusCode::NOT_FOUND, &["未找到"]);
}

#[tokio::test]
async fn a_file_that_is_not_a_pdf_is_refused_on_the_page() {
    let mut b = Browser::new().await;
    b.firm_entered("伪造文件公司", "fake@example.cn", &credit_code(6))
        .await;
    let csrf = b.get("/firm").await.csrf();
    let html = b"<!DOCTYPE html><html><script>alert(1)</script></html>";
    let page = b
        .post_multipart(
            "/firm/qualifications",
            qualification_form(&csrf, "2099-12-31", "x.pdf", html),
        )
        .await;
    page.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &[
            "只接受 PDF、JPEG 或 PNG 文件（按文件内容判断）",
            "href=\"#field-q-evidence_file\"",
            "value=\"甲测资字 33000123\"",
        ],
    );
    // No file at all: the evidence is required.
    let no_file = TestForm::new()
        .text("csrf", &csrf)
        .text("qual_type", "测绘资质")
        .text("number", "1")
        .text("issuer", "部")
        .text("valid_from", "2024-01-01")
        .text("valid_until", "2099-01-01")
        .field(
            TestFormField::bytes(Vec::<u8>::new())
                .name("evidence_file")
                .filename(""),
        );
    b.post_multipart("/firm/qualifications", no_file)
        .await
        .assert(StatusCode::UNPROCESSABLE_ENTITY, &["请上传证明材料"]);
    // Without the CSRF field the upload is refused before anything happens.
    let forged = TestForm::new().text("qual_type", "测绘资质").field(
        TestFormField::bytes(PDF.to_vec())
            .name("evidence_file")
            .filename("a.pdf"),
    );
    b.post_multipart("/firm/qualifications", forged)
        .await
        .assert(StatusCode::FORBIDDEN, &["页面已过期"]);
    // Over 10 MiB: refused on the field; over the 11 MiB a page form may send: 413.
    let mut big = PDF.to_vec();
    big.resize(10 * 1024 * 1024 + 1, b' ');
    b.post_multipart(
        "/firm/qualifications",
        qualification_form(&csrf, "2099-12-31", "big.pdf", &big),
    )
    .await
    .assert(StatusCode::UNPROCESSABLE_ENTITY, &["文件超过 10 MiB"]);
    big.resize(11 * 1024 * 1024 + 1, b' ');
    b.post_multipart(
        "/firm/qualifications",
        qualification_form(&csrf, "2099-12-31", "huge.pdf", &big),
    )
    .await
    .assert(StatusCode::PAYLOAD_TOO_LARGE, &["请求内容过大"]);
    b.get("/firm")
        .await
        .assert(StatusCode::OK, &["尚未登记资质证书"]);
}

#[tokio::test]
async fn practitioners_and_affiliations_are_declared_and_public() {
    let mut b = Browser::new().await;
    b.firm_entered("人员申报公司", "staff@example.cn", &credit_code(7))
        .await;
    let csrf = b.get("/firm").await.csrf();
    let form = TestForm::new()
        .text("csrf", &csrf)
        .text("name", "王五")
        .text("qualification", "注册测绘师")
        .text("certificate_number", "CH-2024-0001")
        .text("valid_until", "")
        .field(
            TestFormField::bytes(PDF.to_vec())
                .name("evidence_file")
                .filename("cert.pdf"),
        );
    let done = b.post_multipart("/firm/practitioners", form).await;
    assert_eq!(
        done.location(),
        "/firm?notice=practitioner-added",
        "{}",
        done.body
    );
    let bad = b
        .post(
            "/firm/affiliations",
            &[("csrf", &csrf), ("department", ""), ("kind", "cousin-of")],
        )
        .await;
    bad.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["请选择关联关系类型", "href=\"#field-a-department\"", "王五"],
    );
    let ok = b
        .post(
            "/firm/affiliations",
            &[
                ("csrf", &csrf),
                ("department", "市自然资源和规划局"),
                ("kind", "supervised-by"),
                ("note", "原下属事业单位"),
            ],
        )
        .await;
    assert_eq!(ok.location(), "/firm?notice=affiliation-added");
    let public = b.get("/firm").await.link("/firms/");
    b.another().get(&public).await.assert(
        StatusCode::OK,
        &[
            "王五",
            "注册测绘师",
            "长期有效",
            "市自然资源和规划局",
            "由该部门主管或挂靠",
            "原下属事业单位",
        ],
    );
}

#[tokio::test]
async fn the_profile_is_edited_with_the_commitment_given_again() {
    let mut b = Browser::new().await;
    let code = credit_code(8);
    b.firm_entered("改名前公司", "edit@example.cn", &code).await;
    let csrf = b.get("/firm").await.csrf();
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("name", "改名后公司"),
        ("credit_code", code.as_str()),
        ("legal_rep_name", "张三"),
        ("legal_rep_id", ""),
        ("region_code", "330106"),
        ("address", "新地址"),
        ("contact_name", "李四"),
        ("contact_phone", "13800138000"),
    ];
    b.post("/firm/profile", &fields).await.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["请确认承诺所填信息和材料真实有效", "value=\"改名后公司\""],
    );
    fields.push(("commitment", "yes"));
    let saved = b.post("/firm/profile", &fields).await;
    assert_eq!(
        saved.location(),
        "/firm?notice=profile-saved",
        "{}",
        saved.body
    );
    b.get("/firm?notice=profile-saved")
        .await
        .assert(StatusCode::OK, &["机构信息已保存", "改名后公司", "新地址"]);
}

#[tokio::test]
async fn the_catalogue_lists_items_with_fees_and_details() {
    let mut b = Browser::new().await;
    b.get("/catalogue")
        .await
        .assert(StatusCode::OK, &["中介服务事项清单", "暂无服务事项"]);
    b.load_demo_catalogue().await;
    let list = b.get("/catalogue").await;
    list.assert(
        StatusCode::OK,
        &[
            "ZJ-HP-01",
            "环境影响评价",
            "市生态环境局",
            "建设项目环境影响评价文件审批",
            "30 个工作日",
            "¥10,000.00–¥500,000.00",
            "href=\"/catalogue\"",
            "href=\"/firms\"",
            "href=\"/blacklist\"",
        ],
    );
    let detail = b.get(&list.link("/catalogue/")).await;
    detail.assert(
        StatusCode::OK,
        &["设立依据", "资质要求", "服务流程", "申请材料", "收费说明"],
    );
    b.get(&format!("/catalogue/{}", uuid::Uuid::new_v4()))
        .await
        .assert(StatusCode::NOT_FOUND, &["未找到"]);
}

#[tokio::test]
async fn the_registry_pages_read_in_english_after_the_switch() {
    let mut b = Browser::new().await;
    b.load_demo_catalogue().await;
    b.get("/lang/en?next=/catalogue").await;
    b.get("/catalogue").await.assert(
        StatusCode::OK,
        &[
            "<html lang=\"en\">",
            "Intermediary service items",
            "Environmental Impact Assessment",
            "30 working days",
            "¥10,000.00–¥500,000.00",
            "Service items",
            "Black list",
        ],
    );
    b.get("/firms?grade=F").await.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["Directory of firms", "The credit grade must be A–E"],
    );
    b.register_firm("English Test Ltd", "en@example.cn").await;
    b.get("/firm/enter").await.assert(
        StatusCode::OK,
        &[
            "Enter your firm",
            "I commit that the information given and the materials uploaded are true and valid",
            "the check character is verified",
            "My firm",
        ],
    );
}

#[tokio::test]
async fn bad_directory_parameters_show_the_form_with_problems() {
    let mut b = Browser::new().await;
    let page = b
        .get("/firms?grade=F&sort=price&region=99&cursor=zz&item=nope&q=%E6%B5%8B")
        .await;
    page.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &[
            "信用等级应为 A–E",
            "排序方式无效",
            "行政区划代码无效",
            "翻页参数无效",
            "编号无效",
            "value=\"测\"",
        ],
    );
    b.get("/firms").await.assert(
        StatusCode::OK,
        &[
            "中介机构名录",
            "没有符合条件的机构",
            "浙江省",
            "信用分（从高到低）",
        ],
    );
}

#[tokio::test]
async fn the_directory_pages_with_a_cursor_keeping_the_filters() {
    use zjcs_domain::i18n::Lang;
    use zjcs_domain::model::firm::FirmProfileInput;
    use zjcs_domain::model::{Actor, Registration};
    let mut b = Browser::new().await;
    for n in 0..21u32 {
        let reg = Registration::parse(
            "intermediary",
            None,
            &format!("测绘{n:02}所"),
            &format!("f{n}@example.cn"),
            PASSWORD,
        )
        .unwrap();
        let (account, _) = b.services.register(reg, Lang::Zh, false).await.unwrap();
        let actor = Actor {
            account_id: account.id,
            role: account.role,
        };
        let input = FirmProfileInput {
            name: format!("测绘{n:02}所"),
            credit_code: credit_code(100 + n),
            legal_rep_name: "张三".into(),
            legal_rep_id: "11010519491231002X".into(),
            region_code: "330106".into(),
            address: "杭州".into(),
            contact_name: "李四".into(),
            contact_phone: "13800138000".into(),
            commitment: true,
            ..Default::default()
        };
        b.services.enter_firm(&actor, &input).await.unwrap();
    }
    let first = b.get("/firms?q=%E6%B5%8B%E7%BB%98&sort=name").await;
    first.assert(StatusCode::OK, &["测绘00所", "测绘19所", "rel=\"next\""]);
    assert!(!first.body.contains("测绘20所"));
    let next = first.link("/firms?");
    assert!(
        next.contains("q=%E6%B5%8B%E7%BB%98")
            && next.contains("sort=name")
            && next.contains("cursor="),
        "{next}"
    );
    let second = b.get(&next).await;
    second.assert(StatusCode::OK, &["测绘20所", "第一页"]);
    assert!(!second.body.contains("测绘00所"));
    assert!(!second.body.contains("rel=\"next\""));
}

#[tokio::test]
async fn an_import_with_a_bad_row_reports_it_and_imports_nothing() {
    let b = Browser::new().await;
    let mut admin = b.admin().await;
    let page = admin.get("/admin/catalogue").await;
    page.assert(
        StatusCode::OK,
        &[
            "事项管理",
            "code,name,name_en,approval,department,legal_basis,qualifications,time_limit_days,fee_min_fen,fee_max_fen,fee_note,workflow,materials",
            "href=\"/admin/catalogue\"",
        ],
    );
    let csv = "code,name,approval,department,time_limit_days,fee_min_fen,fee_max_fen,qualifications,materials\n\
               ZJ-T-01,工程测绘,规划许可,自然资源局,15,500000,5000000,测绘资质:甲级|乙级,委托书;红线图\n\
               ZJ-T-02,安全评价,安全许可,应急管理局,400,,,,\n";
    let form = TestForm::new()
        .text("csrf", page.csrf())
        .text("format", "")
        .field(
            TestFormField::bytes(csv.as_bytes().to_vec())
                .name("file")
                .filename("items.csv")
                .content_type("text/csv"),
        );
    let refused = admin.post_multipart("/admin/catalogue/import", form).await;
    refused.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &[
            "导入被拒绝，未写入任何数据",
            "ZJ-T-02",
            "time_limit_days",
            "超出允许范围",
            "<td class=\"num\">2</td>",
        ],
    );
    assert!(admin.services.list_items(true).await.unwrap().is_empty());

    let good = csv.replace(",400,", ",20,");
    let form = TestForm::new()
        .text("csrf", page.csrf())
        .text("format", "csv")
        .field(
            TestFormField::bytes(good.into_bytes())
                .name("file")
                .filename("items.csv"),
        );
    let done = admin.post_multipart("/admin/catalogue/import", form).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    admin.get(done.location()).await.assert(
        StatusCode::OK,
        &[
            "导入完成：新增 2 项，更新 0 项。",
            "ZJ-T-01",
            "¥5,000.00–¥50,000.00",
        ],
    );
    // A JSON file that is not an array says so on the file field.
    let form = TestForm::new().text("csrf", page.csrf()).field(
        TestFormField::bytes(b"{\"code\": 1}".to_vec())
            .name("file")
            .filename("x.json"),
    );
    admin
        .post_multipart("/admin/catalogue/import", form)
        .await
        .assert(StatusCode::UNPROCESSABLE_ENTITY, &["CSV 表头不正确"]);
    let form = TestForm::new()
        .text("csrf", page.csrf())
        .text("format", "json")
        .field(
            TestFormField::bytes(b"{\"code\": 1}".to_vec())
                .name("file")
                .filename("x.json"),
        );
    admin
        .post_multipart("/admin/catalogue/import", form)
        .await
        .assert(StatusCode::UNPROCESSABLE_ENTITY, &["不是 JSON 数组"]);

    // Firms may not manage the catalogue.
    let mut firm = b.another();
    firm.register_firm("越权公司", "nope@example.cn").await;
    firm.get("/admin/catalogue")
        .await
        .assert(StatusCode::FORBIDDEN, &["无权进行此操作"]);
    assert!(
        !firm
            .get("/firm/enter")
            .await
            .body
            .contains("href=\"/admin/catalogue\"")
    );
}

#[tokio::test]
async fn an_administrator_creates_edits_and_retires_an_item_with_fees_in_yuan() {
    let b = Browser::new().await;
    let mut admin = b.admin().await;
    let csrf = admin.get("/admin/catalogue/new").await.csrf();
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("code", "zj-ch-09"),
        ("name", "房产测绘"),
        ("name_en", "Property surveying"),
        ("approval", "不动产登记"),
        ("department", "市自然资源和规划局"),
        ("qualifications", "测绘资质（不动产测绘专业）:甲级|乙级"),
        ("time_limit_days", "10"),
        ("fee_min", "5,000"),
        ("fee_max", "五万"),
        ("materials", "委托书\n房屋平面图"),
    ];
    admin.post("/admin/catalogue/new", &fields).await.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &[
            "金额格式不正确",
            "href=\"#field-fee_max\"",
            "value=\"房产测绘\"",
            "房屋平面图",
        ],
    );
    fields.retain(|(k, _)| *k != "fee_max");
    fields.push(("fee_max", "50000.00"));
    let created = admin.post("/admin/catalogue/new", &fields).await;
    assert_eq!(
        created.location(),
        "/admin/catalogue?notice=item-created",
        "{}",
        created.body
    );
    let list = admin.get("/admin/catalogue?notice=item-created").await;
    list.assert(
        StatusCode::OK,
        &["事项已新增", "ZJ-CH-09", "¥5,000.00–¥50,000.00", "在用"],
    );
    let edit = list
        .links("/admin/catalogue/")
        .into_iter()
        .find(|l| l.ends_with("/edit"))
        .expect("an edit link");
    admin.get(&edit).await.assert(
        StatusCode::OK,
        &[
            "value=\"5000.00\"",
            "value=\"50000.00\"",
            "测绘资质（不动产测绘专业）:甲级|乙级",
        ],
    );
    // The same code twice is a conflict on the code field.
    let mut dup = fields.clone();
    dup.retain(|(k, _)| *k != "name");
    dup.push(("name", "重复"));
    admin
        .post("/admin/catalogue/new", &dup)
        .await
        .assert(StatusCode::CONFLICT, &["该事项编码已存在"]);

    let id = edit
        .trim_start_matches("/admin/catalogue/")
        .trim_end_matches("/edit")
        .to_owned();
    let retired = admin
        .post(&format!("/admin/catalogue/{id}/retire"), &[("csrf", &csrf)])
        .await;
    assert_eq!(retired.location(), "/admin/catalogue?notice=item-retired");
    let mut visitor = b.another();
    assert!(!visitor.get("/catalogue").await.body.contains("ZJ-CH-09"));
    visitor
        .get(&format!("/catalogue/{id}"))
        .await
        .assert(StatusCode::OK, &["该事项已停用", "房产测绘"]);
    admin
        .get("/admin/catalogue")
        .await
        .assert(StatusCode::OK, &["已停用", "恢复"]);
    let back = admin
        .post(
            &format!("/admin/catalogue/{id}/reinstate"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(back.location(), "/admin/catalogue?notice=item-reinstated");
    visitor
        .get("/catalogue")
        .await
        .assert(StatusCode::OK, &["ZJ-CH-09", "房产测绘"]);
}

#[tokio::test]
async fn announcements_are_listed_filtered_and_shown_and_drafts_stay_private() {
    use zjcs_domain::model::project::ProjectInput;
    let mut b = Browser::new().await;
    b.load_demo_catalogue().await;
    b.get("/projects").await.assert(
        StatusCode::OK,
        &["项目公告", "暂无项目公告", "href=\"/projects\""],
    );
    let survey = b
        .services
        .list_items(false)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.name == "工程测绘")
        .unwrap()
        .id;
    let reg = zjcs_domain::model::Registration::parse(
        "owner",
        Some("company"),
        "西湖置业有限公司",
        "owner@example.cn",
        PASSWORD,
    )
    .unwrap();
    let (acct, _) = b
        .services
        .register(reg, zjcs_domain::i18n::Lang::Zh, false)
        .await
        .unwrap();
    let owner = zjcs_domain::model::Actor {
        account_id: acct.id,
        role: Role::Owner,
    };
    let at = |days: i64| (chrono::Utc::now() + chrono::Duration::days(days)).to_rfc3339();
    let posting = |title: &str| ProjectInput {
        title: title.into(),
        scope: "竣工测量".into(),
        region: "330106".into(),
        budget_fen: 8_000_000,
        service_days: 20,
        fund_source: "self-funded".into(),
        method: "lowest-price".into(),
        registration_deadline: at(10),
        selection_at: at(11),
        contact_name: "王工".into(),
        contact_phone: "0571-87000000".into(),
        ..Default::default()
    };
    let draft = b
        .services
        .create_project(&owner, survey, &posting("草稿项目"))
        .await
        .unwrap();
    let p = b
        .services
        .create_project(&owner, survey, &posting("某地块竣工测绘"))
        .await
        .unwrap();
    let published = b.services.publish_project(&owner, p.id).await.unwrap();

    let list = b.get("/projects").await;
    list.assert(
        StatusCode::OK,
        &[
            "某地块竣工测绘",
            "工程测绘",
            "浙江",
            "竞价选取",
            "¥80,000.00",
            "报名中",
        ],
    );
    assert!(!list.body.contains("草稿项目"), "a draft is not announced");
    b.get("/projects?method=random-draw")
        .await
        .assert(StatusCode::OK, &["暂无项目公告"]);
    b.get("/projects?method=auction")
        .await
        .assert(StatusCode::UNPROCESSABLE_ENTITY, &["请选择选取方式"]);

    let page = b.get(&list.link("/projects/")).await;
    page.assert(
        StatusCode::OK,
        &[
            "西湖置业有限公司",
            "异常低价线（%）: 70",
            "20 天",
            "自筹资金",
            published.seed_commitment.as_deref().unwrap(),
        ],
    );
    b.get(&format!("/projects/{}", draft.id))
        .await
        .assert(StatusCode::NOT_FOUND, &["未找到"]);

    b.services
        .cancel_project(&owner, p.id, "项目调整，暂不实施")
        .await
        .unwrap();
    b.get(&format!("/projects/{}", p.id)).await.assert(
        StatusCode::OK,
        &["已取消", "项目已取消，原因： 项目调整，暂不实施"],
    );
    // In English.
    b.get("/lang/en?next=/projects").await;
    b.get("/projects").await.assert(
        StatusCode::OK,
        &["Project announcements", "Lowest price", "Cancelled"],
    );
}

#[tokio::test]
async fn an_owner_posts_a_project_through_the_wizard_publishes_and_cancels_it() {
    let mut b = Browser::new().await;
    b.load_demo_catalogue().await;
    let reg = zjcs_domain::model::Registration::parse(
        "owner",
        Some("department"),
        "市自然资源和规划局",
        "owner@example.gov.cn",
        PASSWORD,
    )
    .unwrap();
    b.services
        .register(reg, zjcs_domain::i18n::Lang::Zh, false)
        .await
        .unwrap();
    // Only owners reach the wizard.
    b.get("/owner/projects/new")
        .await
        .assert(StatusCode::SEE_OTHER, &[]);
    b.login("owner@example.gov.cn", PASSWORD).await;
    b.get("/owner/projects").await.assert(
        StatusCode::OK,
        &["我的项目", "还没有项目", "href=\"/owner/projects/new\""],
    );

    // Step one: the item; step two: the announcement with the item's requirements to tick.
    let survey = b
        .services
        .list_items(false)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.name == "工程测绘")
        .unwrap()
        .id
        .to_string();
    b.get("/owner/projects/new")
        .await
        .assert(StatusCode::OK, &["选择服务事项", &survey]);
    let form = b.get(&format!("/owner/projects/new?item={survey}")).await;
    form.assert(
        StatusCode::OK,
        &["测绘资质（工程测量专业）（甲级、乙级）", "name=\"req_0\""],
    );
    let csrf = form.csrf();
    let at = |days: i64| {
        (chrono::Utc::now() + chrono::Duration::days(days))
            .with_timezone(&zjcs_domain::model::project::china())
            .format("%Y-%m-%dT17:00")
            .to_string()
    };
    let (deadline, selection) = (at(10), at(11));
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("item", survey.as_str()),
        ("title", "某地块竣工测绘"),
        ("scope", "竣工测量与房产测绘"),
        ("region", "330106"),
        ("budget", "30000"),
        ("service_days", "20"),
        // A department budget must buy competitively: direct selection is refused.
        ("fund_source", "department-budget"),
        ("req_0", "1"),
        ("method", "direct"),
        ("registration_deadline", deadline.as_str()),
        ("selection_at", selection.as_str()),
        ("contact_name", "王工"),
        ("contact_phone", "0571-87000000"),
    ];
    b.post("/owner/projects/new", &fields).await.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &[
            "财政资金购买的技术服务须采用竞争性选取方式",
            "value=\"某地块竣工测绘\"",
            "checked",
        ],
    );
    fields.retain(|(k, _)| *k != "method");
    fields.push(("method", "random-draw"));
    let saved = b.post("/owner/projects/new", &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let page = b.get(saved.location()).await;
    page.assert(
        StatusCode::OK,
        &[
            "草稿已保存",
            "草稿",
            "随机抽取",
            "¥30,000.00",
            "测绘资质（工程测量专业）",
            "发布公告",
        ],
    );
    let id = saved
        .location()
        .trim_start_matches("/projects/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    // Another visitor does not see the draft.
    b.another()
        .get(&format!("/projects/{id}"))
        .await
        .assert(StatusCode::NOT_FOUND, &[]);

    let published = b
        .post(
            &format!("/owner/projects/{id}/publish"),
            &[("csrf", &page.csrf())],
        )
        .await;
    assert_eq!(published.status, StatusCode::SEE_OTHER);
    let page = b.get(published.location()).await;
    page.assert(StatusCode::OK, &["公告已发布", "报名中", "随机抽取的承诺"]);
    assert!(!page.body.contains("发布公告</button>"), "published once");
    b.another()
        .get("/projects")
        .await
        .assert(StatusCode::OK, &["某地块竣工测绘"]);

    let cancelled = b
        .post(
            &format!("/owner/projects/{id}/cancel"),
            &[("csrf", &page.csrf()), ("reason", "规划调整")],
        )
        .await;
    b.get(cancelled.location()).await.assert(
        StatusCode::OK,
        &["项目已取消。", "项目已取消，原因： 规划调整"],
    );
    b.get("/owner/projects")
        .await
        .assert(StatusCode::OK, &["某地块竣工测绘", "已取消"]);
}

/// A firm's browser: registered, entered, with the surveying qualification declared.
async fn qualified_firm(b: &Browser, n: u32) -> Browser {
    let mut f = b.another();
    f.firm_entered(
        &format!("测绘机构{n}"),
        &format!("firm{n}@example.cn"),
        &credit_code(n),
    )
    .await;
    let csrf = f.get("/firm").await.csrf();
    let done = f
        .post_multipart(
            "/firm/qualifications",
            qualification_form(&csrf, "2099-12-31", "cert.pdf", b"%PDF-1.4\n%%EOF\n"),
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    f
}

/// The bid form as a browser sends it (multipart, no file chosen).
fn bid_form(csrf: &str, price: &str, replace: bool) -> TestForm {
    let mut form = TestForm::new().text("csrf", csrf).text("price", price);
    if replace {
        form = form.text("replace", "1");
    }
    form.field(
        TestFormField::bytes(Vec::new())
            .name("plan")
            .filename("")
            .content_type("application/octet-stream"),
    )
}

#[tokio::test]
async fn firms_bid_on_the_page_and_the_owner_selects_and_records_the_contract() {
    let b = Browser::new().await;
    let (_, _, _, path) = contracted_on_the_page(&b).await;
    // The Atom feed carries the announcement and the award notice, linking to the project.
    let feed = b.another().get("/feeds/announcements.atom").await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(
        feed.header(header::CONTENT_TYPE)
            .starts_with("application/atom+xml")
    );
    for text in [
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"",
        "采购公告：某地块竣工测绘",
        "中选公示：某地块竣工测绘（测绘机构1）",
        "<category term=\"award\"/>",
        &format!("{path}\"/>"),
    ] {
        assert!(feed.body.contains(text), "{text} in:\n{}", feed.body);
    }
    assert_eq!(feed.body.matches("<entry>").count(), 2, "{}", feed.body);
}

/// The owner's browser, the winning firm's, the other firm's, and the project's path: a
/// lowest-price project posted, bid on, opened, objected to and contracted, all on the pages.
async fn contracted_on_the_page(b: &Browser) -> (Browser, Browser, Browser, String) {
    b.load_demo_catalogue().await;
    let mut owner = b.another();
    let reg = zjcs_domain::model::Registration::parse(
        "owner",
        Some("company"),
        "某置业有限公司",
        "owner@example.cn",
        PASSWORD,
    )
    .unwrap();
    b.services
        .register(reg, zjcs_domain::i18n::Lang::Zh, false)
        .await
        .unwrap();
    owner.login("owner@example.cn", PASSWORD).await;
    let survey = b
        .services
        .list_items(false)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.name == "工程测绘")
        .unwrap()
        .id
        .to_string();
    let at = |days: i64| {
        (chrono::Utc::now() + chrono::Duration::days(days))
            .with_timezone(&zjcs_domain::model::project::china())
            .format("%Y-%m-%dT17:00")
            .to_string()
    };
    let (deadline, selection) = (at(10), at(11));
    let csrf = owner
        .get(&format!("/owner/projects/new?item={survey}"))
        .await
        .csrf();
    let saved = owner
        .post(
            "/owner/projects/new",
            &[
                ("csrf", csrf.as_str()),
                ("item", survey.as_str()),
                ("title", "某地块竣工测绘"),
                ("scope", "竣工测量与房产测绘"),
                ("region", "330106"),
                ("budget", "80000"),
                ("service_days", "20"),
                ("fund_source", "self-funded"),
                ("req_0", "1"),
                ("method", "lowest-price"),
                ("abnormal_percent", "70"),
                ("registration_deadline", deadline.as_str()),
                ("selection_at", selection.as_str()),
                ("contact_name", "王工"),
                ("contact_phone", "0571-87000000"),
                ("avoid", ""),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let project = saved
        .location()
        .trim_start_matches("/projects/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let path = format!("/projects/{project}");
    // The owner edits the draft from its page, then publishes.
    let edit = owner.get(&format!("/owner/projects/{project}/edit")).await;
    edit.assert(StatusCode::OK, &["value=\"某地块竣工测绘\"", "80000.00"]);
    let page = owner.get(&path).await;
    owner
        .post(
            &format!("/owner/projects/{project}/publish"),
            &[("csrf", &page.csrf())],
        )
        .await;

    // Two firms bid on the page; a bad price is refused on its field and nothing is stored.
    let mut a = qualified_firm(b, 1).await;
    let mut c = qualified_firm(b, 2).await;
    let page = a.get(&path).await;
    page.assert(
        StatusCode::OK,
        &["密封报价（元）", "id=\"register-button\""],
    );
    let refused = a
        .post_multipart(
            &format!("{path}/register"),
            bid_form(&page.csrf(), "六万", false),
        )
        .await;
    refused.assert(StatusCode::UNPROCESSABLE_ENTITY, &["金额"]);
    let refused = a
        .post_multipart(
            &format!("{path}/register"),
            bid_form(&page.csrf(), "90000", false),
        )
        .await;
    refused.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["报价不得高于公告的最高限价"],
    );
    let done = a
        .post_multipart(
            &format!("{path}/register"),
            bid_form(&page.csrf(), "65432.17", false),
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let mine = a.get(done.location()).await;
    mine.assert(
        StatusCode::OK,
        &[
            "报名成功",
            "¥65,432.17",
            "id=\"my-receipt\"",
            "id=\"replace-button\"",
        ],
    );
    let page = c.get(&path).await;
    let done = c
        .post_multipart(
            &format!("{path}/register"),
            bid_form(&page.csrf(), "70000", false),
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    a.get("/firm/registrations")
        .await
        .assert(StatusCode::OK, &["某地块竣工测绘", "¥65,432.17", "已报名"]);

    // Sealed: the owner, the other firm and the public see neither price.
    for viewer in [&mut owner, &mut c] {
        let p = viewer.get(&path).await;
        assert!(!p.body.contains("65,432.17"), "{}", p.body);
    }
    let p = b.another().get(&path).await;
    assert!(!p.body.contains("65,432.17") && !p.body.contains("70,000.00"));

    // The deadline passes; the bids are opened; the lowest wins; the draw checks out.
    zjcs_domain::testing::move_deadline(
        &b.services.db,
        project.parse().unwrap(),
        chrono::Utc::now() - chrono::Duration::seconds(1),
    )
    .await;
    assert!(
        b.services
            .close_project(project.parse().unwrap())
            .await
            .unwrap()
    );
    let public = b.another().get(&path).await;
    public.assert(
        StatusCode::OK,
        &[
            "开标结果",
            "¥65,432.17",
            "¥70,000.00",
            "已用公开数据重新计算，结果一致。",
            "中选公示",
            "测绘机构1",
        ],
    );
    // The other firm objects; the owner dismisses it.
    let page = c.get(&path).await;
    page.assert(StatusCode::OK, &["id=\"objection-form\""]);
    let done = c
        .post(
            &format!("{path}/objections"),
            &[("csrf", &page.csrf()), ("text", "请核实中选机构的业绩")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let page = owner.get(&path).await;
    page.assert(StatusCode::OK, &["请核实中选机构的业绩", "提交答复"]);
    let answer = page.action(&format!("{path}/objections/"));
    let done = owner
        .post(
            &answer,
            &[
                ("csrf", &page.csrf()),
                ("outcome", "dismissed"),
                ("answer", "业绩真实有效"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);

    // After the notice period the owner records the contract; a missing document is refused.
    zjcs_domain::testing::end_notice(&b.services.db, project.parse().unwrap()).await;
    let page = owner.get(&path).await;
    page.assert(StatusCode::OK, &["id=\"contract-form\"", "质疑不成立"]);
    let today = chrono::Utc::now()
        .with_timezone(&zjcs_domain::model::project::china())
        .format("%Y-%m-%d")
        .to_string();
    let contract = |file: &[u8]| {
        TestForm::new()
            .text("csrf", page.csrf())
            .text("signed_on", today.clone())
            .text("price", "65432.17")
            .text("service_days", "20")
            .text("terms", "二十个工作日内交付成果")
            .field(
                TestFormField::bytes(file.to_vec())
                    .name("document")
                    .filename(if file.is_empty() { "" } else { "contract.pdf" })
                    .content_type("application/pdf"),
            )
    };
    let refused = owner
        .post_multipart(&format!("{path}/contract"), contract(b""))
        .await;
    refused.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["请上传已签订的合同文件"],
    );
    let done = owner
        .post_multipart(&format!("{path}/contract"), contract(b"%PDF-1.4\n%%EOF\n"))
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    owner.get(done.location()).await.assert(
        StatusCode::OK,
        &["合同已登记，服务开始。", "已签订合同", "¥65,432.17"],
    );
    (owner, a, c, path)
}

/// The delivery form as a browser sends it: a file (empty name: none chosen) and a note.
fn delivery_form(csrf: &str, file: &[u8], note: &str) -> TestForm {
    TestForm::new().text("csrf", csrf).text("note", note).field(
        TestFormField::bytes(file.to_vec())
            .name("document")
            .filename(if file.is_empty() { "" } else { "result.pdf" })
            .content_type("application/pdf"),
    )
}

#[tokio::test]
async fn the_firm_delivers_the_owner_reviews_and_both_evaluate_on_the_project_page() {
    let b = Browser::new().await;
    let (mut owner, mut a, mut c, path) = contracted_on_the_page(&b).await;
    // The public sees the section and no evaluation, not the delivery itself.
    let public = b.another().get(&path).await;
    public.assert(StatusCode::OK, &["服务与验收", "尚无评价。"]);
    assert!(!public.body.contains("id=\"delivery-facts\""));

    // The firm submits its result; no file, or a file that is not a PDF, is refused on the
    // file's field and nothing is stored.
    let page = a.get(&path).await;
    page.assert(
        StatusCode::OK,
        &["id=\"delivery-form\"", "服务中", "服务期限截止"],
    );
    let refused = a
        .post_multipart(
            &format!("{path}/delivery"),
            delivery_form(&page.csrf(), b"", "初稿"),
        )
        .await;
    refused.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["成果文件", "请先上传成果文件", "href=\"#field-document\""],
    );
    let refused = a
        .post_multipart(
            &format!("{path}/delivery"),
            delivery_form(&page.csrf(), b"not a pdf", "初稿"),
        )
        .await;
    refused.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["只接受 PDF、JPEG 或 PNG 文件"],
    );
    assert!(!refused.body.contains("id=\"delivery-submissions\""));
    let done = a
        .post_multipart(
            &format!("{path}/delivery"),
            delivery_form(
                &page.csrf(),
                b"%PDF-1.4\n%first\n%%EOF\n",
                "竣工测绘成果初稿",
            ),
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let page = a.get(done.location()).await;
    page.assert(
        StatusCode::OK,
        &[
            "成果已提交，已通知业主验收。",
            "成果待验收",
            "竣工测绘成果初稿",
        ],
    );
    assert!(!page.body.contains("id=\"delivery-form\""));

    // The other firm sees neither the delivery nor its file.
    let other = c.get(&path).await;
    assert!(!other.body.contains("竣工测绘成果初稿"));
    let owners = owner.get(&path).await;
    owners.assert(StatusCode::OK, &["id=\"review-form\"", "竣工测绘成果初稿"]);
    let file = owners.link("/documents/");
    let download = owner.get(&file).await;
    assert_eq!(download.status, StatusCode::OK);
    assert!(download.body.starts_with("%PDF-1.4\n%first"));
    assert!(
        download
            .header(header::CONTENT_DISPOSITION)
            .starts_with("attachment")
    );
    assert_eq!(c.get(&file).await.status, StatusCode::NOT_FOUND);

    // Returning needs a reason; returned, the firm sees why and submits again.
    let review = |outcome: &'static str, reason: &'static str, csrf: String| {
        vec![
            ("csrf".to_owned(), csrf),
            ("outcome".to_owned(), outcome.to_owned()),
            ("reason".to_owned(), reason.to_owned()),
        ]
    };
    let refused = owner
        .post_pairs(
            &format!("{path}/delivery/review"),
            &review("return", " ", owners.csrf()),
        )
        .await;
    refused.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["验收意见", "请填写理由", "id=\"review-form\""],
    );
    let done = owner
        .post_pairs(
            &format!("{path}/delivery/review"),
            &review("return", "缺少房产分户图", owners.csrf()),
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let page = a.get(&path).await;
    page.assert(
        StatusCode::OK,
        &[
            "成果已退回，服务继续",
            "缺少房产分户图",
            "id=\"delivery-form\"",
        ],
    );
    let done = a
        .post_multipart(
            &format!("{path}/delivery"),
            delivery_form(&page.csrf(), b"%PDF-1.4\n%second\n%%EOF\n", "补充分户图"),
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let owners = owner.get(&path).await;
    let done = owner
        .post_pairs(
            &format!("{path}/delivery/review"),
            &review("accept", "", owners.csrf()),
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let owners = owner.get(done.location()).await;
    owners.assert(
        StatusCode::OK,
        &[
            "成果已验收，服务结束。",
            "按期完成 +",
            "id=\"evaluation-form\"",
        ],
    );

    // The evaluation: a missing rating is refused on its field and nothing is stored.
    let mut fields = vec![
        ("csrf".to_owned(), owners.csrf()),
        ("quality".to_owned(), "4".to_owned()),
        ("timeliness".to_owned(), "5".to_owned()),
        ("fees".to_owned(), "4".to_owned()),
        ("attitude".to_owned(), "5".to_owned()),
        ("comment".to_owned(), "成果规范，响应及时".to_owned()),
    ];
    let refused = owner
        .post_pairs(&format!("{path}/evaluation"), &fields)
        .await;
    refused.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["执业规范", "评分须为 1–5 的整数", "href=\"#field-conduct\""],
    );
    assert!(b.another().get(&path).await.body.contains("尚无评价。"));
    fields.push(("conduct".to_owned(), "4".to_owned()));
    let done = owner
        .post_pairs(&format!("{path}/evaluation"), &fields)
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let public = b.another().get(&path).await;
    public.assert(
        StatusCode::OK,
        &["id=\"evaluation-public\"", "4.40", "成果规范，响应及时"],
    );
    assert!(!public.body.contains("id=\"evaluation-form\""));

    // The firm replies once, appeals, and rates the owner, whose ratings then show.
    let page = a.get(&path).await;
    page.assert(
        StatusCode::OK,
        &[
            "id=\"reply-form\"",
            "id=\"appeal-form\"",
            "id=\"owner-rating-form\"",
        ],
    );
    let done = a
        .post(
            &format!("{path}/evaluation/reply"),
            &[("csrf", &page.csrf()), ("reply", "感谢业主的认可")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let done = a
        .post(
            &format!("{path}/evaluation/appeal"),
            &[("csrf", &page.csrf()), ("reason", "收费一项与合同约定不符")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let refused = a
        .post(
            &format!("{path}/owner-rating"),
            &[
                ("csrf", &page.csrf()),
                ("closing_out", "6"),
                ("payment", "4"),
            ],
        )
        .await;
    refused.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["按时验收", "评分须为 1–5 的整数"],
    );
    let done = a
        .post(
            &format!("{path}/owner-rating"),
            &[
                ("csrf", &page.csrf()),
                ("closing_out", "5"),
                ("payment", "4"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let page = a.get(done.location()).await;
    page.assert(
        StatusCode::OK,
        &[
            "对业主的评价已提交。",
            "感谢业主的认可",
            "申诉待处理",
            "按时验收 5.00，按约付款 4.00（1 条）",
        ],
    );
    for form in ["reply-form", "appeal-form", "owner-rating-form"] {
        assert!(!page.body.contains(&format!("id=\"{form}\"")), "{form}");
    }

    // A regulator decides the appeal from the queue; other roles may not see it.
    assert_eq!(a.get("/credit/appeals").await.status, StatusCode::FORBIDDEN);
    let mut r = regulator(&b).await;
    let queue = r.get("/credit/appeals").await;
    queue.assert(
        StatusCode::OK,
        &["某地块竣工测绘", "测绘机构1", "收费一项与合同约定不符"],
    );
    let decide = queue.action("/credit/appeals/");
    let refused = r
        .post(
            &without_fragment(&decide),
            &[
                ("csrf", &queue.csrf()),
                ("decision", "uphold"),
                ("reason", ""),
            ],
        )
        .await;
    refused.assert(StatusCode::UNPROCESSABLE_ENTITY, &["请填写理由"]);
    let done = r
        .post(
            &without_fragment(&decide),
            &[
                ("csrf", &queue.csrf()),
                ("decision", "uphold"),
                ("reason", "合同约定的收费已核实"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    r.get(done.location()).await.assert(
        StatusCode::OK,
        &["申诉成立，该评价不再计分。", "没有待处理的申诉。"],
    );
    b.another().get(&path).await.assert(
        StatusCode::OK,
        &["申诉成立，评价不计分", "合同约定的收费已核实"],
    );
}

/// The complaint form as a browser sends it.
fn complaint_form(csrf: &str, fields: &[(&str, &str)], file: &[u8]) -> TestForm {
    let mut form = TestForm::new().text("csrf", csrf);
    for (k, v) in fields {
        form = form.text(*k, *v);
    }
    form.field(
        TestFormField::bytes(file.to_vec())
            .name("evidence")
            .filename(if file.is_empty() { "" } else { "evidence.pdf" })
            .content_type("application/pdf"),
    )
}

#[tokio::test]
async fn complaints_are_filed_on_the_form_handled_by_a_regulator_and_published() {
    let b = Browser::new().await;
    let mut x = qualified_firm(&b, 1).await;
    let mut y = qualified_firm(&b, 2).await;
    let firm = b
        .services
        .firm_id_by_credit_code(&credit_code(1))
        .await
        .unwrap()
        .unwrap()
        .to_string();
    // The firm's page links to the form, pre-filled.
    let page = b.another().get(&format!("/firms/{firm}")).await;
    let href = page.link("/complaints/new");
    let mut public = b.another();
    let form = public.get(&href).await;
    form.assert(
        StatusCode::OK,
        &[
            "我要投诉",
            "value=\"firm\" selected",
            &firm,
            "id=\"field-contact\"",
        ],
    );
    // Anonymous without a contact: refused field by field, nothing stored.
    let fields = [
        ("subject", "firm"),
        ("subject_id", firm.as_str()),
        ("facts", "该机构在成果报告中伪造测量数据"),
        ("rule", "测绘成果质量管理规定"),
    ];
    let refused = public
        .post_multipart(
            "/complaints/new",
            complaint_form(&form.csrf(), &fields, b""),
        )
        .await;
    refused.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &[
            "联系人",
            "联系方式",
            "href=\"#field-contact\"",
            "该机构在成果报告中伪造测量数据",
        ],
    );
    let mut with_contact = fields.to_vec();
    with_contact.push(("contact_name", "王先生"));
    with_contact.push(("contact", "wang@example.cn"));
    let filed = public
        .post_multipart(
            "/complaints/new",
            complaint_form(&form.csrf(), &with_contact, b""),
        )
        .await;
    filed.assert(
        StatusCode::CREATED,
        &["投诉已提交", "id=\"complaint-reference\""],
    );

    // A firm with an account: a file that is not a PDF is refused and nothing is stored.
    let form = y.get(&href).await;
    assert!(!form.body.contains("id=\"field-contact\""));
    let refused = y
        .post_multipart(
            "/complaints/new",
            complaint_form(&form.csrf(), &fields, b"not a pdf"),
        )
        .await;
    refused.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["只接受 PDF、JPEG 或 PNG 文件"],
    );
    let done = y
        .post_multipart(
            "/complaints/new",
            complaint_form(&form.csrf(), &fields, b"%PDF-1.4\n%%EOF\n"),
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let case = done.location().split('?').next().unwrap().to_owned();
    y.get(done.location()).await.assert(
        StatusCode::OK,
        &[
            "投诉已提交。",
            "待受理",
            "测绘成果质量管理规定",
            "/documents/",
        ],
    );
    // The respondent reads the case; a stranger does not; the queue is for regulators.
    x.get(&case).await.assert(StatusCode::OK, &["待受理"]);
    assert_eq!(
        b.another().another().get("/complaints").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(x.get("/complaints").await.status, StatusCode::FORBIDDEN);

    let mut r = regulator(&b).await;
    let queue = r.get("/complaints").await;
    queue.assert(StatusCode::OK, &["测绘成果质量管理规定", "测绘机构1"]);
    let cases: Vec<String> = queue
        .links("/complaints/")
        .into_iter()
        .filter(|l| uuid::Uuid::parse_str(l.trim_start_matches("/complaints/")).is_ok())
        .collect();
    assert_eq!(cases.len(), 2, "two open cases: {cases:?}");
    let page = r.get(&case).await;
    page.assert(
        StatusCode::OK,
        &["id=\"accept-button\"", "id=\"reject-button\""],
    );
    // Rejecting needs a reason; accept, investigate, uphold with a deduction.
    let step = |step: &str, reason: &str, points: &str, csrf: &str| {
        vec![
            ("csrf".to_owned(), csrf.to_owned()),
            ("step".to_owned(), step.to_owned()),
            ("reason".to_owned(), reason.to_owned()),
            ("points".to_owned(), points.to_owned()),
        ]
    };
    let steps = format!("{case}/steps");
    let refused = r
        .post_pairs(&steps, &step("reject", "", "", &page.csrf()))
        .await;
    refused.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["请填写理由", "id=\"step-form\""],
    );
    for (s, notice) in [("accept", "已受理。"), ("investigate", "已开始调查。")] {
        let done = r.post_pairs(&steps, &step(s, "", "", &page.csrf())).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        r.get(done.location())
            .await
            .assert(StatusCode::OK, &[notice]);
    }
    let refused = r
        .post_pairs(&steps, &step("uphold", "数据伪造属实", "-50", &page.csrf()))
        .await;
    refused.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["信用扣分", "数据伪造属实"],
    );
    let done = r
        .post_pairs(&steps, &step("uphold", "数据伪造属实", "-10", &page.csrf()))
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    r.get(done.location())
        .await
        .assert(StatusCode::OK, &["投诉成立，已通知各方并公示。", "-10"]);
    // Published, without who complained; the firm's credit shows the deduction.
    let outcomes = b.another().get("/complaints/outcomes").await;
    outcomes.assert(
        StatusCode::OK,
        &[
            "投诉成立",
            "测绘机构1",
            "数据伪造属实",
            "测绘成果质量管理规定",
        ],
    );
    assert!(!outcomes.body.contains("wang@example.cn") && !outcomes.body.contains("伪造测量数据"));
    b.another()
        .get(&format!("/firms/{firm}"))
        .await
        .assert(StatusCode::OK, &["投诉成立", "数据伪造属实"]);
    // Still grade A at 90, but the upheld complaint keeps it off the red list; the other firm
    // (A, no complaint) is on it.
    let red = b.another().get("/redlist").await;
    red.assert(StatusCode::OK, &["红名单", "测绘机构2", "24 个月"]);
    assert!(!red.body.contains(">测绘机构1<"), "{}", red.body);
    // The red list's feed: the same firms.
    let feed = b.another().get("/feeds/redlist.atom").await;
    feed.assert(
        StatusCode::OK,
        &[
            "<title>中介超市红名单</title>",
            "测绘机构2",
            "列入红名单，信用分",
        ],
    );
    assert!(!feed.body.contains("测绘机构1（"), "{}", feed.body);
}

/// A second browser logged in as a new regulator.
async fn regulator(b: &Browser) -> Browser {
    b.services
        .create_privileged(
            Role::Regulator,
            Email::parse("jg@example.gov.cn").unwrap(),
            DisplayName::parse("市场监管局", "name").unwrap(),
            Password::parse_new(PASSWORD, "password").unwrap(),
        )
        .await
        .unwrap();
    let mut r = b.another();
    r.login("jg@example.gov.cn", PASSWORD).await;
    r
}

#[tokio::test]
async fn a_regulator_records_credit_entries_on_the_firm_page_and_the_public_sees_them() {
    let mut firm = Browser::new().await;
    firm.firm_entered("杭州信用测绘有限公司", "xy@example.cn", &credit_code(71))
        .await;
    let mut visitor = firm.another();
    let path = visitor.get("/firms").await.link("/firms/");
    let action = format!("{path}/credit-events");

    // The public sees the credit section, its chart and an empty ledger; no form.
    let page = visitor.get(&path).await;
    page.assert(
        StatusCode::OK,
        &[
            "id=\"credit\"",
            "信用分走势",
            "role=\"img\"",
            "aria-label=\"信用分走势：从 100 到 100\"",
            "暂无信用记录",
            "正常",
            "第 1 版",
            "href=\"/credit\"",
        ],
    );
    assert!(!page.body.contains(&action), "no form for the public");
    assert!(!page.body.contains("信用警示"));
    // The firm itself may not record anything about itself.
    let csrf = firm.get("/firm").await.csrf();
    firm.post(
        &action,
        &[
            ("csrf", &csrf),
            ("kind", "manual"),
            ("points", "10"),
            ("reason", "自评"),
        ],
    )
    .await
    .assert(StatusCode::FORBIDDEN, &["无权进行此操作"]);

    let mut r = regulator(&firm).await;
    let page = r.get(&path).await;
    page.assert(
        StatusCode::OK,
        &[
            &format!("action=\"{action}#credit-record\""),
            "记录信用事项",
            "串通投标",
        ],
    );
    let csrf = page.csrf();
    // No reason: refused, the points kept.
    r.post(
        &action,
        &[
            ("csrf", &csrf),
            ("kind", "manual"),
            ("points", "-15"),
            ("reason", " "),
        ],
    )
    .await
    .assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &[
            "请填写理由",
            "href=\"#field-credit-reason\"",
            "value=\"-15\"",
        ],
    );
    // Points that are not a number, and points out of range.
    r.post(
        &action,
        &[
            ("csrf", &csrf),
            ("kind", "manual"),
            ("points", "十五"),
            ("reason", "逾期"),
        ],
    )
    .await
    .assert(StatusCode::UNPROCESSABLE_ENTITY, &["不是整数", "逾期"]);
    r.post(
        &action,
        &[
            ("csrf", &csrf),
            ("kind", "manual"),
            ("points", "-80"),
            ("reason", "逾期"),
        ],
    )
    .await
    .assert(StatusCode::UNPROCESSABLE_ENTITY, &["−50 至 50"]);
    // A veto without its item.
    r.post(
        &action,
        &[
            ("csrf", &csrf),
            ("kind", "veto"),
            ("veto_item", ""),
            ("reason", "串标"),
        ],
    )
    .await
    .assert(StatusCode::UNPROCESSABLE_ENTITY, &["请选择否决项"]);
    assert!(
        firm.services
            .firm_credit(path_id(&path))
            .await
            .unwrap()
            .events
            .is_empty()
    );

    // Two deductions, the second with a typed minus sign.
    for (points, reason) in [
        ("-15", "未按合同约定时限提交成果"),
        ("−10", "成果质量不合格，返工"),
    ] {
        let done = r
            .post(
                &action,
                &[
                    ("csrf", &csrf),
                    ("kind", "manual"),
                    ("points", points),
                    ("reason", reason),
                ],
            )
            .await;
        assert_eq!(
            (done.status, done.location()),
            (
                StatusCode::SEE_OTHER,
                format!("{path}?notice=credit-recorded#credit").as_str()
            ),
            "{}",
            done.body
        );
    }
    r.get(&format!("{path}?notice=credit-recorded"))
        .await
        .assert(StatusCode::OK, &["信用事项已记录"]);
    let page = visitor.get(&path).await;
    page.assert(
        StatusCode::OK,
        &[
            "<dd class=\"credit-grade\">C</dd>",
            "<dd class=\"credit-score\">75</dd>",
            "监管调整",
            "−15",
            "−10",
            "未按合同约定时限提交成果",
            "成果质量不合格，返工",
            "<svg",
            "<polyline",
            "信用分走势：从 100 到 75",
        ],
    );
    assert!(!page.body.contains(&action), "still no form for the public");
    // The newest first.
    assert!(page.body.find("成果质量不合格").unwrap() < page.body.find("未按合同约定").unwrap());

    // Grade D carries the public warning.
    r.post(
        &action,
        &[
            ("csrf", &csrf),
            ("kind", "manual"),
            ("points", "-10"),
            ("reason", "再次逾期"),
        ],
    )
    .await;
    visitor.get(&path).await.assert(
        StatusCode::OK,
        &["信用警示", "<dd class=\"credit-grade\">D</dd>"],
    );
    visitor.get("/firms").await.assert(
        StatusCode::OK,
        &["<span class=\"badge warn\">信用警示</span>"],
    );

    // The public credit page counts the firm under D.
    visitor.get("/credit").await.assert(
        StatusCode::OK,
        &[
            "信用公示",
            "data-grade=\"D\">1<",
            "data-grade=\"A\">0<",
            "role=\"img\"",
            "目前没有暂停报名的机构",
            "href=\"/blacklist\"",
            "A ≥ 90 · B ≥ 80 · C ≥ 70 · D ≥ 60 · E &#60; 60",
            "第 1 版",
        ],
    );
    // A voided entry (an upheld appeal) stays on the ledger, marked and struck through.
    use zjcs_domain::store::entities::credit_event;
    use zjcs_domain::store::{ColumnTrait, EntityTrait, Expr, QueryFilter};
    credit_event::Entity::update_many()
        .col_expr(
            credit_event::Column::VoidedAt,
            Expr::value(Some(chrono::Utc::now())),
        )
        .col_expr(
            credit_event::Column::VoidReason,
            Expr::value(Some("申诉成立".to_owned())),
        )
        .filter(credit_event::Column::Reason.eq("再次逾期"))
        .exec(&firm.services.db)
        .await
        .unwrap();
    visitor.get(&path).await.assert(
        StatusCode::OK,
        &["已撤销", "申诉成立", "<s>−10</s>", "再次逾期"],
    );

    // In English too.
    visitor.get("/lang/en?next=/credit").await;
    visitor.get(&path).await.assert(
        StatusCode::OK,
        &["Credit warning", "Regulator&#39;s adjustment"],
    );
}

#[tokio::test]
async fn a_veto_item_black_lists_the_firm_and_its_page_says_until_when() {
    let mut firm = Browser::new().await;
    firm.firm_entered("杭州否决测绘有限公司", "fj@example.cn", &credit_code(72))
        .await;
    let mut r = regulator(&firm).await;
    let path = r.get("/firms").await.link("/firms/");
    let csrf = r.get(&path).await.csrf();
    let done = r
        .post(
            &format!("{path}/credit-events"),
            &[
                ("csrf", &csrf),
                ("kind", "veto"),
                ("points", "ignored"),
                ("veto_item", "bid-rigging"),
                ("reason", "与他人串通投标"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    r.get(&path).await.assert(
        StatusCode::OK,
        &[
            "已列入黑名单，至",
            "否决项：串通投标",
            "与他人串通投标",
            "E</dd>",
        ],
    );
    r.get("/blacklist").await.assert(
        StatusCode::OK,
        &["杭州否决测绘有限公司", "href=\"/feeds/blacklist.atom\""],
    );
    // The black list's feed carries the listing, with its reason and the firm's page.
    let feed = firm.another().get("/feeds/blacklist.atom").await;
    feed.assert(
        StatusCode::OK,
        &[
            "<title>中介超市黑名单</title>",
            "杭州否决测绘有限公司",
            "列入黑名单：",
            &format!("{path}\"/>"),
        ],
    );
    assert!(
        feed.header(header::CONTENT_TYPE)
            .starts_with("application/atom+xml")
    );
}

/// The policy form's fields with the default policy's values, `changes` applied.
fn policy_fields<'a>(csrf: &'a str, changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("csrf", csrf),
        ("base", "100"),
        ("eval_1", "-6"),
        ("eval_2", "-3"),
        ("eval_3", "0"),
        ("eval_4", "1"),
        ("eval_5", "2"),
        ("on_time_points", "1"),
        ("late_points", "-2"),
        ("very_late_after_days", "10"),
        ("very_late_points", "-5"),
        ("refused_to_sign_points", "-10"),
        ("refusals_to_suspend", "3"),
        ("complaint_min", "-20"),
        ("complaint_max", "-5"),
        ("full_weight_months", "12"),
        ("older_weight_percent", "50"),
        ("window_months", "24"),
        ("line_a", "90"),
        ("line_b", "80"),
        ("line_c", "70"),
        ("line_d", "60"),
        ("suspension_months", "6"),
        ("blacklist_months", "36"),
        ("reason", ""),
    ];
    for (k, v) in changes {
        fields.retain(|(f, _)| f != k);
        fields.push((k, v));
    }
    fields
}

#[tokio::test]
async fn an_administrator_adopts_a_new_credit_policy_and_firms_are_regraded() {
    let mut firm = Browser::new().await;
    firm.firm_entered("杭州政策测绘有限公司", "zc@example.cn", &credit_code(73))
        .await;
    let mut anonymous = firm.another();
    let login = anonymous.get("/admin/credit-policy").await;
    assert_eq!(
        (login.status, login.location()),
        (StatusCode::SEE_OTHER, "/login")
    );
    firm.get("/admin/credit-policy")
        .await
        .assert(StatusCode::FORBIDDEN, &["无权进行此操作"]);
    let csrf = firm.get("/firm").await.csrf();
    firm.post(
        "/admin/credit-policy",
        &policy_fields(&csrf, &[("reason", "x")]),
    )
    .await
    .assert(StatusCode::FORBIDDEN, &["无权进行此操作"]);

    let mut admin = firm.admin().await;
    let page = admin.get("/admin/credit-policy").await;
    page.assert(
        StatusCode::OK,
        &[
            "href=\"/admin/credit-policy\"",
            "第 1 版",
            "默认政策",
            "name=\"line_a\" type=\"text\" inputmode=\"numeric\" maxlength=\"6\" value=\"90\"",
            "name=\"eval_1\" type=\"text\" inputmode=\"numeric\" maxlength=\"6\" value=\"-6\"",
            "name=\"complaint_min\" type=\"text\" inputmode=\"numeric\" maxlength=\"6\" value=\"-20\"",
        ],
    );
    let csrf = page.csrf();
    // A number that does not read, lines out of order, no reason: each named, values kept.
    admin
        .post(
            "/admin/credit-policy",
            &policy_fields(&csrf, &[("line_a", "九十"), ("base", "-1")]),
        )
        .await
        .assert(
            StatusCode::UNPROCESSABLE_ENTITY,
            &[
                "不是整数",
                "href=\"#field-lines\"",
                "基准分须在 0 至 1000 之间",
                "value=\"九十\"",
            ],
        );
    admin
        .post(
            "/admin/credit-policy",
            &policy_fields(&csrf, &[("line_b", "95")]),
        )
        .await
        .assert(
            StatusCode::UNPROCESSABLE_ENTITY,
            &[
                "等级分数线须从 A 到 D 严格递减",
                "请填写理由",
                "value=\"95\"",
            ],
        );
    // Stricter lines: the baseline 100 is no longer A.
    let done = admin
        .post(
            "/admin/credit-policy",
            &policy_fields(
                &csrf,
                &[
                    ("line_a", "110"),
                    ("line_b", "100"),
                    ("reason", "提高 A 级门槛"),
                ],
            ),
        )
        .await;
    assert_eq!(
        (done.status, done.location()),
        (
            StatusCode::SEE_OTHER,
            "/admin/credit-policy?saved=2&changed=1"
        ),
        "{}",
        done.body
    );
    admin.get(done.location()).await.assert(
        StatusCode::OK,
        &[
            "已启用第 2 版信用政策，1 家机构的信用随之变化。",
            "第 2 版",
            "提高 A 级门槛",
            "value=\"110\"",
        ],
    );
    // A hand-made notice link shows nothing of its own.
    let odd = admin
        .get("/admin/credit-policy?saved=%3Cb%3E&changed=1")
        .await;
    odd.assert(StatusCode::OK, &[]);
    assert!(!odd.body.contains("已启用"));
    anonymous.get("/credit").await.assert(
        StatusCode::OK,
        &["A ≥ 110 · B ≥ 100", "第 2 版", "data-grade=\"B\">1<"],
    );
    let path = anonymous.get("/firms").await.link("/firms/");
    anonymous.get(&path).await.assert(
        StatusCode::OK,
        &["<dd class=\"credit-grade\">B</dd>", "第 2 版"],
    );
}

/// The id in a `/firms/<id>` path.
fn path_id(path: &str) -> uuid::Uuid {
    uuid::Uuid::parse_str(path.trim_start_matches("/firms/")).unwrap()
}

#[tokio::test]
async fn a_firm_at_grade_e_is_listed_as_suspended_and_later_as_awaiting_a_repair() {
    let mut firm = Browser::new().await;
    firm.firm_entered("杭州暂停测绘有限公司", "zt@example.cn", &credit_code(74))
        .await;
    let mut r = regulator(&firm).await;
    let path = r.get("/firms").await.link("/firms/");
    let action = format!("{path}/credit-events");
    let csrf = r.get(&path).await.csrf();
    // Without the form's token nothing is recorded.
    r.post(
        &action,
        &[
            ("kind", "manual"),
            ("points", "-45"),
            ("reason", "严重失信"),
        ],
    )
    .await
    .assert(StatusCode::FORBIDDEN, &[]);
    let done = r
        .post(
            &action,
            &[
                ("csrf", &csrf),
                ("kind", "manual"),
                ("points", "-45"),
                ("reason", "严重失信"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let credit = firm.services.firm_credit(path_id(&path)).await.unwrap();
    let until = credit.suspended_until.expect("suspended until a day");
    let until = (until + chrono::Duration::hours(8))
        .format("%Y-%m-%d")
        .to_string();
    let mut visitor = firm.another();
    visitor.get(&path).await.assert(
        StatusCode::OK,
        &[
            &format!("暂停报名，至 {until}"),
            "<dd class=\"credit-grade\">E</dd>",
            "<dd class=\"credit-score\">55</dd>",
        ],
    );
    visitor.get("/credit").await.assert(
        StatusCode::OK,
        &["杭州暂停测绘有限公司", &until, "data-grade=\"E\">1<"],
    );
    // After the period, still at grade E: waiting for a credit repair.
    firm.services
        .recompute_credit_at(chrono::Utc::now() + chrono::Duration::days(200))
        .await
        .unwrap();
    visitor
        .get(&path)
        .await
        .assert(StatusCode::OK, &["暂停期已满，等待信用修复"]);
    visitor
        .get("/credit")
        .await
        .assert(StatusCode::OK, &["杭州暂停测绘有限公司", "等待信用修复"]);
}

/// Strips the fragment of a form's action.
fn without_fragment(action: &str) -> String {
    action.split('#').next().unwrap_or(action).to_owned()
}

#[tokio::test]
async fn a_firm_waiting_for_a_repair_applies_and_a_regulator_refuses_then_approves() {
    let mut firm = Browser::new().await;
    firm.firm_entered("杭州修复测绘有限公司", "xf@example.cn", &credit_code(75))
        .await;
    let mut r = regulator(&firm).await;
    let path = r.get("/firms").await.link("/firms/");
    let csrf = r.get(&path).await.csrf();
    let done = r
        .post(
            &format!("{path}/credit-events"),
            &[
                ("csrf", &csrf),
                ("kind", "manual"),
                ("points", "-45"),
                ("reason", "严重失信"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    // Suspended, the period running: nothing to apply for yet.
    let page = firm.get("/firm").await;
    page.assert(StatusCode::OK, &[]);
    assert!(!page.body.contains("action=\"/firm/credit-repairs"));
    // The period over, still grade E: the page explains and offers the form.
    firm.services
        .recompute_credit_at(chrono::Utc::now() + chrono::Duration::days(200))
        .await
        .unwrap();
    let page = firm.get("/firm").await;
    page.assert(
        StatusCode::OK,
        &[
            "id=\"repair\"",
            "申请信用修复",
            "暂停报名期已满，但信用等级仍为 E",
            "action=\"/firm/credit-repairs#repair\"",
        ],
    );
    let csrf = page.csrf();
    // Refusals show the form again with the text kept.
    firm.post(
        "/firm/credit-repairs",
        &[("csrf", &csrf), ("statement", "  "), ("evidence_file", "")],
    )
    .await
    .assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["请填写理由", "href=\"#field-r-statement\""],
    );
    firm.post(
        "/firm/credit-repairs",
        &[
            ("csrf", &csrf),
            ("statement", "已整改：补充质量管理制度"),
            ("evidence_file", "not-a-file"),
        ],
    )
    .await
    .assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &[
            "证明材料不存在或不属于本机构",
            ">已整改：补充质量管理制度</textarea>",
        ],
    );
    // Without the token nothing happens.
    firm.post("/firm/credit-repairs", &[("statement", "已整改")])
        .await
        .assert(StatusCode::FORBIDDEN, &[]);
    let done = firm
        .post(
            "/firm/credit-repairs",
            &[
                ("csrf", &csrf),
                ("statement", "已整改：补充质量管理制度"),
                ("evidence_file", ""),
            ],
        )
        .await;
    assert_eq!(
        (done.status, done.location()),
        (StatusCode::SEE_OTHER, "/firm?notice=repair-applied#repair"),
        "{}",
        done.body
    );
    let page = firm.get("/firm?notice=repair-applied").await;
    page.assert(
        StatusCode::OK,
        &["信用修复申请已提交。", "正等待监管部门审核", "待审核"],
    );
    assert!(!page.body.contains("action=\"/firm/credit-repairs"));
    // One pending application at a time.
    firm.post(
        "/firm/credit-repairs",
        &[("csrf", &csrf), ("statement", "再次申请")],
    )
    .await
    .assert(
        StatusCode::CONFLICT,
        &["贵机构已有一份待处理的信用修复申请", ">再次申请</textarea>"],
    );

    // The queue is the regulators' alone.
    firm.get("/credit/repairs")
        .await
        .assert(StatusCode::FORBIDDEN, &[]);
    let admin = firm.admin().await;
    let mut admin = admin;
    admin
        .get("/credit/repairs")
        .await
        .assert(StatusCode::FORBIDDEN, &[]);
    let anonymous = firm.another().get("/credit/repairs").await;
    assert_eq!(
        (anonymous.status, anonymous.location()),
        (StatusCode::SEE_OTHER, "/login")
    );
    let queue = r.get("/credit/repairs").await;
    queue.assert(
        StatusCode::OK,
        &[
            "href=\"/credit/repairs\"",
            "杭州修复测绘有限公司",
            &format!("href=\"{path}#credit\""),
            "已整改：补充质量管理制度",
            "grade-e",
            "href=\"/credit/repairs?all=1\"",
        ],
    );
    let action = without_fragment(&queue.action("/credit/repairs/"));
    let csrf = queue.csrf();
    // A decision needs a reason; the queue shows the problem on the row.
    r.post(
        &action,
        &[("csrf", &csrf), ("decision", "refuse"), ("reason", " ")],
    )
    .await
    .assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["请填写理由", "href=\"#field-decision-reason\""],
    );
    let done = r
        .post(
            &action,
            &[
                ("csrf", &csrf),
                ("decision", "refuse"),
                ("reason", "整改材料不足"),
            ],
        )
        .await;
    assert_eq!(
        (done.status, done.location()),
        (
            StatusCode::SEE_OTHER,
            "/credit/repairs?notice=repair-refused"
        ),
        "{}",
        done.body
    );
    r.get(done.location()).await.assert(
        StatusCode::OK,
        &["已驳回信用修复申请。", "没有待审核的申请。"],
    );
    r.get("/credit/repairs?all=1")
        .await
        .assert(StatusCode::OK, &["整改材料不足", "已驳回"]);
    // Decided once only.
    r.post(
        &action,
        &[
            ("csrf", &csrf),
            ("decision", "approve"),
            ("reason", "整改到位"),
        ],
    )
    .await
    .assert(StatusCode::CONFLICT, &["该申请已作出决定", "整改材料不足"]);
    // The firm reads the refusal and applies again.
    let page = firm.get("/firm").await;
    page.assert(
        StatusCode::OK,
        &[
            "已驳回",
            "整改材料不足",
            "action=\"/firm/credit-repairs#repair\"",
        ],
    );
    let done = firm
        .post(
            "/firm/credit-repairs",
            &[("csrf", &page.csrf()), ("statement", "补充了整改报告")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let queue = r.get("/credit/repairs").await;
    let action = without_fragment(&queue.action("/credit/repairs/"));
    let done = r
        .post(
            &action,
            &[
                ("csrf", &queue.csrf()),
                ("decision", "approve"),
                ("reason", "整改到位"),
            ],
        )
        .await;
    assert_eq!(
        (done.status, done.location()),
        (
            StatusCode::SEE_OTHER,
            "/credit/repairs?notice=repair-approved"
        ),
        "{}",
        done.body
    );
    r.get(done.location()).await.assert(
        StatusCode::OK,
        &["已批准信用修复，该机构恢复为 D 级。", "没有待审核的申请。"],
    );
    // The firm is listed again at grade D, with the repair on its public ledger.
    let mut visitor = firm.another();
    visitor.get(&path).await.assert(
        StatusCode::OK,
        &[
            "<dd class=\"credit-grade\">D</dd>",
            "正常",
            "信用修复",
            "整改到位",
        ],
    );
    let page = firm.get("/firm").await;
    page.assert(StatusCode::OK, &["已批准", "整改到位"]);
    assert!(!page.body.contains("action=\"/firm/credit-repairs"));
}

/// A dishonesty-list CSV file as an upload.
fn dishonesty_form(csrf: &str, csv: &str) -> TestForm {
    TestForm::new().text("csrf", csrf).field(
        TestFormField::bytes(csv.as_bytes().to_vec())
            .name("file")
            .filename("dishonesty.csv")
            .content_type("text/csv"),
    )
}

#[tokio::test]
async fn the_dishonesty_list_is_imported_by_a_regulator_and_read_by_everybody() {
    let mut firm = Browser::new().await;
    let listed = credit_code(76);
    let elsewhere = credit_code(77);
    firm.firm_entered("杭州失信测绘有限公司", "sx@example.cn", &listed)
        .await;
    let mut visitor = firm.another();
    let page = visitor.get("/dishonesty-list").await;
    page.assert(StatusCode::OK, &["失信名单暂无在效记录。"]);
    assert!(!page.body.contains("action=\"/dishonesty-list/import"));
    visitor
        .get("/credit")
        .await
        .assert(StatusCode::OK, &["href=\"/dishonesty-list\""]);
    // Only regulators and administrators import.
    let csrf = firm.get("/firm").await.csrf();
    firm.post_multipart("/dishonesty-list/import", dishonesty_form(&csrf, ""))
        .await
        .assert(StatusCode::FORBIDDEN, &[]);
    let mut r = regulator(&firm).await;
    let page = r.get("/dishonesty-list").await;
    page.assert(
        StatusCode::OK,
        &[
            "action=\"/dishonesty-list/import#import\"",
            "credit_code,name,reason,authority,listed_on,until",
        ],
    );
    let csrf = page.csrf();
    // A file with bad rows: every problem is shown, nothing is imported.
    let bad = format!(
        "credit_code,name,reason,authority,listed_on,until\n\
         91330106MA2BADBAD,某公司,拒不履行,最高人民法院,2025-01-01,\n\
         {elsewhere},某公司,,最高人民法院,2999-01-01,\n"
    );
    r.post_multipart("/dishonesty-list/import", dishonesty_form(&csrf, &bad))
        .await
        .assert(
            StatusCode::UNPROCESSABLE_ENTITY,
            &[
                "有误的行",
                "91330106MA2BADBAD",
                "统一社会信用代码应为 18 位",
                &elsewhere,
                "日期不能晚于今天",
                "<td class=\"num\">2</td>",
            ],
        );
    // Not a CSV file at all.
    r.post_multipart(
        "/dishonesty-list/import",
        dishonesty_form(&csrf, "名称,原因\n甲,乙\n"),
    )
    .await
    .assert(StatusCode::UNPROCESSABLE_ENTITY, &["href=\"#field-file\""]);
    visitor
        .get("/dishonesty-list")
        .await
        .assert(StatusCode::OK, &["失信名单暂无在效记录。"]);
    let good = format!(
        "credit_code,name,reason,authority,listed_on,until\n\
         {listed},杭州失信测绘有限公司,拒不履行生效判决,最高人民法院,2025-01-01,\n\
         {elsewhere},某咨询公司,严重违法失信,市场监管总局,2025-02-01,2099-12-31\n"
    );
    let done = r
        .post_multipart("/dishonesty-list/import", dishonesty_form(&csrf, &good))
        .await;
    assert_eq!(
        (done.status, done.location()),
        (
            StatusCode::SEE_OTHER,
            "/dishonesty-list?notice=imported&created=2&updated=0#import"
        ),
        "{}",
        done.body
    );
    r.get(&without_fragment(done.location()))
        .await
        .assert(StatusCode::OK, &["导入完成：新增 2 条，更新 0 条。"]);
    let page = visitor.get("/dishonesty-list").await;
    page.assert(
        StatusCode::OK,
        &[
            "在效记录共 2 条。",
            &listed,
            "杭州失信测绘有限公司</a>",
            "拒不履行生效判决",
            "最高人民法院",
            "2025-01-01",
            &elsewhere,
            "未入驻",
            "2099-12-31",
            "长期",
        ],
    );
    assert!(!page.body.contains("action=\"/dishonesty-list/import"));
    let page = visitor
        .get(&format!(
            "/dishonesty-list?code={}",
            elsewhere.to_lowercase()
        ))
        .await;
    page.assert(StatusCode::OK, &["在效记录共 1 条。", "严重违法失信"]);
    assert!(!page.body.contains("拒不履行生效判决"));
    // Administrators import too; the page reads in English after the switch.
    let mut admin = firm.admin().await;
    admin.get("/lang/en?next=/dishonesty-list").await;
    admin.get("/dishonesty-list").await.assert(
        StatusCode::OK,
        &[
            "Dishonesty list",
            "2 entries in force.",
            "Not on the platform",
            "Import a dishonesty list",
        ],
    );
}

#[tokio::test]
async fn a_regulator_reads_the_market_and_opens_a_case_from_a_warning() {
    let mut b = Browser::new().await;
    let s = b.services.clone();
    s.import_items(None, rows_from_json(DEMO_CATALOGUE_JSON).unwrap())
        .await
        .unwrap();
    let item = s.list_items(false).await.unwrap()[0].id;
    let mut firms = Vec::new();
    for n in 1..=150 {
        firms.push(quick_firm(&s, n, &format!("诚信机构{n}号")).await);
    }
    let ring = [
        quick_firm(&s, 901, "轮流甲有限公司").await,
        quick_firm(&s, 902, "轮流乙有限公司").await,
    ];
    let owner = zjcs_domain::testing::quick_account(&s.db, Role::Owner, 1).await;
    let g = zjcs_domain::synthetic::generate(
        &s.db,
        &zjcs_domain::synthetic::MarketSpec {
            projects: 300,
            firms,
            owners: vec![owner.account_id],
            items: vec![item],
            regions: vec!["330106".into(), "110105".into()],
            ring: Some(ring),
            days: 120,
            seed: 9,
        },
    )
    .await
    .unwrap();

    // Regulators only.
    let anonymous = b.get("/market").await;
    assert_eq!(
        (anonymous.status, anonymous.location()),
        (StatusCode::SEE_OTHER, "/login")
    );
    let mut r = regulator(&b).await;

    // The statistics: figures, charts, the concentration tables, the CSV link.
    let page = r.get("/market").await;
    page.assert(
        StatusCode::OK,
        &[
            "市场监测统计",
            &format!("data-figure=\"market.fig.projects\">{}<", g.projects),
            "每月发布项目",
            "<svg class=\"chart\" role=\"img\" aria-label=\"每月发布项目：",
            "报名家数分布：",
            "中选集中度",
            "浙江省",
            "北京市",
            "href=\"/market/warnings\"",
            "href=\"/market\"",
        ],
    );
    let csv_href = page.link("/market/statistics.csv");
    assert_eq!(csv_href, "/market/statistics.csv");
    let csv = r.get("/market/statistics.csv?region=11").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.header(header::CONTENT_TYPE).starts_with("text/csv"));
    assert!(
        csv.header(header::CONTENT_DISPOSITION)
            .contains("attachment")
    );
    assert!(
        csv.body.contains("province,11,北京市,awards,"),
        "{}",
        csv.body
    );
    assert!(!csv.body.contains("province,33,"), "{}", csv.body);
    // A filter keeps itself in the CSV link.
    let zj = r.get("/market?region=33").await;
    zj.assert(
        StatusCode::OK,
        &["href=\"/market/statistics.csv?region=33\""],
    );
    // A bad filter: the form with its problems, nothing else.
    let bad = r.get("/market?from=2026-13-01&to=2026-01-01").await;
    bad.assert(StatusCode::UNPROCESSABLE_ENTITY, &["日期无效"]);
    assert!(!bad.body.contains("data-figure"));

    // The warnings: the ring by name, with its projects; open a case from it.
    let w = r.get("/market/warnings").await;
    w.assert(
        StatusCode::OK,
        &[
            "疑似轮流中标",
            "轮流甲有限公司",
            "轮流乙有限公司",
            "共同报名 12 个项目",
            "立案调查",
        ],
    );
    let key = {
        let marker = "name=\"key\" value=\"bid-rotation:";
        let start =
            w.body.find(marker).expect("a rotation warning") + "name=\"key\" value=\"".len();
        w.body[start..].split('"').next().unwrap().to_owned()
    };
    for f in ring {
        assert!(key.contains(&f.to_string()), "{key}");
    }
    let csrf = w.csrf();
    let opened = r
        .post(
            "/market/warnings/cases",
            &[("csrf", csrf.as_str()), ("key", key.as_str())],
        )
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
    let case = opened.location().to_owned();
    assert!(case.starts_with("/complaints/") && case.ends_with("?notice=case-opened"));
    r.get(&case)
        .await
        .assert(StatusCode::OK, &["已根据预警立案并受理", "轮流", "已受理"]);
    // A key that names no warning any more: the warnings again, saying so; nothing filed.
    let stale = r
        .post(
            "/market/warnings/cases",
            &[("csrf", csrf.as_str()), ("key", "bid-rotation:a:b")],
        )
        .await;
    stale.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["所选预警在当前筛选条件下已不存在", "疑似轮流中标"],
    );
    // The console: the case waits there; the dossiers of the ring's firm and of the owner.
    let console = r.get("/console").await;
    console.assert(
        StatusCode::OK,
        &[
            "监管工作台",
            "待办 1 件，其中超期 0 件",
            "市场监测预警",
            &case[..case.find('?').unwrap()],
        ],
    );
    let dossier = w.link("/console/firms/");
    let page = r.get(&dossier).await;
    page.assert(
        StatusCode::OK,
        &["监管档案：轮流", "中选项目", "已受理", "公示中"],
    );
    assert_eq!(
        page.body.matches("href=\"/projects/").count(),
        6,
        "its six awards"
    );
    let owner_page = r
        .get(&format!("/console/owners/{}", owner.account_id))
        .await;
    owner_page.assert(
        StatusCode::OK,
        &["监管档案：owner1", "发布的项目", "监测样本项目"],
    );
    // Not for the public, nor for an owner's page about a firm.
    let anonymous = b.get("/console").await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    r.get(&format!("/console/owners/{}", ring[0]))
        .await
        .assert(StatusCode::NOT_FOUND, &[]);

    // Regulators' view of every case: the one opened, nothing from the stale key.
    let anyone = zjcs_domain::model::Actor {
        account_id: uuid::Uuid::nil(),
        role: Role::Regulator,
    };
    let queue = s.complaint_queue(&anyone, true).await.unwrap();
    assert_eq!(queue.len(), 1);
}

#[tokio::test]
async fn a_regulator_defines_and_draws_an_inspection_round_and_the_inspector_records_findings() {
    let mut visitor = Browser::new().await;
    let s = visitor.services.clone();
    let mut firms = Vec::new();
    for n in 1..=6 {
        firms.push(quick_firm(&s, n, &format!("受检机构{n}号")).await);
    }
    // The public list, no form; the form is for regulators.
    let page = visitor.get("/inspections").await;
    page.assert(StatusCode::OK, &["双随机抽查", "尚无抽查"]);
    assert!(!page.body.contains("action=\"/inspections\""));
    let mut r = regulator(&visitor).await;
    let page = r.get("/inspections").await;
    page.assert(StatusCode::OK, &["新建抽查", "创建并公布承诺"]);
    let csrf = page.csrf();

    // A refused round keeps what was typed and names each problem.
    let bad = r
        .post(
            "/inspections",
            &[
                ("csrf", csrf.as_str()),
                ("title", "第四季度抽查"),
                ("grades", "C"),
                ("firms", "0"),
                ("inspectors", "x"),
            ],
        )
        .await;
    bad.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &[
            "须为 1 至 500 之间的整数",
            "不是整数",
            "value=\"第四季度抽查\"",
        ],
    );
    assert!(
        bad.body.contains("value=\"C\" checked"),
        "the grade stays ticked"
    );
    assert!(s.inspection_rounds().await.unwrap().is_empty());

    // Created: the commitment is public, the seed is not.
    let created = r
        .post(
            "/inspections",
            &[
                ("csrf", csrf.as_str()),
                ("title", "第四季度测绘机构双随机抽查"),
                ("region", "33"),
                ("firms", "3"),
                ("inspectors", "1"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let path = created
        .location()
        .trim_end_matches("?notice=inspection-created")
        .to_owned();
    let page = r.get(created.location()).await;
    let round = s.inspection_rounds().await.unwrap().remove(0);
    page.assert(
        StatusCode::OK,
        &[
            "抽查已创建",
            "待抽取",
            "浙江省",
            &round.commitment,
            "开始抽取",
        ],
    );
    assert!(
        !page.body.contains("随机种子</dt>"),
        "no seed before the draw"
    );
    // The public sees it without the button.
    let public = visitor.get(&path).await;
    public.assert(
        StatusCode::OK,
        &["第四季度测绘机构双随机抽查", &round.commitment],
    );
    assert!(!public.body.contains("开始抽取"));

    // The draw: checked on the page, the seed revealed, three firms and their inspector.
    let drawn = r
        .post(&format!("{path}/draw"), &[("csrf", page.csrf().as_str())])
        .await;
    assert_eq!(drawn.status, StatusCode::SEE_OTHER, "{}", drawn.body);
    let page = r.get(drawn.location()).await;
    page.assert(
        StatusCode::OK,
        &[
            "已完成抽取",
            "已根据公开数据复核",
            "随机种子",
            "检查中",
            "市场监管局",
        ],
    );
    let round = s.inspection_round(None, round.id).await.unwrap();
    assert_eq!(round.targets.len(), 3);
    let seed = round.firm_draw.as_ref().unwrap().seed.clone();
    assert!(page.body.contains(&seed));
    visitor
        .get(&path)
        .await
        .assert(StatusCode::OK, &[&seed, "待检查"]);
    // Drawn once.
    r.post(&format!("{path}/draw"), &[("csrf", page.csrf().as_str())])
        .await
        .assert(StatusCode::CONFLICT, &["本轮抽查已经抽取"]);

    // The console lists the three firms as the regulator's inspections.
    let console = r.get("/console").await;
    console.assert(StatusCode::OK, &["我的抽查任务"]);
    assert_eq!(
        console
            .body
            .matches("第四季度测绘机构双随机抽查</a>")
            .count(),
        3
    );
    // The only regulator is the inspector of all three: a form for each.
    assert_eq!(page.body.matches("class=\"form finding-form\"").count(), 3);
    let first = round.targets[0].firm_id.to_string();
    let refused = r
        .post(
            &format!("{path}/findings"),
            &[
                ("csrf", page.csrf().as_str()),
                ("firm", first.as_str()),
                ("outcome", "compliant"),
                ("findings", "资料齐全"),
                ("points", "-3"),
            ],
        )
        .await;
    refused.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["未发现问题的机构不能扣分", "资料齐全"],
    );
    let ok = r
        .post(
            &format!("{path}/findings"),
            &[
                ("csrf", page.csrf().as_str()),
                ("firm", first.as_str()),
                ("outcome", "violation"),
                ("findings", "报告签字人员无执业资格"),
                ("points", "-10"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let page = r.get(ok.location()).await;
    page.assert(
        StatusCode::OK,
        &[
            "抽查结果已记录",
            "存在违法违规行为",
            "报告签字人员无执业资格",
            "-10",
        ],
    );
    assert_eq!(page.body.matches("class=\"form finding-form\"").count(), 2);
    // On the firm's public credit ledger, with the round named.
    let firm_page = visitor.get(&format!("/firms/{first}")).await;
    firm_page.assert(StatusCode::OK, &["随机抽查「第四季度测绘机构双随机抽查」"]);
    // The others: the round closes.
    for t in &round.targets[1..] {
        let f = t.firm_id.to_string();
        let done = r
            .post(
                &format!("{path}/findings"),
                &[
                    ("csrf", page.csrf().as_str()),
                    ("firm", f.as_str()),
                    ("outcome", "compliant"),
                    ("findings", "未发现问题"),
                ],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    }
    visitor
        .get("/inspections")
        .await
        .assert(StatusCode::OK, &["已完成", "机构 3 家"]);
}
