### What is wrong with one input field (field.*), why a firm may not register (registration.*), dates (calendar.*).
### Ids are the code's dotted keys with "." written "_" (error.not-found → error_not-found).

# Field problems.

field_required = 必填
field_too-long = 过长
field_email_invalid = 邮箱格式不正确
field_password_too-short = 密码至少 10 个字符
field_password_too-long = 密码最多 128 个字符
field_password_mismatch = 当前密码不正确
field_name_invalid = 名称含有不允许的字符
field_role_invalid = 请选择项目业主或中介机构
field_owner-kind_invalid = 请选择企业或政府部门
# Registry: firms, catalogue, evidence, directory.

field_credit-code_length = 统一社会信用代码应为 18 位
field_credit-code_charset = 统一社会信用代码含有不允许的字符（不使用 I、O、S、V、Z）
field_credit-code_region = 统一社会信用代码第 3–8 位应为行政区划代码（数字）
field_credit-code_checksum = 统一社会信用代码校验位不正确，请核对营业执照
field_credit-code_taken = 该统一社会信用代码已有机构入驻
field_credit-code_blacklisted = 该统一社会信用代码在本平台黑名单内，黑名单期间不能入驻
field_credit-code_dishonest = 该统一社会信用代码在失信被执行人等失信名单内，不能入驻
field_credit-code_immutable = 统一社会信用代码是机构身份，入驻后不能修改
field_id-number_invalid = 身份证号码无效（18 位，末位校验码）
field_region_invalid = 行政区划代码无效（6 位数字）
field_text_control = 含有不允许的控制字符
field_text_bidi = 含有文字方向控制字符（会改变显示顺序），不允许
field_phone_invalid = 电话号码无效
field_too-many = 条目过多
field_commitment_required = 请确认承诺所填信息和材料真实有效
field_date_invalid = 日期无效（格式 YYYY-MM-DD）
field_date_before-start = 截止日期早于起始日期
field_evidence_required = 请上传证明材料（PDF、JPEG 或 PNG）
field_evidence_unknown = 证明材料不存在或不属于本机构
field_affiliation-kind_invalid = 请选择关联关系类型
field_person-role_invalid = 请选择身份：股东或高级管理人员
field_item-code_invalid = 事项编码无效（大写字母开头，2–32 位字母、数字或连字符）
field_item-code_taken = 该事项编码已存在
field_duplicate = 重复
field_rating_range = 评分须为 1–5 的整数
field_out-of-range = 超出允许范围
field_fee_range = 收费下限高于上限
field_import_empty = 导入文件没有任何事项
field_import_json = 不是 JSON 数组
field_import_row-shape = 该行格式不正确（字段缺失、多余或类型不对）
field_import_csv-header = CSV 表头不正确，请使用模板中的列名
field_number_invalid = 不是整数
field_file_empty = 文件为空
field_file_too-large = 文件超过 10 MiB
field_file_kind = 只接受 PDF、JPEG 或 PNG 文件（按文件内容判断）
field_id_invalid = 编号无效
field_grade_invalid = 信用等级应为 A–E
field_sort_invalid = 排序方式无效
field_cursor_invalid = 翻页参数无效，请从第一页重新开始
field_service-item_unknown = 所选服务事项不存在或已停用
field_firm_exists = 本账号已入驻机构
field_firm_missing = 请先填写机构信息完成入驻
# Registration, selection, award, contract.

field_bid_price-required = 此选取方式需要密封报价（单位：分）
field_bid_price-positive = 报价必须大于零
field_bid_above-cap = 报价不得高于公告的最高限价
field_bid_no-price = 此选取方式不报价
field_bid_plan-required = 综合评分需要提交服务方案文件
field_bid_no-plan = 此选取方式不提交方案
field_registration_missing = 贵机构未报名本项目
field_selection_not-choice = 该机构不在可选范围内
field_selection_not-low = 该报价不是待确认的异常低价
field_selection_no-scoring = 当前无需对方案评分
field_selection_score-range = 方案得分须为 0–100 的整数
field_selection_score-missing = 每份待评方案都需要评分
field_selection_score-unknown = 评分中含有无需评分的机构
field_project_not-selecting = 项目当前不在选取阶段
field_project_not-failed = 只有流标的项目可以重新发布
field_project_not-drawn = 项目尚未开标，没有抽取结果
field_project_closed = 报名已截止，公告不能再修改
field_project_awarded = 项目已有中选结果，不能取消
field_objection_notice-closed = 当前没有处于公示期的中选结果
field_objection_answered = 该质疑已答复
field_contract_signed-on-range = 签订日期须在中选之后、且不晚于今天
field_contract_document-required = 请上传已签订的合同文件
field_contract_no-award = 没有待签订合同的中选结果
field_contract_notice-running = 公示期未满，暂不能登记合同
field_contract_objection-open = 尚有未答复的质疑
field_date_future = 日期不能晚于今天
field_date_end-not-after-start = 截止日期须晚于起始日期
field_import_text-encoding = 文件不是 UTF-8 或 GBK（GB 18030）编码的文本
field_repair_decision = 请选择批准或驳回
field_evaluation_not-accepted = 成果验收后方可评价
field_evaluation_exists = 本项目已评价，评价不可修改
field_evaluation_replied = 只能公开回复一次
field_evaluation_appealed = 只能申诉一次
field_evaluation_no-appeal = 该评价没有待处理的申诉
field_evaluation_rated = 本项目已评价业主
field_document_unknown = 请先上传成果文件
field_repair_not-needed = 仅在暂停期已满且信用等级仍为 E 时可申请信用修复
field_repair_pending = 贵机构已有一份待处理的信用修复申请
field_repair_decided = 该申请已作出决定
field_reason_required = 请填写理由
field_reason_too-long = 理由不能超过 2000 字
field_credit-points_manual-range = 人工调整分值须为 −50 至 50 之间的非零整数
field_credit-points_complaint-range = 投诉扣分须在信用政策规定的范围内
field_credit-points_repair-negative = 信用修复不能扣分
field_veto-item_unknown = 请选择否决项：虚假材料或伪造资质、串通投标、行贿、拒绝监管检查
field_credit-kind_unknown = 记录类型须为人工调整（manual）或否决项（veto）
field_policy_base-range = 基准分须在 0 至 1000 之间
field_policy_evaluation-order = 评价分值须随评分由低到高不减，且绝对值不超过 100
field_policy_not-negative = 该分值不能为负，且不超过 100
field_policy_not-positive = 该分值不能为正，且不低于 −100
field_policy_very-late = 严重逾期扣分须不少于一般逾期扣分，且不低于 −100
field_policy_days-range = 工作日数须在 1 至 250 之间
field_policy_count-range = 次数须在 1 至 12 之间
field_policy_complaint-range = 投诉扣分范围须为 −100 至 0，且下限不高于上限
field_policy_window = 计分窗口须为 1 至 120 个月，全额计分期不长于窗口
field_policy_percent = 百分比须在 0 至 100 之间
field_policy_lines-order = 等级分数线须从 A 到 D 严格递减且为正
field_policy_months-range = 月数须在 1 至 120 之间
field_policy_changed = 信用政策已被他人修改，请重新载入后再提交
field_avoid_unknown-firm = 找不到该统一社会信用代码对应的入驻机构
field_selection_choose = 请选择一家机构
field_selection_outcome = 请选择质疑是否成立
field_money_invalid = 金额格式不正确（以元为单位，最多两位小数）
field_import_encoding = 文件不是 UTF-8 编码的文本
field_import_format = 请选择 JSON 或 CSV
# Projects: posting (采购公告) and registration (报名).

field_fund-source_invalid = 请选择资金来源
field_qualification_not-in-item = 该服务事项的法定要求中没有此资质，不得设置
field_qualification_grade-not-in-item = 该等级不在服务事项允许的等级之内
field_qualification_repeated = 资质要求重复
field_short-list_range = 小名单人数须在 1 与大名单人数之间
field_weights_sum = 价格、方案、信用权重之和须为 100
field_method_invalid = 请选择选取方式
field_method_direct-over-threshold = 预算达到直接选取限额，须采用竞争性选取方式
field_method_budget-needs-competition = 财政资金购买的技术服务须采用竞争性选取方式
field_datetime_invalid = 时间格式无效（如 2026-11-26 17:00）
field_deadline_past = 报名截止时间已过
field_deadline_too-soon = 报名期不得少于规定的工作日数
field_selection_before-deadline = 选取时间不得早于报名截止时间
field_avoid_repeated = 回避的机构重复
field_item_unavailable = 服务事项不存在或已停用
field_status_invalid = 状态无效
field_project_not-draft = 只有草稿可以修改和发布
field_project_cancelled = 项目已取消
registration_not-open = 项目当前不接受报名
registration_deadline-passed = 报名已截止
registration_suspended = 贵机构因信用等级或拒签被暂停报名，暂停期至 { $until }（含当日）
registration_repair-needed = 贵机构暂停期已满但信用等级仍为 E，须经信用修复获批后方可报名
registration_blacklisted = 贵机构因{ $item ->
        [fraud] 弄虚作假
        [bid-rigging] 串通投标
        [bribery] 行贿
        [refused-inspection] 拒绝监督检查
       *[other] 否决事项
    }被列入本平台黑名单{ $bounded ->
        [yes] ，至 { $until }（含当日）
       *[no] ，期限未定
    }，期间不得报名
registration_blacklisted-representative = 贵机构与黑名单机构“{ $firm }”有同一法定代表人、股东或高级管理人员，贵机构随之受限{ $bounded ->
        [yes] 至 { $until }（含当日）
       *[no] ，期限未定
    }，期间不得报名
registration_dishonest = 贵机构被{ $named ->
        [yes] { $authority }
       *[no] 有关机关
    }列入失信名单{ $bounded ->
        [yes] 至 { $until }（含当日）
       *[no] ，未定期限
    }，期间不得报名
registration_avoided = 项目业主已公开声明回避贵机构
registration_tied-to-department = 贵机构与该事项的审批部门存在关联，须回避
registration_qualification-missing = 缺少项目要求的有效资质或等级
registration_already-registered = 贵机构已报名本项目
calendar_date_invalid = 日期无效
calendar_kind_invalid = 须为 holiday 或 workday
calendar_date_repeated = 日期重复
field_delivery_outcome = 请选择通过或退回
field_complaint_not-submitted = 该投诉已受理或已处理，不能再受理或不予受理
field_complaint_not-accepted = 投诉受理后方可调查和处理
field_complaint_closed = 该投诉已办结
field_complaint_subject = 请选择投诉对象：项目、中选结果、中介机构或业主
field_complaint_subject-id = 投诉对象不存在
field_complaint_too-late = 中选结果公示期已结束，不能再就中选结果投诉
field_complaint_own = 不能投诉自己
field_complaint_evidence-account = 附证据文件须先登录账号（匿名投诉可在材料中说明，监管部门会联系您）
field_complaint_step = 请选择处理方式
field_audit_broken = 审计日志校验未通过（见 /readyz）：在修复前不再签发检查点
field_audit_size = 日志长度无效：须在 1 与当前日志条数之间，且起点不大于终点
field_warning_unknown = 所选预警在当前筛选条件下已不存在，请刷新后重试
field_inspection_count = 须为 1 至 500 之间的整数
field_inspection_outcome = 请选择抽查结论
field_inspection_points = 扣分须为负数
field_inspection_points-compliant = 未发现问题的机构不能扣分
field_inspection_already-drawn = 本轮抽查已经抽取
field_inspection_already-recorded = 该机构的抽查结果已经记录
field_inspection_no-firms = 抽查范围内没有机构
