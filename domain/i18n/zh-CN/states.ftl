### State labels and texts the domain writes itself (complaints, inspections, deliveries, objections, credit).
### Ids are the code's dotted keys with "." written "_" (error.not-found → error_not-found).

credit_policy = 信用政策
delivery_awaiting-review = 已提交的成果尚待业主验收
delivery_nothing-submitted = 尚无待验收的成果
delivery_accepted = 成果已验收
objection_upheld = 质疑成立
objection_dismissed = 质疑不成立
delivery_submit = 提交成果
delivery_accept = 通过验收
delivery_return = 退回修改
complaint_status_submitted = 待受理
complaint_status_accepted = 已受理
complaint_status_investigating = 调查中
complaint_status_rejected = 不予受理
complaint_status_upheld = 投诉成立
complaint_status_dismissed = 投诉不成立
complaint_evidence = 证据材料
inspection_create = 创建并公布承诺
inspection_draw = 开始抽取
inspection_outcome_compliant = 未发现问题
inspection_outcome_issues = 发现问题，责令整改
inspection_outcome_violation = 存在违法违规行为
