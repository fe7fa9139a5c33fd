"""The search document and vector of a post, kept current by the writing services."""

from cop.search import db
from cop.search.text import index_text, plain_text

from ..models import Post, Thread


def search_texts(*, post: Post, thread: Thread) -> tuple[str, str]:
    """The stems of the titles (opening post only) and bodies that a post is searched by."""
    titles = ""
    if post.parent_id is None:
        titles = index_text(f"{thread.title} {thread.title_translation}")
    bodies = index_text(f"{plain_text(post.body_html)} {plain_text(post.translation_html)}")
    return titles, bodies


def search_fields(*, post: Post, thread: Thread) -> dict:
    """The search document of `post` (stems, `cop.search.text.index_text`) and, on
    PostgreSQL, its vector expression.

    The opening post carries its thread's titles, weighted above the bodies.
    The `simple` configuration only splits the stems: the stemming of both
    languages is done once, in Python, the same for the query.
    """
    titles, bodies = search_texts(post=post, thread=thread)
    fields = {"search_document": f"{titles} {bodies}".strip()}
    if db.full_text():
        fields["search_vector"] = db.search_vector((titles, "A"), (bodies, "B"))
    return fields


def post_search_reindex(*, post: Post, thread: Thread | None = None, **also) -> None:
    """Rebuild the search document and vector of `post` (with `also`, in the same UPDATE)."""
    fields = search_fields(post=post, thread=thread or post.thread)
    Post.objects.filter(pk=post.pk).update(**fields, **also)
    post.search_document = fields["search_document"]
