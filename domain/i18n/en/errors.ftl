### Problem titles (error.*) and the details under them: the API and the pages show the same words.
### Ids are the code's dotted keys with "." written "_" (error.not-found → error_not-found).

# Problem titles, one per error code.

error_validation = Invalid input
error_invalid-credentials = Email or password is incorrect
error_unauthenticated = Please log in first
error_forbidden = You are not allowed to do this
error_not-found = Not found
error_email-taken = This email address is already registered
error_invalid-token = The link is invalid or has expired
error_throttled = Too many attempts; please try again later
error_internal = Internal server error
error_malformed = Malformed request
error_unsupported-media-type = Unsupported content type
error_payload-too-large = Request body too large
error_method-not-allowed = Method not allowed
error_csrf = The page has expired; reload it and try again
error_detail_throttled =
    Too many failed logins; try again in { $secs } { $secs ->
        [one] second
       *[other] seconds
    }.
error_detail_validation = Please check the fields marked.
error_firm-exists = This account has entered its firm already
error_credit-code-taken = Credit code already in use
error_credit-code-blacklisted = Credit code on the black list
error_credit-code-dishonest = Credit code on a dishonesty list
error_item-code-taken = Item code already in use
error_project-not-draft = The project is no longer a draft
error_project-cancelled = The project is cancelled
error_import-rejected = Import refused; nothing was written
error_detail_import-rejected = The rows listed are wrong; correct them and import the whole file again.
error_registration-refused = Registration refused
error_detail_registration-refused = Your firm cannot register for this project, for the reasons below.
error_not-registered = Not registered
error_not-selectable = Not selectable
error_project-not-selecting = Project not in selection
error_notice-closed = Not in a notice period
error_objection-answered = Objection already answered
error_no-award = No award awaiting a contract
error_notice-running = Notice period still running
error_objection-open = An objection is open
error_project-not-failed = Project has not failed
error_not-drawn = Not drawn yet
error_project-closed = Registration closed
error_project-awarded = Project awarded
error_not-accepted = The result has not been accepted yet
error_evaluated = Already evaluated
error_replied = Already replied
error_appealed = Already appealed
error_no-pending-appeal = No appeal is pending
error_rated = The owner was rated already
error_delivery-awaiting-review = A result is waiting for review
error_delivery-nothing-submitted = No result is waiting for review
error_delivery-accepted = The result was accepted: the service is over
error_repair-not-needed = No credit repair is needed
error_repair-pending = A credit repair application is pending
error_repair-decided = This credit repair application was decided already
error_policy-changed = The credit policy was changed meanwhile
error_page_title = Something went wrong
error_page_back = Back to the home page
error_detail_internal = Please try again later; if the problem persists, contact the administrator.
error_detail_not-found = The page you asked for does not exist.
error_detail_forbidden = Your account's role may not see this page.
error_detail_malformed = What was sent could not be read; go back and fill in the form again.
error_detail_email-taken = Log in instead, or register with another email address.
error_detail_invalid-credentials = Check your email address and password and try again.
error_complaint-too-late = The complaint is too late
error_complaint-not-submitted = The complaint was accepted or decided already
error_complaint-not-accepted = The complaint has not been accepted
error_complaint-closed = The complaint is closed
error_inspection-drawn = The round has already been drawn
error_inspection-recorded = The findings are already recorded
error_inspection-empty = No firm in scope
