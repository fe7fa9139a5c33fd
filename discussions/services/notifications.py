"""Telling followers about new posts, by email now or in the digest later.

The `Notification` rows are the delivery records. They are written with the
post, in its transaction (`notifications_record`), so a post never exists
without them: if the task that sends them is lost (a process killed between
commit and publish, a Redis restart), the rows are still pending and the
periodic `notifications_redrive` sends them. Sending locks only the
notification's own row, never the member's, so two posts notifying the same
person at once both get through.
"""

import logging
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from members.models import NotificationMode
from members.permissions import approved_members_q, is_approved_member

from ..models import Notification, Post, ThreadFollow, TopicFollow
from ..text import plain_text

logger = logging.getLogger(__name__)

# A pending notification older than this lost its task: the periodic job sends it.
REDRIVE_AFTER = timedelta(minutes=5)
REDRIVE_BATCH = 200  # posts per run; the next run takes the rest


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


def notifications_record(*, post: Post, mentioned=(), followers: bool = True) -> int:
    """Write who should get an email about `post` now (one row per member); safe to call again.

    Only people who may read it are told: approved members and facilitators
    (`members.permissions.approved_members_q`). Followers get a row only if
    they chose immediate emails: digest readers get none, their digest reads
    what is new in what they follow when it is built (`discussions.digest`),
    so a post costs the same whether 10 or 10,000 digest readers follow its
    topic. Members `mentioned` in it are told at once (unless they asked for
    no email at all), whatever they follow; after an edit only the newly
    mentioned are (one row per member and post), and `followers=False` leaves
    the followers out (an edit is not news to them).
    """
    reasons = _recipients(post) if followers else {}
    for member_id in mentioned:
        if member_id != post.author_id:
            reasons[member_id] = Notification.Reason.MENTION
    if not reasons:
        return 0
    mentions = [pk for pk, reason in reasons.items() if reason == Notification.Reason.MENTION]
    wanted = Q(notification_mode=NotificationMode.IMMEDIATE) | (
        Q(pk__in=mentions) & ~Q(notification_mode=NotificationMode.NONE)
    )
    member_ids = (
        get_user_model()
        .objects.filter(approved_members_q(), wanted, pk__in=reasons)
        .values_list("pk", flat=True)
    )
    created = Notification.objects.bulk_create(
        [
            Notification(member_id=member_id, post=post, reason=reasons[member_id])
            for member_id in member_ids
        ],
        ignore_conflicts=True,
    )
    return len(created)


def notifications_withdraw(*, post: Post, member) -> int:
    """Take back `member`'s pending email about `post` (another email tells them instead)."""
    deleted, _ = Notification.objects.filter(
        post=post, member=member, status=Notification.Status.PENDING
    ).delete()
    return deleted


def _wants_now(notification, member) -> bool:
    """Still to be emailed now: approved, and asking for it (mentions unless "never")."""
    if not is_approved_member(member):
        return False
    if notification.reason == Notification.Reason.MENTION:
        return member.notification_mode != NotificationMode.NONE
    return member.notification_mode == NotificationMode.IMMEDIATE


def _text_for(reader_language, original_language, original, translated) -> tuple[str, str]:
    if reader_language != original_language and translated:
        return translated, reader_language
    return original, original_language


def post_notify_followers(*, post_id: int) -> int:
    """Email the pending notifications of a post; returns how many were queued.

    Each row is locked (its own row only: `of=("self",)`), sent and marked
    sent in one transaction, so running this twice, or alongside the
    re-drive, sends nothing twice. A post hidden since it was written tells
    nobody: its pending rows are skipped.
    """
    from cop.mail import send_templated_email
    from cop.sites import absolute_url

    post = Post.objects.select_related("thread__topic", "author").filter(pk=post_id).first()
    if post is None:
        return 0
    pending = Notification.objects.filter(post=post, status=Notification.Status.PENDING)
    if post.is_hidden or post.thread.is_hidden:
        pending.update(status=Notification.Status.SKIPPED, updated_at=timezone.now())
        return 0
    if not Notification.objects.filter(post=post).exists():
        # Written before the rows came with the post; its task only now runs.
        notifications_record(post=post)
    sent = 0
    for notification_id in pending.values_list("pk", flat=True):
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("member")
                .filter(pk=notification_id, status=Notification.Status.PENDING)
                .first()
            )
            if notification is None:
                continue  # sent meanwhile, or being sent by another worker right now
            member = notification.member
            if not _wants_now(notification, member):
                # Suspended, closed or unsubscribed since the post was written.
                notification.status = Notification.Status.SKIPPED
                notification.save(update_fields=["status", "updated_at"])
                continue
            language = member.preferred_language
            with translation.override(language):
                url = absolute_url(post.get_absolute_url())
                # modeltranslation reads the active language: the recipient's, not the job's.
                topic_name = post.thread.topic.name
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
                unsubscribe="notifications",
                context={
                    "title": title,
                    "title_language": title_language,
                    "author_name": post.author.display_name,
                    "topic_name": topic_name,
                    "url": url,
                    "is_new_thread": post.is_opening,
                    "is_mention": notification.reason == Notification.Reason.MENTION,
                    "excerpt": excerpt[:600],
                    "excerpt_language": excerpt_language,
                },
            )
            notification.status = Notification.Status.SENT
            notification.sent_at = timezone.now()
            notification.save(update_fields=["status", "sent_at", "updated_at"])
            sent += 1
    return sent


def notifications_redrive(*, now=None) -> int:
    """Send notifications left pending past `REDRIVE_AFTER` (their task was lost).

    A scanner for beat: one post at a time, a failing post does not stop the
    others (it is tried again next run). Returns the number of emails queued.
    """
    cutoff = (now or timezone.now()) - REDRIVE_AFTER
    post_ids = (
        Notification.objects.filter(status=Notification.Status.PENDING, created_at__lt=cutoff)
        .order_by("post_id")
        .values_list("post_id", flat=True)
        .distinct()[:REDRIVE_BATCH]
    )
    sent = 0
    for post_id in list(post_ids):
        try:
            sent += post_notify_followers(post_id=post_id)
        except Exception:
            logger.exception("Could not send the pending notifications of post %s", post_id)
    if sent:
        logger.info("Re-drove %d pending notification(s)", sent)
    return sent
