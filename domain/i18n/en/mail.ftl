### Mail subjects and bodies: mail.<kind>.subject / mail.<kind>.body.
### Ids are the code's dotted keys with "." written "_" (error.not-found → error_not-found).

# Mail.

mail_welcome_subject = Welcome to the intermediary-service marketplace
mail_welcome_body =
    Dear { $name },
    {""}
    Your account on the intermediary-service marketplace is ready to use.
    Verify your email address by opening this link within 72 hours (the marketplace works without it):
    {""}
    { $link }
    {""}
    If you did not register, ignore this mail.
    {""}
    -- zjcs
    {""}
mail_delivery-submitted_subject = Result to review: { $title }
mail_delivery-submitted_body = The firm submitted its result for “{ $title }”; please review it: { $link }
mail_delivery-accepted_subject = Result accepted: { $title }
mail_delivery-accepted_body = Your result for “{ $title }” was accepted. { $reason } The project: { $link }
mail_delivery-returned_subject = Result returned: { $title }
mail_delivery-returned_body = Your result for “{ $title }” was returned: { $reason }. The service clock keeps running; submit it again: { $link }
mail_delivery-due_subject = Service due: { $title }
mail_delivery-due_body = The result for “{ $title }” is due by { $reason } inclusive: { $link }
mail_delivery-unreviewed_subject = Reminder: result to review for { $title }
mail_delivery-unreviewed_body = The result for “{ $title }” has been waiting for your review for days: { $link }
mail_registration-withdrawn-dishonest_subject = Registration withdrawn: { $firm } is on the dishonesty list
mail_registration-withdrawn-dishonest_body = { $firm } was put on the dishonesty list; its registration for “{ $title }” has been withdrawn. The project: { $link }
mail_repair-approved_subject = Credit repair approved
mail_repair-approved_body = Your firm's credit repair was approved: it may register for projects again. The regulator's reason: { $reason }. Its credit record: { $link }
mail_repair-refused_subject = Credit repair refused
mail_repair-refused_body = Your firm's credit repair was refused. The regulator's reason: { $reason }. You may apply again after further remedy: { $link }
mail_credit-suspended_subject = Credit notice: your firm is suspended from registering
mail_credit-suspended_body = By its credit record your firm is suspended from registering on the platform until { $until } (“—”: the period is over but the grade is still E, and a credit repair is needed). The record and its reasons: { $link }
mail_credit-blacklisted_subject = Credit notice: your firm is on the black list
mail_credit-blacklisted_body = For a veto item a regulator recorded, your firm is on the platform's black list until { $until }: it may not take part in projects meanwhile, and its open registrations were withdrawn. The record and its reasons: { $link }
mail_credit-restored_subject = Credit notice: your firm may register again
mail_credit-restored_body = Your firm's suspension or black-listing has ended: it may register for projects again. Its credit record: { $link }
mail_registration-withdrawn-blacklist_subject = Registration withdrawn: { $firm } is on the black list
mail_registration-withdrawn-blacklist_body = { $firm } was put on the black list; its registration for “{ $title }” has been withdrawn. The project: { $link }
mail_registered_subject = Registered: { $title }
mail_registered_body =
    Your firm registered for “{ $title }”.
    Your bid is sealed: nobody can read it before the deadline.
    Receipt (SHA-256 of your bid): { $receipt }
    Check it against the opened bids after the deadline: { $link }
mail_bid-replaced_subject = Bid replaced: { $title }
mail_bid-replaced_body =
    Your firm replaced its bid for “{ $title }”; the earlier bid is void.
    New receipt: { $receipt }
    { $link }
mail_registration-voided_subject = The announcement changed, register again: { $title }
mail_registration-voided_body = The announcement of “{ $title }” changed in substance; your registration and bid are void. To take part, register again before the new deadline: { $link }
mail_closed_subject = Bids opened: { $title }
mail_closed_body =
    Registration for “{ $title }” has closed and the bids are open: { $count } { $count ->
        [one] firm
       *[other] firms
    } registered. Opened bids and the draw: { $link }
mail_failed_subject = Failed: { $title }
mail_failed_body = “{ $title }” failed: too few valid registrants ({ $count }) or nobody left to select. The owner may publish it again: { $link }
mail_awarded_subject = Award notice: your firm won “{ $title }”
mail_awarded_body = Your firm was selected for “{ $title }”. The notice period runs until { $until } (China time). After it, if no objection is upheld, sign the contract with the owner: { $link }
mail_not-awarded_subject = Award notice: { $title }
mail_not-awarded_body = { $firm } was selected for “{ $title }”. The notice period runs until { $until } (China time); you may object within it: { $link }
mail_award-published_subject = Award published: { $title }
mail_award-published_body = { $firm } was selected for “{ $title }”; the notice period runs until { $until } (China time). After it, record the contract: { $link }
mail_objection-raised_subject = Objection raised: { $title }
mail_objection-raised_body = { $firm } objected to the award of “{ $title }”. Please answer it: { $link }
mail_objection-answered_subject = Objection answered: { $title }
mail_objection-answered_body =
    The objection to the award of “{ $title }” was answered: { $outcome }.
    Answer: { $answer }
    { $link }
mail_contracted_subject = Contract recorded: { $title }
mail_contracted_body = The contract for “{ $title }” is recorded; the service period runs from today: { $link }
mail_contract-due_subject = Contract due: { $title }
mail_contract-due_body = The notice period of “{ $title }” has ended; the selected firm is { $firm }. Sign the contract before { $due } (China time); the owner records it on the platform: { $link }
mail_cancelled_subject = Project cancelled: { $title }
mail_cancelled_body = “{ $title }”, which your firm registered for, was cancelled by its owner: { $reason }. The bids were never opened and will not be published. { $link }
mail_complaint-received_subject = Complaint received: { $rule }
mail_complaint-received_body =
    Your complaint has been filed; the regulators will decide within the time limit whether to accept it.
    Rule: { $rule }
    View: { $link }
mail_complaint-update_subject = Complaint update: { $status }
mail_complaint-update_body =
    The complaint ({ $rule }) is now: { $status }.
    { $reason }
    View: { $link }
mail_inspection-assigned_subject = Random inspection assigned: { $title }
mail_inspection-assigned_body =
    You were drawn to inspect in “{ $title }”: { $firms }.
    Record your findings on the round's page: { $link }
mail_inspection-result_subject = Random inspection findings: { $title }
mail_inspection-result_body =
    The findings on your firm in the random inspection “{ $title }”: { $outcome }.
    Findings: { $findings }
    Credit points: { $points }
    Published at: { $link }
mail_credit-blacklisted-representative_subject = Credit notice: your firm is restricted through the people behind it
mail_credit-blacklisted-representative_body = Your firm shares a legal representative, shareholder or senior executive with the black-listed firm “{ $of }”, so your firm is restricted until { $until } inclusive: it may not take part in projects meanwhile, and its open registrations were withdrawn. The record and its reasons: { $link }
mail_registration-withdrawn-suspended_subject = Registration withdrawn: { $firm } is suspended
mail_registration-withdrawn-suspended_body = { $firm } was suspended from registering for its credit; its registration for “{ $title }” has been withdrawn. The project: { $link }
mail_registration-set-aside_subject = Registration set aside: { $title }
mail_registration-set-aside_body = Your firm's registration for “{ $title }” has been set aside: it takes no further part in the opening, the draw or the award. The reason: { $reason }. The project: { $link }
