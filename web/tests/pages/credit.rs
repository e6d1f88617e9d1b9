//! Credit: regulators' entries, veto items, the credit policy, grade E, repairs.

use super::*;

#[tokio::test]
async fn a_regulator_records_credit_entries_on_the_firm_page_and_the_public_sees_them() {
    let mut firm = Browser::new().await;
    firm.firm_entered("杭州信用测绘有限公司", "xy@example.cn", &credit_code(71))
        .await;
    let mut visitor = firm.another();
    let path = visitor.get("/firms").await.link("/firms/");
    let action = format!("{path}/credit-events");

    // The public sees the credit section, its chart and an empty ledger; no form.
    let page = visitor.get(&path).await;
    page.assert(
        StatusCode::OK,
        &[
            "id=\"credit\"",
            "信用分走势",
            "role=\"img\"",
            "aria-label=\"信用分走势：从 100 到 100\"",
            "暂无信用记录",
            "正常",
            "第 1 版",
            "href=\"/credit\"",
        ],
    );
    assert!(!page.body.contains(&action), "no form for the public");
    assert!(!page.body.contains("信用警示"));
    // The firm itself may not record anything about itself.
    let csrf = firm.get("/firm").await.csrf();
    firm.post(
        &action,
        &[
            ("csrf", &csrf),
            ("kind", "manual"),
            ("points", "10"),
            ("reason", "自评"),
        ],
    )
    .await
    .assert(StatusCode::FORBIDDEN, &["无权进行此操作"]);

    let mut r = regulator(&firm).await;
    let page = r.get(&path).await;
    page.assert(
        StatusCode::OK,
        &[
            &format!("action=\"{action}#credit-record\""),
            "记录信用事项",
            "串通投标",
        ],
    );
    let csrf = page.csrf();
    // No reason: refused, the points kept.
    r.post(
        &action,
        &[
            ("csrf", &csrf),
            ("kind", "manual"),
            ("points", "-15"),
            ("reason", " "),
        ],
    )
    .await
    .assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &[
            "请填写理由",
            "href=\"#field-credit-reason\"",
            "value=\"-15\"",
        ],
    );
    // Points that are not a number, and points out of range.
    r.post(
        &action,
        &[
            ("csrf", &csrf),
            ("kind", "manual"),
            ("points", "十五"),
            ("reason", "逾期"),
        ],
    )
    .await
    .assert(StatusCode::UNPROCESSABLE_ENTITY, &["不是整数", "逾期"]);
    r.post(
        &action,
        &[
            ("csrf", &csrf),
            ("kind", "manual"),
            ("points", "-80"),
            ("reason", "逾期"),
        ],
    )
    .await
    .assert(StatusCode::UNPROCESSABLE_ENTITY, &["−50 至 50"]);
    // A veto without its item.
    r.post(
        &action,
        &[
            ("csrf", &csrf),
            ("kind", "veto"),
            ("veto_item", ""),
            ("reason", "串标"),
        ],
    )
    .await
    .assert(StatusCode::UNPROCESSABLE_ENTITY, &["请选择否决项"]);
    assert!(
        firm.services
            .firm_credit(path_id(&path))
            .await
            .unwrap()
            .events
            .is_empty()
    );

    // Two deductions, the second with a typed minus sign.
    for (points, reason) in [
        ("-15", "未按合同约定时限提交成果"),
        ("−10", "成果质量不合格，返工"),
    ] {
        let done = r
            .post(
                &action,
                &[
                    ("csrf", &csrf),
                    ("kind", "manual"),
                    ("points", points),
                    ("reason", reason),
                ],
            )
            .await;
        assert_eq!(
            (done.status, done.location()),
            (
                StatusCode::SEE_OTHER,
                format!("{path}?notice=credit-recorded#credit").as_str()
            ),
            "{}",
            done.body
        );
    }
    r.get(&format!("{path}?notice=credit-recorded"))
        .await
        .assert(StatusCode::OK, &["信用事项已记录"]);
    let page = visitor.get(&path).await;
    page.assert(
        StatusCode::OK,
        &[
            "<dd class=\"credit-grade\">C</dd>",
            "<dd class=\"credit-score\">75</dd>",
            "监管调整",
            "−15",
            "−10",
            "未按合同约定时限提交成果",
            "成果质量不合格，返工",
            "<svg",
            "<polyline",
            "信用分走势：从 100 到 75",
        ],
    );
    assert!(!page.body.contains(&action), "still no form for the public");
    // The newest first.
    assert!(page.body.find("成果质量不合格").unwrap() < page.body.find("未按合同约定").unwrap());

    // Grade D carries the public warning.
    r.post(
        &action,
        &[
            ("csrf", &csrf),
            ("kind", "manual"),
            ("points", "-10"),
            ("reason", "再次逾期"),
        ],
    )
    .await;
    visitor.get(&path).await.assert(
        StatusCode::OK,
        &["信用警示", "<dd class=\"credit-grade\">D</dd>"],
    );
    visitor.get("/firms").await.assert(
        StatusCode::OK,
        &["<span class=\"badge warn\">信用警示</span>"],
    );

    // The public credit page counts the firm under D.
    visitor.get("/credit").await.assert(
        StatusCode::OK,
        &[
            "信用公示",
            "data-grade=\"D\">1<",
            "data-grade=\"A\">0<",
            "role=\"img\"",
            "目前没有暂停报名的机构",
            "href=\"/blacklist\"",
            "A ≥ 90 · B ≥ 80 · C ≥ 70 · D ≥ 60 · E &#60; 60",
            "第 1 版",
        ],
    );
    // A voided entry (an upheld appeal) stays on the ledger, marked and struck through.
    use zjcs_domain::store::entities::credit_event;
    use zjcs_domain::store::{ColumnTrait, EntityTrait, Expr, QueryFilter};
    credit_event::Entity::update_many()
        .col_expr(
            credit_event::Column::VoidedAt,
            Expr::value(Some(chrono::Utc::now())),
        )
        .col_expr(
            credit_event::Column::VoidReason,
            Expr::value(Some("申诉成立".to_owned())),
        )
        .filter(credit_event::Column::Reason.eq("再次逾期"))
        .exec(&firm.services.db)
        .await
        .unwrap();
    visitor.get(&path).await.assert(
        StatusCode::OK,
        &["已撤销", "申诉成立", "<s>−10</s>", "再次逾期"],
    );

    // In English too.
    visitor.get("/lang/en?next=/credit").await;
    visitor.get(&path).await.assert(
        StatusCode::OK,
        &["Credit warning", "Regulator&#39;s adjustment"],
    );
}

#[tokio::test]
async fn a_veto_item_black_lists_the_firm_and_its_page_says_until_when() {
    let mut firm = Browser::new().await;
    firm.firm_entered("杭州否决测绘有限公司", "fj@example.cn", &credit_code(72))
        .await;
    let mut r = regulator(&firm).await;
    let path = r.get("/firms").await.link("/firms/");
    let csrf = r.get(&path).await.csrf();
    let done = r
        .post(
            &format!("{path}/credit-events"),
            &[
                ("csrf", &csrf),
                ("kind", "veto"),
                ("points", "ignored"),
                ("veto_item", "bid-rigging"),
                ("reason", "与他人串通投标"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    r.get(&path).await.assert(
        StatusCode::OK,
        &[
            "已列入黑名单（串通投标），至",
            "否决项：串通投标",
            "与他人串通投标",
            "E</dd>",
        ],
    );
    r.get("/blacklist").await.assert(
        StatusCode::OK,
        &["杭州否决测绘有限公司", "href=\"/feeds/blacklist.atom\""],
    );
    // The black list's feed carries the listing, with its reason and the firm's page.
    let feed = firm.another().get("/feeds/blacklist.atom").await;
    feed.assert(
        StatusCode::OK,
        &[
            "<title>中介超市黑名单</title>",
            "杭州否决测绘有限公司",
            "列入黑名单：",
            &format!("{path}\"/>"),
        ],
    );
    assert!(
        feed.header(header::CONTENT_TYPE)
            .starts_with("application/atom+xml")
    );
}

/// The policy form's fields with the default policy's values, `changes` applied.
fn policy_fields<'a>(csrf: &'a str, changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("csrf", csrf),
        ("base", "100"),
        ("eval_1", "-6"),
        ("eval_2", "-3"),
        ("eval_3", "0"),
        ("eval_4", "1"),
        ("eval_5", "2"),
        ("on_time_points", "1"),
        ("late_points", "-2"),
        ("very_late_after_days", "10"),
        ("very_late_points", "-5"),
        ("refused_to_sign_points", "-10"),
        ("refusals_to_suspend", "3"),
        ("complaint_min", "-20"),
        ("complaint_max", "-5"),
        ("full_weight_months", "12"),
        ("older_weight_percent", "50"),
        ("window_months", "24"),
        ("line_a", "90"),
        ("line_b", "80"),
        ("line_c", "70"),
        ("line_d", "60"),
        ("suspension_months", "6"),
        ("blacklist_months", "36"),
        ("reason", ""),
    ];
    for (k, v) in changes {
        fields.retain(|(f, _)| f != k);
        fields.push((k, v));
    }
    fields
}

#[tokio::test]
async fn an_administrator_adopts_a_new_credit_policy_and_firms_are_regraded() {
    let mut firm = Browser::new().await;
    firm.firm_entered("杭州政策测绘有限公司", "zc@example.cn", &credit_code(73))
        .await;
    let mut anonymous = firm.another();
    let login = anonymous.get("/admin/credit-policy").await;
    assert_eq!(
        (login.status, login.location()),
        (StatusCode::SEE_OTHER, "/login")
    );
    firm.get("/admin/credit-policy")
        .await
        .assert(StatusCode::FORBIDDEN, &["无权进行此操作"]);
    let csrf = firm.get("/firm").await.csrf();
    firm.post(
        "/admin/credit-policy",
        &policy_fields(&csrf, &[("reason", "x")]),
    )
    .await
    .assert(StatusCode::FORBIDDEN, &["无权进行此操作"]);

    let mut admin = firm.admin().await;
    let page = admin.get("/admin/credit-policy").await;
    page.assert(
        StatusCode::OK,
        &[
            "href=\"/admin/credit-policy\"",
            "第 1 版",
            "默认政策",
            "name=\"line_a\" type=\"text\" inputmode=\"numeric\" maxlength=\"6\" value=\"90\"",
            "name=\"eval_1\" type=\"text\" inputmode=\"numeric\" maxlength=\"6\" value=\"-6\"",
            "name=\"complaint_min\" type=\"text\" inputmode=\"numeric\" maxlength=\"6\" value=\"-20\"",
        ],
    );
    let csrf = page.csrf();
    // A number that does not read, lines out of order, no reason: each named, values kept.
    admin
        .post(
            "/admin/credit-policy",
            &policy_fields(&csrf, &[("line_a", "九十"), ("base", "-1")]),
        )
        .await
        .assert(
            StatusCode::UNPROCESSABLE_ENTITY,
            &[
                "不是整数",
                "href=\"#field-lines\"",
                "基准分须在 0 至 1000 之间",
                "value=\"九十\"",
            ],
        );
    admin
        .post(
            "/admin/credit-policy",
            &policy_fields(&csrf, &[("line_b", "95")]),
        )
        .await
        .assert(
            StatusCode::UNPROCESSABLE_ENTITY,
            &[
                "等级分数线须从 A 到 D 严格递减",
                "请填写理由",
                "value=\"95\"",
            ],
        );
    // Stricter lines: the baseline 100 is no longer A.
    let done = admin
        .post(
            "/admin/credit-policy",
            &policy_fields(
                &csrf,
                &[
                    ("line_a", "110"),
                    ("line_b", "100"),
                    ("reason", "提高 A 级门槛"),
                ],
            ),
        )
        .await;
    assert_eq!(
        (done.status, done.location()),
        (
            StatusCode::SEE_OTHER,
            "/admin/credit-policy?saved=2&changed=1"
        ),
        "{}",
        done.body
    );
    admin.get(done.location()).await.assert(
        StatusCode::OK,
        &[
            "已启用第 2 版信用政策，1 家机构的信用随之变化。",
            "第 2 版",
            "提高 A 级门槛",
            "value=\"110\"",
        ],
    );
    // A hand-made notice link shows nothing of its own.
    let odd = admin
        .get("/admin/credit-policy?saved=%3Cb%3E&changed=1")
        .await;
    odd.assert(StatusCode::OK, &[]);
    assert!(!odd.body.contains("已启用"));
    anonymous.get("/credit").await.assert(
        StatusCode::OK,
        &["A ≥ 110 · B ≥ 100", "第 2 版", "data-grade=\"B\">1<"],
    );
    let path = anonymous.get("/firms").await.link("/firms/");
    anonymous.get(&path).await.assert(
        StatusCode::OK,
        &["<dd class=\"credit-grade\">B</dd>", "第 2 版"],
    );
}

/// The id in a `/firms/<id>` path.
fn path_id(path: &str) -> uuid::Uuid {
    uuid::Uuid::parse_str(path.trim_start_matches("/firms/")).unwrap()
}

#[tokio::test]
async fn a_firm_at_grade_e_is_listed_as_suspended_and_later_as_awaiting_a_repair() {
    let mut firm = Browser::new().await;
    firm.firm_entered("杭州暂停测绘有限公司", "zt@example.cn", &credit_code(74))
        .await;
    let mut r = regulator(&firm).await;
    let path = r.get("/firms").await.link("/firms/");
    let action = format!("{path}/credit-events");
    let csrf = r.get(&path).await.csrf();
    // Without the form's token nothing is recorded.
    r.post(
        &action,
        &[
            ("kind", "manual"),
            ("points", "-45"),
            ("reason", "严重失信"),
        ],
    )
    .await
    .assert(StatusCode::FORBIDDEN, &[]);
    let done = r
        .post(
            &action,
            &[
                ("csrf", &csrf),
                ("kind", "manual"),
                ("points", "-45"),
                ("reason", "严重失信"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let credit = firm.services.firm_credit(path_id(&path)).await.unwrap();
    // The suspension ends at the midnight after its last day (China time); the page names that
    // day.
    let until = credit.suspended_until.expect("suspended until a day");
    let until = (until + chrono::Duration::hours(8) - chrono::Duration::seconds(1))
        .format("%Y-%m-%d")
        .to_string();
    let mut visitor = firm.another();
    visitor.get(&path).await.assert(
        StatusCode::OK,
        &[
            &format!("暂停报名，至 {until}"),
            "<dd class=\"credit-grade\">E</dd>",
            "<dd class=\"credit-score\">55</dd>",
        ],
    );
    visitor.get("/credit").await.assert(
        StatusCode::OK,
        &["杭州暂停测绘有限公司", &until, "data-grade=\"E\">1<"],
    );
    // After the period, still at grade E: waiting for a credit repair.
    firm.services
        .recompute_credit_at(chrono::Utc::now() + chrono::Duration::days(200))
        .await
        .unwrap();
    visitor
        .get(&path)
        .await
        .assert(StatusCode::OK, &["暂停期已满，等待信用修复"]);
    visitor
        .get("/credit")
        .await
        .assert(StatusCode::OK, &["杭州暂停测绘有限公司", "等待信用修复"]);
}

#[tokio::test]
async fn a_firm_waiting_for_a_repair_applies_and_a_regulator_refuses_then_approves() {
    let mut firm = Browser::new().await;
    firm.firm_entered("杭州修复测绘有限公司", "xf@example.cn", &credit_code(75))
        .await;
    let mut r = regulator(&firm).await;
    let path = r.get("/firms").await.link("/firms/");
    let csrf = r.get(&path).await.csrf();
    let done = r
        .post(
            &format!("{path}/credit-events"),
            &[
                ("csrf", &csrf),
                ("kind", "manual"),
                ("points", "-45"),
                ("reason", "严重失信"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    // Suspended, the period running: nothing to apply for yet.
    let page = firm.get("/firm").await;
    page.assert(StatusCode::OK, &[]);
    assert!(!page.body.contains("action=\"/firm/credit-repairs"));
    // The period over, still grade E: the page explains and offers the form.
    firm.services
        .recompute_credit_at(chrono::Utc::now() + chrono::Duration::days(200))
        .await
        .unwrap();
    let page = firm.get("/firm").await;
    page.assert(
        StatusCode::OK,
        &[
            "id=\"repair\"",
            "申请信用修复",
            "暂停报名期已满，但信用等级仍为 E",
            "action=\"/firm/credit-repairs#repair\"",
        ],
    );
    let csrf = page.csrf();
    // Refusals show the form again with the text kept.
    firm.post(
        "/firm/credit-repairs",
        &[("csrf", &csrf), ("statement", "  "), ("evidence_file", "")],
    )
    .await
    .assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["请填写理由", "href=\"#field-r-statement\""],
    );
    firm.post(
        "/firm/credit-repairs",
        &[
            ("csrf", &csrf),
            ("statement", "已整改：补充质量管理制度"),
            ("evidence_file", "not-a-file"),
        ],
    )
    .await
    .assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &[
            "证明材料不存在或不属于本机构",
            ">已整改：补充质量管理制度</textarea>",
        ],
    );
    // Without the token nothing happens.
    firm.post("/firm/credit-repairs", &[("statement", "已整改")])
        .await
        .assert(StatusCode::FORBIDDEN, &[]);
    let done = firm
        .post(
            "/firm/credit-repairs",
            &[
                ("csrf", &csrf),
                ("statement", "已整改：补充质量管理制度"),
                ("evidence_file", ""),
            ],
        )
        .await;
    assert_eq!(
        (done.status, done.location()),
        (StatusCode::SEE_OTHER, "/firm?notice=repair-applied#repair"),
        "{}",
        done.body
    );
    let page = firm.get("/firm?notice=repair-applied").await;
    page.assert(
        StatusCode::OK,
        &["信用修复申请已提交。", "正等待监管部门审核", "待审核"],
    );
    assert!(!page.body.contains("action=\"/firm/credit-repairs"));
    // One pending application at a time.
    firm.post(
        "/firm/credit-repairs",
        &[("csrf", &csrf), ("statement", "再次申请")],
    )
    .await
    .assert(
        StatusCode::CONFLICT,
        &["贵机构已有一份待处理的信用修复申请", ">再次申请</textarea>"],
    );

    // The queue is the regulators' alone.
    firm.get("/credit/repairs")
        .await
        .assert(StatusCode::FORBIDDEN, &[]);
    let admin = firm.admin().await;
    let mut admin = admin;
    admin
        .get("/credit/repairs")
        .await
        .assert(StatusCode::FORBIDDEN, &[]);
    let anonymous = firm.another().get("/credit/repairs").await;
    assert_eq!(
        (anonymous.status, anonymous.location()),
        (StatusCode::SEE_OTHER, "/login")
    );
    let queue = r.get("/credit/repairs").await;
    queue.assert(
        StatusCode::OK,
        &[
            "href=\"/credit/repairs\"",
            "杭州修复测绘有限公司",
            &format!("href=\"{path}#credit\""),
            "已整改：补充质量管理制度",
            "grade-e",
            "href=\"/credit/repairs?all=1\"",
        ],
    );
    let action = without_fragment(&queue.action("/credit/repairs/"));
    let csrf = queue.csrf();
    // A decision needs a reason; the queue shows the problem on the row.
    r.post(
        &action,
        &[("csrf", &csrf), ("decision", "refuse"), ("reason", " ")],
    )
    .await
    .assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["请填写理由", "href=\"#field-decision-reason\""],
    );
    let done = r
        .post(
            &action,
            &[
                ("csrf", &csrf),
                ("decision", "refuse"),
                ("reason", "整改材料不足"),
            ],
        )
        .await;
    assert_eq!(
        (done.status, done.location()),
        (
            StatusCode::SEE_OTHER,
            "/credit/repairs?notice=repair-refused"
        ),
        "{}",
        done.body
    );
    r.get(done.location()).await.assert(
        StatusCode::OK,
        &["已驳回信用修复申请。", "没有待审核的申请。"],
    );
    r.get("/credit/repairs?all=1")
        .await
        .assert(StatusCode::OK, &["整改材料不足", "已驳回"]);
    // Decided once only.
    r.post(
        &action,
        &[
            ("csrf", &csrf),
            ("decision", "approve"),
            ("reason", "整改到位"),
        ],
    )
    .await
    .assert(StatusCode::CONFLICT, &["该申请已作出决定", "整改材料不足"]);
    // The firm reads the refusal and applies again.
    let page = firm.get("/firm").await;
    page.assert(
        StatusCode::OK,
        &[
            "已驳回",
            "整改材料不足",
            "action=\"/firm/credit-repairs#repair\"",
        ],
    );
    let done = firm
        .post(
            "/firm/credit-repairs",
            &[("csrf", &page.csrf()), ("statement", "补充了整改报告")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let queue = r.get("/credit/repairs").await;
    let action = without_fragment(&queue.action("/credit/repairs/"));
    let done = r
        .post(
            &action,
            &[
                ("csrf", &queue.csrf()),
                ("decision", "approve"),
                ("reason", "整改到位"),
            ],
        )
        .await;
    assert_eq!(
        (done.status, done.location()),
        (
            StatusCode::SEE_OTHER,
            "/credit/repairs?notice=repair-approved"
        ),
        "{}",
        done.body
    );
    r.get(done.location()).await.assert(
        StatusCode::OK,
        &["已批准信用修复，该机构恢复为 D 级。", "没有待审核的申请。"],
    );
    // The firm is listed again at grade D, with the repair on its public ledger.
    let mut visitor = firm.another();
    visitor.get(&path).await.assert(
        StatusCode::OK,
        &[
            "<dd class=\"credit-grade\">D</dd>",
            "正常",
            "信用修复",
            "整改到位",
        ],
    );
    let page = firm.get("/firm").await;
    page.assert(StatusCode::OK, &["已批准", "整改到位"]);
    assert!(!page.body.contains("action=\"/firm/credit-repairs"));
}
