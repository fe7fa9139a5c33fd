"""Query budgets: pages read a bounded slice in a fixed number of queries, whatever the size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cop.devtools.discussions import build_thread
from discussions.models import Post, Thread
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The budget for the thread page, whatever the thread's size and the cache's state.
THREAD_PAGE_QUERIES = 10
# A reader's first visit with nothing cached: session, user, thread (+ topic, opening post and
# its author, the viewer's follow, read marker and mark as annotations), top-level count,
# top-level ids, branch posts (windowed, with authors), their attachments (and the opening
# post's), the viewer's "helpful" marks, the read marker's upsert, the layout's focal-point
# lookup.
FIRST_VISIT_QUERIES = 10
# Again, nothing new: the count, ids and branches come from the cache, no marker write:
# session, user, thread, the authors (read fresh), the viewer's marks, the focal-point lookup.
CACHED_VISIT_QUERIES = 6
# Session, user, focal-point lookup, topic, topic follow, thread count, thread page.
TOPIC_PAGE_QUERIES = 7
# Session, user, focal-point lookup, topics with counts, thread count, thread page.
INDEX_QUERIES = 6


def count_queries(client, url) -> int:
    client.get(url)  # warm caches (ContentType, translations) outside the measure
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def authors(country):
    return [UserFactory(country=country, is_expert=n == 0) for n in range(4)]


def test_thread_page_reads_10_or_1000_posts_nested_10_deep_in_the_same_queries(
    client, member, topic, authors, django_assert_num_queries, django_assert_max_num_queries
):
    small = build_thread(topic=topic, authors=authors, replies=10, max_depth=10, seed=3)
    large = build_thread(topic=topic, authors=authors, replies=1000, max_depth=10, seed=4)
    assert Post.objects.filter(thread=large).count() == 1001
    assert max(Post.objects.filter(thread=large).values_list("depth", flat=True)) == 10
    assert max(Post.objects.filter(thread=small).values_list("depth", flat=True)) >= 5
    client.force_login(member)
    client.get("/en/discussions/")  # the session's first request notes the member's activity
    with django_assert_num_queries(FIRST_VISIT_QUERIES):
        client.get(small.get_absolute_url())
    with django_assert_num_queries(FIRST_VISIT_QUERIES):
        response = client.get(large.get_absolute_url())
    assert len(response.content) < 150_000  # a bounded slice, not the whole thread
    small_count = count_queries(client, small.get_absolute_url())
    large_count = count_queries(client, large.get_absolute_url())
    assert small_count == large_count == CACHED_VISIT_QUERIES
    # Later pages and an opened subtree are bounded too.
    branch = Post.objects.filter(thread=large, depth=1).order_by("-id").first()
    with django_assert_max_num_queries(THREAD_PAGE_QUERIES):
        client.get(f"{large.get_absolute_url()}?branch={branch.pk}")
    with django_assert_max_num_queries(THREAD_PAGE_QUERIES):
        client.get(f"{large.get_absolute_url()}?page=2")


def test_topic_and_index_lists_read_10_or_10000_threads_in_the_same_queries(
    client, member, topic, django_assert_num_queries
):
    def fill(count):
        now = timezone.now()
        Thread.objects.bulk_create(
            [
                Thread(
                    topic=topic,
                    author=member,
                    title=f"Thread {n}",
                    kind="discussion",
                    last_activity_at=now,
                )
                for n in range(count)
            ],
            batch_size=2000,
        )

    client.force_login(member)
    fill(10)
    url = f"/en/discussions/topics/{topic.slug}/"
    small_topic, small_index = count_queries(client, url), count_queries(client, "/en/discussions/")
    fill(9990)
    assert Thread.objects.count() == 10_000
    assert count_queries(client, url) == small_topic
    assert count_queries(client, "/en/discussions/") == small_index
    with django_assert_num_queries(TOPIC_PAGE_QUERIES):
        client.get(url)
    with django_assert_num_queries(INDEX_QUERIES):
        client.get("/en/discussions/?page=3")


def test_posts_in_default_order_never_join_and_sort_by_threads():
    # Meta.ordering on the relation would sort every unordered post query (admin lists,
    # related managers) by the thread's own ordering, through a join.
    sql = str(Post.objects.all().query)
    assert "discussions_thread" not in sql
    assert sql.endswith(
        'ORDER BY "discussions_post"."thread_id" ASC, "discussions_post"."path" ASC'
    )


def test_every_permalink_opens_a_page_that_shows_its_post(client, member, topic, authors):
    from discussions import selectors

    thread = build_thread(topic=topic, authors=authors, replies=150, max_depth=10, seed=7)
    client.force_login(member)
    pages: dict[str, str] = {}
    for post in Post.objects.filter(thread=thread).select_related("thread"):
        location = selectors.post_location(post)
        url = location.split("#")[0]
        if url not in pages:
            pages[url] = client.get(url).content.decode()
        assert f'id="post-{post.pk}"' in pages[url], location
    assert len(pages) > 2  # the thread spans several pages and opened branches


def test_show_more_counts_exactly_the_replies_left_out_of_each_branch(member, topic, authors):
    from collections import Counter

    from discussions import selectors

    thread = build_thread(topic=topic, authors=authors, replies=200, max_depth=10, seed=11)
    thread = selectors.thread_for(member, thread.pk)
    part = selectors.thread_slice(member, thread, page_number=1, language="en")
    shown = Counter(post.branch_id for post in part.posts)
    left_out = {
        post.branch_id: post.more_count for post in part.posts if hasattr(post, "more_count")
    }
    assert left_out  # some branches are long enough to collapse
    for branch_id, count in shown.items():
        size = Post.objects.filter(branch_id=branch_id).count()
        assert count + left_out.get(branch_id, 0) == size


def test_search_and_feed_read_a_page_in_the_same_queries_however_many_match(
    client, member, topic, public_topic
):
    from discussions import services

    def write(count, where):
        for n in range(count):
            thread = services.thread_create(
                author=member, topic=where, kind="discussion", title=f"Registry {n}", body="Data"
            )
            services.post_reply(author=member, parent=thread.opening_post, body="Registry data")

    write(1, public_topic)
    client.force_login(member)
    search = "/en/search/?q=registry"
    feed = f"/en/discussions/topics/{public_topic.slug}/feed/"
    small_search, small_feed = count_queries(client, search), count_queries(client, feed)
    write(15, public_topic)
    assert count_queries(client, search) == small_search
    assert count_queries(client, feed) == small_feed


def test_unread_marks_helpful_marks_and_mentions_keep_the_thread_page_query_count(
    client, member, topic, authors, django_assert_num_queries
):
    from datetime import timedelta

    from discussions import services
    from discussions.models import ThreadRead

    large = build_thread(topic=topic, authors=authors, replies=1000, max_depth=10, seed=5)
    client.force_login(member)
    client.get(large.get_absolute_url())  # first visit: the marker row exists from now on
    ThreadRead.objects.filter(member=member).update(read_at=timezone.now() - timedelta(minutes=5))
    shown = Post.objects.filter(thread=large, depth=1).order_by("path")[:20]
    for post in shown:
        services.post_set_helpful(member=member, post=post, helpful=True)
        services.post_reply(
            author=authors[1],
            parent=post,
            body=f"New, for @{member.name_latin} and @{authors[2].name_latin}",
        )
    with django_assert_num_queries(THREAD_PAGE_QUERIES):
        response = client.get(large.get_absolute_url())
    html = response.content.decode()
    assert html.count('aria-pressed="true" data-testid="helpful"') == 20
    assert html.count('data-testid="new-post"') >= 20
    assert 'data-testid="first-unread"' in html
