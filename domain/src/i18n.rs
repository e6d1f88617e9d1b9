//! The translation catalogue (翻译目录): every user-facing text, zh-CN first, English second.
//! Pages and API problem details both read from here, so a refusal reads the same everywhere.

/// The reader's language. Chinese is the default; English is the switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The BCP 47 tag (`zh-CN`, `en`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Parses a short code as used in the language switch (`zh`, `en`).
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh-hans" => Some(Lang::Zh),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the first supported language of an `Accept-Language` header, honouring q-values;
    /// Chinese when nothing matches.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|v| v.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            let lang = if tag.starts_with("zh") {
                Some(Lang::Zh)
            } else if tag.starts_with("en") {
                Some(Lang::En)
            } else {
                None
            };
            if let Some(lang) = lang
                && q > 0.0
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }
}

/// Looks a key up; an unknown key is returned as itself so a missing entry is visible, not fatal
/// (a unit test keeps the catalogue complete for the keys the code uses).
pub fn message(lang: Lang, key: &str) -> &str {
    match CATALOGUE.iter().find(|(k, _, _)| *k == key) {
        Some((_, zh, en)) => match lang {
            Lang::Zh => zh,
            Lang::En => en,
        },
        None => key,
    }
}

/// Whether the catalogue has a key (used by tests that keep it complete).
pub fn has(key: &str) -> bool {
    CATALOGUE.iter().any(|(k, _, _)| *k == key)
}

/// (key, zh-CN, en)
pub static CATALOGUE: &[(&str, &str, &str)] = &[
    // Problem titles, one per error code.
    ("error.validation", "输入有误", "Invalid input"),
    (
        "error.invalid-credentials",
        "邮箱或密码不正确",
        "Email or password is incorrect",
    ),
    ("error.unauthenticated", "请先登录", "Please log in first"),
    (
        "error.forbidden",
        "无权进行此操作",
        "You are not allowed to do this",
    ),
    ("error.not-found", "未找到", "Not found"),
    (
        "error.email-taken",
        "该邮箱已注册",
        "This email address is already registered",
    ),
    (
        "error.invalid-token",
        "链接无效或已过期",
        "The link is invalid or has expired",
    ),
    (
        "error.throttled",
        "尝试次数过多，请稍后再试",
        "Too many attempts; please try again later",
    ),
    ("error.internal", "服务器内部错误", "Internal server error"),
    ("error.malformed", "请求格式错误", "Malformed request"),
    (
        "error.unsupported-media-type",
        "不支持的内容类型",
        "Unsupported content type",
    ),
    (
        "error.payload-too-large",
        "请求内容过大",
        "Request body too large",
    ),
    (
        "error.method-not-allowed",
        "不支持的请求方法",
        "Method not allowed",
    ),
    (
        "error.csrf",
        "页面已过期，请刷新后重试",
        "The page has expired; reload it and try again",
    ),
    (
        "error.detail.throttled",
        "登录失败次数过多，请在 {secs} 秒后再试。",
        "Too many failed logins; try again in {secs} seconds.",
    ),
    (
        "error.detail.validation",
        "请检查标出的字段。",
        "Please check the fields marked.",
    ),
    // Field problems.
    ("field.required", "必填", "Required"),
    ("field.too-long", "过长", "Too long"),
    (
        "field.email.invalid",
        "邮箱格式不正确",
        "Not a valid email address",
    ),
    (
        "field.password.too-short",
        "密码至少 10 个字符",
        "Password must have at least 10 characters",
    ),
    (
        "field.password.too-long",
        "密码最多 128 个字符",
        "Password must have at most 128 characters",
    ),
    (
        "field.password.mismatch",
        "当前密码不正确",
        "Current password is incorrect",
    ),
    (
        "field.name.invalid",
        "名称含有不允许的字符",
        "The name contains characters that are not allowed",
    ),
    (
        "field.role.invalid",
        "请选择项目业主或中介机构",
        "Choose project owner or intermediary firm",
    ),
    (
        "field.owner-kind.invalid",
        "请选择企业或政府部门",
        "Choose company or government department",
    ),
    // Roles and kinds.
    ("role.owner", "项目业主", "Project owner"),
    ("role.intermediary", "中介机构", "Intermediary firm"),
    ("role.regulator", "监管部门", "Regulator"),
    ("role.admin", "管理员", "Administrator"),
    ("owner-kind.company", "企业", "Company"),
    ("owner-kind.department", "政府部门", "Government department"),
    // Mail.
    (
        "mail.welcome.subject",
        "欢迎加入中介超市",
        "Welcome to the intermediary-service marketplace",
    ),
    (
        "mail.welcome.body",
        "{name}，您好：\n\n您的中介超市账号已开通，可以立即使用。\n请打开以下链接验证您的邮箱地址（72 小时内有效；不验证也不影响使用）：\n\n{link}\n\n如非本人操作，请忽略本邮件。\n\n—— 中介超市\n\n(English) Welcome, {name}. Your account is ready to use. Verify your email address within 72 hours: {link}\n",
        "Dear {name},\n\nYour account on the intermediary-service marketplace is ready to use.\nVerify your email address by opening this link within 72 hours (the marketplace works without it):\n\n{link}\n\nIf you did not register, ignore this mail.\n\n-- zjcs\n",
    ),
    // Pages: layout.
    ("site.name", "中介超市", "Intermediary Service Marketplace"),
    (
        "site.tagline",
        "网上中介服务超市",
        "Online marketplace for intermediary services",
    ),
    ("nav.home", "首页", "Home"),
    ("nav.register", "注册", "Register"),
    ("nav.login", "登录", "Log in"),
    ("nav.logout", "退出", "Log out"),
    ("nav.account", "我的账号", "My account"),
    ("nav.audit", "操作留痕", "Audit trail"),
    ("nav.api-docs", "接口文档", "API docs"),
    ("nav.lang-switch", "English", "中文"),
    (
        "footer.text",
        "中介超市 · 零门槛、零限制 · 公平、公开、公正",
        "zjcs · zero threshold, zero restriction · fair, open, impartial",
    ),
    // Pages: home.
    (
        "home.title",
        "网上中介服务超市",
        "The online intermediary-service marketplace",
    ),
    (
        "home.lead",
        "行政审批需要的技术服务（环评、安评、测绘、造价、检测等），在这里公开选取。",
        "Technical services that approvals need (environmental and safety assessment, surveying, cost consulting, testing…) are chosen here, in the open.",
    ),
    ("home.owners.title", "项目业主", "Project owners"),
    (
        "home.owners.text",
        "企业和政府部门在线发布采购公告，自主选择中介机构：网上竞价、网上中标、网上评价。",
        "Companies and government departments post jobs online and choose firms freely: bidding, award and evaluation all online.",
    ),
    ("home.firms.title", "中介机构", "Intermediary firms"),
    (
        "home.firms.text",
        "零门槛、零限制：注册即入驻，无需审批；凭服务质量和信用赢得项目。",
        "Zero threshold, zero restriction: listed the moment you register, no approval; win work by quality and credit.",
    ),
    (
        "home.public.title",
        "监管与公众",
        "Regulators and the public",
    ),
    (
        "home.public.text",
        "信用评价决定展示顺序和退出；全过程留痕、可验证，监管部门和公众都能查看。",
        "Credit drives visibility and exclusion; every step leaves a verifiable trace that regulators and the public can check.",
    ),
    ("home.cta.register", "立即注册", "Register now"),
    (
        "home.cta.login",
        "已有账号？登录",
        "Have an account? Log in",
    ),
    // Pages: registration.
    ("register.title", "注册账号", "Create an account"),
    (
        "register.lead",
        "注册即开通，无需审批。监管部门和管理员账号由系统管理员创建。",
        "Your account works at once; there is no approval step. Regulator and administrator accounts are created by the system administrator.",
    ),
    ("register.role", "我是", "I am"),
    ("register.owner-kind", "业主类型", "Type of owner"),
    ("register.name", "单位名称", "Organisation name"),
    ("register.email", "邮箱", "Email"),
    (
        "register.password",
        "密码（至少 10 个字符）",
        "Password (at least 10 characters)",
    ),
    ("register.submit", "注册", "Register"),
    (
        "register.done",
        "注册成功，已为您登录。验证邮件已发送。",
        "You are registered and logged in. A verification mail is on its way.",
    ),
    // Pages: login.
    ("login.title", "登录", "Log in"),
    ("login.email", "邮箱", "Email"),
    ("login.password", "密码", "Password"),
    ("login.submit", "登录", "Log in"),
    (
        "login.no-account",
        "还没有账号？立即注册",
        "No account yet? Register",
    ),
    ("logout.done", "您已退出。", "You have logged out."),
    // Pages: account.
    ("account.title", "我的账号", "My account"),
    ("account.email", "邮箱", "Email"),
    ("account.name", "名称", "Name"),
    ("account.role", "角色", "Role"),
    ("account.created", "注册时间", "Registered"),
    ("account.verified", "邮箱已验证", "Email verified"),
    (
        "account.unverified",
        "邮箱未验证（查收欢迎邮件中的链接）",
        "Email not verified (see the link in the welcome mail)",
    ),
    ("account.password.title", "修改密码", "Change password"),
    ("account.password.current", "当前密码", "Current password"),
    ("account.password.new", "新密码", "New password"),
    ("account.password.submit", "修改密码", "Change password"),
    (
        "account.password.done",
        "密码已修改，其他设备上的登录已失效。",
        "Password changed; sessions on other devices were ended.",
    ),
    (
        "verify.done",
        "邮箱验证成功。",
        "Your email address is verified.",
    ),
    (
        "verify.failed",
        "验证链接无效或已过期。",
        "The verification link is invalid or has expired.",
    ),
    // Pages: audit.
    ("audit.title", "操作留痕", "Audit trail"),
    (
        "audit.lead",
        "每个状态变更都记录在哈希链中，任何改动都会被发现。",
        "Every change is recorded in a hash chain; any alteration is detected.",
    ),
    (
        "audit.ok",
        "哈希链完整：{n} 条记录验证通过。",
        "The chain is intact: {n} entries verified.",
    ),
    (
        "audit.broken",
        "哈希链在第 {seq} 条记录处断开。",
        "The chain is broken at entry {seq}.",
    ),
    ("audit.col.seq", "序号", "No."),
    ("audit.col.at", "时间", "Time"),
    ("audit.col.actor", "操作者", "Actor"),
    ("audit.col.action", "操作", "Action"),
    ("audit.col.object", "对象", "Object"),
    ("audit.col.hash", "哈希", "Hash"),
    ("error.page.title", "出错了", "Something went wrong"),
    ("error.page.back", "返回首页", "Back to the home page"),
    // Pages: shared frame and refusals (zjcs-web).
    ("nav.main", "主导航", "Main navigation"),
    ("nav.skip", "跳到正文", "Skip to content"),
    ("punct.colon", "：", ": "),
    ("time.beijing", "（北京时间）", "(Beijing time, UTC+8)"),
    (
        "error.detail.internal",
        "请稍后再试；如果问题持续存在，请联系管理员。",
        "Please try again later; if the problem persists, contact the administrator.",
    ),
    (
        "error.detail.not-found",
        "您要找的页面不存在。",
        "The page you asked for does not exist.",
    ),
    (
        "error.detail.forbidden",
        "您的账号角色无权查看此页面。",
        "Your account's role may not see this page.",
    ),
    (
        "error.detail.malformed",
        "提交的内容无法识别，请返回重新填写。",
        "What was sent could not be read; go back and fill in the form again.",
    ),
    (
        "error.detail.email-taken",
        "请直接登录，或使用其他邮箱注册。",
        "Log in instead, or register with another email address.",
    ),
    (
        "error.detail.invalid-credentials",
        "请检查邮箱和密码后重试。",
        "Check your email address and password and try again.",
    ),
    (
        "register.owner-kind.hint",
        "仅项目业主需要选择",
        "Project owners only",
    ),
    ("account.owner-kind", "业主类型", "Type of owner"),
    ("verify.title", "邮箱验证", "Email verification"),
    ("audit.empty", "暂无记录。", "No entries yet."),
    ("audit.older", "更早的记录 →", "Older entries →"),
    ("audit.newest", "← 最新记录", "← Newest entries"),
    ("audit.reason.gap", "（缺少记录）", "(an entry is missing)"),
    (
        "audit.reason.prev-hash",
        "（前序哈希不符）",
        "(the link to the previous entry does not match)",
    ),
    (
        "audit.reason.hash",
        "（记录内容被改动）",
        "(the entry was altered)",
    ),
    (
        "audit.reason.head",
        "（链头与记录不符）",
        "(the chain head does not match the entries)",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_both_languages_present() {
        let mut seen = std::collections::HashSet::new();
        for (k, zh, en) in CATALOGUE {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(!zh.is_empty() && !en.is_empty(), "empty text for {k}");
        }
    }

    #[test]
    fn accept_language_prefers_highest_quality_supported_tag() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Lang::En);
        assert_eq!(
            Lang::from_accept_language("zh-CN,zh;q=0.9,en;q=0.8"),
            Lang::Zh
        );
        assert_eq!(Lang::from_accept_language("fr, en;q=0.5"), Lang::En);
        assert_eq!(Lang::from_accept_language("de"), Lang::Zh);
        assert_eq!(Lang::from_accept_language(""), Lang::Zh);
        assert_eq!(Lang::from_accept_language("zh;q=0.1, en;q=0.8"), Lang::En);
        assert_eq!(Lang::from_accept_language("en;q=0"), Lang::Zh);
    }

    #[test]
    fn unknown_key_is_returned_as_itself() {
        assert_eq!(message(Lang::En, "no.such.key"), "no.such.key");
        assert_eq!(message(Lang::Zh, "nav.home"), "首页");
        assert_eq!(message(Lang::En, "nav.home"), "Home");
    }

    #[test]
    fn every_error_code_has_a_title() {
        for code in [
            "validation",
            "invalid-credentials",
            "unauthenticated",
            "forbidden",
            "not-found",
            "email-taken",
            "invalid-token",
            "throttled",
            "internal",
        ] {
            assert!(has(&format!("error.{code}")), "missing error.{code}");
        }
    }
}
