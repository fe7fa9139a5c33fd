"""The facilitators' workbench for the library: documents, cohorts, their records."""

from django.contrib import admin, messages
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from cop.admin_base import RecordAdmin

from . import services
from .models import (
    Cohort,
    CohortParticipant,
    CohortWebinar,
    Document,
    DocumentAttachment,
    DocumentStep,
    DocumentVersion,
    Milestone,
    MilestoneProgress,
    MilestoneReminder,
    ReviewComment,
)


class VersionInline(admin.TabularInline):
    model = DocumentVersion
    fields = ("number", "published_at", "published_by", "visibility", "title")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class StepInline(admin.TabularInline):
    model = DocumentStep
    fields = ("created_at", "action", "actor", "version")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class AttachmentInline(admin.TabularInline):
    model = DocumentAttachment
    fields = ("original_name", "content_type", "size", "uploaded_by")
    readonly_fields = fields
    extra = 0


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Authors, coach, topics and countries are set here; the text goes through the site,
    where edits are checked against concurrent saves and publications are versioned."""

    list_display = ("title", "kind", "state", "visibility", "series_number", "first_published_at")
    list_filter = ("kind", "state", "visibility", "language", "topics")
    search_fields = ("title", "title_translation")
    autocomplete_fields = ("authors", "coach")
    filter_horizontal = ("topics", "countries")
    fields = (
        "kind",
        "state",
        "visibility",
        "series_number",
        "language",
        "title",
        "title_translation",
        "authors",
        "coach",
        "topics",
        "countries",
        "source_thread",
    )
    readonly_fields = ("state", "visibility", "series_number", "language", "title", "source_thread")
    inlines = [VersionInline, AttachmentInline, StepInline]


@admin.register(DocumentVersion)
class DocumentVersionAdmin(RecordAdmin):
    list_display = ("document", "number", "published_at", "published_by", "visibility")
    list_filter = ("visibility",)
    search_fields = ("title",)


@admin.register(DocumentStep)
class DocumentStepAdmin(RecordAdmin):
    list_display = ("document", "action", "actor", "version", "created_at")
    list_filter = ("action",)


@admin.register(ReviewComment)
class ReviewCommentAdmin(RecordAdmin):
    list_display = ("document", "section", "author", "created_at")


class ParticipantInline(admin.TabularInline):
    model = CohortParticipant
    fk_name = "cohort"
    fields = ("member", "coach", "activity_kind", "activity_title", "document")
    readonly_fields = ("activity_kind", "activity_title", "document")
    autocomplete_fields = ("member", "coach")
    extra = 1


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 3
    max_num = 3


class WebinarInline(admin.TabularInline):
    model = CohortWebinar
    autocomplete_fields = ("event",)
    extra = 1


@admin.register(Cohort)
class CohortAdmin(TabbedTranslationAdmin):
    """A facilitator opens a cohort here: dates, coaches, milestones, webinars, participants."""

    list_display = ("name", "topic", "starts_on", "ends_on")
    list_filter = ("topic",)
    search_fields = ("name_ar", "name_en")
    autocomplete_fields = ("coaches",)
    inlines = [MilestoneInline, WebinarInline, ParticipantInline]
    view_on_site = True

    def save_formset(self, request, form, formset, change):
        if formset.model is not CohortParticipant:
            return super().save_formset(request, form, formset, change)
        # New participants are admitted through the service (who admitted them, their coach).
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        admitted = 0
        for participant in instances:
            if participant.pk is None:
                services.participant_admit(
                    cohort=form.instance,
                    member=participant.member,
                    by=request.user,
                    coach=participant.coach,
                )
                admitted += 1
            else:
                participant.save()
        if admitted:
            messages.success(
                request,
                ngettext(
                    "%(count)d participant admitted.", "%(count)d participants admitted.", admitted
                )
                % {"count": admitted},
            )
        return None


@admin.register(MilestoneProgress)
class MilestoneProgressAdmin(RecordAdmin):
    list_display = ("participant", "milestone", "submitted_at", "feedback_at")


@admin.register(MilestoneReminder)
class MilestoneReminderAdmin(RecordAdmin):
    list_display = ("participant", "milestone", "created_at")


@admin.register(CohortParticipant)
class CohortParticipantAdmin(RecordAdmin):
    list_display = ("member", "cohort", "activity_kind", "coach")
    list_filter = ("cohort", "activity_kind")
    search_fields = ("member__name_latin", "member__name_arabic")
