//! The imported dishonesty list (失信名单) on a real database (SQLite, or PostgreSQL with
//! ZJCS_TEST_DATABASE_URL): an import with bad rows writes nothing and names each bad row; a good
//! one refuses a listed firm's registration for a project and a listed code's entry; importing
//! a code again rewrites its entry instead of adding another, also when two imports run at once;
//! a lapsed listing refuses nothing; only regulators and administrators import, and everybody
//! reads the list.

use super::common::{self, World, world};
use chrono::{Duration, Utc};
use uuid::Uuid;
use zjcs_domain::error::Error;
use zjcs_domain::model::attachment::AttachmentRef;
use zjcs_domain::model::dishonesty::{DishonestyInput, rows_from_csv};
use zjcs_domain::model::firm::FirmProfileInput;
use zjcs_domain::model::project::china;
use zjcs_domain::model::{Actor, Role};
use zjcs_domain::rules::procedure::BidInput;
use zjcs_domain::service::catalogue::ImportOutcome;
use zjcs_domain::store::entities::{audit_entry, credit_restriction};
use zjcs_domain::store::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use zjcs_domain::testing::quick_account;

fn code(n: usize) -> String {
    common::credit_code('D', n)
}

fn profile(n: usize) -> FirmProfileInput {
    common::profile(code(n), &format!("测绘机构{n:03}"), "330106")
}

/// A firm that has entered, with the surveying qualification the project asks for.
async fn firm(w: &World, n: usize) -> Actor {
    common::entered_firm(&w.s, n, &profile(n), true).await.0
}

async fn published_project(w: &World) -> Uuid {
    let mut input = common::posting("竣工测绘", "lowest-price", 8_000_000);
    input.abnormal_percent = Some(70);
    common::publish(w, &input).await
}

fn bid() -> BidInput<AttachmentRef> {
    BidInput {
        price_fen: Some(5_000_000),
        plan_file: None,
    }
}

/// China's date `days` from today.
fn day(days: i64) -> String {
    (Utc::now().with_timezone(&china()).date_naive() + Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

fn row(n: usize, reason: &str) -> DishonestyInput {
    DishonestyInput {
        credit_code: code(n),
        name: Some(format!("失信企业{n}")),
        reason: reason.into(),
        authority: "最高人民法院".into(),
        listed_on: day(-30),
        until: None,
    }
}

fn ok(rows: Vec<DishonestyInput>) -> Vec<Result<DishonestyInput, zjcs_domain::FieldError>> {
    rows.into_iter().map(Ok).collect()
}

async fn entries_of(w: &World, n: usize) -> Vec<credit_restriction::Model> {
    credit_restriction::Entity::find()
        .filter(credit_restriction::Column::CreditCode.eq(code(n)))
        .all(&w.s.db)
        .await
        .unwrap()
}

async fn imports_audited(w: &World) -> u64 {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("dishonesty.import"))
        .count(&w.s.db)
        .await
        .unwrap()
}

/// A refused row as the test compares it: number, code, (field, problem) pairs.
type RowReport = (usize, String, Vec<(&'static str, &'static str)>);

#[tokio::test]
async fn an_import_with_bad_rows_writes_nothing_and_names_each_bad_row() {
    let w = world().await;
    let mut wrong_check = code(2);
    let last = wrong_check.pop().unwrap();
    wrong_check.push(if last == '0' { '1' } else { '0' });
    let csv = format!(
        "credit_code,name,reason,authority,listed_on,until\n\
         {c1},失信企业1,拒不履行生效判决,最高人民法院,{past},\n\
         {wrong_check},失信企业2,拒不履行生效判决,最高人民法院,{past},\n\
         {c3},失信企业3,,,{future},\n\
         {c4},失信企业4,严重违法失信,市场监督管理局,{past},{past}\n\
         {c1},失信企业1,重复,最高人民法院,{past},\n\
         {c5},失信企业5,拒不履行,生效判决,最高人民法院,{past},\n",
        c1 = code(1),
        c3 = code(3),
        c4 = code(4),
        c5 = code(5),
        past = day(-30),
        future = day(2),
    );
    let rows = rows_from_csv(&csv).unwrap();
    let e =
        w.s.import_dishonesty_list(Some(&w.regulator), rows)
            .await
            .unwrap_err();
    let Error::ImportRejected(rejected) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(e.status(), 422);
    assert_eq!(e.code(), "import-rejected");
    let report: Vec<RowReport> = rejected
        .iter()
        .map(|r| {
            (
                r.row,
                r.code.clone(),
                r.errors.iter().map(|f| (f.field, f.code)).collect(),
            )
        })
        .collect();
    assert_eq!(
        report,
        [
            (
                2,
                wrong_check.clone(),
                vec![("credit_code", "field.credit-code.checksum")]
            ),
            (
                3,
                code(3),
                vec![
                    ("reason", "field.required"),
                    ("authority", "field.required"),
                    ("listed_on", "field.date.future"),
                ]
            ),
            (
                4,
                code(4),
                vec![("until", "field.date.end-not-after-start")]
            ),
            (5, code(1), vec![("credit_code", "field.duplicate")]),
            (6, String::new(), vec![("row", "field.import.row-shape")]),
        ]
    );
    assert_eq!(
        credit_restriction::Entity::find()
            .count(&w.s.db)
            .await
            .unwrap(),
        0,
        "nothing half-imported"
    );
    assert_eq!(imports_audited(&w).await, 0);
    let list = w.s.dishonesty_list(None, 0, 100).await.unwrap();
    assert_eq!((list.total, list.entries.len()), (0, 0));
}

#[tokio::test]
async fn a_listed_firm_cannot_register_nor_a_listed_code_enter_until_the_listing_lapses() {
    let w = world().await;
    let listed = firm(&w, 1).await;
    let clean = firm(&w, 2).await;
    let pid = published_project(&w).await;

    // Code 1 has entered; code 9 has not.
    let outcome =
        w.s.import_dishonesty_list(
            Some(&w.regulator),
            ok(vec![row(1, "拒不履行生效判决"), row(9, "严重违法失信")]),
        )
        .await
        .unwrap();
    assert_eq!(
        outcome,
        ImportOutcome {
            created: 2,
            updated: 0
        }
    );
    assert_eq!(imports_audited(&w).await, 1);

    let e =
        w.s.register_for_project(&listed, pid, &bid())
            .await
            .unwrap_err();
    assert!(matches!(e, Error::Ineligible(_)), "{e:?}");
    let reasons: Vec<&str> = e.fields().iter().map(|f| f.code).collect();
    assert_eq!(reasons, ["registration.dishonest"]);
    w.s.register_for_project(&clean, pid, &bid()).await.unwrap();

    let newcomer = quick_account(&w.s.db, Role::Intermediary, 9).await;
    let e = w.s.enter_firm(&newcomer, &profile(9)).await.unwrap_err();
    assert!(
        matches!(e, Error::Restricted("credit-code-dishonest", _)),
        "{e:?}"
    );
    assert_eq!(e.status(), 403);

    // The public list, newest first by listing date; the platform's firm named where it has one.
    let list = w.s.dishonesty_list(None, 0, 100).await.unwrap();
    assert_eq!(list.total, 2);
    let one = list
        .entries
        .iter()
        .find(|e| e.credit_code == code(1))
        .unwrap();
    assert_eq!(one.firm_name.as_deref(), Some("测绘机构001"));
    assert_eq!(one.authority, "最高人民法院");
    assert_eq!(one.reason, "拒不履行生效判决");
    assert_eq!(one.listed_on.format("%Y-%m-%d").to_string(), day(-30));
    assert_eq!(one.until, None);
    let lower = code(9).to_lowercase();
    let nine = w.s.dishonesty_list(Some(&lower), 0, 100).await.unwrap();
    assert_eq!(nine.total, 1);
    assert_eq!(nine.entries[0].firm_id, None);
    let page = w.s.dishonesty_list(None, 1, 1).await.unwrap();
    assert_eq!((page.total, page.entries.len()), (2, 1));

    // Importing code 1 again (another authority, an end date) rewrites its entry.
    let mut again = row(1, "被列为严重违法失信企业");
    again.authority = "市场监督管理局".into();
    again.listed_on = day(-10);
    again.until = Some(day(365));
    let outcome =
        w.s.import_dishonesty_list(Some(&w.regulator), ok(vec![again]))
            .await
            .unwrap();
    assert_eq!(
        outcome,
        ImportOutcome {
            created: 0,
            updated: 1
        }
    );
    let entries = entries_of(&w, 1).await;
    assert_eq!(entries.len(), 1, "updated, not duplicated");
    assert_eq!(entries[0].source, "import:市场监督管理局");
    assert_eq!(entries[0].reason, "被列为严重违法失信企业");
    let one = w.s.dishonesty_list(Some(&code(1)), 0, 10).await.unwrap();
    let until = one.entries[0]
        .until
        .map(|d| d.format("%Y-%m-%d").to_string());
    assert_eq!(until, Some(day(365)), "the last day listed reads back");
    assert_eq!(one.entries[0].listed_on.to_string(), day(-10));
    assert!(
        w.s.register_for_project(&listed, pid, &bid())
            .await
            .is_err()
    );

    // Lifted: the same row with a last day in the past. It refuses nothing any more and leaves
    // the public list, and the listing stays on record.
    let mut lifted = row(1, "已履行");
    lifted.listed_on = day(-10);
    lifted.until = Some(day(-1));
    let outcome =
        w.s.import_dishonesty_list(None, ok(vec![lifted]))
            .await
            .unwrap();
    assert_eq!(outcome.updated, 1);
    w.s.register_for_project(&listed, pid, &bid())
        .await
        .unwrap();
    let list = w.s.dishonesty_list(None, 0, 100).await.unwrap();
    assert_eq!(list.total, 1);
    assert_eq!(list.entries[0].credit_code, code(9));
    assert_eq!(entries_of(&w, 1).await.len(), 1);

    // Listed again later: a new entry beside the lapsed one.
    let outcome =
        w.s.import_dishonesty_list(None, ok(vec![row(1, "再次失信")]))
            .await
            .unwrap();
    assert_eq!(outcome.created, 1);
    assert_eq!(entries_of(&w, 1).await.len(), 2);

    // A listing that has already lapsed when imported is kept but refuses nothing.
    let mut old = row(8, "历史记录");
    old.listed_on = day(-400);
    old.until = Some(day(-35));
    w.s.import_dishonesty_list(None, ok(vec![old]))
        .await
        .unwrap();
    let eight = quick_account(&w.s.db, Role::Intermediary, 8).await;
    w.s.enter_firm(&eight, &profile(8)).await.unwrap();
    assert_eq!(imports_audited(&w).await, 5);
}

#[tokio::test]
async fn regulators_and_administrators_import_and_a_listing_starts_at_china_midnight() {
    let w = world().await;
    let admin = quick_account(&w.s.db, Role::Admin, 1).await;
    let firm = quick_account(&w.s.db, Role::Intermediary, 1).await;
    for who in [&w.owner, &firm] {
        let e =
            w.s.import_dishonesty_list(Some(who), ok(vec![row(1, "失信")]))
                .await
                .unwrap_err();
        assert!(matches!(e, Error::Forbidden), "{e:?}");
    }
    let mut r = row(1, "失信");
    r.listed_on = "2026-01-15".into();
    r.until = Some("2026-03-31".into());
    w.s.import_dishonesty_list(Some(&admin), ok(vec![r]))
        .await
        .unwrap();
    let e = &entries_of(&w, 1).await[0];
    assert_eq!(e.kind, "dishonest");
    assert_eq!(e.starts_at.to_rfc3339(), "2026-01-14T16:00:00+00:00");
    assert_eq!(
        e.ends_at.map(|t| t.to_rfc3339()),
        Some("2026-03-31T16:00:00+00:00".into())
    );
}

#[tokio::test]
async fn imports_at_the_same_time_never_list_a_code_twice() {
    let w = world().await;
    for round in 0..5 {
        let n = 20 + round;
        let (a, b) = tokio::join!(
            w.s.import_dishonesty_list(None, ok(vec![row(n, "甲")])),
            w.s.import_dishonesty_list(None, ok(vec![row(n, "乙")])),
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        assert_eq!(
            (a.created + b.created, a.updated + b.updated),
            (1, 1),
            "one adds the entry, the other rewrites it"
        );
        assert_eq!(entries_of(&w, n).await.len(), 1);
    }
}

#[tokio::test]
async fn a_firm_listed_after_registering_has_its_open_registration_withdrawn() {
    use zjcs_domain::store::entities::{outbox, registration};
    let w = world().await;
    let later = firm(&w, 3).await;
    let pid = published_project(&w).await;
    w.s.register_for_project(&later, pid, &bid()).await.unwrap();
    w.s.import_dishonesty_list(Some(&w.regulator), ok(vec![row(3, "严重违法失信")]))
        .await
        .unwrap();
    let regs = registration::Entity::find().all(&w.s.db).await.unwrap();
    assert_eq!(regs.len(), 1);
    assert_eq!(regs[0].status, "withdrawn");
    let told = outbox::Entity::find()
        .all(&w.s.db)
        .await
        .unwrap()
        .iter()
        .filter(|m| m.subject.contains("失信名单"))
        .count();
    assert_eq!(told, 1, "the owner is told");
    // Importing the same row again withdraws nothing more and tells nobody again.
    w.s.import_dishonesty_list(Some(&w.regulator), ok(vec![row(3, "严重违法失信")]))
        .await
        .unwrap();
    let told_again = outbox::Entity::find()
        .all(&w.s.db)
        .await
        .unwrap()
        .iter()
        .filter(|m| m.subject.contains("失信名单"))
        .count();
    assert_eq!(told_again, 1);
}
