"""The discussions app's part of a member's data export and of closing their account.

The `privacy` hook (see `cop.plugins`). What a member wrote for others stays
when they leave (threads, posts, their earlier versions and attachments,
attributed to "former member"), as does the moderation record of what a
facilitator did; what the platform keeps about them goes:
the topics and threads they follow, their notifications, their read markers
and "helpful" marks (the posts keep their counts, no longer tied to anyone),
and the flags they raised (open flags stay for the facilitators, without
their note).
"""

from django.urls import reverse

from cop.sites import absolute_url

from .models import (
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
from .permissions import can_read_thread


def _iso(value):
    return value.isoformat() if value else None


def _posts(member) -> list[dict]:
    posts = Post.objects.filter(author=member).select_related("thread").order_by("created_at", "pk")
    return [
        {
            "id": post.pk,
            "thread": post.thread.title,
            "started_the_thread": post.is_opening,
            "written": _iso(post.created_at),
            "edited": _iso(post.edited_at),
            "language": post.language,
            "text": post.body,
            "translation": post.translation,
            "hidden_by_facilitators": post.is_hidden,
            "url": absolute_url(post.get_absolute_url()),
        }
        for post in posts
    ]


def _earlier_versions(member) -> list[dict]:
    """What the member's posts said before each edit, and the edits they made to others' posts."""
    revisions = (
        PostRevision.objects.filter(post__author=member)
        .select_related("post")
        .order_by("created_at", "pk")
    )
    edits_of_others = PostRevision.objects.filter(editor=member).exclude(post__author=member)
    return [
        {
            "post": revision.post_id,
            "replaced": _iso(revision.created_at),
            "replaced_by_you": revision.editor_id == member.pk,
            "title": revision.title,
            "title_translation": revision.title_translation,
            "language": revision.language,
            "text": revision.body,
            "translation": revision.translation,
        }
        for revision in revisions
    ] + [
        {"post": revision.post_id, "replaced": _iso(revision.created_at), "replaced_by_you": True}
        for revision in edits_of_others.order_by("created_at", "pk")
    ]


def _attachments(member) -> list[dict]:
    attachments = (
        Attachment.objects.filter(post__author=member)
        .select_related("post__thread__topic")
        .order_by("created_at", "pk")
    )
    rows = []
    for attachment in attachments:
        post = attachment.post
        # A link only where the member can still download it (hidden posts cannot be).
        usable = not post.is_hidden and can_read_thread(member, post.thread)
        rows.append(
            {
                "name": attachment.original_name,
                "type": attachment.content_type,
                "size": attachment.size,
                "post": post.pk,
                "uploaded": _iso(attachment.created_at),
                "download": (
                    absolute_url(reverse("discussions:attachment", args=[attachment.pk]))
                    if usable
                    else None
                ),
            }
        )
    return rows


def member_data(member) -> dict:
    return {
        "topics_of_interest": list(
            TopicFollow.objects.filter(member=member)
            .order_by("topic__slug")
            .values_list("topic__slug", flat=True)
        ),
        "threads_followed": [
            {
                "thread": follow.thread.title,
                "url": absolute_url(follow.thread.get_absolute_url()),
                "since": _iso(follow.created_at),
            }
            for follow in ThreadFollow.objects.filter(member=member)
            .select_related("thread")
            .order_by("created_at", "pk")
        ],
        "posts": _posts(member),
        "earlier_versions": _earlier_versions(member),
        "attachments": _attachments(member),
        "translations_added": list(
            Post.objects.filter(translated_by=member).order_by("pk").values_list("pk", flat=True)
        ),
        "flags_raised": [
            {
                "post": flag.post_id,
                "reason": flag.reason,
                "note": flag.note,
                "status": flag.status,
                "raised": _iso(flag.created_at),
                "resolved": _iso(flag.resolved_at),
            }
            for flag in Flag.objects.filter(reporter=member).order_by("created_at", "pk")
        ],
        "notifications": [
            {
                "post": notification.post_id,
                "thread": notification.post.thread.title,
                "reason": notification.reason,
                "status": notification.status,
                "created": _iso(notification.created_at),
                "sent": _iso(notification.sent_at),
            }
            for notification in Notification.objects.filter(member=member)
            .select_related("post__thread")
            .order_by("created_at", "pk")
        ],
        "moderation_done": [
            {
                "action": event.action,
                "thread": event.thread_id,
                "post": event.post_id,
                "reason": event.reason,
                "when": _iso(event.created_at),
            }
            for event in ModerationEvent.objects.filter(actor=member).order_by("created_at", "pk")
        ],
        "found_helpful": [
            {"post": reaction.post_id, "when": _iso(reaction.created_at)}
            for reaction in Reaction.objects.filter(member=member).order_by("created_at", "pk")
        ],
        "threads_read": [
            {"thread": read.thread_id, "last_read": _iso(read.read_at)}
            for read in ThreadRead.objects.filter(member=member).order_by("thread_id")
        ],
        "threads_started": list(
            Thread.objects.filter(author=member).order_by("pk").values_list("pk", flat=True)
        ),
    }


def member_closed(member) -> None:
    """Forget what the app keeps about a member who leaves; what they wrote stays."""
    TopicFollow.objects.filter(member=member).delete()
    ThreadFollow.objects.filter(member=member).delete()
    Notification.objects.filter(member=member).delete()
    ThreadRead.objects.filter(member=member).delete()
    Reaction.objects.filter(member=member).delete()  # the posts' counts stay, anonymous
    Flag.objects.filter(reporter=member, status=Flag.Status.RESOLVED).delete()
    Flag.objects.filter(reporter=member, status=Flag.Status.OPEN).update(note="")
