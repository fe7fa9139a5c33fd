"""An Atom feed of the latest threads of each public topic."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from cop.languages import current_language

from .models import Thread, Topic
from .selectors import localise_post, localise_thread

FEED_ITEMS = 30


class TopicFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug):
        topic = get_object_or_404(Topic, slug=slug)
        if not topic.is_public:
            # Members-only topics have no feed: feed readers cannot sign in.
            raise Http404
        return topic

    def title(self, topic):
        return _("%(topic)s · MENA CoP discussions") % {"topic": topic.name}

    def link(self, topic):
        return reverse("discussions:topic", args=[topic.slug])

    def subtitle(self, topic):
        return topic.description

    def items(self, topic):
        language = current_language()
        threads = (
            Thread.objects.filter(topic=topic, is_hidden=False)
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
