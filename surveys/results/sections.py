"""The results page's question sections (heading, chart, table, written answers) as HTML.

A results page shows twenty questions or more, each with a table (a row per
option, scale point or range) and up to `selectors.TEXTS_SHOWN` written
answers: through the template language that was a thousand variable lookups,
filters and includes per page, most of the time of drawing the page when its
figures are not cached (issue 9's benchmark). Here each piece is an f-string.
Every value that comes from a person or from the survey's texts is escaped
with `charts.escape` (Django's `escape` without its lazy-string wrapper);
numbers are formatted for the reader's language with `formats.localize`,
and the interface strings are the catalogue's, as the templates had them
(the HTML is the same, byte for byte).
"""

from django.conf import settings
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from ..charts import escape
from ..models import QuestionKind
from .selectors import NumberSummary

DASH = "–"


def _count(number: int) -> str:
    """A whole number as `formats.localize` writes it (the same text, without its detour)."""
    return localize(number) if settings.USE_THOUSAND_SEPARATOR else str(number)


def _shown(value) -> str:
    """A number as the template showed it (`{{ value|default:"–" }}`)."""
    return escape(localize(value)) if value else DASH


def table_html(result) -> SafeString:
    """The table of one question's figures (none for written answers)."""
    kind = result.kind
    if kind == QuestionKind.LIKERT:
        head = "".join(f'<th scope="col">{escape(label)}</th>' for label in result.point_labels)
        rows = "".join(
            f'<tr><th scope="row">{escape(row.label)}</th>'
            + "".join(
                f'<td>{escape(share)} <span class="meta">({_count(count)})</span></td>'
                for count, share in row.cells
            )
            + f"<td>{_count(row.n)}</td></tr>"
            for row in result.likert_rows
        )
        caption = escape(gettext("Answers on each point of the scale"))
        return mark_safe(  # noqa: S308 - every value above is escaped
            '\n<div class="table-wrap survey-result__table"><table>\n'
            f'  <caption class="visually-hidden">{caption}</caption>\n'
            f'  <thead><tr><th scope="col"></th>{head}<th scope="col">n</th></tr></thead>\n'
            f"  <tbody>{rows}</tbody>\n</table></div>\n\n"
        )
    if kind == QuestionKind.RANKING:
        rows = "".join(
            f'<tr><th scope="row" dir="auto">{escape(option.label)}</th>'
            f"<td>{floatformat(option.mean_rank, 1) if option.mean_rank else DASH}</td>"
            f'<td>{escape(option.first_percent)} <span class="meta">'
            f"({_count(option.first_count)})</span></td></tr>"
            for option in result.options
        )
        return _table((gettext("Option"), gettext("Mean rank"), gettext("Ranked first")), rows)
    if kind == QuestionKind.NUMBER:
        # No summary (too few answers in the country shown): dashes, as the template had.
        number = result.number or NumberSummary(mean=None, minimum=None, maximum=None)
        bins = "".join(
            f'<tr><th scope="row">{escape(bin.label)}</th><td>{escape(bin.percent)} '
            f'<span class="meta">({_count(bin.count)})</span></td></tr>'
            for bin in number.bins
        )
        return mark_safe(  # noqa: S308 - every value above is escaped
            '\n<div class="table-wrap survey-result__table"><table>\n  <tbody>\n'
            f'    <tr><th scope="row">{escape(gettext("Mean"))}</th>'
            f"<td>{_shown(number.mean)}</td></tr>\n"
            f'    <tr><th scope="row">{escape(gettext("Smallest"))}</th>'
            f"<td>{_shown(number.minimum)}</td></tr>\n"
            f'    <tr><th scope="row">{escape(gettext("Largest"))}</th>'
            f"<td>{_shown(number.maximum)}</td></tr>\n"
            f"    {bins}\n  </tbody>\n</table></div>\n\n"
        )
    if result.options:
        rows = "".join(
            f'<tr><th scope="row" dir="auto">{escape(option.label)}</th>'
            f"<td>{_count(option.count)}</td><td>{escape(option.percent)}</td></tr>"
            for option in result.options
        )
        return _table((gettext("Option"), gettext("Respondents"), gettext("Share")), rows)
    return mark_safe("\n")


def _table(headings, rows: str) -> SafeString:
    head = "".join(f'<th scope="col">{escape(heading)}</th>' for heading in headings)
    return mark_safe(  # noqa: S308 - the headings are escaped, the rows built escaped
        '\n<div class="table-wrap survey-result__table"><table>\n'
        f"  <thead><tr>{head}</tr></thead>\n"
        f"  <tbody>{rows}</tbody>\n</table></div>\n\n"
    )


def _lines(text: str) -> str:
    """`text` escaped, its line breaks as <br> (what the `linebreaksbr` filter writes)."""
    return escape(text.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br>")


def texts_html(result) -> SafeString:
    """The written answers shown under a question: the text, and the author for facilitators."""
    items = "".join(
        f'<li><p dir="auto">{_lines(answer.text)}</p>'
        + (
            f'<small class="meta"><bdi>{escape(answer.author)}</bdi></small>'
            if answer.author
            else ""
        )
        + "</li>"
        for answer in result.texts
    )
    return mark_safe(items)  # noqa: S308 - texts and authors escaped


def section_html(
    result, chart, *, number: int, chart_url: str, query: str, downloads: bool
) -> SafeString:
    """One question's section of the results page: heading, chart, table and written answers.

    `chart_url`: the chart's download address (with `query`, the country shown).
    """
    pk = result.question.pk
    answers = ngettext("%(counter)s answer", "%(counter)s answers", result.n) % {
        "counter": _count(result.n)
    }
    parts = [
        f'<section class="survey-result" id="q{pk}" aria-labelledby="q{pk}-heading">\n'
        f'  <h2 id="q{pk}-heading"><span class="survey-result__number">{number}.</span> '
        f'<span dir="auto">{escape(result.question.text)}</span></h2>\n'
        f'  <p class="meta">{escape(result.kind_label)} · {answers}</p>\n  '
    ]
    if result.suppressed:
        why = gettext("Too few answers to show.") if result.n else gettext("No answers yet.")
        parts.append(f'\n  <p class="survey-result__too-few">{escape(why)}</p>\n  ')
    else:
        parts.append('\n  <div class="survey-result__body">\n    ')
        if chart:
            download = ""
            if downloads:
                label = escape(gettext("Download the chart (SVG)"))
                download = (
                    f'<figcaption><a href="{escape(chart_url)}{escape(query)}" download>'
                    f"{label}</a></figcaption>"
                )
            parts.append(
                f'<figure class="survey-result__figure">{chart}\n      {download}\n    </figure>'
            )
        parts.append(f"\n    {table_html(result)}\n  </div>\n  ")
        if result.hidden_rows:
            rows = "، ".join(escape(row) for row in result.hidden_rows)
            parts.append(
                f'<p class="meta">{escape(gettext("Too few answers to show for:"))} {rows}</p>'
            )
        parts.append("\n  ")
        if result.texts:
            if result.kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
                title = gettext("Answers")
            else:
                title = gettext("“Other, please say” answers")
            parts.append(
                f'\n  <h3 class="survey-result__texts-title">{escape(title)}</h3>\n'
                f'  <ul class="survey-result__texts">{texts_html(result)}</ul>\n  '
            )
            shown = len(result.texts)
            if result.texts_total > shown:
                latest = ngettext(
                    "The latest %(shown)s of %(counter)s answer; all of them are in the CSV.",
                    "The latest %(shown)s of %(counter)s answers; all of them are in the CSV.",
                    result.texts_total,
                ) % {"shown": _count(shown), "counter": _count(result.texts_total)}
                parts.append(f'<p class="meta">{latest}</p>')
            parts.append("\n  ")
        parts.append("\n  ")
    parts.append("\n</section>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def sections_html(charts: list, *, survey, query: str, downloads: bool) -> SafeString:
    """Every question's section, in order (`charts`: (result, chart) pairs)."""
    pattern = reverse("surveys:results_chart", args=[survey.pk, 987654321])
    return mark_safe(  # noqa: S308 - each section escapes its values
        "".join(
            section_html(
                result,
                chart,
                number=number,
                chart_url=pattern.replace("987654321", str(result.question.pk)),
                query=query,
                downloads=downloads,
            )
            for number, (result, chart) in enumerate(charts, start=1)
        )
    )
