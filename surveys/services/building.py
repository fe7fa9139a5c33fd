"""What facilitators do to surveys in admin, beyond plain edits."""

from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from ..models import Answer, AnswerChoice, Choice, Question, QuestionKind, Survey, SurveyKind

# value, label: the choices every yes/no/maybe question has.
FIXED_CHOICES = {
    QuestionKind.YES_NO_MAYBE: [
        (1, pgettext_lazy("survey answer", "Yes")),
        (-1, pgettext_lazy("survey answer", "No")),
        (0, pgettext_lazy("survey answer", "Maybe")),
    ]
}
COPY_SUFFIX = gettext_lazy("%(title)s (copy)")


def _in_each_language(text) -> dict[str, str]:
    """{"label_ar": ..., "label_en": ...} for a lazy string, rendered in each language."""
    values = {}
    for code in ("ar", "en"):
        with translation.override(code):
            values[code] = str(text)
    return values


@transaction.atomic
def question_sync_fixed_choices(question: Question) -> None:
    """Give a yes/no/maybe question its three choices, in both languages, if it lacks them."""
    fixed = FIXED_CHOICES.get(question.kind)
    if not fixed:
        return
    present = set(question.choices.values_list("value", flat=True))
    missing = []
    for order, (value, label) in enumerate(fixed, 1):
        if value in present:
            continue
        names = _in_each_language(label)
        missing.append(
            Choice(
                question=question,
                order=order * 10,
                value=value,
                label=names["ar"],
                label_ar=names["ar"],
                label_en=names["en"],
            )
        )
    Choice.objects.bulk_create(missing)


def _unique_slug(base: str) -> str:
    base = slugify(base)[:60] or "survey"
    taken = set(Survey.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    candidate, number = f"{base}-copy", 2
    while candidate in taken:
        candidate, number = f"{base}-copy-{number}", number + 1
    return candidate


@transaction.atomic
def survey_duplicate(*, survey: Survey, by=None) -> Survey:
    """A new survey with the same texts, audience, questions and choices; no answers.

    The copy is an ordinary survey (never a second intake survey), so
    facilitators can reuse last year's questionnaire.
    """
    copy = Survey(
        slug=_unique_slug(survey.slug),
        kind=SurveyKind.GENERAL,
        opens_at=survey.opens_at,
        closes_at=survey.closes_at,
        audience=survey.audience,
        applicants_too=survey.applicants_too,
        created_by=by,
    )
    for code in ("ar", "en"):
        title = getattr(survey, f"title_{code}")
        if title:
            with translation.override(code):
                setattr(copy, f"title_{code}", str(COPY_SUFFIX) % {"title": title})
        setattr(copy, f"intro_{code}", getattr(survey, f"intro_{code}"))
    copy.save()
    copy.countries.set(survey.countries.all())
    questions = list(survey.questions.prefetch_related("choices"))
    new_questions = Question.objects.bulk_create(
        Question(
            survey=copy,
            **{
                f.attname: getattr(q, f.attname)
                for f in Question._meta.concrete_fields
                if f.attname not in ("id", "survey_id")
            },
        )
        for q in questions
    )
    Choice.objects.bulk_create(
        Choice(
            question=new,
            **{
                f.attname: getattr(c, f.attname)
                for f in Choice._meta.concrete_fields
                if f.attname not in ("id", "question_id")
            },
        )
        for old, new in zip(questions, new_questions, strict=True)
        for c in old.choices.all()
    )
    return copy


def answered_questions(question_ids) -> set[int]:
    """The questions among `question_ids` that have at least one stored answer."""
    return set(
        Answer.objects.filter(question_id__in=question_ids)
        .values_list("question_id", flat=True)
        .distinct()
    )


def chosen_choices(choice_ids) -> set[int]:
    return set(
        AnswerChoice.objects.filter(choice_id__in=choice_ids)
        .values_list("choice_id", flat=True)
        .distinct()
    )


def question_change_refusal(question: Question, *, changed: dict, deleting: bool) -> str | None:
    """Why a change to an answered question would corrupt its answers, or None if it would not.

    `changed` maps field names to their new values. Texts, help, order and
    "required" may always change; the shape of the answers may not.
    """
    if not answered_questions([question.pk]):
        return None
    if deleting:
        return _("This question already has answers: it cannot be deleted.")
    if "kind" in changed and changed["kind"] != question.kind:
        return _("This question already has answers: its type cannot change.")
    new_max = changed.get("max_choices", question.max_choices)
    if new_max != question.max_choices and (
        new_max is not None and (question.max_choices is None or new_max < question.max_choices)
    ):
        return _("This question already has answers: its maximum cannot be lowered.")
    if question.allow_other and changed.get("allow_other") is False:
        has_other = Answer.objects.filter(question=question).exclude(other_text="").exists()
        if has_other:
            return _("Some answers say “other”: the “other, please say” box cannot be removed.")
    for bound in ("min_value", "max_value"):
        if bound in changed and changed[bound] != getattr(question, bound):
            return _("This question already has answers: its number limits cannot change.")
    return None


def choice_change_refusal(choice: Choice, *, changed: dict, deleting: bool) -> str | None:
    """Why a change to a chosen option would corrupt the answers, or None."""
    if not chosen_choices([choice.pk]):
        return None
    if deleting:
        return _("This option has been chosen: it cannot be deleted (rename it instead).")
    if "value" in changed and changed["value"] != choice.value:
        return _("This option has been chosen: its scale position cannot change.")
    return None


def survey_has_answers(survey: Survey) -> bool:
    return Answer.objects.filter(question__survey=survey).exists()
