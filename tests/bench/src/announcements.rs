//! The announcement data set shared by `announcement_list`, `project_page` and `bid_storm`: the
//! demo catalogue, [`OWNERS`] project owners and [`PUBLISHED`] announced projects open for
//! registration plus [`CLOSED`] older ones (half cancelled, half failed for too few registrants),
//! over every catalogue item, region and selection method, published over the last weeks.
//!
//! Like the registry it is written straight into the server's database through `zjcs_domain`'s
//! entities (posting 11,000 projects over the API would need owners to log in and draft and
//! publish each one), filled in as `Services::create_project` and `publish_project` fill the rows:
//! `deadline_micros` and `published_micros` beside the times, the method's parameters as
//! `MethodParams` JSON, and a draw seed with its commitment (SHA-256 of the 32 secret bytes).
//! No audit entries are written. Every open project's deadline is days ahead, so that the
//! server's closing job leaves them alone during the run.
//!
//! The content is the same in every run (fixed seeds); ids and emails also depend on the run id.
//! Seeded once per run and database, however many scenarios ask for it.

use crate::dataset::{self, GEOGRAPHY, Item, insert_all, person_name, pick_province, uuid};
use crate::scenario::Ctx;
use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::sync::Arc;
use std::time::Instant;
use uuid::Uuid;
use zjcs_domain::model::firm::province;
use zjcs_domain::platform::clock::now;
use zjcs_domain::rules::draw::Seed;
use zjcs_domain::service::procurement::projects::MethodParams;
use zjcs_domain::store::entities::{account, project};
use zjcs_domain::store::{self, ConnectionTrait, Set};

/// Announced projects open for registration.
pub const PUBLISHED: usize = 10_000;
/// Older projects that are over: half cancelled, half failed (too few registrants).
pub const CLOSED: usize = 1_000;
/// Owner accounts (departments and companies) the projects belong to.
pub const OWNERS: usize = 200;
/// Projects written per transaction.
const PER_TX: usize = 5_000;
/// The seed of the generated content.
const SEED: u64 = 0x7a6a_6373_7072_6a31;

/// Selection methods and their relative weights (random draws dominate small jobs).
const METHODS: [(&str, u32); 5] = [
    ("random-draw", 35),
    ("lowest-price", 25),
    ("credit-preferred", 20),
    ("comprehensive", 10),
    ("direct", 10),
];

/// What a project is about (the title is city + subject + item name).
const SUBJECTS: [&str; 16] = [
    "城东污水处理厂扩建工程",
    "老旧小区综合改造项目",
    "工业园区基础设施建设项目",
    "第二中学新建教学楼工程",
    "滨江绿道提升工程",
    "国道改建工程",
    "人民医院门诊综合楼项目",
    "农村生活污水治理项目",
    "高新区标准厂房项目",
    "垃圾焚烧发电厂技改项目",
    "智慧物流园项目",
    "水库除险加固工程",
    "城市轨道交通配套工程",
    "新材料产业园项目",
    "体育中心改造工程",
    "保障性租赁住房项目",
];

const DEPARTMENTS: [&str; 8] = [
    "自然资源和规划局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "教育局",
    "发展和改革局",
    "卫生健康委员会",
];

/// What the announcement scenarios need to know about the seeded data set.
#[derive(Debug, Default)]
pub struct Announcements {
    /// Every seeded project (open and closed), in random order.
    pub project_ids: Vec<Uuid>,
    /// Every service item of the catalogue.
    pub items: Vec<Uuid>,
    /// The owners' account ids.
    pub owners: Vec<Uuid>,
    /// Province prefixes (2 digits) with projects.
    pub provinces: Vec<&'static str>,
    /// City prefixes (4 digits) with projects.
    pub cities: Vec<&'static str>,
}

/// The data set on `ctx.database_url`, seeded on the first call for that database.
pub async fn announcements(ctx: &Ctx) -> anyhow::Result<Arc<Announcements>> {
    static SEEDED: tokio::sync::Mutex<Vec<(String, Arc<Announcements>)>> =
        tokio::sync::Mutex::const_new(Vec::new());
    let mut seeded = SEEDED.lock().await;
    if let Some((_, a)) = seeded.iter().find(|(url, _)| *url == ctx.database_url) {
        return Ok(a.clone());
    }
    let a = Arc::new(seed(ctx).await?);
    seeded.push((ctx.database_url.clone(), a.clone()));
    Ok(a)
}

/// One project row as `create_project` + `publish_project` would leave it.
pub struct Posting<'a> {
    pub id: Uuid,
    pub owner: Uuid,
    pub item: &'a Item,
    pub region: String,
    pub title: String,
    pub budget_fen: i64,
    pub method: &'static str,
    pub params: MethodParams,
    /// JSON `[{"type": …, "grades": […]}]`.
    pub required_qualifications: String,
    pub deadline: DateTime<Utc>,
    pub published_at: DateTime<Utc>,
    /// `published`, `cancelled` or `failed`.
    pub status: &'static str,
}

impl Posting<'_> {
    /// The row, with the rest drawn from `rng` (scope, contact, service days, the draw's seed).
    pub fn row(self, rng: &mut StdRng) -> project::ActiveModel {
        let seed = Seed(rng.r#gen());
        let created_at = self.published_at - Duration::hours(rng.gen_range(1..=72));
        let selection_at = self.deadline + Duration::days(rng.gen_range(1..=3));
        let (cancel_reason, closed_at, failed_reason, updated_at) = match self.status {
            "cancelled" => (
                Some("项目计划调整，本次采购取消（压测数据）".to_owned()),
                None,
                None,
                self.published_at + Duration::days(2),
            ),
            "failed" => (
                None,
                Some(self.deadline + Duration::milliseconds(300)),
                Some("too-few-registrants".to_owned()),
                self.deadline + Duration::milliseconds(300),
            ),
            _ => (None, None, None, self.published_at),
        };
        project::ActiveModel {
            id: Set(self.id),
            owner_account_id: Set(self.owner),
            item_id: Set(self.item.id),
            scope: Set(format!(
                "为{}提供{}服务，包括资料收集、现场踏勘、编制成果文件并配合审批部门完成审查，\
                 按审查意见修改完善直至取得批复。",
                self.title, self.item.name
            )),
            title: Set(self.title),
            region_code: Set(self.region),
            budget_fen: Set(self.budget_fen),
            service_days: Set(rng.gen_range(10..=90)),
            fund_source: Set(if rng.gen_bool(0.7) {
                "self-funded".into()
            } else {
                "department-budget".into()
            }),
            required_qualifications: Set(self.required_qualifications),
            method: Set(self.method.into()),
            method_params: Set(serde_json::to_string(&self.params).unwrap_or_default()),
            registration_deadline: Set(self.deadline),
            deadline_micros: Set(self.deadline.timestamp_micros()),
            selection_at: Set(selection_at),
            contact_name: Set(person_name(rng)),
            contact_phone: Set(format!(
                "0571{:08}",
                rng.gen_range(10_000_000..100_000_000_u32)
            )),
            avoid: Set("[]".into()),
            status: Set(self.status.into()),
            cancel_reason: Set(cancel_reason),
            seed_commitment: Set(Some(seed.commitment())),
            seed_secret: Set(Some(zjcs_domain::rules::seal::seal_text(
                &crate::bench_seal_key(),
                &zjcs_domain::rules::seal::project_seed_context(&self.id),
                &seed.to_hex(),
                zjcs_domain::rules::seal::random_nonce(),
            ))),
            published_at: Set(Some(self.published_at)),
            published_micros: Set(Some(self.published_at.timestamp_micros())),
            created_at: Set(created_at),
            updated_at: Set(updated_at),
            round: Set(1),
            closed_at: Set(closed_at),
            draw_doc: Set(None),
            failed_reason: Set(failed_reason),
        }
    }
}

/// The method's parameters as `create_project` stores them for that method.
pub fn params_for(method: &str, rng: &mut StdRng) -> MethodParams {
    match method {
        "credit-preferred" => MethodParams {
            long_list: Some(rng.gen_range(5..=15)),
            short_list: Some(3),
            ..Default::default()
        },
        "lowest-price" => MethodParams {
            abnormal_percent: Some(70),
            ..Default::default()
        },
        "comprehensive" => {
            let price = [30, 40, 50][rng.gen_range(0..3)];
            MethodParams {
                weight_price: Some(price),
                weight_plan: Some(80 - price),
                weight_credit: Some(20),
                ..Default::default()
            }
        }
        _ => MethodParams::default(),
    }
}

/// A 6-digit region in a city (weighted by province) and the city's name.
pub fn pick_region(rng: &mut StdRng) -> (String, &'static str) {
    let &(_, _, cities) = pick_province(rng);
    let &(city, city_name) = &cities[rng.gen_range(0..cities.len())];
    (format!("{city}{:02}", rng.gen_range(1..=12)), city_name)
}

fn pick_method(rng: &mut StdRng) -> &'static str {
    let total: u32 = METHODS.iter().map(|(_, w)| w).sum();
    let mut x = rng.gen_range(0..total);
    for (m, w) in METHODS {
        if x < w {
            return m;
        }
        x -= w;
    }
    METHODS[0].0
}

/// Owner accounts: departments (`自然资源和规划局` of a city) and companies.
pub fn owner_rows(run_id: &str, rng: &mut StdRng) -> Vec<account::ActiveModel> {
    let t = now();
    (0..OWNERS)
        .map(|k| {
            let (_, city) = pick_region(rng);
            let (name, kind) = if k % 2 == 0 {
                (
                    format!(
                        "{city}市{}",
                        DEPARTMENTS[rng.gen_range(0..DEPARTMENTS.len())]
                    ),
                    "department",
                )
            } else {
                (
                    format!(
                        "{city}{}集团有限公司",
                        ["城市建设投资", "交通投资", "水务", "产业发展"][rng.gen_range(0..4)]
                    ),
                    "company",
                )
            };
            let created_at = t - Duration::days(rng.gen_range(30..=900));
            account::ActiveModel {
                id: Set(uuid(rng)),
                email: Set(format!("bench-owner-{k}-{run_id}@example.cn")),
                name: Set(name),
                role: Set("owner".into()),
                owner_kind: Set(Some(kind.into())),
                password_hash: Set(dataset::PASSWORD_HASH.into()),
                email_verified_at: Set(Some(created_at)),
                created_at: Set(created_at),
                password_changed_at: Set(created_at),
                rated_count: Set(0),
                rated_closing_out_sum: Set(0),
                rated_payment_sum: Set(0),
            }
        })
        .collect()
}

async fn seed(ctx: &Ctx) -> anyhow::Result<Announcements> {
    let started = Instant::now();
    let db = store::connect(&ctx.database_url)
        .await
        .context("connecting to the bench database")?;
    let items = dataset::catalogue(&db).await?;
    let mut rng = StdRng::seed_from_u64(SEED);
    // Ids from their own source, mixed with the run id (the content stays the same).
    let mut ids = StdRng::seed_from_u64(SEED ^ fnv(&ctx.run_id));
    let t = now();

    let owners = owner_rows(&ctx.run_id, &mut ids);
    let owner_ids: Vec<Uuid> = owners.iter().map(|o| *o.id.as_ref()).collect();
    let mut rows = Vec::with_capacity(PUBLISHED + CLOSED);
    for k in 0..PUBLISHED + CLOSED {
        let item = &items[rng.gen_range(0..items.len())];
        let (region, city) = pick_region(&mut rng);
        let subject = SUBJECTS[rng.gen_range(0..SUBJECTS.len())];
        let method = pick_method(&mut rng);
        let params = params_for(method, &mut rng);
        let (status, published_at, deadline) = if k < PUBLISHED {
            // Open: published within the last 20 days, deadline 1–25 days ahead.
            let published = t - Duration::seconds(rng.gen_range(0..20 * 86_400));
            let deadline = t + Duration::seconds(rng.gen_range(86_400..25 * 86_400));
            ("published", published, deadline)
        } else {
            let published = t - Duration::seconds(rng.gen_range(30 * 86_400..365 * 86_400));
            let deadline = published + Duration::days(rng.gen_range(10..=20));
            let status = if k % 2 == 0 { "cancelled" } else { "failed" };
            (status, published, deadline)
        };
        // Budgets: 20,000 to 2,000,000 yuan, in whole yuan.
        let budget_fen = rng.gen_range(20_000..=2_000_000_i64) * 100;
        let required = if rng.gen_bool(0.7) {
            serde_json::to_string(&item.requirements).unwrap_or_else(|_| "[]".into())
        } else {
            "[]".into()
        };
        let posting = Posting {
            id: uuid(&mut ids),
            owner: owner_ids[rng.gen_range(0..owner_ids.len())],
            item,
            region,
            title: format!("{city}市{subject}{}", item.name),
            budget_fen,
            method,
            params,
            required_qualifications: required,
            deadline,
            published_at,
            status,
        };
        rows.push(posting.row(&mut rng));
    }
    let mut project_ids: Vec<Uuid> = rows.iter().map(|r| *r.id.as_ref()).collect();
    let count = rows.len();

    let tx = store::begin_write(&db).await?;
    insert_all(&tx, owners, 9).await.context("owner accounts")?;
    tx.commit().await?;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(PER_TX).collect();
        let tx = store::begin_write(&db).await?;
        insert_all(&tx, chunk, 30).await.context("projects")?;
        tx.commit().await?;
    }
    let inserted = started.elapsed();
    analyze(&db, &ctx.database_url).await?;
    db.close().await.ok();
    eprintln!(
        "  announcement data set: {count} projects ({PUBLISHED} open), {OWNERS} owners, \
         inserted in {:.1} s; {:.1} s in all",
        inserted.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );

    project_ids.shuffle(&mut StdRng::seed_from_u64(SEED));
    let mut provinces: Vec<&'static str> = GEOGRAPHY.iter().map(|(p, _, _)| *p).collect();
    provinces.sort();
    for p in &provinces {
        province(p).with_context(|| format!("unknown province prefix {p}"))?;
    }
    Ok(Announcements {
        project_ids,
        items: items.iter().map(|i| i.id).collect(),
        owners: owner_ids,
        provinces,
        cities: GEOGRAPHY
            .iter()
            .flat_map(|(_, _, cities)| cities.iter().map(|(c, _)| *c))
            .collect(),
    })
}

/// Statistics for the planners after a bulk load (and on SQLite a WAL checkpoint, so that the
/// server does not read through a long WAL).
pub async fn analyze(db: &store::Db, url: &str) -> anyhow::Result<()> {
    db.execute_unprepared("ANALYZE")
        .await
        .context("ANALYZE after seeding")?;
    if store::is_sqlite(url) {
        db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
            .await
            .context("checkpointing the WAL after seeding")?;
    }
    Ok(())
}

/// FNV-1a of a string (stable across builds, unlike std's hasher).
pub fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
