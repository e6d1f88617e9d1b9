//! Operational endpoints and the OpenAPI contract.

use serde_json::Value;
use std::collections::HashSet;
use zjcs_tests::spawn_app;

#[tokio::test]
async fn health_readiness_and_metrics() {
    let app = spawn_app().await;
    assert_eq!(app.get("/healthz").await.text().await.unwrap(), "ok");
    let r = app.get("/readyz").await;
    assert_eq!(r.status(), 200);
    app.register_firm("m@example.cn", "correct horse battery")
        .await;
    let text = app.get("/metrics").await.text().await.unwrap();
    assert!(text.contains("zjcs_http_requests_total"), "{text}");
    assert!(
        text.contains("route=\"registerAccount\""),
        "operation ids label API routes: {text}"
    );
    assert!(text.contains("zjcs_http_request_duration_seconds"));
    assert!(text.contains("zjcs_mail_outbox_depth"));
    assert!(text.contains("zjcs_job_lag_seconds"));
}

#[tokio::test]
async fn the_spec_is_served_and_well_formed() {
    let app = spawn_app().await;
    let spec: Value = app.get("/openapi.json").await.json().await.unwrap();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    let mut ids = HashSet::new();
    let mut n = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            n += 1;
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path} has no operationId"));
            assert!(ids.insert(id.to_owned()), "duplicate operationId {id}");
            assert!(
                op["tags"].as_array().is_some_and(|t| !t.is_empty()),
                "{id} has no tag"
            );
            let responses = op["responses"].as_object().unwrap();
            assert!(
                responses.keys().any(|k| k.starts_with('2')),
                "{id} documents no success"
            );
            assert!(
                responses["422"]["content"]["application/problem+json"].is_object(),
                "{id} documents problems"
            );
        }
    }
    let expected: HashSet<String> = [
        "registerAccount",
        "getMyAccount",
        "changeMyPassword",
        "verifyEmail",
        "listAccounts",
        "login",
        "logout",
        "listAuditEntries",
        "verifyAuditChain",
        "getAuditPublicKey",
        "getAuditCheckpointNote",
        "listAuditCheckpoints",
        "getLatestAuditCheckpoint",
        "getAuditCheckpoint",
        "publishAuditCheckpoint",
        "getAuditInclusionProof",
        "getAuditConsistencyProof",
        "listServiceItems",
        "getServiceItem",
        "createServiceItem",
        "updateServiceItem",
        "retireServiceItem",
        "reinstateServiceItem",
        "importServiceItems",
        "searchFirms",
        "getFirm",
        "enterFirm",
        "getMyFirm",
        "updateMyFirm",
        "uploadEvidence",
        "addQualification",
        "removeQualification",
        "addPractitioner",
        "removePractitioner",
        "addAffiliation",
        "removeAffiliation",
        "addPerson",
        "removePerson",
        "downloadEvidence",
        "getBlacklist",
        "listAnnouncements",
        "listMyProjects",
        "getProject",
        "createProject",
        "updateProject",
        "publishProject",
        "cancelProject",
        "getMyRegistration",
        "registerForProject",
        "replaceBid",
        "withdrawRegistration",
        "listMyRegistrations",
        "getSelection",
        "getDraw",
        "awardFirm",
        "rejectLowBid",
        "scorePlans",
        "raiseObjection",
        "answerObjection",
        "recordContract",
        "recordRefusal",
        "republishProject",
        "uploadDocument",
        "downloadDocument",
        "getFirmCredit",
        "recordCreditEvent",
        "getCreditPolicy",
        "setCreditPolicy",
        "getRedList",
        "getCreditMarket",
        "recomputeCredit",
        "applyForCreditRepair",
        "listMyCreditRepairs",
        "listCreditRepairs",
        "decideCreditRepair",
        "getDishonestyList",
        "importDishonestyList",
        "liftDishonestyListing",
        "getDelivery",
        "submitDelivery",
        "reviewDelivery",
        "getEvaluation",
        "evaluateFirm",
        "replyToEvaluation",
        "appealEvaluation",
        "decideEvaluationAppeal",
        "listEvaluationAppeals",
        "rateOwner",
        "getOwnerRatings",
        "getOcdsProject",
        "listOcdsReleases",
        "fileComplaint",
        "listComplaints",
        "listComplaintOutcomes",
        "getComplaintOutcome",
        "getComplaint",
        "addComplaintEvidence",
        "handleComplaint",
        "getMarketStatistics",
        "exportMarketStatistics",
        "listMarketWarnings",
        "openCaseFromWarning",
        "createInspectionRound",
        "listInspectionRounds",
        "getInspectionRound",
        "drawInspectionRound",
        "recordInspectionFinding",
        "listMyInspectionTasks",
        "getFirmDossier",
        "getOwnerDossier",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(ids, expected);
    assert_eq!(n, expected.len());
    assert_eq!(app.get("/docs/").await.status(), 200);
}

#[test]
fn the_spec_builds_without_duplicate_schema_names() {
    // Building the spec panics on duplicate schema names; do it outside a server too.
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let db = zjcs_domain::testing::TestDb::new().await;
        let services = zjcs_domain::service::Services::new(db.db.clone(), Default::default());
        let spec = zjcs_api::endpoints::api_service(services, "http://127.0.0.1:8080").spec();
        assert!(spec.contains("\"Problem\""));
    });
}

/// The API contract as a reviewed file: a change to the spec shows up in the diff of
/// `tests/snapshots/openapi.json`. After an intended change, refresh it with
/// `ZJCS_UPDATE_SNAPSHOTS=1 cargo test -p zjcs-tests --test ops`.
#[test]
fn the_spec_matches_its_snapshot() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let spec = rt.block_on(async {
        let db = zjcs_domain::testing::TestDb::new().await;
        let services = zjcs_domain::service::Services::new(db.db.clone(), Default::default());
        zjcs_api::endpoints::api_service(services, "http://127.0.0.1:8080").spec()
    });
    let spec: Value = serde_json::from_str(&spec).unwrap();
    let pretty = serde_json::to_string_pretty(&spec).unwrap() + "\n";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots/openapi.json");
    if std::env::var("ZJCS_UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &pretty).unwrap();
    }
    let stored = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        stored == pretty,
        "the OpenAPI document differs from {}; if the change is intended, run \
         ZJCS_UPDATE_SNAPSHOTS=1 cargo test -p zjcs-tests --test ops and review the diff",
        path.display()
    );
}
