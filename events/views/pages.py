"""Members' pages: lists, the month calendar, an event, a series; registering."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cop.pagination import paginate
from cop.rules import refusal as refusal_reason
from cop.uploads import download_response
from members.permissions import focal_point_country_id, is_facilitator

from .. import permissions, selectors, services
from ..forms import EventFilterForm
from ..models import Material, RegistrationStatus
from ._common import PAGE_SIZE, refused, zone_context


# --- Lists and calendar ------------------------------------------------------------
@require_GET
def index(request, past=False):
    form = EventFilterForm(request.GET or None, viewer=request.user)
    valid = not form.is_bound or form.is_valid()
    filters = form.cleaned_data if form.is_bound and valid else {}
    events = selectors.events_for(
        viewer=request.user,
        past=past,
        kind=filters.get("kind", ""),
        topic=filters.get("topic"),
        series=filters.get("series"),
    )
    page = paginate(events if valid else events.none(), request.GET.get("page"), PAGE_SIZE)
    context = {
        "form": form,
        "page": page,
        "past": past,
        **zone_context(request),
    }
    return render(request, "events/index.html", context, status=200 if valid else 400)


@require_GET
def month(request, year=None, month=None):
    today = timezone.localdate()
    year, month = year or today.year, month or today.month
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise Http404
    weeks, count = selectors.month_grid(
        viewer=request.user, year=year, month=month, zone_name=timezone.get_current_timezone_name()
    )
    first = date(year, month, 1)
    previous = date(year - 1, 12, 1) if month == 1 else date(year, month - 1, 1)
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    context = {
        "weeks": weeks,
        "count": count,
        "first": first,
        "previous": previous,
        "following": following,
        "today": today,
        "weekdays": [
            (
                WEEKDAYS[(selectors.first_weekday() + i) % 7],
                WEEKDAYS_ABBR[(selectors.first_weekday() + i) % 7],
            )
            for i in range(7)
        ],
        **zone_context(request),
    }
    return render(request, "events/month.html", context)


# --- One event ----------------------------------------------------------------------
@require_GET
def detail(request, pk):
    event = selectors.event_for(viewer=request.user, pk=pk)
    registration = selectors.registration_of(member=request.user, event=event)
    seats_taken = selectors.seats_taken(event)
    context = {
        "event": event,
        "registration": registration,
        "seats_taken": seats_taken,
        "seats_left": None if event.capacity is None else max(event.capacity - seats_taken, 0),
        "waitlist_position": selectors.waitlist_position(registration),
        "registration_refusal": refusal_reason(permissions.check_can_register, request.user, event),
        "can_unregister": registration is not None
        and registration.status != RegistrationStatus.CANCELLED
        and permissions.can_unregister(request.user, event),
        "show_join": permissions.can_see_join_details(request.user, event, registration),
        "show_materials": permissions.can_view_materials(request.user, event),
        "can_view_registrations": permissions.can_view_registrations(request.user, event),
        "can_take_attendance": permissions.can_take_attendance(request.user, event),
        "can_nominate": event.takes_nominations
        and (is_facilitator(request.user) or focal_point_country_id(request.user) is not None),
        **zone_context(request),
    }
    return render(request, "events/detail.html", context)


@require_POST
@login_required
def register(request, pk):
    event = selectors.event_for(viewer=request.user, pk=pk)
    try:
        registration = services.registration_create(event=event, member=request.user)
    except PermissionDenied as error:
        return refused(request, error, reverse("events:detail", args=[pk]))
    if registration.status == RegistrationStatus.REGISTERED:
        messages.success(request, _("You are registered. A confirmation is on its way by email."))
    else:
        messages.info(
            request,
            _(
                "The event is full: you are on the waiting list. You will get an email if a seat frees up."
            ),
        )
    return redirect("events:detail", pk=pk)


@require_POST
@login_required
def unregister(request, pk):
    event = selectors.event_for(viewer=request.user, pk=pk)
    try:
        services.registration_cancel(event=event, member=request.user)
    except PermissionDenied as error:
        return refused(request, error, reverse("events:detail", args=[pk]))
    messages.success(request, _("You are no longer registered for this event."))
    return redirect("events:detail", pk=pk)


@require_GET
@login_required
def join(request, pk):
    """Send a registered member to the online meeting (the link is never shown to others)."""
    event = selectors.event_for(viewer=request.user, pk=pk)
    registration = selectors.registration_of(member=request.user, event=event)
    permissions.check_can_see_join_details(request.user, event, registration)
    if not event.join_url:
        raise Http404
    response = HttpResponseRedirect(event.join_url)
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
@login_required
def material(request, pk, material_pk):
    event = selectors.event_for(viewer=request.user, pk=pk)
    permissions.check_can_view_materials(request.user, event)
    item = get_object_or_404(Material, pk=material_pk, event=event)
    if not item.file:
        return HttpResponseRedirect(item.url)
    return download_response(item.file, name=item.file.name.rsplit("/", 1)[-1])


# --- Series -----------------------------------------------------------------------------
@require_GET
def series_detail(request, pk):
    series = selectors.series_for(viewer=request.user, pk=pk)
    sessions = selectors.events_for(viewer=request.user, series=series)
    past = selectors.events_for(viewer=request.user, series=series, past=True)[:6]
    registered = (
        request.user.is_authenticated and series.registrations.filter(member=request.user).exists()
    )
    context = {
        "series": series,
        "sessions": sessions,
        "past_sessions": past,
        "registered": registered,
        "can_register": permissions.can_register_series(request.user, series),
        **zone_context(request),
    }
    return render(request, "events/series_detail.html", context)


@require_POST
@login_required
def series_register(request, pk):
    series = selectors.series_for(viewer=request.user, pk=pk)
    try:
        services.series_register(series=series, member=request.user)
    except PermissionDenied as error:
        return refused(request, error, reverse("events:series", args=[pk]))
    messages.success(
        request,
        _("You are registered for the whole series, including the sessions that will be added."),
    )
    return redirect("events:series", pk=pk)


@require_POST
@login_required
def series_unregister(request, pk):
    series = selectors.series_for(viewer=request.user, pk=pk)
    services.series_unregister(series=series, member=request.user)
    messages.success(request, _("You have left the series and its upcoming sessions."))
    return redirect("events:series", pk=pk)
