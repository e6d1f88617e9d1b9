### State labels and texts the domain writes itself (complaints, inspections, deliveries, objections, credit).
### Ids are the code's dotted keys with "." written "_" (error.not-found → error_not-found).

credit_policy = Credit policy
delivery_awaiting-review = The submitted result is waiting for the owner's review
delivery_nothing-submitted = There is no result waiting for review
delivery_accepted = The result has been accepted
objection_upheld = Objection upheld
objection_dismissed = Objection dismissed
delivery_submit = Submit result
delivery_accept = Accept
delivery_return = Return
complaint_status_submitted = Awaiting acceptance
complaint_status_accepted = Accepted
complaint_status_investigating = Under investigation
complaint_status_rejected = Rejected
complaint_status_upheld = Upheld
complaint_status_dismissed = Dismissed
complaint_evidence = Evidence
inspection_create = Create and publish the commitment
inspection_draw = Draw now
inspection_outcome_compliant = Compliant
inspection_outcome_issues = Shortcomings to correct
inspection_outcome_violation = Violation
