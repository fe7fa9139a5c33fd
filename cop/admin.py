from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import DeferredTask, OutboundEmail
from .permissions import can_read_email_content


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    """Every outgoing email with its state; the content only for those allowed to read it."""

    list_display = (
        "created_at",
        "kind",
        "to",
        "language",
        "status",
        "attempts",
        "retry_after",
        "sent_at",
        "sensitive",
        "short_error",
    )
    list_filter = ("status", "sensitive", "unsubscribe", "language", "kind")
    search_fields = ("to", "subject")
    date_hierarchy = "created_at"
    actions = ["send_again"]
    fieldsets = (
        (None, {"fields": ("to", "kind", "subject", "language", "unsubscribe", "sensitive")}),
        (
            _("Delivery"),
            {
                "fields": (
                    "status",
                    "attempts",
                    "last_error",
                    "created_at",
                    "queued_at",
                    "inflight_since",
                    "retry_after",
                    "not_after",
                    "sent_at",
                )
            },
        ),
        (_("Content"), {"fields": ("content",)}),
    )
    readonly_fields = [
        *(name for fieldset in fieldsets[:2] for name in fieldset[1]["fields"]),
        "content",
        "content_withheld",
    ]

    def get_fieldsets(self, request, obj=None):
        # Who is reading decides which of the two content fields the page has.
        if obj is not None and can_read_email_content(request.user, obj):
            return self.fieldsets
        return (*self.fieldsets[:2], (_("Content"), {"fields": ("content_withheld",)}))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Rows change only through the pipeline: an email's page is for reading,
        # and saving it could overwrite what a worker just wrote. Actions stay.
        return obj is None and super().has_change_permission(request)

    @admin.display(description=_("last error"))
    def short_error(self, obj):
        return obj.last_error[:120]

    @admin.display(description=_("content"))
    def content_withheld(self, obj):
        if obj.sensitive:
            return _(
                "Hidden: this account email holds a secret link or code. Its content is never "
                "shown, and is erased once it is sent."
            )
        return _("Only facilitators with the permission to read email content can see it.")

    @admin.display(description=_("content"))
    def content(self, obj):
        if obj.sensitive:  # never, whoever asks (get_fieldsets already left it out)
            return self.content_withheld(obj)
        attachments = format_html_join(
            "", "<li>{} ({})</li>", ((a["filename"], a["mimetype"]) for a in obj.attachments)
        )
        headers = "\n".join(f"{name}: {value}" for name, value in obj.headers.items())
        return format_html(
            '<h3>{}</h3><pre dir="auto">{}</pre><h3>{}</h3><pre dir="auto">{}</pre>'
            "<h3>{}</h3><pre>{}</pre><h3>{}</h3><ul>{}</ul>",
            _("Text part"),
            obj.body_text,
            _("HTML part"),
            obj.body_html,
            _("Headers"),
            headers,
            _("Attachments"),
            attachments,
        )

    @admin.action(description=_("Send the selected emails again"), permissions=["change"])
    def send_again(self, request, queryset):
        queued, refused = services.emails_send_again(
            ids=list(queryset.values_list("pk", flat=True))
        )
        if queued:
            self.message_user(
                request,
                ngettext("%(count)d email queued again.", "%(count)d emails queued again.", queued)
                % {"count": queued},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d email was not queued: only failed or waiting emails can be sent "
                    "again, and not once they expired or their secret content was erased.",
                    "%(count)d emails were not queued: only failed or waiting emails can be sent "
                    "again, and not once they expired or their secret content was erased.",
                    refused,
                )
                % {"count": refused},
                messages.WARNING,
            )


@admin.register(DeferredTask)
class DeferredTaskAdmin(admin.ModelAdmin):
    list_display = ("created_at", "task_name", "attempts", "published_at", "short_error")
    list_filter = (("published_at", admin.EmptyFieldListFilter), "task_name")
    readonly_fields = [f.name for f in DeferredTask._meta.fields]
    actions = ["republish"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("error"))
    def short_error(self, obj):
        return obj.error[:120]

    @admin.action(description=_("Publish the selected tasks again now"))
    def republish(self, request, queryset):
        published = services.deferred_tasks_republish(
            ids=list(queryset.values_list("pk", flat=True))
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d task handed to the broker.",
                "%(count)d tasks handed to the broker.",
                published,
            )
            % {"count": published},
            messages.SUCCESS if published else messages.WARNING,
        )
