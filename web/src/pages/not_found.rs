//! Any path the pages do not know: a friendly 404 page instead of poem's empty answer.

use crate::errors::PageError;
use poem::{Response, handler};
use zjcs_domain::Error;

/// The 404 page (drawn by the page wrapper from the refusal).
#[handler]
pub async fn show() -> Result<Response, PageError> {
    Err(PageError::Domain(Error::NotFound))
}
