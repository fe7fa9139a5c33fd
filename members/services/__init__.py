"""Every write the members app makes, by subject:

- `membership`: request, approve, decline, suspend, reinstate (the transitions
  of `members.workflow`); focal points.
- `roles`: appoint or remove a facilitator; move someone to another country.
- `invitations`: invite a colleague; accept an invitation at signup.
- `account`: profile, email preferences, last active, intake survey, closing.
- `contact`: a message to the facilitators from the site's contact form.

Callers import from here: `from members import services; services.membership_approve(...)`.
"""

from .account import (
    PROFILE_FIELDS,
    account_close,
    member_intake_completed,
    member_resubscribe,
    member_touch,
    member_unsubscribe,
    profile_update,
    resubscribe_values,
)
from .addresses import (
    member_address_confirm_send,
    member_address_confirmed,
    member_address_failing,
)
from .contact import CONTACT_MESSAGE_MAX_LENGTH, facilitators_contact
from .invitations import invitation_accept, invitation_create, invitation_valid_for
from .membership import (
    focal_point_appoint,
    membership_approve,
    membership_approvers,
    membership_change,
    membership_decline,
    membership_reinstate,
    membership_request,
    membership_suspend,
)
from .roles import (
    facilitator_appoint,
    facilitator_remove,
    member_country_change,
    validate_country_change,
)

__all__ = [
    "CONTACT_MESSAGE_MAX_LENGTH",
    "PROFILE_FIELDS",
    "account_close",
    "facilitator_appoint",
    "facilitator_remove",
    "facilitators_contact",
    "focal_point_appoint",
    "invitation_accept",
    "invitation_create",
    "invitation_valid_for",
    "member_address_confirm_send",
    "member_address_confirmed",
    "member_address_failing",
    "member_country_change",
    "member_intake_completed",
    "member_resubscribe",
    "member_touch",
    "member_unsubscribe",
    "membership_approve",
    "membership_approvers",
    "membership_change",
    "membership_decline",
    "membership_reinstate",
    "membership_request",
    "membership_suspend",
    "profile_update",
    "resubscribe_values",
    "validate_country_change",
]
