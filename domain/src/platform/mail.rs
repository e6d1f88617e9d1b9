//! Mail as the services write it (邮件): one [`MailKey`] per kind of mail, rendered in both
//! languages from the catalogue and queued in the outbox inside the change's transaction.

use super::outbox::{self, Mail};
use crate::error::Result;
use crate::i18n::{Lang, text};
use crate::store::DatabaseTransaction;

/// Every mail the marketplace sends on a change (`mail.<key>.subject` and `.body` in the
/// catalogue). Account mails (verification, reset, welcome) have their own builders in
/// `service::accounts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MailKey {
    Registered,
    BidReplaced,
    RegistrationVoided,
    Closed,
    Failed,
    Awarded,
    NotAwarded,
    AwardPublished,
    ObjectionRaised,
    ObjectionAnswered,
    Contracted,
    ContractDue,
    Cancelled,
    CreditSuspended,
    CreditBlacklisted,
    CreditBlacklistedRepresentative,
    CreditRestored,
    RegistrationWithdrawnBlacklist,
    RegistrationWithdrawnDishonest,
    RegistrationWithdrawnSuspended,
    RegistrationSetAside,
    RepairApproved,
    RepairRefused,
    DeliverySubmitted,
    DeliveryAccepted,
    DeliveryReturned,
    DeliveryDue,
    DeliveryUnreviewed,
    ComplaintReceived,
    ComplaintUpdate,
    InspectionAssigned,
    InspectionResult,
}

impl MailKey {
    /// Every key, for the catalogue's completeness test.
    pub const ALL: [MailKey; 32] = [
        MailKey::Registered,
        MailKey::BidReplaced,
        MailKey::RegistrationVoided,
        MailKey::Closed,
        MailKey::Failed,
        MailKey::Awarded,
        MailKey::NotAwarded,
        MailKey::AwardPublished,
        MailKey::ObjectionRaised,
        MailKey::ObjectionAnswered,
        MailKey::Contracted,
        MailKey::ContractDue,
        MailKey::Cancelled,
        MailKey::CreditSuspended,
        MailKey::CreditBlacklisted,
        MailKey::CreditBlacklistedRepresentative,
        MailKey::CreditRestored,
        MailKey::RegistrationWithdrawnBlacklist,
        MailKey::RegistrationWithdrawnDishonest,
        MailKey::RegistrationWithdrawnSuspended,
        MailKey::RegistrationSetAside,
        MailKey::RepairApproved,
        MailKey::RepairRefused,
        MailKey::DeliverySubmitted,
        MailKey::DeliveryAccepted,
        MailKey::DeliveryReturned,
        MailKey::DeliveryDue,
        MailKey::DeliveryUnreviewed,
        MailKey::ComplaintReceived,
        MailKey::ComplaintUpdate,
        MailKey::InspectionAssigned,
        MailKey::InspectionResult,
    ];

    /// The key's name in the catalogue.
    pub fn as_str(self) -> &'static str {
        match self {
            MailKey::Registered => "registered",
            MailKey::BidReplaced => "bid-replaced",
            MailKey::RegistrationVoided => "registration-voided",
            MailKey::Closed => "closed",
            MailKey::Failed => "failed",
            MailKey::Awarded => "awarded",
            MailKey::NotAwarded => "not-awarded",
            MailKey::AwardPublished => "award-published",
            MailKey::ObjectionRaised => "objection-raised",
            MailKey::ObjectionAnswered => "objection-answered",
            MailKey::Contracted => "contracted",
            MailKey::ContractDue => "contract-due",
            MailKey::Cancelled => "cancelled",
            MailKey::CreditSuspended => "credit-suspended",
            MailKey::CreditBlacklisted => "credit-blacklisted",
            MailKey::CreditBlacklistedRepresentative => "credit-blacklisted-representative",
            MailKey::CreditRestored => "credit-restored",
            MailKey::RegistrationWithdrawnBlacklist => "registration-withdrawn-blacklist",
            MailKey::RegistrationWithdrawnDishonest => "registration-withdrawn-dishonest",
            MailKey::RegistrationWithdrawnSuspended => "registration-withdrawn-suspended",
            MailKey::RegistrationSetAside => "registration-set-aside",
            MailKey::RepairApproved => "repair-approved",
            MailKey::RepairRefused => "repair-refused",
            MailKey::DeliverySubmitted => "delivery-submitted",
            MailKey::DeliveryAccepted => "delivery-accepted",
            MailKey::DeliveryReturned => "delivery-returned",
            MailKey::DeliveryDue => "delivery-due",
            MailKey::DeliveryUnreviewed => "delivery-unreviewed",
            MailKey::ComplaintReceived => "complaint-received",
            MailKey::ComplaintUpdate => "complaint-update",
            MailKey::InspectionAssigned => "inspection-assigned",
            MailKey::InspectionResult => "inspection-result",
        }
    }
}

/// The mail `key` to `to`, its subject and body filled in both languages (accounts do not
/// record a language; Chinese first). Values are filled by Fluent in one pass: a title or name
/// that looks like a placeable is not filled again.
pub fn render_mail(to: &str, key: MailKey, vars: &[(&str, &str)]) -> Mail {
    let key = key.as_str();
    let part = |lang: Lang, part: &str| text(lang, &format!("mail.{key}.{part}"), vars);
    Mail {
        to: to.to_owned(),
        subject: format!(
            "{} / {}",
            part(Lang::Zh, "subject"),
            part(Lang::En, "subject")
        ),
        body_text: format!(
            "{}\n\n——\n\n{}",
            part(Lang::Zh, "body"),
            part(Lang::En, "body")
        ),
    }
}

/// Renders the mail `key` to `to` and queues it in the transaction's outbox.
pub async fn send(
    tx: &DatabaseTransaction,
    to: &str,
    key: MailKey,
    vars: &[(&str, &str)],
) -> Result<()> {
    let m = render_mail(to, key, vars);
    outbox::enqueue(tx, &m.to, &m.subject, &m.body_text).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every mail has a subject and body in both languages.
    #[test]
    fn every_mail_is_written_in_both_languages() {
        for key in MailKey::ALL {
            for lang in [Lang::Zh, Lang::En] {
                for part in ["subject", "body"] {
                    let k = format!("mail.{}.{part}", key.as_str());
                    assert_ne!(crate::i18n::message(lang, &k), k, "missing {k} in {lang:?}");
                }
            }
        }
    }

    #[test]
    fn keys_are_distinct() {
        let names: std::collections::HashSet<_> = MailKey::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(names.len(), MailKey::ALL.len());
    }
}
