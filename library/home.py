from django.utils.translation import gettext as _

from cop.home import Panel
from cop.languages import current_language
from members.permissions import is_approved_member

from . import selectors

SHOWN = 5


def _latest(request):
    documents = list(
        selectors.published_documents(request.user)
        .select_related("current_version")
        .order_by("-current_version__published_at", "-id")[:SHOWN]
    )
    return selectors.decorate_list(documents, current_language())


def home_panels(request):
    """New in the library, and the member's own documents in progress."""
    if not is_approved_member(request.user):
        return []
    return [
        Panel(
            title=_("New in the library"),
            template="library/_home_panel.html",
            context={
                "documents": _latest(request),
                "working": list(selectors.working_documents(request.user)[:SHOWN]),
            },
            slug="library",
        )
    ]


def landing_panels(request):
    """Visitors: the latest public documents."""
    return [
        Panel(
            title=_("From the library"),
            template="library/_home_panel.html",
            context={"documents": _latest(request), "working": []},
            slug="library",
        )
    ]
