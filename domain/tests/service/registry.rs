//! The registry against real storage (SQLite, or PostgreSQL with ZJCS_TEST_DATABASE_URL):
//! catalogue import, zero-threshold entry and its only refusals, evidence, directory filters,
//! order and pagination.

use super::common::{self, PDF, admin, setup};
use chrono::{Duration, Utc};
use uuid::Uuid;
use zjcs_domain::error::Error;
use zjcs_domain::model::Actor;
use zjcs_domain::model::attachment::Upload;
use zjcs_domain::model::catalogue::{DEMO_CATALOGUE_JSON, rows_from_csv, rows_from_json};
use zjcs_domain::model::firm::{FirmProfileInput, PractitionerInput, QualificationInput};
use zjcs_domain::rules::directory::{DirectoryParams, DirectoryQuery};
use zjcs_domain::service::Services;
use zjcs_domain::store::entities::{credit_restriction, firm};
use zjcs_domain::store::{ActiveModelTrait, ColumnTrait, EntityTrait, Expr, QueryFilter, Set};

async fn firm_account(s: &Services, n: usize) -> Actor {
    let (name, email) = (format!("机构{n}"), format!("firm{n}@example.cn"));
    common::registered(s, "intermediary", None, &name, &email).await
}

/// A valid credit code, different for each `n`.
fn code(n: usize) -> String {
    common::credit_code('A', n)
}

fn profile(name: &str, n: usize, region: &str) -> FirmProfileInput {
    common::profile(code(n), name, region)
}

fn query(f: impl FnOnce(&mut DirectoryParams)) -> DirectoryQuery {
    let mut p = DirectoryParams::default();
    f(&mut p);
    DirectoryQuery::parse(&p).unwrap()
}

fn names(page: &zjcs_domain::service::firms::DirectoryPage) -> Vec<String> {
    page.firms.iter().map(|f| f.name.clone()).collect()
}

#[tokio::test]
async fn the_demo_catalogue_loads_and_a_second_import_updates_rather_than_duplicates() {
    let (_t, s) = setup().await;
    let first = s
        .import_items(None, rows_from_json(DEMO_CATALOGUE_JSON).unwrap())
        .await
        .unwrap();
    assert!(first.created >= 15);
    assert_eq!(first.updated, 0);
    let again = s
        .import_items(None, rows_from_json(DEMO_CATALOGUE_JSON).unwrap())
        .await
        .unwrap();
    assert_eq!((again.created, again.updated), (0, first.created));
    assert_eq!(s.list_items(false).await.unwrap().len(), first.created);
}

#[tokio::test]
async fn an_import_with_a_bad_row_writes_nothing_and_reports_the_row() {
    let (_t, s) = setup().await;
    let a = admin(&s).await;
    let csv = "code,name,approval,department,time_limit_days,fee_min_fen,fee_max_fen\n\
               ZJ-A,工程测绘,规划许可,自然资源局,15,100,200\n\
               ZJ-B,安全评价,安全许可,应急管理局,0,,\n\
               ZJ-C,造价,施工许可,住建局,10,500,100\n";
    let err = s
        .import_items(Some(&a), rows_from_csv(csv).unwrap())
        .await
        .unwrap_err();
    let Error::ImportRejected(rows) = err else {
        panic!("expected a row report, got {err:?}")
    };
    assert_eq!(rows.iter().map(|r| r.row).collect::<Vec<_>>(), vec![2, 3]);
    assert_eq!(rows[0].errors[0].code, "field.out-of-range");
    assert_eq!(rows[1].errors[0].code, "field.fee.range");
    assert!(
        s.list_items(true).await.unwrap().is_empty(),
        "nothing half-imported"
    );
}

#[tokio::test]
async fn only_administrators_keep_the_catalogue_and_retired_items_leave_the_list() {
    let (_t, s) = setup().await;
    let f = firm_account(&s, 1).await;
    let rows = rows_from_json(DEMO_CATALOGUE_JSON).unwrap();
    assert!(matches!(
        s.import_items(Some(&f), rows).await,
        Err(Error::Forbidden)
    ));
    let a = admin(&s).await;
    s.import_items(Some(&a), rows_from_json(DEMO_CATALOGUE_JSON).unwrap())
        .await
        .unwrap();
    let items = s.list_items(false).await.unwrap();
    let retired = s.set_item_retired(&a, items[0].id, true).await.unwrap();
    assert!(retired.retired);
    assert_eq!(s.list_items(false).await.unwrap().len(), items.len() - 1);
    assert_eq!(s.list_items(true).await.unwrap().len(), items.len());
    // A firm cannot offer a retired item.
    let mut p = profile("杭州测绘有限公司", 1, "330106");
    p.service_items = vec![items[0].id];
    let e = s.enter_firm(&f, &p).await.unwrap_err();
    assert_eq!(e.fields()[0].code, "field.service-item.unknown");
    // Codes stay unique on edit.
    let mut input: zjcs_domain::model::catalogue::ServiceItemInput = serde_json::from_value(
        serde_json::to_value(
            rows_from_json(DEMO_CATALOGUE_JSON).unwrap()[1]
                .clone()
                .unwrap(),
        )
        .unwrap(),
    )
    .unwrap();
    input.code = items[0].code.clone();
    let e = s.edit_item(&a, items[1].id, &input).await.unwrap_err();
    assert!(matches!(e, Error::Conflict("item-code-taken", _)), "{e:?}");
}

#[tokio::test]
async fn a_firm_enters_at_once_and_only_its_code_can_keep_it_out() {
    let (_t, s) = setup().await;
    let f1 = firm_account(&s, 1).await;
    let entered = s
        .enter_firm(&f1, &profile("杭州青山测绘有限公司", 1, "330106"))
        .await
        .unwrap();
    assert_eq!(entered.status, zjcs_domain::model::firm::FirmStatus::Listed);
    assert_eq!(entered.credit_grade, "A");
    // One firm per account.
    let e = s
        .enter_firm(&f1, &profile("另一家", 2, "330106"))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Conflict("firm-exists", _)), "{e:?}");
    // One firm per code.
    let f2 = firm_account(&s, 2).await;
    let e = s
        .enter_firm(&f2, &profile("冒名机构", 1, "330106"))
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::Conflict("credit-code-taken", _)),
        "{e:?}"
    );
    assert_eq!(e.status(), 409);
    // A bad check character.
    let mut bad = profile("错码机构", 3, "330106");
    bad.credit_code.pop();
    bad.credit_code
        .push(if code(3).ends_with('0') { '1' } else { '0' });
    let e = s.enter_firm(&f2, &bad).await.unwrap_err();
    assert_eq!(e.fields()[0].code, "field.credit-code.checksum");
    // Black list and dishonesty list, each saying why; an expired entry no longer refuses.
    for (kind, n, ends, expected) in [
        ("blacklist", 4, None, Some("credit-code-blacklisted")),
        ("dishonest", 5, None, Some("credit-code-dishonest")),
        ("blacklist", 6, Some(Utc::now() - Duration::days(1)), None),
    ] {
        credit_restriction::ActiveModel {
            id: Set(Uuid::new_v4()),
            kind: Set(kind.into()),
            credit_code: Set(code(n)),
            reason: Set("测试".into()),
            source: Set("测试".into()),
            starts_at: Set(Utc::now() - Duration::days(30)),
            ends_at: Set(ends),
            created_at: Set(Utc::now()),
            via_firm_id: Set(None),
        }
        .insert(&s.db)
        .await
        .unwrap();
        let result = s.enter_firm(&f2, &profile("受限机构", n, "330106")).await;
        match expected {
            Some(c) => {
                let e = result.unwrap_err();
                assert!(
                    matches!(e, Error::Restricted(code, _) if code == c),
                    "{e:?}"
                );
                assert_eq!(e.status(), 403);
            }
            None => {
                result.unwrap();
            }
        }
    }
    // The ID number is never stored as given.
    let row = firm::Entity::find_by_id(entered.id)
        .one(&s.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.legal_rep_id_hash.len(), 64);
    assert!(!row.legal_rep_id_hash.contains("110105"));
}

#[tokio::test]
async fn the_credit_code_cannot_change_and_the_commitment_is_required() {
    let (_t, s) = setup().await;
    let f = firm_account(&s, 1).await;
    s.enter_firm(&f, &profile("甲机构", 1, "330106"))
        .await
        .unwrap();
    let mut edit = profile("甲机构（更名）", 1, "330102");
    edit.legal_rep_id = String::new();
    let updated = s.update_firm(&f, &edit).await.unwrap();
    assert_eq!(updated.name, "甲机构（更名）");
    let mut other = profile("甲机构", 2, "330106");
    other.legal_rep_id = String::new();
    assert_eq!(
        s.update_firm(&f, &other).await.unwrap_err().fields()[0].code,
        "field.credit-code.immutable"
    );
    let mut no_commitment = edit.clone();
    no_commitment.commitment = false;
    assert_eq!(
        s.update_firm(&f, &no_commitment)
            .await
            .unwrap_err()
            .fields()[0]
            .code,
        "field.commitment.required"
    );
}

#[tokio::test]
async fn evidence_is_sniffed_attached_and_private_until_attached() {
    let (_t, s) = setup().await;
    let f = firm_account(&s, 1).await;
    // No firm yet: nowhere to keep the file.
    assert!(
        s.upload_evidence(&f, Upload::new("x.pdf", PDF.to_vec()))
            .await
            .is_err()
    );
    s.enter_firm(&f, &profile("乙机构", 1, "330106"))
        .await
        .unwrap();
    let e = s
        .upload_evidence(&f, Upload::new("x.pdf", b"<html>".to_vec()))
        .await
        .unwrap_err();
    assert_eq!(e.fields()[0].code, "field.file.kind");
    let file = s
        .upload_evidence(&f, Upload::new("../资质证书.PDF", PDF.to_vec()))
        .await
        .unwrap();
    assert_eq!(
        (file.kind.as_str(), file.name.as_str()),
        ("pdf", "资质证书.pdf")
    );
    // Not attached: the public and other firms cannot read it; its firm can.
    assert!(matches!(
        s.evidence_file(None, file.id).await,
        Err(Error::NotFound)
    ));
    let other = firm_account(&s, 2).await;
    assert!(matches!(
        s.evidence_file(Some(&other), file.id).await,
        Err(Error::NotFound)
    ));
    assert_eq!(s.evidence_file(Some(&f), file.id).await.unwrap().1, PDF);
    // Another firm cannot attach it.
    s.enter_firm(&other, &profile("丙机构", 2, "330106"))
        .await
        .unwrap();
    let q = QualificationInput {
        qual_type: "测绘资质".into(),
        grade: "甲级".into(),
        number: "甲测资字 001".into(),
        issuer: "自然资源部".into(),
        valid_from: "2024-01-01".into(),
        valid_until: "2099-12-31".into(),
        evidence_file: Some(file.id.into()),
    };
    let e = s.add_qualification(&other, &q).await.unwrap_err();
    assert_eq!(e.fields()[0].code, "field.evidence.unknown");
    // Attached: public.
    s.add_qualification(&f, &q).await.unwrap();
    assert_eq!(s.evidence_file(None, file.id).await.unwrap().1, PDF);
    // A declaration with its own file is stored in one go; a refused one leaves no file.
    let bad = QualificationInput {
        valid_until: "2000-01-01".into(),
        evidence_file: Some(Upload::new("a.pdf", PDF.to_vec()).into()),
        ..q.clone()
    };
    assert!(s.add_qualification(&f, &bad).await.is_err());
    let p = s
        .add_practitioner(
            &f,
            &PractitionerInput {
                name: "王五".into(),
                qualification: "注册测绘师".into(),
                certificate_number: "ZC-001".into(),
                valid_until: String::new(),
                evidence_file: Some(
                    Upload::new("cert.png", b"\x89PNG\r\n\x1a\n rest".to_vec()).into(),
                ),
            },
        )
        .await
        .unwrap();
    let detail = s.my_firm(&f).await.unwrap().unwrap();
    assert_eq!(detail.qualifications.len(), 1);
    assert_eq!(detail.practitioners[0].id, p.id);
    let files = zjcs_domain::store::entities::attachment::Entity::find()
        .all(&s.db)
        .await
        .unwrap();
    assert_eq!(
        files.len(),
        2,
        "the refused declaration left no file behind"
    );
}

#[tokio::test]
async fn directory_filters_order_and_stable_pages() {
    let (_t, s) = setup().await;
    let a = admin(&s).await;
    s.import_items(Some(&a), rows_from_json(DEMO_CATALOGUE_JSON).unwrap())
        .await
        .unwrap();
    let items = s.list_items(false).await.unwrap();
    let survey = items.iter().find(|i| i.name == "工程测绘").unwrap().id;
    let firms = [
        ("杭州青山测绘有限公司", "330106", true),
        ("宁波蓝海环境科技有限公司", "330203", false),
        ("南京青山安全技术有限公司", "320102", true),
        ("北京安泰工程咨询有限公司", "110105", false),
        ("Hangzhou ABC Survey Co", "330108", false),
    ];
    let mut ids = Vec::new();
    for (n, (name, region, offers_survey)) in firms.iter().enumerate() {
        let f = firm_account(&s, n).await;
        let mut p = profile(name, n, region);
        if *offers_survey {
            p.service_items = vec![survey];
        }
        ids.push(s.enter_firm(&f, &p).await.unwrap().id);
        if n == 0 {
            // One valid and one expired certificate of different types.
            for (t, until) in [("测绘资质", "2099-12-31"), ("安全评价资质", "2020-12-31")]
            {
                let q = QualificationInput {
                    qual_type: t.into(),
                    grade: "甲级".into(),
                    number: "001".into(),
                    issuer: "部".into(),
                    valid_from: "2019-01-01".into(),
                    valid_until: until.into(),
                    evidence_file: Some(Upload::new("q.pdf", PDF.to_vec()).into()),
                };
                s.add_qualification(&f, &q).await.unwrap();
            }
        }
    }
    // Give the firms distinct scores, and suspend one and black-list another.
    for (id, score, grade, status) in [
        (ids[0], 95, "A", "listed"),
        (ids[1], 85, "B", "listed"),
        (ids[2], 75, "C", "suspended"),
        (ids[3], 99, "A", "blacklisted"),
        (ids[4], 65, "D", "listed"),
    ] {
        firm::Entity::update_many()
            .col_expr(firm::Column::CreditScore, Expr::value(score))
            .col_expr(firm::Column::CreditGrade, Expr::value(grade))
            .col_expr(firm::Column::Status, Expr::value(status))
            .filter(firm::Column::Id.eq(id))
            .exec(&s.db)
            .await
            .unwrap();
    }
    // Written behind the services' back, as the credit issue's bulk jobs may: the writer says
    // so, and the directory reloads (at the next look: within 100 ms, or now when asked).
    zjcs_domain::service::directory::reload_everywhere(&s.db)
        .await
        .unwrap();
    s.refresh_directory().await.unwrap();
    for (p, want) in [
        (
            query(|p| p.region = "33".into()),
            vec![
                "杭州青山测绘有限公司",
                "宁波蓝海环境科技有限公司",
                "Hangzhou ABC Survey Co",
            ],
        ),
        (
            query(|p| p.region = "330106".into()),
            vec!["杭州青山测绘有限公司"],
        ),
        (
            query(|p| p.item = survey.to_string()),
            vec!["杭州青山测绘有限公司", "南京青山安全技术有限公司"],
        ),
        (
            query(|p| p.qualification = "测绘资质".into()),
            vec!["杭州青山测绘有限公司"],
        ),
        // The expired certificate does not count.
        (query(|p| p.qualification = "安全评价资质".into()), vec![]),
        (
            query(|p| {
                p.region = "33".into();
                p.item = survey.to_string();
                p.sort = "name".into();
            }),
            vec!["杭州青山测绘有限公司"],
        ),
        (
            query(|p| {
                p.q = "青山".into();
                p.region = "32".into();
            }),
            vec!["南京青山安全技术有限公司"],
        ),
        (
            query(|p| {
                p.q = "有限".into();
                p.qualification = "测绘资质".into();
                p.grade = "A".into();
            }),
            vec!["杭州青山测绘有限公司"],
        ),
        // The black-listed firm is not found, even by its name.
        (query(|p| p.q = "安泰".into()), vec![]),
        (
            query(|p| p.q = "abc".into()),
            vec!["Hangzhou ABC Survey Co"],
        ),
    ] {
        assert_eq!(names(&s.directory(&p).await.unwrap()), want, "{p:?}");
    }
    let all = s.directory(&query(|_| {})).await.unwrap();
    assert_eq!(
        names(&all),
        vec![
            "杭州青山测绘有限公司",
            "宁波蓝海环境科技有限公司",
            "南京青山安全技术有限公司",
            "Hangzhou ABC Survey Co"
        ],
        "by credit, black-listed absent"
    );
    assert_eq!(
        all.firms[2].status,
        zjcs_domain::model::firm::FirmStatus::Suspended
    );
    assert_eq!(
        names(&s.directory(&query(|p| p.q = "青山".into())).await.unwrap()).len(),
        2
    );
    assert_eq!(
        names(&s.directory(&query(|p| p.q = "abc".into())).await.unwrap()),
        vec!["Hangzhou ABC Survey Co"]
    );
    assert!(
        s.directory(&query(|p| p.q = "%".into()))
            .await
            .unwrap()
            .firms
            .is_empty(),
        "LIKE wildcards are literal"
    );
    assert!(
        s.directory(&query(|p| p.q = "_".into()))
            .await
            .unwrap()
            .firms
            .is_empty()
    );
    assert_eq!(
        names(
            &s.directory(&query(|p| p.region = "33".into()))
                .await
                .unwrap()
        ),
        vec![
            "杭州青山测绘有限公司",
            "宁波蓝海环境科技有限公司",
            "Hangzhou ABC Survey Co"
        ]
    );
    assert_eq!(
        names(
            &s.directory(&query(|p| p.region = "3301".into()))
                .await
                .unwrap()
        )
        .len(),
        2
    );
    assert_eq!(
        names(
            &s.directory(&query(|p| p.item = survey.to_string()))
                .await
                .unwrap()
        ),
        vec!["杭州青山测绘有限公司", "南京青山安全技术有限公司"]
    );
    assert_eq!(
        names(
            &s.directory(&query(|p| p.qualification = "测绘资质".into()))
                .await
                .unwrap()
        )
        .len(),
        1
    );
    assert!(
        s.directory(&query(|p| p.qualification = "安全评价资质".into()))
            .await
            .unwrap()
            .firms
            .is_empty(),
        "an expired certificate does not count"
    );
    assert_eq!(
        names(&s.directory(&query(|p| p.grade = "B".into())).await.unwrap()),
        vec!["宁波蓝海环境科技有限公司"]
    );
    assert_eq!(
        names(
            &s.directory(&query(|p| p.sort = "name".into()))
                .await
                .unwrap()
        ),
        vec![
            "Hangzhou ABC Survey Co",
            "杭州青山测绘有限公司",
            "南京青山安全技术有限公司",
            "宁波蓝海环境科技有限公司"
        ],
        "Latin before Chinese, Chinese in pinyin order (hang < nan < ning)"
    );
    assert_eq!(
        names(
            &s.directory(&query(|p| p.sort = "newest".into()))
                .await
                .unwrap()
        )[0],
        "Hangzhou ABC Survey Co"
    );
    // Pages of two: every firm exactly once, in the same order, for each sort; a firm that
    // enters between pages does not shift the next page.
    for (k, sort) in ["credit", "newest", "name"].into_iter().enumerate() {
        let page = |cursor: String| {
            query(move |p| {
                p.sort = sort.into();
                p.limit = Some(2);
                p.cursor = cursor;
            })
        };
        let first = s.directory(&page(String::new())).await.unwrap();
        assert_eq!(first.firms.len(), 2);
        let cursor = first.next_cursor.clone().expect("more pages");
        let f = firm_account(&s, 100 + k).await;
        s.enter_firm(&f, &profile(&format!("新入驻{sort}"), 100 + k, "330106"))
            .await
            .unwrap();
        let second = s.directory(&page(cursor)).await.unwrap();
        let whole = s.directory(&query(|p| p.sort = sort.into())).await.unwrap();
        let old = |v: Vec<String>| -> Vec<String> {
            v.into_iter().filter(|n| !n.starts_with("新入驻")).collect()
        };
        let mut paged = names(&first);
        paged.extend(names(&second));
        let paged_old = old(paged.clone());
        let whole_old = old(names(&whole));
        // The entrant may sort anywhere; the firms that were there before it are neither
        // repeated nor skipped.
        assert_eq!(
            paged_old[..],
            whole_old[..paged_old.len()],
            "{sort}: {paged:?}"
        );
        let mut dedup = paged.clone();
        dedup.sort();
        dedup.dedup();
        assert_eq!(dedup.len(), paged.len(), "{sort}: no repeats");
    }
}

#[tokio::test]
async fn name_search_follows_renames_on_every_instance() {
    let (_t, s) = setup().await;
    let f = firm_account(&s, 1).await;
    s.enter_firm(&f, &profile("杭州青山测绘有限公司", 1, "330106"))
        .await
        .unwrap();
    let g = firm_account(&s, 2).await;
    s.enter_firm(&g, &profile("宁波青山环境有限公司", 2, "330203"))
        .await
        .unwrap();
    let find = |q: &'static str| query(move |p| p.q = q.into());
    assert_eq!(s.directory(&find("青山")).await.unwrap().firms.len(), 2);
    assert_eq!(s.directory(&find("青山测")).await.unwrap().firms.len(), 1);
    assert!(s.directory(&find("绿水")).await.unwrap().firms.is_empty());
    let mut renamed = profile("杭州绿水测绘有限公司", 1, "330106");
    renamed.legal_rep_id = String::new();
    s.update_firm(&f, &renamed).await.unwrap();
    assert_eq!(
        names(&s.directory(&find("青山")).await.unwrap()),
        vec!["宁波青山环境有限公司"]
    );
    assert_eq!(
        names(&s.directory(&find("绿水")).await.unwrap()),
        vec!["杭州绿水测绘有限公司"]
    );
    // Another instance on the same database sees the rename too (its first search loads
    // everything; later it looks for changes every 100 ms, or now when asked).
    let other = Services::new(s.db.clone(), s.config.clone());
    assert_eq!(
        names(&other.directory(&find("绿水测绘")).await.unwrap()),
        vec!["杭州绿水测绘有限公司"]
    );
    s.update_firm(&f, &profile("杭州青山测绘有限公司", 1, "330106"))
        .await
        .unwrap();
    other.refresh_directory().await.unwrap();
    assert!(
        other
            .directory(&find("绿水"))
            .await
            .unwrap()
            .firms
            .is_empty()
    );
    // That took one full load (the first) and then one firm's change; a bulk load's
    // announcement, or more changes than are worth applying one by one, reload everything.
    assert_eq!(other.directory_cache.full_loads(), 1);
    zjcs_domain::service::directory::reload_everywhere(&s.db)
        .await
        .unwrap();
    other.refresh_directory().await.unwrap();
    assert_eq!(other.directory_cache.full_loads(), 2);
    let tx = zjcs_domain::store::begin_write(&s.db).await.unwrap();
    for _ in 0..2001 {
        zjcs_domain::store::directory::listing_changed(&tx, Some(Uuid::new_v4()))
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    other.refresh_directory().await.unwrap();
    assert_eq!(other.directory_cache.full_loads(), 3);
    assert_eq!(other.directory_cache.len(), 2);
    // A piece every firm has, and a single character.
    assert_eq!(s.directory(&find("有限")).await.unwrap().firms.len(), 2);
    assert_eq!(other.directory(&find("青")).await.unwrap().firms.len(), 2);
    assert!(other.directory(&find("绿")).await.unwrap().firms.is_empty());
}
