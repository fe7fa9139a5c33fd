"""Who someone is on the platform beyond their membership: facilitator, country.

Both change who may do what, so each change is a service that re-checks the
rule, writes the change and its `MembershipEvent` in one transaction. Admin
calls these instead of saving the fields itself.
"""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import Country, MembershipAction, MembershipEvent, User
from ..roles import facilitators_group
from .membership import Status, _locked, _notify_approvers, _record


@transaction.atomic
def facilitator_appoint(*, member: User, by: User, reason: str = "") -> MembershipEvent | None:
    """Make `member` a facilitator: staff, in the Facilitators group, recorded in the trail."""
    return _facilitator_set(member=member, by=by, appointed=True, reason=reason)


@transaction.atomic
def facilitator_remove(*, member: User, by: User, reason: str = "") -> MembershipEvent | None:
    """`member` is no longer a facilitator: out of the group and of admin, recorded."""
    return _facilitator_set(member=member, by=by, appointed=False, reason=reason)


def _facilitator_set(*, member, by, appointed: bool, reason: str) -> MembershipEvent | None:
    locked = _locked(member)
    permissions.check_can_appoint_facilitator(by, locked)
    group = Group.objects.filter(name=permissions.FACILITATORS_GROUP).first()
    if group is None:  # a database migrated before the group existed
        group = facilitators_group()
    in_group = locked.groups.filter(pk=group.pk).exists()
    if (locked.is_staff, in_group) == (appointed, appointed):
        return None
    if appointed:
        locked.groups.add(group)
    else:
        locked.groups.remove(group)
    # Staff only lets a person into admin; without the group they could do nothing there.
    locked.is_staff = appointed
    locked.save(update_fields=["is_staff"])
    member.is_staff = locked.is_staff
    member.in_facilitators_group = appointed
    action = (
        MembershipAction.FACILITATOR_APPOINTED
        if appointed
        else MembershipAction.FACILITATOR_REMOVED
    )
    return _record(member=locked, actor=by, action=action, reason=(reason or "").strip())


def validate_country_change(member: User, country: Country | None) -> None:
    """A focal point stays in the country they answer for until someone replaces them.

    Otherwise they would go on managing a roster that is no longer their own country's.
    """
    serves = Country.objects.filter(focal_point=member).first() if member.pk else None
    if serves is not None and country != serves:
        raise ValidationError(
            _("This person is already the focal point of %(country)s.") % {"country": serves}
        )


@transaction.atomic
def member_country_change(
    *, member: User, country: Country | None, by: User, reason: str = ""
) -> MembershipEvent | None:
    """Move `member` to another country (a facilitator's decision), recorded in the trail.

    A request still waiting follows the applicant to the new country's focal point.
    """
    locked = _locked(member)
    permissions.check_can_move_member(by, locked)
    if locked.country_id == (country.pk if country else None):
        return None
    validate_country_change(locked, country)
    previous = locked.country
    locked.country = country
    locked.save(update_fields=["country"])
    member.country = country
    event = _record(
        member=locked,
        actor=by,
        action=MembershipAction.COUNTRY_CHANGED,
        from_status=locked.status,
        from_country=previous,
        reason=(reason or "").strip(),
    )
    if locked.status == Status.APPLICANT and locked.requested_at is not None:
        _notify_approvers(locked)
    return event
