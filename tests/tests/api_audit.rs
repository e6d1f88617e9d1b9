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
    let pk = get(&app, "/api/v1/audit/public-key", 200).await;
    let key = pk["public_key"].clone();
    // Each checkpoint carries its signed note (C2SP), and the newest is served as text: the
    // text opens with the published key under the published verifier key's name, and says the
    // JSON's size and root.
    let origin = new["origin"].as_str().unwrap().to_owned();
    assert!(
        pk["verifier_key"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{origin}+")),
        "{pk}"
    );
    let r = app.get("/api/v1/audit/checkpoint").await;
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let note = r.text().await.unwrap();
    assert_eq!(note, new["note"].as_str().unwrap());
    let vk = zjcs_domain::rules::checkpoint::parse_public_key(key.as_str().unwrap()).unwrap();
    let opened = zjcs_domain::rules::checkpoint::open_note(&note, &vk).unwrap();
    assert_eq!(
        (opened.origin.as_str(), opened.size),
        (origin.as_str(), size)
    );
    assert_eq!(
        zjcs_domain::rules::merkle::to_hex(&opened.root),
        new["root"].as_str().unwrap()
    );

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

    // Someone rewrites entry 2 in the database; the log goes on. The server signs only the
    // tree it verified as the entries came in (never a re-read of the changed row), so the
    // change shows against its checkpoints: the
    // server's own proof for entry 2 now starts from another leaf and leads to no signed root.
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
    let e = verify_bundle(&bundle(json!({ "public_key": key, "checkpoint": after,
        "inclusion": proof.clone() })))
    .unwrap_err();
    assert!(e.contains("entry 2"), "{e}");
    // The entry as its holder knew it is still in the signed tree.
    proof["leaf_hash"] = inclusion["leaf_hash"].clone();
    verify_bundle(&bundle(json!({ "public_key": key, "checkpoint": after,
        "inclusion": proof })))
    .unwrap();
    // The chain check names the row too.
    let report = zjcs_domain::platform::audit::verify_chain(&app.db.db)
        .await
        .unwrap();
    assert_eq!(report.broken.map(|b| b.seq), Some(2));
    app.stop().await;
}

/// Checkpoints stored before the note format (signed over the legacy text, no origin) are
/// re-signed as notes at start when their signature holds, saying the same size and root; one
/// whose signature does not hold is left alone, not laundered into a valid note.
#[tokio::test]
async fn legacy_checkpoints_are_re_signed_as_notes_only_when_they_verify() {
    use chrono::{TimeZone, Utc};
    use ed25519_dalek::{Signer, SigningKey};
    use zjcs_domain::rules::checkpoint::{Checkpoint, legacy_message, open_note};
    use zjcs_domain::store::ActiveModelTrait;
    use zjcs_domain::store::entities::audit_checkpoint;

    let app = spawn_app().await;
    // The start-up task re-signs legacy rows before it publishes its first checkpoint: wait for
    // that, so that the rows planted below are not re-signed before the test looks.
    for _ in 0..100 {
        if app.get("/api/v1/audit/checkpoints/latest").await.status() == 200 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let key = SigningKey::from_bytes(&app.services.config.audit_signing_key);
    let at = Utc.with_ymd_and_hms(2026, 11, 30, 8, 0, 0).unwrap();
    let root = "ab".repeat(32);
    let stranger = SigningKey::from_bytes(&[7; 32]);
    for (size, signer) in [(1_000_001i64, &key), (1_000_002, &stranger)] {
        let sig = signer.sign(legacy_message(size as u64, &root, at).as_bytes());
        audit_checkpoint::ActiveModel {
            size: zjcs_domain::store::Set(size),
            root: zjcs_domain::store::Set(root.clone()),
            signed_at: zjcs_domain::store::Set(at),
            signature: zjcs_domain::store::Set(hex::encode(sig.to_bytes())),
            origin: zjcs_domain::store::Set(None),
        }
        .insert(&app.db.db)
        .await
        .unwrap();
    }
    let before: Checkpoint =
        serde_json::from_value(get(&app, "/api/v1/audit/checkpoints/1000001", 200).await).unwrap();
    assert!(before.note.is_none() && before.origin.is_none());
    assert_eq!(before.verify(&key.verifying_key()), Ok(()));

    assert_eq!(app.services.upgrade_legacy_checkpoints().await.unwrap(), 1);
    assert_eq!(app.services.upgrade_legacy_checkpoints().await.unwrap(), 0);
    let after: Checkpoint =
        serde_json::from_value(get(&app, "/api/v1/audit/checkpoints/1000001", 200).await).unwrap();
    assert_eq!(after.verify(&key.verifying_key()), Ok(()));
    let opened = open_note(after.note.as_deref().unwrap(), &key.verifying_key()).unwrap();
    assert_eq!(opened.size, 1_000_001);
    assert_eq!(hex::encode(opened.root), root);
    assert_eq!(after.signed_at, at);
    // The stranger's row stays legacy, and does not verify under the platform's key.
    let other: Checkpoint =
        serde_json::from_value(get(&app, "/api/v1/audit/checkpoints/1000002", 200).await).unwrap();
    assert!(other.note.is_none());
    assert!(other.verify(&key.verifying_key()).is_err());
    app.stop().await;
}

/// The server watches its own log: a row changed in the database is found (by the hourly
/// re-walk, and at start by a fresh instance), `/readyz` fails naming the entry, `/metrics`
/// counts it, and no new checkpoint is signed over it.
#[tokio::test]
async fn a_tampered_row_fails_readyz_shows_in_metrics_and_stops_checkpoints() {
    let app = spawn_app().await;
    let regulator = app
        .privileged(Role::Regulator, "regulator@example.cn")
        .await;
    for n in 0..3 {
        app.register_firm(&format!("f{n}@example.cn"), "correct horse battery")
            .await;
    }
    let signed = publish(&app, &regulator).await;
    assert_eq!(app.get("/readyz").await.status(), 200);
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(metrics.contains("zjcs_audit_chain_broken 0"), "{metrics}");
    // A fresh walk of the intact log agrees with what the instance verified.
    let h = app.services.recheck_audit_log().await.unwrap();
    assert_eq!(h.broken, None);
    assert!(h.verified >= signed["size"].as_u64().unwrap());

    audit_entry::Entity::update_many()
        .col_expr(audit_entry::Column::Actor, Expr::value("someone-else"))
        .filter(audit_entry::Column::Seq.eq(2))
        .exec(&app.db.db)
        .await
        .unwrap();
    // Start-up on the changed database: a fresh instance's first walk finds entry 2.
    let fresh = zjcs_domain::service::Services::new(app.db.db.clone(), Default::default());
    let (h, _, _) = fresh.check_audit_log().await.unwrap();
    let b = h.broken.unwrap();
    assert_eq!(
        (b.seq, b.reason),
        (2, zjcs_domain::rules::audit::BreakReason::Hash)
    );
    // The running instance's hourly re-walk finds it too.
    let h = app.services.recheck_audit_log().await.unwrap();
    assert_eq!(h.broken.map(|b| b.seq), Some(2));
    let r = app.get("/readyz").await;
    assert_eq!(r.status(), 503);
    let text = r.text().await.unwrap();
    assert!(text.contains("entry 2 (hash)"), "{text}");
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(metrics.contains("zjcs_audit_chain_broken 1"), "{metrics}");
    assert!(
        metrics.contains("zjcs_audit_first_broken_seq 2"),
        "{metrics}"
    );
    // New entries keep coming, but no checkpoint is signed over the broken log.
    app.register_firm("late@example.cn", "correct horse battery")
        .await;
    let r = app
        .client
        .post(format!("{}/api/v1/audit/checkpoints", app.base_url))
        .bearer_auth(&regulator)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
    let p: Value = r.json().await.unwrap();
    assert!(
        p["type"].as_str().unwrap().ends_with("audit-log-broken"),
        "{p}"
    );
    assert_eq!(
        get(&app, "/api/v1/audit/checkpoints/latest", 200).await,
        signed
    );
    app.stop().await;
}
