//! The pages driven like a browser without JavaScript: follow the forms, carry the cookies,
//! read what the page says. Each test has its own database.

mod complaints;
mod credit;
mod delivery;
mod oversight;
mod projects;
mod registry;
mod site;

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

// ---- shared by several areas ---------------------------------------------------------

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

/// Strips the fragment of a form's action.
fn without_fragment(action: &str) -> String {
    action.split('#').next().unwrap_or(action).to_owned()
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
