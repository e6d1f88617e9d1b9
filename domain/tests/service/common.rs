//! Fixtures shared by the service suite's modules: services on a fresh database, the usual
//! world (administrator, demo catalogue, an owner and a regulator), accounts, firms with or
//! without the surveying qualification, postings, and the mails queued.
//!
//! Where the modules' copies differed, the difference is a parameter: each module keeps its own
//! credit-code series (`credit_code`), firm names and legal representatives (`profile`), and
//! posting (`posting` plus its own fields).
//!
//! Below those, what the complaint and inspection modules read back: mails, addresses, audit
//! entries and refusals.

use chrono::{Duration, Utc};
use uuid::Uuid;
use zjcs_domain::error::Error;
use zjcs_domain::i18n::Lang;
use zjcs_domain::model::attachment::Upload;
use zjcs_domain::model::catalogue::{DEMO_CATALOGUE_JSON, QualRequirement, rows_from_json};
use zjcs_domain::model::firm::{CreditCode, FirmProfileInput, QualificationInput};
use zjcs_domain::model::project::{ProjectInput, china};
use zjcs_domain::model::{Actor, DisplayName, Email, Password, Registration, Role};
use zjcs_domain::service::{ServiceConfig, Services};
use zjcs_domain::store::entities::{account, audit_entry, outbox};
use zjcs_domain::store::{ColumnTrait, Db, EntityTrait, QueryFilter, QueryOrder};
use zjcs_domain::testing::{TestDb, quick_account};

/// The qualification the postings ask for and qualified firms hold.
pub const QUAL: &str = "测绘资质（工程测量专业）";
/// A file that sniffs as a PDF.
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/// Services on `db` as the tests use them: failed-login delays are not slept.
pub fn services(db: &Db) -> Services {
    Services::new(
        db.clone(),
        ServiceConfig {
            throttle_sleep: false,
            ..Default::default()
        },
    )
}

/// A fresh database and services on it, nothing else.
pub async fn setup() -> (TestDb, Services) {
    let t = TestDb::new().await;
    let s = services(&t.db);
    (t, s)
}

/// The administrator (admin@example.cn), created as `zjcs create-admin` does.
pub async fn admin(s: &Services) -> Actor {
    let a = s
        .create_privileged(
            Role::Admin,
            Email::parse("admin@example.cn").unwrap(),
            DisplayName::parse("管理员", "name").unwrap(),
            Password::parse_new("admin password", "password").unwrap(),
        )
        .await
        .unwrap();
    Actor {
        account_id: a.id,
        role: Role::Admin,
    }
}

/// An account registered as on the sign-up form (a real password, so it can log in).
pub async fn registered(
    s: &Services,
    role: &str,
    kind: Option<&str>,
    name: &str,
    email: &str,
) -> Actor {
    let reg = Registration::parse(role, kind, name, email, "correct horse battery").unwrap();
    let (a, _) = s.register(reg, Lang::Zh, false).await.unwrap();
    Actor {
        account_id: a.id,
        role: a.role,
    }
}

/// A fresh database with the administrator, the demo catalogue (imported by the administrator),
/// an owner and a regulator.
pub struct World {
    pub t: TestDb,
    pub s: Services,
    pub admin: Actor,
    /// The catalogue's surveying item (工程测绘).
    pub item: Uuid,
    pub owner: Actor,
    pub regulator: Actor,
}

pub async fn world() -> World {
    let (t, s) = setup().await;
    let admin = admin(&s).await;
    s.import_items(Some(&admin), rows_from_json(DEMO_CATALOGUE_JSON).unwrap())
        .await
        .unwrap();
    let item = s
        .list_items(false)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.name == "工程测绘")
        .unwrap()
        .id;
    let owner = quick_account(&t.db, Role::Owner, 0).await;
    let regulator = quick_account(&t.db, Role::Regulator, 0).await;
    World {
        t,
        s,
        admin,
        item,
        owner,
        regulator,
    }
}

/// A valid credit code, different for each `n`; each module draws from its own `series`
/// (a capital letter) so that its codes are its own.
pub fn credit_code(series: char, n: usize) -> String {
    CreditCode::complete(&format!("91330106M{series}{n:07}"))
        .unwrap()
        .as_str()
        .to_owned()
}

/// A firm's profile with the given code, name and region; the legal representative's ID number
/// is a valid one (change `legal_rep_id` for another representative).
pub fn profile(credit_code: String, name: &str, region: &str) -> FirmProfileInput {
    FirmProfileInput {
        name: name.into(),
        credit_code,
        legal_rep_name: "张三".into(),
        legal_rep_id: "11010519491231002X".into(),
        region_code: region.into(),
        address: "文三路 1 号".into(),
        contact_name: "李四".into(),
        contact_phone: "0571-88888888".into(),
        description: String::new(),
        service_items: vec![],
        commitment: true,
    }
}

/// Test firm `n`: an intermediary account (written straight into the database) that has
/// entered with `profile` and, when `qualified`, declared the surveying qualification the
/// postings ask for, with its certificate. The account and the firm's id.
pub async fn entered_firm(
    s: &Services,
    n: usize,
    profile: &FirmProfileInput,
    qualified: bool,
) -> (Actor, Uuid) {
    let a = quick_account(&s.db, Role::Intermediary, n).await;
    let f = s.enter_firm(&a, profile).await.unwrap();
    if qualified {
        let file = s
            .upload_evidence(&a, Upload::new("证书.pdf", PDF.to_vec()))
            .await
            .unwrap();
        s.add_qualification(
            &a,
            &QualificationInput {
                qual_type: QUAL.into(),
                grade: "乙级".into(),
                number: format!("乙测资字 {n}"),
                issuer: "浙江省自然资源厅".into(),
                valid_from: "2024-01-01".into(),
                valid_until: "2099-12-31".into(),
                evidence_file: Some(file.id.into()),
            },
        )
        .await
        .unwrap();
    }
    (a, f.id)
}

/// China's time `days` from now at 17:00, as a posting's deadlines are entered.
pub fn at(days: i64) -> String {
    (Utc::now() + Duration::days(days))
        .with_timezone(&china())
        .format("%Y-%m-%dT17:00")
        .to_string()
}

/// A surveying posting asking for the surveying qualification (grade 甲 or 乙), registration
/// closing in ten days (always beyond three working days), selection the day after; callers
/// set what their method needs.
pub fn posting(title: &str, method: &str, budget_fen: i64) -> ProjectInput {
    ProjectInput {
        title: title.into(),
        scope: "竣工测量与房产测绘".into(),
        region: "330106".into(),
        budget_fen,
        service_days: 20,
        fund_source: "self-funded".into(),
        required_qualifications: vec![QualRequirement {
            qual_type: QUAL.into(),
            grades: vec!["甲级".into(), "乙级".into()],
        }],
        method: method.into(),
        registration_deadline: at(10),
        selection_at: at(11),
        contact_name: "王工".into(),
        contact_phone: "0571-87000000".into(),
        ..Default::default()
    }
}

/// The world's owner drafts `input` on the surveying item and publishes it.
pub async fn publish(w: &World, input: &ProjectInput) -> Uuid {
    let p = w.s.create_project(&w.owner, w.item, input).await.unwrap();
    w.s.publish_project(&w.owner, p.id).await.unwrap();
    p.id
}

/// How many queued mails have `subject_part` in their subject.
pub async fn mails_to(w: &World, subject_part: &str) -> usize {
    outbox::Entity::find()
        .all(&w.s.db)
        .await
        .unwrap()
        .iter()
        .filter(|m| m.subject.contains(subject_part))
        .count()
}

/// The queued mails with `subject_part` in their subject: (to, subject, body), sorted.
pub async fn mails(w: &World, subject_part: &str) -> Vec<(String, String, String)> {
    let mut found: Vec<_> = outbox::Entity::find()
        .all(&w.s.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.subject.contains(subject_part))
        .map(|m| (m.to_addr, m.subject, m.body_text))
        .collect();
    found.sort();
    found
}

/// The email address of an account.
pub async fn email_of(w: &World, a: &Actor) -> String {
    account::Entity::find_by_id(a.account_id)
        .one(&w.s.db)
        .await
        .unwrap()
        .unwrap()
        .email
}

/// The audit entries of `action` on the object `object_id`, in the log's order.
pub async fn audited(w: &World, action: &str, object_id: Uuid) -> Vec<audit_entry::Model> {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq(action))
        .filter(audit_entry::Column::ObjectId.eq(object_id.to_string()))
        .order_by_asc(audit_entry::Column::Seq)
        .all(&w.s.db)
        .await
        .unwrap()
}

/// A refusal as the tests compare it: its code and its (field, message key) pairs.
pub fn why(e: &Error) -> (&'static str, Vec<(&'static str, &'static str)>) {
    (
        e.code(),
        e.fields().iter().map(|f| (f.field, f.code)).collect(),
    )
}

/// A connection of its own to a test database, for rolling a migration back and forth, as
/// `zjcs migrate` does in a process of its own: SQLite connections of the services' pool that
/// saw the schema before a rollback sometimes answered the next migration's ALTER with
/// "duplicate column".
pub async fn migration_connection(url: &str) -> Db {
    let mut opts = sea_orm::ConnectOptions::new(url.to_owned());
    opts.max_connections(1).sqlx_logging(false);
    sea_orm::Database::connect(opts).await.unwrap()
}

/// Rows of a raw query, written with `?` placeholders (numbered for PostgreSQL): for tables the
/// entities no longer describe (a schema rolled back).
pub async fn raw(db: &Db, sql: &str, values: Vec<sea_orm::Value>) -> Vec<sea_orm::QueryResult> {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    let backend = db.get_database_backend();
    let mut text = String::with_capacity(sql.len());
    let mut n = 0;
    for c in sql.chars() {
        if c == '?' && backend == DbBackend::Postgres {
            n += 1;
            text.push_str(&format!("${n}"));
        } else {
            text.push(c);
        }
    }
    db.query_all_raw(Statement::from_sql_and_values(backend, text, values))
        .await
        .unwrap()
}

/// An evidence file's stored (sealed) bytes in the schema before the attachment migration.
pub async fn old_evidence_content(db: &Db, id: Uuid) -> Vec<u8> {
    let rows = raw(
        db,
        "SELECT bytes FROM evidence_content WHERE file_id = ?",
        vec![id.into()],
    )
    .await;
    rows[0].try_get("", "bytes").unwrap()
}
