//! The dishonesty list (失信名单) over HTTP: a CSV import with bad rows is a 422 problem listing
//! each and writes nothing; a good one (in GBK, as spreadsheets on Chinese systems save it) is
//! imported; everybody reads the list; regulators and administrators import, firms may not;
//! a listed code cannot enter.

use serde_json::{Value, json};
use zjcs_domain::model::Role;
use zjcs_domain::model::firm::CreditCode;
use zjcs_tests::{TestApp, spawn_app};

use zjcs_tests::PASSWORD as PW;

fn code(n: usize) -> String {
    CreditCode::complete(&format!("91330106MC{n:07}"))
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

async fn import_csv(app: &TestApp, token: Option<&str>, body: Vec<u8>) -> reqwest::Response {
    let mut req = app
        .client
        .post(app.url("/api/v1/dishonesty-list/import"))
        .header("content-type", "text/csv")
        .body(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap()
}

async fn import_json(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/dishonesty-list/import"))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn list(app: &TestApp, query: &str) -> Value {
    let r = app.get(&format!("/api/v1/dishonesty-list{query}")).await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

const HEADER: &str = "credit_code,name,reason,authority,listed_on,until\n";

#[tokio::test]
async fn a_dishonesty_list_import_with_bad_rows_is_refused_row_by_row_and_a_good_one_lands() {
    let app = spawn_app().await;
    let regulator = app.privileged(Role::Regulator, "jg@example.gov.cn").await;
    let admin = app.privileged(Role::Admin, "admin@example.cn").await;
    app.register_firm("firm@example.cn", PW).await;
    let firm = app.login("firm@example.cn", PW).await;

    // Row 2 has a wrong check character, row 3 lists a day to come and no authority.
    let mut wrong = code(2);
    let last = wrong.pop().unwrap();
    wrong.push(if last == '0' { '1' } else { '0' });
    let bad = format!(
        "{HEADER}{},失信企业一,拒不履行生效判决,最高人民法院,2026-01-15,\n\
         {wrong},失信企业二,拒不履行生效判决,最高人民法院,2026-01-15,\n\
         {},失信企业三,严重违法失信,,2999-01-01,\n",
        code(1),
        code(3)
    );
    let (status, body) = problem(import_csv(&app, Some(&regulator), bad.into_bytes()).await).await;
    assert_eq!(status, 422);
    assert!(
        body["type"].as_str().unwrap().ends_with("/import-rejected"),
        "{body}"
    );
    let rows = body["rows"].as_array().unwrap();
    let summary: Vec<(u64, &str, Vec<&str>)> = rows
        .iter()
        .map(|r| {
            (
                r["row"].as_u64().unwrap(),
                r["code"].as_str().unwrap(),
                r["errors"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e["field"].as_str().unwrap())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (2, wrong.as_str(), vec!["credit_code"]),
            (3, code(3).as_str(), vec!["authority", "listed_on"]),
        ]
    );
    assert!(
        rows[1]["errors"][1]["message"]
            .as_str()
            .unwrap()
            .contains("今天")
    );
    assert_eq!(list(&app, "").await["total"], 0, "nothing half-imported");

    // A wrong header is the file's problem.
    let (status, body) =
        problem(import_csv(&app, Some(&regulator), b"code,name\nX,Y\n".to_vec()).await).await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"][0]["code"], "field.import.csv-header");

    // The good rows, saved by a spreadsheet in GBK: a firm may not import, nor an anonymous
    // caller; a regulator may.
    let good = format!(
        "{HEADER}{},失信企业一,拒不履行生效判决,最高人民法院,2026-01-15,\n\
         {},失信企业三,严重违法失信,市场监督管理局,2026-02-01,2099-12-31\n",
        code(1),
        code(3)
    );
    let (gbk, _, _) = encoding_rs::GBK.encode(&good);
    let (status, _) = problem(import_csv(&app, Some(&firm), gbk.to_vec()).await).await;
    assert_eq!(status, 403);
    let (status, _) = problem(import_csv(&app, None, gbk.to_vec()).await).await;
    assert_eq!(status, 401);
    let r = import_csv(&app, Some(&regulator), gbk.to_vec()).await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"created": 2, "updated": 0})
    );

    // The public list, newest listing first.
    let all = list(&app, "").await;
    assert_eq!(all["total"], 2);
    let entries = all["entries"].as_array().unwrap();
    assert_eq!(entries[0]["credit_code"], code(3));
    assert_eq!(entries[0]["authority"], "市场监督管理局");
    assert_eq!(entries[0]["reason"], "严重违法失信");
    assert_eq!(entries[0]["listed_on"], "2026-02-01");
    assert_eq!(entries[0]["until"], "2099-12-31");
    assert_eq!(entries[1]["credit_code"], code(1));
    assert!(entries[1].get("until").is_none());
    let one = list(&app, &format!("?credit_code={}", code(1))).await;
    assert_eq!(one["total"], 1);
    assert_eq!(one["entries"][0]["listed_on"], "2026-01-15");
    assert_eq!(
        list(&app, "?limit=1&offset=1").await["entries"][0]["credit_code"],
        code(1)
    );

    // JSON from an administrator: a known code is rewritten, not added again; a bad row is
    // reported as in CSV.
    let row = json!({
        "credit_code": code(1), "name": "失信企业一", "reason": "已被列入失信被执行人名单",
        "authority": "浙江省高级人民法院", "listed_on": "2026-03-01",
    });
    let r = import_json(&app, &admin, &json!([row])).await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"created": 0, "updated": 1})
    );
    let one = list(&app, &format!("?credit_code={}", code(1))).await;
    assert_eq!(one["total"], 1);
    assert_eq!(one["entries"][0]["authority"], "浙江省高级人民法院");
    let mut late = row.clone();
    late["until"] = json!("2026-02-01");
    let (status, body) = problem(import_json(&app, &admin, &json!([row, late, row])).await).await;
    assert_eq!(status, 422);
    let rows: Vec<(u64, &str, &str)> = body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["row"].as_u64().unwrap(),
                r["errors"][0]["field"].as_str().unwrap(),
                r["errors"][0]["code"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (2, "until", "field.date.end-not-after-start"),
            (3, "credit_code", "field.duplicate"),
        ]
    );

    // A listed code cannot enter the marketplace.
    let r = app
        .client
        .post(app.url("/api/v1/firms"))
        .bearer_auth(&firm)
        .json(&json!({
            "name": "失信企业三",
            "credit_code": code(3),
            "legal_rep_name": "张三",
            "legal_rep_id": "11010519491231002X",
            "region_code": "330106",
            "address": "杭州市西湖区文三路 1 号",
            "contact_name": "李四",
            "contact_phone": "0571-88888888",
            "commitment": true,
        }))
        .send()
        .await
        .unwrap();
    let (status, body) = problem(r).await;
    assert_eq!(status, 403);
    assert!(
        body["type"]
            .as_str()
            .unwrap()
            .ends_with("/credit-code-dishonest"),
        "{body}"
    );
}
