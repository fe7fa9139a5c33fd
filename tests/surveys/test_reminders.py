"""Reminders before a survey closes: to each member who has not answered, once, in their language."""

import threading
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cop.models import OutboundEmail
from members.models import MembershipStatus, User
from surveys import services
from surveys.models import Audience, ReminderDelivery, Response
from surveys.services import reminders as reminders_module

from ..factories import CountryFactory, UserFactory
from .factories import SurveyFactory

UTC = ZoneInfo("UTC")
CLOSES = datetime(2027, 5, 10, 12, tzinfo=UTC)
THREE_DAYS_BEFORE = CLOSES - timedelta(days=3) + timedelta(minutes=5)


@pytest.fixture
def closing(db):
    return SurveyFactory(
        title_ar="استبيان الاحتياجات",
        title_en="Needs survey",
        opens_at=CLOSES - timedelta(days=30),
        closes_at=CLOSES,
    )


def run_at(moment, **kwargs):
    with time_machine.travel(moment, tick=False):
        return services.reminders_send_due(**kwargs)


def test_a_reminder_goes_out_once_when_the_job_runs_twice(closing, country):
    people = [UserFactory(country=country) for _ in range(3)]
    assert run_at(CLOSES - timedelta(days=4)) == 0  # not yet in the window
    assert run_at(THREE_DAYS_BEFORE) == 3
    assert run_at(THREE_DAYS_BEFORE) == 0
    assert run_at(CLOSES - timedelta(hours=1)) == 0
    assert OutboundEmail.objects.count() == 3
    assert set(ReminderDelivery.objects.values_list("member_id", flat=True)) == {
        p.pk for p in people
    }
    assert all(d.email_id for d in ReminderDelivery.objects.all())


def test_members_who_sent_their_answers_are_not_reminded_but_drafts_are(closing, country):
    sent, drafted, silent = (UserFactory(country=country) for _ in range(3))
    Response.objects.create(
        survey=closing, member=sent, status="submitted", submitted_at=CLOSES - timedelta(days=9)
    )
    Response.objects.create(survey=closing, member=drafted)
    run_at(THREE_DAYS_BEFORE)
    assert set(ReminderDelivery.objects.values_list("member_id", flat=True)) == {
        drafted.pk,
        silent.pk,
    }


def test_only_the_audience_is_reminded(closing, country):
    closing.audience = Audience.COUNTRIES
    closing.save()
    closing.countries.set([country])
    inside = UserFactory(country=country)
    UserFactory(country=CountryFactory(code="TN"))
    UserFactory(country=country, status=MembershipStatus.APPLICANT)  # members-only survey
    UserFactory(country=country, status=MembershipStatus.SUSPENDED)
    UserFactory(country=country, is_active=False)
    UserFactory(country=country, survey_reminders=False)  # turned them off
    run_at(THREE_DAYS_BEFORE)
    assert list(ReminderDelivery.objects.values_list("member_id", flat=True)) == [inside.pk]


def test_applicants_are_reminded_when_the_survey_is_open_to_them(closing, country):
    closing.applicants_too = True
    closing.save()
    applicant = UserFactory(country=country, status=MembershipStatus.APPLICANT)
    run_at(THREE_DAYS_BEFORE)
    assert list(ReminderDelivery.objects.values_list("member_id", flat=True)) == [applicant.pk]


def test_surveys_that_never_close_or_have_closed_send_no_reminder(country):
    SurveyFactory(opens_at=CLOSES - timedelta(days=30), closes_at=None)
    SurveyFactory(opens_at=CLOSES - timedelta(days=30), closes_at=CLOSES - timedelta(days=4))
    SurveyFactory(opens_at=CLOSES - timedelta(days=1), closes_at=CLOSES)  # not open yet
    UserFactory(country=country)
    assert run_at(THREE_DAYS_BEFORE - timedelta(days=1)) == 0
    assert not OutboundEmail.objects.exists()


def test_the_reminder_is_in_the_members_language_and_time_zone_with_a_one_click_opt_out(
    closing, country, client
):
    reader = UserFactory(country=country, timezone="Asia/Amman", preferred_language="ar")
    english = UserFactory(country=country, timezone="Africa/Casablanca", preferred_language="en")
    run_at(THREE_DAYS_BEFORE)
    arabic = OutboundEmail.objects.get(to=reader.email)
    assert arabic.language == "ar" and "استبيان الاحتياجات" in arabic.subject
    assert 'dir="rtl"' in arabic.body_html
    assert "15:00" in arabic.body_text  # 12:00 UTC in Amman
    assert f"/ar/surveys/{closing.pk}/" in arabic.body_text
    assert arabic.unsubscribe == "survey_reminders" and "List-Unsubscribe" in arabic.headers
    assert arabic.not_after == CLOSES
    other = OutboundEmail.objects.get(to=english.email)
    assert other.language == "en" and "Needs survey" in other.subject
    assert "13:00" in other.body_text and "Casablanca" in other.body_text  # UTC+1
    assert f"/en/surveys/{closing.pk}/" in other.body_text
    # The one-click opt-out turns off exactly survey reminders.
    link = arabic.headers["List-Unsubscribe"].strip("<>").replace("http://testserver", "")
    assert client.post(link, {"List-Unsubscribe": "One-Click"}).status_code in (200, 302)
    reader.refresh_from_db()
    assert reader.survey_reminders is False and reader.event_reminders is True


def test_reminders_take_a_constant_number_of_queries_per_batch(closing, country):
    User.objects.bulk_create(
        User(email=f"m{n}@example.org", country=country, status="member", preferred_language="ar")
        for n in range(300)
    )
    with CaptureQueriesContext(connection) as queries:
        assert run_at(THREE_DAYS_BEFORE, batch=100) == 300
    # Per batch: select, claim (INSERT ... ON CONFLICT), emails (INSERT, own savepoint),
    # link (UPDATE), savepoints: a fixed number, however many members.
    batches = 4  # three full ones, then the empty one that ends the loop
    assert len(queries) <= 4 + 9 * batches, "\n".join(
        q["sql"][:150] for q in queries.captured_queries[:40]
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_jobs_running_at_once_send_each_reminder_once(country, monkeypatch):
    closing = SurveyFactory(opens_at=CLOSES - timedelta(days=30), closes_at=CLOSES)
    User.objects.bulk_create(
        User(email=f"c{n}@example.org", country=country, status="member") for n in range(60)
    )
    original = reminders_module.send_templated_emails

    def slow(**kwargs):
        rows = original(**kwargs)
        time.sleep(0.3)  # hold the batch's transaction open while the other job runs
        return rows

    monkeypatch.setattr(reminders_module, "send_templated_emails", slow)
    results, barrier = [], threading.Barrier(2)

    def job():
        try:
            barrier.wait()
            results.append(services.reminders_send_due(now=THREE_DAYS_BEFORE, batch=25))
        finally:
            connection.close()

    threads = [threading.Thread(target=job) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(results) == 60
    assert ReminderDelivery.objects.filter(survey=closing).count() == 60
    assert OutboundEmail.objects.count() == 60
    assert len(set(OutboundEmail.objects.values_list("to", flat=True))) == 60


def test_the_beat_task_sends_the_due_reminders(closing, country):
    from surveys.tasks import send_reminders

    UserFactory(country=country)
    with time_machine.travel(THREE_DAYS_BEFORE, tick=False):
        assert send_reminders.delay().get() == 1
    from django.conf import settings

    assert (
        settings.CELERY_BEAT_SCHEDULE["send-survey-reminders"]["task"] == "surveys.send_reminders"
    )
