import pytest

from tests.members.conftest import (  # noqa: F401 - shared fixtures
    _fast_password_hashing,
    as_role,
    committed,
    people,
)

from .factories import EventFactory


@pytest.fixture
def event(db):
    return EventFactory()
