"""Point the Celery app of the test process at a given broker, then restore it."""

import contextlib
import socket
import subprocess
import time

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


@contextlib.contextmanager
def redis_server(port: int | None = None):
    """A Redis server of the test's own on a free port (keeping nothing on disk), stopped after.

    The shared Redis is never stopped or restarted by a test: one that needs an
    outage starts its own server and ends it.
    """
    port = port or closed_port()
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"redis-server did not start on port {port}") from None
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
