"""Point the Celery app of the test process at a given broker, then restore it."""

import contextlib
import socket

import kombu.pools

from cop import queue
from cop.celery import app


@contextlib.contextmanager
def broker_at(url: str):
    previous = (app.conf.broker_url, app.conf.task_always_eager)
    _reset_pools()
    app.conf.broker_url = url
    app.conf.task_always_eager = False
    queue.broker_recovered()
    try:
        yield
    finally:
        _reset_pools()
        app.conf.broker_url, app.conf.task_always_eager = previous
        queue.broker_recovered()


def _reset_pools():
    # Connections and producers are pooled per broker URL; drop them so the
    # next publish connects to the URL now configured.
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


def closed_port() -> int:
    """A local TCP port with nothing listening on it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def silent_server():
    """A local address that accepts connections and never answers a byte."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    try:
        yield server.getsockname()[1]
    finally:
        server.close()
