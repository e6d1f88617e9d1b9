//! `GET/POST /register`: self-registration of a project owner or an intermediary firm (注册).
//! Zero threshold: the account works at once and the new holder is logged in.

use crate::ctx::{Ctx, see_other};
use crate::errors::PageError;
use crate::forms::{FieldProblems, PageForm, Problem};
use crate::i18n_ctx::T;
use crate::layout::Layout;
use crate::{cookies, session};
use askama::Template;
use poem::http::StatusCode;
use poem::{Response, handler};
use serde::Deserialize;
use zjcs_domain::Error;
use zjcs_domain::model::{Registration, Role};

/// The submitted registration form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RegisterForm {
    role: String,
    owner_kind: String,
    name: String,
    email: String,
    password: String,
    csrf: String,
}

/// What the form shows again after a refusal: everything the visitor typed except the password.
#[derive(Debug, Default)]
struct Entered {
    role: String,
    owner_kind: String,
    name: String,
    email: String,
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    t: T,
    layout: Layout,
    form: Entered,
    problems: FieldProblems,
}

fn label_of(field: &str) -> &'static str {
    match field {
        "role" => "register.role",
        "owner_kind" => "register.owner-kind",
        "name" => "register.name",
        "email" => "register.email",
        _ => "register.password",
    }
}

fn render(ctx: &Ctx, form: Entered, problems: FieldProblems, status: StatusCode) -> Response {
    ctx.render(
        &RegisterPage {
            t: ctx.t,
            layout: ctx.layout(None),
            form,
            problems,
        },
        status,
    )
}

/// The empty form (someone already logged in goes to their account instead).
#[handler]
pub async fn show(ctx: Ctx) -> Response {
    if ctx.visitor.is_some() {
        return see_other("/account");
    }
    render(
        &ctx,
        Entered::default(),
        FieldProblems::default(),
        StatusCode::OK,
    )
}

/// Registers, logs the new holder in, and sends a firm to the entry step, others to their account.
#[handler]
pub async fn submit(ctx: Ctx, PageForm(f): PageForm<RegisterForm>) -> Result<Response, PageError> {
    ctx.check_csrf(&f.csrf)?;
    let owner_kind = Some(f.owner_kind.as_str()).filter(|k| !k.is_empty());
    let parsed = Registration::parse(&f.role, owner_kind, &f.name, &f.email, &f.password);
    let entered = Entered {
        role: f.role,
        owner_kind: f.owner_kind,
        name: f.name,
        email: f.email,
    };
    let registration = match parsed {
        Ok(r) => r,
        Err(errors) => {
            let problems = FieldProblems::from_field_errors(ctx.t, &errors, label_of);
            return Ok(render(
                &ctx,
                entered,
                problems,
                StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
    };
    match ctx.services().register(registration, ctx.lang, true).await {
        Ok((account, Some(new_session))) => {
            // A firm goes on to enter its profile (the entry wizard); others to their account.
            let next = if account.role == Role::Intermediary {
                "/firm/enter?notice=registered"
            } else {
                "/account?notice=registered"
            };
            let mut resp = see_other(next);
            cookies::append(
                &mut resp,
                session::set_cookie(&new_session, ctx.config().secure_cookies),
            );
            Ok(resp)
        }
        // Registered, but no session came back: let them log in by hand.
        Ok((_, None)) => Ok(see_other("/login")),
        Err(Error::EmailTaken) => {
            let problems = FieldProblems::banner(
                "error.email-taken",
                Some(ctx.t.get("error.detail.email-taken").to_owned()),
                Some(Problem {
                    field: "email",
                    label: "register.email",
                    message: "error.email-taken",
                    args: Vec::new(),
                }),
            );
            Ok(render(&ctx, entered, problems, StatusCode::CONFLICT))
        }
        Err(Error::Validation(errors)) => {
            let problems = FieldProblems::from_field_errors(ctx.t, &errors, label_of);
            Ok(render(
                &ctx,
                entered,
                problems,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
        Err(e) => Err(e.into()),
    }
}
