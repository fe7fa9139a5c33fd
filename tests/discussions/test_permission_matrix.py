"""Every discussions URL × every role → allowed or refused, read and write.

The roles are those of the platform: visitor, applicant, member, suspended
member, focal point, expert and facilitator. The thread and its posts belong
to someone who holds none of these roles, in a members-only topic. A refused
request answers the sign-in page (visitors), 403 or 404, and leaves the
database exactly as it was; an allowed write changes it.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from discussions import services
from discussions.models import (
    Attachment,
    Flag,
    ModerationEvent,
    Notification,
    Post,
    PostRevision,
    Reaction,
    Thread,
    ThreadFollow,
    ThreadRead,
    TopicFollow,
)
from members.models import MembershipStatus
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = ("visitor", "applicant", "member", "suspended", "focal_point", "expert", "facilitator")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def allowed(*roles):
    return {role: role in roles for role in ROLES}


READERS = allowed("member", "focal_point", "expert", "facilitator")
PARTICIPANTS = READERS  # approved members take part; the others only read public topics
EVERYONE = allowed(*ROLES)
FACILITATOR = allowed("facilitator")
NOBODY = allowed()

# GET url -> who gets the page (200). `{topic}`, `{thread}`, `{post}` (the opening post),
# `{reply}`, `{file}` are filled in from the fixture below.
READS = {
    "/en/discussions/": EVERYONE,
    "/en/search/?in=discussions&q=registry": EVERYONE,
    "/en/discussions/mention/?q=Omar": PARTICIPANTS,
    "/en/discussions/mention/?q=Omar&format=json": PARTICIPANTS,
    "/en/discussions/topics/{topic}/": READERS,
    "/en/discussions/topics/{topic}/new/": PARTICIPANTS,
    "/en/discussions/topics/{topic}/feed/": NOBODY,  # members-only topics have no feed
    "/en/discussions/threads/{thread}/": READERS,
    "/en/discussions/threads/{thread}/?branch={reply}": READERS,
    "/en/discussions/posts/{reply}/reply/": PARTICIPANTS,
    "/en/discussions/posts/{reply}/edit/": FACILITATOR,
    "/en/discussions/posts/{reply}/translate/": FACILITATOR,
    "/en/discussions/posts/{reply}/flag/": PARTICIPANTS,
    "/en/discussions/posts/{reply}/history/": FACILITATOR,
    "/en/discussions/attachments/{file}/": READERS,
}
# GET urls that answer with a redirect to the thread when allowed.
REDIRECTS = {
    "/en/discussions/threads/{thread}/unread/": READERS,
    "/en/discussions/posts/{reply}/": READERS,
}
# POST url, data -> who may do it (the database changes) .
WRITES = {
    ("/en/discussions/topics/{topic}/new/", "thread"): PARTICIPANTS,
    ("/en/discussions/topics/{topic}/follow/", "follow"): PARTICIPANTS,
    ("/en/discussions/threads/{thread}/follow/", "follow"): PARTICIPANTS,
    ("/en/discussions/threads/{thread}/moderate/", "pin"): FACILITATOR,
    ("/en/discussions/posts/{reply}/reply/", "body"): PARTICIPANTS,
    ("/en/discussions/posts/{reply}/edit/", "body"): FACILITATOR,
    ("/en/discussions/posts/{reply}/translate/", "translation"): FACILITATOR,
    ("/en/discussions/posts/{reply}/flag/", "flag"): PARTICIPANTS,
    ("/en/discussions/posts/{reply}/hide/", "hide"): FACILITATOR,
    ("/en/discussions/posts/{reply}/accept/", "accept"): FACILITATOR,
    ("/en/discussions/posts/{reply}/helpful/", "helpful"): PARTICIPANTS,
}
DATA = {
    "thread": {"kind": "question", "title": "A new question", "body": "Body text"},
    "follow": {"follow": "1"},
    "pin": {"action": "pin", "reason": ""},
    "body": {"body": "A reply @Omar Haddad"},
    "translation": {"translation": "ترجمة"},
    "flag": {"reason": "spam", "note": ""},
    "hide": {"action": "hide", "reason": "Spam"},
    "accept": {},
    "helpful": {"helpful": "1"},
}


@pytest.fixture
def people(applicant, member, focal_point, expert, facilitator, country):
    return {
        "visitor": None,
        "applicant": applicant,
        "member": member,
        "suspended": UserFactory(country=country, status=MembershipStatus.SUSPENDED),
        "focal_point": focal_point,
        "expert": expert,
        "facilitator": facilitator,
    }


@pytest.fixture
def ids(topic, country):
    """A members-only question by someone outside the roles, a reply with a file."""
    asker = UserFactory(country=country, name_latin="Omar Haddad")
    replier = UserFactory(country=country)
    thread = services.thread_create(
        author=asker, topic=topic, kind="question", title="Registry updates", body="How?"
    )
    reply = services.post_reply(
        author=replier,
        parent=thread.opening_post,
        body="Like this",
        files=[SimpleUploadedFile("note.pdf", PDF, content_type="application/pdf")],
    )
    return {
        "topic": topic.slug,
        "thread": thread.pk,
        "post": thread.opening_post.pk,
        "reply": reply.pk,
        "file": Attachment.objects.get(post=reply).pk,
    }


def snapshot() -> dict:
    """Everything a refused request must leave as it was."""
    return {
        "threads": sorted(
            Thread.objects.values_list(
                "pk", "title", "is_pinned", "is_locked", "is_hidden", "accepted_answer_id"
            )
        ),
        "posts": sorted(
            Post.objects.values_list("pk", "body", "translation", "is_hidden", "helpful_count")
        ),
        "counts": [
            model.objects.count()
            for model in (
                Flag,
                ModerationEvent,
                Notification,
                PostRevision,
                Reaction,
                ThreadFollow,
                ThreadRead,
                TopicFollow,
                Attachment,
            )
        ],
    }


def sign_in(client, people, role):
    client.logout()
    if people[role] is not None:
        client.force_login(people[role])
    return client


def assert_refused(response, role):
    if role == "visitor" and response.status_code == 302:
        assert response["Location"].startswith("/en/accounts/login/")
    else:
        assert response.status_code in (403, 404), response.status_code


# The roles take their turn in one test (the fixtures are built once per URL); each
# request is checked on its own: its status, and the database around it.
@pytest.mark.parametrize("url", READS)
def test_each_page_answers_each_role(client, people, ids, url):
    for role in ROLES:
        sign_in(client, people, role)
        before = snapshot()
        response = client.get(url.format(**ids))
        if READS[url][role]:
            assert response.status_code == 200, (role, url, response.status_code)
        else:
            assert_refused(response, role)
            assert snapshot() == before, role


@pytest.mark.parametrize("url", REDIRECTS)
def test_each_jump_answers_each_role(client, people, ids, url):
    for role in ROLES:
        sign_in(client, people, role)
        before = snapshot()
        response = client.get(url.format(**ids))
        if REDIRECTS[url][role]:
            assert response.status_code == 302, role
            assert response["Location"].startswith(f"/en/discussions/threads/{ids['thread']}/")
        else:
            assert_refused(response, role)
            assert snapshot() == before, role


@pytest.mark.parametrize("write", WRITES)
def test_each_write_is_done_or_refused_with_nothing_changed(client, people, ids, write):
    url, data = write
    for role in ROLES:
        sign_in(client, people, role)
        before = snapshot()
        response = client.post(url.format(**ids), DATA[data])
        if WRITES[write][role]:
            assert response.status_code == 302, (role, url, response.status_code)
            assert not response["Location"].startswith("/en/accounts/login/")
            assert snapshot() != before, role
        else:
            assert_refused(response, role)
            assert snapshot() == before, role


def test_the_preview_is_for_participants_and_writes_nothing(client, people, ids):
    for role in ROLES:
        sign_in(client, people, role)
        before = snapshot()
        response = client.post("/en/discussions/preview/", {"body": "**Hi**"})
        if PARTICIPANTS[role]:
            assert response.status_code == 200, role
            assert "<strong>Hi</strong>" in response.content.decode()
        else:
            assert_refused(response, role)
        assert snapshot() == before, role


@pytest.mark.parametrize(
    "url",
    [
        "/en/discussions/threads/999999/",
        "/en/discussions/threads/999999/unread/",
        "/en/discussions/posts/999999/",
        "/en/discussions/attachments/999999/",
        "/en/discussions/topics/no-such-topic/",
    ],
)
def test_unknown_ids_are_404_even_for_facilitators(client, people, ids, url):
    sign_in(client, people, "facilitator")
    assert client.get(url).status_code == 404
    response = client.post("/en/discussions/posts/999999/helpful/", {"helpful": "1"})
    assert response.status_code == 404
