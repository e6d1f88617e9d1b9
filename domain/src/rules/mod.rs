//! Pure decisions: no I/O, no clock reads (the caller passes `now`), no randomness.

pub mod access;
pub mod audit;
pub mod backoff;
pub mod calendar;
pub mod checkpoint;
pub mod complaint;
pub mod credit;
pub mod credit_ledger;
pub mod delivery;
pub mod directory;
pub mod directory_index;
pub mod draw;
pub mod eligibility;
pub mod evidence;
pub mod identity;
pub mod inspection;
pub mod lease;
pub mod market;
pub mod merkle;
pub mod procedure;
pub mod seal;
pub mod selection;
pub mod standing;
pub mod surveillance;
pub mod throttle;
pub mod token;
