//! End-to-end test support: [`spawn_app`] starts the real zjcs application (the same builder the
//! binary uses) on a free port over a fresh database, and [`TestApp`] drives it over HTTP the way
//! a client would.

pub mod browser;
pub mod seed;
pub mod smtp;

use reqwest::{Client, Response};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::time::Duration;
use tokio::sync::oneshot;
use zjcs_api::{Application, Config};
use zjcs_domain::service::{ServiceConfig, Services};
use zjcs_domain::testing::TestDb;

/// A running zjcs for one test.
pub struct TestApp {
    pub base_url: String,
    pub client: Client,
    pub services: Services,
    pub data_dir: PathBuf,
    pub db: TestDb,
    stop: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

/// The password every test account is given.
pub const PASSWORD: &str = "correct horse battery";

/// A small PDF the upload sniffer accepts.
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";

/// Options for [`spawn_app_with`].
#[derive(Default)]
pub struct AppOptions {
    pub smtp_url: Option<String>,
    /// Sleep the login-throttle delays (off by default so tests stay fast).
    pub throttle_sleep: bool,
    /// `ZJCS_TRUSTED_PROXIES` (unset: none; the tests' client connects from 127.0.0.1).
    pub trusted_proxies: Option<&'static str>,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(AppOptions::default()).await
}

pub async fn spawn_app_with(opts: AppOptions) -> TestApp {
    let db = TestDb::new().await;
    let data_dir = std::env::temp_dir().join(format!("zjcs-e2e-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&data_dir).expect("data dir");
    let mut config = Config::with_data_dir(&data_dir);
    config.bind = "127.0.0.1:0".into();
    config.database_url = Some(db.url.clone());
    config.smtp_url = opts.smtp_url;
    config.trusted_proxies = opts
        .trusted_proxies
        .map(|t| t.parse().expect("ZJCS_TRUSTED_PROXIES"));
    let app = Application::build_with_db(
        config,
        db.db.clone(),
        ServiceConfig {
            throttle_sleep: opts.throttle_sleep,
            ..Default::default()
        },
    )
    .await
    .expect("build app");
    let base_url = app.base_url().to_owned();
    let services = app.services().clone();
    let (tx, rx) = oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async {
        let _ = rx.await;
    }));
    let client = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    TestApp {
        base_url,
        client,
        services,
        data_dir,
        db,
        stop: Some(tx),
        server: Some(server),
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    pub async fn get_auth(&self, path: &str, token: &str) -> Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("GET")
    }

    /// A request as a client sends it: `method` on `path`, with a bearer token and a JSON body
    /// when given.
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Response {
        let mut r = self.client.request(method.parse().unwrap(), self.url(path));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        if let Some(b) = body {
            r = r.json(b);
        }
        r.send().await.unwrap()
    }

    /// Sends and expects `status`; returns the JSON body (`Null` for an empty one). A refusal
    /// (4xx, 5xx) must be problem+json.
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
        status: u16,
    ) -> Value {
        let r = self.send(method, path, token, body.as_ref()).await;
        let got = r.status().as_u16();
        let ct = r
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let text = r.text().await.unwrap();
        assert_eq!(got, status, "{method} {path}: {text}");
        if got >= 400 {
            assert!(
                ct.starts_with("application/problem+json"),
                "{method} {path}: {ct}: {text}"
            );
        }
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("POST")
    }

    /// Registers a firm (intermediary) through the API and returns its account JSON.
    pub async fn register_firm(&self, email: &str, password: &str) -> Value {
        let r = self
            .post_json(
                "/api/v1/accounts",
                &json!({ "role": "intermediary", "name": "华东测绘有限公司", "email": email, "password": password }),
            )
            .await;
        assert_eq!(r.status(), 201, "register {email}");
        r.json().await.expect("account json")
    }

    /// A firm that has entered with `profile` (the `POST /firms` body) and declared one valid
    /// qualification of type `seed::QUAL`, grade 乙级 (with a PDF as its evidence), through the
    /// API under a new account `email`: its (token, firm id).
    pub async fn qualified_firm(&self, email: &str, profile: Value, n: usize) -> (String, String) {
        self.register_firm(email, PASSWORD).await;
        let token = self.login(email, PASSWORD).await;
        let f = self
            .call("POST", "/api/v1/firms", Some(&token), Some(profile), 201)
            .await;
        let r = self
            .client
            .post(self.url("/api/v1/firms/me/files?name=cert.pdf"))
            .bearer_auth(&token)
            .header("content-type", "application/octet-stream")
            .body(PDF.to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let file: Value = r.json().await.unwrap();
        self.call(
            "POST",
            "/api/v1/firms/me/qualifications",
            Some(&token),
            Some(json!({
                "type": seed::QUAL, "grade": "乙级", "number": format!("乙测资字 {n}"),
                "issuer": "浙江省自然资源厅", "valid_from": "2024-01-01",
                "valid_until": "2099-12-31", "evidence_file_id": file["id"],
            })),
            201,
        )
        .await;
        (token, f["id"].as_str().unwrap().to_owned())
    }

    /// Logs in through the API and returns the bearer token.
    pub async fn login(&self, email: &str, password: &str) -> String {
        let r = self
            .post_json(
                "/api/v1/sessions",
                &json!({ "email": email, "password": password }),
            )
            .await;
        assert_eq!(r.status(), 201, "login {email}");
        let v: Value = r.json().await.expect("session json");
        v["token"].as_str().expect("token").to_owned()
    }

    /// Logs out through the API (`DELETE /api/v1/sessions/current`).
    pub async fn logout(&self, token: &str) -> Response {
        self.client
            .delete(self.url("/api/v1/sessions/current"))
            .bearer_auth(token)
            .send()
            .await
            .expect("DELETE")
    }

    /// Changes the caller's password through the API (`PUT /api/v1/accounts/me/password`).
    pub async fn change_password(&self, token: &str, current: &str, new: &str) -> Response {
        self.client
            .put(self.url("/api/v1/accounts/me/password"))
            .bearer_auth(token)
            .json(&json!({ "current_password": current, "new_password": new }))
            .send()
            .await
            .expect("PUT")
    }

    /// Creates a regulator or administrator directly through the services (as `zjcs user
    /// create` would) and logs in; returns the token.
    pub async fn privileged(&self, role: zjcs_domain::model::Role, email: &str) -> String {
        use zjcs_domain::model::{DisplayName, Email, Password};
        self.services
            .create_privileged(
                role,
                Email::parse(email).unwrap(),
                DisplayName::parse("监管人员", "name").unwrap(),
                Password::parse_new("privileged password", "password").unwrap(),
            )
            .await
            .expect("create privileged");
        self.login(email, "privileged password").await
    }

    /// Waits for mail files (the default transport) and returns their contents.
    pub async fn wait_for_mail_files(&self, n: usize) -> Vec<String> {
        let dir = self.data_dir.join("mail");
        for _ in 0..100 {
            let mut found = Vec::new();
            if let Ok(rd) = std::fs::read_dir(&dir) {
                for e in rd.flatten() {
                    if e.path().extension().is_some_and(|x| x == "eml") {
                        found.push(std::fs::read_to_string(e.path()).unwrap_or_default());
                    }
                }
            }
            if found.len() >= n {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("expected {n} mail file(s) in {}", dir.display());
    }

    /// Stops the server gracefully and waits for it.
    pub async fn stop(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(s) = self.server.take() {
            let _ = tokio::time::timeout(Duration::from_secs(15), s).await;
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}

/// The verification token in a raw RFC 5322 message (whatever transfer encoding lettre chose).
pub fn find_verification_token(raw: &str) -> Option<String> {
    let body = mail_text(raw)?;
    let start = body.find("token=")? + "token=".len();
    let token: String = body[start..]
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect();
    (token.len() == 64).then_some(token)
}

/// The decoded text body and subject of a raw message.
pub fn mail_text(raw: &str) -> Option<String> {
    let msg = mail_parser::MessageParser::default().parse(raw.as_bytes())?;
    Some(format!(
        "{}\n{}",
        msg.subject().unwrap_or(""),
        msg.body_text(0)?
    ))
}
