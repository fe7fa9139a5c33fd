"""The facilitators' review of flagged private messages, and nothing else of conversations.

Conversations, their messages and participants are deliberately not
registered: admin must not show a private message nobody flagged. A flag
shows the flagged message and, as its context, the conversation's subject and
who is in it; never the messages around it (a facilitator who needs more asks
the reporter, who can flag those too).
"""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import permissions, services
from .models import MessageFlag, Participant


@admin.register(MessageFlag)
class MessageFlagAdmin(admin.ModelAdmin):
    """The queue of flagged private messages: open flags first, newest first."""

    list_display = ("created_at", "reason", "message_excerpt", "author", "reporter", "status")
    list_filter = ("status", "reason")
    list_select_related = ("message__author", "reporter")
    fields = (
        "flagged_message",
        "author",
        "conversation_subject",
        "people",
        "reporter",
        "reason",
        "note",
        "status",
        "created_at",
        "resolved_by",
        "resolved_at",
    )
    readonly_fields = fields
    actions = ["resolve"]
    ordering = ("status", "-created_at")

    def has_module_permission(self, request):
        return permissions.can_review_flags(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.can_review_flags(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return permissions.can_review_flags(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET" and not request.GET:
            return HttpResponseRedirect(f"{request.path}?status__exact={MessageFlag.Status.OPEN}")
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("flagged message"))
    def flagged_message(self, flag):
        # Sanitised by cop.markdown when written; the one message the facilitators may read.
        html = mark_safe(flag.message.body_html)  # noqa: S308
        return format_html('<div dir="auto">{}</div>', html)

    @admin.display(description=_("message"))
    def message_excerpt(self, flag):
        return flag.message.body[:120]

    @admin.display(description=_("written by"))
    def author(self, flag):
        return flag.message.author.display_name

    @admin.display(description=_("conversation"))
    def conversation_subject(self, flag):
        return flag.message.conversation.subject

    @admin.display(description=_("people in the conversation"))
    def people(self, flag):
        people = (
            Participant.objects.filter(conversation_id=flag.message.conversation_id)
            .select_related("member")
            .order_by("pk")
        )
        return format_html_join(
            ", ",
            "{}{}",
            ((p.member.display_name, _(" (left)") if p.left_at else "") for p in people),
        )

    @admin.action(description=_("Resolve"))
    def resolve(self, request, queryset):
        count = services.message_flags_resolve(flags=queryset, by=request.user)
        message = ngettext("%(count)d flag resolved.", "%(count)d flags resolved.", count)
        self.message_user(request, message % {"count": count})
