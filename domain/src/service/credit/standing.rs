//! A firm's standing as every use case reads it: the restrictions in force on it, read from
//! storage, and the one rule ([`crate::rules::standing::decide`]) applied to them with the
//! ledger's part. The desk, the closing, the draw, the award and the contract ask here at the
//! moment they decide; the assessment writes the status it gives to the firm's row for the lists.

use super::*;
use crate::rules::standing::{Basis, FirmStanding, LedgerPart, Restriction, RestrictionKind};

/// A restriction row as the rule reads it. A kind the code does not know is an internal error,
/// never "no restriction".
pub(crate) fn restriction_of(r: &credit_restriction::Model) -> Result<Restriction> {
    let kind = match r.kind.as_str() {
        "blacklist" => RestrictionKind::Blacklist,
        "dishonest" => RestrictionKind::Dishonest,
        other => return stored("credit_restriction", r.id, "kind", other, None),
    };
    let basis = if r.source == SOURCE_VETO {
        Basis::Veto {
            item: r.reason.strip_prefix("veto:").and_then(VetoItem::parse),
        }
    } else if r.source == SOURCE_REPRESENTATIVE {
        // The black-listed firm's name; rows written before `via_firm_id` said "…legal
        // representative of <name>".
        Basis::Representative {
            firm: r
                .reason
                .rsplit("legal representative of ")
                .next()
                .unwrap_or_default()
                .to_owned(),
        }
    } else {
        Basis::Imported {
            authority: r
                .source
                .strip_prefix(crate::store::dishonesty::SOURCE_PREFIX)
                .unwrap_or(&r.source)
                .to_owned(),
        }
    };
    Ok(Restriction {
        kind,
        basis,
        starts_at: r.starts_at,
        ends_at: r.ends_at,
    })
}

/// The restrictions of each credit code among the rows `found`.
pub(crate) fn restrictions_by_code(
    found: &[credit_restriction::Model],
) -> Result<HashMap<String, Vec<Restriction>>> {
    let mut by_code: HashMap<String, Vec<Restriction>> = HashMap::new();
    for r in found {
        by_code
            .entry(r.credit_code.clone())
            .or_default()
            .push(restriction_of(r)?);
    }
    Ok(by_code)
}

/// The ledger's part as the firm's row keeps it (the last assessment). A suspension whose end
/// has passed no longer counts; a firm still at grade E after it waits for a repair.
pub(crate) fn ledger_part(f: &firm::Model, t: DateTime<Utc>) -> LedgerPart {
    let veto = f.blacklisted_until.filter(|u| *u > t);
    let suspended = f.suspended_until.filter(|u| *u > t);
    LedgerPart {
        veto_until: veto,
        suspended_until: suspended,
        repair_needed: veto.is_none() && suspended.is_none() && f.credit_grade == "E",
    }
}

/// The ledger's part of a fresh assessment.
pub(crate) fn ledger_part_of(a: &Assessment) -> LedgerPart {
    LedgerPart {
        veto_until: a.standing.blacklisted_until,
        suspended_until: a.standing.suspended_until,
        repair_needed: a.repair_needed,
    }
}

/// Each firm's standing at `t`, from its row and the restrictions in force on its code (one
/// query for all of them).
pub(crate) async fn standings_of(
    db: &impl ConnectionTrait,
    firms: &[&firm::Model],
    t: DateTime<Utc>,
) -> Result<HashMap<Uuid, FirmStanding>> {
    if firms.is_empty() {
        return Ok(HashMap::new());
    }
    let codes: Vec<String> = firms.iter().map(|f| f.credit_code.clone()).collect();
    let rows = crate::store::firms::restrictions_in_force_on(db, codes, t).await?;
    let by_code = restrictions_by_code(&rows)?;
    let none = Vec::new();
    Ok(firms
        .iter()
        .map(|f| {
            let r = by_code.get(&f.credit_code).unwrap_or(&none);
            (f.id, decide(ledger_part(f, t), r, t))
        })
        .collect())
}

/// One firm's standing at `t` (see [`standings_of`]).
pub(crate) async fn standing_of(
    db: &impl ConnectionTrait,
    f: &firm::Model,
    t: DateTime<Utc>,
) -> Result<FirmStanding> {
    Ok(standings_of(db, &[f], t)
        .await?
        .remove(&f.id)
        .unwrap_or_else(|| decide(ledger_part(f, t), &[], t)))
}
