"""The library in the site search (`cop.search.providers`): published documents the reader
may read, matched on their titles, summaries and texts in both languages.

The index (`Document.search_document`/`search_vector`) holds the current published
version only (`services.documents.search_fields`, written when a version is published),
analysed by `cop.search.text.index_text`: queries meet it with the same Arabic folding
and light stemming and the same English stems as the discussions. Working texts (drafts,
revisions in review) are never indexed, so no search can reach them.
"""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cop.languages import direction
from cop.pagination import paginate
from cop.search import db
from cop.search.providers import SearchProvider
from cop.search.query import Query
from cop.search.text import highlight, plain_text
from discussions.selectors import visible_topics

from . import selectors
from .models import DocumentKind

DOCUMENTS_PER_PAGE = 15


def matching_documents(viewer, query: Query, *, filters: dict) -> QuerySet:
    """Published documents `viewer` may read that match `query` and `filters`, each with a
    `rank`."""
    documents = selectors.published_documents(viewer)
    if filters.get("language"):
        documents = documents.filter(current_version__language=filters["language"])
    if filters.get("kind"):
        documents = documents.filter(kind=filters["kind"])
    if filters.get("topic"):
        documents = documents.filter(topics=filters["topic"])
    return documents.filter(db.matches(query)).annotate(rank=db.rank(query))


def _excerpt(document, query: Query) -> None:
    version = document.shown
    document.excerpt = highlight(
        f"{version.shown_summary} {plain_text(version.shown_html)}".strip(), query.stems
    )
    document.excerpt_language = version.shown_language
    if "<mark>" not in document.excerpt and version.is_translated:
        # The words matched the original, not the translation shown.
        document.excerpt = highlight(
            f"{version.summary} {plain_text(version.body_html)}".strip(), query.stems
        )
        document.excerpt_language = version.language
    document.excerpt_dir = direction(document.excerpt_language)


def document_hits(viewer, query: Query, *, filters: dict, page_number, language: str):
    """A page of matching documents, best first (two queries: the count and the page)."""
    documents = (
        matching_documents(viewer, query, filters=filters)
        .select_related("current_version")
        .order_by("-rank", "-first_published_at", "-id")
    )
    page = paginate(documents, page_number, DOCUMENTS_PER_PAGE)
    page.object_list = selectors.decorate_list(list(page.object_list), language)
    for document in page.object_list:
        _excerpt(document, query)
    return page


class LibrarySearch(SearchProvider):
    key = "library"
    label = _("Library")
    results_template = "library/_search_results.html"

    def filter_fields(self, viewer):
        return {
            "kind": forms.ChoiceField(
                label=pgettext_lazy("document", "Kind"),
                choices=[("", _("All kinds")), *DocumentKind.choices],
            ),
            "topic": forms.ModelChoiceField(
                label=_("Topic"), queryset=visible_topics(viewer), empty_label=_("All topics")
            ),
        }

    def search(self, viewer, query, *, filters, page_number, language):
        return document_hits(
            viewer, query, filters=filters, page_number=page_number, language=language
        )

    def count(self, viewer, query, *, filters):
        return matching_documents(viewer, query, filters=filters).count()


provider = LibrarySearch()
