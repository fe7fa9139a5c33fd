"""Every write the members app makes."""

from django.db import transaction

from .models import DigestFrequency, NotificationMode, User


@transaction.atomic
def member_unsubscribe(*, user: User) -> None:
    """Turn off notification and digest emails (account emails still go out)."""
    user.notification_mode = NotificationMode.NONE
    user.digest_frequency = DigestFrequency.NONE
    user.save(update_fields=["notification_mode", "digest_frequency"])
