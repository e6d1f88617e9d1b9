//! Reading a firm's credit record and the market's credit overview.

use super::*;

impl Services {
    /// A firm's public credit: standing, ledger and history.
    pub async fn firm_credit(&self, firm_id: Uuid) -> Result<FirmCredit> {
        let f = crate::store::find::<firm::Model>(&self.db, firm_id)
            .await?
            .ok_or(Error::NotFound)?;
        let policy = current_policy(&self.db).await?.policy;
        let rows = store_credit::ledger_of_firm(&self.db, firm_id).await?;
        let ledger: Vec<LedgerEvent> = rows
            .iter()
            .map(|e| {
                ledger_event(
                    e.id,
                    &e.kind,
                    &e.detail,
                    e.points,
                    e.created_at,
                    e.voided_at.is_some(),
                )
            })
            .collect::<Result<_>>()?;
        let t = now();
        let from = t
            .checked_sub_months(Months::new(policy.window_months))
            .unwrap_or(t)
            .max(f.created_at.min(t));
        let grade = stored(
            "firm",
            f.id,
            "credit_grade",
            &f.credit_grade,
            Grade::parse(&f.credit_grade),
        )?;
        // The standing now, by the one rule (the row's status is its last decision).
        let standing = standing::standing_of(&self.db, &f, t).await?;
        let repair_needed = standing.bars.contains(&Bar::RepairNeeded);
        let events = rows
            .into_iter()
            .rev()
            .map(|e| {
                let veto_item = match serde_json::from_str::<EventKind>(&e.detail) {
                    Ok(EventKind::Veto { item }) => Some(item),
                    _ => None,
                };
                Ok(EventView {
                    kind: stored(
                        "credit_event",
                        e.id,
                        "kind",
                        &e.kind,
                        EventCode::parse(&e.kind),
                    )?,
                    id: e.id,
                    veto_item,
                    points: e.points,
                    policy_version: e.policy_version,
                    project_id: e.project_id,
                    reason: e.reason,
                    recorded_at: e.created_at,
                    voided_at: e.voided_at,
                    void_reason: e.void_reason,
                })
            })
            .collect::<Result<_>>()?;
        Ok(FirmCredit {
            firm_id: f.id,
            firm_name: f.name,
            credit_code: f.credit_code,
            score: f.credit_score,
            grade,
            status: standing.status,
            bars: standing.bars,
            suspended_until: f.suspended_until,
            blacklisted_until: f.blacklisted_until,
            repair_needed,
            warning: grade == Grade::D,
            policy_version: policy.version,
            events,
            history: history(&ledger, &policy, from, t, 25),
        })
    }

    /// Grades across the market and the suspended firms (the black list is [`Self::blacklist`]).
    pub async fn credit_market(&self) -> Result<CreditMarket> {
        let counts: Vec<(String, i64)> = store_credit::marketplace_firms_by_grade(&self.db).await?;
        let grades = Grade::ALL
            .into_iter()
            .map(|g| {
                let n = counts
                    .iter()
                    .find(|(s, _)| s == g.as_str())
                    .map_or(0, |(_, n)| *n as u64);
                (g, n)
            })
            .collect();
        // Why each is barred: the standing's gravest bar (a dishonesty listing, a suspension,
        // a repair awaited), by the one rule.
        let rows = store_credit::suspended_firms_by_name(&self.db).await?;
        let standings =
            standing::standings_of(&self.db, &rows.iter().collect::<Vec<_>>(), now()).await?;
        let suspended: Vec<SuspendedFirm> = rows
            .into_iter()
            .map(|f| -> Result<SuspendedFirm> {
                Ok(SuspendedFirm {
                    bar: standings.get(&f.id).and_then(|s| s.bars.first().cloned()),
                    grade: stored(
                        "firm",
                        f.id,
                        "credit_grade",
                        &f.credit_grade,
                        Grade::parse(&f.credit_grade),
                    )?,
                    firm_id: f.id,
                    name: f.name,
                    credit_code: f.credit_code,
                    score: f.credit_score,
                    until: f.suspended_until,
                })
            })
            .collect::<Result<_>>()?;
        Ok(CreditMarket {
            grades,
            suspended,
            policy_version: current_policy(&self.db).await?.policy.version,
        })
    }
}
