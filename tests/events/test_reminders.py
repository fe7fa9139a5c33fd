"""Reminders: due in bulk, in working hours, exactly once each even when the job runs twice."""

import threading
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cop.models import OutboundEmail
from events import services
from events.models import Registration, RegistrationStatus, ReminderDelivery
from events.services import reminders as reminders_module
from members.models import User

from ..factories import UserFactory
from .factories import EventFactory, register

CASABLANCA = ZoneInfo("Africa/Casablanca")
AMMAN = ZoneInfo("Asia/Amman")


@pytest.fixture
def event(db):
    # Tuesday 20 April 2027, 10:00 in Amman (08:00 in Casablanca).
    start = datetime(2027, 4, 20, 10, tzinfo=AMMAN)
    return EventFactory(start=start, end=start + timedelta(hours=2))


def run_at(moment, **kwargs):
    with time_machine.travel(moment, tick=False):
        return services.reminders_send_due(**kwargs)


def test_a_reminder_goes_out_once_when_the_job_runs_twice(event, country):
    people = [UserFactory(country=country, timezone="Asia/Amman") for _ in range(3)]
    for person in people:
        register(event, person)
    week_before = datetime(2027, 4, 13, 10, 5, tzinfo=AMMAN)

    assert run_at(week_before) == 3
    assert run_at(week_before) == 0
    assert run_at(week_before + timedelta(minutes=5)) == 0

    assert OutboundEmail.objects.count() == 3
    assert set(ReminderDelivery.objects.values_list("kind", flat=True)) == {"week"}
    assert all(d.email_id for d in ReminderDelivery.objects.all())


def test_the_reminder_is_in_the_members_language_and_time_zone_with_the_ics_and_link(
    event, country
):
    reader = UserFactory(country=country, timezone="Africa/Casablanca", preferred_language="ar")
    register(event, reader)
    run_at(datetime(2027, 4, 19, 10, 30, tzinfo=CASABLANCA))

    email = OutboundEmail.objects.get()
    assert email.language == "ar"
    assert email.subject.startswith("غدًا")
    assert "08:00" in email.body_text and "الدار البيضاء" in email.body_text
    assert "10:00" in email.body_text and "عمّان" in email.body_text
    assert event.join_url in email.body_text
    assert email.attachments[0]["filename"] == "event.ics"
    assert "List-Unsubscribe" in email.headers
    assert 'dir="rtl"' in email.body_html


def test_day_and_week_reminders_keep_to_local_working_hours(country):
    # 07:00 in Casablanca: the day reminder would fall at 07:00 the day before, before
    # working hours, so it goes out at 17:00 two days before.
    start = datetime(2027, 5, 12, 7, tzinfo=CASABLANCA)
    event = EventFactory(start=start, end=start + timedelta(hours=1))
    reader = UserFactory(country=country, timezone="Africa/Casablanca")
    register(event, reader)

    assert run_at(datetime(2027, 5, 5, 7, 0, tzinfo=CASABLANCA)) == 1  # the week reminder
    assert run_at(datetime(2027, 5, 10, 16, 55, tzinfo=CASABLANCA)) == 0
    assert run_at(datetime(2027, 5, 10, 17, 0, tzinfo=CASABLANCA)) == 1
    assert ReminderDelivery.objects.latest("pk").kind == "day"
    # The hour reminder is not held back: 06:00 is an hour before the event.
    assert run_at(datetime(2027, 5, 12, 6, 0, tzinfo=CASABLANCA)) == 1
    assert sorted(ReminderDelivery.objects.values_list("kind", flat=True)) == [
        "day",
        "hour",
        "week",
    ]


def test_nobody_is_reminded_at_night(country):
    start = datetime(2027, 5, 20, 23, 30, tzinfo=CASABLANCA)
    event = EventFactory(start=start, end=start + timedelta(hours=1))
    register(event, UserFactory(country=country, timezone="Africa/Casablanca"))
    sent_at = []
    moment = start - timedelta(days=8)
    while moment < start:
        if run_at(moment):
            sent_at.append(moment.astimezone(CASABLANCA))
        moment += timedelta(minutes=30)
    kinds = dict(
        zip(
            sent_at,
            ReminderDelivery.objects.order_by("pk").values_list("kind", flat=True),
            strict=True,
        )
    )
    assert sorted(kinds.values()) == ["day", "hour", "week"]
    for when, kind in kinds.items():
        if kind != "hour":
            assert 8 <= when.hour < 18, (kind, when)


def test_a_late_registrant_gets_only_the_reminder_that_still_makes_sense(event, country):
    reader = UserFactory(country=country, timezone="Asia/Amman")
    register(event, reader)
    assert run_at(datetime(2027, 4, 19, 12, tzinfo=AMMAN)) == 1
    assert ReminderDelivery.objects.get().kind == "day"


def test_cancelled_events_waitlisted_and_unregistered_members_get_no_reminder(event, country):
    register(event, UserFactory(country=country), RegistrationStatus.WAITLISTED)
    register(event, UserFactory(country=country), RegistrationStatus.CANCELLED)
    cancelled = EventFactory(start=event.start, end=event.end)
    register(cancelled, UserFactory(country=country))
    services.event_cancel(event=cancelled)
    OutboundEmail.objects.all().delete()
    assert run_at(datetime(2027, 4, 19, 12, tzinfo=AMMAN)) == 0
    assert not OutboundEmail.objects.exists()


def test_the_command_sends_the_due_reminders(event, member):
    from django.core.management import call_command

    register(event, member)
    with time_machine.travel(datetime(2027, 4, 19, 12, tzinfo=AMMAN), tick=False):
        call_command("send_event_reminders")
    assert ReminderDelivery.objects.count() == 1


# --- Many registrants and real concurrency ---------------------------------------------------
def many_registrants(event, count: int, country):
    users = User.objects.bulk_create(
        User(
            email=f"r{n}@example.org",
            name_latin=f"Registrant {n}",
            country=country,
            status="member",
            timezone=("Asia/Amman", "Africa/Casablanca", "Asia/Beirut", "Asia/Aden")[n % 4],
            preferred_language="ar" if n % 3 else "en",
        )
        for n in range(count)
    )
    Registration.objects.bulk_create(
        Registration(event=event, member=user, status=RegistrationStatus.REGISTERED)
        for user in users
    )


@pytest.mark.postgres
def test_reminders_for_5000_registrants_take_a_constant_number_of_queries_per_batch(
    event, country, settings
):
    many_registrants(event, 5000, country)
    batch = 500
    with CaptureQueriesContext(connection) as queries:
        sent = run_at(datetime(2027, 4, 13, 12, tzinfo=AMMAN), batch=batch)
    assert sent == 5000
    assert OutboundEmail.objects.count() == 5000
    batches = 5000 // batch + 1  # the last, empty one ends the loop
    # Per batch: select the due registrations, claim them (one INSERT ... ON CONFLICT),
    # write the emails (one INSERT, in the pipeline's own savepoint), link them (one
    # UPDATE), and the batch's savepoint pair: 8, however many registrants.
    per_batch = 8
    assert len(queries) <= 4 + per_batch * batches, "\n".join(
        q["sql"][:150] for q in queries.captured_queries[:30]
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_reminder_jobs_running_at_once_send_each_reminder_once(event, country, monkeypatch):
    many_registrants(event, 60, country)
    original = reminders_module.send_to_members

    def slow(**kwargs):
        ids = original(**kwargs)
        time.sleep(0.5)  # hold the batch's transaction open while the other job runs
        return ids

    monkeypatch.setattr(reminders_module, "send_to_members", slow)
    moment = datetime(2027, 4, 13, 12, tzinfo=AMMAN)
    results, barrier = [], threading.Barrier(2)

    def job():
        try:
            barrier.wait()
            results.append(services.reminders_send_due(now=moment, batch=25))
        finally:
            connection.close()

    threads = [threading.Thread(target=job) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert sum(results) == 60
    assert ReminderDelivery.objects.count() == 60
    assert OutboundEmail.objects.count() == 60
    assert OutboundEmail.objects.values("to").distinct().count() == 60


def test_members_sharing_one_rendering_each_get_their_own_name_and_unsubscribe_link(event, country):
    rana = UserFactory(
        country=country, timezone="Asia/Amman", preferred_language="ar", name_arabic="رنا <خطيب>"
    )
    laith = UserFactory(
        country=country, timezone="Asia/Amman", preferred_language="ar", name_arabic="ليث العبادي"
    )
    register(event, rana)
    register(event, laith)
    run_at(datetime(2027, 4, 19, 12, tzinfo=AMMAN))
    to_rana, to_laith = (
        OutboundEmail.objects.get(to=rana.email),
        OutboundEmail.objects.get(to=laith.email),
    )
    assert "رنا <خطيب>" in to_rana.body_text and "رنا &lt;خطيب&gt;" in to_rana.body_html
    assert "ليث العبادي" in to_laith.body_text and "رنا" not in to_laith.body_text
    link_rana = to_rana.headers["List-Unsubscribe"].strip("<>")
    link_laith = to_laith.headers["List-Unsubscribe"].strip("<>")
    assert link_rana != link_laith
    assert link_rana in to_rana.body_text and link_laith not in to_rana.body_text
    assert "\ue000" not in to_rana.body_text + to_rana.body_html


def test_the_one_click_link_in_a_reminder_turns_event_reminders_off(client, event, country):
    reader = UserFactory(country=country, timezone="Asia/Amman", preferred_language="en")
    register(event, reader)
    run_at(datetime(2027, 4, 13, 12, tzinfo=AMMAN))
    email = OutboundEmail.objects.get(to=reader.email)
    link = email.headers["List-Unsubscribe"].strip("<>")
    assert link in email.body_text and "event reminders" in email.body_text
    before = User.objects.get(pk=reader.pk)
    client.post(link.removeprefix("http://testserver"))  # RFC 8058 one-click POST
    reader.refresh_from_db()
    assert reader.event_reminders is False
    assert (reader.notification_mode, reader.digest_frequency) == (
        before.notification_mode,
        before.digest_frequency,
    )

    assert run_at(datetime(2027, 4, 19, 12, tzinfo=AMMAN)) == 0
    assert OutboundEmail.objects.filter(to=reader.email).count() == 1
