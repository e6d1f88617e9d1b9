//! The public directory (网上展示), served from an in-memory index
//! ([`crate::rules::directory_index`]) that every instance keeps current from the database.
//!
//! The database is the record. Every transaction that changes what the directory shows of a firm
//! (entry, profile, service items, qualifications, status, score) calls [`crate::store::directory::listing_changed`],
//! which increments `directory_version` and logs the firm in `directory_change`. An instance
//! reads the version (one primary-key read) before a search when it wrote since its last look or
//! the last look is [`MAX_LAG`] old, and every second in the background; when the version moved,
//! it reloads just the logged firms, or everything when the log is too far ahead or names no firm
//! (a bulk load). So a search sees its own instance's changes at once and other instances'
//! within [`MAX_LAG`], and most searches are work in memory only.

use super::Services;
use super::firms::{DirectoryPage, FirmView};
use crate::error::{Result, stored};
use crate::model::firm::{FirmStatus, province};
use crate::platform::clock::today_in_china;
use crate::rules::credit::Grade;
use crate::rules::directory::DirectoryQuery;
use crate::rules::directory_index::{DirectoryIndex, HeldQualification, Listing};
use crate::store::Db;
use crate::store::directory::{
    changes_between, held_qualifications, listing_changed, offered_items, read_version,
    shown_firms_page,
};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::RwLock;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How late another instance's change may show here: a search reads the version when the
/// last read is this old (or when this instance wrote since). Reading it on every search would
/// cost a database round trip per search; this bounds it to ten a second.
pub const MAX_LAG: Duration = Duration::from_millis(100);
/// Changes applied one by one; beyond this many since the last look, a full reload is cheaper.
const MAX_INCREMENTAL: usize = 2000;
/// Firms read per query during a full reload (bounds the memory a reload needs at once).
const RELOAD_PAGE: u64 = 5000;

/// A firm as the index keeps it for display: its texts in one allocation (a [`FirmView`] holds
/// eleven, and the index holds every listed firm), rebuilt into a [`FirmView`] for the few
/// firms a page shows.
#[derive(Debug, Clone)]
pub struct PackedFirm {
    id: Uuid,
    /// name, credit code, legal representative, region code, address, contact name, contact
    /// phone, description, credit grade, one after another.
    text: Box<str>,
    ends: [u32; 9],
    status: FirmStatus,
    credit_score: i32,
    award_count: i32,
    evaluation_count: i32,
    evaluation_average: Option<f64>,
    committed_at: chrono::DateTime<chrono::Utc>,
    created_at: chrono::DateTime<chrono::Utc>,
}

impl PackedFirm {
    pub fn pack(v: &FirmView) -> PackedFirm {
        let parts = [
            &v.name,
            &v.credit_code,
            &v.legal_rep_name,
            &v.region_code,
            &v.address,
            &v.contact_name,
            &v.contact_phone,
            &v.description,
            &v.credit_grade,
        ];
        // Exactly the size needed: one allocation, no slack.
        let mut text = String::with_capacity(parts.iter().map(|p| p.len()).sum());
        let mut ends = [0u32; 9];
        for (i, part) in parts.into_iter().enumerate() {
            text.push_str(part);
            ends[i] = u32::try_from(text.len()).expect("a firm's texts fit in 4 GB");
        }
        PackedFirm {
            id: v.id,
            text: text.into_boxed_str(),
            ends,
            status: v.status,
            credit_score: v.credit_score,
            award_count: v.award_count,
            evaluation_count: v.evaluation_count,
            evaluation_average: v.evaluation_average,
            committed_at: v.committed_at,
            created_at: v.created_at,
        }
    }

    fn part(&self, i: usize) -> String {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        self.text[start..self.ends[i] as usize].to_owned()
    }

    pub fn view(&self) -> FirmView {
        let region_code = self.part(3);
        let (zh, en) = province(region_code.get(..2).unwrap_or("")).unwrap_or(("", ""));
        FirmView {
            id: self.id,
            name: self.part(0),
            credit_code: self.part(1),
            legal_rep_name: self.part(2),
            region_code,
            province_zh: zh.into(),
            province_en: en.into(),
            address: self.part(4),
            contact_name: self.part(5),
            contact_phone: self.part(6),
            description: self.part(7),
            status: self.status,
            credit_score: self.credit_score,
            credit_grade: self.part(8),
            award_count: self.award_count,
            evaluation_count: self.evaluation_count,
            evaluation_average: self.evaluation_average,
            committed_at: self.committed_at,
            created_at: self.created_at,
        }
    }
}

/// One instance's copy of the directory and the version it reflects.
pub struct DirectoryCache {
    index: RwLock<DirectoryIndex<PackedFirm>>,
    /// The version the index reflects; -1 before the first load.
    applied: AtomicI64,
    /// One refresh at a time; searches that find the index behind wait for it.
    refreshing: tokio::sync::Mutex<()>,
    /// Full loads so far (the first, then bulk loads and long absences).
    full_loads: AtomicU64,
    /// A full load is under way.
    reloading: AtomicBool,
    /// When the version was last read, in microseconds since `epoch`.
    checked_at: AtomicU64,
    epoch: Instant,
    /// This instance committed a directory change since the version was last read.
    written: AtomicBool,
}

impl Default for DirectoryCache {
    fn default() -> Self {
        Self {
            index: RwLock::new(DirectoryIndex::new()),
            applied: AtomicI64::new(-1),
            refreshing: tokio::sync::Mutex::new(()),
            full_loads: AtomicU64::new(0),
            reloading: AtomicBool::new(false),
            checked_at: AtomicU64::new(0),
            epoch: Instant::now(),
            written: AtomicBool::new(false),
        }
    }
}

impl DirectoryCache {
    /// Brings the index up to date if it may be behind: when this instance committed a change
    /// since the last look (so a firm always finds its own change at once), or when the last look
    /// is [`MAX_LAG`] old (so other instances' changes show within that).
    pub async fn refresh_if_due(&self, db: &Db) -> Result<()> {
        let written = self.written.swap(false, Ordering::AcqRel);
        let since = self.epoch.elapsed().as_micros() as u64;
        let due = since.saturating_sub(self.checked_at.load(Ordering::Acquire))
            >= MAX_LAG.as_micros() as u64;
        if written || due || self.applied.load(Ordering::Acquire) < 0 {
            self.refresh(db).await
        } else {
            Ok(())
        }
    }

    /// Tells the cache that this instance committed a change to the directory (call after the
    /// commit of a transaction that called [`listing_changed`]).
    pub fn written(&self) {
        self.written.store(true, Ordering::Release);
    }

    /// Brings the index up to the database's version. While a full load is under way (after a
    /// bulk load: seconds for 100,000 firms), searches are answered from the index as it was
    /// rather than made to wait; only before the first load do they wait.
    pub async fn refresh(&self, db: &Db) -> Result<()> {
        // Stamped before the read: a change committed after it is found by the next look.
        self.checked_at
            .store(self.epoch.elapsed().as_micros() as u64, Ordering::Release);
        let current = read_version(db).await?;
        let applied = self.applied.load(Ordering::Acquire);
        if current <= applied || (applied >= 0 && self.reloading.load(Ordering::Acquire)) {
            return Ok(());
        }
        let _one = self.refreshing.lock().await;
        let applied = self.applied.load(Ordering::Acquire);
        if current <= applied {
            return Ok(());
        }
        if applied >= 0 {
            let changes = changes_between(db, applied, current, MAX_INCREMENTAL as u64 + 1).await?;
            let complete = changes.len() as i64 == current - applied;
            let ids: Option<Vec<Uuid>> = changes.iter().map(|c| c.firm_id).collect();
            if let (true, Some(mut ids)) = (complete && changes.len() <= MAX_INCREMENTAL, ids) {
                ids.sort();
                ids.dedup();
                let mut fresh = HashMap::new();
                load(db, Some(&ids), |l| {
                    fresh.insert(l.id, l);
                })
                .await?;
                let mut index = self.index.write().expect("directory index lock");
                for id in ids {
                    match fresh.remove(&id) {
                        Some(l) => index.upsert(l),
                        None => index.remove(id),
                    }
                }
                self.applied.store(current, Ordering::Release);
                return Ok(());
            }
        }
        let started = std::time::Instant::now();
        self.reloading.store(true, Ordering::Release);
        let mut all = Vec::new();
        let loaded = load(db, None, |l| all.push(l)).await;
        self.reloading.store(false, Ordering::Release);
        loaded?;
        let index = DirectoryIndex::build(all);
        tracing::info!(
            firms = index.len(),
            version = current,
            ms = started.elapsed().as_millis() as u64,
            "directory index loaded"
        );
        *self.index.write().expect("directory index lock") = index;
        self.applied.store(current, Ordering::Release);
        self.full_loads.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// How many times the whole index was read from the database.
    pub fn full_loads(&self) -> u64 {
        self.full_loads.load(Ordering::Relaxed)
    }

    /// Firms in the index.
    pub fn len(&self) -> usize {
        self.index.read().expect("directory index lock").len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// One page, from the index as it is (call [`Self::refresh`] first).
    pub fn page(&self, q: &DirectoryQuery, today: NaiveDate) -> DirectoryPage {
        let index = self.index.read().expect("directory index lock");
        let page = index.page(q, today);
        DirectoryPage {
            firms: page.firms.into_iter().map(PackedFirm::view).collect(),
            next_cursor: page.next.map(|c| c.encode()),
        }
    }
}

/// Reads the directory entries of the given firms (all firms: `None`) into `sink`. Firms not in
/// the directory (black-listed, or gone) are left out.
async fn load(
    db: &Db,
    ids: Option<&[Uuid]>,
    mut sink: impl FnMut(Listing<PackedFirm>),
) -> Result<()> {
    let mut items: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for (firm, item) in offered_items(db, ids).await? {
        items.entry(firm).or_default().push(item);
    }
    let mut quals: HashMap<Uuid, Vec<HeldQualification>> = HashMap::new();
    for (firm, qual_type, valid_from, valid_until) in held_qualifications(db, ids).await? {
        quals.entry(firm).or_default().push(HeldQualification {
            qual_type,
            valid_from,
            valid_until,
        });
    }
    let mut after: Option<Uuid> = None;
    loop {
        let rows = shown_firms_page(db, ids, after, RELOAD_PAGE).await?;
        let Some(last) = rows.last() else { break };
        after = Some(last.id);
        let full = rows.len() as u64 == RELOAD_PAGE;
        for m in rows {
            let listing = Listing {
                id: m.id,
                name_folded: m.name_folded.clone(),
                name_sort_key: m.name_sort_key.clone(),
                region_code: m.region_code.clone(),
                grade: stored(
                    "firm",
                    m.id,
                    "credit_grade",
                    &m.credit_grade,
                    Grade::parse(&m.credit_grade),
                )?,
                score: m.credit_score,
                created_micros: m.created_micros,
                items: items.remove(&m.id).unwrap_or_default(),
                qualifications: quals.remove(&m.id).unwrap_or_default(),
                firm: PackedFirm::pack(&FirmView::try_from(m)?),
            };
            sink(listing);
        }
        if !full {
            break;
        }
    }
    Ok(())
}

impl Services {
    /// One page of the public directory. Black-listed firms never appear; suspended firms do,
    /// marked by their status.
    pub async fn directory(&self, q: &DirectoryQuery) -> Result<DirectoryPage> {
        self.directory_cache.refresh_if_due(&self.db).await?;
        Ok(self.directory_cache.page(q, today_in_china()))
    }

    /// Brings this instance's directory up to date (run periodically in the background, so
    /// that the index is loaded at start and searches rarely find it behind).
    pub async fn refresh_directory(&self) -> Result<()> {
        self.directory_cache.refresh(&self.db).await
    }
}

/// For writers outside the services (bulk loads, repairs): marks every firm changed, so that
/// every instance reloads its directory. Its own transaction.
pub async fn reload_everywhere(db: &Db) -> Result<()> {
    let tx = crate::store::begin_write(db).await?;
    listing_changed(&tx, None).await?;
    tx.commit().await?;
    Ok(())
}
