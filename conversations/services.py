"""Every write the conversations app makes.

Services are atomic, check the rules again (a service can be called from a
shell, a task or admin), render Markdown once and queue emails after commit.
What a conversation says never leaves it: emails name who wrote, not what
(email rows are visible to the facilitators in admin), and the facilitators'
review shows a flagged message, never the rest.
"""

import logging
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cop.markdown import render_markdown
from cop.models import UnsubscribeScope
from cop.queue import enqueue
from members.permissions import is_approved_member

from . import permissions
from .models import (
    BODY_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
    Conversation,
    ExpertQuestion,
    Message,
    MessageFlag,
    Participant,
)

# Rate limits, counted in the database (they hold across processes and restarts).
MESSAGES_PER_WINDOW = 20
NEW_CONVERSATIONS_PER_WINDOW = 10
RATE_WINDOW = timedelta(minutes=10)

# A message whose email is still not decided after this lost its task: beat sends it.
REDRIVE_AFTER = timedelta(minutes=5)
REDRIVE_WINDOW = timedelta(days=2)
REDRIVE_BATCH = 200

logger = logging.getLogger(__name__)


def _check_rate(author) -> None:
    since = timezone.now() - RATE_WINDOW
    minutes = int(RATE_WINDOW.total_seconds() // 60)
    if Message.objects.filter(author=author, created_at__gte=since).count() >= MESSAGES_PER_WINDOW:
        raise PermissionDenied(
            ngettext(
                "You have sent many messages in the last minute. Please wait a little.",
                "You have sent many messages in the last %(minutes)d minutes. "
                "Please wait a little.",
                minutes,
            )
            % {"minutes": minutes}
        )


def _check_start_rate(starter) -> None:
    since = timezone.now() - RATE_WINDOW
    started = Conversation.objects.filter(started_by=starter, created_at__gte=since).count()
    if started >= NEW_CONVERSATIONS_PER_WINDOW:
        raise PermissionDenied(
            _("You have started many conversations recently. Please wait a little.")
        )


def _clean_subject(subject: str) -> str:
    subject = " ".join((subject or "").split())
    if not subject:
        raise ValidationError(_("Give the conversation a subject."))
    if len(subject) > SUBJECT_MAX_LENGTH:
        raise ValidationError(_("The subject is too long."))
    return subject


def _clean_body(body: str) -> str:
    if not (body or "").strip():
        raise ValidationError(_("Write a message."))
    if len(body) > BODY_MAX_LENGTH:
        raise ValidationError(_("The message is too long."))
    return body


def _write(*, conversation: Conversation, author, body: str) -> Message:
    message = Message.objects.create(
        conversation=conversation, author=author, body=body, body_html=render_markdown(body)
    )
    Conversation.objects.filter(pk=conversation.pk).update(
        last_message_at=message.created_at, updated_at=message.created_at
    )
    conversation.last_message_at = message.created_at
    # The author has read their own message.
    Participant.objects.filter(conversation=conversation, member=author).update(
        last_read_id=message.pk, updated_at=message.created_at
    )
    from .tasks import notify_message

    enqueue(notify_message, message.pk)
    return message


@transaction.atomic
def conversation_start(*, starter, others, subject: str, body: str) -> Conversation:
    """Start a private conversation between `starter` and `others` with a first message."""
    others = list({other.pk: other for other in others if other.pk != starter.pk}.values())
    permissions.check_can_start_conversation(starter, others)
    subject = _clean_subject(subject)
    body = _clean_body(body)
    _check_start_rate(starter)
    _check_rate(starter)
    conversation = Conversation.objects.create(
        subject=subject, started_by=starter, last_message_at=timezone.now()
    )
    Participant.objects.bulk_create(
        [Participant(conversation=conversation, member=person) for person in [starter, *others]]
    )
    _write(conversation=conversation, author=starter, body=body)
    return conversation


def _locked_participant(conversation_id: int, member) -> Participant | None:
    return (
        Participant.objects.select_for_update(of=("self",))
        .select_related("conversation")
        .filter(conversation_id=conversation_id, member_id=member.pk, left_at__isnull=True)
        .first()
    )


def _fresh(conversation_id: int, member) -> Conversation:
    """The conversation with the member's row locked, re-checked inside the transaction."""
    participant = _locked_participant(conversation_id, member)
    if participant is None:
        from django.http import Http404

        raise Http404
    conversation = participant.conversation
    conversation.viewer_participant = participant
    return conversation


@transaction.atomic
def message_post(*, author, conversation: Conversation, body: str) -> Message:
    """Add a message; the other participants are emailed after commit."""
    # Serialise writers of one conversation: its row carries the last activity.
    Conversation.objects.select_for_update().filter(pk=conversation.pk).first()
    conversation = _fresh(conversation.pk, author)
    permissions.check_can_post_message(author, conversation)
    body = _clean_body(body)
    _check_rate(author)
    return _write(conversation=conversation, author=author, body=body)


@transaction.atomic
def conversation_mark_read(*, member, conversation: Conversation, up_to: int) -> None:
    """Remember that `member` has seen the messages up to id `up_to` (never goes back)."""
    Participant.objects.filter(
        conversation_id=conversation.pk,
        member_id=member.pk,
        left_at__isnull=True,
        last_read_id__lt=up_to,
    ).update(last_read_id=up_to, updated_at=timezone.now())


@transaction.atomic
def conversation_leave(*, member, conversation: Conversation) -> None:
    """Leave: the conversation disappears for `member`; their messages stay for the others."""
    conversation = _fresh(conversation.pk, member)
    permissions.check_can_leave_conversation(member, conversation)
    participant = conversation.viewer_participant
    participant.left_at = timezone.now()
    participant.save(update_fields=["left_at", "updated_at"])


@transaction.atomic
def message_flag(*, message: Message, reporter, reason: str, note: str = "") -> MessageFlag:
    """Ask the facilitators to look at `message`; flagging twice keeps one open flag."""
    message.conversation = _fresh(message.conversation_id, reporter)
    permissions.check_can_flag_message(reporter, message)
    if reason not in MessageFlag.Reason.values:
        raise ValidationError(_("Choose a reason."))
    flag, _created = MessageFlag.objects.get_or_create(
        message=message,
        reporter=reporter,
        status=MessageFlag.Status.OPEN,
        defaults={"reason": reason, "note": (note or "")[:1000]},
    )
    return flag


@transaction.atomic
def message_flags_resolve(*, flags, by) -> int:
    """Close open flags (from admin). The message stays readable to facilitators as flagged."""
    permissions.check_can_review_flags(by)
    return flags.resolve(by=by)


def message_notify(*, message_id: int) -> int:
    """Email the other participants about a new message; returns how many were queued.

    Each participant's row is locked while deciding, so running this twice
    (a redelivered task) emails nobody twice. One email until they read: a
    participant already emailed about a message they have not opened yet is
    not emailed again for the next ones.
    """
    from cop.mail import send_templated_email
    from cop.sites import absolute_url

    message = Message.objects.select_related("author").filter(pk=message_id).first()
    if message is None:
        return 0
    others = (
        Participant.objects.filter(conversation_id=message.conversation_id, left_at__isnull=True)
        .exclude(member_id=message.author_id)
        .values_list("pk", flat=True)
    )
    sent = 0
    for participant_id in list(others):
        with transaction.atomic():
            participant = (
                Participant.objects.select_for_update(of=("self",))
                .select_related("member")
                .filter(pk=participant_id, left_at__isnull=True)
                .first()
            )
            if participant is None or participant.notified_id >= message.pk:
                continue  # left meanwhile, or already told about this message or a later one
            if participant.last_read_id >= message.pk:
                continue  # already read it
            if participant.notified_id > participant.last_read_id:
                continue  # an earlier email is still unread: one is enough
            member = participant.member
            if not is_approved_member(member):
                # Suspended or closed since: nothing to send, and nothing for the re-drive.
                participant.notified_id = message.pk
                participant.save(update_fields=["notified_id", "updated_at"])
                continue
            with translation.override(member.preferred_language):
                url = absolute_url(
                    f"{message.conversation.get_absolute_url()}#message-{message.pk}"
                )
                author_name = message.author.display_name
            email = send_templated_email(
                template="conversations/email/new_message",
                user=member,
                unsubscribe=UnsubscribeScope.MESSAGES,
                context={"author_name": author_name, "url": url},
            )
            participant.notified_id = message.pk
            participant.save(update_fields=["notified_id", "updated_at"])
            sent += email is not None
    return sent


def notifications_redrive(*, now=None) -> int:
    """Email what a lost task did not: participants with a message unread and never emailed.

    A scanner for beat. Messages older than `REDRIVE_AFTER` (their task had
    time to run) and younger than `REDRIVE_WINDOW` (nobody wants a week-old
    nudge) are looked at; `message_notify` decides per participant under a row
    lock, so a task that runs late meanwhile sends nothing twice. One failing
    message does not stop the others. Returns the number of emails queued.
    """
    now = now or timezone.now()
    since = now - REDRIVE_WINDOW
    missed = (
        Message.objects.filter(
            conversation_id=OuterRef("conversation_id"),
            created_at__lt=now - REDRIVE_AFTER,
            created_at__gte=since,
            id__gt=OuterRef("notified_id"),
        )
        .filter(id__gt=OuterRef("last_read_id"))
        .exclude(author_id=OuterRef("member_id"))
        .order_by("-id")
    )
    message_ids = (
        Participant.objects.filter(
            left_at__isnull=True,
            conversation__last_message_at__gte=since,
            notified_id__lte=F("last_read_id"),
        )
        .annotate(missed=Subquery(missed.values("id")[:1]))
        .filter(missed__isnull=False)
        .values_list("missed", flat=True)
        .distinct()[:REDRIVE_BATCH]
    )
    sent = 0
    for message_id in sorted(message_ids):
        try:
            sent += message_notify(message_id=message_id)
        except Exception:
            logger.exception("Could not email about private message %s", message_id)
    if sent:
        logger.info("Re-drove %d private message email(s)", sent)
    return sent


# --- Asking an expert ---------------------------------------------------------------------
@transaction.atomic
def expert_question_ask(*, asker, expert, topic, title: str, body: str, language=None):
    """A public question thread in `topic`, addressed to `expert`, who is told by email.

    The thread is created by the discussions services (its rules, search and
    followers' notifications apply); the expert follows it to hear of replies.
    """
    from discussions import services as discussions
    from discussions.models import ThreadKind

    permissions.check_can_ask_expert(asker, expert)
    thread = discussions.thread_create(
        author=asker,
        topic=topic,
        kind=ThreadKind.QUESTION,
        title=title,
        body=body,
        language=language,
    )
    discussions.follow_thread(expert, thread)
    # The expert gets the email about the question addressed to them, not also the one
    # every follower of the topic gets about a new thread.
    discussions.notifications_withdraw(post=thread.opening_post, member=expert)
    question = ExpertQuestion.objects.create(thread=thread, expert=expert)
    from .tasks import notify_expert

    enqueue(notify_expert, question.pk)
    return thread


@transaction.atomic
def expert_conversation_start(*, asker, expert, subject: str, body: str) -> Conversation:
    """The private way to ask an expert: a conversation between the two of them."""
    permissions.check_can_ask_expert(asker, expert)
    return conversation_start(starter=asker, others=[expert], subject=subject, body=body)


def expert_notify(*, question_id: int) -> bool:
    """Email the expert about a question addressed to them, once (the row is locked and marked)."""
    from cop.mail import send_templated_email
    from cop.sites import absolute_url

    with transaction.atomic():
        question = (
            ExpertQuestion.objects.select_for_update(of=("self",))
            .select_related("expert", "thread__author", "thread__topic")
            .filter(pk=question_id, notified_at__isnull=True)
            .first()
        )
        if question is None:
            return False
        thread = question.thread
        expert = question.expert
        question.notified_at = timezone.now()
        question.save(update_fields=["notified_at", "updated_at"])
        if thread.is_hidden or not is_approved_member(expert):
            return False
        language = expert.preferred_language
        with translation.override(language):
            url = absolute_url(thread.get_absolute_url())
            topic_name = thread.topic.name
            asker_name = thread.author.display_name
        title, title_language = thread.title, thread.language
        if language != thread.language and thread.title_translation:
            title, title_language = thread.title_translation, language
        send_templated_email(
            template="conversations/email/expert_question",
            user=expert,
            unsubscribe=UnsubscribeScope.MESSAGES,
            context={
                "asker_name": asker_name,
                "title": title,
                "title_language": title_language,
                "topic_name": topic_name,
                "url": url,
            },
        )
    return True
