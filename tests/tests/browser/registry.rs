//! The registry in headless Chromium, in Chinese: a firm registers, is refused for a wrong check
//! character with a clear message, enters with a valid credit code, declares a qualification with
//! a PDF, and is found in the public directory by a Chinese substring of its name.
//!
//! Needs `chromedriver` and Chromium (see `zjcs_tests::browser`); without them the test prints
//! `SKIPPED: …` and passes, unless `ZJCS_REQUIRE_BROWSER=1`.

use anyhow::ensure;
use zjcs_domain::model::catalogue::{DEMO_CATALOGUE_JSON, rows_from_json};
use zjcs_domain::model::firm::CreditCode;
use zjcs_tests::browser::Browser;
use zjcs_tests::spawn_app;

const PASSWORD: &str = "测绘 password 2024";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_firm_enters_declares_a_pdf_qualification_and_is_found_in_the_directory() {
    let Some(browser) =
        Browser::start("a_firm_enters_declares_a_pdf_qualification_and_is_found_in_the_directory")
            .await
    else {
        return;
    };
    let app = spawn_app().await;
    app.services
        .import_items(None, rows_from_json(DEMO_CATALOGUE_JSON).unwrap())
        .await
        .unwrap();
    let base = app.base_url.clone();
    let unique = uuid::Uuid::new_v4().simple().to_string();
    // A trade name no other test uses, so the search finds exactly this firm.
    let firm = "杭州翠微山测绘地理信息有限公司";
    let email = format!("firm-{unique}@example.cn");
    let code = CreditCode::complete("91330106MA2H0TQ8X")
        .unwrap()
        .as_str()
        .to_owned();
    let mut wrong = code.clone();
    let last = wrong.pop().unwrap();
    wrong.push(if last == 'A' { 'B' } else { 'A' });
    let pdf = std::env::temp_dir().join(format!("资质证书-{unique}.pdf"));
    std::fs::write(
        &pdf,
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
    )
    .unwrap();
    let pdf_path = pdf.to_str().unwrap().to_owned();

    browser
        .run(move |c| async move {
            // Register as a firm: the entry wizard follows.
            c.goto(&format!("{base}/register")).await?;
            c.click("input[name=role][value=intermediary]").await?;
            c.type_into("#field-name", firm).await?;
            c.type_into("#field-email", &email).await?;
            c.type_into("#field-password", PASSWORD).await?;
            c.click("form[action=\"/register\"] button[type=submit]")
                .await?;
            c.wait_for_path("/firm/enter").await?;

            // The profile, with a wrong check character first.
            c.find("#field-name").await?.clear().await?;
            c.type_into("#field-name", firm).await?;
            c.type_into("#field-credit_code", &wrong).await?;
            c.type_into("#field-legal_rep_name", "张三").await?;
            c.type_into("#field-legal_rep_id", "11010519491231002X")
                .await?;
            c.type_into("#field-region_code", "330106").await?;
            c.type_into("#field-address", "杭州市西湖区文三路 1 号")
                .await?;
            c.type_into("#field-contact_name", "李四").await?;
            c.type_into("#field-contact_phone", "0571-88888888").await?;
            c.click("input[name=commitment]").await?;
            c.click("form[action=\"/firm/enter\"] button[type=submit]")
                .await?;
            c.wait_for_path("/firm/enter").await?;
            let problem = c.text_of(".field-error").await?;
            ensure!(
                problem.contains("校验位不正确"),
                "the wrong check character is explained: {problem:?}"
            );
            ensure!(
                c.value_of("#field-address").await? == "杭州市西湖区文三路 1 号",
                "what was typed is kept"
            );
            c.screenshot("firm-enter-wrong-check-character").await?;

            // Corrected: the firm is listed at once.
            c.find("#field-credit_code").await?.clear().await?;
            c.type_into("#field-credit_code", &code).await?;
            if c.property_checked("input[name=commitment]").await? != Some(true) {
                c.click("input[name=commitment]").await?;
            }
            c.click("input[name=service_items]").await?;
            c.click("form[action=\"/firm/enter\"] button[type=submit]")
                .await?;
            c.wait_for_path("/firm").await?;
            let notice = c.text_of("p.notice").await?;
            ensure!(notice.contains("入驻成功"), "entry notice: {notice:?}");

            // A qualification certificate with its PDF.
            c.type_into("#field-q-qual_type", "测绘资质").await?;
            c.type_into("#field-q-grade", "甲级").await?;
            c.type_into("#field-q-number", "甲测资字 3300001").await?;
            c.type_into("#field-q-issuer", "浙江省自然资源厅").await?;
            // Date inputs take typed text in the browser's locale format; set the ISO value.
            c.execute(
                "document.querySelector('#field-q-valid_from').value = '2024-01-01';\
                 document.querySelector('#field-q-valid_until').value = '2099-12-31';",
            )
            .await?;
            c.find("#field-q-evidence_file")
                .await?
                .send_keys(&pdf_path)
                .await?;
            c.click("form[action=\"/firm/qualifications\"] button[type=submit]")
                .await?;
            c.wait_for_path("/firm").await?;
            let notice = c.text_of("p.notice").await?;
            ensure!(
                notice.contains("资质证书已登记"),
                "qualification notice: {notice:?}"
            );
            let quals = c.text_of("#qualifications").await?;
            ensure!(
                quals.contains("测绘资质") && quals.contains("甲测资字 3300001"),
                "the certificate is listed: {quals:?}"
            );
            c.screenshot("firm-qualification-declared").await?;

            // The public directory, searched by a Chinese substring of the name.
            c.goto(&format!("{base}/firms")).await?;
            c.type_into("#field-q", "翠微山").await?;
            c.click("form.search button[type=submit]").await?;
            c.wait_for_query("q").await?;
            let results = c.text_of(".firm-list").await?;
            ensure!(results.contains(firm), "found by 翠微山: {results:?}");
            c.screenshot("directory-search").await?;
            c.click(".firm-list a").await?;
            let h1 = c.text_of("main h1").await?;
            ensure!(h1.contains(firm), "the firm page: {h1:?}");
            let page = c.text_of("main").await?;
            ensure!(
                page.contains("测绘资质") && page.contains(&code),
                "the public page shows the code and the certificate"
            );
            let link = c
                .find("a[href^=\"/files/\"]")
                .await?
                .property("href")
                .await?;
            ensure!(
                link.as_str().is_some_and(|h| h.contains("/files/")),
                "evidence link"
            );
            c.screenshot("firm-public-page").await?;
            Ok(())
        })
        .await;
    std::fs::remove_file(pdf).ok();
}
