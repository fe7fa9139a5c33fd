"""The focal point's roster: their own country, filters, decisions from the list, CSV."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.exports import safe_cell
from members.models import MembershipEvent, MembershipStatus, User

from ..factories import FacilitatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_focal_point_sees_their_own_country_only(
    client, focal_point, member, requester, other_focal_point
):
    stranger = UserFactory(country=other_focal_point.country, name_latin="Stranger Person")
    client.force_login(focal_point)
    html = client.get("/en/members/roster/").content.decode()
    assert "Roster: Jordan" in html
    assert requester.name_latin in html and member.name_latin in html
    assert stranger.name_latin not in html
    assert other_focal_point.email not in html


def test_requests_come_first_and_show_status_organisation_and_survey(
    client, focal_point, member, requester
):
    member.intake_completed_at = timezone.now()
    member.last_active = timezone.now()
    member.save()
    client.force_login(focal_point)
    response = client.get("/en/members/roster/")
    rows = response.context["page"].object_list
    assert rows[0] == requester
    html = response.content.decode()
    assert "Applicant" in html and "National Aid Fund" in html and "Yes" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=applicant", {"requester@example.org"}),
        ("status=member", {"member@example.org", "focal@example.org"}),
        ("q=Masri", {"requester@example.org"}),
        ("q=المصري", {"requester@example.org"}),
        ("q=requester@", {"requester@example.org"}),
        ("q=nobody+matches", set()),
    ],
)
def test_roster_filters_and_search(client, focal_point, member, requester, query, expected):
    client.force_login(focal_point)
    response = client.get(f"/en/members/roster/?{query}")
    assert response.status_code == 200
    assert {p.email for p in response.context["page"].object_list} == expected


def test_roster_is_paginated(client, focal_point, country):
    User.objects.bulk_create(
        User(email=f"p{i}@example.org", country=country, name_latin=f"P {i:03}") for i in range(60)
    )
    client.force_login(focal_point)
    first = client.get("/en/members/roster/")
    assert len(first.context["page"].object_list) == 25
    third = client.get("/en/members/roster/?page=3")
    assert len(third.context["page"].object_list) == 61 - 50
    assert "page=2" in third.content.decode()


def test_facilitator_chooses_a_country_seeing_where_requests_wait(
    client, facilitator, country, other_country, member, requester
):
    client.force_login(facilitator)
    html = client.get("/en/members/roster/").content.decode()
    assert "?country=JO&amp;status=applicant" in html and "?country=MA" in html
    assert "1 request waiting" in html
    response = client.get("/en/members/roster/?country=JO")
    assert member in response.context["page"].object_list


def test_approve_from_the_list_without_javascript(
    client, focal_point, requester, mailoutbox, committed
):
    client.force_login(focal_point)
    with committed():
        response = client.post(
            f"/en/members/{requester.pk}/membership/",
            {"action": "approve", "next": "/en/members/roster/?status=applicant"},
        )
    assert response.status_code == 302
    assert response["Location"] == "/en/members/roster/?status=applicant"
    requester.refresh_from_db()
    assert requester.status == MembershipStatus.MEMBER
    assert [m.to for m in mailoutbox] == [[requester.email]]
    follow = client.get(response["Location"])
    assert "is now a member" in follow.content.decode()


def test_decline_without_a_reason_is_refused_with_a_clear_message(client, focal_point, requester):
    client.force_login(focal_point)
    response = client.post(f"/en/members/{requester.pk}/membership/", {"action": "decline"})
    assert response.status_code == 400
    assert "Please give a reason" in response.content.decode()
    requester.refresh_from_db()
    assert requester.status == MembershipStatus.APPLICANT
    assert not MembershipEvent.objects.exists()


def test_roster_offers_the_right_action_for_each_status(client, focal_point, member, requester):
    suspended = UserFactory(country=focal_point.country, status=MembershipStatus.SUSPENDED)
    client.force_login(focal_point)
    html = client.get("/en/members/roster/").content.decode()
    assert f'data-testid="approve-{requester.pk}"' in html
    assert f'data-testid="approve-{member.pk}"' not in html
    assert f'data-testid="actions-{suspended.pk}"' in html and "Reinstate" in html
    # No buttons on the focal point's own row.
    assert f'data-testid="actions-{focal_point.pk}"' not in html


# --- CSV --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "payload",
    [
        '=HYPERLINK("http://evil")',
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "\0=1",
        "  =1+1",
        "\u00a0=cmd|' /C calc'!A0",
        "\n@SUM(A1)",
    ],
)
def test_cells_that_a_spreadsheet_could_run_are_neutralised(payload):
    assert safe_cell(payload) == "'" + payload
    assert safe_cell("سارة") == "سارة"
    assert safe_cell(None) == ""


def test_csv_export_is_utf8_with_bom_arabic_intact_and_injection_safe(
    client, focal_point, requester, other_focal_point
):
    requester.organisation = "=cmd|' /C calc'!A0"
    requester.save()
    client.force_login(focal_point)
    response = client.get("/en/members/roster/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="roster-JO-')
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "Name (Arabic script)"
    by_email = {r[2]: r for r in rows[1:]}
    assert by_email["requester@example.org"][0] == "سارة المصري"
    assert by_email["requester@example.org"][4] == "'=cmd|' /C calc'!A0"
    assert other_focal_point.email not in by_email


def test_csv_headers_follow_the_interface_language(client, focal_point, member):
    client.force_login(focal_point)
    raw = client.get("/ar/members/roster/export.csv").content.decode("utf-8-sig")
    assert raw.splitlines()[0].startswith("الاسم")


# --- Query budget ------------------------------------------------------------------
def _queries(client, url) -> int:
    client.get(url)  # warm up: the first request also records "last active"
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def _people(country, start, count):
    User.objects.bulk_create(
        User(
            email=f"bulk{i}@example.org",
            name_arabic=f"عضو {i}",
            name_latin=f"Bulk {i}",
            country=country,
            organisation="Fund",
            position="Officer",
            status=MembershipStatus.APPLICANT if i % 5 == 0 else MembershipStatus.MEMBER,
            password="!",
        )
        for i in range(start, start + count)
    )


@pytest.mark.postgres
@pytest.mark.parametrize("url", ["/en/members/roster/", "/en/members/roster/?status=member&q=Bulk"])
def test_roster_runs_the_same_queries_for_20_and_2000_people(client, focal_point, country, url):
    client.force_login(focal_point)
    _people(country, 0, 20)
    small = _queries(client, url)
    _people(country, 20, 1980)
    large = _queries(client, url)
    print(f"roster {url}: {small} queries with 20 people, {large} with 2,000")
    assert small == large
    assert large <= 6


@pytest.mark.postgres
def test_roster_export_runs_the_same_queries_for_20_and_2000_people(client, focal_point, country):
    client.force_login(focal_point)
    url = "/en/members/roster/export.csv"
    _people(country, 0, 20)
    small = _queries(client, url)
    _people(country, 20, 1980)
    large = _queries(client, url)
    print(f"roster export: {small} queries with 20 people, {large} with 2,000")
    # One query for all the rows: the iterator streams them through a server-side cursor.
    assert small == large


def test_the_focal_point_sees_the_history_and_reasons_on_a_profile(
    client, focal_point, requester, member
):
    from members import services

    services.membership_decline(
        member=requester, by=focal_point, reason="Please use your work address"
    )
    client.force_login(focal_point)
    html = client.get(f"/en/members/{requester.pk}/").content.decode()
    assert 'data-testid="membership-history"' in html
    assert "Please use your work address" in html
    client.force_login(member)
    assert client.get(f"/en/members/{requester.pk}/").status_code == 403


def test_unconfirmed_applicants_are_marked(client, focal_point, country):
    UserFactory(country=country, status="applicant", requested_at=None)
    client.force_login(focal_point)
    assert "email not confirmed yet" in client.get("/en/members/roster/").content.decode()


def test_intake_survey_answer_is_recorded_once_for_the_roster(member):
    from members import services

    services.member_intake_completed(member=member)
    first = User.objects.get(pk=member.pk).intake_completed_at
    assert first is not None
    services.member_intake_completed(member=member, at=first.replace(year=first.year + 1))
    assert User.objects.get(pk=member.pk).intake_completed_at == first


def test_a_facilitator_from_the_country_is_not_on_its_focal_points_roster(
    client, focal_point, country, member
):
    staff = FacilitatorFactory(
        country=country, email="staff@example.org", name_latin="Regional Staff"
    )
    client.force_login(focal_point)
    roster = client.get("/en/members/roster/").content.decode()
    export = client.get("/en/members/roster/export.csv").content.decode("utf-8-sig")
    profile = client.get(f"/en/members/{staff.pk}/").content.decode()
    for text in (roster, export, profile):
        assert "staff@example.org" not in text
    assert member.email in roster and member.email in export
    assert "Regional Staff" in profile  # an approved member's profile, without the address
