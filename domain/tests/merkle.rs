//! The RFC 6962 Merkle tree against the published reference vectors, and exhaustively on small
//! trees: every inclusion and consistency proof up to 64 leaves verifies, and every tampering
//! (a flipped byte, a wrong index or size, a wrong root, a missing or extra hash) is refused.
//!
//! The vectors are copied from transparency-dev/merkle (the Go library behind Certificate
//! Transparency and Trillian, formerly google/certificate-transparency-go `merkle`):
//! * `proof/verify_test.go` — the eight leaves, the roots of sizes 1..=8, `inclusionProofs`
//!   (leaf numbers there are 1-based: `{1, 8}` is index 0 of size 8) and `consistencyProofs`;
//! * `rfc6962/rfc6962_test.go` — the leaf, node and empty-tree hashes;
//! * `proof/proof_test.go` — which nodes make up a proof (`TestInclusion`, `TestConsistency`),
//!   written there as node ids `id(level, index)`, with "rehash" ranges standing for the one
//!   node on the right edge that they hash to.

use zjcs_domain::rules::merkle::{
    Hash, MerkleError, consistency_proof, empty_root, from_hex, inclusion_proof, leaf_hash,
    node_hash, root_from_leaf_hashes, to_hex, verify_consistency, verify_inclusion,
};

/// The reference leaves (hex of the leaf *data*), transparency-dev/merkle `proof/verify_test.go`.
const LEAVES: [&str; 8] = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
];

/// The roots of the trees over the first 1..=8 reference leaves (`roots`, same file).
const ROOTS: [&str; 8] = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

const EMPTY_TREE: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
/// `sha256SomeHash` in the reference tests: a hash that is nobody's root.
const SOME_HASH: &str = "abacaba000000000000000000000000000000000000000000060061e00123456";

/// `inclusionProofs`: (0-based leaf index, tree size, proof).
const INCLUSION: [(u64, u64, &[&str]); 5] = [
    (0, 1, &[]),
    (
        0,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        &[
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        3,
        &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
    ),
    (
        1,
        5,
        &[
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
];

/// `consistencyProofs`: (old size, new size, proof).
const CONSISTENCY: [(u64, u64, &[&str]); 5] = [
    (1, 1, &[]),
    (
        1,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        &[
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
];

/// Old size, new size, old root, new root, proof, whether it verifies.
type ConsistencyCase<'a> = (u64, u64, Hash, Hash, &'a [Hash], bool);
/// Tree size, index or old size, and the nodes `(level, index)` the proof is made of.
type ProofShape = (usize, usize, &'static [(u32, usize)]);
/// What is wrong, leaf hash, index, size, proof, root.
type InclusionProbe = (&'static str, Hash, u64, u64, Vec<Hash>, Hash);
/// What is wrong, old size, new size, old root, new root, proof.
type ConsistencyProbe = (&'static str, u64, u64, Hash, Hash, Vec<Hash>);

fn h(s: &str) -> Hash {
    from_hex(s).unwrap_or_else(|| panic!("not a hash: {s:?}"))
}

fn hashes(v: &[&str]) -> Vec<Hash> {
    v.iter().map(|s| h(s)).collect()
}

fn reference_leaves() -> Vec<Hash> {
    LEAVES
        .iter()
        .map(|d| leaf_hash(&hex::decode(d).unwrap()))
        .collect()
}

/// Distinct leaves for the larger trees.
fn synthetic_leaves(n: usize) -> Vec<Hash> {
    (0..n)
        .map(|i| leaf_hash(format!("audit entry {i}").as_bytes()))
        .collect()
}

// ── Hashing and tree heads ──────────────────────────────────────────────────────────────────────

#[test]
fn hasher_matches_rfc6962_vectors() {
    // transparency-dev/merkle rfc6962/rfc6962_test.go, TestRFC6962Hasher.
    assert_eq!(to_hex(&empty_root()), EMPTY_TREE);
    assert_eq!(
        to_hex(&leaf_hash(b"")),
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    );
    assert_eq!(
        to_hex(&leaf_hash(b"L123456")),
        "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56"
    );
    // HashChildren("N123", "N456") works on 4-byte strings; node_hash takes 32-byte hashes, so
    // the same preimage (0x01 || "N123" || "N456") is checked directly with SHA-256.
    use sha2::{Digest, Sha256};
    let mut pre = vec![0x01];
    pre.extend_from_slice(b"N123N456");
    assert_eq!(
        hex::encode(Sha256::digest(&pre)),
        "aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb"
    );
    // And node_hash is that construction.
    let (a, b) = (leaf_hash(b"a"), leaf_hash(b"b"));
    let mut pre = vec![0x01];
    pre.extend_from_slice(&a);
    pre.extend_from_slice(&b);
    assert_eq!(node_hash(&a, &b), <[u8; 32]>::from(Sha256::digest(&pre)));
}

#[test]
fn roots_match_reference_tree_heads() {
    let leaves = reference_leaves();
    assert_eq!(to_hex(&root_from_leaf_hashes(&[])), EMPTY_TREE);
    for (n, want) in (1..=8).zip(ROOTS) {
        assert_eq!(
            to_hex(&root_from_leaf_hashes(&leaves[..n])),
            want,
            "size {n}"
        );
    }
}

/// The RFC's recursive MTH, as written, to check the one-pass version against.
fn naive_mth(d: &[Hash]) -> Hash {
    match d.len() {
        0 => empty_root(),
        1 => d[0],
        n => {
            let k = 1 << (n - 1).ilog2();
            node_hash(&naive_mth(&d[..k]), &naive_mth(&d[k..]))
        }
    }
}

#[test]
fn root_agrees_with_recursive_definition_up_to_100() {
    let leaves = synthetic_leaves(100);
    for n in 0..=100 {
        assert_eq!(
            root_from_leaf_hashes(&leaves[..n]),
            naive_mth(&leaves[..n]),
            "size {n}"
        );
    }
}

// ── Published proofs ────────────────────────────────────────────────────────────────────────────

#[test]
fn inclusion_proofs_match_reference_vectors() {
    let leaves = reference_leaves();
    for (index, size, want) in INCLUSION {
        let (i, n) = (index as usize, size as usize);
        let proof = inclusion_proof(&leaves[..n], i).unwrap();
        assert_eq!(proof, hashes(want), "index {index} size {size}");
        let root = h(ROOTS[n - 1]);
        assert_eq!(
            verify_inclusion(&leaves[i], index, size, &proof, &root),
            Ok(()),
            "index {index} size {size}"
        );
        assert_no_corrupt_inclusion_verifies(&leaves[i], index, size, &proof, &root);
    }
}

#[test]
fn consistency_proofs_match_reference_vectors() {
    let leaves = reference_leaves();
    for (m, n, want) in CONSISTENCY {
        let proof = consistency_proof(&leaves[..n as usize], m as usize).unwrap();
        assert_eq!(proof, hashes(want), "{m} -> {n}");
        let (r1, r2) = (h(ROOTS[m as usize - 1]), h(ROOTS[n as usize - 1]));
        assert_eq!(
            verify_consistency(m, n, &r1, &r2, &proof),
            Ok(()),
            "{m} -> {n}"
        );
        if !proof.is_empty() {
            assert_no_corrupt_consistency_verifies(m, n, &r1, &r2, &proof);
        }
    }
}

/// `TestVerifyInclusionSingleEntry` and `TestVerifyInclusion` (the degenerate probes).
#[test]
fn reference_degenerate_inclusion_cases() {
    let hash = leaf_hash(b"data");
    assert_eq!(verify_inclusion(&hash, 0, 1, &[], &hash), Ok(()));
    assert!(verify_inclusion(&hash, 0, 1, &[], &empty_root()).is_err());
    assert!(verify_inclusion(&empty_root(), 0, 1, &[], &hash).is_err());
    let some = h(SOME_HASH);
    let empty = h(EMPTY_TREE);
    for (index, size) in [(0, 0), (0, 1), (1, 0), (2, 1)] {
        assert!(verify_inclusion(&some, index, size, &[], &empty).is_err());
        assert!(verify_inclusion(&empty, index, size, &[], &some).is_err());
    }
}

/// `TestVerifyConsistency`, with 32-byte stand-ins for its short "don't care" roots.
#[test]
fn reference_degenerate_consistency_cases() {
    let (root1, root2) = (leaf_hash(b"don't care 1"), leaf_hash(b"don't care 2"));
    let empty = h(EMPTY_TREE);
    let proof2 = [empty];
    let cases: [ConsistencyCase; 13] = [
        (0, 0, root1, root2, &[], false),
        (1, 1, root1, root2, &[], false),
        // Always consistent. (The reference accepts any old root at size 0; we require the
        // empty tree's, so these use it.)
        (0, 0, empty, empty, &[], true),
        (0, 1, empty, root2, &[], true),
        (1, 1, root2, root2, &[], true),
        // Time travel to the past.
        (1, 0, root1, root2, &[], false),
        (2, 1, root1, root2, &[], false),
        // Empty proof.
        (1, 2, root1, root2, &[], false),
        // Roots don't match.
        (0, 0, empty, root2, &[], false),
        (1, 1, empty, root2, &[], false),
        // Roots match but the proof is not empty.
        (0, 0, empty, empty, &proof2, false),
        (0, 1, empty, empty, &proof2, false),
        (1, 1, empty, empty, &proof2, false),
    ];
    for (m, n, r1, r2, proof, ok) in cases {
        assert_eq!(
            verify_consistency(m, n, &r1, &r2, proof).is_ok(),
            ok,
            "{m} -> {n}"
        );
    }
    // Our stricter reading at size 0: an old root other than the empty tree's is refused.
    assert_eq!(
        verify_consistency(0, 1, &root1, &root2, &[]),
        Err(MerkleError::RootMismatch)
    );
}

/// A node of the tree of `size` leaves: `level` levels above the leaves, `index`-th from the left,
/// cut at the tree's right edge (which is what the reference's "rehash" ranges hash to).
fn node(leaves: &[Hash], size: usize, level: u32, index: usize) -> Hash {
    let begin = (index << level).min(size);
    let end = ((index + 1) << level).min(size);
    root_from_leaf_hashes(&leaves[begin..end])
}

fn nodes(leaves: &[Hash], size: usize, ids: &[(u32, usize)]) -> Vec<Hash> {
    ids.iter()
        .map(|&(level, index)| node(leaves, size, level, index))
        .collect()
}

/// transparency-dev/merkle proof/proof_test.go, TestInclusion: which nodes make up a proof.
#[test]
fn inclusion_proofs_are_made_of_the_reference_nodes() {
    let leaves = synthetic_leaves(95);
    #[rustfmt::skip]
    let cases: &[ProofShape] = &[
        (1, 0, &[]),
        (2, 0, &[(0, 1)]),
        (2, 1, &[(0, 0)]),
        (3, 1, &[(0, 0), (0, 2)]),
        (7, 0, &[(0, 1), (1, 1), (2, 1)]), // b h l, l = hash(i, j)
        (7, 1, &[(0, 0), (1, 1), (2, 1)]),
        (7, 2, &[(0, 3), (1, 0), (2, 1)]),
        (7, 3, &[(0, 2), (1, 0), (2, 1)]),
        (7, 4, &[(0, 5), (0, 6), (2, 0)]), // f j k
        (7, 5, &[(0, 4), (0, 6), (2, 0)]),
        (7, 6, &[(1, 2), (2, 0)]),
        (4, 2, &[(0, 3), (1, 0)]),
        (5, 3, &[(0, 2), (1, 0), (0, 4)]),
        (6, 3, &[(0, 2), (1, 0), (1, 2)]),
        (6, 4, &[(0, 5), (2, 0)]),
        (15, 10, &[(0, 11), (1, 4), (2, 3), (3, 0)]),
        (31, 24, &[(0, 25), (1, 13), (2, 7), (3, 2), (4, 0)]),
        (95, 81, &[(0, 80), (1, 41), (2, 21), (3, 11), (4, 4), (6, 0)]),
    ];
    for &(size, index, ids) in cases {
        assert_eq!(
            inclusion_proof(&leaves[..size], index).unwrap(),
            nodes(&leaves, size, ids),
            "index {index} size {size}"
        );
    }
    for (size, index) in [(0, 0), (0, 1), (1, 2), (0, 3), (7, 8)] {
        assert!(inclusion_proof(&leaves[..size], index).is_err());
    }
}

/// transparency-dev/merkle proof/proof_test.go, TestConsistency.
#[test]
fn consistency_proofs_are_made_of_the_reference_nodes() {
    let leaves = synthetic_leaves(95);
    #[rustfmt::skip]
    let cases: &[ProofShape] = &[
        (1, 2, &[(0, 1)]),
        (1, 4, &[(0, 1), (1, 1)]),
        (1, 6, &[(0, 1), (1, 1), (1, 2)]),
        (2, 3, &[(0, 2)]),
        (2, 8, &[(1, 1), (2, 1)]),
        (3, 7, &[(0, 2), (0, 3), (1, 0), (2, 1)]), // c d g l, l = hash(i, j)
        (4, 7, &[(2, 1)]),
        (5, 7, &[(0, 4), (0, 5), (0, 6), (2, 0)]), // e f j k
        (6, 7, &[(1, 2), (0, 6), (2, 0)]),
        (7, 8, &[(0, 6), (0, 7), (1, 2), (2, 0)]),
        (1, 1, &[]),
        (2, 2, &[]),
        (3, 3, &[]),
        (4, 4, &[]),
        (5, 5, &[]),
        (7, 7, &[]),
        (8, 8, &[]),
        (2, 4, &[(1, 1)]),
        (3, 5, &[(0, 2), (0, 3), (1, 0), (0, 4)]),
        (3, 6, &[(0, 2), (0, 3), (1, 0), (1, 2)]),
        (4, 6, &[(1, 2)]),
        (1, 7, &[(0, 1), (1, 1), (2, 1)]),
        (10, 15, &[(1, 4), (1, 5), (2, 3), (3, 0)]),
        (24, 31, &[(3, 2), (3, 3), (4, 0)]),
        (81, 95, &[(0, 80), (0, 81), (1, 41), (2, 21), (3, 11), (4, 4), (6, 0)]),
    ];
    for &(m, n, ids) in cases {
        assert_eq!(
            consistency_proof(&leaves[..n], m).unwrap(),
            nodes(&leaves, n, ids),
            "{m} -> {n}"
        );
    }
    // Errors: the old tree is bigger than the new one.
    assert!(consistency_proof(&leaves[..0], 5).is_err());
    assert!(consistency_proof(&leaves[..8], 9).is_err());
}

// ── Exhaustive round trips and tampering ────────────────────────────────────────────────────────

/// The reference's `corruptInclusionProof` probes, plus every single-byte flip: none may verify.
fn assert_no_corrupt_inclusion_verifies(
    leaf: &Hash,
    index: u64,
    size: u64,
    proof: &[Hash],
    root: &Hash,
) {
    let some = h(SOME_HASH);
    let empty = h(EMPTY_TREE);
    let wrong_leaf = leaf_hash(b"WrongLeaf");
    let garbage = [0u8; 32];
    let with = |front: &[Hash], back: &[Hash]| -> Vec<Hash> {
        front
            .iter()
            .chain(proof.iter())
            .chain(back.iter())
            .copied()
            .collect()
    };
    let mut probes: Vec<InclusionProbe> = vec![
        (
            "index - 1",
            *leaf,
            index.wrapping_sub(1),
            size,
            proof.to_vec(),
            *root,
        ),
        ("index + 1", *leaf, index + 1, size, proof.to_vec(), *root),
        ("index ^ 2", *leaf, index ^ 2, size, proof.to_vec(), *root),
        ("size * 2", *leaf, index, size * 2, proof.to_vec(), *root),
        ("size / 2", *leaf, index, size / 2, proof.to_vec(), *root),
        ("wrong leaf", wrong_leaf, index, size, proof.to_vec(), *root),
        ("empty root", *leaf, index, size, proof.to_vec(), empty),
        ("random root", *leaf, index, size, proof.to_vec(), some),
        (
            "trailing garbage",
            *leaf,
            index,
            size,
            with(&[], &[garbage]),
            *root,
        ),
        (
            "trailing root",
            *leaf,
            index,
            size,
            with(&[], &[*root]),
            *root,
        ),
        (
            "preceding garbage",
            *leaf,
            index,
            size,
            with(&[garbage], &[]),
            *root,
        ),
        (
            "preceding root",
            *leaf,
            index,
            size,
            with(&[*root], &[]),
            *root,
        ),
    ];
    if let Some((_, init)) = proof.split_last() {
        probes.push((
            "removed component",
            *leaf,
            index,
            size,
            init.to_vec(),
            *root,
        ));
    }
    if proof.len() > 1 {
        let mut p = proof.to_vec();
        p.insert(1, some);
        probes.push(("inserted component", *leaf, index, size, p, *root));
    }
    for (desc, leaf, index, size, proof, root) in &probes {
        assert!(
            verify_inclusion(leaf, *index, *size, proof, root).is_err(),
            "{desc} verified (index {index} size {size})"
        );
    }
    for i in 0..proof.len() {
        for byte in 0..32 {
            let mut p = proof.to_vec();
            p[i][byte] ^= 0x08;
            assert_eq!(
                verify_inclusion(leaf, index, size, &p, root),
                Err(MerkleError::RootMismatch),
                "proof[{i}] byte {byte} flipped (index {index} size {size})"
            );
        }
    }
}

/// The reference's `corruptConsistencyProof` probes, plus every single-byte flip.
fn assert_no_corrupt_consistency_verifies(
    m: u64,
    n: u64,
    root1: &Hash,
    root2: &Hash,
    proof: &[Hash],
) {
    let wrong = leaf_hash(b"WrongRoot");
    let garbage = [0u8; 32];
    let with = |front: &[Hash], back: &[Hash]| -> Vec<Hash> {
        front
            .iter()
            .chain(proof.iter())
            .chain(back.iter())
            .copied()
            .collect()
    };
    let p = proof.to_vec();
    let mut probes: Vec<ConsistencyProbe> = vec![
        ("size1 - 1", m - 1, n, *root1, *root2, p.clone()),
        ("size1 + 1", m + 1, n, *root1, *root2, p.clone()),
        ("size1 ^ 2", m ^ 2, n, *root1, *root2, p.clone()),
        ("size2 * 2", m, n * 2, *root1, *root2, p.clone()),
        ("size2 / 2", m, n / 2, *root1, *root2, p.clone()),
        ("wrong root1", m, n, wrong, *root2, p.clone()),
        ("wrong root2", m, n, *root1, wrong, p.clone()),
        ("swapped roots", m, n, *root2, *root1, p.clone()),
        ("empty proof", m, n, *root1, *root2, vec![]),
        (
            "trailing garbage",
            m,
            n,
            *root1,
            *root2,
            with(&[], &[garbage]),
        ),
        ("trailing root1", m, n, *root1, *root2, with(&[], &[*root1])),
        ("trailing root2", m, n, *root1, *root2, with(&[], &[*root2])),
        (
            "preceding garbage",
            m,
            n,
            *root1,
            *root2,
            with(&[garbage], &[]),
        ),
        (
            "preceding root1",
            m,
            n,
            *root1,
            *root2,
            with(&[*root1], &[]),
        ),
        (
            "preceding root2",
            m,
            n,
            *root1,
            *root2,
            with(&[*root2], &[]),
        ),
        (
            "preceding proof[0]",
            m,
            n,
            *root1,
            *root2,
            with(&[proof[0]], &[]),
        ),
    ];
    if let Some((_, init)) = proof.split_last() {
        probes.push(("truncated proof", m, n, *root1, *root2, init.to_vec()));
    }
    for (desc, m, n, r1, r2, proof) in &probes {
        assert!(
            verify_consistency(*m, *n, r1, r2, proof).is_err(),
            "{desc} verified ({m} -> {n})"
        );
    }
    for i in 0..proof.len() {
        for byte in 0..32 {
            let mut p = proof.to_vec();
            p[i][byte] ^= 0x10;
            assert_eq!(
                verify_consistency(m, n, root1, root2, &p),
                Err(MerkleError::RootMismatch),
                "proof[{i}] byte {byte} flipped ({m} -> {n})"
            );
        }
    }
}

#[test]
fn every_inclusion_proof_up_to_64_verifies_and_resists_tampering() {
    let leaves = synthetic_leaves(64);
    let other = leaf_hash(b"not in the log");
    for n in 1..=64usize {
        let tree = &leaves[..n];
        let root = root_from_leaf_hashes(tree);
        let proofs: Vec<Vec<Hash>> = (0..n).map(|i| inclusion_proof(tree, i).unwrap()).collect();
        for (i, proof) in proofs.iter().enumerate() {
            let (index, size) = (i as u64, n as u64);
            assert_eq!(
                verify_inclusion(&leaves[i], index, size, proof, &root),
                Ok(()),
                "index {i} size {n}"
            );
            // A leaf that is not there.
            assert_eq!(
                verify_inclusion(&other, index, size, proof, &root),
                Err(MerkleError::RootMismatch)
            );
            // Another leaf of the tree at this position.
            if n > 1 {
                let j = (i + 1) % n;
                assert!(verify_inclusion(&leaves[j], index, size, proof, &root).is_err());
            }
            // The proof claimed for any other position of the same tree.
            for j in (0..n).filter(|&j| j != i) {
                assert!(
                    verify_inclusion(&leaves[i], j as u64, size, proof, &root).is_err(),
                    "proof of {i} accepted for index {j} (size {n})"
                );
            }
            // Past the end.
            assert_eq!(
                verify_inclusion(&leaves[i], size, size, proof, &root),
                Err(MerkleError::IndexOutOfRange { index: size, size })
            );
            assert_no_corrupt_inclusion_verifies(&leaves[i], index, size, proof, &root);
        }
    }
}

#[test]
fn every_consistency_proof_up_to_64_verifies_and_resists_tampering() {
    let leaves = synthetic_leaves(64);
    let roots: Vec<Hash> = (0..=64)
        .map(|n| root_from_leaf_hashes(&leaves[..n]))
        .collect();
    for n in 1..=64usize {
        for m in 0..=n {
            let proof = consistency_proof(&leaves[..n], m).unwrap();
            let (m64, n64) = (m as u64, n as u64);
            assert_eq!(
                verify_consistency(m64, n64, &roots[m], &roots[n], &proof),
                Ok(()),
                "{m} -> {n}"
            );
            if m == 0 || m == n {
                assert!(proof.is_empty(), "{m} -> {n}");
                continue;
            }
            // Another log that shares no history with this one.
            let forked = leaf_hash(b"a rewritten entry");
            assert_eq!(
                verify_consistency(m64, n64, &forked, &roots[n], &proof),
                Err(MerkleError::RootMismatch)
            );
            // The proof for m presented for every other old size.
            for k in (1..n).filter(|&k| k != m) {
                assert!(
                    verify_consistency(k as u64, n64, &roots[k], &roots[n], &proof).is_err(),
                    "proof {m} -> {n} accepted for {k} -> {n}"
                );
            }
            // The proof presented for a later tree.
            if n < 64 {
                assert!(
                    verify_consistency(m64, n64 + 1, &roots[m], &roots[n + 1], &proof).is_err()
                );
            }
            assert_no_corrupt_consistency_verifies(m64, n64, &roots[m], &roots[n], &proof);
        }
    }
}

#[test]
fn a_rewritten_entry_breaks_consistency() {
    // The point of the log: change one old entry and no proof links the old checkpoint to the
    // new tree.
    let leaves = synthetic_leaves(40);
    let old_root = root_from_leaf_hashes(&leaves[..17]);
    let mut rewritten = leaves.clone();
    rewritten[3] = leaf_hash(b"a quietly edited entry");
    let new_root = root_from_leaf_hashes(&rewritten);
    let proof = consistency_proof(&rewritten, 17).unwrap();
    assert_eq!(
        verify_consistency(17, 40, &old_root, &new_root, &proof),
        Err(MerkleError::RootMismatch)
    );
    // The honest tree still checks out.
    let honest = consistency_proof(&leaves, 17).unwrap();
    assert_eq!(
        verify_consistency(17, 40, &old_root, &root_from_leaf_hashes(&leaves), &honest),
        Ok(())
    );
}

#[test]
fn error_messages_say_what_is_wrong() {
    let e = verify_consistency(5, 3, &empty_root(), &empty_root(), &[]).unwrap_err();
    assert_eq!(e.to_string(), "tree size 5 cannot precede tree size 3");
    let e = verify_inclusion(&empty_root(), 0, 2, &[], &empty_root()).unwrap_err();
    assert_eq!(
        e,
        MerkleError::WrongProofLength {
            expected: 1,
            actual: 0
        }
    );
    assert_eq!(e.to_string(), "the proof has 0 hashes where 1 are expected");
}
