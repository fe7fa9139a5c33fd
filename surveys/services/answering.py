"""Saving a member's answers: one response per member and survey, replaced whole each time."""

from django.db import transaction
from django.utils import timezone

from discussions.models import TopicFollow
from members import services as members_services

from ..forms import Given
from ..models import (
    Answer,
    AnswerChoice,
    Choice,
    Response,
    ResponseStatus,
    Survey,
    TopicFollowFromSurvey,
)
from ..permissions import check_can_answer_survey
from .tallies import TallyDelta, tallies_apply, tally_delta


class AnswerMismatch(ValueError):
    """A cleaned answer names a question or choice outside the survey (a programming error)."""


def _check_belongs(survey: Survey, answers: list[Given]) -> None:
    """The service's own guard: every question and choice belongs to `survey`."""
    question_ids = {given.question.pk for given in answers}
    if len(question_ids) != len(answers):
        raise AnswerMismatch("A question is answered twice.")
    for given in answers:
        if given.question.survey_id != survey.pk:
            raise AnswerMismatch(f"Question {given.question.pk} is not in survey {survey.pk}.")
    chosen = {pk for given in answers for pk in given.choice_ids}
    if chosen:
        owners = dict(Choice.objects.filter(pk__in=chosen).values_list("pk", "question_id"))
        for given in answers:
            for pk in given.choice_ids:
                if owners.get(pk) != given.question.pk:
                    raise AnswerMismatch(f"Choice {pk} is not in question {given.question.pk}.")


@transaction.atomic
def response_save(*, survey: Survey, member, answers: list[Given], submit: bool) -> Response:
    """Store `member`'s answers to `survey` as a draft, or submit them.

    The answers replace the previous ones whole (nothing half-saved: one
    transaction). A submitted response stays submitted when edited again
    until the survey closes. Submitting the intake survey records it on the
    member (`members.services.member_intake_completed`); submitting answers
    that name discussion topics makes the member follow them.
    """
    check_can_answer_survey(member, survey)
    _check_belongs(survey, answers)
    now = timezone.now()
    response, _created = Response.objects.select_for_update().get_or_create(
        survey=survey, member=member, defaults={"country_id": member.country_id}
    )
    counted = _counted(response)
    response.survey, response.member = survey, member  # no reloading them below
    response.country_id = member.country_id
    if submit and response.status != ResponseStatus.SUBMITTED:
        response.status = ResponseStatus.SUBMITTED
        response.submitted_at = now
    response.save()
    _store(response, answers)
    _retally(response, counted)
    if response.status == ResponseStatus.SUBMITTED:
        _after_submit(response)
    return response


@transaction.atomic
def response_record(*, survey: Survey, member, answers: list[Given], submitted_at) -> Response:
    """Store a submitted response as it was given at `submitted_at`: demo data and imports.

    No audience or date check (a closed survey's past answers); the answers
    are checked to belong to the survey, and their effects (topics followed,
    intake recorded) happen as for a member's own submission.
    """
    _check_belongs(survey, answers)
    existing = Response.objects.select_for_update().filter(survey=survey, member=member).first()
    counted = _counted(existing) if existing else None
    response, _created = Response.objects.update_or_create(
        survey=survey,
        member=member,
        defaults={
            "country_id": member.country_id,
            "status": ResponseStatus.SUBMITTED,
            "submitted_at": submitted_at,
        },
    )
    _store(response, answers)
    _retally(response, counted)
    _after_submit(response)
    return response


@transaction.atomic
def responses_delete(*, responses) -> int:
    """Delete `responses` (a queryset), taking the submitted ones out of the results' tallies.

    The only way responses are deleted (admin cannot): a member closing their
    account deletes their drafts here. Returns the number of responses deleted.
    """
    ids = list(responses.select_for_update().values_list("pk", flat=True))
    if not ids:
        return 0
    chosen = Response.objects.filter(pk__in=ids)
    tallies_apply(TallyDelta().minus(tally_delta(chosen)))
    chosen.delete()
    return len(ids)


def _counted(response: Response) -> TallyDelta | None:
    """What `response` adds to the results' tallies now (None for a draft: nothing)."""
    if response.status != ResponseStatus.SUBMITTED:
        return None
    return tally_delta(Response.objects.filter(pk=response.pk))


def _retally(response: Response, counted: TallyDelta | None) -> None:
    """Replace what `response` added to the tallies (`counted`) with what it adds now."""
    if response.status == ResponseStatus.SUBMITTED:
        now = tally_delta(Response.objects.filter(pk=response.pk))
    else:
        now = TallyDelta()
    if counted is not None or response.status == ResponseStatus.SUBMITTED:
        tallies_apply(now.minus(counted))


def _store(response: Response, answers: list[Given]) -> None:
    """Replace the response's answers with `answers` (a fixed number of queries)."""
    Answer.objects.filter(response=response).delete()
    submitted_at = response.submitted_at if response.status == ResponseStatus.SUBMITTED else None
    rows = Answer.objects.bulk_create(
        Answer(
            response=response,
            question=given.question,
            number_value=given.number,
            text_value=given.text,
            other_text=given.other,
            submitted_at=submitted_at,
        )
        for given in answers
    )
    AnswerChoice.objects.bulk_create(
        AnswerChoice(
            answer=row,
            question=given.question,
            choice_id=choice_id,
            rank=given.ranks.get(choice_id),
        )
        for row, given in zip(rows, answers, strict=True)
        for choice_id in given.choice_ids
    )


def _after_submit(response: Response) -> None:
    topics_sync_from_response(response=response)
    if response.survey.is_intake:
        members_services.member_intake_completed(member=response.member, at=response.submitted_at)


def topics_sync_from_response(*, response: Response) -> None:
    """Follow the topics chosen in `response`; unfollow those it followed and no longer names.

    Follows the member made elsewhere (on their profile, at signup) are never
    touched: only follows marked `TopicFollowFromSurvey` for this survey are
    removed. A topic already followed is left as it was, unmarked.
    """
    member, survey = response.member, response.survey
    chosen = set(
        AnswerChoice.objects.filter(answer__response=response, choice__topic__isnull=False)
        .values_list("choice__topic_id", flat=True)
        .distinct()
    )
    followed = dict(TopicFollow.objects.filter(member=member).values_list("topic_id", "pk"))
    TopicFollow.objects.filter(member=member, from_survey__survey=survey).exclude(
        topic_id__in=chosen
    ).delete()
    new = TopicFollow.objects.bulk_create(
        [TopicFollow(member=member, topic_id=pk) for pk in sorted(chosen - set(followed))]
    )
    TopicFollowFromSurvey.objects.bulk_create(
        [TopicFollowFromSurvey(follow=follow, survey=survey) for follow in new]
    )
