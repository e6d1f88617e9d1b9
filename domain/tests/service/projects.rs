//! Projects on a real database (SQLite, or PostgreSQL with ZJCS_TEST_DATABASE_URL): drafting
//! against the catalogue, publishing with a seed commitment, cancelling, and the public
//! announcement list.

use super::common::{self, World, world};
use uuid::Uuid;
use zjcs_domain::error::Error;
use zjcs_domain::model::Actor;
use zjcs_domain::model::catalogue::QualRequirement;
use zjcs_domain::model::project::{ProjectInput, ProjectStatus};
use zjcs_domain::service::Services;
use zjcs_domain::service::procurement::projects::AnnouncementQuery;
use zjcs_domain::store::EntityTrait;
use zjcs_domain::store::entities::{audit_entry, project};
use zjcs_domain::testing::TestDb;

/// The usual world's database and services, and its surveying item.
async fn setup() -> (TestDb, Services, Uuid) {
    let World { t, s, item, .. } = world().await;
    (t, s, item)
}

async fn account(s: &Services, role: &str, kind: Option<&str>, n: usize) -> Actor {
    let (name, email) = (format!("账户{n}"), format!("user{n}@example.cn"));
    common::registered(s, role, kind, &name, &email).await
}

/// A posting whose deadline is ten days out (always beyond three working days).
fn posting(title: &str, method: &str) -> ProjectInput {
    ProjectInput {
        required_qualifications: vec![],
        ..common::posting(title, method, 8_000_000)
    }
}

fn all() -> AnnouncementQuery {
    AnnouncementQuery::parse("", "", "", "", "", None).unwrap()
}

#[tokio::test]
async fn an_owner_drafts_publishes_and_cancels_and_the_public_sees_announcements() {
    let (_t, s, survey) = setup().await;
    let owner = account(&s, "owner", Some("company"), 1).await;
    let firm = account(&s, "intermediary", None, 2).await;

    // Only owners post.
    assert!(matches!(
        s.create_project(&firm, survey, &posting("x", "random-draw"))
            .await,
        Err(Error::Forbidden)
    ));
    let draft = s
        .create_project(&owner, survey, &posting("某地块竣工测绘", "lowest-price"))
        .await
        .unwrap();
    assert_eq!(draft.status, ProjectStatus::Draft);
    assert_eq!(draft.item_name, "工程测绘");
    assert_eq!(draft.owner_name, "账户1");
    assert_eq!(draft.method_params.abnormal_percent, Some(70));
    assert_eq!(draft.seed_commitment, None);
    // A draft is its owner's alone.
    assert!(s.announcements(&all()).await.unwrap().projects.is_empty());
    assert!(matches!(
        s.project(Some(&firm), draft.id).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        s.project(None, draft.id).await,
        Err(Error::NotFound)
    ));
    assert_eq!(
        s.project(Some(&owner), draft.id).await.unwrap().id,
        draft.id
    );

    // Edited while a draft.
    let edited = s
        .update_project(
            &owner,
            draft.id,
            survey,
            &posting("某地块竣工测绘（修订）", "random-draw"),
        )
        .await
        .unwrap();
    assert_eq!(edited.method.as_str(), "random-draw");

    let published = s.publish_project(&owner, draft.id).await.unwrap();
    assert_eq!(published.status, ProjectStatus::Published);
    let commitment = published.seed_commitment.clone().unwrap();
    assert_eq!(commitment.len(), 64);
    // The seed is stored sealed under the seal key, and it is the one committed to; it is in
    // no view and no audit entry.
    let row = project::Entity::find_by_id(draft.id)
        .one(&s.db)
        .await
        .unwrap()
        .unwrap();
    let sealed = row.seed_secret.unwrap();
    use zjcs_domain::rules::seal;
    assert!(
        seal::is_sealed_text(&sealed),
        "the seed is stored in plaintext"
    );
    let secret = seal::open_text(
        &s.config.seal_key,
        &seal::project_seed_context(&draft.id),
        &sealed,
    )
    .expect("the seed opens with the seal key");
    assert!(!sealed.contains(&secret));
    assert_eq!(
        zjcs_domain::rules::draw::Seed::from_hex(&secret)
            .unwrap()
            .commitment(),
        commitment
    );
    assert!(!serde_json::to_string(&published).unwrap().contains(&secret));
    for e in audit_entry::Entity::find().all(&s.db).await.unwrap() {
        assert!(
            !format!("{e:?}").contains(&secret),
            "the seed leaked into the audit trail"
        );
    }
    // Published: an edit before the deadline is an amendment (see service/selection.rs for what
    // it does to registrations); no second publication.
    let amended = s
        .update_project(
            &owner,
            draft.id,
            survey,
            &posting("某地块竣工测绘（修订）", "random-draw"),
        )
        .await
        .unwrap();
    assert_eq!(amended.status, ProjectStatus::Published);
    assert_eq!(amended.method.as_str(), "random-draw");
    assert!(matches!(
        s.publish_project(&owner, draft.id).await,
        Err(Error::Conflict("project-not-draft", _))
    ));
    // Another owner cannot touch it.
    let other = account(&s, "owner", Some("department"), 3).await;
    assert!(matches!(
        s.cancel_project(&other, draft.id, "无权").await,
        Err(Error::NotFound)
    ));

    let page = s.announcements(&all()).await.unwrap();
    assert_eq!(page.projects.len(), 1);
    assert_eq!(page.projects[0].title, "某地块竣工测绘（修订）");
    assert_eq!(s.project(None, draft.id).await.unwrap().id, draft.id);

    // Cancelling needs a reason, which is published.
    assert!(matches!(
        s.cancel_project(&owner, draft.id, "  ").await,
        Err(Error::Validation(_))
    ));
    let cancelled = s
        .cancel_project(&owner, draft.id, "项目调整，暂不实施")
        .await
        .unwrap();
    assert_eq!(cancelled.status, ProjectStatus::Cancelled);
    assert_eq!(
        cancelled.cancel_reason.as_deref(),
        Some("项目调整，暂不实施")
    );
    assert!(matches!(
        s.cancel_project(&owner, draft.id, "再次").await,
        Err(Error::Conflict("project-cancelled", _))
    ));
    let q = AnnouncementQuery::parse("", "", "", "cancelled", "", None).unwrap();
    assert_eq!(s.announcements(&q).await.unwrap().projects.len(), 1);
    let q = AnnouncementQuery::parse("", "", "", "published", "", None).unwrap();
    assert!(s.announcements(&q).await.unwrap().projects.is_empty());
    assert_eq!(s.my_projects(&owner).await.unwrap().len(), 1);
}

#[tokio::test]
async fn postings_are_checked_against_the_catalogue_item() {
    let (_t, s, survey) = setup().await;
    let owner = account(&s, "owner", Some("company"), 1).await;
    let mut p = posting("测绘", "lowest-price");
    p.required_qualifications = vec![QualRequirement {
        qual_type: "注册资本一千万元以上".into(),
        grades: vec![],
    }];
    match s.create_project(&owner, survey, &p).await {
        Err(Error::Validation(errors)) => assert_eq!(
            errors[0].code, "field.qualification.not-in-item",
            "{errors:?}"
        ),
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert!(matches!(
        s.create_project(&owner, Uuid::new_v4(), &posting("测绘", "random-draw"))
            .await,
        Err(Error::Validation(e)) if e[0].code == "field.item.unavailable"
    ));
}

#[tokio::test]
async fn announcements_filter_and_page_newest_first() {
    let (_t, s, survey) = setup().await;
    let owner = account(&s, "owner", Some("company"), 1).await;
    let mut ids = Vec::new();
    for (n, (region, method)) in [
        ("330106", "random-draw"),
        ("330203", "lowest-price"),
        ("320102", "random-draw"),
        ("330108", "comprehensive"),
        ("330106", "credit-preferred"),
    ]
    .into_iter()
    .enumerate()
    {
        let mut p = posting(&format!("项目{n}"), method);
        p.region = region.into();
        (p.weight_price, p.weight_plan, p.weight_credit) = (Some(30), Some(60), Some(10));
        (p.long_list, p.short_list) = (Some(5), Some(3));
        let d = s.create_project(&owner, survey, &p).await.unwrap();
        s.publish_project(&owner, d.id).await.unwrap();
        ids.push(d.id);
    }
    let titles = |p: &zjcs_domain::service::procurement::projects::AnnouncementPage| {
        p.projects
            .iter()
            .map(|x| x.title.clone())
            .collect::<Vec<_>>()
    };
    let q = |region: &str, method: &str| {
        AnnouncementQuery::parse(&Uuid::nil().to_string(), region, method, "", "", None)
    };
    assert!(
        s.announcements(&q("", "").unwrap())
            .await
            .unwrap()
            .projects
            .is_empty()
    );
    let by = |item: Uuid, region: &str, method: &str| {
        AnnouncementQuery::parse(&item.to_string(), region, method, "", "", None).unwrap()
    };
    assert_eq!(
        titles(
            &s.announcements(&by(survey, "33", "random-draw"))
                .await
                .unwrap()
        ),
        vec!["项目0"]
    );
    assert_eq!(
        titles(&s.announcements(&by(survey, "3301", "")).await.unwrap()),
        vec!["项目4", "项目3", "项目0"]
    );
    // Pages of two, newest first, each project once.
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = s
            .announcements(&AnnouncementQuery::parse("", "", "", "", &cursor, Some(2)).unwrap())
            .await
            .unwrap();
        seen.extend(titles(&page));
        match page.next_cursor {
            Some(c) => cursor = c,
            None => break,
        }
    }
    assert_eq!(seen, vec!["项目4", "项目3", "项目2", "项目1", "项目0"]);
    // Bad parameters are all reported.
    let fields: Vec<&str> = AnnouncementQuery::parse("x", "99", "auction", "draft", "zz", Some(0))
        .unwrap_err()
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(
        fields,
        vec!["item", "region", "method", "status", "cursor", "limit"]
    );
}
