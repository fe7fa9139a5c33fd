"""The facilitators' survey builder.

A survey's questions are edited in its page (ordered by their `order`
number); each question's choices on the question's own page (Django admin
does not nest inlines), reached by the "choices" link of its row. Once a
survey has answers, changes that would corrupt them (deleting an answered
question or a chosen option, changing a question's type, lowering its
maximum...) are refused with a message saying why; texts, help, order and
dates can always change. "Preview" shows the member's form; "duplicate"
copies a survey with its questions, without answers.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from cop.admin_base import RecordAdmin
from members.admin import CountryListFilter

from . import selectors, services
from .forms import ResponseForm
from .models import (
    CHOICE_KINDS,
    Audience,
    Choice,
    Question,
    QuestionKind,
    ReminderDelivery,
    Response,
    ResponseStatus,
    Survey,
)
from .permissions import check_can_preview_survey


class GuardedFormSet(BaseInlineFormSet):
    """An inline formset that refuses changes corrupting stored answers (see the module)."""

    refusal = None  # services.question_change_refusal or services.choice_change_refusal

    def clean(self):
        super().clean()
        problems = []
        originals = {
            obj.pk: obj
            for obj in self.model.objects.filter(
                pk__in=[f.instance.pk for f in self.forms if f.instance.pk]
            )
        }
        for form in self.forms:
            original = originals.get(form.instance.pk)
            if original is None or not hasattr(form, "cleaned_data"):
                continue
            changed = {name: form.cleaned_data.get(name) for name in form.changed_data}
            problem = type(self).refusal(
                original, changed=changed, deleting=self._should_delete_form(form)
            )
            if problem:
                form.add_error(None, problem)
                problems.append(f"{original}: {problem}")
        if problems:
            raise ValidationError(problems)


class QuestionFormSet(GuardedFormSet):
    refusal = staticmethod(services.question_change_refusal)


class ChoiceFormSet(GuardedFormSet):
    refusal = staticmethod(services.choice_change_refusal)

    def clean(self):
        super().clean()
        question = self.instance
        if question.kind != QuestionKind.LIKERT:
            return
        values = [
            form.cleaned_data.get("value")
            for form in self.forms
            if hasattr(form, "cleaned_data")
            and form.cleaned_data
            and not self._should_delete_form(form)
        ]
        if any(value is None for value in values):
            raise ValidationError(
                gettext("Give each point of a Likert scale its position (1 for the most negative).")
            )
        if len(set(values)) != len(values):
            raise ValidationError(gettext("Two points of the scale have the same position."))


class QuestionInline(TranslationTabularInline):
    model = Question
    formset = QuestionFormSet
    extra = 0
    fields = (
        "order",
        "kind",
        "text",
        "help",
        "required",
        "allow_other",
        "max_choices",
        "code",
        "choices_link",
    )
    readonly_fields = ("choices_link",)
    ordering = ("order", "pk")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(choice_count=Count("choices"))

    @admin.display(description=_("choices"))
    def choices_link(self, question):
        if not question.pk:
            return gettext("Save first, then add its choices.")
        if question.kind not in CHOICE_KINDS:
            return "—"
        url = reverse("admin:surveys_question_change", args=[question.pk])
        count = getattr(question, "choice_count", None)
        if count is None:
            count = question.choices.count()
        label = ngettext("%(count)d choice", "%(count)d choices", count) % {"count": count}
        return format_html('<a href="{}">{}</a>', url, label)


class ChoiceInline(TranslationTabularInline):
    model = Choice
    formset = ChoiceFormSet
    extra = 3
    fields = ("order", "label", "value", "topic")
    ordering = ("order", "pk")


@admin.register(Survey)
class SurveyAdmin(TranslationAdmin):
    list_display = (
        "title",
        "kind",
        "opens_at",
        "closes_at",
        "audience",
        "submitted_count",
        "preview_link",
    )
    list_filter = ("kind", "audience", "applicants_too")
    search_fields = ("title_ar", "title_en", "slug")
    prepopulated_fields = {"slug": ("title_en",)}
    filter_horizontal = ("countries",)
    readonly_fields = ("preview_link", "answers_note")
    fieldsets = (
        (None, {"fields": ("title", "slug", "kind", "intro", "preview_link", "answers_note")}),
        (_("When"), {"fields": ("opens_at", "closes_at")}),
        (_("Who answers"), {"fields": ("audience", "countries", "applicants_too")}),
    )
    inlines = [QuestionInline]
    actions = ["duplicate"]
    date_hierarchy = "opens_at"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                submitted=Count("responses", filter=Q(responses__status=ResponseStatus.SUBMITTED))
            )
        )

    @admin.display(description=_("answers sent"), ordering="submitted")
    def submitted_count(self, survey):
        return survey.submitted

    @admin.display(description=_("preview"))
    def preview_link(self, survey):
        if not survey.pk:
            return "—"
        url = reverse("admin:surveys_survey_preview", args=[survey.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Preview the member's form"))

    @admin.display(description=_("answers"))
    def answers_note(self, survey):
        if not survey.pk or not services.survey_has_answers(survey):
            return gettext("No answers yet: everything can change.")
        return gettext(
            "This survey has answers. Texts, help, order and dates can change; deleting an "
            "answered question or a chosen option, or changing a question's type, cannot."
        )

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        survey = form.instance
        if survey.audience == Audience.COUNTRIES and not survey.countries.exists():
            messages.warning(
                request,
                gettext("No country is chosen: nobody is in this survey's audience yet."),
            )
        for question in survey.questions.filter(kind=QuestionKind.YES_NO_MAYBE):
            services.question_sync_fixed_choices(question)
        missing = survey.questions.filter(kind__in=CHOICE_KINDS - {QuestionKind.YES_NO_MAYBE})
        missing = missing.annotate(n=Count("choices")).filter(n=0)
        for question in missing:
            messages.warning(
                request,
                gettext("“%(question)s” has no choices yet: add them from its “choices” link.")
                % {"question": question.text},
            )

    @admin.action(
        description=_("Duplicate the selected surveys (questions and choices, no answers)")
    )
    def duplicate(self, request, queryset):
        copies = [services.survey_duplicate(survey=survey, by=request.user) for survey in queryset]
        self.message_user(
            request,
            ngettext(
                "%(count)d survey duplicated: edit the copy's dates before opening it.",
                "%(count)d surveys duplicated: edit the copies' dates before opening them.",
                len(copies),
            )
            % {"count": len(copies)},
            messages.SUCCESS,
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="surveys_survey_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk):
        """The form exactly as members see it, with nothing to send."""
        check_can_preview_survey(request.user)
        survey = selectors.survey_with_questions(pk)
        return TemplateResponse(
            request,
            "surveys/answer.html",
            {
                "survey": survey,
                "form": ResponseForm(survey.questions.all()),
                "preview": True,
                "action_url": "",
            },
        )


@admin.register(Question)
class QuestionAdmin(TranslationAdmin):
    list_display = ("text", "survey", "order", "kind", "required")
    list_filter = ("kind", "survey")
    search_fields = ("text_ar", "text_en", "code")
    list_select_related = ("survey",)
    fields = (
        "survey",
        "order",
        "kind",
        "code",
        "text",
        "help",
        "required",
        "allow_other",
        "max_choices",
        "min_value",
        "max_value",
    )
    inlines = [ChoiceInline]

    def get_readonly_fields(self, request, obj=None):
        # A question never moves to another survey once created.
        return ("survey",) if obj is not None else ()

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        guard = obj

        class GuardedQuestionForm(form):
            def clean(self):
                cleaned = super().clean()
                if guard is not None:
                    changed = {name: cleaned.get(name) for name in self.changed_data}
                    problem = services.question_change_refusal(
                        Question.objects.get(pk=guard.pk), changed=changed, deleting=False
                    )
                    if problem:
                        raise ValidationError(problem)
                return cleaned

        return GuardedQuestionForm

    def delete_model(self, request, obj):
        problem = services.question_change_refusal(obj, changed={}, deleting=True)
        if problem:
            raise ValidationError(problem)
        super().delete_model(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and services.question_change_refusal(obj, changed={}, deleting=True):
            return False
        return super().has_delete_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.question_sync_fixed_choices(form.instance)


@admin.register(Response)
class ResponseAdmin(RecordAdmin):
    list_display = ("survey", "member", "country", "status", "submitted_at", "updated_at")
    list_filter = ("status", "survey", ("country", CountryListFilter))
    list_select_related = ("survey", "member", "country")
    search_fields = ("member__email", "member__name_latin", "member__name_arabic")


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(RecordAdmin):
    list_display = ("survey", "member", "created_at", "email")
    list_filter = ("survey",)
    list_select_related = ("survey", "member", "email")
