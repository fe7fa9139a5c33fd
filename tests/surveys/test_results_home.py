"""The focal point's home panel: their country's response rate to each open survey."""

from datetime import timedelta

import pytest
from django.utils import timezone

from surveys.models import Audience
from surveys.results.synthetic import answer_all, make_members, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def panel(html: str) -> str:
    start = html.index('data-panel="survey-response-rate"')
    return html[start : html.index("</section>", start)]


def test_focal_point_sees_their_countrys_response_rate(client, focal_point, country, other_country):
    survey = make_survey()
    answer_all(survey=survey, members=make_members(country=country, count=3))
    make_members(country=country, count=4, prefix="silent")
    answer_all(survey=survey, members=make_members(country=other_country, count=6), start=3)
    # Closed, and for another country only: neither is listed.
    make_survey(
        slug="closed",
        title_en="Closed survey",
        closes_at=timezone.now() - timedelta(hours=1),
        opens_at=timezone.now() - timedelta(days=3),
    )
    elsewhere = make_survey(slug="elsewhere", title_en="Morocco only", audience=Audience.COUNTRIES)
    elsewhere.countries.set([other_country])
    client.force_login(focal_point)
    html = panel(client.get("/en/").content.decode())
    assert "Survey response in Jordan" in html
    # 3 respondents of 8 approved members (the focal point is one of them).
    assert "38% answered (3 of 8 approved members)" in html
    assert f"/en/surveys/{survey.pk}/results/" in html
    assert "Closed survey" not in html and "Morocco only" not in html


def test_members_have_no_results_panel_and_facilitators_reach_every_survey(
    client, member, facilitator, country
):
    survey = make_survey(title_en="Needs survey")
    answer_all(survey=survey, members=make_members(country=country, count=3))
    make_survey(slug="future", title_en="Not open yet", opens_at=timezone.now() + timedelta(days=2))
    client.force_login(member)
    html = client.get("/en/").content.decode()
    assert 'data-panel="survey-response-rate"' not in html
    assert 'data-panel="survey-results"' not in html
    client.force_login(facilitator)
    html = client.get("/en/").content.decode()
    assert 'data-panel="survey-response-rate"' not in html
    start = html.index('data-panel="survey-results"')
    results_panel = html[start : html.index("</section>", start)]
    assert f"/en/surveys/{survey.pk}/results/" in results_panel
    assert "3 respondents" in results_panel
    assert "Not open yet" not in results_panel


def test_the_panel_costs_the_same_queries_for_many_surveys(
    client, focal_point, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_survey(slug="one")
    client.force_login(focal_point)
    client.get("/en/")  # the session and caches warmed up
    with CaptureQueriesContext(connection) as few:
        client.get("/en/")
    for n in range(4):
        make_survey(slug=f"more-{n}")
    with CaptureQueriesContext(connection) as many:
        client.get("/en/")
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
