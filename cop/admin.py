from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import DeferredTask, OutboundEmail
from .queue import publish


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "to", "language", "status", "attempts", "sent_at")
    list_filter = ("status", "language", "kind")
    search_fields = ("to", "subject")
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]
    actions = ["requeue"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send the selected failed emails again"))
    def requeue(self, request, queryset):
        count = 0
        for email in queryset.exclude(status=OutboundEmail.Status.SENT):
            OutboundEmail.objects.filter(pk=email.pk).update(status=OutboundEmail.Status.QUEUED)
            publish("cop.send_email", [email.pk])
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d email queued again.", "%(count)d emails queued again.", count)
            % {"count": count},
            messages.SUCCESS,
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
        from .services import deferred_tasks_republish

        published = deferred_tasks_republish(ids=list(queryset.values_list("pk", flat=True)))
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
