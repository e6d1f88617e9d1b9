//! Issue 6's complaint journey in headless Chromium, in Chinese: three firms bid on a
//! lowest-price project and the lowest is awarded; during the notice period the second firm
//! opens the project page, follows "对中选结果投诉" and files a complaint; a regulator finds it in
//! the queue, accepts it, investigates and upholds it with a deduction; the project page then
//! shows the award overturned and the next firm awarded, the offending firm's page shows the
//! deduction, and the published outcomes list the case without the complainant.
//!
//! Accounts, firms and the bids are set up through the services (their pages have their own
//! browser tests); the complaint and its handling happen in the browser.
//!
//! Needs `chromedriver` and Chromium (see `zjcs_tests::browser`); without them the test prints
//! `SKIPPED: …` and passes, unless `ZJCS_REQUIRE_BROWSER=1`.

use anyhow::ensure;
use uuid::Uuid;
use zjcs_tests::browser::Browser;
use zjcs_tests::seed::{self, posting, qualified_firm};
use zjcs_tests::spawn_app;

const PASSWORD: &str = "投诉 password 2024";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_award_complaint_is_upheld_in_the_browser_and_the_project_is_awarded_again() {
    let Some(browser) = Browser::start(
        "an_award_complaint_is_upheld_in_the_browser_and_the_project_is_awarded_again",
    )
    .await
    else {
        return;
    };
    let app = spawn_app().await;
    let s = app.services.clone();
    let item = seed::survey_item(&s).await;
    let unique = &Uuid::new_v4().simple().to_string()[..8];
    let owner = seed::account(
        &s,
        "owner",
        "某置业有限公司",
        &format!("owner-{unique}@example.cn"),
        PASSWORD,
    )
    .await;
    let mut firms = Vec::new();
    for n in 1..=3 {
        firms.push(qualified_firm(&s, n, &format!("f{n}-{unique}@example.cn"), PASSWORD).await);
    }
    let complainant = format!("f2-{unique}@example.cn");
    let regulator = format!("jg-{unique}@example.gov.cn");
    seed::regulator(&s, &regulator, PASSWORD).await;
    let bids: Vec<(&zjcs_domain::model::Actor, Option<i64>)> = firms
        .iter()
        .enumerate()
        .map(|(i, (a, _))| (a, Some(6_000_000 + 500_000 * i as i64)))
        .collect();
    let project = seed::opened(
        &s,
        &owner,
        item,
        &posting("五号地块竣工测绘", "lowest-price"),
        &bids,
    )
    .await;
    let offender = firms[0].1;
    let base = app.base_url.clone();

    browser
        .run(move |c| async move {
            // The second firm complains about the award from the project page.
            c.login(&base, &complainant, PASSWORD).await?;
            c.goto(&format!("{base}/projects/{project}")).await?;
            c.click("#complain-award").await?;
            c.wait_text("我要投诉").await?;
            ensure!(
                c.value_of("#field-subject").await? == "award",
                "the form comes pre-filled with the award"
            );
            // Without the rule: refused, what was typed is kept.
            c.type_into("#field-facts", "中选机构的业绩证明系伪造，发证机关无此记录")
                .await?;
            c.click("#complaint-button").await?;
            c.wait_text("违反的规定").await?;
            c.wait_text("必填").await?;
            ensure!(
                c.value_of("#field-facts").await?.contains("业绩证明系伪造"),
                "the facts are kept"
            );
            c.type_into("#field-rule", "采购公告第三条：业绩须真实有效")
                .await?;
            c.click("#complaint-button").await?;
            c.wait_text("投诉已提交。").await?;
            ensure!(
                c.text_of("#complaint-status").await? == "待受理",
                "submitted"
            );
            c.screenshot("complaint-filed").await?;
            c.logout().await?;

            // A regulator: the queue, accept, investigate, uphold with a deduction.
            c.login(&base, &regulator, PASSWORD).await?;
            c.goto(&format!("{base}/complaints")).await?;
            let queue = c.text_of("#complaint-queue").await?;
            ensure!(
                queue.contains("五号地块竣工测绘") && queue.contains("待受理"),
                "the queue lists the case: {queue}"
            );
            c.click("#complaint-queue tbody a").await?;
            c.click("#accept-button").await?;
            c.wait_text("已受理。").await?;
            c.click("#investigate-button").await?;
            c.wait_text("已开始调查。").await?;
            c.type_into("#field-reason", "经向发证机关核实，业绩证明系伪造")
                .await?;
            c.type_into("#field-points", "-15").await?;
            c.click("#uphold-button").await?;
            c.wait_text("投诉成立，已通知各方并公示。").await?;
            ensure!(
                c.text_of("#complaint-points").await? == "-15",
                "−15 recorded"
            );
            c.screenshot("complaint-upheld").await?;
            c.logout().await?;

            // The project: the award overturned, the next-lowest firm awarded.
            c.goto(&format!("{base}/projects/{project}")).await?;
            let page = c.wait_text("投诉成立，已排除").await?;
            ensure!(
                page.contains("浙江测绘机构2号"),
                "the second firm is awarded now: {page}"
            );
            // The offending firm's credit: 100 − 15 = 85, grade B.
            c.goto(&format!("{base}/firms/{offender}")).await?;
            ensure!(
                c.text_of(".credit-score").await? == "85",
                "85 after the deduction"
            );
            ensure!(c.text_of(".credit-grade").await? == "B", "grade B");
            // The outcome is public, without who complained.
            c.goto(&format!("{base}/complaints/outcomes")).await?;
            let outcomes = c.wait_text("经向发证机关核实").await?;
            ensure!(
                outcomes.contains("投诉成立") && !outcomes.contains("测绘机构2"),
                "the outcome names the case, not the complainant: {outcomes}"
            );
            c.screenshot("complaint-outcomes").await?;
            Ok(())
        })
        .await;
}
