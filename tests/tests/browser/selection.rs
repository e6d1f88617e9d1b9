//! The whole life of a project in headless Chromium, in Chinese, once per selection method: the
//! owner posts it through the wizard and publishes it; three firms log in and register with
//! sealed bids (a price, and for comprehensive scoring a plan file); the deadline passes and the
//! server's closing job opens the bids; the owner decides where the method asks them to (picks,
//! rejects an abnormally low bid, scores plans); after the notice period the owner records the
//! signed contract with its document.
//!
//! Needs `chromedriver` and Chromium (see `zjcs_tests::browser`); without them the test prints
//! `SKIPPED: …` and passes, unless `ZJCS_REQUIRE_BROWSER=1`.

use anyhow::{Context, ensure};
use std::time::{Duration, Instant};
use uuid::Uuid;
use zjcs_domain::i18n::Lang;
use zjcs_domain::model::attachment::Upload;
use zjcs_domain::model::catalogue::{DEMO_CATALOGUE_JSON, rows_from_json};
use zjcs_domain::model::firm::{CreditCode, FirmProfileInput, QualificationInput};
use zjcs_domain::model::{Actor, Registration};
use zjcs_tests::browser::Browser;
use zjcs_tests::spawn_app;

const PASSWORD: &str = "测绘 password 2024";
use zjcs_tests::seed::QUAL;
const METHODS: [&str; 5] = [
    "direct",
    "random-draw",
    "credit-preferred",
    "lowest-price",
    "comprehensive",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_method_from_posting_to_contract_in_the_browser() {
    let Some(browser) = Browser::start("each_method_from_posting_to_contract_in_the_browser").await
    else {
        return;
    };
    let app = spawn_app().await;
    let s = app.services.clone();
    s.import_items(None, rows_from_json(DEMO_CATALOGUE_JSON).unwrap())
        .await
        .unwrap();
    let survey = s
        .list_items(false)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.name == "工程测绘")
        .unwrap()
        .id;
    // Accounts and firms are set up through the services (their own pages have their own
    // browser test); everything about projects happens in the browser.
    let unique = &Uuid::new_v4().simple().to_string()[..8];
    let owner_email = format!("owner-{unique}@example.cn");
    let reg = Registration::parse(
        "owner",
        Some("company"),
        "某置业有限公司",
        &owner_email,
        PASSWORD,
    )
    .unwrap();
    s.register(reg, Lang::Zh, false).await.unwrap();
    let mut firm_emails = Vec::new();
    for n in 1..=3 {
        let email = format!("firm{n}-{unique}@example.cn");
        let reg = Registration::parse(
            "intermediary",
            None,
            &format!("测绘机构{n}"),
            &email,
            PASSWORD,
        )
        .unwrap();
        let (a, _) = s.register(reg, Lang::Zh, false).await.unwrap();
        let actor = Actor {
            account_id: a.id,
            role: a.role,
        };
        s.enter_firm(
            &actor,
            &FirmProfileInput {
                name: format!("浙江测绘机构{n}号"),
                credit_code: CreditCode::complete(&format!("91330106MD{n:07}"))
                    .unwrap()
                    .as_str()
                    .to_owned(),
                legal_rep_name: "张三".into(),
                legal_rep_id: "11010519491231002X".into(),
                region_code: "330106".into(),
                address: "文三路 1 号".into(),
                contact_name: "李四".into(),
                contact_phone: "0571-88888888".into(),
                description: String::new(),
                service_items: vec![],
                commitment: true,
            },
        )
        .await
        .unwrap();
        let file = s
            .upload_evidence(
                &actor,
                Upload::new("cert.pdf", b"%PDF-1.4\n%%EOF\n".to_vec()),
            )
            .await
            .unwrap();
        s.add_qualification(
            &actor,
            &QualificationInput {
                qual_type: QUAL.into(),
                grade: "乙级".into(),
                number: format!("乙测资字 {n}"),
                issuer: "浙江省自然资源厅".into(),
                valid_from: "2024-01-01".into(),
                valid_until: "2099-12-31".into(),
                evidence_file: Some(file.id.into()),
            },
        )
        .await
        .unwrap();
        firm_emails.push(email);
    }
    let pdf = std::env::temp_dir().join(format!("方案-{unique}.pdf"));
    std::fs::write(
        &pdf,
        b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n",
    )
    .unwrap();
    let pdf_path = pdf.to_str().unwrap().to_owned();
    let base = app.base_url.clone();
    let db = app.db.db.clone();

    browser
        .run(move |c| async move {
            // The owner posts and publishes one project per method.
            c.login(&base, &owner_email, PASSWORD).await?;
            let at = |days: i64| {
                (chrono::Utc::now() + chrono::Duration::days(days))
                    .with_timezone(&zjcs_domain::model::project::china())
                    .format("%Y-%m-%dT17:00")
                    .to_string()
            };
            let (deadline, selection) = (at(10), at(11));
            let mut projects = Vec::new();
            for method in METHODS {
                c.goto(&format!("{base}/owner/projects/new?item={survey}"))
                    .await?;
                let budget = if method == "direct" { "40000" } else { "80000" };
                c.fill(&[
                    ("#field-title", format!("竣工测绘 {method}").as_str()),
                    ("#field-scope", "竣工测量与房产测绘"),
                    ("#field-region", "330106"),
                    ("#field-budget", budget),
                    ("#field-service_days", "20"),
                    ("#field-method", method),
                    ("#field-registration_deadline", &deadline),
                    ("#field-selection_at", &selection),
                    ("#field-contact_name", "王工"),
                    ("#field-contact_phone", "0571-87000000"),
                ])
                .await?;
                match method {
                    "credit-preferred" => {
                        c.fill(&[("#field-long_list", "3"), ("#field-short_list", "2")])
                            .await?
                    }
                    "lowest-price" => c.fill(&[("#field-abnormal_percent", "70")]).await?,
                    "comprehensive" => {
                        c.fill(&[
                            ("#field-weight_price", "30"),
                            ("#field-weight_plan", "60"),
                            ("#field-weight_credit", "10"),
                        ])
                        .await?
                    }
                    _ => {}
                }
                c.click("input[name=req_0]").await?;
                c.click("form[action=\"/owner/projects/new\"] button[type=submit]")
                    .await?;
                c.wait_text("草稿已保存").await?;
                let url = c.current_url().await?;
                let id = url.path().trim_start_matches("/projects/").to_owned();
                c.click("form[action$=\"/publish\"] button[type=submit]")
                    .await?;
                c.wait_text("公告已发布").await?;
                projects.push((method, id));
            }
            c.logout().await?;

            // Each firm registers on each project with a sealed bid.
            for (n, email) in firm_emails.iter().enumerate() {
                c.login(&base, email, PASSWORD).await?;
                for (method, id) in &projects {
                    c.goto(&format!("{base}/projects/{id}")).await?;
                    match *method {
                        "lowest-price" => {
                            let price = ["30000", "50000", "52000"][n];
                            c.type_into("#field-price_fen", price).await?;
                        }
                        "comprehensive" => {
                            let price = ["80000", "60000", "70000"][n];
                            c.type_into("#field-price_fen", price).await?;
                            c.find("#field-plan_file")
                                .await?
                                .send_keys(&pdf_path)
                                .await?;
                        }
                        _ => {}
                    }
                    c.click("#register-button").await?;
                    c.wait_text("报名成功").await?;
                    let receipt = c.text_of("#my-receipt").await?;
                    ensure!(receipt.trim().len() == 64, "a receipt: {receipt:?}");
                }
                if n == 0 {
                    c.goto(&format!("{base}/firm/registrations")).await?;
                    let list = c.text_of("#registrations").await?;
                    ensure!(list.contains("¥30,000.00"), "my registrations: {list}");
                    c.screenshot("firm-registrations").await?;
                }
                c.logout().await?;
            }

            // The deadline passes; the server's closing job opens the bids.
            for (_, id) in &projects {
                zjcs_domain::testing::move_deadline(
                    &db,
                    id.parse()?,
                    chrono::Utc::now() - chrono::Duration::seconds(1),
                )
                .await;
            }
            c.login(&base, &owner_email, PASSWORD).await?;
            for (method, id) in &projects {
                c.goto(&format!("{base}/projects/{id}")).await?;
                let deadline = Instant::now() + Duration::from_secs(20);
                while !c.text_of("main").await?.contains("开标结果") {
                    ensure!(Instant::now() < deadline, "{method} was not closed");
                    tokio::time::sleep(Duration::from_millis(300)).await;
                    c.goto(&format!("{base}/projects/{id}")).await?;
                }
                let page = c.text_of("main").await?;
                ensure!(
                    page.contains("已用公开数据重新计算，结果一致。"),
                    "{method}: the draw verifies"
                );
                match *method {
                    "direct" | "credit-preferred" => {
                        c.click("#pick-form input[name=firm]").await?;
                        c.type_into("#field-reason-pick", "业绩与本项目最相近")
                            .await?;
                        c.click("#award-button").await?;
                        c.wait_text("中选结果已公示").await?;
                    }
                    "lowest-price" => {
                        c.screenshot("selection-abnormally-low").await?;
                        c.type_into("#field-reason-reject", "未能说明低价的合理性")
                            .await?;
                        c.click("#reject-low-button").await?;
                        c.wait_text("该报价不予采纳").await?;
                    }
                    "comprehensive" => {
                        for (i, input) in c
                            .find_all("#score-form input[type=number]")
                            .await?
                            .into_iter()
                            .enumerate()
                        {
                            input.send_keys(["95", "70", "60"][i]).await?;
                        }
                        c.click("#score-button").await?;
                        c.wait_text("评分已提交").await?;
                    }
                    _ => {}
                }
                let award = c.text_of("#award").await.context("the award notice")?;
                ensure!(
                    award.contains("公示中"),
                    "{method}: award in notice: {award}"
                );
                if *method == "lowest-price" {
                    ensure!(
                        award.contains("¥50,000.00"),
                        "the next lowest wins: {award}"
                    );
                }
            }
            c.screenshot("award-notice").await?;

            // After the notice period, the contract with its document.
            let today = chrono::Utc::now()
                .with_timezone(&zjcs_domain::model::project::china())
                .format("%Y-%m-%d")
                .to_string();
            for (method, id) in &projects {
                zjcs_domain::testing::end_notice(&db, id.parse()?).await;
                c.goto(&format!("{base}/projects/{id}")).await?;
                c.fill(&[("#field-signed_on", &today)]).await?;
                c.type_into("#field-price_fen", "50000").await?;
                c.type_into("#field-service_days", "20").await?;
                c.type_into("#field-terms", "二十个工作日内交付成果")
                    .await?;
                c.find("#field-document")
                    .await?
                    .send_keys(&pdf_path)
                    .await?;
                c.click("#contract-button").await?;
                let page = c.wait_text("合同已登记，服务开始。").await?;
                ensure!(page.contains("已签订合同"), "{method}: contracted");
            }
            c.screenshot("contract-recorded").await?;
            Ok(())
        })
        .await;
    std::fs::remove_file(pdf).ok();
}
