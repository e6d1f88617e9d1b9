//! Oversight: the dishonesty list, market surveillance, random inspections.

use super::*;

/// A dishonesty-list CSV file as an upload.
fn dishonesty_form(csrf: &str, csv: &str) -> TestForm {
    TestForm::new().text("csrf", csrf).field(
        TestFormField::bytes(csv.as_bytes().to_vec())
            .name("file")
            .filename("dishonesty.csv")
            .content_type("text/csv"),
    )
}

#[tokio::test]
async fn the_dishonesty_list_is_imported_by_a_regulator_and_read_by_everybody() {
    let mut firm = Browser::new().await;
    let listed = credit_code(76);
    let elsewhere = credit_code(77);
    firm.firm_entered("杭州失信测绘有限公司", "sx@example.cn", &listed)
        .await;
    let mut visitor = firm.another();
    let page = visitor.get("/dishonesty-list").await;
    page.assert(StatusCode::OK, &["失信名单暂无在效记录。"]);
    assert!(!page.body.contains("action=\"/dishonesty-list/import"));
    visitor
        .get("/credit")
        .await
        .assert(StatusCode::OK, &["href=\"/dishonesty-list\""]);
    // Only regulators and administrators import.
    let csrf = firm.get("/firm").await.csrf();
    firm.post_multipart("/dishonesty-list/import", dishonesty_form(&csrf, ""))
        .await
        .assert(StatusCode::FORBIDDEN, &[]);
    let mut r = regulator(&firm).await;
    let page = r.get("/dishonesty-list").await;
    page.assert(
        StatusCode::OK,
        &[
            "action=\"/dishonesty-list/import#import\"",
            "credit_code,name,reason,authority,listed_on,until",
        ],
    );
    let csrf = page.csrf();
    // A file with bad rows: every problem is shown, nothing is imported.
    let bad = format!(
        "credit_code,name,reason,authority,listed_on,until\n\
         91330106MA2BADBAD,某公司,拒不履行,最高人民法院,2025-01-01,\n\
         {elsewhere},某公司,,最高人民法院,2999-01-01,\n"
    );
    r.post_multipart("/dishonesty-list/import", dishonesty_form(&csrf, &bad))
        .await
        .assert(
            StatusCode::UNPROCESSABLE_ENTITY,
            &[
                "有误的行",
                "91330106MA2BADBAD",
                "统一社会信用代码应为 18 位",
                &elsewhere,
                "日期不能晚于今天",
                "<td class=\"num\">2</td>",
            ],
        );
    // Not a CSV file at all.
    r.post_multipart(
        "/dishonesty-list/import",
        dishonesty_form(&csrf, "名称,原因\n甲,乙\n"),
    )
    .await
    .assert(StatusCode::UNPROCESSABLE_ENTITY, &["href=\"#field-file\""]);
    visitor
        .get("/dishonesty-list")
        .await
        .assert(StatusCode::OK, &["失信名单暂无在效记录。"]);
    let good = format!(
        "credit_code,name,reason,authority,listed_on,until\n\
         {listed},杭州失信测绘有限公司,拒不履行生效判决,最高人民法院,2025-01-01,\n\
         {elsewhere},某咨询公司,严重违法失信,市场监管总局,2025-02-01,2099-12-31\n"
    );
    let done = r
        .post_multipart("/dishonesty-list/import", dishonesty_form(&csrf, &good))
        .await;
    assert_eq!(
        (done.status, done.location()),
        (
            StatusCode::SEE_OTHER,
            "/dishonesty-list?notice=imported&created=2&updated=0#import"
        ),
        "{}",
        done.body
    );
    r.get(&without_fragment(done.location()))
        .await
        .assert(StatusCode::OK, &["导入完成：新增 2 条，更新 0 条。"]);
    let page = visitor.get("/dishonesty-list").await;
    page.assert(
        StatusCode::OK,
        &[
            "在效记录共 2 条。",
            &listed,
            "杭州失信测绘有限公司</a>",
            "拒不履行生效判决",
            "最高人民法院",
            "2025-01-01",
            &elsewhere,
            "未入驻",
            "2099-12-31",
            "长期",
        ],
    );
    assert!(!page.body.contains("action=\"/dishonesty-list/import"));
    let page = visitor
        .get(&format!(
            "/dishonesty-list?code={}",
            elsewhere.to_lowercase()
        ))
        .await;
    page.assert(StatusCode::OK, &["在效记录共 1 条。", "严重违法失信"]);
    assert!(!page.body.contains("拒不履行生效判决"));
    // Administrators import too; the page reads in English after the switch.
    let mut admin = firm.admin().await;
    admin.get("/lang/en?next=/dishonesty-list").await;
    admin.get("/dishonesty-list").await.assert(
        StatusCode::OK,
        &[
            "Dishonesty list",
            "2 entries in force.",
            "Not on the platform",
            "Import a dishonesty list",
        ],
    );

    // An entry imported by mistake is lifted the same day, with a reason, by a regulator.
    let firm_page = visitor.get("/dishonesty-list").await.link("/firms/");
    let firm_page = firm_page.trim_end_matches("#credit").to_owned();
    visitor
        .get(&firm_page)
        .await
        .assert(StatusCode::OK, &["已被最高人民法院列入失信名单"]);
    let lift = format!("/dishonesty-list/{listed}/lift");
    let csrf = firm.get("/firm").await.csrf();
    firm.post(&lift, &[("csrf", &csrf), ("reason", "误录")])
        .await
        .assert(StatusCode::FORBIDDEN, &[]);
    assert!(!visitor.get("/dishonesty-list").await.body.contains(&lift));
    let page = r.get("/dishonesty-list").await;
    page.assert(StatusCode::OK, &[&format!("action=\"{lift}\""), "立即撤销"]);
    let csrf = page.csrf();
    // Without a reason: refused on the row, the page kept (422), nothing lifted.
    let refused = r.post(&lift, &[("csrf", &csrf), ("reason", "  ")]).await;
    refused.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["class=\"form lift has-error\"", "role=\"alert\"", &listed],
    );
    let done = r
        .post(
            &lift,
            &[("csrf", &csrf), ("reason", "导入时误录，经核实撤销")],
        )
        .await;
    assert_eq!(done.location(), format!("/dishonesty-list?lifted={listed}"));
    r.get(done.location()).await.assert(
        StatusCode::OK,
        &[
            &format!("已撤销 {listed} 的失信名单记录，即时生效。"),
            "在效记录共 1 条。",
        ],
    );
    let page = visitor.get("/dishonesty-list").await;
    assert!(!page.body.contains(&listed), "the lifted entry is gone");
    // The firm is listed again at once: its credit shows no bar.
    let page = visitor.get(&firm_page).await;
    page.assert(StatusCode::OK, &["杭州失信测绘有限公司"]);
    assert!(!page.body.contains("列入失信名单"));
}

#[tokio::test]
async fn a_regulator_reads_the_market_and_opens_a_case_from_a_warning() {
    let mut b = Browser::new().await;
    let s = b.services.clone();
    s.import_items(None, rows_from_json(DEMO_CATALOGUE_JSON).unwrap())
        .await
        .unwrap();
    let item = s.list_items(false).await.unwrap()[0].id;
    let mut firms = Vec::new();
    for n in 1..=150 {
        firms.push(quick_firm(&s, n, &format!("诚信机构{n}号")).await);
    }
    let ring = [
        quick_firm(&s, 901, "轮流甲有限公司").await,
        quick_firm(&s, 902, "轮流乙有限公司").await,
    ];
    let owner = zjcs_domain::testing::quick_account(&s.db, Role::Owner, 1).await;
    let g = zjcs_domain::synthetic::generate(
        &s.db,
        &zjcs_domain::synthetic::MarketSpec {
            projects: 300,
            firms,
            owners: vec![owner.account_id],
            items: vec![item],
            regions: vec!["330106".into(), "110105".into()],
            ring: Some(ring),
            days: 120,
            seed: 9,
            plants: Default::default(),
        },
    )
    .await
    .unwrap();

    // Regulators only.
    let anonymous = b.get("/market").await;
    assert_eq!(
        (anonymous.status, anonymous.location()),
        (StatusCode::SEE_OTHER, "/login")
    );
    let mut r = regulator(&b).await;

    // The statistics: figures, charts, the concentration tables, the CSV link.
    let page = r.get("/market").await;
    page.assert(
        StatusCode::OK,
        &[
            "市场监测统计",
            &format!("data-figure=\"market.fig.projects\">{}<", g.projects),
            "每月发布项目",
            "<svg class=\"chart\" role=\"img\" aria-label=\"每月发布项目：",
            "报名家数分布：",
            "中选集中度",
            "浙江省",
            "北京市",
            "href=\"/market/warnings\"",
            "href=\"/market\"",
        ],
    );
    let csv_href = page.link("/market/statistics.csv");
    assert_eq!(csv_href, "/market/statistics.csv");
    let csv = r.get("/market/statistics.csv?region=11").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.header(header::CONTENT_TYPE).starts_with("text/csv"));
    assert!(
        csv.header(header::CONTENT_DISPOSITION)
            .contains("attachment")
    );
    assert!(
        csv.body.contains("province,11,北京市,awards,"),
        "{}",
        csv.body
    );
    assert!(!csv.body.contains("province,33,"), "{}", csv.body);
    // A filter keeps itself in the CSV link.
    let zj = r.get("/market?region=33").await;
    zj.assert(
        StatusCode::OK,
        &["href=\"/market/statistics.csv?region=33\""],
    );
    // A bad filter: the form with its problems, nothing else.
    let bad = r.get("/market?from=2026-13-01&to=2026-01-01").await;
    bad.assert(StatusCode::UNPROCESSABLE_ENTITY, &["日期无效"]);
    assert!(!bad.body.contains("data-figure"));

    // The warnings: the ring by name, with its projects; open a case from it.
    let w = r.get("/market/warnings").await;
    w.assert(
        StatusCode::OK,
        &[
            "疑似轮流中标",
            "轮流甲有限公司",
            "轮流乙有限公司",
            "共同报名 12 个项目，合计中选 12 个（各中选 6/6 个）；按各项目报名家数随机中选，应约为 3.4 个",
            "统计检验：偶然出现这种情况（或更极端）的概率为 ",
            "立案调查",
        ],
    );
    // The same in English, the statistic in words.
    r.get("/lang/en?next=/market/warnings").await;
    r.get("/market/warnings").await.assert(
        StatusCode::OK,
        &[
            "Possible bid-rotation ring",
            "bid together on 12 projects and won 12 of them between them (6/6 each); chance, from the number of bidders, gives about 3.4.",
            "Test: the probability of this or more by chance is ",
        ],
    );
    r.get("/lang/zh?next=/market/warnings").await;
    let key = {
        let marker = "name=\"key\" value=\"bid-rotation:";
        let start =
            w.body.find(marker).expect("a rotation warning") + "name=\"key\" value=\"".len();
        w.body[start..].split('"').next().unwrap().to_owned()
    };
    for f in ring {
        assert!(key.contains(&f.to_string()), "{key}");
    }
    let csrf = w.csrf();
    let opened = r
        .post(
            "/market/warnings/cases",
            &[("csrf", csrf.as_str()), ("key", key.as_str())],
        )
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
    let case = opened.location().to_owned();
    assert!(case.starts_with("/complaints/") && case.ends_with("?notice=case-opened"));
    r.get(&case)
        .await
        .assert(StatusCode::OK, &["已根据预警立案并受理", "轮流", "已受理"]);
    // A key that names no warning any more: the warnings again, saying so; nothing filed.
    let stale = r
        .post(
            "/market/warnings/cases",
            &[("csrf", csrf.as_str()), ("key", "bid-rotation:a:b")],
        )
        .await;
    stale.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["所选预警在当前筛选条件下已不存在", "疑似轮流中标"],
    );
    // The console: the case waits there; the dossiers of the ring's firm and of the owner.
    let console = r.get("/console").await;
    console.assert(
        StatusCode::OK,
        &[
            "监管工作台",
            "待办 1 件，其中超期 0 件",
            "市场监测预警",
            &case[..case.find('?').unwrap()],
        ],
    );
    let dossier = w.link("/console/firms/");
    let page = r.get(&dossier).await;
    page.assert(
        StatusCode::OK,
        // (The ring's awards of this seed are all contracted.)
        &["监管档案：轮流", "中选项目", "已受理", "已签约"],
    );
    assert_eq!(
        page.body.matches("href=\"/projects/").count(),
        6,
        "its six awards"
    );
    let owner_page = r
        .get(&format!("/console/owners/{}", owner.account_id))
        .await;
    owner_page.assert(
        StatusCode::OK,
        &["监管档案：owner1", "发布的项目", "监测样本项目"],
    );
    // Not for the public, nor for an owner's page about a firm.
    let anonymous = b.get("/console").await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    r.get(&format!("/console/owners/{}", ring[0]))
        .await
        .assert(StatusCode::NOT_FOUND, &[]);

    // Regulators' view of every case: the one opened, nothing from the stale key.
    let anyone = zjcs_domain::model::Actor {
        account_id: uuid::Uuid::nil(),
        role: Role::Regulator,
    };
    let queue = s.complaint_queue(&anyone, true).await.unwrap();
    assert_eq!(queue.len(), 1);
}

#[tokio::test]
async fn a_regulator_defines_and_draws_an_inspection_round_and_the_inspector_records_findings() {
    let mut visitor = Browser::new().await;
    let s = visitor.services.clone();
    let mut firms = Vec::new();
    for n in 1..=6 {
        firms.push(quick_firm(&s, n, &format!("受检机构{n}号")).await);
    }
    // The public list, no form; the form is for regulators.
    let page = visitor.get("/inspections").await;
    page.assert(StatusCode::OK, &["双随机抽查", "尚无抽查"]);
    assert!(!page.body.contains("action=\"/inspections\""));
    let mut r = regulator(&visitor).await;
    let page = r.get("/inspections").await;
    page.assert(StatusCode::OK, &["新建抽查", "创建并公布承诺"]);
    let csrf = page.csrf();

    // A refused round keeps what was typed and names each problem.
    let bad = r
        .post(
            "/inspections",
            &[
                ("csrf", csrf.as_str()),
                ("title", "第四季度抽查"),
                ("grades", "C"),
                ("firms", "0"),
                ("inspectors", "x"),
            ],
        )
        .await;
    bad.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &[
            "须为 1 至 500 之间的整数",
            "不是整数",
            "value=\"第四季度抽查\"",
        ],
    );
    assert!(
        bad.body.contains("value=\"C\" checked"),
        "the grade stays ticked"
    );
    assert!(s.inspection_rounds().await.unwrap().is_empty());

    // Created: the commitment is public, the seed is not.
    let created = r
        .post(
            "/inspections",
            &[
                ("csrf", csrf.as_str()),
                ("title", "第四季度测绘机构双随机抽查"),
                ("region", "33"),
                ("firms", "3"),
                ("inspectors", "1"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let path = created
        .location()
        .trim_end_matches("?notice=inspection-created")
        .to_owned();
    let page = r.get(created.location()).await;
    let round = s.inspection_rounds().await.unwrap().remove(0);
    page.assert(
        StatusCode::OK,
        &[
            "抽查已创建",
            "待抽取",
            "浙江省",
            &round.commitment,
            "开始抽取",
        ],
    );
    assert!(
        !page.body.contains("随机种子</dt>"),
        "no seed before the draw"
    );
    // The public sees it without the button.
    let public = visitor.get(&path).await;
    public.assert(
        StatusCode::OK,
        &["第四季度测绘机构双随机抽查", &round.commitment],
    );
    assert!(!public.body.contains("开始抽取"));

    // The draw: checked on the page, the seed revealed, three firms and their inspector.
    let drawn = r
        .post(&format!("{path}/draw"), &[("csrf", page.csrf().as_str())])
        .await;
    assert_eq!(drawn.status, StatusCode::SEE_OTHER, "{}", drawn.body);
    let page = r.get(drawn.location()).await;
    page.assert(
        StatusCode::OK,
        &[
            "已完成抽取",
            "已根据公开数据复核",
            "随机种子",
            "检查中",
            "市场监管局",
        ],
    );
    let round = s.inspection_round(None, round.id).await.unwrap();
    assert_eq!(round.targets.len(), 3);
    let seed = round.firm_draw.as_ref().unwrap().seed.clone();
    assert!(page.body.contains(&seed));
    visitor
        .get(&path)
        .await
        .assert(StatusCode::OK, &[&seed, "待检查"]);
    // Drawn once.
    r.post(&format!("{path}/draw"), &[("csrf", page.csrf().as_str())])
        .await
        .assert(StatusCode::CONFLICT, &["本轮抽查已经抽取"]);

    // The console lists the three firms as the regulator's inspections.
    let console = r.get("/console").await;
    console.assert(StatusCode::OK, &["我的抽查任务"]);
    assert_eq!(
        console
            .body
            .matches("第四季度测绘机构双随机抽查</a>")
            .count(),
        3
    );
    // The only regulator is the inspector of all three: a form for each.
    assert_eq!(page.body.matches("class=\"form finding-form\"").count(), 3);
    let first = round.targets[0].firm_id.to_string();
    let refused = r
        .post(
            &format!("{path}/findings"),
            &[
                ("csrf", page.csrf().as_str()),
                ("firm", first.as_str()),
                ("outcome", "compliant"),
                ("findings", "资料齐全"),
                ("points", "-3"),
            ],
        )
        .await;
    refused.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["未发现问题的机构不能扣分", "资料齐全"],
    );
    let ok = r
        .post(
            &format!("{path}/findings"),
            &[
                ("csrf", page.csrf().as_str()),
                ("firm", first.as_str()),
                ("outcome", "violation"),
                ("findings", "报告签字人员无执业资格"),
                ("points", "-10"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let page = r.get(ok.location()).await;
    page.assert(
        StatusCode::OK,
        &[
            "抽查结果已记录",
            "存在违法违规行为",
            "报告签字人员无执业资格",
            "-10",
        ],
    );
    assert_eq!(page.body.matches("class=\"form finding-form\"").count(), 2);
    // On the firm's public credit ledger, with the round named.
    let firm_page = visitor.get(&format!("/firms/{first}")).await;
    firm_page.assert(StatusCode::OK, &["随机抽查「第四季度测绘机构双随机抽查」"]);
    // The others: the round closes.
    for t in &round.targets[1..] {
        let f = t.firm_id.to_string();
        let done = r
            .post(
                &format!("{path}/findings"),
                &[
                    ("csrf", page.csrf().as_str()),
                    ("firm", f.as_str()),
                    ("outcome", "compliant"),
                    ("findings", "未发现问题"),
                ],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    }
    visitor
        .get("/inspections")
        .await
        .assert(StatusCode::OK, &["已完成", "机构 3 家"]);
}

/// Issue 25: a split purchase, a cover bidder and a failed draw followed by a direct award are
/// on the regulator's warnings page, each with its evidence and its statistic in words, in
/// Chinese and in English; a case opens from the cover bidder's.
#[tokio::test]
async fn the_warnings_page_names_the_red_flags_with_their_evidence_in_both_languages() {
    let b = Browser::new().await;
    let s = b.services.clone();
    s.import_items(None, rows_from_json(DEMO_CATALOGUE_JSON).unwrap())
        .await
        .unwrap();
    let item = s.list_items(false).await.unwrap()[0].id;
    let mut firms = Vec::new();
    for n in 1..=40 {
        firms.push(quick_firm(&s, n, &format!("诚信机构{n}号")).await);
    }
    let cover = quick_firm(&s, 903, "陪标丙有限公司").await;
    let registrant = quick_firm(&s, 904, "流标丁有限公司").await;
    let mut owners = Vec::new();
    for n in 1..=3 {
        owners.push(
            zjcs_domain::testing::quick_account(&s.db, Role::Owner, n)
                .await
                .account_id,
        );
    }
    let g = zjcs_domain::synthetic::generate(
        &s.db,
        &zjcs_domain::synthetic::MarketSpec {
            projects: 60,
            firms,
            owners: owners.clone(),
            items: vec![item],
            regions: vec!["330106".into()],
            ring: None,
            days: 200,
            seed: 25,
            plants: zjcs_domain::synthetic::Plants {
                split_purchase: Some(owners[1]),
                cover_bidder: Some(cover),
                failed_then_direct: Some((owners[2], registrant)),
                ring_of_three: None,
            },
        },
    )
    .await
    .unwrap();
    assert_eq!(g.split_projects.len(), 6);
    let mut r = regulator(&b).await;
    let w = r.get("/market/warnings").await;
    w.assert(
        StatusCode::OK,
        &[
            "疑似拆分采购",
            "天内发布“",
            "项目 6 个，预算均略低于直接选取限额",
            "疑似陪标",
            "陪标丙有限公司 在 10 个报价项目中均未中选，报价始终比中选价高约 ",
            "流标或终止后直接选取原报名机构",
            "20 天内，将同一服务事项直接选取给该项目的报名机构 流标丁有限公司",
            "风险信号：按规则直接提示",
            "预算",
            "中选价",
            "¥48,",
        ],
    );
    for p in g
        .split_projects
        .iter()
        .chain(&g.cover_projects)
        .chain(&g.failed_then_direct)
    {
        assert!(w.body.contains(&format!("/projects/{p}")), "{p}");
    }
    for key in [
        format!("split-purchase:{}", owners[1]),
        format!("cover-bidding:{cover}"),
        format!(
            "failed-then-direct:{}:{registrant}:{}:{}",
            owners[2], g.failed_then_direct[0], g.failed_then_direct[1]
        ),
    ] {
        assert!(w.body.contains(&format!("value=\"{key}")), "{key}");
    }
    // In English.
    r.get("/lang/en?next=/market/warnings").await;
    let en = r.get("/market/warnings").await;
    en.assert(
        StatusCode::OK,
        &[
            "Possible split purchase",
            "6 in all, each budgeted just under the direct-selection threshold",
            "Possible cover bidding",
            "陪标丙有限公司 lost 10 priced bids and won none, each about ",
            "Failed or cancelled, then awarded directly to a registrant",
            "20 days after a competitive project of",
            "Red flag: raised on sight by its rule",
            "Award price",
        ],
    );
    // A case from the cover bidder's warning: against the firm, its evidence as the facts.
    r.get("/lang/zh?next=/market/warnings").await;
    let csrf = w.csrf();
    let key = format!("cover-bidding:{cover}");
    let opened = r
        .post(
            "/market/warnings/cases",
            &[("csrf", csrf.as_str()), ("key", key.as_str())],
        )
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
    let case = opened.location().to_owned();
    r.get(&case).await.assert(
        StatusCode::OK,
        &["已根据预警立案并受理", "cover-bidding", "陪标丙有限公司"],
    );
    // And from the split purchase's: against the owner.
    let key = format!("split-purchase:{}:", owners[1]);
    let start = w.body.find(&format!("value=\"{key}")).unwrap() + "value=\"".len();
    let key = w.body[start..].split('"').next().unwrap().to_owned();
    let opened = r
        .post(
            "/market/warnings/cases",
            &[("csrf", csrf.as_str()), ("key", key.as_str())],
        )
        .await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
}
