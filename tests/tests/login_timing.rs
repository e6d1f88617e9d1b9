//! An unknown email answers as slowly as a known one with a wrong password. A test binary of its
//! own: cargo runs test binaries one after another, so no other test's password checks share the
//! processor while this one measures.

use serde_json::json;
use std::time::Instant;
use zjcs_tests::{TestApp, spawn_app};

use zjcs_tests::PASSWORD as PW;

/// One failed login's round trip, in seconds.
async fn failed_login(app: &TestApp, email: &str) -> f64 {
    let t = Instant::now();
    let r = app
        .post_json(
            "/api/v1/sessions",
            &json!({ "email": email, "password": "wrong!!!" }),
        )
        .await;
    let took = t.elapsed().as_secs_f64();
    assert_eq!(r.status(), 401, "{email}");
    took
}

/// The old code answered an unknown email many times faster than a known one (it skipped the
/// password check): who has an account was one request away. Now both within 20 % (figures:
/// tests/bench/README.md, section "Figures moved from code comments").
///
/// Measured in pairs, a known and an unknown email back to back (in alternating order), so that
/// each pair meets the same load on the machine; the median of the pairs' ratios is compared.
/// Each email is tried once, so no throttle is involved.
#[tokio::test]
async fn an_unknown_email_takes_as_long_as_a_known_one() {
    let app = spawn_app().await;
    const PAIRS: usize = 41;
    for i in 0..PAIRS {
        app.register_firm(&format!("known{i}@example.cn"), PW).await;
    }
    // The first check against the dummy hash computes it, once.
    failed_login(&app, "warm-up@example.cn").await;
    let mut ratios = Vec::new();
    let (mut known, mut unknown) = (Vec::new(), Vec::new());
    for i in 0..PAIRS {
        let (k, u) = if i % 2 == 0 {
            let k = failed_login(&app, &format!("known{i}@example.cn")).await;
            (
                k,
                failed_login(&app, &format!("unknown{i}@example.cn")).await,
            )
        } else {
            let u = failed_login(&app, &format!("unknown{i}@example.cn")).await;
            (failed_login(&app, &format!("known{i}@example.cn")).await, u)
        };
        known.push(k);
        unknown.push(u);
        ratios.push(u / k);
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let ratio = median(ratios);
    let report = format!(
        "median known {:.1} ms, unknown {:.1} ms, median ratio of {PAIRS} pairs {ratio:.2}",
        median(known) * 1e3,
        median(unknown) * 1e3,
    );
    eprintln!("{report}");
    // The promise is 20 %; the test allows a little more, for a loaded machine (a 2-core CI
    // runner building beside it), and still fails on the old code's ratio.
    assert!((0.75..=1.33).contains(&ratio), "{report}");
    app.stop().await;
}
