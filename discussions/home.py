"""The discussions panel of the member's home page."""

from django.utils.translation import gettext as _

from cop.home import Panel
from cop.languages import current_language
from members.permissions import is_approved_member

from .selectors import followed_activity, localise_thread, threads_for

LANDING_THREADS = 4


def home_panels(request) -> list[Panel]:
    if not is_approved_member(request.user):
        return []
    language = current_language()
    threads = [localise_thread(t, language) for t in followed_activity(request.user)]
    return [
        Panel(
            title=_("New in what you follow"),
            template="discussions/_home_panel.html",
            context={"threads": threads},
            slug="discussions-followed",
        )
    ]


def landing_panels(request) -> list[Panel]:
    """Visitors see the latest threads of the public topics."""
    language = current_language()
    threads = [localise_thread(t, language) for t in threads_for(request.user)[:LANDING_THREADS]]
    if not threads:
        return []
    return [
        Panel(
            title=_("Recent public discussions"),
            template="discussions/_landing_panel.html",
            context={"threads": threads},
            slug="public-discussions",
        )
    ]
