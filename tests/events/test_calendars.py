"""Calendar files: stable UIDs, SEQUENCE on change, cancellations, the private feed."""

from datetime import timedelta

import pytest
from icalendar import Calendar

from events import services
from events.models import CalendarFeed, Event

from .factories import EventFactory, SeriesFactory, register


def vevents(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_a_moved_session_keeps_its_uid_with_a_higher_sequence(client, event):
    (before,) = vevents(client.get(f"/en/events/{event.pk}/event.ics"))
    original = Event.objects.get(pk=event.pk)
    event.start += timedelta(days=1)
    event.end += timedelta(days=1)
    services.event_save(event=event, before=original)

    (after,) = vevents(client.get(f"/en/events/{event.pk}/event.ics"))

    assert str(after["uid"]) == str(before["uid"])
    assert int(after["sequence"]) == int(before["sequence"]) + 1
    assert after.decoded("dtstart") == event.start
    assert str(after["status"]) == "CONFIRMED"


def test_a_cancellation_is_published_as_cancelled(client, event):
    services.event_cancel(event=event)
    (vevent,) = vevents(client.get(f"/en/events/{event.pk}/event.ics"))
    assert str(vevent["status"]) == "CANCELLED"
    assert int(vevent["sequence"]) == 1


def test_the_join_link_is_in_the_ics_only_for_registered_members(client, member, event):
    anonymous = client.get(f"/en/events/{event.pk}/event.ics").content.decode()
    client.force_login(member)
    not_registered = client.get(f"/en/events/{event.pk}/event.ics").content.decode()
    register(event, member)
    registered = client.get(f"/en/events/{event.pk}/event.ics").content.decode()
    assert event.join_url not in anonymous
    assert event.join_url not in not_registered
    assert event.join_url in registered.replace("\r\n ", "")


def test_a_series_has_one_calendar_with_all_its_sessions(client, db):
    series = SeriesFactory()
    made = services.series_generate_sessions(series=series, count=3)
    events = vevents(client.get(f"/en/events/series/{series.pk}/series.ics"))
    assert sorted(str(v["uid"]) for v in events) == sorted(f"{s.uid}@testserver" for s in made)


def test_the_private_feed_lists_the_members_registrations_and_can_be_revoked(client, member, event):
    other = EventFactory()
    register(event, member)
    client.force_login(member)
    client.post("/en/events/calendar-feed/", {"action": "regenerate"})
    token = CalendarFeed.objects.get(member=member).token
    client.logout()

    events = vevents(client.get(f"/en/events/feed/{token}.ics"))
    assert [str(v["summary"]) for v in events] == [event.title_en]
    assert str(other.uid) not in client.get(f"/en/events/feed/{token}.ics").content.decode()

    client.force_login(member)
    client.post("/en/events/calendar-feed/", {"action": "regenerate"})
    new_token = CalendarFeed.objects.get(member=member).token
    client.logout()
    assert new_token != token
    assert client.get(f"/en/events/feed/{token}.ics").status_code == 404
    assert client.get(f"/en/events/feed/{new_token}.ics").status_code == 200

    client.force_login(member)
    client.post("/en/events/calendar-feed/", {"action": "revoke"})
    client.logout()
    assert client.get(f"/en/events/feed/{new_token}.ics").status_code == 404


@pytest.mark.parametrize("token", ["wrong", "x" * 32, "%00", "' OR 1=1 --"])
def test_a_wrong_feed_token_finds_nothing(client, member, token):
    CalendarFeed.objects.create(member=member)
    assert client.get(f"/en/events/feed/{token}.ics").status_code == 404


def test_a_suspended_members_feed_stops(client, member, event):
    register(event, member)
    feed = CalendarFeed.objects.create(member=member)
    member.status = "suspended"
    member.save()
    assert client.get(f"/en/events/feed/{feed.token}.ics").status_code == 404
