"""Pieces of `manage.py bench_events`: a local SMTP sink process and the raw baseline.

The sink is the smallest SMTP server that accepts everything and counts the
messages (`XSTAT` answers the count); it runs as its own process:

    python -m events.benchmark --port 2525
"""

import argparse
import asyncio
import smtplib
import socket
import subprocess
import sys
import time
from contextlib import contextmanager

from django.conf import settings


class _Sink:
    def __init__(self):
        self.count = 0

    async def handle(self, reader, writer):
        writer.write(b"220 bench-sink ESMTP\r\n")
        await writer.drain()
        while line := await reader.readline():
            verb = line[:4].upper()
            if verb in (b"EHLO",):
                writer.write(b"250-bench-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
            elif verb == b"DATA":
                writer.write(b"354 go ahead\r\n")
                await writer.drain()
                while (await reader.readline()) not in (b".\r\n", b""):
                    pass
                self.count += 1
                writer.write(b"250 queued\r\n")
            elif verb == b"QUIT":
                writer.write(b"221 bye\r\n")
                await writer.drain()
                break
            elif verb == b"XSTA":
                writer.write(f"250 {self.count}\r\n".encode())
            else:  # HELO, MAIL, RCPT, RSET, NOOP
                writer.write(b"250 ok\r\n")
            await writer.drain()
        writer.close()


def serve(port: int) -> None:
    sink = _Sink()

    async def main():
        server = await asyncio.start_server(sink.handle, "127.0.0.1", port)
        async with server:
            await server.serve_forever()

    asyncio.run(main())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def sink_process():
    """A sink in another process on a free loopback port; yields the port."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
        [sys.executable, "-m", "events.benchmark", "--port", str(port)], cwd=settings.BASE_DIR
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(10)


def sink_count(port: int) -> int:
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        _code, message = client.docmd("XSTAT")
    return int(message)


def raw_baseline(messages, port: int) -> float:
    """Seconds to push pre-rendered Django messages over one SMTP connection."""
    from django.core.mail import get_connection

    connection = get_connection(
        "django.core.mail.backends.smtp.EmailBackend", host="127.0.0.1", port=port, timeout=30
    )
    started = time.perf_counter()
    connection.open()
    for message in messages:
        message.connection = connection
        connection.send_messages([message])
    connection.close()
    return time.perf_counter() - started


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="A local SMTP sink for benchmarks.")
    parser.add_argument("--port", type=int, required=True)
    serve(parser.parse_args().port)
