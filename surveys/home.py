from django.utils.translation import gettext as _

from cop.home import Panel

from . import selectors
from .permissions import may_answer_surveys
from .results import home as results_home

SHOWN = 5


def home_panels(request):
    """The member's open surveys not yet sent (the intake first while it is not done)."""
    user = request.user
    if not may_answer_surveys(user):
        return []
    surveys = list(selectors.open_surveys_for(viewer=user)[:SHOWN])
    return [
        Panel(
            title=_("Open surveys"),
            template="surveys/_home_panel.html",
            context={"surveys": surveys},
            slug="surveys",
        )
    ]


# A focal point also gets their country's response rate (surveys.results.home).
_answering_panels = home_panels


def home_panels(request):
    return _answering_panels(request) + results_home.home_panels(request)
