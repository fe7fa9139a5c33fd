"""The privacy hook, the home panel and the demo's story."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from discussions.models import TopicFollow
from members import services as members_services
from surveys import privacy
from surveys.models import AnswerChoice, ReminderDelivery, Response, Survey

from ..factories import UserFactory
from .factories import SurveyFactory, full_survey, valid_post


def test_the_export_holds_the_members_answers(member_client, member, survey):
    member_client.post(f"/en/surveys/{survey.pk}/", valid_post(survey))
    data = privacy.member_data(member)
    [response] = data["responses"]
    assert response["status"] == "submitted" and response["submitted_at"]
    by_question = {a["question"]: a for a in response["answers"]}
    assert by_question["Question multiple"]["chosen"] == ["M1", "M3"]
    ranking = next(a for a in response["answers"] if "ranking" in a["question"])
    assert [item["rank"] for item in ranking["chosen"]] == [1, 2, 3]
    assert any(a.get("number") == "42.50" for a in response["answers"])


def test_closing_an_account_keeps_sent_answers_anonymous_and_drops_drafts(
    member_client, member, survey
):
    member_client.post(f"/en/surveys/{survey.pk}/", valid_post(survey))
    draft_survey = full_survey()
    member_client.post(f"/en/surveys/{draft_survey.pk}/", {"action": "draft"})
    ReminderDelivery.objects.create(survey=draft_survey, member=member)
    members_services.account_close(member=member)
    sent = Response.objects.get(survey=survey)
    assert sent.member is None and sent.country_id == member.country_id
    assert AnswerChoice.objects.filter(answer__response=sent).exists()
    assert not Response.objects.filter(survey=draft_survey).exists()
    assert not ReminderDelivery.objects.exists()


def test_the_home_panel_lists_open_surveys_not_yet_sent(member_client, member, intake):
    open_one = SurveyFactory(title_en="Needs assessment 2027")
    sent = full_survey(title_en="Already answered")
    SurveyFactory(
        title_en="Long closed",
        opens_at=timezone.now() - timedelta(days=20),
        closes_at=timezone.now() - timedelta(days=1),
    )
    member_client.post(f"/en/surveys/{sent.pk}/", valid_post(sent))
    home = member_client.get("/en/").content.decode()
    panel = home[home.index('data-panel="surveys"') :]
    assert "Needs assessment 2027" in panel and f"/en/surveys/{open_one.pk}/" in panel
    assert "/en/surveys/intake/" in panel  # not done yet
    assert "Already answered" not in panel and "Long closed" not in panel


def test_visitors_get_no_surveys_panel(client, db):
    assert 'data-panel="surveys"' not in client.get("/en/").content.decode()


def test_the_home_page_keeps_its_query_count_with_many_surveys(
    member_client, django_assert_max_num_queries
):
    member_client.get("/en/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        member_client.get("/en/")
    for _ in range(8):
        SurveyFactory()
    with django_assert_max_num_queries(len(few)):
        member_client.get("/en/")


@pytest.mark.django_db(transaction=True)
def test_seed_demo_tells_the_communitys_story_and_is_safe_to_run_again():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    intake = Survey.objects.get(kind="intake")
    sent = Response.objects.filter(survey=intake, status="submitted")
    assert sent.values("country").distinct().count() == 7  # every founding country
    assert sent.count() >= 30

    def counts(code):
        rows = AnswerChoice.objects.filter(
            question__survey=intake, question__code=code, answer__response__status="submitted"
        )
        return dict(rows.values_list("choice__label_en").annotate(n=Count("id")))

    interest = counts("interest")
    keen = interest.get("Interested", 0) + interest.get("Very interested", 0)
    assert keen > 0.75 * sent.count(), "most want a regional community"
    technology = counts("technology")
    helpful = technology.get("To a large extent", 0) + technology.get("To a very large extent", 0)
    assert helpful > 0.6 * sent.count(), "technology is seen as helpful"
    topics = sorted(counts("topics").items(), key=lambda item: -item[1])
    top_four = {label for label, _n in topics[:4]}
    assert {"Cash transfers", "Social registries and delivery systems"} <= top_four
    assert "Targeting and poverty maps" in top_four
    # The answers' topics are followed, and marked as the survey's.
    assert TopicFollow.objects.filter(from_survey__survey=intake).count() > 30
    # Everyone counted as done on the roster answered for real.
    done = UserFactory._meta.model.objects.filter(intake_completed_at__isnull=False)
    assert set(done.values_list("pk", flat=True)) == set(sent.values_list("member_id", flat=True))
    closed = Survey.objects.exclude(kind="intake").get()
    assert closed.closes_at < timezone.now()
    assert Response.objects.filter(survey=closed, status="submitted").count() >= 10
    assert set(closed.questions.values_list("kind", flat=True)) >= {"likert", "ranking", "number"}
    before = (Response.objects.count(), AnswerChoice.objects.count(), Survey.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (
        Response.objects.count(),
        AnswerChoice.objects.count(),
        Survey.objects.count(),
    ) == before
