"""Real processes for tests and benchmarks: a private Redis server and Celery workers.

with RedisServer() as redis_server:            # its own port, keeps nothing on disk
    worker = CeleryWorker(worker_env(database_url, redis_server.url()), log)
    worker.start()
    ...
    redis_server.restart()                     # every queued task is gone
    worker.kill()                              # SIGKILL, as a crash would
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

from .smtp_sink import free_port


def wait_for_port(host: str, port: int, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing answers on {host}:{port}")


class RedisServer:
    """`redis-server` on a free local port, without persistence (a restart loses everything)."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None
        self.binary = shutil.which("redis-server")

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> "RedisServer":
        if self.binary is None:
            raise RuntimeError("redis-server is not installed")
        command = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--daemonize", "no"]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_for_port("127.0.0.1", self.port)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def restart(self) -> None:
        """Kill and start again on the same port: what was queued is lost."""
        self.stop()
        self.start()

    def __enter__(self) -> "RedisServer":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


def database_url(connection=None) -> str:
    """A URL for another process to reach the database this process uses (tests: the test DB)."""
    from django.db import connection as default

    db = (connection or default).settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    return f"postgres://{user}{password}@{host}:{db.get('PORT') or 5432}/{db['NAME']}"


@contextlib.contextmanager
def broker_at(url: str):
    """Point this process's Celery app at `url` (no eager mode), then restore it."""
    import kombu.pools

    from cop import queue
    from cop.celery import app

    def reset_pools():
        # Connections and producers are pooled per broker URL; drop them so the
        # next publish connects to the URL now configured.
        kombu.pools.reset()
        app._pool = None
        app.amqp._producer_pool = None

    previous = (app.conf.broker_url, app.conf.task_always_eager)
    reset_pools()
    app.conf.broker_url = url
    app.conf.task_always_eager = False
    queue.broker_recovered()
    try:
        yield
    finally:
        reset_pools()
        app.conf.broker_url, app.conf.task_always_eager = previous
        queue.broker_recovered()


def worker_env(database_url: str, redis_url: str, **extra: str) -> dict:
    """The environment of a worker process on this database and broker."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_EMAIL_BACKEND", "CELERY_BROKER_URL", "EMAIL_FILE_PATH"}
    }
    return env | {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DJANGO_SETTINGS_MODULE": "cop.settings",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        **extra,
    }


class CeleryWorker:
    """`celery -A cop worker` (solo pool by default) as a child process."""

    def __init__(self, env: dict, log_path: str | Path, *, pool: str = "solo", concurrency=1):
        self.env = env
        self.log_path = Path(log_path)
        self.pool = pool
        self.concurrency = concurrency
        self.process: subprocess.Popen | None = None

    def start(self) -> "CeleryWorker":
        command = [sys.executable, "-m", "celery", "-A", "cop", "worker"]
        command += [f"--pool={self.pool}", f"--concurrency={self.concurrency}"]
        command += ["--loglevel=INFO", "--without-gossip", "--without-mingle"]
        command += ["--without-heartbeat", "--hostname", f"test-{free_port()}@%h"]
        self._log = open(self.log_path, "a")  # noqa: SIM115 - closed in stop()
        self._log_start = self.log_path.stat().st_size
        self.process = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self._wait_until_ready()
        return self

    def _wait_until_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the worker exited; see {self.log_path}")
            with open(self.log_path, errors="replace") as log:
                log.seek(self._log_start)
                if " ready." in log.read():
                    return
            time.sleep(0.1)
        raise RuntimeError(f"the worker did not become ready; see {self.log_path}")

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL: no cleanup, no acknowledgement, as when a machine dies."""
        if self.alive:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
        self._close_log()

    def stop(self) -> None:
        if self.alive:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._close_log()

    def _close_log(self) -> None:
        log = getattr(self, "_log", None)
        if log is not None and not log.closed:
            log.close()

    def __enter__(self) -> "CeleryWorker":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
