"""The search document and vector of a post, kept current by the writing services."""

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import Value

from ..models import Post, Thread
from ..text import fold_for_search, plain_text


def search_texts(*, post: Post, thread: Thread) -> tuple[str, str]:
    """The folded titles (opening post only) and bodies that a post is searched by."""
    titles = ""
    if post.parent_id is None:
        titles = fold_for_search(f"{thread.title} {thread.title_translation}")
    bodies = fold_for_search(f"{plain_text(post.body_html)} {plain_text(post.translation_html)}")
    return titles, bodies


def search_fields(*, post: Post, thread: Thread) -> dict:
    """The normalised search document of `post` and, on PostgreSQL, its vector expression.

    The opening post carries its thread's titles, weighted above the bodies.
    English words are stemmed (`english`); Arabic goes through `simple` on
    text already folded by `text.fold_for_search`, the same folding queries get.
    """
    titles, bodies = search_texts(post=post, thread=thread)
    fields = {"search_document": f"{titles} {bodies}".strip()}
    if connection.vendor == "postgresql":
        fields["search_vector"] = (
            SearchVector(Value(titles), config="english", weight="A")
            + SearchVector(Value(titles), config="simple", weight="A")
            + SearchVector(Value(bodies), config="english", weight="B")
            + SearchVector(Value(bodies), config="simple", weight="B")
        )
    return fields


def post_search_reindex(*, post: Post, thread: Thread | None = None, **also) -> None:
    """Rebuild the search document and vector of `post` (with `also`, in the same UPDATE)."""
    fields = search_fields(post=post, thread=thread or post.thread)
    Post.objects.filter(pk=post.pk).update(**fields, **also)
    post.search_document = fields["search_document"]
