//! Looking a firm up by its credit code; the public black list.

use super::*;

impl Services {
    /// The firm holding a credit code, if any (owners name firms to avoid by their code).
    pub async fn firm_id_by_credit_code(&self, code: &str) -> Result<Option<Uuid>> {
        Ok(firm::Entity::find()
            .filter(firm::Column::CreditCode.eq(code.trim().to_uppercase()))
            .one(&self.db)
            .await?
            .map(|f| f.id))
    }

    /// The public black list: active black-list entries, newest first, with the firm's name
    /// where the code belongs to a firm on this platform.
    pub async fn blacklist(&self) -> Result<Vec<BlacklistEntry>> {
        let t = now();
        let rows = credit_restriction::Entity::find()
            .filter(credit_restriction::Column::Kind.eq("blacklist"))
            .filter(credit_restriction::Column::StartsAt.lte(t))
            .filter(
                Condition::any()
                    .add(credit_restriction::Column::EndsAt.is_null())
                    .add(credit_restriction::Column::EndsAt.gt(t)),
            )
            .order_by_desc(credit_restriction::Column::StartsAt)
            .all(&self.db)
            .await?;
        let codes: Vec<String> = rows.iter().map(|r| r.credit_code.clone()).collect();
        let firms: HashMap<String, (Uuid, String)> = if codes.is_empty() {
            HashMap::new()
        } else {
            firm::Entity::find()
                .filter(firm::Column::CreditCode.is_in(codes))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|f| (f.credit_code, (f.id, f.name)))
                .collect()
        };
        Ok(rows
            .into_iter()
            .map(|r| {
                let f = firms.get(&r.credit_code);
                BlacklistEntry {
                    firm_id: f.map(|f| f.0),
                    firm_name: f.map(|f| f.1.clone()),
                    credit_code: r.credit_code,
                    reason: r.reason,
                    source: r.source,
                    starts_at: r.starts_at,
                    ends_at: r.ends_at,
                }
            })
            .collect())
    }
}
