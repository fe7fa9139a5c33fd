"""The membership state machine, defined once.

Each `Transition` says where it may start, where it leads, what the person
managing the roster reads (button, reason field, confirmation message), what
the audit trail records and which email the person receives. The services
apply it (`services.membership_change`), the form offers it, the views and
admin name it, and the roster's buttons are drawn from it: nothing else knows
which status may become which.
"""

from dataclasses import dataclass
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import MembershipAction, MembershipStatus

REASON_MAX_LENGTH = 1000

Status = MembershipStatus


OPTIONAL_REASON = _("Reason (optional, sent to the person)")


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    action: str  # the MembershipAction recorded in the audit trail
    label: Promise  # the button
    done_message: Promise  # shown once it is done; %(name)s is the person
    admin_description: Promise  # the admin action on selected people
    email_template: str
    reason_required: bool = False
    reason_label: Promise = OPTIONAL_REASON
    # With a required reason the roster opens a form behind this summary.
    summary: Promise | None = None
    style: str = ""  # the button's look: "" (main), "quiet", "danger"
    reason_max_length: ClassVar[int] = REASON_MAX_LENGTH

    def allowed_from(self, status: str) -> bool:
        return status in self.sources

    def clean_reason(self, reason: str | None) -> str:
        """The reason as stored and emailed, or a ValidationError the person can act on."""
        reason = (reason or "").strip()
        if self.reason_required and not reason:
            raise ValidationError(_("Please give a reason; the person will read it."))
        if len(reason) > REASON_MAX_LENGTH:
            raise ValidationError(_("The reason is too long."))
        return reason


APPROVE = Transition(
    name="approve",
    # A declined applicant who asks again can still be approved.
    sources=frozenset({Status.APPLICANT, Status.DECLINED}),
    target=Status.MEMBER,
    action=MembershipAction.APPROVED,
    label=_("Approve"),
    done_message=_("%(name)s is now a member."),
    admin_description=_("Approve the selected requests"),
    email_template="members/email/approved",
)
DECLINE = Transition(
    name="decline",
    sources=frozenset({Status.APPLICANT}),
    target=Status.DECLINED,
    action=MembershipAction.DECLINED,
    label=_("Decline"),
    done_message=_("The request of %(name)s is declined."),
    admin_description=_("Decline the selected requests…"),
    email_template="members/email/declined",
    reason_required=True,
    reason_label=_("Reason (sent to the applicant)"),
    summary=_("Decline…"),
    style="danger",
)
SUSPEND = Transition(
    name="suspend",
    sources=frozenset({Status.MEMBER}),
    target=Status.SUSPENDED,
    action=MembershipAction.SUSPENDED,
    label=_("Suspend"),
    done_message=_("%(name)s is suspended."),
    admin_description=_("Suspend the selected members…"),
    email_template="members/email/suspended",
    reason_required=True,
    reason_label=_("Reason (sent to the member)"),
    summary=_("Suspend…"),
    style="danger",
)
REINSTATE = Transition(
    name="reinstate",
    sources=frozenset({Status.SUSPENDED}),
    target=Status.MEMBER,
    action=MembershipAction.REINSTATED,
    label=_("Reinstate"),
    done_message=_("%(name)s is a member again."),
    admin_description=_("Reinstate the selected members"),
    email_template="members/email/reinstated",
    style="quiet",
)

TRANSITIONS: dict[str, Transition] = {t.name: t for t in (APPROVE, DECLINE, SUSPEND, REINSTATE)}


def transitions_from(status: str) -> list[Transition]:
    """The transitions that may start from `status`, in the order the roster shows them."""
    return [transition for transition in TRANSITIONS.values() if transition.allowed_from(status)]
