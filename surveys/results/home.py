"""Home panels: a focal point's country response rate, a facilitator's way to the results."""

from django.utils.translation import gettext as _

from cop.home import Panel
from members.permissions import focal_point_country_id, is_facilitator

from . import selectors


def home_panels(request) -> list[Panel]:
    user = request.user
    if is_facilitator(user):
        return [
            Panel(
                title=_("Survey results"),
                template="surveys/_results_home_facilitator.html",
                context={"surveys": selectors.latest_surveys_with_respondents()},
                slug="survey-results",
            )
        ]
    if not focal_point_country_id(user):
        return []
    country = user.focal_point_of
    return [
        Panel(
            title=_("Survey response in %(country)s") % {"country": country.name},
            template="surveys/_results_home_panel.html",
            context={
                "country": country,
                "rows": selectors.country_rates_for_open_surveys(country=country),
            },
            slug="survey-response-rate",
        )
    ]
