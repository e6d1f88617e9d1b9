//! `GET /firm` (我的机构): the firm's own page — its profile to edit, and its qualifications,
//! practitioners and affiliations to declare or withdraw — and the form actions under `/firm/…`.
//! Evidence files arrive as multipart uploads; each form's problems are shown next to its own
//! fields, the others keep their stored or empty values. A firm waiting for a credit repair
//! applies here too (see [`super::firm_repair`]).

use super::NoticeQuery;
use crate::ctx::{Ctx, see_other};
use crate::errors::PageError;
use crate::forms::{CsrfOnly, FieldProblems, FormFields, PageForm, PageMultipart};
use crate::i18n_ctx::T;
use crate::layout::{Layout, notice_key};
use crate::pages::catalogue::path_id;
use crate::pages::firm_profile::{self, ItemBox, ProfileEntered, item_boxes, region_suggestions};
use crate::pages::firm_repair::{RepairBlock, RepairForm};
use crate::pages::firms::FirmFacts;
use crate::views::{Choice, qualification_types};
use askama::Template;
use poem::http::StatusCode;
use poem::web::{Path, Query};
use poem::{Response, handler};
use serde::Deserialize;
use zjcs_domain::model::attachment::AttachmentRef;
use zjcs_domain::model::firm::{
    AffiliationKind, PersonRole, PractitionerInput, QualificationInput,
};

/// A qualification as typed (the file cannot be shown again; browsers do not allow it).
#[derive(Debug, Clone, Default)]
struct QualEntered {
    qual_type: String,
    grade: String,
    number: String,
    issuer: String,
    valid_from: String,
    valid_until: String,
}

impl QualEntered {
    fn from_fields(f: &FormFields) -> Self {
        QualEntered {
            qual_type: f.string("qual_type"),
            grade: f.string("grade"),
            number: f.string("number"),
            issuer: f.string("issuer"),
            valid_from: f.string("valid_from"),
            valid_until: f.string("valid_until"),
        }
    }

    fn input(&self) -> QualificationInput {
        QualificationInput {
            qual_type: self.qual_type.clone(),
            grade: self.grade.clone(),
            number: self.number.clone(),
            issuer: self.issuer.clone(),
            valid_from: self.valid_from.clone(),
            valid_until: self.valid_until.clone(),
            evidence_file: None,
        }
    }
}

/// A practitioner as typed.
#[derive(Debug, Clone, Default)]
struct PracEntered {
    name: String,
    qualification: String,
    certificate_number: String,
    valid_until: String,
}

impl PracEntered {
    fn from_fields(f: &FormFields) -> Self {
        PracEntered {
            name: f.string("name"),
            qualification: f.string("qualification"),
            certificate_number: f.string("certificate_number"),
            valid_until: f.string("valid_until"),
        }
    }

    fn input(&self) -> PractitionerInput {
        PractitionerInput {
            name: self.name.clone(),
            qualification: self.qualification.clone(),
            certificate_number: self.certificate_number.clone(),
            valid_until: self.valid_until.clone(),
            evidence_file: None,
        }
    }
}

/// The submitted affiliation form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AffiliationForm {
    department: String,
    kind: String,
    note: String,
    csrf: String,
}

/// The submitted person form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PersonForm {
    name: String,
    role: String,
    id_number: String,
    csrf: String,
}

/// The form that was just refused, with what was typed and its problems.
enum Attempt {
    None,
    Profile(ProfileEntered, FieldProblems),
    Qualification(QualEntered, FieldProblems),
    Practitioner(PracEntered, FieldProblems),
    Affiliation(AffiliationForm, FieldProblems),
    Person(PersonForm, FieldProblems),
    Repair(RepairForm, FieldProblems),
}

#[derive(Template)]
#[template(path = "my_firm.html")]
struct MyFirmPage {
    t: T,
    layout: Layout,
    firm: FirmFacts,
    /// The declarations are listed with delete buttons.
    manage: bool,
    public_href: String,
    // The profile form (the names `firm_profile_fields.html` expects).
    form: ProfileEntered,
    problems: FieldProblems,
    item_boxes: Vec<ItemBox>,
    regions: Vec<(String, String)>,
    entering: bool,
    qual: QualEntered,
    qual_problems: FieldProblems,
    qual_types: Vec<String>,
    prac: PracEntered,
    prac_problems: FieldProblems,
    aff: AffiliationForm,
    aff_problems: FieldProblems,
    kinds: Vec<Choice>,
    person: PersonForm,
    person_problems: FieldProblems,
    roles: Vec<Choice>,
    repair: RepairBlock,
}

async fn render(
    ctx: &Ctx,
    notice: Option<&'static str>,
    attempt: Attempt,
    status: StatusCode,
) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    let Some(detail) = ctx.services().my_firm(&actor).await? else {
        return Ok(see_other("/firm/enter"));
    };
    let items = ctx.services().list_items(false).await?;
    let (repair_form, repair_problems) = match &attempt {
        Attempt::Repair(f, p) => (f.clone(), p.clone()),
        _ => (RepairForm::default(), FieldProblems::default()),
    };
    let repair = RepairBlock::load(ctx, &detail, repair_form, repair_problems).await?;
    let mut page = MyFirmPage {
        t: ctx.t,
        layout: ctx.layout(notice),
        firm: FirmFacts::new(ctx.t, &detail),
        manage: true,
        public_href: format!("/firms/{}", detail.firm.id),
        form: ProfileEntered::from_detail(&detail),
        problems: FieldProblems::default(),
        item_boxes: Vec::new(),
        regions: region_suggestions(ctx.lang),
        entering: false,
        qual: QualEntered::default(),
        qual_problems: FieldProblems::default(),
        qual_types: qualification_types(&items),
        prac: PracEntered::default(),
        prac_problems: FieldProblems::default(),
        aff: AffiliationForm::default(),
        aff_problems: FieldProblems::default(),
        kinds: Vec::new(),
        person: PersonForm::default(),
        person_problems: FieldProblems::default(),
        roles: Vec::new(),
        repair,
    };
    match attempt {
        Attempt::None | Attempt::Repair(..) => {}
        Attempt::Profile(form, problems) => {
            page.form = form;
            page.problems = problems;
        }
        Attempt::Qualification(q, problems) => {
            page.qual = q;
            page.qual_problems = problems.anchored("q-");
        }
        Attempt::Practitioner(p, problems) => {
            page.prac = p;
            page.prac_problems = problems.anchored("p-");
        }
        Attempt::Affiliation(a, problems) => {
            page.aff = a;
            page.aff_problems = problems.anchored("a-");
        }
        Attempt::Person(p, problems) => {
            // The ID number is not shown back: it is typed again.
            page.person = PersonForm {
                id_number: String::new(),
                ..p
            };
            page.person_problems = problems.anchored("h-");
        }
    }
    page.roles = PersonRole::ALL
        .iter()
        .map(|r| Choice {
            value: r.as_str().into(),
            label: ctx.t.get(&format!("person.role.{}", r.as_str())).into(),
            selected: page.person.role == r.as_str(),
        })
        .collect();
    page.item_boxes = item_boxes(ctx.lang, &items, &page.form.service_items);
    page.kinds = AffiliationKind::ALL
        .iter()
        .map(|k| Choice {
            value: k.as_str().into(),
            label: ctx
                .t
                .get(&format!("affiliation.kind.{}", k.as_str()))
                .into(),
            selected: page.aff.kind == k.as_str(),
        })
        .collect();
    Ok(ctx.render(&page, status))
}

/// The firm's page; a firm that has not entered yet goes to the entry step.
#[handler]
pub async fn show(ctx: Ctx, Query(q): Query<NoticeQuery>) -> Result<Response, PageError> {
    render(
        &ctx,
        notice_key(q.notice.as_deref()),
        Attempt::None,
        StatusCode::OK,
    )
    .await
}

/// The page again after a refused credit repair application, the statement as typed.
pub(crate) async fn render_repair(
    ctx: &Ctx,
    form: RepairForm,
    problems: FieldProblems,
    status: StatusCode,
) -> Result<Response, PageError> {
    render(ctx, None, Attempt::Repair(form, problems), status).await
}

/// Shows the page again with a refused form's problems, or the refusal's own page.
async fn refused(
    ctx: &Ctx,
    e: zjcs_domain::Error,
    label_of: fn(&str) -> &'static str,
    attempt: impl FnOnce(FieldProblems) -> Attempt,
) -> Result<Response, PageError> {
    match FieldProblems::from_error(ctx.t, &e, label_of) {
        Some((problems, status)) => render(ctx, None, attempt(problems), status).await,
        None => Err(e.into()),
    }
}

/// `POST /firm/profile`: saves the profile (the commitment is given again).
#[handler]
pub async fn save_profile(
    ctx: Ctx,
    PageForm(f): PageForm<FormFields>,
) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    ctx.check_csrf(f.csrf())?;
    let form = ProfileEntered::from_fields(&f);
    match ctx.services().update_firm(&actor, &form.input()).await {
        Ok(_) => Ok(see_other("/firm?notice=profile-saved")),
        Err(e) => {
            refused(&ctx, e, firm_profile::label_of, |p| {
                Attempt::Profile(form, p)
            })
            .await
        }
    }
}

fn qual_label(field: &str) -> &'static str {
    match field {
        "qual_type" => "qualification.type",
        "grade" => "qualification.grade",
        "number" => "qualification.number",
        "issuer" => "qualification.issuer",
        "valid_from" => "qualification.valid-from",
        "valid_until" => "qualification.valid-until",
        _ => "firm.evidence-file",
    }
}

/// `POST /firm/qualifications` (multipart): declares a qualification with its evidence file.
#[handler]
pub async fn add_qualification(ctx: Ctx, mut mp: PageMultipart) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    ctx.check_csrf(mp.fields.csrf())?;
    let entered = QualEntered::from_fields(&mp.fields);
    let input = QualificationInput {
        evidence_file: mp.take_upload("evidence_file").map(AttachmentRef::New),
        ..entered.input()
    };
    match ctx.services().add_qualification(&actor, &input).await {
        Ok(_) => Ok(see_other("/firm?notice=qualification-added")),
        Err(e) => refused(&ctx, e, qual_label, |p| Attempt::Qualification(entered, p)).await,
    }
}

fn prac_label(field: &str) -> &'static str {
    match field {
        "name" => "practitioner.name",
        "qualification" => "practitioner.qualification",
        "certificate_number" => "practitioner.certificate-number",
        "valid_until" => "practitioner.valid-until",
        _ => "firm.evidence-file",
    }
}

/// `POST /firm/practitioners` (multipart): declares a practitioner with the certificate's file.
#[handler]
pub async fn add_practitioner(ctx: Ctx, mut mp: PageMultipart) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    ctx.check_csrf(mp.fields.csrf())?;
    let entered = PracEntered::from_fields(&mp.fields);
    let input = PractitionerInput {
        evidence_file: mp.take_upload("evidence_file").map(AttachmentRef::New),
        ..entered.input()
    };
    match ctx.services().add_practitioner(&actor, &input).await {
        Ok(_) => Ok(see_other("/firm?notice=practitioner-added")),
        Err(e) => refused(&ctx, e, prac_label, |p| Attempt::Practitioner(entered, p)).await,
    }
}

/// The file's name apart from its bytes, so that the name can be lent to the services.
fn aff_label(field: &str) -> &'static str {
    match field {
        "department" => "affiliation.department",
        "kind" => "affiliation.kind",
        _ => "affiliation.note",
    }
}

/// `POST /firm/affiliations`: declares a tie with a government department (for 回避).
#[handler]
pub async fn add_affiliation(
    ctx: Ctx,
    PageForm(f): PageForm<AffiliationForm>,
) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    ctx.check_csrf(&f.csrf)?;
    match ctx
        .services()
        .add_affiliation(&actor, &f.department, &f.kind, &f.note)
        .await
    {
        Ok(_) => Ok(see_other("/firm?notice=affiliation-added")),
        Err(e) => refused(&ctx, e, aff_label, |p| Attempt::Affiliation(f, p)).await,
    }
}

/// `POST /firm/qualifications/:id/delete`.
#[handler]
pub async fn remove_qualification(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<CsrfOnly>,
) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    ctx.check_csrf(&f.csrf)?;
    ctx.services()
        .remove_qualification(&actor, path_id(&id)?)
        .await?;
    Ok(see_other("/firm?notice=qualification-removed"))
}

/// `POST /firm/practitioners/:id/delete`.
#[handler]
pub async fn remove_practitioner(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<CsrfOnly>,
) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    ctx.check_csrf(&f.csrf)?;
    ctx.services()
        .remove_practitioner(&actor, path_id(&id)?)
        .await?;
    Ok(see_other("/firm?notice=practitioner-removed"))
}

/// `POST /firm/affiliations/:id/delete`.
#[handler]
pub async fn remove_affiliation(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<CsrfOnly>,
) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    ctx.check_csrf(&f.csrf)?;
    ctx.services()
        .remove_affiliation(&actor, path_id(&id)?)
        .await?;
    Ok(see_other("/firm?notice=affiliation-removed"))
}

fn person_label(field: &str) -> &'static str {
    match field {
        "name" => "person.name",
        "role" => "person.role",
        _ => "person.id-number",
    }
}

/// `POST /firm/people`: declares a shareholder or senior executive (a black-listing follows
/// them). A refusal shows the form again with what was typed, but the ID number.
#[handler]
pub async fn add_person(
    ctx: Ctx,
    PageForm(f): PageForm<PersonForm>,
) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    ctx.check_csrf(&f.csrf)?;
    match ctx
        .services()
        .add_person(&actor, &f.name, &f.role, &f.id_number)
        .await
    {
        Ok(_) => Ok(see_other("/firm?notice=person-added#people")),
        Err(e) => refused(&ctx, e, person_label, |p| Attempt::Person(f, p)).await,
    }
}

/// `POST /firm/people/:id/delete`.
#[handler]
pub async fn remove_person(
    ctx: Ctx,
    Path(id): Path<String>,
    PageForm(f): PageForm<CsrfOnly>,
) -> Result<Response, PageError> {
    let actor = ctx.require_login()?.auth.actor;
    ctx.check_csrf(&f.csrf)?;
    ctx.services().remove_person(&actor, path_id(&id)?).await?;
    Ok(see_other("/firm?notice=person-removed#people"))
}
