"""Tasks kept in the database during a broker outage, published again once it is back."""

import logging

from django.db import transaction
from django.utils import timezone

from ..models import DeferredTask
from ..queue import broker_recovered, send_now

logger = logging.getLogger(__name__)


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
