"""Requests per second under concurrency: one gunicorn worker, and wrk (or a Python client).

    with GunicornServer(env) as server:
        figures = requests_per_second(server.url("/en/..."), cookie=..., seconds=10)

`wrk -t1 -c4` is used when installed (`apt-get install wrk`); otherwise a
Python client with four keep-alive connections does the same job (it is slower
at generating load, so its figures for very fast pages are a floor).
"""

import http.client
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from .processes import wait_for_port


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class GunicornServer:
    """`gunicorn cop.devtools.bench_wsgi` with one sync worker, as the issue measured it."""

    def __init__(self, env: dict, log_path: str | Path, *, workers: int = 1):
        self.env = env
        self.port = free_port()
        self.workers = workers
        self.log_path = Path(log_path)
        self.process = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> "GunicornServer":
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "cop.devtools.bench_wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "60",
            ],
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        wait_for_port("127.0.0.1", self.port, timeout=30)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "_log", None):
            self._log.close()

    def __enter__(self) -> "GunicornServer":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


def _python_load(url: str, *, cookie: str, seconds: float, connections: int) -> dict:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = {"Cookie": cookie} if cookie else {}
    counts = [0] * connections
    errors = [0] * connections
    deadline = time.perf_counter() + seconds

    def work(index):
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        while time.perf_counter() < deadline:
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status == 200:
                    counts[index] += 1
                else:
                    errors[index] += 1
            except (OSError, http.client.HTTPException):
                errors[index] += 1
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=work, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "client": f"python ({connections} connections)",
        "requests_per_second": round(sum(counts) / elapsed, 1),
        "requests": sum(counts),
        "errors": sum(errors),
    }


def _wrk(url: str, *, cookie: str, seconds: float, connections: int) -> dict:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, int(seconds))}s", "--latency"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    median = re.search(r"50%\s+([\d.]+)(us|ms|s)", output)
    figures = {
        "client": f"wrk -t1 -c{connections}",
        "requests_per_second": round(rate, 1),
        "requests": total,
        "errors": int(bad.group(1)) if bad else 0,
    }
    if median:
        factor = {"us": 0.001, "ms": 1, "s": 1000}[median.group(2)]
        figures["median_latency_ms"] = round(float(median.group(1)) * factor, 2)
    return figures


def requests_per_second(
    url: str, *, cookie: str = "", seconds: float = 10, connections: int = 4, warmup: float = 2
) -> dict:
    """Requests/s `url` serves to `connections` concurrent keep-alive clients for `seconds`."""
    use_wrk = shutil.which("wrk") is not None and not os.environ.get("BENCH_NO_WRK")
    load = _wrk if use_wrk else _python_load
    if warmup:
        _python_load(url, cookie=cookie, seconds=warmup, connections=1)
    return load(url, cookie=cookie, seconds=seconds, connections=connections)
