//! Random inspections (双随机、一公开) against real storage (SQLite, or PostgreSQL with
//! ZJCS_TEST_DATABASE_URL): only regulators define and draw rounds; the seed is committed when
//! a round is defined and revealed with the draw; the draw takes exactly the firms in scope and
//! every regulator, pairs them in draw order and can be re-run by anyone from what is
//! published; a round is drawn once, also when two regulators draw at once, and a round with
//! nobody in scope is refused and stays planned; only the inspector drawn for a firm records its
//! findings, once, their points go on the firm's ledger and the firm is told; the round closes
//! with its last findings.

use super::common::{self, World, audited, email_of, mails, why, world};
use std::collections::BTreeSet;
use uuid::Uuid;
use zjcs_domain::error::Error;
use zjcs_domain::model::{Actor, Role};
use zjcs_domain::rules::draw::Seed;
use zjcs_domain::rules::inspection::{FindingInput, Outcome, RoundInput, contexts, draw_round};
use zjcs_domain::store::entities::{credit_event, firm, inspection_round, inspection_target};
use zjcs_domain::store::{ColumnTrait, EntityTrait, Expr, PaginatorTrait, QueryFilter};
use zjcs_domain::testing::quick_account;

const TITLE: &str = "2026 年第四季度测绘机构双随机抽查";

fn code(n: usize) -> String {
    common::credit_code('F', n)
}

/// Firm `n`, entered in `region`, offering the catalogue's surveying item when `offers`.
async fn firm_in(w: &World, n: usize, region: &str, offers: bool) -> (Actor, Uuid) {
    let mut p = common::profile(code(n), &format!("抽查对象{n:02}"), region);
    if offers {
        p.service_items = vec![w.item];
    }
    common::entered_firm(&w.s, n, &p, false).await
}

/// Sets a firm's standing as the credit service would have left it.
async fn set_standing(w: &World, id: Uuid, status: &str, grade: &str) {
    firm::Entity::update_many()
        .col_expr(firm::Column::Status, Expr::value(status))
        .col_expr(firm::Column::CreditGrade, Expr::value(grade))
        .filter(firm::Column::Id.eq(id))
        .exec(&w.s.db)
        .await
        .unwrap();
}

/// The world's regulator and `more` others.
async fn regulators(w: &World, more: usize) -> Vec<Actor> {
    let mut all = vec![w.regulator];
    for n in 1..=more {
        all.push(quick_account(&w.s.db, Role::Regulator, n).await);
    }
    all
}

fn round(
    title: &str,
    item: Option<Uuid>,
    region: &str,
    grades: &[&str],
    firms: u32,
    inspectors: u32,
) -> RoundInput {
    RoundInput {
        title: title.into(),
        item: item.map(|i| i.to_string()).unwrap_or_default(),
        region: region.into(),
        grades: grades.iter().map(|g| g.to_string()).collect(),
        firms: firms.to_string(),
        inspectors: inspectors.to_string(),
    }
}

fn finding(outcome: &str, findings: &str, points: Option<i32>) -> FindingInput {
    FindingInput {
        outcome: outcome.into(),
        findings: findings.into(),
        points,
    }
}

async fn rounds(w: &World) -> u64 {
    inspection_round::Entity::find()
        .count(&w.s.db)
        .await
        .unwrap()
}

async fn targets(w: &World, round: Uuid) -> Vec<inspection_target::Model> {
    inspection_target::Entity::find()
        .filter(inspection_target::Column::RoundId.eq(round))
        .all(&w.s.db)
        .await
        .unwrap()
}

fn strings(ids: impl IntoIterator<Item = Uuid>) -> BTreeSet<String> {
    ids.into_iter().map(|i| i.to_string()).collect()
}

#[tokio::test]
async fn only_regulators_define_a_round_and_its_seed_is_committed_before_the_draw() {
    let w = world().await;
    let (firm_actor, _) = firm_in(&w, 1, "330106", true).await;
    let input = round(TITLE, Some(w.item), "33", &["B", "A", "B"], 4, 2);

    for who in [&w.owner, &firm_actor, &w.admin] {
        assert!(matches!(
            w.s.create_inspection_round(who, &input).await,
            Err(Error::Forbidden)
        ));
    }
    // Every field checked and named; an item the catalogue does not hold.
    let bad = RoundInput {
        title: " ".into(),
        item: "x".into(),
        region: "3".into(),
        grades: vec!["F".into()],
        firms: "0".into(),
        inspectors: "two".into(),
    };
    let e =
        w.s.create_inspection_round(&w.regulator, &bad)
            .await
            .unwrap_err();
    let (kind, fields) = why(&e);
    let names: Vec<&str> = fields.iter().map(|f| f.0).collect();
    assert_eq!(
        (kind, names),
        (
            "validation",
            vec!["title", "item", "region", "grades", "firms", "inspectors"]
        )
    );
    let e =
        w.s.create_inspection_round(
            &w.regulator,
            &round(TITLE, Some(Uuid::new_v4()), "33", &[], 4, 2),
        )
        .await
        .unwrap_err();
    assert_eq!(why(&e), ("validation", vec![("item", "field.id.invalid")]));
    assert_eq!(rounds(&w).await, 0);

    // Planned: the scope as checked (grades once each, in order), the seed's commitment public,
    // nothing drawn.
    let r =
        w.s.create_inspection_round(&w.regulator, &input)
            .await
            .unwrap();
    assert_eq!(
        (
            r.status.as_str(),
            r.title.as_str(),
            r.item_id,
            r.item_name.as_deref(),
            r.region.as_str()
        ),
        ("planned", TITLE, Some(w.item), Some("工程测绘"), "33")
    );
    assert_eq!(r.grades, ["A", "B"]);
    assert_eq!((r.firm_count, r.inspector_count), (4, 2));
    assert_eq!(r.commitment.len(), 64);
    assert!(r.commitment.bytes().all(|b| b.is_ascii_hexdigit()));
    assert!(r.firm_draw.is_none() && r.inspector_draw.is_none());
    assert!(r.targets.is_empty() && r.drawn_at.is_none() && r.closed_at.is_none());
    assert_eq!(r.verified(), None);
    let row = inspection_round::Entity::find_by_id(r.id)
        .one(&w.s.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (row.seed_commitment.as_str(), row.created_by),
        (r.commitment.as_str(), w.regulator.account_id)
    );
    let entries = audited(&w, "inspection.create", r.id).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].actor, w.regulator.account_id.to_string());
    // Public: the list and the round.
    let listed: Vec<Uuid> =
        w.s.inspection_rounds()
            .await
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect();
    assert_eq!(listed, [r.id]);
    let public = w.s.inspection_round(None, r.id).await.unwrap();
    assert_eq!(
        (public.status.as_str(), public.commitment.as_str()),
        ("planned", r.commitment.as_str())
    );
    assert!(public.firm_draw.is_none());
}

#[tokio::test]
async fn the_draw_takes_the_firms_in_scope_and_every_regulator_and_anyone_can_rerun_it() {
    let w = world().await;
    let regs = regulators(&w, 2).await;
    let mut in_scope = BTreeSet::new();
    for n in 1..=6 {
        in_scope.insert(firm_in(&w, n, "330106", true).await.1);
    }
    // A suspended firm is inspected too.
    let (_, suspended) = firm_in(&w, 7, "330102", true).await;
    set_standing(&w, suspended, "suspended", "B").await;
    in_scope.insert(suspended);
    // Out of scope: another province, not offering the item, black-listed, a grade not asked
    // for.
    firm_in(&w, 8, "110105", true).await;
    firm_in(&w, 9, "330106", false).await;
    let (_, blacklisted) = firm_in(&w, 10, "330106", true).await;
    set_standing(&w, blacklisted, "blacklisted", "A").await;
    let (_, grade_c) = firm_in(&w, 11, "330106", true).await;
    set_standing(&w, grade_c, "listed", "C").await;
    let r =
        w.s.create_inspection_round(
            &regs[0],
            &round(TITLE, Some(w.item), "33", &["A", "B"], 4, 2),
        )
        .await
        .unwrap();

    // Regulators only; a round that does not exist.
    for who in [&w.owner, &w.admin] {
        assert!(matches!(
            w.s.draw_inspection_round(who, r.id).await,
            Err(Error::Forbidden)
        ));
    }
    assert!(matches!(
        w.s.draw_inspection_round(&regs[0], Uuid::new_v4()).await,
        Err(Error::NotFound)
    ));

    // Any regulator draws.
    let d = w.s.draw_inspection_round(&regs[1], r.id).await.unwrap();
    assert_eq!(d.status.as_str(), "drawn");
    assert!(d.drawn_at.is_some());
    assert_eq!(d.verified(), Some(true));
    let fd = d.firm_draw.clone().unwrap();
    let idr = d.inspector_draw.clone().unwrap();
    // The population is exactly the firms in scope; the pool is every regulator, and only
    // regulators.
    let population: BTreeSet<String> = fd.entries.iter().cloned().collect();
    assert_eq!(population, strings(in_scope.iter().copied()));
    let pool: BTreeSet<String> = idr.entries.iter().cloned().collect();
    assert_eq!(pool, strings(regs.iter().map(|a| a.account_id)));
    // The seed revealed is the one committed to when the round was defined; at rest it was
    // never in the clear.
    let seed = Seed::from_hex(&fd.seed).unwrap();
    assert_eq!(seed.commitment(), r.commitment);
    assert_eq!(
        (fd.commitment.as_str(), idr.seed.as_str()),
        (r.commitment.as_str(), fd.seed.as_str())
    );
    let row = inspection_round::Entity::find_by_id(r.id)
        .one(&w.s.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!row.seed_secret.contains(&fd.seed));
    // Anyone re-runs both draws from the published data and gets the same firms, inspectors
    // and pairs: firm i with inspector i mod 2.
    let (firm_context, inspector_context) = contexts(r.id);
    assert_eq!(
        (fd.context.as_str(), idr.context.as_str()),
        (firm_context.as_str(), inspector_context.as_str())
    );
    assert_eq!((fd.pick, idr.pick), (4, 2));
    let again = draw_round(r.id, &seed, &fd.entries, &idr.entries, 4, 2).unwrap();
    assert_eq!(
        (&again.firms.picked, &again.inspectors.picked),
        (&fd.result, &idr.result)
    );
    let pairs: Vec<(String, String)> = d
        .targets
        .iter()
        .map(|t| (t.firm_id.to_string(), t.inspector_id.to_string()))
        .collect();
    assert_eq!(pairs, again.pairs);
    for (n, t) in d.targets.iter().enumerate() {
        assert_eq!(t.position, n as i32);
        assert_eq!(t.inspector_id.to_string(), idr.result[n % 2]);
        assert_eq!(t.outcome, None);
    }
    assert_eq!(targets(&w, r.id).await.len(), 4);
    // A changed result, or a population with a firm left out, does not verify.
    let mut forged = fd.clone();
    forged.result.swap(0, 1);
    assert!(!forged.verify().unwrap().ok());
    let mut narrowed = fd.clone();
    narrowed.entries.retain(|e| *e != fd.result[0]);
    assert!(!narrowed.verify().unwrap().ok());

    // Each drawn inspector is told which firms are theirs, with the round's link.
    let assigned = mails(&w, "随机抽查任务").await;
    let mut expected = Vec::new();
    for inspector in &idr.result {
        let who = regs
            .iter()
            .find(|a| a.account_id.to_string() == *inspector)
            .unwrap();
        expected.push(email_of(&w, who).await);
    }
    expected.sort();
    assert_eq!(
        assigned.iter().map(|m| m.0.clone()).collect::<Vec<_>>(),
        expected
    );
    for t in &d.targets {
        let to = email_of(
            &w,
            regs.iter()
                .find(|a| a.account_id == t.inspector_id)
                .unwrap(),
        )
        .await;
        let body = &assigned.iter().find(|m| m.0 == to).unwrap().2;
        assert!(body.contains(&t.firm_name), "{body}");
        assert!(body.contains(&format!("/inspections/{}", r.id)), "{body}");
    }
    let entries = audited(&w, "inspection.draw", r.id).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].actor, regs[1].account_id.to_string());

    // Drawn once: a second draw is refused and changes nothing.
    let e = w.s.draw_inspection_round(&regs[0], r.id).await.unwrap_err();
    assert_eq!(
        why(&e),
        (
            "inspection-drawn",
            vec![("round", "field.inspection.already-drawn")]
        )
    );
    assert_eq!(targets(&w, r.id).await.len(), 4);
    assert_eq!(mails(&w, "随机抽查任务").await.len(), 2);
    assert_eq!(audited(&w, "inspection.draw", r.id).await.len(), 1);
    let public = w.s.inspection_round(None, r.id).await.unwrap();
    assert_eq!(public.firm_draw, Some(fd));
    // The public reads the drawn targets, with nothing for it to do on them (the drawer's own
    // view offers it the findings of the firms drawn for it).
    let mut drawn = d.targets.clone();
    drawn.iter_mut().for_each(|t| t.allowed.clear());
    assert_eq!(public.targets, drawn);
}

#[tokio::test]
async fn a_round_with_nobody_in_scope_is_refused_and_stays_planned() {
    let w = world().await;
    firm_in(&w, 1, "330106", true).await;
    let r =
        w.s.create_inspection_round(&w.regulator, &round("西藏抽查", None, "54", &[], 1, 1))
            .await
            .unwrap();
    let e =
        w.s.draw_inspection_round(&w.regulator, r.id)
            .await
            .unwrap_err();
    assert_eq!(
        why(&e),
        (
            "inspection-empty",
            vec![("round", "field.inspection.no-firms")]
        )
    );
    let v = w.s.inspection_round(None, r.id).await.unwrap();
    assert_eq!((v.status.as_str(), v.drawn_at), ("planned", None));
    assert!(v.firm_draw.is_none() && v.targets.is_empty());
    assert!(audited(&w, "inspection.draw", r.id).await.is_empty());
    assert!(mails(&w, "随机抽查任务").await.is_empty());

    // Once a firm in scope has entered, the same round draws it, with the only regulator.
    let (_, tibet) = firm_in(&w, 2, "540102", false).await;
    let d = w.s.draw_inspection_round(&w.regulator, r.id).await.unwrap();
    assert_eq!(d.status.as_str(), "drawn");
    assert_eq!(d.verified(), Some(true));
    let pairs: Vec<(Uuid, Uuid)> = d
        .targets
        .iter()
        .map(|t| (t.firm_id, t.inspector_id))
        .collect();
    assert_eq!(pairs, [(tibet, w.regulator.account_id)]);
}

#[tokio::test]
async fn two_regulators_drawing_at_once_draw_the_round_once() {
    let w = world().await;
    let regs = regulators(&w, 1).await;
    for n in 1..=5 {
        firm_in(&w, n, "330106", true).await;
    }
    let r =
        w.s.create_inspection_round(&regs[0], &round(TITLE, None, "", &[], 3, 2))
            .await
            .unwrap();
    let (p, q) = tokio::join!(
        w.s.draw_inspection_round(&regs[0], r.id),
        w.s.draw_inspection_round(&regs[1], r.id),
    );
    let (won, refused) = match (p, q) {
        (Ok(v), Err(e)) | (Err(e), Ok(v)) => (v, e),
        other => panic!("exactly one draw must win: {other:?}"),
    };
    assert_eq!(why(&refused).0, "inspection-drawn");
    assert_eq!(won.targets.len(), 3);
    assert_eq!(targets(&w, r.id).await.len(), 3);
    assert_eq!(audited(&w, "inspection.draw", r.id).await.len(), 1);
    assert_eq!(mails(&w, "随机抽查任务").await.len(), 2);
    let public = w.s.inspection_round(None, r.id).await.unwrap();
    assert_eq!(public.firm_draw, won.firm_draw);
}

#[tokio::test]
async fn only_the_drawn_inspector_records_findings_once_and_points_reach_the_ledger() {
    let w = world().await;
    let regs = regulators(&w, 1).await;
    let mut firms = Vec::new();
    for n in 1..=3 {
        firms.push(firm_in(&w, n, "330106", true).await);
    }
    let (_, elsewhere) = firm_in(&w, 4, "110105", true).await;
    let r =
        w.s.create_inspection_round(&regs[0], &round(TITLE, None, "33", &[], 3, 2))
            .await
            .unwrap();
    let compliant = finding("compliant", "未发现问题", None);
    // Before the draw nobody is there to record findings on.
    assert!(matches!(
        w.s.record_inspection_finding(&regs[0], r.id, firms[0].1, &compliant)
            .await,
        Err(Error::NotFound)
    ));
    let d = w.s.draw_inspection_round(&regs[0], r.id).await.unwrap();
    assert_eq!(d.targets.len(), 3);
    let inspector_of = |id: Uuid| regs.iter().find(|a| a.account_id == id).unwrap();
    let first = d.targets[0].clone();
    let inspector = inspector_of(first.inspector_id);
    let other = regs
        .iter()
        .find(|a| a.account_id != first.inspector_id)
        .unwrap();
    let the_firm = &firms.iter().find(|f| f.1 == first.firm_id).unwrap().0;
    let findings = "评估报告签字人员无相应执业资格";
    let violation = finding("violation", findings, Some(-10));

    // Only the inspector drawn for the firm: not another regulator, nobody but regulators.
    for who in [other, &w.owner, the_firm, &w.admin] {
        assert!(
            matches!(
                w.s.record_inspection_finding(who, r.id, first.firm_id, &violation)
                    .await,
                Err(Error::Forbidden)
            ),
            "{who:?}"
        );
    }
    // A firm not drawn in this round; a round that does not exist.
    assert!(matches!(
        w.s.record_inspection_finding(inspector, r.id, elsewhere, &violation)
            .await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        w.s.record_inspection_finding(inspector, Uuid::new_v4(), first.firm_id, &violation)
            .await,
        Err(Error::NotFound)
    ));
    // Findings are checked: no points for a compliant firm, points below zero and within the
    // policy's range for a manual entry (±50). A refused finding records nothing.
    for (input, expected) in [
        (
            finding("compliant", "x", Some(-1)),
            ("points", "field.inspection.points-compliant"),
        ),
        (
            finding("issues", "x", Some(5)),
            ("points", "field.inspection.points"),
        ),
        (
            finding("violation", findings, Some(-60)),
            ("points", "field.credit-points.manual-range"),
        ),
    ] {
        let e =
            w.s.record_inspection_finding(inspector, r.id, first.firm_id, &input)
                .await
                .unwrap_err();
        assert_eq!(why(&e), ("validation", vec![expected]), "{input:?}");
    }
    let stored = targets(&w, r.id).await;
    assert!(stored.iter().all(|t| t.outcome.is_none()));
    assert_eq!(
        credit_event::Entity::find().count(&w.s.db).await.unwrap(),
        0
    );
    assert!(mails(&w, "随机抽查结果").await.is_empty());
    assert!(audited(&w, "inspection.finding", r.id).await.is_empty());

    // Recorded: the findings on the round, the points on the firm's ledger in the round's name.
    let v =
        w.s.record_inspection_finding(inspector, r.id, first.firm_id, &violation)
            .await
            .unwrap();
    let t = v
        .targets
        .iter()
        .find(|t| t.firm_id == first.firm_id)
        .unwrap();
    assert_eq!(
        (
            t.outcome.map(Outcome::as_str),
            t.findings.as_deref(),
            t.points
        ),
        (Some("violation"), Some(findings), Some(-10))
    );
    assert!(t.recorded_at.is_some());
    assert_eq!((v.status.as_str(), v.closed_at), ("drawn", None));
    let events = credit_event::Entity::find()
        .filter(credit_event::Column::FirmId.eq(first.firm_id))
        .all(&w.s.db)
        .await
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(
        (
            events[0].kind.as_str(),
            events[0].points,
            events[0].recorded_by
        ),
        ("manual", -10, Some(inspector.account_id))
    );
    assert_eq!(events[0].reason, format!("随机抽查「{TITLE}」：{findings}"));
    let row = targets(&w, r.id)
        .await
        .into_iter()
        .find(|t| t.firm_id == first.firm_id)
        .unwrap();
    assert_eq!(row.credit_event_id, Some(events[0].id));
    let credit = w.s.firm_credit(first.firm_id).await.unwrap();
    assert_eq!(credit.score, 90);
    assert!(credit.events[0].reason.contains(TITLE));
    // The firm is told what was found and the points.
    let told = mails(&w, "随机抽查结果").await;
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].0, email_of(&w, the_firm).await);
    assert!(
        told[0].2.contains("存在违法违规行为")
            && told[0].2.contains(findings)
            && told[0].2.contains("-10"),
        "{}",
        told[0].2
    );
    let entries = audited(&w, "inspection.finding", r.id).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].actor, inspector.account_id.to_string());

    // Once.
    let e =
        w.s.record_inspection_finding(inspector, r.id, first.firm_id, &compliant)
            .await
            .unwrap_err();
    assert_eq!(
        why(&e),
        (
            "inspection-recorded",
            vec![("outcome", "field.inspection.already-recorded")]
        )
    );
    assert_eq!(
        credit_event::Entity::find().count(&w.s.db).await.unwrap(),
        1
    );
    assert_eq!(mails(&w, "随机抽查结果").await.len(), 1);

    // The rest, without points: shortcomings to correct, then compliant. The round closes with
    // its last findings; no points, no ledger entry.
    let second = &d.targets[1];
    let v =
        w.s.record_inspection_finding(
            inspector_of(second.inspector_id),
            r.id,
            second.firm_id,
            &finding("issues", "档案管理不规范，限期整改", None),
        )
        .await
        .unwrap();
    assert_eq!(v.status.as_str(), "drawn");
    let third = &d.targets[2];
    let v =
        w.s.record_inspection_finding(
            inspector_of(third.inspector_id),
            r.id,
            third.firm_id,
            &compliant,
        )
        .await
        .unwrap();
    assert_eq!(v.status.as_str(), "closed");
    assert!(v.closed_at.is_some());
    let outcomes: Vec<Option<&str>> = v
        .targets
        .iter()
        .map(|t| t.outcome.map(Outcome::as_str))
        .collect();
    assert_eq!(
        outcomes,
        [Some("violation"), Some("issues"), Some("compliant")]
    );
    assert_eq!(
        credit_event::Entity::find().count(&w.s.db).await.unwrap(),
        1
    );
    assert_eq!(mails(&w, "随机抽查结果").await.len(), 3);
    let public = w.s.inspection_round(None, r.id).await.unwrap();
    assert_eq!(public.status.as_str(), "closed");
    assert_eq!(public.targets, v.targets);
}
