"""Reminders before each event: found in bulk, each (registration, kind) sent exactly once.

The scanner (`events.send_reminders` on beat, and `manage.py send_event_reminders`)
looks at the events starting soon, works out for each reminder kind which of
the registrants' time zones are due now (week and day reminders keep to
local working hours), and then, batch by batch, in one transaction:

1. inserts the `ReminderDelivery` rows with ON CONFLICT DO NOTHING, learning
   which ones this run created (a concurrent run that got there first wins);
2. renders and stores the emails for exactly those rows;
3. links the rows to their emails.

A run that dies half-way rolls its batch back whole; the next run does it
again. The number of queries per batch does not depend on its size.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from cop.models import UnsubscribeScope

from ..calendar import ics_attachment
from ..mailing import RenderedOnce, send_to_members
from ..models import Event, EventStatus, Registration, RegistrationStatus, ReminderDelivery
from ..timing import reminder_due, reminder_offsets

logger = logging.getLogger(__name__)


def _current_kind_zones(event: Event, zones: set[str], now) -> dict[str, list[str]]:
    """kind -> the zones for which that kind is the reminder due now.

    A kind is due from its own time until the next (closer) kind's time, so a
    member who registers late gets only the reminder that still makes sense.
    """
    kinds = list(reminder_offsets())
    current: dict[str, list[str]] = {}
    for zone_name in zones:
        for index, kind in enumerate(kinds):
            due = reminder_due(start=event.start, kind=kind, member_zone=zone_name)
            following = (
                reminder_due(start=event.start, kind=kinds[index + 1], member_zone=zone_name)
                if index + 1 < len(kinds)
                else event.start
            )
            if due <= now < following:
                current.setdefault(kind, []).append(zone_name)
    return current


def events_needing_reminders(now):
    horizon = max(reminder_offsets().values(), default=timedelta(0)) + timedelta(days=1)
    return (
        Event.objects.filter(start__gt=now, start__lte=now + horizon)
        .exclude(status=EventStatus.CANCELLED)
        .prefetch_related("dial_ins__country")
    )


def due_registrations(*, event: Event, kind: str, zones: list[str]):
    """Registered, active members of `event` in `zones` without a reminder of `kind` yet."""
    delivered = ReminderDelivery.objects.filter(registration=OuterRef("pk"), kind=kind)
    return (
        Registration.objects.filter(
            event=event,
            status=RegistrationStatus.REGISTERED,
            member__is_active=True,
            member__timezone__in=zones,
        )
        .filter(member__event_reminders=True)
        .filter(~Exists(delivered))
        .select_related("member")
        .order_by("pk")
    )


def _claim(registration_ids: list[int], kind: str) -> dict[int, int]:
    """Insert the delivery rows; return {registration id: delivery id} for those created now."""
    if not registration_ids:
        return {}
    table = ReminderDelivery._meta.db_table
    now = timezone.now()
    values = ", ".join(["(%s, %s, %s)"] * len(registration_ids))
    params = []
    for registration_id in registration_ids:
        params += [registration_id, kind, now]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (registration_id, kind, created_at) VALUES {values} "  # noqa: S608 - table name from the model; values are parameters
            "ON CONFLICT (registration_id, kind) DO NOTHING RETURNING id, registration_id",
            params,
        )
        return {registration_id: pk for pk, registration_id in cursor.fetchall()}


def reminder_batch_send(*, event: Event, kind: str, zones: list[str], dial_ins, batch: int) -> int:
    """One batch in one transaction; returns how many reminders it queued (0: nothing left)."""
    block = {"event": event, "with_join": True, "dial_ins": dial_ins, "site_url": settings.SITE_URL}
    with transaction.atomic():
        registrations = list(due_registrations(event=event, kind=kind, zones=zones)[:batch])
        claimed = _claim([r.pk for r in registrations], kind)
        mine = [r for r in registrations if r.pk in claimed]
        if not mine:
            return 0
        emails = send_to_members(
            template="events/email/reminder",
            recipients=[(r.member, {}) for r in mine],
            context={
                "event": event,
                "kind": kind,
                # The event's block is the same for everyone reading in one language and zone.
                "event_html": RenderedOnce("events/email/_event.html", block),
                "event_text": RenderedOnce("events/email/_event.txt", block),
            },
            attachments=lambda language: [ics_attachment(event, with_join_details=True)],
            unsubscribe=UnsubscribeScope.EVENT_REMINDERS,
            # A reminder that could not leave before the event starts is not sent late.
            not_after=event.start,
        )
        deliveries = [
            ReminderDelivery(
                pk=claimed[r.pk], registration_id=r.pk, kind=kind, email_id=emails.get(r.member_id)
            )
            for r in mine
        ]
        ReminderDelivery.objects.bulk_update(deliveries, ["email"])
        return len(mine)


def reminders_send_due(*, now=None, batch: int | None = None) -> int:
    """Queue every reminder due now, exactly once each. Returns how many were queued."""
    now = now or timezone.now()
    batch = batch or settings.EVENT_REMINDER_BATCH
    sent = 0
    for event in events_needing_reminders(now):
        zones = set(
            event.registrations.filter(status=RegistrationStatus.REGISTERED)
            .order_by()
            .values_list("member__timezone", flat=True)
            .distinct()
        )
        kinds = _current_kind_zones(event, zones, now)
        if not kinds:
            continue
        dial_ins = list(event.dial_ins.all())  # prefetched: the emails and the .ics share them
        for kind, kind_zones in kinds.items():
            try:
                while True:
                    count = reminder_batch_send(
                        event=event, kind=kind, zones=kind_zones, dial_ins=dial_ins, batch=batch
                    )
                    sent += count
                    if count == 0:
                        break
            except Exception:  # one event's failure must not stop the others
                logger.exception("Reminders for event %s (%s) failed", event.pk, kind)
    return sent
