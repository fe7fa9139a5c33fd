"""Real Celery worker processes on Redis, sending to a real SMTP server: nothing lost, nothing twice.

Counted where it matters, at the SMTP server (cop.devtools.smtp_sink, a thread
of this process), while workers are killed with SIGKILL and Redis is restarted
with its queue lost.
"""

import os
import time
from collections import Counter

import pytest
import redis
from django.db import transaction

from cop import services
from cop.devtools.processes import CeleryWorker, RedisServer, database_url, worker_env
from cop.devtools.smtp_sink import SmtpSink
from cop.mail import send_templated_emails
from cop.models import OutboundEmail
from tests.factories import UserFactory

from .brokers import broker_at, closed_port

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

Status = OutboundEmail.Status


@pytest.fixture
def sink():
    with SmtpSink() as server:
        yield server


@pytest.fixture
def shared_redis():
    url = os.environ.get("REDIS_URL", "")
    # Nothing left over from an earlier run may be consumed by these workers.
    redis.Redis.from_url(url).delete("celery", "unacked", "unacked_index")
    return url


@pytest.fixture
def start_worker(sink, tmp_path):
    """Start worker processes sending to `sink`; all are stopped at the end."""
    started = []

    def start(broker_url: str, **extra) -> CeleryWorker:
        env = worker_env(
            database_url(),
            broker_url,
            EMAIL_HOST=sink.host,
            EMAIL_PORT=str(sink.port),
            **extra,
        )
        worker = CeleryWorker(env, tmp_path / f"worker-{len(started)}.log")
        started.append(worker)
        return worker.start()

    yield start
    for worker in started:
        worker.stop()


def people(count: int, prefix: str) -> list:
    return [
        UserFactory(email=f"{prefix}{n}@example.org", preferred_language=("ar", "en")[n % 2])
        for n in range(count)
    ]


def queue(recipients, broker_url: str) -> list[int]:
    with broker_at(broker_url), transaction.atomic():
        rows = send_templated_emails(template="email/test_message", recipients=recipients)
    return [row.pk for row in rows]


def wait_until(condition, timeout: float = 60, what: str = "the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {timeout}s")


def all_sent(ids) -> bool:
    return not OutboundEmail.objects.filter(pk__in=ids).exclude(status=Status.SENT).exists()


def arrivals(sink) -> Counter:
    return Counter(message["To"] for message in sink.messages)


def test_a_password_reset_is_sent_by_a_real_worker_and_keeps_no_secret(
    client, member, sink, shared_redis, start_worker
):
    worker = start_worker(shared_redis)
    with broker_at(shared_redis):
        response = client.post("/en/accounts/password/reset/", {"email": member.email})
    assert response.status_code == 302

    sink.wait_for(1)
    email = OutboundEmail.objects.get(to=member.email)
    wait_until(lambda: all_sent([email.pk]), what="the row marked sent")
    email.refresh_from_db()
    assert worker.alive
    assert (email.status, email.attempts, email.body_text) == (Status.SENT, 1, "")
    [message] = sink.messages
    assert message["To"] == member.email
    assert message.get_body(preferencelist=("html",)) is not None
    assert "/password/reset/key/" in message.get_body(preferencelist=("plain",)).get_content()


def test_a_worker_killed_mid_batch_then_a_new_one_and_the_redriver_send_each_email_once(
    sink, shared_redis, start_worker, settings
):
    recipients = people(12, "killed")
    sink.delay = 0.3  # each message waits at MAIL FROM, before any of it is transferred
    first = start_worker(shared_redis)
    ids = queue(recipients, shared_redis)

    # Kill it while it waits at MAIL FROM of the fifth message: the first four
    # were accepted and marked sent; the fifth cannot have been accepted.
    wait_until(lambda: sink.count >= 4 and sink.waiting.is_set(), what="the fifth message")
    first.kill()
    assert sink.count == 4
    states = Counter(OutboundEmail.objects.filter(pk__in=ids).values_list("status", flat=True))
    assert states == {Status.SENT: 4, Status.SENDING: 8}, "claimed as one batch, then lost"

    sink.delay = 0
    start_worker(shared_redis)
    # The re-driver (beat, every minute) finds the rows whose lease ran out.
    settings.COP_EMAIL_LEASE_SECONDS = 0
    with broker_at(shared_redis):
        assert services.emails_redrive() == 8

    wait_until(lambda: all_sent(ids), what="every email sent")
    assert arrivals(sink) == {person.email: 1 for person in recipients}
    # Running the re-driver again now sends nothing more.
    with broker_at(shared_redis):
        assert services.emails_redrive() == 0
    time.sleep(0.5)
    assert sink.count == 12


def test_emails_whose_tasks_were_lost_in_a_redis_restart_arrive_once(sink, start_worker, settings):
    settings.COP_EMAIL_BATCH_SIZE = 3
    recipients = people(15, "restart")
    sink.delay = 0.25
    with RedisServer() as private_redis:
        broker = private_redis.url()
        worker = start_worker(broker, COP_EMAIL_BATCH_SIZE="3")
        ids = queue(recipients, broker)  # five tasks: one running, four waiting in Redis

        wait_until(lambda: sink.count >= 1, what="the first batch starting")
        private_redis.restart()  # the waiting tasks are gone (nothing is kept on disk)
        assert redis.Redis.from_url(broker).llen("celery") == 0

        # The batch in flight finishes; the other rows stay queued: their tasks are lost.
        wait_until(
            lambda: not OutboundEmail.objects.filter(status=Status.SENDING).exists()
            and sink.count >= 3,
            what="the batch in flight finishing",
        )
        time.sleep(1)
        lost = OutboundEmail.objects.filter(pk__in=ids, status=Status.QUEUED).count()
        assert lost == 12
        assert worker.alive, "the worker survives the restart and reconnects"

        sink.delay = 0
        settings.COP_EMAIL_REQUEUE_AFTER_SECONDS = 0
        with broker_at(broker):
            assert services.emails_redrive() == 12

        wait_until(lambda: all_sent(ids), what="every email sent after the restart")
    assert arrivals(sink) == {person.email: 1 for person in recipients}


def test_a_request_made_while_redis_is_down_is_sent_once_it_is_back(
    client, focal_point, sink, shared_redis, start_worker, settings
):
    start_worker(shared_redis)
    with broker_at(f"redis://127.0.0.1:{closed_port()}/0"):
        response = client.post("/ar/accounts/password/reset/", {"email": focal_point.email})
    assert response.status_code == 302
    email = OutboundEmail.objects.get(to=focal_point.email)
    assert email.status == Status.QUEUED

    settings.COP_EMAIL_REQUEUE_AFTER_SECONDS = 0
    with broker_at(shared_redis):
        assert services.emails_redrive() == 1

    sink.wait_for(1)
    wait_until(lambda: all_sent([email.pk]), what="the row marked sent")
    assert arrivals(sink) == {focal_point.email: 1}
