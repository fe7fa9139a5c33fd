"""Following threads and topics (a member's topics of interest are their topic follows)."""

from django.db import transaction

from members.permissions import check_can_participate

from ..models import Thread, ThreadFollow, Topic, TopicFollow


def follow_thread(member, thread) -> None:
    ThreadFollow.objects.get_or_create(member=member, thread=thread)


@transaction.atomic
def thread_set_followed(*, member, thread: Thread, follow: bool) -> None:
    if follow:
        check_can_participate(member)
        follow_thread(member, thread)
    else:
        ThreadFollow.objects.filter(member=member, thread=thread).delete()


@transaction.atomic
def topic_set_followed(*, member, topic: Topic, follow: bool) -> None:
    if follow:
        check_can_participate(member)
        TopicFollow.objects.get_or_create(member=member, topic=topic)
    else:
        TopicFollow.objects.filter(member=member, topic=topic).delete()


@transaction.atomic
def topics_set_followed(*, member, topics, among=None) -> None:
    """Make `topics` exactly the topics `member` follows (their topics of interest).

    With `among` (a queryset of topics), only those are changed: a form that
    offered some topics leaves the others as they were.
    """
    wanted = {topic.pk for topic in topics}
    dropped = TopicFollow.objects.filter(member=member).exclude(topic_id__in=wanted)
    if among is not None:
        dropped = dropped.filter(topic__in=among)
    dropped.delete()
    existing = set(TopicFollow.objects.filter(member=member).values_list("topic_id", flat=True))
    TopicFollow.objects.bulk_create(
        [TopicFollow(member=member, topic_id=pk) for pk in wanted - existing]
    )
