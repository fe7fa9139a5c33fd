"""Calendar files (.ics per event and per series) and the private feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from .. import calendar, permissions, selectors, services
from ..forms import FeedActionForm
from ..models import CalendarFeed
from ._common import ics_response


@require_GET
def event_ics(request, pk):
    event = selectors.event_for(viewer=request.user, pk=pk)
    registration = selectors.registration_of(member=request.user, event=event)
    body = calendar.event_ics(
        event, with_join_details=permissions.can_see_join_details(request.user, event, registration)
    )
    return ics_response(body, f"event-{event.pk}.ics")


@require_GET
def series_ics(request, pk):
    series = selectors.series_for(viewer=request.user, pk=pk)
    sessions = series.sessions.filter(
        **({} if request.user.is_authenticated else {"is_public": True})
    )
    body = calendar.calendar_bytes(sessions.order_by("start"), name=series.title)
    return ics_response(body, f"series-{series.pk}.ics")


# --- The member's private feed ---------------------------------------------------------------
@never_cache
@require_GET
def feed(request, token):
    """A member's registrations as a calendar; the secret in the URL is the only key."""
    found = CalendarFeed.objects.select_related("member").filter(token=token).first()
    if found is None or not permissions.can_have_calendar_feed(found.member):
        raise Http404
    events = selectors.feed_events_for(member=found.member)
    body = calendar.calendar_bytes(
        events, name=_("My community events"), with_join_details=lambda event: True
    )
    return ics_response(body, "my-events.ics")


@login_required
@require_http_methods(["GET", "POST"])
def feed_manage(request):
    permissions.check_can_have_calendar_feed(request.user)
    if request.method == "POST":
        form = FeedActionForm(request.POST)
        if not form.is_valid():
            return redirect("events:feed_manage")
        if form.cleaned_data["action"] == "revoke":
            services.calendar_feed_revoke(member=request.user)
            messages.success(
                request, _("Your calendar feed is turned off. The old address no longer works.")
            )
        else:
            services.calendar_feed_regenerate(member=request.user)
            messages.success(
                request, _("Your calendar feed has a new address. The old one no longer works.")
            )
        return redirect("events:feed_manage")
    found = CalendarFeed.objects.filter(member=request.user).first()
    url = request.build_absolute_uri(reverse("events:feed", args=[found.token])) if found else ""
    return render(request, "events/feed_manage.html", {"feed_url": url})
