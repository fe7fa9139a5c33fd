"""Hand work to Celery after the transaction commits, without ever failing a request.

`enqueue(task, *args)` is the only way application code queues a task. If the
broker cannot be reached, the task is stored as a `DeferredTask` row and
published again by a periodic job once the broker is back.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(task, *args, **kwargs) -> None:
    """Queue `task` with JSON-able ids once the current transaction commits."""
    transaction.on_commit(lambda: publish(task.name, args, kwargs))


def publish(task_name: str, args=(), kwargs=None) -> bool:
    """Publish now; on any broker error, record a DeferredTask and return False."""
    from .celery import app
    from .models import DeferredTask

    kwargs = kwargs or {}
    try:
        if app.conf.task_always_eager:
            app.tasks[task_name].apply(args=args, kwargs=kwargs, throw=True)
        else:
            app.send_task(task_name, args=list(args), kwargs=kwargs, retry=False)
        return True
    except Exception as exc:  # a broker outage must never break the caller
        if app.conf.task_always_eager:
            raise
        logger.warning("Broker unavailable, deferring %s: %s", task_name, exc)
        DeferredTask.objects.create(
            task_name=task_name, args=list(args), kwargs=kwargs, error=repr(exc)[:2000]
        )
        return False
