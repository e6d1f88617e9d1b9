//! Bearer-token authentication for the JSON API.

use crate::problem::ApiError;
use poem_openapi::SecurityScheme;
use poem_openapi::auth::Bearer;
use zjcs_domain::service::Services;
use zjcs_domain::service::sessions::Authenticated;

/// A session token from `POST /api/v1/sessions`, sent as `Authorization: Bearer <token>`.
#[derive(SecurityScheme)]
#[oai(ty = "bearer", bearer_format = "opaque session token")]
pub struct BearerAuth(pub Bearer);

impl BearerAuth {
    /// Resolves the token to its caller, or refuses with 401.
    pub async fn resolve(&self, services: &Services) -> Result<Authenticated, ApiError> {
        Ok(services.authenticate(&self.0.token).await?)
    }
}

/// The client's address (IP only) as seen on the connection, for login throttling.
pub fn client_address(req: &poem::Request) -> Option<String> {
    req.remote_addr()
        .as_socket_addr()
        .map(|a| a.ip().to_string())
}
