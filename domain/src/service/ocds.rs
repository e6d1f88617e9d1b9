//! Open data in the Open Contracting Data Standard 1.1 (OCDS, 开放合同数据标准): a public
//! project as one release — the tender, its awards and contracts, and after the opening its bids
//! (the bid extension) — and releases gathered into a release package. Pure: the service reads
//! the project and its selection, this module only maps them.
//!
//! Choices, where the standard leaves them to the publisher:
//! - `ocid` = the platform's prefix + `-` + the project's id: stable for the project's life.
//! - A release describes the project as it stands now; its `id` is a digest of its content, so a
//!   changed project gives a new release id and an unchanged one the same (crawlers can tell).
//! - `tag` lists the stages the release carries: `tender`; `award` once awarded; `contract` once
//!   a contract is signed; `tenderCancellation` for a cancelled project.
//! - Amounts are in yuan (`CNY`), from fen; parties are identified by the platform's ids.
//! - The method maps to `procurementMethod` (`direct` for direct selection, `open` for the
//!   others: any firm may register) with the platform's method in `procurementMethodDetails`.

use super::Services;
use crate::error::{Error, Result};
use crate::model::project::AwardStatus;
use crate::model::project::{BidDecision, MethodKind, ProjectStatus};
use crate::platform::clock::now;
use crate::service::procurement::SelectionView;
use crate::service::procurement::projects::ProjectView;
use crate::store;
use crate::store::ocds::Changed;
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The ocid prefix until a deployment registers its own (`ZJCS_OCID_PREFIX`).
pub const DEFAULT_OCID_PREFIX: &str = "ocds-zjcs00";
/// The publisher's name in the packages.
pub const PUBLISHER_NAME: &str = "中介超市（网上中介服务超市）";
/// Releases per page of the feed, at most.
pub const MAX_FEED_PAGE: u64 = 100;

/// The OCDS version the packages declare.
pub const VERSION: &str = "1.1";
/// The bid extension (bids after the opening), declared in every package.
pub const BID_EXTENSION: &str = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json";

/// Who publishes, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publisher {
    /// The publisher's name in the packages.
    pub name: String,
    /// The site's base URL (`https://…`, no trailing slash).
    pub base_url: String,
    /// The registered ocid prefix (`ocds-` and six characters).
    pub ocid_prefix: String,
}

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Yuan from fen, as a JSON number with at most two decimals.
fn money(fen: i64) -> Value {
    let amount = if fen % 100 == 0 {
        json!(fen / 100)
    } else {
        json!(fen as f64 / 100.0)
    };
    json!({ "amount": amount, "currency": "CNY" })
}

/// The project's ocid.
pub fn ocid(publisher: &Publisher, project: &ProjectView) -> String {
    format!("{}-{}", publisher.ocid_prefix, project.id)
}

fn tender_status(status: ProjectStatus) -> &'static str {
    match status {
        ProjectStatus::Draft => "planning",
        ProjectStatus::Published | ProjectStatus::Selecting => "active",
        ProjectStatus::Failed => "unsuccessful",
        ProjectStatus::Awarded | ProjectStatus::Contracted => "complete",
        ProjectStatus::Cancelled => "cancelled",
    }
}

fn award_status(status: AwardStatus) -> &'static str {
    match status {
        AwardStatus::Notice => "pending",
        AwardStatus::Contracted => "active",
        AwardStatus::Refused | AwardStatus::Overturned => "cancelled",
    }
}

/// One release: the project as it stands, with its selection's public record.
pub fn release(publisher: &Publisher, p: &ProjectView, s: &SelectionView) -> Value {
    let ocid = ocid(publisher, p);
    let buyer_id = format!("owner-{}", p.owner_account_id);
    let mut parties = vec![json!({
        "id": buyer_id,
        "name": p.owner_name,
        "roles": ["buyer", "procuringEntity"],
    })];
    let mut party_ids = vec![buyer_id.clone()];
    let firm_id = |f: &uuid::Uuid| format!("firm-{f}");
    let mut add_party = |id: String, name: &str, role: &str, parties: &mut Vec<Value>| {
        if let Some(i) = party_ids.iter().position(|x| *x == id) {
            let roles = parties[i]["roles"].as_array_mut().expect("roles");
            if !roles.iter().any(|r| r == role) {
                roles.push(json!(role));
            }
        } else {
            party_ids.push(id.clone());
            parties.push(json!({ "id": id, "name": name, "roles": [role] }));
        }
    };
    let mut tenderers = Vec::new();
    for b in &s.bids {
        add_party(firm_id(&b.firm_id), &b.firm_name, "tenderer", &mut parties);
        tenderers.push(json!({ "id": firm_id(&b.firm_id), "name": b.firm_name }));
    }
    let mut tender = json!({
        "id": p.id.to_string(),
        "title": p.title,
        "description": p.scope,
        "status": tender_status(p.status),
        "procuringEntity": { "id": buyer_id, "name": p.owner_name },
        "items": [{
            "id": "1",
            "description": p.item_name,
            "classification": {
                "scheme": "zjcs-catalogue",
                "id": p.item_code,
                "description": p.item_name,
            },
            "deliveryAddress": { "region": p.province_zh, "postalCode": p.region_code },
        }],
        "value": money(p.budget_fen),
        "procurementMethod": if p.method == MethodKind::Direct { "direct" } else { "open" },
        "procurementMethodDetails": p.method,
        "mainProcurementCategory": "services",
        "tenderPeriod": {
            "endDate": ts(p.registration_deadline),
        },
        "awardPeriod": { "startDate": ts(p.selection_at) },
        "contractPeriod": { "durationInDays": p.service_days },
        "documents": [{
            "id": "announcement",
            "documentType": "tenderNotice",
            "title": p.title,
            "url": format!("{}/projects/{}", publisher.base_url, p.id),
            "format": "text/html",
            "language": "zh",
        }],
    });
    if let Some(published) = p.published_at {
        tender["tenderPeriod"]["startDate"] = json!(ts(published));
        tender["datePublished"] = json!(ts(published));
    }
    if s.closed_at.is_some() {
        tender["numberOfTenderers"] = json!(s.bids.len());
        tender["tenderers"] = json!(tenderers);
    }
    let mut awards = Vec::new();
    let mut contracts = Vec::new();
    for a in &s.awards {
        add_party(firm_id(&a.firm_id), &a.firm_name, "supplier", &mut parties);
        let award_id = a.id.to_string();
        awards.push(json!({
            "id": award_id,
            "title": p.title,
            "status": award_status(a.status),
            "date": ts(a.awarded_at),
            "value": money(a.price_fen),
            "suppliers": [{ "id": firm_id(&a.firm_id), "name": a.firm_name }],
            "contractPeriod": { "durationInDays": a.service_days },
        }));
        if let Some(signed) = a.contract_signed_on {
            let mut c = json!({
                "id": format!("{award_id}-contract"),
                "awardID": award_id,
                "title": p.title,
                "status": if a.status == AwardStatus::Contracted { "active" } else { "terminated" },
                "value": money(a.contract_price_fen.unwrap_or(a.price_fen)),
                "dateSigned": format!("{signed}T00:00:00+08:00"),
                "period": {
                    "durationInDays": a.contract_service_days.unwrap_or(a.service_days),
                },
            });
            if let Some(terms) = &a.contract_terms {
                c["description"] = json!(terms);
            }
            contracts.push(c);
        }
    }
    let mut body = json!({
        "ocid": ocid,
        "initiationType": "tender",
        "language": "zh",
        "parties": parties,
        "buyer": { "id": buyer_id, "name": p.owner_name },
        "tender": tender,
    });
    let mut tag = vec!["tender"];
    if p.status == ProjectStatus::Cancelled {
        tag = vec!["tenderCancellation"];
    }
    if !awards.is_empty() {
        body["awards"] = json!(awards);
        tag.push("award");
    }
    if !contracts.is_empty() {
        body["contracts"] = json!(contracts);
        tag.push("contract");
    }
    if s.closed_at.is_some() {
        body["bids"] = json!({
            "statistics": [{
                "id": "1",
                "measure": "validBids",
                "value": s.bids.iter().filter(|b| b.decision.is_none()).count(),
            }, {
                "id": "2",
                "measure": "bids",
                "value": s.bids.len(),
            }],
            "details": s.bids.iter().map(|b| {
                let mut d = json!({
                    "id": b.receipt,
                    "status": match b.decision {
                        None | Some(BidDecision::AcceptedLow) => "valid",
                        Some(
                            BidDecision::RejectedLow
                            | BidDecision::ExcludedObjection
                            | BidDecision::ExcludedComplaint
                            | BidDecision::ExcludedRefusal
                            | BidDecision::ExcludedIneligible,
                        ) => "disqualified",
                    },
                    "tenderers": [{ "id": firm_id(&b.firm_id), "name": b.firm_name }],
                });
                if let Some(price) = b.price_fen {
                    d["value"] = money(price);
                }
                d
            }).collect::<Vec<_>>(),
        });
    }
    body["tag"] = json!(tag);
    // The release's date: its last change.
    let date = [
        Some(p.updated_at),
        s.closed_at,
        s.awards.last().map(|a| a.awarded_at),
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(p.created_at);
    body["date"] = json!(ts(date));
    let digest = Sha256::digest(body.to_string().as_bytes());
    body["id"] = json!(format!("{ocid}-{}", &hex::encode(digest)[..16]));
    body
}

/// A release package of `releases`, published at `uri`.
pub fn package(
    publisher: &Publisher,
    uri: &str,
    published: DateTime<Utc>,
    releases: Vec<Value>,
) -> Value {
    json!({
        "uri": uri,
        "version": VERSION,
        "extensions": [BID_EXTENSION],
        "publishedDate": ts(published),
        "publisher": { "name": publisher.name, "uri": publisher.base_url },
        "license": "https://creativecommons.org/publicdomain/zero/1.0/",
        "publicationPolicy": format!("{}/open-data", publisher.base_url),
        "releases": releases,
    })
}

/// A position in the feed: the last change time and id of the last release read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeedCursor {
    pub changed: DateTime<Utc>,
    pub id: Uuid,
}

impl FeedCursor {
    /// `<microseconds since the epoch>_<project id>`.
    pub fn encode(&self) -> String {
        format!("{}_{}", self.changed.timestamp_micros(), self.id)
    }

    /// Parses [`FeedCursor::encode`]'s form; `None` for anything else.
    pub fn parse(s: &str) -> Option<FeedCursor> {
        let (micros, id) = s.trim().split_once('_')?;
        Some(FeedCursor {
            changed: DateTime::from_timestamp_micros(micros.parse().ok()?)?,
            id: Uuid::parse_str(id).ok()?,
        })
    }
}

/// A page of the feed: its package (none when nothing changed after the cursor: a release
/// package holds at least one release) and the cursor of its last release.
#[derive(Debug, Clone)]
pub struct FeedPage {
    pub package: Option<Value>,
    /// Where the next page starts (the given cursor again when this page is empty: a crawler
    /// keeps it and asks again later).
    pub next: Option<FeedCursor>,
}

impl Services {
    fn publisher(&self) -> Publisher {
        Publisher {
            name: PUBLISHER_NAME.into(),
            base_url: self.config.base_url.trim_end_matches('/').to_owned(),
            ocid_prefix: self.config.ocid_prefix.clone(),
        }
    }

    async fn release_of(&self, p: &ProjectView) -> Result<Value> {
        let s = self.project_selection(None, p.id).await?;
        Ok(release(&self.publisher(), p, &s))
    }

    /// One public project's release package (a draft is not public: not found).
    pub async fn ocds_project(&self, id: Uuid) -> Result<Value> {
        let p = self.project(None, id).await?;
        let r = self.release_of(&p).await?;
        let publisher = self.publisher();
        let uri = format!("{}/api/v1/ocds/projects/{id}", publisher.base_url);
        Ok(package(&publisher, &uri, now(), vec![r]))
    }

    /// The feed of releases: public projects in the order of their last change, oldest first,
    /// after `after`; new changes come at the end, so a crawler that keeps the last cursor
    /// reads each change once (a project that changes again moves to the end).
    pub async fn ocds_feed(&self, after: Option<FeedCursor>, limit: u64) -> Result<FeedPage> {
        let limit = limit.clamp(1, MAX_FEED_PAGE);
        let from = after.map(|c| Changed {
            id: c.id,
            at: c.changed,
        });
        let rows = store::ocds::projects_changed_after(&self.db, from, limit).await?;
        let mut releases = Vec::with_capacity(rows.len());
        for row in &rows {
            match self.project(None, row.id).await {
                Ok(p) => releases.push(self.release_of(&p).await?),
                Err(Error::NotFound) => {}
                Err(e) => return Err(e),
            }
        }
        let next = rows
            .last()
            .map(|row| FeedCursor {
                changed: row.at,
                id: row.id,
            })
            .or(after);
        let publisher = self.publisher();
        let base = format!("{}/api/v1/ocds/releases", publisher.base_url);
        let uri = match after {
            Some(c) => format!("{base}?cursor={}", c.encode()),
            None => base.clone(),
        };
        if releases.is_empty() {
            return Ok(FeedPage {
                package: None,
                next,
            });
        }
        let mut package = package(&publisher, &uri, now(), releases);
        if let Some(n) = next {
            package["links"] = json!({ "next": format!("{base}?cursor={}", n.encode()) });
        }
        Ok(FeedPage {
            package: Some(package),
            next,
        })
    }
}

/// One entry of the announcements feed (Atom): a project's announcement or an award notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedEntry {
    /// A stable id (`urn:uuid:` of the project or the award).
    pub id: String,
    /// `announcement` or `award`.
    pub kind: &'static str,
    pub project_id: Uuid,
    pub title: String,
    /// The winning firm, for an award notice.
    pub firm_name: Option<String>,
    pub updated: DateTime<Utc>,
}

impl Services {
    /// The newest announcements and award notices together, newest first, at most `limit`
    /// (the Atom feed `/feeds/announcements.atom`).
    pub async fn announcement_feed(&self, limit: u64) -> Result<Vec<FeedEntry>> {
        let limit = limit.clamp(1, MAX_FEED_PAGE);
        let published = store::ocds::projects_newest_published(&self.db, limit).await?;
        let awards = store::ocds::awards_newest_first(&self.db, limit).await?;
        let titles: std::collections::HashMap<Uuid, String> =
            store::find_many::<crate::store::entities::project::Model>(
                &self.db,
                awards.iter().map(|a| a.project_id),
            )
            .await?
            .into_iter()
            .map(|p| (p.id, p.title))
            .collect();
        let firms: std::collections::HashMap<Uuid, String> =
            store::find_many::<crate::store::entities::firm::Model>(
                &self.db,
                awards.iter().map(|a| a.firm_id),
            )
            .await?
            .into_iter()
            .map(|f| (f.id, f.name))
            .collect();
        let mut entries: Vec<FeedEntry> = published
            .into_iter()
            .filter_map(|p| {
                Some(FeedEntry {
                    id: format!("urn:uuid:{}", p.id),
                    kind: "announcement",
                    project_id: p.id,
                    updated: p.published_at?,
                    title: p.title,
                    firm_name: None,
                })
            })
            .chain(awards.into_iter().map(|a| FeedEntry {
                id: format!("urn:uuid:{}", a.id),
                kind: "award",
                project_id: a.project_id,
                title: titles.get(&a.project_id).cloned().unwrap_or_default(),
                firm_name: firms.get(&a.firm_id).cloned(),
                updated: a.awarded_at,
            }))
            .collect();
        entries.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.id.cmp(&b.id)));
        entries.truncate(limit as usize);
        Ok(entries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::project::FundSource;
    use crate::service::procurement::{AwardView, NextStep, OpenedBid};
    use chrono::TimeZone;
    use uuid::Uuid;

    fn publisher() -> Publisher {
        Publisher {
            name: "中介超市".into(),
            base_url: "https://zjcs.example.cn".into(),
            ocid_prefix: "ocds-zjcs00".into(),
        }
    }

    fn t(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 1, h, 0, 0).unwrap()
    }

    fn project(status: ProjectStatus) -> ProjectView {
        ProjectView {
            id: Uuid::from_u128(1),
            owner_account_id: Uuid::from_u128(2),
            owner_name: "某置业有限公司".into(),
            owner_ratings: Default::default(),
            item_id: Uuid::from_u128(3),
            item_code: "ZJ-CH-01".into(),
            item_name: "工程测绘".into(),
            title: "竣工测绘".into(),
            scope: "竣工测量".into(),
            region_code: "330106".into(),
            province_zh: "浙江省".into(),
            province_en: "Zhejiang".into(),
            budget_fen: 8_000_050,
            service_days: 20,
            fund_source: FundSource::SelfFunded,
            required_qualifications: vec![],
            method: MethodKind::LowestPrice,
            method_params: Default::default(),
            registration_deadline: t(10),
            selection_at: t(11),
            contact_name: "王工".into(),
            contact_phone: "0571".into(),
            avoid: vec![],
            status,
            round: 1,
            cancel_reason: None,
            seed_commitment: None,
            published_at: Some(t(1)),
            created_at: t(0),
            updated_at: t(1),
            allowed: vec![],
        }
    }

    fn sealed() -> SelectionView {
        SelectionView {
            project_id: Uuid::from_u128(1),
            status: ProjectStatus::Published,
            round: 1,
            closed_at: None,
            failed_reason: None,
            next: NextStep::NotClosed,
            bids: vec![],
            ranking: vec![],
            awards: vec![],
            objections: vec![],
            asks_price: true,
            asks_plan: false,
            allowed: vec![],
            mine: None,
        }
    }

    fn bid(n: u128, price: i64) -> OpenedBid {
        OpenedBid {
            firm_id: Uuid::from_u128(100 + n),
            firm_name: format!("机构{n}"),
            price_fen: Some(price),
            plan_sha256: None,
            nonce: "n".into(),
            receipt: format!("r{n}"),
            credit_score: Some(100),
            plan_score: None,
            draw_rank: None,
            decision: None,
            decision_reason: None,
        }
    }

    #[test]
    fn an_open_tender_has_no_bid_and_one_buyer() {
        let r = release(&publisher(), &project(ProjectStatus::Published), &sealed());
        assert_eq!(
            r["ocid"],
            "ocds-zjcs00-00000000-0000-0000-0000-000000000001"
        );
        assert_eq!(r["tag"], json!(["tender"]));
        assert_eq!(r["tender"]["status"], "active");
        assert_eq!(
            r["tender"]["value"],
            json!({ "amount": 80000.5, "currency": "CNY" })
        );
        assert_eq!(r["tender"]["procurementMethod"], "open");
        assert!(r.get("bids").is_none() && r["tender"].get("tenderers").is_none());
        assert_eq!(r["parties"].as_array().unwrap().len(), 1);
        assert!(r["id"].as_str().unwrap().starts_with("ocds-zjcs00-"));
    }

    #[test]
    fn after_the_opening_and_the_contract_every_stage_is_there() {
        let p = project(ProjectStatus::Contracted);
        let mut s = sealed();
        s.closed_at = Some(t(10));
        s.bids = vec![bid(1, 6_000_000), bid(2, 7_000_000)];
        s.bids[1].decision = Some(BidDecision::RejectedLow);
        s.awards = vec![AwardView {
            id: Uuid::from_u128(9),
            firm_id: Uuid::from_u128(101),
            firm_name: "机构1".into(),
            price_fen: 6_000_000,
            service_days: 20,
            reason: "method:lowest-price".into(),
            status: AwardStatus::Contracted,
            awarded_at: t(11),
            notice_until: t(12),
            contract_due: t(13),
            contract_signed_on: Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 5).unwrap()),
            contract_price_fen: Some(5_900_000),
            contract_service_days: Some(18),
            contract_terms: Some("按期交付".into()),
            contract_document: None,
            refusal_reason: None,
        }];
        let r = release(&publisher(), &p, &s);
        assert_eq!(r["tag"], json!(["tender", "award", "contract"]));
        assert_eq!(r["tender"]["numberOfTenderers"], 2);
        assert_eq!(r["bids"]["details"][1]["status"], "disqualified");
        assert_eq!(r["awards"][0]["status"], "active");
        assert_eq!(r["contracts"][0]["awardID"], r["awards"][0]["id"]);
        assert_eq!(r["contracts"][0]["value"]["amount"], 59000);
        assert_eq!(r["date"], "2026-11-01T11:00:00Z");
        // The winner is one party with both roles.
        let winner: Vec<&Value> = r["parties"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["name"] == "机构1")
            .collect();
        assert_eq!(winner.len(), 1);
        assert_eq!(winner[0]["roles"], json!(["tenderer", "supplier"]));
    }

    #[test]
    fn the_release_id_follows_the_content() {
        let p = project(ProjectStatus::Published);
        let a = release(&publisher(), &p, &sealed());
        assert_eq!(a["id"], release(&publisher(), &p, &sealed())["id"]);
        let mut changed = p.clone();
        changed.title = "竣工测绘（更正）".into();
        changed.updated_at = t(2);
        assert_ne!(a["id"], release(&publisher(), &changed, &sealed())["id"]);
    }

    #[test]
    fn a_cancelled_tender_says_so() {
        let r = release(&publisher(), &project(ProjectStatus::Cancelled), &sealed());
        assert_eq!(r["tag"], json!(["tenderCancellation"]));
        assert_eq!(r["tender"]["status"], "cancelled");
    }
}
