"""System checks for the EVENT_* settings, so a typo stops start-up instead of a reminder."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def event_settings(app_configs, **kwargs):
    from .models import ReminderKind

    errors = []
    unknown = set(settings.EVENT_REMINDERS) - set(ReminderKind.values)
    if unknown:
        errors.append(
            Error(
                f"EVENT_REMINDERS names unknown reminder kinds: {', '.join(sorted(unknown))}.",
                hint=f"Use {', '.join(ReminderKind.values)} (kind=hours before the start).",
                id="events.E001",
            )
        )
    hours = settings.EVENT_WORKING_HOURS
    if len(hours) != 2 or not 0 <= hours[0] < hours[1] - 1 < 24:
        errors.append(
            Error(
                "EVENT_WORKING_HOURS must be two hours, start and end, at least two hours apart.",
                hint="For example EVENT_WORKING_HOURS=8,18.",
                id="events.E002",
            )
        )
    return errors
