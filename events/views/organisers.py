"""For focal points and facilitators: nominations, registrations, attendance, exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cop.shortcuts import render_form
from members.permissions import is_facilitator

from .. import exports, permissions, selectors, services
from ..forms import NominationDecisionForm, NominationForm
from ..models import Nomination, RegistrationStatus


# --- Nominations -------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
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
    return render_form(request, "events/nominations.html", context)


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
