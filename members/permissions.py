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


def can_view_directory(user) -> bool:
    """The member directory and profile pages are for approved members."""
    return is_approved_member(user)


def check_can_view_directory(user) -> None:
    if not can_view_directory(user):
        raise PermissionDenied("Only approved members can browse the directory.")


def can_view_roster(user) -> bool:
    return is_facilitator(user) or is_focal_point(user)


def check_can_view_roster(user) -> None:
    if not can_view_roster(user):
        raise PermissionDenied("Only focal points and facilitators have a roster.")


def can_manage_member(user, member) -> bool:
    """Approve, decline, suspend or reinstate `member`.

    Nobody acts on themselves; only facilitators act on facilitators; a focal
    point acts on their own country's people only.
    """
    if not user.is_authenticated or member.pk == user.pk:
        return False
    if member.is_staff:
        return is_facilitator(user)
    return can_manage_country(user, member.country)


def check_can_manage_member(user, member) -> None:
    if not can_manage_member(user, member):
        raise PermissionDenied("You cannot change this person's membership.")


def can_view_profile(user, member) -> bool:
    """Approved members see approved members; managers also see their applicants."""
    if user.is_authenticated and user.pk == member.pk:
        return True
    if member.status == MembershipStatus.MEMBER and member.is_active:
        return is_approved_member(user)
    return can_manage_member(user, member)


def check_can_view_profile(user, member) -> None:
    if not can_view_profile(user, member):
        raise PermissionDenied("You cannot see this profile.")


def can_see_email(user, member) -> bool:
    """Email addresses are for the person, their focal point and facilitators, never members."""
    if user.is_authenticated and user.pk == member.pk:
        return True
    # Those who manage the person: a focal point never sees a facilitator's address.
    return is_facilitator(user) or can_manage_member(user, member)


def can_invite(user) -> bool:
    return can_view_roster(user)


def check_can_invite(user, country) -> None:
    if not (can_invite(user) and can_manage_country(user, country)):
        raise PermissionDenied("You cannot invite people to this country.")


def can_edit_own_profile(user) -> bool:
    """Applicants complete their profile too; closed or deactivated accounts cannot."""
    return bool(user.is_authenticated and user.is_active and user.status != MembershipStatus.CLOSED)


def check_can_edit_own_profile(user) -> None:
    if not can_edit_own_profile(user):
        raise PermissionDenied("Sign in to manage your profile.")
