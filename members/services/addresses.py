"""A member's email address that mail servers refuse: marked failing, confirmed again."""

import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from cop.mail import send_templated_email
from cop.sites import absolute_url

from ..models import User
from ..tokens import address_token

logger = logging.getLogger(__name__)
REASON_MAX_LENGTH = 500


def member_address_failing(*, address: str, reason: str) -> int:
    """A mail server refused `address` for good: mark it failing on the member's profile.

    From then on only sensitive account emails (the confirmation link) are
    queued to it (`cop.mail`). Returns how many accounts were marked (0 or 1;
    0 when it was already marked or belongs to nobody).
    """
    marked = User.objects.filter(email__iexact=address, email_failing_since__isnull=True).update(
        email_failing_since=timezone.now(), email_failing_reason=reason[:REASON_MAX_LENGTH]
    )
    if marked:
        logger.warning("The address of a member was refused for good: %s", reason[:200])
    return marked


def member_address_confirm_send(*, member: User):
    """Email the member a link that confirms their address works again (a sensitive email)."""
    with translation.override(member.preferred_language):
        url = absolute_url(reverse("members:address_confirm", args=[address_token(member)]))
    return send_templated_email(
        template="members/email/address_confirm",
        user=member,
        sensitive=True,
        context={"url": url},
    )


@transaction.atomic
def member_address_confirmed(*, member: User, address: str) -> bool:
    """The member showed `address` works (a confirmation link, a newly confirmed address).

    Clears the failing mark when `address` is still the member's; returns
    whether there was one to clear.
    """
    return bool(
        User.objects.filter(
            pk=member.pk, email__iexact=address, email_failing_since__isnull=False
        ).update(email_failing_since=None, email_failing_reason="")
    )
