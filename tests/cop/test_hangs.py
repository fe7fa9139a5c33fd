"""Nothing waits forever: broker sockets have timeouts in every configuration, tests have one too."""

import json
import os
import subprocess
import sys
import textwrap
import time

import pytest
from django.conf import settings

from .brokers import silent_server

BASE = settings.BASE_DIR


def embedded_env(**extra) -> dict:
    """The environment of the embedded default: no REDIS_URL, no broker URL."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "CELERY_BROKER_URL", "DATABASE_URL"}
    }
    return env | {"DJANGO_SETTINGS_MODULE": "cop.settings"} | extra


def python(code: str, env: dict, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=BASE,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_redis_socket_timeouts_are_kept_without_redis_url(tmp_path):
    done = python(
        """
        import json, django
        django.setup()
        from django.conf import settings
        print(json.dumps(settings.CELERY_BROKER_TRANSPORT_OPTIONS))
        """,
        embedded_env(COP_VAR_DIR=str(tmp_path)),
    )
    assert done.returncode == 0, done.stderr
    options = json.loads(done.stdout.strip().splitlines()[-1])
    assert options["socket_connect_timeout"] == 1
    assert options["socket_timeout"] == 2
    assert options["data_folder_in"].startswith(str(tmp_path)), "the file broker still works"


def test_publishing_to_a_silent_redis_gives_up_quickly_without_redis_url(tmp_path):
    """The embedded default pointed at a Redis that never answers (what tests do)."""
    with silent_server() as port:
        started = time.monotonic()
        done = python(
            f"""
            import django
            django.setup()
            from cop.celery import app
            from cop.queue import send_now
            app.conf.broker_url = "redis://127.0.0.1:{port}/0"
            try:
                send_now("cop.republish_deferred_tasks")
            except Exception as exc:
                print("refused", type(exc).__name__)
            """,
            embedded_env(COP_VAR_DIR=str(tmp_path)),
            timeout=60,
        )
        elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1].startswith("refused")
    assert elapsed < 20, f"publishing hung for {elapsed:.0f}s"


def test_a_hanging_test_fails_instead_of_stalling_the_suite(tmp_path, request):
    assert request.config.pluginmanager.hasplugin("timeout")
    assert request.config.getini("timeout") == "120"
    (tmp_path / "test_forever.py").write_text(
        "import time\n\ndef test_forever():\n    time.sleep(3600)\n"
    )
    (tmp_path / "pytest.ini").write_text("[pytest]\ntimeout = 2\n")
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:django", "-q"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "Timeout" in done.stdout + done.stderr
    assert time.monotonic() - started < 30


@pytest.mark.worker
def test_worker_and_browser_tests_get_a_longer_timeout(request):
    assert request.node.get_closest_marker("timeout").args == (300,)
