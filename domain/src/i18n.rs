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
    // Registry: firms, catalogue, evidence, directory.
    (
        "field.credit-code.length",
        "统一社会信用代码应为 18 位",
        "A unified social credit code has 18 characters",
    ),
    (
        "field.credit-code.charset",
        "统一社会信用代码含有不允许的字符（不使用 I、O、S、V、Z）",
        "The credit code contains characters it cannot have (I, O, S, V and Z are never used)",
    ),
    (
        "field.credit-code.region",
        "统一社会信用代码第 3–8 位应为行政区划代码（数字）",
        "Characters 3–8 of the credit code must be an administrative division code (digits)",
    ),
    (
        "field.credit-code.checksum",
        "统一社会信用代码校验位不正确，请核对营业执照",
        "The credit code's check character is wrong; please check the business licence",
    ),
    (
        "field.credit-code.taken",
        "该统一社会信用代码已有机构入驻",
        "A firm with this credit code is already listed",
    ),
    (
        "field.credit-code.blacklisted",
        "该统一社会信用代码在本平台黑名单内，黑名单期间不能入驻",
        "This credit code is on the platform's black list and cannot enter while it stays there",
    ),
    (
        "field.credit-code.dishonest",
        "该统一社会信用代码在失信被执行人等失信名单内，不能入驻",
        "This credit code is on an imported dishonesty list and cannot enter",
    ),
    (
        "field.credit-code.immutable",
        "统一社会信用代码是机构身份，入驻后不能修改",
        "The credit code is the firm's identity and cannot be changed",
    ),
    (
        "field.id-number.invalid",
        "身份证号码无效（18 位，末位校验码）",
        "Invalid ID number (18 characters with a check character)",
    ),
    (
        "field.region.invalid",
        "行政区划代码无效（6 位数字）",
        "Invalid administrative division code (6 digits)",
    ),
    (
        "field.text.control",
        "含有不允许的控制字符",
        "Contains control characters",
    ),
    (
        "field.phone.invalid",
        "电话号码无效",
        "Invalid telephone number",
    ),
    ("field.too-many", "条目过多", "Too many entries"),
    (
        "field.commitment.required",
        "请确认承诺所填信息和材料真实有效",
        "Please confirm your commitment that the information and materials are true",
    ),
    (
        "field.date.invalid",
        "日期无效（格式 YYYY-MM-DD）",
        "Invalid date (format YYYY-MM-DD)",
    ),
    (
        "field.date.before-start",
        "截止日期早于起始日期",
        "The end date is before the start date",
    ),
    (
        "field.evidence.required",
        "请上传证明材料（PDF、JPEG 或 PNG）",
        "Please upload an evidence file (PDF, JPEG or PNG)",
    ),
    (
        "field.evidence.unknown",
        "证明材料不存在或不属于本机构",
        "The evidence file does not exist or belongs to another firm",
    ),
    (
        "field.affiliation-kind.invalid",
        "请选择关联关系类型",
        "Choose the kind of tie",
    ),
    (
        "field.item-code.invalid",
        "事项编码无效（大写字母开头，2–32 位字母、数字或连字符）",
        "Invalid item code (a capital letter, then 2–32 letters, digits or hyphens)",
    ),
    (
        "field.item-code.taken",
        "该事项编码已存在",
        "An item with this code exists already",
    ),
    ("field.duplicate", "重复", "Duplicate"),
    ("field.out-of-range", "超出允许范围", "Out of range"),
    (
        "field.fee.range",
        "收费下限高于上限",
        "The lowest fee is above the highest",
    ),
    (
        "field.import.empty",
        "导入文件没有任何事项",
        "The import holds no items",
    ),
    ("field.import.json", "不是 JSON 数组", "Not a JSON array"),
    (
        "field.import.row-shape",
        "该行格式不正确（字段缺失、多余或类型不对）",
        "This row is malformed (a field missing, unknown or of the wrong type)",
    ),
    (
        "field.import.csv-header",
        "CSV 表头不正确，请使用模板中的列名",
        "Wrong CSV header; use the column names of the template",
    ),
    ("field.number.invalid", "不是整数", "Not a whole number"),
    ("field.file.empty", "文件为空", "The file is empty"),
    (
        "field.file.too-large",
        "文件超过 10 MiB",
        "The file is larger than 10 MiB",
    ),
    (
        "field.file.kind",
        "只接受 PDF、JPEG 或 PNG 文件（按文件内容判断）",
        "Only PDF, JPEG or PNG files are accepted (judged by content)",
    ),
    ("field.id.invalid", "编号无效", "Invalid identifier"),
    (
        "field.grade.invalid",
        "信用等级应为 A–E",
        "The credit grade must be A–E",
    ),
    ("field.sort.invalid", "排序方式无效", "Invalid order"),
    (
        "field.cursor.invalid",
        "翻页参数无效，请从第一页重新开始",
        "Invalid page token; start again from the first page",
    ),
    (
        "field.service-item.unknown",
        "所选服务事项不存在或已停用",
        "A chosen service item does not exist or is retired",
    ),
    (
        "field.firm.exists",
        "本账号已入驻机构",
        "This account has entered its firm already",
    ),
    (
        "field.firm.missing",
        "请先填写机构信息完成入驻",
        "Enter your firm's profile first",
    ),
    (
        "error.firm-exists",
        "本账号已入驻机构",
        "This account has entered its firm already",
    ),
    (
        "error.credit-code-taken",
        "统一社会信用代码已被使用",
        "Credit code already in use",
    ),
    (
        "error.credit-code-blacklisted",
        "统一社会信用代码在黑名单内",
        "Credit code on the black list",
    ),
    (
        "error.credit-code-dishonest",
        "统一社会信用代码在失信名单内",
        "Credit code on a dishonesty list",
    ),
    (
        "error.item-code-taken",
        "事项编码已存在",
        "Item code already in use",
    ),
    (
        "error.import-rejected",
        "导入被拒绝，未写入任何数据",
        "Import refused; nothing was written",
    ),
    (
        "error.detail.import-rejected",
        "以下各行有误，请改正后重新导入整份文件。",
        "The rows listed are wrong; correct them and import the whole file again.",
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
            "firm-exists",
            "credit-code-taken",
            "credit-code-blacklisted",
            "credit-code-dishonest",
            "item-code-taken",
            "import-rejected",
        ] {
            assert!(has(&format!("error.{code}")), "missing error.{code}");
        }
    }

    /// Every `"field.…"` key written anywhere in this crate's source has a translation.
    #[test]
    fn every_field_key_in_the_source_is_translated() {
        fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(std::fs::read_to_string(path).unwrap());
                }
            }
        }
        let mut sources = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut sources,
        );
        let mut missing = Vec::new();
        for src in &sources {
            for piece in src.split("\"field.").skip(1) {
                let key: String = piece
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '.' || *c == '-')
                    .collect();
                if !key.is_empty()
                    && piece[key.len()..].starts_with('"')
                    && !has(&format!("field.{key}"))
                {
                    missing.push(key);
                }
            }
        }
        assert!(missing.is_empty(), "untranslated: {missing:?}");
    }
}
