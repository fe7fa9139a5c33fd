"""Home panels: the member's open surveys; a facilitator's way to the results; a focal
point's country response rate to the open surveys."""

from django.utils.translation import gettext as _

from cop.home import Panel
from members.permissions import focal_point_country_id, is_facilitator

from . import selectors
from .permissions import may_answer_surveys
from .results import selectors as results_selectors

SHOWN = 5


def home_panels(request) -> list[Panel]:
    user = request.user
    panels = []
    if may_answer_surveys(user):
        # The open surveys not yet sent (the intake first while it is not done).
        panels.append(
            Panel(
                title=_("Open surveys"),
                template="surveys/_home_panel.html",
                context={"surveys": list(selectors.open_surveys_for(viewer=user)[:SHOWN])},
                slug="surveys",
            )
        )
    if is_facilitator(user):
        panels.append(
            Panel(
                title=_("Survey results"),
                template="surveys/_results_home_facilitator.html",
                context={"surveys": results_selectors.latest_surveys_with_respondents()},
                slug="survey-results",
            )
        )
    elif focal_point_country_id(user):
        country = user.focal_point_of
        panels.append(
            Panel(
                title=_("Survey response in %(country)s") % {"country": country.name},
                template="surveys/_results_home_panel.html",
                context={
                    "country": country,
                    "rows": results_selectors.country_rates_for_open_surveys(country=country),
                },
                slug="survey-response-rate",
            )
        )
    return panels
