"""Invitations: a focal point invites a colleague, who joins pre-approved."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop.mail import send_templated_email

from .. import permissions
from ..models import (
    Country,
    Invitation,
    MembershipAction,
    MembershipEvent,
    User,
)
from ..tokens import invitation_token
from .membership import Status, _locked, _record, _url


def invitation_valid_for() -> timedelta:
    """How long an invitation link works (COP_INVITATION_DAYS)."""
    return timedelta(days=settings.COP_INVITATION_DAYS)


@transaction.atomic
def invitation_create(*, email: str, country: Country, by: User, language: str) -> Invitation:
    """Invite a colleague to join `country`, pre-approved; the email is in `language`."""
    permissions.check_can_invite(by, country)
    email = User.objects.normalize_email(email.strip())
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        raise ValidationError(_("Someone with this email address already has an account."))
    invitation = Invitation.objects.create(
        email=email,
        country=country,
        invited_by=by,
        language=language,
        expires_at=timezone.now() + invitation_valid_for(),
    )
    send_templated_email(
        template="members/email/invitation",
        to=email,
        language=language,
        time_zone=country.timezone,
        # The link signs the invitee up pre-approved: nobody else may read it.
        sensitive=True,
        context={
            "inviter": by,
            "country": country,
            "expires_at": invitation.expires_at,
            "accept_url": _url(
                "members:invitation_accept", language, args=[invitation_token(invitation)]
            ),
        },
    )
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, member: User) -> MembershipEvent | None:
    """The invited person has signed up with the invited address: a member at once.

    Returns None (and changes nothing) when the invitation is used, expired, or
    was sent to another address.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if (
        invitation.accepted_at is not None
        or invitation.expires_at <= timezone.now()
        or invitation.email.lower() != member.email.lower()
    ):
        return None
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = member
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    locked = _locked(member)
    previous = locked.status
    # A time zone that only followed the country picked in the signup form follows
    # the invitation's country instead; one the person chose stays.
    defaulted = {"", "UTC", locked.country.timezone if locked.country else ""}
    if locked.timezone in defaulted:
        locked.timezone = invitation.country.timezone
    locked.country = invitation.country
    locked.status = Status.MEMBER
    locked.member_since = locked.requested_at = invitation.accepted_at
    locked.save(update_fields=["country", "status", "member_since", "requested_at", "timezone"])
    for name in ("country", "status", "member_since", "requested_at", "timezone"):
        setattr(member, name, getattr(locked, name))
    return _record(
        member=locked,
        actor=invitation.invited_by,
        action=MembershipAction.JOINED_BY_INVITATION,
        from_status=previous,
    )
