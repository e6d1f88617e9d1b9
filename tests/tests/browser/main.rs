//! Journeys in headless Chromium, one test binary: a module per area. Chromium runs one session
//! at a time in this binary (`zjcs_tests::browser::Browser::start` waits its turn), as it did when
//! each area was a binary of its own: two at once on a small machine slow both past their waits.
//!
//! Needs `chromedriver` and Chromium (see `zjcs_tests::browser`); without them the tests print
//! `SKIPPED: …` and pass, unless `ZJCS_REQUIRE_BROWSER=1`.

mod complaint;
mod credit;
mod delivery;
mod inspection;
mod market;
mod registry;
mod selection;
mod site;
