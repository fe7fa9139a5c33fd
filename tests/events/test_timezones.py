"""A series hosted in Amman, read by members across the region through 2027's clock changes."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from icalendar import Calendar

from events import services

from ..factories import UserFactory
from .factories import SeriesFactory

AMMAN = ZoneInfo("Asia/Amman")
# 10:00 in Amman (UTC+3 all year since 2022) is 07:00 UTC. The local hour each member
# reads, per the rules their governments published for 2027 (third Tuesdays):
EXPECTED = {
    # Morocco: UTC+1, but UTC+0 during Ramadan (7 February to 14 March 2027).
    "Africa/Casablanca": {"2027-01-19": "08:00", "2027-02-16": "07:00", "2027-03-16": "08:00"},
    # Tunisia: UTC+1, no summer time.
    "Africa/Tunis": {"2027-03-16": "08:00", "2027-04-20": "08:00"},
    # Lebanon: summer time from the last Sunday of March to the last Sunday of October.
    "Asia/Beirut": {
        "2027-03-16": "09:00",
        "2027-04-20": "10:00",
        "2027-10-19": "10:00",
        "2027-11-16": "09:00",
    },
    # Iraq: UTC+3 all year.
    "Asia/Baghdad": {"2027-03-16": "10:00", "2027-11-16": "10:00"},
    # Gaza: summer time from late March to late October.
    "Asia/Gaza": {
        "2027-03-16": "09:00",
        "2027-04-20": "10:00",
        "2027-10-19": "10:00",
        "2027-11-16": "09:00",
    },
    # Yemen: UTC+3 all year.
    "Asia/Aden": {"2027-01-19": "10:00", "2027-07-20": "10:00"},
    # Egypt: summer time from the last Friday of April to the last Thursday of October.
    "Africa/Cairo": {
        "2027-04-20": "09:00",
        "2027-05-18": "10:00",
        "2027-10-19": "10:00",
        "2027-11-16": "09:00",
    },
}
CITIES = {
    "Africa/Casablanca": ("Casablanca", "الدار البيضاء"),
    "Africa/Tunis": ("Tunis", "تونس"),
    "Asia/Beirut": ("Beirut", "بيروت"),
    "Asia/Baghdad": ("Baghdad", "بغداد"),
    "Asia/Gaza": ("Gaza", "غزة"),
    "Asia/Aden": ("Aden", "عدن"),
    "Africa/Cairo": ("Cairo", "القاهرة"),
}


@pytest.fixture
def sessions(db):
    """The monthly (third Tuesday) sessions of 2027, generated from the series' rule."""
    with time_machine.travel(datetime(2026, 12, 20, tzinfo=AMMAN), tick=False):
        series = SeriesFactory(
            recurrence="FREQ=MONTHLY;BYDAY=+3TU",
            first_start=datetime(2027, 1, 19, 10, tzinfo=AMMAN),
        )
        made = services.series_generate_sessions(series=series, count=12)
    return {s.start.astimezone(AMMAN).date().isoformat(): s for s in made}


CASES = [(zone, day, hour) for zone, days in EXPECTED.items() for day, hour in days.items()]


@pytest.mark.parametrize(("zone", "day", "hour"), CASES, ids=[f"{z}-{d}" for z, d, _ in CASES])
def test_the_member_reads_the_session_in_their_own_time_beside_amman(
    client, sessions, zone, day, hour
):
    event = sessions[day]
    assert event.start == datetime.fromisoformat(day).replace(hour=7, tzinfo=UTC)
    reader = UserFactory(timezone=zone, email=f"reader-{zone.replace('/', '-')}@example.org")
    client.force_login(reader)

    english = client.get(f"/en/events/{event.pk}/").content.decode()
    arabic = client.get(f"/ar/events/{event.pk}/").content.decode()

    city_en, city_ar = CITIES[zone]
    assert "<bdi>10:00</bdi> Amman time" in english
    assert f"<bdi>{hour}</bdi> your time, {city_en}" in english
    assert city_ar in arabic and f"<bdi>{hour}</bdi>" in arabic


@pytest.mark.parametrize(("zone", "day", "hour"), CASES, ids=[f"{z}-{d}" for z, d, _ in CASES])
def test_the_ics_carries_the_instant_that_each_zone_reads_correctly(
    client, sessions, zone, day, hour
):
    event = sessions[day]
    calendar = Calendar.from_ical(client.get(f"/en/events/{event.pk}/event.ics").content)
    (vevent,) = calendar.walk("VEVENT")
    start = vevent.decoded("dtstart")
    assert start.utcoffset().total_seconds() == 0
    assert start.astimezone(ZoneInfo(zone)).strftime("%H:%M") == hour
    assert start.astimezone(AMMAN).strftime("%H:%M") == "10:00"
