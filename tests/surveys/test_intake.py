"""The intake survey: offered right after signing up, skippable, reachable from home and profile."""

import re

import pytest
from django.utils import timezone

from discussions.models import TopicFollow
from surveys.models import Response, ResponseStatus, Survey, TopicFollowFromSurvey

from ..discussions.factories import TopicFactory


def intake_post(intake, topics=("cash-transfers", "social-registries"), **extra):
    questions = {q.code: q for q in intake.questions.prefetch_related("choices__topic")}
    choice = {
        code: {(ch.topic.slug if ch.topic else ch.label_en): str(ch.pk) for ch in q.choices.all()}
        for code, q in questions.items()
    }
    data = {
        f"q{questions['interest'].pk}": choice["interest"]["Very interested"],
        f"q{questions['topics'].pk}": [choice["topics"][slug] for slug in topics],
        f"q{questions['technology'].pk}": choice["technology"]["To a large extent"],
        f"q{questions['activities'].pk}": [
            choice["activities"]["Virtual workshops"],
            choice["activities"]["Study tours"],
        ],
        f"q{questions['language'].pk}": choice["language"]["Arabic"],
        "action": "submit",
    }
    data.update(extra)
    return data


def test_the_intake_exists_in_a_new_database(intake):
    codes = list(intake.questions.values_list("code", flat=True))
    assert codes == ["interest", "topics", "technology", "activities", "language", "comments"]
    topics = intake.questions.get(code="topics")
    assert topics.max_choices == 3
    assert topics.choices.filter(topic__slug="cash-transfers").exists()
    assert intake.title_ar and intake.title_en and intake.closes_at is None
    assert intake.applicants_too
    activities = set(
        intake.questions.get(code="activities").choices.values_list("label_en", flat=True)
    )
    assert {
        "Virtual workshops",
        "Study tours",
        "Audio conferences",
        "Online discussions",
        "Policy notes",
    } <= activities


def test_only_one_intake_survey_can_exist(intake):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Survey.objects.create(
            title="x", slug="second-intake", kind="intake", opens_at=timezone.now()
        )


def test_signing_up_leads_to_the_intake_after_the_email_is_confirmed(
    client, intake, country, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            "/ar/accounts/signup/",
            {
                "email": "huda@example.org",
                "password1": "a long and unusual passphrase",
                "password2": "a long and unusual passphrase",
                "name_arabic": "هدى ناصر",
                "country": country.pk,
                "organisation": "صندوق المعونة الوطنية",
                "position": "منسقة",
                "preferred_language": "ar",
                "timezone": "",
            },
        )
    assert page.status_code == 302, page.content.decode()[:3000]
    [mail] = [m for m in mailoutbox if m.to == ["huda@example.org"]]
    path = re.search(r"(/ar/accounts/confirm-email/[^/\s]+/)", mail.body).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(path)
    assert confirmed.status_code == 302
    assert confirmed["Location"] == "/ar/surveys/intake/"
    intake_page = client.get(confirmed["Location"])
    html = intake_page.content.decode()
    assert intake_page.status_code == 200
    assert intake.title_ar in html and 'href="/ar/"' in html


def test_the_onboarding_step_can_be_skipped_and_is_offered_again_at_home(client, applicant, intake):
    client.force_login(applicant)
    html = client.get("/en/surveys/intake/").content.decode()
    assert "Skip for now" in html and 'href="/en/"' in html
    home = client.get("/en/").content.decode()
    assert "/en/surveys/intake/" in home and intake.title_en in home
    profile = client.get("/en/members/profile/").content.decode()
    assert "Answer the intake survey" in profile and "/en/surveys/intake/" in profile


def test_an_applicant_completes_the_intake_and_follows_the_topics_chosen(client, applicant, intake):
    client.force_login(applicant)
    page = client.post("/en/surveys/intake/", intake_post(intake))
    assert page.status_code == 302 and page["Location"] == "/en/"
    applicant.refresh_from_db()
    response = Response.objects.get(survey=intake, member=applicant)
    assert response.status == ResponseStatus.SUBMITTED
    assert applicant.intake_completed_at == response.submitted_at
    followed = set(
        TopicFollow.objects.filter(member=applicant).values_list("topic__slug", flat=True)
    )
    assert followed == {"cash-transfers", "social-registries"}
    # Done: home no longer offers it; the profile offers to change the answers.
    assert "/en/surveys/intake/" not in client.get("/en/").content.decode()
    profile = client.get("/en/members/profile/").content.decode()
    assert "See or change your answers" in profile
    # The roster's "survey done" column reads the same field (members' own test covers the column).


def test_a_draft_of_the_intake_does_not_count_as_done(client, applicant, intake):
    client.force_login(applicant)
    data = intake_post(intake, action="draft")
    assert client.post("/en/surveys/intake/", data).status_code == 302
    applicant.refresh_from_db()
    assert applicant.intake_completed_at is None
    assert not TopicFollow.objects.filter(member=applicant).exists()


def test_more_than_three_topics_are_refused(client, applicant, intake):
    client.force_login(applicant)
    four = ("cash-transfers", "social-registries", "public-works", "financing")
    page = client.post("/en/surveys/intake/", intake_post(intake, topics=four))
    assert page.status_code == 400 and "Choose at most 3 options." in page.content.decode()
    assert not Response.objects.exists()
    assert not TopicFollow.objects.filter(member=applicant).exists()


def test_changing_the_topics_answer_changes_only_the_follows_it_made(client, member, intake):
    cash = TopicFactory(slug="cash-transfers")
    works = TopicFactory(slug="public-works")
    # Followed on the profile before the survey: the survey never removes it.
    TopicFollow.objects.create(member=member, topic=works)
    client.force_login(member)
    client.post(
        "/en/surveys/intake/", intake_post(intake, topics=("cash-transfers", "public-works"))
    )
    follows = TopicFollow.objects.filter(member=member)
    assert set(follows.values_list("topic__slug", flat=True)) == {"cash-transfers", "public-works"}
    assert TopicFollowFromSurvey.objects.filter(follow__member=member).get().follow.topic == cash

    client.post("/en/surveys/intake/", intake_post(intake, topics=("social-registries",)))
    assert set(follows.values_list("topic__slug", flat=True)) == {
        "public-works",
        "social-registries",
    }

    # A follow removed on the profile is not the survey's to bring back... until the answer changes.
    TopicFollow.objects.filter(member=member, topic__slug="social-registries").delete()
    assert not TopicFollowFromSurvey.objects.filter(follow__member=member).exists()


def test_the_intake_page_without_an_intake_survey_is_not_found(member_client, intake):
    Survey.objects.filter(pk=intake.pk).delete()
    assert member_client.get("/en/surveys/intake/").status_code == 404
