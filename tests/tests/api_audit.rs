//! The verifiable audit log over HTTP (issue 6): signed checkpoints, inclusion and consistency
//! proofs, checked offline with the published key by the same code as `zjcs audit verify-proof`;
//! a row changed in the database afterwards is caught by the consistency proof from the
//! checkpoint published before.

use serde_json::{Value, json};
use zjcs_domain::model::Role;
use zjcs_domain::rules::checkpoint::{ProofBundle, verify_bundle};
use zjcs_domain::store::entities::audit_entry;
use zjcs_domain::store::{ColumnTrait, EntityTrait, Expr, QueryFilter};
use zjcs_tests::{TestApp, spawn_app};

async fn get(app: &TestApp, path: &str, status: u16) -> Value {
    let r = app.get(path).await;
    assert_eq!(r.status().as_u16(), status, "{path}");
    r.json().await.unwrap()
}

async fn publish(app: &TestApp, token: &str) -> Value {
    let r = app
        .client
        .post(format!("{}/api/v1/audit/checkpoints", app.base_url))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

fn bundle(v: Value) -> ProofBundle {
    serde_json::from_value(v).unwrap()
}

#[tokio::test]
async fn signed_checkpoints_and_proofs_verify_offline_and_a_changed_row_is_caught() {
    let app = spawn_app().await;
    let regulator = app
        .privileged(Role::Regulator, "regulator@example.cn")
        .await;
    // Publishing on request is for regulators and administrators (the server also publishes
    // one when it starts and every hour).
    let firm = {
        app.register_firm("a@example.cn", "correct horse battery")
            .await;
        app.login("a@example.cn", "correct horse battery").await
    };
    let r = app
        .client
        .post(format!("{}/api/v1/audit/checkpoints", app.base_url))
        .bearer_auth(&firm)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let old = publish(&app, &regulator).await;
    let old_size = old["size"].as_u64().unwrap();
    assert!(old_size >= 2, "{old}");
    // Publishing again without new entries gives the same checkpoint.
    assert_eq!(publish(&app, &regulator).await, old);
    for n in 0..3 {
        app.register_firm(&format!("b{n}@example.cn"), "correct horse battery")
            .await;
    }
    let new = publish(&app, &regulator).await;
    let size = new["size"].as_u64().unwrap();
    assert!(size > old_size);
    assert_eq!(
        get(&app, "/api/v1/audit/checkpoints/latest", 200).await,
        new
    );
    assert_eq!(
        get(&app, &format!("/api/v1/audit/checkpoints/{old_size}"), 200).await,
        old
    );
    let key = get(&app, "/api/v1/audit/public-key", 200).await["public_key"].clone();

    // An entry's inclusion and the consistency from the older checkpoint verify offline.
    let inclusion = get(
        &app,
        &format!("/api/v1/audit/proofs/inclusion?seq=2&size={size}"),
        200,
    )
    .await;
    let consistency = get(
        &app,
        &format!("/api/v1/audit/proofs/consistency?from={old_size}&to={size}"),
        200,
    )
    .await;
    let good = json!({ "public_key": key, "checkpoint": new, "inclusion": inclusion,
                       "old_checkpoint": old, "consistency": consistency });
    let lines = verify_bundle(&bundle(good.clone())).unwrap();
    assert_eq!(lines.len(), 3, "{lines:?}");
    // Out-of-range sizes are refused clearly.
    let p = get(
        &app,
        &format!("/api/v1/audit/proofs/consistency?from={size}&to={old_size}"),
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "size");
    get(
        &app,
        &format!("/api/v1/audit/proofs/inclusion?seq=1&size={}", size + 100),
        422,
    )
    .await;
    // A checkpoint whose root was changed does not verify against the key.
    let mut forged = good.clone();
    forged["checkpoint"]["root"] = json!("00".repeat(32));
    assert!(
        verify_bundle(&bundle(forged))
            .unwrap_err()
            .contains("signature")
    );

    // Someone rewrites entry 2 in the database; the log goes on and the next checkpoint is
    // signed over the changed tree. The consistency proof from the checkpoint published
    // before no longer holds, and the entry as its holder knows it is not in the new tree.
    audit_entry::Entity::update_many()
        .col_expr(audit_entry::Column::Actor, Expr::value("someone-else"))
        .filter(audit_entry::Column::Seq.eq(2))
        .exec(&app.db.db)
        .await
        .unwrap();
    app.register_firm("c@example.cn", "correct horse battery")
        .await;
    let after = publish(&app, &regulator).await;
    let after_size = after["size"].as_u64().unwrap();
    assert!(after_size > size);
    let consistency = get(
        &app,
        &format!("/api/v1/audit/proofs/consistency?from={old_size}&to={after_size}"),
        200,
    )
    .await;
    let e = verify_bundle(&bundle(json!({ "public_key": key, "checkpoint": after,
        "old_checkpoint": old, "consistency": consistency })))
    .unwrap_err();
    assert!(e.contains("proof does not hold"), "{e}");
    let mut proof = get(
        &app,
        &format!("/api/v1/audit/proofs/inclusion?seq=2&size={after_size}"),
        200,
    )
    .await;
    assert_ne!(
        proof["leaf_hash"], inclusion["leaf_hash"],
        "the server's leaf changed"
    );
    proof["leaf_hash"] = inclusion["leaf_hash"].clone();
    let e = verify_bundle(&bundle(json!({ "public_key": key, "checkpoint": after,
        "inclusion": proof })))
    .unwrap_err();
    assert!(e.contains("entry 2"), "{e}");
    // The chain check names the row too.
    let report = zjcs_domain::service::audit::verify_chain(&app.db.db)
        .await
        .unwrap();
    assert_eq!(report.broken.map(|b| b.seq), Some(2));
    app.stop().await;
}
