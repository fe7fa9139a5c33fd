"""The surveys app's part of a member's data export, and what closing an account does here."""

from django.db.models import Prefetch

from . import services
from .models import Answer, AnswerChoice, ReminderDelivery, Response, ResponseStatus, Survey


def _answer_data(answer: Answer) -> dict:
    chosen = list(answer.chosen.all())
    data = {"question": answer.question.text}
    if chosen:
        data["chosen"] = [
            {"option": c.choice.label, "rank": c.rank} if c.rank else c.choice.label for c in chosen
        ]
    if answer.other_text:
        data["other"] = answer.other_text
    if answer.number_value is not None:
        data["number"] = str(answer.number_value)
    if answer.text_value:
        data["text"] = answer.text_value
    return data


def member_data(member) -> dict:
    answers = Answer.objects.select_related("question").prefetch_related(
        Prefetch(
            "chosen", queryset=AnswerChoice.objects.select_related("choice").order_by("rank", "pk")
        )
    )
    responses = (
        Response.objects.filter(member=member)
        .select_related("survey")
        .prefetch_related(Prefetch("answers", queryset=answers.order_by("question__order")))
        .order_by("created_at")
    )
    return {
        "responses": [
            {
                "survey": r.survey.title,
                "status": r.status,
                "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
                "answers": [_answer_data(a) for a in r.answers.all()],
            }
            for r in responses
        ],
        "reminders_received": ReminderDelivery.objects.filter(member=member).count(),
        # Surveys a facilitator built: the community's, they stay (without their name).
        "surveys_created": list(
            Survey.objects.filter(created_by=member).values_list("title", flat=True)
        ),
    }


def member_closed(member) -> None:
    """Sent answers stay, without the person, so results keep counting; drafts go.

    Surveys they built stay, no longer attributed to them.

    The reminders' delivery rows go too. Follows the survey made are the
    member's topic follows, which the discussions app removes.
    """
    services.responses_delete(
        responses=Response.objects.filter(member=member).exclude(status=ResponseStatus.SUBMITTED)
    )
    Response.objects.filter(member=member).update(member=None)
    ReminderDelivery.objects.filter(member=member).delete()
    Survey.objects.filter(created_by=member).update(created_by=None)
