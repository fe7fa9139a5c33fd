"""A survey's results, read from the tallies the services keep (`surveys.models.tallies`).

The number of queries depends on the survey's questions, never on the number
of responses, and so does the work of each: the tallies have a row per
question, option, number value and country, not per answer. One query each
for respondents per country, the questions, their choices, answers per
question and country, chosen options per question, choice and country (with
rank sums and firsts), the number questions' sums, minimums and maximums,
their ranges, the latest free-text answers (the only query on the answers
themselves: a few per question, newest first) and the approved members per
country for the response rates.

Only submitted responses count. Every figure goes through small-group
protection: a question (or a country's row) with fewer respondents than
`settings.SURVEY_RESULTS_MIN_GROUP` has `suppressed=True` and no numbers.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.utils import build_localized_fieldname, resolution_order

from cop.languages import current_language
from members.models import Country, display_name_of
from members.selectors import (
    approved_member_counts,
    countries_with_approved_members,
    sorted_countries,
)

from .. import charts
from ..models import (
    Answer,
    Audience,
    Choice,
    ChoiceTally,
    NumberTally,
    Question,
    QuestionKind,
    QuestionTally,
    Survey,
    SurveyTally,
)

# Free-text answers shown per question on the page (all of them are in the CSV).
TEXTS_SHOWN = 20
NUMBER_BINS = 5


def min_group() -> int:
    return max(1, settings.SURVEY_RESULTS_MIN_GROUP)


@dataclass
class OptionResult:
    label: str
    count: int
    share: float  # of the question's respondents
    is_other: bool = False
    mean_rank: float | None = None
    first_count: int = 0
    first_share: float = 0.0

    @property
    def percent(self) -> str:
        return charts.percent(self.share)

    @property
    def first_percent(self) -> str:
        return charts.percent(self.first_share)


@dataclass
class LikertRowResult:
    label: str
    n: int
    counts: list[int]
    suppressed: bool = False

    @property
    def cells(self) -> list[tuple[int, str]]:
        return [(count, charts.percent(count / self.n if self.n else 0)) for count in self.counts]


@dataclass
class NumberSummary:
    mean: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    bins: list[OptionResult] = field(default_factory=list)


@dataclass
class TextAnswer:
    text: str
    author: str  # empty when the viewer may not see names
    is_other: bool = False


@dataclass(frozen=True)
class ChoiceShown:
    pk: int
    label: str


@dataclass
class QuestionShown:
    """What the results show of a question, read as values (`_questions_shown`)."""

    pk: int
    order: int
    kind: str
    text: str
    allow_other: bool
    choice_list: list[ChoiceShown] = field(default_factory=list)

    # The model's own definitions.
    has_choices = Question.has_choices
    accepts_other = Question.accepts_other


@dataclass
class QuestionResult:
    question: QuestionShown
    n: int
    suppressed: bool
    options: list[OptionResult] = field(default_factory=list)
    likert_rows: list[LikertRowResult] = field(default_factory=list)
    hidden_rows: list[str] = field(default_factory=list)  # countries with too few answers
    number: NumberSummary | None = None
    texts: list[TextAnswer] = field(default_factory=list)
    texts_total: int = 0

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def chart_id(self) -> str:
        return f"chart-q{self.question.pk}"

    @property
    def has_chart(self) -> bool:
        return not self.suppressed and self.kind not in (
            QuestionKind.SHORT_TEXT,
            QuestionKind.LONG_TEXT,
        )

    @property
    def kind_label(self) -> str:
        return QuestionKind(self.kind).label

    @property
    def point_labels(self) -> list[str]:
        return [choice.label for choice in self.question.choice_list]

    def chart(self, *, rtl: bool, language: str, standalone: bool = False):
        """The question's figure as SVG markup (None for free text or too few answers)."""
        if not self.has_chart:
            return None
        common = {
            "chart_id": self.chart_id,
            "title": self.question.text,
            "n": self.n,
            "rtl": rtl,
            "language": language,
            "standalone": standalone,
        }
        if self.kind == QuestionKind.LIKERT:
            rows = [
                charts.LikertRow(row.label, row.counts)
                for row in self.likert_rows
                if not row.suppressed
            ]
            return charts.likert_chart(point_labels=self.point_labels, rows=rows, **common)
        note = ""
        if self.kind == QuestionKind.RANKING:
            # The mean rank goes with the label: the bar's value stays short on a phone.
            bars = [
                charts.Bar(
                    _("%(option)s (mean rank %(rank)s)")
                    % {"option": option.label, "rank": f"{option.mean_rank or 0:.1f}"},
                    option.first_share,
                    f"{option.first_percent} ({option.first_count})",
                )
                for option in self.options
            ]
            axis = _("Share of respondents who ranked the option first")
            note = _("Options in order of their mean rank (1 = first).")
        elif self.kind == QuestionKind.NUMBER:
            bars = [
                charts.Bar(o.label, o.share, f"{o.percent} ({o.count})") for o in self.number.bins
            ]
            axis = _("Share of respondents whose answer is in the range")
        else:
            bars = [charts.Bar(o.label, o.share, f"{o.percent} ({o.count})") for o in self.options]
            axis = _("Share of respondents")
            if self.kind == QuestionKind.MULTIPLE:
                note = _("Respondents could choose more than one option.")
        return charts.bar_chart(bars=bars, axis_label=axis, note=note, **common)


@dataclass
class CountryRate:
    country: Country
    members: int
    respondents: int

    @property
    def rate(self) -> float:
        return self.respondents / self.members if self.members else 0.0

    @property
    def percent(self) -> str:
        return charts.percent(min(self.rate, 1.0))


@dataclass
class SurveyResults:
    survey: Survey
    country: Country | None
    respondents: int
    threshold: int
    rates: list[CountryRate]
    # The figures' version: changes whenever a submitted response in scope changes.
    cache_key: str
    figures: Callable[[], list[QuestionResult]] = field(repr=False)
    # Every country (reader's order, with `approved_members`): the country filter lists them.
    countries: list[Country] = field(default_factory=list, repr=False)

    @property
    def suppressed(self) -> bool:
        return self.respondents < self.threshold

    @cached_property
    def questions(self) -> list[QuestionResult]:
        """Every question's figures, computed (or read from the cache) when first asked for.

        A page whose sections are cached under `cache_key` never asks.
        """
        return self.figures()


def _rate_countries(survey: Survey, country: Country | None, countries: list) -> list[Country]:
    """The countries whose response rate is shown: the one asked for, or the survey's
    audience (the countries it was sent to, or every country but "International")."""
    if country is not None:
        return [c for c in countries if c.pk == country.pk]
    if survey.audience == Audience.COUNTRIES:
        audience = set(survey.countries.values_list("pk", flat=True))
        return [c for c in countries if c.pk in audience]
    return [c for c in countries if not c.is_international]


def survey_results(
    *, survey: Survey, country: Country | None, names: bool, cached: bool = False
) -> SurveyResults:
    """Every question's figures for `country` (None: all countries), small groups hidden.

    `names`: free-text answers carry their author's name (facilitators only).
    `cached`: reuse the per-question figures computed for the same submitted
    responses (see `_version`). Respondents and response rates are always
    read live: they are two cheap grouped counts; the per-question figures
    only when `questions` is first read.

    Everything is read from the tallies the services keep
    (`surveys.models.tallies`), never from the answers, except the latest
    free-text answers shown under their question.
    """
    threshold = min_group()
    submitted = {
        row["country"]: row
        for row in SurveyTally.objects.filter(survey=survey).values(
            "country", "respondents", "revision"
        )
    }
    by_country = {pk: row["respondents"] for pk, row in submitted.items()}
    in_scope = [by_country.get(country.pk, 0)] if country is not None else by_country.values()
    respondents = sum(in_scope)

    # In the reader's alphabetical order: the rates, the Likert rows and the filter follow it.
    every_country = sorted_countries(countries_with_approved_members())
    countries = _rate_countries(survey, country, every_country)
    members = {c.pk: c.approved_members for c in countries}
    # A region-wide survey lists the countries that have members or answers, not empty ones.
    rates = [
        CountryRate(c, members.get(c.pk, 0), by_country.get(c.pk, 0))
        for c in countries
        if country is not None or members.get(c.pk) or by_country.get(c.pk)
    ]
    names_by_pk = {c.pk: c.name for c in countries}

    key = _version(survey, country, names, threshold, submitted)

    def figures() -> list[QuestionResult]:
        questions = cache.get(key) if cached else None
        if questions is None:
            questions = _question_results(survey, country, names, threshold, names_by_pk)
            if cached:
                cache.set(key, questions, settings.SURVEY_RESULTS_CACHE_SECONDS)
        return questions

    return SurveyResults(
        survey, country, respondents, threshold, rates, key, figures, every_country
    )


@lru_cache(maxsize=1)
def code_version() -> str:
    """A fingerprint of the code that computes and draws the results (this module, the
    sections, the charts): after a deploy that changes any of them, no page reads figures
    or sections the previous code left in the cache."""
    files = (Path(__file__), Path(__file__).with_name("sections.py"), Path(charts.__file__))
    return hashlib.sha256(b"".join(path.read_bytes() for path in files)).hexdigest()[:12]


def _version(survey, country, names, threshold, submitted: dict) -> str:
    """A cache key that changes whenever a submitted response in scope is added or saved again.

    Made of the number of respondents and the tally revision of each country
    in scope (raised by every change to its submitted responses), the
    survey's own `updated_at` (edited in admin), the viewer's kind (names or
    not), the threshold, the language (labels are stored translated) and the
    code's own version.
    """
    rows = sorted(
        (pk or 0, row["respondents"], row["revision"])
        for pk, row in submitted.items()
        if country is None or pk == country.pk
    )
    parts = [
        survey.pk,
        survey.updated_at.isoformat() if survey.updated_at else "",
        country.pk if country else "all",
        names,
        threshold,
        get_language(),
        rows,
        code_version(),
    ]
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"surveys:results:{survey.pk}:{digest}"


def charts_for(results: SurveyResults, *, rtl: bool, language: str, standalone: bool) -> list:
    """(question result, SVG markup or None) for each question."""
    return [
        (result, result.chart(rtl=rtl, language=language, standalone=standalone))
        for result in results.questions
    ]


# Every tally of a survey the page reads, in one query (a scope on the country added
# to each part): answers per question and country, chosen options per choice and
# country, answers per number value.
_TALLIES = """
    SELECT 'question', question_id, NULL, country_id, answers, others, texts,
           CAST(NULL AS NUMERIC)
      FROM {questions} WHERE survey_id = %s AND answers > 0 {scope}
    UNION ALL
    SELECT 'choice', question_id, choice_id, country_id, chosen, firsts, rank_sum, NULL
      FROM {choices} WHERE survey_id = %s AND chosen > 0 {scope}
    UNION ALL
    SELECT 'number', question_id, NULL, NULL, SUM(answers), 0, 0, value
      FROM {numbers} WHERE survey_id = %s AND answers > 0 {scope}
     GROUP BY question_id, value
"""


def _read_tallies(survey: Survey, country: Country | None) -> tuple[dict, dict, dict]:
    """The survey's tallies in scope: (answered, chosen, values), keyed by question.

    answered[question][country] and chosen[question][choice][country] are rows
    {"n", "others", "texts"} and {"n", "firsts", "rank_sum"}; values[question]
    is a list of (value, answers).
    """
    sql = _TALLIES.format(
        questions=QuestionTally._meta.db_table,
        choices=ChoiceTally._meta.db_table,
        numbers=NumberTally._meta.db_table,
        scope="AND country_id = %s" if country is not None else "",
    )
    params = [survey.pk] if country is None else [survey.pk, country.pk]
    answered: dict[int, dict[int | None, dict]] = defaultdict(dict)
    chosen: dict[int, dict[int, dict[int | None, dict]]] = defaultdict(lambda: defaultdict(dict))
    values: dict[int, list[tuple[Decimal, int]]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, params * 3)
        for table, question, choice, place, n, second, third, value in cursor.fetchall():
            if table == "question":
                answered[question][place] = {"n": n, "others": second, "texts": third}
            elif table == "choice":
                chosen[question][choice][place] = {"n": n, "firsts": second, "rank_sum": third}
            else:
                # SQLite hands a raw NUMERIC back as a float: the figures stay decimal.
                if not isinstance(value, Decimal):
                    value = Decimal(str(value))
                values[question].append((value, n))
    return answered, chosen, values


def _question_results(survey, country, names, threshold, names_by_pk) -> list[QuestionResult]:
    """The figures of every question, read from the tallies: answers, options, numbers, texts."""
    questions = _questions_shown(survey)
    answered, chosen, values = _read_tallies(survey, country)
    results = []
    for question in questions:
        per_country = answered.get(question.pk, {})
        n = sum(row["n"] for row in per_country.values())
        result = QuestionResult(question=question, n=n, suppressed=n < threshold)
        results.append(result)
        if result.suppressed:
            continue
        if question.kind == QuestionKind.LIKERT:
            _likert(result, chosen[question.pk], per_country, names_by_pk, country, threshold)
        elif question.has_choices:
            _options(result, chosen[question.pk], per_country)

    _numbers([r for r in results if not r.suppressed and r.kind == QuestionKind.NUMBER], values)
    _texts(survey, country, [r for r in results if not r.suppressed], names, answered)
    return results


# The survey's questions and their choices in order, in one query: every language's
# text, the reader's chosen in Python (`_translated`), as modeltranslation's fields do.
_QUESTIONS = """
    SELECT question.id, question.{order}, question.kind, question.allow_other, {texts},
           choice.id, {labels}
      FROM {questions} question LEFT JOIN {choices} choice ON choice.question_id = question.id
     WHERE question.survey_id = %s
     ORDER BY question.{order}, question.id, choice.{order}, choice.id
"""


def _translated(values: dict[str, str], order: tuple[str, ...]) -> str:
    """The first value filled in, in modeltranslation's order for the reader's language."""
    return next((values[language] for language in order if values.get(language)), "")


def _questions_shown(survey: Survey) -> list[QuestionShown]:
    """The survey's questions in order, each with its choices in order, in the reader's
    language (falling back as modeltranslation's fields do): one query."""
    languages = list(AVAILABLE_LANGUAGES)

    def columns(model, name: str, table: str) -> str:
        fields = (
            model._meta.get_field(build_localized_fieldname(name, code)) for code in languages
        )
        return ", ".join(f"{table}.{field.column}" for field in fields)

    sql = _QUESTIONS.format(
        order=connection.ops.quote_name("order"),
        texts=columns(Question, "text", "question"),
        labels=columns(Choice, "label", "choice"),
        questions=Question._meta.db_table,
        choices=Choice._meta.db_table,
    )
    language = get_language()
    text_order = resolution_order(language, Question.text.fallback_languages)
    label_order = resolution_order(language, Choice.label.fallback_languages)
    count = len(languages)
    questions: dict[int, QuestionShown] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [survey.pk])
        for row in cursor.fetchall():
            pk, order, kind, allow_other = row[:4]
            question = questions.get(pk)
            if question is None:
                texts = dict(zip(languages, row[4 : 4 + count], strict=True))
                question = questions[pk] = QuestionShown(
                    pk, order, kind, _translated(texts, text_order), allow_other
                )
            choice = row[4 + count]
            if choice is not None:
                labels = dict(zip(languages, row[5 + count :], strict=True))
                question.choice_list.append(ChoiceShown(choice, _translated(labels, label_order)))
    return list(questions.values())


def _options(result: QuestionResult, chosen: dict, per_country: dict) -> None:
    """Each option's count as a share of the question's respondents (not of all ticks)."""
    n = result.n
    for choice in result.question.choice_list:
        rows = chosen.get(choice.pk, {}).values()
        count = sum(row["n"] for row in rows)
        firsts = sum(row["firsts"] for row in rows)
        rank_sum = sum(row["rank_sum"] or 0 for row in rows)
        result.options.append(
            OptionResult(
                label=choice.label,
                count=count,
                share=count / n,
                mean_rank=rank_sum / count if count else None,
                first_count=firsts,
                first_share=firsts / n,
            )
        )
    if result.question.accepts_other:
        others = sum(row["others"] for row in per_country.values())
        result.options.append(
            OptionResult(label=_("Other"), count=others, share=others / n, is_other=True)
        )
    if result.kind == QuestionKind.RANKING:
        # The order of the report: best mean rank first, unranked options last.
        result.options.sort(key=lambda o: (o.mean_rank is None, o.mean_rank or 0))


def _likert(result, chosen, per_country, names_by_pk, country, threshold) -> None:
    """One diverging row for everyone in scope, then one per country with enough answers."""
    choices = list(result.question.choice_list)
    totals = [sum(row["n"] for row in chosen.get(c.pk, {}).values()) for c in choices]
    everyone = _("All respondents") if country is None else country.name
    result.likert_rows.append(LikertRowResult(everyone, result.n, totals))
    if country is not None:
        return
    for pk, label in names_by_pk.items():
        n = per_country.get(pk, {}).get("n", 0)
        if not n:
            continue
        if n < threshold:
            result.hidden_rows.append(label)
            continue
        counts = [chosen.get(c.pk, {}).get(pk, {}).get("n", 0) for c in choices]
        result.likert_rows.append(LikertRowResult(label, n, counts))


def _numbers(results: list[QuestionResult], values: dict) -> None:
    """Mean, smallest and largest answer and five ranges of each number question.

    From the tallies of the answers' values (a row per distinct value, not per answer).
    """
    for result in results:
        histogram = values.get(result.question.pk)
        if not histogram:
            result.number = NumberSummary(None, None, None)
            continue
        count = sum(n for _value, n in histogram)
        total = sum(value * n for value, n in histogram)
        result.number = NumberSummary(
            mean=(total / count).quantize(Decimal("0.01")),
            minimum=min(value for value, _n in histogram),
            maximum=max(value for value, _n in histogram),
        )
        _number_bins(result, histogram)


def _edges(summary: NumberSummary) -> list[tuple[Decimal, Decimal]]:
    low, high = summary.minimum, summary.maximum
    if low is None:
        return []
    if low == high:
        return [(low, high)]
    step = (high - low) / NUMBER_BINS
    return [(low + step * i, low + step * (i + 1)) for i in range(NUMBER_BINS)]


def _number_bins(result: QuestionResult, histogram: list[tuple[Decimal, int]]) -> None:
    """Five equal ranges between the smallest and largest answer (the last one closed)."""
    edges = _edges(result.number)
    for index, (low, high) in enumerate(edges):
        last = index == len(edges) - 1
        count = sum(
            n
            for value, n in histogram
            if low <= value and (value <= high if last else value < high)
        )
        label = (
            _number(low)
            if low == high
            else _("%(low)s to %(high)s") % {"low": _number(low), "high": _number(high)}
        )
        result.number.bins.append(OptionResult(label, count, count / result.n))


def _number(value: Decimal) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


# The latest TEXTS_SHOWN written answers of each question, with their authors: read
# newest first from the index answer_latest_written (answers of submitted responses).
_LATEST_TEXTS = """
    SELECT latest.question_id, latest.text_value, latest.other_text,
           member.id, member.status, member.name_arabic, member.name_latin
    FROM unnest(%s::integer[]) AS wanted(question_id)
    CROSS JOIN LATERAL (
        SELECT answer.id, answer.question_id, answer.text_value, answer.other_text,
               answer.response_id, answer.submitted_at
        FROM surveys_answer answer {country_join}
        WHERE answer.question_id = wanted.question_id AND answer.submitted_at IS NOT NULL
          AND (answer.text_value <> '' OR answer.other_text <> '')
        ORDER BY answer.submitted_at DESC, answer.id DESC
        LIMIT %s
    ) latest
    JOIN surveys_response response ON response.id = latest.response_id
    LEFT JOIN {users} member ON member.id = response.member_id
    ORDER BY latest.question_id, latest.submitted_at DESC, latest.id DESC
"""
_COUNTRY_JOIN = """JOIN surveys_response scope
        ON scope.id = answer.response_id AND scope.country_id = %s"""


def _latest_written(question_ids: list[int], country) -> list[tuple]:
    """The latest `TEXTS_SHOWN` written answers of each question, newest first, with authors.

    (question id, text, other text, member id, status, Arabic name, Latin name) rows.
    PostgreSQL reads each question's newest answers straight from the index
    `answer_latest_written` (`_LATEST_TEXTS`); other databases (SQLite, a
    newcomer's first run) rank them with a window function.
    """
    if connection.vendor == "postgresql":
        params = [question_ids]
        if country is not None:
            params.append(country.pk)
        params.append(TEXTS_SHOWN)
        sql = _LATEST_TEXTS.format(
            country_join=_COUNTRY_JOIN if country else "", users=get_user_model()._meta.db_table
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    written = Answer.objects.filter(
        Q(text_value__gt="") | Q(other_text__gt=""),
        question_id__in=question_ids,
        submitted_at__isnull=False,
    )
    if country is not None:
        written = written.filter(response__country=country)
    newest = [F("submitted_at").desc(), F("id").desc()]
    return list(
        written.annotate(
            place=Window(RowNumber(), partition_by=[F("question_id")], order_by=newest)
        )
        .filter(place__lte=TEXTS_SHOWN)
        .order_by("question_id", *newest)
        .values_list(
            "question_id",
            "text_value",
            "other_text",
            "response__member_id",
            "response__member__status",
            "response__member__name_arabic",
            "response__member__name_latin",
        )
    )


def _texts(survey, country, results: list[QuestionResult], names: bool, answered: dict) -> None:
    """The latest free-text answers (and "other, please say" texts) of each question."""
    wanted = {
        r.question.pk: r
        for r in results
        if r.kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT) or r.question.accepts_other
    }
    for pk, result in wanted.items():
        result.texts_total = sum(row["texts"] for row in answered.get(pk, {}).values())
    # Nothing to look for where nobody wrote anything.
    wanted = {pk: result for pk, result in wanted.items() if result.texts_total}
    if not wanted:
        return
    language = current_language()
    rows = _latest_written(list(wanted), country)
    for question_id, text_value, other_text, pk, status, name_arabic, name_latin in rows:
        author = ""
        if names:
            # The member's `display_name`, without loading every member.
            author = (
                display_name_of(
                    pk=pk,
                    status=status,
                    name_arabic=name_arabic,
                    name_latin=name_latin,
                    language=language,
                )
                if pk
                else _("former member")
            )
        wanted[question_id].texts.append(
            TextAnswer(text_value or other_text, author, is_other=not text_value)
        )


def country_rates_for_open_surveys(*, country: Country, limit: int = 5) -> list[dict]:
    """The open surveys `country` is in the audience of, each with the country's response rate.

    The same queries whatever the number of surveys: the surveys with their
    respondents from the country (the country's tally, as on the results page),
    and the country's approved members (`members.selectors.approved_member_counts`).
    """
    from ..selectors import open_q  # the core's definition of "open"

    respondents = SurveyTally.objects.filter(survey=OuterRef("pk"), country=country).values(
        "respondents"
    )[:1]
    in_audience = Q(audience=Audience.EVERYONE) | Q(
        Exists(Survey.countries.through.objects.filter(survey_id=OuterRef("pk"), country=country))
    )
    surveys = list(
        Survey.objects.filter(open_q(), in_audience)
        .annotate(respondents=Coalesce(Subquery(respondents), 0))
        .order_by(F("closes_at").asc(nulls_last=True), "-opens_at")[:limit]
    )
    if not surveys:
        return []
    members = approved_member_counts(countries=[country]).get(country.pk, 0)
    return [
        {"survey": survey, "rate": CountryRate(country, members, survey.respondents)}
        for survey in surveys
    ]


def latest_surveys_with_respondents(*, limit: int = 5) -> list[Survey]:
    """The surveys opened most recently, each with its number of respondents (one query,
    from the tallies the results page reads)."""
    respondents = (
        SurveyTally.objects.filter(survey=OuterRef("pk"))
        .order_by()
        .values("survey")
        .annotate(n=Sum("respondents"))
        .values("n")
    )
    return list(
        Survey.objects.filter(opens_at__lte=timezone.now())
        .annotate(respondents=Coalesce(Subquery(respondents), 0))
        .order_by("-opens_at", "-pk")[:limit]
    )
