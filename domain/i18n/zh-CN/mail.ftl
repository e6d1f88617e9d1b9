### Mail subjects and bodies: mail.<kind>.subject / mail.<kind>.body.
### Ids are the code's dotted keys with "." written "_" (error.not-found → error_not-found).

# Mail.

mail_welcome_subject = 欢迎加入中介超市
mail_welcome_body =
    { $name }，您好：
    {""}
    您的中介超市账号已开通，可以立即使用。
    请打开以下链接验证您的邮箱地址（72 小时内有效；不验证也不影响使用）：
    {""}
    { $link }
    {""}
    如非本人操作，请忽略本邮件。
    {""}
    —— 中介超市
    {""}
    (English) Welcome, { $name }. Your account is ready to use. Verify your email address within 72 hours: { $link }
    {""}
mail_delivery-submitted_subject = 成果待验收：{ $title }
mail_delivery-submitted_body = 中介机构已提交项目“{ $title }”的服务成果，请及时验收：{ $link }
mail_delivery-accepted_subject = 成果已验收：{ $title }
mail_delivery-accepted_body = 项目“{ $title }”的服务成果已通过验收。{ $reason } 项目：{ $link }
mail_delivery-returned_subject = 成果被退回：{ $title }
mail_delivery-returned_body = 项目“{ $title }”的服务成果被退回，原因：{ $reason }。服务期限照常计算，请修改后重新提交：{ $link }
mail_delivery-due_subject = 服务期限提醒：{ $title }
mail_delivery-due_body = 项目“{ $title }”的服务成果应于 { $reason }（含当日）前提交：{ $link }
mail_delivery-unreviewed_subject = 成果待验收提醒：{ $title }
mail_delivery-unreviewed_body = 项目“{ $title }”的服务成果已提交多日尚未验收，请及时处理：{ $link }
mail_registration-withdrawn-dishonest_subject = 报名撤回：{ $firm } 被列入失信名单
mail_registration-withdrawn-dishonest_body = { $firm } 被列入失信名单，其在项目“{ $title }”中的报名已撤回。项目：{ $link }
mail_repair-approved_subject = 信用修复申请已通过
mail_repair-approved_body = 贵机构的信用修复申请已通过，可重新在本平台报名。监管部门意见：{ $reason }。信用记录：{ $link }
mail_repair-refused_subject = 信用修复申请未通过
mail_repair-refused_body = 贵机构的信用修复申请未通过。监管部门意见：{ $reason }。整改后可再次申请：{ $link }
mail_credit-suspended_subject = 信用提示：贵机构被暂停报名
mail_credit-suspended_body = 根据信用记录，贵机构被暂停在本平台报名，暂停期至 { $until }（“—”表示暂停期已满但信用等级仍为 E，须申请信用修复）。信用记录与原因：{ $link }
mail_credit-blacklisted_subject = 信用提示：贵机构被列入黑名单
mail_credit-blacklisted_body = 因监管部门认定的否决事项，贵机构被列入本平台黑名单至 { $until }，期间不得参与平台项目，尚在报名中的项目报名已撤回。信用记录与原因：{ $link }
mail_credit-restored_subject = 信用提示：贵机构恢复报名资格
mail_credit-restored_body = 贵机构的暂停或黑名单限制已结束，可重新在本平台报名。信用记录：{ $link }
mail_registration-withdrawn-blacklist_subject = 报名撤回：{ $firm } 被列入黑名单
mail_registration-withdrawn-blacklist_body = { $firm } 被列入黑名单，其在项目“{ $title }”中的报名已撤回。项目：{ $link }
mail_registered_subject = 报名成功：{ $title }
mail_registered_body =
    贵机构已报名项目“{ $title }”。
    报价已密封，截止前任何人都无法查看。
    回执（报价的 SHA-256）：{ $receipt }
    开标后可用此回执核对：{ $link }
mail_bid-replaced_subject = 报价已更换：{ $title }
mail_bid-replaced_body =
    贵机构已更换项目“{ $title }”的报价，原报价作废。
    新回执：{ $receipt }
    { $link }
mail_registration-voided_subject = 公告已实质性变更，请重新报名：{ $title }
mail_registration-voided_body = 项目“{ $title }”的公告发生实质性变更，贵机构此前的报名与报价已作废。如仍有意参加，请在新的截止时间前重新报名：{ $link }
mail_closed_subject = 已开标：{ $title }
mail_closed_body = 项目“{ $title }”已截止报名并开标，共 { $count } 家机构报名。开标结果与抽取验证信息：{ $link }
mail_failed_subject = 流标：{ $title }
mail_failed_body = 项目“{ $title }”因有效报名不足（{ $count } 家）或无可选取机构而流标。项目业主可重新发布：{ $link }
mail_awarded_subject = 中选公示：贵机构中选“{ $title }”
mail_awarded_body = 贵机构在项目“{ $title }”中选，公示期至 { $until }（北京时间）。公示期满且无成立的质疑后，请与项目业主签订合同：{ $link }
mail_not-awarded_subject = 中选公示：{ $title }
mail_not-awarded_body = 项目“{ $title }”的中选机构为 { $firm }，公示期至 { $until }（北京时间）。如有异议，可在公示期内提出质疑：{ $link }
mail_award-published_subject = 中选结果已公示：{ $title }
mail_award-published_body = 项目“{ $title }”的中选机构为 { $firm }，公示期至 { $until }（北京时间）。公示期满后请登记合同：{ $link }
mail_objection-raised_subject = 收到质疑：{ $title }
mail_objection-raised_body = { $firm } 对项目“{ $title }”的中选结果提出质疑，请及时答复：{ $link }
mail_objection-answered_subject = 质疑已答复：{ $title }
mail_objection-answered_body =
    对项目“{ $title }”中选结果的质疑已答复：{ $outcome }。
    答复：{ $answer }
    { $link }
mail_contracted_subject = 合同已登记：{ $title }
mail_contracted_body = 项目“{ $title }”的合同已登记，服务期自即日起计算：{ $link }
mail_contract-due_subject = 请签订合同：{ $title }
mail_contract-due_body = 项目“{ $title }”的中选公示期已满，中选机构为 { $firm }。请于 { $due }（北京时间）前签订合同，并由项目业主在平台登记：{ $link }
mail_cancelled_subject = 项目已取消：{ $title }
mail_cancelled_body = 贵机构已报名的项目“{ $title }”已由项目业主取消，原因：{ $reason }。报价未开启，不会公开。{ $link }
mail_complaint-received_subject = 投诉已收到：{ $rule }
mail_complaint-received_body =
    您的投诉已提交，监管部门将在规定时限内决定是否受理。
    投诉事项：{ $rule }
    查看：{ $link }
mail_complaint-update_subject = 投诉处理进展：{ $status }
mail_complaint-update_body =
    投诉（{ $rule }）的处理状态为：{ $status }。
    { $reason }
    查看：{ $link }
mail_inspection-assigned_subject = 随机抽查任务：{ $title }
mail_inspection-assigned_body =
    您被随机选派参加抽查“{ $title }”，检查对象：{ $firms }。
    检查后请在抽查页面记录结果：{ $link }
mail_inspection-result_subject = 随机抽查结果：{ $title }
mail_inspection-result_body =
    贵机构在随机抽查“{ $title }”中的检查结论：{ $outcome }。
    检查情况：{ $findings }
    信用扣分：{ $points }
    结果已公开：{ $link }
mail_credit-blacklisted-representative_subject = 信用提示：贵机构随相关人员受限
mail_credit-blacklisted-representative_body = 贵机构与黑名单机构“{ $of }”有同一法定代表人、股东或高级管理人员，贵机构随之受限至 { $until }（含当日），期间不得参与平台项目，尚在报名中的项目报名已撤回。信用记录与原因：{ $link }
mail_registration-withdrawn-suspended_subject = 报名撤回：{ $firm } 被暂停报名
mail_registration-withdrawn-suspended_body = { $firm } 因信用状况被暂停报名，其在项目“{ $title }”中的报名已撤回。项目：{ $link }
mail_registration-set-aside_subject = 报名被搁置：{ $title }
mail_registration-set-aside_body = 贵机构在项目“{ $title }”中的报名已被搁置，不再参与开标、抽取或中选。原因：{ $reason }。项目：{ $link }
