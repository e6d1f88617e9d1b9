//! The few exact tail probabilities the warnings rest on, and the correction for testing many
//! pairs, groups, firms or owners at once. Plain `f64` arithmetic, deterministic.

/// P(X ≥ k) for X the number of successes of independent trials with probabilities `ps`
/// (Poisson-binomial), exactly, by dynamic programming over the trials. States at or above `k`
/// are merged, so the work is `ps.len() × k`.
pub fn poisson_binomial_tail(ps: &[f64], k: usize) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if k > ps.len() {
        return 0.0;
    }
    // dist[j]: P(j successes so far), j < k; dist[k]: P(at least k).
    let mut dist = vec![0.0f64; k + 1];
    dist[0] = 1.0;
    for &p in ps {
        let p = p.clamp(0.0, 1.0);
        dist[k] += dist[k - 1] * p;
        for j in (1..k).rev() {
            dist[j] = dist[j] * (1.0 - p) + dist[j - 1] * p;
        }
        dist[0] *= 1.0 - p;
    }
    dist[k].clamp(0.0, 1.0)
}

/// P(X ≥ k) for X ~ Binomial(n, p), summed in log space from the `k`th term (stable for the
/// thousands of trials an owner's projects may come to).
pub fn binomial_tail(n: usize, p: f64, k: usize) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if k > n || p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    // ln C(n, k) + k ln p + (n − k) ln(1 − p), then the ratio of each term to the one before.
    let ln_choose: f64 = (1..=k)
        .map(|i| ((n - k + i) as f64).ln() - (i as f64).ln())
        .sum();
    let mut term = (ln_choose + k as f64 * p.ln() + (n - k) as f64 * (1.0 - p).ln()).exp();
    let mut sum = 0.0;
    let odds = p / (1.0 - p);
    for j in k..=n {
        sum += term;
        if term < sum * 1e-17 {
            break;
        }
        term *= (n - j) as f64 / (j + 1) as f64 * odds;
    }
    sum.clamp(0.0, 1.0)
}

/// `ln k!` for `k` in `0..=n`.
pub fn ln_factorials(n: usize) -> Vec<f64> {
    let mut t = Vec::with_capacity(n + 1);
    let mut acc = 0.0;
    t.push(0.0);
    for k in 1..=n {
        acc += (k as f64).ln();
        t.push(acc);
    }
    t
}

/// P(X ≥ k) for X hypergeometric: `n` drawn from `total` of which `marked` are marked — the
/// exact (Fisher) test of one unit's `k` events among its `n` cases, given `marked` events
/// among all `total` cases. `lnf`: [`ln_factorials`] up to `total` at least.
pub fn hypergeometric_tail(lnf: &[f64], total: usize, marked: usize, n: usize, k: usize) -> f64 {
    let hi = n.min(marked);
    let lo = n.saturating_sub(total - marked);
    if k <= lo {
        return 1.0;
    }
    if k > hi {
        return 0.0;
    }
    let ln_choose = |a: usize, b: usize| lnf[a] - lnf[b] - lnf[a - b];
    let denominator = ln_choose(total, n);
    let sum: f64 = (k..=hi)
        .map(|x| (ln_choose(marked, x) + ln_choose(total - marked, n - x) - denominator).exp())
        .sum();
    sum.clamp(0.0, 1.0)
}

/// The per-test level of a family of discrete tests at family-wise level `alpha` (Tarone's
/// refinement of Bonferroni): `alpha / K` for the smallest `K` such that at most `K` of the tests
/// could reach `alpha / K` at all (`min_ps`: the smallest p-value each test could give). A
/// pair that met on two projects can never be significant and is not counted. Never more than
/// `alpha` (one test), never less than Bonferroni over every test.
pub fn tarone_level(alpha: f64, min_ps: &[f64]) -> f64 {
    let mut sorted: Vec<f64> = min_ps.to_vec();
    sorted.sort_by(f64::total_cmp);
    for k in 1..=sorted.len().max(1) {
        let level = alpha / k as f64;
        let testable = sorted.partition_point(|m| *m <= level);
        if testable <= k {
            return level;
        }
    }
    alpha / sorted.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poisson_binomial_agrees_with_hand_computed_tails() {
        // Two fair coins: P(≥1) = 3/4, P(≥2) = 1/4.
        assert!((poisson_binomial_tail(&[0.5, 0.5], 1) - 0.75).abs() < 1e-12);
        assert!((poisson_binomial_tail(&[0.5, 0.5], 2) - 0.25).abs() < 1e-12);
        // Unequal: P(both) = 0.2 × 0.7.
        assert!((poisson_binomial_tail(&[0.2, 0.7], 2) - 0.14).abs() < 1e-12);
        assert_eq!(poisson_binomial_tail(&[0.3], 2), 0.0);
        assert_eq!(poisson_binomial_tail(&[], 0), 1.0);
        // Nine projects won by a group that chance gives 1/2 each: 2⁻⁹.
        assert!((poisson_binomial_tail(&[0.5; 9], 9) - 1.0 / 512.0).abs() < 1e-15);
    }

    #[test]
    fn binomial_tail_matches_the_poisson_binomial_and_is_stable_for_large_n() {
        for (n, p, k) in [(10, 0.1, 3), (20, 0.5, 15), (7, 0.3, 0), (12, 0.05, 12)] {
            let a = binomial_tail(n, p, k);
            let b = poisson_binomial_tail(&vec![p; n], k);
            assert!((a - b).abs() < 1e-12, "{n} {p} {k}: {a} {b}");
        }
        // 5,000 trials at 2 %: the mean is 100; 150 or more is far out, but not zero.
        let t = binomial_tail(5_000, 0.02, 150);
        assert!(t > 0.0 && t < 1e-4, "{t}");
        assert!((binomial_tail(5_000, 0.02, 1) - (1.0 - 0.98f64.powi(5_000))).abs() < 1e-9);
    }

    #[test]
    fn hypergeometric_tails_by_hand() {
        let lnf = ln_factorials(20);
        // 10 cases, 4 marked; a unit of 3 holding all 3 of its cases marked: C(4,3)/C(10,3).
        assert!((hypergeometric_tail(&lnf, 10, 4, 3, 3) - 4.0 / 120.0).abs() < 1e-12);
        // At least 2: (C(4,2)·C(6,1) + C(4,3)) / C(10,3) = 40/120.
        assert!((hypergeometric_tail(&lnf, 10, 4, 3, 2) - 40.0 / 120.0).abs() < 1e-12);
        assert_eq!(hypergeometric_tail(&lnf, 10, 4, 3, 0), 1.0);
        assert_eq!(hypergeometric_tail(&lnf, 10, 4, 3, 4), 0.0);
        // Every case marked: certain.
        assert_eq!(hypergeometric_tail(&lnf, 10, 10, 3, 3), 1.0);
    }

    #[test]
    fn tarone_counts_only_the_tests_that_could_succeed() {
        // One test: the level itself.
        assert_eq!(tarone_level(0.01, &[1e-6]), 0.01);
        // 100 hopeless tests and 2 promising ones: K = 2.
        let mut m = vec![0.5; 100];
        m.extend([1e-6, 1e-5]);
        assert_eq!(tarone_level(0.01, &m), 0.005);
        // All promising: Bonferroni.
        assert_eq!(tarone_level(0.01, &[1e-9; 10]), 0.001);
        assert_eq!(tarone_level(0.01, &[]), 0.01);
    }
}
