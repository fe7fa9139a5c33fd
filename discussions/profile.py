"""The discussions app on members' profiles: topics of interest (see `cop.profiles`).

A member's topics of interest are the topics they follow: choosing one in the
profile follows it, and new threads in it reach them.
"""

from collections import defaultdict

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cop.profiles import ProfileField

from .models import Topic, TopicFollow
from .selectors import visible_topics
from .services import topics_set_followed


class TopicsOfInterest(ProfileField):
    name = "topics"
    filter_name = "topic"
    label = _("Topics of interest")

    def _offered(self, member):
        """The topics `member` may choose: those they can read, and those they already follow.

        A visitor signing up sees the public topics only (the names they can
        already read): members-only topics are not named to anyone before approval.
        """
        if member is None:
            return visible_topics(AnonymousUser())
        return (visible_topics(member) | Topic.objects.filter(follows__member=member)).distinct()

    def form_field(self, member) -> forms.Field | None:
        offered = self._offered(member)
        if not offered.exists():
            return None  # nothing to choose yet (no public topic, at signup): no empty box
        return forms.ModelMultipleChoiceField(
            label=self.label,
            queryset=offered,
            widget=forms.CheckboxSelectMultiple,
            required=False,
            help_text=_("You will follow these topics; you can change them at any time."),
        )

    def initial(self, member):
        return list(TopicFollow.objects.filter(member=member).values_list("topic_id", flat=True))

    def save(self, member, value) -> None:
        topics_set_followed(member=member, topics=value, among=self._offered(member))

    def shown(self, members, *, viewer) -> dict[int, list[str]]:
        follows = (
            TopicFollow.objects.filter(member__in=members, topic__in=visible_topics(viewer))
            .select_related("topic")
            .order_by("topic__position", "topic__slug")
        )
        names = defaultdict(list)
        for follow in follows:
            names[follow.member_id].append(follow.topic.name)
        return names

    def filter_field(self) -> forms.Field:
        return forms.ModelChoiceField(
            label=_("Topic of interest"),
            queryset=Topic.objects.all(),
            to_field_name="slug",
            required=False,
            empty_label=pgettext_lazy("topic filter", "All topics"),
        )

    def filter(self, queryset, value):
        return queryset.filter(topic_follows__topic=value)


def profile_fields() -> list[ProfileField]:
    return [TopicsOfInterest()]
