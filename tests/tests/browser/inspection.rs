//! Issue 6's random inspection in headless Chromium, in Chinese: a regulator defines a round on
//! `/inspections` (a refused form first), draws it, sees the draw checked on the page, and
//! records findings with a deduction on a drawn firm; the public sees the round, its seed and
//! the findings, and the firm's page shows the deduction.
//!
//! Firms are written through the services; everything the regulator and the public do happens
//! in the browser. Needs `chromedriver` and Chromium (see `zjcs_tests::browser`); without them
//! the test prints `SKIPPED: …` and passes, unless `ZJCS_REQUIRE_BROWSER=1`.

use anyhow::ensure;
use uuid::Uuid;
use zjcs_tests::browser::Browser;
use zjcs_tests::seed::{self, quick_firm};
use zjcs_tests::spawn_app;

const PASSWORD: &str = "抽查 password 2024";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_regulator_draws_an_inspection_round_and_records_findings_in_the_browser() {
    let Some(browser) =
        Browser::start("a_regulator_draws_an_inspection_round_and_records_findings_in_the_browser")
            .await
    else {
        return;
    };
    let app = spawn_app().await;
    let s = app.services.clone();
    for n in 1..=5 {
        quick_firm(&s, n, &format!("受检测绘机构{n}号")).await;
    }
    let unique = &Uuid::new_v4().simple().to_string()[..8];
    let regulator = format!("jg-{unique}@example.gov.cn");
    seed::regulator(&s, &regulator, PASSWORD).await;
    let base = app.base_url.clone();

    browser
        .run(move |c| async move {
            c.login(&base, &regulator, PASSWORD).await?;
            c.click("nav a[href='/inspections']").await?;
            c.wait_text("新建抽查").await?;
            // Without a title: refused, the counts kept.
            c.type_into("#field-firms", "2").await?;
            c.click("#create-round-button").await?;
            c.wait_text("必填").await?;
            ensure!(c.value_of("#field-firms").await? == "2", "kept");
            c.type_into("#field-title", "第四季度测绘机构双随机抽查")
                .await?;
            c.fill(&[("#field-region", "33")]).await?;
            c.click("#create-round-button").await?;
            c.wait_text("抽查已创建").await?;
            ensure!(c.text_of("#round-status").await? == "待抽取", "planned");
            c.click("#draw-button").await?;
            c.wait_text("已完成抽取").await?;
            let verdict = c.text_of("#draw-verdict").await?;
            ensure!(verdict.contains("已根据公开数据复核"), "{verdict}");
            c.screenshot("inspection-drawn").await?;
            // The first drawn firm: a violation with a deduction.
            let firm = c
                .find("form.finding-form")
                .await?
                .property("dataset")
                .await?["firm"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            ensure!(!firm.is_empty(), "a findings form");
            c.fill(&[(&format!("#field-outcome-{firm}"), "violation")])
                .await?;
            c.type_into(&format!("#field-findings-{firm}"), "报告签字人员无执业资格")
                .await?;
            c.type_into(&format!("#field-points-{firm}"), "-10").await?;
            c.click("form.finding-form button").await?;
            c.wait_text("抽查结果已记录").await?;
            let targets = c.text_of("#inspection-targets").await?;
            ensure!(
                targets.contains("存在违法违规行为") && targets.contains("-10"),
                "{targets}"
            );
            let round = c.current_url().await?.path().to_owned();
            c.logout().await?;

            // The public: the round with its seed and findings; the firm's page, the deduction.
            c.goto(&format!("{base}{round}")).await?;
            let page = c.wait_text("报告签字人员无执业资格").await?;
            ensure!(
                page.contains("随机种子"),
                "the seed is public after the draw"
            );
            ensure!(!page.contains("记录结果"), "no form for the public");
            c.goto(&format!("{base}/firms/{firm}")).await?;
            c.wait_text("随机抽查「第四季度测绘机构双随机抽查」")
                .await?;
            ensure!(c.text_of(".credit-score").await? == "90", "100 − 10");
            c.screenshot("inspection-firm").await?;
            Ok(())
        })
        .await;
}
