"""Every write the discussions app makes.

Services are atomic, re-check the rules that views already checked (a
service can be called from a shell, a task or admin), render Markdown once,
keep the search document current and queue notifications after commit.
"""

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F, Value
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cop.queue import enqueue
from members.models import MembershipStatus, NotificationMode
from members.permissions import check_can_participate, is_facilitator

from . import permissions
from .models import (
    MAX_DEPTH,
    PATH_SEGMENT,
    Attachment,
    Flag,
    Language,
    Notification,
    Post,
    PostRevision,
    Thread,
    ThreadFollow,
    Topic,
    TopicFollow,
)
from .text import detect_language, fold_for_search, plain_text, render_markdown
from .uploads import validate_upload


def _segment(pk: int) -> str:
    return str(pk).zfill(PATH_SEGMENT)


def _language(language: str | None, *texts: str) -> str:
    if language in Language.values:
        return language
    return detect_language(" ".join(texts))


# --- Search document ----------------------------------------------------------


def search_texts(*, post: Post, thread: Thread) -> tuple[str, str]:
    """The folded titles (opening post only) and bodies that a post is searched by."""
    titles = ""
    if post.parent_id is None:
        titles = fold_for_search(f"{thread.title} {thread.title_translation}")
    bodies = fold_for_search(f"{plain_text(post.body_html)} {plain_text(post.translation_html)}")
    return titles, bodies


def search_fields(*, post: Post, thread: Thread) -> dict:
    """The normalised search document of `post` and, on PostgreSQL, its vector expression.

    The opening post carries its thread's titles, weighted above the bodies.
    English words are stemmed (`english`); Arabic goes through `simple` on
    text already folded by `text.fold_for_search`, the same folding queries get.
    """
    titles, bodies = search_texts(post=post, thread=thread)
    fields = {"search_document": f"{titles} {bodies}".strip()}
    if connection.vendor == "postgresql":
        fields["search_vector"] = (
            SearchVector(Value(titles), config="english", weight="A")
            + SearchVector(Value(titles), config="simple", weight="A")
            + SearchVector(Value(bodies), config="english", weight="B")
            + SearchVector(Value(bodies), config="simple", weight="B")
        )
    return fields


def post_search_reindex(*, post: Post, thread: Thread | None = None, **also) -> None:
    """Rebuild the search document and vector of `post` (with `also`, in the same UPDATE)."""
    fields = search_fields(post=post, thread=thread or post.thread)
    Post.objects.filter(pk=post.pk).update(**fields, **also)
    post.search_document = fields["search_document"]


# --- Writing ------------------------------------------------------------------


def _attach(*, post: Post, files) -> None:
    for upload in files or ():
        content_type = validate_upload(upload)
        Attachment.objects.create(
            post=post,
            file=upload,
            original_name=(upload.name or "file")[-200:],
            content_type=content_type,
            size=upload.size,
        )


def _follow(member, thread) -> None:
    ThreadFollow.objects.get_or_create(member=member, thread=thread)


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
    if not permissions.can_read_topic(author, topic):
        raise PermissionDenied
    title = title.strip()
    language = _language(language, title, body)
    now = timezone.now()
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
        body_html=render_markdown(body),
        path="",
    )
    thread.opening_post = post
    thread.save(update_fields=["opening_post"])
    post.path = _segment(post.pk)
    # One UPDATE completes the row: its place in the tree and its search fields.
    post_search_reindex(post=post, thread=thread, path=post.path)
    _attach(post=post, files=files)
    _follow(author, thread)
    from .tasks import notify_followers

    enqueue(notify_followers, post.pk)
    return thread


@transaction.atomic
def post_reply(*, author, parent: Post, body: str, language: str | None = None, files=()) -> Post:
    """Answer `parent` (any post of the thread). Posting follows the thread."""
    check_can_participate(author)
    thread = Thread.objects.select_for_update().get(pk=parent.thread_id)
    permissions.check_can_reply(author, thread)
    if parent.is_hidden and not is_facilitator(author):
        raise ValidationError(_("You cannot answer a hidden post."))
    depth = parent.depth + 1
    if depth > MAX_DEPTH:
        # Past the deepest level the tree keeps, answers sit beside their parent.
        return post_reply(
            author=author, parent=parent.parent, body=body, language=language, files=files
        )
    post = Post.objects.create(
        thread=thread,
        author=author,
        parent=parent,
        depth=depth,
        language=_language(language, body),
        body=body,
        body_html=render_markdown(body),
        path="",
    )
    post.path = parent.path + _segment(post.pk)
    post.branch_id = parent.branch_id or post.pk
    # One UPDATE completes the row: its place in the tree and its search fields.
    post_search_reindex(post=post, thread=thread, path=post.path, branch_id=post.branch_id)
    _attach(post=post, files=files)
    Thread.objects.filter(pk=thread.pk).update(
        reply_count=F("reply_count") + 1, last_activity_at=post.created_at
    )
    _follow(author, thread)
    from .tasks import notify_followers

    enqueue(notify_followers, post.pk)
    return post


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
    permissions.check_can_edit_post(editor, post)
    thread = post.thread
    _record_revision(post, thread, editor)
    if post.is_opening and title is not None:
        thread.title = title.strip()
    post.language = _language(language, thread.title if post.is_opening else "", body)
    post.body = body
    post.body_html = render_markdown(body)
    post.edited_at = timezone.now()
    post.save(update_fields=["language", "body", "body_html", "edited_at", "updated_at"])
    if post.is_opening:
        thread.language = post.language
        thread.save(update_fields=["title", "language", "updated_at"])
    post_search_reindex(post=post, thread=thread)
    return post


@transaction.atomic
def post_translate(
    *, post: Post, by, translation: str, title_translation: str | None = None
) -> Post:
    """Add or change the translation of a post (and of the title, for an opening post)."""
    permissions.check_can_translate_post(by, post)
    thread = post.thread
    if post.translation or (post.is_opening and thread.title_translation):
        _record_revision(post, thread, by)
    post.translation = translation
    post.translation_html = render_markdown(translation)
    post.translated_by = by if translation.strip() else None
    post.save(update_fields=["translation", "translation_html", "translated_by", "updated_at"])
    if post.is_opening and title_translation is not None:
        thread.title_translation = title_translation.strip()
        thread.save(update_fields=["title_translation", "updated_at"])
    post_search_reindex(post=post, thread=thread)
    return post


# --- Questions ------------------------------------------------------------------


@transaction.atomic
def answer_accept(*, post: Post, by) -> Thread:
    """Mark `post` as the accepted answer of its question (replaces any earlier one)."""
    thread = Thread.objects.select_for_update().get(pk=post.thread_id)
    permissions.check_can_accept_answer(by, thread)
    if post.is_opening or post.is_hidden:
        raise ValidationError(_("Only a visible reply can be the accepted answer."))
    thread.accepted_answer = post
    thread.save(update_fields=["accepted_answer", "updated_at"])
    return thread


@transaction.atomic
def answer_unaccept(*, thread: Thread, by) -> Thread:
    permissions.check_can_accept_answer(by, thread)
    thread.accepted_answer = None
    thread.save(update_fields=["accepted_answer", "updated_at"])
    return thread


# --- Moderation -------------------------------------------------------------------


def _check_moderator(user) -> None:
    if not is_facilitator(user):
        raise PermissionDenied


@transaction.atomic
def thread_moderate(*, thread: Thread, by, action: str) -> Thread:
    """Pin, unpin, lock, unlock, hide or show a thread. Nothing is ever deleted."""
    _check_moderator(by)
    fields = {
        "pin": ("is_pinned", True),
        "unpin": ("is_pinned", False),
        "lock": ("is_locked", True),
        "unlock": ("is_locked", False),
        "hide": ("is_hidden", True),
        "show": ("is_hidden", False),
    }
    if action not in fields:
        raise ValidationError(_("Unknown moderation action."))
    field, value = fields[action]
    setattr(thread, field, value)
    thread.save(update_fields=[field, "updated_at"])
    return thread


@transaction.atomic
def post_set_hidden(*, post: Post, by, hidden: bool) -> Post:
    """Hide a post from members (facilitators still see it) or show it again."""
    _check_moderator(by)
    if post.is_opening:
        raise ValidationError(_("Hide the thread instead of its opening post."))
    if post.is_hidden == hidden:
        return post
    post.is_hidden = hidden
    post.save(update_fields=["is_hidden", "updated_at"])
    Thread.objects.filter(pk=post.thread_id).update(
        reply_count=F("reply_count") + (-1 if hidden else 1)
    )
    if hidden:
        Thread.objects.filter(pk=post.thread_id, accepted_answer=post).update(accepted_answer=None)
        Flag.objects.filter(post=post, status=Flag.Status.OPEN).update(
            status=Flag.Status.RESOLVED, resolved_by=by, resolved_at=timezone.now()
        )
    return post


@transaction.atomic
def post_flag(*, post: Post, reporter, reason: str, note: str = "") -> Flag:
    """Report a post to the facilitators; flagging twice keeps one open flag."""
    permissions.check_can_flag_post(reporter, post)
    flag, _created = Flag.objects.get_or_create(
        post=post,
        reporter=reporter,
        status=Flag.Status.OPEN,
        defaults={"reason": reason, "note": note[:1000]},
    )
    return flag


@transaction.atomic
def flags_resolve(*, flags, by) -> int:
    _check_moderator(by)
    return flags.filter(status=Flag.Status.OPEN).update(
        status=Flag.Status.RESOLVED, resolved_by=by, resolved_at=timezone.now()
    )


# --- Following ------------------------------------------------------------------------


@transaction.atomic
def thread_set_followed(*, member, thread: Thread, follow: bool) -> None:
    if follow:
        check_can_participate(member)
        _follow(member, thread)
    else:
        ThreadFollow.objects.filter(member=member, thread=thread).delete()


@transaction.atomic
def topic_set_followed(*, member, topic: Topic, follow: bool) -> None:
    if follow:
        check_can_participate(member)
        TopicFollow.objects.get_or_create(member=member, topic=topic)
    else:
        TopicFollow.objects.filter(member=member, topic=topic).delete()


@transaction.atomic
def topics_set_followed(*, member, topics) -> None:
    """Make `topics` exactly the topics `member` follows (their topics of interest)."""
    wanted = {topic.pk for topic in topics}
    TopicFollow.objects.filter(member=member).exclude(topic_id__in=wanted).delete()
    existing = set(TopicFollow.objects.filter(member=member).values_list("topic_id", flat=True))
    TopicFollow.objects.bulk_create(
        [TopicFollow(member=member, topic_id=pk) for pk in wanted - existing]
    )


# --- Notifications ----------------------------------------------------------------------


def _recipients(post: Post) -> dict[int, str]:
    """member id → reason: followers of the thread, and of the topic for a new thread."""
    reasons = dict.fromkeys(
        ThreadFollow.objects.filter(thread_id=post.thread_id).values_list("member_id", flat=True),
        Notification.Reason.THREAD,
    )
    if post.is_opening:
        for member_id in TopicFollow.objects.filter(topic_id=post.thread.topic_id).values_list(
            "member_id", flat=True
        ):
            reasons.setdefault(member_id, Notification.Reason.TOPIC)
    reasons.pop(post.author_id, None)
    return reasons


def _text_for(reader_language, original_language, original, translated) -> tuple[str, str]:
    if reader_language != original_language and translated:
        return translated, reader_language
    return original, original_language


def post_notify_followers(*, post_id: int) -> int:
    """Record who should hear about a post and email those who want it immediately.

    One `Notification` row per (member, post) is the delivery record: rows are
    created once, immediate ones are locked, sent and marked sent, so running
    this twice sends nothing twice. Digest readers' rows wait with status
    `digest` for the digest job. Returns the number of emails queued.
    """
    from cop.mail import absolute_url, send_templated_email

    post = (
        Post.objects.select_related("thread__topic", "author")
        .filter(pk=post_id, is_hidden=False, thread__is_hidden=False)
        .first()
    )
    if post is None:
        return 0
    reasons = _recipients(post)
    User = post.author.__class__
    members = User.objects.filter(
        pk__in=reasons, is_active=True, status=MembershipStatus.MEMBER
    ).only("pk", "notification_mode")
    status_for_mode = {
        NotificationMode.IMMEDIATE: Notification.Status.PENDING,
        NotificationMode.DIGEST: Notification.Status.DIGEST,
    }
    Notification.objects.bulk_create(
        [
            Notification(
                member=member,
                post=post,
                reason=reasons[member.pk],
                status=status_for_mode.get(member.notification_mode, Notification.Status.SKIPPED),
            )
            for member in members
        ],
        ignore_conflicts=True,
    )
    sent = 0
    pending = Notification.objects.filter(post=post, status=Notification.Status.PENDING)
    for notification_id in pending.values_list("pk", flat=True):
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True)
                .select_related("member")
                .filter(pk=notification_id, status=Notification.Status.PENDING)
                .first()
            )
            if notification is None:
                continue
            member = notification.member
            language = member.preferred_language
            with translation.override(language):
                url = absolute_url(post.get_absolute_url())
            title, title_language = _text_for(
                language, post.thread.language, post.thread.title, post.thread.title_translation
            )
            excerpt, excerpt_language = _text_for(
                language,
                post.language,
                plain_text(post.body_html),
                plain_text(post.translation_html),
            )
            send_templated_email(
                template="discussions/email/new_post",
                user=member,
                context={
                    "title": title,
                    "title_dir": "rtl" if title_language == "ar" else "ltr",
                    "author_name": post.author.display_name,
                    "topic_name": post.thread.topic.name,
                    "url": url,
                    "is_new_thread": post.is_opening,
                    "excerpt": excerpt[:600],
                    "excerpt_dir": "rtl" if excerpt_language == "ar" else "ltr",
                },
            )
            notification.status = Notification.Status.SENT
            notification.sent_at = timezone.now()
            notification.save(update_fields=["status", "sent_at", "updated_at"])
            sent += 1
    return sent


# --- Used by seed and benchmark data ------------------------------------------------------


def thread_touch(*, thread: Thread, at) -> None:
    Thread.objects.filter(pk=thread.pk).update(last_activity_at=at)
