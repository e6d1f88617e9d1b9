//! `zjcs-warning-rates [MARKETS]`: the market warnings measured on simulated markets (issue
//! 25): over MARKETS honest markets (1,000 by default) of each size, how many raise any false
//! warning, and over MARKETS markets per planted pattern, how many find it. Pure computation
//! (`zjcs_domain::synthetic::simulate`), no server or database; the table goes to
//! tests/bench/README.md, "Warnings (issue 25)".

fn main() {
    let markets: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000);
    use zjcs_domain::synthetic::simulate::{LARGE, SMALL, rates};
    for spec in [SMALL, LARGE] {
        let started = std::time::Instant::now();
        let r = rates(&spec, markets, 2_026);
        println!("{}", r.table());
        println!("({} ms)\n", started.elapsed().as_millis());
    }
}
