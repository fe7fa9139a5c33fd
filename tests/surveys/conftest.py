import pytest

from tests.members.conftest import (  # noqa: F401 - shared fixtures
    _fast_password_hashing,
    as_role,
    people,
)

from .factories import full_survey


@pytest.fixture
def survey(db):
    """An open survey for everyone, one question of each kind."""
    return full_survey()


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Services raise their reasons in the active language: read them in English here."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def intake(db):
    """The intake survey the migration creates (made again if a test emptied the database)."""
    from importlib import import_module

    from django.apps import apps

    from surveys.models import Survey

    if not Survey.objects.filter(kind="intake").exists():
        import_module("surveys.migrations.0002_intake_survey").create_intake(apps, None)
    return Survey.objects.get(kind="intake")
