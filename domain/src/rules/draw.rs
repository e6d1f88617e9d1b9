//! Verifiable draws (可验证的随机抽取): random selection that anyone can re-run from public data
//! and that nobody — the platform included — can steer. Used wherever the marketplace draws: the
//! random-draw selection method, the credit-preferred short list, tie-breaks of the lowest-price
//! method, and random inspections.
//!
//! # The scheme (commit, close, reveal)
//!
//! 1. **Commit.** When a project is published the platform draws a secret 32-byte seed from the
//!    operating system and publishes its commitment `SHA-256(seed)` (hex). The seed cannot change
//!    afterwards without the commitment showing it.
//! 2. **Close.** At the deadline the list of valid registrants is fixed. Its entries (firm ids,
//!    as text) are put in canonical order — sorted by their UTF-8 bytes — and hashed:
//!
//!    ```text
//!    list_hash = SHA-256("zjcs-draw-v1/list\n" || entry_1 || "\n" || … || entry_n || "\n")
//!    ```
//!
//!    The platform did not know the list when it chose the seed, and registrants did not know
//!    the seed when they registered, so neither side can aim at an outcome.
//! 3. **Draw.** A stream of 64-bit words comes from SHA-256 in counter mode:
//!
//!    ```text
//!    block_c = SHA-256("zjcs-draw-v1/stream\n" || context || "\n" || seed || list_hash || c)
//!    ```
//!
//!    with `seed` and `list_hash` as raw 32-byte values, `c` = 0, 1, 2, … as 8 bytes big-endian,
//!    and `context` naming the draw (such as `project:<id>:random-draw`), so that two draws of one
//!    project never share a stream. Each block gives four words (bytes 0–7, 8–15, 16–23, 24–31,
//!    big-endian).
//!
//!    A number uniform in `0..m` is taken from the stream by rejection, without modulo bias:
//!    let `r = 2^64 mod m`; a word `x < r` is skipped; otherwise the number is `x mod m`. (The
//!    accepted words, `r ..= 2^64 - 1`, are a whole number of runs of `m` consecutive values, so
//!    every residue is equally likely.)
//!
//!    To pick `k` of the `n` canonical entries in order, a partial Fisher–Yates shuffle runs over
//!    positions `0..n`: for `i` in `0..k`, take `j = i + uniform(n - i)` and swap positions `i` and
//!    `j`. The first `k` positions are the result, first drawn first. (`k = n` orders everyone,
//!    for a tie-break.)
//! 4. **Reveal.** The platform publishes the seed, the canonical list, its hash, the context,
//!    `k`, and the result. [`verify`] (and `zjcs verify-draw`, and the project page) checks the
//!    seed against the commitment, the list against its hash, and re-runs the draw.
//!
//! # Trust model: who could learn what before the opening
//!
//! The seed, every bid's price, plan digest and nonce, and every plan file's content are stored
//! sealed (AES-256-GCM, [`crate::rules::seal`]) under the seal key, which is kept outside the
//! database (`ZJCS_SEAL_KEY` or `<data dir>/seal.key`). What each party can learn before a
//! project opens:
//!
//! - **Everybody through the platform** (owners, other firms, the public, regulators,
//!   administrators): nothing of a bid — not its price, plan, plan name, size or digest, nor
//!   which firms registered or how many. Audit entries of bid actions name only the receipt (a
//!   hiding commitment: the nonce is 256 secret bits), and a plan file answers as a missing
//!   file does. What stays visible is that *some* bid was placed at a time, platform-wide, and,
//!   for a firm that uploads a plan through the API's two-step upload
//!   (`POST /api/v1/firms/me/files`), that the firm uploaded *a* file (its `evidence.upload`
//!   entry); the pages upload a plan with its bid, which leaves no entry of its own.
//! - **Someone holding a copy of the database alone** (a leaked backup, a database operator):
//!   who registered for which project (the registration rows are not encrypted, and the
//!   registrations' count per project with them), the plan files' names and sizes (their
//!   metadata rows), and the times of actions; not a price, a plan's content, a nonce or a seed.
//!   A value sealed for one row does not open in another (the AEAD binds each to its row).
//! - **Someone holding the database and the seal key** (the platform's operators, anyone who
//!   can read the running server's memory or its environment): everything, including the seed
//!   — with it they could learn the draw's outcome for any list before the deadline and tell a
//!   firm; they still cannot *choose* the outcome, since the seed is committed at publication
//!   and the list is hashed at closing, and they cannot alter a bid without its receipt, which
//!   its firm holds, failing to verify. Keep the seal key apart from the database and its
//!   backups, and let as few people as possible hold both.
//! - **The registering firm** reads its own bid and plan (it also holds the receipt and the
//!   mail that carried it).
//!
//! Bids that were never opened (withdrawn, voided by a substantive change, or in a round that
//! failed for too few registrants) stay sealed for good.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The algorithm's name and version, part of every hashed input.
pub const ALGORITHM: &str = "zjcs-draw-v1";

/// A draw seed: 32 secret bytes until the draw, public afterwards.
#[derive(Clone, PartialEq, Eq)]
pub struct Seed(pub [u8; 32]);

impl std::fmt::Debug for Seed {
    /// Never printed: a seed in a log before the draw would let its reader predict the draw.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Seed(…)")
    }
}

impl Seed {
    pub fn from_hex(s: &str) -> Option<Seed> {
        let bytes = hex::decode(s.trim()).ok()?;
        Some(Seed(bytes.try_into().ok()?))
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// The commitment published before the draw: SHA-256 of the seed, hex.
    pub fn commitment(&self) -> String {
        hex::encode(Sha256::digest(self.0))
    }
}

/// Why a draw cannot run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DrawError {
    /// The same entry twice.
    Duplicate(String),
    /// An entry with a line break (it would make the list's encoding ambiguous), or empty.
    BadEntry(String),
    /// More to pick than there are entries.
    TooMany { pick: usize, entries: usize },
}

/// A draw and everything needed to check it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draw {
    pub context: String,
    /// The entries in canonical order.
    pub entries: Vec<String>,
    /// [`list_hash`] of the entries, hex.
    pub list_hash: String,
    /// The entries picked, first drawn first.
    pub picked: Vec<String>,
}

/// The entries in canonical order (sorted by their bytes), checked.
pub fn canonical(entries: &[String]) -> Result<Vec<String>, DrawError> {
    let mut list = entries.to_vec();
    list.sort();
    for (i, e) in list.iter().enumerate() {
        if e.is_empty() || e.contains(['\n', '\r']) {
            return Err(DrawError::BadEntry(e.clone()));
        }
        if i > 0 && list[i - 1] == *e {
            return Err(DrawError::Duplicate(e.clone()));
        }
    }
    Ok(list)
}

/// The hash of a canonical list (see the module documentation).
fn list_digest(canonical: &[String]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(format!("{ALGORITHM}/list\n"));
    for e in canonical {
        h.update(e.as_bytes());
        h.update(b"\n");
    }
    h.finalize().into()
}

/// The hash of a list of entries, in canonical order, hex.
pub fn list_hash(entries: &[String]) -> Result<String, DrawError> {
    Ok(hex::encode(list_digest(&canonical(entries)?)))
}

/// The stream of 64-bit words for one draw.
struct Stream {
    prefix: Vec<u8>,
    counter: u64,
    words: Vec<u64>,
}

impl Stream {
    fn new(context: &str, seed: &Seed, list: &[u8; 32]) -> Stream {
        let mut prefix = format!("{ALGORITHM}/stream\n{context}\n").into_bytes();
        prefix.extend_from_slice(&seed.0);
        prefix.extend_from_slice(list);
        Stream {
            prefix,
            counter: 0,
            words: Vec::new(),
        }
    }
}

impl Iterator for Stream {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        if self.words.is_empty() {
            let mut h = Sha256::new();
            h.update(&self.prefix);
            h.update(self.counter.to_be_bytes());
            self.counter += 1;
            let block: [u8; 32] = h.finalize().into();
            // Reversed, so that pop() yields bytes 0–7 first.
            self.words = block
                .chunks_exact(8)
                .rev()
                .map(|c| u64::from_be_bytes(c.try_into().expect("8 bytes")))
                .collect();
        }
        self.words.pop()
    }
}

/// A number uniform in `0..m` (m ≥ 1) from a stream of uniform words, by rejection.
fn below(m: u64, words: &mut impl Iterator<Item = u64>) -> u64 {
    assert!(m > 0, "a draw from nothing");
    // 2^64 mod m, computed without 2^64: (2^64 - 1) mod m, plus one, mod m.
    let reject_under = (u64::MAX % m + 1) % m;
    loop {
        let x = words.next().expect("the stream is endless");
        if x >= reject_under {
            return x % m;
        }
    }
}

/// Draws `pick` of `entries` (any order; they are put in canonical order first) under `context`
/// with `seed`.
pub fn draw(
    context: &str,
    seed: &Seed,
    entries: &[String],
    pick: usize,
) -> Result<Draw, DrawError> {
    let list = canonical(entries)?;
    if pick > list.len() {
        return Err(DrawError::TooMany {
            pick,
            entries: list.len(),
        });
    }
    let digest = list_digest(&list);
    let mut stream = Stream::new(context, seed, &digest);
    let mut positions: Vec<usize> = (0..list.len()).collect();
    for i in 0..pick {
        let j = i + below((list.len() - i) as u64, &mut stream) as usize;
        positions.swap(i, j);
    }
    Ok(Draw {
        context: context.to_owned(),
        picked: positions[..pick].iter().map(|p| list[*p].clone()).collect(),
        list_hash: hex::encode(digest),
        entries: list,
    })
}

/// What checking a published draw found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The revealed seed hashes to the commitment published before the draw.
    pub seed_matches_commitment: bool,
    /// The published list hashes to the published list hash.
    pub list_matches_hash: bool,
    /// Re-running the draw gives the published result.
    pub result_matches: bool,
    /// The result of re-running it (None when the inputs cannot be drawn from).
    pub recomputed: Option<Vec<String>>,
}

impl Verdict {
    pub fn ok(&self) -> bool {
        self.seed_matches_commitment && self.list_matches_hash && self.result_matches
    }
}

/// Checks a published draw from public data alone.
pub fn verify(
    context: &str,
    commitment: &str,
    seed: &Seed,
    entries: &[String],
    published_list_hash: &str,
    pick: usize,
    published_result: &[String],
) -> Verdict {
    let recomputed = draw(context, seed, entries, pick).ok();
    Verdict {
        seed_matches_commitment: seed.commitment().eq_ignore_ascii_case(commitment.trim()),
        list_matches_hash: recomputed
            .as_ref()
            .is_some_and(|d| d.list_hash.eq_ignore_ascii_case(published_list_hash.trim())),
        result_matches: recomputed
            .as_ref()
            .is_some_and(|d| d.picked == published_result),
        recomputed: recomputed.map(|d| d.picked),
    }
}

/// A draw as published after the reveal: everything [`verify`] needs, in one document (what the
/// API serves for a project's draw and what `zjcs verify-draw` reads).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishedDraw {
    /// Always [`ALGORITHM`].
    pub algorithm: String,
    pub context: String,
    /// SHA-256 of the seed, published before the draw (hex).
    pub commitment: String,
    /// The seed, revealed after the draw (hex).
    pub seed: String,
    /// The closed list, in canonical order.
    pub entries: Vec<String>,
    pub list_hash: String,
    pub pick: usize,
    /// The entries picked, first drawn first.
    pub result: Vec<String>,
}

impl PublishedDraw {
    /// The document for a draw made with this seed.
    pub fn of(draw: &Draw, seed: &Seed) -> PublishedDraw {
        PublishedDraw {
            algorithm: ALGORITHM.into(),
            context: draw.context.clone(),
            commitment: seed.commitment(),
            seed: seed.to_hex(),
            entries: draw.entries.clone(),
            list_hash: draw.list_hash.clone(),
            pick: draw.picked.len(),
            result: draw.picked.clone(),
        }
    }

    /// Checks the document; `Err` when it cannot be checked at all (another algorithm, a seed
    /// that is not 32 bytes of hex).
    pub fn verify(&self) -> Result<Verdict, &'static str> {
        if self.algorithm != ALGORITHM {
            return Err("unknown algorithm");
        }
        let seed = Seed::from_hex(&self.seed).ok_or("the seed is not 64 hex digits")?;
        Ok(verify(
            &self.context,
            &self.commitment,
            &seed,
            &self.entries,
            &self.list_hash,
            self.pick,
            &self.result,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn seed(b: u8) -> Seed {
        Seed([b; 32])
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn matches_an_independent_implementation() {
        // The expected values were computed with Python's hashlib from the description in the
        // module documentation, not from this code (python3, the script below):
        //
        // import hashlib
        // seed = bytes(range(32)); entries = sorted(["e","c","a","d","b"])
        // lh = hashlib.sha256(b"zjcs-draw-v1/list\n" + b"".join(e.encode()+b"\n" for e in entries)).digest()
        // def words():
        //     c = 0
        //     while True:
        //         b = hashlib.sha256(b"zjcs-draw-v1/stream\nproject:test\n" + seed + lh + c.to_bytes(8,"big")).digest()
        //         for i in range(4): yield int.from_bytes(b[8*i:8*i+8], "big")
        //         c += 1
        // def below(m, w):
        //     r = (2**64) % m
        //     while True:
        //         x = next(w)
        //         if x >= r: return x % m
        // w = words(); pos = list(range(5))
        // for i in range(3):
        //     j = i + below(5 - i, w); pos[i], pos[j] = pos[j], pos[i]
        // print(lh.hex(), [entries[p] for p in pos[:3]])
        let s = Seed(std::array::from_fn(|i| i as u8));
        let d = draw("project:test", &s, &names(&["e", "c", "a", "d", "b"]), 3).unwrap();
        assert_eq!(d.entries, names(&["a", "b", "c", "d", "e"]));
        assert_eq!(d.list_hash, EXPECTED_LIST_HASH);
        assert_eq!(d.picked, names(&EXPECTED_PICKED));
        assert_eq!(
            s.commitment(),
            "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd"
        );
    }

    const EXPECTED_LIST_HASH: &str =
        "cc7d0585ef0dc2a4b5f3d487691ff9c6e587211244172722f0f54bb7c221490e";
    const EXPECTED_PICKED: [&str; 3] = ["c", "e", "a"];

    #[test]
    fn rejection_skips_exactly_the_biased_words() {
        // 2^64 mod 3 = 1: the word 0 would favour residue 0, so it is skipped.
        assert_eq!(below(3, &mut [0u64, 0, 7].into_iter()), 1);
        assert_eq!(below(3, &mut [1u64].into_iter()), 1);
        assert_eq!(below(3, &mut [u64::MAX].into_iter()), u64::MAX % 3);
        // A power of two has no bias: nothing is skipped.
        assert_eq!(below(8, &mut [0u64].into_iter()), 0);
        assert_eq!(below(1, &mut [12345u64].into_iter()), 0);
        // m = 2^63 + 1: 2^64 mod m = 2^63 - 1, so almost half the words are skipped.
        let m = (1u64 << 63) + 1;
        assert_eq!(
            below(m, &mut [(1u64 << 63) - 2, 1u64 << 63].into_iter()),
            1 << 63
        );
    }

    #[test]
    fn draws_are_uniform() {
        // Each of 5 entries should come first in about a fifth of 5,000 draws (deterministic:
        // the contexts are fixed, so this checks the scheme, not luck). The bound is ±10 %.
        let entries = names(&["a", "b", "c", "d", "e"]);
        let mut firsts = std::collections::HashMap::new();
        for n in 0..5000 {
            let d = draw(&format!("u:{n}"), &seed(9), &entries, 1).unwrap();
            *firsts.entry(d.picked[0].clone()).or_insert(0) += 1;
        }
        for e in &entries {
            let n = firsts[e];
            assert!((900..=1100).contains(&n), "{e} first {n} times of 5000");
        }
    }

    #[test]
    fn bad_lists_are_refused() {
        assert_eq!(
            draw("x", &seed(1), &names(&["a", "b", "a"]), 1),
            Err(DrawError::Duplicate("a".into()))
        );
        assert_eq!(
            draw("x", &seed(1), &names(&["a", "b\nc"]), 1),
            Err(DrawError::BadEntry("b\nc".into()))
        );
        assert_eq!(
            draw("x", &seed(1), &names(&["a"]), 2),
            Err(DrawError::TooMany {
                pick: 2,
                entries: 1
            })
        );
        assert_eq!(
            draw("x", &seed(1), &[], 0).unwrap().picked,
            Vec::<String>::new()
        );
    }

    #[test]
    fn verification_catches_each_kind_of_tampering() {
        let entries = names(&["firm-1", "firm-2", "firm-3", "firm-4"]);
        let s = seed(42);
        let d = draw("project:p:random-draw", &s, &entries, 2).unwrap();
        let check = |context: &str,
                     commitment: &str,
                     seed: &Seed,
                     list: &[String],
                     hash: &str,
                     result: &[String]| {
            verify(context, commitment, seed, list, hash, 2, result)
        };
        let good = check(
            &d.context,
            &s.commitment(),
            &s,
            &entries,
            &d.list_hash,
            &d.picked,
        );
        assert!(good.ok(), "{good:?}");
        // Another seed than the one committed to.
        let v = check(
            &d.context,
            &s.commitment(),
            &seed(43),
            &entries,
            &d.list_hash,
            &d.picked,
        );
        assert!(!v.seed_matches_commitment && !v.ok());
        // A firm added to the list after closing.
        let mut more = entries.clone();
        more.push("firm-5".into());
        let v = check(
            &d.context,
            &s.commitment(),
            &s,
            &more,
            &d.list_hash,
            &d.picked,
        );
        assert!(!v.list_matches_hash && !v.ok());
        // A different result announced.
        let other: Vec<String> = entries
            .iter()
            .filter(|e| !d.picked.contains(e))
            .cloned()
            .collect();
        let v = check(
            &d.context,
            &s.commitment(),
            &s,
            &entries,
            &d.list_hash,
            &other,
        );
        assert!(!v.result_matches && !v.ok());
        assert_eq!(v.recomputed, Some(d.picked.clone()));
        // The same seed under another context draws independently.
        let v = check(
            "project:p:shortlist",
            &s.commitment(),
            &s,
            &entries,
            &d.list_hash,
            &d.picked,
        );
        assert!(v.seed_matches_commitment && v.list_matches_hash);
        assert_ne!(v.recomputed, Some(d.picked.clone()));
    }

    #[test]
    fn a_published_draw_round_trips_and_verifies() {
        let s = seed(5);
        let d = draw("inspection:2026-1", &s, &names(&["x", "y", "z"]), 2).unwrap();
        let doc = PublishedDraw::of(&d, &s);
        let json = serde_json::to_string(&doc).unwrap();
        let back: PublishedDraw = serde_json::from_str(&json).unwrap();
        assert!(back.verify().unwrap().ok());
        let mut bad = back.clone();
        bad.result.reverse();
        assert!(!bad.verify().unwrap().result_matches);
        bad.algorithm = "zjcs-draw-v0".into();
        assert_eq!(bad.verify(), Err("unknown algorithm"));
        let mut bad = back;
        bad.seed = "00".into();
        assert!(bad.verify().is_err());
    }

    #[test]
    fn seeds_are_not_printed() {
        assert_eq!(format!("{:?}", seed(7)), "Seed(…)");
        let s = seed(7);
        assert_eq!(Seed::from_hex(&s.to_hex()), Some(s));
        assert_eq!(Seed::from_hex("abcd"), None);
    }

    proptest! {
        /// Any list, any pick: distinct entries of the list, as many as asked, the same whatever
        /// order the list came in, and the first k of a longer draw are the shorter draw.
        #[test]
        fn draws_are_well_formed(
            raw in proptest::collection::btree_set("[a-z0-9-]{1,8}", 0..30),
            pick_share in 0.0f64..=1.0,
            seed_byte in any::<u8>(),
        ) {
            let entries: Vec<String> = raw.into_iter().collect();
            let pick = (entries.len() as f64 * pick_share) as usize;
            let d = draw("p", &seed(seed_byte), &entries, pick).unwrap();
            prop_assert_eq!(d.picked.len(), pick);
            let mut uniq = d.picked.clone();
            uniq.sort();
            uniq.dedup();
            prop_assert_eq!(uniq.len(), pick);
            prop_assert!(d.picked.iter().all(|p| entries.contains(p)));
            let mut reversed = entries.clone();
            reversed.reverse();
            prop_assert_eq!(&draw("p", &seed(seed_byte), &reversed, pick).unwrap(), &d);
            let all = draw("p", &seed(seed_byte), &entries, entries.len()).unwrap();
            prop_assert_eq!(&all.picked[..pick], &d.picked[..]);
        }
    }
}
