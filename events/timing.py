"""Clock rules for events: recurrences in the host's zone, reminder times, working hours.

Pure functions (no database), so the rules are written and tested once.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cop.timezones import is_known, zone_city

# RRULE frequencies a facilitator may use: nothing more often than weekly.
ALLOWED_FREQUENCIES = {"WEEKLY", "MONTHLY", "YEARLY"}
RULE_PARTS = {
    "FREQ",
    "INTERVAL",
    "BYDAY",
    "BYMONTHDAY",
    "BYMONTH",
    "BYSETPOS",
    "COUNT",
    "UNTIL",
    "WKST",
}


def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name if is_known(name) else "UTC")


def parse_recurrence(rule: str, *, first_start_local: datetime):
    """A dateutil rrule from an RRULE string, or ValidationError with a reason a person can read.

    The rule is interpreted on naive wall-clock times of the host's zone.
    """
    text = (rule or "").strip().upper()
    if text.startswith("RRULE:"):
        text = text[len("RRULE:") :]
    if not text or "\n" in text or len(text) > 300:
        raise ValidationError(_("Enter one recurrence rule, such as FREQ=MONTHLY;INTERVAL=2."))
    parts = {}
    for chunk in text.split(";"):
        name, sep, value = chunk.partition("=")
        if not sep or name not in RULE_PARTS or not value:
            raise ValidationError(
                _("This recurrence rule has a part that is not allowed: %(part)s"),
                params={"part": chunk[:40]},
            )
        parts[name] = value
    if parts.get("FREQ") not in ALLOWED_FREQUENCIES:
        raise ValidationError(
            _("A series repeats weekly at most often (FREQ=WEEKLY, MONTHLY or YEARLY).")
        )
    try:
        return text, rrulestr(text, dtstart=first_start_local.replace(tzinfo=None))
    except (ValueError, TypeError) as exc:
        raise ValidationError(_("This is not a valid recurrence rule.")) from exc


def validate_recurrence(rule: str, *, first_start_local: datetime) -> str:
    """Check the rule and its size: a rule that would make too many sessions is refused."""
    text, parsed = parse_recurrence(rule, first_start_local=first_start_local)
    limit = settings.EVENT_SERIES_MAX_SESSIONS_PER_YEAR
    year_later = first_start_local.replace(tzinfo=None) + timedelta(days=365)
    count = 0
    for _occurrence in parsed.xafter(first_start_local.replace(tzinfo=None), inc=True):
        if _occurrence > year_later:
            break
        count += 1
        if count > limit:
            raise ValidationError(
                _(
                    "This rule would create more than %(limit)s sessions a year. "
                    "A series is for regular meetings, such as every two months."
                ),
                params={"limit": limit},
            )
    if count == 0:
        raise ValidationError(_("This rule creates no session after the first start."))
    return text


def occurrences_after(rule: str, *, first_start_local: datetime, after_local: datetime, count: int):
    """The next `count` wall-clock starts of the rule at or after `after_local` (naive, host zone)."""
    _text, parsed = parse_recurrence(rule, first_start_local=first_start_local)
    found = []
    for occurrence in parsed.xafter(after_local.replace(tzinfo=None), inc=True):
        found.append(occurrence)
        if len(found) >= count:
            break
    return found


def host_aware(naive_local: datetime, host_timezone: str) -> datetime:
    """A wall-clock time of the host's zone as an aware datetime.

    A time inside a spring-forward gap takes the offset before the change
    (PEP 495, fold=0), so it lands just after the gap.
    """
    return naive_local.replace(tzinfo=zone(host_timezone))


@dataclass(frozen=True)
class LocalTime:
    """A moment as one person reads it: their zone's city and the local time."""

    moment: datetime
    zone: str

    @property
    def local(self) -> datetime:
        return self.moment.astimezone(zone(self.zone))

    @property
    def city(self) -> str:
        return zone_city(self.zone)


def reminder_offsets() -> dict[str, timedelta]:
    """kind -> how long before the start, from EVENT_REMINDERS (hours), closest last."""
    offsets = {kind: timedelta(hours=hours) for kind, hours in settings.EVENT_REMINDERS.items()}
    return dict(sorted(offsets.items(), key=lambda item: -item[1]))


def within_working_hours(kind: str) -> bool:
    return kind in settings.EVENT_REMINDERS_WORKING_HOURS_KINDS


def reminder_due(*, start: datetime, kind: str, member_zone: str) -> datetime:
    """When the reminder of `kind` is due for a member in `member_zone`.

    Week and day reminders are moved earlier, never later, into the member's
    working hours: one due at 03:00 goes out the evening before, one due at
    20:00 the same afternoon; the last hour of the day is kept free so that the
    scanner's period cannot push it past the end.
    """
    due = start - reminder_offsets()[kind]
    if not within_working_hours(kind):
        return due
    opens, closes = settings.EVENT_WORKING_HOURS
    tz = zone(member_zone)
    local = due.astimezone(tz)
    latest = time(closes - 1)
    if time(opens) <= local.time() < time(closes):
        return due
    day = local.date() if local.time() >= time(closes) else local.date() - timedelta(days=1)
    return datetime.combine(day, latest, tzinfo=tz).astimezone(UTC)
