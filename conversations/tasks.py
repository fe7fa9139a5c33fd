from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services

# A lost database connection is worth another try: the services are safe to run twice.
TRANSIENT_DATABASE_ERRORS = (OperationalError, InterfaceError)

RETRYING = {
    "acks_late": True,
    "autoretry_for": TRANSIENT_DATABASE_ERRORS,
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
    "time_limit": 300,
}


@shared_task(name="conversations.notify_message", **RETRYING)
def notify_message(message_id: int) -> int:
    """Email the other participants of a conversation about a new message."""
    return services.message_notify(message_id=message_id)


@shared_task(name="conversations.notify_expert", **RETRYING)
def notify_expert(question_id: int) -> bool:
    """Tell an expert about a public question addressed to them."""
    return services.expert_notify(question_id=question_id)


@shared_task(name="conversations.redrive_notifications", acks_late=True, time_limit=300)
def redrive_notifications() -> int:
    """Beat job: email about private messages whose task was lost."""
    return services.notifications_redrive()
