"""Storing and matching `cop.search.text.index_text` output: PostgreSQL's full text
where there is one, the stems column elsewhere. What an app's search needs besides
its own filters."""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, FloatField, Q, Value


def full_text() -> bool:
    """PostgreSQL's full text (a GIN-indexed vector) or, elsewhere, the stems column."""
    return connection.vendor == "postgresql"


def search_vector(*weighted: tuple[str, str]):
    """The vector of stems (`index_text` output) for an UPDATE, each text with its weight
    ("A" for titles … "D"). The `simple` configuration only splits: stemming is done."""
    vector = None
    for text, weight in weighted:
        part = SearchVector(Value(text), config="simple", weight=weight)
        vector = part if vector is None else vector + part
    return vector


def ts_query(query) -> SearchQuery:
    """A `Query` (or one of its groups) as PostgreSQL's query."""
    return SearchQuery(query.tsquery(), config="simple", search_type="raw")


def matches(query, *, vector: str = "search_vector", document: str = "search_document") -> Q:
    """Rows whose text holds `query` (a `Query` or one `Group`)."""
    if full_text():
        return Q(**{vector: ts_query(query)})
    return query.fallback_q(document)


def rank(query, *, vector: str = "search_vector"):
    """How well a row matches, for ordering (no ranking without full text)."""
    if full_text():
        return SearchRank(F(vector), ts_query(query))
    return Value(0.0, output_field=FloatField())
