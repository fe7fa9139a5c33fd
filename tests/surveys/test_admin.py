"""The survey builder in admin: questions in order, choices, preview, duplicate, guarded changes."""

import pytest

from surveys.models import Choice, Question, Response, Survey

from .factories import c, full_survey, q, valid_post


def survey_form(questions=(), **overrides):
    data = {
        "title_ar": "استبيان الورشة",
        "title_en": "Workshop survey",
        "slug": "workshop-survey",
        "kind": "general",
        "intro_ar": "",
        "intro_en": "",
        "opens_at_0": "2027-04-01",
        "opens_at_1": "09:00",
        "closes_at_0": "2027-04-20",
        "closes_at_1": "18:00",
        "audience": "everyone",
        "questions-TOTAL_FORMS": str(len(questions)),
        "questions-INITIAL_FORMS": "0",
    }
    for index, question in enumerate(questions):
        fields = {
            "order": str(10 * (index + 1)),
            "kind": "single",
            "text_ar": f"سؤال {index}",
            "text_en": f"Question {index}",
            "required": "on",
            **question,
        }
        data |= {f"questions-{index}-{name}": value for name, value in fields.items()}
    data.update(overrides)
    return data


def change_form(survey, *, edits=None, delete=()):
    """The survey's change form as admin would post it back, with `edits` per question code."""
    data = survey_form(slug=survey.slug, title_en=survey.title_en, title_ar=survey.title_ar)
    questions = list(survey.questions.order_by("order", "pk"))
    data["questions-TOTAL_FORMS"] = data["questions-INITIAL_FORMS"] = str(len(questions))
    data["opens_at_0"], data["opens_at_1"] = "2026-01-01", "09:00"
    data["closes_at_0"], data["closes_at_1"] = "2030-01-01", "09:00"
    for index, question in enumerate(questions):
        fields = {
            "id": str(question.pk),
            "survey": str(survey.pk),
            "order": str(question.order),
            "kind": question.kind,
            "text_ar": question.text_ar,
            "text_en": question.text_en,
            "code": question.code,
            "max_choices": "" if question.max_choices is None else str(question.max_choices),
        }
        if question.required:
            fields["required"] = "on"
        if question.allow_other:
            fields["allow_other"] = "on"
        fields.update((edits or {}).get(question.code, {}))
        if question.code in delete:
            fields["DELETE"] = "on"
        data |= {f"questions-{index}-{name}": value for name, value in fields.items()}
    return data


def test_a_facilitator_builds_a_survey_with_ordered_questions(facilitator_client, facilitator):
    page = facilitator_client.post(
        "/en/admin/surveys/survey/add/",
        survey_form(
            [
                {"kind": "multiple", "max_choices": "2", "allow_other": "on", "order": "20"},
                {"kind": "yes_no_maybe", "order": "10"},
            ]
        ),
    )
    assert page.status_code == 302, page.content.decode()[:3000]
    survey = Survey.objects.get(slug="workshop-survey")
    assert survey.created_by == facilitator
    kinds = list(survey.questions.order_by("order").values_list("kind", flat=True))
    assert kinds == ["yes_no_maybe", "multiple"]
    # yes/no/maybe questions get their three choices, in both languages.
    ynm = survey.questions.get(kind="yes_no_maybe")
    assert sorted(ynm.choices.values_list("label_en", "label_ar")) == sorted(
        [("Yes", "نعم"), ("No", "لا"), ("Maybe", "ربما")]
    )
    changed = facilitator_client.get(page["Location"]).content.decode()
    assert "has no choices yet" in changed


def test_inconsistent_questions_are_refused(facilitator_client):
    page = facilitator_client.post(
        "/en/admin/surveys/survey/add/",
        survey_form([{"kind": "number", "allow_other": "on"}]),
    )
    assert page.status_code == 200
    assert "Only single and multiple choice questions can have" in page.content.decode()
    assert not Survey.objects.filter(slug="workshop-survey").exists()


def test_choices_are_edited_on_the_question_and_a_likert_scale_needs_positions(
    facilitator_client,
):
    survey = full_survey()
    likert = q(survey, "likert")
    base = {
        "order": "1",
        "kind": "likert",
        "text_ar": likert.text_ar,
        "text_en": likert.text_en,
        "required": "on",
        "choices-TOTAL_FORMS": "1",
        "choices-INITIAL_FORMS": "0",
        "choices-0-order": "4",
        "choices-0-label_ar": "أوافق بشدة",
        "choices-0-label_en": "Strongly agree",
    }
    page = facilitator_client.post(f"/en/admin/surveys/question/{likert.pk}/change/", base)
    assert page.status_code == 200
    assert "Give each point of a Likert scale its position" in page.content.decode()
    page = facilitator_client.post(
        f"/en/admin/surveys/question/{likert.pk}/change/", base | {"choices-0-value": "4"}
    )
    assert page.status_code == 302
    assert likert.choices.filter(label_en="Strongly agree", value=4).exists()


def test_duplicating_copies_questions_and_choices_but_no_answers(facilitator_client, member):
    survey = full_survey()
    from django.test import Client

    answerer = Client()
    answerer.force_login(member)
    answerer.post(f"/en/surveys/{survey.pk}/", valid_post(survey))
    page = facilitator_client.post(
        "/en/admin/surveys/survey/",
        {"action": "duplicate", "_selected_action": [str(survey.pk)]},
    )
    assert page.status_code == 302
    copy = Survey.objects.get(slug__startswith=survey.slug, slug__endswith="-copy")
    assert copy.title_en == f"{survey.title_en} (copy)" and copy.slug.endswith("-copy")
    assert copy.questions.count() == survey.questions.count() == 8
    assert (
        Choice.objects.filter(question__survey=copy).count()
        == Choice.objects.filter(question__survey=survey).count()
    )
    assert not Response.objects.filter(survey=copy).exists()
    assert copy.kind == "general"


@pytest.fixture
def answered(member):
    from django.test import Client

    survey = full_survey()
    answerer = Client()
    answerer.force_login(member)
    data = valid_post(
        survey, **{f"q{q(survey, 'single').pk}": "other", f"q{q(survey, 'single').pk}_other": "X"}
    )
    assert answerer.post(f"/en/surveys/{survey.pk}/", data).status_code == 302
    return survey


@pytest.mark.parametrize(
    ("edits", "delete", "message"),
    [
        ({}, ("likert",), "already has answers: it cannot be deleted"),
        ({"likert": {"kind": "single"}}, (), "its type cannot change"),
        ({"multiple": {"max_choices": "1"}}, (), "its maximum cannot be lowered"),
        ({"single": {"allow_other": ""}}, (), "cannot be removed"),
    ],
)
def test_changes_that_would_corrupt_answers_are_refused(
    facilitator_client, answered, edits, delete, message
):
    data = change_form(answered, edits=edits, delete=delete)
    for code, fields in edits.items():
        if fields.get("allow_other") == "":
            index = list(answered.questions.order_by("order", "pk")).index(q(answered, code))
            data.pop(f"questions-{index}-allow_other", None)
    before = sorted(Question.objects.values_list("pk", "kind", "max_choices", "allow_other"))
    page = facilitator_client.post(f"/en/admin/surveys/survey/{answered.pk}/change/", data)
    assert page.status_code == 200, page.get("Location")
    assert message in page.content.decode()
    assert (
        sorted(Question.objects.values_list("pk", "kind", "max_choices", "allow_other")) == before
    )


def test_texts_and_order_of_an_answered_survey_can_still_change(facilitator_client, answered):
    data = change_form(answered, edits={"likert": {"text_en": "Clearer wording", "order": "1"}})
    page = facilitator_client.post(f"/en/admin/surveys/survey/{answered.pk}/change/", data)
    assert page.status_code == 302, page.content.decode()[:3000]
    likert = q(answered, "likert")
    assert likert.text_en == "Clearer wording" and likert.order == 1


def test_a_chosen_option_cannot_be_deleted_but_can_be_renamed(facilitator_client, answered):
    single = q(answered, "single")
    chosen = c(answered, "ranking", "R1")
    ranking = q(answered, "ranking")
    choices = list(ranking.choices.order_by("order", "pk"))
    data = {
        "order": str(ranking.order),
        "kind": "ranking",
        "text_ar": ranking.text_ar,
        "text_en": ranking.text_en,
        "required": "on",
        "choices-TOTAL_FORMS": str(len(choices)),
        "choices-INITIAL_FORMS": str(len(choices)),
    }
    for index, choice in enumerate(choices):
        data |= {
            f"choices-{index}-id": str(choice.pk),
            f"choices-{index}-question": str(ranking.pk),
            f"choices-{index}-order": str(choice.order),
            f"choices-{index}-label_ar": choice.label_ar,
            f"choices-{index}-label_en": choice.label_en,
        }
    first = choices.index(Choice.objects.get(pk=chosen))
    page = facilitator_client.post(
        f"/en/admin/surveys/question/{ranking.pk}/change/",
        data | {f"choices-{first}-DELETE": "on"},
    )
    assert page.status_code == 200
    assert "This option has been chosen: it cannot be deleted" in page.content.decode()
    assert Choice.objects.filter(pk=chosen).exists()
    page = facilitator_client.post(
        f"/en/admin/surveys/question/{ranking.pk}/change/",
        data | {f"choices-{first}-label_en": "R1, renamed"},
    )
    assert page.status_code == 302
    assert Choice.objects.get(pk=chosen).label_en == "R1, renamed"
    # Deleting an answered question from its own page is not offered.
    page = facilitator_client.get(f"/en/admin/surveys/question/{single.pk}/delete/")
    assert page.status_code == 403


def test_the_list_counts_sent_answers_and_links_the_preview(facilitator_client, answered):
    page = facilitator_client.get("/en/admin/surveys/survey/").content.decode()
    assert f"/en/admin/surveys/survey/{answered.pk}/preview/" in page
    change = facilitator_client.get(f"/en/admin/surveys/survey/{answered.pk}/change/")
    assert "This survey has answers" in change.content.decode()
