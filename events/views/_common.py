"""What the events views share: the reader's zone, refusals, calendar responses.

Times are in the reader's zone through `members.middleware.TimeZoneMiddleware`.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from cop.timezones import zone_city

PAGE_SIZE = 20


def zone_context(request) -> dict:
    """The zone the platform's middleware shows this request's times in, and its city."""
    name = timezone.get_current_timezone_name()
    return {"zone_name": name, "zone_city": zone_city(name)}


def refused(request, error, target: str):
    """Say why an action was refused, on the page the member came from."""
    messages.error(request, " ".join(error.messages) if hasattr(error, "messages") else str(error))
    return redirect(target)


def ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
