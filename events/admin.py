"""The facilitators' workbench for events.

Start and end are entered and shown in the host's time zone: each change form
runs inside `timezone.override(<host zone>)`, and the fields say which zone.
Saving goes through `events.services` (SEQUENCE raised, changes announced).
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from cop.admin_base import HTTPS_LINKS
from cop.timezones import COMMUNITY_ZONE, is_known, zone_choices, zone_city
from members.admin import CountryListFilter

from . import services
from .models import (
    DialIn,
    Event,
    EventStatus,
    Material,
    Nomination,
    NominationStatus,
    Registration,
    RegistrationStatus,
    ReminderDelivery,
    Series,
    SeriesRegistration,
    Speaker,
)
from .timing import zone

HOST_TIMED_FIELDS = ("start", "end", "registration_deadline", "first_start")


def host_time(moment, zone_name: str) -> str:
    if moment is None:
        return "—"
    local = moment.astimezone(zone(zone_name))
    return f"{local:%Y-%m-%d %H:%M} ({zone_city(zone_name)})"


class HostZoneMixin:
    """Change forms whose times are read and written in the object's host zone."""

    def _host_zone(self, request, object_id) -> str:
        posted = request.POST.get("host_timezone", "") if request.method == "POST" else ""
        if posted and is_known(posted):
            return posted
        if object_id:
            found = (
                self.model.objects.filter(pk=object_id)
                .values_list("host_timezone", flat=True)
                .first()
            )
            if found:
                return found
        return COMMUNITY_ZONE

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with timezone.override(zone(self._host_zone(request, object_id))):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            # Render now: the widgets must show the times while the host's zone is active.
            if hasattr(response, "render"):
                response.render()
            return response

    def validate_instance(self, instance) -> None:
        """The service's rules for the object being saved (ValidationError with reasons)."""

    def get_form(self, request, obj=None, **kwargs):
        validate = self.validate_instance

        class HostZoneForm(super().get_form(request, obj, **kwargs)):
            def _post_clean(self):
                super()._post_clean()
                if not self.errors:
                    try:
                        validate(self.instance)
                    except ValidationError as error:
                        self._update_errors(error)

        form = HostZoneForm
        current = timezone.get_current_timezone_name()
        note = gettext("In the host's time zone: %(city)s (%(zone)s).") % {
            "city": zone_city(current),
            "zone": current,
        }
        for name in HOST_TIMED_FIELDS:
            if name in form.base_fields:
                form.base_fields[name].help_text = note
        if "host_timezone" in form.base_fields:
            form.base_fields["host_timezone"].widget = admin.widgets.forms.Select(
                choices=zone_choices(obj.host_timezone if obj else "")
            )
        return form


class DialInInline(admin.TabularInline):
    model = DialIn
    extra = 0
    autocomplete_fields = ("country",)


class SpeakerInline(TranslationStackedInline):
    model = Speaker
    extra = 0
    autocomplete_fields = ("member",)


class MaterialInline(TranslationTabularInline):
    model = Material
    extra = 0
    formfield_overrides = HTTPS_LINKS


@admin.register(Series)
class SeriesAdmin(HostZoneMixin, TranslationAdmin):
    formfield_overrides = HTTPS_LINKS
    list_display = (
        "title",
        "kind",
        "recurrence",
        "first_start_host",
        "session_count",
        "registrants",
    )
    list_filter = ("kind", "is_public")
    search_fields = ("title_ar", "title_en")
    filter_horizontal = ("topics",)
    actions = ["generate_sessions"]
    fieldsets = (
        (None, {"fields": ("title", "description", "kind", "topics", "is_public")}),
        (
            _("When"),
            {"fields": ("host_timezone", "first_start", "duration_minutes", "recurrence")},
        ),
        (
            _("How to take part"),
            {"fields": ("join_url", "place", "languages", "interpretation", "capacity")},
        ),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                session_total=Count("sessions", distinct=True),
                registrant_total=Count("registrations", distinct=True),
            )
        )

    @admin.display(description=_("first session"), ordering="first_start")
    def first_start_host(self, series):
        return host_time(series.first_start, series.host_timezone)

    @admin.display(description=_("sessions"), ordering="session_total")
    def session_count(self, series):
        return series.session_total

    @admin.display(description=_("registered for the series"), ordering="registrant_total")
    def registrants(self, series):
        return series.registrant_total

    def validate_instance(self, instance) -> None:
        if instance.first_start:
            try:
                services.series_validate(instance)
            except ValidationError as error:
                raise ValidationError({"recurrence": error.messages}) from error

    def save_model(self, request, obj, form, change):
        services.event_render_texts(obj)
        obj.save()

    @admin.action(description=_("Generate the next sessions"))
    def generate_sessions(self, request, queryset):
        total = 0
        for series in queryset:
            try:
                total += len(services.series_generate_sessions(series=series))
            except ValidationError as error:
                self.message_user(request, f"{series}: {' '.join(error.messages)}", messages.ERROR)
        self.message_user(
            request,
            ngettext("%(count)d session created.", "%(count)d sessions created.", total)
            % {"count": total},
            messages.SUCCESS,
        )


@admin.register(Event)
class EventAdmin(HostZoneMixin, TranslationAdmin):
    formfield_overrides = HTTPS_LINKS
    list_display = (
        "title",
        "kind",
        "start_host",
        "status",
        "series",
        "seats",
        "waiting",
        "registrations_link",
    )
    list_filter = ("status", "kind", "series", "takes_nominations", "is_public", "topics")
    search_fields = ("title_ar", "title_en")
    date_hierarchy = "start"
    filter_horizontal = ("topics",)
    inlines = [DialInInline, SpeakerInline, MaterialInline]
    actions = ["cancel_events"]
    readonly_fields = ("series", "occurrence_host", "sequence")
    fieldsets = (
        (None, {"fields": ("title", "description", "kind", "status", "topics", "is_public")}),
        (
            _("When"),
            {
                "fields": (
                    "host_timezone",
                    "start",
                    "end",
                    "registration_deadline",
                    "series",
                    "occurrence_host",
                    "sequence",
                )
            },
        ),
        (
            _("How to take part"),
            {"fields": ("join_url", "place", "languages", "interpretation", "capacity")},
        ),
        (_("Nominations"), {"fields": ("takes_nominations", "nomination_quota")}),
        (_("Afterwards"), {"fields": ("summary", "recording_url")}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("series")
            .annotate(
                seat_total=Count(
                    "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
                ),
                waiting_total=Count(
                    "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
                ),
            )
        )

    @admin.display(description=_("start (host's time)"), ordering="start")
    def start_host(self, event):
        return host_time(event.start, event.host_timezone)

    @admin.display(description=_("occurrence of the series"))
    def occurrence_host(self, event):
        return host_time(event.occurrence, event.host_timezone) if event.occurrence else "—"

    @admin.display(description=_("seats taken"), ordering="seat_total")
    def seats(self, event):
        return f"{event.seat_total} / {event.capacity}" if event.capacity else event.seat_total

    @admin.display(description=_("waiting"), ordering="waiting_total")
    def waiting(self, event):
        return event.waiting_total

    @admin.display(description=_("registrations and attendance"))
    def registrations_link(self, event):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("events:registrations", args=[event.pk]),
            gettext("Registrations"),
            reverse("events:attendance", args=[event.pk]),
            gettext("Attendance"),
        )

    def validate_instance(self, instance) -> None:
        services.event_validate(instance)

    def save_model(self, request, obj, form, change):
        before = Event.objects.get(pk=obj.pk) if change else None
        changes = services.event_save(event=obj, before=before)
        if changes:
            self.message_user(
                request,
                gettext("The change is being emailed to everyone registered."),
                messages.INFO,
            )

    @admin.action(description=_("Cancel the selected events (registrants are emailed)"))
    def cancel_events(self, request, queryset):
        count = 0
        for event in queryset.exclude(status=EventStatus.CANCELLED):
            services.event_cancel(event=event)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d event cancelled.", "%(count)d events cancelled.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("member", "event", "status", "attended", "created_at")
    list_filter = ("status", "attended", "event__kind", ("member__country", CountryListFilter))
    search_fields = (
        "member__email",
        "member__name_latin",
        "member__name_arabic",
        "event__title_ar",
        "event__title_en",
    )
    list_select_related = ("member", "event")
    raw_id_fields = ("member", "event", "series_registration")
    readonly_fields = ("member", "event", "status", "queued_at", "series_registration")

    def has_add_permission(self, request):
        # Seats change only through the registration service (locks, waiting list, emails).
        return False


@admin.register(SeriesRegistration)
class SeriesRegistrationAdmin(admin.ModelAdmin):
    list_display = ("member", "series", "created_at")
    list_filter = ("series",)
    list_select_related = ("member", "series")
    raw_id_fields = ("member",)


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ("member", "country", "event", "status", "nominated_by", "decided_at")
    list_filter = ("status", ("country", CountryListFilter), "event")
    list_select_related = ("member", "country", "event", "nominated_by")
    search_fields = ("member__name_latin", "member__name_arabic", "member__email")
    readonly_fields = (
        "event",
        "country",
        "member",
        "nominated_by",
        "status",
        "decided_by",
        "decided_at",
    )
    actions = ["confirm", "decline"]

    def has_add_permission(self, request):
        return False

    def _decide(self, request, queryset, confirm: bool):
        for nomination in queryset:
            services.nomination_decide(nomination=nomination, by=request.user, confirm=confirm)
        self.message_user(request, gettext("The nominees are informed by email."), messages.SUCCESS)

    @admin.action(description=_("Confirm the selected nominations"))
    def confirm(self, request, queryset):
        self._decide(request, queryset.exclude(status=NominationStatus.CONFIRMED), True)

    @admin.action(description=_("Decline the selected nominations"))
    def decline(self, request, queryset):
        self._decide(request, queryset.exclude(status=NominationStatus.DECLINED), False)


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(admin.ModelAdmin):
    list_display = ("registration", "kind", "created_at", "email")
    list_filter = ("kind",)
    list_select_related = ("registration__member", "registration__event", "email")
    raw_id_fields = ("registration", "email")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
