//! Any path the pages do not know: a friendly 404 page instead of poem's empty answer.
//!
//! poem's router prefers a catch-all (`/*path`) over the exact path `/`, so the catch-all also
//! has to serve the home page; [`HomeOrNotFound`] does exactly that and nothing more.

use crate::errors::PageError;
use poem::{Endpoint, IntoResponse, Request, Response, Result};
use zjcs_domain::Error;

/// The catch-all route: the home page endpoint at `/`, the 404 page everywhere else.
pub struct HomeOrNotFound<H> {
    home: H,
}

impl<H> HomeOrNotFound<H> {
    /// Wraps the home page's endpoint.
    pub fn new(home: H) -> Self {
        Self { home }
    }
}

impl<H: Endpoint> Endpoint for HomeOrNotFound<H> {
    type Output = Response;

    async fn call(&self, req: Request) -> Result<Response> {
        if req.uri().path() == "/" {
            Ok(self.home.call(req).await?.into_response())
        } else {
            Err(PageError::Domain(Error::NotFound).into())
        }
    }
}
