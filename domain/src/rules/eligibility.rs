//! Who may register for a project (报名资格). Entry to the marketplace has no threshold; a
//! registration is refused only for what the law and the announcement require, and every refusal
//! names its reason (the firm is told exactly what stands in the way, all of it at once).

use crate::model::catalogue::QualRequirement;
use crate::model::firm::{FirmStatus, department_key};
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
    pub status: FirmStatus,
    /// While suspended: when the suspension ends (none: it waits for an approved repair).
    pub suspended_until: Option<DateTime<Utc>>,
    /// An active black-list entry on its credit code (or following its legal representative).
    pub blacklisted: bool,
    /// On the imported dishonesty list (失信名单).
    pub dishonest: bool,
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
    /// Suspended from registering until then (China date), or, with none, until a credit repair
    /// is approved.
    Suspended {
        until: Option<NaiveDate>,
    },
    Blacklisted,
    Dishonest,
    OnAvoidList,
    /// Tied to the approving department (conflict of interest, 脱钩).
    TiedToApprovingDepartment,
    /// A required qualification is missing, expired, or of a grade the project does not accept.
    MissingQualification {
        qual_type: String,
    },
    AlreadyRegistered,
}

impl Refusal {
    /// The message key (see [`crate::i18n`]).
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::NotOpen => "registration.not-open",
            Refusal::DeadlinePassed => "registration.deadline-passed",
            Refusal::Suspended { until: Some(_) } => "registration.suspended",
            Refusal::Suspended { until: None } => "registration.repair-needed",
            Refusal::Blacklisted => "registration.blacklisted",
            Refusal::Dishonest => "registration.dishonest",
            Refusal::OnAvoidList => "registration.avoided",
            Refusal::TiedToApprovingDepartment => "registration.tied-to-department",
            Refusal::MissingQualification { .. } => "registration.qualification-missing",
            Refusal::AlreadyRegistered => "registration.already-registered",
        }
    }

    /// The refusal as a field error of `registration`, naming what its message names.
    pub fn field_error(&self) -> crate::error::FieldError {
        let e = crate::error::FieldError::new("registration", self.code());
        match self {
            Refusal::Suspended { until: Some(d) } => e.with_arg("until", d.to_string()),
            Refusal::MissingQualification { qual_type } => e.with_arg("qual", qual_type.clone()),
            _ => e,
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
    match firm.status {
        FirmStatus::Suspended => refusals.push(Refusal::Suspended {
            // The last day it runs, as a date in China.
            until: firm.suspended_until.map(|t| {
                (t + chrono::Duration::hours(8) - chrono::Duration::seconds(1)).date_naive()
            }),
        }),
        FirmStatus::Blacklisted => refusals.push(Refusal::Blacklisted),
        FirmStatus::Listed => {}
    }
    if firm.blacklisted && firm.status != FirmStatus::Blacklisted {
        refusals.push(Refusal::Blacklisted);
    }
    if firm.dishonest {
        refusals.push(Refusal::Dishonest);
    }
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
            status: FirmStatus::Listed,
            suspended_until: None,
            blacklisted: false,
            dishonest: false,
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
                    f.status = FirmStatus::Suspended;
                    // Ends at midnight China time: the 22nd is its last day.
                    f.suspended_until = Some("2027-05-22T16:00:00Z".parse().unwrap());
                }),
                Refusal::Suspended {
                    until: Some(d("2027-05-22")),
                },
            ),
            (
                // Its period over but still grade E: it waits for a repair.
                Box::new(|f, _| f.status = FirmStatus::Suspended),
                Refusal::Suspended { until: None },
            ),
            (
                Box::new(|f, _| f.status = FirmStatus::Blacklisted),
                Refusal::Blacklisted,
            ),
            (Box::new(|f, _| f.blacklisted = true), Refusal::Blacklisted),
            (Box::new(|f, _| f.dishonest = true), Refusal::Dishonest),
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
        f.dishonest = true;
        f.registered = true;
        p.deadline = now();
        assert_eq!(
            check(&f, &p),
            Err(vec![
                Refusal::DeadlinePassed,
                Refusal::Dishonest,
                Refusal::AlreadyRegistered
            ])
        );
        // The suspension's refusal names its last day.
        let suspended = Refusal::Suspended {
            until: Some(d("2027-05-22")),
        };
        let e = suspended.field_error();
        assert_eq!(
            (e.field, e.code),
            ("registration", "registration.suspended")
        );
        assert!(
            e.message(crate::i18n::Lang::Zh).contains("2027-05-22"),
            "{}",
            e.message(crate::i18n::Lang::Zh)
        );
        assert!(e.message(crate::i18n::Lang::En).contains("2027-05-22"));
        // An empty approving department names no one.
        let mut p = project();
        p.approving_department = "  ".into();
        assert_eq!(check(&firm(), &p), Ok(()));
    }
}
