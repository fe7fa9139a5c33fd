"""What the events views share: times in the viewer's zone, refusals, calendar responses."""

import functools

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from cop.timezones import zone_city

from ..timing import viewer_zone, zone

PAGE_SIZE = 20


def in_viewer_zone(view):
    """Show times in the viewer's own zone (the community's for visitors)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        with timezone.override(zone(viewer_zone(request.user))):
            return view(request, *args, **kwargs)

    return wrapper


def zone_context(request) -> dict:
    name = viewer_zone(request.user)
    return {"zone_name": name, "zone_city": zone_city(name)}


def querystring_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def refused(request, error, target: str):
    """Say why an action was refused, on the page the member came from."""
    messages.error(request, " ".join(error.messages) if hasattr(error, "messages") else str(error))
    return redirect(target)


def ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
