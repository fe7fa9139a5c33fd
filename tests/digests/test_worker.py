"""Digests with real worker processes and a real SMTP server: every digest arrives once.

The scanner runs in the test process (as beat would); batches and emails are
built and sent by `celery worker` processes on Redis. Faults: the SMTP server
down then back, a worker killed with SIGKILL mid-batch, and Redis restarted
with its queue lost. The Redis restarted is a private `redis-server` process
of the test (cop.devtools.processes.RedisServer, keeping nothing on disk, as
in production): restarting the shared one would hurt other work on this
machine, and FLUSHALL is never used.

Workers build digests with the real clock, so the readers live in a zone
where it is local morning right now (a fixed-offset zone chosen at run time).
"""

import time
from collections import Counter
from datetime import timedelta

import pytest
import redis
from django.utils import timezone

from cop import services as cop_services
from cop.devtools.processes import CeleryWorker, RedisServer, database_url, worker_env
from cop.devtools.smtp_sink import SmtpSink, free_port
from cop.models import OutboundEmail
from digests import services
from digests.models import DigestDelivery
from discussions.models import TopicFollow
from members.models import DigestFrequency
from tests.cop.brokers import broker_at

from .conftest import reader, start_thread
from .test_scale import many_readers

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
Status = OutboundEmail.Status


def morning_zone() -> str:
    """A fixed-offset zone where it is between 08:00 and 09:00 now (Etc/GMT-3 is UTC+3)."""
    hour = timezone.now().hour
    offset = (8 - hour + 12) % 24 - 12  # between -12 and +11
    return f"Etc/GMT{'-' if offset >= 0 else '+'}{abs(offset)}"


@pytest.fixture
def audience(jordan, topic):
    zone = morning_zone()
    jordan.timezone = zone
    jordan.save()
    people = many_readers(12, jordan, prefix="worker")
    TopicFollow.objects.bulk_create(TopicFollow(member=u, topic=topic) for u in people)
    author = reader(jordan, frequency=DigestFrequency.NONE)
    start_thread(author, topic, when=timezone.now() - timedelta(hours=2))
    assert len(services.due_member_ids()) == 12, zone
    return people


@pytest.fixture
def start_worker(tmp_path):
    started = []

    def start(broker_url: str, smtp_port: int, **extra) -> CeleryWorker:
        env = worker_env(
            database_url(), broker_url, EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp_port), **extra
        )
        worker = CeleryWorker(env, tmp_path / f"worker-{len(started)}.log")
        started.append(worker)
        return worker.start()

    yield start
    for worker in started:
        worker.stop()


def wait_until(condition, timeout: float = 90, what: str = "the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} did not happen within {timeout}s")


def digests():
    return OutboundEmail.objects.filter(kind="digests/email/digest")


def all_sent() -> bool:
    return digests().count() == 12 and not digests().exclude(status=Status.SENT).exists()


def arrivals(sink) -> Counter:
    return Counter(message["To"] for message in sink.messages)


def test_smtp_down_then_back_every_digest_arrives_once(audience, start_worker, settings):
    port = free_port()
    settings.DIGEST_BATCH = 5
    with RedisServer() as private_redis:
        broker = private_redis.url()
        start_worker(broker, port, DIGEST_BATCH="5", COP_EMAIL_BATCH_SIZE="5")
        with broker_at(broker):
            assert services.digests_send_due() == 12  # three batches, built by the worker
        # Nothing listens on the SMTP port: every email waits for a retry.
        wait_until(
            lambda: digests().count() == 12 and digests().filter(status=Status.RETRY).count() == 12,
            what="every digest awaiting retry",
        )
        assert DigestDelivery.objects.filter(status=DigestDelivery.Status.QUEUED).count() == 12
        with SmtpSink(port=port) as sink:
            # The retry time comes (the re-driver runs every minute on beat).
            digests().update(retry_after=timezone.now())
            with broker_at(broker):
                assert cop_services.emails_redrive() == 12
            wait_until(all_sent, what="every digest sent once the server is back")
            assert arrivals(sink) == {person.email: 1 for person in audience}
            # A second scan and a second re-drive send nothing more.
            with broker_at(broker):
                assert services.digests_send_due() == 0
                assert cop_services.emails_redrive() == 0
            time.sleep(1)
            assert sink.count == 12


def test_a_worker_killed_mid_batch_then_restarted_sends_every_digest_once(
    audience, start_worker, settings
):
    with SmtpSink() as sink, RedisServer() as private_redis:
        broker = private_redis.url()
        sink.delay = 0.3  # each message waits at MAIL FROM
        first = start_worker(broker, sink.port)
        with broker_at(broker):
            services.digests_send_due()
        wait_until(lambda: sink.count >= 4 and sink.waiting.is_set(), what="the fifth digest")
        first.kill()
        assert sink.count == 4
        sink.delay = 0
        start_worker(broker, sink.port)
        settings.COP_EMAIL_LEASE_SECONDS = 0  # the lease of the killed worker has run out
        with broker_at(broker):
            assert cop_services.emails_redrive() == 8
            assert services.digests_send_due() == 0  # the deliveries were committed: no rebuild
        wait_until(all_sent, what="every digest sent")
        assert arrivals(sink) == {person.email: 1 for person in audience}


def test_redis_restarted_with_its_queue_lost_every_digest_still_arrives_once(
    audience, start_worker, settings
):
    settings.DIGEST_BATCH = 4
    with SmtpSink() as sink, RedisServer() as private_redis:
        broker = private_redis.url()
        # Beat's scan queues the first batch of each of its two lanes (of three batches)...
        with broker_at(broker):
            assert services.digests_send_due() == 12
        assert redis.Redis.from_url(broker).llen("celery") == 2
        private_redis.restart()  # nothing kept on disk: the tasks are gone
        assert redis.Redis.from_url(broker).llen("celery") == 0
        assert not DigestDelivery.objects.exists()

        # The next scan is the re-driver: the members still have no digest for today.
        # This time it builds here (as `manage.py send_digests` does) and queues the emails...
        with broker_at(broker):
            assert services.digests_send_due(inline=True) == 12
        assert digests().filter(status=Status.QUEUED).count() == 12
        # ...and Redis restarts again, losing the email tasks too.
        private_redis.restart()
        assert redis.Redis.from_url(broker).llen("celery") == 0
        start_worker(broker, sink.port)
        settings.COP_EMAIL_REQUEUE_AFTER_SECONDS = 0
        with broker_at(broker):
            assert cop_services.emails_redrive() == 12
        wait_until(all_sent, what="every digest sent after the restarts")
        assert arrivals(sink) == {person.email: 1 for person in audience}
        assert DigestDelivery.objects.count() == 12
