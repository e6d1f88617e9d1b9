//! The RFC 6962 Merkle tree (Certificate Transparency, restated in RFC 9162 §2.1): the groundwork
//! of the verifiable audit log.
//!
//! The hash chain in [`super::audit`] proves that nothing was altered *if* one re-reads the whole
//! chain. A Merkle tree over the same entries lets the platform publish short signed checkpoints
//! (tree size + root hash) and lets anyone check, with a logarithmic number of hashes, that
//!
//! * an entry is in the log a checkpoint commits to (an *inclusion proof*), and
//! * a later checkpoint extends an earlier one without rewriting history (a *consistency proof*).
//!
//! Everything here is pure: it takes leaf hashes, returns hashes or proofs, and never panics, so
//! the same code runs in the server and in the offline verifier. The hashing follows RFC 6962
//! exactly, so any CT / transparency-dev tool can verify our proofs and vice versa:
//!
//! * leaf hash `SHA-256(0x00 || data)`, interior node `SHA-256(0x01 || left || right)` — the two
//!   prefixes keep a leaf from being passed off as a node (second-preimage resistance);
//! * the empty tree hashes to `SHA-256("")`;
//! * a tree of `n > 1` leaves splits at `k`, the largest power of two smaller than `n`, so the left
//!   subtree is always perfect and the tree grows only on its right edge.
//!
//! Indices and sizes are `usize` where the leaves are in memory (proof generation) and `u64` where
//! they come from outside (verification of a published checkpoint).

use sha2::{Digest, Sha256};

/// A SHA-256 digest: a leaf hash, a node hash, a root or a proof element.
pub type Hash = [u8; 32];

/// Why a proof could not be produced or did not verify.
///
/// The variants are distinct so that the offline verifier can say *what* is wrong (a malformed
/// request versus a proof that does not match the published root, the latter being the alarm).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MerkleError {
    /// The leaf index is not below the tree size (every leaf of an empty tree is out of range).
    #[error("leaf index {index} is out of range for a tree of {size} leaves")]
    IndexOutOfRange { index: u64, size: u64 },
    /// The older tree is larger than the newer one (or than the leaves at hand).
    #[error("tree size {old_size} cannot precede tree size {new_size}")]
    SizeOutOfRange { old_size: u64, new_size: u64 },
    /// The proof has the wrong number of hashes for the given index and sizes.
    #[error("the proof has {actual} hashes where {expected} are expected")]
    WrongProofLength { expected: usize, actual: usize },
    /// The proof does not lead to the root it is checked against.
    #[error("the proof does not lead to the expected root")]
    RootMismatch,
    /// A stored node a proof needs is missing (the server's node store is behind or damaged).
    #[error("node {index} of level {level} is not stored")]
    MissingNode { level: u8, index: u64 },
}

/// A perfect subtree of the tree, as stored: the 2^`level` leaves from `index` · 2^`level` on.
/// Level 0 holds the leaf hashes themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId {
    pub level: u8,
    pub index: u64,
}

/// The perfect subtrees the leaves `lo..hi` are made of, largest first. For every subtree an
/// RFC 6962 tree has (its `lo` is a multiple of the largest power of two below its size), these
/// are the subtrees of the binary digits of `hi - lo`, and folding their roots from the right
/// gives its root ([`subtree_root`]), as [`CompactRange::root`] does for a whole tree.
pub fn perfect_subtrees(lo: u64, hi: u64) -> Vec<NodeId> {
    let mut out = Vec::new();
    let mut lo = lo;
    while lo < hi {
        // The largest power of two that fits in what is left and that `lo` is a multiple of.
        let fits = (hi - lo).ilog2();
        let level = if lo == 0 {
            fits
        } else {
            fits.min(lo.trailing_zeros())
        };
        out.push(NodeId {
            level: level as u8,
            index: lo >> level,
        });
        lo += 1 << level;
    }
    out
}

/// The root of the subtree over leaves `lo..hi` from stored perfect subtrees (`node` gives a
/// stored node's hash, `None` if it is not stored).
fn subtree_root(
    lo: u64,
    hi: u64,
    node: &impl Fn(NodeId) -> Option<Hash>,
) -> Result<Hash, MerkleError> {
    let mut root: Option<Hash> = None;
    for id in perfect_subtrees(lo, hi).into_iter().rev() {
        let h = node(id).ok_or(MerkleError::MissingNode {
            level: id.level,
            index: id.index,
        })?;
        root = Some(match root {
            None => h,
            Some(right) => node_hash(&h, &right),
        });
    }
    Ok(root.unwrap_or_else(empty_root))
}

/// The hash of a leaf: `SHA-256(0x00 || data)`.
pub fn leaf_hash(data: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0x00]);
    h.update(data);
    h.finalize().into()
}

/// The hash of an interior node: `SHA-256(0x01 || left || right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([0x01]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The root of the empty tree: `SHA-256` of the empty string (`e3b0c442…b855`).
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// The Merkle Tree Hash (RFC 6962 `MTH`) over leaf hashes.
///
/// Works in one pass with a stack of at most 64 perfect subtrees (a "compact range"): after `i`
/// leaves the stack holds one subtree root per set bit of `i`, largest first. Each pushed leaf
/// merges with its left neighbours while they have equal size; at the end the stack is folded
/// right to left, which is exactly the RFC's split at the largest power of two. O(n) hashes,
/// O(log n) memory, no per-level allocations — it is meant to run over millions of audit rows.
pub fn root_from_leaf_hashes(leaves: &[Hash]) -> Hash {
    if leaves.is_empty() {
        return empty_root();
    }
    // 64 slots: one per bit of a u64 count, so the stack can never overflow.
    let mut stack: Vec<Hash> = Vec::with_capacity(64);
    for (i, leaf) in leaves.iter().enumerate() {
        stack.push(*leaf);
        // The number of leaves so far is i + 1; each trailing zero bit of it is one merge.
        let mut count = i + 1;
        while count & 1 == 0 {
            // A trailing zero bit always has two equal subtrees on top to merge.
            match (stack.pop(), stack.pop()) {
                (Some(right), Some(left)) => stack.push(node_hash(&left, &right)),
                (Some(only), None) => {
                    stack.push(only);
                    break;
                }
                _ => break,
            }
            count >>= 1;
        }
    }
    let mut iter = stack.iter().rev();
    let Some(mut root) = iter.next().copied() else {
        return empty_root();
    };
    for left in iter {
        root = node_hash(left, &root);
    }
    root
}

/// The tree's right edge as leaves are appended (a "compact range"): one perfect subtree root
/// per set bit of the size, largest first, so the root of every prefix is at hand in O(log n)
/// memory and time while the leaves stream past (the server's incremental check of its log).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompactRange {
    size: u64,
    /// (subtree size, subtree root), sizes strictly decreasing.
    nodes: Vec<(u64, Hash)>,
}

impl CompactRange {
    /// How many leaves were appended.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Appends a leaf hash.
    pub fn push(&mut self, leaf: Hash) {
        self.push_reporting(leaf, |_, _| {});
    }

    /// Appends a leaf hash and reports each perfect subtree it completes, the leaf itself first
    /// and then each larger one: exactly the nodes a store of the tree gains with this leaf.
    pub fn push_reporting(&mut self, leaf: Hash, mut completed: impl FnMut(NodeId, Hash)) {
        self.nodes.push((1, leaf));
        self.size += 1;
        completed(
            NodeId {
                level: 0,
                index: self.size - 1,
            },
            leaf,
        );
        while let [.., (a, left), (b, right)] = self.nodes[..] {
            if a != b {
                break;
            }
            let merged = (a + b, node_hash(&left, &right));
            self.nodes.truncate(self.nodes.len() - 2);
            self.nodes.push(merged);
            let level = merged.0.trailing_zeros();
            completed(
                NodeId {
                    level: level as u8,
                    index: (self.size - merged.0) >> level,
                },
                merged.1,
            );
        }
    }

    /// The root of the tree of the leaves appended so far (RFC 6962 `MTH`).
    pub fn root(&self) -> Hash {
        let mut iter = self.nodes.iter().rev();
        let Some((_, mut root)) = iter.next().copied() else {
            return empty_root();
        };
        for (_, left) in iter {
            root = node_hash(left, &root);
        }
        root
    }
}

/// The largest power of two strictly smaller than `n`, for `n >= 2`: the RFC 6962 split point.
fn split_point(n: u64) -> u64 {
    // For n >= 2, n - 1 >= 1 has a logarithm; 0 for smaller n keeps this total (never used).
    n.saturating_sub(1).checked_ilog2().map_or(0, |b| 1 << b)
}

/// The audit path for the leaf at `index` in the tree over `leaves` (RFC 6962 `PATH(m, D[n])`),
/// bottom-up: the sibling of the leaf first, the sibling of the root's child last.
///
/// Costs O(n) hashes in total (each sibling subtree is hashed once, and their sizes sum to less
/// than n). The server reads its proofs from stored nodes instead ([`inclusion_proof_from`]).
pub fn inclusion_proof(leaves: &[Hash], index: usize) -> Result<Vec<Hash>, MerkleError> {
    inclusion_walk(index as u64, leaves.len() as u64, |lo, hi| {
        Ok(root_from_leaf_hashes(&leaves[lo as usize..hi as usize]))
    })
}

/// The stored nodes [`inclusion_proof_from`] reads for this index and size: O(log n) of them.
pub fn inclusion_proof_nodes(index: u64, size: u64) -> Result<Vec<NodeId>, MerkleError> {
    let mut ids = Vec::new();
    inclusion_walk(index, size, |lo, hi| {
        ids.extend(perfect_subtrees(lo, hi));
        Ok([0; 32])
    })?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// The inclusion proof from stored perfect subtrees (`node` answers the ids
/// [`inclusion_proof_nodes`] lists); the same proof [`inclusion_proof`] makes from the leaves.
pub fn inclusion_proof_from(
    index: u64,
    size: u64,
    node: impl Fn(NodeId) -> Option<Hash>,
) -> Result<Vec<Hash>, MerkleError> {
    inclusion_walk(index, size, |lo, hi| subtree_root(lo, hi, &node))
}

/// `PATH(m, D[n])` with each sibling subtree's root (leaves `lo..hi`) from `root`.
fn inclusion_walk(
    index: u64,
    size: u64,
    mut root: impl FnMut(u64, u64) -> Result<Hash, MerkleError>,
) -> Result<Vec<Hash>, MerkleError> {
    if index >= size {
        return Err(MerkleError::IndexOutOfRange { index, size });
    }
    // Walk from the root down to the leaf, noting each sibling subtree; the path lists them from
    // the bottom up, hence the reversal.
    let mut path = Vec::new();
    let (mut lo, mut hi, mut m) = (0u64, size, index);
    while hi - lo > 1 {
        let k = split_point(hi - lo);
        if m < k {
            path.push(root(lo + k, hi)?);
            hi = lo + k;
        } else {
            path.push(root(lo, lo + k)?);
            lo += k;
            m -= k;
        }
    }
    path.reverse();
    Ok(path)
}

/// The consistency proof that the tree over the first `old_size` leaves is a prefix of the tree
/// over all `leaves` (RFC 6962 `PROOF(m, D[n])`, i.e. `SUBPROOF(m, D[n], true)`).
///
/// Conventions at the edges, matching RFC 9162 and [`verify_consistency`]: an `old_size` of 0
/// (every tree extends the empty tree) or equal to the number of leaves gives an empty proof;
/// an `old_size` above the number of leaves is [`MerkleError::SizeOutOfRange`].
pub fn consistency_proof(leaves: &[Hash], old_size: usize) -> Result<Vec<Hash>, MerkleError> {
    consistency_walk(old_size as u64, leaves.len() as u64, |lo, hi| {
        Ok(root_from_leaf_hashes(&leaves[lo as usize..hi as usize]))
    })
}

/// The stored nodes [`consistency_proof_from`] reads for these sizes: O(log n) of them.
pub fn consistency_proof_nodes(old_size: u64, new_size: u64) -> Result<Vec<NodeId>, MerkleError> {
    let mut ids = Vec::new();
    consistency_walk(old_size, new_size, |lo, hi| {
        ids.extend(perfect_subtrees(lo, hi));
        Ok([0; 32])
    })?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// The consistency proof from stored perfect subtrees (`node` answers the ids
/// [`consistency_proof_nodes`] lists); the same proof [`consistency_proof`] makes from the leaves.
pub fn consistency_proof_from(
    old_size: u64,
    new_size: u64,
    node: impl Fn(NodeId) -> Option<Hash>,
) -> Result<Vec<Hash>, MerkleError> {
    consistency_walk(old_size, new_size, |lo, hi| subtree_root(lo, hi, &node))
}

/// The root of the tree of `size` leaves from stored perfect subtrees (one a set bit of `size`).
pub fn root_from(size: u64, node: impl Fn(NodeId) -> Option<Hash>) -> Result<Hash, MerkleError> {
    subtree_root(0, size, &node)
}

/// `PROOF(m, D[n])` with each subtree's root (leaves `lo..hi`) from `root`.
fn consistency_walk(
    old_size: u64,
    n: u64,
    mut root: impl FnMut(u64, u64) -> Result<Hash, MerkleError>,
) -> Result<Vec<Hash>, MerkleError> {
    if old_size > n {
        return Err(MerkleError::SizeOutOfRange {
            old_size,
            new_size: n,
        });
    }
    if old_size == 0 || old_size == n {
        return Ok(Vec::new());
    }
    // SUBPROOF(m, D[lo..hi], b), unrolled: walk down, noting sibling subtrees; where m reaches the
    // size of the current subtree, that subtree's root is the first element unless it is the old
    // tree itself (b still true), which the verifier already has.
    let mut siblings = Vec::new();
    let (mut lo, mut hi, mut m, mut whole_old_tree) = (0u64, n, old_size, true);
    while m < hi - lo {
        let k = split_point(hi - lo);
        if m <= k {
            siblings.push(root(lo + k, hi)?);
            hi = lo + k;
        } else {
            siblings.push(root(lo, lo + k)?);
            lo += k;
            m -= k;
            whole_old_tree = false;
        }
    }
    let mut proof = Vec::with_capacity(siblings.len() + 1);
    if !whole_old_tree {
        proof.push(root(lo, hi)?);
    }
    proof.extend(siblings.into_iter().rev());
    Ok(proof)
}

/// The number of significant bits of `x` (0 for 0).
fn bit_length(x: u64) -> u32 {
    u64::BITS - x.leading_zeros()
}

/// The length of a valid inclusion proof for `index < size` (transparency-dev's decomposition):
/// `inner` levels where the paths to `index` and to the last leaf differ, plus one "border" hash
/// for each set bit of `index` above them, where the leaf's path runs along the right edge.
fn inclusion_proof_len(index: u64, size: u64) -> (u32, u32) {
    let inner = bit_length(index ^ size.saturating_sub(1));
    let border = index.checked_shr(inner).unwrap_or(0).count_ones();
    (inner, border)
}

/// Checks that `leaf_hash` is the leaf at `index` in the tree of `tree_size` leaves whose root is
/// `root`, with the audit path `proof` (RFC 9162 §2.1.3.2).
///
/// Rejects an index outside the tree, a proof of the wrong length (checked first, so a truncated
/// or padded proof is reported as such), and a proof that leads to another root.
pub fn verify_inclusion(
    leaf_hash: &Hash,
    index: u64,
    tree_size: u64,
    proof: &[Hash],
    root: &Hash,
) -> Result<(), MerkleError> {
    if index >= tree_size {
        return Err(MerkleError::IndexOutOfRange {
            index,
            size: tree_size,
        });
    }
    let (inner, border) = inclusion_proof_len(index, tree_size);
    let expected = (inner + border) as usize;
    if proof.len() != expected {
        return Err(MerkleError::WrongProofLength {
            expected,
            actual: proof.len(),
        });
    }
    // RFC 9162 §2.1.3.2, step by step. index < tree_size, so tree_size - 1 does not underflow.
    let (mut fnode, mut snode) = (index, tree_size - 1);
    let mut r = *leaf_hash;
    for p in proof {
        if snode == 0 {
            return Err(MerkleError::WrongProofLength {
                expected,
                actual: proof.len(),
            });
        }
        if fnode & 1 == 1 || fnode == snode {
            r = node_hash(p, &r);
            // If fnode was even (fnode == snode, the right edge), climb to where it is a right
            // child again; for an odd fnode this loop does nothing.
            while fnode & 1 == 0 && fnode != 0 {
                fnode >>= 1;
                snode >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    if snode != 0 {
        return Err(MerkleError::WrongProofLength {
            expected,
            actual: proof.len(),
        });
    }
    if r != *root {
        return Err(MerkleError::RootMismatch);
    }
    Ok(())
}

/// Checks that the tree of `new_size` leaves with root `new_root` extends the tree of `old_size`
/// leaves with root `old_root`, with the consistency proof `proof` (RFC 9162 §2.1.4.2).
///
/// The edge cases, decided here once for the platform and the offline verifier:
/// * `old_size > new_size`: [`MerkleError::SizeOutOfRange`] — a log never shrinks;
/// * `old_size == new_size`: the proof must be empty and the roots equal (RFC 9162);
/// * `old_size == 0`: every tree extends the empty tree, so the proof must be empty (RFC 9162);
///   we also require `old_root` to be [`empty_root`], which transparency-dev does not check:
///   a checkpoint of size 0 with any other root is not a checkpoint this log could have signed.
pub fn verify_consistency(
    old_size: u64,
    new_size: u64,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> Result<(), MerkleError> {
    if old_size > new_size {
        return Err(MerkleError::SizeOutOfRange { old_size, new_size });
    }
    if old_size == 0 || old_size == new_size {
        if !proof.is_empty() {
            return Err(MerkleError::WrongProofLength {
                expected: 0,
                actual: proof.len(),
            });
        }
        if old_size == 0 && *old_root != empty_root() {
            return Err(MerkleError::RootMismatch);
        }
        if old_size == new_size && old_root != new_root {
            return Err(MerkleError::RootMismatch);
        }
        return Ok(());
    }

    // 0 < old_size < new_size from here on.
    // The proof length: the inclusion proof of the old tree's last leaf in the new tree, less the
    // `shift` lowest levels (inside the perfect subtree the old tree ends with), plus that
    // subtree's root first unless the old tree is itself that perfect subtree.
    let (inner, border) = inclusion_proof_len(old_size - 1, new_size);
    let shift = old_size.trailing_zeros();
    let old_is_perfect = old_size.is_power_of_two();
    let expected = (inner.saturating_sub(shift) + border) as usize + usize::from(!old_is_perfect);
    if proof.len() != expected {
        return Err(MerkleError::WrongProofLength {
            expected,
            actual: proof.len(),
        });
    }

    // RFC 9162 §2.1.4.2, step by step.
    // 2. If the old size is a power of two, the old root is the first node of the path.
    let (seed, rest) = if old_is_perfect {
        (old_root, proof)
    } else {
        match proof.split_first() {
            Some((first, rest)) => (first, rest),
            None => {
                return Err(MerkleError::WrongProofLength {
                    expected,
                    actual: 0,
                });
            }
        }
    };
    // 3. and 4.
    let (mut fnode, mut snode) = (old_size - 1, new_size - 1);
    while fnode & 1 == 1 {
        fnode >>= 1;
        snode >>= 1;
    }
    // 5.
    let (mut fr, mut sr) = (*seed, *seed);
    // 6.
    for c in rest {
        if snode == 0 {
            return Err(MerkleError::WrongProofLength {
                expected,
                actual: proof.len(),
            });
        }
        if fnode & 1 == 1 || fnode == snode {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            // As in verify_inclusion: only an even fnode (on the right edge) climbs.
            while fnode & 1 == 0 && fnode != 0 {
                fnode >>= 1;
                snode >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    // 7.
    if snode != 0 {
        return Err(MerkleError::WrongProofLength {
            expected,
            actual: proof.len(),
        });
    }
    if fr != *old_root || sr != *new_root {
        return Err(MerkleError::RootMismatch);
    }
    Ok(())
}

/// A hash as 64 lowercase hex digits, the form checkpoints and proofs are published in.
pub fn to_hex(h: &Hash) -> String {
    hex::encode(h)
}

/// A hash from 64 hex digits (either case); `None` for anything else.
pub fn from_hex(s: &str) -> Option<Hash> {
    let mut h = [0u8; 32];
    hex::decode_to_slice(s, &mut h).ok()?;
    Some(h)
}

#[cfg(test)]
mod compact_range_tests {
    use super::*;

    #[test]
    fn every_prefix_root_matches_the_tree() {
        let leaves: Vec<Hash> = (0..70u32).map(|i| leaf_hash(&i.to_be_bytes())).collect();
        let mut r = CompactRange::default();
        assert_eq!(r.root(), empty_root());
        for (i, l) in leaves.iter().enumerate() {
            r.push(*l);
            assert_eq!(r.size(), i as u64 + 1);
            assert_eq!(
                r.root(),
                root_from_leaf_hashes(&leaves[..=i]),
                "size {}",
                i + 1
            );
        }
    }
}

#[cfg(test)]
mod stored_node_tests {
    use super::*;
    use std::collections::HashMap;

    fn leaves(n: u64) -> Vec<Hash> {
        (0..n).map(|i| leaf_hash(&i.to_be_bytes())).collect()
    }

    /// Every node a compact range reports, as a store would keep them.
    fn store(leaves: &[Hash]) -> HashMap<NodeId, Hash> {
        let mut r = CompactRange::default();
        let mut stored = HashMap::new();
        for l in leaves {
            r.push_reporting(*l, |id, h| {
                assert!(stored.insert(id, h).is_none(), "{id:?} reported twice");
            });
        }
        stored
    }

    #[test]
    fn a_range_reports_each_perfect_subtree_once_with_its_root() {
        let all = leaves(70);
        let stored = store(&all);
        // n leaves make 2n - popcount(n) perfect subtrees.
        assert_eq!(stored.len(), 2 * 70 - 70u32.count_ones() as usize);
        for (id, h) in &stored {
            let lo = (id.index << id.level) as usize;
            let hi = lo + (1 << id.level);
            assert!(hi <= all.len(), "{id:?}");
            assert_eq!(*h, root_from_leaf_hashes(&all[lo..hi]), "{id:?}");
        }
    }

    #[test]
    fn perfect_subtrees_follow_the_binary_digits_of_the_size() {
        let ids = |lo, hi| -> Vec<(u8, u64)> {
            perfect_subtrees(lo, hi)
                .into_iter()
                .map(|n| (n.level, n.index))
                .collect()
        };
        assert_eq!(ids(0, 0), vec![]);
        assert_eq!(ids(0, 1), vec![(0, 0)]);
        assert_eq!(ids(0, 13), vec![(3, 0), (2, 2), (0, 12)]);
        assert_eq!(ids(8, 13), vec![(2, 2), (0, 12)]);
        assert_eq!(ids(12, 13), vec![(0, 12)]);
        assert_eq!(ids(0, 1 << 40), vec![(40, 0)]);
    }

    /// Proofs and roots from stored nodes are exactly the proofs from the leaves, for every
    /// index, old size and size up to 70, and read only the nodes their plan lists.
    #[test]
    fn proofs_from_stored_nodes_equal_proofs_from_leaves() {
        let all = leaves(70);
        let stored = store(&all);
        for n in 1..=70u64 {
            let d = &all[..n as usize];
            // Only nodes a tree of n leaves has: those of leaves below n.
            let upto = |id: NodeId| ((id.index + 1) << id.level) <= n;
            assert_eq!(
                root_from(n, |id| stored.get(&id).copied()),
                Ok(root_from_leaf_hashes(d))
            );
            for i in 0..n {
                let plan = inclusion_proof_nodes(i, n).unwrap();
                assert!(plan.iter().all(|id| upto(*id)), "{i} in {n}");
                let only_planned = |id: NodeId| {
                    assert!(plan.contains(&id), "{id:?} not planned for {i} in {n}");
                    stored.get(&id).copied()
                };
                assert_eq!(
                    inclusion_proof_from(i, n, only_planned),
                    inclusion_proof(d, i as usize),
                    "{i} in {n}"
                );
            }
            for m in 0..=n {
                let plan = consistency_proof_nodes(m, n).unwrap();
                assert!(plan.iter().all(|id| upto(*id)), "{m} -> {n}");
                let only_planned = |id: NodeId| {
                    assert!(plan.contains(&id), "{id:?} not planned for {m} -> {n}");
                    stored.get(&id).copied()
                };
                assert_eq!(
                    consistency_proof_from(m, n, only_planned),
                    consistency_proof(d, m as usize),
                    "{m} -> {n}"
                );
            }
        }
    }

    /// A proof at a million entries reads a few dozen nodes, not the log.
    #[test]
    fn plans_are_logarithmic() {
        let n = 1_000_000u64;
        for i in [0, 1, 499_999, 524_288, n - 2, n - 1] {
            let plan = inclusion_proof_nodes(i, n).unwrap();
            assert!(plan.len() <= 2 * 20, "{i}: {} nodes", plan.len());
        }
        for m in [1, 2, 3, 524_287, 524_288, 999_999] {
            let plan = consistency_proof_nodes(m, n).unwrap();
            assert!(plan.len() <= 2 * 20, "{m}: {} nodes", plan.len());
        }
    }

    #[test]
    fn a_missing_node_is_reported_not_guessed() {
        let all = leaves(5);
        let mut stored = store(&all);
        stored.remove(&NodeId { level: 0, index: 4 });
        assert_eq!(
            inclusion_proof_from(0, 5, |id| stored.get(&id).copied()),
            Err(MerkleError::MissingNode { level: 0, index: 4 })
        );
        assert_eq!(
            inclusion_proof_from(7, 5, |id| stored.get(&id).copied()),
            Err(MerkleError::IndexOutOfRange { index: 7, size: 5 })
        );
        assert_eq!(
            consistency_proof_nodes(6, 5),
            Err(MerkleError::SizeOutOfRange {
                old_size: 6,
                new_size: 5
            })
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaves(n: usize) -> Vec<Hash> {
        (0..n)
            .map(|i| leaf_hash(&(i as u64).to_be_bytes()))
            .collect()
    }

    /// The RFC's recursive definition, as written.
    fn naive_mth(d: &[Hash]) -> Hash {
        match d.len() {
            0 => empty_root(),
            1 => d[0],
            n => {
                let k = split_point(n as u64) as usize;
                node_hash(&naive_mth(&d[..k]), &naive_mth(&d[k..]))
            }
        }
    }

    #[test]
    fn split_point_is_the_largest_power_of_two_below() {
        let cases = [
            (2, 1),
            (3, 2),
            (4, 2),
            (5, 4),
            (8, 4),
            (9, 8),
            (1 << 20, 1 << 19),
        ];
        for (n, k) in cases {
            assert_eq!(split_point(n), k, "n = {n}");
        }
        assert_eq!(split_point(u64::MAX), 1 << (u64::BITS - 1));
    }

    #[test]
    fn empty_and_single_trees() {
        assert_eq!(
            to_hex(&empty_root()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(root_from_leaf_hashes(&[]), empty_root());
        let l = leaf_hash(b"x");
        assert_eq!(root_from_leaf_hashes(&[l]), l);
        // The empty tree is not the tree of one empty leaf.
        assert_ne!(leaf_hash(b""), empty_root());
    }

    #[test]
    fn domain_separation() {
        let (a, b) = (leaf_hash(b"a"), leaf_hash(b"b"));
        let mut concat = Vec::new();
        concat.extend_from_slice(&a);
        concat.extend_from_slice(&b);
        assert_ne!(node_hash(&a, &b), leaf_hash(&concat));
        assert_ne!(node_hash(&a, &b), node_hash(&b, &a));
    }

    #[test]
    fn iterative_root_matches_recursive_definition() {
        let all = leaves(100);
        for n in 0..=100 {
            assert_eq!(
                root_from_leaf_hashes(&all[..n]),
                naive_mth(&all[..n]),
                "n = {n}"
            );
        }
    }

    #[test]
    fn proof_lengths_match_generated_proofs() {
        let all = leaves(70);
        for n in 1..=70usize {
            for i in 0..n {
                let (inner, border) = inclusion_proof_len(i as u64, n as u64);
                let p = inclusion_proof(&all[..n], i).unwrap();
                assert_eq!(p.len(), (inner + border) as usize, "index {i} size {n}");
            }
        }
    }

    #[test]
    fn generation_rejects_out_of_range() {
        let all = leaves(5);
        assert_eq!(
            inclusion_proof(&all, 5),
            Err(MerkleError::IndexOutOfRange { index: 5, size: 5 })
        );
        assert_eq!(
            inclusion_proof(&[], 0),
            Err(MerkleError::IndexOutOfRange { index: 0, size: 0 })
        );
        assert_eq!(
            consistency_proof(&all, 6),
            Err(MerkleError::SizeOutOfRange {
                old_size: 6,
                new_size: 5
            })
        );
        assert_eq!(consistency_proof(&all, 0), Ok(vec![]));
        assert_eq!(consistency_proof(&all, 5), Ok(vec![]));
        assert_eq!(consistency_proof(&[], 0), Ok(vec![]));
    }

    #[test]
    fn single_leaf_inclusion() {
        let l = leaf_hash(b"data");
        assert_eq!(inclusion_proof(&[l], 0), Ok(vec![]));
        assert_eq!(verify_inclusion(&l, 0, 1, &[], &l), Ok(()));
        assert_eq!(
            verify_inclusion(&l, 0, 1, &[], &empty_root()),
            Err(MerkleError::RootMismatch)
        );
        assert_eq!(
            verify_inclusion(&l, 0, 1, &[l], &l),
            Err(MerkleError::WrongProofLength {
                expected: 0,
                actual: 1
            })
        );
    }

    #[test]
    fn inclusion_rejects_out_of_range_and_extreme_inputs() {
        let h = leaf_hash(b"x");
        for (index, size) in [
            (0, 0),
            (1, 0),
            (1, 1),
            (2, 1),
            (u64::MAX, u64::MAX),
            (u64::MAX, 0),
        ] {
            assert_eq!(
                verify_inclusion(&h, index, size, &[], &h),
                Err(MerkleError::IndexOutOfRange { index, size })
            );
        }
        // Huge but valid coordinates: no panic, just a length or root error.
        let proof = vec![h; 64];
        assert!(verify_inclusion(&h, u64::MAX - 1, u64::MAX, &proof, &h).is_err());
        assert!(verify_inclusion(&h, 0, u64::MAX, &proof, &h).is_err());
        assert!(verify_inclusion(&h, 0, u64::MAX, &proof[..63], &h).is_err());
    }

    #[test]
    fn consistency_edge_cases() {
        let e = empty_root();
        let (a, b) = (leaf_hash(b"a"), leaf_hash(b"b"));
        // Equal sizes: empty proof and equal roots.
        assert_eq!(verify_consistency(0, 0, &e, &e, &[]), Ok(()));
        assert_eq!(verify_consistency(1, 1, &a, &a, &[]), Ok(()));
        assert_eq!(
            verify_consistency(1, 1, &a, &b, &[]),
            Err(MerkleError::RootMismatch)
        );
        assert_eq!(
            verify_consistency(1, 1, &a, &a, &[a]),
            Err(MerkleError::WrongProofLength {
                expected: 0,
                actual: 1
            })
        );
        assert_eq!(
            verify_consistency(0, 0, &e, &e, &[e]),
            Err(MerkleError::WrongProofLength {
                expected: 0,
                actual: 1
            })
        );
        // From the empty tree: trivially consistent, empty proof, old root must be the empty root.
        assert_eq!(verify_consistency(0, 1, &e, &a, &[]), Ok(()));
        assert_eq!(verify_consistency(0, 1000, &e, &a, &[]), Ok(()));
        assert_eq!(
            verify_consistency(0, 1, &a, &b, &[]),
            Err(MerkleError::RootMismatch)
        );
        assert_eq!(
            verify_consistency(0, 1, &e, &a, &[e]),
            Err(MerkleError::WrongProofLength {
                expected: 0,
                actual: 1
            })
        );
        // A log never shrinks.
        assert_eq!(
            verify_consistency(1, 0, &a, &e, &[]),
            Err(MerkleError::SizeOutOfRange {
                old_size: 1,
                new_size: 0
            })
        );
        assert_eq!(
            verify_consistency(2, 1, &a, &b, &[]),
            Err(MerkleError::SizeOutOfRange {
                old_size: 2,
                new_size: 1
            })
        );
        // A real extension with an empty proof is refused.
        assert_eq!(
            verify_consistency(1, 2, &a, &node_hash(&a, &b), &[]),
            Err(MerkleError::WrongProofLength {
                expected: 1,
                actual: 0
            })
        );
        // Extreme sizes: no panic.
        let proof = vec![a; 70];
        for (m, n) in [
            (1, u64::MAX),
            (u64::MAX - 1, u64::MAX),
            (u64::MAX, u64::MAX),
        ] {
            for len in [0, 1, 63, 64, 70] {
                let _ = verify_consistency(m, n, &a, &b, &proof[..len]);
            }
        }
    }

    #[test]
    fn consistency_round_trip_small() {
        let all = leaves(20);
        for n in 1..=20 {
            let new_root = root_from_leaf_hashes(&all[..n]);
            for m in 0..=n {
                let old_root = root_from_leaf_hashes(&all[..m]);
                let p = consistency_proof(&all[..n], m).unwrap();
                assert_eq!(
                    verify_consistency(m as u64, n as u64, &old_root, &new_root, &p),
                    Ok(()),
                    "{m} -> {n}"
                );
            }
        }
    }

    #[test]
    fn hex_helpers() {
        let h = leaf_hash(b"");
        assert_eq!(from_hex(&to_hex(&h)), Some(h));
        assert_eq!(from_hex(&to_hex(&h).to_uppercase()), Some(h));
        assert_eq!(from_hex(""), None);
        assert_eq!(from_hex("00"), None);
        assert_eq!(from_hex(&"0".repeat(66)), None);
        assert_eq!(from_hex(&"g".repeat(64)), None);
    }

    #[test]
    fn errors_display() {
        let e = MerkleError::IndexOutOfRange { index: 3, size: 2 };
        assert_eq!(
            e.to_string(),
            "leaf index 3 is out of range for a tree of 2 leaves"
        );
        let _: &dyn std::error::Error = &e;
    }
}
