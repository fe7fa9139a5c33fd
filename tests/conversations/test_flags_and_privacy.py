"""Flagging a private message shows that message, and only it, to the facilitators;
the member's export holds their conversations; closing an account leaves them."""

import json

import pytest

from conversations import services
from conversations.models import MessageFlag, Participant
from members import services as member_services

from .conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def exchange(alice, bilal, conversation):
    """Four messages; bilal's second one is the offensive one."""
    services.message_post(author=bilal, conversation=conversation, body="Quiet reply")
    rude = services.message_post(author=bilal, conversation=conversation, body="**Rude words**")
    services.message_post(author=alice, conversation=conversation, body="Unrelated secret")
    return rude


def test_a_flagged_message_and_only_it_reaches_the_facilitators(
    client, alice, bilal, conversation, exchange, facilitator
):
    login(client, alice)
    form = client.get(f"/en/conversations/messages/{exchange.pk}/flag/")
    assert form.status_code == 200 and "Rude words" in form.content.decode()
    response = client.post(
        f"/en/conversations/messages/{exchange.pk}/flag/", {"reason": "abuse", "note": "Hurtful"}
    )
    assert response.status_code == 302
    flag = MessageFlag.objects.get()
    assert (flag.message, flag.reporter, flag.reason) == (exchange, alice, "abuse")

    login(client, facilitator)
    queue = client.get("/en/admin/conversations/messageflag/?status__exact=open").content.decode()
    assert "Rude words" in queue
    page = client.get(f"/en/admin/conversations/messageflag/{flag.pk}/change/").content.decode()
    assert "<strong>Rude words</strong>" in page
    assert "Targeting data" in page  # the subject, as context
    assert "Alice Haddad" in page and "Bilal Nasser" in page and "Hurtful" in page
    for other in ("Hello", "Quiet reply", "Unrelated secret"):
        assert other not in page and other not in queue
    # The conversation itself stays closed to them.
    assert client.get(f"/en/conversations/{conversation.pk}/").status_code == 404

    response = client.post(
        "/en/admin/conversations/messageflag/",
        {"action": "resolve", "_selected_action": [flag.pk]},
    )
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.status == "resolved" and flag.resolved_by == facilitator


def test_flagging_twice_keeps_one_open_flag_and_own_messages_cannot_be_flagged(
    client, alice, bilal, exchange
):
    login(client, alice)
    for _ in range(2):
        client.post(f"/en/conversations/messages/{exchange.pk}/flag/", {"reason": "spam"})
    assert MessageFlag.objects.count() == 1
    login(client, bilal)
    assert (
        client.post(
            f"/en/conversations/messages/{exchange.pk}/flag/", {"reason": "spam"}
        ).status_code
        == 403
    )
    assert MessageFlag.objects.count() == 1


@pytest.mark.parametrize("reason", ["", "nonsense", "x" * 5000])
def test_a_flag_with_an_unknown_reason_is_refused(client, alice, exchange, reason):
    response = login(client, alice).post(
        f"/en/conversations/messages/{exchange.pk}/flag/", {"reason": reason}
    )
    assert response.status_code == 400
    assert not MessageFlag.objects.exists()


def test_the_data_export_holds_the_members_conversations(
    client, alice, bilal, conversation, exchange
):
    login(client, bilal)
    data = json.loads(client.get("/en/members/profile/data.json").content)
    [exported] = data["conversations"]["conversations"]
    assert exported["subject"] == "Targeting data"
    assert [m["text"] for m in exported["messages"]] == [
        "Hello **Bilal**.",
        "Quiet reply",
        "**Rude words**",
        "Unrelated secret",
    ]
    assert [m["by_you"] for m in exported["messages"]] == [False, True, True, False]


def test_after_leaving_the_export_keeps_only_ones_own_messages(
    alice, bilal, conversation, exchange
):
    from conversations.privacy import member_data

    services.conversation_leave(member=bilal, conversation=conversation)
    [exported] = member_data(bilal)["conversations"]
    assert [m["text"] for m in exported["messages"]] == ["Quiet reply", "**Rude words**"]
    assert exported["left"]


def test_closing_an_account_leaves_every_conversation(client, alice, bilal, conversation, exchange):
    services.message_flag(message=exchange, reporter=alice, reason="abuse", note="my note")
    member_services.account_close(member=alice)
    assert Participant.objects.get(member=alice).left_at is not None
    assert MessageFlag.objects.get().note == ""
    login(client, bilal)
    page = client.get(f"/en/conversations/{conversation.pk}/").content.decode()
    assert "Unrelated secret" in page  # what alice wrote stays for bilal...
    assert "former member" in page  # ...attributed to a former member
    assert "Alice Haddad" not in page
