"""Brokers for tests: point the app at one (`broker_at`), or at ports that never help."""

import contextlib
import socket

from cop.devtools.processes import broker_at

__all__ = ["broker_at", "closed_port", "silent_server"]


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
