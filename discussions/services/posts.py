"""Writing threads and posts: start, reply, edit, translate, accept an answer."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cop.languages import Language
from cop.markdown import render_markdown
from cop.queue import enqueue
from cop.uploads import download_name, validate_upload
from members.permissions import check_can_participate

from .. import permissions
from ..mentions import render_with_mentions
from ..models import (
    MAX_DEPTH,
    PATH_SEGMENT,
    Attachment,
    Post,
    PostRevision,
    Thread,
    Topic,
)
from ..text import detect_language
from .counters import thread_posts_changed
from .following import follow_thread
from .notifications import notifications_record
from .search import post_search_reindex


def _segment(pk: int) -> str:
    return str(pk).zfill(PATH_SEGMENT)


def _language(language: str | None, *texts: str) -> str:
    if language in Language.values:
        return language
    return detect_language(" ".join(texts))


def _attach(*, post: Post, files) -> None:
    for upload in files or ():
        content_type = validate_upload(upload)
        Attachment.objects.create(
            post=post,
            file=upload,
            original_name=download_name(upload.name, content_type),
            content_type=content_type,
            size=upload.size,
        )


@transaction.atomic
def thread_create(
    *,
    author,
    topic: Topic,
    kind: str,
    title: str,
    body: str,
    language: str | None = None,
    files=(),
) -> Thread:
    """Start a thread with its opening post; the author follows it; followers hear of it."""
    check_can_participate(author)
    permissions.check_can_start_thread(author, topic)
    permissions.check_can_post_kind(author, kind)
    title = title.strip()
    language = _language(language, title, body)
    now = timezone.now()
    body_html, mentioned = render_with_mentions(body)
    thread = Thread.objects.create(
        topic=topic,
        author=author,
        kind=kind,
        title=title,
        language=language,
        last_activity_at=now,
    )
    post = Post.objects.create(
        thread=thread,
        author=author,
        language=language,
        body=body,
        body_html=body_html,
        path="",
    )
    thread.opening_post = post
    thread.last_activity_at = post.created_at  # what the counters' definition says
    thread.save(update_fields=["opening_post", "last_activity_at"])
    post.path = _segment(post.pk)
    # One UPDATE completes the row: its place in the tree and its search fields.
    post_search_reindex(post=post, thread=thread, path=post.path)
    _attach(post=post, files=files)
    follow_thread(author, thread)
    notifications_record(post=post, mentioned=mentioned)
    from ..tasks import notify_followers

    enqueue(notify_followers, post.pk)
    return thread


@transaction.atomic
def post_reply(*, author, parent: Post, body: str, language: str | None = None, files=()) -> Post:
    """Answer `parent` (any post of the thread). Posting follows the thread."""
    check_can_participate(author)
    # The thread's row is locked by every writer of its counters (see services.counters).
    parent.thread = thread = _locked_thread(parent.thread_id)
    permissions.check_can_reply_to_post(author, parent)
    depth = parent.depth + 1
    if depth > MAX_DEPTH:
        # Past the deepest level the tree keeps, answers sit beside their parent.
        return post_reply(
            author=author, parent=parent.parent, body=body, language=language, files=files
        )
    body_html, mentioned = render_with_mentions(body)
    post = Post.objects.create(
        thread=thread,
        author=author,
        parent=parent,
        depth=depth,
        language=_language(language, body),
        body=body,
        body_html=body_html,
        path="",
    )
    post.path = parent.path + _segment(post.pk)
    post.branch_id = parent.branch_id or post.pk
    # One UPDATE completes the row: its place in the tree and its search fields.
    post_search_reindex(post=post, thread=thread, path=post.path, branch_id=post.branch_id)
    _attach(post=post, files=files)
    Thread.objects.filter(pk=thread.pk).update(
        reply_count=F("reply_count") + 1,
        last_activity_at=post.created_at,
        posts_version=F("posts_version") + 1,
    )
    follow_thread(author, thread)
    notifications_record(post=post, mentioned=mentioned)
    from ..tasks import notify_followers

    enqueue(notify_followers, post.pk)
    return post


def _locked_thread(thread_id: int) -> Thread:
    return Thread.objects.select_for_update(of=("self",)).select_related("topic").get(pk=thread_id)


def _record_revision(post: Post, thread: Thread, editor) -> None:
    PostRevision.objects.create(
        post=post,
        editor=editor,
        title=thread.title if post.is_opening else "",
        title_translation=thread.title_translation if post.is_opening else "",
        language=post.language,
        body=post.body,
        translation=post.translation,
    )


@transaction.atomic
def post_edit(
    *, post: Post, editor, body: str, language: str | None = None, title: str | None = None
) -> Post:
    """Change a post's text (and the title, for an opening post); the old text is kept."""
    # Locked: a thread locked meanwhile refuses its author's edit.
    post.thread = thread = _locked_thread(post.thread_id)
    permissions.check_can_edit_post(editor, post)
    _record_revision(post, thread, editor)
    if post.is_opening and title is not None:
        thread.title = title.strip()
    post.language = _language(language, thread.title if post.is_opening else "", body)
    post.body = body
    post.body_html, mentioned = render_with_mentions(body)
    post.edited_at = timezone.now()
    post.save(update_fields=["language", "body", "body_html", "edited_at", "updated_at"])
    thread_posts_changed(thread_id=thread.pk)
    if post.is_opening:
        thread.language = post.language
        thread.save(update_fields=["title", "language", "updated_at"])
    post_search_reindex(post=post, thread=thread)
    if mentioned:
        # Only members newly mentioned by the edit get a row (one per member and post).
        notifications_record(post=post, mentioned=mentioned, followers=False)
        from ..tasks import notify_followers

        enqueue(notify_followers, post.pk)
    return post


@transaction.atomic
def post_translate(
    *, post: Post, by, translation: str, title_translation: str | None = None
) -> Post:
    """Add or change the translation of a post (and of the title, for an opening post)."""
    post.thread = thread = _locked_thread(post.thread_id)
    permissions.check_can_translate_post(by, post)
    if post.translation or (post.is_opening and thread.title_translation):
        _record_revision(post, thread, by)
    post.translation = translation
    post.translation_html = render_markdown(translation)
    post.translated_by = by if translation.strip() else None
    post.save(update_fields=["translation", "translation_html", "translated_by", "updated_at"])
    thread_posts_changed(thread_id=thread.pk)
    if post.is_opening and title_translation is not None:
        thread.title_translation = title_translation.strip()
        thread.save(update_fields=["title_translation", "updated_at"])
    post_search_reindex(post=post, thread=thread)
    return post


@transaction.atomic
def answer_accept(*, post: Post, by) -> Thread:
    """Mark `post` as the accepted answer of its question (replaces any earlier one)."""
    post.thread = thread = _locked_thread(post.thread_id)
    permissions.check_can_accept_post(by, post)
    thread.accepted_answer = post
    thread.save(update_fields=["accepted_answer", "updated_at"])
    return thread


@transaction.atomic
def answer_unaccept(*, post: Post, by) -> Thread:
    """Withdraw `post` as the accepted answer. A stale page naming another post changes nothing."""
    thread = _locked_thread(post.thread_id)
    permissions.check_can_accept_answer(by, thread)
    if thread.accepted_answer_id == post.pk:
        thread.accepted_answer = None
        thread.save(update_fields=["accepted_answer", "updated_at"])
    return thread
