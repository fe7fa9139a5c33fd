"""The privacy hook (export and account closing) and the demo content."""

import pytest
from django.core.management import call_command

from events import privacy
from events.models import (
    CalendarFeed,
    Event,
    Nomination,
    Registration,
    Series,
    SeriesRegistration,
)

from ..factories import UserFactory
from .factories import EventFactory, SeriesFactory, register


def test_the_export_holds_the_members_registrations_series_and_nominations(member):
    event = EventFactory(title_en="Workshop on registries")
    register(event, member)
    series = SeriesFactory()
    SeriesRegistration.objects.create(series=series, member=member)
    data = privacy.member_data(member)
    assert [r["status"] for r in data["registrations"]] == ["registered"]
    assert data["series"] == [series.title]
    assert data["calendar_feed"] is False


def test_closing_an_account_frees_the_seat_for_the_waiting_list(country, member):
    event = EventFactory(capacity=1)
    register(event, member)
    waiting = UserFactory(country=country)
    register(event, waiting, "waitlisted")
    CalendarFeed.objects.create(member=member)
    privacy.member_closed(member)
    assert Registration.objects.get(member=member).status == "cancelled"
    assert Registration.objects.get(member=waiting).status == "registered"
    assert not CalendarFeed.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_seed_demo_makes_a_living_events_calendar_and_is_safe_to_run_again():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (Event.objects.count(), Registration.objects.count(), Nomination.objects.count())
    series = Series.objects.get()
    assert series.sessions.filter(materials__isnull=False).exists(), "past sessions with materials"
    assert series.sessions.filter(start__gt=series.first_start).count() >= 3
    assert Event.objects.filter(kind="study_tour", takes_nominations=True).exists()
    assert Nomination.objects.values("country").distinct().count() >= 3
    assert Event.objects.filter(kind="audio", dial_ins__isnull=False).exists()
    assert Registration.objects.filter(status="waitlisted").exists()
    assert Registration.objects.values("member__country").distinct().count() >= 5
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (
        Event.objects.count(),
        Registration.objects.count(),
        Nomination.objects.count(),
    ) == counts
