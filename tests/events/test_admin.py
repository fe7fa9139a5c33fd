"""The facilitators' workbench: times in the host's zone, generating sessions, validation."""

from datetime import UTC, datetime

import pytest

from events.models import Event, Series

from .factories import EventFactory, SeriesFactory


def event_form(**overrides):
    data = {
        "title_ar": "ورشة",
        "title_en": "Workshop",
        "kind": "workshop",
        "status": "scheduled",
        "host_timezone": "Asia/Amman",
        "start_0": "2027-04-20",
        "start_1": "10:00",
        "end_0": "2027-04-20",
        "end_1": "11:30",
        "languages": "ar",
        "interpretation": "",
        "nomination_quota": "3",
        "is_public": "on",
    }
    for prefix in ("dial_ins", "speakers", "materials"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    data.update(overrides)
    return data


def test_start_is_entered_in_the_hosts_zone_and_shown_with_its_name(facilitator_client):
    response = facilitator_client.post("/en/admin/events/event/add/", event_form())
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get()
    assert event.start == datetime(2027, 4, 20, 7, tzinfo=UTC)
    page = facilitator_client.get(f"/en/admin/events/event/{event.pk}/change/").content.decode()
    assert 'value="10:00:00"' in page or 'value="10:00"' in page
    assert "time zone: Amman (Asia/Amman)." in page
    listing = facilitator_client.get("/en/admin/events/event/").content.decode()
    assert "2027-04-20 10:00 (Amman)" in listing


def test_a_casablanca_host_enters_casablanca_time(facilitator_client):
    facilitator_client.post(
        "/en/admin/events/event/add/",
        event_form(host_timezone="Africa/Casablanca", start_1="09:00", end_1="10:00"),
    )
    assert Event.objects.get().start == datetime(2027, 4, 20, 8, tzinfo=UTC)


def test_end_before_start_is_refused_and_nothing_is_saved(facilitator_client):
    response = facilitator_client.post("/en/admin/events/event/add/", event_form(end_1="09:00"))
    assert response.status_code == 200
    assert "The event must end after it starts." in response.content.decode()
    assert not Event.objects.exists()


def test_an_oversized_recurrence_is_refused_in_the_series_form(facilitator_client):
    data = {
        "title_ar": "سلسلة",
        "title_en": "Series",
        "kind": "workshop",
        "host_timezone": "Asia/Amman",
        "first_start_0": "2027-01-19",
        "first_start_1": "10:00",
        "duration_minutes": "90",
        "recurrence": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        "languages": "ar",
        "interpretation": "",
    }
    response = facilitator_client.post("/en/admin/events/series/add/", data)
    assert response.status_code == 200
    assert "more than 26 sessions a year" in response.content.decode()
    assert not Series.objects.exists()
    data["recurrence"] = "FREQ=MONTHLY;INTERVAL=2;BYDAY=+3TU"
    assert facilitator_client.post("/en/admin/events/series/add/", data).status_code == 302
    assert Series.objects.get().first_start == datetime(2027, 1, 19, 7, tzinfo=UTC)


def test_the_generate_action_creates_the_next_sessions_once(facilitator_client):
    series = SeriesFactory()
    action = {"action": "generate_sessions", "_selected_action": [series.pk]}
    facilitator_client.post("/en/admin/events/series/", action)
    facilitator_client.post("/en/admin/events/series/", action)
    assert Event.objects.filter(series=series).count() == 3


def test_moving_a_session_in_admin_announces_it_and_raises_the_sequence(
    facilitator_client, member, committed
):
    from cop.models import OutboundEmail

    from .factories import register

    event = EventFactory(
        start=datetime(2027, 4, 20, 7, tzinfo=UTC), end=datetime(2027, 4, 20, 8, 30, tzinfo=UTC)
    )
    register(event, member)
    with committed():
        response = facilitator_client.post(
            f"/en/admin/events/event/{event.pk}/change/",
            event_form(
                title_ar=event.title_ar,
                title_en=event.title_en,
                start_1="12:00",
                end_1="13:30",
                join_url=event.join_url,
            ),
        )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.status, event.sequence) == ("moved", 1)
    assert OutboundEmail.objects.filter(to=member.email, kind="events/email/changed").count() == 1


@pytest.mark.parametrize(
    "path",
    [
        "/en/admin/events/event/",
        "/en/admin/events/series/",
        "/en/admin/events/registration/",
        "/en/admin/events/nomination/",
        "/en/admin/events/reminderdelivery/",
    ],
)
def test_admin_lists_open(facilitator_client, path):
    EventFactory()
    assert facilitator_client.get(path).status_code == 200


def test_a_misconfigured_reminder_setting_stops_start_up(settings):
    from events.checks import event_settings

    assert event_settings(None) == []
    settings.EVENT_REMINDERS = {"week": 168, "fortnight": 336}
    settings.EVENT_WORKING_HOURS = (18, 8)
    assert [error.id for error in event_settings(None)] == ["events.E001", "events.E002"]
