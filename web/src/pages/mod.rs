//! One file per page or form action. Handlers stay thin: read the input, call the service,
//! render or redirect.

pub mod account;
pub mod admin_catalogue;
pub mod admin_credit_policy;
pub mod admin_item;
pub mod audit;
pub mod blacklist;
pub mod catalogue;
pub mod complaints;
pub mod console;
pub mod credit_market;
pub mod credit_repairs;
pub mod delivery;
pub mod dishonesty_list;
pub mod feeds;
pub mod files;
pub mod firm_credit;
pub mod firm_enter;
pub mod firm_profile;
pub mod firm_repair;
pub mod firms;
pub mod home;
pub mod inspections;
pub mod lang;
pub mod login;
pub mod logout;
pub mod market;
pub mod my_firm;
pub mod not_found;
pub mod owner_projects;
pub mod password;
pub mod projects;
pub mod red_list;
pub mod register;
pub mod selection;
pub mod verify;

use serde::Deserialize;

/// The `?notice=` of a page reached by a redirect after a successful form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoticeQuery {
    pub notice: Option<String>,
}
