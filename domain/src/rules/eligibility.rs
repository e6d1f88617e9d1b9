//! Who may register for a project (报名资格). Entry to the marketplace has no threshold; a
//! registration is refused only for what the law and the announcement require, and every refusal
//! names its reason (the firm is told exactly what stands in the way, all of it at once).

use super::standing::Bar;
use crate::model::catalogue::QualRequirement;
use crate::model::firm::department_key;
use chrono::{DateTime, NaiveDate, Utc};

/// A qualification the firm holds, with its grade and validity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub qual_type: String,
    pub grade: String,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
}

/// What eligibility reads of a firm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirmFacts {
    pub firm: String,
    /// What keeps it from taking part now (its standing's bars, see [`super::standing`]).
    pub bars: Vec<Bar>,
    pub qualifications: Vec<Held>,
    /// Departments the firm declared ties to (names as declared).
    pub departments: Vec<String>,
    /// It already has a live registration on this project.
    pub registered: bool,
}

/// What eligibility reads of a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectFacts {
    pub deadline: DateTime<Utc>,
    pub required: Vec<QualRequirement>,
    /// Firms the owner named to avoid (with a published reason).
    pub avoid: Vec<String>,
    /// The department that approves the matter the service is for.
    pub approving_department: String,
    /// Registration is open (published, not closed, cancelled or under amendment).
    pub open: bool,
}

/// Why a firm may not register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NotOpen,
    DeadlinePassed,
    /// Its standing bars it: black-listed (its own veto, or its legal representative's),
    /// on the dishonesty list, suspended, or waiting for a credit repair.
    Barred(Bar),
    OnAvoidList,
    /// Tied to the approving department (conflict of interest, 脱钩).
    TiedToApprovingDepartment,
    /// A required qualification is missing, expired, or of a grade the project does not accept.
    MissingQualification {
        qual_type: String,
    },
    AlreadyRegistered,
}

/// The last day (China date) of a period ending at `until`: the day before the midnight it ends
/// at, or the day it ends inside.
pub fn last_day(until: DateTime<Utc>) -> NaiveDate {
    (until + chrono::Duration::hours(8) - chrono::Duration::seconds(1)).date_naive()
}

/// The message key of a bar, with the values it names: why the firm may not take part, in
/// words (the refusal of a registration, the reason a registration is set aside).
pub fn bar_error(field: &'static str, bar: &Bar) -> crate::error::FieldError {
    use crate::error::FieldError;
    // A period without an end says so (`bounded`); an unnamed authority reads "an authority".
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    let until = |e: FieldError, u: &Option<DateTime<Utc>>| {
        e.with_arg("bounded", yes_no(u.is_some())).with_arg(
            "until",
            u.map(|u| last_day(u).to_string()).unwrap_or_default(),
        )
    };
    match bar {
        Bar::Veto { item, until: u } => until(
            FieldError::new(field, "registration.blacklisted")
                .with_arg("item", item.map_or("other", |i| i.as_str())),
            u,
        ),
        Bar::Representative { firm, until: u } => until(
            FieldError::new(field, "registration.blacklisted-representative")
                .with_arg("firm", firm.clone()),
            u,
        ),
        Bar::Dishonest {
            authority,
            until: u,
        } => until(
            FieldError::new(field, "registration.dishonest")
                .with_arg("named", yes_no(!authority.trim().is_empty()))
                .with_arg("authority", authority.clone()),
            u,
        ),
        Bar::Suspended { until: u } => FieldError::new(field, "registration.suspended")
            .with_arg("until", last_day(*u).to_string()),
        Bar::RepairNeeded => FieldError::new(field, "registration.repair-needed"),
    }
}

impl Refusal {
    /// The message key (see [`crate::i18n`]).
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::NotOpen => "registration.not-open",
            Refusal::DeadlinePassed => "registration.deadline-passed",
            Refusal::Barred(bar) => bar_error("registration", bar).code,
            Refusal::OnAvoidList => "registration.avoided",
            Refusal::TiedToApprovingDepartment => "registration.tied-to-department",
            Refusal::MissingQualification { .. } => "registration.qualification-missing",
            Refusal::AlreadyRegistered => "registration.already-registered",
        }
    }

    /// The refusal as a field error of `registration`, naming what its message names.
    pub fn field_error(&self) -> crate::error::FieldError {
        match self {
            Refusal::Barred(bar) => bar_error("registration", bar),
            Refusal::MissingQualification { qual_type } => {
                crate::error::FieldError::new("registration", self.code())
                    .with_arg("qual", qual_type.clone())
            }
            _ => crate::error::FieldError::new("registration", self.code()),
        }
    }
}

/// Whether the firm may register now; every reason it may not, in a fixed order.
pub fn may_register(
    firm: &FirmFacts,
    project: &ProjectFacts,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<(), Vec<Refusal>> {
    let mut refusals = Vec::new();
    if !project.open {
        refusals.push(Refusal::NotOpen);
    }
    if now >= project.deadline {
        refusals.push(Refusal::DeadlinePassed);
    }
    refusals.extend(firm.bars.iter().cloned().map(Refusal::Barred));
    if project.avoid.contains(&firm.firm) {
        refusals.push(Refusal::OnAvoidList);
    }
    let approving = department_key(&project.approving_department);
    if !approving.is_empty()
        && firm
            .departments
            .iter()
            .any(|d| department_key(d) == approving)
    {
        refusals.push(Refusal::TiedToApprovingDepartment);
    }
    for req in &project.required {
        let held = firm.qualifications.iter().any(|h| {
            h.qual_type == req.qual_type
                && h.valid_from <= today
                && today <= h.valid_until
                && (req.grades.is_empty() || req.grades.contains(&h.grade))
        });
        if !held {
            refusals.push(Refusal::MissingQualification {
                qual_type: req.qual_type.clone(),
            });
        }
    }
    if firm.registered {
        refusals.push(Refusal::AlreadyRegistered);
    }
    if refusals.is_empty() {
        Ok(())
    } else {
        Err(refusals)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn firm() -> FirmFacts {
        FirmFacts {
            firm: "f1".into(),
            bars: vec![],
            qualifications: vec![Held {
                qual_type: "测绘资质".into(),
                grade: "乙级".into(),
                valid_from: d("2024-01-01"),
                valid_until: d("2027-12-31"),
            }],
            departments: vec!["市 自然资源和规划局".into()],
            registered: false,
        }
    }

    fn project() -> ProjectFacts {
        ProjectFacts {
            deadline: "2026-11-30T09:00:00Z".parse().unwrap(),
            required: vec![QualRequirement {
                qual_type: "测绘资质".into(),
                grades: vec!["甲级".into(), "乙级".into()],
            }],
            avoid: vec![],
            approving_department: "市住房和城乡建设局".into(),
            open: true,
        }
    }

    fn now() -> DateTime<Utc> {
        "2026-11-22T09:00:00Z".parse().unwrap()
    }

    fn check(f: &FirmFacts, p: &ProjectFacts) -> Result<(), Vec<Refusal>> {
        may_register(f, p, now(), d("2026-11-22"))
    }

    #[test]
    fn a_qualified_listed_firm_may_register() {
        assert_eq!(check(&firm(), &project()), Ok(()));
        // A requirement with no grades accepts any grade.
        let mut p = project();
        p.required[0].grades.clear();
        assert_eq!(check(&firm(), &p), Ok(()));
    }

    #[test]
    fn each_reason_on_its_own() {
        let missing = Refusal::MissingQualification {
            qual_type: "测绘资质".into(),
        };
        type Change = Box<dyn Fn(&mut FirmFacts, &mut ProjectFacts)>;
        let cases: Vec<(Change, Refusal)> = vec![
            (Box::new(|_, p| p.open = false), Refusal::NotOpen),
            (Box::new(|_, p| p.deadline = now()), Refusal::DeadlinePassed),
            (
                Box::new(|f, _| {
                    // Ends at midnight China time: the 22nd is its last day.
                    f.bars = vec![Bar::Suspended {
                        until: "2027-05-22T16:00:00Z".parse().unwrap(),
                    }]
                }),
                Refusal::Barred(Bar::Suspended {
                    until: "2027-05-22T16:00:00Z".parse().unwrap(),
                }),
            ),
            (
                // Its period over but still grade E: it waits for a repair.
                Box::new(|f, _| f.bars = vec![Bar::RepairNeeded]),
                Refusal::Barred(Bar::RepairNeeded),
            ),
            (
                Box::new(|f, _| {
                    f.bars = vec![Bar::Representative {
                        firm: "甲公司".into(),
                        until: None,
                    }]
                }),
                Refusal::Barred(Bar::Representative {
                    firm: "甲公司".into(),
                    until: None,
                }),
            ),
            (
                Box::new(|f, _| {
                    f.bars = vec![Bar::Dishonest {
                        authority: "某法院".into(),
                        until: None,
                    }]
                }),
                Refusal::Barred(Bar::Dishonest {
                    authority: "某法院".into(),
                    until: None,
                }),
            ),
            (
                Box::new(|_, p| p.avoid = vec!["f1".into()]),
                Refusal::OnAvoidList,
            ),
            (
                // Matched whatever the spacing of the declared name.
                Box::new(|_, p| p.approving_department = "市自然资源和规划局".into()),
                Refusal::TiedToApprovingDepartment,
            ),
            (
                Box::new(|f, _| f.qualifications[0].valid_until = d("2026-11-21")),
                missing.clone(),
            ),
            (
                Box::new(|f, _| f.qualifications[0].valid_from = d("2026-11-23")),
                missing.clone(),
            ),
            (
                Box::new(|f, _| f.qualifications[0].grade = "丙级".into()),
                missing.clone(),
            ),
            (
                Box::new(|f, _| f.qualifications[0].qual_type = "土地规划资质".into()),
                missing,
            ),
            (
                Box::new(|f, _| f.registered = true),
                Refusal::AlreadyRegistered,
            ),
        ];
        for (change, reason) in cases {
            let (mut f, mut p) = (firm(), project());
            change(&mut f, &mut p);
            assert_eq!(check(&f, &p), Err(vec![reason.clone()]), "{reason:?}");
            assert!(reason.code().starts_with("registration."));
        }
    }

    #[test]
    fn every_reason_is_given_at_once() {
        let (mut f, mut p) = (firm(), project());
        let dishonest = Bar::Dishonest {
            authority: "某法院".into(),
            until: None,
        };
        f.bars = vec![dishonest.clone()];
        f.registered = true;
        p.deadline = now();
        assert_eq!(
            check(&f, &p),
            Err(vec![
                Refusal::DeadlinePassed,
                Refusal::Barred(dishonest),
                Refusal::AlreadyRegistered
            ])
        );
        // The suspension's refusal names its last day: a period ending at 24:00 China time on
        // the 22nd, or at 02:00 on it, ends on the 22nd.
        for until in ["2027-05-22T16:00:00Z", "2027-05-21T18:00:00Z"] {
            let suspended = Refusal::Barred(Bar::Suspended {
                until: until.parse().unwrap(),
            });
            let e = suspended.field_error();
            assert_eq!(
                (e.field, e.code),
                ("registration", "registration.suspended")
            );
            let zh = e.message(crate::i18n::Lang::Zh);
            assert!(zh.contains("2027-05-22"), "{zh}");
            assert!(e.message(crate::i18n::Lang::En).contains("2027-05-22"));
        }
        // A black-listing through the legal representative says so, in words: the firm it
        // follows from and its last day; never a code.
        let rep = Refusal::Barred(Bar::Representative {
            firm: "甲测绘有限公司".into(),
            until: Some("2028-03-01T16:00:00Z".parse().unwrap()),
        })
        .field_error();
        for lang in [crate::i18n::Lang::Zh, crate::i18n::Lang::En] {
            let m = rep.message(lang);
            assert!(
                m.contains("甲测绘有限公司") && m.contains("2028-03-01"),
                "{m}"
            );
            assert!(!m.contains("veto") && !m.contains("credit-"), "{m}");
        }
        assert!(rep.message(crate::i18n::Lang::Zh).contains("法定代表人"));
        let veto = Refusal::Barred(Bar::Veto {
            item: Some(super::super::credit_ledger::VetoItem::BidRigging),
            until: Some("2028-03-01T16:00:00Z".parse().unwrap()),
        })
        .field_error();
        let zh = veto.message(crate::i18n::Lang::Zh);
        assert!(zh.contains("串通投标") && zh.contains("2028-03-01"), "{zh}");
        let en = veto.message(crate::i18n::Lang::En);
        assert!(
            en.contains("bid rigging") && !en.contains("bid-rigging"),
            "{en}"
        );
        // An empty approving department names no one.
        let mut p = project();
        p.approving_department = "  ".into();
        assert_eq!(check(&firm(), &p), Ok(()));
    }
}
