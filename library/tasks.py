from celery import shared_task

from . import services


@shared_task(
    name="library.notify_publication",
    acks_late=True,
    time_limit=600,
    soft_time_limit=540,
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def notify_publication(version_id: int) -> int:
    """Tell the followers of a document's topics that a version was published (once each)."""
    return services.publication_notify(version_id=version_id)


@shared_task(
    name="library.send_milestone_reminders", acks_late=True, time_limit=900, soft_time_limit=840
)
def send_milestone_reminders() -> int:
    """Beat job: queue every milestone reminder due now (each exactly once)."""
    return services.milestone_reminders_send_due()
