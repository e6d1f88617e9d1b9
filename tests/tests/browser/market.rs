//! Issue 6's market surveillance in headless Chromium, in Chinese: over a generated market with
//! a planted bid-rotation ring, a regulator opens 市场监测 from the navigation, reads the
//! figures and charts, narrows them to Zhejiang, goes to the warnings, finds the ring named
//! with its projects, and opens a case from it, which lands accepted on the case page.
//!
//! The market is generated straight into storage (`zjcs_domain::synthetic`); everything the
//! regulator does happens in the browser.
//!
//! Needs `chromedriver` and Chromium (see `zjcs_tests::browser`); without them the test prints
//! `SKIPPED: …` and passes, unless `ZJCS_REQUIRE_BROWSER=1`.

use anyhow::ensure;
use uuid::Uuid;
use zjcs_tests::browser::Browser;
use zjcs_tests::seed::{self, RING, surveilled_market};
use zjcs_tests::spawn_app;

const PASSWORD: &str = "监测 password 2024";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_regulator_finds_the_planted_ring_in_the_browser_and_opens_a_case() {
    let Some(browser) =
        Browser::start("a_regulator_finds_the_planted_ring_in_the_browser_and_opens_a_case").await
    else {
        return;
    };
    let app = spawn_app().await;
    let s = app.services.clone();
    let item = seed::survey_item(&s).await;
    let (_, generated) = surveilled_market(&s, item, 400).await;
    let total = generated.projects.to_string();
    let unique = &Uuid::new_v4().simple().to_string()[..8];
    let regulator = format!("jg-{unique}@example.gov.cn");
    seed::regulator(&s, &regulator, PASSWORD).await;
    let base = app.base_url.clone();

    browser
        .run(move |c| async move {
            c.login(&base, &regulator, PASSWORD).await?;
            c.click("nav a[href='/market']").await?;
            c.wait_text("市场监测统计").await?;
            ensure!(
                c.text_of("[data-figure='market.fig.projects']").await? == total,
                "every generated project is counted"
            );
            let chart = c.find("#months svg").await?;
            ensure!(
                chart.property("tagName").await?.as_str() == Some("svg"),
                "the monthly chart is drawn"
            );
            c.screenshot("market-statistics").await?;
            c.execute("document.querySelector('#months').scrollIntoView()")
                .await?;
            c.screenshot("market-charts").await?;
            // Narrow to Zhejiang: fewer projects, and only Zhejiang among the provinces.
            c.fill(&[("#field-region", "33")]).await?;
            c.click("#market-filter-button").await?;
            c.wait_for_query("region").await?;
            let zj: u64 = c
                .text_of("[data-figure='market.fig.projects']")
                .await?
                .parse()?;
            ensure!(zj > 0 && zj < 412, "Zhejiang alone: {zj}");
            let provinces = c.text_of("#concentration").await?;
            ensure!(
                provinces.contains("浙江省") && !provinces.contains("北京市"),
                "{provinces}"
            );
            // All of the market again, then its warnings.
            c.goto(&format!("{base}/market")).await?;
            c.click("#market-warnings-link").await?;
            let page = c.wait_text("疑似轮流中标").await?;
            ensure!(
                page.contains(RING[0]) && page.contains(RING[1]),
                "the ring is named: {page}"
            );
            let ring = c
                .text_of("article.warning[data-key^='bid-rotation:']")
                .await?;
            ensure!(
                ring.contains("共同报名 12 个项目") && ring.contains("各中选 6/6 个"),
                "with its projects: {ring}"
            );
            c.screenshot("market-warnings").await?;
            c.click("article.warning[data-key^='bid-rotation:'] button")
                .await?;
            c.wait_text("已根据预警立案并受理").await?;
            let case = c.text_of("main").await?;
            ensure!(
                case.contains("已受理") && (case.contains(RING[0]) || case.contains(RING[1])),
                "the case is accepted against a ring firm: {case}"
            );
            c.screenshot("market-case").await?;
            Ok(())
        })
        .await;
}
