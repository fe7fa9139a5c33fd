from django.utils import timezone
from django.utils.translation import gettext as _

from cop.home import Panel
from members.permissions import focal_point_country_id, is_approved_member

from . import selectors

SHOWN = 5


def home_panels(request):
    """A member's next events (their local time); a focal point's country at the next event."""
    user = request.user
    if not is_approved_member(user):
        return []
    zone_name = timezone.get_current_timezone_name()  # the reader's, set by the middleware
    panels = [
        Panel(
            title=_("Your next events"),
            template="events/_home_panel.html",
            context={
                "events": list(selectors.next_events_for(member=user, limit=SHOWN)),
                "zone": zone_name,
            },
            slug="events",
        )
    ]
    if focal_point_country_id(user) is not None:
        country = user.focal_point_of
        event, count, people = selectors.country_registrations_next_event(country=country)
        panels.append(
            Panel(
                title=_("Your country at the next event"),
                template="events/_home_country.html",
                context={
                    "event": event,
                    "people": people,
                    "count": count,
                    "country": country,
                    "zone": zone_name,
                },
                slug="events-country",
            )
        )
    return panels


def landing_panels(request):
    """Visitors: the next public events."""
    events = list(selectors.events_for(viewer=request.user)[:SHOWN])
    return [
        Panel(
            title=_("Upcoming events"),
            template="events/_landing_panel.html",
            context={"events": events, "zone": timezone.get_current_timezone_name()},
            slug="events",
        )
    ]
