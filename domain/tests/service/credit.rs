//! Credit on a real database (SQLite, or PostgreSQL with ZJCS_TEST_DATABASE_URL): events recorded
//! by a regulator move a firm's score and grade at once; grade E suspends registration with a
//! refusal that names the end date, and after the period waits for a repair; a veto black-lists
//! the firm, withdraws its open registrations, and follows its legal representative; a policy
//! change rescores every firm; old events drop out of the window; the expiry job carries out each
//! transition once across instances; the full recompute agrees with the incremental one.

use super::common::{self, World, mails_to as mails, services, world};
use chrono::{Duration, Months, Utc};
use uuid::Uuid;
use zjcs_domain::error::Error;
use zjcs_domain::i18n::Lang;
use zjcs_domain::model::Actor;
use zjcs_domain::model::attachment::AttachmentRef;
use zjcs_domain::rules::credit::Grade;
use zjcs_domain::rules::credit_ledger::CreditPolicy;
use zjcs_domain::rules::procedure::BidInput;
use zjcs_domain::rules::standing::end_of_china_day;
use zjcs_domain::service::credit::ManualEntry;
use zjcs_domain::store::entities::{credit_event, firm, registration};
use zjcs_domain::store::{ColumnTrait, EntityTrait, Expr, QueryFilter};

fn code(n: usize) -> String {
    common::credit_code('C', n)
}

/// A qualified firm whose legal representative has the ID number `rep` (a valid one).
async fn firm_of(w: &World, n: usize, rep: &str) -> (Actor, Uuid) {
    let mut p = common::profile(code(n), &format!("信用测试机构{n:03}"), "330106");
    p.legal_rep_id = rep.into();
    common::entered_firm(&w.s, n, &p, true).await
}

/// ID numbers with valid check digits, one per legal representative.
const REP_A: &str = "11010519491231002X";
const REP_B: &str = "110105194912310038";
const REP_C: &str = "110105194912310046";

async fn publish(w: &World) -> Uuid {
    let mut input = common::posting("竣工测绘（信用）", "random-draw", 5_000_000);
    input.scope = "竣工测量".into();
    input.required_qualifications[0].grades = vec!["乙级".into()];
    common::publish(w, &input).await
}

fn manual(points: i32, reason: &str) -> ManualEntry {
    ManualEntry {
        kind: "manual".into(),
        points: Some(points),
        veto_item: None,
        reason: reason.into(),
        project_id: None,
    }
}

fn veto(item: &str) -> ManualEntry {
    ManualEntry {
        kind: "veto".into(),
        points: None,
        veto_item: Some(item.into()),
        reason: "经查实提供虚假业绩材料".into(),
        project_id: None,
    }
}

/// Moves a firm's credit clock back: its events and its fall to grade E happened `months` ago.
async fn age(w: &World, firm_id: Uuid, months: u32) {
    let back = |t: chrono::DateTime<Utc>| t.checked_sub_months(Months::new(months)).unwrap();
    for e in credit_event::Entity::find()
        .filter(credit_event::Column::FirmId.eq(firm_id))
        .all(&w.s.db)
        .await
        .unwrap()
    {
        credit_event::Entity::update_many()
            .col_expr(
                credit_event::Column::CreatedAt,
                Expr::value(back(e.created_at)),
            )
            .filter(credit_event::Column::Id.eq(e.id))
            .exec(&w.s.db)
            .await
            .unwrap();
    }
    let f = firm::Entity::find_by_id(firm_id)
        .one(&w.s.db)
        .await
        .unwrap()
        .unwrap();
    firm::Entity::update_many()
        .col_expr(
            firm::Column::GradeESince,
            Expr::value(f.grade_e_since.map(back)),
        )
        .col_expr(
            firm::Column::SuspendedUntil,
            Expr::value(f.suspended_until.map(back)),
        )
        .col_expr(
            firm::Column::BlacklistedUntil,
            Expr::value(f.blacklisted_until.map(back)),
        )
        .filter(firm::Column::Id.eq(firm_id))
        .exec(&w.s.db)
        .await
        .unwrap();
}

#[tokio::test]
async fn grade_e_suspends_with_its_end_date_and_then_waits_for_a_repair() {
    let w = world().await;
    let (firm_actor, f) = firm_of(&w, 1, REP_A).await;
    let pid = publish(&w).await;

    // Only a regulator records; a reason is required; points within ±50.
    let e =
        w.s.record_credit_entry(&w.owner, f, manual(-10, "x"))
            .await
            .unwrap_err();
    assert!(matches!(e, Error::Forbidden), "{e:?}");
    let e =
        w.s.record_credit_entry(&w.regulator, f, manual(-60, " "))
            .await
            .unwrap_err();
    let fields: Vec<_> = e.fields().iter().map(|f| f.code).collect();
    assert_eq!(
        fields,
        ["field.reason.required", "field.credit-points.manual-range"]
    );

    let c =
        w.s.record_credit_entry(&w.regulator, f, manual(-25, "多次无故拖延提交成果"))
            .await
            .unwrap();
    assert_eq!(
        (c.score, c.grade, c.status.as_str()),
        (75, Grade::C, "listed")
    );
    let c =
        w.s.record_credit_entry(&w.regulator, f, manual(-20, "现场检查发现成果质量问题"))
            .await
            .unwrap();
    assert_eq!(
        (c.score, c.grade, c.status.as_str()),
        (55, Grade::E, "suspended")
    );
    // Six months on, to the end of that day in China (24:00 China time).
    let until = c.suspended_until.expect("a suspension end");
    let expected = end_of_china_day(Utc::now().checked_add_months(Months::new(6)).unwrap());
    assert!((until - expected).num_seconds().abs() < 60, "{until}");
    assert_eq!((until + Duration::hours(8)).time(), chrono::NaiveTime::MIN);
    assert_eq!(c.events.len(), 2);
    assert_eq!(c.events[0].reason, "现场检查发现成果质量问题");
    assert_eq!(mails(&w, "暂停报名").await, 1);

    // Its next registration is refused, naming the suspension and its last day.
    let bid = BidInput::<AttachmentRef>::default();
    let e =
        w.s.register_for_project(&firm_actor, pid, &bid)
            .await
            .unwrap_err();
    let refusal = e.fields()[0].clone();
    assert_eq!(refusal.code, "registration.suspended");
    let last_day = (until + Duration::hours(8) - Duration::seconds(1))
        .format("%Y-%m-%d")
        .to_string();
    assert!(
        refusal.message(Lang::Zh).contains(&last_day),
        "{}",
        refusal.message(Lang::Zh)
    );
    assert!(refusal.message(Lang::En).contains(&last_day));

    // Seven months on, the suspension is over but the grade is still E: a repair is needed.
    age(&w, f, 7).await;
    assert_eq!(w.s.expire_credit_restrictions().await.unwrap(), 1);
    let c = w.s.firm_credit(f).await.unwrap();
    assert_eq!(
        (c.status.as_str(), c.suspended_until, c.repair_needed),
        ("suspended", None, true)
    );
    let e =
        w.s.register_for_project(&firm_actor, pid, &bid)
            .await
            .unwrap_err();
    assert_eq!(e.fields()[0].code, "registration.repair-needed");
    // Nothing more to expire: the job is idempotent.
    assert_eq!(w.s.expire_credit_restrictions().await.unwrap(), 0);

    // The firm applies for a repair (a statement required; one pending at a time); a refusal,
    // then an approval lists it again at grade D.
    let e =
        w.s.apply_for_repair(&firm_actor, " ", None)
            .await
            .unwrap_err();
    assert_eq!(e.fields()[0].code, "field.reason.required");
    let r =
        w.s.apply_for_repair(&firm_actor, "已完成质量管理整改并通过内审", None)
            .await
            .unwrap();
    assert_eq!(r.status.as_str(), "pending");
    let e =
        w.s.apply_for_repair(&firm_actor, "再次申请", None)
            .await
            .unwrap_err();
    assert!(matches!(e, Error::Conflict("repair-pending", _)), "{e:?}");
    let e =
        w.s.decide_repair(&firm_actor, r.id, true, "同意")
            .await
            .unwrap_err();
    assert!(matches!(e, Error::Forbidden));
    let queue = w.s.repairs(&w.regulator, true).await.unwrap();
    assert_eq!(queue.len(), 1);
    let refused =
        w.s.decide_repair(&w.regulator, r.id, false, "整改材料不完整")
            .await
            .unwrap();
    assert_eq!(refused.status.as_str(), "refused");
    assert_eq!(mails(&w, "信用修复申请未通过").await, 1);
    let e =
        w.s.decide_repair(&w.regulator, r.id, true, "同意")
            .await
            .unwrap_err();
    assert!(matches!(e, Error::Conflict("repair-decided", _)));
    let r =
        w.s.apply_for_repair(&firm_actor, "补充提交内审报告与整改台账", None)
            .await
            .unwrap();
    let approved =
        w.s.decide_repair(&w.regulator, r.id, true, "整改到位，准予修复")
            .await
            .unwrap();
    assert_eq!(
        (
            approved.status.as_str(),
            approved.grade.as_str(),
            approved.score
        ),
        ("approved", "D", 60)
    );
    assert_eq!(mails(&w, "信用修复申请已通过").await, 1);
    let c = w.s.firm_credit(f).await.unwrap();
    assert_eq!(
        (c.status.as_str(), c.warning, c.repair_needed),
        ("listed", true, false)
    );
    assert_eq!(
        (c.events[0].kind.as_str(), c.events[0].points),
        ("repair", 5)
    );
    assert_eq!(c.events[0].reason, "整改到位，准予修复");
    // It may register again; a listed firm has nothing to repair.
    w.s.register_for_project(&firm_actor, pid, &bid)
        .await
        .unwrap();
    let e =
        w.s.apply_for_repair(&firm_actor, "再次申请", None)
            .await
            .unwrap_err();
    assert!(matches!(e, Error::Conflict("repair-not-needed", _)));
}

#[tokio::test]
async fn a_veto_black_lists_withdraws_registrations_and_follows_the_legal_representative() {
    let w = world().await;
    let (a_actor, a) = firm_of(&w, 11, REP_B).await;
    let (b_actor, _b) = firm_of(&w, 12, REP_B).await;
    let (_, other) = firm_of(&w, 13, REP_C).await;
    let pid = publish(&w).await;
    let bid = BidInput::<AttachmentRef>::default();
    w.s.register_for_project(&a_actor, pid, &bid).await.unwrap();

    let e =
        w.s.record_credit_entry(&w.regulator, a, veto("forgery"))
            .await
            .unwrap_err();
    assert_eq!(e.fields()[0].code, "field.veto-item.unknown");
    let c =
        w.s.record_credit_entry(&w.regulator, a, veto("fraud"))
            .await
            .unwrap();
    assert_eq!((c.grade, c.status.as_str()), (Grade::E, "blacklisted"));
    assert_eq!(c.events[0].veto_item.map(|v| v.as_str()), Some("fraud"));
    let until = c.blacklisted_until.unwrap();
    assert!(
        (until - end_of_china_day(Utc::now().checked_add_months(Months::new(36)).unwrap()))
            .num_seconds()
            .abs()
            < 60
    );

    // Its open registration is withdrawn and the owner told.
    let r = registration::Entity::find()
        .filter(registration::Column::FirmId.eq(a))
        .one(&w.s.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.status, "withdrawn");
    assert_eq!(mails(&w, "报名撤回").await, 1);
    assert_eq!(mails(&w, "贵机构被列入黑名单").await, 1);

    // Published on the black list, with the firm its legal representative also represents.
    let list = w.s.blacklist().await.unwrap();
    let codes: Vec<&str> = list.iter().map(|e| e.credit_code.as_str()).collect();
    assert!(codes.contains(&code(11).as_str()), "{codes:?}");
    assert!(codes.contains(&code(12).as_str()), "{codes:?}");
    assert!(!codes.contains(&code(13).as_str()), "{codes:?}");
    // That firm may not register; a firm with another representative may.
    let e =
        w.s.register_for_project(&b_actor, pid, &bid)
            .await
            .unwrap_err();
    assert_eq!(
        e.fields()[0].code,
        "registration.blacklisted-representative"
    );
    let _ = other;
    // A firm entered later by the same representative inherits the restriction.
    let (late_actor, _) = firm_of(&w, 15, REP_B).await;
    let e =
        w.s.register_for_project(&late_actor, pid, &bid)
            .await
            .unwrap_err();
    assert_eq!(
        e.fields()[0].code,
        "registration.blacklisted-representative"
    );
    let codes: Vec<String> =
        w.s.blacklist()
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.credit_code)
            .collect();
    assert!(codes.contains(&code(15)), "{codes:?}");
    // The market page no longer counts it among the firms in the marketplace, nor the firms
    // restricted through its legal representative: one standing, on every face.
    let market = w.s.credit_market().await.unwrap();
    let total: u64 = market.grades.iter().map(|(_, n)| n).sum();
    assert_eq!(total, 1, "{market:?}");
}

#[tokio::test]
async fn a_policy_change_rescores_every_firm_and_keeps_recorded_points() {
    let w = world().await;
    let (_, f1) = firm_of(&w, 21, REP_A).await;
    let (_, f2) = firm_of(&w, 22, REP_C).await;
    w.s.record_credit_entry(&w.regulator, f1, manual(-12, "资料不全"))
        .await
        .unwrap();
    assert_eq!(w.s.firm_credit(f1).await.unwrap().grade, Grade::B);
    assert_eq!(w.s.credit_policy().await.unwrap().policy.version, 1);

    // Only an administrator; every bad field named; a reason required.
    let stricter = CreditPolicy {
        lines: [95, 90, 80, 70],
        base: 100,
        ..CreditPolicy::default()
    };
    let e =
        w.s.set_credit_policy(&w.regulator, stricter.clone(), "收紧")
            .await
            .unwrap_err();
    assert!(matches!(e, Error::Forbidden));
    let bad = CreditPolicy {
        lines: [60, 70, 80, 90],
        ..CreditPolicy::default()
    };
    let e = w.s.set_credit_policy(&w.admin, bad, "").await.unwrap_err();
    let fields: Vec<_> = e.fields().iter().map(|f| f.field).collect();
    assert_eq!(fields, ["lines", "reason"]);

    let (view, done) =
        w.s.set_credit_policy(&w.admin, stricter, "按年度考核要求收紧等级线")
            .await
            .unwrap();
    assert_eq!(view.policy.version, 2);
    assert_eq!(view.policy.lines, [95, 90, 80, 70]);
    assert_eq!(done.firms, 2);
    assert!(done.changed >= 1, "{done:?}");
    // 88 was B; under the new lines it is C. The untouched firm keeps A (100 ≥ 95).
    let c1 = w.s.firm_credit(f1).await.unwrap();
    assert_eq!((c1.score, c1.grade, c1.policy_version), (88, Grade::C, 2));
    assert_eq!(
        c1.events[0].policy_version, 1,
        "recorded points keep their version"
    );
    assert_eq!(w.s.firm_credit(f2).await.unwrap().grade, Grade::A);
    // A new event is scored and stamped by the new version.
    let c1 =
        w.s.record_credit_entry(&w.regulator, f1, manual(2, "主动整改"))
            .await
            .unwrap();
    assert_eq!((c1.score, c1.events[0].policy_version), (90, 2));
}

#[tokio::test]
async fn old_events_weigh_half_then_drop_out_of_the_window() {
    let w = world().await;
    let (_, f) = firm_of(&w, 31, REP_A).await;
    w.s.record_credit_entry(&w.regulator, f, manual(-10, "逾期未整改"))
        .await
        .unwrap();
    assert_eq!(w.s.firm_credit(f).await.unwrap().score, 90);
    age(&w, f, 13).await;
    let done = w.s.recompute_credit_at(Utc::now()).await.unwrap();
    assert_eq!(done.changed, 1, "{done:?}");
    assert_eq!(w.s.firm_credit(f).await.unwrap().score, 95);
    age(&w, f, 12).await;
    w.s.recompute_credit_at(Utc::now()).await.unwrap();
    let c = w.s.firm_credit(f).await.unwrap();
    assert_eq!((c.score, c.grade), (100, Grade::A));
    // The event stays on the public ledger.
    assert_eq!(c.events.len(), 1);
}

#[tokio::test]
async fn the_expiry_job_lifts_a_black_listing_once_across_two_instances() {
    let w = world().await;
    let (_, f) = firm_of(&w, 41, REP_A).await;
    // A firm of the same legal representative, black-listed with it.
    let (_, follower) = firm_of(&w, 42, REP_A).await;
    w.s.record_credit_entry(&w.regulator, f, veto("bid-rigging"))
        .await
        .unwrap();
    assert_eq!(
        w.s.firm_credit(follower).await.unwrap().status.as_str(),
        "blacklisted"
    );
    age(&w, f, 37).await;
    let other = services(&w.t.db);
    let (one, two) = tokio::join!(
        w.s.expire_credit_restrictions(),
        other.expire_credit_restrictions()
    );
    assert_eq!(
        one.unwrap() + two.unwrap(),
        1,
        "exactly one instance lifts it"
    );
    let c = w.s.firm_credit(f).await.unwrap();
    assert_eq!((c.status.as_str(), c.grade), ("listed", Grade::A));
    // What followed the legal representative ends with it, in the same transition.
    let c = w.s.firm_credit(follower).await.unwrap();
    assert_eq!((c.status.as_str(), c.bars.len()), ("listed", 0));
    assert_eq!(mails(&w, "恢复报名资格").await, 2);
    assert!(w.s.blacklist().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_full_recompute_agrees_with_the_incremental_one() {
    let w = world().await;
    let reps = [REP_A, REP_B, REP_C];
    let mut firms = Vec::new();
    for n in 0..6 {
        firms.push(firm_of(&w, 50 + n, reps[n % 3]).await.1);
    }
    for (i, f) in firms.iter().enumerate() {
        for k in 0..=i {
            let points = if (i + k) % 2 == 0 { -7 } else { 3 };
            w.s.record_credit_entry(&w.regulator, *f, manual(points, "抽查"))
                .await
                .unwrap();
        }
    }
    let before: Vec<(i32, Grade, zjcs_domain::model::firm::FirmStatus)> = {
        let mut v = Vec::new();
        for f in &firms {
            let c = w.s.firm_credit(*f).await.unwrap();
            v.push((c.score, c.grade, c.status));
        }
        v
    };
    // Nothing to change: the stored credit is what the ledger gives.
    let done = w.s.recompute_credit_at(Utc::now()).await.unwrap();
    assert_eq!((done.firms, done.changed), (6, 0), "{done:?}");
    assert_eq!(done.events, 21);
    // Scramble the stored scores; the recompute restores every one.
    firm::Entity::update_many()
        .col_expr(firm::Column::CreditScore, Expr::value(0))
        .col_expr(firm::Column::CreditGrade, Expr::value("E"))
        .exec(&w.s.db)
        .await
        .unwrap();
    let done = w.s.recompute_credit_at(Utc::now()).await.unwrap();
    assert_eq!(done.changed, 6, "{done:?}");
    for (f, want) in firms.iter().zip(&before) {
        let c = w.s.firm_credit(*f).await.unwrap();
        assert_eq!(&(c.score, c.grade, c.status), want);
    }
}
