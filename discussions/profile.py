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
        # Visitors signing up and applicants see the public topics only.
        return visible_topics(member or AnonymousUser())

    def form_field(self, member) -> forms.Field:
        return forms.ModelMultipleChoiceField(
            label=self.label,
            queryset=self._offered(member),
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
