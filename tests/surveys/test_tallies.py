"""The results' tallies stay equal to a count of the raw answers, whatever members do."""

import io
import random
import threading
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q, Sum

from surveys import services
from surveys.forms import Given
from surveys.models import (
    Answer,
    AnswerChoice,
    ChoiceTally,
    NumberTally,
    QuestionKind,
    QuestionTally,
    Response,
    ResponseStatus,
    SurveyTally,
)
from tests.factories import UserFactory

from .factories import full_survey

pytestmark = pytest.mark.django_db
SUBMITTED = ResponseStatus.SUBMITTED


def from_scratch(survey) -> dict:
    """The tallies' figures counted afresh from the answers, with the ORM."""
    answers = Answer.objects.filter(response__survey=survey, response__status=SUBMITTED)
    chosen = AnswerChoice.objects.filter(
        answer__response__survey=survey, answer__response__status=SUBMITTED
    )
    return {
        "respondents": {
            row["country"]: row["n"]
            for row in Response.objects.filter(survey=survey, status=SUBMITTED)
            .values("country")
            .annotate(n=Count("id"))
            .order_by()
        },
        "questions": {
            (row["question"], row["response__country"]): (row["n"], row["others"], row["texts"])
            for row in answers.values("question", "response__country")
            .annotate(
                n=Count("id"),
                others=Count("id", filter=~Q(other_text="")),
                texts=Count("id", filter=~Q(text_value="") | ~Q(other_text="")),
            )
            .order_by()
        },
        "choices": {
            (row["choice"], row["answer__response__country"]): (
                row["n"],
                row["firsts"],
                row["ranks"] or 0,
            )
            for row in chosen.values("choice", "answer__response__country")
            .annotate(n=Count("id"), firsts=Count("id", filter=Q(rank=1)), ranks=Sum("rank"))
            .order_by()
        },
        "numbers": {
            (row["question"], row["response__country"], row["number_value"]): row["n"]
            for row in answers.filter(number_value__isnull=False)
            .values("question", "response__country", "number_value")
            .annotate(n=Count("id"))
            .order_by()
        },
    }


def tallied(survey) -> dict:
    """The tallies as stored (rows counted down to zero read as absent; none below zero)."""
    rows = {
        "respondents": {
            t.country_id: t.respondents for t in SurveyTally.objects.filter(survey=survey)
        },
        "questions": {
            (t.question_id, t.country_id): (t.answers, t.others, t.texts)
            for t in QuestionTally.objects.filter(survey=survey)
        },
        "choices": {
            (t.choice_id, t.country_id): (t.chosen, t.firsts, t.rank_sum)
            for t in ChoiceTally.objects.filter(survey=survey)
        },
        "numbers": {
            (t.question_id, t.country_id, t.value): t.answers
            for t in NumberTally.objects.filter(survey=survey)
        },
    }
    for table in rows.values():
        for value in table.values():
            assert min(value if isinstance(value, tuple) else (value,)) >= 0, rows
    return {
        name: {key: value for key, value in table.items() if value not in (0, (0, 0, 0))}
        for name, table in rows.items()
    }


def random_answers(survey, rng: random.Random) -> list[Given]:
    """Answers of every shape the form accepts, some questions skipped."""
    given = []
    for question in survey.questions.prefetch_related("choices"):
        if rng.random() < 0.15:
            continue
        ids = [c.pk for c in question.choices.all()]
        kind = question.kind
        answer = Given(question=question)
        if kind in (QuestionKind.SINGLE, QuestionKind.LIKERT, QuestionKind.YES_NO_MAYBE):
            answer.choice_ids = [rng.choice(ids)]
        elif kind == QuestionKind.MULTIPLE:
            answer.choice_ids = rng.sample(ids, rng.randint(0, 2))
        elif kind == QuestionKind.RANKING:
            ranked = rng.sample(ids, rng.randint(1, len(ids)))
            answer.choice_ids = ranked
            answer.ranks = {pk: rank for rank, pk in enumerate(ranked, start=1)}
        elif kind == QuestionKind.NUMBER:
            answer.number = rng.choice([Decimal("0"), Decimal("7.5"), Decimal("42"), Decimal(999)])
        else:
            answer.text = rng.choice(["", "", "Un avis", "رأي"])
        if question.accepts_other and rng.random() < 0.3:
            answer.other = "Something else"
        if not answer.is_empty:
            given.append(answer)
    return given


def test_tallies_equal_a_count_from_scratch_after_random_submits_edits_and_deletes(
    country, other_country
):
    survey = full_survey()
    rng = random.Random(20261126)
    people = [UserFactory(country=rng.choice([country, other_country])) for _ in range(12)]
    for step in range(120):
        person = rng.choice(people)
        action = rng.random()
        if action < 0.1:
            services.responses_delete(
                responses=Response.objects.filter(survey=survey, member=person)
            )
        elif action < 0.2:
            # Moved to another country: the next save counts their answers there.
            person.country = other_country if person.country == country else country
            person.save(update_fields=["country"])
        elif action < 0.3:
            services.response_record(
                survey=survey,
                member=person,
                answers=random_answers(survey, rng),
                submitted_at=survey.opens_at,
            )
        else:
            services.response_save(
                survey=survey,
                member=person,
                answers=random_answers(survey, rng),
                submit=rng.random() < 0.7,
            )
        if step % 10 == 9:
            assert tallied(survey) == from_scratch(survey), step
    assert tallied(survey) == from_scratch(survey)
    assert Response.objects.filter(survey=survey, status=SUBMITTED).count() > 5


def test_a_member_without_a_country_is_counted_once_per_option(country):
    survey = full_survey()
    rng = random.Random(7)
    stateless = UserFactory(country=None)
    for _ in range(3):
        services.response_record(
            survey=survey,
            member=stateless,
            answers=random_answers(survey, rng),
            submitted_at=survey.opens_at,
        )
    assert SurveyTally.objects.get(survey=survey, country=None).respondents == 1
    assert tallied(survey) == from_scratch(survey)


def test_editing_a_submitted_answer_moves_the_count_and_raises_the_revision(member):
    survey = full_survey()
    single = survey.questions.get(code="single")
    first, second = single.choices.all()[:2]
    services.response_save(
        survey=survey, member=member, answers=[Given(single, [first.pk])], submit=True
    )
    revision = SurveyTally.objects.get(survey=survey).revision
    services.response_save(
        survey=survey, member=member, answers=[Given(single, [second.pk])], submit=False
    )
    counts = dict(ChoiceTally.objects.filter(question=single).values_list("choice", "chosen"))
    assert counts == {first.pk: 0, second.pk: 1}
    assert SurveyTally.objects.get(survey=survey).revision > revision


def test_a_draft_adds_nothing_until_it_is_submitted(member):
    survey = full_survey()
    single = survey.questions.get(code="single")
    chosen = [Given(single, [single.choices.first().pk])]
    services.response_save(survey=survey, member=member, answers=chosen, submit=False)
    assert not SurveyTally.objects.filter(survey=survey).exists()
    assert not ChoiceTally.objects.filter(survey=survey).exists()
    services.response_save(survey=survey, member=member, answers=chosen, submit=True)
    assert tallied(survey)["respondents"] == {member.country_id: 1}


def test_the_rebuild_command_repairs_tallies_and_never_reuses_a_revision(member):
    survey = full_survey()
    rng = random.Random(3)
    services.response_save(
        survey=survey, member=member, answers=random_answers(survey, rng), submit=True
    )
    revision = SurveyTally.objects.get(survey=survey).revision
    ChoiceTally.objects.filter(survey=survey).update(chosen=99)
    QuestionTally.objects.filter(survey=survey).delete()
    out = io.StringIO()
    call_command("rebuild_survey_tallies", survey=[survey.pk], stdout=out)
    assert "rebuilt for 1 survey" in out.getvalue()
    assert tallied(survey) == from_scratch(survey)
    assert SurveyTally.objects.get(survey=survey).revision > revision


def test_the_migration_counts_responses_submitted_before_the_tallies(member):
    from importlib import import_module

    from django.apps import apps

    survey = full_survey()
    services.response_save(
        survey=survey,
        member=member,
        answers=random_answers(survey, random.Random(5)),
        submit=True,
    )
    for model in (SurveyTally, QuestionTally, ChoiceTally, NumberTally):
        model.objects.all().delete()
    migration = import_module("surveys.migrations.0005_fill_tallies")
    migration.fill_tallies(apps, SimpleNamespace(connection=connection))
    assert tallied(survey) == from_scratch(survey)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_lose_no_count(country, other_country):
    from django.db import connections

    survey = full_survey()
    people = [UserFactory(country=(country, other_country)[n % 2]) for n in range(8)]
    single = survey.questions.get(code="single")
    first = single.choices.first()
    start = threading.Barrier(len(people))
    errors = []

    def submit(person):
        try:
            start.wait(timeout=30)
            services.response_save(
                survey=survey, member=person, answers=[Given(single, [first.pk])], submit=True
            )
        except Exception as error:  # reported below, in the test's own thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert sum(t.chosen for t in ChoiceTally.objects.filter(choice=first)) == len(people)
    assert tallied(survey) == from_scratch(survey)


@pytest.mark.postgres  # the results' latest written answers are a PostgreSQL query
def test_written_answers_show_newest_submission_first_and_never_a_draft(country, settings):
    from surveys.results.selectors import survey_results

    settings.SURVEY_RESULTS_MIN_GROUP = 1
    survey = full_survey()
    short = survey.questions.get(code="short")
    first, second, drafting = (UserFactory(country=country) for _ in range(3))
    for person, text, submit in (
        (first, "First", True),
        (second, "Second", True),
        (drafting, "Not sent", False),
    ):
        services.response_save(
            survey=survey, member=person, answers=[Given(short, text=text)], submit=submit
        )
    # An edit keeps the answer's place: the order is that of submission.
    services.response_save(
        survey=survey, member=first, answers=[Given(short, text="First, edited")], submit=True
    )
    result = next(
        r
        for r in survey_results(survey=survey, country=None, names=True).questions
        if r.question.pk == short.pk
    )
    assert [t.text for t in result.texts] == ["Second", "First, edited"]
    assert result.texts_total == 2
