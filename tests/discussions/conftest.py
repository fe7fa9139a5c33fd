import pytest

from discussions import services
from discussions.models import ThreadKind
from tests.factories import UserFactory

from .factories import TopicFactory


@pytest.fixture
def topic(db):
    return TopicFactory(
        slug="social-registries", name_ar="السجلات الاجتماعية", name_en="Social registries"
    )


@pytest.fixture
def other_member(country):
    return UserFactory(country=country, email="other@example.org", name_latin="Omar Haddad")


@pytest.fixture
def thread(member, topic):
    return services.thread_create(
        author=member,
        topic=topic,
        kind=ThreadKind.QUESTION,
        title="How do you update household data?",
        body="We visit every household once a year.",
    )


@pytest.fixture
def reply(thread, other_member):
    return services.post_reply(
        author=other_member, parent=thread.opening_post, body="We link with the civil registry."
    )


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def admin_facilitator(facilitator):
    """A facilitator using admin (the Facilitators group gives them its permissions)."""
    return facilitator
