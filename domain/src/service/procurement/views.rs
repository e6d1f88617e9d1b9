//! What procurement shows: a registration, the opened bids, awards, objections and the
//! selection as a viewer sees it, and the contract as recorded.

use super::*;

/// A registration as its own firm sees it (with its sealed bid).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistrationView {
    pub id: Uuid,
    pub project_id: Uuid,
    pub project_title: String,
    pub project_status: ProjectStatus,
    pub registration_deadline: DateTime<Utc>,
    pub firm_id: Uuid,
    pub round: i32,
    pub status: RegistrationStatus,
    pub price_fen: Option<i64>,
    pub plan_file: Option<Uuid>,
    pub plan_sha256: Option<String>,
    /// Published with the opened bids; with it anyone recomputes the receipt.
    pub nonce: String,
    /// SHA-256 of the bid (see [`bid_receipt`]).
    pub receipt: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A bid after the opening, as everybody sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenedBid {
    pub firm_id: Uuid,
    pub firm_name: String,
    pub price_fen: Option<i64>,
    pub plan_sha256: Option<String>,
    pub nonce: String,
    pub receipt: String,
    /// The firm's credit score when the bids were opened.
    pub credit_score: Option<i32>,
    pub plan_score: Option<i32>,
    /// Position in the project's draw (0 first).
    pub draw_rank: Option<usize>,
    pub decision: Option<BidDecision>,
    pub decision_reason: Option<String>,
}

/// An award (中选) and, once recorded, its contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AwardView {
    pub id: Uuid,
    pub firm_id: Uuid,
    pub firm_name: String,
    pub price_fen: i64,
    pub service_days: i32,
    pub reason: String,
    pub status: AwardStatus,
    pub awarded_at: DateTime<Utc>,
    pub notice_until: DateTime<Utc>,
    pub contract_due: DateTime<Utc>,
    pub contract_signed_on: Option<NaiveDate>,
    pub contract_price_fen: Option<i64>,
    pub contract_service_days: Option<i32>,
    pub contract_terms: Option<String>,
    pub contract_document: Option<Uuid>,
    pub refusal_reason: Option<String>,
}

/// An objection (质疑) to an award.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectionView {
    pub id: Uuid,
    pub award_id: Uuid,
    pub firm_id: Uuid,
    pub firm_name: String,
    pub text: String,
    pub status: ObjectionStatus,
    pub answer: Option<String>,
    pub created_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
}

/// What is next in a closed project's selection, for the public and the owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum NextStep {
    /// Registration is open (or the project has not closed for another reason).
    NotClosed,
    /// The owner picks one of these firms with a reason.
    OwnerPicks {
        choices: Vec<Uuid>,
    },
    /// The lowest bid is abnormally low: the owner accepts it (with the explanation) or rejects it.
    ConfirmLow {
        firm: Uuid,
    },
    /// The owner scores these firms' plans.
    ScorePlans {
        firms: Vec<Uuid>,
    },
    /// An award is in its notice period or awaits its contract.
    Awarded,
    /// The contract is recorded; the service runs.
    Contracted,
    Failed,
    Cancelled,
}

/// A line of the published ranking (lowest price, comprehensive scoring).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RankedLine {
    pub firm_id: Uuid,
    pub abnormally_low: bool,
    /// Comprehensive scoring: the weighted total in hundredths of a point.
    pub total_centi: Option<i64>,
}

/// The selection record of a project: everything public after the opening.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SelectionView {
    pub project_id: Uuid,
    pub status: ProjectStatus,
    pub round: i32,
    pub closed_at: Option<DateTime<Utc>>,
    pub failed_reason: Option<FailedReason>,
    pub next: NextStep,
    pub bids: Vec<OpenedBid>,
    pub ranking: Vec<RankedLine>,
    pub awards: Vec<AwardView>,
    pub objections: Vec<ObjectionView>,
    /// Whether a bid carries a price, and a plan, under the project's method.
    pub asks_price: bool,
    pub asks_plan: bool,
    /// What the viewer may do next, decided by [`crate::rules::procedure::selection_steps`];
    /// the owner's decisions while selecting are in `next`.
    pub allowed: Vec<SelectionStep>,
    /// The viewing firm's own registration for the current round, if any.
    pub mine: Option<RegistrationView>,
}

impl SelectionView {
    /// A project's selection before its opening: sealed (no bid, no count, no name).
    pub(super) fn sealed(
        project_id: Uuid,
        status: ProjectStatus,
        round: i32,
        method: MethodKind,
    ) -> SelectionView {
        SelectionView {
            project_id,
            status,
            round,
            closed_at: None,
            failed_reason: None,
            next: NextStep::NotClosed,
            bids: Vec::new(),
            ranking: Vec::new(),
            awards: Vec::new(),
            objections: Vec::new(),
            asks_price: method.asks_price(),
            asks_plan: method.asks_plan(),
            allowed: Vec::new(),
            mine: None,
        }
    }
}

/// The contract's key terms as the owner records them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContractInput {
    pub signed_on: String,
    pub price_fen: i64,
    pub service_days: u32,
    pub terms: String,
    /// The signed contract: a document uploaded before, or one uploaded with the terms.
    pub document: Option<AttachmentRef>,
}

/// A signed contract's checked terms.
pub(super) struct Contract {
    pub(super) signed_on: NaiveDate,
    pub(super) price_fen: i64,
    pub(super) service_days: i32,
    pub(super) terms: String,
}

impl ContractInput {
    pub(super) fn check(&self, awarded: DateTime<Utc>, today: NaiveDate) -> Result<Contract> {
        let mut errors = Vec::new();
        let china = crate::model::project::china();
        let signed_on = match NaiveDate::parse_from_str(self.signed_on.trim(), "%Y-%m-%d") {
            Ok(d) if d < awarded.with_timezone(&china).date_naive() || d > today => {
                errors.push(FieldError::new(
                    "signed_on",
                    "field.contract.signed-on-range",
                ));
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                errors.push(FieldError::new("signed_on", "field.date.invalid"));
                None
            }
        };
        if self.price_fen <= 0 {
            errors.push(FieldError::new("price_fen", "field.out-of-range"));
        }
        if !(1..=3650).contains(&self.service_days) {
            errors.push(FieldError::new("service_days", "field.out-of-range"));
        }
        let terms = text(&self.terms, "terms", 4000, false)
            .map_err(|e| errors.push(e))
            .unwrap_or_default();
        if self.document.is_none() {
            errors.push(FieldError::new(
                "document",
                "field.contract.document-required",
            ));
        }
        match (errors.is_empty(), signed_on) {
            (true, Some(signed_on)) => Ok(Contract {
                signed_on,
                price_fen: self.price_fen,
                service_days: self.service_days as i32,
                terms,
            }),
            _ => Err(Error::Validation(errors)),
        }
    }
}
