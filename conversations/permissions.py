"""Who may read and write private conversations. Every view and service calls a `check_can_*`.

A conversation exists only for its current participants: to anyone else,
facilitators and superusers included, every conversation URL answers 404,
the same as for an id that was never used, so nothing tells whether it exists.
The facilitators see a private message only when a participant flags it, and
then only that message, in admin (`check_can_review_flags`).

Writing goes through `members.permissions.check_can_participate`, the
platform's gate keeping applicants, suspended and closed accounts read-only.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from cop.rules import boolean
from members.permissions import check_can_participate, is_approved_member, is_facilitator

from .models import MAX_PARTICIPANTS


def check_can_use_conversations(user) -> None:
    """The inbox: approved members (a suspended member still reads their conversations)."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to read your conversations."))
    if not user.is_active:
        raise PermissionDenied(_("This account is closed."))


can_use_conversations = boolean(check_can_use_conversations)


def check_can_read_conversation(user, conversation) -> None:
    """Current participants only; `conversation.viewer_participant` is set by the selector."""
    check_can_use_conversations(user)
    participant = getattr(conversation, "viewer_participant", None)
    if participant is None or participant.member_id != user.pk or participant.left_at is not None:
        raise Http404


can_read_conversation = boolean(check_can_read_conversation)


def check_can_write_to(user, other) -> None:
    """Start a conversation with `other`: an approved member who is not oneself."""
    check_can_participate(user)
    if other.pk == user.pk:
        raise PermissionDenied(_("You cannot start a conversation with yourself."))
    if not is_approved_member(other):
        raise PermissionDenied(_("%(name)s cannot receive messages.") % {"name": other})


can_write_to = boolean(check_can_write_to)


def check_can_start_conversation(user, others) -> None:
    check_can_participate(user)
    if not others:
        raise PermissionDenied(_("Choose at least one member to write to."))
    if len(others) + 1 > MAX_PARTICIPANTS:
        raise PermissionDenied(
            _("A conversation has at most %(count)d people, you included.")
            % {"count": MAX_PARTICIPANTS}
        )
    for other in others:
        check_can_write_to(user, other)


can_start_conversation = boolean(check_can_start_conversation)


def check_can_post_message(user, conversation) -> None:
    check_can_read_conversation(user, conversation)
    check_can_participate(user)


can_post_message = boolean(check_can_post_message)


def check_can_leave_conversation(user, conversation) -> None:
    check_can_read_conversation(user, conversation)


can_leave_conversation = boolean(check_can_leave_conversation)


def check_can_flag_message(user, message) -> None:
    """A participant flags someone else's message to the facilitators."""
    check_can_read_conversation(user, message.conversation)
    check_can_participate(user)
    if message.author_id == user.pk:
        raise PermissionDenied(_("You cannot flag your own message."))


can_flag_message = boolean(check_can_flag_message)


def check_can_review_flags(user) -> None:
    """Read flagged messages (that message only) and resolve the flags, in admin."""
    if not is_facilitator(user):
        raise PermissionDenied(_("Only the facilitators review flagged messages."))


can_review_flags = boolean(check_can_review_flags)


# --- Asking an expert --------------------------------------------------------------------
def check_can_ask_expert(user, expert) -> None:
    """Ask `expert` a question, publicly or privately: they must be an approved expert."""
    check_can_participate(user)
    if not (expert.is_expert and is_approved_member(expert)):
        raise Http404
    if expert.pk == user.pk:
        raise PermissionDenied(_("You cannot ask yourself a question."))


can_ask_expert = boolean(check_can_ask_expert)
