"""Reads of the conversations app, always scoped to the person reading.

Nothing here returns a conversation, a message or a participant list to
someone who is not a current participant: the scoping is in the query itself,
so a forgotten check cannot leak a row.
"""

from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404

from cop.pagination import paginate

from .models import Conversation, Message, Participant

CONVERSATIONS_PER_PAGE = 20
MESSAGES_PER_PAGE = 30
HOME_CONVERSATIONS = 5


def _active_participants() -> Prefetch:
    return Prefetch(
        "conversation__participants",
        queryset=Participant.objects.filter(left_at__isnull=True)
        .select_related("member")
        .order_by("pk"),
        to_attr="people",
    )


def inbox_for(viewer) -> QuerySet:
    """The viewer's conversations (as their `Participant` rows), newest activity first.

    Each row has `unread`: messages of others written after the last one the
    viewer saw. One query for the whole list, whatever its length.
    """
    unread = Q(conversation__messages__id__gt=F("last_read_id")) & ~Q(
        conversation__messages__author_id=viewer.pk
    )
    return (
        Participant.objects.filter(member_id=viewer.pk, left_at__isnull=True)
        .select_related("conversation")
        .annotate(unread=Count("conversation__messages", filter=unread))
        .order_by("-conversation__last_message_at", "-conversation_id")
    )


def with_people(participants) -> list:
    """Load who else is in each conversation (one query for the whole page)."""
    participants = list(participants)
    prefetch_related_objects(participants, _active_participants())
    for row in participants:
        row.others = [p.member for p in row.conversation.people if p.member_id != row.member_id]
    return participants


def inbox_page(viewer, page_number):
    page = paginate(inbox_for(viewer), page_number, CONVERSATIONS_PER_PAGE)
    page.object_list = with_people(page.object_list)
    return page


def unread_conversations(viewer, *, limit: int = HOME_CONVERSATIONS) -> list:
    """The viewer's conversations with unread messages, for the home page."""
    return with_people(inbox_for(viewer).filter(unread__gt=0)[:limit])


def conversation_for(viewer, pk) -> Conversation:
    """The conversation `pk` if `viewer` is in it now; 404 otherwise, exactly as for no such id.

    The viewer's own `Participant` row is kept as `viewer_participant`.
    """
    if not viewer.is_authenticated:
        raise Http404
    participant = (
        Participant.objects.select_related("conversation")
        .filter(conversation_id=pk, member_id=viewer.pk, left_at__isnull=True)
        .first()
    )
    if participant is None:
        raise Http404
    conversation = participant.conversation
    conversation.viewer_participant = participant
    return conversation


def people_in(conversation) -> list:
    """The current participants' member rows, in the order they joined."""
    return [
        p.member
        for p in Participant.objects.filter(conversation=conversation, left_at__isnull=True)
        .select_related("member")
        .order_by("pk")
    ]


def messages_page(conversation, page_number):
    """A page of the conversation, oldest first; without a page number, the latest page."""
    messages = (
        Message.objects.filter(conversation=conversation).select_related("author").order_by("pk")
    )
    if page_number is None:
        paginator = Paginator(messages, MESSAGES_PER_PAGE)
        page = paginator.page(paginator.num_pages)
    else:
        page = paginate(messages, page_number, MESSAGES_PER_PAGE)
    last_read = conversation.viewer_participant.last_read_id
    for message in page.object_list:
        message.is_unread = message.pk > last_read and message.author_id != (
            conversation.viewer_participant.member_id
        )
    return page


def message_for(viewer, pk) -> Message:
    """One message, if `viewer` is currently in its conversation (404 otherwise)."""
    if not viewer.is_authenticated:
        raise Http404
    message = (
        Message.objects.select_related("conversation", "author")
        .filter(
            pk=pk,
            conversation__participants__member_id=viewer.pk,
            conversation__participants__left_at__isnull=True,
        )
        .first()
    )
    if message is None:
        raise Http404
    message.conversation.viewer_participant = Participant.objects.get(
        conversation_id=message.conversation_id, member_id=viewer.pk
    )
    return message


def recipients_for(viewer, ids) -> list:
    """The people among `ids` whom `viewer` may write to (approved members, not themselves)."""
    from django.contrib.auth import get_user_model

    from members.permissions import approved_members_q

    if not ids:
        return []
    people = {
        person.pk: person
        for person in get_user_model()
        .objects.filter(approved_members_q(), pk__in=ids)
        .exclude(pk=viewer.pk)
    }
    return [people[pk] for pk in ids if pk in people]


PEOPLE_FOUND = 10


def people_matching(viewer, query: str) -> list:
    """Members whose name matches `query`, as the directory finds them (never oneself)."""
    from members.selectors import directory_for

    return list(directory_for(viewer=viewer, q=query).exclude(pk=viewer.pk)[:PEOPLE_FOUND])


def topics_to_ask_in(viewer):
    """Topics where `viewer` may start a thread (a public question goes into one)."""
    from discussions.selectors import visible_topics

    return visible_topics(viewer).order_by("position", "slug")
