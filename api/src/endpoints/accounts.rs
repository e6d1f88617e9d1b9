//! `/accounts`: self-registration (zero threshold), one's own account, password change, email
//! verification, and the administrators' list.

use super::ApiTags;
use super::types::{Account, OwnerKindDto, SelfRoleDto};
use crate::auth::BearerAuth;
use crate::lang::current_lang;
use crate::problem::ApiResult;
use crate::strict_json::StrictJson;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};
use zjcs_domain::error::Error;
use zjcs_domain::model::Registration;
use zjcs_domain::service::Services;

pub struct AccountsApi {
    pub services: Services,
}

/// A self-registration as a project owner or an intermediary firm. It works at once: there is
/// no approval step (零门槛).
#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct RegisterRequest {
    pub role: SelfRoleDto,
    /// Required when `role` is `owner`.
    pub owner_kind: Option<OwnerKindDto>,
    /// The organisation's name.
    #[oai(validator(min_length = 1, max_length = 200))]
    pub name: String,
    #[oai(validator(min_length = 3, max_length = 254))]
    pub email: String,
    /// 10 to 128 characters.
    #[oai(validator(min_length = 10, max_length = 128))]
    pub password: String,
}

#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct ChangePasswordRequest {
    #[oai(validator(min_length = 1, max_length = 128))]
    pub current_password: String,
    #[oai(validator(min_length = 10, max_length = 128))]
    pub new_password: String,
}

#[derive(Debug, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct VerifyEmailRequest {
    /// The token from the link in the welcome mail.
    #[oai(validator(min_length = 1, max_length = 200))]
    pub token: String,
}

#[derive(ApiResponse)]
pub enum RegisterResponse {
    /// Registered; a welcome mail with a verification link is on its way.
    #[oai(status = 201)]
    Created(Json<Account>),
}

#[derive(ApiResponse)]
pub enum AccountResponse {
    #[oai(status = 200)]
    Ok(Json<Account>),
}

#[derive(ApiResponse)]
pub enum AccountListResponse {
    #[oai(status = 200)]
    Ok(Json<Vec<Account>>),
}

#[derive(ApiResponse)]
pub enum NoContent {
    #[oai(status = 204)]
    Done,
}

#[OpenApi(prefix_path = "/accounts", tag = "ApiTags::Accounts")]
impl AccountsApi {
    /// Register as a project owner or an intermediary firm
    #[oai(path = "/", method = "post", operation_id = "registerAccount")]
    async fn register(&self, body: StrictJson<RegisterRequest>) -> ApiResult<RegisterResponse> {
        let b = body.0;
        let reg = Registration::parse(
            match b.role {
                SelfRoleDto::Owner => "owner",
                SelfRoleDto::Intermediary => "intermediary",
            },
            b.owner_kind.map(|k| k.as_str()),
            &b.name,
            &b.email,
            &b.password,
        )
        .map_err(Error::Validation)?;
        let (account, _) = self.services.register(reg, current_lang(), false).await?;
        Ok(RegisterResponse::Created(Json(account.into())))
    }

    /// The caller's own account
    #[oai(path = "/me", method = "get", operation_id = "getMyAccount")]
    async fn me(&self, auth: BearerAuth) -> ApiResult<AccountResponse> {
        let who = auth.resolve(&self.services).await?;
        Ok(AccountResponse::Ok(Json(
            self.services.me(&who.actor).await?.into(),
        )))
    }

    /// Change the caller's password (ends the caller's other sessions)
    #[oai(
        path = "/me/password",
        method = "put",
        operation_id = "changeMyPassword"
    )]
    async fn change_password(
        &self,
        auth: BearerAuth,
        body: StrictJson<ChangePasswordRequest>,
    ) -> ApiResult<NoContent> {
        let who = auth.resolve(&self.services).await?;
        self.services
            .change_password(
                &who.actor,
                Some(who.session_id),
                &body.current_password,
                &body.new_password,
            )
            .await?;
        Ok(NoContent::Done)
    }

    /// Verify an email address with the token from the welcome mail
    #[oai(path = "/verify-email", method = "post", operation_id = "verifyEmail")]
    async fn verify_email(
        &self,
        body: StrictJson<VerifyEmailRequest>,
    ) -> ApiResult<AccountResponse> {
        Ok(AccountResponse::Ok(Json(
            self.services.verify_email(&body.token).await?.into(),
        )))
    }

    /// List all accounts (administrators)
    #[oai(path = "/", method = "get", operation_id = "listAccounts")]
    async fn list(&self, auth: BearerAuth) -> ApiResult<AccountListResponse> {
        let who = auth.resolve(&self.services).await?;
        let list = self.services.list_accounts(&who.actor).await?;
        Ok(AccountListResponse::Ok(Json(
            list.into_iter().map(Into::into).collect(),
        )))
    }
}
