//! The frame around every page: site name, navigation for the visitor's role, language switch,
//! notice line and footer. Templates extend `base.html`, which reads a [`Layout`].

use crate::assets;
use crate::ctx::Ctx;
use zjcs_domain::i18n::Lang;
use zjcs_domain::model::Role;

/// What `base.html` needs besides the translator.
#[derive(Debug, Clone)]
pub struct Layout {
    /// `<html lang>`.
    pub lang_tag: &'static str,
    /// The `<html lang>` of the switch link's label (the other language).
    pub other_lang_tag: &'static str,
    /// The switch link: `/lang/<other>?next=<this page>`.
    pub lang_switch_href: String,
    /// Logged in: show account and logout instead of register and login.
    pub logged_in: bool,
    /// Regulators and administrators see the audit trail link.
    pub may_audit: bool,
    /// Intermediary firms see "my firm".
    pub is_firm: bool,
    /// Administrators see the catalogue management link.
    pub is_admin: bool,
    /// Project owners see their projects link.
    pub is_owner: bool,
    /// Regulators see the credit repair queue.
    pub is_regulator: bool,
    /// The CSRF token for the logout form in the header.
    pub csrf: String,
    /// A catalogue key for a one-line notice above the content.
    pub notice: Option<&'static str>,
    /// Cache-busting URL of the style sheet.
    pub css_href: &'static str,
}

impl Layout {
    /// The frame for this request.
    pub fn new(ctx: &Ctx, notice: Option<&'static str>) -> Layout {
        let role = ctx.visitor.as_ref().map(|v| v.auth.actor.role);
        let other = match ctx.lang {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        };
        let other_code = match other {
            Lang::Zh => "zh",
            Lang::En => "en",
        };
        Layout {
            lang_tag: ctx.lang.tag(),
            other_lang_tag: other.tag(),
            lang_switch_href: format!("/lang/{other_code}?next={}", encode_component(&ctx.here)),
            logged_in: role.is_some(),
            may_audit: matches!(role, Some(Role::Regulator | Role::Admin)),
            is_firm: matches!(role, Some(Role::Intermediary)),
            is_admin: matches!(role, Some(Role::Admin)),
            is_owner: matches!(role, Some(Role::Owner)),
            is_regulator: matches!(role, Some(Role::Regulator)),
            csrf: ctx.csrf.value.clone(),
            notice,
            css_href: assets::site_css_href(),
        }
    }
}

/// The catalogue key for a `?notice=` code. Only known codes map to text, so a crafted link
/// cannot put words of its own on our pages.
pub fn notice_key(code: Option<&str>) -> Option<&'static str> {
    match code? {
        "registered" => Some("register.done"),
        "logged-out" => Some("logout.done"),
        "password-changed" => Some("account.password.done"),
        "firm-entered" => Some("firm.notice.entered"),
        "profile-saved" => Some("firm.notice.profile-saved"),
        "qualification-added" => Some("firm.notice.qualification-added"),
        "qualification-removed" => Some("firm.notice.qualification-removed"),
        "practitioner-added" => Some("firm.notice.practitioner-added"),
        "practitioner-removed" => Some("firm.notice.practitioner-removed"),
        "affiliation-added" => Some("firm.notice.affiliation-added"),
        "affiliation-removed" => Some("firm.notice.affiliation-removed"),
        "person-added" => Some("firm.notice.person-added"),
        "person-removed" => Some("firm.notice.person-removed"),
        "item-created" => Some("admin.notice.item-created"),
        "item-saved" => Some("admin.notice.item-saved"),
        "item-retired" => Some("admin.notice.item-retired"),
        "item-reinstated" => Some("admin.notice.item-reinstated"),
        "project-drafted" => Some("owner.notice.drafted"),
        "project-published" => Some("owner.notice.published"),
        "project-cancelled" => Some("owner.notice.cancelled"),
        "project-saved" => Some("owner.notice.saved"),
        "reopened" => Some("owner.notice.reopened"),
        "registered-bid" => Some("sel.notice.registered"),
        "bid-replaced" => Some("sel.notice.replaced"),
        "withdrawn" => Some("sel.notice.withdrawn"),
        "awarded" => Some("sel.notice.awarded"),
        "bid-rejected" => Some("sel.notice.rejected"),
        "plans-scored" => Some("sel.notice.scored"),
        "objection-raised" => Some("sel.notice.objected"),
        "objection-answered" => Some("sel.notice.answered"),
        "contract-recorded" => Some("sel.notice.contracted"),
        "refusal-recorded" => Some("sel.notice.refusal"),
        "credit-recorded" => Some("credit.notice.recorded"),
        "repair-applied" => Some("credit.notice.repair-applied"),
        "repair-approved" => Some("credit.notice.repair-approved"),
        "repair-refused" => Some("credit.notice.repair-refused"),
        "delivery-submitted" => Some("delivery.notice.submitted"),
        "delivery-accepted" => Some("delivery.notice.accepted"),
        "delivery-returned" => Some("delivery.notice.returned"),
        "evaluated" => Some("eval.notice.evaluated"),
        "evaluation-replied" => Some("eval.notice.replied"),
        "evaluation-appealed" => Some("eval.notice.appealed"),
        "owner-rated" => Some("eval.notice.owner-rated"),
        "appeal-upheld" => Some("eval.notice.appeal-upheld"),
        "appeal-dismissed" => Some("eval.notice.appeal-dismissed"),
        "complaint-filed" => Some("complaint.notice.filed"),
        "complaint-accept" => Some("complaint.notice.accepted"),
        "complaint-reject" => Some("complaint.notice.rejected"),
        "complaint-investigate" => Some("complaint.notice.investigating"),
        "complaint-uphold" => Some("complaint.notice.upheld"),
        "complaint-dismiss" => Some("complaint.notice.dismissed"),
        "complaint-evidence" => Some("complaint.notice.evidence"),
        "case-opened" => Some("market.notice.case-opened"),
        "inspection-created" => Some("inspection.notice.created"),
        "inspection-drawn" => Some("inspection.notice.drawn"),
        "inspection-finding" => Some("inspection.notice.finding"),
        _ => None,
    }
}

/// The query string of a list page's filters (empty ones left out), for its pager links.
pub fn query_string(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", encode_component(v.trim())))
        .collect::<Vec<_>>()
        .join("&")
}

/// The link back to the first page of a list with these filters (`None` on the first page).
pub fn first_page_href(path: &str, cursor: &str, filters: &str) -> Option<String> {
    (!cursor.trim().is_empty()).then(|| {
        if filters.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{filters}")
        }
    })
}

/// Percent-encodes a query parameter value (RFC 3986 unreserved characters and `/` stay).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A redirect target that stays on this site: a path starting with exactly one `/`. Anything
/// else (`//evil.example`, `/\evil.example`, `https://…`, control characters) becomes `/`, so
/// the language switch cannot be used as an open redirect.
pub fn local_path(next: Option<&str>) -> &str {
    match next {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.contains('\\')
                && !p.chars().any(|c| c.is_control() || c.is_whitespace()) =>
        {
            p
        }
        _ => "/",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path(Some("/account?x=1")), "/account?x=1");
        assert_eq!(local_path(Some("/")), "/");
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "",
            "evil",
            "/a\nb",
            "/ x",
        ] {
            assert_eq!(local_path(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(local_path(None), "/");
    }

    #[test]
    fn query_values_are_encoded() {
        assert_eq!(
            encode_component("/audit?before=5&x=中"),
            "/audit%3Fbefore%3D5%26x%3D%E4%B8%AD"
        );
    }

    #[test]
    fn unknown_notices_show_nothing() {
        assert_eq!(notice_key(Some("registered")), Some("register.done"));
        assert_eq!(notice_key(Some("<script>")), None);
        assert_eq!(notice_key(None), None);
    }
}
