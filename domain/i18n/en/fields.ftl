### What is wrong with one input field (field.*), why a firm may not register (registration.*), dates (calendar.*).
### Ids are the code's dotted keys with "." written "_" (error.not-found → error_not-found).

# Field problems.

field_required = Required
field_too-long = Too long
field_email_invalid = Not a valid email address
field_password_too-short = Password must have at least 10 characters
field_password_too-long = Password must have at most 128 characters
field_password_mismatch = Current password is incorrect
field_name_invalid = The name contains characters that are not allowed
field_role_invalid = Choose project owner or intermediary firm
field_owner-kind_invalid = Choose company or government department
# Registry: firms, catalogue, evidence, directory.

field_credit-code_length = A unified social credit code has 18 characters
field_credit-code_charset = The credit code contains characters it cannot have (I, O, S, V and Z are never used)
field_credit-code_region = Characters 3–8 of the credit code must be an administrative division code (digits)
field_credit-code_checksum = The credit code's check character is wrong; please check the business licence
field_credit-code_taken = A firm with this credit code is already listed
field_credit-code_blacklisted = This credit code is on the platform's black list and cannot enter while it stays there
field_credit-code_dishonest = This credit code is on an imported dishonesty list and cannot enter
field_credit-code_immutable = The credit code is the firm's identity and cannot be changed
field_id-number_invalid = Invalid ID number (18 characters with a check character)
field_region_invalid = Invalid administrative division code (6 digits)
field_text_control = Contains control characters
field_text_bidi = Contains bidirectional control characters (they reorder what is displayed)
field_phone_invalid = Invalid telephone number
field_too-many = Too many entries
field_commitment_required = Please confirm your commitment that the information and materials are true
field_date_invalid = Invalid date (format YYYY-MM-DD)
field_date_before-start = The end date is before the start date
field_evidence_required = Please upload an evidence file (PDF, JPEG or PNG)
field_evidence_unknown = The evidence file does not exist or belongs to another firm
field_affiliation-kind_invalid = Choose the kind of tie
field_person-role_invalid = Choose a role: shareholder or senior executive
field_item-code_invalid = Invalid item code (a capital letter, then 2–32 letters, digits or hyphens)
field_item-code_taken = An item with this code exists already
field_duplicate = Duplicate
field_rating_range = A rating is a whole number from 1 to 5
field_out-of-range = Out of range
field_fee_range = The lowest fee is above the highest
field_import_empty = The import holds no items
field_import_json = Not a JSON array
field_import_row-shape = This row is malformed (a field missing, unknown or of the wrong type)
field_import_csv-header = Wrong CSV header; use the column names of the template
field_number_invalid = Not a whole number
field_file_empty = The file is empty
field_file_too-large = The file is larger than 10 MiB
field_file_kind = Only PDF, JPEG or PNG files are accepted (judged by content)
field_id_invalid = Invalid identifier
field_grade_invalid = The credit grade must be A–E
field_sort_invalid = Invalid order
field_cursor_invalid = Invalid page token; start again from the first page
field_service-item_unknown = A chosen service item does not exist or is retired
field_firm_exists = This account has entered its firm already
field_firm_missing = Enter your firm's profile first
# Registration, selection, award, contract.

field_bid_price-required = This method needs a sealed price (in fen)
field_bid_price-positive = The price must be greater than zero
field_bid_above-cap = The price may not exceed the announced price cap
field_bid_no-price = This method takes no price
field_bid_plan-required = Comprehensive scoring needs a plan document
field_bid_no-plan = This method takes no plan
field_registration_missing = Your firm is not registered for this project
field_selection_not-choice = That firm is not among the choices
field_selection_not-low = That bid is not an abnormally low bid awaiting a decision
field_selection_no-scoring = No plans are awaiting scores
field_selection_score-range = Plan scores are whole numbers from 0 to 100
field_selection_score-missing = Every plan awaiting a score needs one
field_selection_score-unknown = The scores name a firm whose plan is not awaiting a score
field_project_not-selecting = The project is not in selection
field_project_not-failed = Only a failed project can be republished
field_project_not-drawn = The project has not closed; there is no draw yet
field_project_closed = Registration has closed; the announcement can no longer change
field_project_awarded = The project has an award and cannot be cancelled
field_objection_notice-closed = No award is in its notice period
field_objection_answered = This objection has been answered
field_contract_signed-on-range = The signing date must be after the award and not after today
field_contract_document-required = Upload the signed contract
field_contract_no-award = There is no award awaiting its contract
field_contract_notice-running = The notice period has not ended yet
field_contract_objection-open = An objection is still unanswered
field_date_future = The date cannot be later than today
field_date_end-not-after-start = The end date must be after the start date
field_import_text-encoding = The file is neither UTF-8 nor GBK (GB 18030) text
field_repair_decision = Choose approve or refuse
field_evaluation_not-accepted = Evaluations come after the result is accepted
field_evaluation_exists = This project was evaluated already; an evaluation cannot be changed
field_evaluation_replied = A firm may reply publicly only once
field_evaluation_appealed = An evaluation may be appealed only once
field_evaluation_no-appeal = This evaluation has no appeal pending
field_evaluation_rated = The owner was rated for this project already
field_document_unknown = Upload the result document first
field_repair_not-needed = A credit repair may be applied for only when the suspension is over and the grade is still E
field_repair_pending = Your firm already has a credit repair application pending
field_repair_decided = This application was decided already
field_reason_required = Give a reason
field_reason_too-long = The reason may have at most 2,000 characters
field_credit-points_manual-range = A manual adjustment must be a whole number of points from −50 to 50, not 0
field_credit-points_complaint-range = Complaint points must fall within the credit policy's range
field_credit-points_repair-negative = A credit repair cannot take points away
field_veto-item_unknown = Choose a veto item: fraud or forged qualification, bid rigging, bribery, refusing an inspection
field_credit-kind_unknown = The kind must be a manual adjustment (manual) or a veto item (veto)
field_policy_base-range = The base score must be from 0 to 1,000
field_policy_evaluation-order = Evaluation points must not fall as the rating rises, each within ±100
field_policy_not-negative = These points must be from 0 to 100
field_policy_not-positive = These points must be from −100 to 0
field_policy_very-late = Very late points must be at most the late points, and at least −100
field_policy_days-range = Working days must be from 1 to 250
field_policy_count-range = The count must be from 1 to 12
field_policy_complaint-range = The complaint range must lie within −100 to 0, lowest first
field_policy_window = The window must be 1 to 120 months, the full-weight period no longer than it
field_policy_percent = The percentage must be from 0 to 100
field_policy_lines-order = Grade lines must fall strictly from A to D and stay above 0
field_policy_months-range = Months must be from 1 to 120
field_policy_changed = The credit policy was changed meanwhile: reload it and submit again
field_avoid_unknown-firm = No firm in the marketplace holds that credit code
field_selection_choose = Choose a firm
field_selection_outcome = Say whether the objection is upheld
field_money_invalid = Not an amount (yuan, at most two decimals)
field_import_encoding = The file is not UTF-8 text
field_import_format = Choose JSON or CSV
# Projects: posting (采购公告) and registration (报名).

field_fund-source_invalid = Choose a fund source
field_qualification_not-in-item = This qualification is not among those the service item's legal basis requires, so it may not be required
field_qualification_grade-not-in-item = This grade is not among those the service item allows
field_qualification_repeated = This qualification is listed twice
field_short-list_range = The short list must hold between 1 and the long list's number of firms
field_weights_sum = The price, plan and credit weights must add up to 100
field_method_invalid = Choose a selection method
field_method_direct-over-threshold = The budget reaches the direct-selection threshold: choose a competitive method
field_method_budget-needs-competition = Services paid from a department budget must be bought by a competitive method
field_datetime_invalid = Invalid date and time (e.g. 2026-11-26 17:00)
field_deadline_past = The registration deadline has passed
field_deadline_too-soon = The registration period is shorter than the required number of working days
field_selection_before-deadline = Selection cannot take place before registration closes
field_avoid_repeated = This firm is listed twice
field_item_unavailable = The service item does not exist or is retired
field_status_invalid = Invalid status
field_project_not-draft = Only a draft can be edited or published
field_project_cancelled = The project is cancelled
registration_not-open = The project is not open for registration
registration_deadline-passed = Registration has closed
registration_suspended = Your firm is suspended from registering (credit grade or refusals to sign) until { $until } inclusive
registration_repair-needed = Your firm's suspension is over but its credit grade is still E: it may register again once a credit repair is approved
registration_blacklisted = Your firm is on the platform's black list for { $item ->
        [fraud] fraud
        [bid-rigging] bid rigging
        [bribery] bribery
        [refused-inspection] refusing an inspection
       *[other] a veto item
    }{ $bounded ->
        [yes] {" "}until { $until } inclusive
       *[no] {""}
    } and may not register
registration_blacklisted-representative = Your firm shares a legal representative, shareholder or senior executive with the black-listed firm “{ $firm }”, so your firm is restricted{ $bounded ->
        [yes] {" "}until { $until } inclusive
       *[no] {""}
    } and may not register
registration_dishonest = Your firm is on the dishonesty list of { $named ->
        [yes] { $authority }
       *[no] an authority
    }{ $bounded ->
        [yes] {" "}until { $until } inclusive
       *[no] {""}
    } and may not register
registration_avoided = The owner has published a reason to avoid your firm on this project
registration_tied-to-department = Your firm is tied to the approving department and must stay out
registration_qualification-missing = A qualification (or grade) the project requires is missing or not valid
registration_already-registered = Your firm has already registered for this project
calendar_date_invalid = Invalid date
calendar_kind_invalid = Must be holiday or workday
calendar_date_repeated = This date is listed twice
field_delivery_outcome = Choose accept or return
field_complaint_not-submitted = The complaint was accepted or decided already
field_complaint_not-accepted = A complaint is investigated and decided after it is accepted
field_complaint_closed = The complaint is closed
field_complaint_subject = Choose what the complaint is about: a project, an award, a firm or an owner
field_complaint_subject-id = No such subject
field_complaint_too-late = The award's notice period is over: an award complaint is too late
field_complaint_own = You cannot complain about yourself
field_complaint_evidence-account = Evidence files need an account (an anonymous complaint can describe them; the regulators will contact you)
field_complaint_step = Choose a step
field_audit_broken = The audit log does not verify (see /readyz): no checkpoint is signed until it does
field_audit_size = Invalid log size: between 1 and the log's length now, the start not past the end
field_warning_unknown = That warning is no longer found for these filters; refresh and try again
field_inspection_count = Must be a whole number from 1 to 500
field_inspection_outcome = Choose the inspection's outcome
field_inspection_points = Points must be below zero
field_inspection_points-compliant = A compliant firm cannot lose points
field_inspection_already-drawn = This round has already been drawn
field_inspection_already-recorded = The findings on this firm are already recorded
field_inspection_no-firms = No firm is in the round's scope
