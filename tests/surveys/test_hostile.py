"""Bad input on the answer form: each refused clearly, nothing saved, nothing half-saved."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from members.models import MembershipStatus
from surveys.models import Answer, AnswerChoice, Audience, Response

from ..factories import CountryFactory, UserFactory
from .factories import c, full_survey, q, valid_post


def url(survey):
    return f"/en/surveys/{survey.pk}/"


@pytest.fixture
def other_survey(db):
    return full_survey()


def refused(client, survey, data, message, status=400):
    page = client.post(url(survey), data)
    assert page.status_code == status, page.content.decode()[:500]
    assert message in page.content.decode()
    assert not Answer.objects.exists() and not Response.objects.exists()
    return page


def key(survey, code):
    return f"q{q(survey, code).pk}"


def test_a_choice_of_another_question_is_refused(member_client, survey):
    data = valid_post(survey, **{key(survey, "single"): str(c(survey, "multiple", "M1"))})
    refused(member_client, survey, data, "Choose one of the options offered.")


def test_a_choice_of_another_survey_is_refused(member_client, survey, other_survey):
    data = valid_post(survey, **{key(survey, "likert"): str(c(other_survey, "likert", "Agree"))})
    refused(member_client, survey, data, "Choose one of the options offered.")


@pytest.mark.parametrize("value", ["abc", "-1", "1 OR 1=1", "9" * 60, "0x10", "١", "other"])
def test_garbage_choice_values_are_refused(member_client, survey, value):
    # "other" is refused too: the Likert question offers no "other".
    data = valid_post(survey, **{key(survey, "likert"): value})
    refused(member_client, survey, data, "Choose one of the options offered.")


def test_two_answers_to_a_single_choice_question_are_refused(member_client, survey):
    both = [str(c(survey, "single", "A")), str(c(survey, "single", "B"))]
    refused(
        member_client,
        survey,
        valid_post(survey, **{key(survey, "single"): both}),
        "Choose only one option.",
    )


def test_too_many_choices_are_refused(member_client, survey):
    three = [str(c(survey, "multiple", label)) for label in ("M1", "M2", "M3")]
    refused(
        member_client,
        survey,
        valid_post(survey, **{key(survey, "multiple"): three}),
        "Choose at most 2 options.",
    )


def test_the_same_choice_twice_is_refused(member_client, survey):
    twice = [str(c(survey, "multiple", "M1"))] * 2
    refused(
        member_client,
        survey,
        valid_post(survey, **{key(survey, "multiple"): twice}),
        "Choose each option only once.",
    )


def ranks(survey, r1, r2, r3, **extra):
    k = key(survey, "ranking")
    return valid_post(
        survey,
        **{
            f"{k}_rank_{c(survey, 'ranking', 'R1')}": r1,
            f"{k}_rank_{c(survey, 'ranking', 'R2')}": r2,
            f"{k}_rank_{c(survey, 'ranking', 'R3')}": r3,
            **extra,
        },
    )


def test_a_ranking_with_duplicates_is_refused(member_client, survey):
    refused(
        member_client, survey, ranks(survey, "1", "1", "2"), "Give each rank to one option only."
    )


def test_a_ranking_with_a_gap_is_refused(member_client, survey):
    refused(member_client, survey, ranks(survey, "1", "3", None), "Rank without gaps")


def test_a_partial_ranking_cannot_be_sent(member_client, survey):
    refused(member_client, survey, ranks(survey, "1", "2", None), "Rank 3 options")


@pytest.mark.parametrize("rank", ["0", "4", "-1", "x", "١", "1.5", " 2 2"])
def test_a_rank_out_of_range_is_refused(member_client, survey, rank):
    refused(
        member_client,
        survey,
        ranks(survey, "1", "2", rank),
        "Give each rank as a number from 1 to 3.",
    )


def test_a_rank_for_an_option_of_another_question_is_refused(member_client, survey):
    foreign = f"{key(survey, 'ranking')}_rank_{c(survey, 'single', 'A')}"
    refused(
        member_client,
        survey,
        ranks(survey, "1", "2", "3", **{foreign: "1"}),
        "Rank only the options offered.",
    )


def test_other_without_its_text_is_refused(member_client, survey):
    data = valid_post(survey, **{key(survey, "single"): "other"})
    refused(member_client, survey, data, "Say what your other answer is.")


def test_other_text_without_other_chosen_is_refused(member_client, survey):
    data = valid_post(survey, **{f"{key(survey, 'single')}_other": "Something else"})
    refused(member_client, survey, data, "choose “Other” too")


def test_other_with_its_text_is_kept(member_client, member, survey):
    data = valid_post(
        survey,
        **{key(survey, "single"): "other", f"{key(survey, 'single')}_other": " Zakat funds "},
    )
    assert member_client.post(url(survey), data).status_code == 302
    answer = Answer.objects.get(question=q(survey, "single"))
    assert answer.other_text == "Zakat funds" and not answer.chosen.exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "Enter a number"),
        ("NaN", "Enter a number"),
        ("Infinity", "Enter a number"),
        ("1e5", "Enter a number"),
        ("9" * 20, "Enter a number"),
        ("1.234", "Enter a number"),
        ("-5", "at least 0"),
        ("2000", "at most 1000"),
    ],
)
def test_bad_numbers_are_refused(member_client, survey, value, message):
    refused(member_client, survey, valid_post(survey, **{key(survey, "number"): value}), message)


def test_numbers_typed_with_arabic_digits_are_understood(member_client, survey):
    data = valid_post(survey, **{key(survey, "number"): "٤٢٫٥"})
    assert member_client.post(url(survey), data).status_code == 302
    assert Answer.objects.get(question=q(survey, "number")).number_value == Decimal("42.5")


def test_text_too_long_is_refused(member_client, survey):
    data = valid_post(survey, **{key(survey, "short"): "x" * 301})
    refused(member_client, survey, data, "Keep your answer under 300 characters")


def test_control_and_bidi_characters_are_removed_from_text(member_client, survey):
    data = valid_post(
        survey,
        **{
            key(survey, "short"): "invoice\u202egpj.exe\x00",
            key(survey, "long"): "first\x00 line\r\nsecond\x07 line",
        },
    )
    assert member_client.post(url(survey), data).status_code == 302
    assert Answer.objects.get(question=q(survey, "short")).text_value == "invoicegpj.exe"
    assert Answer.objects.get(question=q(survey, "long")).text_value == "first line\nsecond line"


def test_a_tampered_question_id_is_refused(member_client, survey, other_survey):
    for tampered in (
        "q999999",
        key(other_survey, "single"),
        f"{key(other_survey, 'ranking')}_rank_1",
    ):
        data = valid_post(survey, **{tampered: "1"})
        refused(member_client, survey, data, "not in this survey")


def test_a_refused_post_leaves_the_earlier_answers_whole(member_client, survey):
    assert member_client.post(url(survey), valid_post(survey)).status_code == 302
    before = sorted(Answer.objects.values_list("question_id", "text_value", "number_value"))
    chosen_before = sorted(AnswerChoice.objects.values_list("choice_id", "answer_id"))
    bad = valid_post(
        survey,
        **{key(survey, "short"): "changed", key(survey, "number"): "not a number"},
    )
    assert member_client.post(url(survey), bad).status_code == 400
    assert sorted(Answer.objects.values_list("question_id", "text_value", "number_value")) == before
    assert sorted(AnswerChoice.objects.values_list("choice_id", "answer_id")) == chosen_before


def test_an_answer_after_the_close_is_refused(member_client, survey):
    survey.opens_at = timezone.now() - timedelta(days=9)
    survey.closes_at = timezone.now() - timedelta(seconds=1)
    survey.save()
    refused(member_client, survey, valid_post(survey), "This survey closed on", status=403)


def test_an_answer_before_the_opening_is_refused(member_client, survey):
    survey.opens_at = timezone.now() + timedelta(hours=1)
    survey.save()
    refused(member_client, survey, valid_post(survey), "This survey is not open yet.", status=403)


def test_a_survey_outside_the_members_audience_is_refused(member_client, survey):
    survey.audience = Audience.COUNTRIES
    survey.save()
    survey.countries.set([CountryFactory(code="TN")])
    assert member_client.get(url(survey)).status_code == 403
    refused(member_client, survey, valid_post(survey), "for members in other countries", status=403)
    assert survey.title_en not in member_client.get("/en/surveys/").content.decode()


def test_members_of_a_chosen_country_may_answer(member_client, member, survey):
    survey.audience = Audience.COUNTRIES
    survey.save()
    survey.countries.set([member.country, CountryFactory(code="TN")])
    assert member_client.post(url(survey), valid_post(survey)).status_code == 302
    # Listed once although two countries are chosen.
    assert member_client.get("/en/surveys/").content.decode().count(survey.title_en) == 1


def test_an_applicant_cannot_answer_a_members_only_survey(client, applicant, survey):
    client.force_login(applicant)
    assert client.get(url(survey)).status_code == 403
    refused(client, survey, valid_post(survey), "This survey is for approved members.", status=403)


def test_an_applicant_may_answer_a_survey_open_to_applicants(client, applicant, survey):
    survey.applicants_too = True
    survey.save()
    client.force_login(applicant)
    assert client.post(url(survey), valid_post(survey)).status_code == 302
    assert Response.objects.get().member == applicant


@pytest.mark.parametrize("status", [MembershipStatus.SUSPENDED, MembershipStatus.DECLINED])
def test_suspended_and_declined_people_cannot_answer(client, survey, status):
    person = UserFactory(status=status)
    client.force_login(person)
    survey.applicants_too = True
    survey.save()
    refused(client, survey, valid_post(survey), "", status=403)


def test_unknown_surveys_are_not_found(member_client):
    assert member_client.get("/en/surveys/999999/").status_code == 404
    assert member_client.get("/en/surveys/abc/").status_code == 404


def test_an_unknown_action_sends_with_every_check(member_client, survey):
    data = valid_post(survey, action="publish-everything", **{key(survey, "likert"): None})
    refused(member_client, survey, data, "This question needs an answer.")
