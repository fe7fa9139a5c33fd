"""Series sessions and changes to an event (moved, new link, cancelled), announced at once."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cop.markdown import render_markdown

from ..calendar import ics_attachment
from ..mailing import send_to_members
from ..models import Event, EventStatus, Registration, RegistrationStatus, Series
from ..timing import host_aware, occurrences_after, validate_recurrence, zone
from .registrations import session_join, waitlist_promote

# Copied from the series to each new session.
SERIES_FIELDS = (
    "kind",
    "host_timezone",
    "join_url",
    "languages",
    "interpretation",
    "capacity",
    "is_public",
    "title_ar",
    "title_en",
    "description_ar",
    "description_en",
    "place_ar",
    "place_en",
)
# A change to any of these is announced to everyone registered.
ANNOUNCED_FIELDS = ("start", "end", "join_url", "place_ar", "place_en", "status")


def series_validate(series: Series) -> None:
    """Refuse a recurrence that is malformed or would make too many sessions."""
    local_first = series.first_start.astimezone(zone(series.host_timezone))
    series.recurrence = validate_recurrence(series.recurrence, first_start_local=local_first)


@transaction.atomic
def series_generate_sessions(*, series: Series, count: int | None = None, now=None) -> list[Event]:
    """Create the sessions of the series' next `count` occurrences that do not exist yet.

    An occurrence that already has a session, even one that was moved or
    cancelled, is never created again, so running it twice creates nothing more. Members registered for the whole series
    get a place at each new session.
    """
    series = Series.objects.select_for_update().get(pk=series.pk)
    series_validate(series)
    count = count or settings.EVENT_SERIES_GENERATE
    host = zone(series.host_timezone)
    now_local = (now or timezone.now()).astimezone(host).replace(tzinfo=None)
    first_local = series.first_start.astimezone(host).replace(tzinfo=None)
    known = set(series.sessions.exclude(occurrence=None).values_list("occurrence", flat=True))
    known_local = {moment.astimezone(host).replace(tzinfo=None) for moment in known}
    upcoming = occurrences_after(
        series.recurrence,
        first_start_local=first_local,
        after_local=max(now_local, first_local),
        count=count,
    )
    created = []
    for occurrence in upcoming:
        if occurrence in known_local:
            continue
        start = host_aware(occurrence, series.host_timezone)
        session = Event(
            series=series,
            occurrence=start,
            start=start,
            end=start + timedelta(minutes=series.duration_minutes),
            **{field: getattr(series, field) for field in SERIES_FIELDS},
        )
        event_render_texts(session)
        session.save()
        session.topics.set(series.topics.all())
        created.append(session)
    for session in created:
        for series_registration in series.registrations.select_related("member"):
            session_join(event=session, series_registration=series_registration)
    return created


def event_render_texts(event) -> None:
    """Render an event's or a series' Markdown texts (sanitised) in each language, before saving."""
    fields = ("description", "summary") if isinstance(event, Event) else ("description",)
    for language in ("ar", "en"):
        for field in fields:
            source = getattr(event, f"{field}_{language}") or ""
            setattr(event, f"{field}_html_{language}", render_markdown(source) if source else "")


def event_validate(event: Event) -> None:
    """The rules every saved event keeps, with reasons a facilitator can act on."""
    errors = {}
    if event.start and event.end and event.end <= event.start:
        errors["end"] = _("The event must end after it starts.")
    if event.registration_deadline and event.start and event.registration_deadline > event.start:
        errors["registration_deadline"] = _("Registration must close before the event starts.")
    if event.kind in ("study_tour", "in_person") and not (event.place_ar or event.place_en):
        errors["place_ar"] = _("An in-person event needs a place.")
    if errors:
        raise ValidationError(errors)


def changed_fields(before: Event | None, after: Event) -> list[str]:
    if before is None:
        return []
    return [field for field in ANNOUNCED_FIELDS if getattr(before, field) != getattr(after, field)]


@transaction.atomic
def event_save(*, event: Event, before: Event | None = None) -> list[str]:
    """Save an event edited by a facilitator: raise its calendar SEQUENCE, announce what changed.

    A new start marks a scheduled session as moved; more seats promote people
    from the waiting list. Returns the announced fields that changed.
    """
    event_validate(event)
    changes = changed_fields(before, event)
    if before is not None and before.start != event.start and event.status == EventStatus.SCHEDULED:
        event.status = EventStatus.MOVED
        changes = changed_fields(before, event)
    if before is not None and changes:
        event.sequence = (before.sequence or 0) + 1
    event_render_texts(event)
    event.save()
    if before is not None and changes:
        event_announce_change(event=event, changes=changes)
    if before is not None and event.status != EventStatus.CANCELLED:
        grew = before.capacity is not None and (
            event.capacity is None or event.capacity > before.capacity
        )
        if grew:
            waitlist_promote(event=event)
    return changes


@transaction.atomic
def event_cancel(*, event: Event) -> Event:
    """Cancel an event: published as STATUS:CANCELLED and emailed to everyone registered."""
    before = Event.objects.select_for_update().get(pk=event.pk)
    if before.status == EventStatus.CANCELLED:
        return before
    event = Event.objects.get(pk=event.pk)
    event.status = EventStatus.CANCELLED
    event_save(event=event, before=before)
    return event


def event_announce_change(*, event: Event, changes: list[str]) -> dict[int, int]:
    """Email everyone registered or waiting: moved, new link or place, or cancelled."""
    if timezone.now() >= event.end:
        return {}
    cancelled = event.status == EventStatus.CANCELLED
    template = "events/email/cancelled" if cancelled else "events/email/changed"
    registrations = (
        Registration.objects.filter(
            event=event,
            status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED],
        )
        .select_related("member")
        .order_by("pk")
    )
    recipients = [
        (r.member, {"seat": r.status == RegistrationStatus.REGISTERED})
        for r in registrations
        if r.member.is_active
    ]
    if not recipients:
        return {}
    return send_to_members(
        template=template,
        recipients=recipients,
        context={"event": event, "changes": changes},
        # Waiting members get the email too: the attached calendar entry carries no link.
        attachments=lambda language: [ics_attachment(event, with_join_details=False)],
    )
