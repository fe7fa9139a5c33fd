"""What discussions add to a member's digest: new posts in the topics and threads they follow.

Read at send time, never written per reader: a post is in a member's digest
when it was created inside the member's window and it is in a thread they
follow, or in a thread started inside the window in a topic they follow.
Only members who chose to hear about new posts in the digest
(`notification_mode = digest`) get this section.

Five queries per batch, whatever its size: the batch's topic follows, its
thread follows, the new posts' skeletons, then the posts shown (with their
threads, topics and authors) and nothing else.
"""

import bisect
from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cop.digest import DigestBatch, Fragment, Section
from members.models import NotificationMode

from .models import Post, ThreadFollow, TopicFollow
from .text import plain_text

# Per digest: the threads shown (most active first), and the posts shown per thread.
THREADS_PER_DIGEST = 10
POSTS_PER_THREAD = 3
EXCERPT_LENGTH = 240


def digest_sections(batch: DigestBatch) -> dict[int, list[Section]]:
    readers = {m.pk: m for m in batch.members if m.notification_mode == NotificationMode.DIGEST}
    if not readers:
        return {}
    topics, threads = defaultdict(set), defaultdict(set)
    for member_id, topic_id in TopicFollow.objects.filter(member_id__in=readers).values_list(
        "member_id", "topic_id"
    ):
        topics[member_id].add(topic_id)
    for member_id, thread_id in ThreadFollow.objects.filter(member_id__in=readers).values_list(
        "member_id", "thread_id"
    ):
        threads[member_id].add(thread_id)
    if not topics and not threads:
        return {}
    all_topics = set().union(*topics.values())
    all_threads = set().union(*threads.values())
    since = min(batch.since[pk] for pk in readers)
    # Skeletons only (no text): a busy day's posts times a batch stays small.
    skeletons = list(
        Post.objects.filter(
            Q(thread_id__in=all_threads)
            | Q(thread__topic_id__in=all_topics, thread__created_at__gt=since),
            created_at__gt=since,
            created_at__lte=batch.until,
            is_hidden=False,
            thread__is_hidden=False,
        )
        .order_by("created_at", "pk")
        .values_list(
            "pk", "thread_id", "thread__topic_id", "thread__created_at", "author_id", "created_at"
        )
    )
    if not skeletons:
        return {}
    # Indexed once per batch, so each member costs what they follow, not the day's posts.
    by_thread: dict[int, list[tuple]] = defaultdict(list)  # thread -> (created, pk, author)
    new_threads: dict[int, list[tuple]] = defaultdict(list)  # topic -> (thread created, thread)
    for pk, thread_id, topic_id, thread_created, author_id, created in skeletons:
        if not by_thread[thread_id]:
            new_threads[topic_id].append((thread_created, thread_id))
        by_thread[thread_id].append((created, pk, author_id))
    chosen: dict[int, tuple[list, int]] = {}
    shown_ids = set()
    for member_id in readers:
        start = batch.since[member_id]
        candidates = {t for t in threads[member_id] if t in by_thread}
        for topic_id in topics[member_id]:
            candidates.update(t for created, t in new_threads.get(topic_id, ()) if created > start)
        found = []
        for thread_id in candidates:
            posts = by_thread[thread_id]
            # Posts are in time order: skip to the member's window.
            first = bisect.bisect_right(posts, (start, float("inf")))
            mine = [pk for created, pk, author in posts[first:] if author != member_id]
            if mine:
                found.append((mine[-1], thread_id, mine))
        if not found:
            continue
        found.sort(reverse=True)  # the most recently active threads first
        picks = []
        for _latest, thread_id, mine in found[:THREADS_PER_DIGEST]:
            shown = mine[:POSTS_PER_THREAD]
            shown_ids.update(shown)
            picks.append((thread_id, shown, len(mine) - len(shown)))
        chosen[member_id] = (picks, max(0, len(found) - THREADS_PER_DIGEST))
    if not chosen:
        return {}
    posts = {
        post.pk: post
        for post in Post.objects.filter(pk__in=shown_ids).select_related("thread__topic", "author")
    }
    sections = {}
    for member_id, (picks, more_threads) in chosen.items():
        items = [
            _thread_fragment(batch, [posts[pk] for pk in shown], more)
            for _thread_id, shown, more in picks
        ]
        sections[member_id] = [
            Section(
                key="discussions",
                title=_("New in what you follow"),
                items=items,
                more=more_threads,
                more_url="discussions:index",
            )
        ]
    return sections


def _thread_fragment(batch: DigestBatch, posts: list[Post], more: int) -> Fragment:
    """The block of one thread; the same block in many digests is one object, rendered once."""
    thread = posts[0].thread
    # Any edit, translation or moderation changes an `updated_at`, so a new version is rendered.
    key = (
        "thread",
        thread.pk,
        thread.updated_at,
        tuple((post.pk, post.updated_at) for post in posts),
        more,
    )
    made = batch.cache.get(key)
    if made is not None:
        return made
    made = batch.cache[key] = Fragment(
        "discussions/digest/_thread",
        {
            "thread": thread,
            "entries": [_Entry(post) for post in posts],
            "more": more,
            "site_url": settings.SITE_URL,
        },
        key=key,
        cache=batch.cache,
        zoned=False,  # no time of day: one rendering per language serves every zone
    )
    return made


class _Entry:
    """A post as a digest shows it, in the language active when it is rendered.

    The reader's language picks the translation when there is one.
    """

    def __init__(self, post: Post):
        self.post = post

    @staticmethod
    def _choose(reader, original_language, original, translated) -> tuple[str, str]:
        if reader != original_language and translated:
            return translated, reader
        return original, original_language

    def _body(self) -> tuple[str, str]:
        post = self.post
        return self._choose(_reader(), post.language, post.body_html, post.translation_html)

    def _title(self) -> tuple[str, str]:
        thread = self.post.thread
        return self._choose(_reader(), thread.language, thread.title, thread.title_translation)

    @property
    def excerpt(self) -> str:
        text = plain_text(self._body()[0])
        return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1].rstrip() + "…"

    @property
    def excerpt_language(self) -> str:
        return self._body()[1]

    @property
    def title(self) -> str:
        return self._title()[0]

    @property
    def title_language(self) -> str:
        return self._title()[1]


def _reader() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]
