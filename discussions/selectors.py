"""Reads, scoped to the viewer. Every page reads a bounded amount in a fixed number of queries."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.paginator import Page
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import RowNumber
from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode

from cop.languages import direction, other_language
from cop.pagination import paginate
from cop.plugins import collect

from . import permissions
from .models import (
    MODERATED_FIELDS,
    Attachment,
    ModerationAction,
    ModerationEvent,
    Post,
    Reaction,
    Thread,
    ThreadFollow,
    ThreadKind,
    ThreadRead,
    Topic,
    TopicFollow,
)

THREADS_PER_PAGE = 25
BRANCHES_PER_PAGE = 20  # top-level replies, each with the start of its subtree
BRANCH_PREVIEW = 5  # posts of one subtree shown on the thread page
PREVIEW_DEPTH = 6  # deeper posts are behind "show more replies"
BRANCH_PAGE_SIZE = 100  # posts per page when a subtree is opened on its own
MAX_INDENT = 4  # indentation stops here; deeper replies say whom they answer
# A thread page's replies stay in the cache this long unless the thread's
# `posts_version` moves first (a popular thread is read far more than written).
SLICE_CACHE_SECONDS = 60 * 60


# --- Bilingual display ------------------------------------------------------------


def localise_thread(thread: Thread, language: str) -> Thread:
    """Set `shown_title` (+ language, direction, is-translation) for a reader of `language`."""
    translated = thread.language != language and bool(thread.title_translation)
    thread.shown_title = thread.title_translation if translated else thread.title
    thread.shown_title_language = language if translated else thread.language
    thread.shown_title_dir = direction(thread.shown_title_language)
    thread.title_is_translated = translated
    thread.title_dir = direction(thread.language)
    return thread


def localise_post(post: Post, language: str) -> Post:
    """Set `shown_html` (+ language, direction, is-translation) for a reader of `language`."""
    translated = post.language != language and bool(post.translation_html)
    post.shown_html = post.translation_html if translated else post.body_html
    post.shown_language = language if translated else post.language
    post.shown_dir = direction(post.shown_language)
    post.is_translated = translated
    post.original_dir = direction(post.language)
    return post


# --- Topics and thread lists -----------------------------------------------------------


def visible_topics(viewer) -> QuerySet:
    return Topic.objects.filter(permissions.readable_topics(viewer))


def topics_for(viewer) -> QuerySet:
    """Topics the viewer can read, with their visible thread counts and follow state."""
    readable = permissions.readable_threads(viewer, "threads__", with_topic=False)
    topics = visible_topics(viewer).annotate(
        thread_count=Count("threads", filter=readable & Q(threads__isnull=False))
    )
    if viewer.is_authenticated:
        topics = topics.annotate(
            is_followed=Exists(TopicFollow.objects.filter(topic=OuterRef("pk"), member=viewer))
        )
    return topics


def topic_for(viewer, slug: str) -> Topic:
    topic = Topic.objects.filter(slug=slug).first()
    if topic is None:
        raise Http404
    permissions.check_can_read_topic(viewer, topic)
    topic.is_followed = viewer.is_authenticated and (
        TopicFollow.objects.filter(topic=topic, member=viewer).exists()
    )
    return topic


SHOW_FILTERS = {
    "unanswered": Q(kind=ThreadKind.QUESTION, reply_count=0),
    "unsolved": Q(kind=ThreadKind.QUESTION, accepted_answer__isnull=True),
    "questions": Q(kind=ThreadKind.QUESTION),
    "practices": Q(kind=ThreadKind.GOOD_PRACTICE),
}


def threads_for(viewer, *, topic: Topic | None = None, show: str = "") -> QuerySet:
    """Threads the viewer can read, latest activity first (pinned first within a topic)."""
    threads = Thread.objects.select_related("author", "topic").filter(
        permissions.readable_threads(viewer)
    )
    if topic is not None:
        threads = threads.filter(topic=topic).order_by("-is_pinned", "-last_activity_at", "-id")
    else:
        threads = threads.order_by("-last_activity_at", "-id")
    if show in SHOW_FILTERS:
        threads = threads.filter(SHOW_FILTERS[show])
    return with_read_marker(threads, viewer)


def with_read_marker(threads: QuerySet, viewer) -> QuerySet:
    """Annotate `viewer_read_at`: when the viewer last opened each thread (None: never)."""
    if not viewer.is_authenticated:
        return threads
    return threads.annotate(
        viewer_read_at=Subquery(
            ThreadRead.objects.filter(thread=OuterRef("pk"), member=viewer).values("read_at")[:1]
        )
    )


def mark_unread(thread: Thread, viewer) -> Thread:
    """`is_new` (never opened) and `has_unread` (active since the viewer's last visit)."""
    read_at = getattr(thread, "viewer_read_at", None)
    signed_in = viewer.is_authenticated
    thread.is_new = signed_in and read_at is None and thread.author_id != viewer.pk
    thread.has_unread = signed_in and read_at is not None and thread.last_activity_at > read_at
    return thread


def read_marker_moves(viewer, thread: Thread, shown: list[Post]) -> bool:
    """Whether this visit should move the viewer's read marker (after `mark_unread`).

    Not when the marker already covers everything: nothing is new in the
    thread since it (`last_activity_at` is its newest visible post) and none of
    the posts shown is marked new (a facilitator also sees hidden ones). Moving
    it then would change nothing a member sees, and re-reading an unchanged
    thread costs no write.
    """
    if not viewer.is_authenticated:
        return False
    if getattr(thread, "viewer_read_at", None) is None:
        return True
    return thread.has_unread or any(post.is_unread for post in shown)


def localised_page(page: Page, language: str, viewer=None) -> Page:
    for thread in page.object_list:
        localise_thread(thread, language)
        if viewer is not None:
            mark_unread(thread, viewer)
    return page


# --- One thread ----------------------------------------------------------------------------


def thread_for(viewer, pk) -> Thread:
    """The thread with, for a signed-in viewer, their follow, read marker and "helpful" mark.

    One query: the viewer's state rides on the thread's row as annotations.
    (The opening post's attachments come with the page's replies:
    `thread_slice`, `branch_slice`.) Only the columns the page shows
    are read from the joined rows (no search columns, no Markdown source, no
    member's password hash or settings); the thread's own author is not joined
    (the opening post's author is the one shown).
    """
    from_apps = collect("threads", "thread_related")  # e.g. the expert a question is for
    threads = Thread.objects.select_related("topic", "opening_post__author", *from_apps).defer(
        *(f"opening_post__{name}" for name in POST_UNSHOWN),
        *_member_deferred("opening_post__author"),
        *(
            deferred
            for relation in from_apps
            if _joins_member(relation)
            for deferred in _member_deferred(relation)
        ),
    )
    if viewer.is_authenticated:
        threads = with_read_marker(threads, viewer).annotate(
            viewer_follows=Exists(
                ThreadFollow.objects.filter(thread=OuterRef("pk"), member=viewer)
            ),
            viewer_found_opening_helpful=Exists(
                Reaction.objects.filter(post=OuterRef("opening_post_id"), member=viewer)
            ),
        )
    try:
        thread = threads.get(pk=pk)  # no ORDER BY, unlike first()
    except Thread.DoesNotExist:
        raise Http404 from None
    if thread.opening_post is None:
        raise Http404
    permissions.check_can_read_thread(viewer, thread)
    thread.is_followed = getattr(thread, "viewer_follows", False)
    thread.opening_post.found_helpful = getattr(thread, "viewer_found_opening_helpful", False)
    return thread


def post_for(viewer, pk) -> Post:
    post = Post.objects.select_related("thread__topic", "author").filter(pk=pk).first()
    if post is None:
        raise Http404
    permissions.check_can_read_post(viewer, post)
    return post


def attachment_for(viewer, pk) -> Attachment:
    """An attachment on a post the viewer may read (404 otherwise)."""
    attachment = Attachment.objects.select_related("post__thread__topic").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    post_for(viewer, attachment.post_id)  # readable thread, visible post
    return attachment


def attach_moderation_record(thread: Thread, posts: list[Post]) -> None:
    """For facilitators: who put the thread and the hidden posts shown in their state, and why.

    Sets `thread.moderation_notes` (the events behind "pinned", "locked",
    "hidden" as they stand) and `post.hidden_event` on hidden posts. One query.
    """
    hidden_ids = [post.pk for post in posts if post.is_hidden]
    events = ModerationEvent.objects.filter(
        Q(thread=thread, post__isnull=True) | Q(post_id__in=hidden_ids)
    ).select_related("actor")
    latest_by_field: dict[str, ModerationEvent] = {}
    latest_hide: dict[int, ModerationEvent] = {}
    for event in events.order_by("-created_at", "-pk"):
        if event.post_id is None:
            latest_by_field.setdefault(MODERATED_FIELDS[event.action][0], event)
        elif event.action == ModerationAction.HIDE:
            latest_hide.setdefault(event.post_id, event)
    thread.moderation_notes = [
        event
        for field, event in latest_by_field.items()
        if getattr(thread, field) and MODERATED_FIELDS[event.action][1]
    ]
    for post in posts:
        post.hidden_event = latest_hide.get(post.pk)


def revisions_for(post: Post) -> list:
    revisions = list(post.revisions.select_related("editor"))
    for revision in revisions:
        revision.dir = direction(revision.language)
        revision.translation_language = other_language(revision.language)
        revision.translation_dir = direction(revision.translation_language)
    return revisions


@dataclass
class Slice:
    """What the thread page shows: the opening post, then posts in reading order."""

    thread: Thread
    opening: Post
    posts: list[Post]
    page: Page | None = None
    branch: Post | None = None


# The member columns a post on the thread page shows (`display_name`, the expert badge);
# the rest of the member's row (password hash, settings...) is not read per post.
AUTHOR_COLUMNS = ("id", "status", "name_arabic", "name_latin", "is_expert")
# Post columns the thread page never shows: the Markdown source (the page shows the
# sanitised HTML) and the search columns (a tsvector and its text, as long as the post).
POST_UNSHOWN = ("body", "search_document", "search_vector")


def _member_deferred(relation: str) -> list[str]:
    """`relation`'s member columns that are not in `AUTHOR_COLUMNS`, for `defer()`."""
    return [
        f"{relation}__{field.attname}"
        for field in get_user_model()._meta.concrete_fields
        if field.attname not in AUTHOR_COLUMNS
    ]


def _joins_member(relation: str) -> bool:
    """Whether the select_related path `relation` ends on a member (e.g. an expert)."""
    model = Thread
    for name in relation.split("__"):
        model = model._meta.get_field(name).related_model
    return model is get_user_model()


def _posts(thread, viewer=None) -> QuerySet:
    posts = (
        Post.objects.filter(thread=thread)
        .select_related("author")
        .defer(*POST_UNSHOWN, *_member_deferred("author"))
        .order_by("path")
    )
    if viewer is not None and viewer.is_authenticated:
        posts = posts.annotate(
            found_helpful=Exists(Reaction.objects.filter(post=OuterRef("pk"), member=viewer))
        )
    return posts


# Attachments land in a plain list: no QuerySet per post while the page renders.
FILES = Prefetch("attachments", queryset=Attachment.objects.order_by("id"), to_attr="files")
# The links every post carries, reversed once per page rather than once per post.
POST_LINKS = ("post", "post_reply", "post_edit", "post_translate", "post_flag", "post_accept", "post_hide", "post_history", "post_helpful")  # fmt: skip
PLACEHOLDER = 987654321


def post_links() -> dict[str, str]:
    """URL patterns for `POST_LINKS`, with `{}` where the post id goes."""
    return {
        name: reverse(f"discussions:{name}", args=[PLACEHOLDER]).replace(str(PLACEHOLDER), "{}")
        for name in POST_LINKS
    }


def _link(post: Post, patterns: dict[str, str]) -> None:
    post.links = {name: pattern.format(post.pk) for name, pattern in patterns.items()}


def _decorate(
    viewer, posts: list[Post], thread: Thread, language: str, base_depth: int = 1
) -> None:
    """Links, language, indentation and the viewer's allowed actions (`post.can`) per post."""
    by_id = {post.pk: post for post in posts}
    patterns = post_links()
    # Posts written since the viewer's previous visit (none on a first visit, none of theirs).
    read_at = getattr(thread, "viewer_read_at", None)
    everything = (thread.opening_post, *posts)
    for post in everything:
        # Already loaded: the rules read it without a query per post. Straight into the
        # relation cache (what `post.thread = thread` does, without the descriptor's checks).
        post._state.fields_cache["thread"] = thread
    permissions.post_actions_for(viewer, thread, everything)
    for post in everything:
        post.is_unread = (
            read_at is not None and post.created_at > read_at and post.author_id != viewer.pk
        )
    _link(thread.opening_post, patterns)
    for post in posts:
        _link(post, patterns)
        localise_post(post, language)
        level = post.depth - base_depth
        post.indent = max(0, min(level, MAX_INDENT))
        parent = by_id.get(post.parent_id)
        post.parent_post = parent
        if post.depth > 1:
            # "In reply to": the parent on this page, or its permalink when it is elsewhere.
            post.parent_link = (
                f"#post-{post.parent_id}" if parent else patterns["post"].format(post.parent_id)
            )
        post.is_accepted = post.pk == thread.accepted_answer_id


def thread_slice(viewer, thread: Thread, *, page_number, language: str) -> Slice:
    """A page of top-level replies, each with the first posts of its subtree.

    What a page shows of the thread is kept in the cache under the thread's
    `posts_version`, which every change to what a reply shows moves (services):
    the number of top-level replies, and for each page the ids of its
    top-level replies and the posts of their branches (ranked with a window
    function so each branch is cut at `BRANCH_PREVIEW` in the database) with
    their attachments. What may change without the version moving is read on
    every page: the authors (names, status, expert badge) and the viewer's own
    "helpful" marks, one query each.
    """
    prefix = slice_prefix(thread)
    top_level = Post.objects.filter(thread=thread, depth=1).order_by("path")
    count = cache.get(f"{prefix}:count")
    if count is None:
        count = top_level.count()
        cache.set(f"{prefix}:count", count, SLICE_CACHE_SECONDS)
    page = paginate(
        top_level.values_list("pk", flat=True), page_number, BRANCHES_PER_PAGE, count=count
    )
    key = f"{prefix}:page:{page.number}"
    cached = cache.get(key)
    if cached is None:
        branch_ids = list(page.object_list)
        posts, opening_files = _branch_previews(thread, branch_ids)
        _cache_without_authors(key, (branch_ids, posts, opening_files))
    else:
        branch_ids, posts, opening_files = cached
        _with_authors(posts)
    page.object_list = branch_ids
    thread.opening_post.files = opening_files
    for post in posts:
        if getattr(post, "more_count", 0):
            # In the reader's language (the cached posts serve both).
            post.more_url = branch_url(thread, post.branch_id)
    _with_viewer_marks(viewer, posts)
    opening = localise_post(thread.opening_post, language)
    _decorate(viewer, posts, thread, language)
    return Slice(thread=thread, opening=opening, posts=posts, page=page)


def slice_prefix(thread: Thread) -> str:
    # The thread's creation time tells a thread from one that had its id in an
    # earlier database (a development database made again with the cache kept).
    created = int(thread.created_at.timestamp() * 1_000_000)
    return f"discussions:thread:{thread.pk}:{created}:{thread.posts_version}"


def _branch_previews(thread: Thread, branch_ids: list[int]) -> tuple[list[Post], list]:
    """The first posts of each branch, with their attachments and the opening post's.

    Two queries; the authors come with the posts. Nothing about the viewer.
    """
    ranked = (
        Post.objects.filter(thread=thread, branch_id__in=branch_ids)
        .select_related("author")
        .defer(*POST_UNSHOWN, *_member_deferred("author"))
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("branch_id")], order_by=F("path").asc()),
            branch_size=Window(Count("pk"), partition_by=[F("branch_id")]),
        )
        .filter(rank__lte=BRANCH_PREVIEW)
        .order_by("path")
    )
    # The depth cut happens here, not in SQL: a WHERE on depth would also shrink
    # the window that counts each branch. At most BRANCH_PREVIEW rows per branch.
    posts = [post for post in ranked if post.depth <= PREVIEW_DEPTH]
    shown: dict[int, int] = {}
    last_of_branch: dict[int, Post] = {}
    for post in posts:
        shown[post.branch_id] = shown.get(post.branch_id, 0) + 1
        last_of_branch[post.branch_id] = post
    for branch_id, last in last_of_branch.items():
        hidden = last.branch_size - shown[branch_id]
        if hidden:
            last.more_count = hidden
    files = _files_by_post([thread.opening_post_id, *(post.pk for post in posts)])
    for post in posts:
        post.files = files.get(post.pk, [])
    return posts, files.get(thread.opening_post_id, [])


def _files_by_post(post_ids: list[int]) -> dict[int, list[Attachment]]:
    files: dict[int, list[Attachment]] = {}
    for attachment in Attachment.objects.filter(post_id__in=post_ids).order_by("id"):
        files.setdefault(attachment.post_id, []).append(attachment)
    return files


def _cache_without_authors(key: str, entry: tuple) -> None:
    """Keep a page's entry (`entry[1]` its posts) without the authors, read fresh every time."""
    posts = entry[1]
    authors = [post._state.fields_cache.pop("author") for post in posts]
    try:
        cache.set(key, entry, SLICE_CACHE_SECONDS)
    finally:
        for post, author in zip(posts, authors, strict=True):
            post._state.fields_cache["author"] = author


def _with_authors(posts: list[Post]) -> None:
    """Each post's author as they are now (only the columns a post shows). One query."""
    authors = (
        get_user_model().objects.only(*AUTHOR_COLUMNS).in_bulk({post.author_id for post in posts})
    )
    for post in posts:
        post._state.fields_cache["author"] = authors[post.author_id]


def _with_viewer_marks(viewer, posts: list[Post]) -> None:
    """`found_helpful`: the posts the viewer marked helpful. One query for a member."""
    marked = set()
    if viewer.is_authenticated and posts:
        marked = set(
            # The viewer's marks in the whole thread (a handful): no IN list of the page.
            Reaction.objects.filter(member=viewer, post__thread_id=posts[0].thread_id).values_list(
                "post_id", flat=True
            )
        )
    for post in posts:
        post.found_helpful = post.pk in marked


def first_unread_post(viewer, thread: Thread, since) -> Post | None:
    """The earliest post of `thread` the viewer can read written after `since` (not theirs)."""
    return (
        Post.objects.filter(permissions.readable_posts(viewer), thread=thread, created_at__gt=since)
        .exclude(author=viewer)
        .select_related("thread")
        .order_by("created_at", "pk")
        .first()
    )


def branch_url(thread, branch_id, page: int = 1) -> str:
    query = {"branch": branch_id}
    if page > 1:
        query["page"] = page
    return f"{thread.get_absolute_url()}?{urlencode(query)}"


def branch_slice(viewer, thread: Thread, *, branch_id, page_number, language: str) -> Slice:
    """A whole subtree (one top-level reply and everything under it), a page at a time."""
    try:
        branch_id = int(branch_id)
    except (TypeError, ValueError):
        raise Http404 from None
    branch = _posts(thread).filter(pk=branch_id, depth=1).first()
    if branch is None:
        raise Http404
    page = paginate(
        _posts(thread, viewer).filter(branch_id=branch_id).prefetch_related(FILES),
        page_number,
        BRANCH_PAGE_SIZE,
    )
    posts = list(page.object_list)
    prefetch_related_objects([thread.opening_post], FILES)
    _decorate(viewer, posts, thread, language)
    opening = localise_post(thread.opening_post, language)
    return Slice(thread=thread, opening=opening, posts=posts, page=page, branch=branch)


def post_location(post: Post) -> str:
    """The URL of the page that shows `post`, with its anchor."""
    thread = post.thread
    anchor = f"#post-{post.pk}"
    if post.is_opening:
        return thread.get_absolute_url() + anchor
    branch = Post.objects.filter(pk=post.branch_id).only("path").get()
    before = Post.objects.filter(thread=thread, depth=1, path__lt=branch.path).count()
    rank = Post.objects.filter(branch_id=post.branch_id, path__lte=post.path).count()
    if rank <= BRANCH_PREVIEW and post.depth <= PREVIEW_DEPTH:
        page = before // BRANCHES_PER_PAGE + 1
        query = f"?{urlencode({'page': page})}" if page > 1 else ""
        return thread.get_absolute_url() + query + anchor
    return branch_url(thread, post.branch_id, (rank - 1) // BRANCH_PAGE_SIZE + 1) + anchor


# --- Home ---------------------------------------------------------------------------------------


def followed_activity(viewer, *, limit: int = 5) -> list[Thread]:
    """Recently active threads the viewer follows, directly or through a topic."""
    followed = Q(follows__member=viewer) | Q(topic__follows__member=viewer)
    threads = (
        threads_for(viewer)
        .filter(pk__in=Thread.objects.filter(followed).values("pk"))
        .order_by("-last_activity_at", "-id")[:limit]
    )
    return list(threads)
