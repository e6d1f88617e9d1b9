//! The generic row reads and writes `store` hands the services (`find`, `find_many`, `insert`,
//! `update`, `delete`), on both engines.

use crate::common::setup;
use chrono::Utc;
use uuid::Uuid;
use zjcs_domain::store::{self, entities::service_item};

fn item(code: &str) -> service_item::Model {
    let t = Utc::now();
    service_item::Model {
        id: Uuid::new_v4(),
        code: code.into(),
        name: format!("事项 {code}"),
        name_en: String::new(),
        approval: String::new(),
        department: "自然资源局".into(),
        legal_basis: String::new(),
        qualifications: "[]".into(),
        time_limit_days: 10,
        fee_min_fen: None,
        fee_max_fen: Some(100_000),
        fee_note: String::new(),
        workflow: String::new(),
        materials: "[]".into(),
        retired: false,
        created_at: t,
        updated_at: t,
    }
}

#[tokio::test]
async fn rows_are_inserted_found_updated_by_difference_and_deleted() {
    let (t, _s) = setup().await;
    let db = &t.db;
    let a = store::insert(db, item("S-1")).await.unwrap();
    let b = store::insert(db, item("S-2")).await.unwrap();
    assert_eq!(
        store::find::<service_item::Model>(db, a.id).await.unwrap(),
        Some(a.clone())
    );
    assert_eq!(
        store::find::<service_item::Model>(db, Uuid::new_v4())
            .await
            .unwrap(),
        None
    );

    let mut many = store::find_many::<service_item::Model>(db, [b.id, a.id, Uuid::new_v4()])
        .await
        .unwrap();
    many.sort_by(|x, y| x.code.cmp(&y.code));
    assert_eq!(many, [a.clone(), b.clone()]);
    assert!(
        store::find_many::<service_item::Model>(db, [])
            .await
            .unwrap()
            .is_empty()
    );

    // Another writer changes the name after `a` was read; an update of the fee from the row
    // as read writes the fee only, and keeps the other writer's name.
    let renamed = service_item::Model {
        name: "改名".into(),
        ..a.clone()
    };
    store::update(db, &a, renamed).await.unwrap();
    let stored = store::update(
        db,
        &a,
        service_item::Model {
            fee_max_fen: Some(200_000),
            ..a.clone()
        },
    )
    .await
    .unwrap();
    assert_eq!(stored.fee_max_fen, Some(200_000));
    assert_eq!(stored.name, "改名");
    let read = store::find::<service_item::Model>(db, a.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (read.name.as_str(), read.fee_max_fen),
        ("改名", Some(200_000))
    );

    // Nothing differs: nothing is written, the row is answered as given.
    let same = store::update(db, &read, read.clone()).await.unwrap();
    assert_eq!(same, read);

    store::insert_many(db, vec![item("S-3"), item("S-4")])
        .await
        .unwrap();
    store::insert_many::<_, service_item::Model>(db, vec![])
        .await
        .unwrap();
    assert!(store::delete(db, b.clone()).await.unwrap());
    assert!(!store::delete(db, b).await.unwrap());
    let codes: Vec<String> = store::find_many::<service_item::Model>(db, [a.id])
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.code)
        .collect();
    assert_eq!(codes, ["S-1"]);
    // A taken unique value is refused, not overwritten.
    assert!(store::insert(db, item("S-1")).await.is_err());
}
