//! A synthetic market for surveillance tests and the `market_statistics` benchmark: opened
//! projects with their bids, awards and contracts, written straight into storage (taking
//! 100,000 projects through the services would take hours), filled in as the services fill
//! those rows. Deterministic for a seed.
//!
//! Optionally a **bid-rotation ring** is planted: two firms that bid together on
//! [`RING_PROJECTS`] lowest-price projects (with [`RING_COVER`] honest firms who never win
//! them) and take turns winning, which is what the surveillance rules must find and name.
//!
//! [`simulate`] is the same market in memory, honest or with one pattern planted, for
//! measuring the warnings' false-warning and detection rates.

pub mod simulate;

use crate::rules::draw::Seed;
use crate::service::procurement::projects::MethodParams;
use crate::store::entities::{award, project, registration};
use crate::store::{ActiveModelTrait, DatabaseTransaction, Db, EntityTrait, Set, TransactionTrait};
use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

/// Projects of the planted ring.
pub const RING_PROJECTS: usize = 12;

/// Honest firms bidding on each of the ring's projects (and never winning one): with seven
/// bidders, chance gives the pair 2/7 of each project, and twelve wins in twelve are far out
/// (p ≈ 3 × 10⁻⁷).
pub const RING_COVER: usize = 5;

/// What to generate.
#[derive(Debug, Clone)]
pub struct MarketSpec {
    /// Honest projects (the ring's come on top).
    pub projects: usize,
    /// Existing firms, owner accounts and catalogue items to draw from.
    pub firms: Vec<Uuid>,
    pub owners: Vec<Uuid>,
    pub items: Vec<Uuid>,
    /// Region codes to draw from (six digits).
    pub regions: Vec<String>,
    /// Two firms to plant as a rotation ring (they should not be in `firms`).
    pub ring: Option<[Uuid; 2]>,
    /// Publication dates spread over this many days before now.
    pub days: i64,
    pub seed: u64,
    /// Red flags to plant besides the ring.
    pub plants: Plants,
}

/// Red flags to plant (issue 25), each on the first item and region.
#[derive(Debug, Clone, Default)]
pub struct Plants {
    /// This owner buys the item six times at 96–99.8 % of the direct-selection threshold
    /// (¥50,000) within 50 days.
    pub split_purchase: Option<Uuid>,
    /// This firm (not among `firms`) bids on ten lowest-price projects, never wins, always
    /// about 20 % above the winner.
    pub cover_bidder: Option<Uuid>,
    /// This owner's draw fails with this firm its only registrant; twenty days later the owner
    /// awards the same item directly to the firm.
    pub failed_then_direct: Option<(Uuid, Uuid)>,
    /// These three firms (not among `firms`) bid on nine draws together, each with five
    /// honest firms, and take turns winning (issue 25: each pair wins 6 of its 9 joint
    /// projects, each firm 3).
    pub ring_of_three: Option<[Uuid; 3]>,
}

/// What was generated.
#[derive(Debug, Clone, Default)]
pub struct Generated {
    pub projects: usize,
    pub registrations: usize,
    pub awards: usize,
    pub ring_projects: Vec<Uuid>,
    /// The planted red flags' projects.
    pub split_projects: Vec<Uuid>,
    pub cover_projects: Vec<Uuid>,
    /// The failed project, then the direct award.
    pub failed_then_direct: Vec<Uuid>,
    pub ring_of_three_projects: Vec<Uuid>,
}

const METHODS: [&str; 5] = [
    "random-draw",
    "lowest-price",
    "credit-preferred",
    "comprehensive",
    "direct",
];

#[derive(Default)]
struct Rows {
    projects: Vec<project::ActiveModel>,
    registrations: Vec<registration::ActiveModel>,
    awards: Vec<award::ActiveModel>,
}

fn uuid(rng: &mut StdRng) -> Uuid {
    uuid::Builder::from_random_bytes(rng.r#gen()).into_uuid()
}

struct Posting<'a> {
    owner: Uuid,
    item: Uuid,
    region: &'a str,
    method: &'static str,
    published_at: DateTime<Utc>,
    budget_fen: i64,
    /// Firm and price of each bid.
    bids: Vec<(Uuid, i64)>,
    /// Index of the winning bid; none: failed for lack of bidders.
    winner: Option<usize>,
}

fn push(rows: &mut Rows, p: Posting<'_>, rng: &mut StdRng, now: DateTime<Utc>) -> Uuid {
    let id = uuid(rng);
    let seed = Seed(rng.r#gen());
    let deadline = p.published_at + Duration::days(7);
    let closed_at = deadline + Duration::milliseconds(300);
    let failed = p.winner.is_none();
    let awarded_at = closed_at + Duration::days(1);
    let signed = awarded_at + Duration::days(rng.gen_range(4..=30));
    let contracted = !failed && signed < now;
    let status = if failed {
        "failed"
    } else if contracted {
        "contracted"
    } else {
        "awarded"
    };
    let priced = !matches!(p.method, "random-draw" | "credit-preferred");
    let params = match p.method {
        "credit-preferred" => MethodParams {
            long_list: Some(10),
            short_list: Some(3),
            ..MethodParams::default()
        },
        "lowest-price" => MethodParams {
            abnormal_percent: Some(20),
            ..MethodParams::default()
        },
        "comprehensive" => MethodParams {
            weight_price: Some(40),
            weight_plan: Some(40),
            weight_credit: Some(20),
            ..MethodParams::default()
        },
        _ => MethodParams::default(),
    };
    rows.projects.push(project::ActiveModel {
        id: Set(id),
        owner_account_id: Set(p.owner),
        item_id: Set(p.item),
        title: Set(format!("监测样本项目 {}", &id.simple().to_string()[..8])),
        scope: Set("合成数据：用于市场监测的测试与基准。".into()),
        region_code: Set(p.region.to_owned()),
        budget_fen: Set(p.budget_fen),
        service_days: Set(30),
        fund_source: Set("self-funded".into()),
        required_qualifications: Set("[]".into()),
        method: Set(p.method.into()),
        method_params: Set(serde_json::to_string(&params).unwrap_or_default()),
        registration_deadline: Set(deadline),
        deadline_micros: Set(deadline.timestamp_micros()),
        selection_at: Set(deadline + Duration::days(1)),
        contact_name: Set("王五".into()),
        contact_phone: Set("0571-88880000".into()),
        avoid: Set("[]".into()),
        status: Set(status.into()),
        cancel_reason: Set(None),
        seed_commitment: Set(Some(seed.commitment())),
        // Revealed by the draw of a closed project; the services keep it sealed (rules::seal).
        seed_secret: Set(None),
        published_at: Set(Some(p.published_at)),
        published_micros: Set(Some(p.published_at.timestamp_micros())),
        created_at: Set(p.published_at - Duration::hours(2)),
        updated_at: Set(if contracted { signed } else { closed_at }),
        round: Set(1),
        closed_at: Set(Some(closed_at)),
        draw_doc: Set(None),
        failed_reason: Set(failed.then(|| "too-few-registrants".to_owned())),
    });
    for (i, (firm, price)) in p.bids.iter().enumerate() {
        let won = p.winner == Some(i);
        rows.registrations.push(registration::ActiveModel {
            id: Set(uuid(rng)),
            project_id: Set(id),
            firm_id: Set(*firm),
            round: Set(1),
            status: Set("active".into()),
            price_fen: Set(priced.then_some(*price)),
            plan_file_id: Set(None),
            plan_sha256: Set(None),
            nonce: Set(format!("{:032x}", rng.r#gen::<u128>())),
            receipt: Set(format!("{:064x}", rng.r#gen::<u128>())),
            credit_score: Set(Some(100)),
            plan_score: Set(None),
            decision: Set(Some(if won { "awarded" } else { "not-awarded" }.into())),
            decision_reason: Set(None),
            created_at: Set(p.published_at + Duration::hours(rng.gen_range(1..150))),
            updated_at: Set(closed_at),
            // Opened: every synthetic project has closed.
            sealed_bid: Set(None),
        });
    }
    if let Some(w) = p.winner {
        let (firm, price) = p.bids[w];
        rows.awards.push(award::ActiveModel {
            id: Set(uuid(rng)),
            project_id: Set(id),
            round: Set(1),
            firm_id: Set(firm),
            price_fen: Set(if priced { price } else { p.budget_fen }),
            reason: Set("合成数据".into()),
            decided_by: Set(None),
            status: Set(if contracted { "contracted" } else { "notice" }.into()),
            awarded_at: Set(awarded_at),
            notice_until: Set(awarded_at + Duration::days(3)),
            contract_due: Set(awarded_at + Duration::days(10)),
            contract_document_id: Set(None),
            contract_signed_on: Set(contracted.then(|| signed.date_naive())),
            contract_price_fen: Set(contracted.then_some(if priced {
                price
            } else {
                p.budget_fen
            })),
            contract_service_days: Set(contracted.then_some(30)),
            contract_terms: Set(None),
            refusal_reason: Set(None),
            contract_reminded_at: Set(None),
            updated_at: Set(if contracted { signed } else { awarded_at }),
        });
    }
    id
}

async fn insert_chunked<A>(
    tx: &DatabaseTransaction,
    rows: Vec<A>,
    columns: usize,
) -> crate::error::Result<()>
where
    A: ActiveModelTrait + Send,
{
    // Under SQLite's 32,766 bound parameters a statement.
    let per = (30_000 / columns).clamp(1, 1_000);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(per).collect();
        <A::Entity as EntityTrait>::insert_many(chunk)
            .exec_without_returning(tx)
            .await?;
    }
    Ok(())
}

/// Generates and writes the market, in transactions of about 5,000 projects.
pub async fn generate(db: &Db, spec: &MarketSpec) -> crate::error::Result<Generated> {
    let mut rng = StdRng::seed_from_u64(spec.seed);
    let now = Utc::now();
    let mut out = Generated::default();
    let mut rows = Rows::default();
    let total = spec.projects
        + if spec.ring.is_some() {
            RING_PROJECTS
        } else {
            0
        };
    let ring_at: Vec<usize> = if spec.ring.is_some() {
        // Spread the ring's projects through the honest ones.
        (0..RING_PROJECTS)
            .map(|i| i * total / RING_PROJECTS)
            .collect()
    } else {
        Vec::new()
    };
    let mut ring_n = 0;
    for n in 0..total {
        let published_at = now - Duration::days(spec.days.max(1))
            + Duration::seconds(rng.gen_range(0..spec.days.max(1) * 86_400 - 86_400 * 8));
        let owner = *spec.owners.choose(&mut rng).expect("owners");
        let item = *spec.items.choose(&mut rng).expect("items");
        let region = spec.regions.choose(&mut rng).expect("regions").as_str();
        let budget_fen = rng.gen_range(50_000..2_000_000i64) * 100;
        let posting = if let (Some(ring), true) = (spec.ring, ring_at.get(ring_n) == Some(&n)) {
            // The ring: both bid with honest firms, the one whose turn it is bids lowest.
            let turn = ring_n % 2;
            ring_n += 1;
            let low = budget_fen * 80 / 100;
            let mut bids = vec![
                (ring[turn], low),
                (ring[1 - turn], low + budget_fen * 7 / 100),
            ];
            for (i, honest) in spec.firms.choose_multiple(&mut rng, RING_COVER).enumerate() {
                bids.push((*honest, low + budget_fen * (9 + i as i64) / 100));
            }
            Posting {
                owner,
                item,
                region,
                method: "lowest-price",
                published_at,
                budget_fen,
                bids,
                winner: Some(0),
            }
        } else {
            let method = METHODS[rng.gen_range(0..METHODS.len())];
            let minimum = if method == "direct" { 1 } else { 2 };
            // One in twenty fails for lack of bidders.
            let count = if rng.gen_range(0..20) == 0 {
                minimum - 1
            } else if method == "direct" {
                1
            } else {
                rng.gen_range(2..=7)
            };
            let mut firms: Vec<Uuid> = spec
                .firms
                .choose_multiple(&mut rng, count.min(spec.firms.len()))
                .copied()
                .collect();
            firms.shuffle(&mut rng);
            let bids: Vec<(Uuid, i64)> = firms
                .into_iter()
                .map(|f| (f, budget_fen * rng.gen_range(600..=1000) / 1000))
                .collect();
            let winner = if bids.len() < minimum {
                None
            } else if method == "lowest-price" {
                bids.iter()
                    .enumerate()
                    .min_by_key(|(_, (_, p))| *p)
                    .map(|(i, _)| i)
            } else {
                Some(rng.gen_range(0..bids.len()))
            };
            Posting {
                owner,
                item,
                region,
                method,
                published_at,
                budget_fen,
                bids,
                winner,
            }
        };
        let in_ring = posting.method == "lowest-price"
            && spec
                .ring
                .is_some_and(|r| posting.bids.iter().any(|(f, _)| r.contains(f)));
        let id = push(&mut rows, posting, &mut rng, now);
        if in_ring {
            out.ring_projects.push(id);
        }
        if rows.projects.len() >= 5_000 || n + 1 == total {
            out.projects += rows.projects.len();
            out.registrations += rows.registrations.len();
            out.awards += rows.awards.len();
            let batch = std::mem::take(&mut rows);
            let tx = db.begin().await?;
            insert_chunked(&tx, batch.projects, 31).await?;
            insert_chunked(&tx, batch.registrations, 17).await?;
            insert_chunked(&tx, batch.awards, 19).await?;
            tx.commit().await?;
        }
    }
    let extra = plant(&mut rows, spec, &mut rng, now, &mut out);
    if extra > 0 {
        out.projects += rows.projects.len();
        out.registrations += rows.registrations.len();
        out.awards += rows.awards.len();
        let tx = db.begin().await?;
        insert_chunked(&tx, rows.projects, 31).await?;
        insert_chunked(&tx, rows.registrations, 17).await?;
        insert_chunked(&tx, rows.awards, 19).await?;
        tx.commit().await?;
    }
    Ok(out)
}

/// The red flags of `spec.plants`, into `rows`; how many projects.
fn plant(
    rows: &mut Rows,
    spec: &MarketSpec,
    rng: &mut StdRng,
    now: DateTime<Utc>,
    out: &mut Generated,
) -> usize {
    let item = spec.items[0];
    let region = spec.regions[0].as_str();
    let owner = spec.owners[0];
    let mut n = 0;
    let day = |d: i64| now - Duration::days(d) - Duration::hours(3);
    if let Some(o) = spec.plants.split_purchase {
        for i in 0..6 {
            let budget_fen = 4_800_000 + i * 19_000 + rng.gen_range(0..1_000);
            let firm = *spec.firms.choose(rng).expect("firms");
            let id = push(
                rows,
                Posting {
                    owner: o,
                    item,
                    region,
                    method: "direct",
                    published_at: day(90 - i * 10),
                    budget_fen,
                    bids: vec![(firm, budget_fen)],
                    winner: Some(0),
                },
                rng,
                now,
            );
            out.split_projects.push(id);
            n += 1;
        }
    }
    if let Some(cover) = spec.plants.cover_bidder {
        for i in 0..10 {
            let budget_fen = rng.gen_range(100_000..1_000_000i64) * 100;
            let mut bids: Vec<(Uuid, i64)> = spec
                .firms
                .choose_multiple(rng, 3)
                .map(|f| (*f, budget_fen * rng.gen_range(600..=1000) / 1000))
                .collect();
            let low = bids.iter().map(|b| b.1).min().unwrap_or(budget_fen);
            let winner = bids.iter().position(|b| b.1 == low);
            bids.push((cover, low * rng.gen_range(1_195..=1_205) / 1_000));
            let id = push(
                rows,
                Posting {
                    owner,
                    item,
                    region,
                    method: "lowest-price",
                    published_at: day(150 - i * 12),
                    budget_fen,
                    bids,
                    winner,
                },
                rng,
                now,
            );
            out.cover_projects.push(id);
            n += 1;
        }
    }
    if let Some((o, firm)) = spec.plants.failed_then_direct {
        let failed = push(
            rows,
            Posting {
                owner: o,
                item,
                region,
                method: "random-draw",
                published_at: day(60),
                budget_fen: 4_500_000,
                bids: vec![(firm, 4_500_000)],
                winner: None,
            },
            rng,
            now,
        );
        let direct = push(
            rows,
            Posting {
                owner: o,
                item,
                region,
                method: "direct",
                published_at: day(40),
                budget_fen: 4_400_000,
                bids: vec![(firm, 4_400_000)],
                winner: Some(0),
            },
            rng,
            now,
        );
        out.failed_then_direct = vec![failed, direct];
        n += 2;
    }
    if let Some(ring) = spec.plants.ring_of_three {
        for i in 0..9 {
            let budget_fen = rng.gen_range(100_000..1_000_000i64) * 100;
            let mut bids: Vec<(Uuid, i64)> = ring.iter().map(|f| (*f, budget_fen)).collect();
            bids.extend(spec.firms.choose_multiple(rng, 5).map(|f| (*f, budget_fen)));
            let id = push(
                rows,
                Posting {
                    owner,
                    item,
                    region,
                    method: "random-draw",
                    published_at: day(170 - i * 15),
                    budget_fen,
                    bids,
                    winner: Some(i as usize % 3),
                },
                rng,
                now,
            );
            out.ring_of_three_projects.push(id);
            n += 1;
        }
    }
    n
}
