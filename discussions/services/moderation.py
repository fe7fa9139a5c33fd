"""Facilitators pin, lock and hide; members flag. Nothing is ever deleted.

Every moderation step records a `ModerationEvent` (who, when, why; hiding
needs a reason) and works on locked rows: the thread first, then the post, the
order `post_reply` takes them in too, so counters never drift.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import permissions
from ..models import (
    MODERATED_FIELDS,
    MODERATION_REASON_MAX_LENGTH,
    Flag,
    ModerationAction,
    ModerationEvent,
    Post,
    Thread,
)
from .counters import thread_counters_refresh, thread_posts_changed


def moderation_reason_clean(action: str, reason: str | None) -> str:
    """The reason as recorded; hiding needs one (the other facilitators will read it)."""
    reason = (reason or "").strip()
    if action == ModerationAction.HIDE and not reason:
        raise ValidationError(_("Please say why; the other facilitators will read it."))
    if len(reason) > MODERATION_REASON_MAX_LENGTH:
        raise ValidationError(_("The reason is too long."))
    return reason


@transaction.atomic
def thread_moderate(*, thread: Thread, by, action: str, reason: str = "") -> ModerationEvent | None:
    """Pin, unpin, lock, unlock, hide or unhide a thread, recorded with its reason.

    Doing what is already done (a second click) changes and records nothing.
    """
    permissions.check_can_moderate(by)
    if action not in MODERATED_FIELDS:
        raise ValidationError(_("Unknown moderation action."))
    reason = moderation_reason_clean(action, reason)
    field, value = MODERATED_FIELDS[action]
    locked = Thread.objects.select_for_update().get(pk=thread.pk)
    setattr(thread, field, value)
    if getattr(locked, field) == value:
        return None
    setattr(locked, field, value)
    locked.save(update_fields=[field, "updated_at"])
    return ModerationEvent.objects.create(thread=locked, actor=by, action=action, reason=reason)


@transaction.atomic
def post_set_hidden(*, post: Post, by, hidden: bool, reason: str = "") -> ModerationEvent | None:
    """Hide a reply from members (facilitators still see it) or show it again, with the reason.

    Hiding also withdraws it as the accepted answer and resolves its open flags.
    """
    permissions.check_can_hide_post(by, post)
    action = ModerationAction.HIDE if hidden else ModerationAction.UNHIDE
    reason = moderation_reason_clean(action, reason)
    thread = Thread.objects.select_for_update().get(pk=post.thread_id)
    locked = Post.objects.select_for_update().get(pk=post.pk)
    post.is_hidden = hidden
    if locked.is_hidden == hidden:
        return None
    locked.is_hidden = hidden
    locked.save(update_fields=["is_hidden", "updated_at"])
    thread_counters_refresh(thread_id=thread.pk)
    thread_posts_changed(thread_id=thread.pk)
    if hidden:
        if thread.accepted_answer_id == post.pk:
            Thread.objects.filter(pk=thread.pk).update(accepted_answer=None)
        Flag.objects.filter(post=post).resolve(by=by)
    return ModerationEvent.objects.create(
        thread=thread, post=locked, actor=by, action=action, reason=reason
    )


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
    permissions.check_can_moderate(by)
    return flags.resolve(by=by)
