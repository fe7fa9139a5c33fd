from celery import shared_task

from . import services


@shared_task(name="events.send_reminders", acks_late=True, time_limit=900, soft_time_limit=840)
def send_reminders() -> int:
    """Beat job: queue every event reminder due now (each exactly once)."""
    return services.reminders_send_due()
