"""The facilitators' workbench for discussions: topics, threads, posts and the flag queue.

Nothing is deleted from here: threads and posts are hidden instead.
"""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from cop.admin_base import RecordAdmin, with_reason

from . import services
from .models import (
    MODERATION_REASON_HELP,
    Attachment,
    Flag,
    ModerationAction,
    ModerationEvent,
    Post,
    PostRevision,
    Thread,
    Topic,
    TopicFollow,
)


@admin.register(Topic)
class TopicAdmin(TranslationAdmin):
    list_display = ("name", "slug", "is_public", "position")
    list_editable = ("is_public", "position")
    prepopulated_fields = {"slug": ("name_en",)}
    search_fields = ("name_ar", "name_en", "slug")


class NoDeleteAdmin(admin.ModelAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


class ModerationEventInline(admin.TabularInline):
    """The moderation record of a thread or post, read-only."""

    model = ModerationEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "action", "post", "actor", "reason")
    readonly_fields = fields
    verbose_name_plural = _("Moderation record")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


def _ask_why_then_hide(modeladmin, request, queryset, *, action, title, intro, hide):
    """The reason page of every hiding action; `hide(reason)` runs once it is given."""
    return with_reason(
        modeladmin,
        request,
        queryset,
        action=action,
        title=title,
        intro=intro,
        submit=_("Hide"),
        help_text=MODERATION_REASON_HELP,
        apply=hide,
    )


def _moderation_action(action, description):
    """An admin action applying `thread_moderate` to each selected thread (hide asks why)."""

    def run(modeladmin, request, queryset):
        def apply(reason=""):
            done = 0
            for thread in queryset:
                if services.thread_moderate(
                    thread=thread, by=request.user, action=action, reason=reason
                ):
                    done += 1
            modeladmin.message_user(
                request,
                ngettext("%(count)d thread changed.", "%(count)d threads changed.", done)
                % {"count": done},
            )

        if action != ModerationAction.HIDE:
            return apply()
        return _ask_why_then_hide(
            modeladmin,
            request,
            queryset,
            action=run.__name__,
            title=_("Hide threads from members"),
            intro=_("These threads will be hidden from members."),
            hide=apply,
        )

    run.__name__ = f"{action}_threads"
    return admin.action(description=description, permissions=["change"])(run)


@admin.register(Thread)
class ThreadAdmin(NoDeleteAdmin):
    list_display = ("title", "topic", "kind", "author", "reply_count", "is_pinned", "is_locked", "is_hidden", "last_activity_at")  # fmt: skip
    list_filter = ("topic", "kind", "is_pinned", "is_locked", "is_hidden", "language")
    search_fields = ("title", "title_translation")
    list_select_related = ("topic", "author")
    # Texts change on the site, where every edit keeps a history; pinning, locking and hiding
    # through the actions, which keep the moderation record. Here: placement and kind.
    readonly_fields = ("language", "title", "title_translation", "author", "opening_post", "accepted_answer", "is_pinned", "is_locked", "is_hidden", "reply_count", "last_activity_at", "created_at")  # fmt: skip
    fields = ("topic", "kind", "language", "title", "title_translation", "author", "opening_post", "accepted_answer", "is_pinned", "is_locked", "is_hidden", "reply_count", "last_activity_at", "created_at")  # fmt: skip
    date_hierarchy = "last_activity_at"
    inlines = [ModerationEventInline]
    actions = [
        _moderation_action(ModerationAction.PIN, _("Pin the selected threads")),
        _moderation_action(ModerationAction.UNPIN, _("Unpin the selected threads")),
        _moderation_action(ModerationAction.LOCK, _("Lock the selected threads")),
        _moderation_action(ModerationAction.UNLOCK, _("Unlock the selected threads")),
        _moderation_action(ModerationAction.HIDE, _("Hide the selected threads from members…")),
        _moderation_action(
            ModerationAction.UNHIDE, _("Show the selected threads to members again")
        ),
    ]


class RevisionInline(admin.TabularInline):
    model = PostRevision
    extra = 0
    can_delete = False
    fields = ("created_at", "editor", "language", "title", "body", "translation")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    can_delete = False
    fields = ("original_name", "content_type", "size")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Post)
class PostAdmin(NoDeleteAdmin):
    list_display = ("__str__", "thread", "author", "language", "depth", "is_hidden", "created_at")
    list_filter = ("is_hidden", "language", "thread__topic")
    search_fields = ("body", "translation", "search_document")
    list_select_related = ("thread", "author")
    raw_id_fields = ("thread", "author", "parent", "branch", "translated_by")
    readonly_fields = ("thread", "author", "parent", "branch", "path", "depth", "body", "translation", "translated_by", "edited_at", "created_at", "is_hidden", "language")  # fmt: skip
    exclude = ("search_document",)
    inlines = [AttachmentInline, RevisionInline, ModerationEventInline]
    actions = ["hide_posts", "show_posts"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Hide the selected posts from members…"), permissions=["change"])
    def hide_posts(self, request, queryset):
        # Opening posts go with their thread (hidden from the thread admin), never alone.
        replies = queryset.filter(parent__isnull=False)

        def apply(reason):
            for post in replies:
                services.post_set_hidden(post=post, by=request.user, hidden=True, reason=reason)

        return _ask_why_then_hide(
            self,
            request,
            replies,
            action="hide_posts",
            title=_("Hide posts from members"),
            intro=_("These posts will be hidden from members."),
            hide=apply,
        )

    @admin.action(description=_("Show the selected posts to members again"), permissions=["change"])
    def show_posts(self, request, queryset):
        for post in queryset.filter(parent__isnull=False):
            services.post_set_hidden(post=post, by=request.user, hidden=False)


@admin.register(Flag)
class FlagAdmin(NoDeleteAdmin):
    """The queue of flagged posts: open flags first, newest first."""

    list_display = ("created_at", "reason", "post_excerpt", "open_post", "reporter", "status")
    list_filter = ("status", "reason")
    list_select_related = ("post", "reporter", "post__thread")
    readonly_fields = ("post", "reporter", "reason", "note", "created_at", "resolved_by", "resolved_at")  # fmt: skip
    fields = ("post", "reporter", "reason", "note", "status", "created_at", "resolved_by", "resolved_at")  # fmt: skip
    actions = ["resolve", "hide_and_resolve"]
    ordering = ("status", "-created_at")  # open before resolved

    def changelist_view(self, request, extra_context=None):
        # The queue opens on what still needs a decision; "All" in the filter shows the rest.
        if request.method == "GET" and not request.GET:
            return HttpResponseRedirect(f"{request.path}?status__exact={Flag.Status.OPEN}")
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("post"))
    def post_excerpt(self, flag):
        return flag.post.body[:120]

    @admin.display(description=_("on the site"))
    def open_post(self, flag):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("discussions:post", args=[flag.post_id]),
            _("View on the site"),
        )

    @admin.action(description=_("Resolve: the post is fine"))
    def resolve(self, request, queryset):
        count = services.flags_resolve(flags=queryset, by=request.user)
        message = ngettext("%(count)d flag resolved.", "%(count)d flags resolved.", count)
        self.message_user(request, message % {"count": count})

    @admin.action(description=_("Hide the flagged posts and resolve…"))
    def hide_and_resolve(self, request, queryset):
        # Flags on opening posts stay open: nothing was hidden, the thread still needs a decision.
        on_replies = queryset.filter(post__parent__isnull=False)

        def apply(reason):
            for flag in on_replies.select_related("post"):
                services.post_set_hidden(
                    post=flag.post, by=request.user, hidden=True, reason=reason
                )
            services.flags_resolve(flags=on_replies, by=request.user)
            if queryset.filter(post__parent__isnull=True).exists():
                self.message_user(
                    request, _("Hide an opening post by hiding its thread."), messages.WARNING
                )

        return _ask_why_then_hide(
            self,
            request,
            queryset,
            action="hide_and_resolve",
            title=_("Hide the flagged posts"),
            intro=_("The posts of these flags will be hidden from members and the flags resolved."),
            hide=apply,
        )


@admin.register(ModerationEvent)
class ModerationEventAdmin(RecordAdmin):
    """The moderation record, read-only: rows are written by the moderation services only."""

    list_display = ("created_at", "action", "thread", "post", "actor", "reason")
    list_filter = ("action", "created_at")
    search_fields = ("reason", "thread__title")
    list_select_related = ("thread", "actor")
    date_hierarchy = "created_at"


@admin.register(TopicFollow)
class TopicFollowAdmin(admin.ModelAdmin):
    list_display = ("member", "topic", "created_at")
    list_filter = ("topic",)
    raw_id_fields = ("member",)
