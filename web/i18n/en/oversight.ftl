### Complaints, inspections, market watch, the regulator console, the audit log.
### Ids are the code's dotted keys with "." written "_" (error.not-found → error_not-found).

# Pages: audit.

audit_title = Audit trail
audit_lead = Every change is recorded in a hash chain; any alteration is detected.
audit_ok =
    The chain is intact: { $n } { $n ->
        [one] entry
       *[other] entries
    } verified.
audit_broken = The chain is broken at entry { $seq }.
audit_col_seq = No.
audit_col_at = Time
audit_col_actor = Actor
audit_col_action = Action
audit_col_object = Object
audit_col_hash = Hash
audit_empty = No entries yet.
audit_older = Older entries →
audit_newest = ← Newest entries
audit_reason_gap = (an entry is missing)
audit_reason_prev-hash = (the link to the previous entry does not match)
audit_reason_hash = (the entry was altered)
audit_reason_head = (the chain head does not match the entries)
audit_reason_checkpoint = (the log no longer matches a signed checkpoint)
audit_reason_tree = (the stored proof tree does not match the log)
complaint_title = Complaint
complaint_new_title = File a complaint
complaint_new_lead = Complain online about a project, an award, a firm or an owner. The regulators decide within 5 working days whether to accept it and decide it within 30 days of acceptance; who complained is never published. A complaint about an award must come within its notice period.
complaint_subject = About
complaint_subject_choose = Choose
complaint_subject_project = Project
complaint_subject_award = Award
complaint_subject_firm = Firm
complaint_subject_owner = Owner
complaint_subject-id = Subject's number
complaint_subject-id_hint = Filled in when you come from the “complain” link on a project's or firm's page.
complaint_facts = Facts
complaint_rule = Rule broken
complaint_rule_hint = E.g. a clause of the announcement or contract, or a regulation and article.
complaint_anonymous_hint = Complaining without an account: leave your name and a phone or email so that the regulators can reach you; with an account you can upload evidence.
complaint_contact-name = Your name
complaint_contact = Phone or email
complaint_evidence_none = No evidence yet.
complaint_evidence_add = Add evidence
complaint_evidence_submit = Upload
complaint_note = Note
complaint_submit = File the complaint
complaint_filed_title = Complaint filed
complaint_filed_lead = The regulators will decide within the limit whether to accept it; an email contact gets the updates. Keep the reference.
complaint_reference = Reference
complaint_accept-due = Acceptance due
complaint_decide-due = Decision due
complaint_filed-at = Filed
complaint_due = Due
complaint_status = Status
complaint_overdue = Overdue
complaint_reason = Reasons / findings
complaint_reason_hint = Required to reject, uphold or dismiss.
complaint_points = Credit points
complaint_points_hint = For an upheld complaint about a firm: −5 to −20 by severity (a negative number, e.g. -10).
complaint_overturned = Award
complaint_overturned_text = The award was overturned; the selection went on without the firm
complaint_steps = Handle
complaint_step_accept = Accept
complaint_step_reject = Reject
complaint_step_investigate = Investigate
complaint_step_uphold = Uphold
complaint_step_dismiss = Dismiss
complaint_queue_title = Complaints
complaint_queue_lead = Open complaints, oldest first; those past their acceptance or decision limit are marked overdue.
complaint_queue_open = Open only
complaint_queue_all = All complaints
complaint_queue_empty = No complaints.
complaint_outcomes_title = Complaint outcomes
complaint_outcomes_lead = Outcomes of decided complaints (who complained is not published).
complaint_outcomes_empty = No outcomes published yet.
complaint_notice_filed = Complaint filed.
complaint_notice_accepted = Accepted.
complaint_notice_rejected = Rejected.
complaint_notice_investigating = Investigation started.
complaint_notice_upheld = Upheld; the parties are told and the outcome is published.
complaint_notice_dismissed = Dismissed; the parties are told and the outcome is published.
complaint_notice_evidence = Evidence added.
market_title = Market statistics
market_lead = Published projects by publication date, service item and region: projects and contract value, selection methods, registrants, award price against budget, time from publication to contract, and how concentrated the awards are. Public information only; bids not yet opened are never read.
market_filter_from = Published from
market_filter_to = Published until
market_csv = Export CSV
market_summary = Summary
market_fig_projects = Projects
market_fig_budget = Total budget
market_fig_awarded = Awards
market_fig_contracts = Contracts
market_fig_contract-value = Contract value
market_fig_failed = Failed (too few registrants)
market_fig_registrants-mean = Mean registrants
market_fig_price-mean = Award price / budget (mean)
market_fig_days-median = Publication to contract (median)
market_days =
    { $n } { $n ->
        [one] day
       *[other] days
    }
market_elapsed = Computed in { $ms } ms.
market_months = Projects published each month
market_col_month = Month
market_methods = Selection methods
market_registrants = Registrants per project (opened)
market_price = Award price as a share of the budget
market_days-to-contract = Days from publication to contract
market_concentration = Concentration of awards
market_concentration_note = The top-five share is the part of the award value the five largest firms hold; HHI is the sum of the firms' squared percentage shares, above 2,500 highly concentrated.
market_by-item = By service item
market_by-province = By province
market_col_market = Market
market_col_value = Award value
market_col_top5 = Top-five share
market_high-concentration = Highly concentrated
market_chart_months = Projects published each month: { $counts }
market_chart_methods = Selection methods: { $counts }
market_chart_registrants = Registrants per project: { $counts }
market_chart_price = Award price against budget: { $counts }
market_chart_days = Days to contract: { $counts }
market_warnings_link = See the warnings
market_warnings_title = Market warnings
market_warnings_lead = Signs found in the public record of opened projects, each with the projects behind it. A warning is a reason to look, not a finding; a case can be opened from it.
market_warnings_examined = { $n } opened projects examined.
market_warnings_empty = No warnings for these filters.
market_warning_bid-rotation = Possible bid-rotation ring
market_warning_identical-bids = Identical bids
market_warning_repeated-direct = Repeated direct awards to one firm
market_warning_dominant-firm = Winning far above chance
market_warning_repeated-failures = Projects keep failing
market_warning_split-purchase = Possible split purchase
market_warning_cover-bidding = Possible cover bidding
market_warning_failed-then-direct = Failed or cancelled, then awarded directly to a registrant
market_warning_others-rejected = Every bid but the winner’s rejected
market_warning_lowest-rejected = Lowest bid rejected where price alone decides
market_warning_single-bidder = Single bidders far above peers
market_warning_award-at-budget = Awards at about the budget
market_warning_fast-delivery = Implausibly fast delivery
market_warning_rating-anomaly = Rating anomaly: one owner always top-rating one firm
market_warning_bid-rotation_text =
    { $firms } bid together on { $n } { $n ->
        [one] project
       *[other] projects
    } and won { $joint } of them between them ({ $wins } each); chance, from the number of bidders, gives about { $expected }.
market_warning_identical-bids_text =
    { $firms } bid exactly the same price on { $n } { $n ->
        [one] project
       *[other] projects
    }.
market_warning_repeated-direct_text =
    { $owner } picked { $firm } in { $n } of { $of } direct selections; a pick among the market’s { $pool } { $pool ->
        [one] firm
       *[other] firms
    } gives about { $expected }.
market_warning_dominant-firm_text =
    { $firm } bid on { $bids } { $bids ->
        [one] project
       *[other] projects
    } and won { $wins }; chance would give about { $expected }.
market_warning_repeated-failures_text = { $n } of { $of } competitive projects for “{ $item }” in { $region } failed for too few registrants; the rate across all markets gives about { $expected }.
market_warning_split-purchase_text =
    Within { $days } { $days ->
        [one] day
       *[other] days
    } { $owner } published projects for “{ $item }”, { $n } in all, each budgeted just under the direct-selection threshold: { $total } together.
market_warning_cover-bidding_text = { $firm } lost { $n } priced bids and won none, each about { $margin } % above the winner’s price.
market_warning_failed-then-direct_text =
    { $days } { $days ->
        [one] day
       *[other] days
    } after a competitive project of { $owner } failed or was cancelled, the owner awarded the same item directly to { $firm }, one of its registrants.
market_warning_others-rejected_text =
    { $owner } rejected every bid but the winner’s on { $n } of { $of } { $of ->
        [one] project
       *[other] projects
    }; the rate across all owners gives about { $expected }.
market_warning_lowest-rejected_text =
    Where price alone decides, { $owner } rejected the lowest bid on { $n } of { $of } { $of ->
        [one] project
       *[other] projects
    }; the rate across all owners gives about { $expected }.
market_warning_single-bidder_text = { $n } of { $of } competitive projects of { $owner } drew a single bidder; the rate across all owners gives about { $expected }.
market_warning_award-at-budget_text = { $owner }’s awards came at 98 % of the budget or more on { $n } of { $of } priced projects; the rate across all owners gives about { $expected }.
market_warning_fast-delivery_text = { $firm } handed in { $n } of { $of } results in under { $percent } % of the item’s time limit; the rate across all firms gives about { $expected }.
market_warning_rating-anomaly_text =
    { $owner } gave { $firm } top marks on every rating in { $n } of { $of } { $of ->
        [one] evaluation
       *[other] evaluations
    }; the rate across all owners and firms gives about { $expected }.
market_warning_statistic = Test: the probability of this or more by chance is { $p }, under the bound { $level } (all tests of a market together raise a false warning in at most 1 % of honest markets).
market_warning_red-flag = Red flag: raised on sight by its rule, not a probability test; its false-warning rate is measured by simulation.
market_warning_firms = Firms
market_warning_owner = Owner
market_warning_evidence = Projects behind it
market_col_published = Published
market_col_project = Project
market_col_winner = Awarded to
market_col_budget = Budget
market_col_award = Award price
market_open-case = Open a case
market_notice_case-opened = A case was opened from the warning and accepted; investigate it.
inspection_title = Random inspection
inspection_list_title = Random inspections
inspection_list_lead = Regulators draw the firms to inspect and the inspectors at random; anyone can re-check the draw from the public data, and the results are published.
inspection_list_empty = No inspection rounds yet.
inspection_scope = Scope
inspection_scope_any-item = Every service item
inspection_scope_anywhere = Everywhere
inspection_scope_any-grade = Every grade
inspection_scope_grades = Grades { $grades }
inspection_counts_label = To draw
inspection_counts =
    { $firms } { $firms ->
        [one] firm
       *[other] firms
    } · { $inspectors } { $inspectors ->
        [one] inspector
       *[other] inspectors
    } (all of them where fewer are in scope)
inspection_status = Status
inspection_status_planned = Planned
inspection_status_drawn = Inspecting
inspection_status_closed = Closed
inspection_created = Created
inspection_drawn = Drawn
inspection_closed = Closed
inspection_new = New inspection round
inspection_new_hint = When the round is created the platform publishes the commitment (SHA-256) of its seed; at the draw the firms in scope and all regulators are fixed, then the seed is revealed so anyone can re-check.
inspection_field_title = Title
inspection_field_grades = Credit grades
inspection_field_grades_hint = None ticked: every grade.
inspection_field_firms = Firms to draw
inspection_field_inspectors = Inspectors to draw
inspection_field_outcome = Outcome
inspection_field_findings = Findings
inspection_field_points = Credit points
inspection_field_points_hint = A negative number for shortcomings, recorded on the firm's credit ledger; leave empty for none.
inspection_page_lead = This page publishes the round's scope, its draw and its results.
inspection_commitment = Seed commitment
inspection_draw_title = The draw
inspection_draw_verified = Checked from the public data: the seed matches its commitment, the lists their hashes, and the results re-run the same.
inspection_draw_mismatch = The check does not match!
inspection_draw_firms = Firms drawn
inspection_draw_inspectors = Inspectors drawn
inspection_draw_context = Context
inspection_draw_entries = Entries
inspection_draw_list-hash = List hash
inspection_draw_pick = Picked
inspection_draw_seed = Seed
inspection_draw_how = The algorithm is the one of project draws (documented in domain/src/rules/draw.rs; zjcs verify-draw checks each draw document); the full lists and results are in
inspection_targets = Firms drawn and findings
inspection_col_firm = Firm
inspection_col_inspector = Inspector
inspection_pending = Pending
inspection_record = Record
inspection_notice_created = The round is created and its seed's commitment published.
inspection_notice_drawn = Drawn; the seed is revealed.
inspection_notice_finding = The findings are recorded.
console_title = Regulators' console
console_lead = Complaints waiting, the firms you were drawn to inspect, rounds not yet drawn, and the way into market surveillance.
console_cases = Open complaints
console_cases_counts = { $open } open, { $overdue } of them overdue.
console_cases_all = All complaints
console_cases_empty = No complaints.
console_tasks = My inspections
console_tasks_empty = No firm waiting for your findings.
console_planned = Rounds not yet drawn
console_dossier = Dossier
console_standing = Standing and credit
console_public-page = Public page and credit ledger
console_dossier_cases = Complaints
console_dossier_inspections = Random inspections
console_dossier_awards = Awards
console_dossier_projects = Published projects
console_dossier_direct = Firms picked by direct selection
console_dossier_none = None.
console_times =
    { $n } { $n ->
        [one] time
       *[other] times
    }
console_col_price = Price
console_col_budget = Budget
console_col_award-status = Award
console_col_awarded = Awarded
console_award_notice = In its notice period
console_award_contracted = Contracted
console_award_refused = Refused to sign
console_award_overturned = Overturned
console_firm-status_listed = Listed
console_firm-status_suspended = Suspended
console_firm-status_blacklisted = Black-listed
console_dossier-link = Dossier
