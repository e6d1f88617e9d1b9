//! Projects over HTTP: an owner drafts, publishes and cancels; the public reads announcements;
//! refusals are problem+json.

use super::problem;
use chrono::{Duration, Utc};
use serde_json::{Value, json};
use zjcs_domain::model::Role;
use zjcs_tests::{TestApp, spawn_app};

use zjcs_tests::PASSWORD as PW;

async fn owner_token(app: &TestApp, email: &str) -> String {
    let r = app
        .post_json(
            "/api/v1/accounts",
            &json!({ "role": "owner", "owner_kind": "company", "name": "某置业有限公司",
                     "email": email, "password": PW }),
        )
        .await;
    assert_eq!(r.status(), 201);
    app.login(email, PW).await
}

async fn survey_item(app: &TestApp) -> String {
    let admin = app.privileged(Role::Admin, "admin@example.cn").await;
    let demo: Value =
        serde_json::from_str(zjcs_domain::model::catalogue::DEMO_CATALOGUE_JSON).unwrap();
    let r = app
        .send(
            "POST",
            "/api/v1/catalogue/import",
            Some(&admin),
            Some(&demo),
        )
        .await;
    assert_eq!(r.status(), 200);
    let items: Value = app.get("/api/v1/catalogue").await.json().await.unwrap();
    items
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "工程测绘")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn posting(item: &str, title: &str) -> Value {
    let at = |days: i64| (Utc::now() + Duration::days(days)).to_rfc3339();
    json!({
        "item": item,
        "title": title,
        "scope": "竣工测量与房产测绘",
        "region": "330106",
        "budget_fen": 8_000_000,
        "service_days": 20,
        "fund_source": "self-funded",
        "required_qualifications": [{"type": "测绘资质（工程测量专业）", "grades": ["乙级"]}],
        "method": "lowest-price",
        "registration_deadline": at(10),
        "selection_at": at(11),
        "contact_name": "王工",
        "contact_phone": "0571-87000000",
    })
}

#[tokio::test]
async fn an_owner_posts_a_project_and_the_public_reads_the_announcement() {
    let app = spawn_app().await;
    let item = survey_item(&app).await;
    let owner = owner_token(&app, "owner@example.cn").await;

    // Anonymous posting: 401. A bad posting: 422 naming each field.
    let r = app
        .send("POST", "/api/v1/projects", None, Some(&posting(&item, "x")))
        .await;
    assert_eq!(problem(r).await.0, 401);
    let mut bad = posting(&item, "竣工测绘");
    bad["required_qualifications"] = json!([{"type": "注册资本一千万元以上"}]);
    bad["method"] = json!("direct");
    let (status, body) = problem(
        app.send("POST", "/api/v1/projects", Some(&owner), Some(&bad))
            .await,
    )
    .await;
    assert_eq!(status, 422);
    let text = body.to_string();
    assert!(
        text.contains("field.qualification.not-in-item")
            && text.contains("field.method.direct-over-threshold"),
        "{text}"
    );

    let r = app
        .send(
            "POST",
            "/api/v1/projects",
            Some(&owner),
            Some(&posting(&item, "某地块竣工测绘")),
        )
        .await;
    assert_eq!(r.status(), 201);
    let draft: Value = r.json().await.unwrap();
    let id = draft["id"].as_str().unwrap().to_owned();
    assert_eq!(draft["status"], "draft");
    assert_eq!(draft["method_params"]["abnormal_percent"], 70);
    // A draft: not public, visible to its owner.
    let r = app.get(&format!("/api/v1/projects/{id}")).await;
    assert_eq!(problem(r).await.0, 404);
    let r = app
        .get_auth(&format!("/api/v1/projects/{id}"), &owner)
        .await;
    assert_eq!(r.status(), 200);
    let mine: Value = app
        .get_auth("/api/v1/projects/mine", &owner)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine.as_array().unwrap().len(), 1);

    let r = app
        .send(
            "POST",
            &format!("/api/v1/projects/{id}/publish"),
            Some(&owner),
            None,
        )
        .await;
    assert_eq!(r.status(), 200);
    let published: Value = r.json().await.unwrap();
    assert_eq!(published["status"], "published");
    assert_eq!(published["seed_commitment"].as_str().unwrap().len(), 64);
    let r = app
        .send(
            "POST",
            &format!("/api/v1/projects/{id}/publish"),
            Some(&owner),
            None,
        )
        .await;
    let (status, body) = problem(r).await;
    assert_eq!(status, 409);
    assert!(
        body["type"]
            .as_str()
            .unwrap()
            .ends_with("project-not-draft"),
        "{body}"
    );

    let list: Value = app
        .get("/api/v1/projects?region=33&method=lowest-price")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["projects"][0]["title"], "某地块竣工测绘");
    assert_eq!(list["projects"][0]["item_name"], "工程测绘");
    let r = app.get("/api/v1/projects?method=auction&limit=0").await;
    assert_eq!(problem(r).await.0, 400);

    let r = app
        .send(
            "POST",
            &format!("/api/v1/projects/{id}/cancel"),
            Some(&owner),
            Some(&json!({"reason": "项目调整"})),
        )
        .await;
    assert_eq!(r.status(), 200);
    let p: Value = app
        .get(&format!("/api/v1/projects/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(p["status"], "cancelled");
    assert_eq!(p["cancel_reason"], "项目调整");
}

/// A state the code does not know (a hand edit, a newer version's value, corruption) is never
/// read as a default: the API answers a 500 problem that leaks nothing, the page answers its
/// error page, the log names the table, row and column, and `/metrics` counts it.
#[tokio::test]
async fn an_unknown_stored_state_is_an_internal_error_counted_never_a_default() {
    use zjcs_domain::store::entities::project;
    use zjcs_domain::store::{ColumnTrait, EntityTrait, Expr, QueryFilter};
    let app = spawn_app().await;
    let item = survey_item(&app).await;
    let owner = owner_token(&app, "owner@example.cn").await;
    let r = app
        .send(
            "POST",
            "/api/v1/projects",
            Some(&owner),
            Some(&posting(&item, "某地块竣工测绘")),
        )
        .await;
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/projects/{id}");
    assert_eq!(
        app.send("GET", &path, Some(&owner), None).await.status(),
        200
    );

    project::Entity::update_many()
        .col_expr(project::Column::Status, Expr::value("archived-by-hand"))
        .filter(project::Column::Id.eq(id.parse::<uuid::Uuid>().unwrap()))
        .exec(&app.db.db)
        .await
        .unwrap();
    let counted = |metrics: &str| {
        metrics
            .lines()
            .find(|l| {
                l.starts_with("zjcs_stored_value_errors_total{")
                    && l.contains(r#"table="project""#)
                    && l.contains(r#"column="status""#)
            })
            .and_then(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    let before = counted(&app.get("/metrics").await.text().await.unwrap());

    let (status, body) = problem(app.send("GET", &path, Some(&owner), None).await).await;
    assert_eq!(status, 500);
    assert!(
        body["type"]
            .as_str()
            .is_some_and(|t| t.ends_with("/internal")),
        "{body}"
    );
    let text = body.to_string();
    assert!(
        !text.contains("archived-by-hand") && !text.contains("draft"),
        "the problem leaks the stored value or reads a default: {text}"
    );
    // The owner's list reads the same row: refused as a whole, not shown as a draft.
    let r = app
        .send("GET", "/api/v1/projects/mine", Some(&owner), None)
        .await;
    assert_eq!(problem(r).await.0, 500);
    // The page: its error page, not a panic and not a default state.
    let page = app.get(&format!("/projects/{id}")).await;
    assert_eq!(page.status(), 500);
    let html = page.text().await.unwrap();
    assert!(!html.contains("archived-by-hand"), "{html}");

    let after = counted(&app.get("/metrics").await.text().await.unwrap());
    assert!(
        after >= before + 3.0,
        "three reads of the unknown state are counted: {before} → {after}"
    );
}

/// A closed set in the query: leaving it out means any value, an empty value is refused (it
/// names none of the set), and a value outside the set is a 422 naming the parameter.
#[tokio::test]
async fn a_closed_query_parameter_refuses_empty_and_unknown_values() {
    let app = spawn_app().await;
    let r = app.send("GET", "/api/v1/projects", None, None).await;
    assert_eq!(r.status(), 200);
    let r = app
        .send("GET", "/api/v1/projects?method=random-draw", None, None)
        .await;
    assert_eq!(r.status(), 200);
    let (status, _) = problem(
        app.send("GET", "/api/v1/projects?method=", None, None)
            .await,
    )
    .await;
    assert_eq!(status, 400);
    let (status, body) = problem(
        app.send("GET", "/api/v1/projects?method=sealed-auction", None, None)
            .await,
    )
    .await;
    assert_eq!(status, 422);
    assert!(body.to_string().contains("method"), "{body}");
    let (status, _) = problem(app.send("GET", "/api/v1/firms?sort=", None, None).await).await;
    assert_eq!(status, 400);
}
