"""Every write the members app makes, by subject:

- `membership`: request, approve, decline, suspend, reinstate; focal points.
- `invitations`: invite a colleague; accept an invitation at signup.
- `account`: profile, email preferences, last active, intake survey, closing.

Callers import from here: `from members import services; services.membership_approve(...)`.
"""

from .account import (
    PROFILE_FIELDS,
    account_close,
    member_intake_completed,
    member_touch,
    member_unsubscribe,
    profile_update,
)
from .invitations import invitation_accept, invitation_create, invitation_valid_for
from .membership import (
    MEMBERSHIP_ACTIONS,
    REASON_MAX_LENGTH,
    focal_point_appoint,
    membership_approve,
    membership_approvers,
    membership_decline,
    membership_reinstate,
    membership_request,
    membership_suspend,
)

__all__ = [
    "MEMBERSHIP_ACTIONS",
    "PROFILE_FIELDS",
    "REASON_MAX_LENGTH",
    "account_close",
    "focal_point_appoint",
    "invitation_accept",
    "invitation_create",
    "invitation_valid_for",
    "member_intake_completed",
    "member_touch",
    "member_unsubscribe",
    "membership_approve",
    "membership_approvers",
    "membership_decline",
    "membership_reinstate",
    "membership_request",
    "membership_suspend",
    "profile_update",
]
