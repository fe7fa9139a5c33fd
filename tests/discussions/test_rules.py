"""Each discussions rule is written once, refuses with a reason, and the page offers exactly
what the rules allow."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from discussions import permissions, selectors, services
from discussions.feeds import TopicFeed
from discussions.models import Thread, ThreadKind
from members.models import MembershipStatus
from tests.factories import UserFactory

from .factories import TopicFactory

pytestmark = pytest.mark.django_db


def thread_page(client, thread) -> str:
    response = client.get(f"/en/discussions/threads/{thread.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def post_block(html: str, post) -> str:
    """The <article> of one post on the page."""
    match = re.search(rf'<article id="post-{post.pk}".*?</article>', html, re.S)
    assert match, post.pk
    return match.group(0)


# --- Locked threads ----------------------------------------------------------------------------
def test_a_locked_thread_refuses_its_authors_edits_and_translations_with_the_reason(
    client, member, facilitator, thread
):
    services.thread_moderate(thread=thread, by=facilitator, action="lock")
    post = thread.opening_post
    client.force_login(member)  # the author
    for url, data in (
        (f"/en/discussions/posts/{post.pk}/edit/", {"body": "Changed after the lock"}),
        (f"/en/discussions/posts/{post.pk}/translate/", {"translation": "ترجمة"}),
    ):
        response = client.post(url, data)
        assert response.status_code == 403
        assert "This thread is locked: only the facilitators can change it." in (
            response.content.decode()
        )
    with pytest.raises(PermissionDenied):
        services.post_edit(post=post, editor=member, body="Through the service")
    post.refresh_from_db()
    assert post.body == "We visit every household once a year." and post.translation == ""
    block = post_block(thread_page(client, thread), post)
    assert 'data-testid="edit-link"' not in block and 'data-testid="translate-link"' not in block


def test_facilitators_still_edit_and_translate_in_a_locked_thread(client, facilitator, thread):
    services.thread_moderate(thread=thread, by=facilitator, action="lock")
    post = thread.opening_post
    client.force_login(facilitator)
    block = post_block(thread_page(client, thread), post)
    assert 'data-testid="edit-link"' in block and 'data-testid="translate-link"' in block
    response = client.post(
        f"/en/discussions/posts/{post.pk}/edit/", {"title": thread.title, "body": "Moderated"}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == "Moderated"


# --- Reasons ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("who", "url", "reason"),
    [
        ("asker", "posts/{reply}/flag/", None),  # allowed: the control case
        ("replier", "posts/{reply}/flag/", "You cannot flag your own post."),
        (
            "other",
            "posts/{opening}/edit/",
            "Only its author or a facilitator can change this post.",
        ),
        ("other", "posts/{reply}/accept/", "Only the person who asked or a facilitator marks"),
        ("applicant", "posts/{opening}/reply/", "You can take part once your membership is"),
        ("other", "posts/{reply}/history/", "Only the facilitators moderate the discussions."),
    ],
)
def test_a_refused_action_tells_the_person_why(
    client, thread, reply, member, other_member, applicant, topic, who, url, reason
):
    topic.is_public = True  # so that the applicant can read the thread
    topic.save()
    third = UserFactory(country=member.country, email="third@example.org")
    person = {"replier": other_member, "asker": member, "other": third, "applicant": applicant}
    client.force_login(person[who])
    url = "/en/discussions/" + url.format(reply=reply.pk, opening=thread.opening_post.pk)
    # Each page is asked as its form would: history is read (GET), the others are posted.
    response = client.get(url) if url.endswith("/history/") else client.post(url)
    if reason is None:
        assert response.status_code == 400  # allowed: the empty form is refused, not the person
        return
    assert response.status_code == 403
    html = response.content.decode()
    assert 'data-testid="refusal-reason"' in html and reason in html


def test_a_refusal_is_worded_in_the_readers_language(client, thread, reply, other_member):
    client.force_login(other_member)
    response = client.get(f"/ar/discussions/posts/{reply.pk}/flag/")
    assert response.status_code == 403
    assert "You cannot flag" not in response.content.decode()


# --- The page reads the rules -------------------------------------------------------------------
@pytest.mark.parametrize(
    "viewer", ["asker", "replier", "other", "facilitator", "applicant", "visitor"]
)
def test_each_post_offers_exactly_the_actions_the_rules_allow(
    client, thread, reply, member, other_member, facilitator, applicant, topic, viewer
):
    topic.is_public = True
    topic.save()
    third = UserFactory(country=member.country, email="third@example.org")
    user = {
        "asker": member,
        "replier": other_member,
        "other": third,
        "facilitator": facilitator,
        "applicant": applicant,
        "visitor": None,
    }[viewer]
    if user is not None:
        client.force_login(user)
    html = thread_page(client, thread)
    reader = user or AnonymousUser()
    for post in (thread.opening_post, reply):
        post = type(post).objects.select_related("thread__topic").get(pk=post.pk)
        block = post_block(html, post)
        expected = {
            'data-testid="reply-link"': permissions.can_reply_to_post(reader, post),
            'data-testid="edit-link"': permissions.can_edit_post(reader, post),
            'data-testid="translate-link"': permissions.can_translate_post(reader, post),
            'data-testid="flag-link"': permissions.can_flag_post(reader, post),
            'data-testid="accept"': permissions.can_accept_post(reader, post),
            'data-testid="hide"': permissions.can_hide_post(reader, post),
        }
        assert {marker: marker in block for marker in expected} == expected, (viewer, post.pk)


def test_the_asker_sees_mark_as_answer_on_replies_only(client, member, thread, reply):
    client.force_login(member)
    html = thread_page(client, thread)
    assert 'data-testid="accept"' in post_block(html, reply)
    assert 'data-testid="accept"' not in post_block(html, thread.opening_post)


# --- The topic-read rule is one filter ----------------------------------------------------------
def test_lists_feeds_and_pages_agree_on_what_each_reader_may_read(
    client, member, facilitator, applicant
):
    public = TopicFactory(slug="open", is_public=True)
    private = TopicFactory(slug="closed", is_public=False)
    threads = []
    for topic in (public, private):
        for hidden in (False, True):
            thread = services.thread_create(
                author=member, topic=topic, kind=ThreadKind.DISCUSSION, title="T", body="B"
            )
            if hidden:
                services.thread_moderate(thread=thread, by=facilitator, action="hide", reason="x")
            threads.append(Thread.objects.select_related("topic").get(pk=thread.pk))
    for reader in (AnonymousUser(), applicant, member, facilitator):
        opens = {t.pk for t in threads if permissions.can_read_thread(reader, t)}
        listed = set(selectors.threads_for(reader).values_list("pk", flat=True))
        assert listed == opens, reader
        for topic in (public, private):
            if permissions.can_read_topic(reader, topic):
                in_topic = set(
                    selectors.threads_for(reader, topic=topic).values_list("pk", flat=True)
                )
                assert in_topic == {t.pk for t in threads if t.topic == topic and t.pk in opens}
    expected = {threads[0].pk}  # public, not hidden: what a visitor reads
    assert {t.pk for t in TopicFeed().items(public)} == expected
    assert (
        set(
            Thread.objects.filter(permissions.readable_threads(AnonymousUser())).values_list(
                "pk", flat=True
            )
        )
        == expected
    )


def test_suspended_members_read_public_topics_only(member, topic, thread, facilitator):
    member.status = MembershipStatus.SUSPENDED
    member.save()
    assert not permissions.can_read_thread(member, thread)
    assert not selectors.threads_for(member).filter(pk=thread.pk).exists()


# --- Query budget ---------------------------------------------------------------------------------
def test_facilitators_read_a_thread_of_10_or_1000_posts_in_the_same_queries(
    client, facilitator, topic, country
):
    from cop.devtools.discussions import build_thread

    from .test_tree_queries import count_queries

    authors = [UserFactory(country=country) for _ in range(3)]
    small = build_thread(topic=topic, authors=authors, replies=10, max_depth=6, seed=3)
    large = build_thread(topic=topic, authors=authors, replies=1000, max_depth=6, seed=4)
    for thread in (small, large):
        services.thread_moderate(thread=thread, by=facilitator, action="lock", reason="Done")
        for post in thread.posts.filter(depth=1).order_by("path")[:3]:
            services.post_set_hidden(post=post, by=facilitator, hidden=True, reason="Off topic")
    client.force_login(facilitator)
    assert count_queries(client, small.get_absolute_url()) == count_queries(
        client, large.get_absolute_url()
    )
    html = thread_page(client, large)
    assert html.count('data-testid="moderation-note"') == 4  # the lock and three hidden posts


@pytest.mark.parametrize("viewer", ["asker", "replier", "other", "facilitator", "applicant"])
def test_deciding_once_per_kind_of_post_gives_what_each_post_would_get(
    thread, reply, member, other_member, facilitator, applicant, viewer
):
    from discussions import permissions
    from discussions.models import Post

    user = {
        "asker": member,
        "replier": other_member,
        "other": UserFactory(country=member.country),
        "facilitator": facilitator,
        "applicant": applicant,
    }[viewer]
    hidden = services.post_reply(author=member, parent=thread.opening_post, body="Hidden")
    services.post_set_hidden(post=hidden, by=facilitator, hidden=True, reason="spam")
    services.post_reply(author=other_member, parent=reply, body="Nested")
    services.answer_accept(post=reply, by=member)
    for locked in (False, True):
        thread.refresh_from_db()
        thread.is_locked = locked
        posts = list(Post.objects.filter(thread=thread).order_by("path"))
        for post in posts:
            post.thread = thread
        permissions.post_actions_for(user, thread, posts)
        for post in posts:
            assert post.can == permissions.post_actions(user, post), (viewer, post.pk, locked)
