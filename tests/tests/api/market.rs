//! Market surveillance over HTTP (issue 6): on a generated market with a planted bid-rotation
//! ring, the warnings name the ring's two firms with the projects behind it; a regulator opens
//! a case from the warning; the statistics agree with the data written, as JSON and as CSV;
//! only regulators see any of it, and bad filters are refused with every problem named.

use serde_json::{Value, json};
use zjcs_domain::model::Role;
use zjcs_tests::seed::{RING, surveilled_market, survey_item};
use zjcs_tests::{TestApp, spawn_app};

async fn get(app: &TestApp, path: &str, token: &str, status: u16) -> Value {
    let r = app.get_auth(path, token).await;
    assert_eq!(r.status().as_u16(), status, "{path}");
    r.json().await.unwrap()
}

#[tokio::test]
async fn a_planted_rotation_ring_is_named_with_its_evidence_and_a_case_is_opened_from_it() {
    let app = spawn_app().await;
    let s = &app.services;
    let item = survey_item(s).await;
    let (ring, generated) = surveilled_market(s, item, 400).await;
    assert_eq!(generated.projects, 412);
    let regulator = app.privileged(Role::Regulator, "reg@example.cn").await;

    // Warnings: the ring, by name, with its twelve projects.
    let w = get(&app, "/api/v1/market/warnings", &regulator, 200).await;
    assert!(w["projects"].as_u64().unwrap() >= 400, "{}", w["projects"]);
    let rotations: Vec<&Value> = w["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["kind"] == "bid-rotation")
        .collect();
    let found = rotations
        .iter()
        .find(|w| {
            let ids: Vec<&str> = w["firms"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["id"].as_str().unwrap())
                .collect();
            ids.contains(&ring[0].to_string().as_str())
                && ids.contains(&ring[1].to_string().as_str())
        })
        .unwrap_or_else(|| panic!("no warning names the ring: {w}"));
    let names: Vec<&str> = found["firms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&RING[0]) && names.contains(&RING[1]),
        "{names:?}"
    );
    assert_eq!(found["projects"].as_array().unwrap().len(), 12);
    assert_eq!(found["wins"], json!([6, 6]));
    // Its statistic: twelve joint wins of twelve where chance gives 2/7 each (seven bidders).
    let st = &found["statistic"];
    assert_eq!(
        (st["observed"].as_u64(), st["of"].as_u64()),
        (Some(12), Some(12))
    );
    assert!(
        (st["expected"].as_f64().unwrap() - 24.0 / 7.0).abs() < 1e-9,
        "{st}"
    );
    let p = st["p_value"].as_f64().unwrap();
    assert!((p - (2.0f64 / 7.0).powi(12)).abs() < 1e-12, "{st}");
    assert!(p <= st["level"].as_f64().unwrap(), "{st}");
    let evidence: Vec<String> = found["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["project_id"].as_str().unwrap().to_owned())
        .collect();
    let mut planted: Vec<String> = generated
        .ring_projects
        .iter()
        .map(|p| p.to_string())
        .collect();
    let mut seen = evidence.clone();
    planted.sort();
    seen.sort();
    assert_eq!(seen, planted, "the evidence is the planted projects");
    for p in found["projects"].as_array().unwrap() {
        assert!(RING.contains(&p["winner"].as_str().unwrap()), "{p}");
    }
    // No honest firm is named in a rotation warning.
    for r in &rotations {
        for f in r["firms"].as_array().unwrap() {
            assert!(RING.contains(&f["name"].as_str().unwrap()), "{r}");
        }
    }

    // Open a case from it: accepted at once, against the first firm, the evidence as facts.
    let key = found["key"].as_str().unwrap();
    let r = app
        .client
        .post(app.url("/api/v1/market/warnings/cases"))
        .bearer_auth(&regulator)
        .json(&json!({ "key": key }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let case: Value = r.json().await.unwrap();
    assert_eq!(case["status"], "accepted");
    assert_eq!(case["subject"], "firm");
    assert!(
        ring.iter().any(|f| case["firm_id"] == f.to_string()),
        "{case}"
    );
    let facts = case["facts"].as_str().unwrap();
    assert!(
        facts.contains(RING[0]) && facts.contains(RING[1]),
        "{facts}"
    );
    assert!(facts.contains(&evidence[0]), "{facts}");
    let queue = get(&app, "/api/v1/complaints", &regulator, 200).await;
    assert!(
        queue
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == case["id"])
    );
    // A key that names no warning is refused, and nothing is filed.
    let r = app
        .client
        .post(app.url("/api/v1/market/warnings/cases"))
        .bearer_auth(&regulator)
        .json(&json!({ "key": "bid-rotation:x:y" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["errors"][0]["field"], "key", "{p}");
    let again = get(&app, "/api/v1/complaints?all=true", &regulator, 200).await;
    assert_eq!(again.as_array().unwrap().len(), 1);

    // The firm's dossier holds the case and its awards; an owner's, its projects and picks.
    let subject = case["firm_id"].as_str().unwrap();
    let dossier = get(
        &app,
        &format!("/api/v1/dossiers/firms/{subject}"),
        &regulator,
        200,
    )
    .await;
    assert!(RING.contains(&dossier["firm"]["name"].as_str().unwrap()));
    assert_eq!(dossier["complaints"][0]["id"], case["id"]);
    assert_eq!(dossier["awards"].as_array().unwrap().len(), 6, "{dossier}");
    let owner = found["projects"][0]["project_id"].as_str().unwrap();
    let owner = s
        .project(None, owner.parse().unwrap())
        .await
        .unwrap()
        .owner_account_id;
    let od = get(
        &app,
        &format!("/api/v1/dossiers/owners/{owner}"),
        &regulator,
        200,
    )
    .await;
    let projects = od["projects"].as_array().unwrap();
    assert!(!projects.is_empty() && projects.len() <= 200);
    assert!(
        projects
            .iter()
            .any(|p| p["id"] == found["projects"][0]["project_id"])
    );
    get(
        &app,
        &format!("/api/v1/dossiers/owners/{subject}"),
        &regulator,
        404,
    )
    .await;

    // Statistics agree with what was written.
    let st = get(&app, "/api/v1/market/statistics", &regulator, 200).await;
    assert_eq!(st["projects"], 412);
    assert_eq!(st["awarded"].as_u64().unwrap(), generated.awards as u64);
    let by_month: u64 = st["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["projects"].as_u64().unwrap())
        .sum();
    assert_eq!(by_month, 412);
    let methods: u64 = st["methods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["projects"].as_u64().unwrap())
        .sum();
    assert_eq!(methods, 412);
    let registrants: u64 = st["registrants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .sum();
    assert_eq!(registrants, 412, "every generated project was opened");
    assert_eq!(st["by_item"][0]["name"], "工程测绘");
    assert_eq!(
        st["by_item"][0]["awards"].as_u64().unwrap(),
        generated.awards as u64
    );
    let provinces: Vec<&str> = st["by_province"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(
        provinces.contains(&"浙江省") && provinces.contains(&"北京市"),
        "{provinces:?}"
    );
    // A region narrows it: Beijing alone has fewer, and they add up with Zhejiang's.
    let bj = get(&app, "/api/v1/market/statistics?region=11", &regulator, 200).await;
    let zj = get(&app, "/api/v1/market/statistics?region=33", &regulator, 200).await;
    let (bj, zj) = (
        bj["projects"].as_u64().unwrap(),
        zj["projects"].as_u64().unwrap(),
    );
    assert!(bj > 0 && zj > bj);
    assert_eq!(bj + zj, 412);
    // A period in the future has nothing.
    let none = get(
        &app,
        "/api/v1/market/statistics?from=2999-01-01&to=2999-12-31",
        &regulator,
        200,
    )
    .await;
    assert_eq!(none["projects"], 0);
    assert_eq!(none["registrants_mean"], Value::Null);

    // The CSV: the same numbers.
    let r = app
        .get_auth("/api/v1/market/statistics.csv?region=11", &regulator)
        .await;
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let csv = r.text().await.unwrap();
    assert!(
        csv.contains(&format!("summary,,,projects,{bj}\r\n")),
        "{csv}"
    );
    assert!(csv.contains("province,11,北京市,awards,"), "{csv}");

    // Bad filters: every one named.
    let p = get(
        &app,
        "/api/v1/market/statistics?from=2026-13-01&to=2026-01-01&region=3",
        &regulator,
        422,
    )
    .await;
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["from", "region"], "{p}");
    let p = get(
        &app,
        "/api/v1/market/warnings?from=2026-02-01&to=2026-01-01",
        &regulator,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "to");

    // Only regulators.
    app.register_firm("f@example.cn", "correct horse battery")
        .await;
    let firm = app.login("f@example.cn", "correct horse battery").await;
    let dossier = format!("/api/v1/dossiers/firms/{}", ring[0]);
    for path in [
        "/api/v1/market/statistics",
        "/api/v1/market/statistics.csv",
        "/api/v1/market/warnings",
        dossier.as_str(),
    ] {
        assert_eq!(app.get_auth(path, &firm).await.status(), 403, "{path}");
        assert_eq!(app.get(path).await.status(), 401, "{path}");
    }
    let admin = app.privileged(Role::Admin, "admin@example.cn").await;
    assert_eq!(
        app.get_auth("/api/v1/market/warnings", &admin)
            .await
            .status(),
        403
    );
}

/// Issue 25: a split purchase (one owner, the same item six times just under the
/// direct-selection threshold), a cover bidder (ten bids, never wins, ~20 % above the winner)
/// and a failed draw followed by a direct award to its registrant are each a warning with its
/// evidence and statistic; a case opens from each, against the owner or the firm.
#[tokio::test]
async fn split_purchases_cover_bidders_and_failed_then_direct_are_warnings() {
    let app = spawn_app().await;
    let s = &app.services;
    let item = survey_item(s).await;
    let flags = zjcs_tests::seed::red_flag_market(s, item).await;
    let (owners, cover, registrant, g) = (
        flags.owners.clone(),
        flags.cover,
        flags.registrant,
        &flags.generated,
    );
    let regulator = app.privileged(Role::Regulator, "reg@example.cn").await;
    let w = get(&app, "/api/v1/market/warnings", &regulator, 200).await;
    let all = w["warnings"].as_array().unwrap();
    let of_kind = |k: &str| -> Vec<&Value> { all.iter().filter(|w| w["kind"] == k).collect() };
    let ids = |w: &Value| -> Vec<String> {
        let mut v: Vec<String> = w["projects"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["project_id"].as_str().unwrap().to_owned())
            .collect();
        v.sort();
        v
    };
    let sorted = |v: &[uuid::Uuid]| -> Vec<String> {
        let mut v: Vec<String> = v.iter().map(|p| p.to_string()).collect();
        v.sort();
        v
    };

    let split = of_kind("split-purchase");
    assert_eq!(split.len(), 1, "{w}");
    let split = split[0];
    assert_eq!(split["owner"]["id"], owners[1].to_string());
    assert_eq!(ids(split), sorted(&g.split_projects));
    assert_eq!(split["statistic"]["observed"], 6);
    assert!(split["statistic"].get("p_value").is_none(), "a red flag");
    let total: i64 = split["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let b = p["budget_fen"].as_i64().unwrap();
            assert!((4_000_000..5_000_000).contains(&b), "{p}");
            b
        })
        .sum();
    assert_eq!(split["statistic"]["figure"], total);
    assert!(total > 5_000_000);

    let covers = of_kind("cover-bidding");
    assert_eq!(covers.len(), 1, "{w}");
    assert_eq!(covers[0]["firms"][0]["id"], cover.to_string());
    assert_eq!(covers[0]["firms"][0]["name"], "陪标丙有限公司");
    assert_eq!(covers[0]["statistic"]["observed"], 10);
    let margin = covers[0]["statistic"]["figure"].as_i64().unwrap();
    assert!((190..=210).contains(&margin), "{margin}");
    assert_eq!(ids(covers[0]), sorted(&g.cover_projects));

    let ftd: Vec<&Value> = of_kind("failed-then-direct")
        .into_iter()
        .filter(|w| w["firms"][0]["id"] == registrant.to_string())
        .collect();
    assert_eq!(ftd.len(), 1, "{w}");
    assert_eq!(ftd[0]["owner"]["id"], owners[2].to_string());
    assert_eq!(ids(ftd[0]), sorted(&g.failed_then_direct));
    assert_eq!(ftd[0]["statistic"]["figure"], 20);

    // Cases: the split purchase and failed-then-direct against the owner, the cover bidder
    // against the firm.
    for (warning, subject, id) in [
        (split, "owner", owners[1]),
        (covers[0], "firm", cover),
        (ftd[0], "owner", owners[2]),
    ] {
        let r = app
            .client
            .post(app.url("/api/v1/market/warnings/cases"))
            .bearer_auth(&regulator)
            .json(&json!({ "key": warning["key"] }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201, "{warning}");
        let case: Value = r.json().await.unwrap();
        assert_eq!(case["status"], "accepted");
        assert_eq!(case["subject"], subject, "{case}");
        let facts = case["facts"].as_str().unwrap();
        assert!(facts.contains(&id.to_string()), "{facts}");
        assert!(facts.contains("统计"), "{facts}");
    }
}

/// Issue 25: three firms take turns over nine draws — each pair wins 6 of its 9 joint projects
/// (under the old fixed 75 % line), each firm 3 — with five honest bidders on each; the group
/// wins all nine where chance gives 3/8 each, and the warning names the three.
#[tokio::test]
async fn a_three_firm_ring_over_nine_projects_is_named_as_a_group() {
    let app = spawn_app().await;
    let s = &app.services;
    let item = survey_item(s).await;
    let flags = zjcs_tests::seed::red_flag_market(s, item).await;
    let regulator = app.privileged(Role::Regulator, "reg@example.cn").await;
    let w = get(&app, "/api/v1/market/warnings", &regulator, 200).await;
    let rings: Vec<&Value> = w["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["kind"] == "bid-rotation")
        .collect();
    assert_eq!(rings.len(), 1, "{w}");
    let ring = rings[0];
    let mut ids: Vec<String> = ring["firms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    let mut planted: Vec<String> = flags.ring.iter().map(|f| f.to_string()).collect();
    planted.sort();
    assert_eq!(ids, planted);
    for f in ring["firms"].as_array().unwrap() {
        assert!(
            zjcs_tests::seed::RING_OF_THREE.contains(&f["name"].as_str().unwrap()),
            "{f}"
        );
    }
    assert_eq!(ring["wins"], json!([3, 3, 3]));
    assert_eq!(ring["projects"].as_array().unwrap().len(), 9);
    let st = &ring["statistic"];
    assert_eq!(
        (st["observed"].as_u64(), st["of"].as_u64()),
        (Some(9), Some(9))
    );
    let p = st["p_value"].as_f64().unwrap();
    assert!((p - (3.0f64 / 8.0).powi(9)).abs() < 1e-12, "{st}");
    assert!(p <= st["level"].as_f64().unwrap(), "{st}");
    // A case from it, against the first firm.
    let r = app
        .client
        .post(app.url("/api/v1/market/warnings/cases"))
        .bearer_auth(&regulator)
        .json(&json!({ "key": ring["key"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let case: Value = r.json().await.unwrap();
    assert_eq!(case["subject"], "firm");
    assert!(
        planted.contains(&case["firm_id"].as_str().unwrap().to_owned()),
        "{case}"
    );
}
