from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import DigestDelivery


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(admin.ModelAdmin):
    """What digest went to whom and when, and how its email fared (read only)."""

    list_display = (
        "period",
        "frequency",
        "member",
        "status",
        "item_count",
        "email_status",
        "email_sent_at",
        "email_error",
    )
    list_filter = ("frequency", "status", "email__status", "period")
    search_fields = ("member__email", "member__name_latin", "member__name_arabic")
    date_hierarchy = "period"
    list_select_related = ("member", "email")
    raw_id_fields = ("member",)
    readonly_fields = (
        "member",
        "frequency",
        "period",
        "covers_from",
        "covers_until",
        "status",
        "item_count",
        "email_link",
        "email_status",
        "email_sent_at",
        "email_error",
        "created_at",
    )
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("email status"), ordering="email__status")
    def email_status(self, obj):
        return obj.email.get_status_display() if obj.email_id else "—"

    @admin.display(description=_("sent"), ordering="email__sent_at")
    def email_sent_at(self, obj):
        return obj.email.sent_at if obj.email_id else None

    @admin.display(description=_("last error"))
    def email_error(self, obj):
        return (obj.email.last_error or "")[:120] if obj.email_id else ""

    @admin.display(description=_("email"))
    def email_link(self, obj):
        if not obj.email_id:
            return "—"
        url = reverse("admin:cop_outboundemail_change", args=[obj.email_id])
        return format_html('<a href="{}">{}</a>', url, obj.email.subject)
