//! sea-orm entities, one per table of `zjcs-migrations`.

pub mod account {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "account")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        #[sea_orm(unique)]
        pub email: String,
        pub name: String,
        pub role: String,
        pub owner_kind: Option<String>,
        pub password_hash: String,
        pub email_verified_at: Option<DateTimeUtc>,
        pub created_at: DateTimeUtc,
        pub password_changed_at: DateTimeUtc,
        /// Firms' ratings of this owner: how many, and the sums of the two ratings (kept by
        /// the rating's transaction; read with the owner's projects).
        pub rated_count: i32,
        pub rated_closing_out_sum: i32,
        pub rated_payment_sum: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod session {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "session")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub account_id: Uuid,
        #[sea_orm(unique)]
        pub token_hash: String,
        pub created_at: DateTimeUtc,
        pub expires_at: DateTimeUtc,
        pub revoked_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod login_failure {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "login_failure")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub throttle_key: String,
        pub at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod audit_head {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_head")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i32,
        pub seq: i64,
        pub hash: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod seal_check {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "seal_check")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i32,
        pub sealed: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod audit_checkpoint {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_checkpoint")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub size: i64,
        pub root: String,
        pub signed_at: DateTimeUtc,
        pub signature: String,
        /// The log's origin (the note's first line); none on a legacy checkpoint.
        pub origin: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A stored node of the audit log's Merkle tree: the root of the 2^level leaves from
/// position · 2^level on, keyed by `level << 48 | position` (see
/// `service::transparency::node_key`).
pub mod audit_node {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_node")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i64,
        pub hash: Vec<u8>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod audit_entry {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_entry")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub seq: i64,
        pub at: DateTimeUtc,
        pub actor: String,
        pub action: String,
        pub object_type: String,
        pub object_id: String,
        pub digest: String,
        pub prev_hash: String,
        pub hash: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod outbox {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "outbox")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub to_addr: String,
        pub subject: String,
        #[sea_orm(column_type = "Text")]
        pub body_text: String,
        pub created_at: DateTimeUtc,
        pub attempts: i32,
        pub next_attempt_at: DateTimeUtc,
        pub lease_until: Option<DateTimeUtc>,
        pub sent_at: Option<DateTimeUtc>,
        pub failed_at: Option<DateTimeUtc>,
        #[sea_orm(column_type = "Text", nullable)]
        pub last_error: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod email_verification {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "email_verification")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub token_hash: String,
        pub account_id: Uuid,
        pub created_at: DateTimeUtc,
        pub expires_at: DateTimeUtc,
        pub used_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod service_item {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "service_item")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        #[sea_orm(unique)]
        pub code: String,
        pub name: String,
        pub name_en: String,
        pub approval: String,
        pub department: String,
        pub legal_basis: String,
        /// JSON array of `{type, grades}`.
        pub qualifications: String,
        pub time_limit_days: i32,
        pub fee_min_fen: Option<i64>,
        pub fee_max_fen: Option<i64>,
        pub fee_note: String,
        pub workflow: String,
        /// JSON array of strings.
        pub materials: String,
        pub retired: bool,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod firm {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "firm")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        #[sea_orm(unique)]
        pub account_id: Uuid,
        #[sea_orm(unique)]
        pub credit_code: String,
        pub name: String,
        pub name_folded: String,
        pub name_sort_key: String,
        pub legal_rep_name: String,
        pub legal_rep_id_hash: String,
        pub region_code: String,
        pub address: String,
        pub contact_name: String,
        pub contact_phone: String,
        pub description: String,
        pub committed_at: DateTimeUtc,
        pub status: String,
        pub credit_score: i32,
        pub credit_grade: String,
        pub award_count: i32,
        pub evaluation_count: i32,
        pub evaluation_sum: i64,
        pub created_at: DateTimeUtc,
        pub created_micros: i64,
        pub updated_at: DateTimeUtc,
        /// A running suspension's end (see `rules::credit_ledger::assess`).
        pub suspended_until: Option<DateTimeUtc>,
        /// A veto's black-list end.
        pub blacklisted_until: Option<DateTimeUtc>,
        /// When the firm fell to grade E by its score.
        pub grade_e_since: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod credit_policy {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "credit_policy")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub version: i32,
        pub document: String,
        pub reason: String,
        pub created_by: Option<Uuid>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod credit_repair {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "credit_repair")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub firm_id: Uuid,
        pub statement: String,
        pub evidence_file: Option<Uuid>,
        /// `pending`, `approved` or `refused`.
        pub status: String,
        pub decided_by: Option<Uuid>,
        pub decision_reason: Option<String>,
        pub event_id: Option<Uuid>,
        pub created_at: DateTimeUtc,
        pub decided_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod delivery {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "delivery")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub award_id: Uuid,
        pub project_id: Uuid,
        pub firm_id: Uuid,
        pub owner_account_id: Uuid,
        pub signed_on: Date,
        pub due_on: Date,
        /// `in-service`, `submitted`, `returned`, `accepted`.
        pub state: String,
        pub submitted_on: Option<Date>,
        pub submissions: i32,
        pub accepted_at: Option<DateTimeUtc>,
        pub credit_event_id: Option<Uuid>,
        pub firm_reminded_on: Option<Date>,
        pub owner_reminded_on: Option<Date>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod delivery_submission {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "delivery_submission")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub award_id: Uuid,
        pub seq: i32,
        pub document_id: Uuid,
        pub note: String,
        pub submitted_at: DateTimeUtc,
        /// `accepted` or `returned`; none while waiting for review.
        pub review: Option<String>,
        pub review_reason: Option<String>,
        pub reviewed_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod evaluation {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "evaluation")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub award_id: Uuid,
        pub project_id: Uuid,
        pub firm_id: Uuid,
        pub owner_account_id: Uuid,
        pub quality: i32,
        pub timeliness: i32,
        pub fees: i32,
        pub attitude: i32,
        pub conduct: i32,
        pub comment: String,
        pub credit_event_id: Uuid,
        pub reply: Option<String>,
        pub replied_at: Option<DateTimeUtc>,
        pub appeal_reason: Option<String>,
        /// `none`, `pending`, `upheld` or `dismissed`.
        pub appeal_status: String,
        pub appealed_at: Option<DateTimeUtc>,
        pub appeal_decision_reason: Option<String>,
        pub appeal_decided_by: Option<Uuid>,
        pub appeal_decided_at: Option<DateTimeUtc>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod owner_rating {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "owner_rating")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub award_id: Uuid,
        pub project_id: Uuid,
        pub owner_account_id: Uuid,
        pub firm_id: Uuid,
        pub closing_out: i32,
        pub payment: i32,
        pub comment: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod complaint {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "complaint")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub subject: String,
        pub subject_id: Uuid,
        pub project_id: Option<Uuid>,
        pub award_id: Option<Uuid>,
        pub firm_id: Option<Uuid>,
        pub owner_account_id: Option<Uuid>,
        pub complainant_account_id: Option<Uuid>,
        pub contact_name: String,
        pub contact: String,
        pub facts: String,
        pub rule: String,
        pub status: String,
        pub accept_due: Date,
        pub decide_due: Option<DateTimeUtc>,
        pub reason: Option<String>,
        pub points: Option<i32>,
        pub credit_event_id: Option<Uuid>,
        pub overturned: bool,
        pub accepted_at: Option<DateTimeUtc>,
        pub decided_at: Option<DateTimeUtc>,
        pub decided_by: Option<Uuid>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod complaint_evidence {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "complaint_evidence")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub complaint_id: Uuid,
        pub document_id: Uuid,
        pub added_by: Uuid,
        pub note: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod firm_service_item {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "firm_service_item")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub firm_id: Uuid,
        #[sea_orm(primary_key, auto_increment = false)]
        pub item_id: Uuid,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod attachment {
    use sea_orm::entity::prelude::*;

    /// Every uploaded file's description (see `platform::attachments`); its bytes are in
    /// [`super::attachment_content`].
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "attachment")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        /// Who uploaded it.
        pub account_id: Uuid,
        /// The firm whose evidence it is (credentials, plans); none for a party's document
        /// (a contract, a delivered result, a complaint's evidence).
        pub firm_id: Option<Uuid>,
        pub kind: String,
        /// 0 while `sealed_meta` holds it, as do `sha256` and `name` ("").
        pub size: i64,
        pub sha256: String,
        pub name: String,
        pub created_at: DateTimeUtc,
        /// The name, size and digest, sealed (see [`crate::rules::seal::SealedFileMeta`]).
        pub sealed_meta: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod attachment_content {
    use sea_orm::entity::prelude::*;

    /// A file's bytes, sealed at rest under `rules::seal::evidence_context(file_id)`.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "attachment_content")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub file_id: Uuid,
        pub bytes: Vec<u8>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod qualification {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "qualification")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub firm_id: Uuid,
        pub qual_type: String,
        pub grade: String,
        pub number: String,
        pub issuer: String,
        pub valid_from: Date,
        pub valid_until: Date,
        pub evidence_file_id: Uuid,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod practitioner {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "practitioner")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub firm_id: Uuid,
        pub name: String,
        pub qualification: String,
        pub certificate_number: String,
        pub valid_until: Option<Date>,
        pub evidence_file_id: Uuid,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod affiliation {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "affiliation")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub firm_id: Uuid,
        pub department: String,
        pub department_key: String,
        pub kind: String,
        pub note: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod firm_person {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "firm_person")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub firm_id: Uuid,
        /// `shareholder` or `executive` (`model::firm::PersonRole`).
        pub role: String,
        pub name: String,
        /// The keyed hash of the ID number (as the legal representative's).
        pub id_hash: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod credit_restriction {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "credit_restriction")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub kind: String,
        pub credit_code: String,
        pub reason: String,
        pub source: String,
        pub starts_at: DateTimeUtc,
        pub ends_at: Option<DateTimeUtc>,
        pub created_at: DateTimeUtc,
        /// For a black-listing that follows a person: the black-listed firm they represent.
        pub via_firm_id: Option<Uuid>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod directory_version {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "directory_version")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i32,
        pub version: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod directory_change {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "directory_change")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub version: i64,
        pub firm_id: Option<Uuid>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod project {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "project")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub owner_account_id: Uuid,
        pub item_id: Uuid,
        pub title: String,
        pub scope: String,
        pub region_code: String,
        pub budget_fen: i64,
        pub service_days: i32,
        pub fund_source: String,
        pub required_qualifications: String,
        pub method: String,
        pub method_params: String,
        pub registration_deadline: DateTimeUtc,
        pub deadline_micros: i64,
        pub selection_at: DateTimeUtc,
        pub contact_name: String,
        pub contact_phone: String,
        pub avoid: String,
        pub status: String,
        pub cancel_reason: Option<String>,
        pub seed_commitment: Option<String>,
        pub seed_secret: Option<String>,
        pub published_at: Option<DateTimeUtc>,
        pub published_micros: Option<i64>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        pub round: i32,
        pub closed_at: Option<DateTimeUtc>,
        pub draw_doc: Option<String>,
        pub failed_reason: Option<String>,
    }

    /// The owner's account and the catalogue item, so that a project's view (which shows their
    /// names) is one joined query rather than three.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::account::Entity",
            from = "Column::OwnerAccountId",
            to = "super::account::Column::Id"
        )]
        Owner,
        #[sea_orm(
            belongs_to = "super::service_item::Entity",
            from = "Column::ItemId",
            to = "super::service_item::Column::Id"
        )]
        Item,
    }

    impl Related<super::account::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Owner.def()
        }
    }

    impl Related<super::service_item::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Item.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod registration {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "registration")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub project_id: Uuid,
        pub firm_id: Uuid,
        pub round: i32,
        pub status: String,
        pub price_fen: Option<i64>,
        pub plan_file_id: Option<Uuid>,
        pub plan_sha256: Option<String>,
        pub nonce: String,
        pub receipt: String,
        pub credit_score: Option<i32>,
        pub plan_score: Option<i32>,
        pub decision: Option<String>,
        pub decision_reason: Option<String>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        /// While the bid is sealed: its price, plan digest and nonce, encrypted (see
        /// [`crate::rules::seal`]); those columns are empty meanwhile.
        pub sealed_bid: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod award {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "award")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub project_id: Uuid,
        pub round: i32,
        pub firm_id: Uuid,
        pub price_fen: i64,
        pub reason: String,
        pub decided_by: Option<Uuid>,
        pub status: String,
        pub awarded_at: DateTimeUtc,
        pub notice_until: DateTimeUtc,
        pub contract_due: DateTimeUtc,
        pub contract_document_id: Option<Uuid>,
        pub contract_signed_on: Option<Date>,
        pub contract_price_fen: Option<i64>,
        pub contract_service_days: Option<i32>,
        pub contract_terms: Option<String>,
        pub refusal_reason: Option<String>,
        pub contract_reminded_at: Option<DateTimeUtc>,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod objection {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "objection")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub project_id: Uuid,
        pub award_id: Uuid,
        pub firm_id: Uuid,
        pub text: String,
        pub status: String,
        pub answer: Option<String>,
        pub answered_by: Option<Uuid>,
        pub created_at: DateTimeUtc,
        pub answered_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod credit_event {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "credit_event")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub firm_id: Uuid,
        pub kind: String,
        pub detail: String,
        pub points: i32,
        pub policy_version: i32,
        pub project_id: Option<Uuid>,
        pub award_id: Option<Uuid>,
        pub reason: String,
        pub recorded_by: Option<Uuid>,
        pub created_at: DateTimeUtc,
        pub voided_at: Option<DateTimeUtc>,
        pub void_reason: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod inspection_round {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "inspection_round")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub title: String,
        pub item_id: Option<Uuid>,
        pub region_prefix: String,
        pub grades: String,
        pub firm_count: i32,
        pub inspector_count: i32,
        pub seed_commitment: String,
        pub seed_secret: String,
        pub firm_draw: Option<String>,
        pub inspector_draw: Option<String>,
        pub status: String,
        pub created_by: Uuid,
        pub created_at: DateTimeUtc,
        pub drawn_at: Option<DateTimeUtc>,
        pub closed_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod inspection_target {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "inspection_target")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub round_id: Uuid,
        pub position: i32,
        pub firm_id: Uuid,
        pub inspector_account_id: Uuid,
        pub outcome: Option<String>,
        pub findings: Option<String>,
        pub points: Option<i32>,
        pub credit_event_id: Option<Uuid>,
        pub recorded_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
