import functools
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cop.timezones import zone_city
from members.permissions import focal_point_country_id, is_facilitator

from . import calendar, exports, permissions, selectors, services
from .forms import EventFilterForm, FeedActionForm, NominationDecisionForm, NominationForm
from .models import CalendarFeed, Material, Nomination, RegistrationStatus
from .timing import viewer_zone, zone

PAGE_SIZE = 20


def in_viewer_zone(view):
    """Show times in the viewer's own zone (the community's for visitors)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        with timezone.override(zone(viewer_zone(request.user))):
            return view(request, *args, **kwargs)

    return wrapper


def _zone(request) -> dict:
    name = viewer_zone(request.user)
    return {"zone_name": name, "zone_city": zone_city(name)}


def _querystring_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _refused(request, error, target: str):
    """Say why an action was refused, on the page the member came from."""
    messages.error(request, " ".join(error.messages) if hasattr(error, "messages") else str(error))
    return redirect(target)


# --- Lists and calendar ------------------------------------------------------------
@require_GET
@in_viewer_zone
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
    page = Paginator(events if valid else events.none(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page": page,
        "past": past,
        "querystring": _querystring_without_page(request),
        **_zone(request),
    }
    return render(request, "events/index.html", context, status=200 if valid else 400)


@require_GET
@in_viewer_zone
def month(request, year=None, month=None):
    today = timezone.localdate()
    year, month = year or today.year, month or today.month
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise Http404
    weeks, count = selectors.month_grid(
        viewer=request.user, year=year, month=month, zone_name=viewer_zone(request.user)
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
        **_zone(request),
    }
    return render(request, "events/month.html", context)


# --- One event ----------------------------------------------------------------------
@require_GET
@in_viewer_zone
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
        "registration_refusal": permissions.registration_refusal(request.user, event),
        "can_unregister": registration is not None
        and registration.status != RegistrationStatus.CANCELLED
        and permissions.unregistration_refusal(request.user, event) is None,
        "show_join": permissions.can_see_join_details(request.user, event, registration),
        "show_materials": permissions.can_view_materials(request.user, event),
        "can_view_registrations": permissions.can_view_registrations(request.user, event),
        "can_take_attendance": permissions.can_take_attendance(request.user, event),
        "can_nominate": event.takes_nominations
        and (is_facilitator(request.user) or focal_point_country_id(request.user) is not None),
        **_zone(request),
    }
    return render(request, "events/detail.html", context)


@require_POST
@login_required
def register(request, pk):
    event = selectors.event_for(viewer=request.user, pk=pk)
    try:
        registration = services.registration_create(event=event, member=request.user)
    except PermissionDenied as error:
        return _refused(request, error, reverse("events:detail", args=[pk]))
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
        return _refused(request, error, reverse("events:detail", args=[pk]))
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
def event_ics(request, pk):
    event = selectors.event_for(viewer=request.user, pk=pk)
    registration = selectors.registration_of(member=request.user, event=event)
    body = calendar.event_ics(
        event, with_join_details=permissions.can_see_join_details(request.user, event, registration)
    )
    return _ics_response(body, f"event-{event.pk}.ics")


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def material(request, pk, material_pk):
    event = selectors.event_for(viewer=request.user, pk=pk)
    permissions.check_can_view_materials(request.user, event)
    item = get_object_or_404(Material, pk=material_pk, event=event)
    if not item.file:
        return HttpResponseRedirect(item.url)
    return FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.file.name.rsplit("/", 1)[-1]
    )


# --- Series -----------------------------------------------------------------------------
@require_GET
@in_viewer_zone
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
        **_zone(request),
    }
    return render(request, "events/series_detail.html", context)


@require_POST
@login_required
def series_register(request, pk):
    series = selectors.series_for(viewer=request.user, pk=pk)
    try:
        services.series_register(series=series, member=request.user)
    except PermissionDenied as error:
        return _refused(request, error, reverse("events:series", args=[pk]))
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


@require_GET
def series_ics(request, pk):
    series = selectors.series_for(viewer=request.user, pk=pk)
    sessions = series.sessions.filter(
        **({} if request.user.is_authenticated else {"is_public": True})
    )
    body = calendar.calendar_bytes(sessions.order_by("start"), name=series.title)
    return _ics_response(body, f"series-{series.pk}.ics")


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
    return _ics_response(body, "my-events.ics")


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


# --- Nominations -------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
@in_viewer_zone
def nominations(request, pk):
    event = selectors.event_for(viewer=request.user, pk=pk)
    country = request.user.country if not is_facilitator(request.user) else None
    if not is_facilitator(request.user):
        permissions.check_can_nominate(request.user, event, country)
    elif not event.takes_nominations:
        raise PermissionDenied(_("This event does not take nominations."))
    form = None
    if country is not None:
        candidates = selectors.nominable_members(country=country, event=event)
        form = NominationForm(request.POST or None, candidates=candidates)
        if request.method == "POST" and form.is_valid():
            try:
                services.nomination_create(
                    event=event,
                    member=form.cleaned_data["member"],
                    by=request.user,
                    note=form.cleaned_data["note"],
                )
            except (PermissionDenied, ValidationError) as error:
                form.add_error(None, error.messages if hasattr(error, "messages") else str(error))
            else:
                messages.success(
                    request, _("Your nomination is recorded. A facilitator will confirm it.")
                )
                return redirect("events:nominations", pk=pk)
    context = {
        "event": event,
        "form": form,
        "country": country,
        "nominations": selectors.nominations_for(viewer=request.user, event=event),
        "quota_used": services.quota_used(event, country) if country else None,
        "can_decide": permissions.can_decide_nominations(request.user),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "events/nominations.html", context, status=status)


@require_POST
@login_required
def nomination_decide(request, pk, nomination_pk):
    permissions.check_can_decide_nominations(request.user)
    nomination = get_object_or_404(Nomination, pk=nomination_pk, event_id=pk)
    form = NominationDecisionForm(request.POST)
    if not form.is_valid():
        return redirect("events:nominations", pk=pk)
    services.nomination_decide(
        nomination=nomination, by=request.user, confirm=form.cleaned_data["decision"] == "confirm"
    )
    messages.success(request, _("The decision is recorded and the nominee is informed by email."))
    return redirect("events:nominations", pk=pk)


# --- Registrations and attendance --------------------------------------------------------------
@require_GET
@login_required
@in_viewer_zone
def registrations(request, pk):
    event = selectors.event_for(viewer=request.user, pk=pk)
    people = selectors.registrations_for(viewer=request.user, event=event)
    context = {
        "event": event,
        "registrations": people,
        "can_take_attendance": permissions.can_take_attendance(request.user, event),
        "nominations": selectors.nominations_for(viewer=request.user, event=event)
        if event.takes_nominations
        else [],
    }
    return render(request, "events/registrations.html", context)


@require_GET
@login_required
@in_viewer_zone
def registrations_export(request, pk):
    event = selectors.event_for(viewer=request.user, pk=pk)
    people = selectors.registrations_for(viewer=request.user, event=event)
    response = HttpResponse(
        exports.registrations_csv(people), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-registrations.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
@in_viewer_zone
def attendance(request, pk):
    event = selectors.event_for(viewer=request.user, pk=pk)
    permissions.check_can_take_attendance(request.user, event)
    if request.method == "POST":
        try:
            attended = [int(value) for value in request.POST.getlist("attended")]
        except ValueError:
            messages.error(
                request, _("The attendance list was not understood; nothing was changed.")
            )
            return redirect("events:attendance", pk=pk)
        services.attendance_record(event=event, by=request.user, attended_ids=attended)
        messages.success(request, _("Attendance is saved."))
        return redirect("events:attendance", pk=pk)
    people = selectors.registrations_for(viewer=request.user, event=event).filter(
        status=RegistrationStatus.REGISTERED
    )
    return render(request, "events/attendance.html", {"event": event, "registrations": people})
