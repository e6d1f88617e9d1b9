//! `GET/POST /login` (登录). Failed attempts are throttled per account and per client address
//! by the service; this page only reports the outcome.

use crate::ctx::{Ctx, see_other};
use crate::errors::PageError;
use crate::forms::{FieldProblems, PageForm};
use crate::i18n_ctx::T;
use crate::layout::Layout;
use crate::{cookies, session};
use askama::Template;
use poem::http::{StatusCode, header};
use poem::{Response, handler};
use serde::Deserialize;
use zjcs_domain::Error;

/// The submitted login form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    email: String,
    password: String,
    csrf: String,
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    t: T,
    layout: Layout,
    /// The email typed before (never the password).
    email: String,
    problems: FieldProblems,
}

fn label_of(field: &str) -> &'static str {
    match field {
        "email" => "login.email",
        _ => "login.password",
    }
}

fn render(ctx: &Ctx, email: String, problems: FieldProblems, status: StatusCode) -> Response {
    ctx.render(
        &LoginPage {
            t: ctx.t,
            layout: ctx.layout(None),
            email,
            problems,
        },
        status,
    )
}

/// The login form (someone already logged in goes to their account instead).
#[handler]
pub async fn show(ctx: Ctx) -> Response {
    if ctx.visitor.is_some() {
        return see_other("/account");
    }
    render(
        &ctx,
        String::new(),
        FieldProblems::default(),
        StatusCode::OK,
    )
}

/// Logs in and sends the visitor to their account; a refusal shows the form again.
#[handler]
pub async fn submit(ctx: Ctx, PageForm(f): PageForm<LoginForm>) -> Result<Response, PageError> {
    ctx.check_csrf(&f.csrf)?;
    match ctx
        .services()
        .login(&f.email, &f.password, ctx.client_ip.as_deref())
        .await
    {
        Ok(outcome) => {
            let mut resp = see_other("/account");
            cookies::append(
                &mut resp,
                session::set_cookie(&outcome.session, ctx.config().secure_cookies),
            );
            Ok(resp)
        }
        Err(Error::Validation(errors)) => {
            let problems = FieldProblems::from_field_errors(ctx.t, &errors, label_of);
            Ok(render(
                &ctx,
                f.email,
                problems,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
        Err(Error::InvalidCredentials) => {
            let problems = FieldProblems::banner(
                "error.invalid-credentials",
                Some(ctx.t.get("error.detail.invalid-credentials").to_owned()),
                None,
            );
            Ok(render(&ctx, f.email, problems, StatusCode::UNAUTHORIZED))
        }
        Err(Error::Throttled(wait)) => {
            let secs = wait.as_secs().max(1);
            let problems = FieldProblems::banner(
                "error.throttled",
                Some(ctx.t.fill("error.detail.throttled", "secs", secs)),
                None,
            );
            let mut resp = render(&ctx, f.email, problems, StatusCode::TOO_MANY_REQUESTS);
            if let Ok(v) = secs.to_string().parse() {
                resp.headers_mut().insert(header::RETRY_AFTER, v);
            }
            Ok(resp)
        }
        Err(e) => Err(e.into()),
    }
}
