"""Telling followers about new posts, by email now or in the digest later."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from members.models import MembershipStatus, NotificationMode

from ..models import Notification, Post, ThreadFollow, TopicFollow
from ..text import plain_text


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
    # The same people `is_approved_member` lets read: members, and facilitators
    # (staff) whatever their membership status.
    members = (
        User.objects.filter(pk__in=reasons, is_active=True)
        .filter(Q(status=MembershipStatus.MEMBER) | Q(is_staff=True))
        .only("pk", "notification_mode")
    )
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
                context={
                    "title": title,
                    "title_language": title_language,
                    "author_name": post.author.display_name,
                    "topic_name": topic_name,
                    "url": url,
                    "is_new_thread": post.is_opening,
                    "excerpt": excerpt[:600],
                    "excerpt_language": excerpt_language,
                },
            )
            notification.status = Notification.Status.SENT
            notification.sent_at = timezone.now()
            notification.save(update_fields=["status", "sent_at", "updated_at"])
            sent += 1
    return sent
