"""Members' pages: filters, calendar without JavaScript, query budgets, home panels."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from discussions.models import Topic
from events.models import Material, Speaker

from ..factories import UserFactory
from .factories import EventFactory, SeriesFactory, register

AMMAN = ZoneInfo("Asia/Amman")


@pytest.fixture
def busy(country):
    topic = Topic.objects.create(slug="cash", name_ar="التحويلات النقدية", name_en="Cash transfers")
    series = SeriesFactory()
    events = []
    for n in range(12):
        event = EventFactory(
            kind="webinar" if n % 2 else "workshop",
            series=series if n % 3 == 0 else None,
            capacity=10,
        )
        event.topics.add(topic)
        Speaker.objects.create(event=event, name=f"Guest {n}")
        Material.objects.create(
            event=event,
            kind="slides",
            title_en="Slides",
            title_ar="شرائح",
            url="https://x.example.org/s",
        )
        for _ in range(3):
            register(event, UserFactory(country=country))
        events.append(event)
    return {"topic": topic, "series": series, "events": events}


def test_the_list_filters_by_kind_topic_and_series(member_client, busy):
    webinars = member_client.get("/en/events/?kind=webinar").content.decode()
    assert all((e.title_en in webinars) == (e.kind == "webinar") for e in busy["events"])
    by_series = member_client.get(f"/en/events/?series={busy['series'].pk}").content.decode()
    assert all((e.title_en in by_series) == (e.series_id is not None) for e in busy["events"])
    assert member_client.get(f"/en/events/?topic={busy['topic'].pk}").status_code == 200
    assert member_client.get("/en/events/?kind=<script>").status_code == 400


def test_list_calendar_and_event_pages_keep_their_query_budget(
    member_client, member, busy, django_assert_max_num_queries
):
    event = busy["events"][0]
    register(event, member)
    with django_assert_max_num_queries(12):
        member_client.get("/en/events/")
    with django_assert_max_num_queries(10):
        member_client.get("/en/events/calendar/")
    with django_assert_max_num_queries(16):
        member_client.get(f"/en/events/{event.pk}/")
    with django_assert_max_num_queries(14):
        member_client.get(f"/en/events/series/{busy['series'].pk}/")


def test_the_same_budget_holds_with_many_more_events(
    member_client, busy, country, django_assert_max_num_queries
):
    for _ in range(25):
        EventFactory()
    with django_assert_max_num_queries(12):
        member_client.get("/en/events/")


def test_the_month_calendar_places_events_on_the_readers_day(client, db):
    # 00:30 in Amman on 1 May is still 30 April in Casablanca.
    start = datetime(2027, 5, 1, 0, 30, tzinfo=AMMAN)
    event = EventFactory(start=start, end=start + timedelta(hours=1), title_en="Late night call")
    client.force_login(UserFactory(timezone="Africa/Casablanca"))
    april = client.get("/en/events/calendar/2027/4/").content.decode()
    may = client.get("/en/events/calendar/2027/5/").content.decode()
    assert event.title_en in april and event.title_en not in may
    assert "<script" not in april


def test_visitors_see_public_events_and_are_asked_to_sign_in(client, db):
    public = EventFactory(is_public=True, title_en="Open webinar")
    EventFactory(is_public=False, title_en="Members-only workshop")
    listing = client.get("/en/events/").content.decode()
    assert "Open webinar" in listing and "Members-only workshop" not in listing
    page = client.get(f"/en/events/{public.pk}/").content.decode()
    assert "Sign in to register for this event." in page


def test_the_home_page_shows_the_members_next_events_and_the_focal_points_country(
    client, focal_point, country
):
    event = EventFactory(title_en="Next workshop")
    register(event, focal_point)
    register(event, UserFactory(country=country))
    client.force_login(focal_point)
    with time_machine.travel(event.start - timedelta(days=1)):
        home = client.get("/en/").content.decode()
    assert home.count("Next workshop") >= 2
    assert "2 members from Jordan are registered." in home


def test_the_landing_page_shows_public_events_to_visitors(client, db):
    EventFactory(is_public=True, title_en="Open webinar")
    assert "Open webinar" in client.get("/en/").content.decode()
