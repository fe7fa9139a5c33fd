from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from discussions import services as discussions
from discussions.models import ThreadKind
from members.models import DigestFrequency, NotificationMode
from tests.discussions.factories import TopicFactory
from tests.factories import CountryFactory, UserFactory

UTC = ZoneInfo("UTC")


def at(text: str, zone: str = "UTC") -> datetime:
    """An aware datetime from "2026-11-29 07:05" in `zone`."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


@pytest.fixture
def jordan(db):
    return CountryFactory(
        code="JO", name_ar="الأردن", name_en="Jordan", timezone="Asia/Amman", week_starts_on=6
    )


@pytest.fixture
def morocco(db):
    return CountryFactory(
        code="MA",
        name_ar="المغرب",
        name_en="Morocco",
        timezone="Africa/Casablanca",
        week_starts_on=0,
    )


@pytest.fixture
def iraq(db):
    return CountryFactory(
        code="IQ", name_ar="العراق", name_en="Iraq", timezone="Asia/Baghdad", week_starts_on=6
    )


@pytest.fixture
def topic(db):
    return TopicFactory(
        slug="cash-transfers", name_ar="التحويلات النقدية", name_en="Cash transfers"
    )


def reader(country, *, frequency=DigestFrequency.DAILY, zone=None, language="en", **extra):
    return UserFactory(
        country=country,
        timezone=zone or country.timezone,
        preferred_language=language,
        digest_frequency=frequency,
        notification_mode=NotificationMode.DIGEST,
        **extra,
    )


def start_thread(author, topic, *, when, title="How do you reach informal workers?", body=None):
    with time_machine.travel(when, tick=False):
        return discussions.thread_create(
            author=author,
            topic=topic,
            kind=ThreadKind.DISCUSSION,
            title=title,
            body=body or "We register them through their cooperatives and unions.",
            language="en",
        )


def reply_to(thread, author, *, when, body="In Jordan we use the National Aid Fund's registry."):
    with time_machine.travel(when, tick=False):
        return discussions.post_reply(author=author, parent=thread.opening_post, body=body)
