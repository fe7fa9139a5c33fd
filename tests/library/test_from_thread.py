"""A facilitator turns a discussion into a draft that quotes it with attribution and links."""

import pytest

from discussions import services as discussions
from discussions.models import ThreadKind
from library.models import Document, DocumentState
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered_thread(topic, country, expert):
    asker = UserFactory(country=country, name_latin="Rana Khatib")
    thread = discussions.thread_create(
        author=asker,
        topic=topic,
        kind=ThreadKind.QUESTION,
        title="How do you update household data?",
        body="We visit every household once a year.",
        language="en",
    )
    replier = UserFactory(country=country, name_latin="Omar Haddad")
    answer = discussions.post_reply(
        author=replier, parent=thread.opening_post, body="We link with the civil registry."
    )
    discussions.post_reply(
        author=expert, parent=thread.opening_post, body="Use **recertification** windows."
    )
    discussions.answer_accept(post=answer, by=asker)
    thread.refresh_from_db()
    return thread, answer


def test_a_facilitator_starts_a_draft_quoting_question_answer_and_best_replies(
    client, facilitator, answered_thread
):
    thread, answer = answered_thread
    client.force_login(facilitator)
    page = client.get(f"/en/discussions/threads/{thread.pk}/").content.decode()
    assert 'data-testid="draft-from-thread"' in page
    response = client.post(f"/en/library/from-thread/{thread.pk}/")
    document = Document.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/en/library/{document.pk}/edit/"
    )
    assert document.state == DocumentState.DRAFT and document.source_thread == thread
    assert document.title == thread.title
    assert "> We visit every household once a year." in document.body
    assert "> We link with the civil registry." in document.body
    assert "Rana Khatib" in document.body and "Omar Haddad" in document.body
    assert f"/discussions/posts/{answer.pk}/" in document.body
    assert document.body.index("accepted answer") < document.body.index("From the replies")
    assert "recertification" in document.body
    assert list(document.authors.all()) == [facilitator]


def test_members_cannot_turn_a_thread_into_a_draft(client, member, answered_thread):
    thread, _answer = answered_thread
    client.force_login(member)
    assert (
        'data-testid="draft-from-thread"'
        not in client.get(f"/en/discussions/threads/{thread.pk}/").content.decode()
    )
    assert client.post(f"/en/library/from-thread/{thread.pk}/").status_code == 403
    client.logout()
    assert client.post(f"/en/library/from-thread/{thread.pk}/").status_code == 302
    assert not Document.objects.exists()
