//! The firm profile form (机构信息), shared by the entry step (`/firm/enter`) and the profile
//! edit on "my firm" (`/firm/profile`): what was typed, the service-item checkboxes, and the
//! labels the problems are listed with.

use crate::forms::FormFields;
use crate::views::{item_names, province_name};
use uuid::Uuid;
use zjcs_domain::i18n::Lang;
use zjcs_domain::model::firm::{FirmProfileInput, PROVINCES};
use zjcs_domain::service::catalogue::ServiceItemView;
use zjcs_domain::service::firms::FirmDetail;

/// The profile as typed (or as stored, on the edit form), shown again after a refusal.
#[derive(Debug, Clone, Default)]
pub struct ProfileEntered {
    pub name: String,
    pub credit_code: String,
    pub legal_rep_name: String,
    pub legal_rep_id: String,
    pub region_code: String,
    pub address: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub description: String,
    pub service_items: Vec<String>,
    pub commitment: bool,
}

impl ProfileEntered {
    /// From a submitted form (the service items are repeated checkbox fields).
    pub fn from_fields(f: &FormFields) -> ProfileEntered {
        ProfileEntered {
            name: f.string("name"),
            credit_code: f.string("credit_code"),
            legal_rep_name: f.string("legal_rep_name"),
            legal_rep_id: f.string("legal_rep_id"),
            region_code: f.string("region_code"),
            address: f.string("address"),
            contact_name: f.string("contact_name"),
            contact_phone: f.string("contact_phone"),
            description: f.string("description"),
            service_items: f.all("service_items").map(str::to_owned).collect(),
            commitment: f.checked("commitment"),
        }
    }

    /// The stored profile, for the edit form. The ID number is never shown (only its hash is
    /// kept), and the commitment is given again with every edit, so its box starts empty.
    pub fn from_detail(d: &FirmDetail) -> ProfileEntered {
        let f = &d.firm;
        ProfileEntered {
            name: f.name.clone(),
            credit_code: f.credit_code.clone(),
            legal_rep_name: f.legal_rep_name.clone(),
            legal_rep_id: String::new(),
            region_code: f.region_code.clone(),
            address: f.address.clone(),
            contact_name: f.contact_name.clone(),
            contact_phone: f.contact_phone.clone(),
            description: f.description.clone(),
            service_items: d.service_items.iter().map(|i| i.id.to_string()).collect(),
            commitment: false,
        }
    }

    /// What the services parse. An item id that is not one becomes the nil id, which no item
    /// has, so the services refuse it as an unknown item on the `service_items` field.
    pub fn input(&self) -> FirmProfileInput {
        FirmProfileInput {
            name: self.name.clone(),
            credit_code: self.credit_code.clone(),
            legal_rep_name: self.legal_rep_name.clone(),
            legal_rep_id: self.legal_rep_id.clone(),
            region_code: self.region_code.clone(),
            address: self.address.clone(),
            contact_name: self.contact_name.clone(),
            contact_phone: self.contact_phone.clone(),
            description: self.description.clone(),
            service_items: self
                .service_items
                .iter()
                .map(|s| Uuid::parse_str(s.trim()).unwrap_or(Uuid::nil()))
                .collect(),
            commitment: self.commitment,
        }
    }
}

/// A service-item checkbox.
#[derive(Debug, Clone)]
pub struct ItemBox {
    pub id: String,
    pub code: String,
    pub name: String,
    pub checked: bool,
}

/// One checkbox per active catalogue item, ticked as entered.
pub fn item_boxes(lang: Lang, items: &[ServiceItemView], ticked: &[String]) -> Vec<ItemBox> {
    items
        .iter()
        .filter(|i| !i.retired)
        .map(|i| {
            let id = i.id.to_string();
            ItemBox {
                checked: ticked.iter().any(|t| t.trim() == id),
                code: i.code.clone(),
                name: item_names(lang, &i.name, &i.name_en).0,
                id,
            }
        })
        .collect()
}

/// Province-level division codes (`330000`) with their names, as suggestions for the region
/// field: a firm that does not know its county's code can at least give its province.
pub fn region_suggestions(lang: Lang) -> Vec<(String, String)> {
    PROVINCES
        .iter()
        .map(|(code, zh, en)| (format!("{code}0000"), province_name(lang, zh, en)))
        .collect()
}

/// The label of a profile field, for the problem summary.
pub fn label_of(field: &str) -> &'static str {
    match field {
        "name" => "firm.name",
        "credit_code" => "firm.credit-code",
        "legal_rep_name" => "firm.legal-rep-name",
        "legal_rep_id" => "firm.legal-rep-id",
        "region_code" => "firm.region-code",
        "address" => "firm.address",
        "contact_name" => "firm.contact-name",
        "contact_phone" => "firm.contact-phone",
        "description" => "firm.description",
        "service_items" => "firm.items",
        "commitment" => "firm.commitment",
        _ => "firm.profile",
    }
}
