//! Set-up through the services for tests whose subject is a later step: accounts that can log
//! in, qualified firms, and a project taken to its contract. What these do has its own tests
//! (pages and API); here they only put the marketplace in the state a journey starts from.

use chrono::{Duration, Utc};
use uuid::Uuid;
use zjcs_domain::i18n::Lang;
use zjcs_domain::model::attachment::Upload;
use zjcs_domain::model::catalogue::{DEMO_CATALOGUE_JSON, QualRequirement, rows_from_json};
use zjcs_domain::model::firm::{CreditCode, FirmProfileInput, QualificationInput};
use zjcs_domain::model::project::{ProjectInput, china};
use zjcs_domain::model::{Actor, DisplayName, Email, Password, Registration, Role};
use zjcs_domain::rules::procedure::BidInput;
use zjcs_domain::service::Services;
use zjcs_domain::service::procurement::ContractInput;
use zjcs_domain::testing::{end_notice, move_deadline};

/// The qualification the seeded firms hold and the seeded projects require.
pub const QUAL: &str = "测绘资质（工程测量专业）";
/// A minimal PDF.
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

/// Loads the demo catalogue and returns the surveying item's id.
pub async fn survey_item(s: &Services) -> Uuid {
    s.import_items(None, rows_from_json(DEMO_CATALOGUE_JSON).unwrap())
        .await
        .unwrap();
    s.list_items(false)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.name == "工程测绘")
        .unwrap()
        .id
}

/// An owner's or a firm's account that can log in with `password`.
pub async fn account(s: &Services, role: &str, name: &str, email: &str, password: &str) -> Actor {
    let kind = (role == "owner").then_some("company");
    let reg = Registration::parse(role, kind, name, email, password).unwrap();
    let (a, _) = s.register(reg, Lang::Zh, false).await.unwrap();
    Actor {
        account_id: a.id,
        role: a.role,
    }
}

/// A regulator that can log in with `password`.
pub async fn regulator(s: &Services, email: &str, password: &str) {
    s.create_privileged(
        Role::Regulator,
        Email::parse(email).unwrap(),
        DisplayName::parse("市场监管局", "name").unwrap(),
        Password::parse_new(password, "password").unwrap(),
    )
    .await
    .unwrap();
}

/// Firm `n` (named `浙江测绘机构{n}号`, its own credit code in the `ME` series) with the
/// surveying qualification; its actor and id.
pub async fn qualified_firm(s: &Services, n: u32, email: &str, password: &str) -> (Actor, Uuid) {
    let actor = account(s, "intermediary", &format!("测绘机构{n}"), email, password).await;
    let f = s
        .enter_firm(
            &actor,
            &FirmProfileInput {
                name: format!("浙江测绘机构{n}号"),
                credit_code: CreditCode::complete(&format!("91330106ME{n:07}"))
                    .unwrap()
                    .as_str()
                    .to_owned(),
                legal_rep_name: format!("法人{n}"),
                legal_rep_id: "11010519491231002X".into(),
                region_code: "330106".into(),
                address: "文三路 1 号".into(),
                contact_name: "李四".into(),
                contact_phone: "0571-88888888".into(),
                description: String::new(),
                service_items: vec![],
                commitment: true,
            },
        )
        .await
        .unwrap();
    let file = s
        .upload_evidence(&actor, Upload::new("cert.pdf", PDF.to_vec()))
        .await
        .unwrap();
    s.add_qualification(
        &actor,
        &QualificationInput {
            qual_type: QUAL.into(),
            grade: "乙级".into(),
            number: format!("乙测资字 {n}"),
            issuer: "浙江省自然资源厅".into(),
            valid_from: "2024-01-01".into(),
            valid_until: "2099-12-31".into(),
            evidence_file: Some(file.id.into()),
        },
    )
    .await
    .unwrap();
    (actor, f.id)
}

/// A posting for the seeded item: registration open ten days, the qualification required.
pub fn posting(title: &str, method: &str) -> ProjectInput {
    let at = |days: i64| {
        (Utc::now() + Duration::days(days))
            .with_timezone(&china())
            .format("%Y-%m-%dT17:00")
            .to_string()
    };
    let mut p = ProjectInput {
        title: title.into(),
        scope: "竣工测量与房产测绘".into(),
        region: "330106".into(),
        budget_fen: 8_000_000,
        service_days: 20,
        fund_source: "self-funded".into(),
        required_qualifications: vec![QualRequirement {
            qual_type: QUAL.into(),
            grades: vec!["乙级".into()],
        }],
        method: method.into(),
        registration_deadline: at(10),
        selection_at: at(11),
        contact_name: "王工".into(),
        contact_phone: "0571-87000000".into(),
        ..Default::default()
    };
    if method == "lowest-price" {
        p.abnormal_percent = Some(70);
    }
    p
}

/// A published project whose bids (`firm`, price in fen) are in and opened: the deadline moved
/// to the past and the project closed (a lowest-price project is awarded at once).
pub async fn opened(
    s: &Services,
    owner: &Actor,
    item: Uuid,
    input: &ProjectInput,
    bids: &[(&Actor, Option<i64>)],
) -> Uuid {
    let p = s.create_project(owner, item, input).await.unwrap();
    s.publish_project(owner, p.id).await.unwrap();
    for (firm, price) in bids {
        s.register_for_project(
            firm,
            p.id,
            &BidInput {
                price_fen: *price,
                plan_file: None,
            },
        )
        .await
        .unwrap();
    }
    move_deadline(&s.db, p.id, Utc::now() - Duration::seconds(1)).await;
    s.close_project(p.id).await.unwrap();
    p.id
}

/// A direct-selection project awarded to the firm and contracted.
pub async fn contracted(
    s: &Services,
    owner: &Actor,
    item: Uuid,
    title: &str,
    firm: (&Actor, Uuid),
) -> Uuid {
    let mut input = posting(title, "direct");
    input.budget_fen = 4_000_000;
    let id = opened(s, owner, item, &input, &[(firm.0, None)]).await;
    s.award(owner, id, firm.1, "熟悉本地块").await.unwrap();
    end_notice(&s.db, id).await;
    let doc = s
        .upload_document(owner, Upload::new("合同.pdf", PDF.to_vec()))
        .await
        .unwrap();
    let input = ContractInput {
        signed_on: Utc::now()
            .with_timezone(&china())
            .format("%Y-%m-%d")
            .to_string(),
        price_fen: 3_000_000,
        service_days: 20,
        terms: "20 个工作日内交付成果".into(),
        document: Some(doc.id.into()),
    };
    s.record_contract(owner, id, &input).await.unwrap();
    id
}

pub use zjcs_domain::testing::quick_firm;

/// The ring's firms' names in [`surveilled_market`].
pub const RING: [&str; 2] = ["轮流中标甲测绘有限公司", "轮流中标乙测绘有限公司"];

/// A generated market of `projects` opened projects over the last 180 days, among 150 honest
/// firms (a market as sparse as a real one: any two honest firms meet on a project about
/// twice in 400) and 5 owners in Zhejiang and Beijing, with the [`RING`] planted
/// (`zjcs_domain::synthetic`); the ring's firm ids and what was written.
pub async fn surveilled_market(
    s: &Services,
    item: Uuid,
    projects: usize,
) -> ([Uuid; 2], zjcs_domain::synthetic::Generated) {
    let mut firms = Vec::new();
    for n in 1..=150 {
        firms.push(quick_firm(s, n, &format!("诚信测绘机构{n}号")).await);
    }
    let ring = [
        quick_firm(s, 901, RING[0]).await,
        quick_firm(s, 902, RING[1]).await,
    ];
    let mut owners = Vec::new();
    for n in 1..=5 {
        owners.push(
            zjcs_domain::testing::quick_account(&s.db, Role::Owner, n)
                .await
                .account_id,
        );
    }
    let spec = zjcs_domain::synthetic::MarketSpec {
        projects,
        firms,
        owners,
        items: vec![item],
        regions: vec!["330106".into(), "330212".into(), "110105".into()],
        ring: Some(ring),
        days: 180,
        seed: 6,
        plants: Default::default(),
    };
    let g = zjcs_domain::synthetic::generate(&s.db, &spec)
        .await
        .unwrap();
    (ring, g)
}

/// A generated market of 120 opened projects among 40 honest firms and 3 owners, with three
/// red flags planted (issue 25): the second owner splits a purchase, a cover bidder
/// ("陪标丙有限公司") shadows ten lowest-price projects, and the third owner's draw fails with
/// "流标丁有限公司" its only registrant, which it then picks directly; and three firms
/// ([`RING_OF_THREE`]) take turns over nine draws. What was planted and written.
pub async fn red_flag_market(s: &Services, item: Uuid) -> RedFlags {
    let mut firms = Vec::new();
    for n in 1..=40 {
        firms.push(quick_firm(s, n, &format!("诚信测绘机构{n}号")).await);
    }
    let cover = quick_firm(s, 903, "陪标丙有限公司").await;
    let registrant = quick_firm(s, 904, "流标丁有限公司").await;
    let ring = [
        quick_firm(s, 905, RING_OF_THREE[0]).await,
        quick_firm(s, 906, RING_OF_THREE[1]).await,
        quick_firm(s, 907, RING_OF_THREE[2]).await,
    ];
    let mut owners = Vec::new();
    for n in 1..=3 {
        owners.push(
            zjcs_domain::testing::quick_account(&s.db, Role::Owner, n)
                .await
                .account_id,
        );
    }
    let spec = zjcs_domain::synthetic::MarketSpec {
        projects: 120,
        firms,
        owners: owners.clone(),
        items: vec![item],
        regions: vec!["330106".into()],
        ring: None,
        days: 200,
        seed: 25,
        plants: zjcs_domain::synthetic::Plants {
            split_purchase: Some(owners[1]),
            cover_bidder: Some(cover),
            failed_then_direct: Some((owners[2], registrant)),
            ring_of_three: Some(ring),
        },
    };
    let generated = zjcs_domain::synthetic::generate(&s.db, &spec)
        .await
        .unwrap();
    RedFlags {
        owners,
        cover,
        registrant,
        ring,
        generated,
    }
}

/// The names of [`red_flag_market`]'s ring of three.
pub const RING_OF_THREE: [&str; 3] = ["围标甲有限公司", "围标乙有限公司", "围标丙有限公司"];

/// What [`red_flag_market`] planted and wrote.
pub struct RedFlags {
    pub owners: Vec<Uuid>,
    pub cover: Uuid,
    pub registrant: Uuid,
    pub ring: [Uuid; 3],
    pub generated: zjcs_domain::synthetic::Generated,
}
