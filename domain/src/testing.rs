//! Test support: every test gets its own, freshly migrated database.
//!
//! SQLite by default (a file in a fresh temporary directory, so the pool's connections share it).
//! With `ZJCS_TEST_DATABASE_URL=postgres://…/anydb` set, each test gets a new PostgreSQL database
//! on that server, created through the given URL and dropped when the test's [`TestDb`] is.

use crate::store::{self, Db};
use std::path::PathBuf;

/// A database for one test. Keep it alive for the test's duration.
pub struct TestDb {
    pub db: Db,
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Dir(PathBuf),
    Postgres { admin_url: String, name: String },
}

/// The engine tests run on, for messages.
pub fn engine() -> &'static str {
    if std::env::var("ZJCS_TEST_DATABASE_URL").is_ok_and(|u| !u.is_empty()) {
        "postgres"
    } else {
        "sqlite"
    }
}

impl TestDb {
    /// A fresh, migrated database on the configured engine.
    pub async fn new() -> TestDb {
        let id = uuid::Uuid::new_v4().simple().to_string();
        match std::env::var("ZJCS_TEST_DATABASE_URL") {
            Ok(admin_url) if !admin_url.is_empty() => {
                let name = format!("zjcs_test_{id}");
                let admin = store::connect(&admin_url)
                    .await
                    .expect("connect to ZJCS_TEST_DATABASE_URL");
                use crate::store::ConnectionTrait;
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create test database");
                admin.close().await.ok();
                let url = replace_db_name(&admin_url, &name);
                let db = store::connect(&url)
                    .await
                    .expect("connect to test database");
                store::migrate(&db, &crate::service::ServiceConfig::default().seal_key)
                    .await
                    .expect("migrate");
                TestDb {
                    db,
                    url,
                    cleanup: Cleanup::Postgres { admin_url, name },
                }
            }
            _ => {
                let dir = std::env::temp_dir().join(format!("zjcs-test-{id}"));
                std::fs::create_dir_all(&dir).expect("temp dir");
                let url = format!("sqlite://{}?mode=rwc", dir.join("zjcs.sqlite").display());
                let db = store::connect(&url).await.expect("connect sqlite");
                store::migrate(&db, &crate::service::ServiceConfig::default().seal_key)
                    .await
                    .expect("migrate");
                TestDb {
                    db,
                    url,
                    cleanup: Cleanup::Dir(dir),
                }
            }
        }
    }
}

/// Swaps the database name (the URL path) of a PostgreSQL URL, keeping any query string.
pub fn replace_db_name(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let path_start = base[scheme_end..]
        .find('/')
        .map(|i| i + scheme_end)
        .unwrap_or(base.len());
    let mut out = format!("{}/{}", &base[..path_start], name);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::Dir(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Postgres { admin_url, name } => {
                // Dropping needs async I/O; do it on a throwaway thread with its own runtime so
                // that it works whether or not we are inside a runtime now.
                let (admin_url, name) = (admin_url.clone(), name.clone());
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build();
                    if let Ok(rt) = rt {
                        rt.block_on(async {
                            use crate::store::ConnectionTrait;
                            if let Ok(admin) = store::connect(&admin_url).await {
                                let _ = admin
                                    .execute_unprepared(&format!(
                                        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                                    ))
                                    .await;
                            }
                        });
                    }
                })
                .join();
            }
        }
    }
}

/// An account written straight into the database, for tests that need many of them (the real
/// registration hashes a password, which takes a good part of a second in a debug build). It
/// cannot log in: its password hash is not a hash.
pub async fn quick_account(db: &Db, role: crate::model::Role, n: usize) -> crate::model::Actor {
    use crate::store::entities::account;
    use crate::store::{ActiveModelTrait, Set};
    let id = uuid::Uuid::new_v4();
    let t = crate::platform::clock::now();
    account::ActiveModel {
        id: Set(id),
        email: Set(format!(
            "{}{n}-{}@example.cn",
            role.as_str(),
            &id.simple().to_string()[..6]
        )),
        name: Set(format!("{}{n}", role.as_str())),
        role: Set(role.as_str().into()),
        owner_kind: Set((role == crate::model::Role::Owner).then(|| "company".into())),
        password_hash: Set("!".into()),
        email_verified_at: Set(Some(t)),
        created_at: Set(t),
        password_changed_at: Set(t),
        rated_count: Set(0),
        rated_closing_out_sum: Set(0),
        rated_payment_sum: Set(0),
    }
    .insert(db)
    .await
    .expect("insert account");
    crate::model::Actor {
        account_id: id,
        role,
    }
}

/// A firm written quickly (its account cannot log in; see [`quick_account`]): firm `n` of the
/// `MQ` credit-code series, in Hangzhou, named `name`.
pub async fn quick_firm(s: &crate::service::Services, n: u32, name: &str) -> uuid::Uuid {
    use crate::model::firm::{CreditCode, FirmProfileInput};
    let actor = quick_account(&s.db, crate::model::Role::Intermediary, n as usize).await;
    s.enter_firm(
        &actor,
        &FirmProfileInput {
            name: name.into(),
            credit_code: CreditCode::complete(&format!("91330106MQ{n:07}"))
                .expect("a valid code")
                .as_str()
                .to_owned(),
            legal_rep_name: format!("法人{n}"),
            legal_rep_id: "11010519491231002X".into(),
            region_code: "330106".into(),
            address: "文三路 1 号".into(),
            contact_name: "李四".into(),
            contact_phone: "0571-88888888".into(),
            description: String::new(),
            service_items: vec![],
            commitment: true,
        },
    )
    .await
    .expect("enter the firm")
    .id
}

/// Moves a project's registration deadline (tests cannot wait days for one to pass; a posting
/// must leave three working days when it is published).
pub async fn move_deadline(db: &Db, project: uuid::Uuid, to: chrono::DateTime<chrono::Utc>) {
    use crate::store::entities::project;
    use crate::store::{ColumnTrait, EntityTrait, Expr, QueryFilter};
    project::Entity::update_many()
        .col_expr(project::Column::RegistrationDeadline, Expr::value(to))
        .col_expr(
            project::Column::DeadlineMicros,
            Expr::value(to.timestamp_micros()),
        )
        .filter(project::Column::Id.eq(project))
        .exec(db)
        .await
        .expect("move the deadline");
}

/// Ends the notice period of a project's awards now (as if the working days had passed).
pub async fn end_notice(db: &Db, project: uuid::Uuid) {
    use crate::store::entities::award;
    use crate::store::{ColumnTrait, EntityTrait, Expr, QueryFilter};
    let past = crate::platform::clock::now() - chrono::Duration::seconds(1);
    award::Entity::update_many()
        .col_expr(award::Column::NoticeUntil, Expr::value(past))
        .filter(award::Column::ProjectId.eq(project))
        .exec(db)
        .await
        .expect("end the notice period");
}

/// Writes a restriction in force on a credit code straight into storage, as no service would
/// (no firm assessed again): what the steps that decide must still catch by asking the standing
/// at that moment.
pub async fn restrict(db: &Db, credit_code: &str, kind: &str) {
    use crate::store::entities::credit_restriction;
    let t = crate::platform::clock::now();
    crate::store::insert(
        db,
        credit_restriction::Model {
            id: uuid::Uuid::new_v4(),
            kind: kind.into(),
            credit_code: credit_code.into(),
            reason: "在他省平台被列入黑名单".into(),
            source: "import:某省网上中介服务超市".into(),
            starts_at: t - chrono::Duration::seconds(1),
            ends_at: None,
            created_at: t,
            via_firm_id: None,
        },
    )
    .await
    .expect("write a restriction");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn db_name_is_replaced() {
        assert_eq!(
            replace_db_name("postgres://u@h:5432/postgres", "x"),
            "postgres://u@h:5432/x"
        );
        assert_eq!(
            replace_db_name("postgres://h/db?sslmode=disable", "x"),
            "postgres://h/x?sslmode=disable"
        );
        assert_eq!(replace_db_name("postgres://h", "x"), "postgres://h/x");
    }
}
