"""Who may do what. Every view calls a `check_can_*` (or tests a `can_*`) from here.

Each rule is written once, as a `check_can_*` that raises `PermissionDenied`
with a translated reason the person reads on the 403 page; the `can_*` boolean
for templates and selectors is derived from it (`cop.rules.boolean`). Later
apps rely on `check_can_participate` as the single gate that keeps applicants
from posting or registering until approved.

The facilitator role has one definition, `is_facilitator`, which Django admin
obeys too: a facilitator is an active staff account in the "Facilitators"
group (whose permissions are exactly what admin lets facilitators do, see
`members.roles`), or a superuser.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from cop.rules import MembersOnly, boolean

from .models import MembershipStatus

FACILITATORS_GROUP = "Facilitators"


# --- Roles ---------------------------------------------------------------------------
def is_facilitator(user) -> bool:
    """Active, and a superuser or a staff account in the Facilitators group.

    The group membership is read once per user object (a query, only for staff
    accounts) and kept on it; selectors that list people annotate it
    (`with_facilitator_flag`) so that a page never asks once per row.
    """
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    if not user.is_staff:
        return False
    in_group = getattr(user, "in_facilitators_group", None)
    if in_group is None:
        in_group = user.groups.filter(name=FACILITATORS_GROUP).exists()
        user.in_facilitators_group = in_group
    return bool(in_group)


def in_facilitators_group() -> Exists:
    """For a queryset of users: whether each is in the Facilitators group."""
    from django.contrib.auth import get_user_model

    memberships = get_user_model().groups.through.objects
    return Exists(memberships.filter(user_id=OuterRef("pk"), group__name=FACILITATORS_GROUP))


def with_facilitator_flag(users):
    """Annotate `users` so `is_facilitator` answers for each without a query."""
    return users.annotate(in_facilitators_group=in_facilitators_group())


def facilitators_q() -> Q:
    """The users `is_facilitator` accepts, as a filter."""
    return Q(is_active=True) & (
        Q(is_superuser=True) | (Q(is_staff=True) & Q(in_facilitators_group()))
    )


def is_approved_member(user) -> bool:
    """An approved, active member (facilitators always count)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.status == MembershipStatus.MEMBER or is_facilitator(user)


def approved_members_q() -> Q:
    """The users `is_approved_member` accepts, as a filter."""
    return (Q(is_active=True) & Q(status=MembershipStatus.MEMBER)) | facilitators_q()


def focal_point_country_id(user) -> int | None:
    """The id of the country this user is focal point of, if any."""
    if not is_approved_member(user):
        return None
    country = getattr(user, "focal_point_of", None)
    return country.pk if country else None


def is_focal_point(user) -> bool:
    return focal_point_country_id(user) is not None


# --- Taking part -------------------------------------------------------------------
def check_can_participate(user) -> None:
    """Post, reply, register for events and answer member surveys."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to take part."))
    if is_approved_member(user):
        return
    if user.status == MembershipStatus.SUSPENDED:
        raise PermissionDenied(_("Your membership is suspended: you can read but not take part."))
    if not user.is_active or user.status == MembershipStatus.CLOSED:
        raise PermissionDenied(_("This account is closed."))
    raise PermissionDenied(_("You can take part once your membership is approved."))


can_participate = boolean(check_can_participate)


def check_is_member(user, reason: str | None = None) -> None:
    """The one gate of members-only content: approved members (and facilitators) pass.

    Everyone else gets `MembersOnly` with `reason`: the sign-in page for a visitor,
    "available once your membership is approved" for an applicant
    (`members.middleware.MembersOnlyMiddleware`).
    """
    if not is_approved_member(user):
        raise MembersOnly(reason or _("This page is for members of the community."))


def check_can_view_directory(user) -> None:
    """The member directory and profile pages are for approved members."""
    check_is_member(user, _("The member directory is for approved members."))


can_view_directory = boolean(check_can_view_directory)


def check_can_edit_own_profile(user) -> None:
    """Applicants complete their profile too; closed or deactivated accounts cannot."""
    if not (user.is_authenticated and user.is_active and user.status != MembershipStatus.CLOSED):
        raise PermissionDenied(_("Sign in to manage your profile."))


can_edit_own_profile = boolean(check_can_edit_own_profile)


def check_can_see_address_problem(user, member) -> None:
    """A failing email address shows to its owner, their focal point and facilitators."""
    if user.is_authenticated and (user.pk == member.pk or can_manage_member(user, member)):
        return
    raise PermissionDenied(_("Only the member and those who manage them see this."))


# --- Managing a country's people ---------------------------------------------------------
def check_can_view_roster(user) -> None:
    if not (is_facilitator(user) or is_focal_point(user)):
        raise PermissionDenied(_("Only focal points and facilitators have a roster."))


can_view_roster = boolean(check_can_view_roster)


def check_can_manage_country(user, country) -> None:
    """Approve, decline, suspend, invite and export for `country`."""
    if is_facilitator(user):
        return
    if country is None or focal_point_country_id(user) != country.pk:
        raise PermissionDenied(_("You manage the people of your own country only."))


can_manage_country = boolean(check_can_manage_country)


def check_can_manage_member(user, member) -> None:
    """Approve, decline, suspend or reinstate `member`, or move them to another country.

    Nobody acts on themselves; only facilitators act on facilitators; a focal
    point acts on their own country's people only.
    """
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in first."))
    if member.pk == user.pk:
        raise PermissionDenied(_("Nobody changes their own membership."))
    if is_facilitator(member):
        if not is_facilitator(user):
            raise PermissionDenied(_("Only facilitators change a facilitator's membership."))
        return
    check_can_manage_country(user, member.country)


can_manage_member = boolean(check_can_manage_member)


def membership_transitions_for(user, member) -> list:
    """The transitions of `members.workflow` that `user` may apply to `member` now."""
    from .workflow import transitions_from

    if not can_manage_member(user, member):
        return []
    return transitions_from(member.status)


def check_can_move_member(user, member) -> None:
    """Moving someone to another country changes who manages them: facilitators only."""
    check_can_manage_member(user, member)
    if not is_facilitator(user):
        raise PermissionDenied(_("Only facilitators move people to another country."))


can_move_member = boolean(check_can_move_member)


def check_can_invite(user, country=None) -> None:
    """Invite colleagues (into `country`, when given): focal points and facilitators."""
    check_can_view_roster(user)
    if country is not None:
        try:
            check_can_manage_country(user, country)
        except PermissionDenied:
            raise PermissionDenied(_("You cannot invite people to this country.")) from None


can_invite = boolean(check_can_invite)


def check_can_appoint_facilitator(user, member) -> None:
    """Making someone a facilitator (or no longer one) is for administrators (superusers)."""
    if not (user.is_authenticated and user.is_active and user.is_superuser):
        raise PermissionDenied(_("Only an administrator appoints or removes facilitators."))
    if not member.is_active or member.status == MembershipStatus.CLOSED:
        raise PermissionDenied(_("This account is closed."))


can_appoint_facilitator = boolean(check_can_appoint_facilitator)


# --- Seeing people -----------------------------------------------------------------------
def check_can_view_profile(user, member) -> None:
    """Approved members see approved members; managers also see their applicants."""
    if user.is_authenticated and user.pk == member.pk:
        return
    if not user.is_authenticated:
        check_is_member(user, _("Profiles are for members of the community."))
    if member.status == MembershipStatus.MEMBER and member.is_active:
        check_can_view_directory(user)
        return
    if not can_manage_member(user, member):
        raise PermissionDenied(_("This profile is not shown to you."))


can_view_profile = boolean(check_can_view_profile)


def check_can_see_email(user, member) -> None:
    """Email addresses are for the person, their focal point and facilitators, never members."""
    if user.is_authenticated and user.pk == member.pk:
        return
    # Those who manage the person: a focal point never sees a facilitator's address.
    if not (is_facilitator(user) or can_manage_member(user, member)):
        raise PermissionDenied(_("Email addresses are not shown to other members."))


can_see_email = boolean(check_can_see_email)


can_see_address_problem = boolean(check_can_see_address_problem)
