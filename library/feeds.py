"""An Atom feed of the library's public documents (their latest versions)."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from cop.languages import current_language
from cop.sites import absolute_url

from . import selectors

FEED_ITEMS = 30
# Feed readers cannot sign in: the feed shows what a visitor may read, whoever asks.
FEED_READER = AnonymousUser()


class PublicDocumentsFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("MENA CoP library")

    def subtitle(self):
        return _("Policy notes, good practices and training materials written by practitioners.")

    def link(self):
        return absolute_url(reverse("library:index"))

    def feed_url(self):
        return absolute_url(reverse("library:feed"))

    def items(self):
        documents = (
            selectors.published_documents(FEED_READER)
            .select_related("current_version")
            .order_by("-current_version__published_at", "-id")[:FEED_ITEMS]
        )
        return [selectors.localise(d.current_version, current_language()) for d in documents]

    def item_title(self, version):
        return version.shown_title

    def item_description(self, version):
        # Sanitised when it was written.
        return version.shown_html

    def item_link(self, version):
        return absolute_url(reverse("library:document", args=[version.document_id]))

    def item_guid(self, version):
        return absolute_url(version.get_absolute_url())

    def item_author_name(self, version):
        return ", ".join(selectors.author_names(version, current_language()))

    def item_pubdate(self, version):
        return version.published_at

    def item_updateddate(self, version):
        return version.published_at
