"""What surveys add to a member's digest: "Surveys waiting for your answers".

The surveys open at the end of the member's window, in their audience (everyone, or
their country), that they have not submitted (a saved draft still counts as not
answered). The section is news only when one of them opened inside the window; the
others are reminders that ride along. The intake survey is left out: it has its own
onboarding path. Three queries per batch at most, whatever its size.
"""

from collections import defaultdict

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cop.digest import DigestBatch, Fragment, Section

from .models import Audience, Response, ResponseStatus, Survey, SurveyKind
from .selectors import open_q

SURVEYS_PER_DIGEST = 5


def digest_sections(batch: DigestBatch) -> dict[int, list[Section]]:
    now = batch.until
    surveys = list(
        Survey.objects.filter(open_q(now))
        .exclude(kind=SurveyKind.INTAKE)
        .prefetch_related("countries")
        .order_by("closes_at", "-opens_at", "pk")
    )
    if not surveys:
        return {}
    answered = defaultdict(set)
    for survey_id, member_id in Response.objects.filter(
        survey__in=surveys, member_id__in=batch.member_ids, status=ResponseStatus.SUBMITTED
    ).values_list("survey_id", "member_id"):
        answered[member_id].add(survey_id)
    countries = {
        survey.pk: {country.pk for country in survey.countries.all()} for survey in surveys
    }
    sections = {}
    # Digest readers are approved members: `applicants_too` never shuts them out.
    for member in batch.members:
        waiting = [
            survey
            for survey in surveys
            if survey.pk not in answered[member.pk]
            and (survey.audience == Audience.EVERYONE or member.country_id in countries[survey.pk])
        ]
        if not waiting:
            continue
        shown = waiting[:SURVEYS_PER_DIGEST]
        sections[member.pk] = [
            Section(
                key="surveys",
                title=_("Surveys waiting for your answers"),
                items=[
                    Fragment(
                        "surveys/digest/_survey",
                        {"survey": survey, "site_url": settings.SITE_URL},
                        key=("survey", survey.pk, survey.updated_at),
                        cache=batch.cache,
                    )
                    for survey in shown
                ],
                news=any(survey.opens_at > batch.since[member.pk] for survey in waiting),
                more=len(waiting) - len(shown),
                more_url="surveys:index",
            )
        ]
    return sections
