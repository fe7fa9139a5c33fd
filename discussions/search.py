"""Discussions in the site search (`cop.search.providers`): threads, each once, with
their best-matching posts under it.

A post matches when every group of the query is in its text (titles, body,
translation; stemmed by `cop.search.text`) or in its author's name.
"""

import re
from dataclasses import dataclass, field

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Count, F, Max, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from cop.languages import direction
from cop.pagination import paginate
from cop.search import db
from cop.search.providers import SearchProvider
from cop.search.query import Query
from cop.search.text import highlight, normalise, plain_text
from cop.text import SingleLineField

from . import permissions
from .models import Post, Thread, ThreadKind
from .selectors import localise_post, localise_thread, visible_topics

THREADS_PER_PAGE = 15
POSTS_PER_THREAD = 3
# Names that match a query word: enough for any real search, bounded for a one-letter one.
MAX_AUTHORS = 200

# How each folded letter may be written in a stored name, and what may sit between letters.
NAME_LETTERS = {"ا": "[اأإآٱ]", "ه": "[هة]", "ي": "[يى]"}
NAME_MARKS = "[\u0610-\u061a\u064b-\u065f\u0670\u0640]*"


def name_pattern(word: str) -> str:
    """A regular expression finding folded `word` at the start of a word of a stored name,
    whatever its hamza forms, diacritics or tatweel (PostgreSQL and Python read it alike)."""
    letters = [NAME_LETTERS.get(letter, re.escape(letter)) for letter in word]
    return r"(^|\s)" + NAME_MARKS.join(letters)


def _name_q(word: str, prefix: str = "") -> Q:
    pattern = name_pattern(word)
    return Q(**{f"{prefix}name_arabic__iregex": pattern}) | Q(
        **{f"{prefix}name_latin__iregex": pattern}
    )


def searchable_posts(viewer) -> QuerySet:
    # Search lists no hidden thread or post, even to the facilitators who may open them.
    return Post.objects.filter(permissions.readable_posts(viewer)).filter(
        is_hidden=False, thread__is_hidden=False
    )


def authors_by_group(query: Query) -> list[set[int]]:
    """For each group of `query`, the members whose name holds its words (one query)."""
    words_of = [group.typed.split() if not group.also else [] for group in query.groups]
    wanted = Q()
    for words in words_of:
        for word in words:
            wanted |= _name_q(word)
    if not wanted:
        return [set() for _ in words_of]
    people = list(
        get_user_model()
        .objects.filter(wanted)
        .exclude(status="closed")
        .values_list("pk", "name_arabic", "name_latin")[:MAX_AUTHORS]
    )
    found = []
    for words in words_of:
        patterns = [re.compile(name_pattern(word), re.IGNORECASE) for word in words]
        found.append(
            {
                pk
                for pk, arabic, latin in people
                if words
                and all(pattern.search(arabic) or pattern.search(latin) for pattern in patterns)
            }
        )
    return found


def matching_posts(viewer, query: Query, *, filters: dict, authors=None) -> QuerySet:
    """The posts `viewer` may read that match `query` and `filters`, each with a `rank`.

    `authors` is `authors_by_group(query)` when the caller has it already."""
    posts = searchable_posts(viewer)
    if filters.get("language"):
        posts = posts.filter(language=filters["language"])
    if filters.get("topic"):
        posts = posts.filter(thread__topic=filters["topic"])
    if filters.get("kind"):
        posts = posts.filter(thread__kind=filters["kind"])
    if filters.get("author"):
        people = get_user_model().objects.exclude(status="closed")
        for word in normalise(filters["author"]).split():
            people = people.filter(_name_q(word))
        posts = posts.filter(author__in=people)
    if authors is None:
        authors = authors_by_group(query)
    if not any(authors):
        # The common case: one condition the GIN index answers.
        condition = db.matches(query)
    else:
        condition = Q()
        for group, people in zip(query.groups, authors, strict=True):
            text = db.matches(group)
            condition &= text | Q(author_id__in=people) if people else text
    return posts.filter(condition).annotate(rank=db.rank(query))


@dataclass
class ThreadHit:
    thread: Thread
    matches: int
    posts: list[Post] = field(default_factory=list)


def _excerpt(post: Post, query: Query) -> None:
    text = plain_text(post.shown_html)
    if post.is_opening:
        text = f"{post.thread.shown_title} — {text}"
    post.excerpt = highlight(text, query.stems)
    if "<mark>" not in post.excerpt and post.is_translated:
        # The words matched the original, not the translation shown.
        post.excerpt = highlight(plain_text(post.body_html), query.stems)
        post.excerpt_language = post.language
    else:
        post.excerpt_language = post.shown_language
    post.excerpt_dir = direction(post.excerpt_language)


def thread_hits(viewer, query: Query, *, filters: dict, page_number, language: str):
    """A page of threads with matching posts, best match first, each thread once with its
    best `POSTS_PER_THREAD` posts. Four queries whatever the page holds (the author
    lookup, the count, the page of thread ids, the threads with their posts)."""
    authors = authors_by_group(query)
    named = set().union(*authors)
    hits = matching_posts(viewer, query, filters=filters, authors=authors)
    by_thread = (
        hits.values("thread_id")
        .annotate(score=Max("rank"), matches=Count("id"), latest=Max("id"))
        .order_by("-score", "-latest")
    )
    page = paginate(by_thread, page_number, THREADS_PER_PAGE)
    rows = list(page.object_list)
    best = (
        hits.filter(thread_id__in=[row["thread_id"] for row in rows])
        .annotate(
            position=Window(
                RowNumber(), partition_by=[F("thread_id")], order_by=[F("rank").desc(), F("id")]
            )
        )
        .filter(position__lte=POSTS_PER_THREAD)
        .select_related("thread__topic", "author")
        .order_by("thread_id", "position")
    )
    grouped: dict[int, list[Post]] = {}
    for post in best:
        grouped.setdefault(post.thread_id, []).append(post)
    results = []
    for row in rows:
        posts = grouped.get(row["thread_id"], [])
        if not posts:
            continue  # gone between the two queries
        thread = localise_thread(posts[0].thread, language)
        for post in posts:
            post.thread = thread
            localise_post(post, language)
            _excerpt(post, query)
            post.author_matched = post.author_id in named
        results.append(ThreadHit(thread=thread, matches=row["matches"], posts=posts))
    page.object_list = results
    return page


class DiscussionsSearch(SearchProvider):
    key = "discussions"
    label = _("Discussions")
    results_template = "discussions/_search_results.html"

    def filter_fields(self, viewer):
        return {
            "topic": forms.ModelChoiceField(
                label=_("Topic"), queryset=visible_topics(viewer), empty_label=_("Any topic")
            ),
            "kind": forms.ChoiceField(
                label=_("Kind of thread"), choices=[("", _("Any kind")), *ThreadKind.choices]
            ),
            "author": SingleLineField(label=_("Written by"), max_length=100),
        }

    def search(self, viewer, query, *, filters, page_number, language):
        return thread_hits(
            viewer, query, filters=filters, page_number=page_number, language=language
        )

    def count(self, viewer, query, *, filters):
        return matching_posts(viewer, query, filters=filters).values("thread_id").distinct().count()


provider = DiscussionsSearch()
