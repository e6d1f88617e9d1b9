//! `/sessions`: login (with throttling) and logout.

use super::ApiTags;
use super::types::Account;
use crate::auth::{BearerAuth, client_address};
use crate::problem::ApiResult;
use crate::strict_json::StrictJson;
use chrono::{DateTime, Utc};
use poem::Request;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};
use zjcs_domain::service::Services;

pub struct SessionsApi {
    pub services: Services,
}

#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct LoginRequest {
    #[oai(validator(min_length = 1, max_length = 254))]
    pub email: String,
    #[oai(validator(min_length = 1, max_length = 128))]
    pub password: String,
}

/// A new session. The token is shown only here: send it as `Authorization: Bearer <token>`.
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct SessionCreated {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub account: Account,
}

#[derive(ApiResponse)]
pub enum LoginResponse {
    #[oai(status = 201)]
    Created(Json<SessionCreated>),
}

#[derive(ApiResponse)]
pub enum LogoutResponse {
    /// The token no longer works.
    #[oai(status = 204)]
    Done,
}

#[OpenApi(prefix_path = "/sessions", tag = "ApiTags::Sessions")]
impl SessionsApi {
    /// Log in with email and password
    ///
    /// Repeated failures for one account or one address are slowed down and then refused with
    /// 429 for a while.
    #[oai(path = "/", method = "post", operation_id = "login")]
    async fn login(
        &self,
        req: &Request,
        body: StrictJson<LoginRequest>,
    ) -> ApiResult<LoginResponse> {
        let address = client_address(req);
        let out = self
            .services
            .login(&body.email, &body.password, address.as_deref())
            .await?;
        Ok(LoginResponse::Created(Json(SessionCreated {
            token: out.session.token,
            expires_at: out.session.expires_at,
            account: out.account.into(),
        })))
    }

    /// Log out: the presented token stops working
    #[oai(path = "/current", method = "delete", operation_id = "logout")]
    async fn logout(&self, auth: BearerAuth) -> ApiResult<LogoutResponse> {
        let who = auth.resolve(&self.services).await?;
        self.services.logout(&who).await?;
        Ok(LogoutResponse::Done)
    }
}
