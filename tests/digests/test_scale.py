"""Digests are built by reading: no row per reader per post, and queries that do not grow per member."""

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cop.models import OutboundEmail
from digests import services
from digests.models import DigestDelivery
from discussions.models import Notification, Post, ThreadFollow, TopicFollow
from events.models import Event, Registration, RegistrationStatus
from members.models import DigestFrequency, MembershipStatus, NotificationMode, User
from tests.events.factories import EventFactory

from .conftest import at, reader, reply_to, start_thread

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
PASSWORD = make_password("x")


def many_readers(count, country, *, prefix, languages=("ar", "en")):
    users = User.objects.bulk_create(
        User(
            email=f"{prefix}{n}@example.org",
            name_latin=f"Reader {n}",
            country=country,
            timezone=country.timezone,
            preferred_language=languages[n % len(languages)],
            status=MembershipStatus.MEMBER,
            notification_mode=NotificationMode.DIGEST,
            digest_frequency=DigestFrequency.DAILY,
            password=PASSWORD,
        )
        for n in range(count)
    )
    return users


def test_a_reply_in_a_topic_followed_by_2000_digest_readers_writes_no_row_per_reader(
    jordan, topic, django_assert_max_num_queries
):
    readers = many_readers(2000, jordan, prefix="follower")
    TopicFollow.objects.bulk_create(TopicFollow(member=u, topic=topic) for u in readers)
    author = reader(jordan)
    thread = start_thread(author, topic, when=at("2026-11-25 10:00"))
    ThreadFollow.objects.bulk_create(ThreadFollow(member=u, thread=thread) for u in readers)
    rows_before = {
        model: model.objects.count() for model in (Notification, OutboundEmail, DigestDelivery)
    }
    with django_assert_max_num_queries(40):
        reply = reply_to(thread, reader(jordan), when=at("2026-11-25 11:00"))
    assert Notification.objects.filter(post=reply).count() == 0
    assert {
        model: model.objects.count() for model in (Notification, OutboundEmail, DigestDelivery)
    } == rows_before
    # And yet the 2,000 readers' digests next morning show it.
    services.digests_send_due(now=at("2026-11-26 07:02", "Asia/Amman"), inline=True)
    digests = OutboundEmail.objects.filter(kind="digests/email/digest", to__startswith="follower")
    assert digests.count() == 2000
    assert all(
        f"/posts/{reply.pk}/" in body for body in digests.values_list("body_text", flat=True)
    )


def build_queries(member_ids, now) -> int:
    with CaptureQueriesContext(connection) as captured:
        services.digest_batch_send(member_ids=member_ids, now=now)
    return len(captured.captured_queries)


def test_building_digests_for_2000_members_takes_the_same_queries_as_for_20(jordan, topic):
    author = reader(jordan)
    threads = [
        start_thread(author, topic, when=at(f"2026-11-25 1{n}:00"), title=f"Thread {n}")
        for n in range(4)
    ]
    for thread in threads:
        for minute in range(3):
            reply_to(thread, author, when=at(f"2026-11-25 15:0{minute}"))
    events = [
        EventFactory(start=at(f"2026-12-0{n + 1} 10:00"), end=at(f"2026-12-0{n + 1} 11:00"))
        for n in range(3)
    ]
    for event in events:
        event.topics.add(topic)
    Event.objects.update(created_at=at("2026-11-25 12:00"))
    few = many_readers(20, jordan, prefix="few")
    lots = many_readers(2000, jordan, prefix="lots")
    for group in (few, lots):
        TopicFollow.objects.bulk_create(TopicFollow(member=u, topic=topic) for u in group)
        ThreadFollow.objects.bulk_create(
            ThreadFollow(member=u, thread=threads[n % 4]) for n, u in enumerate(group)
        )
        Registration.objects.bulk_create(
            Registration(event=events[0], member=u, status=RegistrationStatus.REGISTERED)
            for u in group[::2]
        )
    now = at("2026-11-26 07:02", "Asia/Amman")
    small = build_queries([u.pk for u in few], now)
    large = build_queries([u.pk for u in lots], now)
    assert OutboundEmail.objects.filter(kind="digests/email/digest").count() == 2020
    # Bulk inserts of the emails and deliveries come in chunks of 1,000 rows: two more.
    assert large <= small + 4, (small, large)
    assert small <= 25
    sample = OutboundEmail.objects.get(to="lots1@example.org")
    assert "Thread 3" in sample.body_text and events[1].title_en in sample.body_text
    assert Post.objects.count() == 16
