"""Nobody outside a conversation gets anything from it, whatever the id; refusals change nothing."""

import pytest

from conversations.models import Conversation, ExpertQuestion, Message, MessageFlag, Participant
from cop.models import OutboundEmail
from discussions.models import Thread
from members.models import MembershipStatus
from tests.factories import FacilitatorFactory, UserFactory

from .conftest import login

pytestmark = pytest.mark.django_db


def snapshot():
    """Everything a refused request could have changed."""
    return (
        list(Conversation.objects.values_list("pk", "subject", "last_message_at").order_by("pk")),
        list(Message.objects.values_list("pk", "body").order_by("pk")),
        list(
            Participant.objects.values_list(
                "pk", "last_read_id", "notified_id", "left_at"
            ).order_by("pk")
        ),
        list(MessageFlag.objects.values_list("pk", "status").order_by("pk")),
        Thread.objects.count(),
        ExpertQuestion.objects.count(),
        OutboundEmail.objects.count(),
    )


@pytest.fixture
def roles(country, focal_point, expert, facilitator, applicant):
    """Everyone who is not in the conversation, by role."""
    return {
        "applicant": applicant,
        "member": UserFactory(country=country, email="nosy@example.org"),
        "suspended": UserFactory(
            country=country, email="suspended@example.org", status=MembershipStatus.SUSPENDED
        ),
        "focal point": focal_point,
        "expert": expert,
        "facilitator": facilitator,
        "superuser": FacilitatorFactory(email="root@example.org", is_superuser=True),
    }


def requests_on(conversation, message):
    pk, mid = conversation.pk, message.pk
    return [
        ("get", f"/en/conversations/{pk}/", {}),
        ("post", f"/en/conversations/{pk}/", {"body": "I was not invited"}),
        ("post", f"/en/conversations/{pk}/leave/", {}),
        ("get", f"/en/conversations/messages/{mid}/flag/", {}),
        ("post", f"/en/conversations/messages/{mid}/flag/", {"reason": "spam", "note": "x"}),
    ]


def test_a_non_participant_gets_404_as_for_an_unknown_id_and_nothing_changes(
    client, roles, conversation
):
    message = conversation.messages.get()
    unknown = Conversation(pk=conversation.pk + 1000)
    unknown_message = Message(pk=message.pk + 1000)
    before = snapshot()
    for role, person in roles.items():
        login(client, person)
        for (method, url, data), (_m, unknown_url, _d) in zip(
            requests_on(conversation, message),
            requests_on(unknown, unknown_message),
            strict=True,
        ):
            response = getattr(client, method)(url, data)
            assert response.status_code == 404, (role, method, url)
            twin = getattr(client, method)(unknown_url, data)
            assert twin.status_code == 404
            assert conversation.subject not in response.content.decode()
        # The inbox of an outsider does not list it either.
        assert "Targeting data" not in client.get("/en/conversations/").content.decode()
    assert snapshot() == before


def test_a_visitor_is_sent_to_sign_in_and_nothing_changes(client, conversation):
    message = conversation.messages.get()
    before = snapshot()
    for method, url, data in [
        *requests_on(conversation, message),
        ("get", "/en/conversations/", {}),
        ("post", "/en/conversations/new/", {"to": [1], "subject": "s", "body": "b"}),
    ]:
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]
    assert snapshot() == before


@pytest.mark.parametrize("pk", ["99999999999999999999", "0", "00"])
def test_ids_out_of_range_are_not_found(client, alice, pk):
    login(client, alice)
    assert client.get(f"/en/conversations/{pk}/").status_code == 404
    assert client.get(f"/en/conversations/messages/{pk}/flag/").status_code == 404
    assert client.get(f"/en/conversations/ask/{pk}/").status_code == 404


def test_a_suspended_participant_reads_but_cannot_write(client, alice, bilal, conversation):
    bilal.status = MembershipStatus.SUSPENDED
    bilal.save(update_fields=["status"])
    login(client, bilal)
    page = client.get(f"/en/conversations/{conversation.pk}/")
    assert page.status_code == 200
    assert 'data-testid="message-form"' not in page.content.decode()
    assert "suspended" in page.content.decode()
    before = snapshot()
    assert client.post(f"/en/conversations/{conversation.pk}/", {"body": "hi"}).status_code == 403
    message = conversation.messages.get()
    assert (
        client.post(
            f"/en/conversations/messages/{message.pk}/flag/", {"reason": "spam"}
        ).status_code
        == 403
    )
    assert client.get("/en/conversations/new/").status_code == 403
    # (Reading the conversation marked it read: compare after that.)
    assert snapshot() == before


def test_applicants_cannot_start_conversations_or_be_written_to(client, alice, applicant):
    login(client, applicant)
    assert client.get("/en/conversations/new/").status_code == 403
    before = snapshot()
    response = client.post(
        "/en/conversations/new/", {"to": [alice.pk], "subject": "s", "body": "b"}
    )
    assert response.status_code == 403
    login(client, alice)
    response = client.post(
        "/en/conversations/new/", {"to": [applicant.pk], "subject": "s", "body": "b"}
    )
    assert response.status_code == 400
    assert snapshot() == before


def test_facilitators_do_not_see_conversations_in_admin(client, facilitator, conversation):
    login(client, facilitator)
    index = client.get("/en/admin/").content.decode()
    assert "/admin/conversations/messageflag/" in index
    for model in ("conversation", "message", "participant"):
        assert client.get(f"/en/admin/conversations/{model}/").status_code == 404
    assert "Targeting data" not in index


def test_members_cannot_open_the_flag_review(client, alice, conversation):
    login(client, alice)
    response = client.get("/en/admin/conversations/messageflag/")
    assert response.status_code == 302  # to the admin's sign-in
