import pytest

from tests.members.conftest import (  # noqa: F401 - shared fixtures
    as_role,
    committed,
    people,
)

from .factories import EventFactory


@pytest.fixture
def event(db):
    return EventFactory()


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Services raise their reasons in the active language: read them in English here."""
    from django.utils import translation

    with translation.override("en"):
        yield
