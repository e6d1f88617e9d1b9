### Layout, navigation, accounts and small shared words.
### Ids are the code's dotted keys with "." written "_" (error.not-found → error_not-found).

# Roles and kinds.

role_owner = 项目业主
role_intermediary = 中介机构
role_regulator = 监管部门
role_admin = 管理员
owner-kind_company = 企业
owner-kind_department = 政府部门
# Credit pages: the firm's credit section, the public credit page, the policy form.

nav_credit = 信用公示
nav_admin-credit-policy = 信用政策
# Credit repair (the firm's form, the regulators' queue) and the dishonesty list's page.

nav_credit-repairs = 信用修复审核
nav_dishonesty = 失信名单
# Pages: registration and selection.

nav_my-registrations = 我的报名
# Pages: layout.

site_name = 中介超市
site_tagline = 网上中介服务超市
nav_home = 首页
nav_register = 注册
nav_login = 登录
nav_logout = 退出
nav_account = 我的账号
nav_audit = 操作留痕
nav_api-docs = 接口文档
nav_lang-switch = English
footer_text = 中介超市 · 零门槛、零限制 · 公平、公开、公正
# Pages: home.

home_title = 网上中介服务超市
home_lead = 行政审批需要的技术服务（环评、安评、测绘、造价、检测等），在这里公开选取。
home_owners_title = 项目业主
home_owners_text = 企业和政府部门在线发布采购公告，自主选择中介机构：网上竞价、网上中标、网上评价。
home_firms_title = 中介机构
home_firms_text = 零门槛、零限制：注册即入驻，无需审批；凭服务质量和信用赢得项目。
home_public_title = 监管与公众
home_public_text = 信用评价决定展示顺序和退出；全过程留痕、可验证，监管部门和公众都能查看。
home_cta_register = 立即注册
home_cta_login = 已有账号？登录
# Pages: registration.

register_title = 注册账号
register_lead = 注册即开通，无需审批。监管部门和管理员账号由系统管理员创建。
register_role = 我是
register_owner-kind = 业主类型
register_name = 单位名称
register_email = 邮箱
register_password = 密码（至少 10 个字符）
register_submit = 注册
register_done = 注册成功，已为您登录。验证邮件已发送。
# Pages: login.

login_title = 登录
login_email = 邮箱
login_password = 密码
login_submit = 登录
login_no-account = 还没有账号？立即注册
logout_done = 您已退出。
# Pages: account.

account_title = 我的账号
account_email = 邮箱
account_name = 名称
account_role = 角色
account_created = 注册时间
account_verified = 邮箱已验证
account_unverified = 邮箱未验证（查收欢迎邮件中的链接）
account_password_title = 修改密码
account_password_current = 当前密码
account_password_new = 新密码
account_password_submit = 修改密码
account_password_done = 密码已修改，其他设备上的登录已失效。
verify_done = 邮箱验证成功。
verify_failed = 验证链接无效或已过期。
# Pages: shared frame and refusals (zjcs-web).

nav_main = 主导航
nav_skip = 跳到正文
punct_colon = ：
time_beijing = （北京时间）
register_owner-kind_hint = 仅项目业主需要选择
account_owner-kind = 业主类型
verify_title = 邮箱验证
# Pages: catalogue, directory, firm pages, black list, catalogue administration (zjcs-web).

nav_catalogue = 服务事项
nav_projects = 项目公告
nav_my-projects = 我的项目
nav_firms = 中介机构
nav_blacklist = 黑名单
nav_my-firm = 我的机构
nav_admin-catalogue = 事项管理
punct_list-sep = 、
form_choose = 请选择
validity_valid = 有效
validity_expired = 已过期
validity_not-yet-valid = 尚未生效
nav_credit-appeals = 评价申诉
nav_complaints = 投诉处理
nav_complaint-outcomes = 投诉公示
nav_redlist = 红名单
feed_title = 中介超市：采购公告与中选公示
feed_announcement = 采购公告：{ $title }
feed_award = 中选公示：{ $title }（{ $firm }）
nav_market = 市场监测
nav_inspections = 双随机抽查
nav_console = 监管工作台
feed_blacklist_title = 中介超市黑名单
feed_blacklist_entry = { $firm }（{ $code }）列入黑名单：{ $reason }
feed_redlist_title = 中介超市红名单
feed_redlist_entry = { $firm }（{ $code }）列入红名单，信用分 { $score }
feed_subscribe = 订阅（Atom）
