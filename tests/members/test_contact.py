"""Writing to the facilitators: a form for anyone, emailed to each facilitator in their language.

The 403, members-only and email-verification pages lead to it; the account menu too.
"""

import pytest

from cop.models import OutboundEmail
from tests.factories import FacilitatorFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/en/members/contact/"
MESSAGE = "I never received the verification email. Could you check my address?"


@pytest.fixture
def facilitators(db):
    return [
        FacilitatorFactory(email="fac.ar@example.org", preferred_language="ar"),
        FacilitatorFactory(email="fac.en@example.org", preferred_language="en"),
    ]


def send(client, data, *, capture, url=URL):
    with capture(execute=True):
        return client.post(url, data)


def visitor_data(**changes):
    return {"name": "Huda Nasser", "email": "huda@example.org", "message": MESSAGE} | changes


def test_a_visitor_writes_and_each_facilitator_reads_it_in_their_language(
    client, facilitators, mailoutbox, django_capture_on_commit_callbacks
):
    page = client.get(URL + "?from=/ar/accounts/confirm-email/")
    assert page.status_code == 200
    assert 'name="email"' in page.content.decode()
    response = send(
        client,
        visitor_data(page="/ar/accounts/confirm-email/"),
        capture=django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302 and response["Location"] == "/ar/accounts/confirm-email/"
    by_address = {m.to[0]: m for m in mailoutbox}
    assert set(by_address) == {"fac.ar@example.org", "fac.en@example.org"}
    arabic, english = by_address["fac.ar@example.org"], by_address["fac.en@example.org"]
    assert english.subject == "Message from Huda Nasser through the site"
    assert arabic.subject == "رسالة من Huda Nasser عبر الموقع"
    for message in (arabic, english):
        assert MESSAGE in message.body
        assert message.message()["Reply-To"] == "huda@example.org"
    assert "not checked" in english.body
    assert "/ar/accounts/confirm-email/" in english.body


def test_a_member_writes_under_their_account_whatever_the_post_says(
    client, member, facilitators, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(member)
    page = client.get(URL).content.decode()
    assert 'name="email"' not in page and member.email in page
    send(
        client,
        visitor_data(name="Someone Else", email="forged@example.org"),
        capture=django_capture_on_commit_callbacks,
    )
    english = next(m for m in mailoutbox if m.to == ["fac.en@example.org"])
    assert english.message()["Reply-To"] == member.email
    assert "forged@example.org" not in english.body and "Someone Else" not in english.body
    assert member.display_name in english.subject


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (visitor_data(message="   "), "This field is required."),
        (visitor_data(message="x" * 4001), "Ensure this value has at most 4000 characters"),
        (visitor_data(message="hello\x00world"), "Null characters are not allowed."),
        (visitor_data(email="not-an-address"), "Enter a valid email address."),
        (visitor_data(email="a@example.org\r\nBcc: evil@example.org"), "Enter a valid email"),
        (visitor_data(name=""), "This field is required."),
        (visitor_data(name="x" * 151), "Ensure this value has at most 150 characters"),
    ],
)
def test_hostile_or_empty_input_is_refused_and_nothing_is_sent(
    client, facilitators, data, error, django_capture_on_commit_callbacks
):
    response = send(client, data, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert OutboundEmail.objects.count() == 0


def test_controls_in_the_name_do_not_reach_the_subject(
    client, facilitators, mailoutbox, django_capture_on_commit_callbacks
):
    send(
        client,
        visitor_data(name="Huda\r\nBcc: evil@example.org \u202egpj.exe"),
        capture=django_capture_on_commit_callbacks,
    )
    english = next(m for m in mailoutbox if m.to == ["fac.en@example.org"])
    assert english.subject == "Message from Huda Bcc: evil@example.org gpj.exe through the site"
    assert "\u202e" not in english.body
    assert english.message()["Bcc"] is None
    assert all(m.to[0].startswith("fac.") for m in mailoutbox)


def test_where_the_writer_came_from_must_be_a_page_of_the_site(
    client, facilitators, django_capture_on_commit_callbacks
):
    for elsewhere in ("//evil.example.org/", "https://evil.example.org/", "javascript:alert(1)"):
        response = send(
            client, visitor_data(page=elsewhere), capture=django_capture_on_commit_callbacks
        )
        assert response["Location"] == "/en/"


def test_messages_are_limited_per_sender_address(
    client, facilitators, django_capture_on_commit_callbacks
):
    for _ in range(3):
        assert (
            send(client, visitor_data(), capture=django_capture_on_commit_callbacks).status_code
            == 302
        )
    sent = OutboundEmail.objects.count()
    response = send(client, visitor_data(), capture=django_capture_on_commit_callbacks)
    assert response.status_code == 429
    assert "Please wait an hour" in response.content.decode()
    assert OutboundEmail.objects.count() == sent


def test_messages_are_limited_per_client_address(
    client, facilitators, django_capture_on_commit_callbacks
):
    for n in range(5):
        data = visitor_data(email=f"person{n}@example.org")
        assert send(client, data, capture=django_capture_on_commit_callbacks).status_code == 302
    response = send(
        client, visitor_data(email="sixth@example.org"), capture=django_capture_on_commit_callbacks
    )
    assert response.status_code == 429


def test_without_a_facilitator_the_writer_is_told_and_nothing_is_queued(
    client, django_capture_on_commit_callbacks
):
    response = send(client, visitor_data(), capture=django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "No facilitator can be reached" in response.content.decode()
    assert OutboundEmail.objects.count() == 0


def test_superusers_are_not_written_to(client, facilitators, django_capture_on_commit_callbacks):
    UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    send(client, visitor_data(), capture=django_capture_on_commit_callbacks)
    assert set(OutboundEmail.objects.values_list("to", flat=True)) == {
        "fac.ar@example.org",
        "fac.en@example.org",
    }


def test_the_refusal_and_verification_pages_lead_to_the_form(client, applicant, member):
    verification = client.get("/en/accounts/confirm-email/").content.decode()
    assert 'data-testid="contact-facilitators"' in verification
    assert "/en/members/contact/?from=" in verification
    client.force_login(applicant)
    members_only = client.get("/en/members/")
    assert members_only.status_code == 403
    assert "/en/members/contact/?from=/en/members/" in members_only.content.decode()
    client.force_login(member)
    refused = client.get("/en/members/roster/")
    assert refused.status_code == 403 and "/en/members/contact/" in refused.content.decode()


def test_the_name_in_the_header_opens_the_account_menu(client, member):
    client.force_login(member)
    html = client.get("/en/").content.decode()
    menu = html[html.index('data-testid="account-menu"') :]
    menu = menu[: menu.index("</details>")]
    for href in (
        f"/en/members/{member.pk}/",
        "/en/members/profile/",
        "/en/accounts/password/change/",
        "/en/accounts/email/",
        "/en/members/contact/",
        "/en/accounts/logout/",
    ):
        assert href in menu, href
    assert client.get("/en/accounts/password/change/").status_code == 200
    assert client.get("/en/accounts/email/").status_code == 200
