"""Platform-wide writes: email delivery and re-publishing deferred tasks."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from .models import DeferredTask, OutboundEmail
from .queue import broker_recovered, send_now

logger = logging.getLogger(__name__)


def email_deliver(*, email_id: int) -> bool:
    """Send one queued email once. Returns True if it was sent by this call.

    The row is locked for the duration, so two workers running the same task
    (a redelivery, a republished deferred task) cannot both send it.
    """
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status != OutboundEmail.Status.QUEUED:
            return False
        email.attempts += 1
        message = EmailMultiAlternatives(
            subject=email.subject,
            body=email.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email.to],
            headers=email.headers,
        )
        if email.body_html:
            message.attach_alternative(email.body_html, "text/html")
        for attachment in email.attachments:
            message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
        try:
            message.send()
        except Exception as exc:
            # Keep the attempt count and error; the task decides whether to retry.
            OutboundEmail.objects.filter(pk=email.pk).update(
                attempts=email.attempts, last_error=repr(exc)[:2000]
            )
            raise
        email.status = OutboundEmail.Status.SENT
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=["status", "sent_at", "attempts", "last_error", "updated_at"])
    return True


def emails_forget(*, address: str) -> int:
    """Erase the outgoing-email rows addressed to `address` (a closed account).

    Their bodies hold the person's name and messages about them; nothing
    still queued to a closed account needs to go out.
    """
    deleted, _ = OutboundEmail.objects.filter(to__iexact=address).delete()
    return deleted


def email_mark_failed(*, email_id: int, error: str) -> None:
    OutboundEmail.objects.filter(pk=email_id, status=OutboundEmail.Status.QUEUED).update(
        status=OutboundEmail.Status.FAILED, last_error=error[:2000]
    )


def deferred_tasks_republish(*, ids: list[int] | None = None, limit: int = 500) -> int:
    """Publish deferred tasks again; returns how many reached the broker.

    Each row is claimed under a row lock (skip_locked) so two schedulers never
    publish the same row twice.
    """
    published = 0
    pending = DeferredTask.objects.filter(published_at__isnull=True).order_by("pk")
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    for task_id in pending.values_list("pk", flat=True)[:limit]:
        with transaction.atomic():
            row = (
                DeferredTask.objects.select_for_update(skip_locked=True)
                .filter(pk=task_id, published_at__isnull=True)
                .first()
            )
            if row is None:
                continue
            if not _publish_once(row):
                row.attempts += 1
                row.save(update_fields=["attempts", "error", "updated_at"])
                # The broker is still away: no point trying the rest now.
                break
            row.published_at = timezone.now()
            row.save(update_fields=["published_at", "updated_at"])
            published += 1
    if published:
        broker_recovered()
    return published


def _publish_once(row: DeferredTask) -> bool:
    try:
        send_now(row.task_name, row.args, row.kwargs)
    except Exception as exc:
        logger.warning("Broker still unavailable for deferred %s: %s", row.task_name, exc)
        row.error = repr(exc)[:2000]
        return False
    return True
