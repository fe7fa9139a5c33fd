"""Facilitators pin, lock and hide; members flag. Nothing is ever deleted."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from members.permissions import is_facilitator

from .. import permissions
from ..models import Flag, Post, Thread


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
