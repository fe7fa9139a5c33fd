"""What an app offers the site search, through its `<app>.search` hook module.

The module has a `provider`, an instance of a `SearchProvider` subclass:

    class DiscussionsSearch(SearchProvider):
        key = "discussions"                 # the value of ?in= that opens this tab
        label = _("Discussions")
        results_template = "discussions/_search_results.html"
        def filter_fields(self, viewer): ...  # the app's own filters, beyond language
        def search(self, viewer, query, *, filters, page_number, language): ...
        def count(self, viewer, query, *, filters): ...

    provider = DiscussionsSearch()

`query` is a `cop.search.query.Query`, already analysed and widened through the
glossary. Apps index their text with `cop.search.text.index_text`, stored in a
text column and, on PostgreSQL, as a vector (`cop.search.db.search_vector`,
GIN-indexed), and match it with `cop.search.db.matches(query)` and order by
`cop.search.db.rank(query)`, which work on both. Excerpts come from
`cop.search.text.highlight(text, query.stems)`.

`filters` is the cleaned data of the search form: `language` ("ar", "en" or ""),
the language an item is written in, is always there; the other keys are the
fields the provider's `filter_fields` returned. Each provider shows only what
`viewer` may read, with a constant number of queries whatever the page size.
"""

from django import forms
from django.core.paginator import Page


class SearchProvider:
    key: str = ""
    label = ""
    results_template = ""

    def filter_fields(self, viewer) -> dict[str, forms.Field]:
        """Extra filter fields (optional, not required) offered when this tab is open."""
        return {}

    def search(self, viewer, query, *, filters: dict, page_number, language: str) -> Page:
        """A page of results (`cop.pagination.paginate`), best first."""
        raise NotImplementedError

    def count(self, viewer, query, *, filters: dict) -> int:
        """How many results the tab would show (one query)."""
        raise NotImplementedError


def search_providers() -> list[SearchProvider]:
    """Every app's provider, in the order of PLATFORM_APPS."""
    from cop.plugins import app_modules

    return [module.provider for module in app_modules("search") if hasattr(module, "provider")]
