"""The conversations app's part of a member's data export and of closing their account.

The `privacy` hook (see `cop.plugins`). The export holds every conversation
the member is or was in: the messages they can read there (all of a
conversation they are still in; their own in one they left), who was in it,
and the flags they raised. On closing, the member leaves every conversation
(it disappears for them; the others keep it, their messages attributed to
"former member"), their resolved flags go and their open flags lose their note.
Questions addressed to them as an expert stay with the public thread.
"""

from cop.sites import absolute_url

from .models import Conversation, ExpertQuestion, Message, MessageFlag, Participant


def _iso(value):
    return value.isoformat() if value else None


def member_data(member) -> dict:
    memberships = (
        Participant.objects.filter(member=member).select_related("conversation").order_by("pk")
    )
    conversations = []
    for participant in memberships:
        conversation: Conversation = participant.conversation
        messages = Message.objects.filter(conversation=conversation).select_related("author")
        if participant.left_at is not None:
            messages = messages.filter(author=member)
        conversations.append(
            {
                "subject": conversation.subject,
                "url": absolute_url(conversation.get_absolute_url()),
                "joined": _iso(participant.created_at),
                "left": _iso(participant.left_at),
                "people": [
                    p.member.display_name
                    for p in conversation.participants.select_related("member").order_by("pk")
                ],
                "messages": [
                    {
                        "by_you": message.author_id == member.pk,
                        "author": message.author.display_name,
                        "written": _iso(message.created_at),
                        "text": message.body,
                    }
                    for message in messages.order_by("pk")
                ],
            }
        )
    return {
        "conversations": conversations,
        "messages_flagged": [
            {
                "message": flag.message_id,
                "reason": flag.reason,
                "note": flag.note,
                "status": flag.status,
                "raised": _iso(flag.created_at),
            }
            for flag in MessageFlag.objects.filter(reporter=member).order_by("created_at", "pk")
        ],
        "questions_received_as_expert": [
            {"thread": question.thread_id, "asked": _iso(question.created_at)}
            for question in ExpertQuestion.objects.filter(expert=member).order_by("pk")
        ],
    }


def member_closed(member) -> None:
    """Leave every conversation; forget resolved flags, and the notes of open ones."""
    from django.utils import timezone

    Participant.objects.filter(member=member, left_at__isnull=True).update(
        left_at=timezone.now(), updated_at=timezone.now()
    )
    MessageFlag.objects.filter(reporter=member, status=MessageFlag.Status.RESOLVED).delete()
    MessageFlag.objects.filter(reporter=member, status=MessageFlag.Status.OPEN).update(note="")
