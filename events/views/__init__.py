"""The events app's views, by audience (the URLs name them from here)."""

from .calendars import event_ics, feed, feed_manage, series_ics
from .organisers import (
    attendance,
    nomination_decide,
    nominations,
    registrations,
    registrations_export,
)
from .pages import (
    detail,
    index,
    join,
    material,
    month,
    register,
    series_detail,
    series_register,
    series_unregister,
    unregister,
)

__all__ = [
    "attendance",
    "detail",
    "event_ics",
    "feed",
    "feed_manage",
    "index",
    "join",
    "material",
    "month",
    "nomination_decide",
    "nominations",
    "register",
    "registrations",
    "registrations_export",
    "series_detail",
    "series_ics",
    "series_register",
    "series_unregister",
    "unregister",
]
