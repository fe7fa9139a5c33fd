"""A local SMTP server that accepts every message and keeps it, for tests and benchmarks.

Built on aiosmtpd (a dev dependency). Two ways to run it:

- in a thread of the current process::

      with SmtpSink() as sink:           # listens on 127.0.0.1, a free port
          settings.EMAIL_HOST, settings.EMAIL_PORT = sink.host, sink.port
          ...
          sink.wait_for(10)              # until 10 messages arrived (or TimeoutError)
          sink.messages                  # parsed email.message.EmailMessage objects

- in another process (a worker sends to it while the test process is killed,
  restarted, timed...)::

      python -m cop.devtools.smtp_sink --port 2525 --folder /tmp/sink [--delay 0.2]

  `SinkProcess(folder)` starts that and reads what arrived: every accepted
  message is written to the folder as `<n>.eml` (written, then renamed, so a
  counted file is complete).

Options, to play a real server's part in tests:
- `delay`: seconds to wait after MAIL FROM, before anything of the message is
  transferred; while it waits `sink.waiting` is set, so a test can kill the
  sender at a moment when the message cannot have been accepted.
- `refuse`: {address: (code, text)} answered to RCPT TO for those addresses
  (550 for a permanent refusal, 450 for a temporary one).
"""

import argparse
import asyncio
import email
import email.policy
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


class _Handler:
    def __init__(self, sink):
        self.sink = sink

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.sink.seen(session)
        if self.sink.delay:
            self.sink.waiting.set()
            await asyncio.sleep(self.sink.delay)
            self.sink.waiting.clear()
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        refusal = self.sink.refuse.get(address.lower())
        if refusal:
            code, text = refusal
            return f"{code} {text}"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.sink.keep(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
        return "250 Message accepted"


class SmtpSink:
    """An SMTP server in a background thread that stores what it accepts."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int | None = None,
        *,
        delay: float = 0.0,
        refuse: dict | None = None,
        folder: str | Path | None = None,
    ):
        self.host = host
        self.port = port or free_port(host)
        self.delay = delay
        self.refuse = {address.lower(): answer for address, answer in (refuse or {}).items()}
        self.folder = Path(folder) if folder else None
        self.waiting = threading.Event()
        self.raw: list[bytes] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self._sessions: list = []
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._controller = Controller(
            _Handler(self),
            hostname=host,
            port=self.port,
            enable_SMTPUTF8=True,
            data_size_limit=50 * 1024 * 1024,
        )

    def seen(self, session) -> None:
        with self._lock:
            if not any(known is session for known in self._sessions):
                self._sessions.append(session)

    @property
    def connections(self) -> int:
        """How many SMTP connections sent at least one MAIL FROM."""
        with self._lock:
            return len(self._sessions)

    def keep(self, mail_from: str, recipients: list[str], content: bytes) -> None:
        with self._arrived:
            self.raw.append(content)
            self.envelopes.append((mail_from, recipients))
            if self.folder is not None:
                target = self.folder / f"{len(self.raw):07d}.eml"
                partial = target.with_suffix(".part")
                partial.write_bytes(content)
                partial.rename(target)
            self._arrived.notify_all()

    @property
    def count(self) -> int:
        with self._lock:
            return len(self.raw)

    @property
    def messages(self) -> list[email.message.EmailMessage]:
        with self._lock:
            raw = list(self.raw)
        return [email.message_from_bytes(item, policy=email.policy.default) for item in raw]

    def wait_for(self, count: int, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        with self._arrived:
            while len(self.raw) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{len(self.raw)} of {count} messages arrived in {timeout}s")
                self._arrived.wait(left)

    def start(self) -> "SmtpSink":
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def __enter__(self) -> "SmtpSink":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


class SinkProcess:
    """`python -m cop.devtools.smtp_sink` in a child process, read through its folder."""

    def __init__(self, folder: str | Path, *, port: int | None = None, delay: float = 0.0):
        self.folder = Path(folder)
        self.host = "127.0.0.1"
        self.port = port or free_port()
        self.delay = delay
        self.process: subprocess.Popen | None = None

    def start(self) -> "SinkProcess":
        self.folder.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "cop.devtools.smtp_sink", "--port", str(self.port)]
        command += ["--folder", str(self.folder), "--delay", str(self.delay)]
        self.process = subprocess.Popen(command, env=os.environ.copy())
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((self.host, self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("the SMTP sink did not start")

    @property
    def count(self) -> int:
        return sum(1 for _ in self.folder.glob("*.eml"))

    @property
    def messages(self) -> list[email.message.EmailMessage]:
        return [
            email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in sorted(self.folder.glob("*.eml"))
        ]

    def wait_for(self, count: int, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while self.count < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.count} of {count} messages arrived in {timeout}s")
            time.sleep(0.02)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def __enter__(self) -> "SinkProcess":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="A local SMTP server that keeps what it accepts.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=2525)
    parser.add_argument("--folder", required=True, help="where each message is written (.eml)")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds to wait at MAIL FROM")
    args = parser.parse_args(argv)
    sink = SmtpSink(args.host, args.port, delay=args.delay, folder=args.folder).start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        while not stop.wait(0.5):
            pass
    finally:
        sink.stop()


if __name__ == "__main__":
    main()
