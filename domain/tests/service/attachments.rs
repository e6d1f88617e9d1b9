//! The migration that puts every uploaded file in one table (issue 20), in the manner of the
//! sealing migration's test: files and links of every kind are made, the migration is rolled
//! back (the database then holds them as an older zjcs wrote them: `document` rows in plaintext,
//! `evidence_file`/`evidence_content` sealed), a document is added in that old shape by hand, and
//! the migration is applied again; every file must read back byte for byte, through the same
//! use case and to the same readers, every link must name the same file, and what was sealed
//! (the plans before their opening) must stay so. Runs on SQLite, or on PostgreSQL with
//! ZJCS_TEST_DATABASE_URL.

use super::common::{self, PDF, World, migration_connection, raw, world};
use super::complaints::{about, awarded, contract, firm};
use std::collections::BTreeMap;
use uuid::Uuid;
use zjcs_domain::error::Error;
use zjcs_domain::model::Actor;
use zjcs_domain::model::attachment::{AttachmentRef, Upload};
use zjcs_domain::platform::attachments::AttachmentView;
use zjcs_domain::rules::procedure::BidInput;
use zjcs_domain::store::entities::{attachment, attachment_content, registration};
use zjcs_domain::store::{ColumnTrait, EntityTrait, QueryFilter};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n practitioner certificate";
const JPEG: &[u8] = b"\xff\xd8\xff\xe0 complaint photo";

/// Which use case reads a file, and as whom.
#[derive(Clone, Copy)]
enum Reader<'a> {
    /// `evidence_file` (a firm's file): the public (`None`) or an account.
    Evidence(Option<&'a Actor>),
    /// `read_document` (a party's document).
    Document(&'a Actor),
}

async fn read(w: &World, how: Reader<'_>, id: Uuid) -> Result<(AttachmentView, Vec<u8>), Error> {
    match how {
        Reader::Evidence(a) => w.s.evidence_file(a, id).await,
        Reader::Document(a) => w.s.read_document(a, id).await,
    }
}

/// Every (table, column) that names a file, with its values, sorted.
async fn links(w: &World) -> BTreeMap<&'static str, Vec<String>> {
    let mut out = BTreeMap::new();
    for (name, sql) in [
        (
            "qualification",
            "SELECT evidence_file_id AS f FROM qualification",
        ),
        (
            "practitioner",
            "SELECT evidence_file_id AS f FROM practitioner",
        ),
        (
            "plan",
            "SELECT plan_file_id AS f FROM registration WHERE plan_file_id IS NOT NULL",
        ),
        (
            "contract",
            "SELECT contract_document_id AS f FROM award WHERE contract_document_id IS NOT NULL",
        ),
        (
            "delivery",
            "SELECT document_id AS f FROM delivery_submission",
        ),
        (
            "complaint",
            "SELECT document_id AS f FROM complaint_evidence",
        ),
    ] {
        let mut ids: Vec<String> = raw(&w.s.db, sql, vec![])
            .await
            .iter()
            .map(|r| r.try_get::<Uuid>("", "f").unwrap().to_string())
            .collect();
        ids.sort();
        out.insert(name, ids);
    }
    out
}

async fn table_exists(w: &World, table: &str) -> bool {
    let sql = if w.s.db.get_database_backend() == sea_orm::DbBackend::Postgres {
        "SELECT 1 AS one FROM information_schema.tables WHERE table_name = ?"
    } else {
        "SELECT 1 AS one FROM sqlite_master WHERE type = 'table' AND name = ?"
    };
    !raw(&w.s.db, sql, vec![table.into()]).await.is_empty()
}

use sea_orm::ConnectionTrait;

#[tokio::test]
async fn the_attachment_migration_keeps_every_file_and_link() {
    use zjcs_migrations::MigratorTrait;
    let w = world().await;
    // Firm evidence: a qualification's file (uploaded, then attached), a practitioner's (sent
    // with the declaration).
    let (a, a_id) = firm(&w, 1).await;
    let (b, b_id) = firm(&w, 2).await;
    let qual_file = raw(
        &w.s.db,
        "SELECT evidence_file_id AS f FROM qualification WHERE firm_id = ?",
        vec![a_id.into()],
    )
    .await[0]
        .try_get::<Uuid>("", "f")
        .unwrap();
    let prac =
        w.s.add_practitioner(
            &a,
            &zjcs_domain::model::firm::PractitionerInput {
                name: "王五".into(),
                qualification: "注册测绘师".into(),
                certificate_number: "ZC-001".into(),
                valid_until: String::new(),
                evidence_file: Some(Upload::new("证书.png", PNG.to_vec()).into()),
            },
        )
        .await
        .unwrap();
    // Sealed bids with plans, never opened: one sent with the bid, one uploaded before.
    let pid = common::publish(&w, &{
        let mut p = common::posting("竣工测绘（附件）", "comprehensive", 8_000_000);
        p.weight_price = Some(30);
        p.weight_plan = Some(60);
        p.weight_credit = Some(10);
        p
    })
    .await;
    w.s.register_for_project(
        &a,
        pid,
        &BidInput {
            price_fen: Some(6_100_000),
            plan_file: Some(Upload::new("方案.pdf", b"%PDF-1.4 plan of A".to_vec()).into()),
        },
    )
    .await
    .unwrap();
    let plan_b =
        w.s.upload_evidence(
            &b,
            Upload::new("乙方案.pdf", b"%PDF-1.4 plan of B".to_vec()),
        )
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
    let plan_a = registration::Entity::find()
        .filter(registration::Column::ProjectId.eq(pid))
        .filter(registration::Column::FirmId.eq(a_id))
        .one(&w.s.db)
        .await
        .unwrap()
        .unwrap()
        .plan_file_id
        .unwrap();
    // The parties' documents: a contract, a delivered result (sent with the form), a
    // complaint's evidence (one uploaded before, one sent with the complaint).
    let awarded_pid = awarded(&w, &[(a, a_id), (b, b_id)]).await;
    contract(&w, awarded_pid).await;
    let contract_doc = raw(
        &w.s.db,
        "SELECT contract_document_id AS f FROM award WHERE project_id = ?",
        vec![awarded_pid.into()],
    )
    .await[0]
        .try_get::<Uuid>("", "f")
        .unwrap();
    let v =
        w.s.submit_delivery(
            &a,
            awarded_pid,
            Upload::new("成果.pdf", b"%PDF-1.4 result".to_vec()).into(),
            "成果",
        )
        .await
        .unwrap();
    let result_doc = v.submissions[0].document_id;
    let before_doc =
        w.s.upload_document(&a, Upload::new("证据.pdf", PDF.to_vec()))
            .await
            .unwrap();
    let complaint =
        w.s.file_complaint(
            Some(&a),
            &about("firm", b_id),
            vec![
                AttachmentRef::Existing(before_doc.id),
                Upload::new("照片.jpg", JPEG.to_vec()).into(),
            ],
        )
        .await
        .unwrap();
    let photo_doc = complaint
        .evidence
        .iter()
        .map(|e| e.document_id)
        .find(|d| *d != before_doc.id)
        .unwrap();

    // Every file, its reader, and what it reads now.
    let readers: Vec<(Uuid, Reader)> = vec![
        (qual_file, Reader::Evidence(None)),
        (prac.evidence_file_id, Reader::Evidence(None)),
        (plan_a, Reader::Evidence(Some(&a))),
        (plan_b.id, Reader::Evidence(Some(&b))),
        (contract_doc, Reader::Document(&w.owner)),
        (contract_doc, Reader::Document(&a)),
        (result_doc, Reader::Document(&w.owner)),
        (before_doc.id, Reader::Document(&a)),
        (photo_doc, Reader::Document(&a)),
    ];
    let mut expected = Vec::new();
    for (id, how) in &readers {
        expected.push(read(&w, *how, *id).await.unwrap());
    }
    let links_before = links(&w).await;
    assert_eq!(links_before["complaint"].len(), 2);

    // Rolled back: the old tables, documents in plaintext, evidence sealed.
    let db = migration_connection(&w.t.url).await;
    let names: Vec<String> = zjcs_migrations::Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    // This migration and the ones after it are rolled back.
    let after = names
        .iter()
        .rev()
        .position(|n| n == "m20261208_000001_one_attachment_table")
        .expect("the attachment migration");
    zjcs_migrations::Migrator::down(&db, Some(after as u32 + 1))
        .await
        .unwrap();
    assert!(table_exists(&w, "document").await && table_exists(&w, "evidence_file").await);
    assert!(!table_exists(&w, "attachment").await);
    assert_eq!(
        links(&w).await,
        links_before,
        "a rollback keeps the links too"
    );
    for (doc, bytes) in [
        (contract_doc, PDF),
        (result_doc, b"%PDF-1.4 result".as_slice()),
        (photo_doc, JPEG),
    ] {
        let row = &raw(
            &w.s.db,
            "SELECT bytes, name FROM document WHERE id = ?",
            vec![doc.into()],
        )
        .await[0];
        assert_eq!(row.try_get::<Vec<u8>>("", "bytes").unwrap(), bytes);
        assert!(!row.try_get::<String>("", "name").unwrap().is_empty());
    }
    let sealed_plan = common::old_evidence_content(&w.s.db, plan_a).await;
    assert!(!sealed_plan.windows(4).any(|x| x == b"plan"));
    // A document an older zjcs wrote, and a complaint's link to it.
    let old_doc = Uuid::new_v4();
    let old_bytes = b"%PDF-1.4 written by an older zjcs".to_vec();
    raw(
        &w.s.db,
        "INSERT INTO document (id, account_id, kind, name, size, sha256, bytes, created_at) \
         VALUES (?, ?, 'pdf', '旧证据.pdf', ?, ?, ?, ?)",
        vec![
            old_doc.into(),
            w.owner.account_id.into(),
            (old_bytes.len() as i64).into(),
            hex_sha256(&old_bytes).into(),
            old_bytes.clone().into(),
            chrono::Utc::now().into(),
        ],
    )
    .await;
    raw(
        &w.s.db,
        "INSERT INTO complaint_evidence (id, complaint_id, document_id, added_by, note, \
         created_at) VALUES (?, ?, ?, ?, '', ?)",
        vec![
            Uuid::new_v4().into(),
            complaint.id.into(),
            old_doc.into(),
            w.owner.account_id.into(),
            chrono::Utc::now().into(),
        ],
    )
    .await;
    let links_old = links(&w).await;

    // Migrated again.
    zjcs_migrations::Migrator::up(&db, None).await.unwrap();
    db.close().await.unwrap();
    assert!(table_exists(&w, "attachment").await);
    for old in ["document", "evidence_file", "evidence_content"] {
        assert!(!table_exists(&w, old).await, "{old} is gone");
    }
    assert_eq!(links(&w).await, links_old, "every link names the same file");
    for ((id, how), want) in readers.iter().zip(&expected) {
        let got = read(&w, *how, *id).await.unwrap();
        assert_eq!(&got, want, "file {id} reads back the same");
    }
    let (view, bytes) = w.s.read_document(&w.owner, old_doc).await.unwrap();
    assert_eq!(
        (view.name.as_str(), view.size, bytes),
        ("旧证据.pdf", old_bytes.len() as i64, old_bytes.clone())
    );
    // Everything is sealed at rest now, the parties' documents included.
    for doc in [contract_doc, result_doc, photo_doc, old_doc] {
        let row = attachment::Entity::find_by_id(doc)
            .one(&w.s.db)
            .await
            .unwrap()
            .unwrap();
        assert!(row.firm_id.is_none() && row.name.is_empty() && row.sealed_meta.is_some());
        let stored = attachment_content::Entity::find_by_id(doc)
            .one(&w.s.db)
            .await
            .unwrap()
            .unwrap()
            .bytes;
        assert!(
            !stored
                .windows(8)
                .any(|x| x == b"%PDF-1.4" || x == &JPEG[..8])
        );
    }
    let owner_of_old = attachment::Entity::find_by_id(qual_file)
        .one(&w.s.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (owner_of_old.firm_id, owner_of_old.account_id),
        (Some(a_id), a.account_id),
        "a firm's file: its firm, uploaded by the firm's account"
    );

    // The access rules as before: an unopened plan is its firm's alone, and a firm's file is
    // never served as a party's document (which regulators may read) nor the other way round.
    for who in [&w.owner, &w.regulator, &b] {
        assert!(matches!(
            w.s.evidence_file(Some(who), plan_a).await,
            Err(Error::NotFound)
        ));
        assert!(matches!(
            w.s.read_document(who, plan_a).await,
            Err(Error::NotFound)
        ));
    }
    assert!(matches!(
        w.s.evidence_file(Some(&a), before_doc.id).await,
        Err(Error::NotFound)
    ));
    // The links are foreign keys now.
    let dangling =
        w.s.db
            .execute_raw(sea_orm::Statement::from_sql_and_values(
                w.s.db.get_database_backend(),
                if w.s.db.get_database_backend() == sea_orm::DbBackend::Postgres {
                    "UPDATE complaint_evidence SET document_id = $1"
                } else {
                    "UPDATE complaint_evidence SET document_id = ?"
                },
                [Uuid::new_v4().into()],
            ))
            .await;
    assert!(dangling.is_err(), "a link to no file is refused");
}

fn hex_sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}
