"""A member answers: drafts, sending, editing until the close, one response each."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from surveys.models import Answer, AnswerChoice, Response, ResponseStatus

from .factories import c, q, valid_post


def url(survey):
    return f"/en/surveys/{survey.pk}/"


def test_the_form_shows_every_question_with_its_options(member_client, survey):
    page = member_client.get(url(survey))
    assert page.status_code == 200
    html = page.content.decode()
    for code in ("single", "multiple", "likert", "ranking", "ynm", "number", "short", "long"):
        assert f"Question {code}" in html
    assert "M3" in html and "Agree" in html
    # yes/no/maybe questions get their three choices in both languages.
    assert '<span dir="auto">Yes</span>' in html and '<span dir="auto">Maybe</span>' in html
    assert f'name="q{q(survey, "single").pk}_other"' in html
    assert f'name="q{q(survey, "ranking").pk}_rank_{c(survey, "ranking", "R1")}"' in html


def test_sending_stores_every_answer_in_the_shape_results_count(member_client, member, survey):
    page = member_client.post(url(survey), valid_post(survey))
    assert page.status_code == 302
    response = Response.objects.get(survey=survey, member=member)
    assert response.status == ResponseStatus.SUBMITTED and response.submitted_at
    assert response.country == member.country
    chosen = AnswerChoice.objects.filter(answer__response=response)
    assert set(
        chosen.filter(question=q(survey, "multiple")).values_list("choice__label_en", flat=True)
    ) == {"M1", "M3"}
    ranks = dict(
        chosen.filter(question=q(survey, "ranking")).values_list("choice__label_en", "rank")
    )
    assert ranks == {"R3": 1, "R1": 2, "R2": 3}
    answers = {
        a.question.code: a
        for a in Answer.objects.filter(response=response).select_related("question")
    }
    assert answers["number"].number_value == Decimal("42.5")
    assert answers["short"].text_value == "A short answer"
    assert answers["long"].text_value == "Line one\nLine two"
    follow = member_client.get(page["Location"])
    assert "Your answers are saved" in follow.content.decode()


def test_a_draft_may_leave_required_questions_empty_and_is_not_sent(member_client, member, survey):
    data = {f"q{q(survey, 'single').pk}": str(c(survey, "single", "A")), "action": "draft"}
    assert member_client.post(url(survey), data).status_code == 302
    response = Response.objects.get(survey=survey, member=member)
    assert response.status == ResponseStatus.DRAFT and response.submitted_at is None
    page = member_client.get(url(survey)).content.decode()
    assert "Draft saved" in page
    # The draft's answer is shown checked again.
    assert f'value="{c(survey, "single", "A")}" checked' in page


def test_sending_without_a_required_answer_is_refused_next_to_the_question(
    member_client, member, survey
):
    data = valid_post(survey, **{f"q{q(survey, 'likert').pk}": None})
    page = member_client.post(url(survey), data)
    assert page.status_code == 400
    html = page.content.decode()
    assert "This question needs an answer." in html
    assert f'id="q{q(survey, "likert").pk}-errors"' in html
    assert not Response.objects.exists()


def test_answers_stay_editable_until_the_close_and_replace_the_old_ones(
    member_client, member, survey
):
    member_client.post(url(survey), valid_post(survey))
    first = Response.objects.get()
    sent_at = first.submitted_at
    data = valid_post(
        survey, **{f"q{q(survey, 'multiple').pk}": [str(c(survey, "multiple", "M4"))]}
    )
    assert member_client.post(url(survey), data).status_code == 302
    response = Response.objects.get()
    assert response.pk == first.pk and response.submitted_at == sent_at
    assert list(
        AnswerChoice.objects.filter(question=q(survey, "multiple")).values_list(
            "choice__label_en", flat=True
        )
    ) == ["M4"]
    assert Answer.objects.filter(response=response).count() == 8


def test_a_sent_response_cannot_go_back_to_draft(member_client, survey):
    member_client.post(url(survey), valid_post(survey))
    data = valid_post(survey, action="draft", **{f"q{q(survey, 'likert').pk}": None})
    page = member_client.post(url(survey), data)
    assert page.status_code == 400  # still demands the required answers
    assert Response.objects.get().status == ResponseStatus.SUBMITTED


def test_after_the_close_the_answers_are_shown_but_cannot_change(member_client, survey):
    member_client.post(url(survey), valid_post(survey))
    survey.opens_at = timezone.now() - timedelta(days=20)
    survey.closes_at = timezone.now() - timedelta(minutes=1)
    survey.save()
    page = member_client.get(url(survey))
    html = page.content.decode()
    assert page.status_code == 200 and "This survey closed on" in html
    assert '<fieldset class="survey__questions" disabled>' in html
    assert "Send my answers" not in html and "Save my changes" not in html
    refused = member_client.post(
        url(survey),
        valid_post(survey, **{f"q{q(survey, 'single').pk}": str(c(survey, "single", "C"))}),
    )
    assert refused.status_code == 403
    assert "This survey closed on" in refused.content.decode()
    assert AnswerChoice.objects.filter(question=q(survey, "single")).get().choice.label_en == "B"


@pytest.mark.postgres
def test_one_response_per_member_and_survey_is_a_database_rule(member, survey):
    Response.objects.create(survey=survey, member=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(survey=survey, member=member)


def test_the_list_shows_open_and_closed_surveys_with_my_state(member_client, survey):
    from .factories import SurveyFactory

    closed = SurveyFactory(
        title_en="Last year survey",
        opens_at=timezone.now() - timedelta(days=30),
        closes_at=timezone.now() - timedelta(days=2),
    )
    SurveyFactory(title_en="Not yet open", opens_at=timezone.now() + timedelta(days=2))
    member_client.post(url(survey), valid_post(survey))
    html = member_client.get("/en/surveys/").content.decode()
    assert survey.title_en in html and closed.title_en in html
    assert "Not yet open" not in html
    assert "Answered" in html and "Closed surveys" in html


def test_pages_keep_their_query_count(member_client, survey, django_assert_max_num_queries):
    data = valid_post(survey)
    member_client.post(url(survey), data)
    with django_assert_max_num_queries(12):
        assert member_client.get(url(survey)).status_code == 200
    # Saving again also reads the response's old and new share of the results' tallies
    # and writes the tallies that change (here only its country's revision).
    with django_assert_max_num_queries(25):
        assert member_client.post(url(survey), data).status_code == 302
    with django_assert_max_num_queries(10):
        assert member_client.get("/en/surveys/").status_code == 200


def test_the_form_costs_the_same_queries_for_few_or_many_questions(member_client, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .factories import full_survey
    from .factories import question as add_question

    small, large = full_survey(), full_survey()
    for n in range(30):
        add_question(large, "multiple", code=f"extra{n}", labels=["X", "Y", "Z"], required=False)
    member_client.get("/en/surveys/")  # the session's own first queries, out of the count
    counts = []
    for survey in (small, large):
        data = valid_post(survey)
        with CaptureQueriesContext(connection) as shown:
            member_client.get(url(survey))
        with CaptureQueriesContext(connection) as saved:
            assert member_client.post(url(survey), data).status_code == 302
        counts.append((len(shown), len(saved)))
    assert counts[0] == counts[1]
