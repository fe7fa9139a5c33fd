"""Reads of the surveys app, scoped to the viewer."""

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Answer, AnswerChoice, Choice, Question, Response, Survey, SurveyKind
from .permissions import audience_q


def open_q(now=None) -> Q:
    now = now or timezone.now()
    return Q(opens_at__lte=now) & (Q(closes_at__isnull=True) | Q(closes_at__gt=now))


def surveys_for(*, viewer, now=None) -> QuerySet:
    """Surveys of the viewer's audience that have opened, with the viewer's response state.

    Each survey carries `my_status` (None, "draft" or "submitted") and
    `is_open`. Newest first; closed ones stay listed (their answers are visible).
    """
    now = now or timezone.now()
    mine = Response.objects.filter(survey=OuterRef("pk"), member=viewer.pk)
    return (
        Survey.objects.filter(audience_q(viewer), opens_at__lte=now)
        .annotate(my_status=Subquery(mine.values("status")[:1]))
        .annotate(is_open=Exists(Survey.objects.filter(open_q(now), pk=OuterRef("pk"))))
        .order_by("closes_at", "-opens_at", "pk")
    )


def open_surveys_for(*, viewer, now=None) -> QuerySet:
    """The viewer's surveys still open, not yet submitted, closing soonest first."""
    return (
        surveys_for(viewer=viewer, now=now)
        .filter(open_q(now))
        .filter(Q(my_status__isnull=True) | Q(my_status="draft"))
        # The intake first ("intake" sorts after "general"), then the soonest to close.
        .order_by("-kind", F("closes_at").asc(nulls_last=True), "-opens_at")
    )


def intake_survey() -> Survey | None:
    return Survey.objects.filter(kind=SurveyKind.INTAKE).first()


def survey_with_questions(pk) -> Survey:
    """One survey with its questions and their choices (404 when it does not exist)."""
    questions = Question.objects.order_by("order", "pk").prefetch_related(
        Prefetch("choices", queryset=Choice.objects.order_by("order", "pk").select_related("topic"))
    )
    return get_object_or_404(
        Survey.objects.prefetch_related("countries", Prefetch("questions", queryset=questions)),
        pk=pk,
    )


def response_of(*, survey: Survey, member) -> Response | None:
    """The member's response to the survey with its answers and chosen options, if any."""
    answers = Answer.objects.prefetch_related(
        Prefetch("chosen", queryset=AnswerChoice.objects.order_by("rank", "pk"))
    )
    return (
        Response.objects.filter(survey=survey, member=member)
        .prefetch_related(Prefetch("answers", queryset=answers))
        .first()
    )
