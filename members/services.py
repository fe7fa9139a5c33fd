"""Every write the members app makes.

Membership status moves only through the `membership_*` functions below: each
one locks the person's row, checks the transition is allowed, records a
`MembershipEvent` (who, when, what, why) and emails the person in their own
language once the transaction commits.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cop.mail import absolute_url, send_templated_email
from discussions.services import topics_set_followed

from . import permissions
from .models import (
    Country,
    DigestFrequency,
    Invitation,
    MembershipAction,
    MembershipEvent,
    MembershipStatus,
    NotificationMode,
    User,
)
from .tokens import invitation_token

INVITATION_VALID_FOR = timedelta(days=getattr(settings, "COP_INVITATION_DAYS", 14))
REASON_MAX_LENGTH = 1000

Status = MembershipStatus


@transaction.atomic
def member_unsubscribe(*, user: User) -> None:
    """Turn off notification and digest emails (account emails still go out)."""
    user.notification_mode = NotificationMode.NONE
    user.digest_frequency = DigestFrequency.NONE
    user.save(update_fields=["notification_mode", "digest_frequency"])


# --- Profile -----------------------------------------------------------------
PROFILE_FIELDS = (
    "name_arabic",
    "name_latin",
    "country",
    "organisation",
    "position",
    "preferred_language",
    "timezone",
    "expertise",
    "digest_frequency",
)


@transaction.atomic
def profile_update(*, member: User, topics=None, **fields) -> User:
    """Save profile fields (see PROFILE_FIELDS) and, when given, the topics of interest.

    An empty time zone means "the time zone of my country". A member who is
    already approved keeps their country: moving country goes through a
    facilitator, since it changes who manages them.
    """
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    if (
        "country" in fields
        and member.status != Status.APPLICANT
        and fields["country"] != member.country
    ):
        raise ValidationError(_("Ask a facilitator to move you to another country."))
    moved = "country" in fields and fields["country"] != member.country
    for name, value in fields.items():
        setattr(member, name, value.strip() if isinstance(value, str) else value)
    if not member.name_arabic and not member.name_latin:
        raise ValidationError(_("Please give your name, in Arabic script, Latin script or both."))
    if not member.timezone:
        member.timezone = member.country.timezone if member.country else "UTC"
    member.full_clean(exclude=["password"])
    member.save(update_fields=list(fields) + (["timezone"] if "timezone" not in fields else []))
    if topics is not None:
        topics_set_followed(member=member, topics=topics)
    if moved and member.requested_at is not None:
        # A waiting request follows the applicant to their new country's focal point.
        _notify_approvers(member)
    return member


# --- Membership workflow -----------------------------------------------------
def _locked(member: User) -> User:
    return User.objects.select_for_update(of=("self",)).select_related("country").get(pk=member.pk)


def _record(*, member, actor, action, from_status="", reason="") -> MembershipEvent:
    return MembershipEvent.objects.create(
        member=member,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=member.status,
        country=member.country,
        reason=reason,
    )


def _clean_reason(reason: str, *, required: bool) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise ValidationError(_("Please give a reason; the person will read it."))
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(_("The reason is too long."))
    return reason


def _transition(*, member, by, allowed_from, to, action, reason, template, required_reason):
    # Views and admin check first; the service checks again, whoever calls it.
    permissions.check_can_manage_member(by, member)
    reason = _clean_reason(reason, required=required_reason)
    locked = _locked(member)
    if locked.status not in allowed_from:
        raise ValidationError(
            _("This cannot be done: the person's membership is now “%(status)s”.")
            % {"status": locked.get_status_display()}
        )
    previous = locked.status
    locked.status = to
    update = ["status"]
    if to == Status.MEMBER and locked.member_since is None:
        locked.member_since = timezone.now()
        update.append("member_since")
    locked.save(update_fields=update)
    event = _record(member=locked, actor=by, action=action, from_status=previous, reason=reason)
    send_templated_email(
        template=template,
        user=locked,
        context={"reason": reason, "home_url": _url("home", locked.preferred_language)},
    )
    member.status = locked.status
    member.member_since = locked.member_since
    return event


def _url(name: str, language: str, args=()) -> str:
    with translation.override(language):
        return absolute_url(reverse(name, args=args))


@transaction.atomic
def membership_request(*, member: User) -> MembershipEvent | None:
    """An applicant's request reaches their country's focal point (or the facilitators).

    Called once the applicant has confirmed their email address; calling it
    again does nothing.
    """
    locked = _locked(member)
    if locked.status != Status.APPLICANT or locked.requested_at is not None:
        return None
    locked.requested_at = timezone.now()
    locked.save(update_fields=["requested_at"])
    member.requested_at = locked.requested_at
    event = _record(member=locked, actor=locked, action=MembershipAction.REQUESTED)
    _notify_approvers(locked)
    return event


def _notify_approvers(applicant: User) -> None:
    for approver in membership_approvers(country=applicant.country):
        send_templated_email(
            template="members/email/request_received",
            user=approver,
            context={
                "applicant": applicant,
                "country": applicant.country,
                "roster_url": _url("members:roster", approver.preferred_language)
                + f"?status=applicant&country={applicant.country.code if applicant.country else ''}",
            },
        )


def membership_approvers(*, country: Country | None) -> list[User]:
    """Who decides on a request from `country`: its focal point, else the facilitators."""
    if country is not None and country.focal_point_id:
        focal_point = country.focal_point
        if focal_point.is_active and focal_point.status == Status.MEMBER:
            return [focal_point]
    return list(User.objects.filter(is_staff=True, is_active=True).order_by("pk"))


@transaction.atomic
def membership_approve(*, member: User, by: User, reason: str = "") -> MembershipEvent:
    """Applicant (or a declined applicant who asked again) becomes a member."""
    return _transition(
        member=member,
        by=by,
        allowed_from={Status.APPLICANT, Status.DECLINED},
        to=Status.MEMBER,
        action=MembershipAction.APPROVED,
        reason=reason,
        template="members/email/approved",
        required_reason=False,
    )


@transaction.atomic
def membership_decline(*, member: User, by: User, reason: str) -> MembershipEvent:
    """Decline a membership request; the reason is mandatory and sent to the applicant."""
    return _transition(
        member=member,
        by=by,
        allowed_from={Status.APPLICANT},
        to=Status.DECLINED,
        action=MembershipAction.DECLINED,
        reason=reason,
        template="members/email/declined",
        required_reason=True,
    )


@transaction.atomic
def membership_suspend(*, member: User, by: User, reason: str) -> MembershipEvent:
    """Suspend a member (they keep their account but cannot take part); reason mandatory.

    A suspended focal point stops acting as one at once (roles require
    approved status) and is removed from the country so requests go to the
    facilitators.
    """
    event = _transition(
        member=member,
        by=by,
        allowed_from={Status.MEMBER},
        to=Status.SUSPENDED,
        action=MembershipAction.SUSPENDED,
        reason=reason,
        template="members/email/suspended",
        required_reason=True,
    )
    country = Country.objects.filter(focal_point=member).first()
    if country is not None:
        _focal_point_remove(country=country, by=by)
    return event


@transaction.atomic
def membership_reinstate(*, member: User, by: User, reason: str = "") -> MembershipEvent:
    """A suspended member becomes a member again."""
    return _transition(
        member=member,
        by=by,
        allowed_from={Status.SUSPENDED},
        to=Status.MEMBER,
        action=MembershipAction.REINSTATED,
        reason=reason,
        template="members/email/reinstated",
        required_reason=False,
    )


MEMBERSHIP_ACTIONS = {
    "approve": membership_approve,
    "decline": membership_decline,
    "suspend": membership_suspend,
    "reinstate": membership_reinstate,
}


# --- Focal points ------------------------------------------------------------
@transaction.atomic
def focal_point_appoint(*, country: Country, member: User | None, by: User) -> None:
    """Make `member` the focal point of `country`, replacing the previous one (or none).

    The focal point must be an approved member of that country. One person
    can be focal point of one country only (a database constraint).
    """
    if not permissions.is_facilitator(by):
        raise PermissionDenied("Only facilitators appoint focal points.")
    country = Country.objects.select_for_update().get(pk=country.pk)
    if member is not None:
        if member.status != Status.MEMBER or not member.is_active:
            raise ValidationError(_("Only an approved member can be a focal point."))
        if member.country_id != country.pk:
            raise ValidationError(_("The focal point must be a member from this country."))
        other = Country.objects.filter(focal_point=member).exclude(pk=country.pk).first()
        if other is not None:
            raise ValidationError(
                _("This person is already the focal point of %(country)s.") % {"country": other}
            )
    if country.focal_point_id == (member.pk if member else None):
        return
    if country.focal_point_id:
        _focal_point_remove(country=country, by=by)
    if member is not None:
        country.focal_point = member
        country.save(update_fields=["focal_point"])
        _record(member=member, actor=by, action=MembershipAction.FOCAL_POINT_APPOINTED)


def _focal_point_remove(*, country: Country, by: User) -> None:
    previous = country.focal_point
    country.focal_point = None
    country.save(update_fields=["focal_point"])
    _record(member=previous, actor=by, action=MembershipAction.FOCAL_POINT_REMOVED)


# --- Invitations -------------------------------------------------------------
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
        expires_at=timezone.now() + INVITATION_VALID_FOR,
    )
    send_templated_email(
        template="members/email/invitation",
        to=email,
        language=language,
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
    locked.country = invitation.country
    locked.status = Status.MEMBER
    locked.member_since = locked.requested_at = invitation.accepted_at
    if not locked.timezone or locked.timezone == "UTC":
        locked.timezone = invitation.country.timezone
    locked.save(update_fields=["country", "status", "member_since", "requested_at", "timezone"])
    for name in ("country", "status", "member_since", "requested_at", "timezone"):
        setattr(member, name, getattr(locked, name))
    return _record(
        member=locked,
        actor=invitation.invited_by,
        action=MembershipAction.JOINED_BY_INVITATION,
        from_status=previous,
    )


# --- Own data ----------------------------------------------------------------
@transaction.atomic
def account_close(*, member: User) -> None:
    """Close the account: personal fields are wiped; posts stay, shown as "former member".

    The row is kept (posts, registrations and the audit trail point at it)
    but nobody can sign in with it again and the email address is freed.
    """
    locked = _locked(member)
    if locked.status == Status.CLOSED:
        return
    previous = locked.status
    country = Country.objects.filter(focal_point=locked).first()
    if country is not None:
        _focal_point_remove(country=country, by=locked)
    topics_set_followed(member=locked, topics=[])
    EmailAddress.objects.filter(user=locked).delete()
    locked.status = Status.CLOSED
    locked.is_active = False
    locked.email = f"closed-{locked.pk}@closed.invalid"
    locked.name_arabic = locked.name_latin = ""
    locked.organisation = locked.position = locked.expertise = ""
    locked.is_expert = False
    locked.notification_mode = NotificationMode.NONE
    locked.digest_frequency = DigestFrequency.NONE
    locked.set_unusable_password()
    locked.save()
    _record(member=locked, actor=locked, action=MembershipAction.CLOSED, from_status=previous)
    member.status = Status.CLOSED


@transaction.atomic
def member_touch(*, member: User, now) -> None:
    """Record that the member was active (a single UPDATE, no read)."""
    User.objects.filter(pk=member.pk).update(last_active=now)
    member.last_active = now


@transaction.atomic
def member_intake_completed(*, member: User, at=None) -> None:
    """Record that `member` answered the intake survey (the surveys app calls this).

    Only the first answer counts: editing the response later keeps the date.
    """
    at = at or timezone.now()
    User.objects.filter(pk=member.pk, intake_completed_at__isnull=True).update(
        intake_completed_at=at
    )
    member.intake_completed_at = member.intake_completed_at or at
