"""Survey results: the figures a facilitator or focal point reads, and what stays hidden."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from surveys.models import QuestionKind
from surveys.results.selectors import survey_results
from surveys.results.synthetic import answer_all, make_members, make_survey

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def survey(db):
    return make_survey()


def by_kind(results, kind):
    return next(r for r in results.questions if r.kind == kind)


def test_multiple_choice_is_a_share_of_respondents_not_of_ticks(survey, country):
    # Respondents 0..7: options ticked are the bits of the number (respondent 0 skips).
    answer_all(survey=survey, members=make_members(country=country, count=8))
    results = survey_results(survey=survey, country=None, names=True)
    multiple = by_kind(results, QuestionKind.MULTIPLE)
    assert multiple.n == 7
    counts = {o.label: o.count for o in multiple.options}
    # Bit 0 set for 1,3,5,7; bit 1 for 2,3,6,7; bit 2 for 4,5,6,7; bit 3 never.
    assert counts == {
        "Cash transfers": 4,
        "Targeting": 4,
        "Social registries": 4,
        "Public works": 0,
        "Other": 0,
    }
    assert [o.percent for o in multiple.options][:3] == ["57%", "57%", "57%"]
    assert sum(o.share for o in multiple.options) > 1  # not shares of all ticks


def test_single_choice_counts_and_other(survey, country):
    answer_all(survey=survey, members=make_members(country=country, count=10))
    single = by_kind(survey_results(survey=survey, country=None, names=True), QuestionKind.SINGLE)
    assert single.n == 10
    assert [(o.label, o.count) for o in single.options] == [
        ("Cash transfers", 3),
        ("Targeting", 3),
        ("Social registries", 2),
        ("Public works", 2),
        ("Other", 1),
    ]


def test_likert_rows_for_everyone_and_each_country_with_enough_answers(
    survey, country, other_country
):
    answer_all(survey=survey, members=make_members(country=country, count=10))
    answer_all(survey=survey, members=make_members(country=other_country, count=3), start=10)
    likert = by_kind(survey_results(survey=survey, country=None, names=True), QuestionKind.LIKERT)
    assert [row.label for row in likert.likert_rows] == ["All respondents", "Jordan"]
    assert likert.likert_rows[0].counts == [3, 3, 3, 2, 2]  # i % 5 for i in 0..12
    assert likert.likert_rows[1].counts == [2, 2, 2, 2, 2]
    assert likert.hidden_rows == ["Morocco"]


def test_ranking_gives_mean_rank_and_share_ranked_first(survey, country):
    answer_all(survey=survey, members=make_members(country=country, count=8))
    ranking = by_kind(survey_results(survey=survey, country=None, names=True), QuestionKind.RANKING)
    # Rotations: each option is first for 2 of 8, and its mean rank is 2.5.
    assert {o.label: (o.first_count, o.mean_rank) for o in ranking.options} == {
        "Cash transfers": (2, 2.5),
        "Targeting": (2, 2.5),
        "Social registries": (2, 2.5),
        "Public works": (2, 2.5),
    }
    assert ranking.options[0].first_percent == "25%"


def test_number_summary_and_ranges(survey, country):
    answer_all(survey=survey, members=make_members(country=country, count=10))
    number = by_kind(survey_results(survey=survey, country=None, names=True), QuestionKind.NUMBER)
    assert (number.number.minimum, number.number.maximum, str(number.number.mean)) == (0, 9, "4.50")
    assert [(b.label, b.count) for b in number.number.bins] == [
        ("0 to 1.8", 2),
        ("1.8 to 3.6", 2),
        ("3.6 to 5.4", 2),
        ("5.4 to 7.2", 2),
        ("7.2 to 9", 2),
    ]


def test_country_filter_and_response_rates(survey, country, other_country):
    answer_all(survey=survey, members=make_members(country=country, count=6))
    make_members(country=country, count=4, prefix="silent")
    answer_all(survey=survey, members=make_members(country=other_country, count=5), start=6)
    everyone = survey_results(survey=survey, country=None, names=True)
    assert everyone.respondents == 11
    rates = {r.country.code: (r.respondents, r.members, r.percent) for r in everyone.rates}
    assert rates["JO"] == (6, 10, "60%") and rates["MA"] == (5, 5, "100%")
    jordan = survey_results(survey=survey, country=country, names=True)
    assert jordan.respondents == 6
    assert by_kind(jordan, QuestionKind.SINGLE).n == 6
    assert [r.country.code for r in jordan.rates] == ["JO"]


def test_drafts_do_not_count(survey, country):
    answer_all(survey=survey, members=make_members(country=country, count=6), draft=True)
    results = survey_results(survey=survey, country=None, names=True)
    assert results.respondents == 0 and results.suppressed


def test_small_groups_show_no_numbers(survey, country, settings):
    settings.SURVEY_RESULTS_MIN_GROUP = 5
    answer_all(survey=survey, members=make_members(country=country, count=4))
    results = survey_results(survey=survey, country=country, names=False)
    assert results.suppressed
    assert all(q.suppressed and not q.options and not q.texts for q in results.questions)
    assert all(q.chart(rtl=False, language="en") is None for q in results.questions)


def test_free_text_has_names_only_for_facilitators(survey, country):
    answer_all(survey=survey, members=make_members(country=country, count=20))
    named = by_kind(survey_results(survey=survey, country=None, names=True), QuestionKind.LONG_TEXT)
    anonymous = by_kind(
        survey_results(survey=survey, country=country, names=False), QuestionKind.LONG_TEXT
    )
    assert [t.text for t in named.texts] == [t.text for t in anonymous.texts]
    # Every 4th respondent wrote something, the latest first.
    assert [t.author for t in named.texts] == [f"Respondent {n}" for n in (16, 12, 8, 4, 0)]
    assert {t.author for t in anonymous.texts} == {""}


@pytest.mark.postgres
def test_query_count_is_the_same_for_10_and_10000_responses(survey, country, other_country):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            results = survey_results(survey=survey, country=None, names=True)
            for result in results.questions:
                result.chart(rtl=True, language="ar")
        return len(queries), results

    answer_all(survey=survey, members=5, country=country)
    answer_all(survey=survey, members=5, country=other_country, start=5)
    few, results = count_queries()
    assert results.respondents == 10
    answer_all(survey=survey, members=9990, country=country, start=10)
    many, results = count_queries()
    assert results.respondents == 10000
    assert by_kind(results, QuestionKind.SINGLE).n == 10000
    assert few == many
    assert many <= 5  # respondents, countries, questions, tallies, written answers
