"""The discussions app on members' profiles: topics of interest (see `cop.profiles`).

A member's topics of interest are the topics they follow: choosing one in the
profile follows it, and new threads in it reach them.
"""

from collections import defaultdict

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cop.home import Panel
from cop.languages import current_language
from cop.profiles import ProfileField

from .models import Post, Thread, Topic, TopicFollow
from .permissions import readable_posts, readable_threads
from .selectors import localise_post, localise_thread, visible_topics
from .services import topics_set_followed
from .text import plain_text


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


RECENT_ON_PROFILE = 5


def profile_panels(member, viewer) -> list[Panel]:
    """A member's recent posts and accepted answers, as far as `viewer` may read them.

    Two queries: the latest posts (with their threads), the latest questions
    whose accepted answer they wrote.
    """
    language = current_language()
    posts = list(
        Post.objects.filter(readable_posts(viewer), author=member)
        .filter(is_hidden=False, thread__is_hidden=False)
        .select_related("thread")
        .order_by("-created_at", "-pk")[:RECENT_ON_PROFILE]
    )
    for post in posts:
        localise_thread(post.thread, language)
        localise_post(post, language)
        post.excerpt = Truncator(plain_text(post.shown_html)).chars(160)
    answered = list(
        Thread.objects.filter(readable_threads(viewer), accepted_answer__author=member)
        .filter(accepted_answer__is_hidden=False)
        .order_by("-accepted_answer__created_at", "-pk")[:RECENT_ON_PROFILE]
    )
    for thread in answered:
        localise_thread(thread, language)
    panels = [
        Panel(
            title=_("Recent posts"),
            template="discussions/_profile_posts.html",
            context={"posts": posts},
            slug="recent-posts",
        )
    ]
    if answered:
        panels.append(
            Panel(
                title=_("Accepted answers"),
                template="discussions/_profile_answers.html",
                context={"threads": answered},
                slug="accepted-answers",
            )
        )
    return panels
