"""What events add to a member's digest.

- "Your next events": the sessions the member registered for in the next two
  weeks (a reminder of what they know: it never makes a digest go out alone);
- "Events you may like": sessions opened for registration inside the member's
  window, in the topics they follow, that they have not registered for.

Three queries per batch, whatever its size.
"""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cop.digest import DigestBatch, Fragment, Section

from .models import Event, EventStatus, Registration, RegistrationStatus

UPCOMING = timedelta(days=14)
EVENTS_PER_SECTION = 5


def digest_sections(batch: DigestBatch) -> dict[int, list[Section]]:
    ids = batch.member_ids
    now = batch.until
    registered = defaultdict(list)
    taken = defaultdict(set)
    for registration in (
        Registration.objects.filter(member_id__in=ids, event__end__gt=now)
        .exclude(status=RegistrationStatus.CANCELLED)
        .exclude(event__status=EventStatus.CANCELLED)
        .select_related("event")
        .order_by("event__start", "pk")
    ):
        taken[registration.member_id].add(registration.event_id)
        if (
            registration.status == RegistrationStatus.REGISTERED
            and registration.event.start <= now + UPCOMING
        ):
            registered[registration.member_id].append(registration.event)
    # Open events in followed topics, opened inside the earliest window of the batch.
    pairs = defaultdict(set)
    for event_id, member_id in (
        Event.objects.filter(
            Q(registration_deadline__isnull=True, start__gt=now) | Q(registration_deadline__gt=now),
            created_at__gt=batch.earliest,
            created_at__lte=now,
            takes_nominations=False,
            topics__follows__member_id__in=ids,
        )
        .exclude(status=EventStatus.CANCELLED)
        .values_list("pk", "topics__follows__member_id")
        .distinct()
    ):
        pairs[member_id].add(event_id)
    open_events = (
        {
            event.pk: event
            for event in Event.objects.filter(pk__in=set().union(*pairs.values())).order_by("start")
        }
        if pairs
        else {}
    )
    sections: dict[int, list[Section]] = {}
    for member_id in ids:
        mine = []
        start = batch.since[member_id]
        suggested = sorted(
            (
                open_events[pk]
                for pk in pairs.get(member_id, ())
                if pk not in taken[member_id] and open_events[pk].created_at > start
            ),
            key=lambda event: event.start,
        )
        if suggested:
            mine.append(_section(batch, "events-new", _("Events you may like"), suggested, True))
        if registered[member_id]:
            mine.append(
                _section(batch, "events-mine", _("Your next events"), registered[member_id], False)
            )
        if mine:
            sections[member_id] = mine
    return sections


def _section(batch, key, title, events, news) -> Section:
    shown = events[:EVENTS_PER_SECTION]
    return Section(
        key=key,
        title=title,
        items=[
            Fragment(
                "events/digest/_event",
                {"event": event, "site_url": settings.SITE_URL},
                key=("event", event.pk, event.updated_at),
                cache=batch.cache,
            )
            for event in shown
        ],
        news=news,
        more=len(events) - len(shown),
        more_url="events:index",
    )
