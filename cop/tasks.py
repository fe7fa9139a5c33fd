"""Thin tasks: each takes ids and calls one service (see `cop.services`).

Email tasks never retry through Celery: a failed email becomes a row awaiting
retry with its due time, and `cop.redrive_emails` publishes it again.
"""

from celery import shared_task

from . import services


@shared_task(
    name="cop.send_emails",
    acks_late=True,
    # Below COP_EMAIL_LEASE_SECONDS, so a row is never re-driven while its worker lives.
    soft_time_limit=240,
    time_limit=300,
)
def send_emails(email_ids: list[int]) -> int:
    """Send a batch of queued emails over one SMTP connection; returns how many went out."""
    return services.emails_send(ids=email_ids)


@shared_task(name="cop.send_email", acks_late=True, soft_time_limit=60, time_limit=90)
def send_email(email_id: int) -> int:
    """One email: kept for tasks queued (or deferred) before batches existed."""
    return services.emails_send(ids=[email_id])


@shared_task(name="cop.redrive_emails", acks_late=True, time_limit=300)
def redrive_emails() -> int:
    """Beat job: publish again the emails whose task was lost or whose retry is due."""
    return services.emails_redrive()


@shared_task(name="cop.prune_emails", acks_late=True, time_limit=600)
def prune_emails() -> int:
    """Beat job: delete sent and failed emails past COP_EMAIL_RETENTION_DAYS."""
    return services.emails_prune()


@shared_task(name="cop.republish_deferred_tasks", acks_late=True, time_limit=300)
def republish_deferred_tasks() -> int:
    """Beat job: hand tasks kept during a broker outage to the broker again."""
    return services.deferred_tasks_republish()
