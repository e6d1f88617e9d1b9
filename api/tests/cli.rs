//! The real `zjcs` binary: serving on the embedded default, operator commands, audit verification.

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn zjcs(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_zjcs"));
    c.current_dir(dir)
        .env_remove("DATABASE_URL")
        .env_remove("ZJCS_DATA_DIR")
        .env_remove("ZJCS_SMTP_URL")
        .env_remove("ZJCS_BASE_URL")
        .env("RUST_LOG", "warn");
    c
}

fn run(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut c = zjcs(dir);
    c.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().expect("spawn zjcs");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().expect("wait zjcs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Serving(Child);
impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn tempdir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("zjcs-cli-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// With no configuration at all, `zjcs` creates and migrates a SQLite file in the working
/// directory and serves; SIGTERM stops it gracefully.
#[test]
fn bare_zjcs_serves_on_the_embedded_default_and_stops_on_sigterm() {
    let dir = tempdir();
    let port = free_port();
    let child = zjcs(&dir)
        .env("ZJCS_BIND", format!("127.0.0.1:{port}"))
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut serving = Serving(child);
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let home = loop {
        if let Ok(r) = client.get(format!("http://127.0.0.1:{port}/")).send() {
            break r;
        }
        assert!(Instant::now() < deadline, "zjcs did not start serving");
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(home.status(), 200);
    assert!(home.text().unwrap().contains("中介超市"));
    assert!(
        dir.join("zjcs.sqlite").exists(),
        "database file created in the working directory"
    );
    assert_eq!(
        client
            .get(format!("http://127.0.0.1:{port}/readyz"))
            .send()
            .unwrap()
            .status(),
        200
    );

    let pid = serving.0.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = serving.0.try_wait().unwrap() {
            assert!(status.success(), "graceful exit, got {status:?}");
            break;
        }
        assert!(Instant::now() < deadline, "zjcs did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn user_create_prints_a_one_time_password_or_reads_one() {
    let dir = tempdir();
    let out = run(
        &dir,
        &[
            "user",
            "create",
            "--role",
            "regulator",
            "--email",
            "reg@example.cn",
            "--name",
            "市监管局",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains("created regulator account reg@example.cn"),
        "{t}"
    );
    let pw = t
        .lines()
        .find_map(|l| l.strip_prefix("one-time password: "))
        .expect("password printed")
        .to_owned();
    assert!(pw.len() >= 20);

    let out = run(
        &dir,
        &[
            "user",
            "create",
            "--role",
            "admin",
            "--email",
            "admin@example.cn",
            "--name",
            "管理员",
            "--password-stdin",
        ],
        Some("a chosen admin password\n"),
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(!text(&out).contains("one-time password"));

    // The same address twice is refused; so are bad inputs.
    let out = run(
        &dir,
        &[
            "user",
            "create",
            "--role",
            "admin",
            "--email",
            "admin@example.cn",
            "--name",
            "x",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let out = run(
        &dir,
        &[
            "user",
            "create",
            "--role",
            "owner",
            "--email",
            "o@example.cn",
            "--name",
            "x",
        ],
        None,
    );
    assert!(!out.status.success(), "owners are never created this way");
    let out = run(
        &dir,
        &[
            "user", "create", "--role", "admin", "--email", "bad", "--name", "x",
        ],
        None,
    );
    assert!(!out.status.success());
    assert!(text(&out).contains("email"), "{}", text(&out));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn audit_verify_detects_an_entry_altered_in_the_database() {
    let dir = tempdir();
    for (i, role) in ["regulator", "admin", "regulator"].iter().enumerate() {
        let email = format!("p{i}@example.cn");
        let out = run(
            &dir,
            &[
                "user", "create", "--role", role, "--email", &email, "--name", "人员",
            ],
            None,
        );
        assert!(out.status.success(), "{}", text(&out));
    }
    let out = run(&dir, &["audit", "verify"], None);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("intact: 3 entries verified"),
        "{}",
        text(&out)
    );

    // Alter entry 2 behind zjcs's back, as someone with database access might.
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        use zjcs_domain::store::ConnectionTrait;
        let url = format!("sqlite://{}?mode=rw", dir.join("zjcs.sqlite").display());
        let db = zjcs_domain::store::connect(&url).await.unwrap();
        db.execute_unprepared(
            "UPDATE audit_entry SET action = 'account.nothing-happened' WHERE seq = 2",
        )
        .await
        .unwrap();
        db.close().await.unwrap();
    });
    let out = run(&dir, &["audit", "verify"], None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("BROKEN at entry 2"), "{}", text(&out));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn migrate_then_serve_refuses_nothing_on_sqlite() {
    let dir = tempdir();
    let out = run(&dir, &["migrate"], None);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("migrations applied"));
    // Running it again is a no-op.
    assert!(run(&dir, &["migrate"], None).status.success());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn catalogue_commands_load_the_demo_and_import_all_or_nothing() {
    let dir = tempdir();
    let o = run(&dir, &["catalogue", "load-demo"], None);
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains("21 items created, 0 updated"), "{out}");
    // Loading again updates in place.
    let o = run(&dir, &["catalogue", "load-demo"], None);
    assert!(
        text(&o).contains("0 items created, 21 updated"),
        "{}",
        text(&o)
    );

    // A CSV with one bad row: refused, nothing written, the row named.
    let csv = dir.join("items.csv");
    std::fs::write(
        &csv,
        "code,name,approval,department,time_limit_days\n\
         ZJ-NEW-01,新事项,某审批,某部门,10\n\
         ZJ-NEW-02,坏事项,某审批,某部门,0\n",
    )
    .unwrap();
    let o = run(&dir, &["catalogue", "import", csv.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    assert!(
        out.contains("nothing was written") && out.contains("row 2 ZJ-NEW-02"),
        "{out}"
    );
    // JSON from standard input.
    let o = run(
        &dir,
        &["catalogue", "import", "-"],
        Some(
            r#"[{"code":"ZJ-NEW-01","name":"新事项","approval":"某审批","department":"某部门","time_limit_days":10}]"#,
        ),
    );
    assert!(text(&o).contains("1 items created"), "{}", text(&o));
    // The imports are on the audit chain, and it is intact.
    let o = run(&dir, &["audit", "verify"], None);
    assert!(o.status.success(), "{}", text(&o));
    std::fs::remove_dir_all(dir).ok();
}

/// `zjcs dishonesty import`: a file with a bad row is refused whole, naming the row (exit 1);
/// a good one (CSV with a byte-order mark, or any file with `--csv`, or JSON from standard
/// input) is imported, a known code rewritten rather than added.
#[test]
fn dishonesty_import_is_all_or_nothing_and_upserts_by_credit_code() {
    use zjcs_domain::model::firm::CreditCode;
    let code = |n: u32| {
        CreditCode::complete(&format!("91330106MF{n:07}"))
            .unwrap()
            .as_str()
            .to_owned()
    };
    let dir = tempdir();
    let header = "credit_code,name,reason,authority,listed_on,until";
    let bad = dir.join("list.csv");
    std::fs::write(
        &bad,
        format!(
            "\u{feff}{header}\n{},失信企业一,拒不履行生效判决,最高人民法院,2026-01-15,\n\
             {},失信企业二,,最高人民法院,2026-01-15,2026-01-01\n",
            code(1),
            code(2)
        ),
    )
    .unwrap();
    let o = run(&dir, &["dishonesty", "import", bad.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    assert!(
        out.contains("nothing was written")
            && out.contains(&format!("row 2 {}: reason: Required; until:", code(2))),
        "{out}"
    );

    let good = dir.join("list.txt");
    std::fs::write(
        &good,
        format!(
            "{header}\n{},失信企业一,拒不履行生效判决,最高人民法院,2026-01-15,\n\
             {},失信企业二,严重违法失信,市场监督管理局,2026-01-15,2099-12-31\n",
            code(1),
            code(2)
        ),
    )
    .unwrap();
    let o = run(
        &dir,
        &["dishonesty", "import", "--csv", good.to_str().unwrap()],
        None,
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("2 entries created, 0 updated"),
        "{}",
        text(&o)
    );
    let json = format!(
        r#"[{{"credit_code":"{}","reason":"已履行","authority":"最高人民法院","listed_on":"2026-01-15","until":"2026-02-15"}}]"#,
        code(1)
    );
    let o = run(&dir, &["dishonesty", "import", "-"], Some(&json));
    assert!(
        text(&o).contains("0 entries created, 1 updated"),
        "{}",
        text(&o)
    );
    let o = run(&dir, &["audit", "verify"], None);
    assert!(o.status.success(), "{}", text(&o));
    std::fs::remove_dir_all(dir).ok();
}

/// `zjcs verify-draw` checks a published draw from the document alone (no database): a real draw
/// verifies; a changed result, a seed other than the committed one, or a list with a firm added
/// after closing is named and refused.
#[test]
fn verify_draw_confirms_a_real_draw_and_rejects_tampering() {
    use zjcs_domain::rules::draw::{PublishedDraw, Seed, draw};
    let dir = tempdir();
    let seed = Seed([7; 32]);
    let entries: Vec<String> = (1..=6).map(|n| format!("firm-{n}")).collect();
    let d = draw("project:demo:random-draw", &seed, &entries, 2).unwrap();
    let doc = PublishedDraw::of(&d, &seed);
    let write = |name: &str, doc: &PublishedDraw| {
        let path = dir.join(name);
        std::fs::write(&path, serde_json::to_string_pretty(doc).unwrap()).unwrap();
        path.to_str().unwrap().to_owned()
    };

    let good = write("good.json", &doc);
    let o = run(&dir, &["verify-draw", &good], None);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("draw verified"), "{}", text(&o));
    // From standard input too.
    let o = run(
        &dir,
        &["verify-draw", "-"],
        Some(&serde_json::to_string(&doc).unwrap()),
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    let mut other_result = doc.clone();
    other_result.result = entries
        .iter()
        .filter(|e| !doc.result.contains(e))
        .take(2)
        .cloned()
        .collect();
    let o = run(
        &dir,
        &["verify-draw", &write("result.json", &other_result)],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    assert!(
        out.contains("result matches a re-run:       NO")
            && out.contains(&doc.result.join(", "))
            && out.contains("draw NOT verified"),
        "{out}"
    );

    let mut other_seed = doc.clone();
    other_seed.seed = Seed([8; 32]).to_hex();
    let o = run(
        &dir,
        &["verify-draw", &write("seed.json", &other_seed)],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains("seed matches its commitment:   NO"),
        "{}",
        text(&o)
    );

    let mut late_firm = doc.clone();
    late_firm.entries.push("firm-7".into());
    let o = run(
        &dir,
        &["verify-draw", &write("list.json", &late_firm)],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains("list matches its hash:         NO"),
        "{}",
        text(&o)
    );

    std::fs::write(dir.join("junk.json"), "{\"not\": \"a draw\"}").unwrap();
    let o = run(
        &dir,
        &["verify-draw", dir.join("junk.json").to_str().unwrap()],
        None,
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}

/// `zjcs audit verify-proof` checks signed checkpoints and proofs offline: a real bundle
/// verifies (exit 0); a proof against a rewritten log is refused, named (exit 1); an unreadable
/// file is exit 2.
#[test]
fn verify_proof_checks_checkpoints_and_proofs_offline() {
    use zjcs_domain::rules::checkpoint::{public_key_hex, sign};
    use zjcs_domain::rules::merkle::{
        consistency_proof, inclusion_proof, leaf_hash, root_from_leaf_hashes, to_hex,
    };
    let dir = tempdir();
    let key = ed25519_dalek::SigningKey::from_bytes(&[9; 32]);
    let leaves: Vec<_> = (0..10)
        .map(|i| leaf_hash(format!("entry {i}").as_bytes()))
        .collect();
    let at = chrono::Utc::now();
    let origin = "zjcs.example.cn/audit";
    let old = sign(&key, origin, 6, &root_from_leaf_hashes(&leaves[..6]), at);
    let new = sign(&key, origin, 10, &root_from_leaf_hashes(&leaves), at);
    let hex = |v: Vec<[u8; 32]>| v.iter().map(to_hex).collect::<Vec<_>>();
    let bundle = serde_json::json!({
        "public_key": public_key_hex(&key),
        "checkpoint": new,
        "inclusion": { "leaf_index": 3, "tree_size": 10, "leaf_hash": to_hex(&leaves[3]),
                       "proof": hex(inclusion_proof(&leaves, 3).unwrap()) },
        "old_checkpoint": old,
        "consistency": { "from": 6, "to": 10, "proof": hex(consistency_proof(&leaves, 6).unwrap()) },
    });
    let path = dir.join("bundle.json");
    std::fs::write(&path, bundle.to_string()).unwrap();
    let o = run(
        &dir,
        &["audit", "verify-proof", path.to_str().unwrap()],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(text(&o).matches("verified:").count(), 3, "{}", text(&o));

    // The log rewritten at entry 2 and signed again: the old checkpoint no longer follows.
    let mut forged = leaves.clone();
    forged[2] = leaf_hash(b"rewritten");
    let mut bad = bundle.clone();
    bad["checkpoint"] =
        serde_json::to_value(sign(&key, origin, 10, &root_from_leaf_hashes(&forged), at)).unwrap();
    bad["consistency"]["proof"] = serde_json::json!(hex(consistency_proof(&forged, 6).unwrap()));
    bad["inclusion"]["proof"] = serde_json::json!(hex(inclusion_proof(&forged, 3).unwrap()));
    bad.as_object_mut().unwrap().remove("inclusion");
    let o = run(
        &dir,
        &["audit", "verify-proof", "-"],
        Some(&bad.to_string()),
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("NOT VERIFIED: from 6 to 10"),
        "{}",
        text(&o)
    );

    // A checkpoint whose signed note says another tree than its JSON is refused too: the note
    // is what outsiders check.
    let mut lying = bundle.clone();
    lying["checkpoint"]["note"] = serde_json::to_value(&old).unwrap()["note"].clone();
    let o = run(
        &dir,
        &["audit", "verify-proof", "-"],
        Some(&lying.to_string()),
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("note's size"), "{}", text(&o));

    let o = run(&dir, &["audit", "verify-proof", "-"], Some("{ not json"));
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    std::fs::remove_dir_all(dir).ok();
}

fn wait_ready(client: &reqwest::blocking::Client, port: u16) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !client
        .get(format!("http://127.0.0.1:{port}/readyz"))
        .send()
        .is_ok_and(|r| r.status() == 200)
    {
        assert!(Instant::now() < deadline, "zjcs did not get ready");
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn serve(dir: &Path, port: u16) -> Serving {
    Serving(
        zjcs(dir)
            .env("ZJCS_BIND", format!("127.0.0.1:{port}"))
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    )
}

/// `zjcs backup` copies the embedded database while requests write to it; the copy, restored
/// into a new data directory with the original's keys, has an intact audit chain, and the
/// checkpoint signed on the live server before the backup verifies against the restored log
/// (inclusion of its last entry, consistency with a checkpoint the restored server signs).
/// An existing file is never overwritten, and on PostgreSQL the command points to pg_dump.
#[test]
fn a_backup_taken_under_write_load_restores_with_its_audit_log_and_checkpoint_verified() {
    use serde_json::{Value, json};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let dir = tempdir();
    let o = run(
        &dir,
        &[
            "user",
            "create",
            "--role",
            "admin",
            "--email",
            "admin@example.cn",
            "--name",
            "管理员",
            "--password-stdin",
        ],
        Some("an admin password for backups\n"),
    );
    assert!(o.status.success(), "{}", text(&o));
    let port = free_port();
    let live = serve(&dir, port);
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    wait_ready(&client, port);
    let base = format!("http://127.0.0.1:{port}/api/v1");
    let login = |base: &str| -> String {
        let r: Value = client
            .post(format!("{base}/sessions"))
            .json(
                &json!({"email": "admin@example.cn", "password": "an admin password for backups"}),
            )
            .send()
            .unwrap()
            .json()
            .unwrap();
        r["token"].as_str().expect("a token").to_owned()
    };
    let token = login(&base);

    // Write load: four clients creating service items (each an audit entry) until told to stop.
    let stop = Arc::new(AtomicBool::new(false));
    let written = Arc::new(AtomicUsize::new(0));
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let (stop, written, base, token) =
                (stop.clone(), written.clone(), base.clone(), token.clone());
            std::thread::spawn(move || {
                let client = reqwest::blocking::Client::new();
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let r = client
                        .post(format!("{base}/catalogue"))
                        .bearer_auth(&token)
                        .json(&json!({
                            "code": format!("ZJ-BAK-{w}-{n:05}"), "name": "备份测试事项",
                            "approval": "某审批", "department": "某部门", "time_limit_days": 10
                        }))
                        .send()
                        .unwrap();
                    assert_eq!(r.status(), 201, "{}", r.text().unwrap_or_default());
                    written.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    let wait_for = |n: usize| {
        let deadline = Instant::now() + Duration::from_secs(60);
        while written.load(Ordering::Relaxed) < n {
            assert!(Instant::now() < deadline, "the writers are stuck");
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    wait_for(20);
    // A checkpoint signed on the live server, then more writes, then the backup.
    let signed: Value = client
        .post(format!("{base}/audit/checkpoints"))
        .bearer_auth(&token)
        .send()
        .unwrap()
        .json()
        .unwrap();
    let signed_size = signed["size"].as_u64().unwrap();
    wait_for(written.load(Ordering::Relaxed) + 20);
    let copy = dir.join("copy.sqlite");
    let before = written.load(Ordering::Relaxed);
    let o = run(&dir, &["backup", copy.to_str().unwrap()], None);
    let during = written.load(Ordering::Relaxed) - before;
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("integrity ok"), "{}", text(&o));
    // The writers go on after it.
    wait_for(written.load(Ordering::Relaxed) + 10);
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.join().unwrap();
    }
    drop(live);
    // Never over an existing file.
    let o = run(&dir, &["backup", copy.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    // Not for PostgreSQL: pg_dump is named.
    let o = {
        let mut c = zjcs(&dir);
        c.env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/zjcs")
            .args(["backup", dir.join("pg.sqlite").to_str().unwrap()]);
        c.output().unwrap()
    };
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("pg_dump"), "{}", text(&o));
    assert!(!dir.join("pg.sqlite").exists());

    // Restore: the copy as the database of a new data directory, with the original's keys.
    let restored = tempdir();
    std::fs::copy(&copy, restored.join("zjcs.sqlite")).unwrap();
    for key in ["id-hash.key", "audit-signing.key", "seal.key"] {
        if dir.join(key).exists() {
            std::fs::copy(dir.join(key), restored.join(key)).unwrap();
        }
    }
    let o = run(&restored, &["audit", "verify"], None);
    assert!(o.status.success(), "{}", text(&o));
    let verified: u64 = text(&o)
        .split("intact: ")
        .nth(1)
        .and_then(|t| t.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{}", text(&o)));
    assert!(
        verified > signed_size,
        "the copy has the entries written after the checkpoint ({verified} ≤ {signed_size}); \
         {during} written while the backup ran"
    );

    let port = free_port();
    let _restored_server = serve(&restored, port);
    wait_ready(&client, port);
    let base = format!("http://127.0.0.1:{port}/api/v1");
    let get = |path: &str| -> Value {
        let r = client.get(format!("{base}{path}")).send().unwrap();
        assert_eq!(r.status(), 200, "{path}");
        r.json().unwrap()
    };
    let latest_in_copy = get(&format!("/audit/checkpoints/{signed_size}"));
    assert_eq!(latest_in_copy, signed, "the live checkpoint is in the copy");
    let token = login(&base);
    let now: Value = client
        .post(format!("{base}/audit/checkpoints"))
        .bearer_auth(&token)
        .send()
        .unwrap()
        .json()
        .unwrap();
    let now_size = now["size"].as_u64().unwrap();
    assert!(now_size >= verified);
    let bundle = json!({
        "public_key": get("/audit/public-key")["public_key"],
        "checkpoint": now,
        "inclusion": get(&format!("/audit/proofs/inclusion?seq={signed_size}&size={now_size}")),
        "old_checkpoint": signed,
        "consistency": get(&format!("/audit/proofs/consistency?from={signed_size}&to={now_size}")),
    });
    let o = run(
        &restored,
        &["audit", "verify-proof", "-"],
        Some(&bundle.to_string()),
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(text(&o).matches("verified:").count(), 3, "{}", text(&o));
    std::fs::remove_dir_all(dir).ok();
    std::fs::remove_dir_all(restored).ok();
}
