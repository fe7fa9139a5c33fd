from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services

# A lost database connection is worth another try: the service is safe to run twice.
TRANSIENT_DATABASE_ERRORS = (OperationalError, InterfaceError)


@shared_task(
    name="discussions.notify_followers",
    acks_late=True,
    autoretry_for=TRANSIENT_DATABASE_ERRORS,
    retry_backoff=30,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
    time_limit=300,
)
def notify_followers(post_id: int) -> int:
    """Tell the followers of a post's thread (and topic, for a new thread) about it."""
    return services.post_notify_followers(post_id=post_id)


@shared_task(name="discussions.redrive_notifications", acks_late=True, time_limit=300)
def redrive_notifications() -> int:
    """Beat job: send notifications left pending because their task was lost."""
    return services.notifications_redrive()
