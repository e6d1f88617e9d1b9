### Credit records, ratings, policy and repairs; evaluations.
### Ids are the code's dotted keys with "." written "_" (error.not-found → error_not-found).

credit_section = Credit
credit_see-ledger = Credit ledger and history
credit_directory-note = Firms are ranked by credit grade and score; how grades are given:
credit_status = Standing
credit_status_listed = In good standing
credit_status_suspended = Suspended from registering until { $date }
credit_status_repair-needed = Suspension over; awaiting a credit repair
credit_status_blacklisted = On the black list until { $date }
credit_status_blacklisted-open = On the black list
credit_warning_title = Credit warning
credit_warning = This firm is graded D for a poor record; choose it with care.
credit_policy_version = Version { $version }
credit_policy_adopted = in force since { $date }
credit_policy_default = the default policy
credit_policy_title = The credit policy in force
credit_policy_lines = Grade lines
credit_policy_base = Baseline score (new firms)
credit_policy_window = Counting period
credit_policy_window-text =
    Events of the last { $full } { $full ->
        [one] month
       *[other] months
    } count fully, those { $full } to { $window } { $window ->
        [one] month
       *[other] months
    } old at { $percent }%, older ones not at all
credit_policy_suspension = Suspension at grade E
credit_policy_blacklist = Black-list period
credit_policy_months =
    { $n } { $n ->
        [one] month
       *[other] months
    }
credit_chart_title = Score over time
credit_chart_summary = Credit score over time: from { $from } to { $to }
credit_chart_empty = No score history yet
credit_ledger = Credit ledger
credit_ledger_empty = No credit events yet.
credit_col_date = Recorded
credit_col_kind = Event
credit_col_points = Points
credit_col_reason = Reason
credit_col_policy = Policy version
credit_kind_evaluation = Evaluation
credit_kind_on-time = Delivered on time
credit_kind_late = Delivered late
credit_kind_refused-to-sign = Refused to sign or abandoned after award
credit_kind_complaint = Upheld complaint
credit_kind_manual = Regulator's adjustment
credit_kind_veto = Veto item
credit_kind_repair = Credit repair
credit_veto_fraud = Fraud or a forged qualification
credit_veto_bid-rigging = Bid rigging or collusion
credit_veto_bribery = Bribery
credit_veto_refused-inspection = Refusing a regulator's inspection
credit_project = Project
credit_voided = Voided
credit_voided-on = voided on { $date }:{" "}
credit_form_title = Record a credit entry
credit_form_lead = Only regulators see this form. The firm is reassessed at once; the reason is published on its ledger.
credit_form_kind = Kind
credit_form_kind_manual = Adjust the score
credit_form_kind_veto = Veto item (grade E and the black list)
credit_form_points = Points
credit_form_points_hint = Negative to deduct (e.g. -5), positive to add; −50 to 50, not 0. For an adjustment only.
credit_form_veto-item = Veto item
credit_form_veto-item_choose = Choose
credit_form_veto-item_hint = For a veto item only.
credit_form_reason = Reason
credit_form_submit = Record
credit_notice_recorded = The credit entry is recorded.
credit_market_title = Credit in the marketplace
credit_market_lead = Firms are graded by GB/T 39683-2020 from their credit ledgers under the policy in force: A highest, E lowest. Grade D carries a public warning, grade E suspends registration, and a veto item puts the firm on the black list.
credit_market_grades = Firms by grade
credit_market_chart-summary = Firms by credit grade: { $counts }
credit_market_grades_note = Counts the firms in the marketplace (suspended ones included, black-listed ones not).
credit_market_col_grade = Grade
credit_market_col_count = Firms
credit_market_total = Total
credit_market_suspended = Firms suspended from registering
credit_market_suspended_empty = No firm is suspended.
credit_market_col_firm = Firm
credit_market_col_until = Suspended until
credit_market_awaiting-repair = Awaiting a credit repair
credit_market_blacklist-link = Black-listed firms are on the black list →
credit_repair_title = Credit repair
credit_repair_needed-lead = Your firm's suspension is over but its grade is still E. Explain what has been remedied and apply for a credit repair; once a regulator approves, your firm is listed again at grade D and may register for projects.
credit_repair_pending-note = Your credit repair application is waiting for the regulators.
credit_repair_form_title = Apply for a credit repair
credit_repair_statement = Statement of the remedy
credit_repair_statement_hint = What caused the record and what has been remedied (up to 2,000 characters).
credit_repair_evidence = Evidence file (optional)
credit_repair_evidence_hint = One of the files your firm has uploaded, for the regulators to read.
credit_repair_evidence_none = No file
credit_repair_evidence_qualification = Qualification: { $name }
credit_repair_evidence_practitioner = Practitioner's certificate: { $name }
credit_repair_submit = Apply
credit_repair_mine = Your applications
credit_repair_col_applied = Applied
credit_repair_col_status = Status
credit_repair_col_decision = Decision
credit_repair_col_firm = Firm
credit_repair_col_credit = Credit now
credit_repair_col_statement = Statement
credit_repair_col_evidence = Evidence
credit_repair_col_actions = Decision
credit_repair_status_pending = Pending
credit_repair_status_approved = Approved
credit_repair_status_refused = Refused
credit_repair_file = Open the file
credit_repair_decided-on = decided on { $date }
credit_repairs_title = Credit repair applications
credit_repairs_lead = Applications of firms whose suspension is over and whose grade is still E. An approval records a credit-repair event that lists the firm again at grade D; approvals and refusals both need a reason, an approval's reason is published on the firm's ledger, and the firm is told by mail.
credit_repairs_pending = Pending applications, oldest first
credit_repairs_all = All applications, newest first
credit_repairs_show-all = See all applications (decided ones too)
credit_repairs_show-pending = Pending applications only
credit_repairs_empty = No application is waiting.
credit_repairs_empty-all = No application yet.
credit_repairs_reason = Reason
credit_repairs_decision = Decision
credit_repairs_approve = Approve
credit_repairs_refuse = Refuse
credit_notice_repair-applied = Your credit repair application has been submitted.
credit_notice_repair-approved = Repair approved: the firm is listed again at grade D.
credit_notice_repair-refused = The repair application was refused.
credit_dishonesty_title = Dishonesty list
credit_dishonesty_lead = Imported from the lists that authorities publish, by unified social credit code. While an entry is in force, the code cannot enter the marketplace and a firm that has entered cannot register for any project.
credit_dishonesty_empty = No entry of the dishonesty list is in force.
credit_dishonesty_total =
    { $n } { $n ->
        [one] entry
       *[other] entries
    } in force.
credit_dishonesty_col_firm = Firm on the platform
credit_dishonesty_col_reason = Reason
credit_dishonesty_col_authority = Listing authority
credit_dishonesty_col_listed-on = Listed on
credit_dishonesty_col_until = Until
credit_dishonesty_not-on-platform = Not on the platform
credit_dishonesty_search = Look up a credit code
credit_dishonesty_search_submit = Look up
credit_dishonesty_search_clear = Show all
credit_dishonesty_next = Next page
credit_dishonesty_see-also = See also: the dishonesty list (imported from the authorities)
credit_dishonesty_import_title = Import a dishonesty list
credit_dishonesty_import_lead = Upload a JSON or CSV file (CSV in UTF-8 or GBK): a code with an entry in force has it updated, other codes get a new entry, codes not in the file stay as they are; importing a row again with an end date in the past lifts it. If any row is wrong, nothing is imported.
credit_dishonesty_import_done = Imported: { $created } new entries, { $updated } updated.
credit_dishonesty_import_help_header = The first CSV line is the header, with these column names (any order; name and until may be left out):
credit_dishonesty_import_help_fields = credit_code is a unified social credit code (check character included); authority is the listing authority; listed_on the first day listed (YYYY-MM-DD, not after today); until the last day (after listed_on; empty: no end), China time.
credit_dishonesty_import_help_json = A JSON file is an array of objects with the same field names. Rows are numbered from 1 (not counting the CSV header).
credit_baseline-note = Credit evaluation has not started yet: every firm holds the neutral baseline score for now.
eval_title = Evaluation
eval_quality = Quality
eval_timeliness = Timeliness
eval_fees = Fees
eval_attitude = Attitude
eval_conduct = Conduct
eval_average = Average
eval_voided = Voided on appeal; not scored
eval_comment = Comment
eval_reply = The firm's reply
eval_none = No evaluation yet.
eval_form_hint = Rate each aspect from 1 to 5 (5 is best) and add a comment. The evaluation is public, counts on the firm's credit record and cannot be changed once submitted.
eval_submit = Submit evaluation
eval_reply_hint = You may reply publicly once.
eval_reply_submit = Reply publicly
eval_appeal = Appeal
eval_appeal_reason = Reasons for the appeal
eval_appeal_hint = If you think the evaluation is unfounded, you may appeal once to a regulator; an upheld appeal stops it counting on your credit.
eval_appeal_submit = Appeal
eval_appeal_pending = Appeal pending
eval_appeal_upheld = Appeal upheld
eval_appeal_dismissed = Appeal dismissed
eval_appeal_decision = Decision
eval_owner_title = Rate the owner
eval_owner_closing-out = Closing out on time
eval_owner_payment = Paying as agreed
eval_owner_submit = Rate the owner
eval_owner-ratings_line =
    Rated by firms: closing out { $closing }, payment { $payment } ({ $n } { $n ->
        [one] rating
       *[other] ratings
    })
eval_notice_evaluated = Evaluation submitted and published.
eval_notice_replied = Reply published.
eval_notice_appealed = Appeal sent to the regulators.
eval_notice_owner-rated = Your rating of the owner was recorded.
eval_notice_appeal-upheld = Appeal upheld: the evaluation no longer counts.
eval_notice_appeal-dismissed = Appeal dismissed.
eval_appeals_title = Evaluation appeals
eval_appeals_lead = Firms' appeals against owners' evaluations, oldest first.
eval_appeals_empty = No appeal is waiting.
eval_appeals_hint = Upholding voids the evaluation's credit points (kept on record, no longer counted); give a reason either way.
eval_appeals_uphold = Uphold
eval_appeals_dismiss = Dismiss
credit_dishonesty_col_lift = Lift
credit_dishonesty_lift_reason = Reason for lifting
credit_dishonesty_lift_submit = Lift now
credit_dishonesty_lift_done = The listing of { $code } was lifted, with effect now.
credit_bar_until = until { $date } inclusive
credit_bar_no-end = with no end set
credit_bar_veto = On the black list ({ $item }), { $until }
credit_bar_representative = On the black list: it shares a legal representative, shareholder or senior executive with the black-listed firm “{ $firm }”, { $until }
credit_bar_dishonest = On the dishonesty list of { $authority }, { $until }
credit_market_col_why = Why, and until when
