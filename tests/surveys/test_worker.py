"""The beat job on a real Celery worker over Redis: every member reminded once, emails sent."""

import os
import signal
import subprocess
from collections import Counter
from datetime import timedelta

import pytest
import redis
from django.utils import timezone

from cop.models import OutboundEmail
from cop.queue import send_now
from members.models import User
from surveys.models import ReminderDelivery
from tests.cop.brokers import broker_at
from tests.events.test_worker import start_worker, wait_until

from .factories import SurveyFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

MEMBERS = 150


def test_the_reminder_job_twice_on_a_real_worker_reminds_each_member_once(tmp_path, country):
    redis.Redis.from_url(os.environ["REDIS_URL"]).delete("celery")
    survey = SurveyFactory(
        title_ar="استبيان الاحتياجات",
        title_en="Needs survey",
        opens_at=timezone.now() - timedelta(days=10),
        closes_at=timezone.now() + timedelta(days=2),  # inside the three-day window
    )
    User.objects.bulk_create(
        User(
            email=f"s{n}@example.org",
            country=country,
            status="member",
            timezone=("Asia/Amman", "Africa/Tunis")[n % 2],
            preferred_language=("ar", "en")[n % 2],
        )
        for n in range(MEMBERS)
    )
    mail_dir, log = tmp_path / "mail", tmp_path / "worker.log"
    mail_dir.mkdir()
    worker = start_worker(mail_dir, log)
    try:
        with broker_at(os.environ["REDIS_URL"]):
            send_now("surveys.send_reminders")
            send_now("surveys.send_reminders")  # beat fired twice: nobody gets two
        sent = OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT)
        wait_until(lambda: sent.count() == MEMBERS, 180, "every reminder to be sent")
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            worker.kill()
    assert ReminderDelivery.objects.filter(survey=survey).count() == MEMBERS
    assert OutboundEmail.objects.count() == MEMBERS
    received = Counter()
    subjects = set()
    for path in mail_dir.glob("*.log"):
        for line in path.read_text().splitlines():
            if line.startswith("To: "):
                received[line[4:].strip()] += 1
            if line.startswith("Subject: "):
                subjects.add(line[9:].strip())
    assert len(received) == MEMBERS and set(received.values()) == {1}
    assert any("Needs survey" in s for s in subjects)
    assert len(subjects) == 2, "one subject per language (Arabic and English)"
