from datetime import timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from . import selectors, services

# "Last active" is for a roster, not a stopwatch: one write per member every few minutes.
LAST_ACTIVE_EVERY = timedelta(minutes=5)


class LastActiveMiddleware:
    """Keep `User.last_active` fresh with at most one UPDATE per member per LAST_ACTIVE_EVERY.

    It reads the value already loaded with `request.user`, so a request that
    does not need a write costs no query at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = timezone.now()
            if user.last_active is None or now - user.last_active >= LAST_ACTIVE_EVERY:
                services.member_touch(member=user, now=now)
        return response


class TimeZoneMiddleware:
    """Show every date and time of a page in the reader's zone (see `selectors.time_zone_for`).

    Templates (`|date`, `{{ value }}`), forms and `timezone.localtime()` all
    follow the zone activated here for the whole request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.time_zone = selectors.time_zone_for(request)
        with timezone.override(ZoneInfo(request.time_zone)):
            return self.get_response(request)
