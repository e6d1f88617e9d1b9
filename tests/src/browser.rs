//! Browser test support: starts `chromedriver` on a free port and drives a headless Chromium
//! through it with a small W3C WebDriver client over reqwest.
//!
//! Where the browser comes from:
//! - chromedriver: `ZJCS_CHROMEDRIVER`, else `chromedriver` on `PATH`, else `/usr/bin/chromedriver`;
//! - Chromium: `ZJCS_CHROMIUM`, else `/usr/bin/chromium`.
//!
//! When either is missing, [`Browser::start`] prints a `SKIPPED: …` line and returns `None`, so
//! `cargo test` passes on a machine with only the Rust toolchain. With `ZJCS_REQUIRE_BROWSER=1`
//! (as CI sets it) a missing browser fails the test instead.
//!
//! Why not fantoccini: its `rustls` connector needs a process-wide rustls crypto provider, and
//! this workspace enables both `ring` (reqwest) and `aws-lc-rs` (hyper-rustls defaults), so
//! rustls cannot pick one by itself; installing one needs a direct `rustls` dependency. The
//! WebDriver commands these tests use are few and plain JSON over loopback HTTP.

use anyhow::{Context, anyhow, bail};
use reqwest::{Method, Url};
use serde_json::{Value, json};
use std::future::Future;
use std::net::TcpListener;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long page conditions are waited for before a step fails.
pub const WAIT: Duration = Duration::from_secs(20);

/// The key under which W3C WebDriver returns an element reference.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A running chromedriver with one Chromium session. Dropping it kills chromedriver (and the
/// browser it started) and removes the throw-away profile; [`Browser::run`] ends the session
/// properly first.
pub struct Browser {
    session: Option<Session>,
    driver: Child,
    profile_dir: PathBuf,
    /// This binary's one Chromium turn, held while the browser runs (see [`TURN`]).
    _turn: tokio::sync::OwnedSemaphorePermit,
}

/// One Chromium at a time per test binary: the browser journeys share one binary, and two
/// browsers at once on a two-core machine slow each other past their waits.
static TURN: std::sync::LazyLock<std::sync::Arc<tokio::sync::Semaphore>> =
    std::sync::LazyLock::new(|| std::sync::Arc::new(tokio::sync::Semaphore::new(1)));

/// The chromedriver and Chromium binaries to use, or why there are none.
fn locate() -> Result<(PathBuf, PathBuf), String> {
    let driver = match std::env::var_os("ZJCS_CHROMEDRIVER") {
        Some(p) => PathBuf::from(p),
        None => on_path("chromedriver").unwrap_or_else(|| PathBuf::from("/usr/bin/chromedriver")),
    };
    let chromium = match std::env::var_os("ZJCS_CHROMIUM") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from("/usr/bin/chromium"),
    };
    if !driver.is_file() {
        return Err(format!(
            "chromedriver not found at {} (install chromium-driver or set ZJCS_CHROMEDRIVER)",
            driver.display()
        ));
    }
    if !chromium.is_file() {
        return Err(format!(
            "Chromium not found at {} (install chromium or set ZJCS_CHROMIUM)",
            chromium.display()
        ));
    }
    Ok((driver, chromium))
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
}

impl Browser {
    /// Starts chromedriver and a headless Chromium session, or returns `None` (after printing
    /// `SKIPPED: …`) when the browser is not installed and `ZJCS_REQUIRE_BROWSER` is not `1`.
    pub async fn start(test: &str) -> Option<Browser> {
        let (driver_path, chromium) = match locate() {
            Ok(found) => found,
            Err(why) => {
                if std::env::var("ZJCS_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
                    panic!("ZJCS_REQUIRE_BROWSER=1 but the browser is missing: {why}");
                }
                eprintln!(
                    "SKIPPED: browser test {test}: {why}; set ZJCS_REQUIRE_BROWSER=1 to make this a failure"
                );
                return None;
            }
        };
        let turn = TURN
            .clone()
            .acquire_owned()
            .await
            .expect("the browser turn is never closed");
        let profile_dir =
            std::env::temp_dir().join(format!("zjcs-chromium-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&profile_dir).expect("browser profile dir");
        let port = free_port();
        let driver = Command::new(&driver_path)
            .arg(format!("--port={port}"))
            .arg(format!(
                "--log-path={}",
                profile_dir.join("chromedriver.log").display()
            ))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, so that Drop can take the browser down with it.
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("start {}: {e}", driver_path.display()));
        // From here on, dropping `browser` cleans up, whatever fails below.
        let mut browser = Browser {
            session: None,
            driver,
            profile_dir,
            _turn: turn,
        };
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(90))
            .build()
            .expect("http client");
        let driver_url = format!("http://127.0.0.1:{port}");
        browser.wait_until_ready(&http, &driver_url).await;
        let capabilities = json!({
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    // Without these Chromium keeps trying to reach Google hosts.
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--no-default-browser-check",
                    "--window-size=1280,1000",
                    "--lang=zh-CN",
                    format!("--user-data-dir={}", browser.profile_dir.join("profile").display()),
                ],
                "prefs": { "intl.accept_languages": "zh-CN,zh" },
            },
        });
        let created = command(
            &http,
            Method::POST,
            &format!("{driver_url}/session"),
            Some(json!({ "capabilities": { "alwaysMatch": capabilities } })),
        )
        .await;
        let id = match created.as_ref().map(|v| v["sessionId"].as_str()) {
            Ok(Some(id)) => id.to_owned(),
            other => panic!(
                "open a Chromium session ({}) through chromedriver: {other:?}\nchromedriver log:\n{}",
                chromium.display(),
                browser.log_tail()
            ),
        };
        browser.session = Some(Session {
            http,
            url: format!("{driver_url}/session/{id}"),
        });
        Some(browser)
    }

    async fn wait_until_ready(&mut self, http: &reqwest::Client, driver_url: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(Some(status)) = self.driver.try_wait() {
                panic!(
                    "chromedriver exited at start ({status}); log:\n{}",
                    self.log_tail()
                );
            }
            let status = http
                .get(format!("{driver_url}/status"))
                .timeout(Duration::from_secs(2))
                .send()
                .await;
            if status.is_ok_and(|r| r.status().is_success()) {
                return;
            }
            if Instant::now() > deadline {
                panic!(
                    "chromedriver did not answer {driver_url}/status within 30 s; log:\n{}",
                    self.log_tail()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The last lines of chromedriver's log, for failure messages.
    fn log_tail(&self) -> String {
        let log =
            std::fs::read_to_string(self.profile_dir.join("chromedriver.log")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }

    /// Runs `journey` in the session, then always ends the session (closing Chromium), and
    /// only then reports the journey's error or re-raises its panic.
    pub async fn run<F, Fut>(mut self, journey: F)
    where
        F: FnOnce(Session) -> Fut,
        Fut: Future<Output = anyhow::Result<()>> + Send + 'static,
    {
        let session = self.session.take().expect("browser session");
        let outcome = tokio::spawn(journey(session.clone())).await;
        if let Err(e) = session.close().await {
            eprintln!("closing the browser session failed: {e:#}");
        }
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(e)) => panic!("browser journey failed: {e:#}"),
            Err(join) if join.is_panic() => std::panic::resume_unwind(join.into_panic()),
            Err(join) => panic!("browser journey did not finish: {join}"),
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // chromedriver leads its own process group; kill the whole group (Chromium included).
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile_dir);
    }
}

/// Sends one WebDriver command and returns its `value`, or the driver's error.
async fn command(
    http: &reqwest::Client,
    method: Method,
    url: &str,
    body: Option<Value>,
) -> anyhow::Result<Value> {
    let mut req = http.request(method.clone(), url);
    if let Some(body) = body {
        req = req.json(&body);
    }
    let resp = req
        .send()
        .await
        .with_context(|| format!("{method} {url}"))?;
    let status = resp.status();
    let mut v: Value = resp
        .json()
        .await
        .with_context(|| format!("{method} {url}: JSON answer"))?;
    let value = v["value"].take();
    if !status.is_success() {
        bail!(
            "{method} {url}: {status} {}: {}",
            value["error"].as_str().unwrap_or("?"),
            value["message"].as_str().unwrap_or("")
        );
    }
    Ok(value)
}

/// One WebDriver session (cheap to clone).
#[derive(Clone)]
pub struct Session {
    http: reqwest::Client,
    /// `http://127.0.0.1:<port>/session/<id>`
    url: String,
}

/// An element on the current page.
#[derive(Clone)]
pub struct Element {
    session: Session,
    id: String,
}

impl Session {
    async fn cmd(&self, method: Method, path: &str, body: Option<Value>) -> anyhow::Result<Value> {
        command(&self.http, method, &format!("{}{path}", self.url), body).await
    }

    /// Ends the session; Chromium quits.
    pub async fn close(&self) -> anyhow::Result<()> {
        self.cmd(Method::DELETE, "", None).await.map(drop)
    }

    /// Navigates to `url` and waits for the page to load.
    pub async fn goto(&self, url: &str) -> anyhow::Result<()> {
        self.cmd(Method::POST, "/url", Some(json!({ "url": url })))
            .await
            .map(drop)
    }

    pub async fn current_url(&self) -> anyhow::Result<Url> {
        let v = self.cmd(Method::GET, "/url", None).await?;
        let s = v
            .as_str()
            .ok_or_else(|| anyhow!("current URL is not a string: {v}"))?;
        Url::parse(s).with_context(|| format!("parse current URL {s}"))
    }

    /// Runs `script` (a function body) in the page and returns its result.
    pub async fn execute(&self, script: &str) -> anyhow::Result<Value> {
        self.cmd(
            Method::POST,
            "/execute/sync",
            Some(json!({ "script": script, "args": [] })),
        )
        .await
    }

    /// The elements matching the CSS selector now (possibly none).
    pub async fn find_all(&self, css: &str) -> anyhow::Result<Vec<Element>> {
        let v = self
            .cmd(
                Method::POST,
                "/elements",
                Some(json!({ "using": "css selector", "value": css })),
            )
            .await?;
        let refs = v
            .as_array()
            .ok_or_else(|| anyhow!("elements answer is not a list: {v}"))?;
        refs.iter()
            .map(|r| {
                let id = r[ELEMENT_KEY]
                    .as_str()
                    .ok_or_else(|| anyhow!("not an element: {r}"))?;
                Ok(Element {
                    session: self.clone(),
                    id: id.to_owned(),
                })
            })
            .collect()
    }

    /// Waits (up to [`WAIT`]) for an element matching the CSS selector.
    pub async fn find(&self, css: &str) -> anyhow::Result<Element> {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(el) = self.find_all(css).await?.into_iter().next() {
                return Ok(el);
            }
            if Instant::now() > deadline {
                let url = self
                    .current_url()
                    .await
                    .map(|u| u.to_string())
                    .unwrap_or_default();
                bail!("no element {css} on {url} within {WAIT:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the browser is on `path` (ignoring the query) and the page has loaded.
    pub async fn wait_for_path(&self, path: &str) -> anyhow::Result<()> {
        let deadline = Instant::now() + WAIT;
        loop {
            let url = self.current_url().await?;
            if url.path() == path && self.execute("return document.readyState").await? == "complete"
            {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("expected to reach {path} within {WAIT:?}, still at {url}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the browser's URL has this query parameter (a submitted GET form, say) and
    /// the page has loaded: reading the page before that would read the one being left.
    pub async fn wait_for_query(&self, key: &str) -> anyhow::Result<()> {
        let deadline = Instant::now() + WAIT;
        loop {
            let url = self.current_url().await?;
            if url.query_pairs().any(|(k, _)| k == key)
                && self.execute("return document.readyState").await? == "complete"
            {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("expected a URL with ?{key}= within {WAIT:?}, still at {url}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the page's text contains `text` and returns the text (a form that comes
    /// back to the same path does not change the URL, so the URL alone does not say the new
    /// page has arrived).
    pub async fn wait_text(&self, text: &str) -> anyhow::Result<String> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let body = self
                .execute("return document.readyState === 'complete' ? document.body.innerText : ''")
                .await?;
            let body = body.as_str().unwrap_or_default().to_owned();
            if body.contains(text) {
                return Ok(body);
            }
            if Instant::now() > deadline {
                bail!("expected {text:?} on the page; it says:\n{body}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Logs in on the site at `base` through the login form and waits for the logged-in page.
    pub async fn login(&self, base: &str, email: &str, password: &str) -> anyhow::Result<()> {
        self.goto(&format!("{base}/login")).await?;
        self.type_into("#field-email", email).await?;
        self.type_into("#field-password", password).await?;
        self.click("form[action=\"/login\"] button[type=submit]")
            .await?;
        self.wait_text("退出").await?;
        Ok(())
    }

    /// Logs out with the header's button and waits for the logged-out page.
    pub async fn logout(&self) -> anyhow::Result<()> {
        self.click("form[action=\"/logout\"] button[type=submit]")
            .await?;
        self.wait_text("登录").await?;
        Ok(())
    }

    /// Sets form fields by CSS selector in one script (typing every field key by key is slow
    /// and adds nothing a test of a later step is about).
    pub async fn fill(&self, fields: &[(&str, &str)]) -> anyhow::Result<()> {
        let mut script = String::new();
        for (css, value) in fields {
            script.push_str(&format!(
                "document.querySelector({}).value = {};",
                serde_json::to_string(css)?,
                serde_json::to_string(value)?
            ));
        }
        self.execute(&script).await?;
        Ok(())
    }

    /// The visible text of the element matching `css` (waiting for it).
    pub async fn text_of(&self, css: &str) -> anyhow::Result<String> {
        // The element may be found in a document that a navigation (a redirect just committed)
        // replaces before its text is read: find it again in the new one.
        let mut tries = 0;
        loop {
            let result = self.find(css).await?.text().await;
            match result {
                Err(e) if tries < 20 && format!("{e:#}").contains("stale element") => {
                    tries += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
                r => return r.with_context(|| format!("text of {css}")),
            }
        }
    }

    /// Clicks the element matching `css` (waiting for it).
    pub async fn click(&self, css: &str) -> anyhow::Result<()> {
        self.find(css)
            .await?
            .click()
            .await
            .with_context(|| format!("click {css}"))
    }

    /// Clears the input matching `css` and types `text` into it, the way a person would.
    pub async fn type_into(&self, css: &str, text: &str) -> anyhow::Result<()> {
        let el = self.find(css).await?;
        el.clear().await.with_context(|| format!("clear {css}"))?;
        el.send_keys(text)
            .await
            .with_context(|| format!("type into {css}"))
    }

    /// The current value of the input matching `css`.
    pub async fn value_of(&self, css: &str) -> anyhow::Result<String> {
        let v = self.find(css).await?.property("value").await?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// A PNG screenshot of the viewport.
    /// Whether the first element matching `css` is checked (a checkbox or radio button).
    pub async fn property_checked(&self, css: &str) -> anyhow::Result<Option<bool>> {
        Ok(self.find(css).await?.property("checked").await?.as_bool())
    }

    pub async fn screenshot_png(&self) -> anyhow::Result<Vec<u8>> {
        let v = self.cmd(Method::GET, "/screenshot", None).await?;
        let b64 = v
            .as_str()
            .ok_or_else(|| anyhow!("screenshot is not a string"))?;
        base64_decode(b64)
    }

    /// Saves a screenshot as `target/screenshots/<name>.png` and returns its path.
    pub async fn screenshot(&self, name: &str) -> anyhow::Result<PathBuf> {
        let png = self.screenshot_png().await?;
        let dir = target_dir().join("screenshots");
        std::fs::create_dir_all(&dir).with_context(|| format!("create {}", dir.display()))?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).with_context(|| format!("write {}", path.display()))?;
        eprintln!("screenshot: {}", path.display());
        Ok(path)
    }
}

impl Element {
    async fn cmd(&self, method: Method, path: &str, body: Option<Value>) -> anyhow::Result<Value> {
        self.session
            .cmd(method, &format!("/element/{}{path}", self.id), body)
            .await
    }

    pub async fn click(&self) -> anyhow::Result<()> {
        self.cmd(Method::POST, "/click", Some(json!({})))
            .await
            .map(drop)
    }

    pub async fn clear(&self) -> anyhow::Result<()> {
        self.cmd(Method::POST, "/clear", Some(json!({})))
            .await
            .map(drop)
    }

    pub async fn send_keys(&self, text: &str) -> anyhow::Result<()> {
        self.cmd(Method::POST, "/value", Some(json!({ "text": text })))
            .await
            .map(drop)
    }

    /// The rendered text, as a person sees it.
    pub async fn text(&self) -> anyhow::Result<String> {
        let v = self.cmd(Method::GET, "/text", None).await?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// A DOM property (`value`, `checked`, …) as JSON.
    pub async fn property(&self, name: &str) -> anyhow::Result<Value> {
        self.cmd(Method::GET, &format!("/property/{name}"), None)
            .await
    }
}

/// Decodes standard base64 (as WebDriver sends screenshots), ignoring padding and whitespace.
fn base64_decode(s: &str) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' | b'\n' | b'\r' | b' ' => continue,
            _ => bail!("invalid base64 byte {c:#x}"),
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

/// The workspace's `target/` directory: `CARGO_TARGET_DIR` if set (relative to the workspace
/// root when relative), else `<workspace root>/target`.
pub fn target_dir() -> PathBuf {
    let root = workspace_root();
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}

fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .ancestors()
        .find(|d| {
            std::fs::read_to_string(d.join("Cargo.toml")).is_ok_and(|t| t.contains("[workspace]"))
        })
        .unwrap_or(manifest_dir)
        .to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_known_values() {
        assert_eq!(base64_decode("").unwrap(), b"");
        assert_eq!(base64_decode("Zg==").unwrap(), b"f");
        assert_eq!(base64_decode("Zm8=").unwrap(), b"fo");
        assert_eq!(base64_decode("Zm9v").unwrap(), b"foo");
        assert_eq!(base64_decode("iVBORw0KGgo=").unwrap(), b"\x89PNG\r\n\x1a\n");
        assert!(base64_decode("Zm9v!").is_err());
    }

    #[test]
    fn target_dir_is_under_the_workspace_root() {
        if std::env::var_os("CARGO_TARGET_DIR").is_none() {
            let t = target_dir();
            assert!(t.ends_with("target"), "{}", t.display());
            assert!(t.parent().unwrap().join("Cargo.toml").is_file());
        }
    }
}
