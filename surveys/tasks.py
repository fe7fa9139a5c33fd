from celery import shared_task

from . import services


@shared_task(name="surveys.send_reminders", acks_late=True, time_limit=900, soft_time_limit=840)
def send_reminders() -> int:
    """Beat job: queue every survey reminder due now (each member at most once per survey)."""
    return services.reminders_send_due()
