"""iCalendar (RFC 5545) files: one per event, per series, and a member's private feed.

Each session has a stable UID (kept when it is moved), SEQUENCE raised on every
change, STATUS:CANCELLED once cancelled, and times in UTC so that every
calendar program shows the right instant.
"""

from datetime import UTC
from urllib.parse import urlparse

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from cop.mail import absolute_url

from .models import EventStatus

PRODID = "-//MENA community of practice//events//EN"


def event_uid(event) -> str:
    return f"{event.uid}@{urlparse(settings.SITE_URL).hostname or 'cop'}"


def _component(event, *, with_join_details: bool):
    component = VEvent()
    component.add("uid", event_uid(event))
    component.add("dtstamp", timezone.now())
    component.add("dtstart", event.start.astimezone(UTC))
    component.add("dtend", event.end.astimezone(UTC))
    component.add("sequence", event.sequence)
    component.add("summary", event.title)
    url = absolute_url(reverse("events:detail", args=[event.pk]))
    component.add("url", url)
    lines = [event.description.strip()] if event.description else []
    if with_join_details and event.join_url:
        lines.append(_("Join: %(url)s") % {"url": event.join_url})
    if with_join_details:
        for dial_in in event.dial_ins.all():
            lines.append(_("Dial-in: %(number)s") % {"number": dial_in.number})
    lines.append(url)
    component.add("description", "\n\n".join(lines))
    if event.place:
        component.add("location", event.place)
    elif with_join_details and event.join_url:
        component.add("location", event.join_url)
    cancelled = event.status == EventStatus.CANCELLED
    component.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return component


def calendar_bytes(events, *, name: str, with_join_details=lambda event: False) -> bytes:
    """A VCALENDAR holding `events`; `with_join_details(event)` says whether to include the link."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(_component(event, with_join_details=with_join_details(event)))
    return calendar.to_ical()


def event_ics(event, *, with_join_details: bool = False) -> bytes:
    return calendar_bytes([event], name=event.title, with_join_details=lambda e: with_join_details)


def ics_attachment(event, *, with_join_details: bool = True) -> dict:
    """The .ics as an email attachment (cop.mail keeps attachments as text)."""
    return {
        "filename": "event.ics",
        "content": event_ics(event, with_join_details=with_join_details).decode(),
        "mimetype": "text/calendar",
    }
