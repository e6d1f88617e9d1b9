//! A firm's standing (主体状态), decided once: from its credit ledger's assessment and the
//! restrictions in force on it — its own black-listing, the black-listing of a person behind
//! it (一处失信，处处受限 follows the legal representative, seed 004 item 20), an imported
//! dishonesty listing — as of a moment. Every face of the marketplace reads this one decision:
//! the firm's row keeps its status for the lists (directory, red list, credit market), and the
//! registration desk, the closing, the draw, the award and the contract ask it again at the
//! moment they decide.

use super::credit_ledger::VetoItem;
use crate::model::firm::FirmStatus;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What a restriction in force rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "basis", rename_all = "kebab-case")]
pub enum Basis {
    /// A veto item on the firm's own ledger (none: recorded before items were kept).
    Veto { item: Option<VetoItem> },
    /// Its legal representative is the legal representative of this black-listed firm.
    Representative { firm: String },
    /// An imported dishonesty listing, by this authority.
    Imported { authority: String },
}

/// The kind of a restriction in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RestrictionKind {
    /// The black list (黑名单): out of the marketplace.
    Blacklist,
    /// The dishonesty list (失信名单): listed, but barred from taking part.
    Dishonest,
}

/// A restriction as the rule reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restriction {
    pub kind: RestrictionKind,
    pub basis: Basis,
    pub starts_at: DateTime<Utc>,
    /// None: no end.
    pub ends_at: Option<DateTime<Utc>>,
}

impl Restriction {
    pub fn in_force(&self, now: DateTime<Utc>) -> bool {
        self.starts_at <= now && self.ends_at.is_none_or(|e| e > now)
    }
}

/// What the ledger's assessment contributes (see [`super::credit_ledger::assess`]); read from a
/// fresh assessment or from the firm's row, which keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LedgerPart {
    /// On the black list for a veto item until then (the item is on the veto's restriction).
    pub veto_until: Option<DateTime<Utc>>,
    /// Suspended by its credit (grade E, or refusals to sign) until then.
    pub suspended_until: Option<DateTime<Utc>>,
    /// Grade E with its suspension over: it waits for an approved credit repair.
    pub repair_needed: bool,
}

/// One thing that keeps a firm from taking part, with what a person needs to understand it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "bar", rename_all = "kebab-case")]
pub enum Bar {
    /// On the black list for a veto item of its own.
    Veto {
        item: Option<VetoItem>,
        until: Option<DateTime<Utc>>,
    },
    /// On the black list because its legal representative represents a black-listed firm.
    Representative {
        firm: String,
        until: Option<DateTime<Utc>>,
    },
    /// On an imported dishonesty list.
    Dishonest {
        authority: String,
        until: Option<DateTime<Utc>>,
    },
    /// Suspended from registering by its credit until then.
    Suspended { until: DateTime<Utc> },
    /// Grade E with its suspension over: registering waits for an approved credit repair.
    RepairNeeded,
}

impl Bar {
    /// Whether it puts the firm on the black list (out of the marketplace), rather than only
    /// barring it from taking part.
    pub fn blacklists(&self) -> bool {
        matches!(self, Bar::Veto { .. } | Bar::Representative { .. })
    }

    /// The moment it ends, if it has an end.
    pub fn until(&self) -> Option<DateTime<Utc>> {
        match self {
            Bar::Veto { until, .. }
            | Bar::Representative { until, .. }
            | Bar::Dishonest { until, .. } => *until,
            Bar::Suspended { until } => Some(*until),
            Bar::RepairNeeded => None,
        }
    }
}

/// A firm's standing at a moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirmStanding {
    /// Listed (may take part), suspended (listed, may not take part) or black-listed (out of
    /// the marketplace, on the public black list).
    pub status: FirmStatus,
    /// Every bar in force, the gravest first; empty exactly when `status` is listed.
    pub bars: Vec<Bar>,
}

impl FirmStanding {
    /// Whether the firm may take part (register, be opened, drawn, awarded, sign).
    pub fn eligible(&self) -> bool {
        self.bars.is_empty()
    }
}

/// The one rule: a firm's standing from its ledger's part and the restrictions on it (its own
/// credit code's and those that follow its people), at `now`. A restriction not yet begun or
/// already ended does not count; a ledger suspension counts while it runs.
pub fn decide(
    ledger: LedgerPart,
    restrictions: &[Restriction],
    now: DateTime<Utc>,
) -> FirmStanding {
    let mut bars: Vec<Bar> = restrictions
        .iter()
        .filter(|r| r.in_force(now))
        .map(|r| match (&r.kind, &r.basis) {
            (RestrictionKind::Blacklist, Basis::Veto { item }) => Bar::Veto {
                item: *item,
                until: r.ends_at,
            },
            (RestrictionKind::Blacklist, Basis::Representative { firm }) => Bar::Representative {
                firm: firm.clone(),
                until: r.ends_at,
            },
            // A black-listing imported from elsewhere reads as a veto of unknown item.
            (RestrictionKind::Blacklist, Basis::Imported { .. }) => Bar::Veto {
                item: None,
                until: r.ends_at,
            },
            (RestrictionKind::Dishonest, Basis::Imported { authority }) => Bar::Dishonest {
                authority: authority.clone(),
                until: r.ends_at,
            },
            (RestrictionKind::Dishonest, _) => Bar::Dishonest {
                authority: String::new(),
                until: r.ends_at,
            },
        })
        .collect();
    // The veto's own restriction row names its item; the ledger alone (a veto recorded at this
    // moment, before its row) still black-lists.
    if let Some(until) = ledger.veto_until.filter(|u| *u > now)
        && !bars.iter().any(|b| matches!(b, Bar::Veto { .. }))
    {
        bars.push(Bar::Veto {
            item: None,
            until: Some(until),
        });
    }
    if let Some(until) = ledger.suspended_until.filter(|u| *u > now) {
        bars.push(Bar::Suspended { until });
    } else if ledger.repair_needed {
        bars.push(Bar::RepairNeeded);
    }
    // Gravest first: the black list, then the dishonesty list, then a suspension; within a
    // kind the one that lasts longest (no end last of all) first.
    let rank = |b: &Bar| match b {
        Bar::Veto { .. } => 0,
        Bar::Representative { .. } => 1,
        Bar::Dishonest { .. } => 2,
        Bar::Suspended { .. } => 3,
        Bar::RepairNeeded => 4,
    };
    bars.sort_by(|a, b| {
        rank(a)
            .cmp(&rank(b))
            .then_with(|| match (a.until(), b.until()) {
                (None, None) => std::cmp::Ordering::Equal,
                (None, Some(_)) => std::cmp::Ordering::Less,
                (Some(_), None) => std::cmp::Ordering::Greater,
                (Some(x), Some(y)) => y.cmp(&x),
            })
    });
    bars.dedup();
    let status = if bars.iter().any(Bar::blacklists) {
        FirmStatus::Blacklisted
    } else if bars.is_empty() {
        FirmStatus::Listed
    } else {
        FirmStatus::Suspended
    };
    FirmStanding { status, bars }
}

/// The end of a named last day: a moment that falls inside a China day is carried to the end
/// of that day (24:00 China time, the next day's midnight), so that "until 2027-06-17
/// (inclusive)" holds for the whole of the 17th. A moment at a China midnight stays.
pub fn end_of_china_day(t: DateTime<Utc>) -> DateTime<Utc> {
    const DAY: i64 = 86_400;
    const CHINA: i64 = 8 * 3600;
    let local = t.timestamp() + CHINA;
    let rem = local.rem_euclid(DAY);
    if rem == 0 && t.timestamp_subsec_nanos() == 0 {
        return t;
    }
    DateTime::from_timestamp(local - rem + DAY - CHINA, 0).unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn restriction(kind: RestrictionKind, basis: Basis, ends: Option<&str>) -> Restriction {
        Restriction {
            kind,
            basis,
            starts_at: t("2026-01-01T00:00:00Z"),
            ends_at: ends.map(t),
        }
    }

    const NOW: &str = "2026-12-07T12:00:00Z";

    #[test]
    fn nothing_in_force_is_listed() {
        let s = decide(LedgerPart::default(), &[], t(NOW));
        assert_eq!(s.status, FirmStatus::Listed);
        assert!(s.eligible());
        // Restrictions ended, or not yet begun, do not count.
        let ended = restriction(
            RestrictionKind::Blacklist,
            Basis::Veto { item: None },
            Some("2026-12-07T12:00:00Z"),
        );
        let mut later = restriction(
            RestrictionKind::Dishonest,
            Basis::Imported {
                authority: "法院".into(),
            },
            None,
        );
        later.starts_at = t("2026-12-08T00:00:00Z");
        let ledger = LedgerPart {
            veto_until: Some(t("2026-12-07T12:00:00Z")),
            suspended_until: Some(t("2026-12-07T11:00:00Z")),
            repair_needed: false,
        };
        let s = decide(ledger, &[ended, later], t(NOW));
        assert_eq!(s, decide(LedgerPart::default(), &[], t(NOW)));
    }

    #[test]
    fn each_restriction_decides_its_status() {
        let rep = restriction(
            RestrictionKind::Blacklist,
            Basis::Representative {
                firm: "甲公司".into(),
            },
            Some("2029-01-01T00:00:00Z"),
        );
        let s = decide(LedgerPart::default(), std::slice::from_ref(&rep), t(NOW));
        assert_eq!(s.status, FirmStatus::Blacklisted);
        assert_eq!(
            s.bars,
            vec![Bar::Representative {
                firm: "甲公司".into(),
                until: Some(t("2029-01-01T00:00:00Z"))
            }]
        );
        let dishonest = restriction(
            RestrictionKind::Dishonest,
            Basis::Imported {
                authority: "某法院".into(),
            },
            None,
        );
        let s = decide(
            LedgerPart::default(),
            std::slice::from_ref(&dishonest),
            t(NOW),
        );
        assert_eq!(s.status, FirmStatus::Suspended);
        assert!(!s.eligible());
        let suspended = LedgerPart {
            suspended_until: Some(t("2027-06-17T16:00:00Z")),
            ..LedgerPart::default()
        };
        assert_eq!(decide(suspended, &[], t(NOW)).status, FirmStatus::Suspended);
        let repair = LedgerPart {
            repair_needed: true,
            ..LedgerPart::default()
        };
        // A veto just recorded black-lists before its row is written.
        let vetoed = LedgerPart {
            veto_until: Some(t("2029-01-01T00:00:00Z")),
            ..LedgerPart::default()
        };
        assert_eq!(decide(vetoed, &[], t(NOW)).status, FirmStatus::Blacklisted);
        assert_eq!(decide(repair, &[], t(NOW)).bars, vec![Bar::RepairNeeded]);
        // All at once: black-listed, every bar named, the gravest first.
        let veto = restriction(
            RestrictionKind::Blacklist,
            Basis::Veto {
                item: Some(VetoItem::BidRigging),
            },
            Some("2028-01-01T00:00:00Z"),
        );
        let s = decide(suspended, &[dishonest, rep, veto], t(NOW));
        assert_eq!(s.status, FirmStatus::Blacklisted);
        let kinds: Vec<u8> = s
            .bars
            .iter()
            .map(|b| match b {
                Bar::Veto { .. } => 0,
                Bar::Representative { .. } => 1,
                Bar::Dishonest { .. } => 2,
                Bar::Suspended { .. } => 3,
                Bar::RepairNeeded => 4,
            })
            .collect();
        assert_eq!(kinds, vec![0, 1, 2, 3]);
    }

    #[test]
    fn a_named_last_day_ends_at_midnight_china_time() {
        // 02:00 China time on the 17th: the 17th is its last day, to 24:00.
        assert_eq!(
            end_of_china_day(t("2027-06-16T18:00:00Z")),
            t("2027-06-17T16:00:00Z")
        );
        // Exactly at a China midnight: the day before was the last.
        assert_eq!(
            end_of_china_day(t("2027-06-17T16:00:00Z")),
            t("2027-06-17T16:00:00Z")
        );
        assert_eq!(
            end_of_china_day(t("2027-06-17T15:59:59Z")),
            t("2027-06-17T16:00:00Z")
        );
    }
}
