"""The thread page keeps its replies in the cache; whatever a reader should see changes at once.

The replies of a page are cached under the thread's `posts_version`, which the
services move on every change to what a reply shows; the authors and the
viewer's own marks are read fresh on every page. Each test first opens the page
so that its replies are in the cache, then changes something and reads again.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from discussions import selectors, services
from discussions.models import Thread, ThreadRead
from members.models import MembershipStatus
from tests.factories import UserFactory

from .conftest import login

pytestmark = pytest.mark.django_db


def read(client, thread, language="en") -> str:
    response = client.get(f"/{language}/discussions/threads/{thread.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def article(html: str, post) -> str:
    """The HTML of one post on the page."""
    return html.split(f'id="post-{post.pk}"', 1)[1].split("</article>", 1)[0]


@pytest.fixture
def reader(client, thread, reply, country):
    """A member who has the page open: its replies are now in the cache."""
    member = UserFactory(country=country, name_latin="Rania Saleh")
    login(client, member)
    assert "We link with the civil registry." in read(client, thread)
    fresh = Thread.objects.get(pk=thread.pk)
    assert selectors.cache.get(f"{selectors.slice_prefix(fresh)}:page:1") is not None
    return member


def test_a_second_visit_reads_the_replies_from_the_cache(client, thread, reply, reader):
    with CaptureQueriesContext(connection) as queries:
        html = read(client, thread)
    assert "We link with the civil registry." in html
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "ROW_NUMBER()" not in sql  # the windowed read of the branches did not run
    assert "discussions_attachment" not in sql
    assert "COUNT(" not in sql  # nor the count of top-level replies


def test_links_follow_the_readers_language_though_both_languages_share_the_replies(
    client, thread, reply, reader, other_member
):
    last = reply
    for n in range(6):  # a branch longer than the page shows: "show more replies"
        last = services.post_reply(author=other_member, parent=last, body=f"Step {n}.")
    read(client, thread, "en")
    html = read(client, thread, "ar")
    assert f'href="/ar/discussions/threads/{thread.pk}/?branch={reply.pk}"' in html
    assert "/en/discussions/threads/" not in html.split('data-testid="tree"')[1]


def test_a_new_reply_shows_at_once(client, thread, reply, reader, other_member):
    services.post_reply(author=other_member, parent=reply, body="And with social security data.")
    html = read(client, thread)
    assert "And with social security data." in html
    assert "1 reply" not in html


def test_an_edit_shows_at_once(client, thread, reply, reader, other_member):
    services.post_edit(post=reply, editor=other_member, body="We link with the tax registry.")
    part = article(read(client, thread), reply)
    assert "We link with the tax registry." in part
    assert "civil registry" not in part
    assert "edited" in part


def test_a_translation_shows_at_once_in_the_other_language(
    client, thread, reply, reader, other_member
):
    services.post_translate(post=reply, by=other_member, translation="نربط مع السجل المدني.")
    part = article(read(client, thread, "ar"), reply)
    assert "نربط مع السجل المدني." in part
    assert 'data-testid="translation-note"' in part


def test_hiding_and_showing_a_reply_shows_at_once(client, thread, reply, reader, facilitator):
    services.post_set_hidden(post=reply, by=facilitator, hidden=True, reason="Off topic")
    part = article(read(client, thread), reply)
    assert "civil registry" not in part
    assert "A facilitator has hidden this post." in part
    services.post_set_hidden(post=reply, by=facilitator, hidden=False)
    assert "We link with the civil registry." in article(read(client, thread), reply)


def test_another_members_helpful_mark_counts_without_pressing_the_readers_button(
    client, thread, reply, reader, country
):
    services.post_set_helpful(member=UserFactory(country=country), post=reply, helpful=True)
    part = article(read(client, thread), reply)
    assert 'aria-pressed="false" data-testid="helpful">Helpful' in part
    assert '<span class="helpful__count">1</span>' in part
    # The reader's own mark is theirs alone, though the replies come from one cache entry.
    services.post_set_helpful(member=reader, post=reply, helpful=True)
    assert 'aria-pressed="true"' in article(read(client, thread), reply)
    other = UserFactory(country=country)
    login(client, other)
    assert 'aria-pressed="false"' in article(read(client, thread), reply)


def test_authors_are_shown_as_they_are_now(client, thread, reply, reader, other_member):
    other_member.name_latin = "Omar Haddad-Khalil"
    other_member.is_expert = True
    other_member.save()
    part = article(read(client, thread), reply)
    assert "Omar Haddad-Khalil" in part
    assert 'data-testid="expert-badge"' in part
    other_member.status = MembershipStatus.CLOSED
    other_member.save()
    assert "former member" in article(read(client, thread), reply)


def test_the_read_marker_is_written_only_when_it_moves(client, thread, reply, reader):
    marker = ThreadRead.objects.get(member=reader, thread=thread)
    with CaptureQueriesContext(connection) as queries:
        read(client, thread)
    assert not any("discussions_threadread" in q["sql"] for q in queries.captured_queries[3:])
    assert ThreadRead.objects.get(pk=marker.pk).read_at == marker.read_at
    services.post_reply(author=UserFactory(), parent=reply, body="A new answer.")
    html = read(client, thread)
    assert 'data-testid="new-post"' in html  # new since the marker, which now moves
    assert ThreadRead.objects.get(pk=marker.pk).read_at > marker.read_at
    assert 'data-testid="new-post"' not in read(client, thread)
