"""Reads for the events pages, scoped to the viewer and fetched in a fixed number of queries."""

import calendar
from datetime import date, datetime, timedelta

from babel import Locale
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.http import Http404
from django.utils import timezone, translation

from members.permissions import is_approved_member

from . import permissions
from .models import (
    Event,
    EventStatus,
    Nomination,
    Registration,
    RegistrationStatus,
    Series,
    Speaker,
)
from .timing import zone

FEED_PAST_DAYS = 90


def visible_events(viewer):
    events = Event.objects.all()
    if not is_approved_member(viewer):
        events = events.filter(is_public=True)
    return events


def _with_viewer_state(events, viewer):
    """Add `seats_taken` and the viewer's own registration status to each event."""
    events = events.annotate(
        seats_taken=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
        )
    )
    if viewer.is_authenticated:
        mine = Registration.objects.filter(event=OuterRef("pk"), member=viewer).values("status")[:1]
        events = events.annotate(my_status=Subquery(mine))
    return events


def events_for(*, viewer, past: bool = False, kind: str = "", topic=None, series=None, now=None):
    """Upcoming (soonest first) or past (latest first) events the viewer may see."""
    now = now or timezone.now()
    events = visible_events(viewer).select_related("series")
    events = (
        events.filter(end__lte=now).order_by("-start")
        if past
        else events.filter(end__gt=now).order_by("start")
    )
    if kind:
        events = events.filter(kind=kind)
    if topic is not None:
        events = events.filter(topics=topic)
    if series is not None:
        events = events.filter(series=series)
    return _with_viewer_state(events, viewer)


def event_for(*, viewer, pk: int) -> Event:
    """One event with what its page shows; 404 if missing, 403 if not for this viewer."""
    event = (
        Event.objects.select_related("series")
        .prefetch_related(
            "topics",
            Prefetch("speakers", queryset=Speaker.objects.select_related("member")),
            "materials",
            "dial_ins__country",
        )
        .filter(pk=pk)
        .first()
    )
    if event is None:
        raise Http404
    permissions.check_can_view_event(viewer, event)
    return event


def series_for(*, viewer, pk: int) -> Series:
    series = Series.objects.filter(pk=pk).first()
    if series is None:
        raise Http404
    permissions.check_can_view_series(viewer, series)
    return series


def registration_of(*, member, event) -> Registration | None:
    if not member.is_authenticated:
        return None
    return Registration.objects.filter(event=event, member=member).first()


def seats_taken(event) -> int:
    return event.registrations.filter(status=RegistrationStatus.REGISTERED).count()


def waitlist_position(registration) -> int | None:
    if registration is None or registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id, status=RegistrationStatus.WAITLISTED
    ).filter(
        Q(queued_at__lt=registration.queued_at)
        | Q(queued_at=registration.queued_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


# --- Month calendar ------------------------------------------------------------------
def first_weekday() -> int:
    """The first day of the week (Monday = 0): Saturday in Arabic, as in Jordan; Monday in English."""
    language = (translation.get_language() or "ar").split("-")[0]
    return Locale.parse("ar_JO" if language == "ar" else "en_GB").first_week_day


def month_grid(*, viewer, year: int, month: int, zone_name: str):
    """Weeks of the month (lists of 7 days, None outside it), each day with its events.

    Days are the viewer's days: an event belongs to the date it starts on in their zone.
    """
    tz = zone(zone_name)
    first = datetime(year, month, 1, tzinfo=tz)
    last_day = calendar.monthrange(year, month)[1]
    after = datetime.combine(
        date(year, month, last_day) + timedelta(days=1), datetime.min.time(), tzinfo=tz
    )
    events = _with_viewer_state(
        visible_events(viewer).filter(start__gte=first, start__lt=after).order_by("start"), viewer
    )
    by_day: dict[int, list] = {}
    for event in events:
        by_day.setdefault(event.start.astimezone(tz).day, []).append(event)
    weeks = []
    for week in calendar.Calendar(firstweekday=first_weekday()).monthdayscalendar(year, month):
        weeks.append([(day, by_day.get(day, [])) if day else (None, []) for day in week])
    return weeks, sum(len(v) for v in by_day.values())


# --- The member's own calendar --------------------------------------------------------
def feed_events_for(*, member, now=None):
    """Sessions in a member's private feed: registered ones, and cancelled ones they held."""
    since = (now or timezone.now()) - timedelta(days=FEED_PAST_DAYS)
    return (
        Event.objects.filter(
            start__gte=since,
            registrations__member=member,
            registrations__status=RegistrationStatus.REGISTERED,
        )
        .prefetch_related("dial_ins")
        .order_by("start")
        .distinct()
    )


def next_events_for(*, member, limit: int = 5, now=None):
    """The member's next sessions (registered or waiting) for their home page."""
    now = now or timezone.now()
    return (
        Event.objects.filter(
            end__gt=now,
            registrations__member=member,
            registrations__status__in=[
                RegistrationStatus.REGISTERED,
                RegistrationStatus.WAITLISTED,
            ],
        )
        .exclude(status=EventStatus.CANCELLED)
        .annotate(
            my_status=Subquery(
                Registration.objects.filter(event=OuterRef("pk"), member=member).values("status")[
                    :1
                ]
            )
        )
        .order_by("start")[:limit]
    )


# --- Registrations, nominations, attendance ------------------------------------------
def registrations_for(*, viewer, event):
    """Who registered for `event`: all of them for facilitators, their country's for a focal point."""
    permissions.check_can_view_registrations(viewer, event)
    registrations = (
        Registration.objects.filter(event=event)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("member", "member__country")
        .order_by("status", "member__country__code", "member__name_latin", "pk")
    )
    country_id = permissions.attendance_country_id(viewer)
    if country_id is not None:
        registrations = registrations.filter(member__country_id=country_id)
    return registrations


def nominations_for(*, viewer, event):
    """Nominations for `event`: all for facilitators, their own country's for a focal point."""
    nominations = Nomination.objects.filter(event=event).select_related(
        "member", "country", "nominated_by"
    )
    country_id = permissions.attendance_country_id(viewer)
    if country_id is not None:
        nominations = nominations.filter(country_id=country_id)
    return nominations.order_by("country__code", "created_at")


def nominable_members(*, country, event):
    """Approved members of `country` not nominated yet for `event`."""
    from members.models import MembershipStatus, User

    return (
        User.objects.filter(country=country, status=MembershipStatus.MEMBER, is_active=True)
        .exclude(nominations__event=event)
        .order_by("name_latin", "name_arabic", "pk")
    )


def country_registrations_next_event(*, country, now=None):
    """For a focal point's home: the next event, how many of their country registered, the first ten."""
    now = now or timezone.now()
    event = (
        Event.objects.filter(start__gt=now)
        .exclude(status=EventStatus.CANCELLED)
        .order_by("start")
        .first()
    )
    if event is None:
        return None, 0, []
    registered = Registration.objects.filter(
        event=event, member__country=country, status=RegistrationStatus.REGISTERED
    )
    people = list(registered.select_related("member").order_by("pk")[:10])
    count = len(people) if len(people) < 10 else registered.count()
    return event, count, people
