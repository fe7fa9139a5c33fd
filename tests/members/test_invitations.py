"""Invitations: signed, single-use, expiring links that sign you up pre-approved."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.utils import timezone

from members.models import Invitation, MembershipAction, MembershipEvent, MembershipStatus, User
from members.tokens import INVITATION_SALT, invitation_token

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase"


def signup_data(email, country):
    return {
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "name_arabic": "نور الهدى",
        "name_latin": "",
        "country": country.pk,
        "organisation": "وزارة التنمية الاجتماعية",
        "position": "باحثة",
        "preferred_language": "ar",
    }


@pytest.fixture
def invitation_link(client, focal_point, mailoutbox, committed):
    """The focal point invites a colleague; returns the path of the link in the email."""
    client.force_login(focal_point)
    with committed():
        response = client.post(
            "/en/members/roster/invite/",
            {"email": "Colleague@Example.org", "language": "ar"},
        )
    assert response.status_code == 302
    client.logout()
    [message] = mailoutbox
    mailoutbox.clear()
    assert message.to == ["Colleague@example.org"]
    assert 'dir="rtl"' in message.alternatives[0][0]  # in the language the inviter chose
    return re.search(r"http://testserver(/ar/members/invitations/[^/\s]+/)", message.body).group(1)


def test_following_the_invitation_signs_you_up_as_a_member_of_the_inviters_country(
    client, invitation_link, focal_point, other_country, committed, mailoutbox
):
    welcome = client.get(invitation_link)
    assert welcome.status_code == 200
    assert "?email=Colleague%40example.org" in welcome.content.decode()
    with committed():
        # Even if they pick another country, they join the inviter's.
        response = client.post(
            "/ar/accounts/signup/", signup_data("colleague@example.org", other_country)
        )
    assert response.status_code == 302
    # Signed in at once (the invitation verified the address); onboarding offers the intake.
    assert response["Location"] == "/ar/surveys/intake/"
    person = User.objects.get(email="colleague@example.org")
    assert person.status == MembershipStatus.MEMBER
    assert person.country == focal_point.country
    assert person.member_since is not None
    event = MembershipEvent.objects.get(member=person)
    assert (event.action, event.actor) == (MembershipAction.JOINED_BY_INVITATION, focal_point)
    invitation = Invitation.objects.get()
    assert invitation.accepted_by == person
    assert mailoutbox == []  # no confirmation email, no request to the focal point


def test_a_used_invitation_says_so_in_the_users_language(client, invitation_link, country):
    client.get(invitation_link)
    client.post("/ar/accounts/signup/", signup_data("colleague@example.org", country))
    client.logout()
    response = client.get(invitation_link)
    assert response.status_code == 400
    assert "استُخدمت هذه الدعوة من قبل" in response.content.decode()
    english = client.get(invitation_link.replace("/ar/", "/en/"))
    assert "This invitation has already been used" in english.content.decode()


def test_an_expired_invitation_says_so(client, invitation_link):
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        response = client.get(invitation_link.replace("/ar/", "/en/"))
    assert response.status_code == 400
    assert "This invitation has expired" in response.content.decode()


def test_an_invitation_expiring_between_click_and_signup_gives_no_membership(
    client, invitation_link, country
):
    client.get(invitation_link)
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        client.post("/ar/accounts/signup/", signup_data("colleague@example.org", country))
    person = User.objects.get(email="colleague@example.org")
    assert person.status == MembershipStatus.APPLICANT
    assert Invitation.objects.get().accepted_at is None


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        "x" * 500,
        "%00%27%22<script>",
        signing.dumps(999999, salt=INVITATION_SALT),  # well signed, no such invitation
        signing.dumps("1", salt=INVITATION_SALT),  # well signed, wrong type
        signing.dumps(1, salt="cop.unsubscribe"),  # another link's signature
    ],
)
def test_bad_links_get_a_clear_message(client, token, db):
    response = client.get(f"/en/members/invitations/{token}/")
    assert response.status_code in (400, 404)
    if response.status_code == 400:
        assert "This invitation link is not valid" in response.content.decode()


def test_a_tampered_link_is_refused(client, invitation_link):
    token = invitation_link.rstrip("/").rsplit("/", 1)[1]
    value, signature = token.split(":", 1)
    forged = f"{value}x:{signature}"
    response = client.get(f"/en/members/invitations/{forged}/")
    assert response.status_code == 400


def test_signing_up_with_another_address_does_not_use_the_invitation(
    client, invitation_link, country, focal_point
):
    client.get(invitation_link)
    client.post("/ar/accounts/signup/", signup_data("someone.else@example.org", country))
    person = User.objects.get(email="someone.else@example.org")
    assert person.status == MembershipStatus.APPLICANT
    assert Invitation.objects.get().accepted_at is None


def test_inviting_someone_who_has_an_account_is_refused(client, focal_point, member):
    client.force_login(focal_point)
    response = client.post(
        "/en/members/roster/invite/", {"email": "MEMBER@example.org", "language": "en"}
    )
    assert response.status_code == 400
    assert "already has an account" in response.content.decode()
    assert not Invitation.objects.exists()


def test_token_round_trip(focal_point):
    from members.tokens import invitation_id

    invitation = Invitation.objects.create(
        email="a@example.org",
        country=focal_point.country,
        invited_by=focal_point,
        language="ar",
        expires_at=timezone.now() + timedelta(days=1),
    )
    assert invitation_id(invitation_token(invitation)) == invitation.pk


def test_the_invite_page_lists_the_countrys_invitations_only(
    client, focal_point, other_focal_point
):
    for inviter, email in (
        (focal_point, "mine@example.org"),
        (other_focal_point, "theirs@example.org"),
    ):
        Invitation.objects.create(
            email=email,
            country=inviter.country,
            invited_by=inviter,
            language="ar",
            expires_at=timezone.now() + timedelta(days=1),
        )
    client.force_login(focal_point)
    html = client.get("/en/members/roster/invite/").content.decode()
    assert "mine@example.org" in html and "theirs@example.org" not in html
    assert "waiting, until" in html


def test_the_invite_page_lists_invitations_once_in_the_page_body_only(client, focal_point):
    """The list belongs in the content: never in the <title> or the class of <main>."""
    Invitation.objects.create(
        email="mine@example.org",
        country=focal_point.country,
        invited_by=focal_point,
        language="ar",
        expires_at=timezone.now() + timedelta(days=1),
    )
    client.force_login(focal_point)
    html = client.get("/en/members/roster/invite/").content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert title == "Invite a colleague · MENA CoP"
    assert re.search(r'<main id="main" class="page page--narrow"', html)
    assert html.count('data-testid="invitations"') == 1
    assert html.count("mine@example.org") == 1


@pytest.mark.parametrize("how", ["suspended", "replaced"])
def test_invitations_of_a_focal_point_who_no_longer_answers_for_the_country_lapse(
    client, invitation_link, focal_point, facilitator, member, country, how
):
    from members import services

    if how == "suspended":
        services.membership_suspend(
            member=focal_point, by=facilitator, reason="Misused invitations"
        )
    else:
        services.focal_point_appoint(country=country, member=member, by=facilitator)
    response = client.get(invitation_link.replace("/ar/", "/en/"))
    assert response.status_code == 400
    assert "This invitation has expired" in response.content.decode()
    client.post("/ar/accounts/signup/", signup_data("colleague@example.org", country))
    person = User.objects.get(email="colleague@example.org")
    assert person.status == MembershipStatus.APPLICANT  # an ordinary request, reviewed
    assert Invitation.objects.get().accepted_at is None


@pytest.mark.parametrize(
    ("chosen", "expected"), [("", "Asia/Amman"), ("Europe/Paris", "Europe/Paris")]
)
def test_an_invited_colleague_gets_the_time_zone_of_the_invitations_country_unless_chosen(
    client, invitation_link, other_country, chosen, expected
):
    client.get(invitation_link)
    data = signup_data("colleague@example.org", other_country)  # picks Morocco by mistake
    data["timezone"] = chosen
    client.post("/ar/accounts/signup/", data)
    person = User.objects.get(email="colleague@example.org")
    assert person.country.code == "JO"
    assert person.timezone == expected


def test_invitations_last_as_long_as_cop_invitation_days_says(client, focal_point, settings):
    settings.COP_INVITATION_DAYS = 3
    client.force_login(focal_point)
    page = client.get("/en/members/roster/invite/").content.decode()
    assert "expires after 3 days." in page
    client.post("/en/members/roster/invite/", {"email": "new@example.org", "language": "en"})
    invitation = Invitation.objects.get(email="new@example.org")
    valid_for = invitation.expires_at - invitation.created_at
    assert timedelta(days=3) - timedelta(seconds=5) < valid_for < timedelta(days=3, seconds=5)
