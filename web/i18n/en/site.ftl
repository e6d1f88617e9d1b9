### Layout, navigation, accounts and small shared words.
### Ids are the code's dotted keys with "." written "_" (error.not-found → error_not-found).

# Roles and kinds.

role_owner = Project owner
role_intermediary = Intermediary firm
role_regulator = Regulator
role_admin = Administrator
owner-kind_company = Company
owner-kind_department = Government department
# Credit pages: the firm's credit section, the public credit page, the policy form.

nav_credit = Credit
nav_admin-credit-policy = Credit policy
# Credit repair (the firm's form, the regulators' queue) and the dishonesty list's page.

nav_credit-repairs = Credit repairs
nav_dishonesty = Dishonesty list
# Pages: registration and selection.

nav_my-registrations = My registrations
# Pages: layout.

site_name = Intermediary Service Marketplace
site_tagline = Online marketplace for intermediary services
nav_home = Home
nav_register = Register
nav_login = Log in
nav_logout = Log out
nav_account = My account
nav_audit = Audit trail
nav_api-docs = API docs
nav_lang-switch = 中文
footer_text = zjcs · zero threshold, zero restriction · fair, open, impartial
# Pages: home.

home_title = The online intermediary-service marketplace
home_lead = Technical services that approvals need (environmental and safety assessment, surveying, cost consulting, testing…) are chosen here, in the open.
home_owners_title = Project owners
home_owners_text = Companies and government departments post jobs online and choose firms freely: bidding, award and evaluation all online.
home_firms_title = Intermediary firms
home_firms_text = Zero threshold, zero restriction: listed the moment you register, no approval; win work by quality and credit.
home_public_title = Regulators and the public
home_public_text = Credit drives visibility and exclusion; every step leaves a verifiable trace that regulators and the public can check.
home_cta_register = Register now
home_cta_login = Have an account? Log in
# Pages: registration.

register_title = Create an account
register_lead = Your account works at once; there is no approval step. Regulator and administrator accounts are created by the system administrator.
register_role = I am
register_owner-kind = Type of owner
register_name = Organisation name
register_email = Email
register_password = Password (at least 10 characters)
register_submit = Register
register_done = You are registered and logged in. A verification mail is on its way.
# Pages: login.

login_title = Log in
login_email = Email
login_password = Password
login_submit = Log in
login_no-account = No account yet? Register
logout_done = You have logged out.
# Pages: account.

account_title = My account
account_email = Email
account_name = Name
account_role = Role
account_created = Registered
account_verified = Email verified
account_unverified = Email not verified (see the link in the welcome mail)
account_password_title = Change password
account_password_current = Current password
account_password_new = New password
account_password_submit = Change password
account_password_done = Password changed; sessions on other devices were ended.
verify_done = Your email address is verified.
verify_failed = The verification link is invalid or has expired.
# Pages: shared frame and refusals (zjcs-web).

nav_main = Main navigation
nav_skip = Skip to content
punct_colon = :{" "}
time_beijing = (Beijing time, UTC+8)
register_owner-kind_hint = Project owners only
account_owner-kind = Type of owner
verify_title = Email verification
# Pages: catalogue, directory, firm pages, black list, catalogue administration (zjcs-web).

nav_catalogue = Service items
nav_projects = Projects
nav_my-projects = My projects
nav_firms = Firms
nav_blacklist = Black list
nav_my-firm = My firm
nav_admin-catalogue = Manage items
punct_list-sep = ,{" "}
form_choose = Choose…
validity_valid = Valid
validity_expired = Expired
validity_not-yet-valid = Not yet valid
nav_credit-appeals = Appeals
nav_complaints = Complaints
nav_complaint-outcomes = Complaints
nav_redlist = Red list
feed_title = zjcs: announcements and award notices
feed_announcement = Announcement: { $title }
feed_award = Award notice: { $title } ({ $firm })
nav_market = Market surveillance
nav_inspections = Random inspections
nav_console = Console
feed_blacklist_title = Marketplace black list
feed_blacklist_entry = { $firm } ({ $code }) black-listed: { $reason }
feed_redlist_title = Marketplace red list
feed_redlist_entry = { $firm } ({ $code }) on the red list, score { $score }
feed_subscribe = Subscribe (Atom)
