"""Unread: one read marker per member and thread; marks on the index, topic and thread pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from discussions import services
from discussions.models import Post, ThreadRead

from .conftest import login

pytestmark = pytest.mark.django_db


def _age(post, minutes):
    """Date a post `minutes` ago (the marker compares times)."""
    when = timezone.now() - timedelta(minutes=minutes)
    Post.objects.filter(pk=post.pk).update(created_at=when)


def test_opening_a_thread_keeps_one_marker_row_however_often(client, thread, other_member):
    login(client, other_member)
    for _ in range(3):
        assert client.get(thread.get_absolute_url()).status_code == 200
    assert ThreadRead.objects.filter(member=other_member, thread=thread).count() == 1
    assert ThreadRead.objects.count() == 1  # per thread, not per post


def test_a_visitor_reading_a_public_thread_leaves_no_marker(client, thread, topic):
    topic.is_public = True
    topic.save()
    assert client.get(thread.get_absolute_url()).status_code == 200
    assert not ThreadRead.objects.exists()


def test_posts_written_since_the_last_visit_are_marked_new_and_the_page_jumps_to_the_first(
    client, thread, member, other_member
):
    old = services.post_reply(author=other_member, parent=thread.opening_post, body="Old news")
    login(client, member)
    client.get(thread.get_absolute_url())  # the visit: the marker moves to now
    ThreadRead.objects.filter(member=member).update(read_at=timezone.now() - timedelta(minutes=5))
    _age(old, 10)
    first_new = services.post_reply(author=other_member, parent=old, body="First news")
    second_new = services.post_reply(author=other_member, parent=thread.opening_post, body="More")
    own = services.post_reply(author=member, parent=thread.opening_post, body="Mine")
    html = client.get(thread.get_absolute_url()).content.decode()
    for post in (first_new, second_new):
        assert f'id="post-{post.pk}" class="post post--indent-' in html
        assert 'is-unread" data-unread>' in html.split(f'id="post-{post.pk}"')[1][:200]
    assert "is-unread" not in html.split(f'id="post-{old.pk}"')[1].split(">")[0]
    assert "is-unread" not in html.split(f'id="post-{own.pk}"')[1].split(">")[0]
    assert html.count('data-testid="new-post"') == 2
    # The jump link carries the marker the page read; following it lands on the first new post.
    link = html.split('data-testid="first-unread"')[0].rsplit('href="', 1)[1].split('"')[0]
    response = client.get(link.replace("&amp;", "&"))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#post-{first_new.pk}")
    # The second visit has read everything: nothing is new, no jump link.
    html = client.get(thread.get_absolute_url()).content.decode()
    assert 'data-testid="new-post"' not in html
    assert 'data-testid="first-unread"' not in html


def test_a_hostile_since_falls_back_to_the_stored_marker(client, thread, member, other_member):
    login(client, member)
    client.get(thread.get_absolute_url())
    ThreadRead.objects.filter(member=member).update(read_at=timezone.now() - timedelta(minutes=5))
    new = services.post_reply(author=other_member, parent=thread.opening_post, body="New")
    url = f"/en/discussions/threads/{thread.pk}/unread/"
    for since in ("not-a-date", "2026-13-45T99:99", "x" * 5000, "2026-01-01T00:00:00"):
        response = client.get(url, {"since": since})
        assert response.status_code == 302
        assert response["Location"].endswith(f"#post-{new.pk}"), since


def test_the_jump_skips_posts_the_reader_cannot_see(
    client, thread, member, other_member, facilitator
):
    login(client, member)
    client.get(thread.get_absolute_url())
    ThreadRead.objects.filter(member=member).update(read_at=timezone.now() - timedelta(minutes=5))
    hidden = services.post_reply(author=other_member, parent=thread.opening_post, body="Spam")
    services.post_set_hidden(post=hidden, by=facilitator, hidden=True, reason="spam")
    visible = services.post_reply(author=other_member, parent=thread.opening_post, body="Good")
    response = client.get(f"/en/discussions/threads/{thread.pk}/unread/")
    assert response["Location"].endswith(f"#post-{visible.pk}")


def test_index_and_topic_pages_mark_new_threads_and_threads_with_new_replies(
    client, thread, member, other_member, topic
):
    second = services.thread_create(
        author=other_member, topic=topic, kind="discussion", title="Second", body="Text"
    )
    login(client, member)
    client.get(second.get_absolute_url())
    ThreadRead.objects.filter(member=member).update(read_at=timezone.now() - timedelta(minutes=5))
    services.post_reply(author=other_member, parent=second.opening_post, body="Reply")
    third = services.thread_create(
        author=other_member, topic=topic, kind="discussion", title="Third", body="Text"
    )
    for url in ("/en/discussions/", f"/en/discussions/topics/{topic.slug}/"):
        html = client.get(url).content.decode()
        rows = {
            pk: html.split(f'href="/en/discussions/threads/{pk}/"')[1].split("</li>")[0]
            for pk in (thread.pk, second.pk, third.pk)
        }
        assert 'data-testid="thread-new"' in rows[third.pk]  # never opened
        assert 'data-testid="thread-unread"' in rows[second.pk]  # replied since the visit
        assert "thread-new" not in rows[thread.pk]  # their own thread is not news to them
        assert "thread-unread" not in rows[thread.pk]
