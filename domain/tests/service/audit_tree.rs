//! The audit log's stored Merkle tree (issue 19, part 3) on real storage: proofs read from the
//! stored nodes are exactly the proofs computed from the whole log, however the log grew and
//! however many instances stored it; a lost store is rebuilt; a changed node stops checkpoints.

use super::common::services;
use serde_json::json;
use zjcs_domain::error::Error;
use zjcs_domain::platform::audit::{AuditActor, Entry, record_many};
use zjcs_domain::rules::audit::{EntryFields, entry_hash};
use zjcs_domain::rules::merkle::{self, Hash, NodeId};
use zjcs_domain::service::Services;
use zjcs_domain::service::transparency::node_key;
use zjcs_domain::store::entities::{audit_entry, audit_node};
use zjcs_domain::store::{ConnectionTrait, EntityTrait, PaginatorTrait, QueryOrder, begin_write};
use zjcs_domain::testing::TestDb;

/// Appends `n` entries in one transaction.
async fn append(t: &TestDb, n: usize) {
    let entries: Vec<Entry> = (0..n)
        .map(|i| Entry {
            actor: AuditActor::System,
            action: "test.append",
            object_type: "test",
            object_id: i.to_string(),
            change: json!({ "i": i }),
        })
        .collect();
    let tx = begin_write(&t.db).await.unwrap();
    record_many(&tx, &entries).await.unwrap();
    tx.commit().await.unwrap();
}

/// The leaves of the whole log, recomputed from the rows (what proofs were computed from before
/// the tree was stored).
async fn leaves(t: &TestDb) -> Vec<Hash> {
    audit_entry::Entity::find()
        .order_by_asc(audit_entry::Column::Seq)
        .all(&t.db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| {
            let f = EntryFields {
                seq: m.seq,
                at_micros: m.at.timestamp_micros(),
                actor: m.actor,
                action: m.action,
                object_type: m.object_type,
                object_id: m.object_id,
                digest: m.digest,
            };
            merkle::leaf_hash(entry_hash(&m.prev_hash, &f).as_bytes())
        })
        .collect()
}

fn hex(v: Vec<Hash>) -> Vec<String> {
    v.iter().map(merkle::to_hex).collect()
}

/// Every inclusion proof into a few sizes and every consistency proof to them, from the server,
/// against the proofs computed from the log's leaves.
async fn assert_proofs_match(s: &Services, t: &TestDb) {
    let all = leaves(t).await;
    let n = all.len() as u64;
    for size in [1, 2, 3, n / 2, n - 1, n] {
        let d = &all[..size as usize];
        for seq in 1..=size {
            let p = s.audit_inclusion_proof(seq, size).await.unwrap();
            assert_eq!(
                p.proof,
                hex(merkle::inclusion_proof(d, seq as usize - 1).unwrap()),
                "entry {seq} in {size}"
            );
            assert_eq!(p.leaf_hash, merkle::to_hex(&d[seq as usize - 1]));
        }
        for from in 0..=size {
            let p = s.audit_consistency_proof(from, size).await.unwrap();
            assert_eq!(
                p.proof,
                hex(merkle::consistency_proof(d, from as usize).unwrap()),
                "{from} -> {size}"
            );
        }
    }
}

/// The rows a tree of `n` leaves has: one per perfect subtree, 2n − popcount(n).
async fn assert_node_count(t: &TestDb) {
    let n = audit_entry::Entity::find().count(&t.db).await.unwrap();
    let stored = audit_node::Entity::find().count(&t.db).await.unwrap();
    assert_eq!(stored, 2 * n - u64::from(n.count_ones()), "{n} entries");
}

#[tokio::test]
async fn proofs_from_the_stored_tree_equal_proofs_from_the_log() {
    let t = TestDb::new().await;
    let s = services(&t.db);
    // Grown in uneven steps, checked (and stored) after each; the last step is not checked
    // before the proofs are asked for, so the proof request itself brings the tree up to date.
    for step in [1, 1, 2, 5, 37, 64, 3, 100] {
        append(&t, step).await;
        s.check_audit_log().await.unwrap();
    }
    append(&t, 29).await;
    assert_proofs_match(&s, &t).await;
    assert_node_count(&t).await;
    // A checkpoint signs the root the stored tree gives too.
    let cp = s.publish_checkpoint().await.unwrap();
    let all = leaves(&t).await;
    assert_eq!(cp.size, all.len() as u64);
    assert_eq!(
        cp.root,
        merkle::to_hex(&merkle::root_from_leaf_hashes(&all))
    );
}

/// Instances on one database verify and store the same entries at once: one tree, no row
/// twice, and each serves the same proofs.
#[tokio::test]
async fn instances_storing_at_once_store_one_tree() {
    let t = TestDb::new().await;
    let instances: Vec<Services> = (0..3).map(|_| services(&t.db)).collect();
    for step in [7, 90, 33] {
        append(&t, step).await;
        let checks = instances.iter().map(|s| s.check_audit_log());
        for r in futures::future::join_all(checks).await {
            assert!(r.unwrap().0.broken.is_none());
        }
    }
    assert_node_count(&t).await;
    // A fresh instance (as after a restart) walks the log from entry 1 and stores nothing new.
    let fresh = services(&t.db);
    fresh.check_audit_log().await.unwrap();
    assert_node_count(&t).await;
    assert_proofs_match(&instances[2], &t).await;
    assert_proofs_match(&fresh, &t).await;
}

/// The store is derived data: emptied, it is rebuilt from the log by the next check.
#[tokio::test]
async fn a_lost_tree_is_rebuilt_from_the_log() {
    let t = TestDb::new().await;
    let s = services(&t.db);
    append(&t, 50).await;
    s.check_audit_log().await.unwrap();
    t.db.execute_unprepared("DELETE FROM audit_node")
        .await
        .unwrap();
    append(&t, 11).await;
    assert_proofs_match(&s, &t).await;
    assert_node_count(&t).await;
}

/// A node changed in the database gives proofs that lead to no signed root; the server notices
/// at its next checkpoint (which reads the nodes of the tree's right edge), refuses to sign,
/// and reports the break.
#[tokio::test]
async fn a_changed_node_stops_checkpoints() {
    let t = TestDb::new().await;
    let s = services(&t.db);
    append(&t, 13).await;
    s.publish_checkpoint().await.unwrap();
    // 13 leaves: the tree's right edge is the subtrees of leaves 0-7, 8-11 and 12; the second
    // (level 2, position 2) is given the first four leaves' root.
    let key = |index| node_key(NodeId { level: 2, index });
    t.db.execute_unprepared(&format!(
        "UPDATE audit_node SET hash = (SELECT hash FROM audit_node WHERE id = {}) WHERE id = {}",
        key(0),
        key(2)
    ))
    .await
    .unwrap();
    // With entry 14 the right edge is leaves 0-7, 8-11 and 12-13: the changed node is on it.
    append(&t, 1).await;
    let r = s.publish_checkpoint().await;
    assert!(
        matches!(r, Err(Error::Conflict("audit-log-broken", _))),
        "{r:?}"
    );
    let broken = s.audit_health().broken.expect("a break");
    assert_eq!(
        (broken.seq, broken.reason),
        (14, zjcs_domain::rules::audit::BreakReason::Tree)
    );
}
