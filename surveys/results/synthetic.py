"""A survey with every kind of question and many submitted responses, made in bulk.

For the results tests and `bench_surveys`: rows go in with `bulk_create`, the
answers are a deterministic function of the response's number, so tests know
the figures to expect. The responses are added to the results' tallies by the
same service code as a member's submission (`tally_delta`, `tallies_apply`).
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from members.models import MembershipStatus

from ..models import (
    Answer,
    AnswerChoice,
    Choice,
    Question,
    QuestionKind,
    Response,
    ResponseStatus,
    Survey,
)
from ..services.tallies import tallies_apply, tally_delta

LIKERT = [
    ("لا أوافق بشدة", "Strongly disagree"),
    ("لا أوافق", "Disagree"),
    ("محايد", "Neutral"),
    ("أوافق", "Agree"),
    ("أوافق بشدة", "Strongly agree"),
]
OPTIONS = [
    ("التحويلات النقدية", "Cash transfers"),
    ("الاستهداف", "Targeting"),
    ("السجلات الاجتماعية", "Social registries"),
    ("الأشغال العامة", "Public works"),
]
YES_NO_MAYBE = [("نعم", "Yes", 1), ("ربما", "Maybe", 0), ("لا", "No", -1)]

# The eight kinds, in the order a mixed survey repeats them.
KINDS = [
    QuestionKind.SINGLE,
    QuestionKind.MULTIPLE,
    QuestionKind.LIKERT,
    QuestionKind.RANKING,
    QuestionKind.YES_NO_MAYBE,
    QuestionKind.NUMBER,
    QuestionKind.SHORT_TEXT,
    QuestionKind.LONG_TEXT,
]


def make_survey(*, questions: int = 8, slug: str = "results-test", **fields) -> Survey:
    """A survey open since yesterday with `questions` questions cycling through KINDS."""
    now = timezone.now()
    survey = Survey.objects.create(
        slug=slug,
        title_ar=fields.pop("title_ar", "استبيان الاحتياجات"),
        title_en=fields.pop("title_en", "Needs survey"),
        opens_at=fields.pop("opens_at", now - timedelta(days=1)),
        closes_at=fields.pop("closes_at", now + timedelta(days=30)),
        **fields,
    )
    choices = []
    for number in range(questions):
        kind = KINDS[number % len(KINDS)]
        question = Question.objects.create(
            survey=survey,
            order=number + 1,
            kind=kind,
            text_ar=f"السؤال {number + 1}: {kind.label}",
            text_en=f"Question {number + 1}: {kind.label}",
            required=False,
            allow_other=kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE),
            max_choices=3 if kind == QuestionKind.MULTIPLE else None,
        )
        if kind == QuestionKind.LIKERT:
            labels = [(ar, en, position) for position, (ar, en) in enumerate(LIKERT, start=1)]
        elif kind == QuestionKind.YES_NO_MAYBE:
            labels = YES_NO_MAYBE
        elif kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING):
            labels = [(ar, en, None) for ar, en in OPTIONS]
        else:
            labels = []
        choices += [
            Choice(question=question, order=order, label_ar=ar, label_en=en, value=value)
            for order, (ar, en, value) in enumerate(labels)
        ]
    Choice.objects.bulk_create(choices)
    return survey


def make_members(*, country, count: int, prefix: str = "respondent") -> list:
    """`count` approved members of `country`, made in one query."""
    User = get_user_model()
    return User.objects.bulk_create(
        User(
            email=f"{prefix}{n}.{country.code.lower()}@example.org",
            name_latin=f"Respondent {n}",
            name_arabic=f"مشارك {n}",
            country=country,
            status=MembershipStatus.MEMBER,
        )
        for n in range(count)
    )


def answer_all(*, survey: Survey, members, country=None, start: int = 0, draft: bool = False):
    """A submitted response from each member (or `members` anonymous ones if an int).

    Response number i (counting from `start`) answers: single choice option
    i % 4 (and "other" when i % 10 == 9); multiple choice options j where bit
    j of i is set (at most 3); Likert point i % 5; ranking the options rotated
    by i; yes/no/maybe choice i % 3; number i % 50; texts on every 4th.
    """
    if isinstance(members, int):
        members = [None] * members
    now = timezone.now()
    responses = Response.objects.bulk_create(
        Response(
            survey=survey,
            member=member,
            country=country if country is not None else getattr(member, "country", None),
            status=ResponseStatus.DRAFT if draft else ResponseStatus.SUBMITTED,
            submitted_at=None if draft else now - timedelta(minutes=len(members) - index),
        )
        for index, member in enumerate(members)
    )
    questions = list(survey.questions.order_by("order").prefetch_related("choices"))
    answers, picks = [], []
    for offset, response in enumerate(responses):
        i = start + offset
        for question in questions:
            options = sorted(question.choices.all(), key=lambda c: c.order)
            answer = Answer(
                response=response, question=question, submitted_at=response.submitted_at
            )
            chosen: list[tuple] = []
            kind = question.kind
            if kind == QuestionKind.SINGLE:
                chosen = [(options[i % 4], None)]
                if i % 10 == 9:
                    answer.other_text = f'=HYPERLINK("x") other {i}'
            elif kind == QuestionKind.MULTIPLE:
                chosen = [(options[j], None) for j in range(4) if (i >> j) & 1][:3]
                if not chosen:
                    continue  # a respondent who skipped the optional question
            elif kind == QuestionKind.LIKERT:
                chosen = [(options[i % 5], None)]
            elif kind == QuestionKind.RANKING:
                rotated = options[i % 4 :] + options[: i % 4]
                chosen = [(option, rank) for rank, option in enumerate(rotated, start=1)]
            elif kind == QuestionKind.YES_NO_MAYBE:
                chosen = [(options[i % 3], None)]
            elif kind == QuestionKind.NUMBER:
                answer.number_value = i % 50
            elif i % 4:
                continue
            else:
                answer.text_value = f"Answer {i} to {question.text_en}"
            answers.append(answer)
            picks.append(chosen)
    Answer.objects.bulk_create(answers, batch_size=2000)
    AnswerChoice.objects.bulk_create(
        (
            AnswerChoice(answer=answer, question_id=answer.question_id, choice=choice, rank=rank)
            for answer, chosen in zip(answers, picks, strict=True)
            for choice, rank in chosen
        ),
        batch_size=2000,
    )
    tallies_apply(tally_delta(Response.objects.filter(pk__in=[r.pk for r in responses])))
    return responses
