//! The JSON API end to end over HTTP, one test binary: a module per area, each against its own
//! `zjcs_tests::spawn_app()`. (`api_audit` stays a binary of its own: it reads process-wide
//! gauges that every other running app would set too; `login_timing` measures time and runs
//! alone.)

mod accounts;
mod credit;
mod dishonesty;
mod input;
mod inspections;
mod login;
mod market;
mod projects;
mod registry;
mod selection;
