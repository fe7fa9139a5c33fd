"""Hostile input on every form and parameter: a clear error, nothing half-saved, nothing leaked."""

import pytest

from conversations.models import BODY_MAX_LENGTH, Conversation, Message
from members.models import MembershipStatus
from tests.factories import UserFactory

from .conftest import login

pytestmark = pytest.mark.django_db


def test_markup_in_a_message_is_rendered_safely(client, alice, bilal, conversation):
    login(client, alice)
    client.post(
        f"/en/conversations/{conversation.pk}/",
        {"body": "<script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3))"},
    )
    html = Message.objects.order_by("pk").last().body_html
    # Raw HTML is shown as text, never as markup; a javascript: link is no link.
    assert "<script" not in html and "<img" not in html and "href=" not in html
    assert "&lt;script&gt;" in html
    page = login(client, bilal).get(f"/en/conversations/{conversation.pk}/").content.decode()
    assert "<script>alert(1)" not in page


def test_a_subject_loses_bidi_controls_and_markup_is_escaped(client, alice, bilal):
    login(client, alice)
    client.post(
        "/en/conversations/new/",
        {"to": [bilal.pk], "subject": "invoice\u202egpj.exe <b>x</b>", "body": "b"},
    )
    conversation = Conversation.objects.get()
    assert conversation.subject == "invoicegpj.exe <b>x</b>"
    page = client.get("/en/conversations/").content.decode()
    assert "&lt;b&gt;x&lt;/b&gt;" in page


@pytest.mark.parametrize(
    "to",
    [
        ["abc"],
        ["-1"],
        ["1e3"],
        ["99999999999999999999999"],
        ["٣"],  # an Arabic-Indic digit is not an id of ours
        [""],
        [],
    ],
)
def test_recipients_that_are_not_ids_are_refused(client, alice, bilal, to):
    response = login(client, alice).post(
        "/en/conversations/new/", {"to": to, "subject": "s", "body": "b"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose at least one member" in page or "Choose the people to write to" in page
    assert not Conversation.objects.exists()


def test_people_one_may_not_write_to_are_refused(client, alice, country):
    suspended = UserFactory(country=country, status=MembershipStatus.SUSPENDED)
    applicant = UserFactory(country=country, status=MembershipStatus.APPLICANT)
    login(client, alice)
    for person in (suspended, applicant, alice):
        response = client.post(
            "/en/conversations/new/", {"to": [person.pk], "subject": "s", "body": "b"}
        )
        assert response.status_code == 400
    assert not Conversation.objects.exists()


def test_too_many_people_are_refused_with_the_limit(client, alice, country):
    people = [UserFactory(country=country) for _ in range(8)]
    response = login(client, alice).post(
        "/en/conversations/new/", {"to": [p.pk for p in people], "subject": "s", "body": "b"}
    )
    assert response.status_code == 400
    assert "at most 8 people" in response.content.decode()
    assert not Conversation.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"subject": "", "body": "b"},
        {"subject": "   ", "body": "b"},
        {"subject": "s" * 201, "body": "b"},
        {"subject": "s", "body": ""},
        {"subject": "s", "body": "  \n "},
        {"subject": "s", "body": "b" * (BODY_MAX_LENGTH + 1)},
    ],
)
def test_empty_or_oversized_texts_are_refused(client, alice, bilal, conversation, data):
    login(client, alice)
    before = Message.objects.count()
    response = client.post("/en/conversations/new/", {"to": [bilal.pk], **data})
    assert response.status_code == 400
    assert Conversation.objects.count() == 1
    response = client.post(f"/en/conversations/{conversation.pk}/", {"body": data["body"]})
    if data["body"].strip() and len(data["body"]) <= BODY_MAX_LENGTH:
        assert response.status_code == 302
    else:
        assert response.status_code == 400
        assert Message.objects.count() == before


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1e9"])
def test_page_numbers_that_no_link_makes_are_not_found(client, alice, conversation, page):
    login(client, alice)
    assert client.get(f"/en/conversations/?page={page}").status_code == 404
    assert client.get(f"/en/conversations/{conversation.pk}/?page={page}").status_code == 404


def test_a_page_past_the_end_shows_the_last_one(client, alice, conversation):
    login(client, alice)
    for url in ("/en/conversations/", f"/en/conversations/{conversation.pk}/"):
        response = client.get(f"{url}?page=99999999999999999999")
        assert response.status_code == 200
        assert "Targeting data" in response.content.decode()


def test_a_nul_byte_or_a_huge_search_is_refused_cleanly(client, alice):
    login(client, alice)
    assert client.get("/en/conversations/new/?find=a%00b").status_code == 400
    response = client.get("/en/conversations/new/?find=" + "x" * 5000)
    assert response.status_code == 200  # the search is ignored, the form shown
    response = client.get("/en/conversations/new/?to=1&to=x&to=" + "9" * 40)
    assert response.status_code == 200


def test_get_on_leave_is_not_allowed(client, alice, conversation):
    login(client, alice)
    assert client.get(f"/en/conversations/{conversation.pk}/leave/").status_code == 405
    assert conversation.participants.filter(left_at__isnull=True).count() == 2
