"""The membership workflow and focal points.

Status moves only through `membership_change`, which applies one of the
transitions defined in `members.workflow`: it re-checks who may act, locks
the person's row, checks the transition may start from their status, records
a `MembershipEvent` (who, when, what, why) and emails the person in their own
language once the transaction commits.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cop.mail import send_templated_email
from cop.sites import absolute_url

from .. import permissions
from ..models import (
    Country,
    Invitation,
    MembershipAction,
    MembershipEvent,
    MembershipStatus,
    User,
)
from ..workflow import TRANSITIONS, Transition

Status = MembershipStatus


def _locked(member: User) -> User:
    return User.objects.select_for_update(of=("self",)).select_related("country").get(pk=member.pk)


def _record(*, member, actor, action, from_status="", reason="", **fields) -> MembershipEvent:
    return MembershipEvent.objects.create(
        member=member,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=member.status,
        country=member.country,
        reason=reason,
        **fields,
    )


@transaction.atomic
def membership_change(
    *, member: User, by: User, transition: Transition | str, reason: str = ""
) -> MembershipEvent:
    """Apply one transition of the membership state machine (see `members.workflow`).

    A person who stops being a member (suspended) stops acting as focal point
    at once and the country's requests go to the facilitators.
    """
    if isinstance(transition, str):
        transition = TRANSITIONS[transition]
    locked = _locked(member)
    # Views and admin check first; the service checks again, whoever calls it, on the
    # locked row: the person may have moved country since the caller loaded them.
    permissions.check_can_manage_member(by, locked)
    reason = transition.clean_reason(reason)
    if not transition.allowed_from(locked.status):
        raise ValidationError(
            _("This cannot be done: the person's membership is now “%(status)s”.")
            % {"status": locked.get_status_display()}
        )
    previous = locked.status
    locked.status = transition.target
    update = ["status"]
    if transition.target == Status.MEMBER and locked.member_since is None:
        locked.member_since = timezone.now()
        update.append("member_since")
    locked.save(update_fields=update)
    event = _record(
        member=locked, actor=by, action=transition.action, from_status=previous, reason=reason
    )
    send_templated_email(
        template=transition.email_template,
        user=locked,
        context={"reason": reason, "home_url": _url("home", locked.preferred_language)},
    )
    member.status = locked.status
    member.member_since = locked.member_since
    if transition.target != Status.MEMBER:
        country = Country.objects.filter(focal_point=locked).first()
        if country is not None:
            _focal_point_remove(country=country, by=by)
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
    return list(User.objects.filter(permissions.facilitators_q()).order_by("pk"))


def membership_approve(*, member: User, by: User, reason: str = "") -> MembershipEvent:
    """Applicant (or a declined applicant who asked again) becomes a member."""
    return membership_change(member=member, by=by, transition="approve", reason=reason)


def membership_decline(*, member: User, by: User, reason: str) -> MembershipEvent:
    """Decline a membership request; the reason is mandatory and sent to the applicant."""
    return membership_change(member=member, by=by, transition="decline", reason=reason)


def membership_suspend(*, member: User, by: User, reason: str) -> MembershipEvent:
    """Suspend a member (they keep their account but cannot take part); reason mandatory."""
    return membership_change(member=member, by=by, transition="suspend", reason=reason)


def membership_reinstate(*, member: User, by: User, reason: str = "") -> MembershipEvent:
    """A suspended member becomes a member again."""
    return membership_change(member=member, by=by, transition="reinstate", reason=reason)


# --- Focal points ------------------------------------------------------------
@transaction.atomic
def focal_point_appoint(*, country: Country, member: User | None, by: User) -> None:
    """Make `member` the focal point of `country`, replacing the previous one (or none).

    The focal point must be an approved member of that country. One person
    can be focal point of one country only (a database constraint).
    """
    if not permissions.is_facilitator(by):
        raise PermissionDenied(_("Only facilitators appoint focal points."))
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
    """The country loses its focal point; the links they sent and nobody used yet lapse.

    An invitation admits someone without review on the focal point's word: it
    is not good once they no longer answer for the country (suspended,
    replaced, gone). The colleague sees the "expired" page and can be invited again.
    """
    previous = country.focal_point
    country.focal_point = None
    country.save(update_fields=["focal_point"])
    now = timezone.now()
    Invitation.objects.filter(
        invited_by=previous, country=country, accepted_at__isnull=True, expires_at__gt=now
    ).update(expires_at=now)
    _record(member=previous, actor=by, action=MembershipAction.FOCAL_POINT_REMOVED)
