"""Every write the discussions app makes."""

from django.db import transaction

from .models import TopicFollow


@transaction.atomic
def topics_set_followed(*, member, topics) -> None:
    """Make `topics` exactly the topics `member` follows (their topics of interest)."""
    wanted = {topic.pk for topic in topics}
    TopicFollow.objects.filter(member=member).exclude(topic_id__in=wanted).delete()
    existing = set(
        TopicFollow.objects.filter(member=member, topic_id__in=wanted).values_list(
            "topic_id", flat=True
        )
    )
    TopicFollow.objects.bulk_create(
        [TopicFollow(member=member, topic_id=pk) for pk in wanted - existing],
        ignore_conflicts=True,
    )

