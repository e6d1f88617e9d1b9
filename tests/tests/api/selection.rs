//! From registration to contract over HTTP, with the real closing job: one project per selection
//! method, three firms, every step a client would take; sealed bids hidden from every reader
//! before the deadline; the published draw verified by `zjcs verify-draw`'s own check.

use super::problem;
use chrono::{Duration, Utc};
use serde_json::{Value, json};
use zjcs_domain::model::Role;
use zjcs_domain::model::firm::CreditCode;
use zjcs_domain::rules::draw::PublishedDraw;
use zjcs_domain::testing::{end_notice, move_deadline};
use zjcs_tests::{TestApp, spawn_app};

use zjcs_tests::PASSWORD as PW;
use zjcs_tests::PDF;
use zjcs_tests::seed::QUAL;

async fn upload(app: &TestApp, path: &str, token: &str) -> Value {
    let r = app
        .client
        .post(app.url(path))
        .bearer_auth(token)
        .header("content-type", "application/octet-stream")
        .body(PDF.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    r.json().await.unwrap()
}

struct Market {
    app: TestApp,
    item: String,
    owner: String,
    /// (token, firm id)
    firms: Vec<(String, String)>,
}

async fn market() -> Market {
    let app = spawn_app().await;
    let admin = app.privileged(Role::Admin, "admin@example.cn").await;
    let demo: Value =
        serde_json::from_str(zjcs_domain::model::catalogue::DEMO_CATALOGUE_JSON).unwrap();
    app.call(
        "POST",
        "/api/v1/catalogue/import",
        Some(&admin),
        Some(demo),
        200,
    )
    .await;
    let items = app.call("GET", "/api/v1/catalogue", None, None, 200).await;
    let item = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "工程测绘")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.call(
        "POST",
        "/api/v1/accounts",
        None,
        Some(
            json!({ "role": "owner", "owner_kind": "company", "name": "某置业有限公司",
                     "email": "owner@example.cn", "password": PW }),
        ),
        201,
    )
    .await;
    let owner = app.login("owner@example.cn", PW).await;
    let mut firms = Vec::new();
    for n in 1..=3 {
        let email = format!("firm{n}@example.cn");
        app.register_firm(&email, PW).await;
        let token = app.login(&email, PW).await;
        let code = CreditCode::complete(&format!("91330106MC{n:07}")).unwrap();
        let firm = app
            .call(
                "POST",
                "/api/v1/firms",
                Some(&token),
                Some(json!({
                    "name": format!("测绘机构{n}"), "credit_code": code.as_str(),
                    "legal_rep_name": "张三", "legal_rep_id": "11010519491231002X",
                    "region_code": "330106", "address": "文三路 1 号",
                    "contact_name": "李四", "contact_phone": "0571-88888888", "commitment": true,
                })),
                201,
            )
            .await;
        let file = upload(&app, "/api/v1/firms/me/files?name=cert.pdf", &token).await;
        app.call(
            "POST",
            "/api/v1/firms/me/qualifications",
            Some(&token),
            Some(json!({
                "type": QUAL, "grade": "乙级", "number": format!("乙测资字 {n}"),
                "issuer": "浙江省自然资源厅", "valid_from": "2024-01-01",
                "valid_until": "2099-12-31", "evidence_file_id": file["id"],
            })),
            201,
        )
        .await;
        firms.push((token, firm["id"].as_str().unwrap().to_owned()));
    }
    Market {
        app,
        item,
        owner,
        firms,
    }
}

fn posting(item: &str, method: &str) -> Value {
    let at = |days: i64| (Utc::now() + Duration::days(days)).to_rfc3339();
    let mut p = json!({
        "item": item,
        "title": format!("竣工测绘（{method}）"),
        "scope": "竣工测量与房产测绘",
        "region": "330106",
        "budget_fen": if method == "direct" { 4_000_000 } else { 8_000_000 },
        "service_days": 20,
        "fund_source": "self-funded",
        "required_qualifications": [{"type": QUAL, "grades": ["甲级", "乙级"]}],
        "method": method,
        "registration_deadline": at(10),
        "selection_at": at(11),
        "contact_name": "王工",
        "contact_phone": "0571-87000000",
    });
    match method {
        "credit-preferred" => {
            p["long_list"] = json!(3);
            p["short_list"] = json!(2);
        }
        "lowest-price" => p["abnormal_percent"] = json!(70),
        "comprehensive" => {
            p["weight_price"] = json!(30);
            p["weight_plan"] = json!(60);
            p["weight_credit"] = json!(10);
        }
        _ => {}
    }
    p
}

impl Market {
    async fn publish(&self, method: &str) -> String {
        let p = self
            .app
            .call(
                "POST",
                "/api/v1/projects",
                Some(&self.owner),
                Some(posting(&self.item, method)),
                201,
            )
            .await;
        let id = p["id"].as_str().unwrap().to_owned();
        self.app
            .call(
                "POST",
                &format!("/api/v1/projects/{id}/publish"),
                Some(&self.owner),
                None,
                200,
            )
            .await;
        id
    }

    /// Lets the deadline pass and waits for the server's closing job.
    async fn close(&self, id: &str) -> Value {
        move_deadline(
            &self.app.db.db,
            id.parse().unwrap(),
            Utc::now() - Duration::seconds(1),
        )
        .await;
        for _ in 0..100 {
            let v = self
                .app
                .call(
                    "GET",
                    &format!("/api/v1/projects/{id}/selection"),
                    None,
                    None,
                    200,
                )
                .await;
            if v["status"] != "published" {
                return v;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("the closing job did not close {id}");
    }

    async fn selection(&self, id: &str) -> Value {
        self.app
            .call(
                "GET",
                &format!("/api/v1/projects/{id}/selection"),
                Some(&self.owner),
                None,
                200,
            )
            .await
    }

    async fn contract(&self, id: &str) {
        let doc = upload(
            &self.app,
            "/api/v1/documents?name=contract.pdf",
            &self.owner,
        )
        .await;
        let body = json!({
            "signed_on": Utc::now().with_timezone(&zjcs_domain::model::project::china())
                .format("%Y-%m-%d").to_string(),
            "price_fen": 3_000_000, "service_days": 20, "terms": "二十个工作日内交付",
            "document": doc["id"],
        });
        let path = format!("/api/v1/projects/{id}/contract");
        let (status, p) = problem(
            self.app
                .send("POST", &path, Some(&self.owner), Some(&body))
                .await,
        )
        .await;
        assert_eq!(
            (
                status,
                p["type"].as_str().unwrap().ends_with("notice-running")
            ),
            (409, true)
        );
        end_notice(&self.app.db.db, id.parse().unwrap()).await;
        let v = self
            .app
            .call("POST", &path, Some(&self.owner), Some(body), 200)
            .await;
        assert_eq!(v["status"], "contracted");
        assert_eq!(v["next"]["kind"], "contracted");
        // The contracted firm reads the contract; another firm cannot.
        let winner = v["awards"].as_array().unwrap().last().unwrap()["firm_id"].clone();
        for (token, firm) in &self.firms {
            let r = self
                .app
                .send(
                    "GET",
                    &format!("/api/v1/documents/{}", doc["id"].as_str().unwrap()),
                    Some(token),
                    None,
                )
                .await;
            let expected = if winner == *firm { 200 } else { 404 };
            assert_eq!(r.status().as_u16(), expected);
        }
    }
}

fn register_path(id: &str) -> String {
    format!("/api/v1/projects/{id}/registration")
}

#[tokio::test]
async fn every_method_walks_from_registration_to_contract_over_http() {
    let m = market().await;

    // Direct selection: the owner picks with a reason.
    let id = m.publish("direct").await;
    for (t, _) in &m.firms[..2] {
        m.app
            .call("POST", &register_path(&id), Some(t), Some(json!({})), 201)
            .await;
    }
    let v = m.close(&id).await;
    assert_eq!(v["next"]["kind"], "owner-picks");
    let pick = &m.firms[1].1;
    let v = m
        .app
        .call(
            "POST",
            &format!("/api/v1/projects/{id}/award"),
            Some(&m.owner),
            Some(json!({ "firm": pick, "reason": "熟悉本地块历史资料" })),
            200,
        )
        .await;
    assert_eq!(v["awards"][0]["firm_id"], *pick);
    m.contract(&id).await;

    // Random draw: the first drawn wins; the draw verifies from public data alone.
    let id = m.publish("random-draw").await;
    let sel = format!("/api/v1/projects/{id}/selection");
    let first = Some(m.firms[0].0.as_str());
    let before = m.app.call("GET", &sel, first, None, 200).await;
    assert_eq!(before["allowed"], json!(["register"]));
    assert_eq!(before["asks_price"], false, "a random draw takes no price");
    for (t, _) in &m.firms {
        m.app
            .call("POST", &register_path(&id), Some(t), Some(json!({})), 201)
            .await;
    }
    assert_eq!(
        m.app.call("GET", &sel, first, None, 200).await["allowed"],
        json!(["replace-bid", "withdraw"])
    );
    let v = m.close(&id).await;
    assert_eq!(v["status"], "awarded");
    let draw: PublishedDraw = serde_json::from_value(
        m.app
            .call(
                "GET",
                &format!("/api/v1/projects/{id}/draw"),
                None,
                None,
                200,
            )
            .await,
    )
    .unwrap();
    assert!(draw.verify().unwrap().ok());
    assert_eq!(v["awards"][0]["firm_id"], draw.result[0]);
    let project = m
        .app
        .call("GET", &format!("/api/v1/projects/{id}"), None, None, 200)
        .await;
    assert_eq!(project["seed_commitment"], draw.commitment);
    // A loser objects; the owner dismisses it; the contract follows.
    let loser = m.firms.iter().find(|f| f.1 == draw.result[1]).unwrap();
    let winner = m.firms.iter().find(|f| f.1 == draw.result[0]).unwrap();
    let selection = format!("/api/v1/projects/{id}/selection");
    let allowed = |token: Option<String>| {
        let (app, path) = (&m.app, selection.clone());
        async move { app.call("GET", &path, token.as_deref(), None, 200).await["allowed"].clone() }
    };
    // Each caller's view says what it may do next: only the loser may object now.
    assert_eq!(allowed(Some(loser.0.clone())).await, json!(["object"]));
    assert_eq!(allowed(Some(winner.0.clone())).await, json!([]));
    assert_eq!(allowed(Some(m.owner.clone())).await, json!([]));
    assert_eq!(allowed(None).await, json!([]));
    let o = m
        .app
        .call(
            "POST",
            &format!("/api/v1/projects/{id}/objections"),
            Some(&loser.0),
            Some(json!({ "text": "请核实中选机构的项目负责人资格" })),
            201,
        )
        .await;
    assert_eq!(
        allowed(Some(m.owner.clone())).await,
        json!(["answer-objection"])
    );
    let v = m
        .app
        .call(
            "POST",
            &format!(
                "/api/v1/projects/{id}/objections/{}/answer",
                o["id"].as_str().unwrap()
            ),
            Some(&m.owner),
            Some(json!({ "upheld": false, "answer": "经核实，负责人资格有效" })),
            200,
        )
        .await;
    assert_eq!(v["objections"][0]["status"], "dismissed");
    m.contract(&id).await;

    // Credit-preferred: the owner picks from the drawn short list.
    let id = m.publish("credit-preferred").await;
    for (t, _) in &m.firms {
        m.app
            .call("POST", &register_path(&id), Some(t), Some(json!({})), 201)
            .await;
    }
    let v = m.close(&id).await;
    assert_eq!(v["next"]["kind"], "owner-picks");
    let choices = v["next"]["choices"].as_array().unwrap().clone();
    assert_eq!(choices.len(), 2);
    m.app
        .call(
            "POST",
            &format!("/api/v1/projects/{id}/award"),
            Some(&m.owner),
            Some(json!({ "firm": choices[0], "reason": "业绩更贴近本项目" })),
            200,
        )
        .await;
    m.contract(&id).await;

    // Lowest price: an abnormally low bid is rejected; the next lowest wins.
    let id = m.publish("lowest-price").await;
    for ((t, _), p) in m.firms.iter().zip([1_000_000, 5_000_000, 5_200_000]) {
        m.app
            .call(
                "POST",
                &register_path(&id),
                Some(t),
                Some(json!({ "price_fen": p })),
                201,
            )
            .await;
    }
    let v = m.close(&id).await;
    assert_eq!(v["next"]["kind"], "confirm-low");
    assert_eq!(v["next"]["firm"], m.firms[0].1.as_str());
    let v = m
        .app
        .call(
            "POST",
            &format!("/api/v1/projects/{id}/rejections"),
            Some(&m.owner),
            Some(json!({ "firm": m.firms[0].1, "reason": "未能说明低价的合理性" })),
            200,
        )
        .await;
    assert_eq!(v["awards"][0]["firm_id"], m.firms[1].1.as_str());
    assert_eq!(v["awards"][0]["price_fen"], 5_000_000);
    m.contract(&id).await;

    // Comprehensive scoring: plans are read after the opening, scored, and ranked.
    let id = m.publish("comprehensive").await;
    for ((t, _), p) in m.firms.iter().zip([8_000_000, 6_000_000, 7_000_000]) {
        let plan = upload(&m.app, "/api/v1/firms/me/files?name=plan.pdf", t).await;
        m.app
            .call(
                "POST",
                &register_path(&id),
                Some(t),
                Some(json!({ "price_fen": p, "plan_file": plan["id"] })),
                201,
            )
            .await;
    }
    let v = m.close(&id).await;
    assert_eq!(v["next"]["kind"], "score-plans");
    let scores: Vec<Value> = m
        .firms
        .iter()
        .zip([95, 70, 60])
        .map(|((_, f), s)| json!({ "firm": f, "score": s }))
        .collect();
    let v = m
        .app
        .call(
            "POST",
            &format!("/api/v1/projects/{id}/plan-scores"),
            Some(&m.owner),
            Some(json!({ "scores": scores })),
            200,
        )
        .await;
    assert_eq!(v["status"], "awarded");
    assert_eq!(v["ranking"][0]["firm_id"], m.firms[0].1.as_str());
    assert_eq!(v["awards"][0]["firm_id"], m.firms[0].1.as_str());
    m.contract(&id).await;

    // Each firm's list of registrations: five projects, with receipts.
    let mine = m
        .app
        .call(
            "GET",
            "/api/v1/firms/me/registrations",
            Some(&m.firms[0].0),
            None,
            200,
        )
        .await;
    assert_eq!(mine.as_array().unwrap().len(), 5);
}

#[tokio::test]
async fn every_read_path_hides_sealed_bids_before_the_deadline() {
    let m = market().await;
    let id = m.publish("lowest-price").await;
    let (a, b) = (&m.firms[0], &m.firms[1]);
    let mine = m
        .app
        .call(
            "POST",
            &register_path(&id),
            Some(&a.0),
            Some(json!({ "price_fen": 6_543_217 })),
            201,
        )
        .await;
    assert_eq!(mine["price_fen"], 6_543_217);
    let receipt = mine["receipt"].as_str().unwrap().to_owned();
    // Refused registrations are problems with every reason.
    let (status, p) = problem(
        m.app
            .send(
                "POST",
                &register_path(&id),
                Some(&a.0),
                Some(&json!({ "price_fen": 1 })),
            )
            .await,
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(p["errors"][0]["code"], "registration.already-registered");
    let (status, p) = problem(
        m.app
            .send(
                "POST",
                &register_path(&id),
                Some(&b.0),
                Some(&json!({ "price_fen": 9_000_000 })),
            )
            .await,
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(p["errors"][0]["code"], "field.bid.above-cap");

    // Everyone else, through every reader: the owner, a regulator, an administrator, the public,
    // another firm; the API, the pages, the audit trail.
    let regulator = m.app.privileged(Role::Regulator, "reg@example.cn").await;
    let admin = m.app.login("admin@example.cn", "privileged password").await;
    let readers: Vec<Option<&str>> = vec![
        None,
        Some(&m.owner),
        Some(&regulator),
        Some(&admin),
        Some(&b.0),
    ];
    let paths = [
        format!("/api/v1/projects/{id}"),
        format!("/api/v1/projects/{id}/selection"),
        format!("/api/v1/projects/{id}/draw"),
        format!("/api/v1/projects/{id}/registration"),
        "/api/v1/projects".to_owned(),
        "/api/v1/projects/mine".to_owned(),
        "/api/v1/firms/me/registrations".to_owned(),
        "/api/v1/audit".to_owned(),
        format!("/projects/{id}"),
        "/projects".to_owned(),
    ];
    for reader in &readers {
        for path in &paths {
            let r = m.app.send("GET", path, *reader, None).await;
            let text = r.text().await.unwrap();
            assert!(
                !text.contains("6543217")
                    && !text.contains("6,543,217")
                    && !text.contains("65432.17")
                    && !text.contains("65,432.17"),
                "{path} shows the sealed bid to {reader:?}"
            );
            assert!(
                !text.contains(&receipt),
                "{path} shows the receipt to {reader:?}"
            );
        }
    }
    // The draw does not exist yet.
    let (status, _) = problem(
        m.app
            .send("GET", &format!("/api/v1/projects/{id}/draw"), None, None)
            .await,
    )
    .await;
    assert_eq!(status, 409);

    // After the deadline the opened bid is public and matches the receipt.
    m.app
        .call(
            "POST",
            &register_path(&id),
            Some(&b.0),
            Some(json!({ "price_fen": 7_000_000 })),
            201,
        )
        .await;
    let v = m.close(&id).await;
    let opened = v["bids"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["firm_id"] == a.1.as_str())
        .unwrap()
        .clone();
    assert_eq!(opened["price_fen"], 6_543_217);
    assert_eq!(opened["receipt"], receipt.as_str());
    assert_eq!(
        zjcs_domain::rules::procedure::bid_receipt(
            &id,
            &a.1,
            Some(6_543_217),
            None,
            opened["nonce"].as_str().unwrap()
        ),
        receipt
    );
    let _ = m.selection(&id).await;
}

/// After the contract over HTTP: the firm submits a result document, the owner returns it with a
/// reason, the firm submits again, the owner accepts; the firm's ledger shows its on-time
/// delivery.
#[tokio::test]
async fn a_contracted_firm_delivers_and_the_owner_accepts_over_http() {
    let m = market().await;
    let id = m.publish("direct").await;
    for (t, _) in &m.firms[..2] {
        m.app
            .call("POST", &register_path(&id), Some(t), Some(json!({})), 201)
            .await;
    }
    m.close(&id).await;
    let (firm_token, firm_id) = m.firms[0].clone();
    m.app
        .call(
            "POST",
            &format!("/api/v1/projects/{id}/award"),
            Some(&m.owner),
            Some(json!({ "firm": firm_id, "reason": "熟悉本地块" })),
            200,
        )
        .await;
    m.contract(&id).await;
    let path = format!("/api/v1/projects/{id}/delivery");
    let d = m.app.call("GET", &path, Some(&firm_token), None, 200).await;
    assert_eq!(d["state"], "in-service");
    // The view says what the caller may do next: the firm submits, the owner waits.
    assert_eq!(d["allowed"], json!(["submit-result"]));
    let o = m.app.call("GET", &path, Some(&m.owner), None, 200).await;
    assert_eq!(o["allowed"], json!([]));
    // Another firm does not see it.
    m.app
        .call("GET", &path, Some(&m.firms[1].0), None, 404)
        .await;
    let doc = upload(&m.app, "/api/v1/documents?name=result.pdf", &firm_token).await;
    let submissions = format!("{path}/submissions");
    let review = format!("{path}/review");
    m.app
        .call(
            "POST",
            &review,
            Some(&m.owner),
            Some(json!({ "accept": true })),
            409,
        )
        .await;
    let d = m
        .app
        .call(
            "POST",
            &submissions,
            Some(&firm_token),
            Some(json!({ "document": doc["id"], "note": "成果第一版" })),
            201,
        )
        .await;
    assert_eq!(d["state"], "submitted");
    assert_eq!(d["allowed"], json!([]));
    let o = m.app.call("GET", &path, Some(&m.owner), None, 200).await;
    assert_eq!(o["allowed"], json!(["review-result"]));
    // The owner reads the result document.
    let r = m
        .app
        .send(
            "GET",
            &format!("/api/v1/documents/{}", doc["id"].as_str().unwrap()),
            Some(&m.owner),
            None,
        )
        .await;
    assert_eq!(r.status(), 200);
    let p = m
        .app
        .call(
            "POST",
            &review,
            Some(&m.owner),
            Some(json!({ "accept": false })),
            422,
        )
        .await;
    assert_eq!(p["errors"][0]["field"], "reason");
    m.app
        .call(
            "POST",
            &review,
            Some(&m.owner),
            Some(json!({ "accept": false, "reason": "缺少坐标表" })),
            200,
        )
        .await;
    let doc2 = upload(&m.app, "/api/v1/documents?name=result2.pdf", &firm_token).await;
    m.app
        .call(
            "POST",
            &submissions,
            Some(&firm_token),
            Some(json!({ "document": doc2["id"] })),
            201,
        )
        .await;
    let d = m
        .app
        .call(
            "POST",
            &review,
            Some(&m.owner),
            Some(json!({ "accept": true })),
            200,
        )
        .await;
    assert_eq!(
        (
            d["state"].as_str(),
            d["credit_kind"].as_str(),
            d["credit_points"].as_i64()
        ),
        (Some("accepted"), Some("on-time"), Some(1))
    );
    let c = m
        .app
        .call(
            "GET",
            &format!("/api/v1/firms/{firm_id}/credit"),
            None,
            None,
            200,
        )
        .await;
    assert_eq!(c["events"][0]["kind"], "on-time");
    assert_eq!(c["score"], 101);

    // The owner evaluates (bad input named field by field; once); the firm replies and
    // appeals; a regulator upholds; the firm rates the owner.
    let eval = format!("/api/v1/projects/{id}/evaluation");
    let p = m.app.call("POST",
        &eval,
        Some(&m.owner),
        Some(json!({ "quality": 0, "timeliness": 6, "fees": 1, "attitude": 1, "conduct": 1, "comment": "" })),
        422,
    )
    .await;
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["quality", "timeliness", "comment"]);
    let body = json!({ "quality": 2, "timeliness": 2, "fees": 2, "attitude": 2, "conduct": 2, "comment": "返工两次" });
    let e = m
        .app
        .call("POST", &eval, Some(&m.owner), Some(body.clone()), 201)
        .await;
    assert_eq!(
        (e["average_centi"].as_u64(), e["points"].as_i64()),
        (Some(200), Some(-3))
    );
    m.app
        .call("POST", &eval, Some(&m.owner), Some(body), 409)
        .await;
    let public = m.app.call("GET", &eval, None, None, 200).await;
    assert_eq!(public["comment"], "返工两次");
    m.app
        .call(
            "POST",
            &format!("{eval}/reply"),
            Some(&firm_token),
            Some(json!({ "text": "第二次返工系业主变更需求" })),
            200,
        )
        .await;
    m.app
        .call(
            "POST",
            &format!("{eval}/appeal"),
            Some(&firm_token),
            Some(json!({ "text": "需求变更有会议纪要为证" })),
            200,
        )
        .await;
    let regulator = m
        .app
        .privileged(Role::Regulator, "regulator@example.cn")
        .await;
    let appeals = m
        .app
        .call("GET", "/api/v1/credit/appeals", Some(&regulator), None, 200)
        .await;
    assert_eq!(appeals.as_array().unwrap().len(), 1);
    m.app
        .call(
            "GET",
            "/api/v1/credit/appeals",
            Some(&firm_token),
            None,
            403,
        )
        .await;
    let d = m
        .app
        .call(
            "POST",
            &format!("{eval}/appeal/decision"),
            Some(&regulator),
            Some(json!({ "uphold": true, "reason": "返工原因在业主" })),
            200,
        )
        .await;
    assert_eq!(
        (d["appeal_status"].as_str(), d["voided"].as_bool()),
        (Some("upheld"), Some(true))
    );
    let c = m
        .app
        .call(
            "GET",
            &format!("/api/v1/firms/{firm_id}/credit"),
            None,
            None,
            200,
        )
        .await;
    assert_eq!(c["score"], 101);
    let s = m
        .app
        .call(
            "POST",
            &format!("/api/v1/projects/{id}/owner-rating"),
            Some(&firm_token),
            Some(json!({ "closing_out": 3, "payment": 5 })),
            200,
        )
        .await;
    assert_eq!(
        (s["ratings"].as_u64(), s["payment_centi"].as_u64()),
        (Some(1), Some(500))
    );
    let me = m
        .app
        .call("GET", "/api/v1/accounts/me", Some(&m.owner), None, 200)
        .await;
    let owner = me["id"].as_str().unwrap();
    let s = m
        .app
        .call(
            "GET",
            &format!("/api/v1/owners/{owner}/ratings"),
            None,
            None,
            200,
        )
        .await;
    assert_eq!(
        (s["ratings"].as_u64(), s["closing_out_centi"].as_u64()),
        (Some(1), Some(300))
    );
    m.app.stop().await;
}

impl Market {
    /// A direct-selection project awarded to firm `n`, contracted and delivered over HTTP; late
    /// by a few working days when `late` (the due date moved back in the database).
    async fn delivered(&self, n: usize, late: bool) -> String {
        use zjcs_domain::store::entities::delivery;
        use zjcs_domain::store::{ColumnTrait, EntityTrait, Expr, QueryFilter};
        let id = self.publish("direct").await;
        let (token, firm_id) = self.firms[n].clone();
        self.app
            .call(
                "POST",
                &register_path(&id),
                Some(&token),
                Some(json!({})),
                201,
            )
            .await;
        self.close(&id).await;
        self.app
            .call(
                "POST",
                &format!("/api/v1/projects/{id}/award"),
                Some(&self.owner),
                Some(json!({ "firm": firm_id, "reason": "熟悉本地块" })),
                200,
            )
            .await;
        self.contract(&id).await;
        let path = format!("/api/v1/projects/{id}/delivery");
        self.app.call("GET", &path, Some(&token), None, 200).await;
        if late {
            let due = (Utc::now() - Duration::days(10))
                .with_timezone(&zjcs_domain::model::project::china())
                .date_naive();
            delivery::Entity::update_many()
                .col_expr(delivery::Column::DueOn, Expr::value(due))
                .filter(delivery::Column::ProjectId.eq(id.parse::<uuid::Uuid>().unwrap()))
                .exec(&self.app.db.db)
                .await
                .unwrap();
        }
        let doc = upload(&self.app, "/api/v1/documents?name=result.pdf", &token).await;
        self.app
            .call(
                "POST",
                &format!("{path}/submissions"),
                Some(&token),
                Some(json!({ "document": doc["id"] })),
                201,
            )
            .await;
        let d = self
            .app
            .call(
                "POST",
                &format!("{path}/review"),
                Some(&self.owner),
                Some(json!({ "accept": true })),
                200,
            )
            .await;
        assert_eq!(
            d["credit_kind"].as_str(),
            Some(if late { "late" } else { "on-time" })
        );
        id
    }

    async fn evaluate(&self, id: &str, all: u32, comment: &str) -> Value {
        self.app
            .call(
                "POST",
                &format!("/api/v1/projects/{id}/evaluation"),
                Some(&self.owner),
                Some(
                    json!({ "quality": all, "timeliness": all, "fees": all, "attitude": all,
                         "conduct": all, "comment": comment }),
                ),
                201,
            )
            .await
    }

    async fn credit(&self, n: usize) -> Value {
        self.app
            .call(
                "GET",
                &format!("/api/v1/firms/{}/credit", self.firms[n].1),
                None,
                None,
                200,
            )
            .await
    }
}

/// Issue 5's journey over HTTP: a firm with two bad evaluations and a late delivery drops a
/// grade and below a firm with good evaluations in the directory; reaching grade E makes its
/// next registration refused with a reason naming the suspension's last day; after the period
/// and an approved repair it registers again.
#[tokio::test]
async fn bad_evaluations_and_a_late_delivery_cost_a_grade_and_grade_e_suspends_until_repaired() {
    use zjcs_domain::store::entities::firm;
    use zjcs_domain::store::{ColumnTrait, EntityTrait, Expr, QueryFilter};
    let m = market().await;
    let regulator = m
        .app
        .privileged(Role::Regulator, "regulator@example.cn")
        .await;
    let admin = m.app.privileged(Role::Admin, "admin2@example.cn").await;
    let ids = |v: &Value| -> Vec<String> {
        v["firms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["id"].as_str().unwrap().to_owned())
            .filter(|id| *id == m.firms[0].1 || *id == m.firms[1].1)
            .collect()
    };

    // Firm 0: a late delivery and two bad evaluations; firm 1: a good one.
    let p1 = m.delivered(0, true).await;
    m.evaluate(&p1, 1, "成果错误多，多次返工").await;
    let p2 = m.delivered(0, false).await;
    m.evaluate(&p2, 1, "态度差，收费不透明").await;
    let p3 = m.delivered(1, false).await;
    m.evaluate(&p3, 5, "专业高效").await;
    let (x, y) = (m.credit(0).await, m.credit(1).await);
    assert_eq!(
        (x["score"].as_i64(), x["grade"].as_str()),
        (Some(87), Some("B")),
        "{x}"
    );
    assert_eq!(
        (y["score"].as_i64(), y["grade"].as_str()),
        (Some(103), Some("A")),
        "{y}"
    );
    let kinds: Vec<&str> = x["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["evaluation", "on-time", "evaluation", "late"]);
    let dir = m.app.call("GET", "/api/v1/firms", None, None, 200).await;
    assert_eq!(ids(&dir), [m.firms[1].1.clone(), m.firms[0].1.clone()]);

    // A regulator's deduction takes it to grade E: its next registration is refused, naming
    // the suspension and its last day.
    let c = m
        .app
        .call(
            "POST",
            &format!("/api/v1/firms/{}/credit-events", m.firms[0].1),
            Some(&regulator),
            Some(json!({ "kind": "manual", "points": -30, "reason": "拒不整改" })),
            201,
        )
        .await;
    assert_eq!(
        (c["grade"].as_str(), c["status"].as_str()),
        (Some("E"), Some("suspended")),
        "{c}"
    );
    let until: chrono::DateTime<Utc> = c["suspended_until"].as_str().unwrap().parse().unwrap();
    let last_day = (until + Duration::hours(8) - Duration::seconds(1))
        .format("%Y-%m-%d")
        .to_string();
    let next = m.publish("random-draw").await;
    let p = m
        .app
        .call(
            "POST",
            &register_path(&next),
            Some(&m.firms[0].0),
            Some(json!({})),
            403,
        )
        .await;
    assert_eq!(p["errors"][0]["code"], "registration.suspended", "{p}");
    let message = p["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("暂停") && message.contains(&last_day),
        "{message}"
    );

    // After the period (the clock moved back in the database) it still needs a repair; a
    // regulator approves one and the firm registers again.
    let back = Utc::now() - Duration::days(210);
    firm::Entity::update_many()
        .col_expr(firm::Column::GradeESince, Expr::value(Some(back)))
        .col_expr(
            firm::Column::SuspendedUntil,
            Expr::value(Some(back + Duration::days(183))),
        )
        .filter(firm::Column::Id.eq(m.firms[0].1.parse::<uuid::Uuid>().unwrap()))
        .exec(&m.app.db.db)
        .await
        .unwrap();
    m.app
        .call("POST", "/api/v1/credit/recompute", Some(&admin), None, 200)
        .await;
    let p = m
        .app
        .call(
            "POST",
            &register_path(&next),
            Some(&m.firms[0].0),
            Some(json!({})),
            403,
        )
        .await;
    assert_eq!(p["errors"][0]["code"], "registration.repair-needed", "{p}");
    let r = m
        .app
        .call(
            "POST",
            "/api/v1/firms/me/credit-repairs",
            Some(&m.firms[0].0),
            Some(json!({ "statement": "已完成整改，建立成果质量复核制度" })),
            201,
        )
        .await;
    m.app
        .call(
            "POST",
            &format!(
                "/api/v1/credit/repairs/{}/decision",
                r["id"].as_str().unwrap()
            ),
            Some(&regulator),
            Some(json!({ "approve": true, "reason": "整改到位，准予修复" })),
            200,
        )
        .await;
    m.app
        .call(
            "POST",
            &register_path(&next),
            Some(&m.firms[0].0),
            Some(json!({})),
            201,
        )
        .await;
    m.app.stop().await;
}

/// The shared OCDS validator (`../shared/oracles/validate_ocds.py` beside the workspace, or
/// `ZJCS_OCDS_VALIDATOR`); `None` when it is not there.
fn ocds_validator() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("ZJCS_OCDS_VALIDATOR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../shared/oracles/validate_ocds.py")
        });
    path.is_file().then_some(path)
}

/// Writes a package under `target/ocds/` and validates it with the official OCDS 1.1.5 schema
/// (through the shared validator; skipped without it unless `ZJCS_REQUIRE_OCDS=1`).
fn validate_ocds(name: &str, package: &Value) {
    let dir = zjcs_tests::browser::target_dir().join("ocds");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{name}.json"));
    std::fs::write(&file, serde_json::to_vec_pretty(package).unwrap()).unwrap();
    let Some(validator) = ocds_validator() else {
        assert!(
            std::env::var("ZJCS_REQUIRE_OCDS").as_deref() != Ok("1"),
            "ZJCS_REQUIRE_OCDS=1 but the OCDS validator was not found"
        );
        eprintln!(
            "SKIPPED: OCDS validation of {} (no validator)",
            file.display()
        );
        return;
    };
    let out = std::process::Command::new("python3")
        .arg(&validator)
        .arg(&file)
        .output()
        .expect("running python3");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{} does not validate:\n{text}{}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("0 errors"), "{text}");
}

/// Open data over HTTP: a lowest-price project through bids, opening, award and contract, a
/// cancelled one and an open one are each an OCDS release package that the official schema
/// accepts; the feed pages through all three in the order of their last change.
#[tokio::test]
async fn every_public_project_is_an_ocds_release_package_and_the_feed_pages_through_them() {
    let m = market().await;
    let full = m.publish("lowest-price").await;
    for (i, (t, _)) in m.firms.iter().enumerate() {
        m.app
            .call(
                "POST",
                &register_path(&full),
                Some(t),
                Some(json!({ "price_fen": 6_000_000 + 500_000 * i as i64 })),
                201,
            )
            .await;
    }
    let v = m.close(&full).await;
    assert_eq!(v["status"], "awarded", "{v}");
    m.contract(&full).await;
    let cancelled = m.publish("direct").await;
    m.app
        .call(
            "POST",
            &format!("/api/v1/projects/{cancelled}/cancel"),
            Some(&m.owner),
            Some(json!({ "reason": "规划调整" })),
            200,
        )
        .await;
    let open = m.publish("random-draw").await;

    let package = |id: String| {
        let app = &m.app;
        async move {
            app.call(
                "GET",
                &format!("/api/v1/ocds/projects/{id}"),
                None,
                None,
                200,
            )
            .await
        }
    };
    let p = package(full.clone()).await;
    let r = &p["releases"][0];
    assert_eq!(r["tag"], json!(["tender", "award", "contract"]), "{r}");
    assert_eq!(r["tender"]["numberOfTenderers"], 3);
    assert_eq!(r["bids"]["details"].as_array().unwrap().len(), 3);
    assert_eq!(r["awards"][0]["value"]["amount"], 60000);
    assert_eq!(r["contracts"][0]["awardID"], r["awards"][0]["id"]);
    assert!(r["ocid"].as_str().unwrap().ends_with(&full));
    validate_ocds("full-life", &p);
    let c = package(cancelled.clone()).await;
    assert_eq!(c["releases"][0]["tender"]["status"], "cancelled");
    validate_ocds("cancelled", &c);
    let o = package(open.clone()).await;
    assert!(o["releases"][0].get("bids").is_none(), "sealed: {o}");
    validate_ocds("open", &o);
    // The same project unchanged: the same release id.
    assert_eq!(
        package(open.clone()).await["releases"][0]["id"],
        o["releases"][0]["id"]
    );
    // A draft is not public.
    let draft = m
        .app
        .call(
            "POST",
            "/api/v1/projects",
            Some(&m.owner),
            Some(posting(&m.item, "direct")),
            201,
        )
        .await;
    m.app
        .call(
            "GET",
            &format!("/api/v1/ocds/projects/{}", draft["id"].as_str().unwrap()),
            None,
            None,
            404,
        )
        .await;

    // The feed, two at a time: the three public projects once each, in the order of their
    // last change; after the last page the next link answers 204 (nothing new yet).
    let mut url = "/api/v1/ocds/releases?limit=2".to_owned();
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let r = m.app.send("GET", &url, None, None).await;
        if r.status() == 204 {
            break;
        }
        assert_eq!(r.status(), 200);
        let page: Value = r.json().await.unwrap();
        validate_ocds(&format!("feed-{pages}"), &page);
        pages += 1;
        assert!(pages <= 3, "the feed does not end: {url}");
        for r in page["releases"].as_array().unwrap() {
            seen.push(r["tender"]["id"].as_str().unwrap().to_owned());
        }
        let next = page["links"]["next"].as_str().unwrap();
        url = format!("{}&limit=2", &next[next.find("/api/v1").unwrap()..]);
    }
    assert_eq!(seen, [full.clone(), cancelled.clone(), open.clone()]);
    assert_eq!(pages, 2);
    // A project that changes comes again at the end: the crawler's cursor finds it.
    m.app
        .call(
            "POST",
            &format!("/api/v1/projects/{open}/cancel"),
            Some(&m.owner),
            Some(json!({ "reason": "规划调整" })),
            200,
        )
        .await;
    let page = m.app.call("GET", &url, None, None, 200).await;
    let releases = page["releases"].as_array().unwrap();
    assert_eq!(releases.len(), 1);
    assert_eq!(releases[0]["tender"]["id"], open.as_str());
    assert_eq!(releases[0]["tender"]["status"], "cancelled");
    validate_ocds("feed-changed", &page);
    // A malformed cursor is refused on its field.
    let p = m
        .app
        .call("GET", "/api/v1/ocds/releases?cursor=abc", None, None, 422)
        .await;
    assert_eq!(p["errors"][0]["field"], "cursor");
    m.app.stop().await;
}

/// Issue 6's complaint journey over HTTP: a firm complains about an award in its notice
/// period; a regulator accepts, investigates and upholds it with a deduction; the award is
/// overturned and the selection goes on without the offending firm; its credit drops; the
/// outcome is public without the complainant. Bad and late complaints are refused clearly.
#[tokio::test]
async fn an_upheld_award_complaint_returns_the_project_to_selection_without_the_firm() {
    let m = market().await;
    let regulator = m
        .app
        .privileged(Role::Regulator, "regulator@example.cn")
        .await;
    let id = m.publish("lowest-price").await;
    for (i, (t, _)) in m.firms.iter().enumerate() {
        m.app
            .call(
                "POST",
                &register_path(&id),
                Some(t),
                Some(json!({ "price_fen": 6_000_000 + 500_000 * i as i64 })),
                201,
            )
            .await;
    }
    let v = m.close(&id).await;
    assert_eq!(v["awards"][0]["firm_id"], m.firms[0].1.as_str(), "{v}");

    // Refused: a complaint with missing facts; an anonymous one without a contact.
    let body = json!({ "subject": "award", "subject_id": id, "facts": "中选机构的业绩证明系伪造",
                       "rule": "采购公告第三条：业绩须真实" });
    let p = m
        .app
        .call(
            "POST",
            "/api/v1/complaints",
            Some(&m.firms[1].0),
            Some(json!({ "subject": "award", "subject_id": id, "facts": " ", "rule": "x" })),
            422,
        )
        .await;
    assert_eq!(p["errors"][0]["field"], "facts");
    let p = m
        .app
        .call("POST", "/api/v1/complaints", None, Some(body.clone()), 422)
        .await;
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["contact_name", "contact"]);

    // Firm 2 complains, with a document as evidence.
    let doc = upload(&m.app, "/api/v1/documents?name=evidence.pdf", &m.firms[1].0).await;
    let mut filed = body.clone();
    filed["evidence"] = json!([doc["id"]]);
    let c = m
        .app
        .call(
            "POST",
            "/api/v1/complaints",
            Some(&m.firms[1].0),
            Some(filed),
            201,
        )
        .await;
    assert_eq!(
        (
            c["status"].as_str(),
            c["firm_id"].as_str(),
            c["overdue"].as_bool()
        ),
        (Some("submitted"), Some(m.firms[0].1.as_str()), Some(false))
    );
    assert_eq!(c["evidence"].as_array().unwrap().len(), 1);
    let cid = c["id"].as_str().unwrap().to_owned();
    let case = format!("/api/v1/complaints/{cid}");
    // Its parties read it; a firm that is not a party does not; the queue is for regulators.
    let respondent = m
        .app
        .call("GET", &case, Some(&m.firms[0].0), None, 200)
        .await;
    assert_eq!(respondent["allowed"], json!(["add-evidence"]));
    m.app
        .call("GET", &case, Some(&m.firms[2].0), None, 404)
        .await;
    m.app
        .call("GET", "/api/v1/complaints", Some(&m.firms[1].0), None, 403)
        .await;
    let queue = m
        .app
        .call("GET", "/api/v1/complaints", Some(&regulator), None, 200)
        .await;
    assert_eq!(queue.as_array().unwrap().len(), 1);
    assert!(queue[0]["accept_due"].is_string());
    // The case says what each caller may do next: the regulator accepts or rejects, and
    // like the parties may add evidence.
    assert_eq!(
        queue[0]["allowed"],
        json!(["accept", "reject", "add-evidence"])
    );

    // The regulator: deciding before accepting is refused; accept, investigate, uphold (a
    // deduction is required for a firm, and must be within the policy's range).
    let steps = format!("{case}/steps");
    let p = m
        .app
        .call(
            "POST",
            &steps,
            Some(&regulator),
            Some(json!({ "step": "uphold", "reason": "x", "points": -10 })),
            409,
        )
        .await;
    assert!(
        p["type"]
            .as_str()
            .unwrap()
            .ends_with("complaint-not-accepted"),
        "{p}"
    );
    let c = m
        .app
        .call(
            "POST",
            &steps,
            Some(&regulator),
            Some(json!({ "step": "accept" })),
            200,
        )
        .await;
    assert_eq!(c["status"], "accepted");
    assert!(c["decide_due"].is_string());
    assert_eq!(
        c["allowed"],
        json!(["investigate", "uphold", "dismiss", "add-evidence"])
    );
    m.app
        .call(
            "POST",
            &steps,
            Some(&regulator),
            Some(json!({ "step": "investigate" })),
            200,
        )
        .await;
    let p = m
        .app
        .call(
            "POST",
            &steps,
            Some(&regulator),
            Some(
                json!({ "step": "uphold", "reason": "业绩证明与发证机关记录不符", "points": -50 }),
            ),
            422,
        )
        .await;
    assert_eq!(p["errors"][0]["field"], "points");
    let c = m
        .app
        .call(
            "POST",
            &steps,
            Some(&regulator),
            Some(
                json!({ "step": "uphold", "reason": "业绩证明与发证机关记录不符", "points": -10 }),
            ),
            200,
        )
        .await;
    assert_eq!(
        (
            c["status"].as_str(),
            c["points"].as_i64(),
            c["overturned"].as_bool()
        ),
        (Some("upheld"), Some(-10), Some(true)),
        "{c}"
    );
    m.app
        .call(
            "POST",
            &steps,
            Some(&regulator),
            Some(json!({ "step": "dismiss", "reason": "x" })),
            409,
        )
        .await;

    // The project is back in selection without the firm: the next-lowest bid is awarded.
    let v = m.selection(&id).await;
    let awards = v["awards"].as_array().unwrap();
    assert_eq!(awards.len(), 2, "{v}");
    assert_eq!(awards[0]["status"], "overturned");
    assert_eq!(awards[1]["firm_id"], m.firms[1].1.as_str());
    let excluded = v["bids"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["firm_id"] == m.firms[0].1.as_str())
        .unwrap();
    assert_eq!(excluded["decision"], "excluded-complaint");
    // Its credit drops by the deduction.
    let credit = m.credit(0).await;
    assert_eq!(credit["score"], 90, "{credit}");
    assert_eq!(credit["events"][0]["kind"], "complaint");
    // The outcome is public, without who complained or the facts as told.
    let outcomes = m
        .app
        .call("GET", "/api/v1/complaints/outcomes", None, None, 200)
        .await;
    let o = &outcomes[0];
    assert_eq!(
        (o["id"].as_str(), o["status"].as_str()),
        (Some(cid.as_str()), Some("upheld"))
    );
    assert_eq!(o["firm_name"], "测绘机构1");
    assert!(o.get("facts").is_none() && o.get("contact").is_none());
    assert!(o["evidence"].as_array().unwrap().is_empty());
    m.app
        .call(
            "GET",
            &format!("/api/v1/complaints/outcomes/{cid}"),
            None,
            None,
            200,
        )
        .await;
    // Still at grade A (90), the firm is off the red list for the upheld complaint; the others
    // are on it.
    let red = m
        .app
        .call("GET", "/api/v1/credit/red-list", None, None, 200)
        .await;
    let on: Vec<&str> = red["firms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["firm_id"].as_str().unwrap())
        .collect();
    assert!(!on.contains(&m.firms[0].1.as_str()), "{red}");
    assert!(on.contains(&m.firms[1].1.as_str()) && on.contains(&m.firms[2].1.as_str()));
    assert_eq!(red["window_months"], 24);

    // After the notice period, an award complaint is too late.
    end_notice(&m.app.db.db, id.parse().unwrap()).await;
    let p = m
        .app
        .call(
            "POST",
            "/api/v1/complaints",
            Some(&m.firms[2].0),
            Some(body),
            409,
        )
        .await;
    assert!(
        p["type"].as_str().unwrap().ends_with("complaint-too-late"),
        "{p}"
    );
    // An anonymous complaint about the owner, with a contact, is filed.
    let owner_id = outcomes[0]["owner_account_id"].as_str().unwrap().to_owned();
    let c = m.app.call("POST",
        "/api/v1/complaints",
        None,
        Some(json!({ "subject": "owner", "subject_id": owner_id, "facts": "验收后三个月未付款",
                     "rule": "合同付款条款", "contact_name": "王先生", "contact": "wang@example.cn" })),
        201,
    )
    .await;
    assert_eq!(c["status"], "submitted");
    m.app.stop().await;
}
