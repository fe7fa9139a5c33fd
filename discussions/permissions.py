"""Who may read and write what in discussions. Every view calls a `check_*` from here.

Posting of any kind goes through `members.permissions.can_participate`, the
platform's single gate keeping applicants and visitors read-only.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from members.permissions import can_participate, is_approved_member, is_facilitator

from .models import ThreadKind


def can_read_topic(user, topic) -> bool:
    return topic.is_public or is_approved_member(user)


def check_can_read_topic(user, topic) -> None:
    # Members-only topics do not exist for those who cannot read them.
    if not can_read_topic(user, topic):
        raise Http404


def can_read_thread(user, thread) -> bool:
    if thread.is_hidden and not is_facilitator(user):
        return False
    return can_read_topic(user, thread.topic)


def check_can_read_thread(user, thread) -> None:
    if not can_read_thread(user, thread):
        raise Http404


def can_start_thread(user, topic) -> bool:
    return can_participate(user) and can_read_topic(user, topic)


def check_can_start_thread(user, topic) -> None:
    check_can_read_topic(user, topic)
    if not can_start_thread(user, topic):
        raise PermissionDenied


def can_post_kind(user, kind: str) -> bool:
    """Announcements come from the facilitators; members start the other kinds."""
    if kind not in ThreadKind.values:
        return False
    return kind != ThreadKind.ANNOUNCEMENT or is_facilitator(user)


def check_can_post_kind(user, kind: str) -> None:
    if not can_post_kind(user, kind):
        raise PermissionDenied


def can_reply(user, thread) -> bool:
    if not (can_participate(user) and can_read_thread(user, thread)):
        return False
    return not thread.is_locked or is_facilitator(user)


def check_can_reply(user, thread) -> None:
    if not can_reply(user, thread):
        raise PermissionDenied


def can_edit_post(user, post) -> bool:
    if is_facilitator(user):
        return True
    return can_participate(user) and post.author_id == user.pk and not post.is_hidden


def check_can_edit_post(user, post) -> None:
    if not can_edit_post(user, post):
        raise PermissionDenied


# Translations are added by the author or a facilitator, as edits are.
can_translate_post = can_edit_post
check_can_translate_post = check_can_edit_post


def can_accept_answer(user, thread) -> bool:
    if thread.kind != ThreadKind.QUESTION:
        return False
    if is_facilitator(user):
        return True
    return can_participate(user) and thread.author_id == user.pk


def check_can_accept_answer(user, thread) -> None:
    if not can_accept_answer(user, thread):
        raise PermissionDenied


def can_flag_post(user, post) -> bool:
    return can_participate(user) and post.author_id != user.pk


def check_can_flag_post(user, post) -> None:
    if not can_flag_post(user, post):
        raise PermissionDenied


def can_moderate(user) -> bool:
    return is_facilitator(user)


def check_can_moderate(user) -> None:
    if not can_moderate(user):
        raise PermissionDenied


def can_follow(user) -> bool:
    return can_participate(user)


def check_can_follow(user) -> None:
    if not can_follow(user):
        raise PermissionDenied
