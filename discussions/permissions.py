"""Who may read and write what in discussions. Every view and service calls a `check_can_*`.

Each rule is written once: a `check_can_*` raises `PermissionDenied` with the
reason the person reads (or `Http404` where the thing must not be known to
exist), and the `can_*` boolean is derived from it (`cop.rules.boolean`).
`post_actions` and `thread_actions` turn them into the flags the thread page
reads; templates never decide who may do what.

What a person may read is written once too, as conditions on the rows
(`topic_conditions`, `thread_conditions`, `post_conditions`): the selectors
and the feed filter querysets with `readable_*`, the detail pages test one
object with `check_can_read_*`, so a list never shows what a page refuses.

Posting of any kind goes through `members.permissions.check_can_participate`,
the platform's single gate keeping applicants and visitors read-only.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from cop.rules import boolean, conditions_match, conditions_q
from members.permissions import (
    check_can_participate,
    check_is_member,
    is_approved_member,
    is_facilitator,
)

from .models import ThreadKind


# --- Reading ---------------------------------------------------------------------------
def topic_conditions(user) -> dict:
    """What a topic must be for `user` to read it: public, unless they are an approved member."""
    return {} if is_approved_member(user) else {"is_public": True}


def thread_conditions(user, *, with_topic: bool = True) -> dict:
    """What a thread must be: in a topic they read, and not hidden (facilitators see all)."""
    conditions = {}
    if with_topic:
        conditions = {f"topic__{k}": v for k, v in topic_conditions(user).items()}
    if not is_facilitator(user):
        conditions["is_hidden"] = False
    return conditions


def post_conditions(user) -> dict:
    """What a post must be: in a thread they read, and not hidden (facilitators see all)."""
    conditions = {f"thread__{k}": v for k, v in thread_conditions(user).items()}
    if not is_facilitator(user):
        conditions["is_hidden"] = False
    return conditions


def readable_topics(user, prefix: str = "") -> Q:
    return conditions_q(topic_conditions(user), prefix)


def readable_threads(user, prefix: str = "", *, with_topic: bool = True) -> Q:
    return conditions_q(thread_conditions(user, with_topic=with_topic), prefix)


def readable_posts(user, prefix: str = "") -> Q:
    return conditions_q(post_conditions(user), prefix)


def check_can_read_topic(user, topic) -> None:
    # A members-only topic: sign in (visitors) or wait for approval (applicants), the
    # platform's one answer to members-only content (cop.rules.MembersOnly).
    if not conditions_match(topic, topic_conditions(user)):
        check_is_member(user, _("This topic is for members of the community."))
        raise Http404  # (not reached: topic_conditions only asks approved members)


can_read_topic = boolean(check_can_read_topic)


def check_can_read_thread(user, thread) -> None:
    # A hidden thread does not exist for those who cannot see it, whoever they are.
    if not conditions_match(thread, thread_conditions(user, with_topic=False)):
        raise Http404
    check_can_read_topic(user, thread.topic)


can_read_thread = boolean(check_can_read_thread)


def check_can_read_post(user, post) -> None:
    if not is_facilitator(user) and post.is_hidden:
        raise Http404
    check_can_read_thread(user, post.thread)


can_read_post = boolean(check_can_read_post)


# --- Starting and answering ----------------------------------------------------------------
def check_can_start_thread(user, topic) -> None:
    check_can_read_topic(user, topic)
    check_can_participate(user)


can_start_thread = boolean(check_can_start_thread)


def check_can_post_kind(user, kind: str) -> None:
    """Announcements come from the facilitators; members start the other kinds."""
    if kind not in ThreadKind.values:
        raise PermissionDenied(_("Unknown kind of thread."))
    if kind == ThreadKind.ANNOUNCEMENT and not is_facilitator(user):
        raise PermissionDenied(_("Only the facilitators post announcements."))


can_post_kind = boolean(check_can_post_kind)


def _check_not_locked(user, thread) -> None:
    if thread.is_locked and not is_facilitator(user):
        raise PermissionDenied(_("This thread is locked: only the facilitators can change it."))


def check_can_reply(user, thread) -> None:
    check_can_read_thread(user, thread)
    check_can_participate(user)
    if thread.is_locked and not is_facilitator(user):
        raise PermissionDenied(_("This thread is locked: no new replies."))


can_reply = boolean(check_can_reply)


def check_can_reply_to_post(user, post) -> None:
    """Answer this post: a reply to the thread, and hidden posts only for facilitators."""
    check_can_reply(user, post.thread)
    check_can_read_post(user, post)


can_reply_to_post = boolean(check_can_reply_to_post)


# --- Changing a post ------------------------------------------------------------------------
def check_can_edit_post(user, post) -> None:
    """Its author (while the post is visible and the thread open) or a facilitator."""
    check_can_read_post(user, post)
    if is_facilitator(user):
        return
    check_can_participate(user)
    if post.author_id != user.pk:
        raise PermissionDenied(_("Only its author or a facilitator can change this post."))
    # A hidden post is gone for its author too (check_can_read_post); a locked thread is final.
    _check_not_locked(user, post.thread)


can_edit_post = boolean(check_can_edit_post)


def check_can_translate_post(user, post) -> None:
    """Translations are added by the author or a facilitator, as edits are."""
    check_can_edit_post(user, post)


can_translate_post = boolean(check_can_translate_post)


def check_can_accept_answer(user, thread) -> None:
    """Mark (or unmark) the accepted answer of a question: its asker or a facilitator."""
    check_can_read_thread(user, thread)
    if thread.kind != ThreadKind.QUESTION:
        raise PermissionDenied(_("Only a question has an accepted answer."))
    if is_facilitator(user):
        return
    check_can_participate(user)
    if thread.author_id != user.pk:
        raise PermissionDenied(_("Only the person who asked or a facilitator marks the answer."))


can_accept_answer = boolean(check_can_accept_answer)


def check_can_accept_post(user, post) -> None:
    """This post as the accepted answer: a visible reply of a question `user` may decide on."""
    check_can_accept_answer(user, post.thread)
    if post.is_opening or post.is_hidden:
        raise PermissionDenied(_("Only a visible reply can be the accepted answer."))


can_accept_post = boolean(check_can_accept_post)


def check_can_flag_post(user, post) -> None:
    check_can_read_post(user, post)
    check_can_participate(user)
    if post.author_id == user.pk:
        raise PermissionDenied(_("You cannot flag your own post."))


can_flag_post = boolean(check_can_flag_post)


def check_can_mark_helpful(user, post) -> None:
    """Mark someone else's visible post "helpful" (or take the mark back)."""
    check_can_read_post(user, post)
    check_can_participate(user)
    if post.author_id == user.pk:
        raise PermissionDenied(_("You cannot mark your own post as helpful."))
    if post.is_hidden:
        raise PermissionDenied(_("A hidden post cannot be marked helpful."))


can_mark_helpful = boolean(check_can_mark_helpful)


def check_can_find_members(user) -> None:
    """Look up members' names to mention them: those who can post."""
    check_can_participate(user)


can_find_members = boolean(check_can_find_members)


# --- Moderation ---------------------------------------------------------------------------
def check_can_moderate(user) -> None:
    """Pin, lock, hide; read earlier versions and the moderation record."""
    if not is_facilitator(user):
        raise PermissionDenied(_("Only the facilitators moderate the discussions."))


can_moderate = boolean(check_can_moderate)


def check_can_hide_post(user, post) -> None:
    """Hide a reply or show it again (an opening post goes with its thread)."""
    check_can_moderate(user)
    if post.is_opening:
        raise PermissionDenied(_("Hide the thread instead of its opening post."))


can_hide_post = boolean(check_can_hide_post)


def check_can_follow(user) -> None:
    check_can_participate(user)


can_follow = boolean(check_can_follow)


# --- What the thread page offers -------------------------------------------------------------
@dataclass(frozen=True)
class PostActions:
    """What the viewer may do with one post, for the template to read."""

    read: bool  # False: the page shows where it was ("a facilitator has hidden this post")
    reply: bool
    edit: bool
    translate: bool
    flag: bool
    helpful: bool
    accept: bool
    hide: bool
    history: bool


def post_signature(user, post) -> tuple:
    """Everything about a post that the rules in `post_actions` read, besides the viewer and
    the thread: two posts of one thread with the same signature get the same actions.

    Keep it in step with the checks above (a test compares it with computing every post).
    """
    return (post.is_hidden, post.author_id == user.pk, post.is_opening)


def post_actions_for(user, thread, posts) -> None:
    """Set `post.can` on each of `posts` (all of `thread`), deciding once per signature.

    The thread page shows up to a hundred posts; the rules run once for each
    kind of post (own or not, hidden or not, opening or reply), not per post.
    """
    decided: dict[tuple, PostActions] = {}
    for post in posts:
        key = post_signature(user, post)
        if key not in decided:
            decided[key] = post_actions(user, post)
        post.can = decided[key]


def post_actions(user, post) -> PostActions:
    """Flags for one post; needs `post.thread` (with its topic) loaded, asks no query."""
    return PostActions(
        read=can_read_post(user, post),
        reply=can_reply_to_post(user, post),
        edit=can_edit_post(user, post),
        translate=can_translate_post(user, post),
        flag=can_flag_post(user, post),
        helpful=can_mark_helpful(user, post),
        accept=can_accept_post(user, post),
        hide=can_hide_post(user, post),
        history=can_moderate(user),
    )


@dataclass(frozen=True)
class ThreadActions:
    """What the viewer may do with the thread as a whole."""

    reply: bool
    follow: bool
    moderate: bool


def thread_actions(user, thread) -> ThreadActions:
    return ThreadActions(
        reply=can_reply(user, thread),
        follow=can_follow(user),
        moderate=can_moderate(user),
    )
