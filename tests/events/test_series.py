"""Series: the recurrence is checked and bounded; generating never duplicates or resurrects."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from events import services
from events.models import Event, EventStatus, Registration, RegistrationStatus, SeriesRegistration

from ..factories import UserFactory
from .factories import SeriesFactory

AMMAN = ZoneInfo("Asia/Amman")


@pytest.fixture
def series(db):
    with time_machine.travel(datetime(2026, 12, 1, 9, tzinfo=AMMAN), tick=False):
        yield SeriesFactory(first_start=datetime(2027, 1, 19, 10, tzinfo=AMMAN))


def generate(series, when=datetime(2026, 12, 1, 9, tzinfo=AMMAN), count=3):
    with time_machine.travel(when, tick=False):
        return services.series_generate_sessions(series=series, count=count)


def test_the_bimonthly_rule_makes_third_tuesdays_at_ten_in_amman(series):
    sessions = generate(series)
    assert [s.start.astimezone(AMMAN).strftime("%a %Y-%m-%d %H:%M") for s in sessions] == [
        "Tue 2027-01-19 10:00",
        "Tue 2027-03-16 10:00",
        "Tue 2027-05-18 10:00",
    ]
    assert all(s.title_en == series.title_en and s.join_url == series.join_url for s in sessions)


def test_generating_again_never_duplicates_or_resurrects_moved_and_cancelled_sessions(series):
    first, second, _third = generate(series)
    # The facilitator moves one session and cancels another.
    moved_before = Event.objects.get(pk=first.pk)
    first.start += timedelta(days=2)
    first.end += timedelta(days=2)
    services.event_save(event=first, before=moved_before)
    services.event_cancel(event=second)

    again = generate(series)

    assert again == []
    assert Event.objects.filter(series=series).count() == 3
    assert Event.objects.get(pk=first.pk).status == EventStatus.MOVED
    assert Event.objects.get(pk=second.pk).status == EventStatus.CANCELLED


def test_later_generation_adds_only_the_new_occurrences(series):
    generate(series)
    later = generate(series, when=datetime(2027, 2, 1, tzinfo=AMMAN))
    assert [s.start.astimezone(AMMAN).date().isoformat() for s in later] == ["2027-07-20"]
    assert Event.objects.filter(series=series).count() == 4


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=DAILY", "weekly at most often"),
        ("FREQ=MINUTELY;INTERVAL=1", "weekly at most often"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "more than 26 sessions a year"),
        ("FREQ=MONTHLY;BYDAY=+9XX", "not a valid recurrence rule"),
        ("FREQ=MONTHLY;X-NAME=1", "part that is not allowed"),
        ("FREQ=MONTHLY\nDTSTART:20270101", "Enter one recurrence rule"),
        ("", "Enter one recurrence rule"),
    ],
)
def test_a_bad_or_oversized_rule_is_refused_and_nothing_is_created(series, rule, message):
    series.recurrence = rule
    series.save()
    with pytest.raises(ValidationError, match=message):
        generate(series)
    assert not Event.objects.exists()


def test_series_registration_registers_for_every_new_session_and_keeps_a_skip(series, member):
    _first, second, _third = generate(series)
    with time_machine.travel(datetime(2026, 12, 2, tzinfo=AMMAN), tick=False):
        services.series_register(series=series, member=member)
        assert Registration.objects.filter(member=member, status="registered").count() == 3
        # Skip one session.
        services.registration_cancel(event=second, member=member)
    generate(series, when=datetime(2027, 2, 1, tzinfo=AMMAN))

    mine = dict(Registration.objects.filter(member=member).values_list("event__start", "status"))
    assert sorted((k.astimezone(AMMAN).date().isoformat(), v) for k, v in mine.items()) == [
        ("2027-01-19", RegistrationStatus.REGISTERED),
        ("2027-03-16", RegistrationStatus.CANCELLED),
        ("2027-05-18", RegistrationStatus.REGISTERED),
        ("2027-07-20", RegistrationStatus.REGISTERED),
    ]
    assert SeriesRegistration.objects.filter(series=series, member=member).count() == 1


def test_registering_for_a_series_twice_is_one_registration(series, member):
    generate(series)
    with time_machine.travel(datetime(2026, 12, 2, tzinfo=AMMAN), tick=False):
        services.series_register(series=series, member=member)
        services.series_register(series=series, member=member)
    assert SeriesRegistration.objects.count() == 1
    assert Registration.objects.count() == 3


def test_an_applicant_cannot_register_for_a_series(series, applicant):
    generate(series)
    with pytest.raises(PermissionDenied):
        services.series_register(series=series, member=applicant)
    assert not SeriesRegistration.objects.exists()


def test_leaving_the_series_frees_its_upcoming_seats(series, country):
    generate(series)
    member = UserFactory(country=country)
    with time_machine.travel(datetime(2026, 12, 2, tzinfo=AMMAN), tick=False):
        services.series_register(series=series, member=member)
        assert services.series_unregister(series=series, member=member) == 3
    assert not Registration.objects.filter(status="registered").exists()
