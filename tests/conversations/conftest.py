import pytest

from conversations import services
from tests.factories import UserFactory


@pytest.fixture
def alice(country):
    return UserFactory(
        country=country,
        email="alice@example.org",
        name_latin="Alice Haddad",
        name_arabic="أليس حداد",
        preferred_language="en",
    )


@pytest.fixture
def bilal(country):
    return UserFactory(
        country=country,
        email="bilal@example.org",
        name_latin="Bilal Nasser",
        name_arabic="بلال ناصر",
        preferred_language="ar",
        timezone="Asia/Amman",
    )


@pytest.fixture
def outsider(country):
    return UserFactory(country=country, email="outsider@example.org", name_latin="Omar Out")


@pytest.fixture
def conversation(alice, bilal):
    return services.conversation_start(
        starter=alice, others=[bilal], subject="Targeting data", body="Hello **Bilal**."
    )


def login(client, user):
    client.force_login(user)
    return client
