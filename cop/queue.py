"""Hand work to Celery after the transaction commits, without ever failing a request.

`enqueue(task, *args)` is the only way application code queues a task. If the
broker cannot be reached, the task is stored as a `DeferredTask` row (visible
to facilitators in admin) and published again by the periodic job
`cop.republish_deferred_tasks` once the broker is back.

After a failure the broker is not tried again by this process for
BROKER_BACKOFF_SECONDS: a request that queues several tasks during an outage
pays the connection timeout at most once.

Work whose rows are already re-driven by a scanner (outgoing emails: a row
still queued after a while is published again by `cop.redrive_emails`) uses
`enqueue_redriven`: during an outage nothing more is stored, the row itself is
the record, so no DeferredTask is needed.
"""

import logging
import time

from django.db import transaction

logger = logging.getLogger(__name__)

BROKER_BACKOFF_SECONDS = 30.0
_broker_down_until = 0.0


def enqueue(task, *args, **kwargs) -> None:
    """Queue `task` with JSON-able ids once the current transaction commits."""
    transaction.on_commit(lambda: publish(task.name, args, kwargs))


def enqueue_redriven(task, *args) -> None:
    """Queue `task` after commit for rows a scanner re-drives; never stores a DeferredTask."""
    transaction.on_commit(lambda: publish(task.name, args, defer=False))


def publish(task_name: str, args=(), kwargs=None, *, defer: bool = True) -> bool:
    """Publish now; on any broker error return False (recording a DeferredTask if `defer`)."""
    global _broker_down_until
    from .celery import app

    kwargs = kwargs or {}
    if app.conf.task_always_eager:
        send_now(task_name, args, kwargs)
        return True
    if time.monotonic() < _broker_down_until:
        if defer:
            _defer(task_name, args, kwargs, "broker marked unavailable after a recent failure")
        return False
    try:
        send_now(task_name, args, kwargs)
    except Exception as exc:  # a broker outage must never break the caller
        _broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS
        logger.warning(
            "Broker unavailable, %s %s: %s",
            "deferring" if defer else "leaving to its re-driver",
            task_name,
            exc,
        )
        if defer:
            _defer(task_name, args, kwargs, repr(exc))
        return False
    return True


def send_now(task_name: str, args=(), kwargs=None) -> None:
    """Hand one task to the broker without retrying (or run it, in eager mode)."""
    from .celery import app

    if app.conf.task_always_eager:
        app.tasks[task_name].apply(args=args, kwargs=kwargs or {}, throw=True)
    else:
        app.send_task(task_name, args=list(args), kwargs=kwargs or {}, retry=False)


def broker_recovered() -> None:
    """Forget a recorded outage (called once deferred tasks were published again)."""
    global _broker_down_until
    _broker_down_until = 0.0


def _defer(task_name, args, kwargs, error: str) -> None:
    from .models import DeferredTask

    DeferredTask.objects.create(
        task_name=task_name, args=list(args), kwargs=kwargs, error=error[:2000]
    )
