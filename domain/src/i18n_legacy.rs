//! TEMPORARY: the old catalogue and `fill`, to check the Fluent files against. Removed after.
#![allow(dead_code)]

/// `template` with each `{name}` replaced by its value in `vars`, in one pass: a value is never
/// read again for placeholders (a project titled `{firm}` stays so), and a placeholder without
/// a value is left as it is.
///
/// `{name|one|other}` is a plural: `one` when the value of `name` is 1, `other` otherwise
/// (English's rule; Chinese texts have no plurals and need none): `"{n} {n|firm|firms}"`.
pub fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let value_of = |name: &str| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let filled = after.find('}').and_then(|close| {
            let inner = &after[..close];
            let text = match inner.split('|').collect::<Vec<_>>()[..] {
                [name] => value_of(name)?,
                [name, one, other] => {
                    if value_of(name)?.trim() == "1" {
                        one
                    } else {
                        other
                    }
                }
                _ => return None,
            };
            Some((close, text))
        });
        match filled {
            Some((close, text)) => {
                out.push_str(text);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
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
        "Too many failed logins; try again in {secs} {secs|second|seconds}.",
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
        "field.text.bidi",
        "含有文字方向控制字符（会改变显示顺序），不允许",
        "Contains bidirectional control characters (they reorder what is displayed)",
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
    (
        "field.rating.range",
        "评分须为 1–5 的整数",
        "A rating is a whole number from 1 to 5",
    ),
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
        "error.project-not-draft",
        "项目已发布，不能再按草稿修改或发布",
        "The project is no longer a draft",
    ),
    (
        "error.project-cancelled",
        "项目已取消",
        "The project is cancelled",
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
    // Registration, selection, award, contract.
    (
        "field.bid.price-required",
        "此选取方式需要密封报价（单位：分）",
        "This method needs a sealed price (in fen)",
    ),
    (
        "field.bid.price-positive",
        "报价必须大于零",
        "The price must be greater than zero",
    ),
    (
        "field.bid.above-cap",
        "报价不得高于公告的最高限价",
        "The price may not exceed the announced price cap",
    ),
    (
        "field.bid.no-price",
        "此选取方式不报价",
        "This method takes no price",
    ),
    (
        "field.bid.plan-required",
        "综合评分需要提交服务方案文件",
        "Comprehensive scoring needs a plan document",
    ),
    (
        "field.bid.no-plan",
        "此选取方式不提交方案",
        "This method takes no plan",
    ),
    (
        "field.registration.missing",
        "贵机构未报名本项目",
        "Your firm is not registered for this project",
    ),
    (
        "field.selection.not-choice",
        "该机构不在可选范围内",
        "That firm is not among the choices",
    ),
    (
        "field.selection.not-low",
        "该报价不是待确认的异常低价",
        "That bid is not an abnormally low bid awaiting a decision",
    ),
    (
        "field.selection.no-scoring",
        "当前无需对方案评分",
        "No plans are awaiting scores",
    ),
    (
        "field.selection.score-range",
        "方案得分须为 0–100 的整数",
        "Plan scores are whole numbers from 0 to 100",
    ),
    (
        "field.selection.score-missing",
        "每份待评方案都需要评分",
        "Every plan awaiting a score needs one",
    ),
    (
        "field.selection.score-unknown",
        "评分中含有无需评分的机构",
        "The scores name a firm whose plan is not awaiting a score",
    ),
    (
        "field.project.not-selecting",
        "项目当前不在选取阶段",
        "The project is not in selection",
    ),
    (
        "field.project.not-failed",
        "只有流标的项目可以重新发布",
        "Only a failed project can be republished",
    ),
    (
        "field.project.not-drawn",
        "项目尚未开标，没有抽取结果",
        "The project has not closed; there is no draw yet",
    ),
    (
        "field.project.closed",
        "报名已截止，公告不能再修改",
        "Registration has closed; the announcement can no longer change",
    ),
    (
        "field.project.awarded",
        "项目已有中选结果，不能取消",
        "The project has an award and cannot be cancelled",
    ),
    (
        "field.objection.notice-closed",
        "当前没有处于公示期的中选结果",
        "No award is in its notice period",
    ),
    (
        "field.objection.answered",
        "该质疑已答复",
        "This objection has been answered",
    ),
    (
        "field.contract.signed-on-range",
        "签订日期须在中选之后、且不晚于今天",
        "The signing date must be after the award and not after today",
    ),
    (
        "field.contract.document-required",
        "请上传已签订的合同文件",
        "Upload the signed contract",
    ),
    (
        "field.contract.no-award",
        "没有待签订合同的中选结果",
        "There is no award awaiting its contract",
    ),
    (
        "field.contract.notice-running",
        "公示期未满，暂不能登记合同",
        "The notice period has not ended yet",
    ),
    (
        "field.contract.objection-open",
        "尚有未答复的质疑",
        "An objection is still unanswered",
    ),
    (
        "error.registration-refused",
        "不能报名",
        "Registration refused",
    ),
    (
        "error.detail.registration-refused",
        "贵机构目前不能报名本项目，原因如下。",
        "Your firm cannot register for this project, for the reasons below.",
    ),
    ("error.not-registered", "未报名", "Not registered"),
    ("error.not-selectable", "不能选取", "Not selectable"),
    (
        "error.project-not-selecting",
        "项目不在选取阶段",
        "Project not in selection",
    ),
    (
        "error.notice-closed",
        "不在公示期内",
        "Not in a notice period",
    ),
    (
        "error.objection-answered",
        "质疑已答复",
        "Objection already answered",
    ),
    (
        "error.no-award",
        "没有待签约的中选结果",
        "No award awaiting a contract",
    ),
    (
        "error.notice-running",
        "公示期未满",
        "Notice period still running",
    ),
    (
        "error.objection-open",
        "尚有未答复的质疑",
        "An objection is open",
    ),
    (
        "error.project-not-failed",
        "项目未流标",
        "Project has not failed",
    ),
    ("error.not-drawn", "尚未抽取", "Not drawn yet"),
    ("error.project-closed", "报名已截止", "Registration closed"),
    // Credit pages: the firm's credit section, the public credit page, the policy form.
    ("nav.credit", "信用公示", "Credit"),
    ("nav.admin-credit-policy", "信用政策", "Credit policy"),
    ("credit.section", "信用", "Credit"),
    (
        "credit.see-ledger",
        "信用记录与走势",
        "Credit ledger and history",
    ),
    (
        "credit.directory-note",
        "机构按信用等级和信用分排序；等级如何评定见",
        "Firms are ranked by credit grade and score; how grades are given:",
    ),
    ("credit.status", "信用状态", "Standing"),
    ("credit.status.listed", "正常", "In good standing"),
    (
        "credit.status.suspended",
        "暂停报名，至 {date}",
        "Suspended from registering until {date}",
    ),
    (
        "credit.status.repair-needed",
        "暂停期已满，等待信用修复",
        "Suspension over; awaiting a credit repair",
    ),
    (
        "credit.status.blacklisted",
        "已列入黑名单，至 {date}",
        "On the black list until {date}",
    ),
    (
        "credit.status.blacklisted-open",
        "已列入黑名单",
        "On the black list",
    ),
    ("credit.warning.title", "信用警示", "Credit warning"),
    (
        "credit.warning",
        "该机构信用等级为 D，履约记录较差，选择时请审慎。",
        "This firm is graded D for a poor record; choose it with care.",
    ),
    ("credit.policy", "信用政策", "Credit policy"),
    (
        "credit.policy.version",
        "第 {version} 版",
        "Version {version}",
    ),
    (
        "credit.policy.adopted",
        "{date} 起施行",
        "in force since {date}",
    ),
    ("credit.policy.default", "默认政策", "the default policy"),
    (
        "credit.policy.title",
        "现行信用政策",
        "The credit policy in force",
    ),
    ("credit.policy.lines", "等级分数线", "Grade lines"),
    (
        "credit.policy.base",
        "基准分（新入驻机构）",
        "Baseline score (new firms)",
    ),
    ("credit.policy.window", "计分期", "Counting period"),
    (
        "credit.policy.window-text",
        "近 {full} 个月的记录全额计分，{full} 至 {window} 个月前的按 {percent}% 计分，更早的不再计分",
        "Events of the last {full} {full|month|months} count fully, those {full} to {window} {window|month|months} old at {percent}%, older ones not at all",
    ),
    (
        "credit.policy.suspension",
        "E 级暂停报名期",
        "Suspension at grade E",
    ),
    ("credit.policy.blacklist", "黑名单期限", "Black-list period"),
    ("credit.policy.months", "{n} 个月", "{n} {n|month|months}"),
    ("credit.chart.title", "信用分走势", "Score over time"),
    (
        "credit.chart.summary",
        "信用分走势：从 {from} 到 {to}",
        "Credit score over time: from {from} to {to}",
    ),
    (
        "credit.chart.empty",
        "暂无信用分走势",
        "No score history yet",
    ),
    ("credit.ledger", "信用记录", "Credit ledger"),
    (
        "credit.ledger.empty",
        "暂无信用记录。",
        "No credit events yet.",
    ),
    ("credit.col.date", "记录时间", "Recorded"),
    ("credit.col.kind", "事项", "Event"),
    ("credit.col.points", "分值", "Points"),
    ("credit.col.reason", "理由", "Reason"),
    ("credit.col.policy", "政策版本", "Policy version"),
    ("credit.kind.evaluation", "履约评价", "Evaluation"),
    ("credit.kind.on-time", "按期完成", "Delivered on time"),
    ("credit.kind.late", "逾期完成", "Delivered late"),
    (
        "credit.kind.refused-to-sign",
        "中选后拒签或放弃",
        "Refused to sign or abandoned after award",
    ),
    ("credit.kind.complaint", "投诉成立", "Upheld complaint"),
    ("credit.kind.manual", "监管调整", "Regulator's adjustment"),
    ("credit.kind.veto", "否决项", "Veto item"),
    ("credit.kind.repair", "信用修复", "Credit repair"),
    (
        "credit.veto.fraud",
        "提供虚假材料或伪造资质",
        "Fraud or a forged qualification",
    ),
    (
        "credit.veto.bid-rigging",
        "串通投标",
        "Bid rigging or collusion",
    ),
    ("credit.veto.bribery", "行贿", "Bribery"),
    (
        "credit.veto.refused-inspection",
        "拒绝监管检查",
        "Refusing a regulator's inspection",
    ),
    ("credit.project", "相关项目", "Project"),
    ("credit.voided", "已撤销", "Voided"),
    ("credit.voided-on", "{date} 撤销：", "voided on {date}: "),
    ("credit.form.title", "记录信用事项", "Record a credit entry"),
    (
        "credit.form.lead",
        "仅监管人员可见。记录后立即重新评定该机构的信用；理由将在信用记录中公开。",
        "Only regulators see this form. The firm is reassessed at once; the reason is published on its ledger.",
    ),
    ("credit.form.kind", "事项类型", "Kind"),
    ("credit.form.kind.manual", "调整分值", "Adjust the score"),
    (
        "credit.form.kind.veto",
        "否决项（等级降为 E 并列入黑名单）",
        "Veto item (grade E and the black list)",
    ),
    ("credit.form.points", "分值", "Points"),
    (
        "credit.form.points.hint",
        "扣分填负数（如 -5），加分填正数；−50 至 50，不能为 0。仅用于调整分值。",
        "Negative to deduct (e.g. -5), positive to add; −50 to 50, not 0. For an adjustment only.",
    ),
    ("credit.form.veto-item", "否决项", "Veto item"),
    ("credit.form.veto-item.choose", "请选择", "Choose"),
    (
        "credit.form.veto-item.hint",
        "仅用于否决项。",
        "For a veto item only.",
    ),
    ("credit.form.reason", "理由", "Reason"),
    ("credit.form.submit", "记录", "Record"),
    (
        "credit.notice.recorded",
        "信用事项已记录。",
        "The credit entry is recorded.",
    ),
    (
        "credit.market.title",
        "信用公示",
        "Credit in the marketplace",
    ),
    (
        "credit.market.lead",
        "机构的信用等级依 GB/T 39683-2020 由其信用记录按现行信用政策评定：A 级最高，E 级最低；D 级公开警示，E 级暂停报名，否决项列入黑名单。",
        "Firms are graded by GB/T 39683-2020 from their credit ledgers under the policy in force: A highest, E lowest. Grade D carries a public warning, grade E suspends registration, and a veto item puts the firm on the black list.",
    ),
    ("credit.market.grades", "信用等级分布", "Firms by grade"),
    (
        "credit.market.chart-summary",
        "各信用等级机构数：{counts}",
        "Firms by credit grade: {counts}",
    ),
    (
        "credit.market.grades.note",
        "统计在中介超市中展示的机构（含暂停报名的机构，不含黑名单）。",
        "Counts the firms in the marketplace (suspended ones included, black-listed ones not).",
    ),
    ("credit.market.col.grade", "信用等级", "Grade"),
    ("credit.market.col.count", "机构数", "Firms"),
    ("credit.market.total", "合计", "Total"),
    (
        "credit.market.suspended",
        "暂停报名的机构",
        "Firms suspended from registering",
    ),
    (
        "credit.market.suspended.empty",
        "目前没有暂停报名的机构。",
        "No firm is suspended.",
    ),
    ("credit.market.col.firm", "机构", "Firm"),
    ("credit.market.col.until", "暂停至", "Suspended until"),
    (
        "credit.market.awaiting-repair",
        "等待信用修复",
        "Awaiting a credit repair",
    ),
    (
        "credit.market.blacklist-link",
        "被列入黑名单的机构见黑名单 →",
        "Black-listed firms are on the black list →",
    ),
    ("admin.policy.title", "信用政策", "Credit policy"),
    (
        "admin.policy.lead",
        "保存即启用新版本，并按新版本重新评定所有机构的信用。已记录的事项保留记录时的分值。",
        "Saving adopts a new version and reassesses every firm under it. Recorded events keep the points they were given.",
    ),
    (
        "admin.policy.saved",
        "已启用第 {version} 版信用政策，{n} 家机构的信用随之变化。",
        "Version {version} of the credit policy is in force; the credit of {n} {n|firm|firms} changed.",
    ),
    (
        "admin.policy.last-reason",
        "本版理由",
        "Reason for this version",
    ),
    ("admin.policy.version", "版本", "Version"),
    ("admin.policy.scoring", "计分", "Scoring"),
    ("admin.policy.weighting", "时间权重", "Weighting over time"),
    ("admin.policy.grading", "等级与处理", "Grades and effects"),
    ("admin.policy.base", "基准分", "Baseline score"),
    (
        "admin.policy.base.hint",
        "新入驻机构的起始分（0 至 1000）。",
        "The score a new firm starts with (0 to 1,000).",
    ),
    (
        "admin.policy.evaluation-points",
        "履约评价分值",
        "Evaluation points",
    ),
    (
        "admin.policy.evaluation-points.hint",
        "评价平均分四舍五入后为 1 至 5 分时各计的分值。",
        "Points for an evaluation whose average rounds to 1 to 5.",
    ),
    ("admin.policy.rating-n", "{n} 分", "Rating {n}"),
    (
        "admin.policy.on-time-points",
        "按期完成加分",
        "On-time delivery points",
    ),
    (
        "admin.policy.late-points",
        "逾期完成扣分",
        "Late delivery points",
    ),
    (
        "admin.policy.very-late-after-days",
        "严重逾期（超过工作日数）",
        "Very late after (working days)",
    ),
    (
        "admin.policy.very-late-points",
        "严重逾期扣分",
        "Very late delivery points",
    ),
    (
        "admin.policy.refused-to-sign-points",
        "中选后拒签扣分",
        "Points for refusing to sign",
    ),
    (
        "admin.policy.refusals-to-suspend",
        "暂停报名的拒签次数",
        "Refusals that suspend",
    ),
    (
        "admin.policy.refusals-to-suspend.hint",
        "12 个月内拒签达到该次数即暂停报名。",
        "This many refusals within 12 months suspend the firm.",
    ),
    (
        "admin.policy.complaint-points",
        "投诉成立扣分范围",
        "Upheld complaint points",
    ),
    (
        "admin.policy.complaint-points.hint",
        "监管人员按情节在此范围内确定扣分。",
        "Regulators set the points within this range by severity.",
    ),
    ("admin.policy.complaint-min", "最重", "Most severe"),
    ("admin.policy.complaint-max", "最轻", "Least severe"),
    (
        "admin.policy.full-weight-months",
        "全额计分月数",
        "Months counted in full",
    ),
    (
        "admin.policy.older-weight-percent",
        "较早记录计分比例（%）",
        "Weight of older events (%)",
    ),
    (
        "admin.policy.window-months",
        "计分窗口（月）",
        "Window (months)",
    ),
    (
        "admin.policy.window-months.hint",
        "早于此的记录不再计分；全额计分月数不得长于窗口。",
        "Older events drop out; the full-weight months may not exceed it.",
    ),
    ("admin.policy.lines", "等级分数线", "Grade lines"),
    (
        "admin.policy.lines.hint",
        "低于 D 级分数线为 E 级。",
        "Below the D line is grade E.",
    ),
    (
        "admin.policy.line",
        "{grade} 级不低于",
        "Grade {grade} from",
    ),
    (
        "admin.policy.suspension-months",
        "E 级暂停报名月数",
        "Suspension at grade E (months)",
    ),
    (
        "admin.policy.blacklist-months",
        "黑名单月数",
        "Black-list period (months)",
    ),
    ("admin.policy.reason", "修改理由", "Reason for the change"),
    (
        "admin.policy.reason.hint",
        "随新版本保存并记入审计日志。",
        "Kept with the new version and in the audit trail.",
    ),
    (
        "admin.policy.submit",
        "启用新版本",
        "Adopt as the new version",
    ),
    (
        "field.date.future",
        "日期不能晚于今天",
        "The date cannot be later than today",
    ),
    (
        "field.date.end-not-after-start",
        "截止日期须晚于起始日期",
        "The end date must be after the start date",
    ),
    (
        "field.import.text-encoding",
        "文件不是 UTF-8 或 GBK（GB 18030）编码的文本",
        "The file is neither UTF-8 nor GBK (GB 18030) text",
    ),
    // Credit repair (the firm's form, the regulators' queue) and the dishonesty list's page.
    ("nav.credit-repairs", "信用修复审核", "Credit repairs"),
    ("nav.dishonesty", "失信名单", "Dishonesty list"),
    ("credit.repair.title", "信用修复", "Credit repair"),
    (
        "credit.repair.needed-lead",
        "贵机构的暂停报名期已满，但信用等级仍为 E。请说明已完成的整改并申请信用修复；监管部门批准后，贵机构恢复为 D 级，可以重新报名。",
        "Your firm's suspension is over but its grade is still E. Explain what has been remedied and apply for a credit repair; once a regulator approves, your firm is listed again at grade D and may register for projects.",
    ),
    (
        "credit.repair.pending-note",
        "信用修复申请已提交，正等待监管部门审核。",
        "Your credit repair application is waiting for the regulators.",
    ),
    (
        "credit.repair.form.title",
        "申请信用修复",
        "Apply for a credit repair",
    ),
    (
        "credit.repair.statement",
        "整改说明",
        "Statement of the remedy",
    ),
    (
        "credit.repair.statement.hint",
        "说明失信的原因和已完成的整改（最多 2000 字）。",
        "What caused the record and what has been remedied (up to 2,000 characters).",
    ),
    (
        "credit.repair.evidence",
        "证明材料（可选）",
        "Evidence file (optional)",
    ),
    (
        "credit.repair.evidence.hint",
        "可选择本机构已上传的一份证明材料，供监管部门审核。",
        "One of the files your firm has uploaded, for the regulators to read.",
    ),
    ("credit.repair.evidence.none", "不附材料", "No file"),
    (
        "credit.repair.evidence.qualification",
        "资质证书：{name}",
        "Qualification: {name}",
    ),
    (
        "credit.repair.evidence.practitioner",
        "从业人员证书：{name}",
        "Practitioner's certificate: {name}",
    ),
    ("credit.repair.submit", "提交申请", "Apply"),
    ("credit.repair.mine", "修复申请记录", "Your applications"),
    ("credit.repair.col.applied", "申请日期", "Applied"),
    ("credit.repair.col.status", "状态", "Status"),
    ("credit.repair.col.decision", "审核意见", "Decision"),
    ("credit.repair.col.firm", "机构", "Firm"),
    ("credit.repair.col.credit", "当前信用", "Credit now"),
    ("credit.repair.col.statement", "整改说明", "Statement"),
    ("credit.repair.col.evidence", "证明材料", "Evidence"),
    ("credit.repair.col.actions", "审核", "Decision"),
    ("credit.repair.status.pending", "待审核", "Pending"),
    ("credit.repair.status.approved", "已批准", "Approved"),
    ("credit.repair.status.refused", "已驳回", "Refused"),
    ("credit.repair.file", "查看文件", "Open the file"),
    (
        "credit.repair.decided-on",
        "{date} 决定",
        "decided on {date}",
    ),
    (
        "credit.repairs.title",
        "信用修复审核",
        "Credit repair applications",
    ),
    (
        "credit.repairs.lead",
        "暂停期已满、信用等级仍为 E 的机构提出的信用修复申请。批准即记入一条信用修复事件，机构恢复为 D 级；批准和驳回都须说明理由，批准的理由在机构的信用记录中公示，机构会收到邮件通知。",
        "Applications of firms whose suspension is over and whose grade is still E. An approval records a credit-repair event that lists the firm again at grade D; approvals and refusals both need a reason, an approval's reason is published on the firm's ledger, and the firm is told by mail.",
    ),
    (
        "credit.repairs.pending",
        "待审核的申请（先到先审）",
        "Pending applications, oldest first",
    ),
    (
        "credit.repairs.all",
        "全部申请（最新在前）",
        "All applications, newest first",
    ),
    (
        "credit.repairs.show-all",
        "查看全部申请（含已处理）",
        "See all applications (decided ones too)",
    ),
    (
        "credit.repairs.show-pending",
        "只看待审核的申请",
        "Pending applications only",
    ),
    (
        "credit.repairs.empty",
        "没有待审核的申请。",
        "No application is waiting.",
    ),
    (
        "credit.repairs.empty-all",
        "还没有信用修复申请。",
        "No application yet.",
    ),
    ("credit.repairs.reason", "审核理由", "Reason"),
    ("credit.repairs.decision", "审核结果", "Decision"),
    ("credit.repairs.approve", "批准", "Approve"),
    ("credit.repairs.refuse", "驳回", "Refuse"),
    (
        "credit.notice.repair-applied",
        "信用修复申请已提交。",
        "Your credit repair application has been submitted.",
    ),
    (
        "credit.notice.repair-approved",
        "已批准信用修复，该机构恢复为 D 级。",
        "Repair approved: the firm is listed again at grade D.",
    ),
    (
        "credit.notice.repair-refused",
        "已驳回信用修复申请。",
        "The repair application was refused.",
    ),
    (
        "field.repair.decision",
        "请选择批准或驳回",
        "Choose approve or refuse",
    ),
    ("credit.dishonesty.title", "失信名单", "Dishonesty list"),
    (
        "credit.dishonesty.lead",
        "从有关部门公布的失信名单导入，按统一社会信用代码识别。在效期间，该代码不能入驻中介超市，已入驻的机构不能报名任何项目。",
        "Imported from the lists that authorities publish, by unified social credit code. While an entry is in force, the code cannot enter the marketplace and a firm that has entered cannot register for any project.",
    ),
    (
        "credit.dishonesty.empty",
        "失信名单暂无在效记录。",
        "No entry of the dishonesty list is in force.",
    ),
    (
        "credit.dishonesty.total",
        "在效记录共 {n} 条。",
        "{n} {n|entry|entries} in force.",
    ),
    (
        "credit.dishonesty.col.firm",
        "平台机构",
        "Firm on the platform",
    ),
    ("credit.dishonesty.col.reason", "列入原因", "Reason"),
    (
        "credit.dishonesty.col.authority",
        "发布机关",
        "Listing authority",
    ),
    ("credit.dishonesty.col.listed-on", "列入日期", "Listed on"),
    ("credit.dishonesty.col.until", "截止日期", "Until"),
    (
        "credit.dishonesty.not-on-platform",
        "未入驻",
        "Not on the platform",
    ),
    (
        "credit.dishonesty.search",
        "按信用代码查询",
        "Look up a credit code",
    ),
    ("credit.dishonesty.search.submit", "查询", "Look up"),
    ("credit.dishonesty.search.clear", "显示全部", "Show all"),
    ("credit.dishonesty.next", "下一页", "Next page"),
    (
        "credit.dishonesty.see-also",
        "另见：失信名单（从有关部门导入）",
        "See also: the dishonesty list (imported from the authorities)",
    ),
    (
        "credit.dishonesty.import.title",
        "导入失信名单",
        "Import a dishonesty list",
    ),
    (
        "credit.dishonesty.import.lead",
        "上传 JSON 或 CSV 文件（CSV 可为 UTF-8 或 GBK 编码）：在效记录中已有的代码更新，其他代码新增，文件中没有的代码保持不变；以过去的截止日期再次导入即可解除。任何一行有误，整份文件都不导入。",
        "Upload a JSON or CSV file (CSV in UTF-8 or GBK): a code with an entry in force has it updated, other codes get a new entry, codes not in the file stay as they are; importing a row again with an end date in the past lifts it. If any row is wrong, nothing is imported.",
    ),
    (
        "credit.dishonesty.import.done",
        "导入完成：新增 {created} 条，更新 {updated} 条。",
        "Imported: {created} new entries, {updated} updated.",
    ),
    (
        "credit.dishonesty.import.help.header",
        "CSV 第一行为表头，列名如下（顺序不限；name、until 可省略）：",
        "The first CSV line is the header, with these column names (any order; name and until may be left out):",
    ),
    (
        "credit.dishonesty.import.help.fields",
        "credit_code 为统一社会信用代码（含校验位）；authority 为发布机关；listed_on 为列入日期（YYYY-MM-DD，不晚于今天）；until 为最后一天（晚于 listed_on，留空表示长期），均按北京时间。",
        "credit_code is a unified social credit code (check character included); authority is the listing authority; listed_on the first day listed (YYYY-MM-DD, not after today); until the last day (after listed_on; empty: no end), China time.",
    ),
    (
        "credit.dishonesty.import.help.json",
        "JSON 文件为对象数组，字段名与 CSV 列名相同。行号从 1 开始（CSV 不计表头）。",
        "A JSON file is an array of objects with the same field names. Rows are numbered from 1 (not counting the CSV header).",
    ),
    ("error.project-awarded", "项目已中选", "Project awarded"),
    (
        "error.not-accepted",
        "成果尚未验收",
        "The result has not been accepted yet",
    ),
    ("error.evaluated", "已评价", "Already evaluated"),
    ("error.replied", "已回复", "Already replied"),
    ("error.appealed", "已申诉", "Already appealed"),
    (
        "error.no-pending-appeal",
        "没有待处理的申诉",
        "No appeal is pending",
    ),
    ("error.rated", "已评价业主", "The owner was rated already"),
    (
        "field.evaluation.not-accepted",
        "成果验收后方可评价",
        "Evaluations come after the result is accepted",
    ),
    (
        "field.evaluation.exists",
        "本项目已评价，评价不可修改",
        "This project was evaluated already; an evaluation cannot be changed",
    ),
    (
        "field.evaluation.replied",
        "只能公开回复一次",
        "A firm may reply publicly only once",
    ),
    (
        "field.evaluation.appealed",
        "只能申诉一次",
        "An evaluation may be appealed only once",
    ),
    (
        "field.evaluation.no-appeal",
        "该评价没有待处理的申诉",
        "This evaluation has no appeal pending",
    ),
    (
        "field.evaluation.rated",
        "本项目已评价业主",
        "The owner was rated for this project already",
    ),
    (
        "error.delivery-awaiting-review",
        "成果正在等待验收",
        "A result is waiting for review",
    ),
    (
        "error.delivery-nothing-submitted",
        "尚未提交待验收的成果",
        "No result is waiting for review",
    ),
    (
        "error.delivery-accepted",
        "成果已验收，服务已结束",
        "The result was accepted: the service is over",
    ),
    (
        "delivery.awaiting-review",
        "已提交的成果尚待业主验收",
        "The submitted result is waiting for the owner's review",
    ),
    (
        "delivery.nothing-submitted",
        "尚无待验收的成果",
        "There is no result waiting for review",
    ),
    (
        "delivery.accepted",
        "成果已验收",
        "The result has been accepted",
    ),
    (
        "field.document.unknown",
        "请先上传成果文件",
        "Upload the result document first",
    ),
    (
        "mail.delivery-submitted.subject",
        "成果待验收：{title}",
        "Result to review: {title}",
    ),
    (
        "mail.delivery-submitted.body",
        "中介机构已提交项目“{title}”的服务成果，请及时验收：{link}",
        "The firm submitted its result for “{title}”; please review it: {link}",
    ),
    (
        "mail.delivery-accepted.subject",
        "成果已验收：{title}",
        "Result accepted: {title}",
    ),
    (
        "mail.delivery-accepted.body",
        "项目“{title}”的服务成果已通过验收。{reason} 项目：{link}",
        "Your result for “{title}” was accepted. {reason} The project: {link}",
    ),
    (
        "mail.delivery-returned.subject",
        "成果被退回：{title}",
        "Result returned: {title}",
    ),
    (
        "mail.delivery-returned.body",
        "项目“{title}”的服务成果被退回，原因：{reason}。服务期限照常计算，请修改后重新提交：{link}",
        "Your result for “{title}” was returned: {reason}. The service clock keeps running; submit it again: {link}",
    ),
    (
        "mail.delivery-due.subject",
        "服务期限提醒：{title}",
        "Service due: {title}",
    ),
    (
        "mail.delivery-due.body",
        "项目“{title}”的服务成果应于 {reason}（含当日）前提交：{link}",
        "The result for “{title}” is due by {reason} inclusive: {link}",
    ),
    (
        "mail.delivery-unreviewed.subject",
        "成果待验收提醒：{title}",
        "Reminder: result to review for {title}",
    ),
    (
        "mail.delivery-unreviewed.body",
        "项目“{title}”的服务成果已提交多日尚未验收，请及时处理：{link}",
        "The result for “{title}” has been waiting for your review for days: {link}",
    ),
    (
        "mail.registration-withdrawn-dishonest.subject",
        "报名撤回：{firm} 被列入失信名单",
        "Registration withdrawn: {firm} is on the dishonesty list",
    ),
    (
        "mail.registration-withdrawn-dishonest.body",
        "{firm} 被列入失信名单，其在项目“{title}”中的报名已撤回。项目：{link}",
        "{firm} was put on the dishonesty list; its registration for “{title}” has been withdrawn. The project: {link}",
    ),
    (
        "error.repair-not-needed",
        "无需信用修复",
        "No credit repair is needed",
    ),
    (
        "error.repair-pending",
        "已有待处理的信用修复申请",
        "A credit repair application is pending",
    ),
    (
        "error.repair-decided",
        "该信用修复申请已处理",
        "This credit repair application was decided already",
    ),
    (
        "field.repair.not-needed",
        "仅在暂停期已满且信用等级仍为 E 时可申请信用修复",
        "A credit repair may be applied for only when the suspension is over and the grade is still E",
    ),
    (
        "field.repair.pending",
        "贵机构已有一份待处理的信用修复申请",
        "Your firm already has a credit repair application pending",
    ),
    (
        "field.repair.decided",
        "该申请已作出决定",
        "This application was decided already",
    ),
    (
        "mail.repair-approved.subject",
        "信用修复申请已通过",
        "Credit repair approved",
    ),
    (
        "mail.repair-approved.body",
        "贵机构的信用修复申请已通过，可重新在本平台报名。监管部门意见：{reason}。信用记录：{link}",
        "Your firm's credit repair was approved: it may register for projects again. The regulator's reason: {reason}. Its credit record: {link}",
    ),
    (
        "mail.repair-refused.subject",
        "信用修复申请未通过",
        "Credit repair refused",
    ),
    (
        "mail.repair-refused.body",
        "贵机构的信用修复申请未通过。监管部门意见：{reason}。整改后可再次申请：{link}",
        "Your firm's credit repair was refused. The regulator's reason: {reason}. You may apply again after further remedy: {link}",
    ),
    (
        "error.policy-changed",
        "信用政策已被他人修改",
        "The credit policy was changed meanwhile",
    ),
    ("field.reason.required", "请填写理由", "Give a reason"),
    (
        "field.reason.too-long",
        "理由不能超过 2000 字",
        "The reason may have at most 2,000 characters",
    ),
    (
        "field.credit-points.manual-range",
        "人工调整分值须为 −50 至 50 之间的非零整数",
        "A manual adjustment must be a whole number of points from −50 to 50, not 0",
    ),
    (
        "field.credit-points.complaint-range",
        "投诉扣分须在信用政策规定的范围内",
        "Complaint points must fall within the credit policy's range",
    ),
    (
        "field.credit-points.repair-negative",
        "信用修复不能扣分",
        "A credit repair cannot take points away",
    ),
    (
        "field.veto-item.unknown",
        "请选择否决项：虚假材料或伪造资质、串通投标、行贿、拒绝监管检查",
        "Choose a veto item: fraud or forged qualification, bid rigging, bribery, refusing an inspection",
    ),
    (
        "field.credit-kind.unknown",
        "记录类型须为人工调整（manual）或否决项（veto）",
        "The kind must be a manual adjustment (manual) or a veto item (veto)",
    ),
    (
        "field.policy.base-range",
        "基准分须在 0 至 1000 之间",
        "The base score must be from 0 to 1,000",
    ),
    (
        "field.policy.evaluation-order",
        "评价分值须随评分由低到高不减，且绝对值不超过 100",
        "Evaluation points must not fall as the rating rises, each within ±100",
    ),
    (
        "field.policy.not-negative",
        "该分值不能为负，且不超过 100",
        "These points must be from 0 to 100",
    ),
    (
        "field.policy.not-positive",
        "该分值不能为正，且不低于 −100",
        "These points must be from −100 to 0",
    ),
    (
        "field.policy.very-late",
        "严重逾期扣分须不少于一般逾期扣分，且不低于 −100",
        "Very late points must be at most the late points, and at least −100",
    ),
    (
        "field.policy.days-range",
        "工作日数须在 1 至 250 之间",
        "Working days must be from 1 to 250",
    ),
    (
        "field.policy.count-range",
        "次数须在 1 至 12 之间",
        "The count must be from 1 to 12",
    ),
    (
        "field.policy.complaint-range",
        "投诉扣分范围须为 −100 至 0，且下限不高于上限",
        "The complaint range must lie within −100 to 0, lowest first",
    ),
    (
        "field.policy.window",
        "计分窗口须为 1 至 120 个月，全额计分期不长于窗口",
        "The window must be 1 to 120 months, the full-weight period no longer than it",
    ),
    (
        "field.policy.percent",
        "百分比须在 0 至 100 之间",
        "The percentage must be from 0 to 100",
    ),
    (
        "field.policy.lines-order",
        "等级分数线须从 A 到 D 严格递减且为正",
        "Grade lines must fall strictly from A to D and stay above 0",
    ),
    (
        "field.policy.months-range",
        "月数须在 1 至 120 之间",
        "Months must be from 1 to 120",
    ),
    (
        "field.policy.changed",
        "信用政策已被他人修改，请重新载入后再提交",
        "The credit policy was changed meanwhile: reload it and submit again",
    ),
    (
        "mail.credit-suspended.subject",
        "信用提示：贵机构被暂停报名",
        "Credit notice: your firm is suspended from registering",
    ),
    (
        "mail.credit-suspended.body",
        "根据信用记录，贵机构被暂停在本平台报名，暂停期至 {until}（“—”表示暂停期已满但信用等级仍为 E，须申请信用修复）。信用记录与原因：{link}",
        "By its credit record your firm is suspended from registering on the platform until {until} (“—”: the period is over but the grade is still E, and a credit repair is needed). The record and its reasons: {link}",
    ),
    (
        "mail.credit-blacklisted.subject",
        "信用提示：贵机构被列入黑名单",
        "Credit notice: your firm is on the black list",
    ),
    (
        "mail.credit-blacklisted.body",
        "因监管部门认定的否决事项，贵机构被列入本平台黑名单至 {until}，期间不得参与平台项目，尚在报名中的项目报名已撤回。信用记录与原因：{link}",
        "For a veto item a regulator recorded, your firm is on the platform's black list until {until}: it may not take part in projects meanwhile, and its open registrations were withdrawn. The record and its reasons: {link}",
    ),
    (
        "mail.credit-restored.subject",
        "信用提示：贵机构恢复报名资格",
        "Credit notice: your firm may register again",
    ),
    (
        "mail.credit-restored.body",
        "贵机构的暂停或黑名单限制已结束，可重新在本平台报名。信用记录：{link}",
        "Your firm's suspension or black-listing has ended: it may register for projects again. Its credit record: {link}",
    ),
    (
        "mail.registration-withdrawn-blacklist.subject",
        "报名撤回：{firm} 被列入黑名单",
        "Registration withdrawn: {firm} is on the black list",
    ),
    (
        "mail.registration-withdrawn-blacklist.body",
        "{firm} 被列入黑名单，其在项目“{title}”中的报名已撤回。项目：{link}",
        "{firm} was put on the black list; its registration for “{title}” has been withdrawn. The project: {link}",
    ),
    ("objection.upheld", "质疑成立", "Objection upheld"),
    ("objection.dismissed", "质疑不成立", "Objection dismissed"),
    (
        "mail.registered.subject",
        "报名成功：{title}",
        "Registered: {title}",
    ),
    (
        "mail.registered.body",
        "贵机构已报名项目“{title}”。\n报价已密封，截止前任何人都无法查看。\n回执（报价的 SHA-256）：{receipt}\n开标后可用此回执核对：{link}",
        "Your firm registered for “{title}”.\nYour bid is sealed: nobody can read it before the deadline.\nReceipt (SHA-256 of your bid): {receipt}\nCheck it against the opened bids after the deadline: {link}",
    ),
    (
        "mail.bid-replaced.subject",
        "报价已更换：{title}",
        "Bid replaced: {title}",
    ),
    (
        "mail.bid-replaced.body",
        "贵机构已更换项目“{title}”的报价，原报价作废。\n新回执：{receipt}\n{link}",
        "Your firm replaced its bid for “{title}”; the earlier bid is void.\nNew receipt: {receipt}\n{link}",
    ),
    (
        "mail.registration-voided.subject",
        "公告已实质性变更，请重新报名：{title}",
        "The announcement changed, register again: {title}",
    ),
    (
        "mail.registration-voided.body",
        "项目“{title}”的公告发生实质性变更，贵机构此前的报名与报价已作废。如仍有意参加，请在新的截止时间前重新报名：{link}",
        "The announcement of “{title}” changed in substance; your registration and bid are void. To take part, register again before the new deadline: {link}",
    ),
    (
        "mail.closed.subject",
        "已开标：{title}",
        "Bids opened: {title}",
    ),
    (
        "mail.closed.body",
        "项目“{title}”已截止报名并开标，共 {count} 家机构报名。开标结果与抽取验证信息：{link}",
        "Registration for “{title}” has closed and the bids are open: {count} {count|firm|firms} registered. Opened bids and the draw: {link}",
    ),
    ("mail.failed.subject", "流标：{title}", "Failed: {title}"),
    (
        "mail.failed.body",
        "项目“{title}”因有效报名不足（{count} 家）或无可选取机构而流标。项目业主可重新发布：{link}",
        "“{title}” failed: too few valid registrants ({count}) or nobody left to select. The owner may publish it again: {link}",
    ),
    (
        "mail.awarded.subject",
        "中选公示：贵机构中选“{title}”",
        "Award notice: your firm won “{title}”",
    ),
    (
        "mail.awarded.body",
        "贵机构在项目“{title}”中选，公示期至 {until}（北京时间）。公示期满且无成立的质疑后，请与项目业主签订合同：{link}",
        "Your firm was selected for “{title}”. The notice period runs until {until} (China time). After it, if no objection is upheld, sign the contract with the owner: {link}",
    ),
    (
        "mail.not-awarded.subject",
        "中选公示：{title}",
        "Award notice: {title}",
    ),
    (
        "mail.not-awarded.body",
        "项目“{title}”的中选机构为 {firm}，公示期至 {until}（北京时间）。如有异议，可在公示期内提出质疑：{link}",
        "{firm} was selected for “{title}”. The notice period runs until {until} (China time); you may object within it: {link}",
    ),
    (
        "mail.award-published.subject",
        "中选结果已公示：{title}",
        "Award published: {title}",
    ),
    (
        "mail.award-published.body",
        "项目“{title}”的中选机构为 {firm}，公示期至 {until}（北京时间）。公示期满后请登记合同：{link}",
        "{firm} was selected for “{title}”; the notice period runs until {until} (China time). After it, record the contract: {link}",
    ),
    (
        "mail.objection-raised.subject",
        "收到质疑：{title}",
        "Objection raised: {title}",
    ),
    (
        "mail.objection-raised.body",
        "{firm} 对项目“{title}”的中选结果提出质疑，请及时答复：{link}",
        "{firm} objected to the award of “{title}”. Please answer it: {link}",
    ),
    (
        "mail.objection-answered.subject",
        "质疑已答复：{title}",
        "Objection answered: {title}",
    ),
    (
        "mail.objection-answered.body",
        "对项目“{title}”中选结果的质疑已答复：{outcome}。\n答复：{answer}\n{link}",
        "The objection to the award of “{title}” was answered: {outcome}.\nAnswer: {answer}\n{link}",
    ),
    (
        "mail.contracted.subject",
        "合同已登记：{title}",
        "Contract recorded: {title}",
    ),
    (
        "mail.contracted.body",
        "项目“{title}”的合同已登记，服务期自即日起计算：{link}",
        "The contract for “{title}” is recorded; the service period runs from today: {link}",
    ),
    (
        "mail.contract-due.subject",
        "请签订合同：{title}",
        "Contract due: {title}",
    ),
    (
        "mail.contract-due.body",
        "项目“{title}”的中选公示期已满，中选机构为 {firm}。请于 {due}（北京时间）前签订合同，并由项目业主在平台登记：{link}",
        "The notice period of “{title}” has ended; the selected firm is {firm}. Sign the contract before {due} (China time); the owner records it on the platform: {link}",
    ),
    (
        "mail.cancelled.subject",
        "项目已取消：{title}",
        "Project cancelled: {title}",
    ),
    (
        "mail.cancelled.body",
        "贵机构已报名的项目“{title}”已由项目业主取消，原因：{reason}。报价未开启，不会公开。{link}",
        "“{title}”, which your firm registered for, was cancelled by its owner: {reason}. The bids were never opened and will not be published. {link}",
    ),
    // Pages: registration and selection.
    ("nav.my-registrations", "我的报名", "My registrations"),
    ("owner.edit", "修改公告", "Edit the announcement"),
    (
        "owner.edit.published-hint",
        "公告已发布：除联系人外的任何修改都属于实质性变更，已报名机构的报名将作废并收到邮件通知，报名截止时间须重新留足法定报名期。",
        "The announcement is published: any change other than the contact is substantive — registrations so far become void (their firms are told by mail) and the deadline must again leave the full registration window.",
    ),
    ("owner.save", "保存修改", "Save changes"),
    (
        "owner.avoid.hint",
        "每行一家：机构的统一社会信用代码，空格，回避理由（理由将公开）。",
        "One firm per line: its unified social credit code, a space, then the reason (published).",
    ),
    (
        "owner.notice.saved",
        "修改已保存。",
        "Your changes are saved.",
    ),
    (
        "owner.notice.reopened",
        "项目已退回草稿：请设置新的报名截止时间后重新发布。",
        "The project is back in draft: set a new deadline and publish it again.",
    ),
    (
        "field.avoid.unknown-firm",
        "找不到该统一社会信用代码对应的入驻机构",
        "No firm in the marketplace holds that credit code",
    ),
    ("field.selection.choose", "请选择一家机构", "Choose a firm"),
    (
        "field.selection.outcome",
        "请选择质疑是否成立",
        "Say whether the objection is upheld",
    ),
    ("sel.registration", "报名", "Registration"),
    ("sel.registration.status", "报名状态", "Registration"),
    ("sel.registration.active", "已报名", "Registered"),
    ("sel.registration.withdrawn", "已撤回", "Withdrawn"),
    (
        "sel.registration.invalidated",
        "因公告变更作废",
        "Void (the announcement changed)",
    ),
    ("sel.price", "报价", "Price"),
    ("sel.price-yuan", "密封报价（元）", "Sealed price (yuan)"),
    ("sel.plan", "服务方案", "Plan"),
    ("sel.plan.download", "下载", "Download"),
    (
        "sel.plan.hint",
        "PDF、JPEG 或 PNG，最大 10 MiB；截止前仅贵机构可见。",
        "PDF, JPEG or PNG, at most 10 MiB; only your firm can read it before the deadline.",
    ),
    ("sel.receipt", "回执", "Receipt"),
    ("sel.nonce", "随机数", "Nonce"),
    (
        "sel.receipt.hint",
        "回执是报价的 SHA-256 摘要。开标后，报价与随机数一并公开，任何人都可重新计算并与回执核对。",
        "The receipt is the SHA-256 of your bid. At the opening the price and the nonce are published, and anyone can recompute and compare it.",
    ),
    (
        "sel.sealed.hint",
        "报价密封：截止前任何人（包括项目业主、监管部门和管理员）都无法查看。截止前可更换或撤回。",
        "Your bid is sealed: nobody — not the owner, a regulator or an administrator — can read it before the deadline. You may replace or withdraw it until then.",
    ),
    ("sel.register", "报名", "Register"),
    ("sel.replace", "更换报价", "Replace my bid"),
    ("sel.withdraw", "撤回报名", "Withdraw"),
    ("sel.opening", "开标结果", "Opened bids"),
    ("sel.closed-at", "开标时间", "Opened at"),
    (
        "sel.failed.too-few",
        "有效报名不足，项目流标。",
        "Too few valid registrants: the project failed.",
    ),
    (
        "sel.failed.none-left",
        "已无可选取的机构，项目流标。",
        "Nobody is left to select: the project failed.",
    ),
    ("sel.draw-rank", "抽取顺序", "Draw order"),
    ("sel.firm", "机构", "Firm"),
    ("sel.credit", "信用分", "Credit"),
    ("sel.plan-score", "方案得分", "Plan score"),
    ("sel.total", "综合得分", "Total"),
    ("sel.decision", "处理", "Decision"),
    (
        "sel.decision.excluded-objection",
        "质疑成立，取消中选",
        "Award overturned on objection",
    ),
    (
        "sel.decision.excluded-refusal",
        "放弃签约",
        "Refused to sign",
    ),
    (
        "sel.decision.rejected-low",
        "异常低价，不予采纳",
        "Abnormally low, rejected",
    ),
    (
        "sel.decision.accepted-low",
        "异常低价，说明合理",
        "Abnormally low, explained",
    ),
    ("sel.abnormal", "异常低价", "abnormally low"),
    ("sel.draw-check", "抽取验证", "Draw verification"),
    (
        "sel.draw-ok",
        "已用公开数据重新计算，结果一致。",
        "Recomputed from public data: the result matches.",
    ),
    (
        "sel.draw-bad",
        "重新计算的结果与公布结果不一致！",
        "The recomputed result does not match the published one!",
    ),
    (
        "sel.seed",
        "种子（开标时公开）",
        "Seed (revealed at the opening)",
    ),
    ("sel.list-hash", "报名名单摘要", "Registrant list hash"),
    (
        "sel.draw-how",
        "发布时公布的种子承诺值即种子的 SHA-256。下载抽取数据后，可用 zjcs verify-draw 命令独立验证：",
        "The commitment published with the announcement is the SHA-256 of the seed. Download the draw and check it yourself with zjcs verify-draw:",
    ),
    ("sel.award", "中选公示", "Award notice"),
    ("sel.award.firm", "中选机构", "Selected firm"),
    ("sel.award.notice", "公示中", "In notice"),
    ("sel.award.contracted", "已签订合同", "Contract signed"),
    ("sel.award.refused", "放弃签约", "Refused to sign"),
    ("sel.award.overturned", "已取消", "Overturned"),
    (
        "sel.award.by-method",
        "按公告的选取方式确定",
        "Decided by the announced method",
    ),
    ("sel.reason", "理由", "Reason"),
    ("sel.notice-until", "公示截止", "Notice period ends"),
    ("sel.contract-due", "合同签订期限", "Contract due"),
    ("sel.contract", "合同", "Contract"),
    ("sel.refusal", "放弃签约原因", "Refusal"),
    ("sel.objections", "质疑", "Objections"),
    ("sel.objection.open", "待答复", "Awaiting an answer"),
    ("sel.objection-text", "质疑内容", "Objection"),
    ("sel.object", "提出质疑", "Object"),
    ("sel.answer", "答复", "Answer"),
    ("sel.answer.submit", "提交答复", "Answer"),
    ("sel.outcome", "结论", "Outcome"),
    ("sel.owner", "选取操作", "Selection"),
    ("sel.pick", "选择中选机构", "Choose the firm"),
    ("sel.award-submit", "确定中选", "Award"),
    (
        "sel.confirm-low",
        "最低报价低于异常低价线，须由报价机构说明理由：",
        "The lowest bid is below the abnormally-low line; the firm must explain it:",
    ),
    (
        "sel.explanation",
        "机构的说明及采纳理由",
        "The firm's explanation and why it is accepted",
    ),
    ("sel.accept-low", "采纳该报价", "Accept the bid"),
    ("sel.reject-low", "不予采纳", "Reject the bid"),
    (
        "sel.scores.hint",
        "为每份服务方案打分（0–100 分），系统按公告的权重计算综合得分并确定中选机构。",
        "Score each plan from 0 to 100; the system ranks by the announced weights and awards.",
    ),
    ("sel.scores", "方案评分", "Plan scores"),
    ("sel.score-submit", "提交评分", "Submit scores"),
    ("sel.contract.signed-on", "签订日期", "Signed on"),
    (
        "sel.contract.price",
        "合同金额（元）",
        "Contract price (yuan)",
    ),
    ("sel.contract.terms", "主要条款", "Key terms"),
    (
        "sel.contract.document",
        "已签订的合同文件",
        "The signed contract",
    ),
    ("sel.contract.submit", "登记合同", "Record the contract"),
    (
        "sel.refusal.reason",
        "中选机构放弃签约或逾期未签约的情况",
        "How the selected firm refused or failed to sign",
    ),
    (
        "sel.refusal.submit",
        "登记放弃签约，改由下一顺位",
        "Record the refusal and take the next firm",
    ),
    (
        "sel.republish",
        "退回草稿并重新发布",
        "Back to draft to publish again",
    ),
    (
        "sel.republish.hint",
        "项目流标。可修改公告和报名截止时间后重新发布（将生成新的抽取种子）。",
        "The project failed. Edit the announcement and its deadline, then publish it again (with a new draw seed).",
    ),
    ("sel.my-registrations", "我的报名", "My registrations"),
    (
        "sel.my-registrations.lead",
        "贵机构的报名、密封报价与回执。",
        "Your firm's registrations, sealed bids and receipts.",
    ),
    (
        "sel.my-registrations.none",
        "尚未报名任何项目。",
        "No registrations yet.",
    ),
    (
        "sel.notice.registered",
        "报名成功，报价已密封。回执已发送到您的邮箱。",
        "Registered; your bid is sealed. The receipt is in your mail.",
    ),
    (
        "sel.notice.replaced",
        "报价已更换，原报价作废。",
        "Your bid is replaced; the earlier one is void.",
    ),
    (
        "sel.notice.withdrawn",
        "报名已撤回。",
        "Your registration is withdrawn.",
    ),
    (
        "sel.notice.awarded",
        "中选结果已公示。",
        "The award is published.",
    ),
    (
        "sel.notice.rejected",
        "该报价不予采纳。",
        "The bid is rejected.",
    ),
    ("sel.notice.scored", "评分已提交。", "The scores are in."),
    (
        "sel.notice.objected",
        "质疑已提交，项目业主将答复。",
        "Your objection is filed; the owner will answer.",
    ),
    (
        "sel.notice.answered",
        "答复已提交。",
        "The answer is recorded.",
    ),
    (
        "sel.notice.contracted",
        "合同已登记，服务开始。",
        "The contract is recorded; the service starts.",
    ),
    (
        "sel.notice.refusal",
        "已登记放弃签约。",
        "The refusal is recorded.",
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
        "The chain is intact: {n} {n|entry|entries} verified.",
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
    // Pages: catalogue, directory, firm pages, black list, catalogue administration (zjcs-web).
    ("nav.catalogue", "服务事项", "Service items"),
    ("nav.projects", "项目公告", "Projects"),
    ("nav.my-projects", "我的项目", "My projects"),
    ("owner.title", "我的项目", "My projects"),
    ("owner.new-project", "发布采购公告", "Post a project"),
    ("owner.empty", "还没有项目。", "No projects yet."),
    (
        "owner.choose-item",
        "选择服务事项",
        "Choose the service item",
    ),
    ("owner.next", "下一步", "Next"),
    ("owner.other-item", "换一个事项", "Choose another item"),
    (
        "owner.region-code",
        "项目所在地（行政区划代码）",
        "Where (administrative division code)",
    ),
    (
        "owner.region-code.hint",
        "6 位数字，如 330106（杭州市西湖区）。",
        "Six digits, e.g. 330106 (Xihu District, Hangzhou).",
    ),
    (
        "owner.budget-yuan",
        "预算（最高限价，元）",
        "Budget (price cap, yuan)",
    ),
    (
        "owner.service-days",
        "服务期限（天）",
        "Service time (days)",
    ),
    (
        "owner.requirements.hint",
        "只能从该事项法定要求的资质中选择，不得另设门槛。",
        "Only qualifications the item's legal basis requires may be asked for; nothing else.",
    ),
    (
        "owner.method.hint",
        "直接选取仅限预算低于 5 万元且非财政资金的项目。",
        "Direct selection only below ¥50,000 and not on a department budget.",
    ),
    (
        "owner.lists.hint",
        "信用择优：大名单人数与从中抽取的小名单人数。",
        "Credit-preferred: the long list, and how many are drawn from it.",
    ),
    (
        "owner.abnormal.hint",
        "竞价选取：低于其他报价平均值的该百分比视为异常低价（默认 70）。",
        "Lowest price: bids below this share of the others' mean are abnormally low (default 70).",
    ),
    (
        "owner.weights",
        "综合评分权重（价格 / 方案 / 信用）",
        "Scoring weights (price / plan / credit)",
    ),
    (
        "owner.weights.hint",
        "三项之和须为 100。",
        "They must add up to 100.",
    ),
    (
        "owner.deadline.hint",
        "北京时间；发布后至少 3 个工作日。",
        "China time; at least 3 working days after publication.",
    ),
    ("owner.phone", "联系电话", "Phone"),
    ("owner.save-draft", "保存草稿", "Save the draft"),
    ("owner.actions", "项目操作", "Actions"),
    (
        "owner.publish.hint",
        "发布后公告即公开，平台同时生成随机种子并公开其承诺值。",
        "Publishing makes the announcement public; the platform commits to the draw's seed at the same time.",
    ),
    ("owner.publish", "发布公告", "Publish"),
    (
        "owner.cancel-reason",
        "取消原因（将公开）",
        "Reason for cancelling (published)",
    ),
    ("owner.cancel", "取消项目", "Cancel the project"),
    (
        "owner.notice.drafted",
        "草稿已保存。核对无误后即可发布。",
        "Draft saved. Check it, then publish.",
    ),
    (
        "owner.notice.published",
        "公告已发布。",
        "The announcement is published.",
    ),
    (
        "owner.notice.cancelled",
        "项目已取消。",
        "The project is cancelled.",
    ),
    ("projects.title", "项目公告", "Project announcements"),
    (
        "projects.lead",
        "项目业主在线发布的采购公告：服务事项、预算、选取方式与报名截止时间。",
        "Announcements posted online by project owners: the service, budget, selection method and registration deadline.",
    ),
    ("projects.empty", "暂无项目公告", "No announcements yet"),
    (
        "projects.time-note",
        "时间均为北京时间。",
        "Times are China Standard Time (UTC+8).",
    ),
    ("project.title-field", "项目名称", "Project"),
    ("project.item", "服务事项", "Service item"),
    ("project.owner", "项目业主", "Owner"),
    ("project.scope", "服务范围", "Scope"),
    ("project.budget", "预算（最高限价）", "Budget (price cap)"),
    ("project.service-days", "服务期限", "Service time"),
    ("project.days", "{n} 天", "{n} {n|day|days}"),
    ("project.fund-source", "资金来源", "Fund source"),
    ("project.fund.self-funded", "自筹资金", "Own funds"),
    (
        "project.fund.department-budget",
        "财政资金",
        "Department budget",
    ),
    ("project.method", "选取方式", "Selection method"),
    ("project.method.direct", "直接选取", "Direct selection"),
    ("project.method.random-draw", "随机抽取", "Random draw"),
    (
        "project.method.credit-preferred",
        "信用择优",
        "Credit-preferred",
    ),
    ("project.method.lowest-price", "竞价选取", "Lowest price"),
    (
        "project.method.comprehensive",
        "综合评分",
        "Comprehensive scoring",
    ),
    ("project.long-list", "大名单人数", "Long list"),
    ("project.short-list", "小名单人数", "Short list"),
    (
        "project.abnormal-percent",
        "异常低价线（%）",
        "Abnormally-low line (%)",
    ),
    ("project.weight-price", "价格权重", "Price weight"),
    ("project.weight-plan", "方案权重", "Plan weight"),
    ("project.weight-credit", "信用权重", "Credit weight"),
    ("project.deadline", "报名截止", "Registration closes"),
    ("project.selection-at", "选取时间", "Selection"),
    ("project.contact", "联系人", "Contact"),
    ("project.status", "状态", "Status"),
    ("project.status.draft", "草稿", "Draft"),
    (
        "project.status.published",
        "报名中",
        "Open for registration",
    ),
    ("project.status.cancelled", "已取消", "Cancelled"),
    (
        "project.status.selecting",
        "已开标，选取中",
        "Bids opened, selecting",
    ),
    (
        "project.status.failed",
        "流标",
        "Failed (too few registrants)",
    ),
    ("project.status.awarded", "中选公示", "Award notice"),
    ("project.status.contracted", "已签订合同", "Contract signed"),
    ("project.published-at", "发布于", "published"),
    (
        "project.cancelled-because",
        "项目已取消，原因：",
        "Cancelled. Reason:",
    ),
    (
        "project.requirements",
        "资质要求",
        "Required qualifications",
    ),
    (
        "project.no-requirements",
        "无资质要求",
        "No qualification required",
    ),
    ("project.avoid", "回避的中介机构", "Firms avoided"),
    ("project.avoided-firm", "机构", "Firm"),
    ("project.draw", "随机抽取的承诺", "The draw's commitment"),
    (
        "project.commitment-note",
        "平台已在发布时生成随机种子，并公开其 SHA-256 值；截止后用该种子和报名名单抽取，并公开种子供任何人复核。",
        "At publication the platform drew a secret seed and published its SHA-256; after the deadline the draw uses that seed and the closed list of registrants, and the seed is published so that anyone can check the draw.",
    ),
    ("nav.firms", "中介机构", "Firms"),
    ("nav.blacklist", "黑名单", "Black list"),
    ("nav.my-firm", "我的机构", "My firm"),
    ("nav.admin-catalogue", "事项管理", "Manage items"),
    ("punct.list-sep", "、", ", "),
    ("form.choose", "请选择", "Choose…"),
    ("fee.from", "{amount} 起", "from {amount}"),
    ("fee.up-to", "不超过 {amount}", "up to {amount}"),
    ("fee.none", "面议", "By agreement"),
    (
        "field.money.invalid",
        "金额格式不正确（以元为单位，最多两位小数）",
        "Not an amount (yuan, at most two decimals)",
    ),
    (
        "field.import.encoding",
        "文件不是 UTF-8 编码的文本",
        "The file is not UTF-8 text",
    ),
    (
        "field.import.format",
        "请选择 JSON 或 CSV",
        "Choose JSON or CSV",
    ),
    (
        "catalogue.title",
        "中介服务事项清单",
        "Intermediary service items",
    ),
    (
        "catalogue.lead",
        "行政审批所需的中介服务事项及其审批部门、服务时限和收费标准，向社会公开。",
        "The intermediary services that administrative approvals require, with approving department, time limit and fees, published for everyone.",
    ),
    ("catalogue.empty", "暂无服务事项。", "No service items yet."),
    ("catalogue.col.code", "事项编码", "Code"),
    ("catalogue.col.name", "事项名称", "Item"),
    (
        "catalogue.col.department",
        "审批部门",
        "Approving department",
    ),
    ("catalogue.col.approval", "对应审批事项", "Approval"),
    ("catalogue.col.time-limit", "服务时限", "Time limit"),
    ("catalogue.col.fee", "收费标准", "Fee"),
    ("catalogue.days", "{n} 个工作日", "{n} working days"),
    (
        "catalogue.time-limit-note",
        "服务时限为标准时限，以工作日计；金额单位为人民币元。",
        "Time limits are standard limits in working days; amounts are in yuan (RMB).",
    ),
    ("catalogue.fee-note", "收费说明", "Fee note"),
    ("catalogue.updated", "更新日期", "Last updated"),
    ("catalogue.legal-basis", "设立依据", "Legal basis"),
    (
        "catalogue.qualifications",
        "资质要求",
        "Required qualifications",
    ),
    (
        "catalogue.qualifications.none",
        "无资质要求，任何入驻机构均可承接。",
        "No qualification required: any firm may take it on.",
    ),
    ("catalogue.any-grade", "不限等级", "any grade"),
    ("catalogue.workflow", "服务流程", "Workflow"),
    ("catalogue.materials", "申请材料", "Materials required"),
    ("catalogue.none-given", "未填写。", "Not given."),
    (
        "catalogue.retired.banner",
        "该事项已停用，不能再据此发布采购公告。",
        "This item is retired: no new projects can be posted against it.",
    ),
    (
        "catalogue.find-firms",
        "查看提供该服务的中介机构 →",
        "Firms offering this service →",
    ),
    ("directory.title", "中介机构名录", "Directory of firms"),
    (
        "directory.lead",
        "所有入驻机构公开展示，默认按信用分排序；同分机构按固定的随机顺序排列，不因名称或入驻早晚而靠前。",
        "Every firm that has entered is listed, by credit score by default; firms with equal scores appear in a fixed random order, favoured neither by name nor by age.",
    ),
    ("directory.q", "机构名称", "Firm name"),
    ("directory.item", "服务事项", "Service item"),
    ("directory.region", "所在地区", "Region"),
    (
        "directory.qualification",
        "资质类型（有效期内）",
        "Qualification type (valid today)",
    ),
    ("directory.grade", "信用等级", "Credit grade"),
    ("directory.sort", "排序", "Order"),
    (
        "directory.sort.credit",
        "信用分（从高到低）",
        "Credit score (highest first)",
    ),
    ("directory.sort.newest", "最新入驻", "Newest first"),
    (
        "directory.sort.name",
        "名称（按拼音）",
        "Name (pinyin order)",
    ),
    ("directory.cursor", "翻页", "Page"),
    ("directory.any", "不限", "Any"),
    ("directory.submit", "查询", "Search"),
    ("directory.reset", "清除条件", "Clear"),
    ("directory.results", "查询结果", "Results"),
    ("directory.empty", "没有符合条件的机构。", "No firms match."),
    ("directory.next", "下一页 →", "Next page →"),
    ("directory.first", "← 第一页", "← First page"),
    (
        "credit.baseline-note",
        "信用评价尚未开始，所有机构目前均为基准分。",
        "Credit evaluation has not started yet: every firm holds the neutral baseline score for now.",
    ),
    ("firm.profile", "机构信息", "Firm profile"),
    ("firm.name", "机构名称", "Firm name"),
    (
        "firm.credit-code",
        "统一社会信用代码",
        "Unified social credit code",
    ),
    (
        "firm.credit-code.hint",
        "18 位，见营业执照；系统会核验末位校验码。",
        "18 characters, as on the business licence; the check character is verified.",
    ),
    (
        "firm.credit-code.fixed",
        "统一社会信用代码是机构身份，入驻后不能修改。",
        "The credit code is the firm's identity and cannot be changed after entry.",
    ),
    ("firm.legal-rep-name", "法定代表人", "Legal representative"),
    (
        "firm.legal-rep-id",
        "法定代表人身份证号码",
        "Legal representative's ID number",
    ),
    (
        "firm.legal-rep-id.hint",
        "18 位居民身份证号码。仅以加密哈希保存，不公开，也无法还原。",
        "The 18-character resident ID number. Stored only as a keyed hash: never shown, and not recoverable.",
    ),
    (
        "firm.legal-rep-id.keep",
        "留空则保留原号码。",
        "Leave empty to keep the number on record.",
    ),
    ("firm.region", "所在地区", "Region"),
    (
        "firm.region-code",
        "行政区划代码",
        "Administrative division code",
    ),
    (
        "firm.region-code.hint",
        "6 位数字，如 330106（杭州市西湖区）；只知道省份时可填省级代码，如 330000（浙江省）。",
        "6 digits, e.g. 330106 (Xihu District, Hangzhou); if you only know the province, its code will do, e.g. 330000 (Zhejiang).",
    ),
    ("firm.address", "地址", "Address"),
    ("firm.contact", "联系人", "Contact"),
    ("firm.contact-name", "联系人", "Contact person"),
    ("firm.contact-phone", "联系电话", "Contact telephone"),
    ("firm.description", "机构简介", "Description"),
    ("firm.items", "服务事项", "Service items offered"),
    (
        "firm.items.hint",
        "勾选本机构提供的服务事项（可多选，以后可以修改）。",
        "Tick the items your firm offers (any number; you can change them later).",
    ),
    (
        "firm.items.none",
        "尚未选择服务事项。",
        "No service items chosen yet.",
    ),
    ("firm.commitment", "承诺", "Commitment"),
    (
        "firm.commitment.text",
        "承诺：所填信息和上传材料真实、有效，如有虚假愿承担相应责任。",
        "I commit that the information given and the materials uploaded are true and valid, and accept responsibility for any falsehood.",
    ),
    (
        "firm.commitment.given",
        "已于 {date} 承诺所填信息和材料真实有效",
        "Given on {date}: the information and materials are true and valid",
    ),
    ("firm.entered-on", "入驻日期", "Entered on"),
    ("firm.credit-grade", "信用等级", "Credit grade"),
    ("firm.credit-score", "信用分", "Credit score"),
    ("firm.awards-n", "获奖 {n} 项", "Awards: {n}"),
    (
        "firm.evaluation.average",
        "评价 {avg} / 5（{n} 次）",
        "Rated {avg} / 5 ({n} {n|evaluation|evaluations})",
    ),
    ("firm.evaluation.none", "暂无评价", "No evaluation yet"),
    ("firm.status.suspended", "暂停", "Suspended"),
    (
        "firm.suspended.note",
        "该机构因信用等级过低被暂停报名参与项目，暂停期间仍公开展示。",
        "This firm is suspended from registering for projects because of a low credit grade; it stays listed meanwhile.",
    ),
    (
        "firm.blacklisted.banner",
        "该机构已被列入黑名单，已退出中介超市。",
        "This firm is on the black list and has been removed from the marketplace.",
    ),
    ("firm.qualifications", "资质证书", "Qualifications"),
    (
        "firm.qualifications.none",
        "尚未登记资质证书。",
        "No qualifications declared.",
    ),
    ("firm.practitioners", "执业人员", "Licensed practitioners"),
    (
        "firm.practitioners.none",
        "尚未登记执业人员。",
        "No practitioners declared.",
    ),
    (
        "firm.affiliations",
        "与政府部门的关联关系",
        "Ties with government departments",
    ),
    (
        "firm.affiliations.lead",
        "机构与政府部门之间的举办、主管、人员任职等关联关系向社会公开，用于回避审查。",
        "Ties with government departments (ownership, supervision, staff) are public, for conflict-of-interest checks (回避).",
    ),
    (
        "firm.affiliations.none",
        "未申报关联关系。",
        "No ties declared.",
    ),
    ("firm.evidence", "证明材料", "Evidence"),
    ("firm.evidence.download", "下载", "Download"),
    ("firm.evidence-file", "证明材料文件", "Evidence file"),
    (
        "firm.evidence-file.hint",
        "PDF、JPEG 或 PNG，不超过 10 MiB；按文件内容判断类型。",
        "PDF, JPEG or PNG, at most 10 MiB; the type is judged by content.",
    ),
    (
        "firm.not-counting",
        "不在有效期内，不计入资质条件。",
        "Outside its validity period: it does not count.",
    ),
    ("firm.delete", "删除", "Delete"),
    ("firm.enter.title", "机构入驻", "Enter your firm"),
    (
        "firm.enter.lead",
        "零门槛：填写机构信息并作出承诺，提交后立即入驻并公开展示，无需审批。",
        "Zero threshold: fill in your firm's profile and give the commitment; once submitted, your firm is listed at once, with no approval step.",
    ),
    (
        "firm.enter.step.profile",
        "第一步：机构信息",
        "Step 1: profile",
    ),
    (
        "firm.enter.step.declarations",
        "第二步：资质证书、执业人员和关联关系",
        "Step 2: qualifications, practitioners and ties",
    ),
    ("firm.enter.submit", "提交并入驻", "Submit and enter"),
    (
        "firm.notice.entered",
        "入驻成功，机构已公开展示。请继续登记资质证书和执业人员。",
        "Your firm has entered and is listed. Now declare its qualifications and practitioners.",
    ),
    (
        "firm.notice.profile-saved",
        "机构信息已保存。",
        "Profile saved.",
    ),
    (
        "firm.notice.qualification-added",
        "资质证书已登记。",
        "Qualification declared.",
    ),
    (
        "firm.notice.qualification-removed",
        "资质证书已删除。",
        "Qualification removed.",
    ),
    (
        "firm.notice.practitioner-added",
        "执业人员已登记。",
        "Practitioner declared.",
    ),
    (
        "firm.notice.practitioner-removed",
        "执业人员已删除。",
        "Practitioner removed.",
    ),
    (
        "firm.notice.affiliation-added",
        "关联关系已申报。",
        "Tie declared.",
    ),
    (
        "firm.notice.affiliation-removed",
        "关联关系已删除。",
        "Tie removed.",
    ),
    ("my-firm.title", "我的机构", "My firm"),
    (
        "my-firm.public-page",
        "查看公开页面 →",
        "See the public page →",
    ),
    ("my-firm.sections", "本页内容", "On this page"),
    (
        "my-firm.entered-on",
        "入驻日期：{date}。每次保存都重新作出真实性承诺。",
        "Entered on {date}. Every save gives the commitment again.",
    ),
    ("my-firm.profile.submit", "保存机构信息", "Save profile"),
    (
        "my-firm.qualification.add",
        "登记资质证书",
        "Declare a qualification",
    ),
    (
        "my-firm.qualification.submit",
        "登记资质证书",
        "Declare qualification",
    ),
    (
        "my-firm.practitioner.add",
        "登记执业人员",
        "Declare a practitioner",
    ),
    (
        "my-firm.practitioner.submit",
        "登记执业人员",
        "Declare practitioner",
    ),
    ("my-firm.affiliation.add", "申报关联关系", "Declare a tie"),
    ("my-firm.affiliation.submit", "申报", "Declare"),
    ("qualification.type", "资质类型", "Qualification type"),
    (
        "qualification.type.hint",
        "按证书填写；可从服务事项要求的资质类型中选择。",
        "As on the certificate; the types the catalogue requires are suggested.",
    ),
    ("qualification.grade", "资质等级", "Grade"),
    ("qualification.number", "证书编号", "Certificate number"),
    ("qualification.issuer", "发证机关", "Issued by"),
    ("qualification.valid-from", "有效期起", "Valid from"),
    ("qualification.valid-until", "有效期至", "Valid until"),
    ("qualification.validity", "有效期", "Validity"),
    ("validity.valid", "有效", "Valid"),
    ("validity.expired", "已过期", "Expired"),
    ("validity.not-yet-valid", "尚未生效", "Not yet valid"),
    ("practitioner.name", "姓名", "Name"),
    (
        "practitioner.qualification",
        "执业资格",
        "Professional qualification",
    ),
    (
        "practitioner.qualification.hint",
        "如注册测绘师、一级造价工程师。",
        "E.g. registered surveyor, first-class cost engineer.",
    ),
    (
        "practitioner.certificate-number",
        "证书编号",
        "Certificate number",
    ),
    ("practitioner.valid-until", "有效期至", "Valid until"),
    (
        "practitioner.valid-until.hint",
        "长期有效的证书可留空。",
        "Leave empty for a certificate without expiry.",
    ),
    ("practitioner.no-expiry", "长期有效", "No expiry"),
    (
        "affiliation.department",
        "政府部门",
        "Government department",
    ),
    ("affiliation.kind", "关联类型", "Kind of tie"),
    ("affiliation.note", "说明", "Note"),
    (
        "affiliation.kind.owned-by",
        "由该部门举办或出资",
        "Owned or founded by the department",
    ),
    (
        "affiliation.kind.supervised-by",
        "由该部门主管或挂靠",
        "Supervised by the department",
    ),
    (
        "affiliation.kind.staffed-from",
        "有该部门人员任职或兼职",
        "Staffed from the department",
    ),
    ("blacklist.title", "黑名单", "Black list"),
    (
        "blacklist.lead",
        "列入黑名单的机构退出中介超市，名单期间不能再次入驻。",
        "Firms on the black list are removed from the marketplace and cannot enter again while listed.",
    ),
    (
        "blacklist.empty",
        "黑名单暂无记录。",
        "The black list is empty.",
    ),
    ("blacklist.col.firm", "机构名称", "Firm"),
    ("blacklist.col.reason", "原因", "Reason"),
    ("blacklist.col.source", "来源", "Source"),
    ("blacklist.col.from", "起始日期", "From"),
    ("blacklist.col.until", "截止日期", "Until"),
    ("blacklist.indefinite", "长期", "Indefinite"),
    ("admin.catalogue.title", "事项管理", "Manage service items"),
    (
        "admin.catalogue.lead",
        "全部服务事项（含已停用）：新增、修改、停用、恢复或批量导入。",
        "Every service item, retired ones included: create, edit, retire, reinstate or import in bulk.",
    ),
    ("admin.col.state", "状态", "State"),
    ("admin.col.actions", "操作", "Actions"),
    ("admin.state.active", "在用", "Active"),
    ("admin.state.retired", "已停用", "Retired"),
    ("admin.edit", "修改", "Edit"),
    ("admin.retire", "停用", "Retire"),
    ("admin.reinstate", "恢复", "Reinstate"),
    ("admin.item.new", "新增事项", "New item"),
    ("admin.item.edit", "修改事项", "Edit item"),
    ("admin.item.create", "新增", "Create"),
    ("admin.item.save", "保存", "Save"),
    ("admin.notice.item-created", "事项已新增。", "Item created."),
    ("admin.notice.item-saved", "事项已保存。", "Item saved."),
    ("admin.notice.item-retired", "事项已停用。", "Item retired."),
    (
        "admin.notice.item-reinstated",
        "事项已恢复。",
        "Item reinstated.",
    ),
    ("admin.import.title", "批量导入", "Import"),
    (
        "admin.import.lead",
        "上传 JSON 或 CSV 文件：新编码新增，已有编码更新（已停用的事项保持停用）。任何一行有误，整份文件都不导入。",
        "Upload a JSON or CSV file: new codes are added, known codes updated (retired items stay retired). If any row is wrong, nothing is imported.",
    ),
    ("admin.import.file", "导入文件", "File"),
    ("admin.import.format", "文件格式", "Format"),
    (
        "admin.import.format.auto",
        "自动识别（以 [ 开头为 JSON，否则为 CSV）",
        "Recognise (JSON if it starts with [, otherwise CSV)",
    ),
    ("admin.import.submit", "导入", "Import"),
    (
        "admin.import.done",
        "导入完成：新增 {created} 项，更新 {updated} 项。",
        "Imported: {created} created, {updated} updated.",
    ),
    ("admin.import.report", "有误的行", "Rows with problems"),
    ("admin.import.col.row", "行号", "Row"),
    ("admin.import.col.problems", "问题", "Problems"),
    ("admin.import.help", "文件格式说明", "File format"),
    (
        "admin.import.help.header",
        "CSV 第一行为表头，列名如下（顺序不限；code、name、approval、department、time_limit_days 必填）：",
        "The first CSV line is the header, with these column names (any order; code, name, approval, department and time_limit_days are required):",
    ),
    (
        "admin.import.help.qualifications",
        "资质要求（qualifications）写作“类型:等级|等级”，多个类型以 ; 分隔，不写等级表示不限等级，例如",
        "Qualifications are written type:grade|grade, types separated by ;, no grades meaning any grade, e.g.",
    ),
    (
        "admin.import.help.materials",
        "申请材料（materials）以 ; 分隔，例如",
        "Materials are separated by ;, e.g.",
    ),
    (
        "admin.import.help.fees",
        "收费（fee_min_fen、fee_max_fen）为以分为单位的整数，例如",
        "Fees (fee_min_fen, fee_max_fen) are whole numbers of fen, e.g.",
    ),
    (
        "admin.import.help.json",
        "JSON 文件为对象数组，字段名与 CSV 列名相同；qualifications 为 [{\"type\": \"…\", \"grades\": [\"…\"]}]，materials 为字符串数组。",
        "A JSON file is an array of objects with the same field names; qualifications is [{\"type\": \"…\", \"grades\": [\"…\"]}], materials an array of strings.",
    ),
    (
        "admin.import.help.all-or-nothing",
        "行号从 1 开始（CSV 不计表头）。",
        "Rows are numbered from 1 (not counting the CSV header).",
    ),
    ("item.code", "事项编码", "Item code"),
    (
        "item.code.hint",
        "大写字母开头，共 2–32 位大写字母、数字或连字符，如 ZJ-CH-01。",
        "A capital letter first, 2–32 capitals, digits or hyphens in all, e.g. ZJ-CH-01.",
    ),
    ("item.name", "事项名称", "Name (Chinese)"),
    ("item.name-en", "英文名称", "Name (English)"),
    ("item.approval", "对应审批事项", "Approval it serves"),
    ("item.department", "审批部门", "Approving department"),
    ("item.legal-basis", "设立依据", "Legal basis"),
    ("item.qualifications", "资质要求", "Required qualifications"),
    (
        "item.qualifications.hint",
        "每行一种资质，写作“类型:等级|等级”；不写等级表示不限等级。",
        "One type per line, written type:grade|grade; no grades means any grade.",
    ),
    (
        "item.time-limit",
        "服务时限（工作日）",
        "Time limit (working days)",
    ),
    (
        "item.time-limit.hint",
        "1–365 的整数。",
        "A whole number from 1 to 365.",
    ),
    ("item.fee-min", "收费下限（元）", "Lowest fee (yuan)"),
    ("item.fee-max", "收费上限（元）", "Highest fee (yuan)"),
    (
        "item.fee.hint",
        "以元为单位，最多两位小数，如 5000 或 5,000.50；没有收费标准时留空，并填写收费说明。",
        "In yuan with at most two decimals, e.g. 5000 or 5,000.50; leave empty when there is no set fee and explain in the fee note.",
    ),
    ("item.fee-note", "收费说明", "Fee note"),
    ("item.workflow", "服务流程", "Workflow"),
    ("item.materials", "申请材料", "Materials required"),
    ("item.materials.hint", "每行一项。", "One per line."),
    // Projects: posting (采购公告) and registration (报名).
    (
        "field.fund-source.invalid",
        "请选择资金来源",
        "Choose a fund source",
    ),
    (
        "field.qualification.not-in-item",
        "该服务事项的法定要求中没有此资质，不得设置",
        "This qualification is not among those the service item's legal basis requires, so it may not be required",
    ),
    (
        "field.qualification.grade-not-in-item",
        "该等级不在服务事项允许的等级之内",
        "This grade is not among those the service item allows",
    ),
    (
        "field.qualification.repeated",
        "资质要求重复",
        "This qualification is listed twice",
    ),
    (
        "field.short-list.range",
        "小名单人数须在 1 与大名单人数之间",
        "The short list must hold between 1 and the long list's number of firms",
    ),
    (
        "field.weights.sum",
        "价格、方案、信用权重之和须为 100",
        "The price, plan and credit weights must add up to 100",
    ),
    (
        "field.method.invalid",
        "请选择选取方式",
        "Choose a selection method",
    ),
    (
        "field.method.direct-over-threshold",
        "预算达到直接选取限额，须采用竞争性选取方式",
        "The budget reaches the direct-selection threshold: choose a competitive method",
    ),
    (
        "field.method.budget-needs-competition",
        "财政资金购买的技术服务须采用竞争性选取方式",
        "Services paid from a department budget must be bought by a competitive method",
    ),
    (
        "field.datetime.invalid",
        "时间格式无效（如 2026-11-26 17:00）",
        "Invalid date and time (e.g. 2026-11-26 17:00)",
    ),
    (
        "field.deadline.past",
        "报名截止时间已过",
        "The registration deadline has passed",
    ),
    (
        "field.deadline.too-soon",
        "报名期不得少于规定的工作日数",
        "The registration period is shorter than the required number of working days",
    ),
    (
        "field.selection.before-deadline",
        "选取时间不得早于报名截止时间",
        "Selection cannot take place before registration closes",
    ),
    (
        "field.avoid.repeated",
        "回避的机构重复",
        "This firm is listed twice",
    ),
    (
        "field.item.unavailable",
        "服务事项不存在或已停用",
        "The service item does not exist or is retired",
    ),
    ("field.status.invalid", "状态无效", "Invalid status"),
    (
        "field.project.not-draft",
        "只有草稿可以修改和发布",
        "Only a draft can be edited or published",
    ),
    (
        "field.project.cancelled",
        "项目已取消",
        "The project is cancelled",
    ),
    (
        "registration.not-open",
        "项目当前不接受报名",
        "The project is not open for registration",
    ),
    (
        "registration.deadline-passed",
        "报名已截止",
        "Registration has closed",
    ),
    (
        "registration.suspended",
        "贵机构因信用等级或拒签被暂停报名，暂停期至 {until}（含当日）",
        "Your firm is suspended from registering (credit grade or refusals to sign) until {until} inclusive",
    ),
    (
        "registration.repair-needed",
        "贵机构暂停期已满但信用等级仍为 E，须经信用修复获批后方可报名",
        "Your firm's suspension is over but its credit grade is still E: it may register again once a credit repair is approved",
    ),
    (
        "registration.blacklisted",
        "贵机构在本平台黑名单内",
        "Your firm is on the platform's black list",
    ),
    (
        "registration.dishonest",
        "贵机构在失信名单内",
        "Your firm is on the dishonesty list",
    ),
    (
        "registration.avoided",
        "项目业主已公开声明回避贵机构",
        "The owner has published a reason to avoid your firm on this project",
    ),
    (
        "registration.tied-to-department",
        "贵机构与该事项的审批部门存在关联，须回避",
        "Your firm is tied to the approving department and must stay out",
    ),
    (
        "registration.qualification-missing",
        "缺少项目要求的有效资质或等级",
        "A qualification (or grade) the project requires is missing or not valid",
    ),
    (
        "registration.already-registered",
        "贵机构已报名本项目",
        "Your firm has already registered for this project",
    ),
    ("calendar.date.invalid", "日期无效", "Invalid date"),
    (
        "calendar.kind.invalid",
        "须为 holiday 或 workday",
        "Must be holiday or workday",
    ),
    (
        "calendar.date.repeated",
        "日期重复",
        "This date is listed twice",
    ),
    ("delivery.title", "服务与验收", "Service and acceptance"),
    ("delivery.state", "服务状态", "State"),
    ("delivery.state.in-service", "服务中", "In service"),
    (
        "delivery.state.submitted",
        "成果待验收",
        "Result awaiting review",
    ),
    (
        "delivery.state.returned",
        "成果已退回，服务继续",
        "Result returned; service continues",
    ),
    ("delivery.state.accepted", "已验收", "Accepted"),
    ("delivery.overdue", "已超过服务期限", "Past the due date"),
    ("delivery.due-on", "服务期限截止", "Due on"),
    ("delivery.credit", "信用记分", "Credit points"),
    (
        "delivery.clock.hint",
        "服务期限按合同约定的服务天数（工作日）自签订合同之日起计算；成果被退回时期限照常计算。",
        "The service days (working days) run from the contract's signing; a returned result does not stop the clock.",
    ),
    ("delivery.file", "成果文件", "Result file"),
    (
        "delivery.file.hint",
        "PDF、JPEG 或 PNG，不超过 10 MiB。",
        "PDF, JPEG or PNG, at most 10 MiB.",
    ),
    ("delivery.note", "说明", "Note"),
    ("delivery.submitted-at", "提交时间", "Submitted"),
    ("delivery.review", "验收", "Review"),
    ("delivery.review.waiting", "待验收", "Awaiting review"),
    ("delivery.review.accepted", "通过验收", "Accepted"),
    ("delivery.review.returned", "退回", "Returned"),
    ("delivery.download", "下载", "Download"),
    ("delivery.submit.title", "提交服务成果", "Submit the result"),
    ("delivery.submit", "提交成果", "Submit result"),
    ("delivery.review.title", "验收服务成果", "Review the result"),
    ("delivery.reason", "验收意见", "Review comments"),
    (
        "delivery.reason.hint",
        "退回时必须写明理由；通过验收时可选填。",
        "Required when returning the result; optional when accepting it.",
    ),
    ("delivery.accept", "通过验收", "Accept"),
    ("delivery.return", "退回修改", "Return"),
    (
        "delivery.notice.submitted",
        "成果已提交，已通知业主验收。",
        "Result submitted; the owner has been told.",
    ),
    (
        "delivery.notice.accepted",
        "成果已验收，服务结束。请对中介机构作出评价。",
        "Result accepted; the service is over. Please evaluate the firm.",
    ),
    (
        "delivery.notice.returned",
        "成果已退回，已通知中介机构。",
        "Result returned; the firm has been told.",
    ),
    (
        "field.delivery.outcome",
        "请选择通过或退回",
        "Choose accept or return",
    ),
    ("eval.title", "服务评价", "Evaluation"),
    ("eval.quality", "服务质量", "Quality"),
    ("eval.timeliness", "服务时效", "Timeliness"),
    ("eval.fees", "收费", "Fees"),
    ("eval.attitude", "服务态度", "Attitude"),
    ("eval.conduct", "执业规范", "Conduct"),
    ("eval.average", "平均分", "Average"),
    (
        "eval.voided",
        "申诉成立，评价不计分",
        "Voided on appeal; not scored",
    ),
    ("eval.comment", "评语", "Comment"),
    ("eval.reply", "中介机构回复", "The firm's reply"),
    ("eval.none", "尚无评价。", "No evaluation yet."),
    (
        "eval.form.hint",
        "验收后请对每一项打 1–5 分（5 为最好）并写下评语；评价公开，并计入中介机构的信用记录，提交后不可修改。",
        "Rate each aspect from 1 to 5 (5 is best) and add a comment. The evaluation is public, counts on the firm's credit record and cannot be changed once submitted.",
    ),
    ("eval.submit", "提交评价", "Submit evaluation"),
    (
        "eval.reply.hint",
        "可公开回复一次。",
        "You may reply publicly once.",
    ),
    ("eval.reply.submit", "公开回复", "Reply publicly"),
    ("eval.appeal", "申诉", "Appeal"),
    ("eval.appeal.reason", "申诉理由", "Reasons for the appeal"),
    (
        "eval.appeal.hint",
        "认为评价不实的，可向监管部门申诉一次；申诉成立的，该评价不再计入信用分。",
        "If you think the evaluation is unfounded, you may appeal once to a regulator; an upheld appeal stops it counting on your credit.",
    ),
    ("eval.appeal.submit", "提出申诉", "Appeal"),
    ("eval.appeal.pending", "申诉待处理", "Appeal pending"),
    ("eval.appeal.upheld", "申诉成立", "Appeal upheld"),
    ("eval.appeal.dismissed", "申诉驳回", "Appeal dismissed"),
    ("eval.appeal.decision", "处理意见", "Decision"),
    ("eval.owner.title", "评价业主", "Rate the owner"),
    ("eval.owner.closing-out", "按时验收", "Closing out on time"),
    ("eval.owner.payment", "按约付款", "Paying as agreed"),
    ("eval.owner.submit", "提交对业主的评价", "Rate the owner"),
    (
        "eval.owner-ratings.line",
        "中介机构评价：按时验收 {closing}，按约付款 {payment}（{n} 条）",
        "Rated by firms: closing out {closing}, payment {payment} ({n} {n|rating|ratings})",
    ),
    (
        "eval.notice.evaluated",
        "评价已提交并公开。",
        "Evaluation submitted and published.",
    ),
    ("eval.notice.replied", "回复已公开。", "Reply published."),
    (
        "eval.notice.appealed",
        "申诉已提交监管部门。",
        "Appeal sent to the regulators.",
    ),
    (
        "eval.notice.owner-rated",
        "对业主的评价已提交。",
        "Your rating of the owner was recorded.",
    ),
    (
        "eval.notice.appeal-upheld",
        "申诉成立，该评价不再计分。",
        "Appeal upheld: the evaluation no longer counts.",
    ),
    (
        "eval.notice.appeal-dismissed",
        "申诉已驳回。",
        "Appeal dismissed.",
    ),
    ("eval.appeals.title", "评价申诉处理", "Evaluation appeals"),
    (
        "eval.appeals.lead",
        "中介机构对业主评价提出的申诉，按提出时间排列。",
        "Firms' appeals against owners' evaluations, oldest first.",
    ),
    (
        "eval.appeals.empty",
        "没有待处理的申诉。",
        "No appeal is waiting.",
    ),
    (
        "eval.appeals.hint",
        "申诉成立的，该评价的信用记分作废（保留记录，不再计分）；须写明理由。",
        "Upholding voids the evaluation's credit points (kept on record, no longer counted); give a reason either way.",
    ),
    ("eval.appeals.uphold", "申诉成立", "Uphold"),
    ("eval.appeals.dismiss", "驳回申诉", "Dismiss"),
    ("nav.credit-appeals", "评价申诉", "Appeals"),
    (
        "project.open-data",
        "开放数据：本项目的开放合同数据（OCDS 1.1，JSON）",
        "Open data: this project in the Open Contracting Data Standard (OCDS 1.1, JSON)",
    ),
    (
        "field.complaint.not-submitted",
        "该投诉已受理或已处理，不能再受理或不予受理",
        "The complaint was accepted or decided already",
    ),
    (
        "field.complaint.not-accepted",
        "投诉受理后方可调查和处理",
        "A complaint is investigated and decided after it is accepted",
    ),
    (
        "field.complaint.closed",
        "该投诉已办结",
        "The complaint is closed",
    ),
    (
        "field.complaint.subject",
        "请选择投诉对象：项目、中选结果、中介机构或业主",
        "Choose what the complaint is about: a project, an award, a firm or an owner",
    ),
    (
        "field.complaint.subject-id",
        "投诉对象不存在",
        "No such subject",
    ),
    (
        "field.complaint.too-late",
        "中选结果公示期已结束，不能再就中选结果投诉",
        "The award's notice period is over: an award complaint is too late",
    ),
    (
        "field.complaint.own",
        "不能投诉自己",
        "You cannot complain about yourself",
    ),
    (
        "field.complaint.evidence-account",
        "附证据文件须先登录账号（匿名投诉可在材料中说明，监管部门会联系您）",
        "Evidence files need an account (an anonymous complaint can describe them; the regulators will contact you)",
    ),
    (
        "complaint.status.submitted",
        "待受理",
        "Awaiting acceptance",
    ),
    ("complaint.status.accepted", "已受理", "Accepted"),
    (
        "complaint.status.investigating",
        "调查中",
        "Under investigation",
    ),
    ("complaint.status.rejected", "不予受理", "Rejected"),
    ("complaint.status.upheld", "投诉成立", "Upheld"),
    ("complaint.status.dismissed", "投诉不成立", "Dismissed"),
    (
        "error.complaint-too-late",
        "投诉已超过时限",
        "The complaint is too late",
    ),
    (
        "error.complaint-not-submitted",
        "投诉已受理或已处理",
        "The complaint was accepted or decided already",
    ),
    (
        "error.complaint-not-accepted",
        "投诉尚未受理",
        "The complaint has not been accepted",
    ),
    (
        "error.complaint-closed",
        "投诉已办结",
        "The complaint is closed",
    ),
    (
        "mail.complaint-received.subject",
        "投诉已收到：{rule}",
        "Complaint received: {rule}",
    ),
    (
        "mail.complaint-received.body",
        "您的投诉已提交，监管部门将在规定时限内决定是否受理。\n投诉事项：{rule}\n查看：{link}",
        "Your complaint has been filed; the regulators will decide within the time limit whether to accept it.\nRule: {rule}\nView: {link}",
    ),
    (
        "mail.complaint-update.subject",
        "投诉处理进展：{status}",
        "Complaint update: {status}",
    ),
    (
        "mail.complaint-update.body",
        "投诉（{rule}）的处理状态为：{status}。\n{reason}\n查看：{link}",
        "The complaint ({rule}) is now: {status}.\n{reason}\nView: {link}",
    ),
    (
        "sel.decision.excluded-complaint",
        "投诉成立，已排除",
        "Excluded: complaint upheld",
    ),
    ("nav.complaints", "投诉处理", "Complaints"),
    ("complaint.title", "投诉", "Complaint"),
    ("complaint.new.title", "我要投诉", "File a complaint"),
    (
        "complaint.new.lead",
        "对项目、中选结果、中介机构或业主的违规行为，可在线投诉。监管部门在 5 个工作日内决定是否受理，受理后 30 日内作出处理决定；投诉人的身份不公开。对中选结果的投诉须在公示期内提出。",
        "Complain online about a project, an award, a firm or an owner. The regulators decide within 5 working days whether to accept it and decide it within 30 days of acceptance; who complained is never published. A complaint about an award must come within its notice period.",
    ),
    ("complaint.subject", "投诉对象", "About"),
    ("complaint.subject.choose", "请选择", "Choose"),
    ("complaint.subject.project", "项目", "Project"),
    ("complaint.subject.award", "中选结果", "Award"),
    ("complaint.subject.firm", "中介机构", "Firm"),
    ("complaint.subject.owner", "项目业主", "Owner"),
    ("complaint.subject-id", "对象编号", "Subject's number"),
    (
        "complaint.subject-id.hint",
        "从项目、机构页面的“投诉”链接进入时已自动填写。",
        "Filled in when you come from the “complain” link on a project's or firm's page.",
    ),
    ("complaint.facts", "事实与经过", "Facts"),
    ("complaint.rule", "违反的规定", "Rule broken"),
    (
        "complaint.rule.hint",
        "例如公告条款、合同条款或法规名称与条文。",
        "E.g. a clause of the announcement or contract, or a regulation and article.",
    ),
    (
        "complaint.anonymous.hint",
        "未登录投诉：请留下姓名和联系方式（手机或电子邮箱），监管部门需要时会联系您；登录后投诉可上传证据材料。",
        "Complaining without an account: leave your name and a phone or email so that the regulators can reach you; with an account you can upload evidence.",
    ),
    ("complaint.contact-name", "联系人", "Your name"),
    ("complaint.contact", "联系方式", "Phone or email"),
    ("complaint.evidence", "证据材料", "Evidence"),
    (
        "complaint.evidence.none",
        "暂无证据材料。",
        "No evidence yet.",
    ),
    ("complaint.evidence.add", "补充证据材料", "Add evidence"),
    ("complaint.evidence.submit", "上传", "Upload"),
    ("complaint.note", "说明", "Note"),
    ("complaint.submit", "提交投诉", "File the complaint"),
    ("complaint.filed.title", "投诉已提交", "Complaint filed"),
    (
        "complaint.filed.lead",
        "监管部门将在受理期限内决定是否受理；留下电子邮箱的，将收到处理进展通知。请保存投诉编号。",
        "The regulators will decide within the limit whether to accept it; an email contact gets the updates. Keep the reference.",
    ),
    ("complaint.reference", "投诉编号", "Reference"),
    ("complaint.accept-due", "受理期限", "Acceptance due"),
    ("complaint.decide-due", "处理期限", "Decision due"),
    ("complaint.filed-at", "投诉时间", "Filed"),
    ("complaint.due", "期限", "Due"),
    ("complaint.status", "状态", "Status"),
    ("complaint.overdue", "已超期", "Overdue"),
    ("complaint.reason", "处理意见", "Reasons / findings"),
    (
        "complaint.reason.hint",
        "不予受理、投诉成立或不成立时必须写明理由或调查结论。",
        "Required to reject, uphold or dismiss.",
    ),
    ("complaint.points", "信用扣分", "Credit points"),
    (
        "complaint.points.hint",
        "投诉成立且涉及中介机构的，按情节扣 5 至 20 分（填负数，如 -10）。",
        "For an upheld complaint about a firm: −5 to −20 by severity (a negative number, e.g. -10).",
    ),
    ("complaint.overturned", "中选结果", "Award"),
    (
        "complaint.overturned.text",
        "中选结果已撤销，项目重新选取（不含被投诉机构）",
        "The award was overturned; the selection went on without the firm",
    ),
    ("complaint.steps", "处理", "Handle"),
    ("complaint.step.accept", "受理", "Accept"),
    ("complaint.step.reject", "不予受理", "Reject"),
    ("complaint.step.investigate", "开始调查", "Investigate"),
    ("complaint.step.uphold", "投诉成立", "Uphold"),
    ("complaint.step.dismiss", "投诉不成立", "Dismiss"),
    ("complaint.queue.title", "投诉处理", "Complaints"),
    (
        "complaint.queue.lead",
        "待处理的投诉，按提交时间排列；超过受理或处理期限的标为“已超期”。",
        "Open complaints, oldest first; those past their acceptance or decision limit are marked overdue.",
    ),
    ("complaint.queue.open", "只看待处理", "Open only"),
    ("complaint.queue.all", "全部投诉", "All complaints"),
    ("complaint.queue.empty", "没有投诉。", "No complaints."),
    (
        "complaint.outcomes.title",
        "投诉处理结果公示",
        "Complaint outcomes",
    ),
    (
        "complaint.outcomes.lead",
        "已办结投诉的处理结果（不公开投诉人身份）。",
        "Outcomes of decided complaints (who complained is not published).",
    ),
    (
        "complaint.outcomes.empty",
        "暂无公示的处理结果。",
        "No outcomes published yet.",
    ),
    ("complaint.notice.filed", "投诉已提交。", "Complaint filed."),
    ("complaint.notice.accepted", "已受理。", "Accepted."),
    ("complaint.notice.rejected", "已决定不予受理。", "Rejected."),
    (
        "complaint.notice.investigating",
        "已开始调查。",
        "Investigation started.",
    ),
    (
        "complaint.notice.upheld",
        "投诉成立，已通知各方并公示。",
        "Upheld; the parties are told and the outcome is published.",
    ),
    (
        "complaint.notice.dismissed",
        "投诉不成立，已通知各方并公示。",
        "Dismissed; the parties are told and the outcome is published.",
    ),
    (
        "complaint.notice.evidence",
        "证据材料已添加。",
        "Evidence added.",
    ),
    ("field.complaint.step", "请选择处理方式", "Choose a step"),
    (
        "project.complain",
        "对本项目投诉",
        "Complain about this project",
    ),
    (
        "project.complain-award",
        "对中选结果投诉",
        "Complain about the award",
    ),
    ("firm.complain", "投诉该机构", "Complain about this firm"),
    ("nav.complaint-outcomes", "投诉公示", "Complaints"),
    (
        "field.audit.broken",
        "审计日志校验未通过（见 /readyz）：在修复前不再签发检查点",
        "The audit log does not verify (see /readyz): no checkpoint is signed until it does",
    ),
    (
        "field.audit.size",
        "日志长度无效：须在 1 与当前日志条数之间，且起点不大于终点",
        "Invalid log size: between 1 and the log's length now, the start not past the end",
    ),
    ("nav.redlist", "红名单", "Red list"),
    ("redlist.title", "红名单", "Red list"),
    (
        "redlist.lead",
        "信用等级为 A、正常在册，且近 {months} 个月内没有成立的投诉的中介机构，按信用分排列。",
        "Listed firms at grade A with no upheld complaint in the last {months} {months|month|months}, best score first.",
    ),
    (
        "redlist.empty",
        "暂无红名单机构。",
        "No firm is on the red list yet.",
    ),
    (
        "feed.title",
        "中介超市：采购公告与中选公示",
        "zjcs: announcements and award notices",
    ),
    (
        "feed.announcement",
        "采购公告：{title}",
        "Announcement: {title}",
    ),
    (
        "feed.award",
        "中选公示：{title}（{firm}）",
        "Award notice: {title} ({firm})",
    ),
    (
        "field.warning.unknown",
        "所选预警在当前筛选条件下已不存在，请刷新后重试",
        "That warning is no longer found for these filters; refresh and try again",
    ),
    ("nav.market", "市场监测", "Market surveillance"),
    ("market.title", "市场监测统计", "Market statistics"),
    (
        "market.lead",
        "按发布日期、服务事项和地区统计已发布的项目：项目与合同金额、选取方式、报名家数、中选价与预算之比、从发布到签约的时间，以及中选集中度。只统计公开信息；未开标的报价从不读取。",
        "Published projects by publication date, service item and region: projects and contract value, selection methods, registrants, award price against budget, time from publication to contract, and how concentrated the awards are. Public information only; bids not yet opened are never read.",
    ),
    ("market.filter.from", "发布日期自", "Published from"),
    ("market.filter.to", "发布日期至", "Published until"),
    ("market.csv", "导出 CSV", "Export CSV"),
    ("market.summary", "概况", "Summary"),
    ("market.fig.projects", "项目数", "Projects"),
    ("market.fig.budget", "预算合计", "Total budget"),
    ("market.fig.awarded", "中选项目", "Awards"),
    ("market.fig.contracts", "签约项目", "Contracts"),
    ("market.fig.contract-value", "合同金额", "Contract value"),
    (
        "market.fig.failed",
        "流标（报名不足）",
        "Failed (too few registrants)",
    ),
    (
        "market.fig.registrants-mean",
        "平均报名家数",
        "Mean registrants",
    ),
    (
        "market.fig.price-mean",
        "中选价占预算（平均）",
        "Award price / budget (mean)",
    ),
    (
        "market.fig.days-median",
        "发布至签约（中位数）",
        "Publication to contract (median)",
    ),
    ("market.days", "{n} 天", "{n} {n|day|days}"),
    (
        "market.elapsed",
        "统计用时 {ms} 毫秒。",
        "Computed in {ms} ms.",
    ),
    (
        "market.months",
        "每月发布项目",
        "Projects published each month",
    ),
    ("market.col.month", "月份", "Month"),
    ("market.methods", "选取方式", "Selection methods"),
    (
        "market.registrants",
        "每个项目的报名家数（已开标）",
        "Registrants per project (opened)",
    ),
    (
        "market.price",
        "中选价占预算比例",
        "Award price as a share of the budget",
    ),
    (
        "market.days-to-contract",
        "从发布到签约的天数",
        "Days from publication to contract",
    ),
    (
        "market.concentration",
        "中选集中度",
        "Concentration of awards",
    ),
    (
        "market.concentration.note",
        "前五名份额为金额最大的五家机构所占中选金额的比例；HHI 为各机构份额（百分数）平方之和，超过 2,500 视为高度集中。",
        "The top-five share is the part of the award value the five largest firms hold; HHI is the sum of the firms' squared percentage shares, above 2,500 highly concentrated.",
    ),
    ("market.by-item", "按服务事项", "By service item"),
    ("market.by-province", "按省份", "By province"),
    ("market.col.market", "市场", "Market"),
    ("market.col.value", "中选金额", "Award value"),
    ("market.col.top5", "前五名份额", "Top-five share"),
    (
        "market.high-concentration",
        "高度集中",
        "Highly concentrated",
    ),
    (
        "market.chart.months",
        "每月发布项目：{counts}",
        "Projects published each month: {counts}",
    ),
    (
        "market.chart.methods",
        "选取方式：{counts}",
        "Selection methods: {counts}",
    ),
    (
        "market.chart.registrants",
        "报名家数分布：{counts}",
        "Registrants per project: {counts}",
    ),
    (
        "market.chart.price",
        "中选价占预算比例分布：{counts}",
        "Award price against budget: {counts}",
    ),
    (
        "market.chart.days",
        "发布至签约天数分布：{counts}",
        "Days to contract: {counts}",
    ),
    ("market.warnings.link", "查看预警", "See the warnings"),
    ("market.warnings.title", "市场监测预警", "Market warnings"),
    (
        "market.warnings.lead",
        "从已开标项目的公开记录中发现的异常迹象，每条预警附有所依据的项目。预警只是核查的线索，不是结论；可据此立案调查。",
        "Signs found in the public record of opened projects, each with the projects behind it. A warning is a reason to look, not a finding; a case can be opened from it.",
    ),
    (
        "market.warnings.examined",
        "共检查已开标项目 {n} 个。",
        "{n} opened projects examined.",
    ),
    (
        "market.warnings.empty",
        "所选范围内没有预警。",
        "No warnings for these filters.",
    ),
    (
        "market.warning.bid-rotation",
        "疑似轮流中标",
        "Possible bid rotation",
    ),
    (
        "market.warning.identical-bids",
        "报价雷同",
        "Identical or near-identical bids",
    ),
    (
        "market.warning.repeated-direct",
        "反复直接选取同一机构",
        "Repeated direct awards to one firm",
    ),
    (
        "market.warning.dominant-firm",
        "中选率远超正常水平",
        "Winning far above chance",
    ),
    (
        "market.warning.repeated-failures",
        "项目反复流标",
        "Projects keep failing",
    ),
    (
        "market.warning.bid-rotation.text",
        "{firms} 共同报名 {n} 个项目，轮流中选（各中选 {wins} 个）。",
        "{firms} bid together on {n} {n|project|projects} and took turns winning ({wins} each).",
    ),
    (
        "market.warning.identical-bids.text",
        "{firms} 在 {n} 个项目中报价相同或几乎相同。",
        "{firms} bid the same or nearly the same price on {n} {n|project|projects}.",
    ),
    (
        "market.warning.repeated-direct.text",
        "{owner} 在 {of} 个直接选取项目中，有 {n} 个选取了 {firm}。",
        "{owner} picked {firm} in {n} of {of} direct selections.",
    ),
    (
        "market.warning.dominant-firm.text",
        "{firm} 报名 {bids} 个项目，中选 {wins} 个，按报名家数随机应约为 {expected} 个。",
        "{firm} bid on {bids} {bids|project|projects} and won {wins}; chance would give about {expected}.",
    ),
    (
        "market.warning.repeated-failures.text",
        "{region}的“{item}”项目有 {n} 个因报名不足而流标。",
        "{n} {n|project|projects} for “{item}” in {region} failed for too few registrants.",
    ),
    ("market.warning.firms", "涉及机构", "Firms"),
    ("market.warning.owner", "项目业主", "Owner"),
    (
        "market.warning.evidence",
        "依据的项目",
        "Projects behind it",
    ),
    ("market.col.published", "发布日期", "Published"),
    ("market.col.project", "项目", "Project"),
    ("market.col.winner", "中选机构", "Awarded to"),
    ("market.open-case", "立案调查", "Open a case"),
    (
        "market.notice.case-opened",
        "已根据预警立案并受理，请开展调查。",
        "A case was opened from the warning and accepted; investigate it.",
    ),
    (
        "field.inspection.count",
        "须为 1 至 500 之间的整数",
        "Must be a whole number from 1 to 500",
    ),
    (
        "field.inspection.outcome",
        "请选择抽查结论",
        "Choose the inspection's outcome",
    ),
    (
        "field.inspection.points",
        "扣分须为负数",
        "Points must be below zero",
    ),
    (
        "field.inspection.points-compliant",
        "未发现问题的机构不能扣分",
        "A compliant firm cannot lose points",
    ),
    (
        "field.inspection.already-drawn",
        "本轮抽查已经抽取",
        "This round has already been drawn",
    ),
    (
        "field.inspection.already-recorded",
        "该机构的抽查结果已经记录",
        "The findings on this firm are already recorded",
    ),
    (
        "field.inspection.no-firms",
        "抽查范围内没有机构",
        "No firm is in the round's scope",
    ),
    (
        "error.inspection-drawn",
        "本轮抽查已经抽取",
        "The round has already been drawn",
    ),
    (
        "error.inspection-recorded",
        "抽查结果已经记录",
        "The findings are already recorded",
    ),
    (
        "error.inspection-empty",
        "抽查范围内没有机构",
        "No firm in scope",
    ),
    ("nav.inspections", "双随机抽查", "Random inspections"),
    ("inspection.title", "随机抽查", "Random inspection"),
    ("inspection.list.title", "双随机抽查", "Random inspections"),
    (
        "inspection.list.lead",
        "监管部门随机抽取检查对象、随机选派检查人员，抽取过程可由任何人根据公开数据复核，抽查结果向社会公开。",
        "Regulators draw the firms to inspect and the inspectors at random; anyone can re-check the draw from the public data, and the results are published.",
    ),
    (
        "inspection.list.empty",
        "尚无抽查。",
        "No inspection rounds yet.",
    ),
    ("inspection.scope", "抽查范围", "Scope"),
    (
        "inspection.scope.any-item",
        "全部服务事项",
        "Every service item",
    ),
    ("inspection.scope.anywhere", "全部地区", "Everywhere"),
    ("inspection.scope.any-grade", "全部信用等级", "Every grade"),
    (
        "inspection.scope.grades",
        "信用等级 {grades}",
        "Grades {grades}",
    ),
    ("inspection.counts.label", "计划抽取", "To draw"),
    (
        "inspection.counts",
        "机构 {firms} 家 · 检查人员 {inspectors} 名（范围内不足时全部抽取）",
        "{firms} {firms|firm|firms} · {inspectors} {inspectors|inspector|inspectors} (all of them where fewer are in scope)",
    ),
    ("inspection.status", "状态", "Status"),
    ("inspection.status.planned", "待抽取", "Planned"),
    ("inspection.status.drawn", "检查中", "Inspecting"),
    ("inspection.status.closed", "已完成", "Closed"),
    ("inspection.created", "创建时间", "Created"),
    ("inspection.drawn", "抽取时间", "Drawn"),
    ("inspection.closed", "完成时间", "Closed"),
    ("inspection.new", "新建抽查", "New inspection round"),
    (
        "inspection.new.hint",
        "创建后平台即公布随机种子的承诺值（SHA-256）；抽取时固定范围内的机构名单和全部监管人员名单，再公开种子，任何人均可复核。",
        "When the round is created the platform publishes the commitment (SHA-256) of its seed; at the draw the firms in scope and all regulators are fixed, then the seed is revealed so anyone can re-check.",
    ),
    ("inspection.field.title", "名称", "Title"),
    ("inspection.field.grades", "信用等级", "Credit grades"),
    (
        "inspection.field.grades.hint",
        "不选即全部等级。",
        "None ticked: every grade.",
    ),
    ("inspection.field.firms", "抽取机构数", "Firms to draw"),
    (
        "inspection.field.inspectors",
        "抽取检查人员数",
        "Inspectors to draw",
    ),
    ("inspection.field.outcome", "抽查结论", "Outcome"),
    ("inspection.field.findings", "检查情况", "Findings"),
    ("inspection.field.points", "信用扣分", "Credit points"),
    (
        "inspection.field.points.hint",
        "发现问题时可填负分，记入该机构信用记录；无则留空。",
        "A negative number for shortcomings, recorded on the firm's credit ledger; leave empty for none.",
    ),
    (
        "inspection.create",
        "创建并公布承诺",
        "Create and publish the commitment",
    ),
    (
        "inspection.page.lead",
        "本页公开抽查的范围、抽取依据和结果。",
        "This page publishes the round's scope, its draw and its results.",
    ),
    ("inspection.commitment", "随机种子承诺值", "Seed commitment"),
    ("inspection.draw", "开始抽取", "Draw now"),
    ("inspection.draw.title", "抽取过程", "The draw"),
    (
        "inspection.draw.verified",
        "已根据公开数据复核：种子与承诺值一致，名单与哈希一致，抽取结果一致。",
        "Checked from the public data: the seed matches its commitment, the lists their hashes, and the results re-run the same.",
    ),
    (
        "inspection.draw.mismatch",
        "复核不一致！",
        "The check does not match!",
    ),
    ("inspection.draw.firms", "抽取机构", "Firms drawn"),
    (
        "inspection.draw.inspectors",
        "抽取检查人员",
        "Inspectors drawn",
    ),
    ("inspection.draw.context", "抽取标识", "Context"),
    ("inspection.draw.entries", "名单人数", "Entries"),
    ("inspection.draw.list-hash", "名单哈希", "List hash"),
    ("inspection.draw.pick", "抽取数量", "Picked"),
    ("inspection.draw.seed", "随机种子", "Seed"),
    (
        "inspection.draw.how",
        "算法与项目抽取相同（见代码库 domain/src/rules/draw.rs 的说明，可用 zjcs verify-draw 复核每份抽取文件）；完整名单和结果见",
        "The algorithm is the one of project draws (documented in domain/src/rules/draw.rs; zjcs verify-draw checks each draw document); the full lists and results are in",
    ),
    (
        "inspection.targets",
        "抽查对象与结果",
        "Firms drawn and findings",
    ),
    ("inspection.col.firm", "机构", "Firm"),
    ("inspection.col.inspector", "检查人员", "Inspector"),
    ("inspection.pending", "待检查", "Pending"),
    ("inspection.outcome.compliant", "未发现问题", "Compliant"),
    (
        "inspection.outcome.issues",
        "发现问题，责令整改",
        "Shortcomings to correct",
    ),
    (
        "inspection.outcome.violation",
        "存在违法违规行为",
        "Violation",
    ),
    ("inspection.record", "记录结果", "Record"),
    (
        "inspection.notice.created",
        "抽查已创建，随机种子的承诺值已公布。",
        "The round is created and its seed's commitment published.",
    ),
    (
        "inspection.notice.drawn",
        "已完成抽取，种子已公开。",
        "Drawn; the seed is revealed.",
    ),
    (
        "inspection.notice.finding",
        "抽查结果已记录。",
        "The findings are recorded.",
    ),
    ("nav.console", "监管工作台", "Console"),
    ("console.title", "监管工作台", "Regulators' console"),
    (
        "console.lead",
        "待办的投诉、分配给您的抽查对象和尚未抽取的抽查，以及市场监测的入口。",
        "Complaints waiting, the firms you were drawn to inspect, rounds not yet drawn, and the way into market surveillance.",
    ),
    ("console.cases", "待办投诉", "Open complaints"),
    (
        "console.cases.counts",
        "待办 {open} 件，其中超期 {overdue} 件。",
        "{open} open, {overdue} of them overdue.",
    ),
    ("console.cases.all", "全部投诉", "All complaints"),
    ("console.cases.empty", "没有投诉。", "No complaints."),
    ("console.tasks", "我的抽查任务", "My inspections"),
    (
        "console.tasks.empty",
        "没有待检查的机构。",
        "No firm waiting for your findings.",
    ),
    ("console.planned", "待抽取的抽查", "Rounds not yet drawn"),
    ("console.dossier", "监管档案", "Dossier"),
    ("console.standing", "状态与信用", "Standing and credit"),
    (
        "console.public-page",
        "公开页面与信用记录",
        "Public page and credit ledger",
    ),
    ("console.dossier.cases", "投诉", "Complaints"),
    (
        "console.dossier.inspections",
        "随机抽查",
        "Random inspections",
    ),
    ("console.dossier.awards", "中选项目", "Awards"),
    (
        "console.dossier.projects",
        "发布的项目",
        "Published projects",
    ),
    (
        "console.dossier.direct",
        "直接选取的机构",
        "Firms picked by direct selection",
    ),
    ("console.dossier.none", "无。", "None."),
    ("console.times", "{n} 次", "{n} {n|time|times}"),
    ("console.col.price", "金额", "Price"),
    ("console.col.budget", "预算", "Budget"),
    ("console.col.award-status", "中选状态", "Award"),
    ("console.col.awarded", "中选时间", "Awarded"),
    ("console.award.notice", "公示中", "In its notice period"),
    ("console.award.contracted", "已签约", "Contracted"),
    ("console.award.refused", "拒签", "Refused to sign"),
    ("console.award.overturned", "已撤销", "Overturned"),
    ("console.firm-status.listed", "正常", "Listed"),
    ("console.firm-status.suspended", "暂停", "Suspended"),
    ("console.firm-status.blacklisted", "黑名单", "Black-listed"),
    ("console.dossier-link", "监管档案", "Dossier"),
    (
        "feed.blacklist.title",
        "中介超市黑名单",
        "Marketplace black list",
    ),
    (
        "feed.blacklist.entry",
        "{firm}（{code}）列入黑名单：{reason}",
        "{firm} ({code}) black-listed: {reason}",
    ),
    (
        "feed.redlist.title",
        "中介超市红名单",
        "Marketplace red list",
    ),
    (
        "feed.redlist.entry",
        "{firm}（{code}）列入红名单，信用分 {score}",
        "{firm} ({code}) on the red list, score {score}",
    ),
    ("feed.subscribe", "订阅（Atom）", "Subscribe (Atom)"),
    (
        "mail.inspection-assigned.subject",
        "随机抽查任务：{title}",
        "Random inspection assigned: {title}",
    ),
    (
        "mail.inspection-assigned.body",
        "您被随机选派参加抽查“{title}”，检查对象：{firms}。\n检查后请在抽查页面记录结果：{link}",
        "You were drawn to inspect in “{title}”: {firms}.\nRecord your findings on the round's page: {link}",
    ),
    (
        "mail.inspection-result.subject",
        "随机抽查结果：{title}",
        "Random inspection findings: {title}",
    ),
    (
        "mail.inspection-result.body",
        "贵机构在随机抽查“{title}”中的检查结论：{outcome}。\n检查情况：{findings}\n信用扣分：{points}\n结果已公开：{link}",
        "The findings on your firm in the random inspection “{title}”: {outcome}.\nFindings: {findings}\nCredit points: {points}\nPublished at: {link}",
    ),
];

/// TEMPORARY: every key, both languages: the Fluent text equals the old template through the
/// old `fill`, for several sets of sample arguments.
#[test]
fn fluent_files_match_the_old_catalogue() {
    use super::{Catalogue, DOMAIN, Lang, Sources};
    static WEB: Sources = Sources {
        zh: &[
            ("site.ftl", include_str!("../../web/i18n/zh-CN/site.ftl")),
            ("firms.ftl", include_str!("../../web/i18n/zh-CN/firms.ftl")),
            (
                "credit.ftl",
                include_str!("../../web/i18n/zh-CN/credit.ftl"),
            ),
            (
                "projects.ftl",
                include_str!("../../web/i18n/zh-CN/projects.ftl"),
            ),
            (
                "oversight.ftl",
                include_str!("../../web/i18n/zh-CN/oversight.ftl"),
            ),
            ("admin.ftl", include_str!("../../web/i18n/zh-CN/admin.ftl")),
        ],
        en: &[
            ("site.ftl", include_str!("../../web/i18n/en/site.ftl")),
            ("firms.ftl", include_str!("../../web/i18n/en/firms.ftl")),
            ("credit.ftl", include_str!("../../web/i18n/en/credit.ftl")),
            (
                "projects.ftl",
                include_str!("../../web/i18n/en/projects.ftl"),
            ),
            (
                "oversight.ftl",
                include_str!("../../web/i18n/en/oversight.ftl"),
            ),
            ("admin.ftl", include_str!("../../web/i18n/en/admin.ftl")),
        ],
    };
    let web = Catalogue::new(&WEB, Some(&DOMAIN));
    assert!(web.problems().is_empty(), "{:#?}", web.problems());
    assert_eq!(
        web.keys().count() + DOMAIN.keys().count(),
        CATALOGUE.len(),
        "every key converted once"
    );
    let ident = |s: &str| {
        s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    let mut bad = Vec::new();
    let mut checked = 0;
    for (key, zh, en) in CATALOGUE {
        // Variable names (and which are plural selectors) as the old `fill` reads them.
        let mut vars = std::collections::BTreeSet::new();
        let mut sels = std::collections::BTreeSet::new();
        for t in [zh, en] {
            let mut rest = *t;
            while let Some(open) = rest.find('{') {
                let after = &rest[open + 1..];
                match after.find('}') {
                    Some(close) => {
                        let parts: Vec<&str> = after[..close].split('|').collect();
                        if parts.len() == 1 && ident(parts[0]) {
                            vars.insert(parts[0]);
                        } else if parts.len() == 3 && ident(parts[0]) {
                            vars.insert(parts[0]);
                            sels.insert(parts[0]);
                        }
                        rest = after;
                    }
                    None => break,
                }
            }
        }
        assert!(web.has(key), "{key} lost");
        for (lang, old) in [(Lang::Zh, zh), (Lang::En, en)] {
            if vars.is_empty() {
                checked += 1;
                if web.message(lang, key) != *old {
                    bad.push(format!(
                        "{key} {lang:?}: {:?} != {old:?}",
                        web.message(lang, key)
                    ));
                }
                if web.text(lang, key, &[]) != *old {
                    bad.push(format!(
                        "{key} {lang:?} text(): {:?}",
                        web.text(lang, key, &[])
                    ));
                }
                continue;
            }
            let numbers = ["1", "2", "0", "11", "21"];
            let strings = ["值{firm}", "913301001234567890", "a b", "", "{ $title }"];
            for round in 0..numbers.len() {
                let owned: Vec<(&str, &str)> = vars
                    .iter()
                    .map(|v| {
                        let value = if sels.contains(v) {
                            numbers[round]
                        } else {
                            strings[round]
                        };
                        (*v, value)
                    })
                    .collect();
                checked += 1;
                let new = web.text(lang, key, &owned);
                let want = fill(old, &owned);
                if new != want {
                    bad.push(format!("{key} {lang:?} {owned:?}: {new:?} != {want:?}"));
                }
            }
        }
    }
    assert!(bad.is_empty(), "{} differ:\n{}", bad.len(), bad.join("\n"));
    eprintln!("checked {checked} texts");
}
