//! The registry over HTTP: the catalogue, a firm's entry with evidence, the public directory,
//! and every refusal as problem+json.

use serde_json::{Value, json};
use zjcs_domain::model::Role;
use zjcs_domain::model::firm::CreditCode;
use zjcs_tests::{TestApp, spawn_app};

use zjcs_tests::PASSWORD as PW;
use zjcs_tests::PDF;

fn code(n: usize) -> String {
    CreditCode::complete(&format!("91330106MA{n:07}"))
        .unwrap()
        .as_str()
        .to_owned()
}

async fn problem(r: reqwest::Response) -> (u16, Value) {
    let status = r.status().as_u16();
    let ct = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    assert!(
        ct.starts_with("application/problem+json"),
        "status {status}: content type {ct:?}"
    );
    let body: Value = r.json().await.expect("problem body");
    assert_eq!(body["status"], status, "{body}");
    (status, body)
}

fn profile(name: &str, credit_code: &str) -> Value {
    json!({
        "name": name,
        "credit_code": credit_code,
        "legal_rep_name": "张三",
        "legal_rep_id": "11010519491231002X",
        "region_code": "330106",
        "address": "杭州市西湖区文三路 1 号",
        "contact_name": "李四",
        "contact_phone": "0571-88888888",
        "commitment": true,
    })
}

/// Registers and logs in a firm account; returns its token.
async fn firm_token(app: &TestApp, email: &str) -> String {
    app.register_firm(email, PW).await;
    app.login(email, PW).await
}

async fn post_auth(app: &TestApp, path: &str, token: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn upload(app: &TestApp, token: &str, name: &str, bytes: Vec<u8>) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/v1/firms/me/files?name={name}")))
        .bearer_auth(token)
        .header("content-type", "application/octet-stream")
        .body(bytes)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_firm_enters_declares_a_qualification_and_is_found_by_a_chinese_substring() {
    let app = spawn_app().await;
    let admin = app.privileged(Role::Admin, "admin@example.cn").await;
    let demo: Value =
        serde_json::from_str(zjcs_domain::model::catalogue::DEMO_CATALOGUE_JSON).unwrap();
    let r = post_auth(&app, "/api/v1/catalogue/import", &admin, &demo).await;
    assert_eq!(r.status(), 200);
    let outcome: Value = r.json().await.unwrap();
    assert!(outcome["created"].as_u64().unwrap() >= 15);
    let items: Value = app.get("/api/v1/catalogue").await.json().await.unwrap();
    let survey = items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "工程测绘")
        .unwrap()
        .clone();
    assert!(survey["qualifications"][0]["type"].is_string());

    let token = firm_token(&app, "firm@example.cn").await;
    let mut body = profile("杭州青山测绘有限公司", &code(1));
    body["service_items"] = json!([survey["id"]]);
    let r = post_auth(&app, "/api/v1/firms", &token, &body).await;
    assert_eq!(r.status(), 201);
    let firm: Value = r.json().await.unwrap();
    assert_eq!(firm["status"], "listed");
    assert_eq!(firm["credit_grade"], "A");
    assert!(firm.get("legal_rep_id").is_none() && !firm.to_string().contains("110105"));

    let r = upload(&app, &token, "资质证书.pdf", PDF.to_vec()).await;
    assert_eq!(r.status(), 201);
    let file: Value = r.json().await.unwrap();
    assert_eq!(file["kind"], "pdf");
    let qual_type = survey["qualifications"][0]["type"].as_str().unwrap();
    let r = post_auth(
        &app,
        "/api/v1/firms/me/qualifications",
        &token,
        &json!({
            "type": qual_type, "grade": "甲级", "number": "甲测资字 3300001",
            "issuer": "浙江省自然资源厅", "valid_from": "2024-01-01", "valid_until": "2099-12-31",
            "evidence_file_id": file["id"],
        }),
    )
    .await;
    assert_eq!(r.status(), 201);

    let found: Value = app
        .get("/api/v1/firms?q=%E9%9D%92%E5%B1%B1") // 青山
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found["firms"][0]["id"], firm["id"], "{found}");
    let by_qual: Value = app
        .client
        .get(app.url("/api/v1/firms"))
        .query(&[
            ("qualification", qual_type),
            ("item", survey["id"].as_str().unwrap()),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(by_qual["firms"].as_array().unwrap().len(), 1);

    let page: Value = app
        .get(&format!("/api/v1/firms/{}", firm["id"].as_str().unwrap()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["qualifications"][0]["validity"], "valid");
    assert_eq!(page["service_items"][0]["name"], "工程测绘");

    // The evidence is public now, and always an attachment.
    let r = app
        .get(&format!("/api/v1/files/{}", file["id"].as_str().unwrap()))
        .await;
    assert_eq!(r.status(), 200);
    let h = r.headers().clone();
    assert!(
        h["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    assert!(
        h["content-disposition"]
            .to_str()
            .unwrap()
            .contains("UTF-8''%E8%B5%84")
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["content-security-policy"], "sandbox");
    assert_eq!(h["x-evidence-media-type"], "application/pdf");
    assert_eq!(r.bytes().await.unwrap().as_ref(), PDF);
}

#[tokio::test]
async fn credit_code_refusals_are_problems_that_say_why() {
    let app = spawn_app().await;
    let token = firm_token(&app, "a@example.cn").await;
    let mut wrong = code(1);
    let last = wrong.pop().unwrap();
    wrong.push(if last == '0' { '1' } else { '0' });
    let r = app
        .client
        .post(app.url("/api/v1/firms"))
        .bearer_auth(&token)
        .header("accept-language", "en")
        .json(&profile("Wrong code Ltd", &wrong))
        .send()
        .await
        .unwrap();
    let (status, body) = problem(r).await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"][0]["field"], "credit_code");
    assert_eq!(body["errors"][0]["code"], "field.credit-code.checksum");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("check character")
    );
    assert_eq!(
        app.get("/api/v1/firms")
            .await
            .json::<Value>()
            .await
            .unwrap()["firms"],
        json!([])
    );

    let r = post_auth(&app, "/api/v1/firms", &token, &profile("甲", &code(1))).await;
    assert_eq!(r.status(), 201);
    let other = firm_token(&app, "b@example.cn").await;
    let (status, body) =
        problem(post_auth(&app, "/api/v1/firms", &other, &profile("乙", &code(1))).await).await;
    assert_eq!(status, 409);
    assert!(
        body["type"]
            .as_str()
            .unwrap()
            .ends_with("/credit-code-taken"),
        "{body}"
    );
    assert_eq!(body["errors"][0]["field"], "credit_code");

    // Owners cannot enter as firms.
    let r = app
        .post_json(
            "/api/v1/accounts",
            &json!({"role": "owner", "owner_kind": "company", "name": "业主", "email": "o@example.cn", "password": PW}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let owner = app.login("o@example.cn", PW).await;
    let (status, _) =
        problem(post_auth(&app, "/api/v1/firms", &owner, &profile("丙", &code(3))).await).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn uploads_are_judged_by_content_and_limited_to_10_mib() {
    let app = spawn_app().await;
    let token = firm_token(&app, "a@example.cn").await;
    // No firm yet.
    let (status, _) = problem(upload(&app, &token, "a.pdf", PDF.to_vec()).await).await;
    assert_eq!(status, 422);
    post_auth(&app, "/api/v1/firms", &token, &profile("甲", &code(1))).await;

    let (status, body) =
        problem(upload(&app, &token, "x.pdf", b"<html><script>".to_vec()).await).await;
    assert_eq!(
        (status, body["errors"][0]["code"].as_str()),
        (422, Some("field.file.kind"))
    );
    let (status, body) = problem(upload(&app, &token, "x.pdf", Vec::new()).await).await;
    assert_eq!(
        (status, body["errors"][0]["code"].as_str()),
        (422, Some("field.file.empty"))
    );

    let mut exactly = vec![b' '; 10 * 1024 * 1024];
    exactly[..5].copy_from_slice(b"%PDF-");
    let r = upload(&app, &token, "big.pdf", exactly.clone()).await;
    assert_eq!(r.status(), 201, "exactly 10 MiB is accepted");
    exactly.push(b' ');
    let (status, _) = problem(upload(&app, &token, "big.pdf", exactly).await).await;
    assert_eq!(status, 413);

    // A PNG named .pdf is a PNG.
    let r = upload(&app, &token, "scan.pdf", b"\x89PNG\r\n\x1a\nrest".to_vec()).await;
    let f: Value = r.json().await.unwrap();
    assert_eq!(
        (f["kind"].as_str(), f["name"].as_str()),
        (Some("png"), Some("scan.png"))
    );
    // Not attached: not public.
    let (status, _) = problem(
        app.get(&format!("/api/v1/files/{}", f["id"].as_str().unwrap()))
            .await,
    )
    .await;
    assert_eq!(status, 404);
    let r = app
        .get_auth(
            &format!("/api/v1/files/{}", f["id"].as_str().unwrap()),
            &token,
        )
        .await;
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn a_catalogue_import_with_bad_rows_writes_nothing_and_lists_them() {
    let app = spawn_app().await;
    let admin = app.privileged(Role::Admin, "admin@example.cn").await;
    let csv = "code,name,approval,department,time_limit_days,qualifications,materials\n\
               ZJ-A,工程测绘,规划许可,自然资源局,15,测绘资质:甲级|乙级,委托书;红线图\n\
               bad code,安全评价,安全许可,应急管理局,15,,\n\
               ZJ-C,造价,施工许可,住建局,ten,,\n";
    let r = app
        .client
        .post(app.url("/api/v1/catalogue/import"))
        .bearer_auth(&admin)
        .header("content-type", "text/csv")
        .body(csv)
        .send()
        .await
        .unwrap();
    let (status, body) = problem(r).await;
    assert_eq!(status, 422);
    assert!(body["type"].as_str().unwrap().ends_with("/import-rejected"));
    let rows = body["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{body}");
    assert_eq!(
        (
            rows[0]["row"].as_u64(),
            rows[0]["errors"][0]["field"].as_str()
        ),
        (Some(2), Some("code"))
    );
    assert_eq!(
        (
            rows[1]["row"].as_u64(),
            rows[1]["errors"][0]["field"].as_str()
        ),
        (Some(3), Some("time_limit_days"))
    );
    let list: Value = app
        .get("/api/v1/catalogue?include_retired=true")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list, json!([]), "nothing half-imported");

    // The good row alone goes in; a firm cannot import.
    let good = "code,name,approval,department,time_limit_days,qualifications,materials\n\
                ZJ-A,工程测绘,规划许可,自然资源局,15,测绘资质:甲级|乙级,委托书;红线图\n";
    let firm = firm_token(&app, "f@example.cn").await;
    for (token, expected) in [(&firm, 403), (&admin, 200)] {
        let r = app
            .client
            .post(app.url("/api/v1/catalogue/import"))
            .bearer_auth(token)
            .header("content-type", "text/csv")
            .body(good)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), expected);
    }
    let list: Value = app.get("/api/v1/catalogue").await.json().await.unwrap();
    assert_eq!(
        list[0]["qualifications"][0]["grades"],
        json!(["甲级", "乙级"])
    );
    assert_eq!(list[0]["materials"], json!(["委托书", "红线图"]));

    // Edit, duplicate code, retire.
    let id = list[0]["id"].as_str().unwrap();
    let item = json!({"code": "ZJ-B", "name": "安全评价", "approval": "安全许可", "department": "应急管理局", "time_limit_days": 20});
    assert_eq!(
        post_auth(&app, "/api/v1/catalogue", &admin, &item)
            .await
            .status(),
        201
    );
    let r = app
        .client
        .put(app.url(&format!("/api/v1/catalogue/{id}")))
        .bearer_auth(&admin)
        .json(&item)
        .send()
        .await
        .unwrap();
    let (status, body) = problem(r).await;
    assert_eq!(status, 409, "{body}");
    let r = post_auth(
        &app,
        &format!("/api/v1/catalogue/{id}/retire"),
        &admin,
        &json!({}),
    )
    .await;
    assert_eq!(r.json::<Value>().await.unwrap()["retired"], true);
    let list: Value = app.get("/api/v1/catalogue").await.json().await.unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn directory_parameters_are_checked_and_pages_follow_the_cursor() {
    let app = spawn_app().await;
    let r = app
        .get("/api/v1/firms?grade=F&region=99&sort=price&cursor=zz&item=x")
        .await;
    let (status, body) = problem(r).await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["item", "region", "grade", "sort", "cursor"]);
    let (status, _) = problem(app.get("/api/v1/firms?limit=0").await).await;
    assert_eq!(status, 400, "limit is checked by the schema");

    for n in 0..5 {
        let token = firm_token(&app, &format!("f{n}@example.cn")).await;
        let r = post_auth(
            &app,
            "/api/v1/firms",
            &token,
            &profile(&format!("机构{n}"), &code(n)),
        )
        .await;
        assert_eq!(r.status(), 201);
    }
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let page: Value = app
            .client
            .get(app.url("/api/v1/firms"))
            .query(&[("sort", "name"), ("limit", "2"), ("cursor", &cursor)])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        for f in page["firms"].as_array().unwrap() {
            seen.push(f["name"].as_str().unwrap().to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = c.to_owned(),
            None => break,
        }
    }
    assert_eq!(seen, vec!["机构0", "机构1", "机构2", "机构3", "机构4"]);
    let (status, _) = problem(
        app.get(&format!("/api/v1/firms/{}", uuid::Uuid::new_v4()))
            .await,
    )
    .await;
    assert_eq!(status, 404);
}
