//! Firms enter and declare (qualifications, practitioners, affiliations, profile), the catalogue, the directory, imports and the administrator's items.

use super::*;

#[tokio::test]
async fn a_firm_enters_through_the_form_and_is_found_in_the_directory() {
    let mut b = Browser::new().await;
    b.load_demo_catalogue().await;
    let survey = b
        .services
        .list_items(false)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.name == "工程测绘")
        .unwrap();
    let done = b
        .register_firm("杭州青山测绘有限公司", "qs@example.cn")
        .await;
    assert_eq!(done.location(), "/firm/enter?notice=registered");
    // Before entering, "my firm" sends the firm to the entry step.
    let before = b.get("/firm").await;
    assert_eq!(
        (before.status, before.location()),
        (StatusCode::SEE_OTHER, "/firm/enter")
    );
    b.get("/firm/enter?notice=registered").await.assert(
        StatusCode::OK,
        &[
            "注册成功",
            "机构入驻",
            "承诺：所填信息和上传材料真实、有效，如有虚假愿承担相应责任。",
            "系统会核验末位校验码",
            "仅以加密哈希保存",
            "行政区划代码",
            "name=\"service_items\"",
            "工程测绘",
            "href=\"/firm\"",
        ],
    );

    let code = credit_code(1);
    let item = survey.id.to_string();
    let entered = b
        .enter_firm(
            "杭州青山测绘有限公司",
            &code,
            &[("service_items", item.as_str())],
        )
        .await;
    assert_eq!(
        (entered.status, entered.location()),
        (StatusCode::SEE_OTHER, "/firm?notice=firm-entered"),
        "{}",
        entered.body
    );
    let mine = b.get("/firm?notice=firm-entered").await;
    mine.assert(
        StatusCode::OK,
        &[
            "入驻成功",
            "杭州青山测绘有限公司",
            &code,
            "readonly",
            "action=\"/firm/qualifications\"",
            "enctype=\"multipart/form-data\"",
            "accept=\".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png\"",
            "action=\"/firm/practitioners\"",
            "action=\"/firm/affiliations\"",
            "测绘资质（工程测量专业）",
        ],
    );
    assert!(
        !mine.body.contains("11010519491231002X"),
        "the ID number is never shown again"
    );
    // Entered: the entry step sends the firm to its page.
    let again = b.get("/firm/enter").await;
    assert_eq!(
        (again.status, again.location()),
        (StatusCode::SEE_OTHER, "/firm")
    );

    // Anyone finds it by a Chinese part of its name, and by the service item.
    let mut visitor = b.another();
    let found = visitor.get("/firms?q=%E9%9D%92%E5%B1%B1").await;
    found.assert(
        StatusCode::OK,
        &["杭州青山测绘有限公司", "浙江省", "暂无评价"],
    );
    let by_item = visitor
        .get(&format!("/firms?item={item}&region=33&grade=A"))
        .await;
    by_item.assert(StatusCode::OK, &["杭州青山测绘有限公司"]);
    visitor
        .get("/firms?q=%E7%BA%A2%E6%B5%B7")
        .await
        .assert(StatusCode::OK, &["没有符合条件的机构"]);

    let page = visitor.get(&found.link("/firms/")).await;
    page.assert(
        StatusCode::OK,
        &[
            "杭州青山测绘有限公司",
            &code,
            "张三",
            "浙江省",
            "330106",
            "杭州市西湖区文三路 1 号",
            "0571-88888888",
            "专业从事工程测绘。",
            "信用记录与走势",
            "获奖 0 项",
            &format!("href=\"/catalogue/{item}\""),
            "尚未登记资质证书",
            "未申报关联关系",
        ],
    );
    assert!(!page.body.contains("11010519491231002X"));
    assert!(!page.body.contains("黑名单，已退出"));
    visitor
        .get(&format!("/firms/{}", uuid::Uuid::new_v4()))
        .await
        .assert(StatusCode::NOT_FOUND, &["未找到"]);
    visitor
        .get("/firms/not-an-id")
        .await
        .assert(StatusCode::NOT_FOUND, &["未找到"]);
}

#[tokio::test]
async fn a_wrong_check_character_is_refused_and_nothing_is_stored() {
    let mut b = Browser::new().await;
    b.register_firm("校验位测试公司", "check@example.cn").await;
    let mut wrong = credit_code(2);
    let last = wrong.pop().unwrap();
    wrong.push(if last == '0' { '1' } else { '0' });
    let page = b.enter_firm("校验位测试公司", &wrong, &[]).await;
    page.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &[
            "输入有误",
            "统一社会信用代码校验位不正确，请核对营业执照",
            "href=\"#field-credit_code\"",
            &format!("value=\"{wrong}\""),
            "value=\"校验位测试公司\"",
            "value=\"330106\"",
        ],
    );
    // Several problems at once, each next to its field.
    let page = b
        .enter_firm(
            "校验位测试公司",
            &credit_code(2),
            &[
                ("region_code", "990000"),
                ("commitment", ""),
                ("contact_phone", "abc"),
            ],
        )
        .await;
    page.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["行政区划代码无效", "电话号码无效"],
    );
    assert!(
        b.get("/firm").await.location() == "/firm/enter",
        "nothing stored"
    );
    let all = b
        .services
        .directory(
            &zjcs_domain::rules::directory::DirectoryQuery::parse(&Default::default()).unwrap(),
        )
        .await
        .unwrap();
    assert!(all.firms.is_empty());
}

#[tokio::test]
async fn a_taken_or_black_listed_code_is_refused_on_the_code_field() {
    let mut b = Browser::new().await;
    let code = credit_code(3);
    b.firm_entered("先入驻公司", "first@example.cn", &code)
        .await;

    let mut other = b.another();
    other.register_firm("后来公司", "second@example.cn").await;
    let taken = other.enter_firm("后来公司", &code, &[]).await;
    taken.assert(
        StatusCode::CONFLICT,
        &[
            "统一社会信用代码已被使用",
            "该统一社会信用代码已有机构入驻",
            "href=\"#field-credit_code\"",
            "value=\"后来公司\"",
        ],
    );

    // A code on the black list: refused (403) and published on the black list page.
    use zjcs_domain::store::entities::credit_restriction;
    use zjcs_domain::store::{ActiveModelTrait, Set};
    let banned = credit_code(4);
    credit_restriction::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        kind: Set("blacklist".into()),
        credit_code: Set(banned.clone()),
        reason: Set("提供虚假材料".into()),
        source: Set("市发展改革委".into()),
        starts_at: Set(chrono::Utc::now() - chrono::Duration::days(1)),
        ends_at: Set(None),
        created_at: Set(chrono::Utc::now()),
        via_firm_id: Set(None),
    }
    .insert(&b.services.db)
    .await
    .unwrap();
    let refused = other.enter_firm("后来公司", &banned, &[]).await;
    refused.assert(
        StatusCode::FORBIDDEN,
        &["该统一社会信用代码在本平台黑名单内", "value=\"后来公司\""],
    );
    other.get("/blacklist").await.assert(
        StatusCode::OK,
        &["黑名单", &banned, "提供虚假材料", "市发展改革委", "长期"],
    );

    // A suspended firm stays listed with a visible mark; a black-listed one leaves the
    // directory, its page carries the banner, and the black list links to it.
    use zjcs_domain::store::EntityTrait;
    use zjcs_domain::store::entities::firm;
    let listed = b.get("/firms").await.link("/firms/");
    let id: uuid::Uuid = listed.trim_start_matches("/firms/").parse().unwrap();
    // Status changes belong to the credit issue; until then the test writes the row itself and,
    // like any writer behind the services' back, records the directory change.
    let set_status = |status: &'static str| {
        let services = b.services.clone();
        async move {
            let tx = zjcs_domain::store::begin_write(&services.db).await.unwrap();
            let m = firm::Entity::find_by_id(id)
                .one(&tx)
                .await
                .unwrap()
                .unwrap();
            let mut m: firm::ActiveModel = m.into();
            m.status = Set(status.into());
            m.update(&tx).await.unwrap();
            zjcs_domain::store::directory::listing_changed(&tx, Some(id))
                .await
                .unwrap();
            tx.commit().await.unwrap();
            services.refresh_directory().await.unwrap();
        }
    };
    set_status("suspended").await;
    other.get("/firms").await.assert(
        StatusCode::OK,
        &["先入驻公司", "<span class=\"badge bad\">暂停</span>"],
    );
    other
        .get(&listed)
        .await
        .assert(StatusCode::OK, &["暂停", "被暂停报名参与项目"]);
    set_status("blacklisted").await;
    credit_restriction::ActiveModel {
        id: Set(uuid::Uuid::new_v4()),
        kind: Set("blacklist".into()),
        credit_code: Set(code.clone()),
        reason: Set("串通投标".into()),
        source: Set("市公共资源交易中心".into()),
        starts_at: Set(chrono::Utc::now() - chrono::Duration::hours(1)),
        ends_at: Set(Some(chrono::Utc::now() + chrono::Duration::days(365))),
        created_at: Set(chrono::Utc::now()),
        via_firm_id: Set(None),
    }
    .insert(&b.services.db)
    .await
    .unwrap();
    assert!(!other.get("/firms").await.body.contains("先入驻公司"));
    other.get(&listed).await.assert(
        StatusCode::OK,
        &["该机构已被列入黑名单，已退出中介超市。", "先入驻公司"],
    );
    other.get("/blacklist").await.assert(
        StatusCode::OK,
        &[&format!("href=\"{listed}\""), "先入驻公司", "串通投标"],
    );
}

#[tokio::test]
async fn a_qualification_with_a_pdf_is_declared_and_downloaded() {
    let mut b = Browser::new().await;
    b.firm_entered("资质上传公司", "upload@example.cn", &credit_code(5))
        .await;
    let csrf = b.get("/firm").await.csrf();
    let (content_type, body) = browser_multipart(
        &[
            ("csrf", &csrf),
            ("qual_type", "测绘资质（工程测量专业）"),
            ("grade", "甲级"),
            ("number", "甲测资字 33000123"),
            ("issuer", "自然资源部"),
            ("valid_from", "2024-01-01"),
            ("valid_until", "2099-12-31"),
        ],
        "evidence_file",
        "资质 证书.pdf",
        PDF,
    );
    let done = b
        .post_raw("/firm/qualifications", &content_type, body)
        .await;
    assert_eq!(
        (done.status, done.location()),
        (StatusCode::SEE_OTHER, "/firm?notice=qualification-added"),
        "{}",
        done.body
    );
    let mine = b.get("/firm?notice=qualification-added").await;
    mine.assert(
        StatusCode::OK,
        &[
            "资质证书已登记",
            "测绘资质（工程测量专业）",
            "甲测资字 33000123",
            "有效",
            "/delete",
        ],
    );
    let file = mine.link("/files/");

    // The evidence of a declared qualification is public: a visitor without a login gets it.
    let mut visitor = b.another();
    let download = visitor.get(&file).await;
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(download.body.as_bytes(), PDF);
    assert_eq!(download.header(header::CONTENT_TYPE), "application/pdf");
    assert_eq!(
        download.header(header::CONTENT_DISPOSITION),
        "attachment; filename*=UTF-8''%E8%B5%84%E8%B4%A8%20%E8%AF%81%E4%B9%A6.pdf"
    );
    assert_eq!(download.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    assert_eq!(download.header(header::CONTENT_SECURITY_POLICY), "sandbox");
    assert_eq!(download.header(header::CACHE_CONTROL), "private, no-store");
    visitor
        .get(&format!("/files/{}", uuid::Uuid::new_v4()))
        .await
        .assert(StatusCode::NOT_FOUND, &["未找到"]);
    visitor
        .get("/files/x")
        .await
        .assert(StatusCode::NOT_FOUND, &["未找到"]);

    // An expired certificate is listed, visibly not counting.
    let csrf = b.get("/firm").await.csrf();
    b.post_multipart(
        "/firm/qualifications",
        qualification_form(&csrf, "2024-06-30", "old.pdf", PDF),
    )
    .await;
    let public = visitor.get("/firms").await.link("/firms/");
    visitor.get(&public).await.assert(
        StatusCode::OK,
        &["已过期", "不在有效期内，不计入资质条件", "有效"],
    );

    // Withdrawn: gone from the page.
    let mine = b.get("/firm").await;
    let delete = mine.action("/firm/qualifications/");
    let csrf = mine.csrf();
    let gone = b.post(&delete, &[("csrf", &csrf)]).await;
    assert_eq!(gone.location(), "/firm?notice=qualification-removed");
    b.post(&delete, &[("csrf", &csrf)])
        .await
        .assert(StatusCode::NOT_FOUND, &["未找到"]);
}

#[tokio::test]
async fn a_file_that_is_not_a_pdf_is_refused_on_the_page() {
    let mut b = Browser::new().await;
    b.firm_entered("伪造文件公司", "fake@example.cn", &credit_code(6))
        .await;
    let csrf = b.get("/firm").await.csrf();
    let html = b"<!DOCTYPE html><html><script>alert(1)</script></html>";
    let page = b
        .post_multipart(
            "/firm/qualifications",
            qualification_form(&csrf, "2099-12-31", "x.pdf", html),
        )
        .await;
    page.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &[
            "只接受 PDF、JPEG 或 PNG 文件（按文件内容判断）",
            "href=\"#field-q-evidence_file\"",
            "value=\"甲测资字 33000123\"",
        ],
    );
    // No file at all: the evidence is required.
    let no_file = TestForm::new()
        .text("csrf", &csrf)
        .text("qual_type", "测绘资质")
        .text("number", "1")
        .text("issuer", "部")
        .text("valid_from", "2024-01-01")
        .text("valid_until", "2099-01-01")
        .field(
            TestFormField::bytes(Vec::<u8>::new())
                .name("evidence_file")
                .filename(""),
        );
    b.post_multipart("/firm/qualifications", no_file)
        .await
        .assert(StatusCode::UNPROCESSABLE_ENTITY, &["请上传证明材料"]);
    // Without the CSRF field the upload is refused before anything happens.
    let forged = TestForm::new().text("qual_type", "测绘资质").field(
        TestFormField::bytes(PDF.to_vec())
            .name("evidence_file")
            .filename("a.pdf"),
    );
    b.post_multipart("/firm/qualifications", forged)
        .await
        .assert(StatusCode::FORBIDDEN, &["页面已过期"]);
    // Over 10 MiB: refused on the field; over the 11 MiB a page form may send: 413.
    let mut big = PDF.to_vec();
    big.resize(10 * 1024 * 1024 + 1, b' ');
    b.post_multipart(
        "/firm/qualifications",
        qualification_form(&csrf, "2099-12-31", "big.pdf", &big),
    )
    .await
    .assert(StatusCode::UNPROCESSABLE_ENTITY, &["文件超过 10 MiB"]);
    big.resize(11 * 1024 * 1024 + 1, b' ');
    b.post_multipart(
        "/firm/qualifications",
        qualification_form(&csrf, "2099-12-31", "huge.pdf", &big),
    )
    .await
    .assert(StatusCode::PAYLOAD_TOO_LARGE, &["请求内容过大"]);
    b.get("/firm")
        .await
        .assert(StatusCode::OK, &["尚未登记资质证书"]);
}

#[tokio::test]
async fn practitioners_and_affiliations_are_declared_and_public() {
    let mut b = Browser::new().await;
    b.firm_entered("人员申报公司", "staff@example.cn", &credit_code(7))
        .await;
    let csrf = b.get("/firm").await.csrf();
    let form = TestForm::new()
        .text("csrf", &csrf)
        .text("name", "王五")
        .text("qualification", "注册测绘师")
        .text("certificate_number", "CH-2024-0001")
        .text("valid_until", "")
        .field(
            TestFormField::bytes(PDF.to_vec())
                .name("evidence_file")
                .filename("cert.pdf"),
        );
    let done = b.post_multipart("/firm/practitioners", form).await;
    assert_eq!(
        done.location(),
        "/firm?notice=practitioner-added",
        "{}",
        done.body
    );
    let bad = b
        .post(
            "/firm/affiliations",
            &[("csrf", &csrf), ("department", ""), ("kind", "cousin-of")],
        )
        .await;
    bad.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["请选择关联关系类型", "href=\"#field-a-department\"", "王五"],
    );
    let ok = b
        .post(
            "/firm/affiliations",
            &[
                ("csrf", &csrf),
                ("department", "市自然资源和规划局"),
                ("kind", "supervised-by"),
                ("note", "原下属事业单位"),
            ],
        )
        .await;
    assert_eq!(ok.location(), "/firm?notice=affiliation-added");
    let public = b.get("/firm").await.link("/firms/");
    b.another().get(&public).await.assert(
        StatusCode::OK,
        &[
            "王五",
            "注册测绘师",
            "长期有效",
            "市自然资源和规划局",
            "由该部门主管或挂靠",
            "原下属事业单位",
        ],
    );
}

#[tokio::test]
async fn shareholders_and_executives_are_declared_by_name_and_id_and_shown_by_name() {
    let mut b = Browser::new().await;
    b.firm_entered("股东申报公司", "people@example.cn", &credit_code(9))
        .await;
    let csrf = b.get("/firm").await.csrf();
    // Every problem at once; the name and role kept, the ID number not shown back.
    let bad = b
        .post(
            "/firm/people",
            &[
                ("csrf", &csrf),
                ("name", "钱七"),
                ("role", "owner"),
                ("id_number", "110105194912310021"),
            ],
        )
        .await;
    bad.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &[
            "请选择身份：股东或高级管理人员",
            "href=\"#field-h-role\"",
            "href=\"#field-h-id_number\"",
            "value=\"钱七\"",
        ],
    );
    assert!(!bad.body.contains("110105194912310021"));
    let ok = b
        .post(
            "/firm/people",
            &[
                ("csrf", &csrf),
                ("name", "钱七"),
                ("role", "executive"),
                ("id_number", "110105194912310038"),
            ],
        )
        .await;
    assert_eq!(ok.location(), "/firm?notice=person-added#people");
    let mine = b.get("/firm?notice=person-added").await;
    mine.assert(StatusCode::OK, &["钱七", "高级管理人员", "已申报人员。"]);
    let public = mine.link("/firms/");
    let page = b.another().get(&public).await;
    page.assert(
        StatusCode::OK,
        &["股东与高级管理人员", "钱七", "高级管理人员"],
    );
    assert!(!page.body.contains("110105194912310038"));
    // Withdrawn from the firm's page.
    let delete = mine.action("/firm/people/");
    let done = b.post(&delete, &[("csrf", &csrf)]).await;
    assert_eq!(done.location(), "/firm?notice=person-removed#people");
    assert!(!b.another().get(&public).await.body.contains("钱七"));
}

#[tokio::test]
async fn the_profile_is_edited_with_the_commitment_given_again() {
    let mut b = Browser::new().await;
    let code = credit_code(8);
    b.firm_entered("改名前公司", "edit@example.cn", &code).await;
    let csrf = b.get("/firm").await.csrf();
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("name", "改名后公司"),
        ("credit_code", code.as_str()),
        ("legal_rep_name", "张三"),
        ("legal_rep_id", ""),
        ("region_code", "330106"),
        ("address", "新地址"),
        ("contact_name", "李四"),
        ("contact_phone", "13800138000"),
    ];
    b.post("/firm/profile", &fields).await.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["请确认承诺所填信息和材料真实有效", "value=\"改名后公司\""],
    );
    fields.push(("commitment", "yes"));
    let saved = b.post("/firm/profile", &fields).await;
    assert_eq!(
        saved.location(),
        "/firm?notice=profile-saved",
        "{}",
        saved.body
    );
    b.get("/firm?notice=profile-saved")
        .await
        .assert(StatusCode::OK, &["机构信息已保存", "改名后公司", "新地址"]);
}

#[tokio::test]
async fn the_catalogue_lists_items_with_fees_and_details() {
    let mut b = Browser::new().await;
    b.get("/catalogue")
        .await
        .assert(StatusCode::OK, &["中介服务事项清单", "暂无服务事项"]);
    b.load_demo_catalogue().await;
    let list = b.get("/catalogue").await;
    list.assert(
        StatusCode::OK,
        &[
            "ZJ-HP-01",
            "环境影响评价",
            "市生态环境局",
            "建设项目环境影响评价文件审批",
            "30 个工作日",
            "¥10,000.00–¥500,000.00",
            "href=\"/catalogue\"",
            "href=\"/firms\"",
            "href=\"/blacklist\"",
        ],
    );
    let detail = b.get(&list.link("/catalogue/")).await;
    detail.assert(
        StatusCode::OK,
        &["设立依据", "资质要求", "服务流程", "申请材料", "收费说明"],
    );
    b.get(&format!("/catalogue/{}", uuid::Uuid::new_v4()))
        .await
        .assert(StatusCode::NOT_FOUND, &["未找到"]);
}

#[tokio::test]
async fn the_registry_pages_read_in_english_after_the_switch() {
    let mut b = Browser::new().await;
    b.load_demo_catalogue().await;
    b.get("/lang/en?next=/catalogue").await;
    b.get("/catalogue").await.assert(
        StatusCode::OK,
        &[
            "<html lang=\"en\">",
            "Intermediary service items",
            "Environmental Impact Assessment",
            "30 working days",
            "¥10,000.00–¥500,000.00",
            "Service items",
            "Black list",
        ],
    );
    b.get("/firms?grade=F").await.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &["Directory of firms", "The credit grade must be A–E"],
    );
    b.register_firm("English Test Ltd", "en@example.cn").await;
    b.get("/firm/enter").await.assert(
        StatusCode::OK,
        &[
            "Enter your firm",
            "I commit that the information given and the materials uploaded are true and valid",
            "the check character is verified",
            "My firm",
        ],
    );
}

#[tokio::test]
async fn bad_directory_parameters_show_the_form_with_problems() {
    let mut b = Browser::new().await;
    let page = b
        .get("/firms?grade=F&sort=price&region=99&cursor=zz&item=nope&q=%E6%B5%8B")
        .await;
    page.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &[
            "信用等级应为 A–E",
            "排序方式无效",
            "行政区划代码无效",
            "翻页参数无效",
            "编号无效",
            "value=\"测\"",
        ],
    );
    b.get("/firms").await.assert(
        StatusCode::OK,
        &[
            "中介机构名录",
            "没有符合条件的机构",
            "浙江省",
            "信用分（从高到低）",
        ],
    );
}

#[tokio::test]
async fn the_directory_pages_with_a_cursor_keeping_the_filters() {
    use zjcs_domain::i18n::Lang;
    use zjcs_domain::model::firm::FirmProfileInput;
    use zjcs_domain::model::{Actor, Registration};
    let mut b = Browser::new().await;
    for n in 0..21u32 {
        let reg = Registration::parse(
            "intermediary",
            None,
            &format!("测绘{n:02}所"),
            &format!("f{n}@example.cn"),
            PASSWORD,
        )
        .unwrap();
        let (account, _) = b.services.register(reg, Lang::Zh, false).await.unwrap();
        let actor = Actor {
            account_id: account.id,
            role: account.role,
        };
        let input = FirmProfileInput {
            name: format!("测绘{n:02}所"),
            credit_code: credit_code(100 + n),
            legal_rep_name: "张三".into(),
            legal_rep_id: "11010519491231002X".into(),
            region_code: "330106".into(),
            address: "杭州".into(),
            contact_name: "李四".into(),
            contact_phone: "13800138000".into(),
            commitment: true,
            ..Default::default()
        };
        b.services.enter_firm(&actor, &input).await.unwrap();
    }
    let first = b.get("/firms?q=%E6%B5%8B%E7%BB%98&sort=name").await;
    first.assert(StatusCode::OK, &["测绘00所", "测绘19所", "rel=\"next\""]);
    assert!(!first.body.contains("测绘20所"));
    let next = first.link("/firms?");
    assert!(
        next.contains("q=%E6%B5%8B%E7%BB%98")
            && next.contains("sort=name")
            && next.contains("cursor="),
        "{next}"
    );
    let second = b.get(&next).await;
    second.assert(StatusCode::OK, &["测绘20所", "第一页"]);
    assert!(!second.body.contains("测绘00所"));
    assert!(!second.body.contains("rel=\"next\""));
}

#[tokio::test]
async fn an_import_with_a_bad_row_reports_it_and_imports_nothing() {
    let b = Browser::new().await;
    let mut admin = b.admin().await;
    let page = admin.get("/admin/catalogue").await;
    page.assert(
        StatusCode::OK,
        &[
            "事项管理",
            "code,name,name_en,approval,department,legal_basis,qualifications,time_limit_days,fee_min_fen,fee_max_fen,fee_note,workflow,materials",
            "href=\"/admin/catalogue\"",
        ],
    );
    let csv = "code,name,approval,department,time_limit_days,fee_min_fen,fee_max_fen,qualifications,materials\n\
               ZJ-T-01,工程测绘,规划许可,自然资源局,15,500000,5000000,测绘资质:甲级|乙级,委托书;红线图\n\
               ZJ-T-02,安全评价,安全许可,应急管理局,400,,,,\n";
    let form = TestForm::new()
        .text("csrf", page.csrf())
        .text("format", "")
        .field(
            TestFormField::bytes(csv.as_bytes().to_vec())
                .name("file")
                .filename("items.csv")
                .content_type("text/csv"),
        );
    let refused = admin.post_multipart("/admin/catalogue/import", form).await;
    refused.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &[
            "导入被拒绝，未写入任何数据",
            "ZJ-T-02",
            "time_limit_days",
            "超出允许范围",
            "<td class=\"num\">2</td>",
        ],
    );
    assert!(admin.services.list_items(true).await.unwrap().is_empty());

    let good = csv.replace(",400,", ",20,");
    let form = TestForm::new()
        .text("csrf", page.csrf())
        .text("format", "csv")
        .field(
            TestFormField::bytes(good.into_bytes())
                .name("file")
                .filename("items.csv"),
        );
    let done = admin.post_multipart("/admin/catalogue/import", form).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    admin.get(done.location()).await.assert(
        StatusCode::OK,
        &[
            "导入完成：新增 2 项，更新 0 项。",
            "ZJ-T-01",
            "¥5,000.00–¥50,000.00",
        ],
    );
    // A JSON file that is not an array says so on the file field.
    let form = TestForm::new().text("csrf", page.csrf()).field(
        TestFormField::bytes(b"{\"code\": 1}".to_vec())
            .name("file")
            .filename("x.json"),
    );
    admin
        .post_multipart("/admin/catalogue/import", form)
        .await
        .assert(StatusCode::UNPROCESSABLE_ENTITY, &["CSV 表头不正确"]);
    let form = TestForm::new()
        .text("csrf", page.csrf())
        .text("format", "json")
        .field(
            TestFormField::bytes(b"{\"code\": 1}".to_vec())
                .name("file")
                .filename("x.json"),
        );
    admin
        .post_multipart("/admin/catalogue/import", form)
        .await
        .assert(StatusCode::UNPROCESSABLE_ENTITY, &["不是 JSON 数组"]);

    // Firms may not manage the catalogue.
    let mut firm = b.another();
    firm.register_firm("越权公司", "nope@example.cn").await;
    firm.get("/admin/catalogue")
        .await
        .assert(StatusCode::FORBIDDEN, &["无权进行此操作"]);
    assert!(
        !firm
            .get("/firm/enter")
            .await
            .body
            .contains("href=\"/admin/catalogue\"")
    );
}

#[tokio::test]
async fn an_administrator_creates_edits_and_retires_an_item_with_fees_in_yuan() {
    let b = Browser::new().await;
    let mut admin = b.admin().await;
    let csrf = admin.get("/admin/catalogue/new").await.csrf();
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("code", "zj-ch-09"),
        ("name", "房产测绘"),
        ("name_en", "Property surveying"),
        ("approval", "不动产登记"),
        ("department", "市自然资源和规划局"),
        ("qualifications", "测绘资质（不动产测绘专业）:甲级|乙级"),
        ("time_limit_days", "10"),
        ("fee_min", "5,000"),
        ("fee_max", "五万"),
        ("materials", "委托书\n房屋平面图"),
    ];
    admin.post("/admin/catalogue/new", &fields).await.assert(
        StatusCode::UNPROCESSABLE_ENTITY,
        &[
            "金额格式不正确",
            "href=\"#field-fee_max\"",
            "value=\"房产测绘\"",
            "房屋平面图",
        ],
    );
    fields.retain(|(k, _)| *k != "fee_max");
    fields.push(("fee_max", "50000.00"));
    let created = admin.post("/admin/catalogue/new", &fields).await;
    assert_eq!(
        created.location(),
        "/admin/catalogue?notice=item-created",
        "{}",
        created.body
    );
    let list = admin.get("/admin/catalogue?notice=item-created").await;
    list.assert(
        StatusCode::OK,
        &["事项已新增", "ZJ-CH-09", "¥5,000.00–¥50,000.00", "在用"],
    );
    let edit = list
        .links("/admin/catalogue/")
        .into_iter()
        .find(|l| l.ends_with("/edit"))
        .expect("an edit link");
    admin.get(&edit).await.assert(
        StatusCode::OK,
        &[
            "value=\"5000.00\"",
            "value=\"50000.00\"",
            "测绘资质（不动产测绘专业）:甲级|乙级",
        ],
    );
    // The same code twice is a conflict on the code field.
    let mut dup = fields.clone();
    dup.retain(|(k, _)| *k != "name");
    dup.push(("name", "重复"));
    admin
        .post("/admin/catalogue/new", &dup)
        .await
        .assert(StatusCode::CONFLICT, &["该事项编码已存在"]);

    let id = edit
        .trim_start_matches("/admin/catalogue/")
        .trim_end_matches("/edit")
        .to_owned();
    let retired = admin
        .post(&format!("/admin/catalogue/{id}/retire"), &[("csrf", &csrf)])
        .await;
    assert_eq!(retired.location(), "/admin/catalogue?notice=item-retired");
    let mut visitor = b.another();
    assert!(!visitor.get("/catalogue").await.body.contains("ZJ-CH-09"));
    visitor
        .get(&format!("/catalogue/{id}"))
        .await
        .assert(StatusCode::OK, &["该事项已停用", "房产测绘"]);
    admin
        .get("/admin/catalogue")
        .await
        .assert(StatusCode::OK, &["已停用", "恢复"]);
    let back = admin
        .post(
            &format!("/admin/catalogue/{id}/reinstate"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(back.location(), "/admin/catalogue?notice=item-reinstated");
    visitor
        .get("/catalogue")
        .await
        .assert(StatusCode::OK, &["ZJ-CH-09", "房产测绘"]);
}
