"""Every surveys URL for every role: the server decides, with a reason when it refuses.

(The results pages are the results side's, with their own matrix.)
"""

import pytest

from surveys.models import Audience, Response

from .factories import SurveyFactory, full_survey, valid_post

ROLES = (
    "visitor",
    "applicant",
    "member",
    "focal_point",
    "other_focal_point",
    "expert",
    "facilitator",
)
LOGIN = "login"  # a redirect to the sign-in page
ADMIN_LOGIN = "admin-login"  # admin's own refusal: to its sign-in page


@pytest.fixture
def world(people, country, intake):
    everyone = full_survey()
    jordan = SurveyFactory(audience=Audience.COUNTRIES)
    jordan.countries.set([country])
    applicants = SurveyFactory(applicants_too=True)
    return {"S": everyone, "C": jordan, "A": applicants}


def url(template, world):
    return template.format(S=world["S"].pk, C=world["C"].pk, A=world["A"].pk)


# url, expected for: visitor, applicant, member, focal point, other focal point, expert, facilitator
MATRIX = [
    ("/en/surveys/", [LOGIN, 200, 200, 200, 200, 200, 200]),
    ("/ar/surveys/", [LOGIN, 200, 200, 200, 200, 200, 200]),
    ("/en/surveys/intake/", [LOGIN, 200, 200, 200, 200, 200, 200]),
    ("/en/surveys/{S}/", [LOGIN, 403, 200, 200, 200, 200, 200]),
    # Jordan only: the member and focal point of Jordan.
    ("/en/surveys/{C}/", [LOGIN, 403, 200, 200, 403, 403, 403]),
    ("/en/surveys/{A}/", [LOGIN, 200, 200, 200, 200, 200, 200]),
    ("/en/surveys/999999/", [LOGIN, 404, 404, 404, 404, 404, 404]),
    (
        "/en/admin/surveys/survey/{S}/preview/",
        [ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200],
    ),
    (
        "/en/admin/surveys/survey/{S}/change/",
        [ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, 200],
    ),
]
CASES = [(path, role, expected[i]) for path, expected in MATRIX for i, role in enumerate(ROLES)]


def check(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif expected == ADMIN_LOGIN:
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "/login/" in response["Location"]
    else:
        assert response.status_code == expected, response.content.decode()[:300]


@pytest.mark.parametrize(("path", "role", "expected"), CASES, ids=[f"{p}-{r}" for p, r, _ in CASES])
def test_permission_matrix(as_role, world, path, role, expected):
    check(as_role(role).get(url(path, world)), expected)


# Sending answers: the same rules, and nothing stored when refused.
POSTS = [
    ("S", [LOGIN, 403, 302, 302, 302, 302, 302]),
    ("C", [LOGIN, 403, 302, 302, 403, 403, 403]),
]
POST_CASES = [(key, role, expected[i]) for key, expected in POSTS for i, role in enumerate(ROLES)]


@pytest.mark.parametrize(
    ("key", "role", "expected"), POST_CASES, ids=[f"{k}-{r}" for k, r, _ in POST_CASES]
)
def test_answering_matrix(as_role, world, people, key, role, expected):
    survey = world[key]
    data = valid_post(survey) if key == "S" else {"action": "submit"}
    response = as_role(role).post(f"/en/surveys/{survey.pk}/", data)
    check(response, expected)
    stored = Response.objects.filter(survey=survey).exists()
    assert stored == (expected == 302)
    if expected == 403:
        assert "survey" in response.content.decode().lower()


def test_the_admin_preview_shows_the_members_form_with_nothing_to_send(facilitator_client):
    survey = full_survey()
    page = facilitator_client.get(f"/en/admin/surveys/survey/{survey.pk}/preview/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Preview: this is the form members see" in html
    assert "Question ranking" in html and "Send my answers" not in html
    assert '<fieldset class="survey__questions" disabled>' in html
