"""Private conversations as their members use them: start, answer, unread counts, leave,
emails in each reader's language, limits."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from conversations import services
from conversations.models import MAX_PARTICIPANTS, Conversation, Message, Participant
from cop.models import OutboundEmail
from members.models import NotificationMode
from tests.factories import UserFactory

from .conftest import login

pytestmark = pytest.mark.django_db

NEW_MESSAGE = "conversations/email/new_message"


def test_a_member_starts_a_conversation_from_the_form_and_the_other_reads_it(
    client, alice, bilal, django_capture_on_commit_callbacks
):
    login(client, alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/conversations/new/",
            {"to": [bilal.pk], "subject": "Targeting data", "body": "Can we *talk*?"},
        )
    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/conversations/{conversation.pk}/"
    assert set(conversation.participants.values_list("member_id", flat=True)) == {
        alice.pk,
        bilal.pk,
    }
    message = Message.objects.get()
    assert message.body_html == '<p dir="auto">Can we <em>talk</em>?</p>'

    login(client, bilal)
    page = client.get(f"/ar/conversations/{conversation.pk}/").content.decode()
    assert "Targeting data" in page
    assert "<em>talk</em>" in page
    assert "أليس حداد" in page


def test_the_other_participant_is_emailed_in_their_language_without_the_text(
    alice, bilal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.conversation_start(
            starter=alice, others=[bilal], subject="Secret subject", body="Secret body"
        )
    [email] = OutboundEmail.objects.filter(kind=NEW_MESSAGE)
    assert email.to == "bilal@example.org"
    assert email.language == "ar"
    assert "Alice Haddad" not in email.subject and "أليس حداد" in email.subject
    assert "/ar/conversations/" in email.body_text
    # The email pipeline's rows are visible in admin: nothing of the conversation goes in them.
    for part in (email.subject, email.body_text, email.body_html):
        assert "Secret" not in part
    assert email.unsubscribe == "messages"
    assert "List-Unsubscribe" in email.headers


def test_one_email_until_the_reader_opens_the_conversation(
    client, alice, bilal, conversation, django_capture_on_commit_callbacks
):
    def emails():
        return OutboundEmail.objects.filter(kind=NEW_MESSAGE, to=bilal.email).count()

    services.message_notify(message_id=conversation.messages.get().pk)
    assert emails() == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.message_post(author=alice, conversation=conversation, body="Second")
        services.message_post(author=alice, conversation=conversation, body="Third")
    assert emails() == 1  # bilal has not read the first one yet
    login(client, bilal).get(f"/en/conversations/{conversation.pk}/")
    with django_capture_on_commit_callbacks(execute=True):
        services.message_post(author=alice, conversation=conversation, body="Fourth")
    assert emails() == 2


def test_notifying_twice_sends_once(alice, bilal, conversation):
    message_id = conversation.messages.get().pk
    assert services.message_notify(message_id=message_id) == 1
    assert services.message_notify(message_id=message_id) == 0
    assert OutboundEmail.objects.filter(kind=NEW_MESSAGE).count() == 1


def test_private_messages_have_their_own_email_preference(client, alice, bilal, conversation):
    """Stopping emails about new posts leaves messages from colleagues coming; their own link stops them."""
    bilal.notification_mode = NotificationMode.NONE
    bilal.save(update_fields=["notification_mode"])
    services.message_notify(message_id=conversation.messages.get().pk)
    email = OutboundEmail.objects.get(kind=NEW_MESSAGE)
    assert email.to == bilal.email and email.unsubscribe == "messages"
    assert "إيقاف إشعارات الرسائل الخاصة" in email.body_html  # the footer link, in Arabic

    link = email.headers["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")
    page = client.get(link).content.decode()
    assert "هل تريد إيقاف إشعارات الرسائل الخاصة؟" in page  # the link is in Bilal's Arabic
    assert client.post(link).status_code == 200
    bilal.refresh_from_db()
    assert bilal.message_emails is False
    assert bilal.notification_mode == NotificationMode.NONE  # nothing else changed

    services.message_post(author=alice, conversation=conversation, body="Another")
    later = conversation.messages.order_by("-pk").first()
    services.message_notify(message_id=later.pk)
    assert OutboundEmail.objects.filter(kind=NEW_MESSAGE).count() == 1


def test_the_inbox_counts_unread_messages_per_conversation(client, alice, bilal, country):
    carla = UserFactory(country=country, name_latin="Carla")
    first = services.conversation_start(starter=alice, others=[bilal], subject="One", body="1")
    services.message_post(author=alice, conversation=first, body="2")
    second = services.conversation_start(
        starter=bilal, others=[alice, carla], subject="Two", body="x"
    )
    services.message_post(author=carla, conversation=second, body="y")

    login(client, bilal)
    response = client.get("/en/conversations/")
    rows = {r.conversation.subject: r.unread for r in response.context["page"].object_list}
    assert rows == {"One": 2, "Two": 1}
    page = response.content.decode()
    assert "2 unread" in page and "1 unread" in page

    client.get(f"/en/conversations/{first.pk}/")
    rows = {
        r.conversation.subject: r.unread
        for r in client.get("/en/conversations/").context["page"].object_list
    }
    assert rows == {"One": 0, "Two": 1}


def test_the_inbox_and_a_conversation_ask_the_same_queries_for_2_or_30_of_them(
    client, alice, bilal, country, django_assert_max_num_queries, monkeypatch
):
    monkeypatch.setattr(services, "MESSAGES_PER_WINDOW", 1000)
    monkeypatch.setattr(services, "NEW_CONVERSATIONS_PER_WINDOW", 1000)
    people = [UserFactory(country=country) for _ in range(4)]

    def fill(count):
        for n in range(count):
            conversation = services.conversation_start(
                starter=people[n % 4],
                others=[bilal, people[(n + 1) % 4]],
                subject=f"S{n}",
                body="b",
            )
            for m in range(n % 3):
                services.message_post(author=people[n % 4], conversation=conversation, body=f"m{m}")
        return conversation

    login(client, bilal)
    conversation = fill(2)
    with django_assert_max_num_queries(9) as small:
        assert client.get("/en/conversations/").status_code == 200
    with django_assert_max_num_queries(11) as small_detail:
        assert client.get(f"/en/conversations/{conversation.pk}/").status_code == 200
    conversation = fill(30)
    for m in range(25):
        services.message_post(author=bilal, conversation=conversation, body=f"more {m}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/en/conversations/").status_code == 200
    with django_assert_max_num_queries(len(small_detail.captured_queries)):
        assert client.get(f"/en/conversations/{conversation.pk}/").status_code == 200


def test_a_group_conversation_is_limited_in_size(alice, country):
    others = [UserFactory(country=country) for _ in range(MAX_PARTICIPANTS)]
    with pytest.raises(PermissionDenied, match="at most 8 people"):
        services.conversation_start(starter=alice, others=others, subject="Too many", body="x")
    assert not Conversation.objects.exists()
    conversation = services.conversation_start(
        starter=alice, others=others[: MAX_PARTICIPANTS - 1], subject="Just right", body="x"
    )
    assert conversation.participants.count() == MAX_PARTICIPANTS


def test_replying_adds_the_message_and_moves_the_conversation_up(
    client, alice, bilal, conversation
):
    login(client, bilal)
    response = client.post(f"/en/conversations/{conversation.pk}/", {"body": "Yes, *gladly*."})
    message = conversation.messages.order_by("pk").last()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#message-{message.pk}")
    conversation.refresh_from_db()
    assert conversation.last_message_at == message.created_at
    assert (
        Participant.objects.get(conversation=conversation, member=bilal).last_read_id == message.pk
    )


def test_leaving_removes_the_conversation_for_that_member_only(client, alice, bilal, conversation):
    login(client, bilal)
    response = client.post(f"/en/conversations/{conversation.pk}/leave/")
    assert response.status_code == 302
    assert client.get(f"/en/conversations/{conversation.pk}/").status_code == 404
    assert not client.get("/en/conversations/").context["page"].object_list
    login(client, alice)
    page = client.get(f"/en/conversations/{conversation.pk}/")
    assert page.status_code == 200
    assert [p.pk for p in page.context["people"]] == [alice.pk]
    # And the one who left is not emailed any more.
    message = services.message_post(author=alice, conversation=conversation, body="Still there?")
    assert services.message_notify(message_id=message.pk) == 0


def test_messages_are_rate_limited_like_posts(alice, bilal, conversation, monkeypatch):
    monkeypatch.setattr(services, "MESSAGES_PER_WINDOW", 3)
    services.message_post(author=alice, conversation=conversation, body="2")
    services.message_post(author=alice, conversation=conversation, body="3")
    with pytest.raises(PermissionDenied, match="Please wait"):
        services.message_post(author=alice, conversation=conversation, body="4")
    assert conversation.messages.count() == 3
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        services.message_post(author=alice, conversation=conversation, body="later")
    assert conversation.messages.count() == 4


def test_a_refused_message_comes_back_with_the_reason(
    client, alice, bilal, conversation, monkeypatch
):
    monkeypatch.setattr(services, "MESSAGES_PER_WINDOW", 1)
    response = login(client, alice).post(
        f"/en/conversations/{conversation.pk}/", {"body": "too soon"}
    )
    assert response.status_code == 400
    assert "Please wait" in response.content.decode()
    assert conversation.messages.count() == 1


def test_starting_conversations_is_rate_limited(alice, bilal, monkeypatch):
    monkeypatch.setattr(services, "NEW_CONVERSATIONS_PER_WINDOW", 2)
    for n in range(2):
        services.conversation_start(starter=alice, others=[bilal], subject=f"S{n}", body="b")
    with pytest.raises(PermissionDenied):
        services.conversation_start(starter=alice, others=[bilal], subject="S3", body="b")
    assert Conversation.objects.count() == 2


def test_finding_people_by_name_keeps_what_was_typed(client, alice, bilal):
    login(client, alice)
    response = client.post(
        "/en/conversations/new/",
        {"find": "Bilal", "find_people": "1", "subject": "Kept", "body": "Also kept"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f'value="{bilal.pk}"' in page and "Bilal Nasser" in page
    assert 'value="Kept"' in page and "Also kept" in page
    assert not Conversation.objects.exists()


def test_a_profile_offers_a_private_message(client, alice, bilal):
    page = login(client, alice).get(f"/en/members/{bilal.pk}/").content.decode()
    assert f"/en/conversations/new/?to={bilal.pk}" in page
    assert "ask-expert" not in page  # bilal is no expert
    new = client.get(f"/en/conversations/new/?to={bilal.pk}").content.decode()
    assert f'value="{bilal.pk}"' in new and "checked" in new


def test_the_home_page_lists_unread_conversations(client, alice, bilal, conversation):
    page = login(client, bilal).get("/en/").content.decode()
    assert 'data-testid="unread-conversations"' in page
    assert "Targeting data" in page
    client.get(f"/en/conversations/{conversation.pk}/")
    page = client.get("/en/").content.decode()
    assert "Targeting data" not in page
    assert "No unread messages." in page


def test_a_message_whose_task_was_lost_is_emailed_by_the_redrive_once(alice, bilal, country):
    carla = UserFactory(country=country)
    # Written without running the queued task (a process killed between commit and publish).
    conversation = services.conversation_start(
        starter=alice, others=[bilal, carla], subject="Lost", body="b"
    )
    assert not OutboundEmail.objects.exists()
    assert services.notifications_redrive() == 0  # too recent: its task may still run
    later = timezone.now() + timedelta(minutes=6)
    assert services.notifications_redrive(now=later) == 2
    assert services.notifications_redrive(now=later) == 0
    assert set(OutboundEmail.objects.values_list("to", flat=True)) == {bilal.email, carla.email}
    # Much later, a forgotten message is left alone.
    services.message_post(author=bilal, conversation=conversation, body="old")
    assert services.notifications_redrive(now=timezone.now() + timedelta(days=3)) == 0
