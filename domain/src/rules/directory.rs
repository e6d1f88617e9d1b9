//! The public directory (网上展示) query: filters, order and keyset pagination. Pagination is by
//! cursor (the last row's sort key and id), so pages stay stable while firms enter, and no page
//! needs a count of everything before it.

use super::credit::Grade;
use crate::error::FieldError;
use crate::model::firm::RegionPrefix;
use uuid::Uuid;

/// The order of the directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// By credit score, highest first (the default); equal scores in a fixed random order (by
    /// opaque id) so that no firm is favoured for its name or age.
    #[default]
    Credit,
    /// Newest entrants first.
    Newest,
    /// By name, in pinyin order for common characters (GBK order).
    Name,
}

impl Sort {
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Credit => "credit",
            Sort::Newest => "newest",
            Sort::Name => "name",
        }
    }

    pub fn parse(s: &str) -> Option<Sort> {
        match s.trim() {
            "" | "credit" => Some(Sort::Credit),
            "newest" => Some(Sort::Newest),
            "name" => Some(Sort::Name),
            _ => None,
        }
    }
}

/// Where a page starts: just after the row with this sort key and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cursor {
    Credit { score: i32, id: Uuid },
    Newest { micros: i64, id: Uuid },
    Name { key: String, id: Uuid },
}

impl Cursor {
    /// An opaque token for the next page.
    pub fn encode(&self) -> String {
        let plain = match self {
            Cursor::Credit { score, id } => format!("c|{score}|{id}"),
            Cursor::Newest { micros, id } => format!("n|{micros}|{id}"),
            Cursor::Name { key, id } => format!("a|{key}|{id}"),
        };
        hex::encode(plain)
    }

    /// Reads a token; it must belong to the sort asked for.
    pub fn decode(token: &str, sort: Sort) -> Option<Cursor> {
        let bytes = hex::decode(token.trim()).ok()?;
        let plain = String::from_utf8(bytes).ok()?;
        let mut parts = plain.splitn(3, '|');
        let (tag, key, id) = (parts.next()?, parts.next()?, parts.next()?);
        let id = Uuid::parse_str(id).ok()?;
        match (tag, sort) {
            ("c", Sort::Credit) => Some(Cursor::Credit {
                score: key.parse().ok()?,
                id,
            }),
            ("n", Sort::Newest) => Some(Cursor::Newest {
                micros: key.parse().ok()?,
                id,
            }),
            ("a", Sort::Name)
                if key.len() <= 1000 && key.bytes().all(|b| b.is_ascii_hexdigit()) =>
            {
                Some(Cursor::Name {
                    key: key.to_owned(),
                    id,
                })
            }
            _ => None,
        }
    }
}

/// A directory search as given (query string or form).
#[derive(Debug, Clone, Default)]
pub struct DirectoryParams {
    pub q: String,
    pub item: String,
    pub region: String,
    pub qualification: String,
    pub grade: String,
    pub sort: String,
    pub cursor: String,
    pub limit: Option<u64>,
}

/// A directory search that parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryQuery {
    /// A substring of the name, lower-cased (Chinese or Latin).
    pub q: Option<String>,
    pub item: Option<Uuid>,
    pub region: Option<RegionPrefix>,
    /// A qualification type held and valid today.
    pub qualification: Option<String>,
    pub grade: Option<Grade>,
    pub sort: Sort,
    pub cursor: Option<Cursor>,
    pub limit: u64,
}

impl DirectoryQuery {
    pub const DEFAULT_LIMIT: u64 = 20;
    pub const MAX_LIMIT: u64 = 100;
    pub const MAX_Q_CHARS: usize = 50;

    pub fn parse(p: &DirectoryParams) -> Result<DirectoryQuery, Vec<FieldError>> {
        let mut errors = Vec::new();
        let q = crate::model::text::line(&p.q, "q", Self::MAX_Q_CHARS, false)
            .map_err(|e| errors.push(e))
            .unwrap_or_default();
        let q = q.as_str();
        let item = match p.item.trim() {
            "" => None,
            s => Uuid::parse_str(s)
                .map_err(|_| errors.push(FieldError::new("item", "field.id.invalid")))
                .ok(),
        };
        let region = match p.region.trim() {
            "" => None,
            s => RegionPrefix::parse(s).map_err(|e| errors.push(e)).ok(),
        };
        let qualification = crate::model::text::line(&p.qualification, "qualification", 100, false)
            .map_err(|e| errors.push(e))
            .unwrap_or_default();
        let qualification = qualification.as_str();
        let grade = match p.grade.trim() {
            "" => None,
            s => Grade::parse(s)
                .ok_or_else(|| errors.push(FieldError::new("grade", "field.grade.invalid")))
                .ok(),
        };
        let sort = Sort::parse(&p.sort).unwrap_or_else(|| {
            errors.push(FieldError::new("sort", "field.sort.invalid"));
            Sort::Credit
        });
        let cursor = match p.cursor.trim() {
            "" => None,
            s => Cursor::decode(s, sort)
                .ok_or_else(|| errors.push(FieldError::new("cursor", "field.cursor.invalid")))
                .ok(),
        };
        let limit = p.limit.unwrap_or(Self::DEFAULT_LIMIT);
        if !(1..=Self::MAX_LIMIT).contains(&limit) {
            errors.push(FieldError::new("limit", "field.out-of-range"));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(DirectoryQuery {
            q: (!q.is_empty()).then(|| fold(q)),
            item,
            region,
            qualification: (!qualification.is_empty()).then(|| qualification.to_owned()),
            grade,
            sort,
            cursor,
            limit,
        })
    }
}

/// The form of a name that substring search matches against: lower-cased, whitespace removed,
/// full-width ASCII folded to half-width (so "ＡＢＣ" finds "abc").
///
/// One character in, at most one out: the folded name is stored in a column as wide as the name
/// (200 characters), and `İ` lower-cases to two (`i` and a combining dot), so 200 of them would
/// not fit. Its first, `i`, is what a searcher types.
pub fn fold(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .collect()
}

/// The most hex digits a sort key has: the width of its column (`firm.name_sort_key`).
pub const NAME_SORT_KEY_MAX: usize = 1000;

/// The key names sort by: the name in GB 18030, hex-encoded. GB 18030's two-byte part is GBK,
/// which places the 3,755 common characters of GB 2312 in pinyin order; every other character
/// (an emoji, a rare ideograph) has a four-byte code, so no character falls back to an escape.
/// Hex keeps byte order under any database collation, so both engines sort the same way.
///
/// At most [`NAME_SORT_KEY_MAX`] digits: a name of 200 four-byte characters would make 1,600.
/// The key keeps its first 500 bytes (at least 125 characters); names alike that far sort by id
/// among themselves, as equal names do.
pub fn name_sort_key(name: &str) -> String {
    let folded = fold(name);
    let (bytes, _, _) = encoding_rs::GB18030.encode(&folded);
    let mut key = hex::encode(bytes);
    key.truncate(NAME_SORT_KEY_MAX);
    key
}

/// The two-character pieces of a folded name (or query), each once, in order of first
/// appearance. A name contains a query only if it has every piece of the query, so the pieces
/// narrow a search before the exact substring test (see [`super::directory_index`]).
pub fn name_grams(folded: &str) -> Vec<String> {
    let chars: Vec<char> = folded.chars().collect();
    let mut grams: Vec<String> = Vec::new();
    for pair in chars.windows(2) {
        let g: String = pair.iter().collect();
        if !grams.contains(&g) {
            grams.push(g);
        }
    }
    grams
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let q = DirectoryQuery::parse(&DirectoryParams::default()).unwrap();
        assert_eq!(q.sort, Sort::Credit);
        assert_eq!(q.limit, 20);
        assert_eq!(q.q, None);
    }

    #[test]
    fn every_bad_parameter_is_reported() {
        let p = DirectoryParams {
            q: "x".repeat(51),
            item: "nope".into(),
            region: "99".into(),
            grade: "F".into(),
            sort: "price".into(),
            cursor: "zz".into(),
            limit: Some(0),
            ..Default::default()
        };
        let fields: Vec<_> = DirectoryQuery::parse(&p)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            vec!["q", "item", "region", "grade", "sort", "cursor", "limit"]
        );
    }

    #[test]
    fn cursors_round_trip_and_belong_to_their_sort() {
        let id = Uuid::new_v4();
        for (c, sort) in [
            (Cursor::Credit { score: -5, id }, Sort::Credit),
            (
                Cursor::Newest {
                    micros: 1_700_000_000_000_000,
                    id,
                },
                Sort::Newest,
            ),
            (
                Cursor::Name {
                    key: name_sort_key("测绘"),
                    id,
                },
                Sort::Name,
            ),
        ] {
            assert_eq!(Cursor::decode(&c.encode(), sort), Some(c.clone()));
            let other = if sort == Sort::Credit {
                Sort::Name
            } else {
                Sort::Credit
            };
            assert_eq!(Cursor::decode(&c.encode(), other), None);
        }
        assert_eq!(Cursor::decode("6e7c317c", Sort::Newest), None);
    }

    #[test]
    fn grams() {
        assert_eq!(name_grams("青山青山"), vec!["青山", "山青"]);
        assert!(name_grams("青").is_empty());
    }

    #[test]
    fn names_fold_for_search() {
        assert_eq!(fold(" 杭州 ＡＢＣ Survey "), "杭州abcsurvey");
    }

    #[test]
    fn common_characters_sort_in_pinyin_order() {
        // 安 (an) < 北 (bei) < 测 (ce) < 张 (zhang)
        let mut names = vec!["张氏测绘", "测绘院", "北方评估", "安全评价所"];
        names.sort_by_key(|n| name_sort_key(n));
        assert_eq!(names, vec!["安全评价所", "北方评估", "测绘院", "张氏测绘"]);
    }

    proptest::proptest! {
        /// Any accepted firm name (one line of at most 200 characters, whatever they are) has a
        /// folded form and a sort key that fit their columns: 200 emoji made a 3,600-digit key
        /// (GBK escapes them as `&#128512;`) and PostgreSQL refused the row.
        #[test]
        fn keys_of_any_accepted_name_fit_their_columns(
            cs in proptest::collection::vec(proptest::prelude::any::<char>(), 1..=200),
            four_byte in proptest::prelude::any::<bool>(),
        ) {
            let raw: String = if four_byte {
                cs.iter().map(|c| char::from_u32(0x1F600 + (*c as u32 % 0x50)).unwrap()).collect()
            } else {
                cs.into_iter().collect()
            };
            if let Ok(name) = crate::model::text::line(&raw, "name", 200, true) {
                proptest::prop_assert!(fold(&name).chars().count() <= 200);
                let key = name_sort_key(&name);
                proptest::prop_assert!(key.len() <= NAME_SORT_KEY_MAX, "{}", key.len());
                proptest::prop_assert!(hex::decode(&key).is_ok());
            }
        }
    }

    #[test]
    fn the_longest_name_of_four_byte_characters_keeps_a_key_that_fits() {
        let name = "😀".repeat(200);
        assert_eq!(name_sort_key(&name).len(), NAME_SORT_KEY_MAX);
        assert_eq!(fold(&"İ".repeat(200)).chars().count(), 200);
        // Emoji get codes of their own (no escape), in code point order.
        assert!(name_sort_key("😀") < name_sort_key("😁"));
    }
}
