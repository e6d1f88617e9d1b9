//! Complaints (投诉) against real storage (SQLite, or PostgreSQL with ZJCS_TEST_DATABASE_URL):
//! who may complain and about what; evidence from the parties while a case is open; a
//! regulator's steps in their order and the steps refused (wrong role, wrong state, two
//! regulators at once); the acceptance and decision limits and overdue cases in the queue; the
//! published outcomes; and what an upheld complaint does: the regulator's points on the firm's
//! ledger and, for an award complained about in time, the award overturned before its contract.

use super::common::{self, PDF, World, audited, email_of, mails, why, world};
use chrono::{Duration, NaiveDate, Utc};
use uuid::Uuid;
use zjcs_domain::error::Error;
use zjcs_domain::model::attachment::Upload;
use zjcs_domain::model::project::{ProjectStatus, china};
use zjcs_domain::model::{Actor, Role};
use zjcs_domain::rules::complaint::{
    ComplaintAction as Step, ComplaintInput, accept_due, decide_due,
};
use zjcs_domain::rules::credit::Grade;
use zjcs_domain::rules::procedure::BidInput;
use zjcs_domain::service::procurement::ContractInput;
use zjcs_domain::store::entities::{
    attachment, audit_entry, complaint, complaint_evidence, credit_event, firm,
};
use zjcs_domain::store::{ColumnTrait, EntityTrait, Expr, PaginatorTrait, QueryFilter, QueryOrder};
use zjcs_domain::testing::{end_notice, move_deadline, quick_account};

fn code(n: usize) -> String {
    common::credit_code('E', n)
}

/// A qualified firm (it can bid for the surveying postings).
pub(super) async fn firm(w: &World, n: usize) -> (Actor, Uuid) {
    let p = common::profile(code(n), &format!("投诉测试机构{n}"), "330106");
    common::entered_firm(&w.s, n, &p, true).await
}

/// A complaint about `subject` `id`, with facts and the rule said to be broken.
pub(super) fn about(subject: &str, id: Uuid) -> ComplaintInput {
    ComplaintInput {
        subject: subject.into(),
        subject_id: id.to_string(),
        facts: "中选机构的业绩证明系伪造".into(),
        rule: "采购公告第三条：业绩须真实".into(),
        ..Default::default()
    }
}

/// The same from a member of the public, with a name and a way to reach them.
fn from_public(subject: &str, id: Uuid, contact: &str) -> ComplaintInput {
    ComplaintInput {
        contact_name: "王先生".into(),
        contact: contact.into(),
        ..about(subject, id)
    }
}

/// Files `input` from `who` without evidence; the case's id.
async fn file(w: &World, who: &Actor, input: &ComplaintInput) -> Uuid {
    w.s.file_complaint(Some(who), input, Vec::new())
        .await
        .unwrap()
        .id
}

/// A regulator's step without points.
async fn step(w: &World, who: &Actor, id: Uuid, s: Step, reason: &str) {
    w.s.handle_complaint(who, id, s, reason, None)
        .await
        .unwrap();
}

/// The Chinese half of a mail's subject (they read "中文 / English").
fn zh(subject: &str) -> &str {
    subject.split(" / ").next().unwrap()
}

fn today() -> NaiveDate {
    Utc::now().with_timezone(&china()).date_naive()
}

async fn stored(w: &World, id: Uuid) -> complaint::Model {
    complaint::Entity::find_by_id(id)
        .one(&w.s.db)
        .await
        .unwrap()
        .unwrap()
}

async fn complaints(w: &World) -> u64 {
    complaint::Entity::find().count(&w.s.db).await.unwrap()
}

/// A firm's credit events, oldest first.
async fn ledger(w: &World, firm_id: Uuid) -> Vec<credit_event::Model> {
    credit_event::Entity::find()
        .filter(credit_event::Column::FirmId.eq(firm_id))
        .order_by_asc(credit_event::Column::CreatedAt)
        .all(&w.s.db)
        .await
        .unwrap()
}

async fn score(w: &World, firm_id: Uuid) -> i32 {
    firm::Entity::find_by_id(firm_id)
        .one(&w.s.db)
        .await
        .unwrap()
        .unwrap()
        .credit_score
}

async fn set_accept_due(w: &World, id: Uuid, day: NaiveDate) {
    complaint::Entity::update_many()
        .col_expr(complaint::Column::AcceptDue, Expr::value(day))
        .filter(complaint::Column::Id.eq(id))
        .exec(&w.s.db)
        .await
        .unwrap();
}

async fn set_decide_due(w: &World, id: Uuid, at: chrono::DateTime<Utc>) {
    complaint::Entity::update_many()
        .col_expr(complaint::Column::DecideDue, Expr::value(Some(at)))
        .filter(complaint::Column::Id.eq(id))
        .exec(&w.s.db)
        .await
        .unwrap();
}

/// A lowest-price project the `firms` bid 6.0, 6.5, 7.0 … million fen for, closed: the first
/// firm (the lowest) is awarded and its notice period runs.
pub(super) async fn awarded(w: &World, firms: &[(Actor, Uuid)]) -> Uuid {
    let mut input = common::posting("竣工测绘（投诉）", "lowest-price", 8_000_000);
    input.abnormal_percent = Some(70);
    let pid = common::publish(w, &input).await;
    for (i, (a, _)) in firms.iter().enumerate() {
        let bid = BidInput {
            price_fen: Some(6_000_000 + 500_000 * i as i64),
            plan_file: None,
        };
        w.s.register_for_project(a, pid, &bid).await.unwrap();
    }
    move_deadline(&w.s.db, pid, Utc::now() - Duration::seconds(1)).await;
    assert!(w.s.close_project(pid).await.unwrap());
    let v = w.s.project_selection(None, pid).await.unwrap();
    assert_eq!(v.awards.len(), 1);
    assert_eq!(
        (v.awards[0].firm_id, v.awards[0].status.as_str()),
        (firms[0].1, "notice")
    );
    pid
}

/// The notice period ends and the owner records the contract.
pub(super) async fn contract(w: &World, pid: Uuid) {
    end_notice(&w.s.db, pid).await;
    let doc =
        w.s.upload_document(&w.owner, Upload::new("合同.pdf", PDF.to_vec()))
            .await
            .unwrap();
    let input = ContractInput {
        signed_on: today().format("%Y-%m-%d").to_string(),
        price_fen: 6_000_000,
        service_days: 20,
        terms: "按公告服务内容，20 个工作日内交付成果".into(),
        document: Some(doc.id.into()),
    };
    let v = w.s.record_contract(&w.owner, pid, &input).await.unwrap();
    assert_eq!(v.status, ProjectStatus::Contracted);
}

#[tokio::test]
async fn anyone_involved_complains_about_a_project_an_award_a_firm_or_an_owner() {
    let w = world().await;
    let (a, a_id) = firm(&w, 1).await;
    let (b, b_id) = firm(&w, 2).await;
    let draft =
        w.s.create_project(
            &w.owner,
            w.item,
            &common::posting("草稿", "direct", 1_000_000),
        )
        .await
        .unwrap()
        .id;
    let published = common::publish(
        &w,
        &common::posting("竣工测绘（投诉）", "random-draw", 8_000_000),
    )
    .await;

    // Refused, each for its reason; a refused complaint stores nothing and tells nobody.
    let own = ("validation", vec![("subject_id", "field.complaint.own")]);
    let unknown = (
        "validation",
        vec![("subject_id", "field.complaint.subject-id")],
    );
    let refused = [
        // Not about oneself: a firm about its own firm, an owner about themself.
        (Some(&a), about("firm", a_id), own.clone()),
        (Some(&w.owner), about("owner", w.owner.account_id), own),
        // An owner complaint names an owner, not a firm's account.
        (Some(&a), about("owner", b.account_id), unknown.clone()),
        // A draft is not public yet; a firm that does not exist.
        (Some(&a), about("project", draft), unknown.clone()),
        (Some(&a), about("firm", Uuid::new_v4()), unknown.clone()),
        // No award yet to complain about.
        (Some(&a), about("award", published), unknown),
        // The public must say who they are and how to reach them.
        (
            None,
            about("firm", b_id),
            (
                "validation",
                vec![
                    ("contact_name", "field.required"),
                    ("contact", "field.required"),
                ],
            ),
        ),
        // Every field checked and named.
        (
            Some(&a),
            ComplaintInput {
                subject: "weather".into(),
                subject_id: "x".into(),
                ..Default::default()
            },
            (
                "validation",
                vec![
                    ("subject", "field.complaint.subject"),
                    ("subject_id", "field.complaint.subject-id"),
                    ("facts", "field.required"),
                    ("rule", "field.required"),
                ],
            ),
        ),
    ];
    for (who, input, expected) in refused {
        let e =
            w.s.file_complaint(who, &input, Vec::new())
                .await
                .unwrap_err();
        assert_eq!(why(&e), expected, "{input:?}");
    }
    assert_eq!(complaints(&w).await, 0);
    assert!(mails(&w, "投诉").await.is_empty());

    // A firm about another firm: the limit to accept it runs from today.
    let c1 =
        w.s.file_complaint(Some(&a), &about("firm", b_id), Vec::new())
            .await
            .unwrap();
    assert_eq!(
        (
            c1.status.as_str(),
            c1.subject.as_str(),
            c1.firm_id,
            c1.project_id,
            c1.owner_account_id
        ),
        ("submitted", "firm", Some(b_id), None, None)
    );
    assert_eq!(c1.firm_name.as_deref(), Some("投诉测试机构2"));
    assert_eq!(c1.accept_due, accept_due(&w.s.config.calendar, today()));
    assert!(c1.accept_due > today());
    assert_eq!((c1.decide_due, c1.overdue), (None, false));
    assert_eq!(
        stored(&w, c1.id).await.complainant_account_id,
        Some(a.account_id)
    );
    // A firm about a published project: its owner answers for it.
    let c2 =
        w.s.file_complaint(Some(&b), &about("project", published), Vec::new())
            .await
            .unwrap();
    assert_eq!(
        (c2.project_id, c2.owner_account_id, c2.firm_id),
        (Some(published), Some(w.owner.account_id), None)
    );
    // A member of the public about an owner, reachable by email; another by telephone.
    let c3 =
        w.s.file_complaint(
            None,
            &from_public("owner", w.owner.account_id, "wang@example.cn"),
            Vec::new(),
        )
        .await
        .unwrap();
    assert_eq!(c3.owner_account_id, Some(w.owner.account_id));
    let c4 =
        w.s.file_complaint(
            None,
            &from_public("owner", w.owner.account_id, "13800000000"),
            Vec::new(),
        )
        .await
        .unwrap();
    let row = stored(&w, c4.id).await;
    assert_eq!(row.complainant_account_id, None);
    assert_eq!(
        (row.contact_name.as_str(), row.contact.as_str()),
        ("王先生", "13800000000")
    );
    assert_eq!(complaints(&w).await, 4);

    // Each filing is audited, by its complainant or as anonymous.
    for (id, actor) in [
        (c1.id, a.account_id.to_string()),
        (c2.id, b.account_id.to_string()),
        (c3.id, "anonymous".to_owned()),
        (c4.id, "anonymous".to_owned()),
    ] {
        let entries = audited(&w, "complaint.file", id).await;
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].actor, actor);
    }
    // The complainant is told it was received (at their account, or at a contact that is an
    // email address), with the link to the case; nobody complained about is told before a
    // regulator takes it up.
    let mut expected = vec![
        (email_of(&w, &a).await, c1.id),
        (email_of(&w, &b).await, c2.id),
        ("wang@example.cn".to_owned(), c3.id),
    ];
    expected.sort();
    let received = mails(&w, "投诉").await;
    let to: Vec<&str> = received.iter().map(|m| m.0.as_str()).collect();
    let expected_to: Vec<&str> = expected.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(to, expected_to);
    for ((to, subject, body), (_, id)) in received.iter().zip(&expected) {
        assert_eq!(
            zh(subject),
            "投诉已收到：采购公告第三条：业绩须真实",
            "{to}"
        );
        assert!(body.contains(&format!("/complaints/{id}")), "{to}: {body}");
    }
}

#[tokio::test]
async fn evidence_is_a_partys_own_documents_added_while_the_case_is_open() {
    let w = world().await;
    let (a, _) = firm(&w, 1).await;
    let (b, b_id) = firm(&w, 2).await;
    let (outsider, _) = firm(&w, 3).await;
    let doc =
        w.s.upload_document(&a, Upload::new("证据.pdf", PDF.to_vec()))
            .await
            .unwrap();
    let owners =
        w.s.upload_document(&w.owner, Upload::new("合同.pdf", PDF.to_vec()))
            .await
            .unwrap();
    // The parties' documents: the files without a firm.
    let documents = || async {
        attachment::Entity::find()
            .filter(attachment::Column::FirmId.is_null())
            .count(&w.s.db)
            .await
            .unwrap()
    };
    assert_eq!(documents().await, 2);

    // Only one's own documents; none without an account; an uploaded file must be a document.
    // A refused complaint stores neither the case nor the file.
    let e =
        w.s.file_complaint(Some(&a), &about("firm", b_id), vec![owners.id.into()])
            .await
            .unwrap_err();
    assert_eq!(
        why(&e),
        ("validation", vec![("evidence", "field.document.unknown")])
    );
    let e =
        w.s.file_complaint(
            None,
            &from_public("firm", b_id, "wang@example.cn"),
            vec![doc.id.into()],
        )
        .await
        .unwrap_err();
    assert_eq!(
        why(&e),
        (
            "validation",
            vec![("evidence", "field.complaint.evidence-account")]
        )
    );
    let e =
        w.s.file_complaint(
            Some(&a),
            &about("firm", b_id),
            vec![Upload::new("x.pdf", b"<html>".to_vec()).into()],
        )
        .await
        .unwrap_err();
    assert_eq!(
        why(&e),
        ("validation", vec![("evidence", "field.file.kind")])
    );
    let e =
        w.s.file_complaint(
            Some(&a),
            &about("firm", Uuid::new_v4()),
            vec![Upload::new("照片.pdf", PDF.to_vec()).into()],
        )
        .await
        .unwrap_err();
    assert_eq!(why(&e).1, [("subject_id", "field.complaint.subject-id")]);
    assert_eq!((complaints(&w).await, documents().await), (0, 2));

    // Filed with an uploaded document; another with a file sent with the form, stored as the
    // complainant's document in the same transaction.
    let filed =
        w.s.file_complaint(Some(&a), &about("firm", b_id), vec![doc.id.into()])
            .await
            .unwrap();
    let ids: Vec<Uuid> = filed.evidence.iter().map(|e| e.document_id).collect();
    assert_eq!(ids, [doc.id]);
    let with_file =
        w.s.file_complaint(
            Some(&a),
            &about("firm", b_id),
            vec![Upload::new("照片.pdf", PDF.to_vec()).into()],
        )
        .await
        .unwrap();
    assert_eq!(with_file.evidence.len(), 1);
    let stored_file = attachment::Entity::find_by_id(with_file.evidence[0].document_id)
        .one(&w.s.db)
        .await
        .unwrap()
        .unwrap();
    let (_, bytes) =
        w.s.read_document(&a, with_file.evidence[0].document_id)
            .await
            .unwrap();
    assert_eq!(
        (stored_file.account_id, bytes.as_slice()),
        (a.account_id, PDF)
    );

    // The firm complained about answers with its own document and a note; not with the
    // complainant's document.
    let reply =
        w.s.upload_document(&b, Upload::new("说明.pdf", PDF.to_vec()))
            .await
            .unwrap();
    let e =
        w.s.add_complaint_evidence(&b, filed.id, doc.id.into(), "")
            .await
            .unwrap_err();
    assert_eq!(
        why(&e),
        ("validation", vec![("evidence", "field.document.unknown")])
    );
    let v =
        w.s.add_complaint_evidence(&b, filed.id, reply.id.into(), "业绩证明原件扫描件")
            .await
            .unwrap();
    assert_eq!(v.evidence.len(), 2);
    assert_eq!(
        (v.evidence[1].document_id, v.evidence[1].note.as_str()),
        (reply.id, "业绩证明原件扫描件")
    );
    // Someone not party to the case neither reads it nor adds to it.
    let theirs =
        w.s.upload_document(&outsider, Upload::new("x.pdf", PDF.to_vec()))
            .await
            .unwrap();
    assert!(matches!(
        w.s.complaint(&outsider, filed.id).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        w.s.add_complaint_evidence(&outsider, filed.id, theirs.id.into(), "")
            .await,
        Err(Error::NotFound)
    ));
    // A regulator adds the record of an inspection on site, sent with the form.
    let v =
        w.s.add_complaint_evidence(
            &w.regulator,
            filed.id,
            Upload::new("调查笔录.pdf", PDF.to_vec()).into(),
            "现场核查笔录",
        )
        .await
        .unwrap();
    assert_eq!(v.evidence.len(), 3);
    let mut added_by: Vec<Uuid> = complaint_evidence::Entity::find()
        .filter(complaint_evidence::Column::ComplaintId.eq(filed.id))
        .all(&w.s.db)
        .await
        .unwrap()
        .iter()
        .map(|e| e.added_by)
        .collect();
    added_by.sort();
    let mut expected = vec![a.account_id, b.account_id, w.regulator.account_id];
    expected.sort();
    assert_eq!(added_by, expected);
    let actors: Vec<String> = audited(&w, "complaint.evidence", filed.id)
        .await
        .into_iter()
        .map(|e| e.actor)
        .collect();
    assert_eq!(
        actors,
        [b.account_id.to_string(), w.regulator.account_id.to_string()]
    );
    // Every party reads the case with all of it.
    for who in [&a, &b, &w.regulator] {
        let v = w.s.complaint(who, filed.id).await.unwrap();
        assert_eq!(v.evidence.len(), 3);
        assert_eq!(v.facts.as_deref(), Some("中选机构的业绩证明系伪造"));
    }

    // Decided: the case is closed to evidence, and its published outcome carries none of it,
    // nor the facts as told, nor who complained.
    step(&w, &w.regulator, filed.id, Step::Accept, "").await;
    step(&w, &w.regulator, filed.id, Step::Dismiss, "证据不足").await;
    let e =
        w.s.add_complaint_evidence(&b, filed.id, reply.id.into(), "")
            .await
            .unwrap_err();
    assert_eq!(
        why(&e),
        (
            "complaint-closed",
            vec![("status", "field.complaint.closed")]
        )
    );
    assert_eq!(w.s.complaint(&a, filed.id).await.unwrap().evidence.len(), 3);
    let o = w.s.complaint_outcome(filed.id).await.unwrap();
    assert_eq!(o.status.as_str(), "dismissed");
    assert!(o.evidence.is_empty());
    assert_eq!((o.facts, o.contact_name, o.contact), (None, None, None));
}

#[tokio::test]
async fn a_regulator_accepts_investigates_and_decides_in_that_order() {
    let w = world().await;
    let (a, a_id) = firm(&w, 1).await;
    let (b, b_id) = firm(&w, 2).await;
    let second = quick_account(&w.s.db, Role::Regulator, 1).await;
    let c = file(&w, &a, &about("firm", b_id)).await;

    // Only regulators take steps and read the queue.
    for who in [&w.owner, &a, &b, &w.admin] {
        assert!(matches!(
            w.s.handle_complaint(who, c, Step::Accept, "", None).await,
            Err(Error::Forbidden)
        ));
        assert!(matches!(
            w.s.complaint_queue(who, true).await,
            Err(Error::Forbidden)
        ));
    }
    // Nothing is investigated or decided before it is accepted; a rejection needs its reason.
    for s in [Step::Investigate, Step::Uphold, Step::Dismiss] {
        let e =
            w.s.handle_complaint(&w.regulator, c, s, "理由", Some(-10))
                .await
                .unwrap_err();
        assert_eq!(
            why(&e),
            (
                "complaint-not-accepted",
                vec![("status", "field.complaint.not-accepted")]
            ),
            "{s:?}"
        );
    }
    let e =
        w.s.handle_complaint(&w.regulator, c, Step::Reject, " ", None)
            .await
            .unwrap_err();
    assert_eq!(
        why(&e),
        ("validation", vec![("reason", "field.reason.required")])
    );
    let row = stored(&w, c).await;
    assert_eq!((row.status.as_str(), row.accepted_at), ("submitted", None));

    // Accepted: the decision is due thirty days from now.
    let v =
        w.s.handle_complaint(&w.regulator, c, Step::Accept, "", None)
            .await
            .unwrap();
    assert_eq!(v.status.as_str(), "accepted");
    let row = stored(&w, c).await;
    let accepted_at = row.accepted_at.expect("accepted at");
    assert_eq!(row.decide_due, Some(decide_due(accepted_at)));
    assert_eq!(row.decide_due.unwrap() - accepted_at, Duration::days(30));
    assert_eq!((row.decided_at, row.decided_by), (None, None));
    // Accepting or rejecting again is refused.
    for s in [Step::Accept, Step::Reject] {
        let e =
            w.s.handle_complaint(&w.regulator, c, s, "理由", None)
                .await
                .unwrap_err();
        assert_eq!(
            why(&e),
            (
                "complaint-not-submitted",
                vec![("status", "field.complaint.not-submitted")]
            )
        );
    }
    let v =
        w.s.handle_complaint(&w.regulator, c, Step::Investigate, "", None)
            .await
            .unwrap();
    assert_eq!(v.status.as_str(), "investigating");
    let e =
        w.s.handle_complaint(&w.regulator, c, Step::Investigate, "", None)
            .await
            .unwrap_err();
    assert_eq!(why(&e).0, "complaint-not-accepted");
    // A decision needs its findings; another regulator may take it.
    let e =
        w.s.handle_complaint(&second, c, Step::Dismiss, "", None)
            .await
            .unwrap_err();
    assert_eq!(why(&e).1, [("reason", "field.reason.required")]);
    let v =
        w.s.handle_complaint(&second, c, Step::Dismiss, "经核查，业绩证明真实有效", None)
            .await
            .unwrap();
    assert_eq!(v.status.as_str(), "dismissed");
    assert_eq!(v.reason.as_deref(), Some("经核查，业绩证明真实有效"));
    let row = stored(&w, c).await;
    assert!(row.decided_at.is_some());
    assert_eq!(row.decided_by, Some(second.account_id));
    // A dismissed complaint costs the firm nothing.
    assert!(ledger(&w, b_id).await.is_empty());
    assert_eq!(score(&w, b_id).await, 100);
    // Closed: every step is refused.
    for s in [
        Step::Accept,
        Step::Reject,
        Step::Investigate,
        Step::Uphold,
        Step::Dismiss,
    ] {
        let e =
            w.s.handle_complaint(&w.regulator, c, s, "理由", Some(-10))
                .await
                .unwrap_err();
        assert_eq!(why(&e).0, "complaint-closed", "{s:?}");
    }
    assert_eq!(stored(&w, c).await.status, "dismissed");

    // The log holds each step and who took it, the refused ones not at all.
    let log: Vec<(String, String)> = audit_entry::Entity::find()
        .filter(audit_entry::Column::ObjectType.eq("complaint"))
        .filter(audit_entry::Column::ObjectId.eq(c.to_string()))
        .order_by_asc(audit_entry::Column::Seq)
        .all(&w.s.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.action, e.actor))
        .collect();
    let (r1, r2) = (
        w.regulator.account_id.to_string(),
        second.account_id.to_string(),
    );
    assert_eq!(
        log,
        [
            ("complaint.file".to_owned(), a.account_id.to_string()),
            ("complaint.accepted".to_owned(), r1.clone()),
            ("complaint.investigating".to_owned(), r1),
            ("complaint.dismissed".to_owned(), r2),
        ]
    );
    // Each step is told to the complainant and to the firm complained about.
    let (to_a, to_b) = (email_of(&w, &a).await, email_of(&w, &b).await);
    let told: Vec<(String, String)> = mails(&w, "投诉处理进展")
        .await
        .into_iter()
        .map(|m| (m.0, zh(&m.1).to_owned()))
        .collect();
    let mut expected = Vec::new();
    for status in ["已受理", "调查中", "投诉不成立"] {
        for to in [&to_a, &to_b] {
            expected.push((to.clone(), format!("投诉处理进展：{status}")));
        }
    }
    expected.sort();
    assert_eq!(told, expected);
    let dismissal = mails(&w, "投诉不成立").await;
    assert!(
        dismissal
            .iter()
            .all(|m| m.2.contains("经核查，业绩证明真实有效")),
        "{dismissal:?}"
    );

    // Rejected: closed with its reason, and not published; the dismissed case is.
    let r = file(&w, &b, &about("firm", a_id)).await;
    let v =
        w.s.handle_complaint(&w.regulator, r, Step::Reject, "不属于本平台管辖", None)
            .await
            .unwrap();
    assert_eq!(
        (v.status.as_str(), v.reason.as_deref()),
        ("rejected", Some("不属于本平台管辖"))
    );
    assert!(v.decided_at.is_some() && v.accepted_at.is_none());
    assert!(matches!(
        w.s.complaint_outcome(r).await,
        Err(Error::NotFound)
    ));
    let published: Vec<Uuid> =
        w.s.complaint_outcomes(100)
            .await
            .unwrap()
            .iter()
            .map(|o| o.id)
            .collect();
    assert_eq!(published, [c]);

    // Two regulators accepting one case at once: one of them does, the other is refused.
    let x = file(&w, &a, &about("owner", w.owner.account_id)).await;
    let (p, q) = tokio::join!(
        w.s.handle_complaint(&w.regulator, x, Step::Accept, "", None),
        w.s.handle_complaint(&second, x, Step::Accept, "", None),
    );
    let refused = match (p, q) {
        (Ok(_), Err(e)) | (Err(e), Ok(_)) => e,
        other => panic!("exactly one acceptance must win: {other:?}"),
    };
    assert!(
        matches!(
            refused,
            Error::Conflict("complaint-not-submitted" | "complaint-closed", _)
        ),
        "{refused:?}"
    );
    assert_eq!(audited(&w, "complaint.accepted", x).await.len(), 1);
    assert_eq!(stored(&w, x).await.status, "accepted");
}

#[tokio::test]
async fn the_queue_shows_each_cases_limits_and_which_are_overdue() {
    let w = world().await;
    let (a, _) = firm(&w, 1).await;
    let (_, b_id) = firm(&w, 2).await;
    let first = file(&w, &a, &about("firm", b_id)).await;
    let second = file(&w, &a, &about("owner", w.owner.account_id)).await;
    let third =
        w.s.file_complaint(
            None,
            &from_public("firm", b_id, "wang@example.cn"),
            Vec::new(),
        )
        .await
        .unwrap()
        .id;
    let overdue = |q: &[zjcs_domain::service::complaints::ComplaintView]| {
        q.iter().map(|c| (c.id, c.overdue)).collect::<Vec<_>>()
    };

    // Open cases, oldest first, each due for acceptance five working days after filing.
    let q = w.s.complaint_queue(&w.regulator, false).await.unwrap();
    assert_eq!(
        overdue(&q),
        [(first, false), (second, false), (third, false)]
    );
    let due = accept_due(&w.s.config.calendar, today());
    assert!(
        q.iter()
            .all(|c| c.accept_due == due && c.decide_due.is_none())
    );
    // Past its acceptance day, a case waiting for acceptance is overdue.
    set_accept_due(&w, first, today() - Duration::days(1)).await;
    set_accept_due(&w, second, today()).await;
    let q = w.s.complaint_queue(&w.regulator, false).await.unwrap();
    assert_eq!(
        overdue(&q),
        [(first, true), (second, false), (third, false)]
    );
    // Accepted, the decision limit counts instead: not overdue until it passes, under
    // investigation too.
    let v =
        w.s.handle_complaint(&w.regulator, first, Step::Accept, "", None)
            .await
            .unwrap();
    assert!(!v.overdue);
    set_decide_due(&w, first, Utc::now() - Duration::minutes(1)).await;
    assert!(w.s.complaint(&w.regulator, first).await.unwrap().overdue);
    step(&w, &w.regulator, first, Step::Investigate, "").await;
    let q = w.s.complaint_queue(&w.regulator, false).await.unwrap();
    assert_eq!(q[0].id, first);
    assert_eq!(
        (q[0].status.as_str(), q[0].overdue),
        ("investigating", true)
    );
    // Decided cases leave the open queue and are never overdue; every case, newest first.
    step(&w, &w.regulator, first, Step::Dismiss, "证据不足").await;
    step(&w, &w.regulator, third, Step::Reject, "联系不上投诉人").await;
    let q = w.s.complaint_queue(&w.regulator, false).await.unwrap();
    assert_eq!(overdue(&q), [(second, false)]);
    let all = w.s.complaint_queue(&w.regulator, true).await.unwrap();
    assert_eq!(
        overdue(&all),
        [(third, false), (second, false), (first, false)]
    );
}

#[tokio::test]
async fn an_upheld_complaint_about_a_firm_costs_it_the_points_the_regulator_sets() {
    let w = world().await;
    let (a, _) = firm(&w, 1).await;
    let (b, b_id) = firm(&w, 2).await;
    let c = file(&w, &a, &about("firm", b_id)).await;
    step(&w, &w.regulator, c, Step::Accept, "").await;

    // A firm's points are required, within the policy's range (-20 to -5); a refused
    // decision changes nothing.
    let findings = "业绩证明与发证机关记录不符";
    for points in [None, Some(-50), Some(-21), Some(-4), Some(3)] {
        let e =
            w.s.handle_complaint(&w.regulator, c, Step::Uphold, findings, points)
                .await
                .unwrap_err();
        assert_eq!(
            why(&e),
            (
                "validation",
                vec![("points", "field.credit-points.complaint-range")]
            ),
            "{points:?}"
        );
    }
    let row = stored(&w, c).await;
    assert_eq!((row.status.as_str(), row.points), ("accepted", None));
    assert!(ledger(&w, b_id).await.is_empty());
    assert!(audited(&w, "complaint.upheld", c).await.is_empty());

    let v =
        w.s.handle_complaint(&w.regulator, c, Step::Uphold, findings, Some(-15))
            .await
            .unwrap();
    assert_eq!(
        (v.status.as_str(), v.points, v.overturned),
        ("upheld", Some(-15), false)
    );
    // On the firm's ledger, as a complaint event the regulator recorded.
    let events = ledger(&w, b_id).await;
    assert_eq!(events.len(), 1);
    let e = &events[0];
    assert_eq!(
        (e.kind.as_str(), e.points, e.reason.as_str()),
        ("complaint", -15, findings)
    );
    assert_eq!(
        (e.recorded_by, e.project_id, e.award_id),
        (Some(w.regulator.account_id), None, None)
    );
    assert_eq!(stored(&w, c).await.credit_event_id, Some(e.id));
    // The score and grade move at once: 100 - 15 = 85, grade B.
    let credit = w.s.firm_credit(b_id).await.unwrap();
    assert_eq!((credit.score, credit.grade), (85, Grade::B));
    assert_eq!(credit.events[0].kind.as_str(), "complaint");
    let entries = audited(&w, "complaint.upheld", c).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].actor, w.regulator.account_id.to_string());
    // The firm is told the outcome.
    let told = mails(&w, "投诉处理进展：投诉成立").await;
    let mut expected = vec![email_of(&w, &a).await, email_of(&w, &b).await];
    expected.sort();
    assert_eq!(
        told.iter().map(|m| m.0.clone()).collect::<Vec<_>>(),
        expected
    );

    // Upheld about an owner: no points asked for, nothing on any ledger.
    let o = file(&w, &a, &about("owner", w.owner.account_id)).await;
    step(&w, &w.regulator, o, Step::Accept, "").await;
    let v =
        w.s.handle_complaint(&w.regulator, o, Step::Uphold, "验收后三个月未付款", None)
            .await
            .unwrap();
    assert_eq!((v.status.as_str(), v.points), ("upheld", None));
    assert_eq!(
        credit_event::Entity::find().count(&w.s.db).await.unwrap(),
        1
    );

    // Both outcomes are published, newest decision first, without who complained, the facts
    // as told or the evidence.
    let outcomes = w.s.complaint_outcomes(10).await.unwrap();
    let ids: Vec<Uuid> = outcomes.iter().map(|o| o.id).collect();
    assert_eq!(ids, [o, c]);
    let published = &outcomes[1];
    assert_eq!(
        (
            published.status.as_str(),
            published.firm_name.as_deref(),
            published.points,
            published.reason.as_deref()
        ),
        ("upheld", Some("投诉测试机构2"), Some(-15), Some(findings))
    );
    assert_eq!(
        (
            &published.facts,
            &published.contact_name,
            &published.contact
        ),
        (&None, &None, &None)
    );
    assert!(published.evidence.is_empty());
    assert_eq!(outcomes[0].owner_account_id, Some(w.owner.account_id));
    assert_eq!(w.s.complaint_outcome(c).await.unwrap(), *published);
}

#[tokio::test]
async fn an_upheld_award_complaint_overturns_the_award_and_the_next_bid_wins() {
    let w = world().await;
    let firms = [firm(&w, 1).await, firm(&w, 2).await, firm(&w, 3).await];
    let pid = awarded(&w, &firms).await;
    let award = w.s.project_selection(None, pid).await.unwrap().awards[0].id;

    // The second-lowest bidder complains about the award in its notice period: the owner and
    // the awarded firm answer for it.
    let filed =
        w.s.file_complaint(Some(&firms[1].0), &about("award", pid), Vec::new())
            .await
            .unwrap();
    assert_eq!(
        (
            filed.project_id,
            filed.award_id,
            filed.firm_id,
            filed.owner_account_id
        ),
        (
            Some(pid),
            Some(award),
            Some(firms[0].1),
            Some(w.owner.account_id)
        )
    );
    for who in [&firms[0].0, &w.owner] {
        w.s.complaint(who, filed.id).await.unwrap();
    }
    assert!(matches!(
        w.s.complaint(&firms[2].0, filed.id).await,
        Err(Error::NotFound)
    ));

    step(&w, &w.regulator, filed.id, Step::Accept, "").await;
    step(&w, &w.regulator, filed.id, Step::Investigate, "").await;
    let v =
        w.s.handle_complaint(
            &w.regulator,
            filed.id,
            Step::Uphold,
            "中选机构业绩证明系伪造",
            Some(-10),
        )
        .await
        .unwrap();
    assert_eq!(
        (v.status.as_str(), v.points, v.overturned),
        ("upheld", Some(-10), true)
    );
    // The award is overturned and the selection goes on without the firm: the next-lowest bid
    // is awarded, with a notice period of its own.
    let s = w.s.project_selection(None, pid).await.unwrap();
    assert_eq!(s.status, ProjectStatus::Awarded);
    let awards: Vec<(Uuid, &str)> = s
        .awards
        .iter()
        .map(|a| (a.firm_id, a.status.as_str()))
        .collect();
    assert_eq!(awards, [(firms[0].1, "overturned"), (firms[1].1, "notice")]);
    assert_eq!(s.awards[0].id, award);
    let excluded = s.bids.iter().find(|b| b.firm_id == firms[0].1).unwrap();
    assert_eq!(
        excluded.decision.map(|d| d.as_str()),
        Some("excluded-complaint")
    );
    // The points are on the firm's ledger, tied to the project and the award.
    let events = ledger(&w, firms[0].1).await;
    assert_eq!(events.len(), 1);
    assert_eq!(
        (
            events[0].kind.as_str(),
            events[0].points,
            events[0].project_id,
            events[0].award_id
        ),
        ("complaint", -10, Some(pid), Some(award))
    );
    assert_eq!(score(&w, firms[0].1).await, 90);
    // The complainant, the owner and the firm are told.
    let mut expected = vec![
        email_of(&w, &firms[1].0).await,
        email_of(&w, &w.owner).await,
        email_of(&w, &firms[0].0).await,
    ];
    expected.sort();
    let told: Vec<String> = mails(&w, "投诉处理进展：投诉成立")
        .await
        .into_iter()
        .map(|m| m.0)
        .collect();
    assert_eq!(told, expected);

    // After the notice period, an award complaint is too late, and nothing is filed.
    end_notice(&w.s.db, pid).await;
    let e =
        w.s.file_complaint(Some(&firms[2].0), &about("award", pid), Vec::new())
            .await
            .unwrap_err();
    assert_eq!(
        why(&e),
        (
            "complaint-too-late",
            vec![("subject_id", "field.complaint.too-late")]
        )
    );
    assert_eq!(complaints(&w).await, 1);
}

#[tokio::test]
async fn an_award_complaint_filed_in_time_overturns_until_the_contract_and_only_costs_points_after()
{
    let w = world().await;
    let firms = [firm(&w, 1).await, firm(&w, 2).await, firm(&w, 3).await];

    // Decided after the notice period, before the contract: the award is still overturned.
    let before = awarded(&w, &firms).await;
    let c = file(&w, &firms[1].0, &about("award", before)).await;
    step(&w, &w.regulator, c, Step::Accept, "").await;
    end_notice(&w.s.db, before).await;
    let v =
        w.s.handle_complaint(&w.regulator, c, Step::Uphold, "资质证书系伪造", Some(-5))
            .await
            .unwrap();
    assert!(v.overturned);
    let s = w.s.project_selection(None, before).await.unwrap();
    assert_eq!(
        (s.awards[0].status.as_str(), s.awards[1].firm_id),
        ("overturned", firms[1].1)
    );

    // Decided after the contract: the points count and the contract stands.
    let after = awarded(&w, &firms).await;
    let c = file(&w, &firms[1].0, &about("award", after)).await;
    step(&w, &w.regulator, c, Step::Accept, "").await;
    contract(&w, after).await;
    let v =
        w.s.handle_complaint(&w.regulator, c, Step::Uphold, "资质证书系伪造", Some(-5))
            .await
            .unwrap();
    assert_eq!(
        (v.status.as_str(), v.points, v.overturned),
        ("upheld", Some(-5), false)
    );
    let s = w.s.project_selection(None, after).await.unwrap();
    assert_eq!(s.status, ProjectStatus::Contracted);
    let awards: Vec<(Uuid, &str)> = s
        .awards
        .iter()
        .map(|a| (a.firm_id, a.status.as_str()))
        .collect();
    assert_eq!(awards, [(firms[0].1, "contracted")]);
    let points: Vec<(Option<Uuid>, i32)> = ledger(&w, firms[0].1)
        .await
        .iter()
        .map(|e| (e.project_id, e.points))
        .collect();
    assert_eq!(points, [(Some(before), -5), (Some(after), -5)]);
    assert_eq!(score(&w, firms[0].1).await, 90);
}
