//! The registry data set shared by `directory` and `firm_page`: the demo catalogue and
//! [`FIRMS`] firms with their accounts, service items, qualifications, practitioners, evidence
//! files and (for a few) affiliations and black-list entries.
//!
//! It is written straight into the server's database through `zjcs_domain`'s entities, in large
//! multi-row inserts inside transactions: entering 100,000 firms through the API would take far
//! longer than the measurement itself. The catalogue goes through [`Services::import_items`] like
//! an operator's import; the firms bypass the services (and their per-firm audit entries), but
//! every row is filled in the way `Services::enter_firm` fills it (folded name, pinyin sort key,
//! `created_micros`, grade from the score), and afterwards the load is announced with
//! `reload_everywhere`, as after any bulk load, so that the server reloads its directory.
//!
//! The content is deterministic (fixed seeds), so every run measures the same directory; ids,
//! emails and credit codes also depend on the run id, so a reused database takes a second copy.
//! It is seeded once per run and database, however many scenarios ask for it.

use crate::scenario::Ctx;
use anyhow::{Context, anyhow};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use sha2::{Digest, Sha256};
use std::ops::Range;
use std::sync::Arc;
use std::time::Instant;
use uuid::Uuid;
use zjcs_domain::model::catalogue::{DEMO_CATALOGUE_JSON, QualRequirement, rows_from_json};
use zjcs_domain::model::firm::{AffiliationKind, CreditCode, department_key, province};
use zjcs_domain::platform::clock::now;
use zjcs_domain::platform::clock::today_in_china;
use zjcs_domain::rules::credit::{DEFAULT_LINES, grade_for};
use zjcs_domain::rules::directory::{fold, name_sort_key};
use zjcs_domain::service::directory::reload_everywhere;
use zjcs_domain::service::{ServiceConfig, Services};
use zjcs_domain::store::entities::{
    account, affiliation, attachment, attachment_content, credit_restriction, firm,
    firm_service_item, practitioner, qualification, service_item,
};
use zjcs_domain::store::{
    self, ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, Set,
};

/// Firms in the directory.
pub const FIRMS: usize = 100_000;
/// Firm ids kept for `firm_page` (sampled from the listed and suspended firms).
pub const SAMPLE: usize = 10_000;
/// Firms generated and written per transaction.
const FIRMS_PER_TX: usize = 5_000;
/// Bind parameters per INSERT statement: below SQLite's 32,766 and PostgreSQL's 65,535 with
/// room for a few more columns than the tables have today.
const BINDS_PER_STATEMENT: usize = 20_000;
/// Rows per INSERT statement at most, however narrow the table.
const MAX_ROWS_PER_STATEMENT: usize = 2_000;
/// The seed of the generated content.
const SEED: u64 = 0x7a6a_6373_2025;

/// A 2-character trade name (字号) is one of these followed by one of [`TRADE_SECOND`].
const TRADE_FIRST: [char; 20] = [
    '华', '中', '天', '恒', '博', '瑞', '信', '正', '建', '新', '宏', '金', '联', '鼎', '泰', '安',
    '远', '同', '汇', '德',
];
const TRADE_SECOND: [char; 16] = [
    '信', '诚', '通', '达', '源', '科', '盛', '业', '邦', '嘉', '辰', '和', '海', '弘', '峰', '润',
];

/// The industry word of a firm's name (行业表述), with the catalogue items such a firm
/// typically offers (by code; an empty list: any item).
pub static INDUSTRIES: &[(&str, &[&str])] = &[
    ("环境科技", &["ZJ-HP-01", "ZJ-SB-01", "ZJ-JN-01"]),
    ("环保科技", &["ZJ-HP-01", "ZJ-JN-01"]),
    ("测绘", &["ZJ-CH-01", "ZJ-FC-01", "ZJ-GH-01", "ZJ-KC-01"]),
    ("地理信息", &["ZJ-CH-01", "ZJ-GH-01", "ZJ-KC-01"]),
    (
        "工程咨询",
        &[
            "ZJ-ZJZX-01",
            "ZJ-WP-01",
            "ZJ-JN-01",
            "ZJ-JT-01",
            "ZJ-SZY-01",
        ],
    ),
    ("造价咨询", &["ZJ-ZJZX-01"]),
    ("安全技术", &["ZJ-AP-01", "ZJ-ZYB-01", "ZJ-XF-01"]),
    ("安全评价", &["ZJ-AP-01"]),
    ("检测", &["ZJ-ZLJC-01", "ZJ-FL-01", "ZJ-XF-01"]),
    ("检测技术", &["ZJ-ZLJC-01", "ZJ-FL-01"]),
    ("防雷技术", &["ZJ-FL-01"]),
    ("地质工程", &["ZJ-DZ-01", "ZJ-DZAP-01"]),
    ("勘察设计", &["ZJ-DZ-01", "ZJ-ST-01", "ZJ-KC-01"]),
    ("建筑设计", &["ZJ-ST-01"]),
    ("水利科技", &["ZJ-SB-01", "ZJ-SZY-01", "ZJ-FH-01"]),
    ("林业规划设计", &["ZJ-LD-01"]),
    ("交通规划设计", &["ZJ-JT-01"]),
    ("职业卫生技术", &["ZJ-ZYB-01"]),
    ("消防技术", &["ZJ-XF-01"]),
    ("工程管理", &["ZJ-ZJZX-01", "ZJ-ZLJC-01", "ZJ-WP-01"]),
    ("信息技术", &[]),
];

/// Cities of a province: 4-digit division prefix and short name.
pub(crate) type Cities = &'static [(&'static str, &'static str)];

/// Where firms are: province prefix (GB/T 2260), relative weight, and cities (4-digit prefix,
/// short name). Zhejiang and the big coastal provinces dominate, as on a provincial platform
/// that also admits firms from elsewhere.
pub(crate) static GEOGRAPHY: &[(&str, u32, Cities)] = &[
    ("11", 4, &[("1101", "北京")]),
    ("12", 2, &[("1201", "天津")]),
    (
        "13",
        3,
        &[
            ("1301", "石家庄"),
            ("1302", "唐山"),
            ("1304", "邯郸"),
            ("1306", "保定"),
        ],
    ),
    ("14", 2, &[("1401", "太原"), ("1402", "大同")]),
    ("15", 1, &[("1501", "呼和浩特"), ("1502", "包头")]),
    ("21", 2, &[("2101", "沈阳"), ("2102", "大连")]),
    ("22", 1, &[("2201", "长春"), ("2202", "吉林")]),
    ("23", 1, &[("2301", "哈尔滨"), ("2306", "大庆")]),
    ("31", 5, &[("3101", "上海")]),
    (
        "32",
        8,
        &[
            ("3201", "南京"),
            ("3202", "无锡"),
            ("3203", "徐州"),
            ("3204", "常州"),
            ("3205", "苏州"),
            ("3206", "南通"),
        ],
    ),
    (
        "33",
        20,
        &[
            ("3301", "杭州"),
            ("3302", "宁波"),
            ("3303", "温州"),
            ("3304", "嘉兴"),
            ("3305", "湖州"),
            ("3306", "绍兴"),
            ("3307", "金华"),
            ("3308", "衢州"),
            ("3309", "舟山"),
            ("3310", "台州"),
            ("3311", "丽水"),
        ],
    ),
    ("34", 3, &[("3401", "合肥"), ("3402", "芜湖")]),
    (
        "35",
        3,
        &[("3501", "福州"), ("3502", "厦门"), ("3505", "泉州")],
    ),
    ("36", 2, &[("3601", "南昌"), ("3607", "赣州")]),
    (
        "37",
        6,
        &[
            ("3701", "济南"),
            ("3702", "青岛"),
            ("3706", "烟台"),
            ("3707", "潍坊"),
        ],
    ),
    ("41", 4, &[("4101", "郑州"), ("4103", "洛阳")]),
    (
        "42",
        3,
        &[("4201", "武汉"), ("4205", "宜昌"), ("4206", "襄阳")],
    ),
    ("43", 3, &[("4301", "长沙"), ("4302", "株洲")]),
    (
        "44",
        8,
        &[
            ("4401", "广州"),
            ("4403", "深圳"),
            ("4404", "珠海"),
            ("4406", "佛山"),
            ("4419", "东莞"),
        ],
    ),
    ("45", 2, &[("4501", "南宁"), ("4502", "柳州")]),
    ("46", 1, &[("4601", "海口"), ("4602", "三亚")]),
    ("50", 2, &[("5001", "重庆")]),
    ("51", 4, &[("5101", "成都"), ("5107", "绵阳")]),
    ("52", 1, &[("5201", "贵阳"), ("5203", "遵义")]),
    ("53", 1, &[("5301", "昆明"), ("5303", "曲靖")]),
    ("54", 1, &[("5401", "拉萨")]),
    ("61", 2, &[("6101", "西安"), ("6104", "咸阳")]),
    ("62", 1, &[("6201", "兰州")]),
    ("63", 1, &[("6301", "西宁")]),
    ("64", 1, &[("6401", "银川")]),
    ("65", 1, &[("6501", "乌鲁木齐")]),
];

/// Qualification types for firms whose items require none (with the grades they come in).
const GENERIC_QUALIFICATIONS: [(&str, &[&str]); 4] = [
    ("质量管理体系认证", &[]),
    ("环境管理体系认证", &[]),
    ("职业健康安全管理体系认证", &[]),
    ("工程咨询单位资信评价", &["甲级", "乙级"]),
];

const PRACTITIONER_QUALIFICATIONS: [&str; 8] = [
    "注册测绘师",
    "注册安全工程师",
    "环境影响评价工程师",
    "一级造价工程师",
    "注册岩土工程师",
    "注册城乡规划师",
    "一级注册消防工程师",
    "咨询工程师（投资）",
];

const SURNAMES: [char; 30] = [
    '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭',
    '何', '高', '林', '罗', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹',
];
const GIVEN: [char; 40] = [
    '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明',
    '超', '秀', '霞', '平', '刚', '桂', '英', '华', '建', '国', '文', '辉', '鹏', '斌', '宇', '浩',
    '凯', '健', '俊', '帆', '旭', '宁', '琳', '晨',
];
const ROADS: [&str; 12] = [
    "人民", "解放", "中山", "建设", "文化", "学院", "延安", "新华", "长江", "黄河", "滨江", "科技",
];

/// A tiny but well-formed PDF: every firm's evidence file.
const EVIDENCE_PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n\
2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

/// Any argon2id hash: nobody logs in as a generated firm.
pub(crate) const PASSWORD_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$empjcy1iZW5jaC1zYWx0$\
4k8lOvmRbzU5tOlFOI5t0cEHdRJpnwUFzYPiE7rh0bA";

/// What the registry scenarios need to know about the seeded data set.
#[derive(Debug, Default)]
pub struct Registry {
    /// Ids of [`SAMPLE`] listed or suspended firms, in random order.
    pub firm_ids: Vec<Uuid>,
    /// Every service item of the catalogue.
    pub items: Vec<Uuid>,
    /// Every qualification type a generated firm may hold.
    pub qualification_types: Vec<String>,
    /// The trade names firm names are built from.
    pub trade_names: Vec<String>,
    /// The industry words firm names are built from.
    pub industries: Vec<&'static str>,
    /// Province prefixes (2 digits) that have firms.
    pub provinces: Vec<&'static str>,
    /// City prefixes (4 digits) that have firms.
    pub cities: Vec<&'static str>,
}

/// The data set on `ctx.database_url`, seeded on the first call for that database.
pub async fn registry(ctx: &Ctx) -> anyhow::Result<Arc<Registry>> {
    static SEEDED: tokio::sync::Mutex<Vec<(String, Arc<Registry>)>> =
        tokio::sync::Mutex::const_new(Vec::new());
    let mut seeded = SEEDED.lock().await;
    if let Some((_, r)) = seeded.iter().find(|(url, _)| *url == ctx.database_url) {
        return Ok(r.clone());
    }
    let r = Arc::new(seed(ctx).await?);
    seeded.push((ctx.database_url.clone(), r.clone()));
    Ok(r)
}

/// Cheap deterministic random draws for a request (SplitMix64): request `i` of worker `worker`
/// always draws the same, so runs send the same mix of requests.
pub struct Draw(u64);

impl Draw {
    pub fn new(scenario: u64, worker: usize, i: u64) -> Draw {
        Draw(scenario ^ (worker as u64).rotate_left(40) ^ i.wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with a probability of `percent` %.
    pub fn percent(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    /// One element of `v`, if it has any.
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> Option<&'a T> {
        (!v.is_empty()).then(|| &v[self.below(v.len())])
    }
}

/// The 2-character trade names.
fn trade_names() -> Vec<String> {
    TRADE_FIRST
        .iter()
        .flat_map(|&a| TRADE_SECOND.iter().map(move |&b| (a, b)))
        .filter(|(a, b)| a != b)
        .map(|(a, b)| format!("{a}{b}"))
        .collect()
}

/// A catalogue item as generation needs it.
pub(crate) struct Item {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub requirements: Vec<QualRequirement>,
}

/// Everything generation needs besides a random source; shared by the generator thread.
struct Setup {
    items: Vec<Item>,
    /// Per industry (index into [`INDUSTRIES`]): the indexes into `items` it typically offers.
    industry_items: Vec<Vec<usize>>,
    trade_names: Vec<String>,
    run_id: String,
    /// Added to a firm's number to make the organisation part of its credit code.
    code_offset: u64,
    now: DateTime<Utc>,
    today: NaiveDate,
    evidence_sha256: String,
}

/// One transaction's worth of rows.
#[derive(Default)]
struct Batch {
    accounts: Vec<account::ActiveModel>,
    firms: Vec<firm::ActiveModel>,
    files: Vec<attachment::ActiveModel>,
    contents: Vec<attachment_content::ActiveModel>,
    firm_items: Vec<firm_service_item::ActiveModel>,
    qualifications: Vec<qualification::ActiveModel>,
    practitioners: Vec<practitioner::ActiveModel>,
    affiliations: Vec<affiliation::ActiveModel>,
    restrictions: Vec<credit_restriction::ActiveModel>,
    /// Firms that may be shown (listed or suspended).
    visible: Vec<Uuid>,
}

impl Batch {
    fn rows(&self) -> usize {
        self.accounts.len()
            + self.firms.len()
            + self.files.len()
            + self.contents.len()
            + self.firm_items.len()
            + self.qualifications.len()
            + self.practitioners.len()
            + self.affiliations.len()
            + self.restrictions.len()
    }
}

/// The demo catalogue, imported with [`Services::import_items`] like an operator's import (a
/// refresh when it is there already), and read back: the items generation draws from.
pub(crate) async fn catalogue(db: &store::Db) -> anyhow::Result<Vec<Item>> {
    let services = Services::new(db.clone(), ServiceConfig::default());
    let rows = rows_from_json(DEMO_CATALOGUE_JSON)
        .map_err(|e| anyhow!("reading the demo catalogue: {}", e.code))?;
    services
        .import_items(None, rows)
        .await
        .context("importing the demo catalogue")?;
    let items: Vec<Item> = service_item::Entity::find()
        .filter(service_item::Column::Retired.eq(false))
        .order_by_asc(service_item::Column::Code)
        .all(db)
        .await
        .context("reading the catalogue back")?
        .into_iter()
        .map(|m| Item {
            id: m.id,
            requirements: serde_json::from_str(&m.qualifications).unwrap_or_default(),
            code: m.code,
            name: m.name,
        })
        .collect();
    if items.is_empty() {
        anyhow::bail!("the catalogue is empty after importing the demo catalogue");
    }
    Ok(items)
}

/// What firm generation needs, for this run.
async fn setup(ctx: &Ctx, db: &store::Db) -> anyhow::Result<Setup> {
    let items = catalogue(db).await?;
    let industry_items = INDUSTRIES
        .iter()
        .map(|(_, wanted)| {
            let found: Vec<usize> = (0..items.len())
                .filter(|&i| wanted.contains(&items[i].code.as_str()))
                .collect();
            if found.is_empty() {
                (0..items.len()).collect()
            } else {
                found
            }
        })
        .collect();
    for (prefix, _, _) in GEOGRAPHY {
        province(prefix).with_context(|| format!("unknown province prefix {prefix}"))?;
    }
    Ok(Setup {
        items,
        industry_items,
        trade_names: trade_names(),
        code_offset: code_offset(&ctx.run_id),
        run_id: ctx.run_id.clone(),
        now: now(),
        today: today_in_china(),
        evidence_sha256: hex::encode(Sha256::digest(EVIDENCE_PDF)),
    })
}

async fn seed(ctx: &Ctx) -> anyhow::Result<Registry> {
    let started = Instant::now();
    let db = store::connect(&ctx.database_url)
        .await
        .context("connecting to the bench database")?;
    let setup = Arc::new(setup(ctx, &db).await?);
    let mut qualification_types: Vec<String> = setup
        .items
        .iter()
        .flat_map(|i| i.requirements.iter().map(|r| r.qual_type.clone()))
        .chain(GENERIC_QUALIFICATIONS.iter().map(|(t, _)| (*t).to_owned()))
        .collect();
    qualification_types.sort();
    qualification_types.dedup();

    // Generation runs on a blocking thread, one batch ahead of the inserts.
    let (send, mut receive) = tokio::sync::mpsc::channel::<Batch>(1);
    let generator = {
        let setup = setup.clone();
        tokio::task::spawn_blocking(move || {
            for (n, start) in (0..FIRMS).step_by(FIRMS_PER_TX).enumerate() {
                let batch = generate(&setup, n as u64, start..(start + FIRMS_PER_TX).min(FIRMS));
                if send.blocking_send(batch).is_err() {
                    break;
                }
            }
        })
    };
    // PostgreSQL spends most of the time in its backend (index upkeep, foreign-key checks), one
    // core per connection: two transactions at once use both cores. SQLite has one writer.
    let parallel = if store::is_sqlite(&ctx.database_url) {
        1
    } else {
        2
    };
    let mut inserting = tokio::task::JoinSet::new();
    let mut visible = Vec::with_capacity(FIRMS);
    let mut rows = 0;
    while let Some(batch) = receive.recv().await {
        rows += batch.rows();
        visible.extend_from_slice(&batch.visible);
        if inserting.len() >= parallel
            && let Some(done) = inserting.join_next().await
        {
            done??;
        }
        let (db, url) = (db.clone(), ctx.database_url.clone());
        inserting.spawn(async move { insert_batch(&db, &url, batch).await });
    }
    while let Some(done) = inserting.join_next().await {
        done??;
    }
    generator.await.context("generating the data set")?;
    let inserted = started.elapsed();

    // The server's directory is an index in memory, kept current by a change log that entry
    // writes; a bulk load tells every instance to reload it (the server does so in the
    // background within a second).
    reload_everywhere(&db)
        .await
        .context("announcing the bulk load")?;

    let t = Instant::now();
    db.execute_unprepared("ANALYZE")
        .await
        .context("ANALYZE after seeding")?;
    if store::is_sqlite(&ctx.database_url) {
        // Fold the seeded pages into the main file, so that the server's reads do not go
        // through a WAL of a few hundred megabytes.
        db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
            .await
            .context("checkpointing the WAL after seeding")?;
    }
    let analyzed = t.elapsed();
    db.close().await.ok();
    eprintln!(
        "  registry data set: {FIRMS} firms, {rows} rows inserted in {:.1} s, \
         ANALYZE{} {:.1} s; {:.1} s in all",
        inserted.as_secs_f64(),
        if store::is_sqlite(&ctx.database_url) {
            " + checkpoint"
        } else {
            ""
        },
        analyzed.as_secs_f64(),
        started.elapsed().as_secs_f64(),
    );

    visible.shuffle(&mut StdRng::seed_from_u64(SEED));
    visible.truncate(SAMPLE);
    let mut provinces: Vec<&'static str> = GEOGRAPHY.iter().map(|(p, _, _)| *p).collect();
    provinces.sort();
    Ok(Registry {
        firm_ids: visible,
        items: setup.items.iter().map(|i| i.id).collect(),
        qualification_types,
        trade_names: setup.trade_names.clone(),
        industries: INDUSTRIES.iter().map(|(w, _)| *w).collect(),
        provinces,
        cities: GEOGRAPHY
            .iter()
            .flat_map(|(_, _, cities)| cities.iter().map(|(c, _)| *c))
            .collect(),
    })
}

/// A firm that bids in `bid_storm`, with the account its session belongs to.
#[derive(Debug, Clone, Copy)]
pub struct Bidder {
    pub firm_id: Uuid,
    pub account_id: Uuid,
}

/// Batch numbers of bidder firms start here (the registry's are 0, 1, …), so that their content
/// and ids differ from the registry's.
const BIDDER_BATCHES: u64 = 1_000;

/// Seeds `n` (at most [`FIRMS`]) more firms with the registry's generator, as the registry does
/// (same rows, same inserts), but all of them listed and without affiliations or credit
/// restrictions: firms that may register for any project that requires no qualification. They
/// are numbered after the registry's firms, so their emails and credit codes never collide with
/// it. Like any bulk load it ends with `reload_everywhere`: they appear in the directory too.
pub async fn bidders(ctx: &Ctx, n: usize) -> anyhow::Result<Vec<Bidder>> {
    anyhow::ensure!(n <= FIRMS, "at most {FIRMS} bidders");
    let db = store::connect(&ctx.database_url)
        .await
        .context("connecting to the bench database")?;
    let setup = setup(ctx, &db).await?;
    let mut out = Vec::with_capacity(n);
    for (b, start) in (0..n).step_by(FIRMS_PER_TX).enumerate() {
        let range = FIRMS + start..FIRMS + (start + FIRMS_PER_TX).min(n);
        let mut batch = generate(&setup, BIDDER_BATCHES + b as u64, range);
        let grade = grade_for(95, DEFAULT_LINES).as_str();
        for f in &mut batch.firms {
            if f.status.as_ref() != "listed" {
                f.status = Set("listed".into());
                f.credit_score = Set(95);
                f.credit_grade = Set(grade.into());
            }
            out.push(Bidder {
                firm_id: *f.id.as_ref(),
                account_id: *f.account_id.as_ref(),
            });
        }
        batch.affiliations.clear();
        batch.restrictions.clear();
        insert_batch(&db, &ctx.database_url, batch)
            .await
            .context("inserting bidder firms")?;
    }
    reload_everywhere(&db)
        .await
        .context("announcing the bulk load")?;
    db.close().await.ok();
    Ok(out)
}

/// Where this run's credit codes start (their organisation part), from the run id, so that a
/// reused database is unlikely to see a code twice. Room for the registry's firms and as many
/// bidders after them.
fn code_offset(run_id: &str) -> u64 {
    // FNV-1a: stable across builds, unlike std's hasher.
    let hash = run_id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    hash % (31u64.pow(9) - 2 * FIRMS as u64)
}

/// The 9-character organisation part of a credit code for `n`, in the code's alphabet.
fn organisation_code(mut n: u64) -> String {
    let alphabet = CreditCode::ALPHABET.as_bytes();
    let mut out = [b'0'; 9];
    for slot in out.iter_mut().rev() {
        *slot = alphabet[(n % 31) as usize];
        n /= 31;
    }
    out.iter().map(|&b| b as char).collect()
}

pub(crate) fn person_name(rng: &mut StdRng) -> String {
    let mut name = String::new();
    name.push(SURNAMES[rng.gen_range(0..SURNAMES.len())]);
    for _ in 0..rng.gen_range(1..=2) {
        name.push(GIVEN[rng.gen_range(0..GIVEN.len())]);
    }
    name
}

/// A version-4 id drawn from `rng`.
pub(crate) fn uuid(rng: &mut StdRng) -> Uuid {
    uuid::Builder::from_random_bytes(rng.r#gen()).into_uuid()
}

/// Who issues a qualification of this type, in this province.
fn issuer(qual_type: &str, province_zh: &str) -> String {
    let body = if qual_type.contains("测绘") || qual_type.contains("地质") {
        "自然资源厅"
    } else if qual_type.contains("安全") && !qual_type.contains("职业健康") {
        "应急管理厅"
    } else if qual_type.contains("雷电") {
        "气象局"
    } else if qual_type.contains("施工图") || qual_type.contains("建设工程") {
        "住房和城乡建设厅"
    } else if qual_type.contains("放射") {
        "卫生健康委员会"
    } else if qual_type.contains("资信") {
        return "中国工程咨询协会".into();
    } else {
        return "中国质量认证中心".into();
    };
    format!("{province_zh}{body}")
}

/// Picks a province by weight.
pub(crate) fn pick_province(rng: &mut StdRng) -> &'static (&'static str, u32, Cities) {
    let total: u32 = GEOGRAPHY.iter().map(|(_, w, _)| w).sum();
    let mut x = rng.gen_range(0..total);
    for p in GEOGRAPHY {
        if x < p.1 {
            return p;
        }
        x -= p.1;
    }
    &GEOGRAPHY[0]
}

/// Generates the firms numbered `range` (batch `n`).
fn generate(setup: &Setup, n: u64, range: Range<usize>) -> Batch {
    let mut rng = StdRng::seed_from_u64(SEED ^ (n + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    // Ids come from their own source, mixed with the run id, so that a reused database gets
    // new ones while the content stays the same.
    let mut ids = StdRng::seed_from_u64(setup.code_offset ^ n.wrapping_mul(0x2545_f491_4f6c_dd1d));
    let mut b = Batch::default();
    let pdf_len = EVIDENCE_PDF.len() as i64;
    for k in range {
        let firm_id = uuid(&mut ids);
        let account_id = uuid(&mut ids);
        let file_id = uuid(&mut ids);

        let &(prefix, _, cities) = pick_province(&mut rng);
        let (province_zh, _) = province(prefix).unwrap_or(("", ""));
        let &(city, city_name) = &cities[rng.gen_range(0..cities.len())];
        let region = format!("{city}{:02}", rng.gen_range(1..=12));
        let industry = rng.gen_range(0..INDUSTRIES.len());
        let trade = &setup.trade_names[rng.gen_range(0..setup.trade_names.len())];
        let name = format!("{city_name}{trade}{}有限公司", INDUSTRIES[industry].0);
        let code = CreditCode::complete(&format!(
            "91{region}{}",
            organisation_code(setup.code_offset + k as u64)
        ))
        .map(|c| c.as_str().to_owned())
        .unwrap_or_default();

        let status = match rng.gen_range(0..1000) {
            0..10 => "blacklisted",
            10..30 => "suspended",
            _ => "listed",
        };
        let score: i32 = match status {
            "blacklisted" => rng.gen_range(40..=69),
            "suspended" => rng.gen_range(40..=59),
            _ if rng.gen_bool(0.85) => 88 + (0..3).map(|_| rng.gen_range(0..=6)).sum::<i32>(),
            _ => rng.gen_range(40..=120),
        };
        let created_at =
            setup.now - Duration::microseconds(rng.gen_range(0..3 * 365 * 86_400 * 1_000_000_i64));
        if status != "blacklisted" {
            b.visible.push(firm_id);
        }

        // Service items: mostly from the industry, sometimes one from elsewhere.
        let candidates = &setup.industry_items[industry];
        let how_many = rng.gen_range(1..=3).min(candidates.len());
        let mut chosen: Vec<usize> = candidates
            .choose_multiple(&mut rng, how_many)
            .copied()
            .collect();
        if chosen.len() < 4 && rng.gen_bool(0.3) {
            let extra = rng.gen_range(0..setup.items.len());
            if !chosen.contains(&extra) {
                chosen.push(extra);
            }
        }
        for &i in &chosen {
            b.firm_items.push(firm_service_item::ActiveModel {
                firm_id: Set(firm_id),
                item_id: Set(setup.items[i].id),
            });
        }
        let item_names: Vec<&str> = chosen
            .iter()
            .map(|&i| setup.items[i].name.as_str())
            .collect();

        let evaluation_count = if rng.gen_bool(0.4) {
            0
        } else {
            rng.gen_range(1..=40)
        };
        // Municipalities (北京市…) are their own city.
        let address = if province_zh.strip_suffix('市') == Some(city_name) {
            format!(
                "{province_zh}{}路{}号",
                ROADS[rng.gen_range(0..ROADS.len())],
                rng.gen_range(1..=999)
            )
        } else {
            format!(
                "{province_zh}{city_name}市{}路{}号",
                ROADS[rng.gen_range(0..ROADS.len())],
                rng.gen_range(1..=999)
            )
        };
        b.accounts.push(account::ActiveModel {
            id: Set(account_id),
            email: Set(format!("bench-firm-{k}-{}@example.cn", setup.run_id)),
            name: Set(name.clone()),
            role: Set("intermediary".into()),
            owner_kind: Set(None),
            password_hash: Set(PASSWORD_HASH.into()),
            email_verified_at: Set(Some(created_at)),
            created_at: Set(created_at),
            password_changed_at: Set(created_at),
            rated_count: Set(0),
            rated_closing_out_sum: Set(0),
            rated_payment_sum: Set(0),
        });
        b.firms.push(firm::ActiveModel {
            id: Set(firm_id),
            account_id: Set(account_id),
            credit_code: Set(code.clone()),
            name_folded: Set(fold(&name)),
            name_sort_key: Set(name_sort_key(&name)),
            name: Set(name.clone()),
            legal_rep_name: Set(person_name(&mut rng)),
            legal_rep_id_hash: Set(String::new()),
            region_code: Set(region.clone()),
            address: Set(address),
            contact_name: Set(person_name(&mut rng)),
            contact_phone: Set(format!(
                "1{}{:09}",
                rng.gen_range(3..=9),
                rng.gen_range(0..1_000_000_000)
            )),
            description: Set(format!(
                "{name}专业从事{}等中介服务。",
                item_names.join("、")
            )),
            committed_at: Set(created_at),
            status: Set(status.into()),
            credit_score: Set(score),
            credit_grade: Set(grade_for(score, DEFAULT_LINES).as_str().into()),
            award_count: Set(if rng.gen_bool(0.05) {
                rng.gen_range(1..=3)
            } else {
                0
            }),
            evaluation_count: Set(evaluation_count),
            evaluation_sum: Set(i64::from(evaluation_count) * 3
                + rng.gen_range(0..=2 * i64::from(evaluation_count))),
            created_at: Set(created_at),
            created_micros: Set(created_at.timestamp_micros()),
            updated_at: Set(created_at),
            suspended_until: Set(None),
            blacklisted_until: Set(None),
            grade_e_since: Set(None),
        });
        b.files.push(attachment::ActiveModel {
            id: Set(file_id),
            account_id: Set(account_id),
            firm_id: Set(Some(firm_id)),
            kind: Set("pdf".into()),
            // Sealed, as the services store them (rules::seal).
            size: Set(0),
            sha256: Set(String::new()),
            name: Set(String::new()),
            created_at: Set(created_at),
            sealed_meta: Set(Some(zjcs_domain::rules::seal::seal_file_meta(
                &crate::bench_seal_key(),
                &file_id,
                &zjcs_domain::rules::seal::SealedFileMeta {
                    name: "资质证书.pdf".into(),
                    size: pdf_len,
                    sha256: setup.evidence_sha256.clone(),
                },
                zjcs_domain::rules::seal::random_nonce(),
            ))),
        });
        b.contents.push(attachment_content::ActiveModel {
            file_id: Set(file_id),
            bytes: Set(crate::bench_seal_key_sealed(
                &zjcs_domain::rules::seal::evidence_context(&file_id),
                EVIDENCE_PDF,
            )),
        });

        // Qualifications: what the chosen items require, topped up with generic ones.
        let mut types: Vec<(String, Vec<String>)> = Vec::new();
        for &i in &chosen {
            for r in &setup.items[i].requirements {
                if !types.iter().any(|(t, _)| *t == r.qual_type) {
                    types.push((r.qual_type.clone(), r.grades.clone()));
                }
            }
        }
        types.shuffle(&mut rng);
        let wanted = rng.gen_range(1..=3);
        types.truncate(wanted);
        while types.len() < wanted {
            let (t, grades) =
                GENERIC_QUALIFICATIONS[rng.gen_range(0..GENERIC_QUALIFICATIONS.len())];
            if !types.iter().any(|(have, _)| have == t) {
                types.push((t.into(), grades.iter().map(|g| (*g).to_owned()).collect()));
            }
        }
        for (qual_type, grades) in types {
            let (valid_from, valid_until) = if rng.gen_bool(0.8) {
                (
                    setup.today - Duration::days(rng.gen_range(30..=1800)),
                    setup.today + Duration::days(rng.gen_range(30..=1800)),
                )
            } else {
                let until = setup.today - Duration::days(rng.gen_range(1..=700));
                (until - Duration::days(5 * 365), until)
            };
            b.qualifications.push(qualification::ActiveModel {
                id: Set(uuid(&mut ids)),
                firm_id: Set(firm_id),
                grade: Set(grades.choose(&mut rng).cloned().unwrap_or_default()),
                number: Set(format!(
                    "{prefix}{}-{:06}",
                    valid_from.format("%Y"),
                    rng.gen_range(0..1_000_000)
                )),
                issuer: Set(issuer(&qual_type, province_zh)),
                qual_type: Set(qual_type),
                valid_from: Set(valid_from),
                valid_until: Set(valid_until),
                evidence_file_id: Set(file_id),
                created_at: Set(created_at),
            });
        }

        for _ in 0..rng.gen_range(0..=2) {
            b.practitioners.push(practitioner::ActiveModel {
                id: Set(uuid(&mut ids)),
                firm_id: Set(firm_id),
                name: Set(person_name(&mut rng)),
                qualification: Set(PRACTITIONER_QUALIFICATIONS
                    [rng.gen_range(0..PRACTITIONER_QUALIFICATIONS.len())]
                .into()),
                certificate_number: Set(format!("{prefix}{:08}", rng.gen_range(0..100_000_000))),
                valid_until: Set(rng
                    .gen_bool(0.7)
                    .then(|| setup.today + Duration::days(rng.gen_range(-365..=1800)))),
                evidence_file_id: Set(file_id),
                created_at: Set(created_at),
            });
        }

        if rng.gen_bool(0.05) {
            let department = format!("{city_name}市自然资源和规划局");
            let kind = AffiliationKind::ALL[rng.gen_range(0..AffiliationKind::ALL.len())];
            b.affiliations.push(affiliation::ActiveModel {
                id: Set(uuid(&mut ids)),
                firm_id: Set(firm_id),
                department_key: Set(department_key(&department)),
                department: Set(department),
                kind: Set(kind.as_str().into()),
                note: Set(String::new()),
                created_at: Set(created_at),
            });
        }

        if status == "blacklisted" {
            let starts_at = created_at + (setup.now - created_at) / 2;
            b.restrictions.push(credit_restriction::ActiveModel {
                id: Set(uuid(&mut ids)),
                kind: Set("blacklist".into()),
                credit_code: Set(code),
                reason: Set("提供虚假材料骗取中选资格（压测数据）".into()),
                source: Set("zjcs-bench".into()),
                starts_at: Set(starts_at),
                ends_at: Set(None),
                created_at: Set(starts_at),
                via_firm_id: Set(None),
            });
        }
    }
    b
}

/// Writes one batch in one transaction, parents before children.
async fn insert_batch(db: &store::Db, url: &str, b: Batch) -> anyhow::Result<()> {
    let tx = store::begin_write(db)
        .await
        .context("beginning a seeding transaction")?;
    if store::is_sqlite(url) {
        // Random ids scatter the inserts over every index: with SQLite's default 2 MB page
        // cache most of them miss, and a 256 MB one loads markedly faster (figures: this bench's
        // README, section "Figures moved from code comments"). Per connection.
        tx.execute_unprepared("PRAGMA cache_size = -262144")
            .await
            .context("enlarging the page cache")?;
    }
    // The column counts of the entities; one that falls behind a new column only makes the
    // statements a little larger than planned, within the room BINDS_PER_STATEMENT leaves.
    insert_all(&tx, b.accounts, 9).await.context("accounts")?;
    insert_all(&tx, b.firms, 23).await.context("firms")?;
    insert_all(&tx, b.files, 9)
        .await
        .context("evidence files")?;
    insert_all(&tx, b.contents, 2)
        .await
        .context("evidence content")?;
    insert_all(&tx, b.firm_items, 2)
        .await
        .context("firm service items")?;
    insert_all(&tx, b.qualifications, 10)
        .await
        .context("qualifications")?;
    insert_all(&tx, b.practitioners, 8)
        .await
        .context("practitioners")?;
    insert_all(&tx, b.affiliations, 7)
        .await
        .context("affiliations")?;
    insert_all(&tx, b.restrictions, 8)
        .await
        .context("credit restrictions")?;
    tx.commit().await.context("committing a seeding batch")?;
    Ok(())
}

/// Inserts `rows` (of a table with `columns` columns) in multi-row statements that stay within
/// both engines' bind-parameter limits.
pub(crate) async fn insert_all<A>(
    tx: &DatabaseTransaction,
    rows: Vec<A>,
    columns: usize,
) -> anyhow::Result<()>
where
    A: ActiveModelTrait + Send,
{
    let per_statement = (BINDS_PER_STATEMENT / columns).clamp(1, MAX_ROWS_PER_STATEMENT);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(per_statement).collect();
        <A::Entity as EntityTrait>::insert_many(chunk)
            .exec_without_returning(tx)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_rows_are_well_formed() {
        let setup = Setup {
            items: vec![Item {
                id: Uuid::new_v4(),
                code: "ZJ-CH-01".into(),
                name: "工程测绘".into(),
                requirements: vec![QualRequirement {
                    qual_type: "测绘资质".into(),
                    grades: vec!["甲级".into()],
                }],
            }],
            industry_items: INDUSTRIES.iter().map(|_| vec![0]).collect(),
            trade_names: trade_names(),
            run_id: "test".into(),
            code_offset: code_offset("test"),
            now: now(),
            today: today_in_china(),
            evidence_sha256: String::new(),
        };
        let b = generate(&setup, 0, 0..500);
        assert_eq!(b.firms.len(), 500);
        assert!(b.qualifications.len() >= 500);
        for f in &b.firms {
            let code = f.credit_code.clone().unwrap();
            assert!(CreditCode::parse(&code).is_ok(), "{code}");
            let region = f.region_code.clone().unwrap();
            assert!(
                zjcs_domain::model::firm::RegionCode::parse(&region, "region").is_ok(),
                "{region}"
            );
            assert_eq!(&code[2..8], region);
        }
        assert!(trade_names().len() >= 300);
        assert_eq!(organisation_code(0), "000000000");
        assert_eq!(organisation_code(31), "000000010");
    }
}
