"""Every members view and export × every role -> the expected response.

Refused writes leave the database exactly as it was.
"""

import pytest

from members import permissions
from members.models import Invitation, MembershipStatus

from .conftest import ROLES, profile_form_data, snapshot

pytestmark = pytest.mark.django_db

OK, LOGIN, FORBIDDEN = 200, 302, 403


def row(visitor, applicant, member, focal_point, other_focal_point, expert, facilitator):
    return dict(
        zip(
            ROLES,
            (visitor, applicant, member, focal_point, other_focal_point, expert, facilitator),
            strict=True,
        )
    )


# page -> expected status per role. `{member}` is an approved member of the focal
# point's country (Jordan), `{requester}` an applicant of that country.
PAGES = {
    "/en/members/": row(LOGIN, FORBIDDEN, OK, OK, OK, OK, OK),
    "/en/members/{member}/": row(LOGIN, FORBIDDEN, OK, OK, OK, OK, OK),
    "/en/members/{requester}/": row(LOGIN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK),
    "/en/members/roster/": row(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK, FORBIDDEN, OK),
    "/en/members/roster/?country=JO": row(
        LOGIN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK
    ),
    "/en/members/roster/export.csv?country=JO": row(
        LOGIN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK
    ),
    "/en/members/{requester}/membership/": row(
        LOGIN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, FORBIDDEN, OK
    ),
    "/en/members/roster/invite/": row(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK, FORBIDDEN, OK),
    "/en/members/profile/": row(LOGIN, OK, OK, OK, OK, OK, OK),
    "/en/members/profile/data.json": row(LOGIN, OK, OK, OK, OK, OK, OK),
    "/en/members/profile/close/": row(LOGIN, OK, OK, OK, OK, OK, OK),
    # Token links work without an account; an invitation is for people without one.
    "/en/members/invitations/{invitation}/": row(OK, 400, 400, 400, 400, 400, 400),
    "/en/members/unsubscribe/{unsubscribe}/": row(OK, OK, OK, OK, OK, OK, OK),
}


@pytest.fixture
def tokens(focal_point, member):
    from datetime import timedelta

    from django.utils import timezone

    from cop.mail import unsubscribe_token
    from members.tokens import invitation_token

    invitation = Invitation.objects.create(
        email="guest@example.org",
        country=focal_point.country,
        invited_by=focal_point,
        language="ar",
        expires_at=timezone.now() + timedelta(days=14),
    )
    return {
        "invitation": invitation_token(invitation),
        "unsubscribe": unsubscribe_token(member, "digest"),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_page_answers_each_role_as_expected(as_role, role, page, member, requester, tokens):
    client = as_role(role)
    response = client.get(page.format(member=member.pk, requester=requester.pk, **tokens))
    assert response.status_code == PAGES[page][role], (role, page)
    if response.status_code == LOGIN:
        assert response["Location"].startswith("/en/accounts/login/")


# Writes: role -> allowed?
APPROVE = row(False, False, False, True, False, False, True)
SUSPEND = row(False, False, False, True, False, False, True)
INVITE = row(False, False, False, True, True, False, True)


@pytest.mark.parametrize("role", ROLES)
def test_approving_a_request_is_for_the_countrys_focal_point_and_facilitators(
    as_role, role, requester
):
    client = as_role(role)
    before = snapshot()
    response = client.post(f"/en/members/{requester.pk}/membership/", {"action": "approve"})
    requester.refresh_from_db()
    if APPROVE[role]:
        assert response.status_code == 302
        assert requester.status == MembershipStatus.MEMBER
    else:
        assert response.status_code in (LOGIN, FORBIDDEN)
        assert snapshot() == before


@pytest.mark.parametrize("role", ROLES)
def test_suspending_a_member_is_for_the_countrys_focal_point_and_facilitators(
    as_role, role, member
):
    client = as_role(role)
    before = snapshot()
    response = client.post(
        f"/en/members/{member.pk}/membership/", {"action": "suspend", "reason": "Spam"}
    )
    member.refresh_from_db()
    if SUSPEND[role]:
        assert response.status_code == 302
        assert member.status == MembershipStatus.SUSPENDED
    else:
        # The member themselves is refused too: nobody acts on their own membership.
        assert response.status_code in (LOGIN, FORBIDDEN)
        assert snapshot() == before


@pytest.mark.parametrize("role", ROLES)
def test_invitations_go_into_the_inviters_own_country_only(as_role, role, people, country):
    client = as_role(role)
    before = snapshot()
    response = client.post(
        "/en/members/roster/invite/",
        {"email": "colleague@example.org", "country": country.code, "language": "en"},
    )
    if INVITE[role]:
        assert response.status_code == 302
        invitation = Invitation.objects.get()
        expected = country if role == "facilitator" else people[role].focal_point_of
        # The other country's focal point cannot invite into Jordan: the country
        # field is fixed to their own, whatever is posted.
        assert invitation.country == expected
    else:
        assert response.status_code in (LOGIN, FORBIDDEN)
        assert snapshot() == before


@pytest.mark.parametrize("role", ROLES)
def test_profile_changes_are_for_the_signed_in_person_only(as_role, role, people, country):
    client = as_role(role)
    before = snapshot()
    response = client.post(
        "/en/members/profile/",
        profile_form_data(
            country, name_arabic="اسم جديد", name_latin="New Name", digest_frequency="daily"
        ),
    )
    if role == "visitor":
        assert response.status_code == LOGIN
        assert snapshot() == before
    else:
        assert response.status_code == 302, response.content.decode()[:2000]
        person = people[role]
        person.refresh_from_db()
        assert person.name_latin == "New Name"


def test_the_single_participation_gate_refuses_applicants_and_suspended_members(
    applicant, member, facilitator
):
    assert not permissions.can_participate(applicant)
    assert permissions.can_participate(member)
    assert permissions.can_participate(facilitator)
    member.status = MembershipStatus.SUSPENDED
    assert not permissions.can_participate(member)


def test_a_suspended_focal_point_loses_the_roster(client, focal_point, facilitator):
    from members import services

    services.membership_suspend(member=focal_point, by=facilitator, reason="Left the agency")
    client.force_login(focal_point)
    assert client.get("/en/members/roster/").status_code == 403


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/en/members/profile/close/", {"password": "x", "confirm": "on"}),
        ("/en/members/profile/", {"name_latin": "Intruder"}),
        ("/en/members/roster/invite/", {"email": "a@example.org", "language": "en"}),
    ],
)
def test_a_visitor_cannot_write_anything(client, member, requester, url, data):
    before = snapshot()
    response = client.post(url, data)
    assert response.status_code == LOGIN
    assert response["Location"].startswith("/en/accounts/login/")
    assert snapshot() == before


def test_the_unsubscribe_link_changes_only_its_owner(client, member, focal_point):
    from cop.mail import unsubscribe_token

    client.force_login(focal_point)  # whoever is signed in, the token decides
    client.post(f"/en/members/unsubscribe/{unsubscribe_token(member, 'digest')}/")
    member.refresh_from_db()
    focal_point.refresh_from_db()
    assert member.digest_frequency == "none"
    assert focal_point.digest_frequency == "weekly"
