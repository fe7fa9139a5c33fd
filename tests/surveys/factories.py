"""Surveys for tests: `full_survey()` has one question of each kind."""

from datetime import timedelta

import factory
from django.utils import timezone

from surveys.models import Choice, Question, QuestionKind, Survey
from surveys.services import question_sync_fixed_choices


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    title_ar = factory.Sequence(lambda n: f"استبيان {n}")
    title_en = factory.Sequence(lambda n: f"Survey {n}")
    title = factory.SelfAttribute("title_ar")
    slug = factory.Sequence(lambda n: f"survey-{n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))


def question(survey, kind, *, code, labels=(), values=None, **fields) -> Question:
    order = survey.questions.count() + 1
    q = Question.objects.create(
        survey=survey,
        kind=kind,
        code=code,
        order=order * 10,
        text=f"سؤال {code}",
        text_ar=f"سؤال {code}",
        text_en=f"Question {code}",
        **fields,
    )
    for index, label in enumerate(labels, 1):
        Choice.objects.create(
            question=q,
            order=index,
            label=f"{label} ar",
            label_ar=f"{label} ar",
            label_en=label,
            value=values[index - 1] if values else None,
        )
    question_sync_fixed_choices(q)
    return q


def full_survey(**fields) -> Survey:
    survey = SurveyFactory(**fields)
    question(survey, QuestionKind.SINGLE, code="single", labels=["A", "B", "C"], allow_other=True)
    question(
        survey,
        QuestionKind.MULTIPLE,
        code="multiple",
        labels=["M1", "M2", "M3", "M4"],
        max_choices=2,
        allow_other=True,
    )
    question(
        survey,
        QuestionKind.LIKERT,
        code="likert",
        labels=["Disagree", "Neutral", "Agree"],
        values=[1, 2, 3],
    )
    question(survey, QuestionKind.RANKING, code="ranking", labels=["R1", "R2", "R3"])
    question(survey, QuestionKind.YES_NO_MAYBE, code="ynm")
    question(
        survey, QuestionKind.NUMBER, code="number", min_value=0, max_value=1000, required=False
    )
    question(survey, QuestionKind.SHORT_TEXT, code="short", required=False)
    question(survey, QuestionKind.LONG_TEXT, code="long", required=False)
    return survey


def q(survey, code) -> Question:
    return survey.questions.get(code=code)


def c(survey, code, label) -> int:
    """The id of the choice labelled `label` (English) in question `code`."""
    return Choice.objects.get(question__survey=survey, question__code=code, label_en=label).pk


def valid_post(survey, **overrides) -> dict:
    """A complete, valid POST of `full_survey`'s form."""
    data = {
        f"q{q(survey, 'single').pk}": str(c(survey, "single", "B")),
        f"q{q(survey, 'multiple').pk}": [
            str(c(survey, "multiple", "M1")),
            str(c(survey, "multiple", "M3")),
        ],
        f"q{q(survey, 'likert').pk}": str(c(survey, "likert", "Agree")),
        f"q{q(survey, 'ranking').pk}_rank_{c(survey, 'ranking', 'R1')}": "2",
        f"q{q(survey, 'ranking').pk}_rank_{c(survey, 'ranking', 'R2')}": "3",
        f"q{q(survey, 'ranking').pk}_rank_{c(survey, 'ranking', 'R3')}": "1",
        f"q{q(survey, 'ynm').pk}": str(c(survey, "ynm", "Yes")),
        f"q{q(survey, 'number').pk}": "42.5",
        f"q{q(survey, 'short').pk}": "A short answer",
        f"q{q(survey, 'long').pk}": "Line one\nLine two",
        "action": "submit",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
