"""The focal point's home panel: their country's response rate to each open survey."""

from django.utils.translation import gettext as _

from cop.home import Panel
from members.permissions import focal_point_country_id

from . import selectors


def home_panels(request) -> list[Panel]:
    user = request.user
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
