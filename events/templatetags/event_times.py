"""`{% event_when event as when %}`: an event's time for the reader and for the host.

The reader's zone is the active one (the member's zone on pages, the
recipient's in emails). The datetimes returned keep their zone when printed
with `|date`, so "10:00 Amman · 08:00 Casablanca" reads right in any page.
"""

from dataclasses import dataclass
from datetime import datetime

from django import template
from django.templatetags.tz import datetimeobject
from django.utils import timezone

from cop.timezones import zone_city

from ..timing import zone

register = template.Library()


def _fixed(moment: datetime, zone_name: str):
    local = moment.astimezone(zone(zone_name))
    fixed = datetimeobject(
        local.year,
        local.month,
        local.day,
        local.hour,
        local.minute,
        local.second,
        local.microsecond,
        local.tzinfo,
        fold=local.fold,
    )
    fixed.convert_to_local_time = False  # |date must not convert it back to the reader's zone
    return fixed


@dataclass
class When:
    start: datetime
    end: datetime
    host_start: datetime
    host_end: datetime
    host_city: str
    city: str
    same_clock: bool


@register.simple_tag
def event_when(event, zone_name: str = "") -> When:
    reader = zone_name or timezone.get_current_timezone_name()
    host = event.host_timezone
    start = _fixed(event.start, reader)
    host_start = _fixed(event.start, host)
    return When(
        start=start,
        end=_fixed(event.end, reader),
        host_start=host_start,
        host_end=_fixed(event.end, host),
        host_city=zone_city(host),
        city=zone_city(reader),
        same_clock=start.utcoffset() == host_start.utcoffset() and reader == host,
    )
