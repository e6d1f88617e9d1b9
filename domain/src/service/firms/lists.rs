//! Looking a firm up by its credit code; the public black list.

use super::*;

impl Services {
    /// The firm holding a credit code, if any (owners name firms to avoid by their code).
    pub async fn firm_id_by_credit_code(&self, code: &str) -> Result<Option<Uuid>> {
        Ok(
            stored_firms::with_credit_code(&self.db, code.trim().to_uppercase())
                .await?
                .map(|f| f.id),
        )
    }

    /// The public black list: active black-list entries, newest first, with the firm's name
    /// where the code belongs to a firm on this platform.
    pub async fn blacklist(&self) -> Result<Vec<BlacklistEntry>> {
        let t = now();
        let rows = stored_firms::blacklist_in_force(&self.db, t).await?;
        let codes: Vec<String> = rows.iter().map(|r| r.credit_code.clone()).collect();
        let firms: HashMap<String, (Uuid, String)> = if codes.is_empty() {
            HashMap::new()
        } else {
            stored_firms::with_credit_codes(&self.db, codes)
                .await?
                .into_iter()
                .map(|f| (f.credit_code, (f.id, f.name)))
                .collect()
        };
        rows.into_iter()
            .map(|r| {
                let f = firms.get(&r.credit_code);
                Ok(BlacklistEntry {
                    basis: crate::service::credit::standing::restriction_of(&r)?.basis,
                    firm_id: f.map(|f| f.0),
                    firm_name: f.map(|f| f.1.clone()),
                    credit_code: r.credit_code,
                    reason: r.reason,
                    source: r.source,
                    starts_at: r.starts_at,
                    ends_at: r.ends_at,
                })
            })
            .collect()
    }
}
