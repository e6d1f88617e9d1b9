//! The registry of scenarios. To add one: a new file here with a type implementing
//! [`Scenario`](crate::scenario::Scenario), a `mod` line, and a line in [`all`].

mod directory;
mod firm_page;
mod health;
mod login;

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
    ]
}
