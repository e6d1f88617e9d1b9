//! Password hashing with argon2id, always off the async runtime (it is deliberately slow and
//! would otherwise stall every request sharing the worker thread).
//!
//! Each hash needs 19 MiB of working memory. Unbounded, every concurrent login meant a blocking
//! thread holding (and the allocator then keeping) 19 MiB: the login benchmark saw the server
//! grow with the number of logins in flight (figures: tests/bench/README.md, section "What is
//! measured"). Hashing is CPU-bound, so running more at once than there are cores buys nothing;
//! [`run_bounded`] admits one per core and the rest wait their turn.
//!
//! Checks run in working memory kept from one check to the next ([`with_memory`]), not memory
//! allocated for each: whether a fresh 19 MiB came from pages the process already had or from the
//! kernel (thousands of page faults) depended on which blocking thread ran the check and what it
//! had freed before, which made a known email's check and an unknown one's differ, in either
//! direction from one run to the next (see `tests/tests/login_timing.rs`; figures:
//! tests/bench/README.md, section "`login` with pooled argon2 memory").

use crate::error::{Error, Result};
use crate::model::Password;
use argon2::password_hash::PasswordHasher;
use argon2::password_hash::phc::{Output, PasswordHash};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::sync::{LazyLock, Mutex, PoisonError};
use tokio::sync::Semaphore;

/// Hashing slots: one per core.
static SLOTS: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(*CORES));

static CORES: LazyLock<usize> = LazyLock::new(|| {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
});

/// Runs one hashing job on the blocking pool once a slot is free.
async fn run_bounded<T: Send + 'static>(
    job: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    let _slot = SLOTS
        .acquire()
        .await
        .map_err(|e| Error::Internal(format!("hashing slots closed: {e}")))?;
    tokio::task::spawn_blocking(job)
        .await
        .map_err(|e| Error::Internal(format!("hashing task: {e}")))?
}

/// Working memory of finished checks, for the next (at most one a hashing slot).
static MEMORY: Mutex<Vec<Vec<Block>>> = Mutex::new(Vec::new());

/// Runs `job` in `blocks` blocks of working memory taken from [`MEMORY`] (or made, the first
/// times and for parameters other than ours), and gives the memory back afterwards. argon2
/// overwrites every block before reading it, so memory left by another check is fine.
fn with_memory<T>(blocks: usize, job: impl FnOnce(&mut [Block]) -> T) -> T {
    let taken = MEMORY.lock().unwrap_or_else(PoisonError::into_inner).pop();
    let mut memory = match taken {
        Some(m) if m.len() == blocks => m,
        _ => vec![Block::new(); blocks],
    };
    let result = job(&mut memory);
    if blocks == Params::DEFAULT.block_count() {
        let mut pool = MEMORY.lock().unwrap_or_else(PoisonError::into_inner);
        if pool.len() < *CORES {
            pool.push(memory);
        }
    }
    result
}

/// Whether `password` hashes to `stored` (a PHC string), computed in pooled memory; the
/// comparison of the outputs is constant-time ([`Output`]'s equality).
fn matches(password: &[u8], stored: &str) -> Result<bool> {
    let bad = |what: &str| Error::Internal(format!("stored hash: {what}"));
    let parsed = PasswordHash::new(stored).map_err(|e| bad(&e.to_string()))?;
    let (Some(salt), Some(expected)) = (&parsed.salt, &parsed.hash) else {
        return Err(bad("no salt or no output"));
    };
    let algorithm =
        Algorithm::try_from(parsed.algorithm.as_str()).map_err(|e| bad(&e.to_string()))?;
    let version = parsed
        .version
        .map(Version::try_from)
        .transpose()
        .map_err(|e| bad(&e.to_string()))?
        .unwrap_or_default();
    let params = Params::try_from(&parsed).map_err(|e| bad(&e.to_string()))?;
    let blocks = params.block_count();
    let argon = Argon2::new(algorithm, version, params);
    let mut out = vec![0u8; expected.len()];
    with_memory(blocks, |m| {
        argon.hash_password_into_with_memory(password, salt.as_ref(), &mut out, m)
    })
    .map_err(|e| Error::Internal(format!("argon2: {e}")))?;
    let computed = Output::new(&out).map_err(|e| bad(&e.to_string()))?;
    Ok(computed == *expected)
}

/// argon2id with the OWASP-recommended minimum (19 MiB, 2 passes, 1 lane).
fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

/// A hash of a random password, verified against when the account does not exist, so that a
/// wrong email takes as long as a wrong password and reveals nothing.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    hasher()
        .hash_password(super::new_secret().as_bytes())
        .map(|h| h.to_string())
        .unwrap_or_default()
});

/// Hashes a new password (PHC string format).
pub async fn hash(password: &Password) -> Result<String> {
    let pw = password.expose().to_owned();
    run_bounded(move || {
        // A fresh random salt is drawn by `hash_password` itself.
        hasher()
            .hash_password(pw.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| Error::Internal(format!("argon2: {e}")))
    })
    .await
}

/// Checks a password against a stored hash; with `None`, does the very same work against
/// [`DUMMY_HASH`] and says no. The check itself must run in both cases: skipping it for an unknown
/// account (a `real && verify(…)` that short-circuits) made an unknown email answer many times
/// faster than a known one, which tells anyone which addresses have accounts (figures:
/// tests/bench/README.md, section "Figures moved from code comments").
pub async fn verify(password: &Password, stored: Option<&str>) -> Result<bool> {
    let pw = password.expose().to_owned();
    let stored = stored.map(str::to_owned);
    run_bounded(move || {
        let (hash, real) = match &stored {
            Some(s) => (s.as_str(), true),
            None => (DUMMY_HASH.as_str(), false),
        };
        let matched = matches(pw.as_bytes(), hash)?;
        Ok(real && matched)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pooled check agrees with the argon2 crate's own, also in memory another check left
    /// behind, for right and wrong passwords and hashes of other parameters.
    #[test]
    fn pooled_checks_agree_with_the_crate() {
        use argon2::password_hash::PasswordVerifier;
        let small = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(64, 1, 1, None).unwrap(),
        );
        for (argon, pw) in [(hasher(), "correct horse"), (small, "别的密码")] {
            let h = argon.hash_password(pw.as_bytes()).unwrap().to_string();
            for offered in [pw, "wrong", pw] {
                let ours = matches(offered.as_bytes(), &h).unwrap();
                let theirs = argon
                    .verify_password(offered.as_bytes(), &PasswordHash::new(&h).unwrap())
                    .is_ok();
                assert_eq!(ours, theirs, "{offered}");
                assert_eq!(ours, offered == pw);
            }
        }
        assert!(matches(b"x", "$argon2id$v=19$m=19456,t=2,p=1$bm90aGluZw").is_err());
        assert!(matches(b"x", "not a hash").is_err());
    }

    #[tokio::test]
    async fn hash_then_verify() {
        let pw = Password::parse_new("correct horse battery", "password").unwrap();
        let h = hash(&pw).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify(&pw, Some(&h)).await.unwrap());
        let wrong = Password::parse_offered("wrong horse battery", "password").unwrap();
        assert!(!verify(&wrong, Some(&h)).await.unwrap());
        assert!(!verify(&pw, None).await.unwrap());
    }

    /// An unknown account (no stored hash) costs a full check, like a wrong password does.
    #[tokio::test]
    async fn an_unknown_account_costs_as_much_as_a_wrong_password() {
        use std::time::Instant;
        let pw = Password::parse_new("correct horse battery", "password").unwrap();
        let h = hash(&pw).await.unwrap();
        let wrong = Password::parse_offered("wrong horse battery", "password").unwrap();
        // Interleaved, so that load on the machine hits both alike; medians.
        let (mut known, mut unknown) = (Vec::new(), Vec::new());
        for _ in 0..7 {
            let t = Instant::now();
            assert!(!verify(&wrong, Some(&h)).await.unwrap());
            known.push(t.elapsed());
            let t = Instant::now();
            assert!(!verify(&wrong, None).await.unwrap());
            unknown.push(t.elapsed());
        }
        known.sort();
        unknown.sort();
        let (k, u) = (known[3].as_secs_f64(), unknown[3].as_secs_f64());
        // Loose: the unit tests run in parallel and share the cores, so times here are noisy
        // (a parallel run saw the two differ by far more than the promise allows; figures:
        // tests/bench/README.md, section "Figures moved from code comments"); skipping the
        // check (the old bug) costs nothing at all.
        // The 20 % promise is measured end to end in tests/tests/login_timing.rs, alone.
        assert!(u > 0.4 * k, "known {k:.4} s, unknown {u:.4} s");
        // The same work: the dummy hash has the parameters every stored hash has.
        let params = |h: &str| {
            let p = PasswordHash::new(h).unwrap();
            (p.algorithm.to_string(), p.version, p.params.to_string())
        };
        assert_eq!(params(&DUMMY_HASH), params(&h));
    }
}
