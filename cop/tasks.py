import smtplib

from celery import shared_task

from . import services

TRANSIENT_MAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError)


@shared_task(
    name="cop.send_email",
    bind=True,
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=30,
    retry_backoff_max=1800,
    retry_jitter=True,
    max_retries=8,
    time_limit=120,
    soft_time_limit=90,
)
def send_email(self, email_id: int) -> bool:
    """Send one OutboundEmail; retried with backoff while the mail server fails."""
    try:
        return services.email_deliver(email_id=email_id)
    except TRANSIENT_MAIL_ERRORS as exc:
        if self.request.retries >= self.max_retries:
            services.email_mark_failed(email_id=email_id, error=repr(exc))
            return False
        raise


@shared_task(name="cop.republish_deferred_tasks", acks_late=True, time_limit=300)
def republish_deferred_tasks() -> int:
    """Beat job: hand tasks kept during a broker outage to the broker again."""
    return services.deferred_tasks_republish()
