//! The public directory as an in-memory index: every listed or suspended firm's search keys
//! (folded name, region, grade, score, entry time, service items, qualifications) and the firm
//! as it is shown, with the directory's three orders and a posting list per filter value.
//!
//! Why in memory: a directory search combines up to five filters with one of three orders and
//! must answer in milliseconds. In SQL every combination of common filters either walks an order
//! index testing rows or reads thousands of matching rows and sorts them, each row far dearer
//! than a test in memory, so the worst combinations took far longer than that. Here the same
//! query reads postings and tests each firm in memory (figures: tests/bench/README.md, section
//! "Figures (registry)"). The index is derived: the database stays the record, and the service
//! keeps the index current from it (`service::directory`).
//!
//! The query: each filter has a posting list (the firms that have that name piece, region
//! prefix, item, qualification type or grade). If walking the order from the cursor is expected
//! to find a page sooner than reading the shortest posting list (page size divided by the product
//! of the filters' shares), the order is walked and each firm tested, for at most as many firms
//! as that list holds; otherwise, or when the walk gives up, the shortest list is read, every
//! firm on it tested, and the matches sorted. Both ways test every filter, so they return the
//! same page (the tests check both against a plain filter-and-sort).

use super::credit::Grade;
use super::directory::{Cursor, DirectoryQuery, Sort, name_grams};
use chrono::NaiveDate;
use std::cmp::Ordering;
use std::collections::HashMap;
use uuid::Uuid;

/// A qualification a firm declared, with its validity (it counts only while valid).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldQualification {
    pub qual_type: String,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
}

impl HeldQualification {
    pub fn valid_on(&self, day: NaiveDate) -> bool {
        self.valid_from <= day && day <= self.valid_until
    }
}

/// One firm for the directory: what its filters and orders read, and the firm as shown (`T`).
/// The index keeps it in a compact form (a directory of 100,000 firms must fit in a small
/// server's memory along with everything else).
#[derive(Debug, Clone)]
pub struct Listing<T> {
    pub id: Uuid,
    /// [`super::directory::fold`] of the name.
    pub name_folded: String,
    /// [`super::directory::name_sort_key`] of the name.
    pub name_sort_key: String,
    /// Six-digit administrative division code.
    pub region_code: String,
    pub grade: Grade,
    pub score: i32,
    pub created_micros: i64,
    pub items: Vec<Uuid>,
    pub qualifications: Vec<HeldQualification>,
    pub firm: T,
}

/// A filter value with a posting list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    /// One character of the folded name (for one-character searches).
    Char(char),
    /// Two adjacent characters of the folded name.
    Gram(char, char),
    /// A region prefix of 2, 4 or 6 digits.
    Region([u8; 6], u8),
    Item(Uuid),
    /// A qualification type (by its number in the index), valid or not: validity is tested per
    /// query, since it changes by the day.
    Qual(u32),
    Grade(Grade),
}

/// A firm as the index keeps it.
#[derive(Debug, Clone)]
struct Entry<T> {
    id: Uuid,
    name_folded: Box<str>,
    /// The sort key's bytes (the GBK bytes the hex key spells; same order).
    sort_key: Box<[u8]>,
    region: [u8; 6],
    grade: Grade,
    score: i32,
    created_micros: i64,
    items: Box<[Uuid]>,
    /// (type number, valid from, valid until)
    quals: Box<[(u32, NaiveDate, NaiveDate)]>,
    firm: T,
}

fn region_key(prefix: &[u8]) -> Key {
    let mut k = [b'0'; 6];
    let n = prefix.len().min(6);
    k[..n].copy_from_slice(&prefix[..n]);
    Key::Region(k, n as u8)
}

fn keys_of<T>(e: &Entry<T>) -> Vec<Key> {
    let mut keys: Vec<Key> = Vec::new();
    let mut chars: Vec<char> = e.name_folded.chars().collect();
    for pair in chars.windows(2) {
        keys.push(Key::Gram(pair[0], pair[1]));
    }
    chars.sort_unstable();
    chars.dedup();
    keys.extend(chars.into_iter().map(Key::Char));
    for len in [2, 4, 6] {
        keys.push(region_key(&e.region[..len]));
    }
    keys.extend(e.items.iter().copied().map(Key::Item));
    keys.extend(e.quals.iter().map(|q| Key::Qual(q.0)));
    keys.push(Key::Grade(e.grade));
    // Each firm once per list.
    let mut seen = std::collections::HashSet::with_capacity(keys.len());
    keys.retain(|k| seen.insert(k.clone()));
    keys
}

/// A cursor in the index's terms.
enum After {
    Credit(i32, Uuid),
    Newest(i64, Uuid),
    Name(Vec<u8>, Uuid),
}

impl After {
    fn of(c: &Cursor) -> After {
        match c {
            Cursor::Credit { score, id } => After::Credit(*score, *id),
            Cursor::Newest { micros, id } => After::Newest(*micros, *id),
            Cursor::Name { key, id } => After::Name(sort_bytes(key), *id),
        }
    }

    /// Whether an entry comes after the cursor in the cursor's order.
    fn before<T>(&self, e: &Entry<T>) -> bool {
        match self {
            After::Credit(score, id) => e.score.cmp(score).reverse().then(e.id.cmp(id)),
            After::Newest(micros, id) => e.created_micros.cmp(micros).reverse().then(e.id.cmp(id)),
            After::Name(key, id) => (*e.sort_key).cmp(key.as_slice()).then(e.id.cmp(id)),
        }
        .is_gt()
    }
}

/// The bytes a hex sort key spells (a key that is not hex sorts by its own bytes).
fn sort_bytes(hex_key: &str) -> Vec<u8> {
    hex::decode(hex_key).unwrap_or_else(|_| hex_key.as_bytes().to_vec())
}

/// The directory index. `T` is the firm as a page shows it.
#[derive(Debug, Clone)]
pub struct DirectoryIndex<T> {
    slots: Vec<Option<Entry<T>>>,
    free: Vec<u32>,
    by_id: HashMap<Uuid, u32>,
    /// Slots in each order (sorted vectors: a change moves a few hundred kilobytes at most,
    /// and changes are rare next to searches).
    by_credit: Vec<u32>,
    by_newest: Vec<u32>,
    by_name: Vec<u32>,
    postings: HashMap<Key, Vec<u32>>,
    qual_types: HashMap<String, u32>,
}

impl<T> Default for DirectoryIndex<T> {
    fn default() -> Self {
        Self {
            slots: Vec::new(),
            free: Vec::new(),
            by_id: HashMap::new(),
            by_credit: Vec::new(),
            by_newest: Vec::new(),
            by_name: Vec::new(),
            postings: HashMap::new(),
            qual_types: HashMap::new(),
        }
    }
}

/// One page of the directory: the firms, and the cursor of the next page when there is one.
#[derive(Debug)]
pub struct IndexPage<'a, T> {
    pub firms: Vec<&'a T>,
    pub next: Option<Cursor>,
}

/// A query's filters, resolved against the index.
struct Filters<'q> {
    name: Option<&'q str>,
    region: Option<&'q [u8]>,
    item: Option<Uuid>,
    /// `Some(None)`: a type no firm has.
    qualification: Option<Option<u32>>,
    grade: Option<Grade>,
    today: NaiveDate,
}

impl Filters<'_> {
    fn pass<T>(&self, e: &Entry<T>) -> bool {
        self.grade.is_none_or(|g| e.grade == g)
            && self.region.is_none_or(|r| e.region.starts_with(r))
            && self.item.is_none_or(|i| e.items.contains(&i))
            && self.qualification.is_none_or(|t| {
                e.quals.iter().any(|(q, from, until)| {
                    Some(*q) == t && *from <= self.today && self.today <= *until
                })
            })
            && self.name.is_none_or(|n| e.name_folded.contains(n))
    }
}

/// How a page is read (tests force each way; the service always takes the cheaper).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(test), allow(dead_code))]
enum Read {
    Cheaper,
    Walk,
    ShortestList,
}

/// Compares two entries in a directory order (ties by id, so the order is total).
fn order<T>(sort: Sort, a: &Entry<T>, b: &Entry<T>) -> Ordering {
    match sort {
        Sort::Credit => b.score.cmp(&a.score),
        Sort::Newest => b.created_micros.cmp(&a.created_micros),
        Sort::Name => a.sort_key.cmp(&b.sort_key),
    }
    .then(a.id.cmp(&b.id))
}

/// The cursor that continues after this entry.
fn cursor_of<T>(sort: Sort, e: &Entry<T>) -> Cursor {
    match sort {
        Sort::Credit => Cursor::Credit {
            score: e.score,
            id: e.id,
        },
        Sort::Newest => Cursor::Newest {
            micros: e.created_micros,
            id: e.id,
        },
        Sort::Name => Cursor::Name {
            key: hex::encode(&e.sort_key),
            id: e.id,
        },
    }
}

const SORTS: [Sort; 3] = [Sort::Credit, Sort::Newest, Sort::Name];

impl<T> DirectoryIndex<T> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Firms in the directory.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    pub fn contains(&self, id: Uuid) -> bool {
        self.by_id.contains_key(&id)
    }

    fn order_mut(&mut self, sort: Sort) -> &mut Vec<u32> {
        match sort {
            Sort::Credit => &mut self.by_credit,
            Sort::Newest => &mut self.by_newest,
            Sort::Name => &mut self.by_name,
        }
    }

    fn order_of(&self, sort: Sort) -> &[u32] {
        match sort {
            Sort::Credit => &self.by_credit,
            Sort::Newest => &self.by_newest,
            Sort::Name => &self.by_name,
        }
    }

    /// Where an entry belongs (or is) in an order.
    fn position(&self, sort: Sort, e: &Entry<T>) -> usize {
        self.order_of(sort)
            .partition_point(|s| order(sort, self.entry(*s), e).is_lt())
    }

    /// An index of these firms (each id once), built in one go: the orders are sorted once at
    /// the end rather than kept sorted through every insertion.
    pub fn build(listings: impl IntoIterator<Item = Listing<T>>) -> Self {
        let mut ix = Self::new();
        for l in listings {
            ix.insert(l, false);
        }
        for sort in SORTS {
            let mut slots = std::mem::take(ix.order_mut(sort));
            slots.sort_unstable_by(|a, b| order(sort, ix.entry(*a), ix.entry(*b)));
            *ix.order_mut(sort) = slots;
        }
        // Growth leaves up to half of each list unused; a built index is mostly read.
        ix.slots.shrink_to_fit();
        for list in ix.postings.values_mut() {
            list.shrink_to_fit();
        }
        ix
    }

    /// Adds a firm, or replaces what the index holds of it.
    pub fn upsert(&mut self, listing: Listing<T>) {
        self.insert(listing, true)
    }

    /// Adds or replaces a firm; `sorted`: keep the orders sorted (else the caller sorts them).
    fn insert(&mut self, listing: Listing<T>, sorted: bool) {
        let slot = match self.by_id.get(&listing.id) {
            Some(&slot) => {
                self.unlink(slot);
                slot
            }
            None => {
                let slot = self.free.pop().unwrap_or_else(|| {
                    self.slots.push(None);
                    u32::try_from(self.slots.len() - 1).expect("fewer than 4 billion firms")
                });
                self.by_id.insert(listing.id, slot);
                slot
            }
        };
        let mut region = [b'0'; 6];
        let code = listing.region_code.as_bytes();
        region[..code.len().min(6)].copy_from_slice(&code[..code.len().min(6)]);
        let quals = listing
            .qualifications
            .iter()
            .map(|q| {
                let next = self.qual_types.len() as u32;
                let t = *self.qual_types.entry(q.qual_type.clone()).or_insert(next);
                (t, q.valid_from, q.valid_until)
            })
            .collect();
        let entry = Entry {
            id: listing.id,
            name_folded: listing.name_folded.into_boxed_str(),
            sort_key: sort_bytes(&listing.name_sort_key).into_boxed_slice(),
            region,
            grade: listing.grade,
            score: listing.score,
            created_micros: listing.created_micros,
            items: listing.items.into_boxed_slice(),
            quals,
            firm: listing.firm,
        };
        for key in keys_of(&entry) {
            self.postings.entry(key).or_default().push(slot);
        }
        for sort in SORTS {
            let at = if sorted {
                self.position(sort, &entry)
            } else {
                self.order_of(sort).len()
            };
            self.order_mut(sort).insert(at, slot);
        }
        self.slots[slot as usize] = Some(entry);
    }

    /// Takes a firm out of the directory (black-listed, or gone). No-op for an unknown id.
    pub fn remove(&mut self, id: Uuid) {
        if let Some(slot) = self.by_id.remove(&id) {
            self.unlink(slot);
            self.free.push(slot);
        }
    }

    /// Removes a slot's entry from the orders and postings, leaving the slot empty.
    fn unlink(&mut self, slot: u32) {
        let Some(old) = self.slots[slot as usize].take() else {
            return;
        };
        for sort in SORTS {
            // The old entry is out of its slot, so compare with it directly.
            let at = self
                .order_of(sort)
                .partition_point(|s| *s != slot && order(sort, self.entry(*s), &old).is_lt());
            debug_assert_eq!(self.order_of(sort).get(at), Some(&slot));
            self.order_mut(sort).remove(at);
        }
        for key in keys_of(&old) {
            if let Some(list) = self.postings.get_mut(&key) {
                if let Some(at) = list.iter().position(|s| *s == slot) {
                    list.swap_remove(at);
                }
                if list.is_empty() {
                    self.postings.remove(&key);
                }
            }
        }
    }

    fn entry(&self, slot: u32) -> &Entry<T> {
        self.slots[slot as usize]
            .as_ref()
            .expect("postings and orders name only filled slots")
    }

    /// One page of the directory for a query, on a given day (qualifications count only while
    /// valid that day).
    pub fn page(&self, q: &DirectoryQuery, today: NaiveDate) -> IndexPage<'_, T> {
        self.page_read(q, today, Read::Cheaper)
    }

    fn page_read(&self, q: &DirectoryQuery, today: NaiveDate, read: Read) -> IndexPage<'_, T> {
        let empty = IndexPage {
            firms: Vec::new(),
            next: None,
        };
        let filters = Filters {
            name: q.q.as_deref(),
            region: q.region.as_ref().map(|r| r.as_str().as_bytes()),
            item: q.item,
            qualification: q
                .qualification
                .as_deref()
                .map(|t| self.qual_types.get(t).copied()),
            grade: q.grade,
            today,
        };
        // Every filter's posting list; a name search uses its rarest piece. A value nobody has
        // means no match at all.
        let mut lists: Vec<&Vec<u32>> = Vec::new();
        if let Some(name) = filters.name {
            let chars: Vec<char> = name.chars().collect();
            let keys: Vec<Key> = match chars.as_slice() {
                [] => Vec::new(),
                [c] => vec![Key::Char(*c)],
                _ => name_grams(name)
                    .iter()
                    .map(|g| {
                        let mut cs = g.chars();
                        Key::Gram(cs.next().unwrap_or(' '), cs.next().unwrap_or(' '))
                    })
                    .collect(),
            };
            let mut rarest: Option<&Vec<u32>> = None;
            for k in &keys {
                let Some(list) = self.postings.get(k) else {
                    return empty;
                };
                if rarest.is_none_or(|r| list.len() < r.len()) {
                    rarest = Some(list);
                }
            }
            lists.extend(rarest);
        }
        let mut keys = Vec::new();
        keys.extend(filters.region.map(region_key));
        keys.extend(filters.item.map(Key::Item));
        match filters.qualification {
            Some(None) => return empty,
            Some(Some(t)) => keys.push(Key::Qual(t)),
            None => {}
        }
        keys.extend(filters.grade.map(Key::Grade));
        for k in &keys {
            match self.postings.get(k) {
                Some(list) => lists.push(list),
                None => return empty,
            }
        }
        let cursor = q.cursor.as_ref().map(After::of);
        let want = q.limit as usize + 1;
        let total = self.len().max(1) as f64;
        let share: f64 = lists.iter().map(|l| l.len() as f64 / total).product();
        let walk_cost = want as f64 / share.max(f64::MIN_POSITIVE);
        let shortest = lists.iter().min_by_key(|l| l.len()).copied();
        // Test every firm of a list, keep the page (and one more) first in order.
        let read_list = |list: &Vec<u32>| {
            let mut hits: Vec<&Entry<T>> = list
                .iter()
                .map(|s| self.entry(*s))
                .filter(|e| filters.pass(e) && cursor.as_ref().is_none_or(|c| c.before(e)))
                .collect();
            if hits.len() > want {
                hits.select_nth_unstable_by(want - 1, |a, b| order(q.sort, a, b));
                hits.truncate(want);
            }
            hits.sort_unstable_by(|a, b| order(q.sort, a, b));
            hits
        };
        // Walk the order from the cursor, testing each firm, until a page (and one more)
        // passes; give up (None) after `budget` firms. (A cursor of another order does not
        // parse: `Cursor::decode` checks.)
        let walk = |budget: usize| {
            let slots = self.order_of(q.sort);
            let start = cursor
                .as_ref()
                .map_or(0, |c| slots.partition_point(|s| !c.before(self.entry(*s))));
            let mut found = Vec::with_capacity(want);
            for (n, s) in slots[start..].iter().enumerate() {
                if n == budget {
                    return None;
                }
                let e = self.entry(*s);
                if filters.pass(e) {
                    found.push(e);
                    if found.len() == want {
                        break;
                    }
                }
            }
            Some(found)
        };
        let mut found: Vec<&Entry<T>> = match (read, shortest) {
            (Read::Walk, _) | (_, None) => walk(usize::MAX).expect("an unbounded walk ends"),
            (Read::ShortestList, Some(list)) => read_list(list),
            (Read::Cheaper, Some(list)) if (list.len() as f64) < walk_cost => read_list(list),
            // The estimate assumes the filters independent; when they are not (a surveying
            // word and an environmental item), the walk may find matches far more rarely. So it
            // stops after as many firms as the list holds, and the list is read instead: never
            // more than twice the cheaper way's work.
            (Read::Cheaper, Some(list)) => walk(list.len()).unwrap_or_else(|| read_list(list)),
        };
        let next = (found.len() == want).then(|| {
            found.pop();
            cursor_of(q.sort, found[found.len() - 1])
        });
        IndexPage {
            firms: found.into_iter().map(|e| &e.firm).collect(),
            next,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::firm::RegionPrefix;
    use proptest::prelude::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn listing(n: u128, name: &str, region: &str, score: i32) -> Listing<String> {
        Listing {
            id: Uuid::from_u128(n),
            name_folded: crate::rules::directory::fold(name),
            name_sort_key: crate::rules::directory::name_sort_key(name),
            region_code: region.into(),
            grade: crate::rules::credit::grade_for(score, crate::rules::credit::DEFAULT_LINES),
            score,
            created_micros: n as i64,
            items: Vec::new(),
            qualifications: Vec::new(),
            firm: name.into(),
        }
    }

    fn query(f: impl FnOnce(&mut DirectoryQuery)) -> DirectoryQuery {
        let mut q = DirectoryQuery::parse(&Default::default()).unwrap();
        f(&mut q);
        q
    }

    fn names(p: IndexPage<'_, String>) -> Vec<&str> {
        p.firms.into_iter().map(String::as_str).collect()
    }

    #[test]
    fn filters_orders_and_updates() {
        let mut ix = DirectoryIndex::new();
        let survey = Uuid::from_u128(900);
        let mut a = listing(1, "杭州青山测绘有限公司", "330106", 95);
        a.items.push(survey);
        a.qualifications.push(HeldQualification {
            qual_type: "测绘资质".into(),
            valid_from: day("2020-01-01"),
            valid_until: day("2030-12-31"),
        });
        ix.upsert(a.clone());
        ix.upsert(listing(2, "南京青山安全技术有限公司", "320102", 75));
        ix.upsert(listing(3, "宁波蓝海环境科技有限公司", "330203", 85));
        let today = day("2026-11-22");
        let all = |ix: &DirectoryIndex<String>, q| {
            names(ix.page(&q, today))
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            all(&ix, query(|_| {})),
            [
                "杭州青山测绘有限公司",
                "宁波蓝海环境科技有限公司",
                "南京青山安全技术有限公司"
            ]
        );
        assert_eq!(
            all(&ix, query(|q| q.q = Some("青山".into()))),
            ["杭州青山测绘有限公司", "南京青山安全技术有限公司"]
        );
        assert_eq!(all(&ix, query(|q| q.q = Some("蓝".into()))).len(), 1);
        assert!(all(&ix, query(|q| q.q = Some("绿水".into()))).is_empty());
        assert_eq!(
            all(
                &ix,
                query(|q| q.region = Some(RegionPrefix::parse("33").unwrap()))
            )
            .len(),
            2
        );
        assert_eq!(all(&ix, query(|q| q.item = Some(survey))).len(), 1);
        assert_eq!(
            all(&ix, query(|q| q.qualification = Some("测绘资质".into()))).len(),
            1
        );
        // The certificate stops counting the day after it expires.
        assert!(
            names(ix.page(
                &query(|q| q.qualification = Some("测绘资质".into())),
                day("2031-01-01")
            ))
            .is_empty()
        );
        assert_eq!(
            all(&ix, query(|q| q.grade = Some(Grade::C))),
            ["南京青山安全技术有限公司"]
        );
        // A rename moves the firm between name postings; a removal takes it out of everything.
        a.name_folded = "杭州绿水测绘有限公司".into();
        a.firm = "杭州绿水测绘有限公司".into();
        ix.upsert(a);
        assert_eq!(
            all(&ix, query(|q| q.q = Some("青山".into()))),
            ["南京青山安全技术有限公司"]
        );
        assert_eq!(all(&ix, query(|q| q.q = Some("绿水".into()))).len(), 1);
        ix.remove(Uuid::from_u128(2));
        assert!(all(&ix, query(|q| q.q = Some("青山".into()))).is_empty());
        assert_eq!(ix.len(), 2);
        assert!(!ix.contains(Uuid::from_u128(2)));
        // Postings of values nobody has any more are dropped.
        assert!(!ix.postings.contains_key(&Key::Gram('青', '山')));
    }

    #[test]
    fn a_walk_that_finds_too_little_falls_back_to_the_list() {
        // Half the firms have the word, half the item, and only the lowest-scored has both:
        // the estimate (a quarter match) says walk, the walk gives up, the list answers.
        let item = Uuid::from_u128(7);
        let mut ix = DirectoryIndex::new();
        for n in 0..100u128 {
            let name = if n % 2 == 0 {
                "甲测绘所"
            } else {
                "乙环评所"
            };
            let mut l = listing(n, name, "330106", 100 - n as i32);
            if n % 2 == 1 || n == 98 {
                l.items.push(item);
            }
            l.firm = format!("{name}{n}");
            ix.upsert(l);
        }
        let q = query(|q| {
            q.q = Some("测绘".into());
            q.item = Some(item);
            q.limit = 1;
        });
        let page = ix.page(&q, day("2026-11-22"));
        assert!(page.next.is_none());
        assert_eq!(names(page), ["甲测绘所98"]);
    }

    /// What the directory must return, by definition (written apart from the index, on the
    /// plain listings): every listing that passes the filters, in order, after the cursor (a
    /// page is the first `limit` of them).
    fn expected(all: &[Listing<String>], q: &DirectoryQuery, today: NaiveDate) -> Vec<Uuid> {
        let key = |l: &Listing<String>| match q.sort {
            Sort::Credit => (-(l.score as i64), String::new(), l.id),
            Sort::Newest => (-l.created_micros, String::new(), l.id),
            Sort::Name => (0, l.name_sort_key.clone(), l.id),
        };
        let from = q.cursor.as_ref().map(|c| match c {
            Cursor::Credit { score, id } => (-(*score as i64), String::new(), *id),
            Cursor::Newest { micros, id } => (-*micros, String::new(), *id),
            Cursor::Name { key, id } => (0, key.clone(), *id),
        });
        let mut hits: Vec<&Listing<String>> = all
            .iter()
            .filter(|l| {
                q.q.as_ref()
                    .is_none_or(|n| l.name_folded.contains(n.as_str()))
                    && q.region
                        .as_ref()
                        .is_none_or(|r| l.region_code.starts_with(r.as_str()))
                    && q.item.is_none_or(|i| l.items.contains(&i))
                    && q.qualification.as_ref().is_none_or(|t| {
                        l.qualifications
                            .iter()
                            .any(|h| &h.qual_type == t && h.valid_on(today))
                    })
                    && q.grade.is_none_or(|g| l.grade == g)
                    && from.as_ref().is_none_or(|f| key(l) > *f)
            })
            .collect();
        hits.sort_by_key(|l| key(l));
        hits.into_iter().map(|l| l.id).collect()
    }

    const CHARS: [char; 5] = ['青', '山', '测', '绘', 'a'];
    const REGIONS: [&str; 4] = ["330106", "330108", "330203", "320102"];

    fn arb_listing() -> impl Strategy<Value = Listing<String>> {
        (
            0u128..40,
            proptest::collection::vec(0usize..CHARS.len(), 1..6),
            0usize..REGIONS.len(),
            55i32..100,
            0i64..5,
            proptest::collection::vec(0u128..3, 0..3),
            proptest::collection::vec((0usize..2, 0i64..3, 0i64..3), 0..3),
        )
            .prop_map(|(id, name, region, score, micros, items, quals)| {
                let name: String = name.into_iter().map(|i| CHARS[i]).collect();
                let mut l = listing(id, &name, REGIONS[region], score / 5 * 5);
                l.created_micros = micros;
                l.items = items
                    .into_iter()
                    .map(|i| Uuid::from_u128(1000 + i))
                    .collect();
                l.items.sort();
                l.items.dedup();
                let base = day("2026-11-20");
                l.qualifications = quals
                    .into_iter()
                    .map(|(t, from, len)| HeldQualification {
                        qual_type: ["测绘资质", "安全评价资质"][t].into(),
                        valid_from: base + chrono::Days::new(from as u64),
                        valid_until: base + chrono::Days::new((from + len) as u64),
                    })
                    .collect();
                l.firm = l.id.to_string();
                l
            })
    }

    fn arb_query() -> impl Strategy<Value = DirectoryQuery> {
        (
            proptest::option::of(proptest::collection::vec(0usize..CHARS.len(), 1..3)),
            proptest::option::of(prop_oneof![
                Just("33"),
                Just("3301"),
                Just("330203"),
                Just("32")
            ]),
            proptest::option::of(0u128..4),
            proptest::option::of(0usize..3),
            proptest::option::of(0usize..5),
            0usize..3,
            1u64..5,
        )
            .prop_map(
                |(q, region, item, qual, grade, sort, limit)| DirectoryQuery {
                    q: q.map(|cs| cs.into_iter().map(|i| CHARS[i]).collect()),
                    region: region.map(|r| RegionPrefix::parse(r).unwrap()),
                    item: item.map(|i| Uuid::from_u128(1000 + i)),
                    qualification: qual.map(|t| ["测绘资质", "安全评价资质", "无此资质"][t].into()),
                    grade: grade.map(|g| Grade::ALL[g]),
                    sort: [Sort::Credit, Sort::Newest, Sort::Name][sort],
                    cursor: None,
                    limit,
                },
            )
    }

    proptest! {
        /// After any sequence of upserts and removals, every page (first and following, by
        /// cursor) equals the definition's, whichever way the plan reads it.
        #[test]
        fn pages_equal_filter_and_sort(
            ops in proptest::collection::vec((arb_listing(), any::<bool>()), 1..60),
            queries in proptest::collection::vec(arb_query(), 1..8),
            today_offset in 0u64..4,
        ) {
            let today = day("2026-11-20") + chrono::Days::new(today_offset);
            let mut ix = DirectoryIndex::new();
            let mut model: Vec<Listing<String>> = Vec::new();
            for (l, keep) in ops {
                model.retain(|m| m.id != l.id);
                if keep {
                    model.push(l.clone());
                    ix.upsert(l);
                } else {
                    ix.remove(l.id);
                }
            }
            prop_assert_eq!(ix.len(), model.len());
            // Built in one go from the final listings, the index answers the same.
            let built = DirectoryIndex::build(model.iter().cloned());
            for q in queries {
                for (ix, read) in [
                    (&ix, Read::Cheaper),
                    (&ix, Read::Walk),
                    (&ix, Read::ShortestList),
                    (&built, Read::Cheaper),
                ] {
                    // Follow the cursors to the end: each page as defined.
                    let mut q = q.clone();
                    let mut seen = 0;
                    loop {
                        let page = ix.page_read(&q, today, read);
                        let got: Vec<String> = page.firms.iter().map(|s| s.to_string()).collect();
                        let rest = expected(&model, &q, today);
                        let want: Vec<String> =
                            rest.iter().take(q.limit as usize).map(Uuid::to_string).collect();
                        prop_assert_eq!(&got, &want, "{:?} {:?}", read, q);
                        prop_assert_eq!(page.next.is_some(), rest.len() > q.limit as usize);
                        seen += got.len();
                        prop_assert!(seen <= model.len());
                        match page.next {
                            Some(c) => q.cursor = Some(c),
                            None => break,
                        }
                    }
                }
            }
        }
    }
}
