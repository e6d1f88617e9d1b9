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

/// The caller behind an optional `Authorization: Bearer` header, for reads that are public but
/// show more to some callers (a firm's own evidence, an owner's own drafts). A token that is
/// sent must be valid.
pub async fn optional_caller(
    services: &Services,
    req: &poem::Request,
) -> Result<Option<zjcs_domain::model::Actor>, zjcs_domain::error::Error> {
    let token = req
        .headers()
        .get(poem::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match token {
        None => Ok(None),
        Some(t) => Ok(Some(services.authenticate(t.trim()).await?.actor)),
    }
}

/// The client's address (IP only), for login throttling: the pages' rule, the TCP peer unless
/// it is a trusted proxy (see [`zjcs_web::client_ip`]).
pub fn client_address(req: &poem::Request) -> Option<String> {
    zjcs_web::client_ip(req).map(|ip| ip.to_string())
}
