"""A real Celery worker killed (SIGKILL) in the middle of the reminder job leaves every reminder sent once."""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.utils import timezone

from cop.models import OutboundEmail
from cop.queue import send_now
from cop.services.email_upkeep import emails_redrive
from events.models import Registration, ReminderDelivery
from members.models import User
from tests.cop.brokers import broker_at
from tests.cop.test_worker import database_url

from .factories import EventFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

REGISTRANTS = 600


def start_worker(mail_dir: Path, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": os.environ["REDIS_URL"],
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "DJANGO_SETTINGS_MODULE": "cop.settings",
        "EVENT_REMINDER_BATCH": "100",
    }
    return subprocess.Popen(
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
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
    )


def wait_until(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    states = dict(Counter(OutboundEmail.objects.values_list("status", flat=True)))
    raise AssertionError(f"timed out waiting for {what} (emails: {states})")


def test_a_worker_killed_mid_batch_and_restarted_sends_every_reminder_once(tmp_path, country):
    redis.Redis.from_url(os.environ["REDIS_URL"]).delete("celery")
    start = timezone.now() + timedelta(minutes=30)  # the hour reminder is due now
    event = EventFactory(start=start, end=start + timedelta(hours=1))
    users = User.objects.bulk_create(
        User(
            email=f"w{n}@example.org",
            name_latin=f"Registrant {n}",
            country=country,
            status="member",
            timezone=("Asia/Amman", "Africa/Tunis")[n % 2],
            preferred_language=("ar", "en")[n % 2],
        )
        for n in range(REGISTRANTS)
    )
    Registration.objects.bulk_create(
        Registration(event=event, member=u, status="registered") for u in users
    )
    mail_dir, log = tmp_path / "mail", tmp_path / "worker.log"
    mail_dir.mkdir()

    worker = start_worker(mail_dir, log)
    try:
        with broker_at(os.environ["REDIS_URL"]):
            send_now("events.send_reminders")
        # Kill it hard once some batches are committed and before the job is done.
        wait_until(lambda: ReminderDelivery.objects.count() >= 200, 120, "the first batches")
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        killed_at = ReminderDelivery.objects.count()
        assert 0 < killed_at < REGISTRANTS, killed_at

        # Beat runs the job again; the restarted worker finishes it and sends the emails.
        worker = start_worker(mail_dir, log)
        with broker_at(os.environ["REDIS_URL"]):
            send_now("events.send_reminders")
        wait_until(lambda: ReminderDelivery.objects.count() == REGISTRANTS, 180, "all reminders")
        sent = OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT)
        try:
            wait_until(lambda: sent.count() == REGISTRANTS, 90, "every email to be sent")
        except AssertionError:
            # An email whose task died with the worker is the pipeline's beat job's to
            # re-drive: once nothing is in flight, run it as if its wait had passed.
            wait_until(
                lambda: not OutboundEmail.objects.filter(status="sending").exists(), 60, "idle"
            )
            with broker_at(os.environ["REDIS_URL"]):
                emails_redrive(now=timezone.now() + timedelta(minutes=6))
            wait_until(lambda: sent.count() == REGISTRANTS, 240, "every email to be sent")
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            worker.kill()

    assert OutboundEmail.objects.count() == REGISTRANTS
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}
    sent = Counter()
    for path in mail_dir.glob("*.log"):
        for line in path.read_text().splitlines():
            if line.startswith("To: "):
                sent[line[4:].strip()] += 1
    assert len(sent) == REGISTRANTS
    assert set(sent.values()) == {1}, [a for a, n in sent.items() if n != 1][:5]
