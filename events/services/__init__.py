"""Every write the events app makes (see each module)."""

from .attendance import attendance_record
from .feeds import calendar_feed_get_or_create, calendar_feed_regenerate, calendar_feed_revoke
from .nominations import nomination_create, nomination_decide, nomination_withdraw, quota_used
from .registrations import (
    registration_cancel,
    registration_create,
    series_register,
    series_unregister,
    waitlist_promote,
)
from .reminders import reminders_send_due
from .sessions import (
    event_announce_change,
    event_cancel,
    event_render_texts,
    event_save,
    event_validate,
    series_generate_sessions,
    series_validate,
)

__all__ = [
    "attendance_record",
    "calendar_feed_get_or_create",
    "calendar_feed_regenerate",
    "calendar_feed_revoke",
    "event_announce_change",
    "event_cancel",
    "event_render_texts",
    "event_save",
    "event_validate",
    "nomination_create",
    "nomination_decide",
    "nomination_withdraw",
    "quota_used",
    "registration_cancel",
    "registration_create",
    "reminders_send_due",
    "series_generate_sessions",
    "series_register",
    "series_unregister",
    "series_validate",
    "waitlist_promote",
]
