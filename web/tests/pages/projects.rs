//! Announcements and the owner's posting wizard; firms bid, the owner selects and records the contract.

use super::*;

#[tokio::test]
async fn announcements_are_listed_filtered_and_shown_and_drafts_stay_private() {
    use zjcs_domain::model::project::ProjectInput;
    let mut b = Browser::new().await;
    b.load_demo_catalogue().await;
    b.get("/projects").await.assert(
        StatusCode::OK,
        &["项目公告", "暂无项目公告", "href=\"/projects\""],
    );
    let survey = b
        .services
        .list_items(false)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.name == "工程测绘")
        .unwrap()
        .id;
    let reg = zjcs_domain::model::Registration::parse(
        "owner",
        Some("company"),
        "西湖置业有限公司",
        "owner@example.cn",
        PASSWORD,
    )
    .unwrap();
    let (acct, _) = b
        .services
        .register(reg, zjcs_domain::i18n::Lang::Zh, false)
        .await
        .unwrap();
    let owner = zjcs_domain::model::Actor {
        account_id: acct.id,
        role: Role::Owner,
    };
    let at = |days: i64| (chrono::Utc::now() + chrono::Duration::days(days)).to_rfc3339();
    let posting = |title: &str| ProjectInput {
        title: title.into(),
        scope: "竣工测量".into(),
        region: "330106".into(),
        budget_fen: 8_000_000,
        service_days: 20,
        fund_source: "self-funded".into(),
        method: "lowest-price".into(),
        registration_deadline: at(10),
        selection_at: at(11),
        contact_name: "王工".into(),
        contact_phone: "0571-87000000".into(),
        ..Default::default()
    };
    let draft = b
        .services
        .create_project(&owner, survey, &posting("草稿项目"))
        .await
        .unwrap();
    let p = b
        .services
        .create_project(&owner, survey, &posting("某地块竣工测绘"))
        .await
        .unwrap();
    let published = b.services.publish_project(&owner, p.id).await.unwrap();

    let list = b.get("/projects").await;
    list.assert(
        StatusCode::OK,
        &[
            "某地块竣工测绘",
            "工程测绘",
            "浙江",
            "竞价选取",
            "¥80,000.00",
            "报名中",
        ],
    );
    assert!(!list.body.contains("草稿项目"), "a draft is not announced");
    b.get("/projects?method=random-draw")
        .await
        .assert(StatusCode::OK, &["暂无项目公告"]);
    b.get("/projects?method=auction")
        .await
        .assert(StatusCode::UNPROCESSABLE_ENTITY, &["请选择选取方式"]);

    let page = b.get(&list.link("/projects/")).await;
    page.assert(
        StatusCode::OK,
        &[
            "西湖置业有限公司",
            "异常低价线（%）: 70",
            "20 天",
            "自筹资金",
            published.seed_commitment.as_deref().unwrap(),
        ],
    );
    b.get(&format!("/projects/{}", draft.id))
        .await
        .assert(StatusCode::NOT_FOUND, &["未找到"]);

    b.services
        .cancel_project(&owner, p.id, "项目调整，暂不实施")
        .await
        .unwrap();
    b.get(&format!("/projects/{}", p.id)).await.assert(
        StatusCode::OK,
        &["已取消", "项目已取消，原因： 项目调整，暂不实施"],
    );
    // In English.
    b.get("/lang/en?next=/projects").await;
    b.get("/projects").await.assert(
        StatusCode::OK,
        &["Project announcements", "Lowest price", "Cancelled"],
    );
}

#[tokio::test]
async fn an_owner_posts_a_project_through_the_wizard_publishes_and_cancels_it() {
    let mut b = Browser::new().await;
    b.load_demo_catalogue().await;
    let reg = zjcs_domain::model::Registration::parse(
        "owner",
        Some("department"),
        "市自然资源和规划局",
        "owner@example.gov.cn",
        PASSWORD,
    )
    .unwrap();
    b.services
        .register(reg, zjcs_domain::i18n::Lang::Zh, false)
        .await
        .unwrap();
    // Only owners reach the wizard.
    b.get("/owner/projects/new")
        .await
        .assert(StatusCode::SEE_OTHER, &[]);
    b.login("owner@example.gov.cn", PASSWORD).await;
    b.get("/owner/projects").await.assert(
        StatusCode::OK,
        &["我的项目", "还没有项目", "href=\"/owner/projects/new\""],
    );

    // Step one: the item; step two: the announcement with the item's requirements to tick.
    let survey = b
        .services
        .list_items(false)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.name == "工程测绘")
        .unwrap()
        .id
        .to_string();
    b.get("/owner/projects/new")
        .await
        .assert(StatusCode::OK, &["选择服务事项", &survey]);
    let form = b.get(&format!("/owner/projects/new?item={survey}")).await;
    form.assert(
        StatusCode::OK,
        &["测绘资质（工程测量专业）（甲级、乙级）", "name=\"req_0\""],
    );
    let csrf = form.csrf();
    let at = |days: i64| {
        (chrono::Utc::now() + chrono::Duration::days(days))
            .with_timezone(&zjcs_domain::model::project::china())
            .format("%Y-%m-%dT17:00")
            .to_string()
    };
    let (deadline, selection) = (at(10), at(11));
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("item", survey.as_str()),
        ("title", "某地块竣工测绘"),
        ("scope", "竣工测量与房产测绘"),
        ("region", "330106"),
        ("budget", "30000"),
        ("service_days", "20"),
        // A department budget must buy competitively: direct selection is refused.
        ("fund_source", "department-budget"),
        ("req_0", "1"),
        ("method", "direct"),
        ("registration_deadline", deadline.as_str()),
        ("selection_at", selection.as_str()),
        ("contact_name", "王工"),
        ("contact_phone", "0571-87000000"),
    ];
    b.post("/owner/projects/new", &fields).await.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &[
            "财政资金购买的技术服务须采用竞争性选取方式",
            "value=\"某地块竣工测绘\"",
            "checked",
        ],
    );
    fields.retain(|(k, _)| *k != "method");
    fields.push(("method", "random-draw"));
    let saved = b.post("/owner/projects/new", &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let page = b.get(saved.location()).await;
    page.assert(
        StatusCode::OK,
        &[
            "草稿已保存",
            "草稿",
            "随机抽取",
            "¥30,000.00",
            "测绘资质（工程测量专业）",
            "发布公告",
        ],
    );
    let id = saved
        .location()
        .trim_start_matches("/projects/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    // Another visitor does not see the draft.
    b.another()
        .get(&format!("/projects/{id}"))
        .await
        .assert(StatusCode::NOT_FOUND, &[]);

    let published = b
        .post(
            &format!("/owner/projects/{id}/publish"),
            &[("csrf", &page.csrf())],
        )
        .await;
    assert_eq!(published.status, StatusCode::SEE_OTHER);
    let page = b.get(published.location()).await;
    page.assert(StatusCode::OK, &["公告已发布", "报名中", "随机抽取的承诺"]);
    assert!(!page.body.contains("发布公告</button>"), "published once");
    b.another()
        .get("/projects")
        .await
        .assert(StatusCode::OK, &["某地块竣工测绘"]);

    let cancelled = b
        .post(
            &format!("/owner/projects/{id}/cancel"),
            &[("csrf", &page.csrf()), ("reason", "规划调整")],
        )
        .await;
    b.get(cancelled.location()).await.assert(
        StatusCode::OK,
        &["项目已取消。", "项目已取消，原因： 规划调整"],
    );
    b.get("/owner/projects")
        .await
        .assert(StatusCode::OK, &["某地块竣工测绘", "已取消"]);
}

#[tokio::test]
async fn firms_bid_on_the_page_and_the_owner_selects_and_records_the_contract() {
    let b = Browser::new().await;
    let (_, _, _, path) = contracted_on_the_page(&b).await;
    // The Atom feed carries the announcement and the award notice, linking to the project.
    let feed = b.another().get("/feeds/announcements.atom").await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(
        feed.header(header::CONTENT_TYPE)
            .starts_with("application/atom+xml")
    );
    for text in [
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"",
        "采购公告：某地块竣工测绘",
        "中选公示：某地块竣工测绘（测绘机构1）",
        "<category term=\"award\"/>",
        &format!("{path}\"/>"),
    ] {
        assert!(feed.body.contains(text), "{text} in:\n{}", feed.body);
    }
    assert_eq!(feed.body.matches("<entry>").count(), 2, "{}", feed.body);
}
