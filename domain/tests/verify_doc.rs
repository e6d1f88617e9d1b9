//! docs/VERIFY.md's worked examples, recomputed by the server's own code from the document's
//! inputs: the values are read from the markdown (`name = <JSON>` lines in its `text` code
//! blocks; the plain blocks hold formulas), so
//! an edit of the document that breaks a number, or a change of the code that breaks the
//! published recipe, fails here.

use base64::Engine as _;
use ed25519_dalek::{Signer, SigningKey};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use zjcs_domain::rules::audit::{EntryFields, GENESIS, change_digest, entry_hash};
use zjcs_domain::rules::checkpoint::{self, open_note};
use zjcs_domain::rules::draw::{Seed, draw, list_hash};
use zjcs_domain::rules::merkle::{self, Hash};
use zjcs_domain::rules::procedure::bid_receipt;

/// Every `name = <JSON>` line inside the document's ```` ```text ```` blocks.
fn doc_values() -> HashMap<String, Value> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/VERIFY.md");
    let text = std::fs::read_to_string(&path).expect("docs/VERIFY.md");
    let mut values = HashMap::new();
    let mut in_block = false;
    for line in text.lines() {
        if let Some(info) = line.trim_start().strip_prefix("```") {
            in_block = !in_block && info == "text";
            continue;
        }
        let Some((name, value)) = line.split_once(" = ") else {
            continue;
        };
        if !in_block || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let v: Value = serde_json::from_str(value)
            .unwrap_or_else(|e| panic!("docs/VERIFY.md: {name} is not JSON: {e}"));
        assert!(
            values.insert(name.to_owned(), v).is_none(),
            "docs/VERIFY.md: {name} twice"
        );
    }
    values
}

struct Doc(HashMap<String, Value>);

impl Doc {
    fn get(&self, name: &str) -> &Value {
        self.0
            .get(name)
            .unwrap_or_else(|| panic!("docs/VERIFY.md has no `{name} = …`"))
    }
    fn str(&self, name: &str) -> &str {
        self.get(name).as_str().expect(name)
    }
    fn strings(&self, name: &str) -> Vec<String> {
        serde_json::from_value(self.get(name).clone()).expect(name)
    }
}

fn hexes(v: &[Hash]) -> Vec<String> {
    v.iter().map(merkle::to_hex).collect()
}

#[test]
fn the_worked_examples_of_verify_md_hold() {
    let doc = Doc(doc_values());
    assert_eq!(doc.str("genesis"), GENESIS);

    // §1 entries, §2 leaves.
    let mut prev = doc.str("genesis").to_owned();
    let mut leaves = Vec::new();
    for n in 1..=3 {
        let e = doc.get(&format!("entry{n}"));
        let digest = change_digest(&e["change"]);
        assert_eq!(digest, doc.str(&format!("entry{n}_digest")), "entry {n}");
        let fields = EntryFields {
            seq: e["seq"].as_i64().unwrap(),
            at_micros: e["at_micros"].as_i64().unwrap(),
            actor: e["actor"].as_str().unwrap().into(),
            action: e["action"].as_str().unwrap().into(),
            object_type: e["object_type"].as_str().unwrap().into(),
            object_id: e["object_id"].as_str().unwrap().into(),
            digest,
        };
        let h = entry_hash(&prev, &fields);
        assert_eq!(h, doc.str(&format!("entry{n}_hash")), "entry {n}");
        let leaf = merkle::leaf_hash(h.as_bytes());
        assert_eq!(
            merkle::to_hex(&leaf),
            doc.str(&format!("leaf{n}")),
            "leaf {n}"
        );
        leaves.push(leaf);
        prev = h;
    }
    assert_eq!(
        doc.get("entry1")["change"].to_string(),
        doc.str("entry1_canonical_change")
    );

    // §3 the tree, §4 proofs (produced and checked).
    let root_2 = merkle::root_from_leaf_hashes(&leaves[..2]);
    let root_3 = merkle::root_from_leaf_hashes(&leaves);
    assert_eq!(merkle::to_hex(&root_2), doc.str("root_2"));
    assert_eq!(merkle::to_hex(&root_3), doc.str("root_3"));
    let inclusion = merkle::inclusion_proof(&leaves, 0).unwrap();
    assert_eq!(hexes(&inclusion), doc.strings("inclusion_1_in_3"));
    merkle::verify_inclusion(&leaves[0], 0, 3, &inclusion, &root_3).unwrap();
    let consistency = merkle::consistency_proof(&leaves, 2).unwrap();
    assert_eq!(hexes(&consistency), doc.strings("consistency_2_to_3"));
    merkle::verify_consistency(2, 3, &root_2, &root_3, &consistency).unwrap();

    // §5 the checkpoint note.
    let seed: [u8; 32] = hex::decode(doc.str("key_seed"))
        .unwrap()
        .try_into()
        .unwrap();
    let key = SigningKey::from_bytes(&seed);
    let pk = key.verifying_key();
    let origin = doc.str("origin");
    assert_eq!(hex::encode(pk.as_bytes()), doc.str("public_key"));
    assert_eq!(
        hex::encode(checkpoint::key_hash(origin, &pk)),
        doc.str("key_hash")
    );
    assert_eq!(
        checkpoint::verifier_key(origin, &pk),
        doc.str("verifier_key")
    );
    let body = checkpoint::note_body(origin, 3, &root_3);
    assert_eq!(body, doc.str("checkpoint_body"));
    assert_eq!(
        hex::encode(key.sign(body.as_bytes()).to_bytes()),
        doc.str("signature")
    );
    let cp = checkpoint::sign(&key, origin, 3, &root_3, chrono::Utc::now());
    assert_eq!(cp.note.as_deref(), Some(doc.str("note")));
    assert_eq!(cp.signature, doc.str("signature"));
    let opened = open_note(doc.str("note"), &pk).unwrap();
    assert_eq!((opened.size, opened.root), (3, root_3));
    assert_eq!(
        base64::engine::general_purpose::STANDARD.encode(root_3),
        body.lines().nth(2).unwrap()
    );

    // §6 draws.
    let draw_seed = Seed::from_hex(doc.str("draw_seed")).unwrap();
    assert_eq!(draw_seed.commitment(), doc.str("draw_commitment"));
    let entries = doc.strings("draw_entries");
    assert_eq!(list_hash(&entries).unwrap(), doc.str("draw_list_hash"));
    let pick = doc.get("draw_pick").as_u64().unwrap() as usize;
    let d = draw(doc.str("draw_context"), &draw_seed, &entries, pick).unwrap();
    assert_eq!(d.picked, doc.strings("draw_result"));
    let pick = doc.get("inspection_pick").as_u64().unwrap() as usize;
    let d = draw(doc.str("inspection_context"), &draw_seed, &entries, pick).unwrap();
    assert_eq!(d.picked, doc.strings("inspection_result"));
    // The contexts the document names are the ones the services use.
    let round = uuid::Uuid::parse_str("0193f1a2-0000-7000-8000-00000000abcd").unwrap();
    let (firms, _) = zjcs_domain::rules::inspection::contexts(round);
    assert_eq!(firms, doc.str("inspection_context"));

    // §7 receipts.
    let (project, firm, nonce) = (
        doc.str("receipt_project"),
        doc.str("receipt_firm"),
        doc.str("receipt_nonce"),
    );
    let price = doc.get("receipt_price_fen").as_i64();
    assert_eq!(
        bid_receipt(project, firm, price, None, nonce),
        doc.str("receipt_without_plan")
    );
    assert_eq!(
        hex::encode(Sha256::digest(b"%PDF-1.4 plan")),
        doc.str("receipt_plan_sha256")
    );
    assert_eq!(
        bid_receipt(
            project,
            firm,
            price,
            Some(doc.str("receipt_plan_sha256")),
            nonce
        ),
        doc.str("receipt_with_plan")
    );
}
