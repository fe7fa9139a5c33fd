"""When digests go out: local morning per zone, weekly on each country's first working day."""

import pytest
import time_machine

from cop.models import OutboundEmail
from digests import services
from digests.models import DigestDelivery
from discussions import services as discussions
from members.models import DigestFrequency

from .conftest import at, reader, start_thread

pytestmark = pytest.mark.django_db


def run(now):
    with time_machine.travel(now, tick=False):
        return services.digests_send_due(now=now, inline=True)


def sent_to():
    return sorted(
        OutboundEmail.objects.filter(kind="digests/email/digest").values_list("to", flat=True)
    )


def test_casablanca_and_baghdad_each_get_their_daily_digest_at_their_own_morning(
    morocco, iraq, topic
):
    casablanca = reader(morocco, email="casa@example.org")
    baghdad = reader(iraq, email="baghdad@example.org")
    author = reader(iraq, email="author@example.org")
    for person in (casablanca, baghdad):
        discussions.topic_set_followed(member=person, topic=topic, follow=True)
    # Wednesday 25 November 2026; Baghdad is UTC+3, Casablanca UTC+1 (winter).
    start_thread(author, topic, when=at("2026-11-25 12:00"))

    run(at("2026-11-26 03:55"))  # 06:55 in Baghdad, 04:55 in Casablanca
    assert sent_to() == []
    run(at("2026-11-26 04:05"))  # 07:05 in Baghdad
    assert sent_to() == ["baghdad@example.org"]
    run(at("2026-11-26 05:30"))  # 08:30 in Baghdad: already has today's; 06:30 in Casablanca
    assert sent_to() == ["baghdad@example.org"]
    run(at("2026-11-26 06:02"))  # 07:02 in Casablanca
    assert sent_to() == ["baghdad@example.org", "casa@example.org"]
    # Each email went out at 07:0x local time of its reader.
    deliveries = {d.member.email: d for d in DigestDelivery.objects.select_related("member")}
    assert deliveries["baghdad@example.org"].period.isoformat() == "2026-11-26"
    assert deliveries["casa@example.org"].period.isoformat() == "2026-11-26"


def test_a_jordanian_weekly_digest_comes_on_sunday_and_a_moroccan_on_monday(jordan, morocco, topic):
    amman = reader(jordan, frequency=DigestFrequency.WEEKLY, email="amman@example.org")
    rabat = reader(morocco, frequency=DigestFrequency.WEEKLY, email="rabat@example.org")
    author = reader(jordan, email="author@example.org")
    for person in (amman, rabat):
        discussions.topic_set_followed(member=person, topic=topic, follow=True)
    start_thread(author, topic, when=at("2026-11-27 12:00"))  # Friday

    run(at("2026-11-28 08:00", "Asia/Amman"))  # Saturday morning everywhere
    assert sent_to() == []
    run(at("2026-11-29 07:10", "Asia/Amman"))  # Sunday: Jordan's first working day
    run(at("2026-11-29 07:10", "Africa/Casablanca"))
    assert sent_to() == ["amman@example.org"]
    run(at("2026-11-30 07:10", "Africa/Casablanca"))  # Monday: Morocco's
    run(at("2026-11-30 07:10", "Asia/Amman"))
    assert sent_to() == ["amman@example.org", "rabat@example.org"]
    assert DigestDelivery.objects.get(member=amman).period.weekday() == 6
    assert DigestDelivery.objects.get(member=rabat).period.weekday() == 0


def test_the_week_start_is_the_countrys_and_admin_may_change_it(jordan, topic):
    amman = reader(jordan, frequency=DigestFrequency.WEEKLY, email="amman@example.org")
    discussions.topic_set_followed(member=amman, topic=topic, follow=True)
    start_thread(reader(jordan), topic, when=at("2026-11-27 12:00"))
    jordan.week_starts_on = 0
    jordan.save()
    run(at("2026-11-29 07:10", "Asia/Amman"))
    assert sent_to() == []
    run(at("2026-11-30 07:10", "Asia/Amman"))
    assert sent_to() == ["amman@example.org"]


def test_nothing_is_sent_when_nothing_is_new_and_the_period_is_not_tried_again(jordan, topic):
    quiet = reader(jordan, email="quiet@example.org")
    discussions.topic_set_followed(member=quiet, topic=topic, follow=True)
    run(at("2026-11-26 07:05", "Asia/Amman"))
    assert sent_to() == []
    delivery = DigestDelivery.objects.get(member=quiet)
    assert (delivery.status, delivery.email_id) == (DigestDelivery.Status.EMPTY, None)
    # Later scans the same morning do not build it again.
    assert services.due_member_ids(now=at("2026-11-26 07:30", "Asia/Amman")) == []


def test_a_digest_covers_what_is_new_since_the_previous_one(jordan, topic):
    person = reader(jordan, email="daily@example.org")
    author = reader(jordan)
    discussions.topic_set_followed(member=person, topic=topic, follow=True)
    first = start_thread(author, topic, when=at("2026-11-25 20:00", "Asia/Amman"), title="First")
    run(at("2026-11-26 07:05", "Asia/Amman"))
    second = start_thread(author, topic, when=at("2026-11-26 20:00", "Asia/Amman"), title="Second")
    run(at("2026-11-27 07:05", "Asia/Amman"))
    emails = list(OutboundEmail.objects.filter(to=person.email).order_by("pk"))
    assert len(emails) == 2
    assert first.title in emails[0].body_text and second.title not in emails[0].body_text
    assert second.title in emails[1].body_text and first.title not in emails[1].body_text


def test_no_digest_after_the_morning_window_nor_at_night(jordan, topic):
    person = reader(jordan, email="late@example.org")
    discussions.topic_set_followed(member=person, topic=topic, follow=True)
    start_thread(reader(jordan), topic, when=at("2026-11-25 20:00", "Asia/Amman"))
    run(at("2026-11-26 13:00", "Asia/Amman"))
    run(at("2026-11-26 02:00", "Asia/Amman"))
    assert sent_to() == []


def test_a_member_on_immediate_emails_gets_no_posts_in_the_digest_but_new_events(jordan, topic):
    from members.models import NotificationMode
    from tests.events.factories import EventFactory

    person = reader(jordan, email="immediate@example.org")
    person.notification_mode = NotificationMode.IMMEDIATE
    person.save()
    discussions.topic_set_followed(member=person, topic=topic, follow=True)
    start_thread(reader(jordan, frequency="none"), topic, when=at("2026-11-25 20:00", "Asia/Amman"))
    run(at("2026-11-26 07:05", "Asia/Amman"))
    assert sent_to() == []  # the post reached them by email already
    with time_machine.travel(at("2026-11-26 12:00", "Asia/Amman"), tick=False):
        event = EventFactory(
            start=at("2026-12-03 10:00", "Asia/Amman"), end=at("2026-12-03 11:00", "Asia/Amman")
        )
    event.topics.add(topic)
    run(at("2026-11-27 07:05", "Asia/Amman"))
    [email] = OutboundEmail.objects.filter(to=person.email, kind="digests/email/digest")
    assert "Events you may like" in email.body_text and event.title_en in email.body_text
    assert "New in what you follow" not in email.body_text


def test_a_long_day_is_cut_to_ten_threads_with_a_link_to_the_rest(jordan, topic):
    person = reader(jordan, email="busy@example.org")
    discussions.topic_set_followed(member=person, topic=topic, follow=True)
    author = reader(jordan, frequency="none")
    for n in range(12):
        start_thread(author, topic, when=at(f"2026-11-25 1{n % 10}:0{n // 10}"), title=f"T{n}")
    run(at("2026-11-26 07:05", "Asia/Amman"))
    email = OutboundEmail.objects.get(to=person.email)
    assert email.body_text.count("## T") == 10
    assert "And 2 more: http://testserver/en/discussions/" in email.body_text
    assert email.subject == "Your daily digest: 12 new items"
