//! The JSON API under `/api/v1`: one `OpenApi` struct per resource, combined in [`api_service`].

pub mod accounts;
pub mod audit;
pub mod catalogue;
pub mod complaints;
pub mod credit;
pub mod delivery;
pub mod dishonesty;
pub mod dossiers;
pub mod evaluation;
pub mod firms;
pub mod inspections;
pub mod market;
pub mod ocds;
pub mod projects;
pub mod selection;
pub mod sessions;
pub mod types;

use poem_openapi::{OpenApiService, Tags};
use zjcs_domain::service::Services;

/// The API's tags, in the order the docs show them.
#[derive(Tags)]
pub enum ApiTags {
    /// Accounts: self-registration, one's own account, email verification (账号).
    Accounts,
    /// Sessions: login and logout (登录).
    Sessions,
    /// The audit trail and its verification, for regulators and administrators (操作留痕).
    Audit,
    /// The service-item catalogue: the published list of items and fees (中介服务事项清单).
    Catalogue,
    /// Firms: zero-threshold entry, profile, qualifications, the public directory (中介机构).
    Firms,
    /// Projects: announcements, drafts, publication and cancellation (采购公告).
    Projects,
    /// Registration, sealed bids, opening, the draw, selection, award notice, objections and
    /// contract (报名、开标、选取、中选公示、合同).
    Selection,
    /// Credit: each firm's ledger and standing, regulators' entries, the credit policy, the
    /// market's grades (信用评价); the imported dishonesty list (失信名单).
    Credit,
    /// Service, delivery and evaluation after the contract: the firm's result, the owner's
    /// acceptance, evaluations, replies, appeals, owners' ratings (服务成果交付、验收、评价).
    Delivery,
    /// Open data: public projects as Open Contracting Data Standard 1.1 release packages, and a
    /// feed of releases (开放数据).
    OpenData,
    /// Complaints: filing, the regulators' queue and steps, published outcomes (投诉).
    Complaints,
    /// Market surveillance for regulators: statistics, CSV export, warnings with their
    /// evidence, cases opened from warnings (市场监测).
    Market,
    /// Random inspections: rounds drawn verifiably, findings, all published (双随机、一公开).
    Inspections,
}

/// Every resource's API, as one service.
pub type Api = (
    accounts::AccountsApi,
    sessions::SessionsApi,
    audit::AuditApi,
    catalogue::CatalogueApi,
    firms::FirmsApi,
    projects::ProjectsApi,
    selection::SelectionApi,
    credit::CreditApi,
    dishonesty::DishonestyApi,
    delivery::DeliveryApi,
    evaluation::EvaluationApi,
    ocds::OcdsApi,
    complaints::ComplaintsApi,
    market::MarketApi,
    inspections::InspectionsApi,
    dossiers::DossiersApi,
);

/// Builds the OpenAPI service; `server_url` is the public base URL the spec advertises.
pub fn api_service(services: Services, server_url: &str) -> OpenApiService<Api, ()> {
    OpenApiService::new(
        (
            accounts::AccountsApi {
                services: services.clone(),
            },
            sessions::SessionsApi {
                services: services.clone(),
            },
            audit::AuditApi {
                services: services.clone(),
            },
            catalogue::CatalogueApi {
                services: services.clone(),
            },
            firms::FirmsApi {
                services: services.clone(),
            },
            projects::ProjectsApi {
                services: services.clone(),
            },
            selection::SelectionApi {
                services: services.clone(),
            },
            credit::CreditApi {
                services: services.clone(),
            },
            dishonesty::DishonestyApi {
                services: services.clone(),
            },
            delivery::DeliveryApi {
                services: services.clone(),
            },
            evaluation::EvaluationApi {
                services: services.clone(),
            },
            ocds::OcdsApi {
                services: services.clone(),
            },
            complaints::ComplaintsApi {
                services: services.clone(),
            },
            market::MarketApi {
                services: services.clone(),
            },
            inspections::InspectionsApi {
                services: services.clone(),
            },
            dossiers::DossiersApi { services },
        ),
        "zjcs — 中介超市 API",
        env!("CARGO_PKG_VERSION"),
    )
    .description(
        "The JSON API of zjcs, the online intermediary-service marketplace. Every refusal is an \
         RFC 9457 problem (application/problem+json) whose `type` ends in a stable code; titles \
         follow Accept-Language (zh-CN by default, en).",
    )
    .server(format!("{}/api/v1", server_url.trim_end_matches('/')))
}
