//! Credit over HTTP: a regulator's entries move a firm's grade and its place in the directory;
//! grade E suspends registration with a refusal that names the suspension's last day; the
//! market's grades and suspended firms; an administrator's policy change rescores every firm
//! (lifting the suspension); a veto black-lists; every refusal as problem+json.

use chrono::{Duration, Utc};
use serde_json::{Value, json};
use zjcs_domain::model::Role;
use zjcs_domain::model::firm::CreditCode;
use zjcs_tests::{TestApp, spawn_app};

use zjcs_tests::PASSWORD as PW;
use zjcs_tests::seed::QUAL;

/// A qualified firm; its legal representative's ID number is `rep`.
async fn firm(app: &TestApp, n: usize, rep: &str) -> (String, String) {
    let code = CreditCode::complete(&format!("91330106MD{n:07}")).unwrap();
    let profile = json!({
        "name": format!("信用机构{n}"), "credit_code": code.as_str(),
        "legal_rep_name": "张三", "legal_rep_id": rep,
        "region_code": "330106", "address": "文三路 1 号",
        "contact_name": "李四", "contact_phone": "0571-88888888", "commitment": true,
    });
    app.qualified_firm(&format!("firm{n}@example.cn"), profile, n)
        .await
}

async fn publish(app: &TestApp, admin: &str) -> String {
    let demo: Value =
        serde_json::from_str(zjcs_domain::model::catalogue::DEMO_CATALOGUE_JSON).unwrap();
    app.call(
        "POST",
        "/api/v1/catalogue/import",
        Some(admin),
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
        .clone();
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
    let at = |days: i64| (Utc::now() + Duration::days(days)).to_rfc3339();
    let p = app
        .call(
            "POST",
            "/api/v1/projects",
            Some(&owner),
            Some(json!({
                "item": item, "title": "竣工测绘", "scope": "竣工测量", "region": "330106",
                "budget_fen": 8_000_000, "service_days": 20, "fund_source": "self-funded",
                "required_qualifications": [{"type": QUAL, "grades": ["乙级"]}],
                "method": "random-draw", "registration_deadline": at(10), "selection_at": at(11),
                "contact_name": "王工", "contact_phone": "0571-87000000",
            })),
            201,
        )
        .await;
    let id = p["id"].as_str().unwrap().to_owned();
    app.call(
        "POST",
        &format!("/api/v1/projects/{id}/publish"),
        Some(&owner),
        None,
        200,
    )
    .await;
    id
}

fn manual(points: i32, reason: &str) -> Value {
    json!({ "kind": "manual", "points": points, "reason": reason })
}

/// The directory's default order (credit first), as firm ids.
async fn directory(app: &TestApp) -> Vec<String> {
    let page = app.call("GET", "/api/v1/firms", None, None, 200).await;
    page["firms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn regulators_entries_drive_grade_directory_suspension_and_policy_over_http() {
    let app = spawn_app().await;
    let admin = app.privileged(Role::Admin, "admin@example.cn").await;
    let regulator = app
        .privileged(Role::Regulator, "regulator@example.cn")
        .await;
    let (bad_token, bad) = firm(&app, 1, "11010519491231002X").await;
    let (_, good) = firm(&app, 2, "110105194912310038").await;
    let project = publish(&app, &admin).await;

    let policy = app
        .call("GET", "/api/v1/credit/policy", None, None, 200)
        .await;
    assert_eq!(policy["policy"]["version"], 1);
    assert_eq!(policy["policy"]["lines"], json!([90, 80, 70, 60]));

    // Refusals: the wrong role, bad input (every field named), an unknown firm.
    let events = format!("/api/v1/firms/{bad}/credit-events");
    app.call(
        "POST",
        &events,
        Some(&bad_token),
        Some(manual(-5, "x")),
        403,
    )
    .await;
    let p = app
        .call(
            "POST",
            &events,
            Some(&regulator),
            Some(json!({ "kind": "manual", "points": 0, "reason": "  " })),
            422,
        )
        .await;
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["reason", "points"], "{p}");
    let p = app
        .call(
            "POST",
            &events,
            Some(&regulator),
            Some(json!({ "kind": "veto", "veto_item": "forgery", "reason": "x" })),
            422,
        )
        .await;
    assert_eq!(p["errors"][0]["code"], "field.veto-item.unknown");
    app.call(
        "POST",
        &format!("/api/v1/firms/{}/credit-events", uuid::Uuid::new_v4()),
        Some(&regulator),
        Some(manual(-5, "x")),
        404,
    )
    .await;

    // A deduction drops a grade and the firm below the other in the directory.
    let before = directory(&app).await;
    assert_eq!(before.len(), 2);
    let c = app
        .call(
            "POST",
            &events,
            Some(&regulator),
            Some(manual(-15, "成果报告多处数据错误")),
            201,
        )
        .await;
    assert_eq!(
        (c["score"].as_i64(), c["grade"].as_str()),
        (Some(85), Some("B"))
    );
    assert_eq!(directory(&app).await, [good.clone(), bad.clone()]);

    // To grade E: suspended, and the registration refused naming the last day.
    let c = app
        .call(
            "POST",
            &events,
            Some(&regulator),
            Some(manual(-30, "拒不整改")),
            201,
        )
        .await;
    assert_eq!(
        (c["grade"].as_str(), c["status"].as_str()),
        (Some("E"), Some("suspended"))
    );
    let until: chrono::DateTime<Utc> = c["suspended_until"].as_str().unwrap().parse().unwrap();
    let last_day = (until + Duration::hours(8) - Duration::seconds(1))
        .format("%Y-%m-%d")
        .to_string();
    let p = app
        .call(
            "POST",
            &format!("/api/v1/projects/{project}/registration"),
            Some(&bad_token),
            Some(json!({})),
            403,
        )
        .await;
    assert_eq!(p["errors"][0]["code"], "registration.suspended", "{p}");
    let message = p["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains(&last_day), "{message}");

    // The public ledger and the market.
    let c = app
        .call(
            "GET",
            &format!("/api/v1/firms/{bad}/credit"),
            None,
            None,
            200,
        )
        .await;
    assert_eq!(c["events"].as_array().unwrap().len(), 2);
    assert_eq!(c["events"][0]["reason"], "拒不整改");
    assert!(c["events"][0].get("recorded_by").is_none());
    assert!(!c["history"].as_array().unwrap().is_empty());
    let m = app
        .call("GET", "/api/v1/credit/market", None, None, 200)
        .await;
    assert_eq!(m["grades"][0], json!({ "grade": "A", "firms": 1 }));
    assert_eq!(m["grades"][4], json!({ "grade": "E", "firms": 1 }));
    assert_eq!(m["suspended"][0]["firm_id"], bad.as_str());

    // An administrator lowers the grade lines: every firm rescored, the suspension lifted.
    let mut lower = policy["policy"].clone();
    lower["lines"] = json!([80, 70, 60, 50]);
    let change = json!({ "policy": lower, "reason": "按新版评价规范调整等级线" });
    app.call(
        "PUT",
        "/api/v1/credit/policy",
        Some(&regulator),
        Some(change.clone()),
        403,
    )
    .await;
    let mut bad_lines = change.clone();
    bad_lines["policy"]["lines"] = json!([50, 60, 70, 80]);
    let p = app
        .call(
            "PUT",
            "/api/v1/credit/policy",
            Some(&admin),
            Some(bad_lines),
            422,
        )
        .await;
    assert_eq!(p["errors"][0]["field"], "lines");
    let adopted = app
        .call(
            "PUT",
            "/api/v1/credit/policy",
            Some(&admin),
            Some(change),
            200,
        )
        .await;
    assert_eq!(adopted["policy"]["policy"]["version"], 2);
    assert_eq!(adopted["recomputed"]["firms"], 2);
    assert_eq!(adopted["recomputed"]["transitions"], 1);
    let c = app
        .call(
            "GET",
            &format!("/api/v1/firms/{bad}/credit"),
            None,
            None,
            200,
        )
        .await;
    assert_eq!(
        (
            c["grade"].as_str(),
            c["status"].as_str(),
            c["warning"].as_bool()
        ),
        (Some("D"), Some("listed"), Some(true))
    );
    app.call(
        "POST",
        &format!("/api/v1/projects/{project}/registration"),
        Some(&bad_token),
        Some(json!({})),
        201,
    )
    .await;

    // A veto black-lists: its registration withdrawn, its code published.
    let c = app
        .call(
            "POST",
            &events,
            Some(&regulator),
            Some(json!({ "kind": "veto", "veto_item": "bid-rigging", "reason": "与他人串通报价" })),
            201,
        )
        .await;
    assert_eq!(c["status"], "blacklisted");
    let list = app.call("GET", "/api/v1/blacklist", None, None, 200).await;
    assert!(
        list.to_string()
            .contains(c["credit_code"].as_str().unwrap()),
        "{list}"
    );
    assert_eq!(directory(&app).await, std::slice::from_ref(&good));
    let mine = app
        .call(
            "GET",
            "/api/v1/firms/me/registrations",
            Some(&bad_token),
            None,
            200,
        )
        .await;
    assert!(mine.to_string().contains("withdrawn"), "{mine}");

    // Recompute on demand: administrators only; nothing left to change.
    app.call(
        "POST",
        "/api/v1/credit/recompute",
        Some(&regulator),
        None,
        403,
    )
    .await;
    let r = app
        .call("POST", "/api/v1/credit/recompute", Some(&admin), None, 200)
        .await;
    assert_eq!(
        (r["firms"].as_u64(), r["changed"].as_u64()),
        (Some(2), Some(0))
    );
    app.stop().await;
}

#[tokio::test]
async fn a_firm_past_its_suspension_at_grade_e_repairs_its_credit_over_http() {
    use zjcs_domain::store::entities::firm;
    use zjcs_domain::store::{ColumnTrait, EntityTrait, Expr, QueryFilter};
    let app = spawn_app().await;
    let admin = app.privileged(Role::Admin, "admin@example.cn").await;
    let regulator = app
        .privileged(Role::Regulator, "regulator@example.cn")
        .await;
    let (token, id) = firm(&app, 3, "11010519491231002X").await;
    let project = publish(&app, &admin).await;
    app.call(
        "POST",
        &format!("/api/v1/firms/{id}/credit-events"),
        Some(&regulator),
        Some(manual(-45, "严重违反服务承诺")),
        201,
    )
    .await;
    let apply = json!({ "statement": "已完成整改，建立质量管理制度" });
    // Still within its suspension: nothing to repair yet.
    let p = app
        .call(
            "POST",
            "/api/v1/firms/me/credit-repairs",
            Some(&token),
            Some(apply.clone()),
            409,
        )
        .await;
    assert!(
        p["type"].as_str().unwrap().ends_with("repair-not-needed"),
        "{p}"
    );

    // Seven months on (the clock moved back in the database), the suspension is over but the
    // grade is still E: the registration now asks for a repair.
    let back = Utc::now() - Duration::days(210);
    firm::Entity::update_many()
        .col_expr(firm::Column::GradeESince, Expr::value(Some(back)))
        .col_expr(
            firm::Column::SuspendedUntil,
            Expr::value(Some(back + Duration::days(183))),
        )
        .filter(firm::Column::Id.eq(id.parse::<uuid::Uuid>().unwrap()))
        .exec(&app.db.db)
        .await
        .unwrap();
    app.call("POST", "/api/v1/credit/recompute", Some(&admin), None, 200)
        .await;
    let c = app
        .call(
            "GET",
            &format!("/api/v1/firms/{id}/credit"),
            None,
            None,
            200,
        )
        .await;
    assert_eq!(
        (c["status"].as_str(), c["repair_needed"].as_bool()),
        (Some("suspended"), Some(true))
    );
    let p = app
        .call(
            "POST",
            &format!("/api/v1/projects/{project}/registration"),
            Some(&token),
            Some(json!({})),
            403,
        )
        .await;
    assert_eq!(p["errors"][0]["code"], "registration.repair-needed");

    // Apply; the regulator's queue shows it; a reason is required; approval lists the firm.
    let bad = app
        .call(
            "POST",
            "/api/v1/firms/me/credit-repairs",
            Some(&token),
            Some(json!({ "statement": " " })),
            422,
        )
        .await;
    assert_eq!(bad["errors"][0]["field"], "statement");
    let r = app
        .call(
            "POST",
            "/api/v1/firms/me/credit-repairs",
            Some(&token),
            Some(apply),
            201,
        )
        .await;
    assert_eq!(r["status"], "pending");
    app.call("GET", "/api/v1/credit/repairs", Some(&token), None, 403)
        .await;
    let queue = app
        .call("GET", "/api/v1/credit/repairs", Some(&regulator), None, 200)
        .await;
    assert_eq!(queue.as_array().unwrap().len(), 1);
    let decision = format!(
        "/api/v1/credit/repairs/{}/decision",
        r["id"].as_str().unwrap()
    );
    app.call(
        "POST",
        &decision,
        Some(&regulator),
        Some(json!({ "approve": true, "reason": "" })),
        422,
    )
    .await;
    let d = app
        .call(
            "POST",
            &decision,
            Some(&regulator),
            Some(json!({ "approve": true, "reason": "整改到位，准予修复" })),
            200,
        )
        .await;
    assert_eq!(
        (d["status"].as_str(), d["grade"].as_str()),
        (Some("approved"), Some("D"))
    );
    app.call(
        "POST",
        &decision,
        Some(&regulator),
        Some(json!({ "approve": false, "reason": "x" })),
        409,
    )
    .await;
    let mine = app
        .call(
            "GET",
            "/api/v1/firms/me/credit-repairs",
            Some(&token),
            None,
            200,
        )
        .await;
    assert_eq!(mine[0]["status"], "approved");
    app.call(
        "POST",
        &format!("/api/v1/projects/{project}/registration"),
        Some(&token),
        Some(json!({})),
        201,
    )
    .await;
    app.stop().await;
}
