//! The red list (红名单): listed firms at grade A with no upheld complaint within the credit
//! policy's window — the public counterpart of the black list. Read straight from the firms'
//! stored credit (kept by every assessment) and the complaints table.

use super::Services;
use super::credit::current_policy;
use crate::error::Result;
use crate::platform::clock::now;
use crate::store::red_list;
use chrono::Months;
use serde::Serialize;
use std::collections::HashSet;
use uuid::Uuid;

/// Firms a red-list page shows, at most.
pub const MAX_PAGE: u64 = 200;

/// One firm on the red list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RedListEntry {
    pub firm_id: Uuid,
    pub name: String,
    pub credit_code: String,
    pub region_code: String,
    pub score: i32,
    /// When the firm's record last changed (its credit among it): the feed's entry time.
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// A page of the red list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RedListPage {
    /// The complaint window the list was drawn with (the credit policy's, in months).
    pub window_months: u32,
    pub entries: Vec<RedListEntry>,
    /// Whether more follow (ask with `offset` + the page's length).
    pub more: bool,
}

impl Services {
    /// The red list, best score first (then name), `limit` (at most [`MAX_PAGE`]) from
    /// `offset`.
    pub async fn red_list(&self, offset: u64, limit: u64) -> Result<RedListPage> {
        let limit = limit.clamp(1, MAX_PAGE);
        let window = current_policy(&self.db).await?.policy.window_months;
        let since = now()
            .checked_sub_months(Months::new(window))
            .unwrap_or_default();
        // Firms with an upheld complaint in the window (few: a complaint is a regulator's
        // decided case).
        let excluded: HashSet<Uuid> =
            red_list::firms_with_upheld_complaint_since(&self.db, since).await?;
        let rows = red_list::grade_a_firms(&self.db, &excluded, offset, limit + 1).await?;
        let more = rows.len() as u64 > limit;
        Ok(RedListPage {
            window_months: window,
            entries: rows
                .into_iter()
                .take(limit as usize)
                .map(|f| RedListEntry {
                    firm_id: f.id,
                    name: f.name,
                    credit_code: f.credit_code,
                    region_code: f.region_code,
                    score: f.credit_score,
                    updated_at: f.updated_at,
                })
                .collect(),
            more,
        })
    }
}
