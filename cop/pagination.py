"""One way to cut a list into pages, for every list of the platform."""

from django.core.paginator import Page, Paginator
from django.http import Http404


def page_number(value) -> int:
    """A requested page number: a whole number from 1 up (a 404 otherwise)."""
    try:
        number = int(value or 1)
    except (TypeError, ValueError):
        raise Http404 from None
    if number < 1:
        raise Http404
    return number


def paginate(items, number, per_page: int, *, count: int | None = None) -> Page:
    """Page `number` of `items`, `per_page` to a page.

    A page past the end shows the last page: lists shrink between two visits
    (requests approved on a roster, replies hidden in a thread, fewer search
    hits), and a bookmarked "page 4" should land on what is left, not on an
    error. A page that is not a whole number from 1 up is a 404: no link of
    ours makes one. `count`, when the caller knows it, spares counting `items`.
    """
    number = page_number(number)
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count  # a cached_property: the known value is used as is
    return paginator.page(min(number, paginator.num_pages))
