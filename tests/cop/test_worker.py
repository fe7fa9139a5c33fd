"""Tasks queued by web requests are executed by a real Celery worker consuming from Redis."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from cop.models import OutboundEmail
from cop.services import deferred_tasks_republish

from .brokers import broker_at, closed_port

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    return (
        f"postgres://{user}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
    )


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """A `celery worker` process on the test database and a real Redis broker."""
    from tests.conftest import redis_answers, require

    broker = os.environ.get("REDIS_URL", "")
    require(redis_answers(broker), "Redis (set REDIS_URL)")
    # Nothing left over from an earlier run may be consumed by this worker.
    redis.Redis.from_url(broker).delete("celery")
    mail_dir = tmp_path_factory.mktemp("worker-mail")
    with django_db_blocker.unblock():
        db_url = database_url()
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "REDIS_URL": broker,
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "DJANGO_SETTINGS_MODULE": "cop.settings",
    }
    log = open(mail_dir.parent / "worker.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "cop",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process, mail_dir
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def wait_for_sent(email_id: int, timeout: float = 60) -> OutboundEmail:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        email = OutboundEmail.objects.get(pk=email_id)
        if email.status != OutboundEmail.Status.QUEUED:
            return email
        time.sleep(0.2)
    raise AssertionError(f"the worker did not send email {email_id} within {timeout}s")


def sent_files(mail_dir: Path) -> str:
    return "".join(path.read_text() for path in sorted(mail_dir.glob("*.log")))


def test_password_reset_email_is_sent_by_a_real_worker(client, member, worker):
    process, mail_dir = worker
    with broker_at(os.environ["REDIS_URL"]):
        response = client.post("/en/accounts/password/reset/", {"email": member.email})
    assert response.status_code == 302

    email = wait_for_sent(OutboundEmail.objects.get(to=member.email).pk)

    assert process.poll() is None, "the worker died"
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 1
    written = sent_files(mail_dir)
    assert f"To: {member.email}" in written
    assert "Content-Type: text/html" in written


def test_work_deferred_during_an_outage_is_done_by_the_worker_when_redis_is_back(
    client, focal_point, worker
):
    _, mail_dir = worker
    with broker_at(f"redis://127.0.0.1:{closed_port()}/0"):
        client.post("/ar/accounts/password/reset/", {"email": focal_point.email})
    email = OutboundEmail.objects.get(to=focal_point.email)
    assert email.status == OutboundEmail.Status.QUEUED

    with broker_at(os.environ["REDIS_URL"]):
        assert deferred_tasks_republish() == 1

    assert wait_for_sent(email.pk).status == OutboundEmail.Status.SENT
    assert f"To: {focal_point.email}" in sent_files(mail_dir)
