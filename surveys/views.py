"""Members' surveys: the list, answering (drafts until sent, editable until the close), the intake."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from cop.rules import refusal
from cop.shortcuts import render_form

from . import selectors, services
from .forms import ResponseForm
from .models import ResponseStatus
from .permissions import check_can_answer_survey, check_can_view_survey, check_survey_open

SUBMIT, DRAFT = "submit", "draft"


@login_required
@require_GET
def index(request):
    """The surveys of the member's audience: open ones first, then closed ones."""
    surveys = list(selectors.surveys_for(viewer=request.user))
    return render(
        request,
        "surveys/index.html",
        {
            "open_surveys": [s for s in surveys if s.is_open],
            "closed_surveys": [s for s in surveys if not s.is_open],
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def answer(request, pk):
    survey = selectors.survey_with_questions(pk)
    return _answer(request, survey, onboarding=False)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def intake(request):
    """The intake survey as a step of onboarding: skippable, and reachable again later."""
    survey = selectors.intake_survey()
    if survey is None:
        raise Http404(_("There is no intake survey."))
    survey = selectors.survey_with_questions(survey.pk)
    return _answer(request, survey, onboarding=True)


def _answer(request, survey, *, onboarding: bool):
    member = request.user
    check_can_view_survey(member, survey)
    response = selectors.response_of(survey=survey, member=member)
    questions = survey.questions.all()
    if request.method == "POST":
        check_can_answer_survey(member, survey)
        action = request.POST.get("action")
        if action not in (SUBMIT, DRAFT):
            action = SUBMIT
        submitted = response is not None and response.status == ResponseStatus.SUBMITTED
        form = ResponseForm(questions, data=request.POST, submit=action == SUBMIT or submitted)
        if form.is_valid():
            saved = services.response_save(
                survey=survey, member=member, answers=form.cleaned, submit=form.submit
            )
            if saved.status == ResponseStatus.SUBMITTED:
                messages.success(
                    request,
                    _("Your answers are saved. You can change them until the survey closes.")
                    if survey.closes_at
                    else _("Your answers are saved. You can change them at any time."),
                )
                if onboarding:
                    return redirect("home")
            else:
                messages.success(
                    request, _("Your draft is saved. Send your answers when you are ready.")
                )
            return redirect(request.path)
    else:
        form = ResponseForm(questions, answers=response.answers.all() if response else None)
    closed_reason = refusal(check_survey_open, survey)
    return render_form(
        request,
        "surveys/answer.html",
        {
            "survey": survey,
            "form": form,
            "response": response,
            "submitted": response is not None and response.status == ResponseStatus.SUBMITTED,
            "closed_reason": closed_reason,
            "onboarding": onboarding,
            "action_url": reverse("surveys:intake") if onboarding else request.path,
        },
    )
