"""Every events URL for every role: the server decides, with a reason when it refuses."""

import pytest

from events.models import CalendarFeed, Material

from ..factories import UserFactory
from .factories import EventFactory, SeriesFactory, register

ROLES = ("visitor", "applicant", "member", "focal_point", "other_focal_point", "facilitator")
LOGIN = "login"  # a redirect to the sign-in page


@pytest.fixture
def world(people, member):
    public = EventFactory(is_public=True)
    private = EventFactory(is_public=False)
    tour = EventFactory(
        kind="study_tour", takes_nominations=True, place_en="Rabat", place_ar="الرباط"
    )
    series = SeriesFactory(is_public=True)
    register(public, member)
    material = Material.objects.create(
        event=public,
        kind="slides",
        title_en="Slides",
        title_ar="شرائح",
        url="https://docs.example.org/s.pdf",
    )
    feed = CalendarFeed.objects.create(member=member)
    return {"E": public, "P": private, "T": tour, "S": series, "M": material, "token": feed.token}


def url(template, world):
    return template.format(
        E=world["E"].pk,
        P=world["P"].pk,
        T=world["T"].pk,
        S=world["S"].pk,
        M=world["M"].pk,
        token=world["token"],
    )


# url, expected for: visitor, applicant, member, focal point, other focal point, facilitator
MATRIX = [
    ("/en/events/", [200, 200, 200, 200, 200, 200]),
    ("/en/events/past/", [200, 200, 200, 200, 200, 200]),
    ("/en/events/calendar/", [200, 200, 200, 200, 200, 200]),
    ("/en/events/calendar/2027/4/", [200, 200, 200, 200, 200, 200]),
    ("/en/events/calendar/1999/13/", [404, 404, 404, 404, 404, 404]),
    ("/en/events/{E}/", [200, 200, 200, 200, 200, 200]),
    ("/en/events/{P}/", [LOGIN, 403, 200, 200, 200, 200]),
    ("/en/events/{E}/event.ics", [200, 200, 200, 200, 200, 200]),
    ("/en/events/{P}/event.ics", [LOGIN, 403, 200, 200, 200, 200]),
    ("/en/events/{E}/join/", [LOGIN, 403, "join", 403, 403, "join"]),
    ("/en/events/{E}/materials/{M}/", [LOGIN, 403, 302, 302, 302, 302]),
    ("/en/events/{T}/nominations/", [LOGIN, 403, 403, 200, 200, 200]),
    ("/en/events/{E}/nominations/", [LOGIN, 403, 403, 403, 403, 403]),
    ("/en/events/{E}/registrations/", [LOGIN, 403, 403, 200, 200, 200]),
    ("/en/events/{E}/registrations.csv", [LOGIN, 403, 403, 200, 200, 200]),
    ("/en/events/{E}/attendance/", [LOGIN, 403, 403, 403, 403, 200]),
    ("/en/events/series/{S}/", [200, 200, 200, 200, 200, 200]),
    ("/en/events/series/{S}/series.ics", [200, 200, 200, 200, 200, 200]),
    ("/en/events/calendar-feed/", [LOGIN, 403, 200, 200, 200, 200]),
    ("/en/events/feed/{token}.ics", [200, 200, 200, 200, 200, 200]),
    ("/en/events/999999/", [404, 404, 404, 404, 404, 404]),
]
CASES = [(path, role, expected[i]) for path, expected in MATRIX for i, role in enumerate(ROLES)]


@pytest.mark.parametrize(("path", "role", "expected"), CASES, ids=[f"{p}-{r}" for p, r, _ in CASES])
def test_permission_matrix(as_role, world, path, role, expected):
    client = as_role(role)
    response = client.get(url(path, world))
    if expected == LOGIN:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif expected == "join":
        assert response.status_code == 302 and response["Location"] == world["E"].join_url
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("role", ["visitor", "applicant", "focal_point"])
def test_the_join_link_never_reaches_someone_not_registered(as_role, world, role):
    page = as_role(role).get(f"/en/events/{world['E'].pk}/").content.decode()
    assert world["E"].join_url not in page


def test_a_focal_point_sees_and_exports_only_their_countrys_registrations(
    client, focal_point, country, other_country
):
    event = EventFactory()
    mine = UserFactory(country=country, name_latin="Rana Own")
    theirs = UserFactory(country=other_country, name_latin="Hicham Other")
    register(event, mine)
    register(event, theirs)
    client.force_login(focal_point)
    page = client.get(f"/en/events/{event.pk}/registrations/").content.decode()
    csv = client.get(f"/en/events/{event.pk}/registrations.csv").content.decode("utf-8")
    assert "Rana Own" in page and "Hicham Other" not in page
    assert "Rana Own" in csv and "Hicham Other" not in csv
    assert csv.startswith("\ufeff")


def test_the_export_is_safe_against_formula_injection(facilitator_client, country):
    event = EventFactory()
    register(
        event,
        UserFactory(country=country, name_latin='=HYPERLINK("http://evil")', organisation="+cmd"),
    )
    csv = facilitator_client.get(f"/en/events/{event.pk}/registrations.csv").content.decode()
    assert "'=HYPERLINK" in csv and "'+cmd" in csv


def test_attendance_is_taken_by_a_facilitator_and_shown_to_the_focal_point(
    facilitator, focal_point, client, country
):
    event = EventFactory()
    came, missed = UserFactory(country=country), UserFactory(country=country)
    came_reg, _ = register(event, came), register(event, missed)
    client.force_login(facilitator)
    response = client.post(f"/en/events/{event.pk}/attendance/", {"attended": [came_reg.pk]})
    assert response.status_code == 302
    client.force_login(focal_point)
    csv = client.get(f"/en/events/{event.pk}/registrations.csv").content.decode()
    rows = {line.split(",")[1]: line for line in csv.splitlines()[1:]}
    assert rows[came.name_latin].endswith("Attended")
    assert rows[missed.name_latin].endswith("Absent")


def test_hostile_attendance_input_changes_nothing(facilitator_client, country):
    event = EventFactory()
    registration = register(event, UserFactory(country=country))
    response = facilitator_client.post(
        f"/en/events/{event.pk}/attendance/", {"attended": ["1 OR 1=1"]}, follow=True
    )
    assert "nothing was changed" in response.content.decode()
    registration.refresh_from_db()
    assert registration.attended is None
