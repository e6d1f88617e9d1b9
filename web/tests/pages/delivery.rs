//! Delivery, review and evaluation on the project page.

use super::*;

/// The delivery form as a browser sends it: a file (empty name: none chosen) and a note.
fn delivery_form(csrf: &str, file: &[u8], note: &str) -> TestForm {
    TestForm::new().text("csrf", csrf).text("note", note).field(
        TestFormField::bytes(file.to_vec())
            .name("document")
            .filename(if file.is_empty() { "" } else { "result.pdf" })
            .content_type("application/pdf"),
    )
}

#[tokio::test]
async fn the_firm_delivers_the_owner_reviews_and_both_evaluate_on_the_project_page() {
    let b = Browser::new().await;
    let (mut owner, mut a, mut c, path) = contracted_on_the_page(&b).await;
    // The public sees the section and no evaluation, not the delivery itself.
    let public = b.another().get(&path).await;
    public.assert(StatusCode::OK, &["服务与验收", "尚无评价。"]);
    assert!(!public.body.contains("id=\"delivery-facts\""));

    // The firm submits its result; no file, or a file that is not a PDF, is refused on the
    // file's field and nothing is stored.
    let page = a.get(&path).await;
    page.assert(
        StatusCode::OK,
        &["id=\"delivery-form\"", "服务中", "服务期限截止"],
    );
    let refused = a
        .post_multipart(
            &format!("{path}/delivery"),
            delivery_form(&page.csrf(), b"", "初稿"),
        )
        .await;
    refused.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["成果文件", "请先上传成果文件", "href=\"#field-document\""],
    );
    let refused = a
        .post_multipart(
            &format!("{path}/delivery"),
            delivery_form(&page.csrf(), b"not a pdf", "初稿"),
        )
        .await;
    refused.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["只接受 PDF、JPEG 或 PNG 文件"],
    );
    assert!(!refused.body.contains("id=\"delivery-submissions\""));
    let done = a
        .post_multipart(
            &format!("{path}/delivery"),
            delivery_form(
                &page.csrf(),
                b"%PDF-1.4\n%first\n%%EOF\n",
                "竣工测绘成果初稿",
            ),
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let page = a.get(done.location()).await;
    page.assert(
        StatusCode::OK,
        &[
            "成果已提交，已通知业主验收。",
            "成果待验收",
            "竣工测绘成果初稿",
        ],
    );
    assert!(!page.body.contains("id=\"delivery-form\""));

    // The other firm sees neither the delivery nor its file.
    let other = c.get(&path).await;
    assert!(!other.body.contains("竣工测绘成果初稿"));
    let owners = owner.get(&path).await;
    owners.assert(StatusCode::OK, &["id=\"review-form\"", "竣工测绘成果初稿"]);
    let file = owners.link("/documents/");
    let download = owner.get(&file).await;
    assert_eq!(download.status, StatusCode::OK);
    assert!(download.body.starts_with("%PDF-1.4\n%first"));
    assert!(
        download
            .header(header::CONTENT_DISPOSITION)
            .starts_with("attachment")
    );
    assert_eq!(c.get(&file).await.status, StatusCode::NOT_FOUND);

    // Returning needs a reason; returned, the firm sees why and submits again.
    let review = |outcome: &'static str, reason: &'static str, csrf: String| {
        vec![
            ("csrf".to_owned(), csrf),
            ("outcome".to_owned(), outcome.to_owned()),
            ("reason".to_owned(), reason.to_owned()),
        ]
    };
    let refused = owner
        .post_pairs(
            &format!("{path}/delivery/review"),
            &review("return", " ", owners.csrf()),
        )
        .await;
    refused.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["验收意见", "请填写理由", "id=\"review-form\""],
    );
    let done = owner
        .post_pairs(
            &format!("{path}/delivery/review"),
            &review("return", "缺少房产分户图", owners.csrf()),
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let page = a.get(&path).await;
    page.assert(
        StatusCode::OK,
        &[
            "成果已退回，服务继续",
            "缺少房产分户图",
            "id=\"delivery-form\"",
        ],
    );
    let done = a
        .post_multipart(
            &format!("{path}/delivery"),
            delivery_form(&page.csrf(), b"%PDF-1.4\n%second\n%%EOF\n", "补充分户图"),
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let owners = owner.get(&path).await;
    let done = owner
        .post_pairs(
            &format!("{path}/delivery/review"),
            &review("accept", "", owners.csrf()),
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let owners = owner.get(done.location()).await;
    owners.assert(
        StatusCode::OK,
        &[
            "成果已验收，服务结束。",
            "按期完成 +",
            "id=\"evaluation-form\"",
        ],
    );

    // The evaluation: a missing rating is refused on its field and nothing is stored.
    let mut fields = vec![
        ("csrf".to_owned(), owners.csrf()),
        ("quality".to_owned(), "4".to_owned()),
        ("timeliness".to_owned(), "5".to_owned()),
        ("fees".to_owned(), "4".to_owned()),
        ("attitude".to_owned(), "5".to_owned()),
        ("comment".to_owned(), "成果规范，响应及时".to_owned()),
    ];
    let refused = owner
        .post_pairs(&format!("{path}/evaluation"), &fields)
        .await;
    refused.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["执业规范", "评分须为 1–5 的整数", "href=\"#field-conduct\""],
    );
    assert!(b.another().get(&path).await.body.contains("尚无评价。"));
    fields.push(("conduct".to_owned(), "4".to_owned()));
    let done = owner
        .post_pairs(&format!("{path}/evaluation"), &fields)
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let public = b.another().get(&path).await;
    public.assert(
        StatusCode::OK,
        &["id=\"evaluation-public\"", "4.40", "成果规范，响应及时"],
    );
    assert!(!public.body.contains("id=\"evaluation-form\""));

    // The firm replies once, appeals, and rates the owner, whose ratings then show.
    let page = a.get(&path).await;
    page.assert(
        StatusCode::OK,
        &[
            "id=\"reply-form\"",
            "id=\"appeal-form\"",
            "id=\"owner-rating-form\"",
        ],
    );
    let done = a
        .post(
            &format!("{path}/evaluation/reply"),
            &[("csrf", &page.csrf()), ("reply", "感谢业主的认可")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let done = a
        .post(
            &format!("{path}/evaluation/appeal"),
            &[("csrf", &page.csrf()), ("reason", "收费一项与合同约定不符")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let refused = a
        .post(
            &format!("{path}/owner-rating"),
            &[
                ("csrf", &page.csrf()),
                ("closing_out", "6"),
                ("payment", "4"),
            ],
        )
        .await;
    refused.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["按时验收", "评分须为 1–5 的整数"],
    );
    let done = a
        .post(
            &format!("{path}/owner-rating"),
            &[
                ("csrf", &page.csrf()),
                ("closing_out", "5"),
                ("payment", "4"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let page = a.get(done.location()).await;
    page.assert(
        StatusCode::OK,
        &[
            "对业主的评价已提交。",
            "感谢业主的认可",
            "申诉待处理",
            "按时验收 5.00，按约付款 4.00（1 条）",
        ],
    );
    for form in ["reply-form", "appeal-form", "owner-rating-form"] {
        assert!(!page.body.contains(&format!("id=\"{form}\"")), "{form}");
    }

    // A regulator decides the appeal from the queue; other roles may not see it.
    assert_eq!(a.get("/credit/appeals").await.status, StatusCode::FORBIDDEN);
    let mut r = regulator(&b).await;
    let queue = r.get("/credit/appeals").await;
    queue.assert(
        StatusCode::OK,
        &["某地块竣工测绘", "测绘机构1", "收费一项与合同约定不符"],
    );
    let decide = queue.action("/credit/appeals/");
    let refused = r
        .post(
            &without_fragment(&decide),
            &[
                ("csrf", &queue.csrf()),
                ("decision", "uphold"),
                ("reason", ""),
            ],
        )
        .await;
    refused.assert(StatusCode::UNPROCESSABLE_ENTITY, &["请填写理由"]);
    let done = r
        .post(
            &without_fragment(&decide),
            &[
                ("csrf", &queue.csrf()),
                ("decision", "uphold"),
                ("reason", "合同约定的收费已核实"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    r.get(done.location()).await.assert(
        StatusCode::OK,
        &["申诉成立，该评价不再计分。", "没有待处理的申诉。"],
    );
    b.another().get(&path).await.assert(
        StatusCode::OK,
        &["申诉成立，评价不计分", "合同约定的收费已核实"],
    );
}
