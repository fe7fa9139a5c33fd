"""A message's email goes out through a real Celery worker on Redis to a real SMTP server."""

import os
import time

import pytest
import redis

from conversations import services
from cop.devtools.processes import CeleryWorker, database_url, worker_env
from cop.devtools.smtp_sink import SmtpSink
from cop.models import OutboundEmail
from tests.cop.brokers import broker_at
from tests.factories import UserFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_the_other_participant_receives_one_email_in_arabic_through_the_worker(tmp_path, country):
    url = os.environ["REDIS_URL"]
    redis.Redis.from_url(url).delete("celery", "unacked", "unacked_index")
    alice = UserFactory(country=country, name_latin="Alice Haddad", preferred_language="en")
    bilal = UserFactory(
        country=country, email="bilal@example.org", name_arabic="بلال", preferred_language="ar"
    )
    with SmtpSink() as sink:
        env = worker_env(database_url(), url, EMAIL_HOST=sink.host, EMAIL_PORT=str(sink.port))
        with CeleryWorker(env, tmp_path / "worker.log"), broker_at(url):
            conversation = services.conversation_start(
                starter=alice, others=[bilal], subject="Private subject", body="Private text"
            )
            wait_until(lambda: sink.count == 1, 60, "the email")
            services.message_post(author=alice, conversation=conversation, body="More text")
            wait_until(
                lambda: OutboundEmail.objects.filter(status="sent").count() == 1
                and not OutboundEmail.objects.exclude(status="sent").exists(),
                30,
                "the pipeline to settle",
            )
            log = tmp_path / "worker.log"
            wait_until(
                lambda: log.read_text().count("conversations.notify_message") >= 4,
                30,
                "both messages' tasks (received and succeeded) in the worker's log",
            )
            [message] = sink.messages
    assert sink.count == 1
    assert message["To"] == "bilal@example.org"
    body = message.get_body(("plain",)).get_content()
    assert "رسالة جديدة إليك" in body and "/ar/conversations/" in body
    assert "Private" not in body and "Private" not in str(message["Subject"])
    assert message["List-Unsubscribe"]
