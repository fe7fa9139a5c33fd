"""Attendance, taken by facilitators after (or during) an event."""

from django.db import transaction

from .. import permissions
from ..models import Registration, RegistrationStatus


@transaction.atomic
def attendance_record(*, event, by, attended_ids) -> int:
    """Mark who attended among the registered: the ids given attended, the others did not.

    Returns how many registrations changed.
    """
    permissions.check_can_take_attendance(by, event)
    attended_ids = {int(pk) for pk in attended_ids}
    registered = Registration.objects.filter(event=event, status=RegistrationStatus.REGISTERED)
    yes = registered.filter(pk__in=attended_ids).exclude(attended=True).update(attended=True)
    no = registered.exclude(pk__in=attended_ids).exclude(attended=False).update(attended=False)
    return yes + no
