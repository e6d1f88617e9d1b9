//! Browser journeys in headless Chromium, in Chinese: a firm registers, logs out and logs in
//! again; a refused registration keeps what was typed. Screenshots go to `target/screenshots/`.
//!
//! Needs `chromedriver` and Chromium (see `zjcs_tests::browser`); without them the tests print
//! `SKIPPED: …` and pass, unless `ZJCS_REQUIRE_BROWSER=1`.

use anyhow::{Context, ensure};
use zjcs_tests::browser::{Browser, Session};
use zjcs_tests::spawn_app;

const FIRM: &str = "华东测绘有限公司";
const PASSWORD: &str = "测绘 password 2024";

fn unique_email(prefix: &str) -> String {
    format!("{prefix}-{}@example.cn", uuid::Uuid::new_v4().simple())
}

/// The account page shows the firm's name, email and role in Chinese, and the nav offers 退出.
async fn assert_account_page(c: &Session, email: &str) -> anyhow::Result<()> {
    c.wait_for_path("/account").await?;
    let h1 = c.text_of("main h1").await?;
    ensure!(h1 == "我的账号", "account page heading: {h1:?}");
    let facts = c.text_of("dl.facts").await?;
    ensure!(
        facts.contains(FIRM),
        "account page should show the firm's name: {facts:?}"
    );
    ensure!(
        facts.contains(email),
        "account page should show the email: {facts:?}"
    );
    ensure!(
        facts.contains("中介机构"),
        "account page should show the role 中介机构: {facts:?}"
    );
    let logout = c
        .text_of("nav form[action=\"/logout\"] button[type=submit]")
        .await?;
    ensure!(
        logout == "退出",
        "logged-in nav should offer 退出, got {logout:?}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firm_registers_logs_out_and_logs_in_again_in_chinese() {
    let Some(browser) =
        Browser::start("firm_registers_logs_out_and_logs_in_again_in_chinese").await
    else {
        return;
    };
    let app = spawn_app().await;
    let base = app.base_url.clone();
    let email = unique_email("firm");

    browser
        .run(move |c| async move {
            // Home page, Chinese by default.
            c.goto(&format!("{base}/")).await?;
            c.wait_for_path("/").await?;
            let lang = c.execute("return document.documentElement.lang").await?;
            ensure!(lang == "zh-CN", "home page language: {lang}");
            let title = c.text_of("main h1").await?;
            ensure!(title == "网上中介服务超市", "home heading: {title:?}");

            // Follow the call to action to the registration form.
            let cta = c.text_of(".hero a[href=\"/register\"]").await?;
            ensure!(cta == "立即注册", "registration link text: {cta:?}");
            c.click(".hero a[href=\"/register\"]").await?;
            c.wait_for_path("/register").await?;
            let h1 = c.text_of("main h1").await?;
            ensure!(h1 == "注册账号", "registration heading: {h1:?}");

            // Register as an intermediary firm.
            let role_label = c.text_of("#field-role").await?;
            ensure!(
                role_label.contains("中介机构"),
                "role choice should offer 中介机构: {role_label:?}"
            );
            c.click("input[name=role][value=intermediary]").await?;
            c.type_into("#field-name", FIRM).await?;
            ensure!(
                c.value_of("#field-name").await? == FIRM,
                "Chinese name typed into the field"
            );
            c.type_into("#field-email", &email).await?;
            c.type_into("#field-password", PASSWORD).await?;
            let submit = c
                .text_of("form[action=\"/register\"] button[type=submit]")
                .await?;
            ensure!(submit == "注册", "submit button text: {submit:?}");
            c.click("form[action=\"/register\"] button[type=submit]")
                .await?;

            // Logged in at once; a firm goes on to the entry wizard (its profile).
            c.wait_for_path("/firm/enter").await?;
            let notice = c.text_of("p.notice").await?;
            ensure!(
                notice.contains("注册成功"),
                "registration notice: {notice:?}"
            );
            c.screenshot("firm-registered").await?;
            c.goto(&format!("{base}/account")).await?;
            assert_account_page(&c, &email).await?;

            // Log out with the nav button.
            c.click("nav form[action=\"/logout\"] button[type=submit]")
                .await?;
            c.wait_for_path("/").await?;
            let notice = c.text_of("p.notice").await?;
            ensure!(notice == "您已退出。", "logout notice: {notice:?}");
            let login_link = c.text_of("nav a[href=\"/login\"]").await?;
            ensure!(
                login_link == "登录",
                "logged-out nav should offer 登录, got {login_link:?}"
            );
            let logout_forms = c.find_all("form[action=\"/logout\"]").await?;
            ensure!(logout_forms.is_empty(), "no 退出 button after logging out");

            // The session is really gone: the account page asks for a login.
            c.goto(&format!("{base}/account")).await?;
            let h1 = c.text_of("main h1").await?;
            ensure!(
                h1 == "登录",
                "account page after logout should ask to log in, showed {h1:?}"
            );

            // Log in again through the login page, reached from the nav.
            c.goto(&format!("{base}/")).await?;
            c.wait_for_path("/").await?;
            c.click("nav a[href=\"/login\"]").await?;
            c.wait_for_path("/login").await?;
            let h1 = c.text_of("main h1").await?;
            ensure!(h1 == "登录", "login heading: {h1:?}");
            c.type_into("#field-email", &email).await?;
            c.type_into("#field-password", PASSWORD).await?;
            c.click("form[action=\"/login\"] button[type=submit]")
                .await?;

            assert_account_page(&c, &email).await?;
            c.screenshot("firm-logged-in-again").await?;
            Ok(())
        })
        .await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_short_password_is_refused_in_chinese_and_the_name_is_kept() {
    let Some(browser) =
        Browser::start("too_short_password_is_refused_in_chinese_and_the_name_is_kept").await
    else {
        return;
    };
    let app = spawn_app().await;
    let base = app.base_url.clone();
    let email = unique_email("short");

    browser
        .run(move |c| async move {
            c.goto(&format!("{base}/register")).await?;
            c.wait_for_path("/register").await?;
            c.click("input[name=role][value=intermediary]").await?;
            c.type_into("#field-name", FIRM).await?;
            c.type_into("#field-email", &email).await?;
            c.type_into("#field-password", "short").await?;
            c.click("form[action=\"/register\"] button[type=submit]")
                .await?;

            // The form comes back (same path) with the field error under the password label.
            let error = c
                .text_of("#password-error")
                .await
                .context("password field error")?;
            ensure!(error == "密码至少 10 个字符", "password error: {error:?}");
            let summary = c.text_of(".problems").await?;
            ensure!(
                summary.contains("密码至少 10 个字符"),
                "problem summary: {summary:?}"
            );
            c.wait_for_path("/register").await?;

            // What was typed is kept, except the password.
            let name = c.value_of("#field-name").await?;
            ensure!(
                name == FIRM,
                "organisation name should be kept, got {name:?}"
            );
            let kept_email = c.value_of("#field-email").await?;
            ensure!(
                kept_email == email,
                "email should be kept, got {kept_email:?}"
            );
            ensure!(
                c.value_of("#field-password").await?.is_empty(),
                "password must not be echoed"
            );
            let checked = c
                .find("input[name=role][value=intermediary]")
                .await?
                .property("checked")
                .await?;
            ensure!(
                checked == true,
                "role choice should be kept, checked={checked}"
            );
            c.screenshot("register-password-too-short").await?;
            Ok(())
        })
        .await;
    app.stop().await;
}
