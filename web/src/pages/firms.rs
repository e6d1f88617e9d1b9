//! `GET /firms` (网上展示): the public directory of firms with its search form, and
//! `GET /firms/:id`: a firm's public page, with its credit (see [`super::firm_credit`]).

use crate::ctx::Ctx;
use crate::errors::PageError;
use crate::forms::FieldProblems;
use crate::i18n_ctx::T;
use crate::layout::{Layout, first_page_href, notice_key, query_string};
use crate::pages::NoticeQuery;
use crate::pages::catalogue::path_id;
use crate::pages::firm_credit::{CreditBlock, EntryForm};
use crate::views::{
    Choice, FirmCard, ItemLink, date, day, evaluation_text, grade_class, item_choices,
    province_choices, province_name, qualification_types, validity_badge,
};
use askama::Template;
use poem::http::StatusCode;
use poem::web::{Path, Query};
use poem::{Response, handler};
use serde::Deserialize;
use zjcs_domain::model::firm::FirmStatus;
use zjcs_domain::rules::credit::Grade;
use zjcs_domain::rules::directory::{DirectoryParams, DirectoryQuery, Sort};
use zjcs_domain::service::firms::FirmDetail;

/// The search form, as the query string carries it.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct DirectoryForm {
    q: String,
    item: String,
    region: String,
    qualification: String,
    grade: String,
    sort: String,
    cursor: String,
}

impl DirectoryForm {
    /// The query string of the same search on another page (empty filters left out).
    fn query_string(&self, cursor: &str) -> String {
        query_string(&[
            ("q", self.q.as_str()),
            ("item", &self.item),
            ("region", &self.region),
            ("qualification", &self.qualification),
            ("grade", &self.grade),
            ("sort", &self.sort),
            ("cursor", cursor),
        ])
    }
}

fn label_of(field: &str) -> &'static str {
    match field {
        "q" => "directory.q",
        "item" => "directory.item",
        "region" => "directory.region",
        "qualification" => "directory.qualification",
        "grade" => "directory.grade",
        "sort" => "directory.sort",
        "cursor" => "directory.cursor",
        _ => "directory.title",
    }
}

#[derive(Template)]
#[template(path = "firms.html")]
struct DirectoryPage {
    t: T,
    layout: Layout,
    form: DirectoryForm,
    items: Vec<Choice>,
    provinces: Vec<Choice>,
    grades: Vec<Choice>,
    sorts: Vec<Choice>,
    qual_types: Vec<String>,
    problems: FieldProblems,
    /// The firms found (none when the search was refused).
    firms: Vec<FirmCard>,
    next_href: Option<String>,
    /// On a later page: a link back to the first.
    first_href: Option<String>,
}

/// The directory: the search form and one page of firms. A refused search shows the form with
/// its problems (422).
#[handler]
pub async fn list(ctx: Ctx, Query(form): Query<DirectoryForm>) -> Result<Response, PageError> {
    let params = DirectoryParams {
        q: form.q.clone(),
        item: form.item.clone(),
        region: form.region.clone(),
        qualification: form.qualification.clone(),
        grade: form.grade.clone(),
        sort: form.sort.clone(),
        cursor: form.cursor.clone(),
        limit: None,
    };
    let (firms, next_href, problems, status) = match DirectoryQuery::parse(&params) {
        Ok(q) => {
            let page = ctx.services().directory(&q).await?;
            let next = page
                .next_cursor
                .map(|c| format!("/firms?{}", form.query_string(&c)));
            let firms = page.firms.iter().map(|f| FirmCard::new(ctx.t, f)).collect();
            (firms, next, FieldProblems::default(), StatusCode::OK)
        }
        Err(errors) => (
            Vec::new(),
            None,
            FieldProblems::from_field_errors(ctx.t, &errors, label_of),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    };
    let items = ctx.services().list_items(false).await?;
    let first_href = first_page_href("/firms", &form.cursor, &form.query_string(""));
    let sort = Sort::parse(&form.sort).unwrap_or_default();
    let page = DirectoryPage {
        t: ctx.t,
        layout: ctx.layout(None),
        items: item_choices(ctx.lang, &items, &form.item),
        provinces: province_choices(ctx.lang, &form.region),
        grades: Grade::ALL
            .iter()
            .map(|g| Choice {
                value: g.as_str().into(),
                label: g.as_str().into(),
                selected: Grade::parse(&form.grade) == Some(*g),
            })
            .collect(),
        sorts: [Sort::Credit, Sort::Newest, Sort::Name]
            .iter()
            .map(|s| Choice {
                value: s.as_str().into(),
                label: ctx.t.get(&format!("directory.sort.{}", s.as_str())).into(),
                selected: *s == sort,
            })
            .collect(),
        qual_types: qualification_types(&items),
        form,
        problems,
        firms,
        next_href,
        first_href,
    };
    Ok(ctx.render(&page, status))
}

/// A declared qualification on the public page.
pub(crate) struct QualRow {
    pub id: String,
    pub qual_type: String,
    pub grade: String,
    pub number: String,
    pub issuer: String,
    pub valid_from: String,
    pub valid_until: String,
    pub validity_key: &'static str,
    pub validity_class: &'static str,
    pub counts: bool,
    pub evidence_href: String,
}

pub(crate) struct PractitionerRow {
    pub id: String,
    pub name: String,
    pub qualification: String,
    pub certificate_number: String,
    pub valid_until: Option<String>,
    pub validity_key: &'static str,
    pub validity_class: &'static str,
    pub counts: bool,
    pub evidence_href: String,
}

pub(crate) struct AffiliationRow {
    pub id: String,
    pub department: String,
    pub kind_key: String,
    pub note: String,
}

/// Everything the public firm page and the firm's own page show about the firm.
pub(crate) struct FirmFacts {
    pub name: String,
    pub credit_code: String,
    pub legal_rep_name: String,
    pub province: String,
    pub region_code: String,
    pub address: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub description: String,
    pub entered_on: String,
    pub committed_on: String,
    pub grade: String,
    pub grade_class: String,
    pub score: i32,
    pub awards: i32,
    pub evaluation: String,
    pub suspended: bool,
    pub blacklisted: bool,
    pub items: Vec<ItemLink>,
    pub qualifications: Vec<QualRow>,
    pub practitioners: Vec<PractitionerRow>,
    pub affiliations: Vec<AffiliationRow>,
    /// Declared shareholders and senior executives (name and role; never an ID number).
    pub people: Vec<PersonRow>,
}

/// A declared person, as the firm's pages list them.
pub struct PersonRow {
    pub id: String,
    pub name: String,
    pub role_key: String,
}

impl FirmFacts {
    pub fn new(t: T, d: &FirmDetail) -> FirmFacts {
        let f = &d.firm;
        FirmFacts {
            name: f.name.clone(),
            credit_code: f.credit_code.clone(),
            legal_rep_name: f.legal_rep_name.clone(),
            province: province_name(t.lang, &f.province_zh, &f.province_en),
            region_code: f.region_code.clone(),
            address: f.address.clone(),
            contact_name: f.contact_name.clone(),
            contact_phone: f.contact_phone.clone(),
            description: f.description.clone(),
            entered_on: day(f.created_at),
            committed_on: day(f.committed_at),
            grade: f.credit_grade.clone(),
            grade_class: grade_class(&f.credit_grade),
            score: f.credit_score,
            awards: f.award_count,
            evaluation: evaluation_text(t, f.evaluation_average, f.evaluation_count),
            suspended: f.status == FirmStatus::Suspended,
            blacklisted: f.status == FirmStatus::Blacklisted,
            items: d
                .service_items
                .iter()
                .map(|i| ItemLink::new(t.lang, i))
                .collect(),
            qualifications: d
                .qualifications
                .iter()
                .map(|q| {
                    let (validity_key, validity_class) = validity_badge(q.validity);
                    QualRow {
                        id: q.id.to_string(),
                        qual_type: q.qual_type.clone(),
                        grade: q.grade.clone(),
                        number: q.number.clone(),
                        issuer: q.issuer.clone(),
                        valid_from: date(q.valid_from),
                        valid_until: date(q.valid_until),
                        validity_key,
                        validity_class,
                        counts: validity_class == "ok",
                        evidence_href: format!("/files/{}", q.evidence_file_id),
                    }
                })
                .collect(),
            practitioners: d
                .practitioners
                .iter()
                .map(|p| {
                    let (validity_key, validity_class) = validity_badge(p.validity);
                    PractitionerRow {
                        id: p.id.to_string(),
                        name: p.name.clone(),
                        qualification: p.qualification.clone(),
                        certificate_number: p.certificate_number.clone(),
                        valid_until: p.valid_until.map(date),
                        validity_key,
                        validity_class,
                        counts: validity_class == "ok",
                        evidence_href: format!("/files/{}", p.evidence_file_id),
                    }
                })
                .collect(),
            affiliations: d
                .affiliations
                .iter()
                .map(|a| AffiliationRow {
                    id: a.id.to_string(),
                    department: a.department.clone(),
                    kind_key: format!("affiliation.kind.{}", a.kind.as_str()),
                    note: a.note.clone(),
                })
                .collect(),
            people: d
                .people
                .iter()
                .map(|p| PersonRow {
                    id: p.id.to_string(),
                    name: p.name.clone(),
                    role_key: format!("person.role.{}", p.role.as_str()),
                })
                .collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "firm.html")]
struct FirmPage {
    t: T,
    layout: Layout,
    firm: FirmFacts,
    /// Always false here: the declarations are shown without delete buttons.
    manage: bool,
    credit: CreditBlock,
    /// The complaint form about this firm.
    complain_href: String,
    /// The regulators' dossier of the firm (the link shows to regulators only).
    dossier_href: String,
}

/// A firm's public page; unknown ids get the 404 page.
#[handler]
pub async fn show(
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, PageError> {
    render_firm(
        &ctx,
        path_id(&id)?,
        notice_key(q.notice.as_deref()),
        EntryForm::default(),
        FieldProblems::default(),
        StatusCode::OK,
    )
    .await
}

/// The firm page, with a notice (the regulator's form is the page's only one, so its notice is
/// shown in the credit section, where the redirect after it lands), or with the regulator's
/// credit form as typed and its problems.
pub(crate) async fn render_firm(
    ctx: &Ctx,
    id: uuid::Uuid,
    notice: Option<&'static str>,
    form: EntryForm,
    problems: FieldProblems,
    status: StatusCode,
) -> Result<Response, PageError> {
    let detail = ctx.services().firm_detail(id).await?;
    let credit = ctx.services().firm_credit(id).await?;
    let lines = ctx.services().credit_policy().await?.policy.lines;
    let page = FirmPage {
        t: ctx.t,
        layout: ctx.layout(None),
        firm: FirmFacts::new(ctx.t, &detail),
        manage: false,
        credit: CreditBlock::new(ctx, &credit, lines, notice, form, problems),
        complain_href: format!("/complaints/new?subject=firm&id={id}"),
        dossier_href: format!("/console/firms/{id}"),
    };
    Ok(ctx.render(&page, status))
}
