"""The glossary as the query parser needs it, read once per request."""

from .models import GlossaryTerm
from .query import Query, notions_from, parse


def glossary_notions():
    """Every glossary term, analysed (one query)."""
    return notions_from(GlossaryTerm.objects.all())


def query_from(text: str) -> Query:
    """`text` analysed and widened through the glossary: what providers search with."""
    return parse(text, glossary_notions())
