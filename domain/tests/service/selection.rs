//! From registration to contract on a real database (SQLite, or PostgreSQL with
//! ZJCS_TEST_DATABASE_URL): eligibility with every reason, sealed bids and receipts, the closing
//! job (exactly once, also across instances and around the deadline), each selection method,
//! objections, refusal to sign, contract, failure and republication, and substantive edits.

use super::common::{self, PDF, World, mails_to, publish, services, world};
use chrono::{Duration, Utc};
use std::collections::{BTreeSet, HashSet};
use uuid::Uuid;
use zjcs_domain::error::Error;
use zjcs_domain::model::attachment::{AttachmentRef, Upload};
use zjcs_domain::model::project::{AvoidInput, ProjectInput, ProjectStatus, china};
use zjcs_domain::model::{Actor, Role};
use zjcs_domain::rules::delivery::DeliveryStep;
use zjcs_domain::rules::procedure::{BidInput, bid_receipt};
use zjcs_domain::service::Services;
use zjcs_domain::service::procurement::{ContractInput, NextStep};
use zjcs_domain::store::entities::{credit_event, firm, registration};
use zjcs_domain::store::{ColumnTrait, EntityTrait, Expr, PaginatorTrait, QueryFilter};
use zjcs_domain::testing::{end_notice, move_deadline, quick_account};

fn code(n: usize) -> String {
    common::credit_code('B', n)
}

/// A firm that has entered; with the surveying qualification when `qualified`.
async fn firm(w: &World, n: usize, qualified: bool) -> (Actor, Uuid) {
    let p = common::profile(code(n), &format!("测绘机构{n:03}"), "330106");
    common::entered_firm(&w.s, n, &p, qualified).await
}

fn posting(method: &str, budget_fen: i64) -> ProjectInput {
    let mut p = common::posting(&format!("竣工测绘（{method}）"), method, budget_fen);
    match method {
        "credit-preferred" => {
            p.long_list = Some(3);
            p.short_list = Some(2);
        }
        "lowest-price" => p.abnormal_percent = Some(70),
        "comprehensive" => {
            p.weight_price = Some(30);
            p.weight_plan = Some(60);
            p.weight_credit = Some(10);
        }
        _ => {}
    }
    p
}

async fn close(w: &World, project: Uuid) {
    move_deadline(&w.s.db, project, Utc::now() - Duration::seconds(1)).await;
    assert!(w.s.close_project(project).await.unwrap(), "closed once");
    assert!(
        !w.s.close_project(project).await.unwrap(),
        "a second close does nothing"
    );
}

async fn migration_connection(w: &World) -> zjcs_domain::store::Db {
    common::migration_connection(&w.t.url).await
}

/// A stored registration's price, opened with the seal key (the row holds it sealed).
fn sealed_price(w: &World, r: &registration::Model) -> Option<i64> {
    let sealed = r.sealed_bid.as_deref().expect("the bid is sealed");
    zjcs_domain::rules::seal::open_bid(&w.s.config.seal_key, &r.id, sealed)
        .expect("opens with the seal key")
        .price_fen
}

fn price(p: i64) -> BidInput<AttachmentRef> {
    BidInput {
        price_fen: Some(p),
        plan_file: None,
    }
}

fn no_bid() -> BidInput<AttachmentRef> {
    BidInput::default()
}

async fn contract(w: &World, project: Uuid) {
    let doc =
        w.s.upload_document(&w.owner, Upload::new("合同.pdf", PDF.to_vec()))
            .await
            .unwrap();
    let today = Utc::now().with_timezone(&china()).format("%Y-%m-%d");
    let input = ContractInput {
        signed_on: today.to_string(),
        price_fen: 3_000_000,
        service_days: 20,
        terms: "按公告服务内容，20 个工作日内交付成果".into(),
        document: Some(doc.id.into()),
    };
    // Not during the notice period.
    let e =
        w.s.record_contract(&w.owner, project, &input)
            .await
            .unwrap_err();
    assert!(matches!(e, Error::Conflict("notice-running", _)), "{e:?}");
    end_notice(&w.s.db, project).await;
    let v =
        w.s.record_contract(&w.owner, project, &input)
            .await
            .unwrap();
    assert_eq!(v.status, ProjectStatus::Contracted);
    assert_eq!(v.next, NextStep::Contracted);
    let a = v.awards.last().unwrap();
    assert_eq!(a.status.as_str(), "contracted");
    assert_eq!(a.contract_document, Some(doc.id));
}

fn codes(e: &Error) -> Vec<&'static str> {
    e.fields().iter().map(|f| f.code).collect()
}

#[tokio::test]
async fn registration_gives_every_reason_and_bids_stay_sealed_until_the_deadline() {
    let w = world().await;
    let (a, a_id) = firm(&w, 1, true).await;
    let (b, b_id) = firm(&w, 2, true).await;
    let (unqualified, _) = firm(&w, 3, false).await;
    let (avoided, avoided_id) = firm(&w, 4, true).await;
    let (tied, _) = firm(&w, 5, true).await;
    w.s.add_affiliation(&tied, "市自然资源和规划局", "supervised-by", "")
        .await
        .unwrap();
    let mut input = posting("lowest-price", 8_000_000);
    input.avoid = vec![AvoidInput {
        firm: avoided_id.to_string(),
        reason: "曾为本项目编制前期方案".into(),
    }];
    let pid = publish(&w, &input).await;

    // Every reason, each named.
    let e =
        w.s.register_for_project(&unqualified, pid, &price(5_000_000))
            .await
            .unwrap_err();
    assert!(matches!(e, Error::Ineligible(_)));
    assert_eq!(codes(&e), ["registration.qualification-missing"]);
    let e =
        w.s.register_for_project(&avoided, pid, &price(5_000_000))
            .await
            .unwrap_err();
    assert_eq!(codes(&e), ["registration.avoided"]);
    let e =
        w.s.register_for_project(&tied, pid, &price(5_000_000))
            .await
            .unwrap_err();
    assert_eq!(codes(&e), ["registration.tied-to-department"]);
    // The bid must suit the method.
    let e =
        w.s.register_for_project(&a, pid, &no_bid())
            .await
            .unwrap_err();
    assert_eq!(codes(&e), ["field.bid.price-required"]);
    let e =
        w.s.register_for_project(&a, pid, &price(8_000_001))
            .await
            .unwrap_err();
    assert_eq!(codes(&e), ["field.bid.above-cap"]);
    // Owners do not register.
    assert!(matches!(
        w.s.register_for_project(&w.owner, pid, &price(1)).await,
        Err(Error::Forbidden)
    ));

    // A registers; the receipt is the hash of its bid; once only.
    let r =
        w.s.register_for_project(&a, pid, &price(7_654_321))
            .await
            .unwrap();
    assert_eq!(
        r.receipt,
        bid_receipt(
            &pid.to_string(),
            &a_id.to_string(),
            Some(7_654_321),
            None,
            &r.nonce
        )
    );
    let e =
        w.s.register_for_project(&a, pid, &price(7_000_000))
            .await
            .unwrap_err();
    assert_eq!(codes(&e), ["registration.already-registered"]);
    // Replace: a new receipt; withdraw and register again.
    let replaced = w.s.replace_bid(&a, pid, &price(6_500_000)).await.unwrap();
    assert_ne!(replaced.receipt, r.receipt);
    let withdrawn = w.s.withdraw_registration(&a, pid).await.unwrap();
    assert_eq!(withdrawn.status.as_str(), "withdrawn");
    let r =
        w.s.register_for_project(&a, pid, &price(6_543_217))
            .await
            .unwrap();
    w.s.register_for_project(&b, pid, &price(7_123_457))
        .await
        .unwrap();
    assert_eq!(mails_to(&w, "报名成功").await, 3);
    assert_eq!(mails_to(&w, "报价已更换").await, 1);

    // Sealed: the public, the owner and a regulator see no bid, no count, no name; the draw
    // does not exist; each firm sees only its own.
    let regulator = quick_account(&w.s.db, Role::Regulator, 9).await;
    for viewer in [None, Some(&w.owner), Some(&regulator)] {
        let v = w.s.project_selection(viewer, pid).await.unwrap();
        assert!(v.bids.is_empty() && v.ranking.is_empty() && v.awards.is_empty());
        assert_eq!(v.next, NextStep::NotClosed);
    }
    let e = w.s.project_draw(pid).await.unwrap_err();
    assert!(matches!(e, Error::Conflict("not-drawn", _)));
    assert_eq!(
        w.s.my_registration(&b, pid)
            .await
            .unwrap()
            .unwrap()
            .price_fen,
        Some(7_123_457)
    );
    let project_json = serde_json::to_string(&w.s.project(None, pid).await.unwrap()).unwrap();
    assert!(!project_json.contains("6543217") && !project_json.contains("7123457"));

    // The deadline passes: no more bids; the bids are opened.
    move_deadline(&w.s.db, pid, Utc::now() - Duration::seconds(1)).await;
    let e = w.s.replace_bid(&a, pid, &price(1_000)).await.unwrap_err();
    assert_eq!(codes(&e), ["registration.deadline-passed"]);
    let e = w.s.withdraw_registration(&b, pid).await.unwrap_err();
    assert_eq!(codes(&e), ["registration.deadline-passed"]);
    assert!(w.s.close_project(pid).await.unwrap());
    let v = w.s.project_selection(None, pid).await.unwrap();
    let opened: Vec<(Uuid, Option<i64>)> =
        v.bids.iter().map(|b| (b.firm_id, b.price_fen)).collect();
    assert_eq!(opened.len(), 2);
    assert!(opened.contains(&(a_id, Some(6_543_217))));
    assert!(opened.contains(&(b_id, Some(7_123_457))));
    // The firm checks its receipt against the opened bid.
    let mine = v.bids.iter().find(|x| x.firm_id == a_id).unwrap();
    assert_eq!(
        bid_receipt(
            &pid.to_string(),
            &a_id.to_string(),
            mine.price_fen,
            None,
            &mine.nonce
        ),
        r.receipt
    );
    // Lowest price awards at once (6,543,217 is not abnormally low against 7,123,457).
    assert_eq!(v.status, ProjectStatus::Awarded);
    assert_eq!(v.awards[0].firm_id, a_id);
    assert_eq!(v.awards[0].price_fen, 6_543_217);
    let d = w.s.project_draw(pid).await.unwrap();
    assert!(d.verify().unwrap().ok());
    assert_eq!(d.entries.len(), 2);
}

#[tokio::test]
async fn direct_selection_the_owner_picks_with_a_reason() {
    let w = world().await;
    let (a, _) = firm(&w, 1, true).await;
    let (_b, b_id) = firm(&w, 2, true).await;
    let pid = publish(&w, &posting("direct", 4_000_000)).await;
    w.s.register_for_project(&a, pid, &no_bid()).await.unwrap();
    let (b, _) = (_b, ());
    w.s.register_for_project(&b, pid, &no_bid()).await.unwrap();
    close(&w, pid).await;
    let v = w.s.project_selection(Some(&w.owner), pid).await.unwrap();
    assert_eq!(v.status, ProjectStatus::Selecting);
    let NextStep::OwnerPicks { choices } = &v.next else {
        panic!("{:?}", v.next)
    };
    assert_eq!(choices.len(), 2);
    // A reason is required; an outsider cannot be picked; another owner cannot pick.
    assert!(matches!(
        w.s.award(&w.owner, pid, b_id, " ").await,
        Err(Error::Validation(_))
    ));
    assert!(matches!(
        w.s.award(&w.owner, pid, Uuid::new_v4(), "理由").await,
        Err(Error::Conflict("not-selectable", _))
    ));
    let other_owner = quick_account(&w.s.db, Role::Owner, 7).await;
    assert!(matches!(
        w.s.award(&other_owner, pid, b_id, "理由").await,
        Err(Error::NotFound)
    ));
    let v =
        w.s.award(&w.owner, pid, b_id, "熟悉本地块历史资料")
            .await
            .unwrap();
    assert_eq!(v.status, ProjectStatus::Awarded);
    assert_eq!(v.awards[0].firm_id, b_id);
    assert_eq!(v.awards[0].reason, "熟悉本地块历史资料");
    assert_eq!(mails_to(&w, "贵机构中选").await, 1);
    assert_eq!(mails_to(&w, "中选公示：竣工测绘").await, 1);
    contract(&w, pid).await;
}

#[tokio::test]
async fn random_draw_objection_upheld_then_refusal_then_contract() {
    let w = world().await;
    let mut firms = Vec::new();
    for n in 1..=3 {
        firms.push(firm(&w, n, true).await);
    }
    let pid = publish(&w, &posting("random-draw", 8_000_000)).await;
    for (a, _) in &firms {
        w.s.register_for_project(a, pid, &no_bid()).await.unwrap();
    }
    close(&w, pid).await;
    let d = w.s.project_draw(pid).await.unwrap();
    assert!(d.verify().unwrap().ok());
    assert_eq!(d.pick, 3);
    let order: Vec<Uuid> = d.result.iter().map(|x| x.parse().unwrap()).collect();
    let v = w.s.project_selection(None, pid).await.unwrap();
    assert_eq!(v.status, ProjectStatus::Awarded);
    assert_eq!(v.awards[0].firm_id, order[0], "the first drawn wins");
    // The second drawn objects; the owner upholds it: the next drawn is awarded.
    let actor_of = |id: Uuid| firms.iter().find(|(_, f)| *f == id).unwrap().0;
    // The winner does not object to its own award.
    assert!(matches!(
        w.s.object_to_award(&actor_of(order[0]), pid, "自己的")
            .await,
        Err(Error::Forbidden)
    ));
    let o =
        w.s.object_to_award(&actor_of(order[1]), pid, "中选机构的资质证书已过期")
            .await
            .unwrap();
    // Contract waits for the objection.
    end_notice(&w.s.db, pid).await;
    let doc =
        w.s.upload_document(&w.owner, Upload::new("合同.pdf", PDF.to_vec()))
            .await
            .unwrap();
    let today = Utc::now()
        .with_timezone(&china())
        .format("%Y-%m-%d")
        .to_string();
    let e =
        w.s.record_contract(
            &w.owner,
            pid,
            &ContractInput {
                signed_on: today,
                price_fen: 1,
                service_days: 1,
                terms: String::new(),
                document: Some(doc.id.into()),
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Conflict("objection-open", _)), "{e:?}");
    let v =
        w.s.answer_objection(&w.owner, pid, o.id, true, "经核实，证书已过期，质疑成立")
            .await
            .unwrap();
    assert_eq!(v.awards[0].status.as_str(), "overturned");
    assert_eq!(v.awards[1].firm_id, order[1]);
    assert_eq!(v.objections[0].status.as_str(), "upheld");
    // The notice period ends: the owner and the winner are reminded once, even when two
    // instances run the job.
    end_notice(&w.s.db, pid).await;
    let other = services(&w.s.db);
    let (x, y) = tokio::join!(w.s.remind_due_contracts(), other.remind_due_contracts());
    assert_eq!(x.unwrap() + y.unwrap(), 1);
    assert_eq!(w.s.remind_due_contracts().await.unwrap(), 0);
    assert_eq!(mails_to(&w, "请签订合同").await, 2);
    // The new winner refuses to sign: a credit event, and the last drawn is awarded.
    let v =
        w.s.record_refusal(&w.owner, pid, "中选后书面放弃")
            .await
            .unwrap();
    assert_eq!(v.awards[1].status.as_str(), "refused");
    assert_eq!(v.awards[2].firm_id, order[2]);
    let events = credit_event::Entity::find().all(&w.s.db).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].firm_id, order[1]);
    assert_eq!(events[0].kind, "refused-to-sign");
    assert_eq!((events[0].points, events[0].policy_version), (-10, 1));
    contract(&w, pid).await;
}

#[tokio::test]
async fn credit_preferred_the_owner_picks_from_the_drawn_short_list() {
    let w = world().await;
    let mut firms = Vec::new();
    for (n, score) in [(1, 98), (2, 95), (3, 90), (4, 60)] {
        let (a, id) = firm(&w, n, true).await;
        firm::Entity::update_many()
            .col_expr(firm::Column::CreditScore, Expr::value(score))
            .filter(firm::Column::Id.eq(id))
            .exec(&w.s.db)
            .await
            .unwrap();
        firms.push((a, id));
    }
    let pid = publish(&w, &posting("credit-preferred", 8_000_000)).await;
    for (a, _) in &firms {
        w.s.register_for_project(a, pid, &no_bid()).await.unwrap();
    }
    close(&w, pid).await;
    let v = w.s.project_selection(Some(&w.owner), pid).await.unwrap();
    let NextStep::OwnerPicks { choices } = v.next.clone() else {
        panic!("{:?}", v.next)
    };
    // Two of the long list of three (the 60-point firm is never on it), in draw order.
    assert_eq!(choices.len(), 2);
    assert!(!choices.contains(&firms[3].1));
    let ranks: Vec<usize> = choices
        .iter()
        .map(|c| {
            v.bids
                .iter()
                .find(|b| b.firm_id == *c)
                .unwrap()
                .draw_rank
                .unwrap()
        })
        .collect();
    assert!(ranks[0] < ranks[1]);
    assert_eq!(
        v.bids
            .iter()
            .find(|b| b.firm_id == firms[0].1)
            .unwrap()
            .credit_score,
        Some(98),
        "credit is taken at the opening"
    );
    // Off the short list: refused.
    let off = firms
        .iter()
        .map(|f| f.1)
        .find(|id| !choices.contains(id))
        .unwrap();
    assert!(w.s.award(&w.owner, pid, off, "理由").await.is_err());
    let v =
        w.s.award(&w.owner, pid, choices[1], "方案人员更熟悉本区域")
            .await
            .unwrap();
    assert_eq!(v.awards[0].firm_id, choices[1]);
    contract(&w, pid).await;
}

#[tokio::test]
async fn lowest_price_an_abnormal_bid_is_rejected_and_the_next_wins() {
    let w = world().await;
    let mut firms = Vec::new();
    for n in 1..=3 {
        firms.push(firm(&w, n, true).await);
    }
    let pid = publish(&w, &posting("lowest-price", 8_000_000)).await;
    for ((a, _), p) in firms.iter().zip([1_000_000, 5_000_000, 5_200_000]) {
        w.s.register_for_project(a, pid, &price(p)).await.unwrap();
    }
    close(&w, pid).await;
    let v = w.s.project_selection(Some(&w.owner), pid).await.unwrap();
    assert_eq!(v.next, NextStep::ConfirmLow { firm: firms[0].1 });
    assert!(v.ranking[0].abnormally_low);
    assert!(matches!(
        w.s.reject_low_bid(&w.owner, pid, firms[1].1, "x").await,
        Err(Error::Conflict("not-selectable", _))
    ));
    let v =
        w.s.reject_low_bid(&w.owner, pid, firms[0].1, "未能说明低价的合理性")
            .await
            .unwrap();
    assert_eq!(v.status, ProjectStatus::Awarded);
    assert_eq!(v.awards[0].firm_id, firms[1].1);
    assert_eq!(v.awards[0].price_fen, 5_000_000);
    let rejected = v.bids.iter().find(|b| b.firm_id == firms[0].1).unwrap();
    assert_eq!(rejected.decision.map(|d| d.as_str()), Some("rejected-low"));
    contract(&w, pid).await;
}

#[tokio::test]
async fn comprehensive_scoring_the_owner_scores_plans_and_the_system_ranks() {
    let w = world().await;
    let mut firms = Vec::new();
    for n in 1..=2 {
        firms.push(firm(&w, n, true).await);
    }
    let pid = publish(&w, &posting("comprehensive", 8_000_000)).await;
    // A plan is required, and must be the firm's own file.
    let e =
        w.s.register_for_project(&firms[0].0, pid, &price(8_000_000))
            .await
            .unwrap_err();
    assert_eq!(codes(&e), ["field.bid.plan-required"]);
    let mut plans = Vec::new();
    for ((a, _), p) in firms.iter().zip([8_000_000, 6_000_000]) {
        let plan =
            w.s.upload_evidence(a, Upload::new("方案.pdf", PDF.to_vec()))
                .await
                .unwrap();
        plans.push(plan.id);
        let r =
            w.s.register_for_project(
                a,
                pid,
                &BidInput {
                    price_fen: Some(p),
                    plan_file: Some(plan.id.into()),
                },
            )
            .await
            .unwrap();
        assert_eq!(r.plan_sha256.as_deref(), Some(plan.sha256.as_str()));
    }
    // The owner cannot read a plan before the deadline.
    assert!(w.s.evidence_file(Some(&w.owner), plans[0]).await.is_err());
    close(&w, pid).await;
    let v = w.s.project_selection(Some(&w.owner), pid).await.unwrap();
    let NextStep::ScorePlans { firms: to_score } = &v.next else {
        panic!("{:?}", v.next)
    };
    assert_eq!(to_score.len(), 2);
    // After the opening the owner reads the plans it scores.
    assert!(w.s.evidence_file(Some(&w.owner), plans[0]).await.is_ok());
    let e =
        w.s.score_plans(&w.owner, pid, &[(firms[0].1, 101)])
            .await
            .unwrap_err();
    assert_eq!(
        codes(&e),
        [
            "field.selection.score-missing",
            "field.selection.score-range"
        ]
    );
    // a: 30·6/8 + 60·0.95 + 10 = 22.5 + 57 + 10 = 89.5; b: 30 + 60·0.70 + 10 = 82.
    let v =
        w.s.score_plans(&w.owner, pid, &[(firms[0].1, 95), (firms[1].1, 70)])
            .await
            .unwrap();
    assert_eq!(v.status, ProjectStatus::Awarded);
    assert_eq!(v.awards[0].firm_id, firms[0].1);
    assert_eq!(v.ranking[0].total_centi, Some(8950));
    assert_eq!(v.ranking[1].total_centi, Some(8200));
    contract(&w, pid).await;
}

#[tokio::test]
async fn too_few_registrants_fail_the_project_and_the_owner_republishes() {
    let w = world().await;
    let (a, _) = firm(&w, 1, true).await;
    let pid = publish(&w, &posting("random-draw", 8_000_000)).await;
    let first = w.s.project(None, pid).await.unwrap().seed_commitment;
    w.s.register_for_project(&a, pid, &no_bid()).await.unwrap();
    close(&w, pid).await;
    let v = w.s.project_selection(None, pid).await.unwrap();
    assert_eq!(v.status, ProjectStatus::Failed);
    assert_eq!(v.next, NextStep::Failed);
    assert_eq!(
        v.failed_reason.map(|r| r.as_str()),
        Some("too-few-registrants")
    );
    assert_eq!(
        mails_to(&w, "流标").await,
        2,
        "the owner and the registrant"
    );
    // Republish: back to draft in a new round; new dates; a fresh seed on publication.
    w.s.republish(&w.owner, pid).await.unwrap();
    let p = w.s.project(Some(&w.owner), pid).await.unwrap();
    assert_eq!(p.status, ProjectStatus::Draft);
    w.s.update_project(&w.owner, pid, w.item, &posting("random-draw", 8_000_000))
        .await
        .unwrap();
    let p = w.s.publish_project(&w.owner, pid).await.unwrap();
    assert_ne!(p.seed_commitment, first);
    // The old round's registration does not carry over.
    assert!(w.s.my_registration(&a, pid).await.unwrap().is_none());
    w.s.register_for_project(&a, pid, &no_bid()).await.unwrap();
}

#[tokio::test]
async fn a_substantive_edit_voids_registrations_and_a_contact_edit_does_not() {
    let w = world().await;
    let (a, _) = firm(&w, 1, true).await;
    let input = posting("lowest-price", 8_000_000);
    let pid = publish(&w, &input).await;
    w.s.register_for_project(&a, pid, &price(5_000_000))
        .await
        .unwrap();
    let mut contact = input.clone();
    contact.contact_phone = "0571-87000001".into();
    w.s.update_project(&w.owner, pid, w.item, &contact)
        .await
        .unwrap();
    let r = w.s.my_registration(&a, pid).await.unwrap().unwrap();
    assert_eq!(r.status.as_str(), "active");
    let mut budget = contact.clone();
    budget.budget_fen = 6_000_000;
    w.s.update_project(&w.owner, pid, w.item, &budget)
        .await
        .unwrap();
    assert!(w.s.my_registration(&a, pid).await.unwrap().is_none());
    let old = registration::Entity::find().all(&w.s.db).await.unwrap();
    assert_eq!(old[0].status, "invalidated");
    assert_eq!(mails_to(&w, "请重新报名").await, 1);
    // Registering again is against the new terms (the new cap).
    let e =
        w.s.register_for_project(&a, pid, &price(7_000_000))
            .await
            .unwrap_err();
    assert_eq!(codes(&e), ["field.bid.above-cap"]);
    w.s.register_for_project(&a, pid, &price(5_500_000))
        .await
        .unwrap();
    // Cancelled before the deadline: the registrant is told; the bid is never opened.
    w.s.cancel_project(&w.owner, pid, "规划调整").await.unwrap();
    assert_eq!(mails_to(&w, "项目已取消").await, 1);
    move_deadline(&w.s.db, pid, Utc::now() - Duration::seconds(1)).await;
    assert!(!w.s.close_project(pid).await.unwrap());
    assert!(
        w.s.project_selection(None, pid)
            .await
            .unwrap()
            .bids
            .is_empty()
    );
}

#[tokio::test]
async fn two_concurrent_awards_make_exactly_one() {
    let w = world().await;
    let (a, a_id) = firm(&w, 1, true).await;
    let (b, b_id) = firm(&w, 2, true).await;
    let pid = publish(&w, &posting("direct", 4_000_000)).await;
    w.s.register_for_project(&a, pid, &no_bid()).await.unwrap();
    w.s.register_for_project(&b, pid, &no_bid()).await.unwrap();
    close(&w, pid).await;
    let (s1, s2) = (w.s.clone(), w.s.clone());
    let (o1, o2) = (w.owner, w.owner);
    let x = tokio::spawn(async move { s1.award(&o1, pid, a_id, "甲").await });
    let y = tokio::spawn(async move { s2.award(&o2, pid, b_id, "乙").await });
    let (x, y) = (x.await.unwrap(), y.await.unwrap());
    assert_eq!(
        [x.is_ok(), y.is_ok()].iter().filter(|ok| **ok).count(),
        1,
        "{x:?} {y:?}"
    );
    let loser = if x.is_err() { x } else { y }.unwrap_err();
    assert!(
        matches!(loser, Error::Conflict("project-not-selecting", _)),
        "{loser:?}"
    );
    let v = w.s.project_selection(None, pid).await.unwrap();
    assert_eq!(v.awards.len(), 1);
}

#[tokio::test]
async fn two_hundred_bids_around_the_deadline_are_each_kept_or_refused() {
    let w = world().await;
    let pid = publish(&w, &posting("lowest-price", 8_000_000)).await;
    let mut firms = Vec::new();
    for n in 1..=200 {
        firms.push(firm(&w, n, true).await);
    }
    // The deadline falls in the middle of the storm; the closing job runs throughout.
    let deadline = Utc::now() + Duration::milliseconds(1500);
    move_deadline(&w.s.db, pid, deadline).await;
    let closer = {
        let s = w.s.clone();
        tokio::spawn(async move {
            let mut closed = 0;
            while Utc::now() < deadline + Duration::seconds(3) {
                closed += s.close_due_projects().await.unwrap();
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            closed
        })
    };
    let mut tasks = Vec::new();
    for (i, (a, id)) in firms.iter().cloned().enumerate() {
        let s = w.s.clone();
        tasks.push(tokio::spawn(async move {
            // Spread over three seconds around the deadline.
            tokio::time::sleep(std::time::Duration::from_millis(i as u64 * 15)).await;
            let sent = Utc::now();
            let r = s
                .register_for_project(&a, pid, &price(5_000_000 + i as i64))
                .await;
            (id, sent, Utc::now(), r)
        }));
    }
    let mut accepted = BTreeSet::new();
    let mut refused = 0;
    for t in tasks {
        let (id, sent, answered, r) = t.await.unwrap();
        match r {
            Ok(_) => {
                assert!(
                    sent < deadline,
                    "a bid sent after the deadline was accepted"
                );
                accepted.insert(id);
            }
            Err(e) => {
                // After the closing it is also no longer open.
                assert!(codes(&e).contains(&"registration.deadline-passed"), "{e:?}");
                assert!(answered >= deadline, "refused before the deadline");
                refused += 1;
            }
        }
    }
    assert_eq!(closer.await.unwrap(), 1, "closed exactly once");
    assert!(
        !accepted.is_empty() && refused > 0,
        "{} {refused}",
        accepted.len()
    );
    let v = w.s.project_selection(None, pid).await.unwrap();
    let opened: BTreeSet<Uuid> = v.bids.iter().map(|b| b.firm_id).collect();
    assert_eq!(
        opened, accepted,
        "every acknowledged bid is opened, nothing else"
    );
    let stored = registration::Entity::find()
        .filter(registration::Column::ProjectId.eq(pid))
        .all(&w.s.db)
        .await
        .unwrap();
    assert_eq!(stored.len(), accepted.len());
}

#[tokio::test]
async fn three_instances_close_a_hundred_projects_exactly_once() {
    let w = world().await;
    let (a, _) = firm(&w, 1, true).await;
    let (b, _) = firm(&w, 2, true).await;
    let mut ids = Vec::new();
    for _ in 0..100 {
        let pid = publish(&w, &posting("random-draw", 8_000_000)).await;
        w.s.register_for_project(&a, pid, &no_bid()).await.unwrap();
        w.s.register_for_project(&b, pid, &no_bid()).await.unwrap();
        move_deadline(&w.s.db, pid, Utc::now() - Duration::seconds(1)).await;
        ids.push(pid);
    }
    let before = mails_to(&w, "已开标").await;
    // Three instances: separate services with their own connection pools on one database.
    let url = w.t.url.clone();
    let mut runs = Vec::new();
    for _ in 0..3 {
        let db = zjcs_domain::store::connect(&url).await.unwrap();
        let s = services(&db);
        runs.push(tokio::spawn(async move {
            let mut closed = 0;
            for _ in 0..5 {
                closed += s.close_due_projects().await.unwrap();
            }
            closed
        }));
    }
    let mut total = 0;
    for r in runs {
        total += r.await.unwrap();
    }
    assert_eq!(total, 100);
    // Each project closed once: one "opened" mail per registrant and owner, one award each.
    assert_eq!(mails_to(&w, "已开标").await - before, 300);
    let mut awarded = HashSet::new();
    for pid in &ids {
        let v = w.s.project_selection(None, *pid).await.unwrap();
        assert_eq!(v.status, ProjectStatus::Awarded);
        assert_eq!(v.awards.len(), 1);
        awarded.insert(*pid);
    }
    assert_eq!(awarded.len(), 100);
}

/// The bid desk writes concurrent bids together (group commit); each must still get exactly the
/// answer it would get alone, and a refused bid must write nothing.
#[tokio::test]
async fn a_batch_of_bids_answers_each_on_its_own() {
    let w = world().await;
    let pid = publish(&w, &posting("lowest-price", 8_000_000)).await;
    let mut qualified = Vec::new();
    for n in 1..=30 {
        qualified.push(firm(&w, n, true).await);
    }
    let mut unqualified = Vec::new();
    for n in 31..=35 {
        unqualified.push(firm(&w, n, false).await);
    }
    let (twice, twice_id) = firm(&w, 36, true).await;
    let (replacer, replacer_id) = firm(&w, 37, true).await;
    let no_firm = quick_account(&w.s.db, Role::Intermediary, 38).await;
    let before_mails = mails_to(&w, "报名成功").await;

    // Everything is sent at once, so the desk writes it in one or a few batches.
    let mut tasks = Vec::new();
    for (i, (a, id)) in qualified.iter().chain(&unqualified).cloned().enumerate() {
        let s = w.s.clone();
        tasks.push(tokio::spawn(async move {
            (
                id,
                s.register_for_project(&a, pid, &price(5_000_000 + i as i64))
                    .await,
            )
        }));
    }
    let dup = {
        let s = w.s.clone();
        tokio::spawn(async move {
            let (first, second) = (price(6_000_000), price(6_100_000));
            tokio::join!(
                s.register_for_project(&twice, pid, &first),
                s.register_for_project(&twice, pid, &second),
            )
        })
    };
    let both = {
        let s = w.s.clone();
        tokio::spawn(async move {
            let (first, second) = (price(7_000_000), price(6_500_000));
            tokio::join!(
                s.register_for_project(&replacer, pid, &first),
                s.replace_bid(&replacer, pid, &second),
            )
        })
    };
    let odd = {
        let s = w.s.clone();
        tokio::spawn(async move {
            let (bid, firm_one) = (price(6_000_000), qualified_actor(&s, 1).await);
            tokio::join!(
                s.register_for_project(&no_firm, pid, &bid),
                s.register_for_project(&firm_one, Uuid::new_v4(), &bid),
            )
        })
    };

    let mut accepted = BTreeSet::new();
    for t in tasks {
        let (id, r) = t.await.unwrap();
        let qualified_firm = qualified.iter().any(|(_, q)| *q == id);
        match r {
            Ok(v) => {
                assert!(qualified_firm, "an unqualified firm was registered");
                assert_eq!(v.firm_id, id);
                assert_eq!(
                    v.receipt,
                    bid_receipt(
                        &pid.to_string(),
                        &id.to_string(),
                        v.price_fen,
                        None,
                        &v.nonce
                    )
                );
                accepted.insert(id);
            }
            Err(e) => {
                assert!(!qualified_firm, "{e:?}");
                assert_eq!(codes(&e), vec!["registration.qualification-missing"]);
            }
        }
    }
    assert_eq!(accepted.len(), 30);
    let (a, b) = dup.await.unwrap();
    let (ok, refused) = match (a, b) {
        (Ok(v), Err(e)) | (Err(e), Ok(v)) => (v, e),
        other => panic!("one of two registrations of one firm must win: {other:?}"),
    };
    assert_eq!(
        ok.price_fen,
        Some(6_000_000),
        "the first sent is the one kept"
    );
    assert_eq!(codes(&refused), vec!["registration.already-registered"]);
    let (registered, replaced) = both.await.unwrap();
    let registered = registered.unwrap();
    let replaced = replaced.unwrap();
    assert_eq!(
        registered.id, replaced.id,
        "one registration, its bid replaced"
    );
    assert_ne!(registered.receipt, replaced.receipt);
    let (missing_firm, missing_project) = odd.await.unwrap();
    assert!(
        matches!(missing_firm, Err(Error::Validation(_))),
        "{missing_firm:?}"
    );
    assert!(
        matches!(missing_project, Err(Error::NotFound)),
        "{missing_project:?}"
    );

    // Stored: exactly the accepted bids, the replacement's price and receipt.
    let stored = registration::Entity::find()
        .filter(registration::Column::ProjectId.eq(pid))
        .all(&w.s.db)
        .await
        .unwrap();
    assert_eq!(stored.len(), 32);
    let kept = stored.iter().find(|r| r.firm_id == replacer_id).unwrap();
    assert_eq!(kept.price_fen, None, "stored sealed");
    assert_eq!(sealed_price(&w, kept), Some(6_500_000));
    assert_eq!(kept.receipt, replaced.receipt);
    let replaced_receipt = replaced.receipt.clone();
    assert_eq!(stored.iter().filter(|r| r.firm_id == twice_id).count(), 1);
    // One receipt mail per registration, one for the replacement; the audit chain is whole and
    // holds one entry per accepted bid.
    assert_eq!(mails_to(&w, "报名成功").await - before_mails, 32);
    assert_eq!(mails_to(&w, "报价已更换").await, 1);
    let report = zjcs_domain::platform::audit::verify_chain(&w.s.db)
        .await
        .unwrap();
    assert_eq!(report.broken, None);
    // Each bid action is audited by its receipt alone (sealed: no firm, no project), and the
    // receipts are the stored registrations'.
    let entries = zjcs_domain::store::entities::audit_entry::Entity::find()
        .filter(zjcs_domain::store::entities::audit_entry::Column::ObjectType.eq("bid"))
        .all(&w.s.db)
        .await
        .unwrap();
    assert!(entries.iter().all(|e| e.actor == "sealed"));
    let receipts: std::collections::HashSet<&str> =
        stored.iter().map(|r| r.receipt.as_str()).collect();
    let registered: Vec<_> = entries
        .iter()
        .filter(|e| e.action == "bid.register")
        .collect();
    assert_eq!(registered.len(), 32);
    let replaced: Vec<_> = entries
        .iter()
        .filter(|e| e.action == "bid.replace")
        .collect();
    assert_eq!(replaced.len(), 1);
    assert_eq!(replaced[0].object_id, replaced_receipt);
    assert!(receipts.contains(replaced[0].object_id.as_str()));
}

/// The actor of test firm `n` (already entered).
async fn qualified_actor(s: &Services, n: usize) -> Actor {
    let a = quick_account_lookup(s, n).await;
    Actor {
        account_id: a,
        role: Role::Intermediary,
    }
}

async fn quick_account_lookup(s: &Services, n: usize) -> Uuid {
    firm::Entity::find()
        .filter(firm::Column::CreditCode.eq(code(n)))
        .one(&s.db)
        .await
        .unwrap()
        .unwrap()
        .account_id
}

/// Two instances (their own pools and desks) take the same firms' bids at once: each firm is
/// registered once, and the other answer is the rule's refusal, never an error.
#[tokio::test]
async fn two_instances_take_the_same_firms_bids_at_once() {
    let w = world().await;
    let pid = publish(&w, &posting("lowest-price", 8_000_000)).await;
    let mut firms = Vec::new();
    for n in 1..=20 {
        firms.push(firm(&w, n, true).await);
    }
    let url = w.t.url.clone();
    let other = services(&zjcs_domain::store::connect(&url).await.unwrap());
    let mut tasks = Vec::new();
    for (i, (a, id)) in firms.iter().cloned().enumerate() {
        for s in [w.s.clone(), other.clone()] {
            tasks.push(tokio::spawn(async move {
                (
                    id,
                    s.register_for_project(&a, pid, &price(5_000_000 + i as i64))
                        .await,
                )
            }));
        }
    }
    let mut won = BTreeSet::new();
    for t in tasks {
        let (id, r) = t.await.unwrap();
        match r {
            Ok(_) => assert!(won.insert(id), "a firm registered twice"),
            Err(e) => assert_eq!(codes(&e), vec!["registration.already-registered"], "{e:?}"),
        }
    }
    assert_eq!(won.len(), 20);
    let stored = registration::Entity::find()
        .filter(registration::Column::ProjectId.eq(pid))
        .count(&w.s.db)
        .await
        .unwrap();
    assert_eq!(stored, 20);
}

/// Bids after the deadline are refused for the deadline — a replacement too, not as "not
/// registered" — before and after the closing job has run.
#[tokio::test]
async fn late_bids_and_replacements_are_refused_for_the_deadline() {
    let w = world().await;
    let pid = publish(&w, &posting("lowest-price", 8_000_000)).await;
    let (a, _) = firm(&w, 1, true).await;
    let (b, _) = firm(&w, 2, true).await;
    let (c, _) = firm(&w, 3, true).await;
    w.s.register_for_project(&a, pid, &price(5_000_000))
        .await
        .unwrap();
    move_deadline(&w.s.db, pid, Utc::now() - Duration::seconds(1)).await;
    for closed in [false, true] {
        if closed {
            w.s.register_for_project(&c, pid, &price(5_000_000))
                .await
                .unwrap_err();
            w.s.close_due_projects().await.unwrap();
        }
        let (late_bid, new_bid) = (price(5_500_000), price(4_000_000));
        let (late, replaced) = tokio::join!(
            w.s.register_for_project(&b, pid, &late_bid),
            w.s.replace_bid(&a, pid, &new_bid),
        );
        let late = late.unwrap_err();
        let expected = if closed {
            vec!["registration.not-open", "registration.deadline-passed"]
        } else {
            vec!["registration.deadline-passed"]
        };
        let mut got = codes(&late);
        got.sort();
        let mut want = expected.clone();
        want.sort();
        assert_eq!(got, want, "closed: {closed}");
        let replaced = replaced.unwrap_err();
        assert_eq!(
            codes(&replaced),
            vec![if closed {
                "registration.not-open"
            } else {
                "registration.deadline-passed"
            }],
            "closed: {closed}"
        );
    }
    let stored = registration::Entity::find()
        .filter(registration::Column::ProjectId.eq(pid))
        .all(&w.s.db)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(
        sealed_price(&w, &stored[0]),
        Some(5_000_000),
        "the sealed bid stands"
    );
}

/// After the contract: the firm submits its result, the owner returns it (a reason required),
/// the firm submits again and the owner accepts; acceptance records the delivery on the firm's
/// ledger — on time here, late by working days when submitted after the due date.
#[tokio::test]
async fn delivery_from_contract_to_acceptance_scores_the_firm() {
    use zjcs_domain::store::entities::delivery;
    let w = world().await;
    let (a, a_id) = firm(&w, 1, true).await;
    let (b, _) = firm(&w, 2, true).await;
    let pid = publish(&w, &posting("direct", 4_000_000)).await;
    w.s.register_for_project(&a, pid, &no_bid()).await.unwrap();
    w.s.register_for_project(&b, pid, &no_bid()).await.unwrap();
    close(&w, pid).await;
    // Before the contract there is no delivery.
    assert!(matches!(
        w.s.delivery(&w.owner, pid).await,
        Err(Error::NotFound)
    ));
    w.s.award(&w.owner, pid, a_id, "熟悉本地块").await.unwrap();
    contract(&w, pid).await;

    let v = w.s.delivery(&a, pid).await.unwrap();
    assert_eq!(v.state.as_str(), "in-service");
    // Each party's view says what it may do next: the firm submits, the owner waits.
    assert_eq!(v.allowed, [DeliveryStep::SubmitResult]);
    assert_eq!(w.s.delivery(&w.owner, pid).await.unwrap().allowed, []);
    assert!(v.due_on > v.signed_on);
    // Only the contracted firm submits, only the owner reviews, the other firm sees nothing.
    assert!(matches!(w.s.delivery(&b, pid).await, Err(Error::NotFound)));
    let doc = |who: Actor| {
        let s = w.s.clone();
        async move {
            s.upload_document(&who, Upload::new("成果报告.pdf", PDF.to_vec()))
                .await
                .unwrap()
                .id
        }
    };
    let result = doc(a).await;
    assert!(matches!(
        w.s.review_delivery(&w.owner, pid, true, "").await,
        Err(Error::Conflict("delivery-nothing-submitted", _))
    ));
    // Another firm's document is not this firm's result.
    let foreign = doc(b).await;
    assert!(matches!(
        w.s.submit_delivery(&a, pid, foreign.into(), "").await,
        Err(Error::Validation(_))
    ));
    let v =
        w.s.submit_delivery(&a, pid, result.into(), "竣工测量成果第一版")
            .await
            .unwrap();
    assert_eq!(v.state.as_str(), "submitted");
    assert_eq!(v.allowed, [], "the firm waits for the review");
    assert_eq!(
        w.s.delivery(&w.owner, pid).await.unwrap().allowed,
        [DeliveryStep::ReviewResult]
    );
    assert_eq!(mails_to(&w, "成果待验收").await, 1);
    // The owner reads the delivered document; the other firm cannot.
    assert!(w.s.read_document(&w.owner, result).await.is_ok());
    assert!(matches!(
        w.s.read_document(&b, result).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        w.s.submit_delivery(&a, pid, result.into(), "").await,
        Err(Error::Conflict("delivery-awaiting-review", _))
    ));
    assert!(matches!(
        w.s.review_delivery(&a, pid, true, "").await,
        Err(Error::Forbidden)
    ));
    assert!(matches!(
        w.s.review_delivery(&w.owner, pid, false, " ").await,
        Err(Error::Validation(_))
    ));
    let v =
        w.s.review_delivery(&w.owner, pid, false, "缺少界址点坐标表")
            .await
            .unwrap();
    assert_eq!(v.state.as_str(), "returned");
    assert_eq!(mails_to(&w, "成果被退回").await, 1);
    let second = doc(a).await;
    w.s.submit_delivery(&a, pid, second.into(), "补充坐标表")
        .await
        .unwrap();
    let v = w.s.review_delivery(&w.owner, pid, true, "").await.unwrap();
    assert_eq!(v.state.as_str(), "accepted");
    assert_eq!(v.allowed, [DeliveryStep::EvaluateFirm]);
    assert_eq!(
        w.s.delivery(&a, pid).await.unwrap().allowed,
        [DeliveryStep::RateOwner]
    );
    assert_eq!(v.submissions.len(), 2);
    assert_eq!(
        v.submissions[0].review.map(|r| r.as_str()),
        Some("returned")
    );
    assert_eq!(
        (v.credit_kind.map(|k| k.as_str()), v.credit_points),
        (Some("on-time"), Some(1))
    );
    assert_eq!(w.s.firm_credit(a_id).await.unwrap().score, 101);
    assert!(matches!(
        w.s.submit_delivery(&a, pid, second.into(), "").await,
        Err(Error::Conflict("delivery-accepted", _))
    ));

    // A late one: the due date moved back twelve working days (three weeks less a day, no
    // holidays), then submitted and accepted today: very late, −5.
    let (c, c_id) = firm(&w, 3, true).await;
    let (d, _) = firm(&w, 4, true).await;
    let pid = publish(&w, &posting("direct", 4_000_000)).await;
    w.s.register_for_project(&c, pid, &no_bid()).await.unwrap();
    w.s.register_for_project(&d, pid, &no_bid()).await.unwrap();
    close(&w, pid).await;
    w.s.award(&w.owner, pid, c_id, "理由").await.unwrap();
    contract(&w, pid).await;
    let v = w.s.delivery(&c, pid).await.unwrap();
    let today = chrono::Utc::now().with_timezone(&china()).date_naive();
    // Reminders: none while the due date is weeks away; due today, the firm is reminded once
    // (a second run the same day sends nothing).
    assert_eq!(w.s.remind_deliveries().await.unwrap(), 0);
    delivery::Entity::update_many()
        .col_expr(delivery::Column::DueOn, Expr::value(today))
        .filter(delivery::Column::AwardId.eq(v.award_id))
        .exec(&w.s.db)
        .await
        .unwrap();
    let (one, two) = tokio::join!(w.s.remind_deliveries(), w.s.remind_deliveries());
    assert_eq!(one.unwrap() + two.unwrap(), 1);
    assert_eq!(w.s.remind_deliveries().await.unwrap(), 0);
    assert_eq!(mails_to(&w, "服务期限提醒").await, 1);
    let cal = zjcs_domain::rules::calendar::Calendar::default();
    // The day twelve working days before today.
    let mut due = today;
    while cal.working_days_between(due, today) < 12 {
        due = due.pred_opt().unwrap();
    }
    delivery::Entity::update_many()
        .col_expr(delivery::Column::DueOn, Expr::value(due))
        .filter(delivery::Column::AwardId.eq(v.award_id))
        .exec(&w.s.db)
        .await
        .unwrap();
    let late = doc(c).await;
    w.s.submit_delivery(&c, pid, late.into(), "").await.unwrap();
    let v = w.s.review_delivery(&w.owner, pid, true, "").await.unwrap();
    assert_eq!(
        (v.credit_kind.map(|k| k.as_str()), v.credit_points),
        (Some("late"), Some(-5))
    );
    assert_eq!(w.s.firm_credit(c_id).await.unwrap().score, 95);
}

/// Takes a direct project from posting to an accepted delivery by `firm` alone; `late_days`
/// working days after the due date when given. Returns the project.
async fn delivered(w: &World, firm: &Actor, firm_id: Uuid, late_days: Option<u32>) -> Uuid {
    use zjcs_domain::store::entities::delivery;
    let pid = publish(w, &posting("direct", 4_000_000)).await;
    w.s.register_for_project(firm, pid, &no_bid())
        .await
        .unwrap();
    close(w, pid).await;
    w.s.award(&w.owner, pid, firm_id, "理由").await.unwrap();
    contract(w, pid).await;
    let v = w.s.delivery(firm, pid).await.unwrap();
    if let Some(n) = late_days {
        let today = Utc::now().with_timezone(&china()).date_naive();
        let cal = zjcs_domain::rules::calendar::Calendar::default();
        let mut due = today;
        while cal.working_days_between(due, today) < n {
            due = due.pred_opt().unwrap();
        }
        delivery::Entity::update_many()
            .col_expr(delivery::Column::DueOn, Expr::value(due))
            .filter(delivery::Column::AwardId.eq(v.award_id))
            .exec(&w.s.db)
            .await
            .unwrap();
    }
    let doc =
        w.s.upload_document(firm, Upload::new("成果.pdf", PDF.to_vec()))
            .await
            .unwrap();
    w.s.submit_delivery(firm, pid, doc.id.into(), "")
        .await
        .unwrap();
    w.s.review_delivery(&w.owner, pid, true, "").await.unwrap();
    pid
}

fn ratings(all: u32) -> zjcs_domain::model::evaluation::Ratings {
    zjcs_domain::model::evaluation::Ratings {
        quality: all,
        timeliness: all,
        fees: all,
        attitude: all,
        conduct: all,
    }
}

/// Issue 5's journey: a firm with two bad evaluations and a late delivery drops a grade and
/// falls below a firm with good evaluations in the directory; it replies once and appeals one
/// evaluation, which a regulator upholds (the event voided, the grade back); firms rate the owner.
#[tokio::test]
async fn bad_evaluations_and_a_late_delivery_drop_a_firm_below_a_well_rated_one() {
    use zjcs_domain::model::evaluation::OwnerRatings;
    use zjcs_domain::rules::credit::Grade;
    use zjcs_domain::rules::directory::DirectoryQuery;
    let w = world().await;
    let (x, x_id) = firm(&w, 1, true).await;
    let (y, y_id) = firm(&w, 2, true).await;
    let regulator = quick_account(&w.s.db, Role::Regulator, 0).await;

    // Before: both at the baseline.
    let p1 = delivered(&w, &x, x_id, Some(3)).await; // late: −2
    assert!(matches!(
        w.s.evaluate_firm(&x, p1, ratings(1), "差").await,
        Err(Error::Forbidden)
    ));
    assert!(matches!(
        w.s.evaluate_firm(&w.owner, p1, ratings(0), "").await,
        Err(Error::Validation(_))
    ));
    w.s.evaluate_firm(&w.owner, p1, ratings(1), "成果错误多，多次返工")
        .await
        .unwrap(); // −6
    assert!(matches!(
        w.s.evaluate_firm(&w.owner, p1, ratings(5), "改评").await,
        Err(Error::Conflict("evaluated", _))
    ));
    let p2 = delivered(&w, &x, x_id, None).await; // on time: +1
    w.s.evaluate_firm(&w.owner, p2, ratings(1), "态度差，收费不透明")
        .await
        .unwrap(); // −6
    let p3 = delivered(&w, &y, y_id, None).await; // +1
    w.s.evaluate_firm(&w.owner, p3, ratings(5), "专业高效")
        .await
        .unwrap(); // +2

    let cx = w.s.firm_credit(x_id).await.unwrap();
    let cy = w.s.firm_credit(y_id).await.unwrap();
    assert_eq!((cx.score, cx.grade), (87, Grade::B));
    assert_eq!((cy.score, cy.grade), (103, Grade::A));
    let kinds: Vec<&str> = cx.events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["evaluation", "on-time", "evaluation", "late"]);
    let page =
        w.s.directory(&DirectoryQuery::parse(&Default::default()).unwrap())
            .await
            .unwrap();
    let order: Vec<Uuid> = page.firms.iter().map(|f| f.id).collect();
    assert_eq!(order, [y_id, x_id]);

    // The firm replies once, publicly; appeals once; the regulator upholds.
    let v =
        w.s.reply_to_evaluation(&x, p2, "收费按合同执行，详见合同条款")
            .await
            .unwrap();
    assert!(v.reply.is_some());
    assert!(matches!(
        w.s.reply_to_evaluation(&x, p2, "再次回复").await,
        Err(Error::Conflict("replied", _))
    ));
    assert!(matches!(
        w.s.reply_to_evaluation(&y, p2, "别人的评价").await,
        Err(Error::NotFound)
    ));
    w.s.appeal_evaluation(&x, p2, "评价与事实不符，附付款记录")
        .await
        .unwrap();
    assert!(matches!(
        w.s.appeal_evaluation(&x, p2, "再次申诉").await,
        Err(Error::Conflict("appealed", _))
    ));
    assert_eq!(w.s.evaluation_appeals(&regulator).await.unwrap().len(), 1);
    assert!(matches!(
        w.s.decide_evaluation_appeal(&w.owner, p2, true, "x").await,
        Err(Error::Forbidden)
    ));
    let v =
        w.s.decide_evaluation_appeal(&regulator, p2, true, "经核查收费符合合同约定")
            .await
            .unwrap();
    assert_eq!(
        (v.appeal_status.as_str(), v.voided, v.points),
        ("upheld", true, 0)
    );
    let cx = w.s.firm_credit(x_id).await.unwrap();
    assert_eq!((cx.score, cx.grade), (93, Grade::A));
    assert!(cx.events.iter().any(|e| e.voided_at.is_some()));
    assert!(w.s.evaluation_appeals(&regulator).await.unwrap().is_empty());
    // The public evaluation of the other project is unchanged.
    assert_eq!(w.s.evaluation(p1).await.unwrap().points, -6);

    // The firms rate the owner; the owner's summary is public.
    let rate = OwnerRatings {
        closing_out: 4,
        payment: 5,
    };
    assert!(matches!(
        w.s.rate_owner(&x, p3, rate, "").await,
        Err(Error::NotFound)
    ));
    w.s.rate_owner(&x, p1, rate, "验收及时").await.unwrap();
    let s =
        w.s.rate_owner(
            &y,
            p3,
            OwnerRatings {
                closing_out: 2,
                payment: 3,
            },
            "付款拖延",
        )
        .await
        .unwrap();
    assert_eq!(
        (s.ratings, s.closing_out_centi, s.payment_centi),
        (2, Some(300), Some(400))
    );
    assert!(matches!(
        w.s.rate_owner(&y, p3, rate, "").await,
        Err(Error::Conflict("rated", _))
    ));
    // The owner's projects carry the same totals (kept on the owner's account).
    let p = w.s.project(None, p1).await.unwrap();
    assert_eq!(p.owner_ratings, s);
    // The migration that added the totals fills them from the ratings given before it.
    {
        use zjcs_migrations::MigratorTrait;
        let db = migration_connection(&w).await;
        zjcs_migrations::Migrator::down(&db, Some(1)).await.unwrap();
        zjcs_migrations::Migrator::up(&db, None).await.unwrap();
        db.close().await.unwrap();
    }
    assert_eq!(w.s.owner_ratings(w.owner.account_id).await.unwrap(), s);
}

/// The migration that seals existing rows (issue 19): rolled back, a database holds its bids,
/// plan and seed in plaintext as an older zjcs wrote them; migrated again, they are sealed in
/// place, the firm still reads its bid, and the closing opens it with the seed committed to.
#[tokio::test]
async fn the_sealing_migration_seals_existing_bids_plans_and_seeds_in_place() {
    use zjcs_domain::rules::seal::is_sealed_text;
    use zjcs_domain::store::entities::{attachment, attachment_content, project};
    use zjcs_migrations::MigratorTrait;
    let w = world().await;
    let (a, _) = firm(&w, 1, true).await;
    let (b, _) = firm(&w, 2, true).await;
    let pid = publish(&w, &posting("comprehensive", 8_000_000)).await;
    let plan =
        w.s.upload_evidence(&a, Upload::new("方案.pdf", PDF.to_vec()))
            .await
            .unwrap();
    let bid = |p| BidInput {
        price_fen: Some(p),
        plan_file: Some(plan.id.into()),
    };
    let ra =
        w.s.register_for_project(&a, pid, &bid(6_100_000))
            .await
            .unwrap();
    let plan_b =
        w.s.upload_evidence(&b, Upload::new("乙方案.pdf", PDF.to_vec()))
            .await
            .unwrap();
    w.s.register_for_project(
        &b,
        pid,
        &BidInput {
            price_fen: Some(6_200_000),
            plan_file: Some(plan_b.id.into()),
        },
    )
    .await
    .unwrap();

    // Back to before the sealing migration (and the ones after it).
    let names: Vec<String> = zjcs_migrations::Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    let sealing = names
        .iter()
        .position(|n| n == "m20261207_000001_sealed_at_rest")
        .expect("the sealing migration");
    let db = migration_connection(&w).await;
    zjcs_migrations::Migrator::down(&db, Some((names.len() - sealing) as u32))
        .await
        .unwrap();
    // Rolled back: plaintext, as before the migration (only the old columns are read: the
    // entities have the new ones).
    use sea_orm::QuerySelect;
    let price: Option<i64> = registration::Entity::find()
        .select_only()
        .column(registration::Column::PriceFen)
        .filter(registration::Column::Receipt.eq(ra.receipt.clone()))
        .into_tuple()
        .one(&w.s.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(price, Some(6_100_000));
    let seed: String = project::Entity::find_by_id(pid)
        .select_only()
        .column(project::Column::SeedSecret)
        .into_tuple()
        .one(&w.s.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!is_sealed_text(&seed) && seed.len() == 64);
    // (The table is `evidence_content` before the attachment migration.)
    let bytes = common::old_evidence_content(&w.s.db, plan.id).await;
    assert_eq!(bytes, PDF);

    zjcs_migrations::Migrator::up(&db, None).await.unwrap();
    db.close().await.unwrap();
    let regs = registration::Entity::find()
        .filter(registration::Column::ProjectId.eq(pid))
        .all(&w.s.db)
        .await
        .unwrap();
    let sealed_seed = project::Entity::find_by_id(pid)
        .one(&w.s.db)
        .await
        .unwrap()
        .unwrap()
        .seed_secret
        .unwrap();
    let bytes = attachment_content::Entity::find_by_id(plan.id)
        .one(&w.s.db)
        .await
        .unwrap()
        .unwrap()
        .bytes;
    assert!(regs.iter().all(|r| r.price_fen.is_none()
        && r.plan_sha256.is_none()
        && r.nonce.is_empty()
        && r.sealed_bid.is_some()));
    assert!(is_sealed_text(&sealed_seed) && !sealed_seed.contains(&seed));
    assert!(!bytes.windows(PDF.len()).any(|x| x == PDF));
    let meta = attachment::Entity::find_by_id(plan.id)
        .one(&w.s.db)
        .await
        .unwrap()
        .unwrap();
    assert!(meta.name.is_empty() && meta.sealed_meta.is_some());

    // The firm still reads its own bid and plan; the closing opens the bids.
    let mine = w.s.my_registration(&a, pid).await.unwrap().unwrap();
    assert_eq!(mine.price_fen, Some(6_100_000));
    assert_eq!(mine.receipt, ra.receipt);
    assert_eq!(mine.nonce, ra.nonce);
    let (file, content) = w.s.evidence_file(Some(&a), plan.id).await.unwrap();
    assert_eq!((file.name.as_str(), content.as_slice()), ("方案.pdf", PDF));
    close(&w, pid).await;
    let sel = w.s.project_selection(Some(&w.owner), pid).await.unwrap();
    let mut prices: Vec<_> = sel.bids.iter().filter_map(|b| b.price_fen).collect();
    prices.sort();
    assert_eq!(prices, [6_100_000, 6_200_000]);
    assert_eq!(w.s.project_draw(pid).await.unwrap().seed, seed);
}

/// The delivery reminders reach every open delivery, however many: the job reads them a page
/// at a time (here one a page) until none is left, where a fixed first page left the rest
/// without reminders for ever.
#[tokio::test]
async fn delivery_reminders_reach_every_open_delivery_a_page_at_a_time() {
    let w = world().await;
    let paged = Services::new(
        w.s.db.clone(),
        zjcs_domain::service::ServiceConfig {
            throttle_sleep: false,
            job_page: 1,
            ..Default::default()
        },
    );
    for n in 0..3 {
        let (f, f_id) = firm(&w, 40 + n, true).await;
        let pid = publish(&w, &posting("direct", 4_000_000)).await;
        w.s.register_for_project(&f, pid, &no_bid()).await.unwrap();
        close(&w, pid).await;
        w.s.award(&w.owner, pid, f_id, "理由").await.unwrap();
        contract(&w, pid).await;
    }
    use zjcs_domain::store::entities::delivery;
    // Recording the contract made the delivery's row (the reminders read the rows).
    assert_eq!(delivery::Entity::find().count(&w.s.db).await.unwrap(), 3);
    // A contract recorded before that made none: the job makes the missing row first.
    delivery::Entity::delete_many()
        .filter(delivery::Column::FirmId.eq(firm_id_of(&w, 41).await))
        .exec(&w.s.db)
        .await
        .unwrap();
    assert_eq!(paged.remind_deliveries().await.unwrap(), 0);
    assert_eq!(delivery::Entity::find().count(&w.s.db).await.unwrap(), 3);
    let today = Utc::now().with_timezone(&china()).date_naive();
    delivery::Entity::update_many()
        .col_expr(delivery::Column::DueOn, Expr::value(today))
        .exec(&w.s.db)
        .await
        .unwrap();
    assert_eq!(paged.remind_deliveries().await.unwrap(), 3);
    assert_eq!(paged.remind_deliveries().await.unwrap(), 0);
    assert_eq!(mails_to(&w, "服务期限提醒").await, 3);
}

/// The id of the firm entered as number `n` by [`firm`].
async fn firm_id_of(w: &World, n: usize) -> Uuid {
    firm::Entity::find()
        .filter(firm::Column::CreditCode.eq(code(n)))
        .one(&w.s.db)
        .await
        .unwrap()
        .unwrap()
        .id
}
