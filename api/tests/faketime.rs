//! `zjcs` under Debian's libfaketime (an LD_PRELOAD library that fakes the clock), as operators
//! use it for drills and testers for deadlines: it starts, and when its clock jumps past a
//! project's registration deadline the closing job closes the project (流标: nobody registered).
//!
//! Skips where libfaketime is not installed (`apt-get install faketime`), unless
//! `ZJCS_REQUIRE_FAKETIME=1` (CI sets it), where it fails instead.

#[path = "../../tests/src/seed.rs"]
#[allow(dead_code)]
mod seed;

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use zjcs_domain::service::{ServiceConfig, Services};

struct Serving(Child);
impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Debian's libfaketime, multi-threaded variant (zjcs runs many threads).
fn libfaketime() -> Option<PathBuf> {
    let dirs = std::fs::read_dir("/usr/lib").ok()?;
    let mut candidates: Vec<PathBuf> = dirs
        .flatten()
        .map(|d| d.path().join("faketime/libfaketimeMT.so.1"))
        .collect();
    candidates.push(PathBuf::from("/usr/lib/faketime/libfaketimeMT.so.1"));
    candidates.into_iter().find(|p| p.exists())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_libfaketime_the_server_closes_a_project_when_its_clock_jumps_past_the_deadline() {
    let Some(lib) = libfaketime() else {
        assert!(
            std::env::var("ZJCS_REQUIRE_FAKETIME").as_deref() != Ok("1"),
            "ZJCS_REQUIRE_FAKETIME=1 but libfaketime is not installed (apt-get install faketime)"
        );
        eprintln!("skipped: libfaketime is not installed (apt-get install faketime)");
        return;
    };
    let dir = std::env::temp_dir().join(format!("zjcs-faketime-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();

    // A published project whose registration closes in ten days, written through the services
    // into the data directory's database (the real clock: the deadline is in the future).
    let url = format!("sqlite://{}?mode=rwc", dir.join("zjcs.sqlite").display());
    let db = zjcs_domain::store::connect(&url).await.unwrap();
    let config = ServiceConfig::default();
    zjcs_domain::store::migrate(&db, &config.seal_key)
        .await
        .unwrap();
    let s = Services::new(db.clone(), config);
    let item = seed::survey_item(&s).await;
    let owner = seed::account(
        &s,
        "owner",
        "某街道办事处",
        "owner@example.cn",
        "owner password 1",
    )
    .await;
    let input = seed::posting("时钟演练项目", "lowest-price");
    let project = s.create_project(&owner, item, &input).await.unwrap();
    s.publish_project(&owner, project.id).await.unwrap();
    db.close().await.unwrap();

    // The server under libfaketime, its offset read from a file that the test changes while
    // it runs (re-read on every clock call). Only the wall clock moves: timers keep real time.
    let offset = dir.join("faketime.rc");
    std::fs::write(&offset, "+0d\n").unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let log = std::fs::File::create(dir.join("zjcs.log")).unwrap();
    let _server = Serving(
        Command::new(env!("CARGO_BIN_EXE_zjcs"))
            .current_dir(&dir)
            .env_remove("DATABASE_URL")
            .env_remove("ZJCS_DATA_DIR")
            .env_remove("ZJCS_SMTP_URL")
            .env_remove("ZJCS_BASE_URL")
            .env("ZJCS_BIND", format!("127.0.0.1:{port}"))
            // The key the services above sealed the project's seed with (ServiceConfig's
            // development default), so that the server can open it at the deadline.
            .env(
                "ZJCS_SEAL_KEY",
                hex::encode(b"zjcs-development-seal-key-000000"),
            )
            .env("RUST_LOG", "warn")
            .env("LD_PRELOAD", &lib)
            .env("FAKETIME_TIMESTAMP_FILE", &offset)
            .env("FAKETIME_NO_CACHE", "1")
            .env("FAKETIME_DONT_FAKE_MONOTONIC", "1")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap(),
    );
    let client = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{port}");
    let log_text = || std::fs::read_to_string(dir.join("zjcs.log")).unwrap_or_default();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(r) = client.get(format!("{base}/readyz")).send().await
            && r.status() == 200
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "zjcs did not start under libfaketime: {}",
            log_text()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let status = async || -> (String, chrono::DateTime<chrono::Utc>) {
        let r = client
            .get(format!("{base}/api/v1/projects/{}", project.id))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        // The server's clock, as it dates its answers.
        let date = r.headers()["date"].to_str().unwrap().to_owned();
        let date = chrono::DateTime::parse_from_rfc2822(&date)
            .unwrap()
            .with_timezone(&chrono::Utc);
        let body: serde_json::Value = r.json().await.unwrap();
        (body["status"].as_str().unwrap().to_owned(), date)
    };
    // Its closing job runs twice a second: a second on, the project is still open.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (before, server_now) = status().await;
    assert_eq!(before, "published");
    assert!((server_now - chrono::Utc::now()).num_seconds().abs() < 60);

    // Twelve days on: past the deadline (ten days, 17:00 China time).
    std::fs::write(&offset, "+12d\n").unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let (after, server_now) = loop {
        let (st, at) = status().await;
        if st != "published" {
            break (st, at);
        }
        assert!(
            Instant::now() < deadline,
            "the project is still open after the clock jump (server time {at}): {}",
            log_text()
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    assert!(
        server_now - chrono::Utc::now() > chrono::Duration::days(11),
        "the server's clock jumped: {server_now}"
    );
    assert_eq!(after, "failed", "nobody registered: 流标");
    let _ = std::fs::remove_dir_all(&dir);
}
