"""CSV that opens cleanly in Excel and LibreOffice and cannot run as a formula.

- UTF-8 with a byte-order mark, so Excel reads Arabic as Arabic and not as
  mojibake;
- every text cell that a spreadsheet would read as a formula is prefixed with
  an apostrophe by the platform's one rule for it (`members.exports.safe_cell`,
  also used by the roster); numbers stay numbers, so `-5` is not `'-5`;
- written row by row, so a large export streams instead of building one
  string in memory.
"""

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.exports import BOM, safe_cell

from .models import Answer, AnswerChoice, Choice, QuestionKind, Response, ResponseStatus
from .results.selectors import min_group

__all__ = ["BOM", "answers_csv", "check_enough_respondents", "csv_lines", "csv_safe"]


def csv_safe(value) -> str | int | float | Decimal:
    """The cell as written: numbers unchanged, text defused when it could start a formula."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return safe_cell(value)


class _Line:
    """A file-like object that hands back what csv.writer writes to it."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    """The CSV document as strings: the BOM, the header, then one string per row."""
    writer = csv.writer(_Line())
    yield BOM
    yield writer.writerow([csv_safe(cell) for cell in header])
    for row in rows:
        yield writer.writerow([csv_safe(cell) for cell in row])


# --- The answers of a survey -------------------------------------------------------------
def _questions(survey):
    return list(
        survey.questions.order_by("order", "pk").prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("order", "pk"))
        )
    )


def _columns(questions) -> list[tuple[str, Callable]]:
    """(header, value from one response's answers) for every question and option."""
    columns = []
    for number, question in enumerate(questions, start=1):
        name = _("Q%(number)s. %(question)s") % {"number": number, "question": question.text}
        pk = question.pk

        def answer(answers, pk=pk):
            return answers.get(pk)

        if question.kind in (QuestionKind.MULTIPLE, QuestionKind.RANKING):
            ranking = question.kind == QuestionKind.RANKING
            for choice in question.choices.all():
                header = _("%(question)s: %(option)s") % {"question": name, "option": choice.label}
                if ranking:
                    header = _("%(column)s (rank)") % {"column": header}

                def picked(answers, pk=pk, choice=choice.pk, ranking=ranking):
                    found = answers.get(pk)
                    if found is None:
                        return None
                    rows = [row for row in found.chosen.all() if row.choice_id == choice]
                    if ranking:
                        return rows[0].rank if rows else None
                    return 1 if rows else 0

                columns.append((header, picked))
        elif question.has_choices:

            def single(answers, pk=pk):
                found = answers.get(pk)
                rows = list(found.chosen.all()) if found else []
                return rows[0].choice.label if rows else None

            columns.append((name, single))
        elif question.kind == QuestionKind.NUMBER:
            columns.append((name, lambda a, pk=pk: getattr(answer(a, pk), "number_value", None)))
        else:
            columns.append((name, lambda a, pk=pk: getattr(answer(a, pk), "text_value", None)))
        if question.accepts_other:
            header = _("%(question)s: other, please say") % {"question": name}
            columns.append((header, lambda a, pk=pk: getattr(answer(a, pk), "other_text", None)))
    return columns


def submitted_responses(*, survey, country):
    responses = Response.objects.filter(survey=survey, status=ResponseStatus.SUBMITTED)
    if country is not None:
        responses = responses.filter(country=country)
    return responses


def check_enough_respondents(*, survey, country) -> None:
    """Refuse an anonymous export that would point at people: too few respondents."""
    threshold = min_group()
    if submitted_responses(survey=survey, country=country).count() < threshold:
        raise PermissionDenied(
            ngettext(
                "Too few answers to export: fewer than %(count)s person answered.",
                "Too few answers to export: fewer than %(count)s people answered.",
                threshold,
            )
            % {"count": threshold}
        )


def answers_csv(*, survey, country, names: bool) -> Iterator[str]:
    """One row per submitted response, one column per question (per option for multiple choice
    and ranking). With `names` (facilitators): the response number, date, name and email;
    without (focal points): neither, and rows in random order so that they cannot be matched
    with who answered when.
    """
    questions = _questions(survey)
    columns = _columns(questions)
    header = [_("Country")]
    if names:
        header = [_("Response"), _("Submitted"), _("Name"), _("Email"), *header]
    header += [title for title, _value in columns]
    responses = (
        submitted_responses(survey=survey, country=country)
        .select_related("member", "country")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.prefetch_related(
                    Prefetch("chosen", queryset=AnswerChoice.objects.select_related("choice"))
                ),
            )
        )
        .order_by(*(("submitted_at", "pk") if names else ("?",)))
    )

    def rows():
        for response in responses.iterator(chunk_size=500):
            answers = {answer.question_id: answer for answer in response.answers.all()}
            row = [response.country.name if response.country else ""]
            if names:
                member = response.member
                row = [
                    response.pk,
                    timezone.localtime(response.submitted_at).strftime("%Y-%m-%d %H:%M"),
                    member.display_name if member else _("former member"),
                    member.email if member else "",
                    *row,
                ]
            yield row + [value(answers) for _title, value in columns]

    return csv_lines(header, rows())
