"""Asking an expert from their profile: a public question addressed to them, or a private one."""

import pytest

from conversations.models import Conversation, ExpertQuestion
from cop.models import OutboundEmail
from discussions.models import Thread, ThreadFollow, ThreadKind, TopicFollow
from members.models import NotificationMode
from tests.discussions.factories import TopicFactory
from tests.factories import UserFactory

from .conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def expert(expert):
    expert.name_latin = "Dr Layla Mansour"
    expert.name_arabic = "د. ليلى منصور"
    expert.preferred_language = "ar"
    expert.expertise = "Social registries"
    expert.save()
    return expert


@pytest.fixture
def topic(db):
    return TopicFactory(slug="registries", name_ar="السجلات الاجتماعية", name_en="Registries")


def test_an_experts_profile_offers_both_ways_to_ask(client, alice, expert):
    page = login(client, alice).get(f"/en/members/{expert.pk}/").content.decode()
    assert f"/en/conversations/ask/{expert.pk}/" in page
    assert f"/en/conversations/new/?to={expert.pk}" in page
    own = login(client, expert).get(f"/en/members/{expert.pk}/").content.decode()
    assert "ask-expert" not in own and "write-to" not in own


def test_a_public_question_is_a_thread_addressed_to_the_expert_who_is_told_in_arabic(
    client, alice, expert, topic, django_capture_on_commit_callbacks
):
    login(client, alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/conversations/ask/{expert.pk}/",
            {
                "how": "public",
                "topic": topic.pk,
                "title": "How often should a registry be updated?",
                "body": "We update **yearly**.",
            },
        )
    thread = Thread.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/en/discussions/threads/{thread.pk}/"
    )
    assert thread.kind == ThreadKind.QUESTION and thread.author == alice and thread.topic == topic
    assert ExpertQuestion.objects.get().expert == expert
    assert ThreadFollow.objects.filter(thread=thread, member=expert).exists()

    page = client.get(f"/en/discussions/threads/{thread.pk}/").content.decode()
    assert 'data-testid="expert-question"' in page and "Dr Layla Mansour" in page
    assert "Question for" in page
    arabic = client.get(f"/ar/discussions/threads/{thread.pk}/").content.decode()
    assert "سؤال موجّه إلى" in arabic and "د. ليلى منصور" in arabic

    [email] = OutboundEmail.objects.filter(kind="conversations/email/expert_question")
    assert email.to == expert.email and email.language == "ar"
    assert "How often should a registry be updated?" in email.subject
    assert "السجلات الاجتماعية" in email.body_text  # the topic, in the expert's language
    assert f"/ar/discussions/threads/{thread.pk}/" in email.body_text
    assert email.unsubscribe == "notifications"


def test_an_expert_following_the_topic_gets_the_question_email_only(
    alice, expert, topic, django_capture_on_commit_callbacks
):
    from conversations import services

    expert.notification_mode = NotificationMode.IMMEDIATE
    expert.save()
    TopicFollow.objects.create(member=expert, topic=topic)
    follower = UserFactory(country=alice.country, notification_mode=NotificationMode.IMMEDIATE)
    TopicFollow.objects.create(member=follower, topic=topic)
    with django_capture_on_commit_callbacks(execute=True):
        services.expert_question_ask(
            asker=alice, expert=expert, topic=topic, title="Once?", body="Only one email."
        )
    to_expert = OutboundEmail.objects.filter(to=expert.email)
    assert [email.kind for email in to_expert] == ["conversations/email/expert_question"]
    assert OutboundEmail.objects.filter(to=follower.email).count() == 1  # followers still are


def test_the_expert_is_told_once(alice, expert, topic):
    from conversations import services

    thread = services.expert_question_ask(
        asker=alice, expert=expert, topic=topic, title="Once?", body="b"
    )
    question = thread.expert_question
    assert services.expert_notify(question_id=question.pk) is True
    assert services.expert_notify(question_id=question.pk) is False
    assert OutboundEmail.objects.filter(kind="conversations/email/expert_question").count() == 1


def test_a_private_question_is_a_conversation_with_the_expert(client, alice, expert):
    login(client, alice)
    response = client.post(
        f"/en/conversations/ask/{expert.pk}/",
        {"how": "private", "title": "A delicate case", "body": "Can I ask you privately?"},
    )
    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/conversations/{conversation.pk}/"
    assert conversation.subject == "A delicate case"
    assert set(conversation.participants.values_list("member_id", flat=True)) == {
        alice.pk,
        expert.pk,
    }
    assert not Thread.objects.exists()


def test_a_public_question_needs_a_topic_and_nothing_is_half_saved(client, alice, expert):
    login(client, alice)
    response = client.post(
        f"/en/conversations/ask/{expert.pk}/",
        {"how": "public", "title": "No topic", "body": "b"},
    )
    assert response.status_code == 400
    assert "Choose the topic" in response.content.decode()
    assert not Thread.objects.exists() and not Conversation.objects.exists()


@pytest.mark.parametrize("how", ["public", "private", "both", ""])
def test_only_experts_can_be_asked(client, alice, bilal, topic, how):
    login(client, alice)
    assert client.get(f"/en/conversations/ask/{bilal.pk}/").status_code == 404
    response = client.post(
        f"/en/conversations/ask/{bilal.pk}/",
        {"how": how, "topic": topic.pk, "title": "t", "body": "b"},
    )
    assert response.status_code == 404
    assert not Thread.objects.exists() and not Conversation.objects.exists()


def test_applicants_cannot_ask_and_experts_cannot_ask_themselves(client, applicant, expert, topic):
    data = {"how": "public", "topic": topic.pk, "title": "t", "body": "b"}
    assert (
        login(client, applicant).post(f"/en/conversations/ask/{expert.pk}/", data).status_code
        == 403
    )
    assert (
        login(client, expert).post(f"/en/conversations/ask/{expert.pk}/", data).status_code == 403
    )
    assert not Thread.objects.exists()


def test_the_thread_page_keeps_its_query_count_for_an_expert_question(
    client, alice, expert, topic, django_assert_max_num_queries
):
    from conversations import services
    from discussions import services as discussions

    plain = discussions.thread_create(
        author=alice, topic=topic, kind=ThreadKind.QUESTION, title="Plain", body="b"
    )
    asked = services.expert_question_ask(
        asker=alice, expert=expert, topic=topic, title="Asked", body="b"
    )
    login(client, alice)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as plain_queries:
        client.get(f"/en/discussions/threads/{plain.pk}/")
    # Not one query more: the expert comes with the thread.
    with django_assert_max_num_queries(len(plain_queries.captured_queries)):
        assert "Question for" in client.get(f"/en/discussions/threads/{asked.pk}/").content.decode()
