"""Who may see and answer which survey. Every view calls a `check_can_*` from here.

A survey's audience is everyone or the members of chosen countries, approved
members only or applicants too (`Survey.audience`, `countries`,
`applicants_too`). The same rule is a queryset filter (`audience_q`) for the
lists and a check (`check_can_view_survey`) for one survey, so the list and
the page never disagree. Answering also needs the survey to be open.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cop.rules import boolean
from members.models import MembershipStatus
from members.permissions import is_approved_member, is_facilitator

from .models import Audience, Survey


def may_answer_surveys(user) -> bool:
    """Approved members, and applicants (who answer only the surveys open to them)."""
    return (
        user.is_authenticated
        and user.is_active
        and (is_approved_member(user) or user.status == MembershipStatus.APPLICANT)
    )


def audience_q(user) -> Q:
    """The surveys whose audience includes `user` (nothing for visitors and closed accounts)."""
    if not may_answer_surveys(user):
        return Q(pk__in=[])
    q = Q(audience=Audience.EVERYONE)
    if user.country_id is not None:
        # Exists, not a join: a survey open to several countries is listed once.
        chosen = Survey.countries.through.objects.filter(
            survey_id=OuterRef("pk"), country_id=user.country_id
        )
        q |= Q(audience=Audience.COUNTRIES) & Q(Exists(chosen))
    if not is_approved_member(user):
        q &= Q(applicants_too=True)
    return q


def check_can_view_survey(user, survey: Survey) -> None:
    """See a survey and one's own answers: its audience only."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to answer surveys."))
    if not may_answer_surveys(user):
        if user.status == MembershipStatus.SUSPENDED:
            raise PermissionDenied(_("Your membership is suspended: you cannot answer surveys."))
        raise PermissionDenied(_("This account cannot answer surveys."))
    if not is_approved_member(user) and not survey.applicants_too:
        raise PermissionDenied(_("This survey is for approved members."))
    if survey.audience == Audience.COUNTRIES and not any(
        country.pk == user.country_id for country in survey.countries.all()
    ):
        raise PermissionDenied(_("This survey is for members in other countries."))


can_view_survey = boolean(check_can_view_survey)


def check_survey_open(survey: Survey, now=None) -> None:
    """Answers are taken from the opening until the close date."""
    now = now or timezone.now()
    if survey.opens_at > now:
        raise PermissionDenied(_("This survey is not open yet."))
    if survey.closes_at is not None and survey.closes_at <= now:
        local = timezone.localtime(survey.closes_at)
        raise PermissionDenied(
            _("This survey closed on %(date)s at %(time)s: answers can no longer be changed.")
            % {"date": formats.date_format(local, "DATE_FORMAT"), "time": f"{local:%H:%M}"}
        )


def check_can_answer_survey(user, survey: Survey, now=None) -> None:
    """Save or submit answers: the survey's audience, while it is open."""
    check_can_view_survey(user, survey)
    check_survey_open(survey, now)


can_answer_survey = boolean(check_can_answer_survey)


def check_can_preview_survey(user) -> None:
    """The member's form as a preview, from admin: facilitators."""
    if not is_facilitator(user):
        raise PermissionDenied(_("Only facilitators can preview surveys."))
