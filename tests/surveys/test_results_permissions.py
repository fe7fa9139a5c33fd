"""Every results URL for every role: who gets the page, who is refused, and why."""

import pytest
from django.urls import reverse

from surveys.models import QuestionKind
from surveys.results.synthetic import answer_all, make_members, make_survey
from tests.members.conftest import (  # noqa: F401 - shared fixtures
    as_role,
    people,
)

pytestmark = pytest.mark.django_db

OK, LOGIN, DENIED = 200, 302, 403


@pytest.fixture
def survey(country, other_country):
    survey = make_survey()
    answer_all(survey=survey, members=make_members(country=country, count=6))
    answer_all(survey=survey, members=make_members(country=other_country, count=5), start=6)
    return survey


def urls(survey) -> dict[str, str]:
    chart = survey.questions.get(kind=QuestionKind.SINGLE)
    return {
        "page": reverse("surveys:results", args=[survey.pk]),
        "report": reverse("surveys:results_report", args=[survey.pk]),
        "chart": reverse("surveys:results_chart", args=[survey.pk, chart.pk]),
        "csv": reverse("surveys:results_csv", args=[survey.pk]),
    }


# role -> expected status for (no country, ?country=JO, ?country=MA); JO is the focal point's.
MATRIX = {
    "visitor": (LOGIN, LOGIN, LOGIN),
    "applicant": (DENIED, DENIED, DENIED),
    "member": (DENIED, DENIED, DENIED),
    "expert": (DENIED, DENIED, DENIED),
    "focal_point": (OK, OK, DENIED),
    "other_focal_point": (OK, DENIED, OK),
    "facilitator": (OK, OK, OK),
}


@pytest.mark.parametrize("name", ["page", "report", "chart", "csv"])
@pytest.mark.parametrize("role", list(MATRIX))
def test_permission_matrix(role, name, survey, as_role):  # noqa: F811
    client = as_role(role)
    url = urls(survey)[name]
    for query, expected in zip(("", "?country=JO", "?country=MA"), MATRIX[role], strict=True):
        response = client.get(url + query)
        assert response.status_code == expected, (role, name, query, response.status_code)
        if expected == LOGIN:
            assert "/accounts/login/" in response["Location"]
        if expected == DENIED:
            assert b"Respondent 0" not in response.content
            assert b"Cash transfers" not in response.content


def test_refusals_say_why(survey, as_role):  # noqa: F811
    url = urls(survey)["page"]
    refused = as_role("member").get(url)
    assert "Survey results are for focal points and facilitators." in refused.content.decode()
    refused = as_role("focal_point").get(url + "?country=MA")
    assert "their own country only" in refused.content.decode()


@pytest.mark.parametrize("name", ["page", "report", "chart", "csv"])
def test_a_focal_point_never_sees_all_countries_even_by_asking_for_nothing_else(
    name,
    survey,
    as_role,  # noqa: F811
):
    # An empty country is their own, "all" is no country code: refused, not widened.
    client = as_role("focal_point")
    assert client.get(urls(survey)[name] + "?country=").status_code == OK
    assert client.get(urls(survey)[name] + "?country=all").status_code == 404


@pytest.mark.parametrize(
    "query", ["?country=ZZ", "?country=J", "?country=%3Cscript%3E", "?country=jo%00", "?country=ج"]
)
def test_hostile_country_codes_are_not_found(query, survey, as_role):  # noqa: F811
    response = as_role("facilitator").get(urls(survey)["page"] + query)
    assert response.status_code in (400, 404)  # a NUL byte is refused before the view
    assert b"<script>" not in response.content


def test_unknown_survey_is_not_found_for_those_who_may_see_results_only(as_role, people):  # noqa: F811
    url = reverse("surveys:results", args=[999999])
    assert as_role("facilitator").get(url).status_code == 404
    assert as_role("member").get(url).status_code == DENIED


def test_a_question_of_another_survey_is_not_found(survey, as_role):  # noqa: F811
    other = make_survey(slug="other")
    question = other.questions.get(kind=QuestionKind.SINGLE)
    url = reverse("surveys:results_chart", args=[survey.pk, question.pk])
    assert as_role("facilitator").get(url).status_code == 404
    text = survey.questions.get(kind=QuestionKind.LONG_TEXT)
    url = reverse("surveys:results_chart", args=[survey.pk, text.pk])
    assert as_role("facilitator").get(url).status_code == 404  # free text has no chart


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_results_urls_only_answer_get(method, survey, as_role):  # noqa: F811
    client = as_role("facilitator")
    for url in urls(survey).values():
        assert getattr(client, method)(url).status_code == 405
