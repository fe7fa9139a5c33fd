"""Results pages: the report on screen, the printable report, a chart as SVG, the answers as CSV.

Every view resolves the country first (`results_country_for` checks who may
see it), so someone who may not see results learns nothing about a survey,
not even whether it exists.
"""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from members.forms import country_filter_field

from .. import exports
from ..models import Survey
from . import permissions, sections, selectors


class ResultsFilterForm(forms.Form):
    country = country_filter_field(_("All countries"))

    def __init__(self, *args, countries=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].listed = countries


def _context(request, pk: int, *, cached: bool) -> dict:
    """`cached`: keep the figures in the cache (the pages keep their drawn sections instead)."""
    country = permissions.results_country_for(viewer=request.user, code=request.GET.get("country"))
    survey = get_object_or_404(Survey, pk=pk)
    results = selectors.survey_results(
        survey=survey, country=country, names=permissions.shows_names(request.user), cached=cached
    )
    facilitator = permissions.shows_names(request.user)
    return {
        "survey": survey,
        "results": results,
        "country": country,
        "facilitator": facilitator,
        # Unbound: the country was checked above; the choices are the countries already read.
        "form": ResultsFilterForm(
            initial={"country": country.code if country else ""}, countries=results.countries
        )
        if facilitator
        else None,
        "query": f"?country={country.code}" if country else "",
        "now": timezone.now(),
    }


def _with_sections(context: dict, *, downloads: bool) -> dict:
    """The questions' sections as HTML, drawn once for the same responses (see the selectors).

    When they are in the cache the figures are not even computed.
    """
    results = context["results"]
    key = f"{results.cache_key}:sections:{int(downloads)}"
    html = cache.get(key)
    if html is None:
        charts = selectors.charts_for(
            results, rtl=get_language_bidi(), language=get_language(), standalone=False
        )
        html = sections.sections_html(
            charts, survey=context["survey"], query=context["query"], downloads=downloads
        )
        cache.set(key, html, settings.SURVEY_RESULTS_CACHE_SECONDS)
    context["sections_html"] = html
    return context


@login_required
@never_cache
@require_GET
def results(request, pk):
    """The results of a survey, one section per question: chart, table, free text."""
    context = _with_sections(_context(request, pk, cached=False), downloads=True)
    return render(request, "surveys/results.html", context)


@login_required
@never_cache
@require_GET
def results_report(request, pk):
    """The same results laid out as a report to print (charts with their titles)."""
    context = _with_sections(_context(request, pk, cached=False), downloads=False)
    return render(request, "surveys/results_report.html", context)


@login_required
@never_cache
@require_GET
def results_chart(request, pk, question_pk):
    """One question's chart as an SVG file, in the language of the URL."""
    context = _context(request, pk, cached=True)
    result = next((r for r in context["results"].questions if r.question.pk == question_pk), None)
    if result is None:
        raise Http404(_("This question is not in this survey."))
    markup = result.chart(rtl=get_language_bidi(), language=get_language(), standalone=True)
    if markup is None:
        raise Http404(_("This question has no chart: free text, or too few answers to show."))
    response = HttpResponse(markup, content_type="image/svg+xml; charset=utf-8")
    name = f"survey-{pk}-question-{result.question.order or question_pk}-{get_language()}"
    if context["country"]:
        name += f"-{context['country'].code}"
    response["Content-Disposition"] = f'attachment; filename="{name}.svg"'
    return response


@login_required
@never_cache
@require_GET
def results_csv(request, pk):
    """The submitted answers, one row per response (facilitators: with names)."""
    country = permissions.results_country_for(viewer=request.user, code=request.GET.get("country"))
    permissions.check_can_export_answers(request.user, country)
    survey = get_object_or_404(Survey, pk=pk)
    names = permissions.shows_names(request.user)
    if not names:
        exports.check_enough_respondents(survey=survey, country=country)
    lines = exports.answers_csv(survey=survey, country=country, names=names)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    suffix = f"-{country.code}" if country else ""
    response["Content-Disposition"] = (
        f'attachment; filename="survey-{survey.pk}-answers{suffix}-{stamp}.csv"'
    )
    return response
