//! Issue 5's journey in headless Chromium, in Chinese: a firm uploads its result late on the
//! project page; the owner accepts it and gives it, and another project, bad evaluations; the
//! directory then lists the firm at a lower grade below a well-rated firm. A regulator's
//! deduction takes it to grade E, and its registration for a new project is refused with a
//! reason naming the suspension and its last day. After the period it applies for a credit
//! repair on its page, a regulator approves it from the queue, and it registers again.
//!
//! Accounts, firms and the projects up to their contracts are set up through the services (their
//! own pages have their own browser tests); the delivery, evaluations, credit and registration
//! happen in the browser.
//!
//! Needs `chromedriver` and Chromium (see `zjcs_tests::browser`); without them the test prints
//! `SKIPPED: …` and passes, unless `ZJCS_REQUIRE_BROWSER=1`.

use anyhow::ensure;
use chrono::{Duration, Utc};
use uuid::Uuid;
use zjcs_domain::model::attachment::Upload;
use zjcs_domain::model::evaluation::Ratings;
use zjcs_domain::model::project::china;
use zjcs_domain::store::entities::{delivery, firm};
use zjcs_domain::store::{ColumnTrait, EntityTrait, Expr, QueryFilter};
use zjcs_tests::browser::{Browser, Session};
use zjcs_tests::seed::{self, PDF, contracted, posting, qualified_firm};
use zjcs_tests::spawn_app;

const PASSWORD: &str = "评价 password 2024";

/// The owner evaluates on the project page, every rating `all`.
async fn evaluate(c: &Session, all: u32, comment: &str) -> anyhow::Result<()> {
    for name in ["quality", "timeliness", "fees", "attitude", "conduct"] {
        c.click(&format!("input[name={name}][value=\"{all}\"]"))
            .await?;
    }
    c.type_into("#field-comment", comment).await?;
    c.click("#evaluate-button").await?;
    c.wait_text("评价已提交并公开").await?;
    Ok(())
}

/// The names in the directory, in its order.
async fn directory(c: &Session, base: &str) -> anyhow::Result<Vec<String>> {
    c.goto(&format!("{base}/firms")).await?;
    let mut names = Vec::new();
    for el in c.find_all(".firm-card h2 a").await? {
        names.push(el.text().await?);
    }
    Ok(names)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_late_delivery_and_bad_evaluations_lower_a_firm_and_grade_e_suspends_it_until_repaired() {
    let Some(browser) = Browser::start(
        "a_late_delivery_and_bad_evaluations_lower_a_firm_and_grade_e_suspends_it_until_repaired",
    )
    .await
    else {
        return;
    };
    let app = spawn_app().await;
    let s = app.services.clone();
    let item = seed::survey_item(&s).await;
    let unique = &Uuid::new_v4().simple().to_string()[..8];
    let owner_email = format!("owner-{unique}@example.cn");
    let owner = seed::account(&s, "owner", "某置业有限公司", &owner_email, PASSWORD).await;
    let x_email = format!("x-{unique}@example.cn");
    let (x, x_id) = qualified_firm(&s, 1, &x_email, PASSWORD).await;
    let (y, y_id) = qualified_firm(&s, 2, &format!("y-{unique}@example.cn"), PASSWORD).await;
    let regulator = format!("jg-{unique}@example.gov.cn");
    seed::regulator(&s, &regulator, PASSWORD).await;

    // Firm 1 holds two contracts, the first already past its due date; firm 2 one, delivered
    // on time and well rated.
    let p1 = contracted(&s, &owner, item, "一号地块竣工测绘", (&x, x_id)).await;
    let p2 = contracted(&s, &owner, item, "二号地块竣工测绘", (&x, x_id)).await;
    let p3 = contracted(&s, &owner, item, "三号地块竣工测绘", (&y, y_id)).await;
    let d1 = s.delivery(&x, p1).await.unwrap();
    delivery::Entity::update_many()
        .col_expr(
            delivery::Column::DueOn,
            Expr::value(d1.due_on - Duration::days(30)),
        )
        .filter(delivery::Column::ProjectId.eq(p1))
        .exec(&s.db)
        .await
        .unwrap();
    for (firm, p) in [(&x, p2), (&y, p3)] {
        let doc = s
            .upload_document(firm, Upload::new("成果.pdf", PDF.to_vec()))
            .await
            .unwrap();
        s.submit_delivery(firm, p, doc.id.into(), "").await.unwrap();
        s.review_delivery(&owner, p, true, "").await.unwrap();
    }
    let five = Ratings {
        quality: 5,
        timeliness: 5,
        fees: 5,
        attitude: 5,
        conduct: 5,
    };
    s.evaluate_firm(&owner, p3, five, "专业高效").await.unwrap();
    // A project open for registration, for later.
    let next = s
        .create_project(&owner, item, &posting("四号地块竣工测绘", "random-draw"))
        .await
        .unwrap();
    s.publish_project(&owner, next.id).await.unwrap();

    let result = std::env::temp_dir().join(format!("成果-{unique}.pdf"));
    std::fs::write(&result, PDF).unwrap();
    let result = result.to_str().unwrap().to_owned();
    let base = app.base_url.clone();
    let db = app.db.db.clone();
    let services = s.clone();

    browser
        .run(move |c| async move {
            // Firm 1 uploads its late result on the project page.
            c.login(&base, &x_email, PASSWORD).await?;
            c.goto(&format!("{base}/projects/{p1}")).await?;
            let state = c.text_of("#delivery-state").await?;
            ensure!(
                state.contains("服务中") && state.contains("已超过服务期限"),
                "the delivery is overdue: {state:?}"
            );
            c.find("#field-document").await?.send_keys(&result).await?;
            c.type_into("#field-note", "竣工测绘成果").await?;
            c.click("#delivery-button").await?;
            c.wait_text("成果已提交，已通知业主验收").await?;
            c.screenshot("delivery-submitted").await?;
            c.logout().await?;

            // The owner accepts it (scored late) and evaluates both projects badly.
            c.login(&base, &owner_email, PASSWORD).await?;
            c.goto(&format!("{base}/projects/{p1}")).await?;
            c.click("#accept-button").await?;
            c.wait_text("成果已验收，服务结束").await?;
            let credit = c.text_of("#delivery-credit").await?;
            ensure!(credit.contains("逾期完成"), "scored late: {credit:?}");
            evaluate(&c, 1, "成果错误多，多次返工").await?;
            c.screenshot("evaluation-given").await?;
            c.goto(&format!("{base}/projects/{p2}")).await?;
            evaluate(&c, 1, "态度差，收费不透明").await?;
            let avg = c.text_of("#evaluation-average").await?;
            ensure!(avg.contains("1.00"), "the public average: {avg:?}");
            c.logout().await?;

            // The directory lists firm 1 at B, below firm 2.
            let names = directory(&c, &base).await?;
            ensure!(
                names == ["浙江测绘机构2号", "浙江测绘机构1号"],
                "the well-rated firm first: {names:?}"
            );
            c.goto(&format!("{base}/firms/{x_id}")).await?;
            ensure!(c.text_of(".credit-grade").await? == "B", "firm 1 at B");
            ensure!(
                c.text_of(".credit-score").await? == "87",
                "87 = 100 − 2 − 6 + 1 − 6"
            );
            c.screenshot("directory-after-evaluations").await?;

            // A regulator's deduction takes it to grade E.
            c.login(&base, &regulator, PASSWORD).await?;
            c.goto(&format!("{base}/firms/{x_id}")).await?;
            c.click("input[name=kind][value=manual]").await?;
            c.type_into("#field-credit-points", "-30").await?;
            c.type_into("#field-credit-reason", "拒不整改").await?;
            c.click("form[action*=\"/credit-events\"] button[type=submit]")
                .await?;
            c.wait_text("信用事项已记录").await?;
            ensure!(c.text_of(".credit-grade").await? == "E", "firm 1 at E");
            c.logout().await?;

            // Its next registration is refused, naming the suspension and its last day.
            let until = services
                .firm_credit(x_id)
                .await?
                .suspended_until
                .expect("suspended");
            let last_day = (until.with_timezone(&china()) - Duration::seconds(1))
                .format("%Y-%m-%d")
                .to_string();
            c.login(&base, &x_email, PASSWORD).await?;
            c.goto(&format!("{base}/projects/{}", next.id)).await?;
            c.click("#register-button").await?;
            let page = c.wait_text("暂停期至").await?;
            ensure!(
                page.contains(&format!("暂停期至 {last_day}")),
                "the refusal names the last day {last_day}: {page}"
            );
            c.screenshot("registration-refused-suspended").await?;

            // After the period it still needs a repair (the clock moved back in the database).
            let back = Utc::now() - Duration::days(210);
            firm::Entity::update_many()
                .col_expr(firm::Column::GradeESince, Expr::value(Some(back)))
                .col_expr(
                    firm::Column::SuspendedUntil,
                    Expr::value(Some(back + Duration::days(183))),
                )
                .filter(firm::Column::Id.eq(x_id))
                .exec(&db)
                .await?;
            services.recompute_credit_at(Utc::now()).await?;
            c.goto(&format!("{base}/firm")).await?;
            c.type_into("#field-r-statement", "已完成整改，建立成果质量复核制度")
                .await?;
            c.click("form[action^=\"/firm/credit-repairs\"] button[type=submit]")
                .await?;
            c.wait_text("信用修复申请已提交").await?;
            c.logout().await?;

            // A regulator approves it from the queue.
            c.login(&base, &regulator, PASSWORD).await?;
            c.goto(&format!("{base}/credit/repairs")).await?;
            c.find("textarea[name=reason]")
                .await?
                .send_keys("整改到位，准予修复")
                .await?;
            c.click("button[name=decision][value=approve]").await?;
            c.wait_text("已批准信用修复").await?;
            c.logout().await?;

            // And it registers again.
            c.login(&base, &x_email, PASSWORD).await?;
            c.goto(&format!("{base}/projects/{}", next.id)).await?;
            c.click("#register-button").await?;
            c.wait_text("报名成功").await?;
            c.screenshot("registered-after-repair").await?;
            Ok(())
        })
        .await;
}
