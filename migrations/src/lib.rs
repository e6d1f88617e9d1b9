//! The zjcs database schema: one set of migrations that runs unchanged on SQLite (the embedded
//! default) and PostgreSQL (production). SQLite can alter little, so every later change is either
//! one statement SQLite supports or a table rebuild.

pub use sea_orm_migration::prelude::*;

mod m20261121_000001_foundation;
mod m20261122_000001_registry;
mod m20261122_000002_directory_log;
mod m20261122_000003_projects;
mod m20261122_000004_selection;
mod m20261128_000001_credit;
mod m20261128_000002_credit_repair;
mod m20261128_000003_delivery;
mod m20261128_000004_evaluation;
mod m20261128_000005_owner_rating_totals;
mod m20261128_000006_project_changes;
mod m20261128_000007_complaint;
mod m20261128_000008_audit_checkpoint;
mod m20261128_000009_inspection;
mod m20261207_000001_sealed_at_rest;
mod m20261207_190001_audit_checkpoint_origin;
mod m20261207_200001_audit_nodes;
mod m20261208_000001_one_attachment_table;
mod m20261208_100001_restriction_via_firm;
mod m20261208_110001_firm_person;
pub mod sealing;

/// All migrations, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261121_000001_foundation::Migration),
            Box::new(m20261122_000001_registry::Migration),
            Box::new(m20261122_000002_directory_log::Migration),
            Box::new(m20261122_000003_projects::Migration),
            Box::new(m20261122_000004_selection::Migration),
            Box::new(m20261128_000001_credit::Migration),
            Box::new(m20261128_000002_credit_repair::Migration),
            Box::new(m20261128_000003_delivery::Migration),
            Box::new(m20261128_000004_evaluation::Migration),
            Box::new(m20261128_000005_owner_rating_totals::Migration),
            Box::new(m20261128_000006_project_changes::Migration),
            Box::new(m20261128_000007_complaint::Migration),
            Box::new(m20261128_000008_audit_checkpoint::Migration),
            Box::new(m20261128_000009_inspection::Migration),
            Box::new(m20261207_000001_sealed_at_rest::Migration),
            Box::new(m20261207_190001_audit_checkpoint_origin::Migration),
            Box::new(m20261207_200001_audit_nodes::Migration),
            Box::new(m20261208_000001_one_attachment_table::Migration),
            Box::new(m20261208_100001_restriction_via_firm::Migration),
            Box::new(m20261208_110001_firm_person::Migration),
        ]
    }
}
