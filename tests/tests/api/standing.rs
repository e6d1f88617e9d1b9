//! One standing per firm, over HTTP (issue 25), on the engine the suite runs on: a black-listing
//! follows the legal representative through a change of profile, every public face (directory,
//! firm page, credit record, red list, black list, credit market) says the same of the firm,
//! and the refusal says why in words; a firm that became ineligible after registering is set
//! aside at the closing, never drawn, refused at an owner's award and at the contract; an
//! imported dishonesty listing is lifted the same day.

use chrono::{Duration, Utc};
use serde_json::{Value, json};
use zjcs_domain::model::Role;
use zjcs_domain::model::firm::CreditCode;
use zjcs_domain::testing::{end_notice, move_deadline};
use zjcs_tests::seed::QUAL;
use zjcs_tests::{PASSWORD as PW, PDF, TestApp, spawn_app};

/// Legal representatives' ID numbers (valid check digits).
const REP_V: &str = "11010519491231002X";
const REP_1: &str = "110105194912310038";
const REP_2: &str = "110105194912310046";
const REP_3: &str = "110105194912310054";
const REP_4: &str = "110105194912310062";
const REP_5: &str = "110105194912310070";

struct World {
    app: TestApp,
    regulator: String,
    owner: String,
    item: String,
}

async fn world() -> World {
    let app = spawn_app().await;
    let admin = app.privileged(Role::Admin, "admin@example.cn").await;
    let regulator = app
        .privileged(Role::Regulator, "regulator@example.cn")
        .await;
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
    World {
        app,
        regulator,
        owner,
        item,
    }
}

fn code(n: usize) -> String {
    CreditCode::complete(&format!("91330106MA{n:07}"))
        .unwrap()
        .as_str()
        .to_owned()
}

fn name(n: usize) -> String {
    format!("标准测绘机构{n}")
}

/// The firm's profile with `rep` as its legal representative's ID number.
fn profile(n: usize, rep: &str) -> Value {
    json!({
        "name": name(n), "credit_code": code(n),
        "legal_rep_name": "张三", "legal_rep_id": rep,
        "region_code": "330106", "address": "文三路 1 号",
        "contact_name": "李四", "contact_phone": "0571-88888888", "commitment": true,
    })
}

/// A qualified firm: (token, id).
async fn firm(app: &TestApp, n: usize, rep: &str) -> (String, String) {
    app.qualified_firm(&format!("firm{n}@example.cn"), profile(n, rep), n)
        .await
}

impl World {
    async fn project(&self, method: &str) -> String {
        let at = |days: i64| (Utc::now() + Duration::days(days)).to_rfc3339();
        let p = self
            .app
            .call(
                "POST",
                "/api/v1/projects",
                Some(&self.owner),
                Some(json!({
                    "item": self.item, "title": format!("地形测绘（{method}）"),
                    "scope": "地形测量", "region": "330106",
                    "budget_fen": if method == "direct" { 4_000_000 } else { 8_000_000 },
                    "service_days": 20, "fund_source": "self-funded",
                    "required_qualifications": [{"type": QUAL, "grades": ["乙级"]}],
                    "method": method, "registration_deadline": at(10), "selection_at": at(11),
                    "contact_name": "王工", "contact_phone": "0571-87000000",
                })),
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

    async fn register(&self, token: &str, project: &str) -> reqwest::Response {
        self.app
            .send(
                "POST",
                &format!("/api/v1/projects/{project}/registration"),
                Some(token),
                Some(&json!({})),
            )
            .await
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
            let v = self.selection(id).await;
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

    async fn veto(&self, firm: &str) {
        self.app
            .call(
                "POST",
                &format!("/api/v1/firms/{firm}/credit-events"),
                Some(&self.regulator),
                Some(json!({ "kind": "veto", "veto_item": "bid-rigging",
                             "reason": "串通投标，经调查属实" })),
                201,
            )
            .await;
    }

    async fn list_dishonest(&self, n: usize) {
        let today = (Utc::now() + Duration::hours(8))
            .format("%Y-%m-%d")
            .to_string();
        self.app
            .call(
                "POST",
                "/api/v1/dishonesty-list/import",
                Some(&self.regulator),
                Some(
                    json!([{ "credit_code": code(n), "reason": "拒不履行生效判决",
                              "authority": "杭州市中级人民法院", "listed_on": today }]),
                ),
                200,
            )
            .await;
    }

    /// What every public face says of a firm: (in the directory, on the red list, on the black
    /// list, its page's status, its credit record's status, counted by the credit market).
    async fn faces(&self, firm: &str, credit_code: &str) -> (bool, bool, bool, Value, Value, u64) {
        let app = &self.app;
        let dir = app
            .call("GET", "/api/v1/firms?limit=100", None, None, 200)
            .await;
        let in_dir = dir["firms"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["id"] == firm);
        let red = app
            .call("GET", "/api/v1/credit/red-list", None, None, 200)
            .await;
        let on_red = red["firms"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["firm_id"] == firm);
        let black = app.call("GET", "/api/v1/blacklist", None, None, 200).await;
        let on_black = black
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["credit_code"] == credit_code);
        let page = app
            .call("GET", &format!("/api/v1/firms/{firm}"), None, None, 200)
            .await;
        let credit = app
            .call(
                "GET",
                &format!("/api/v1/firms/{firm}/credit"),
                None,
                None,
                200,
            )
            .await;
        let market = app
            .call("GET", "/api/v1/credit/market", None, None, 200)
            .await;
        let counted: u64 = market["grades"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["firms"].as_u64().unwrap_or(0))
            .sum();
        (
            in_dir,
            on_red,
            on_black,
            page["firm"]["status"].clone(),
            credit["status"].clone(),
            counted,
        )
    }
}

/// (status, problem) of a refused call.
async fn refused(r: reqwest::Response) -> (u16, Value) {
    let status = r.status().as_u16();
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    assert!(ct.starts_with("application/problem+json"), "{ct}");
    (status, r.json().await.unwrap())
}

#[tokio::test]
async fn a_black_listing_follows_a_new_legal_representative_and_every_face_agrees() {
    let w = world().await;
    let (_, v) = firm(&w.app, 1, REP_V).await;
    let (y_token, y) = firm(&w.app, 2, REP_1).await;
    let (_, z) = firm(&w.app, 3, REP_2).await;
    let open = w.project("random-draw").await;
    assert_eq!(w.register(&y_token, &open).await.status(), 201);
    w.veto(&v).await;

    // Before: the clean firm is on every face a listed firm is on.
    let before = w.faces(&y, &code(2)).await;
    assert_eq!(
        (before.0, before.1, before.2),
        (true, true, false),
        "{before:?}"
    );
    assert_eq!((&before.3, &before.4), (&json!("listed"), &json!("listed")));

    // The black-listed firm's legal representative becomes the clean firm's (PUT /firms/me).
    w.app
        .call(
            "PUT",
            "/api/v1/firms/me",
            Some(&y_token),
            Some(profile(2, REP_V)),
            200,
        )
        .await;

    // Its open registration is withdrawn, and a new one refused, saying why in words.
    let mine = w
        .app
        .call(
            "GET",
            "/api/v1/firms/me/registrations",
            Some(&y_token),
            None,
            200,
        )
        .await;
    assert_eq!(mine[0]["status"], "withdrawn", "{mine}");
    let other = w.project("random-draw").await;
    let (status, p) = refused(w.register(&y_token, &other).await).await;
    assert_eq!(status, 403, "{p}");
    let e = &p["errors"][0];
    assert_eq!(e["code"], "registration.blacklisted-representative", "{p}");
    let words = e["message"].as_str().unwrap();
    assert!(
        words.contains("法定代表人") && words.contains(&name(1)),
        "{words}"
    );
    assert!(
        !words.contains("veto") && !words.contains("credit-"),
        "{words}"
    );

    // Every public face says the same: out of the directory and the red list, on the black
    // list (as following its representative, naming the firm), black-listed on its page and
    // its credit record, not counted among the marketplace's firms.
    let after = w.faces(&y, &code(2)).await;
    assert_eq!(
        (after.0, after.1, after.2),
        (false, false, true),
        "{after:?}"
    );
    assert_eq!(
        (&after.3, &after.4),
        (&json!("blacklisted"), &json!("blacklisted"))
    );
    assert_eq!(after.5, before.5 - 1);
    let black = w
        .app
        .call("GET", "/api/v1/blacklist", None, None, 200)
        .await;
    let entry = black
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["credit_code"] == code(2).as_str())
        .unwrap();
    assert_eq!(
        (&entry["basis"], &entry["via_firm_name"]),
        (&json!("representative"), &json!(name(1)))
    );
    let credit = w
        .app
        .call("GET", &format!("/api/v1/firms/{y}/credit"), None, None, 200)
        .await;
    assert_eq!(credit["bars"][0]["kind"], "representative", "{credit}");
    // The control: the untouched firm stays on every face a listed firm is on.
    let control = w.faces(&z, &code(3)).await;
    assert_eq!((control.0, control.1, control.2), (true, true, false));

    // Naming another representative ends what followed the first: listed again, it registers.
    w.app
        .call(
            "PUT",
            "/api/v1/firms/me",
            Some(&y_token),
            Some(profile(2, REP_3)),
            200,
        )
        .await;
    let again = w.faces(&y, &code(2)).await;
    assert_eq!((again.0, again.2), (true, false), "{again:?}");
    assert_eq!((&again.3, &again.4), (&json!("listed"), &json!("listed")));
    assert_eq!(w.register(&y_token, &other).await.status(), 201);
}

#[tokio::test]
async fn a_firm_that_became_ineligible_is_set_aside_at_the_award_and_the_contract() {
    let w = world().await;
    let (_, v) = firm(&w.app, 11, REP_V).await;
    let (a_token, a) = firm(&w.app, 12, REP_1).await;
    let (b_token, b) = firm(&w.app, 13, REP_2).await;
    let id = w.project("direct").await;
    for t in [&a_token, &b_token] {
        assert_eq!(w.register(t, &id).await.status(), 201);
    }
    let sel = w.close(&id).await;
    assert_eq!(sel["next"]["kind"], "owner-picks", "{sel}");

    // After the closing, firm a takes on the legal representative of a black-listed firm.
    w.veto(&v).await;
    w.app
        .call(
            "PUT",
            "/api/v1/firms/me",
            Some(&a_token),
            Some(profile(12, REP_V)),
            200,
        )
        .await;

    // The owner's direct award to it is refused, naming why; it is set aside on the record.
    let award = |firm: &str| json!({ "firm": firm, "reason": "熟悉本地块历史资料" });
    let path = format!("/api/v1/projects/{id}/award");
    let (status, p) = refused(
        w.app
            .send("POST", &path, Some(&w.owner), Some(&award(&a)))
            .await,
    )
    .await;
    assert_eq!(status, 409, "{p}");
    assert!(
        p["type"].as_str().unwrap().ends_with("/firm-ineligible"),
        "{p}"
    );
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains(&name(11)),
        "{p}"
    );
    let sel = w.selection(&id).await;
    let bid_of = |sel: &Value, firm: &str| {
        sel["bids"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["firm_id"] == firm)
            .cloned()
            .unwrap_or(Value::Null)
    };
    let set_aside = bid_of(&sel, &a);
    assert_eq!(set_aside["decision"], "excluded-ineligible", "{sel}");
    assert!(
        set_aside["decision_reason"]
            .as_str()
            .unwrap()
            .contains("法定代表人"),
        "{set_aside}"
    );
    // The other firm is awarded.
    let sel = w
        .app
        .call("POST", &path, Some(&w.owner), Some(award(&b)), 200)
        .await;
    assert_eq!(sel["awards"][0]["firm_id"], b.as_str());

    // Before the contract, the winner lands on the dishonesty list: it does not sign; its award
    // is overturned with the reason, and with nobody left the project fails.
    w.list_dishonest(13).await;
    end_notice(&w.app.db.db, id.parse().unwrap()).await;
    let doc = {
        let r = w
            .app
            .client
            .post(w.app.url("/api/v1/documents?name=contract.pdf"))
            .bearer_auth(&w.owner)
            .header("content-type", "application/octet-stream")
            .body(PDF.to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        r.json::<Value>().await.unwrap()
    };
    let contract = json!({
        "signed_on": (Utc::now() + Duration::hours(8)).format("%Y-%m-%d").to_string(),
        "price_fen": 3_000_000, "service_days": 20, "terms": "二十个工作日内交付",
        "document": doc["id"],
    });
    let (status, p) = refused(
        w.app
            .send(
                "POST",
                &format!("/api/v1/projects/{id}/contract"),
                Some(&w.owner),
                Some(&contract),
            )
            .await,
    )
    .await;
    assert_eq!(status, 409, "{p}");
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("杭州市中级人民法院"),
        "{p}"
    );
    let sel = w.selection(&id).await;
    assert_eq!(sel["status"], "failed", "{sel}");
    assert_eq!(bid_of(&sel, &b)["decision"], "excluded-ineligible");
    assert_eq!(sel["awards"][0]["status"], "overturned", "{sel}");
}

#[tokio::test]
async fn a_firm_barred_after_registering_is_neither_opened_nor_drawn() {
    let w = world().await;
    let mut firms = Vec::new();
    for (n, rep) in [(21, REP_1), (22, REP_2), (23, REP_3), (24, REP_4)] {
        firms.push(firm(&w.app, n, rep).await);
    }
    let id = w.project("random-draw").await;
    for (t, _) in &firms {
        assert_eq!(w.register(t, &id).await.status(), 201);
    }
    // Firm 23 lands on the dishonesty list while the project is open: its registration is
    // withdrawn at once (the owner told).
    w.list_dishonest(23).await;
    // Firm 24 is restricted in a way no service has acted on yet (a black-listing written
    // straight to storage, as another platform's import or a crash between writes could
    // leave it): the closing asks again, and sets it aside.
    zjcs_domain::testing::restrict(&w.app.db.db, &code(24), "blacklist").await;

    let sel = w.close(&id).await;
    assert_eq!(sel["status"], "awarded", "{sel}");
    let drawn: Vec<&str> = sel["bids"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["draw_rank"].is_u64())
        .map(|b| b["firm_id"].as_str().unwrap())
        .collect();
    assert_eq!(drawn.len(), 2, "{sel}");
    for barred in [&firms[2].1, &firms[3].1] {
        assert!(!drawn.contains(&barred.as_str()), "{sel}");
        assert_ne!(sel["awards"][0]["firm_id"], barred.as_str());
    }
    // The set-aside registration is withdrawn with its reason, and its firm told.
    let mine = w
        .app
        .call(
            "GET",
            "/api/v1/firms/me/registrations",
            Some(&firms[3].0),
            None,
            200,
        )
        .await;
    assert_eq!(mine[0]["status"], "withdrawn", "{mine}");
}

#[tokio::test]
async fn a_dishonesty_listing_imported_by_mistake_is_lifted_the_same_day() {
    let w = world().await;
    let (token, f) = firm(&w.app, 31, REP_5).await;
    let id = w.project("random-draw").await;
    w.list_dishonest(31).await;
    let (status, p) = refused(w.register(&token, &id).await).await;
    assert_eq!(
        (status, p["errors"][0]["code"].as_str()),
        (403, Some("registration.dishonest")),
        "{p}"
    );
    let faces = w.faces(&f, &code(31)).await;
    // Listed but barred: shown suspended, off the red list, not on the black list.
    assert_eq!(
        (faces.1, faces.2, &faces.3),
        (false, false, &json!("suspended"))
    );

    // A reason is required; only a regulator or an administrator may lift.
    let lift = format!("/api/v1/dishonesty-list/{}/lift", code(31));
    let (status, p) = refused(
        w.app
            .send(
                "POST",
                &lift,
                Some(&w.regulator),
                Some(&json!({ "reason": " " })),
            )
            .await,
    )
    .await;
    assert_eq!(
        (status, p["errors"][0]["field"].as_str()),
        (422, Some("reason"))
    );
    let (status, _) = refused(
        w.app
            .send(
                "POST",
                &lift,
                Some(&token),
                Some(&json!({ "reason": "误录" })),
            )
            .await,
    )
    .await;
    assert_eq!(status, 403);
    let lifted = w
        .app
        .call(
            "POST",
            &lift,
            Some(&w.regulator),
            Some(json!({ "reason": "导入时误录，经核实撤销" })),
            200,
        )
        .await;
    assert!(lifted["ends_at"].is_string(), "{lifted}");
    // Today, at once: off the list, listed again, it registers.
    let list = w
        .app
        .call("GET", "/api/v1/dishonesty-list", None, None, 200)
        .await;
    assert_eq!(list["total"], 0, "{list}");
    assert_eq!(w.faces(&f, &code(31)).await.3, json!("listed"));
    assert_eq!(w.register(&token, &id).await.status(), 201);
    // Nothing in force is left to lift.
    let (status, _) = refused(
        w.app
            .send(
                "POST",
                &lift,
                Some(&w.regulator),
                Some(&json!({ "reason": "再次撤销" })),
            )
            .await,
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn every_kind_of_restriction_reads_the_same_on_every_public_face() {
    let w = world().await;
    let (_, vetoed) = firm(&w.app, 41, REP_V).await;
    let (_, follows) = firm(&w.app, 42, REP_V).await;
    let (_, dishonest) = firm(&w.app, 43, REP_1).await;
    let (_, graded_e) = firm(&w.app, 44, REP_2).await;
    let (_, clean) = firm(&w.app, 45, REP_3).await;
    w.veto(&vetoed).await;
    w.list_dishonest(43).await;
    w.app
        .call(
            "POST",
            &format!("/api/v1/firms/{graded_e}/credit-events"),
            Some(&w.regulator),
            Some(json!({ "kind": "manual", "points": -45, "reason": "成果质量严重不合格" })),
            201,
        )
        .await;
    // (firm, n, in the directory, on the red list, on the black list, status, the first bar)
    let cases = [
        (&vetoed, 41, false, false, true, "blacklisted", "veto"),
        (
            &follows,
            42,
            false,
            false,
            true,
            "blacklisted",
            "representative",
        ),
        (&dishonest, 43, true, false, false, "suspended", "dishonest"),
        (&graded_e, 44, true, false, false, "suspended", "suspended"),
        (&clean, 45, true, true, false, "listed", ""),
    ];
    let mut counted = None;
    for (firm, n, in_dir, on_red, on_black, status, bar) in cases {
        let f = w.faces(firm, &code(n)).await;
        assert_eq!(
            (f.0, f.1, f.2, &f.3, &f.4),
            (in_dir, on_red, on_black, &json!(status), &json!(status)),
            "firm {n}: {f:?}"
        );
        let credit = w
            .app
            .call(
                "GET",
                &format!("/api/v1/firms/{firm}/credit"),
                None,
                None,
                200,
            )
            .await;
        let first = credit["bars"][0]["kind"].as_str().unwrap_or("");
        assert_eq!(first, bar, "firm {n}: {credit}");
        counted = Some(f.5);
    }
    // The market counts the firms in the marketplace: all but the two black-listed.
    assert_eq!(counted, Some(3));
    // The pages say the same in words: the black list names the followed firm and the veto
    // item, never a stored code; the directory page leaves the black-listed firms out.
    let page = w.app.get("/blacklist").await.text().await.unwrap();
    for words in [name(41), name(42), "串通投标".into(), "法定代表人".into()] {
        assert!(page.contains(&words), "{words} not on /blacklist");
    }
    for code_word in ["veto:", "credit-veto", "bid-rigging"] {
        assert!(!page.contains(code_word), "{code_word} on /blacklist");
    }
    let directory = w.app.get("/firms").await.text().await.unwrap();
    assert!(!directory.contains(&name(41)) && !directory.contains(&name(42)));
    assert!(directory.contains(&name(43)) && directory.contains(&name(45)));
    let credit_page = w
        .app
        .get(&format!("/firms/{follows}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        credit_page.contains(&format!("黑名单机构“{}”", name(41))),
        "the firm page says why"
    );
}

#[tokio::test]
async fn a_black_listing_follows_a_declared_shareholder_or_executive() {
    let w = world().await;
    let (_, v) = firm(&w.app, 51, REP_V).await;
    let (y_token, y) = firm(&w.app, 52, REP_1).await;
    let (z_token, z) = firm(&w.app, 53, REP_2).await;
    let person = |role: &str| json!({ "name": "赵六", "role": role, "id_number": REP_V });

    // Bad input: every problem at once, nothing written.
    let (status, p) = refused(
        w.app
            .send(
                "POST",
                "/api/v1/firms/me/people",
                Some(&y_token),
                Some(&json!({ "name": " ", "role": "owner", "id_number": "110105194912310021" })),
            )
            .await,
    )
    .await;
    assert_eq!(status, 422, "{p}");
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "role", "id_number"], "{p}");

    // A firm declares as its executive the person who is another firm's legal representative;
    // when that firm is black-listed, the declaring firm is black-listed with it.
    w.app
        .call(
            "POST",
            "/api/v1/firms/me/people",
            Some(&z_token),
            Some(person("executive")),
            201,
        )
        .await;
    w.veto(&v).await;
    let faces = w.faces(&z, &code(53)).await;
    assert_eq!(
        (faces.0, faces.2, &faces.3),
        (false, true, &json!("blacklisted"))
    );

    // A clean firm declares the same person as a shareholder after the veto: black-listed at
    // once, its registration refused naming the firm followed.
    let declared = w
        .app
        .call(
            "POST",
            "/api/v1/firms/me/people",
            Some(&y_token),
            Some(person("shareholder")),
            201,
        )
        .await;
    let faces = w.faces(&y, &code(52)).await;
    assert_eq!(
        (faces.0, faces.2, &faces.3),
        (false, true, &json!("blacklisted"))
    );
    let id = w.project("random-draw").await;
    let (status, p) = refused(w.register(&y_token, &id).await).await;
    assert_eq!(
        (status, p["errors"][0]["code"].as_str()),
        (403, Some("registration.blacklisted-representative")),
        "{p}"
    );
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains(&name(51))
    );

    // The public page names the person and the role, never the ID number.
    let page = w
        .app
        .call("GET", &format!("/api/v1/firms/{y}"), None, None, 200)
        .await;
    assert_eq!(
        (&page["people"][0]["name"], &page["people"][0]["role"]),
        (&json!("赵六"), &json!("shareholder"))
    );
    assert!(!page.to_string().contains(REP_V));
    let html = w
        .app
        .get(&format!("/firms/{y}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("赵六") && !html.contains(REP_V));

    // Withdrawn, the black-listing that followed only them ends: listed again, it registers.
    let r = w
        .app
        .send(
            "DELETE",
            &format!(
                "/api/v1/firms/me/people/{}",
                declared["id"].as_str().unwrap()
            ),
            Some(&y_token),
            None,
        )
        .await;
    assert_eq!(r.status().as_u16(), 204);
    let faces = w.faces(&y, &code(52)).await;
    assert_eq!(
        (faces.0, faces.2, &faces.3),
        (true, false, &json!("listed"))
    );
    assert_eq!(w.register(&y_token, &id).await.status(), 201);
}

#[tokio::test]
async fn a_veto_racing_registrations_never_lets_the_restricted_firm_be_drawn() {
    let w = world().await;
    let (_, v) = firm(&w.app, 61, REP_V).await;
    // Firm 62 shares the legal representative of firm 61, about to be black-listed.
    let (a_token, a) = firm(&w.app, 62, REP_V).await;
    let mut others = Vec::new();
    for (n, rep) in [(63, REP_1), (64, REP_2), (65, REP_3)] {
        others.push(firm(&w.app, n, rep).await);
    }
    let mut projects = Vec::new();
    for _ in 0..4 {
        projects.push(w.project("random-draw").await);
    }
    for (t, _) in &others {
        for p in &projects {
            assert_eq!(w.register(t, p).await.status(), 201);
        }
    }
    // The restricted firm's registrations and the veto go at once: whichever lands first, the
    // firm is refused, withdrawn, or set aside at the closing.
    let (r0, r1, (), r2, r3) = tokio::join!(
        w.register(&a_token, &projects[0]),
        w.register(&a_token, &projects[1]),
        w.veto(&v),
        w.register(&a_token, &projects[2]),
        w.register(&a_token, &projects[3]),
    );
    for r in [r0, r1, r2, r3] {
        assert!([201, 403].contains(&r.status().as_u16()), "{}", r.status());
    }
    for p in &projects {
        let sel = w.close(p).await;
        assert_eq!(sel["status"], "awarded", "{sel}");
        assert_ne!(sel["awards"][0]["firm_id"], a.as_str(), "{sel}");
        let drawn = sel["bids"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["firm_id"] == a.as_str() && b["draw_rank"].is_u64());
        assert!(!drawn, "{sel}");
    }
}
