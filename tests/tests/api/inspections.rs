//! Random inspections over HTTP (issue 6, 双随机): a regulator defines a round with its scope;
//! the draw of firms and inspectors is re-run here from the published data alone; only the
//! inspector drawn for a firm records its findings, once, and their points reach the firm's
//! public ledger; the round closes with its last findings and stays public.

use serde_json::{Value, json};
use zjcs_domain::model::Role;
use zjcs_domain::rules::draw::{PublishedDraw, Seed, verify};
use zjcs_tests::seed::quick_firm;
use zjcs_tests::{TestApp, spawn_app};

async fn post(app: &TestApp, path: &str, token: Option<&str>, body: Value, status: u16) -> Value {
    let mut r = app.client.post(app.url(path)).json(&body);
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    let r = r.send().await.unwrap();
    assert_eq!(r.status().as_u16(), status, "{path}");
    r.json().await.unwrap_or(Value::Null)
}

/// Queued mails whose subject contains `subject`: (to, body).
async fn mails(app: &TestApp, subject: &str) -> Vec<(String, String)> {
    use zjcs_domain::store::EntityTrait;
    use zjcs_domain::store::entities::outbox;
    outbox::Entity::find()
        .all(&app.services.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.subject.contains(subject))
        .map(|m| (m.to_addr, m.body_text))
        .collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_round_is_drawn_verifiably_and_only_the_drawn_inspector_records_findings() {
    let app = spawn_app().await;
    let s = &app.services;
    let mut firms = Vec::new();
    for n in 1..=8 {
        firms.push(quick_firm(s, n, &format!("抽查对象{n}号")).await);
    }
    let regulators = [
        app.privileged(Role::Regulator, "r1@example.gov.cn").await,
        app.privileged(Role::Regulator, "r2@example.gov.cn").await,
        app.privileged(Role::Regulator, "r3@example.gov.cn").await,
    ];
    let round = json!({
        "title": "2026 年第四季度测绘机构双随机抽查",
        "region": "33",
        "grades": [],
        "firms": 4,
        "inspectors": 2
    });
    // Regulators only.
    post(&app, "/api/v1/inspections", None, round.clone(), 401).await;
    app.register_firm("f@example.cn", "correct horse battery")
        .await;
    let firm_token = app.login("f@example.cn", "correct horse battery").await;
    post(
        &app,
        "/api/v1/inspections",
        Some(&firm_token),
        round.clone(),
        403,
    )
    .await;
    // Bad input: every field named.
    let p = post(
        &app,
        "/api/v1/inspections",
        Some(&regulators[0]),
        json!({ "title": " ", "region": "3", "grades": ["F"], "firms": 0, "inspectors": 501 }),
        422,
    )
    .await;
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["title", "region", "grades", "firms", "inspectors"],
        "{p}"
    );

    // Planned: the commitment is public, the seed is not.
    let r = post(
        &app,
        "/api/v1/inspections",
        Some(&regulators[0]),
        round,
        201,
    )
    .await;
    let id = r["id"].as_str().unwrap().to_owned();
    assert_eq!(r["status"], "planned");
    let commitment = r["commitment"].as_str().unwrap().to_owned();
    assert_eq!(commitment.len(), 64);
    assert_eq!(r["firm_draw"], Value::Null);
    let public: Value = app
        .get(&format!("/api/v1/inspections/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert!(!public.to_string().contains("\"seed\""), "{public}");
    // What each caller may do next: a regulator draws; the public nothing.
    assert_eq!(public["allowed"], json!([]));
    assert_eq!(r["allowed"], json!(["draw"]));

    // The draw.
    let d = post(
        &app,
        &format!("/api/v1/inspections/{id}/draw"),
        Some(&regulators[1]),
        json!({}),
        200,
    )
    .await;
    assert_eq!(d["status"], "drawn");
    assert_eq!(d["verified"], true);
    let targets = d["targets"].as_array().unwrap().clone();
    assert_eq!(targets.len(), 4);
    // Re-run both draws here from the published data alone.
    let fd = &d["firm_draw"];
    let seed = Seed::from_hex(fd["seed"].as_str().unwrap()).unwrap();
    assert_eq!(seed.commitment(), commitment);
    let population = strings(&fd["entries"]);
    // The population is every firm in scope.
    for f in &firms {
        assert!(population.contains(&f.to_string()));
    }
    let v = verify(
        fd["context"].as_str().unwrap(),
        &commitment,
        &seed,
        &population,
        fd["list_hash"].as_str().unwrap(),
        4,
        &strings(&fd["result"]),
    );
    assert!(v.ok(), "{v:?}");
    let drawn_firms: Vec<String> = targets
        .iter()
        .map(|t| t["firm_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(drawn_firms, strings(&fd["result"]));
    let idr = &d["inspector_draw"];
    assert_eq!(
        strings(&idr["entries"]).len(),
        3,
        "every regulator is in the pool"
    );
    let inspectors = strings(&idr["result"]);
    assert_eq!(inspectors.len(), 2);
    let v = verify(
        idr["context"].as_str().unwrap(),
        &commitment,
        &seed,
        &strings(&idr["entries"]),
        idr["list_hash"].as_str().unwrap(),
        2,
        &inspectors,
    );
    assert!(v.ok(), "{v:?}");
    for (n, t) in targets.iter().enumerate() {
        assert_eq!(t["inspector_id"].as_str().unwrap(), inspectors[n % 2]);
    }
    // Each draw document is what `zjcs verify-draw` reads, as it is served.
    for doc in [fd, idr] {
        let published: PublishedDraw = serde_json::from_value(doc.clone()).unwrap();
        assert!(published.verify().unwrap().ok());
    }
    // A changed result does not verify.
    let mut forged = strings(&fd["result"]);
    forged.swap(0, 1);
    assert!(
        !verify(
            fd["context"].as_str().unwrap(),
            &commitment,
            &seed,
            &population,
            fd["list_hash"].as_str().unwrap(),
            4,
            &forged
        )
        .ok()
    );
    // Each drawn inspector is told which firms are theirs.
    let assigned = mails(&app, "随机抽查任务").await;
    assert_eq!(assigned.len(), 2, "{assigned:?}");
    for (_, body) in &assigned {
        assert!(body.contains(&format!("/inspections/{id}")), "{body}");
    }
    // Drawn once.
    post(
        &app,
        &format!("/api/v1/inspections/{id}/draw"),
        Some(&regulators[0]),
        json!({}),
        409,
    )
    .await;

    // Findings: who is who among the regulators.
    let mut token_of = std::collections::HashMap::new();
    for t in &regulators {
        let me: Value = app
            .get_auth("/api/v1/accounts/me", t)
            .await
            .json()
            .await
            .unwrap();
        token_of.insert(me["id"].as_str().unwrap().to_owned(), t.clone());
    }
    let first = &targets[0];
    let firm = first["firm_id"].as_str().unwrap();
    let inspector = &token_of[first["inspector_id"].as_str().unwrap()];
    let other = token_of
        .iter()
        .find(|(id, _)| *id != first["inspector_id"].as_str().unwrap())
        .map(|(_, t)| t.clone())
        .unwrap();
    let finding = json!({
        "firm": firm,
        "outcome": "violation",
        "findings": "评估报告签字人员无相应执业资格",
        "points": -10
    });
    // Only the firm's own inspector is offered the finding, and the round is not drawn again.
    let seen_by = |token: String| {
        let app = &app;
        let id = id.clone();
        async move {
            let v: Value = app
                .get_auth(&format!("/api/v1/inspections/{id}"), &token)
                .await
                .json()
                .await
                .unwrap();
            v
        }
    };
    let mine = seen_by(inspector.clone()).await;
    assert_eq!(mine["allowed"], json!([]));
    let own = mine["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["firm_id"] == firm)
        .unwrap()
        .clone();
    assert_eq!(own["allowed"], json!(["record-finding"]));
    let theirs = seen_by(other.clone()).await;
    let not_own = theirs["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["firm_id"] == firm)
        .unwrap()
        .clone();
    assert_eq!(not_own["allowed"], json!([]));
    let path = format!("/api/v1/inspections/{id}/findings");
    post(&app, &path, Some(&other), finding.clone(), 403).await;
    let p = post(
        &app,
        &path,
        Some(inspector),
        json!({ "firm": firm, "outcome": "compliant", "findings": "x", "points": -1 }),
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "points");
    let after = post(&app, &path, Some(inspector), finding.clone(), 200).await;
    assert_eq!(after["targets"][0]["outcome"], "violation");
    assert_eq!(after["targets"][0]["points"], -10);
    assert_eq!(after["status"], "drawn");
    post(&app, &path, Some(inspector), finding, 409).await;
    // The firm is told what was found.
    let result = mails(&app, "随机抽查结果").await;
    assert_eq!(result.len(), 1);
    assert!(
        result[0].1.contains("存在违法违规行为") && result[0].1.contains("-10"),
        "{result:?}"
    );
    // On the firm's public ledger, with the round named.
    let credit: Value = app
        .get(&format!("/api/v1/firms/{firm}/credit"))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        credit
            .to_string()
            .contains("2026 年第四季度测绘机构双随机抽查"),
        "{credit}"
    );
    assert_eq!(credit["score"].as_i64().unwrap(), 90, "{credit}");

    // Each inspector's pending firms; the firm's dossier holds the findings.
    let mine: Value = app
        .get_auth("/api/v1/inspections/mine", inspector)
        .await
        .json()
        .await
        .unwrap();
    let pending: Vec<&str> = mine
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["firm_id"].as_str().unwrap())
        .collect();
    assert!(!pending.contains(&firm), "recorded: no longer pending");
    let expected = targets
        .iter()
        .skip(1)
        .filter(|t| token_of[t["inspector_id"].as_str().unwrap()] == *inspector)
        .count();
    assert_eq!(pending.len(), expected);
    let dossier: Value = app
        .get_auth(&format!("/api/v1/dossiers/firms/{firm}"), &other)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        dossier["inspections"][0]["outcome"], "violation",
        "{dossier}"
    );
    assert_eq!(dossier["inspections"][0]["points"], -10);

    // The rest: compliant; the round closes.
    for t in &targets[1..] {
        let token = &token_of[t["inspector_id"].as_str().unwrap()];
        post(
            &app,
            &path,
            Some(token),
            json!({ "firm": t["firm_id"], "outcome": "compliant", "findings": "未发现问题" }),
            200,
        )
        .await;
    }
    let closed: Value = app
        .get(&format!("/api/v1/inspections/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(closed["status"], "closed");
    assert!(closed["closed_at"].is_string());
    let list: Value = app.get("/api/v1/inspections").await.json().await.unwrap();
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["status"], "closed");
    // A round whose scope holds no firm cannot be drawn, and stays planned.
    let empty = post(
        &app,
        "/api/v1/inspections",
        Some(&regulators[0]),
        json!({ "title": "西藏抽查", "region": "54", "firms": 1, "inspectors": 1 }),
        201,
    )
    .await;
    let eid = empty["id"].as_str().unwrap();
    post(
        &app,
        &format!("/api/v1/inspections/{eid}/draw"),
        Some(&regulators[0]),
        json!({}),
        409,
    )
    .await;
    let still: Value = app
        .get(&format!("/api/v1/inspections/{eid}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(still["status"], "planned");
}
