"""When a member's digest is due: local morning, and for weekly ones the first working day.

Pure functions (no database): the clock rules are written and tested once.
"""

from datetime import date, datetime, timedelta

from django.conf import settings

from cop.mail import email_time_zone

FREQUENCY_LENGTH = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}
# The first digest of a member (or after a long pause) covers at most this much.
LONGEST_WINDOW = timedelta(days=14)


def local_morning(zone_name: str, now: datetime) -> date | None:
    """The member's local date if `now` is inside their digest hours (07:00 to noon), else None.

    A scanner that runs every few minutes sends at about 07:00; one that was
    down all morning does not send in the evening (the next digest covers the gap).
    """
    local = now.astimezone(email_time_zone(zone_name))
    start, end = settings.DIGEST_HOURS
    return local.date() if start <= local.hour < end else None


def is_due(*, frequency: str, local_date: date, week_starts_on: int | None) -> bool:
    """Daily: every local morning; weekly: on the first working day of the member's week."""
    if frequency == "daily":
        return True
    if frequency == "weekly":
        first_day = settings.DIGEST_DEFAULT_WEEK_START if week_starts_on is None else week_starts_on
        return local_date.weekday() == first_day
    return False


def window_start(*, frequency: str, last_until: datetime | None, now: datetime) -> datetime:
    """Where a digest's "new since" starts: the end of the previous one, or one period back."""
    default = now - FREQUENCY_LENGTH.get(frequency, timedelta(days=1))
    if last_until is None:
        return default
    return max(last_until, now - LONGEST_WINDOW)
