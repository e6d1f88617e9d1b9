//! The registry of scenarios. To add one: a new file here with a type implementing
//! [`Scenario`](crate::scenario::Scenario), a `mod` line, and a line in [`all`].

mod announcement_list;
mod audit_proofs;
mod bid_storm;
mod credit_recompute;
mod directory;
mod firm_page;
mod health;
mod login;
mod market_statistics;
mod project_page;

use crate::scenario::Scenario;

/// The name of the baseline scenario, always measured first.
pub const BASELINE: &str = "health";

/// Every scenario, baseline first.
pub fn all() -> Vec<Box<dyn Scenario>> {
    vec![
        Box::new(health::Health),
        Box::new(login::Login::default()),
        Box::new(directory::Directory::default()),
        Box::new(firm_page::FirmPage::default()),
        Box::new(announcement_list::AnnouncementList::default()),
        Box::new(project_page::ProjectPage::default()),
        Box::new(bid_storm::BidStorm::default()),
        Box::new(credit_recompute::CreditRecompute::default()),
        Box::new(market_statistics::MarketStatistics::default()),
        Box::new(audit_proofs::AuditProofs::default()),
    ]
}
