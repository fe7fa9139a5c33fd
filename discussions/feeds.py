"""An Atom feed of the latest threads of each public topic."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from cop.languages import current_language
from cop.sites import absolute_url

from . import permissions
from .models import Thread, Topic
from .selectors import localise_post, localise_thread

FEED_ITEMS = 30
# Feed readers cannot sign in: a feed shows what a visitor may read, whoever asks for it.
FEED_READER = AnonymousUser()


class TopicFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug):
        topic = get_object_or_404(Topic, slug=slug)
        if not permissions.can_read_topic(FEED_READER, topic):
            raise Http404  # members-only topics have no feed (and a feed reader cannot sign in)
        return topic

    def title(self, topic):
        return _("%(topic)s · MENA CoP discussions") % {"topic": topic.name}

    # Links are absolute on SITE_URL (Django would use the request's host and scheme).
    def link(self, topic):
        return absolute_url(reverse("discussions:topic", args=[topic.slug]))

    def feed_url(self, topic):
        return absolute_url(reverse("discussions:topic_feed", args=[topic.slug]))

    def item_link(self, thread):
        return absolute_url(thread.get_absolute_url())

    def subtitle(self, topic):
        return topic.description

    def items(self, topic):
        language = current_language()
        threads = (
            Thread.objects.filter(permissions.readable_threads(FEED_READER), topic=topic)
            .select_related("author", "opening_post")
            .order_by("-created_at", "-id")[:FEED_ITEMS]
        )
        for thread in threads:
            localise_thread(thread, language)
            localise_post(thread.opening_post, language)
        return threads

    def item_title(self, thread):
        return thread.shown_title

    def item_description(self, thread):
        # Already sanitised when it was written.
        return thread.opening_post.shown_html

    def item_author_name(self, thread):
        return thread.author.display_name

    def item_pubdate(self, thread):
        return thread.created_at

    def item_updateddate(self, thread):
        return thread.last_activity_at
