"""Who may do what. Every view calls a `check_*` (or tests a `can_*`) from here.

`can_*` return a bool for templates and selectors; `check_*` raise
`PermissionDenied`. Later apps rely on `check_can_participate` as the single
gate that keeps applicants from posting or registering until approved.
"""

from django.core.exceptions import PermissionDenied

from .models import MembershipStatus


def is_facilitator(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def is_approved_member(user) -> bool:
    """An approved, active member (facilitators always count)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_staff or user.status == MembershipStatus.MEMBER


def focal_point_country_id(user) -> int | None:
    """The id of the country this user is focal point of, if any."""
    if not is_approved_member(user):
        return None
    country = getattr(user, "focal_point_of", None)
    return country.pk if country else None


def is_focal_point(user) -> bool:
    return focal_point_country_id(user) is not None


def can_participate(user) -> bool:
    """Post, reply, register for events and answer member surveys."""
    return is_approved_member(user)


def check_can_participate(user) -> None:
    if not can_participate(user):
        raise PermissionDenied("Only approved members can do this.")


def can_manage_country(user, country) -> bool:
    """Approve, decline, suspend, invite and export for `country`."""
    if is_facilitator(user):
        return True
    return country is not None and focal_point_country_id(user) == country.pk


def check_can_manage_country(user, country) -> None:
    if not can_manage_country(user, country):
        raise PermissionDenied("You do not manage this country.")
