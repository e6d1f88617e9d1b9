//! The service suite: the services against real storage (`testing::TestDb`, a fresh migrated
//! database per test: SQLite by default, PostgreSQL when ZJCS_TEST_DATABASE_URL is set), one
//! module per area, in one test binary so that the crate and its dependencies are linked once
//! rather than once per area. Run it with `cargo test -p zjcs-domain --test service`, one area
//! with a filter: `cargo test -p zjcs-domain --test service -- selection::`.
//!
//! The set-up the areas share (services, the usual world, accounts, firms, postings, mails) is
//! in `common`.

mod common;

mod attachments;
mod audit_tree;
mod complaints;
mod credit;
mod dishonesty;
mod inspections;
mod projects;
mod registry;
mod selection;
mod services;
mod store;
