"""Reads of the members app, scoped to the viewer, in a fixed number of queries."""

import re

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from cop.db import compiled_once
from cop.plugins import app_modules
from cop.profiles import with_profile_values
from cop.text import collation_key
from cop.timezones import COMMUNITY_ZONE, browser_zone, known_zone

from . import permissions
from .models import Country, Invitation, MembershipEvent, MembershipStatus, User

INVITATION_SESSION_KEY = "members_invitation_id"
COUNTRY_CODE = re.compile(r"[A-Za-z]{2}")

ROSTER_STATUSES = (
    MembershipStatus.APPLICANT,
    MembershipStatus.MEMBER,
    MembershipStatus.SUSPENDED,
    MembershipStatus.DECLINED,
)


def _search(queryset: QuerySet, q: str, *, with_email: bool) -> QuerySet:
    q = (q or "").strip()
    if not q:
        return queryset
    condition = (
        Q(name_arabic__icontains=q)
        | Q(name_latin__icontains=q)
        | Q(organisation__icontains=q)
        | Q(position__icontains=q)
    )
    if with_email:
        condition |= Q(email__icontains=q)
    return queryset.filter(condition)


def roster_country_for(*, viewer, code: str | None) -> Country | None:
    """The country whose roster `viewer` sees: a focal point's own, a facilitator's pick.

    A focal point asking for another country is refused, not silently redirected.
    Facilitators without a pick get None (the choice of country).
    """
    permissions.check_can_view_roster(viewer)
    if permissions.is_facilitator(viewer):
        if not code:
            return None
        # The whole value must be a code: "xxxx…" is no country, not "XX" (International).
        if not COUNTRY_CODE.fullmatch(str(code)):
            raise Http404
        return get_object_or_404(Country, code=str(code).upper())
    own = viewer.focal_point_of
    if code and str(code).upper() != own.code:
        raise PermissionDenied(_("A focal point sees their own country only."))
    return own


def roster_for(*, viewer, country: Country, status: str = "", q: str = "") -> QuerySet:
    """The people of `country` a roster shows: applicants, members, suspended, declined.

    Facilitators are the regional team, not people a country manages: only
    other facilitators see them on a roster.
    """
    permissions.check_can_manage_country(viewer, country)
    queryset = permissions.with_facilitator_flag(
        User.objects.filter(country=country, status__in=ROSTER_STATUSES).select_related("country")
    )
    if not permissions.is_facilitator(viewer):
        queryset = queryset.exclude(permissions.facilitators_q())
    if status:
        queryset = queryset.filter(status=status)
    queryset = _search(queryset, q, with_email=True)
    # Requests first, oldest first: they are what the focal point has to act on.
    return queryset.annotate(
        is_applicant=Case(
            When(status=MembershipStatus.APPLICANT, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    ).order_by("-is_applicant", "requested_at", "name_latin", "name_arabic", "pk")


def with_membership_actions(*, viewer, people) -> list[User]:
    """`people` with `membership_transitions`: the buttons `viewer` gets on each row."""
    people = list(people)
    for person in people:
        person.membership_transitions = permissions.membership_transitions_for(viewer, person)
    return people


def with_approved_members(countries: QuerySet) -> QuerySet:
    """`countries` annotated with `approved_members`: how many members each has, in one query.

    The members `permissions.approved_members_q` accepts, counted as active
    members (an index-only count on `member_approved_country`) plus the
    facilitators who are not also such members (a handful, found through
    `member_staff_country`). One filter with both would read every member of
    the countries.
    """
    members = Q(is_active=True, status=MembershipStatus.MEMBER)
    # Implied by facilitators_q(); written out so that the partial index applies.
    staff = Q(is_staff=True) | Q(is_superuser=True)

    def counted(scope: Q):
        count = (
            User.objects.filter(scope, country=OuterRef("pk"))
            .order_by()
            .values("country")
            .annotate(n=Count("*"))
            .values("n")
        )
        return Coalesce(Subquery(count), 0)

    return countries.annotate(
        approved_members=counted(members) + counted(staff & permissions.facilitators_q() & ~members)
    )


def approved_member_counts(*, countries) -> dict[int, int]:
    """The approved members of each of `countries` (pks or countries): {country pk: count}."""
    pks = [getattr(country, "pk", country) for country in countries]
    return dict(
        with_approved_members(Country.objects.filter(pk__in=pks)).values_list(
            "pk", "approved_members"
        )
    )


@compiled_once
def _countries_with_approved_members() -> QuerySet:
    return with_approved_members(Country.objects.order_by("code"))


def countries_with_approved_members() -> list[Country]:
    """Every country, by code, each with `approved_members` (see `with_approved_members`).

    One query, compiled once per process (`cop.db.compiled_once`): pages that
    show response rates and a country filter read both from this list.
    """
    return list(Country.objects.raw(*_countries_with_approved_members()))


def sorted_countries(countries=None) -> list[Country]:
    """Countries in the reader's alphabetical order, "International" last.

    The one order of every country list (forms, pickers): by `cop.text.collation_key`
    of the name in the active language, so "الأردن" files under alef and "اليمن"
    under yaa, not every "ال…" name first.
    """
    countries = Country.objects.all() if countries is None else countries
    return sorted(
        countries, key=lambda c: (c.is_international, collation_key(c.name), c.name, c.pk)
    )


def countries_for_facilitator(*, viewer) -> list[Country]:
    """Every country with the number of requests waiting in it (the facilitator's picker)."""
    if not permissions.is_facilitator(viewer):
        raise PermissionDenied(_("Only facilitators choose among countries."))
    waiting = Q(members__status=MembershipStatus.APPLICANT, members__requested_at__isnull=False)
    return sorted_countries(Country.objects.annotate(pending=Count("members", filter=waiting)))


def invitations_for(*, viewer, limit: int = 20) -> QuerySet:
    """The latest invitations into the viewer's country (facilitators: all countries)."""
    permissions.check_can_view_roster(viewer)
    queryset = Invitation.objects.select_related("country", "invited_by", "accepted_by")
    if not permissions.is_facilitator(viewer):
        queryset = queryset.filter(country_id=permissions.focal_point_country_id(viewer))
    return queryset.order_by("-created_at", "-pk")[:limit]


def pending_requests_for(*, viewer) -> QuerySet:
    """Membership requests waiting for `viewer` (focal point: their country; facilitators: all)."""
    queryset = User.objects.filter(
        status=MembershipStatus.APPLICANT, requested_at__isnull=False
    ).select_related("country")
    if not permissions.is_facilitator(viewer):
        country_id = permissions.focal_point_country_id(viewer)
        if country_id is None:
            return queryset.none()
        queryset = queryset.filter(country_id=country_id)
    return queryset.order_by("requested_at", "pk")


def directory_for(
    *,
    viewer,
    country: Country | None = None,
    expertise: str = "",
    experts_only: bool = False,
    q: str = "",
    app_filters=(),
) -> QuerySet:
    """Approved members as other members see them.

    `app_filters` holds (profile field, value) pairs from other apps'
    profile fields (`cop.profiles`), e.g. a topic of interest.
    """
    permissions.check_can_view_directory(viewer)
    queryset = User.objects.filter(status=MembershipStatus.MEMBER, is_active=True)
    if country is not None:
        queryset = queryset.filter(country=country)
    for app_field, value in app_filters:
        queryset = app_field.filter(queryset, value)
    if expertise.strip():
        queryset = queryset.filter(expertise__icontains=expertise.strip())
    if experts_only:
        queryset = queryset.filter(is_expert=True)
    queryset = _search(queryset, q, with_email=False)
    # A filter through a to-many relation could repeat a person.
    return queryset.select_related("country").distinct().order_by("name_latin", "name_arabic", "pk")


def member_profile_for(*, viewer, pk) -> User:
    """One person's profile, if `viewer` may see it (404 for unknown ids, 403 for hidden ones).

    `profile_values` holds what other apps add to it (topics of interest...).
    """
    member = get_object_or_404(
        permissions.with_facilitator_flag(User.objects.select_related("country")), pk=pk
    )
    permissions.check_can_view_profile(viewer, member)
    with_profile_values([member], viewer=viewer)
    return member


def member_for_action(*, viewer, pk) -> User:
    """A person `viewer` may approve, decline, suspend or reinstate."""
    member = get_object_or_404(
        permissions.with_facilitator_flag(User.objects.select_related("country")), pk=pk
    )
    permissions.check_can_manage_member(viewer, member)
    return member


def membership_history(*, member: User) -> QuerySet:
    return MembershipEvent.objects.filter(member=member).select_related(
        "actor", "country", "from_country"
    )


def member_data_export(*, member: User) -> dict:
    """Everything the platform holds about `member`, as JSON-ready data, one part per app.

    Each app's `privacy.member_data(member)` hook gives its part (see `cop.plugins`).
    """
    data = {"exported_at": timezone.now().isoformat()}
    for module in app_modules("privacy"):
        part = getattr(module, "member_data", None)
        if part is not None:
            data[module.__name__.split(".")[0]] = part(member)
    return data


def invitation_in_session(request) -> Invitation | None:
    """The still-usable invitation this browser followed, if any (used by the signup flow)."""
    session = getattr(request, "session", None)
    pk = session.get(INVITATION_SESSION_KEY) if session is not None else None
    if type(pk) is not int:
        return None
    return (
        Invitation.objects.select_related("country", "invited_by")
        .filter(pk=pk, accepted_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )


def time_zone_for(request) -> str:
    """The zone every time of this request is shown in (`TimeZoneMiddleware` activates it).

    A member: the zone of their profile (their country's if it holds none we
    know). A visitor: their country's when we know it (the invitation they
    followed, or the proxy's country header, COP_COUNTRY_HEADER), else the
    zone their browser reported, else the community's (COP_DEFAULT_TIME_ZONE).
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        zone = known_zone(user.timezone)
        if zone is None and user.country_id:
            zone = known_zone(
                Country.objects.filter(pk=user.country_id)
                .values_list("timezone", flat=True)
                .first()
            )
    else:
        zone = _visitor_country_zone(request)
    return zone or browser_zone(request) or COMMUNITY_ZONE


def _visitor_country_zone(request) -> str | None:
    if INVITATION_SESSION_KEY in getattr(request, "session", {}):
        invitation = invitation_in_session(request)
        if invitation is not None:
            return known_zone(invitation.country.timezone)
    header = settings.COP_COUNTRY_HEADER
    code = request.headers.get(header, "") if header else ""
    if COUNTRY_CODE.fullmatch(code):
        return known_zone(
            Country.objects.filter(code=code.upper()).values_list("timezone", flat=True).first()
        )
    return None
