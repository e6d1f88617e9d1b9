//! Credit in headless Chromium, in Chinese: a regulator opens a firm's page, records a deduction
//! without a reason and is told to give one (what was typed is kept), then records two
//! deductions; the firm page shows the lower grade, both ledger rows and the score chart, and the
//! public credit page (`/credit`) counts the firm under its new grade.
//!
//! Needs `chromedriver` and Chromium (see `zjcs_tests::browser`); without them the test prints
//! `SKIPPED: …` and passes, unless `ZJCS_REQUIRE_BROWSER=1`.

use anyhow::ensure;
use uuid::Uuid;
use zjcs_domain::i18n::Lang;
use zjcs_domain::model::firm::{CreditCode, FirmProfileInput};
use zjcs_domain::model::{Actor, DisplayName, Email, Password, Registration, Role};
use zjcs_tests::browser::{Browser, Session};
use zjcs_tests::spawn_app;

const PASSWORD: &str = "信用 password 2024";

/// Fills in the regulator's credit form on the firm page and submits it.
async fn record(c: &Session, points: &str, reason: &str) -> anyhow::Result<()> {
    c.click("input[name=kind][value=manual]").await?;
    c.find("#field-credit-points").await?.clear().await?;
    c.type_into("#field-credit-points", points).await?;
    c.find("#field-credit-reason").await?.clear().await?;
    if !reason.is_empty() {
        c.type_into("#field-credit-reason", reason).await?;
    }
    c.click("form[action*=\"/credit-events\"] button[type=submit]")
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_regulator_deducts_points_on_the_firm_page_and_the_public_sees_the_grade() {
    let Some(browser) =
        Browser::start("a_regulator_deducts_points_on_the_firm_page_and_the_public_sees_the_grade")
            .await
    else {
        return;
    };
    let app = spawn_app().await;
    let s = app.services.clone();
    let unique = &Uuid::new_v4().simple().to_string()[..8];
    // The firm and the regulator are set up through the services; the credit happens in the
    // browser.
    let reg = Registration::parse(
        "intermediary",
        None,
        "杭州守信测绘有限公司",
        &format!("firm-{unique}@example.cn"),
        PASSWORD,
    )
    .unwrap();
    let (a, _) = s.register(reg, Lang::Zh, false).await.unwrap();
    let firm = s
        .enter_firm(
            &Actor {
                account_id: a.id,
                role: a.role,
            },
            &FirmProfileInput {
                name: "杭州守信测绘有限公司".into(),
                credit_code: CreditCode::complete("91330106MC2000001")
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
    let regulator = format!("jg-{unique}@example.gov.cn");
    s.create_privileged(
        Role::Regulator,
        Email::parse(&regulator).unwrap(),
        DisplayName::parse("市场监管局", "name").unwrap(),
        Password::parse_new(PASSWORD, "password").unwrap(),
    )
    .await
    .unwrap();
    let base = app.base_url.clone();
    let firm_path = format!("/firms/{}", firm.id);

    browser
        .run(move |c| async move {
            c.goto(&format!("{base}/login")).await?;
            c.type_into("#field-email", &regulator).await?;
            c.type_into("#field-password", PASSWORD).await?;
            c.click("form[action=\"/login\"] button[type=submit]")
                .await?;
            c.wait_text("退出").await?;

            c.goto(&format!("{base}{firm_path}")).await?;
            let credit = c.text_of("#credit").await?;
            ensure!(
                credit.contains("暂无信用记录") && credit.contains("记录信用事项"),
                "a new firm's credit, with the regulator's form: {credit:?}"
            );
            ensure!(
                c.text_of(".credit-grade").await? == "A",
                "a new firm holds grade A"
            );

            // No reason: refused with the message, the points kept.
            record(&c, "-15", "").await?;
            c.wait_text("请填写理由").await?;
            ensure!(
                c.value_of("#field-credit-points").await? == "-15",
                "the points typed are kept"
            );
            c.screenshot("credit-entry-without-reason").await?;

            // Two deductions: 100 − 15 − 10 = 75, grade C.
            record(&c, "-15", "未按合同约定时限提交成果").await?;
            c.wait_text("信用事项已记录").await?;
            record(&c, "-10", "成果质量不合格，返工").await?;
            c.wait_text("成果质量不合格，返工").await?;
            ensure!(c.text_of(".credit-grade").await? == "C", "grade C now");
            ensure!(c.text_of(".credit-score").await? == "75", "score 75");
            let rows = c.find_all("table.ledger tbody tr").await?;
            ensure!(rows.len() == 2, "two ledger rows, found {}", rows.len());
            let ledger = c.text_of("table.ledger").await?;
            ensure!(
                ledger.contains("−15")
                    && ledger.contains("−10")
                    && ledger.contains("未按合同约定时限提交成果"),
                "the ledger: {ledger:?}"
            );
            let label = c
                .execute("return document.querySelector('#credit svg[role=img]').getAttribute('aria-label')")
                .await?;
            let label = label.as_str().unwrap_or_default();
            ensure!(
                label.contains("从 100 到 75"),
                "the chart says where the score went: {label:?}"
            );
            ensure!(
                !c.find_all("#credit svg polyline").await?.is_empty(),
                "the chart draws the score line"
            );
            c.screenshot("credit-firm-page").await?;

            // The public credit page counts the firm under C.
            c.goto(&format!("{base}/credit")).await?;
            let counts = c.text_of("table.grade-counts").await?;
            let c_count = c.text_of("td[data-grade=C]").await?;
            ensure!(c_count == "1", "one firm at C: {counts:?}");
            ensure!(
                c.text_of("td[data-grade=A]").await? == "0",
                "none left at A: {counts:?}"
            );
            c.screenshot("credit-market-page").await?;
            Ok(())
        })
        .await;
}
