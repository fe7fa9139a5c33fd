"""A publication's notices go out through a real Celery worker and SMTP, once each."""

from collections import Counter

import pytest

from cop.devtools.smtp_sink import SmtpSink
from cop.models import OutboundEmail
from discussions.models import TopicFollow
from library import services
from library.models import PublicationNotice
from tests.cop import test_worker as cop_worker
from tests.cop.brokers import broker_at
from tests.factories import UserFactory

# The platform's worker fixtures: a clean Redis queue, workers stopped at the end.
shared_redis = cop_worker.shared_redis
start_worker = cop_worker.start_worker
wait_until = cop_worker.wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sink():
    with SmtpSink() as server:
        yield server


def test_followers_get_one_email_each_from_a_real_worker(
    in_review,
    facilitator,
    topic,
    sink,
    shared_redis,
    start_worker,
):
    followers = [
        UserFactory(email=f"follower{n}@example.org", preferred_language=("ar", "en")[n % 2])
        for n in range(6)
    ]
    for person in followers:
        TopicFollow.objects.create(member=person, topic=topic)
    start_worker(shared_redis)
    with broker_at(shared_redis):
        version = services.document_publish(document=in_review, by=facilitator, visibility="public")
    sink.wait_for(6)
    wait_until(
        lambda: OutboundEmail.objects.filter(status="sent").count() == 6, what="rows marked sent"
    )
    arrived = Counter(message["To"] for message in sink.messages)
    assert arrived == Counter({person.email: 1 for person in followers})
    subjects = {message["To"]: message["Subject"] for message in sink.messages}
    assert "Targeting cash transfers" in subjects["follower1@example.org"]
    assert "استهداف" in subjects["follower0@example.org"]
    assert PublicationNotice.objects.filter(version=version).count() == 6
