//! Complaints: filed on the form, handled by a regulator, published.

use super::*;

/// The complaint form as a browser sends it.
fn complaint_form(csrf: &str, fields: &[(&str, &str)], file: &[u8]) -> TestForm {
    let mut form = TestForm::new().text("csrf", csrf);
    for (k, v) in fields {
        form = form.text(*k, *v);
    }
    form.field(
        TestFormField::bytes(file.to_vec())
            .name("evidence")
            .filename(if file.is_empty() { "" } else { "evidence.pdf" })
            .content_type("application/pdf"),
    )
}

#[tokio::test]
async fn complaints_are_filed_on_the_form_handled_by_a_regulator_and_published() {
    let b = Browser::new().await;
    let mut x = qualified_firm(&b, 1).await;
    let mut y = qualified_firm(&b, 2).await;
    let firm = b
        .services
        .firm_id_by_credit_code(&credit_code(1))
        .await
        .unwrap()
        .unwrap()
        .to_string();
    // The firm's page links to the form, pre-filled.
    let page = b.another().get(&format!("/firms/{firm}")).await;
    let href = page.link("/complaints/new");
    let mut public = b.another();
    let form = public.get(&href).await;
    form.assert(
        StatusCode::OK,
        &[
            "我要投诉",
            "value=\"firm\" selected",
            &firm,
            "id=\"field-contact\"",
        ],
    );
    // Anonymous without a contact: refused field by field, nothing stored.
    let fields = [
        ("subject", "firm"),
        ("subject_id", firm.as_str()),
        ("facts", "该机构在成果报告中伪造测量数据"),
        ("rule", "测绘成果质量管理规定"),
    ];
    let refused = public
        .post_multipart(
            "/complaints/new",
            complaint_form(&form.csrf(), &fields, b""),
        )
        .await;
    refused.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &[
            "联系人",
            "联系方式",
            "href=\"#field-contact\"",
            "该机构在成果报告中伪造测量数据",
        ],
    );
    let mut with_contact = fields.to_vec();
    with_contact.push(("contact_name", "王先生"));
    with_contact.push(("contact", "wang@example.cn"));
    let filed = public
        .post_multipart(
            "/complaints/new",
            complaint_form(&form.csrf(), &with_contact, b""),
        )
        .await;
    filed.assert(
        StatusCode::CREATED,
        &["投诉已提交", "id=\"complaint-reference\""],
    );

    // A firm with an account: a file that is not a PDF is refused and nothing is stored.
    let form = y.get(&href).await;
    assert!(!form.body.contains("id=\"field-contact\""));
    let refused = y
        .post_multipart(
            "/complaints/new",
            complaint_form(&form.csrf(), &fields, b"not a pdf"),
        )
        .await;
    refused.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["只接受 PDF、JPEG 或 PNG 文件"],
    );
    let done = y
        .post_multipart(
            "/complaints/new",
            complaint_form(&form.csrf(), &fields, b"%PDF-1.4\n%%EOF\n"),
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let case = done.location().split('?').next().unwrap().to_owned();
    y.get(done.location()).await.assert(
        StatusCode::OK,
        &[
            "投诉已提交。",
            "待受理",
            "测绘成果质量管理规定",
            "/documents/",
        ],
    );
    // The respondent reads the case; a stranger does not; the queue is for regulators.
    x.get(&case).await.assert(StatusCode::OK, &["待受理"]);
    assert_eq!(
        b.another().another().get("/complaints").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(x.get("/complaints").await.status, StatusCode::FORBIDDEN);

    let mut r = regulator(&b).await;
    let queue = r.get("/complaints").await;
    queue.assert(StatusCode::OK, &["测绘成果质量管理规定", "测绘机构1"]);
    let cases: Vec<String> = queue
        .links("/complaints/")
        .into_iter()
        .filter(|l| uuid::Uuid::parse_str(l.trim_start_matches("/complaints/")).is_ok())
        .collect();
    assert_eq!(cases.len(), 2, "two open cases: {cases:?}");
    let page = r.get(&case).await;
    page.assert(
        StatusCode::OK,
        &["id=\"accept-button\"", "id=\"reject-button\""],
    );
    // Rejecting needs a reason; accept, investigate, uphold with a deduction.
    let step = |step: &str, reason: &str, points: &str, csrf: &str| {
        vec![
            ("csrf".to_owned(), csrf.to_owned()),
            ("step".to_owned(), step.to_owned()),
            ("reason".to_owned(), reason.to_owned()),
            ("points".to_owned(), points.to_owned()),
        ]
    };
    let steps = format!("{case}/steps");
    let refused = r
        .post_pairs(&steps, &step("reject", "", "", &page.csrf()))
        .await;
    refused.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["请填写理由", "id=\"step-form\""],
    );
    for (s, notice) in [("accept", "已受理。"), ("investigate", "已开始调查。")] {
        let done = r.post_pairs(&steps, &step(s, "", "", &page.csrf())).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        r.get(done.location())
            .await
            .assert(StatusCode::OK, &[notice]);
    }
    let refused = r
        .post_pairs(&steps, &step("uphold", "数据伪造属实", "-50", &page.csrf()))
        .await;
    refused.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["信用扣分", "数据伪造属实"],
    );
    let done = r
        .post_pairs(&steps, &step("uphold", "数据伪造属实", "-10", &page.csrf()))
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    r.get(done.location())
        .await
        .assert(StatusCode::OK, &["投诉成立，已通知各方并公示。", "-10"]);
    // Published, without who complained; the firm's credit shows the deduction.
    let outcomes = b.another().get("/complaints/outcomes").await;
    outcomes.assert(
        StatusCode::OK,
        &[
            "投诉成立",
            "测绘机构1",
            "数据伪造属实",
            "测绘成果质量管理规定",
        ],
    );
    assert!(!outcomes.body.contains("wang@example.cn") && !outcomes.body.contains("伪造测量数据"));
    b.another()
        .get(&format!("/firms/{firm}"))
        .await
        .assert(StatusCode::OK, &["投诉成立", "数据伪造属实"]);
    // Still grade A at 90, but the upheld complaint keeps it off the red list; the other firm
    // (A, no complaint) is on it.
    let red = b.another().get("/redlist").await;
    red.assert(StatusCode::OK, &["红名单", "测绘机构2", "24 个月"]);
    assert!(!red.body.contains(">测绘机构1<"), "{}", red.body);
    // The red list's feed: the same firms.
    let feed = b.another().get("/feeds/redlist.atom").await;
    feed.assert(
        StatusCode::OK,
        &[
            "<title>中介超市红名单</title>",
            "测绘机构2",
            "列入红名单，信用分",
        ],
    );
    assert!(!feed.body.contains("测绘机构1（"), "{}", feed.body);
}
