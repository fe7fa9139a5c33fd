"""The member's answers as posted: parsed and checked question by question.

A survey's form has one group of inputs per question (`q<id>`, plus
`q<id>_other` for "other, please say" and `q<id>_rank_<choice id>` for each
option of a ranking), plain HTML that works without JavaScript. `ResponseForm`
turns a POST into one `Given` per answered question, or into messages next to
the questions that are wrong; the service stores only a form that is valid as
a whole, so nothing is ever half-saved.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cop.text import single_line

from .models import Answer, Question, QuestionKind

OTHER = "other"
SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 5000
OTHER_TEXT_MAX = 500
FIELD_NAME = re.compile(r"^q(\d+)(?:_(other|rank_(\d+)))?$")
# Decimal numbers as people type them, Arabic-Indic digits and separators included.
NUMBER = re.compile(r"^-?\d{1,12}(?:\.\d{1,2})?$")
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫،", "01234567890123456789..")


@dataclass
class Given:
    """One question's answer, cleaned: what `surveys.services` stores."""

    question: Question
    choice_ids: list[int] = field(default_factory=list)
    ranks: dict[int, int] = field(default_factory=dict)  # ranking: choice id -> rank
    number: Decimal | None = None
    text: str = ""
    other: str = ""

    @property
    def is_empty(self) -> bool:
        return not (
            self.choice_ids or self.ranks or self.number is not None or self.text or self.other
        )


@dataclass
class QuestionRow:
    """What the template needs to draw one question with its current values and errors."""

    question: Question
    number: int
    choices: list
    selected: set = field(default_factory=set)  # strings, as posted (choice ids, "other")
    ranks: dict = field(default_factory=dict)  # choice id -> rank as text
    value: str = ""
    other: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"q{self.question.pk}"

    @property
    def rank_positions(self) -> list[int]:
        question = self.question
        return list(range(1, (question.max_choices or len(self.choices)) + 1))

    @property
    def rank_inputs(self) -> list[tuple]:
        """(choice, input name, rank chosen) for each option of a ranking."""
        return [
            (choice, f"{self.name}_rank_{choice.pk}", self.ranks.get(choice.pk, ""))
            for choice in self.choices
        ]


def _multiline(text: str) -> str:
    """Long text keeps its line breaks and tabs but no other control character."""
    kept = "".join(
        char
        for char in text.replace("\r\n", "\n")
        if char in "\n\t" or unicodedata.category(char) not in ("Cc", "Cs")
    )
    return kept.strip()


class ResponseForm:
    """The answers to `questions` (with their choices prefetched), from a POST or a response.

    `submit=True` (the member sends their answers) also demands every required
    answer; a draft may leave questions empty but never holds a wrong answer.
    """

    def __init__(self, questions, *, data=None, answers=None, submit: bool = False):
        self.questions = list(questions)
        self.data = data
        self.submit = submit
        self.is_bound = data is not None
        self.non_field_errors: list[str] = []
        self.cleaned: list[Given] = []
        self.rows = [
            QuestionRow(question=q, number=n, choices=list(q.choices.all()))
            for n, q in enumerate(self.questions, 1)
        ]
        if self.is_bound:
            self._parse()
        elif answers is not None:
            self._load(answers)

    # --- Reading a stored response -------------------------------------------------
    def _load(self, answers) -> None:
        by_question: dict[int, Answer] = {answer.question_id: answer for answer in answers}
        for row in self.rows:
            answer = by_question.get(row.question.pk)
            if answer is None:
                continue
            chosen = list(answer.chosen.all())
            row.selected = {str(c.choice_id) for c in chosen}
            row.ranks = {c.choice_id: str(c.rank) for c in chosen if c.rank}
            if answer.other_text:
                row.selected.add(OTHER)
                row.other = answer.other_text
            if answer.number_value is not None:
                row.value = f"{answer.number_value.normalize():f}"
            row.value = row.value or answer.text_value

    # --- Reading a POST ------------------------------------------------------------
    def _parse(self) -> None:
        known = {q.pk for q in self.questions}
        for key in self.data:
            match = FIELD_NAME.match(key)
            if match and int(match.group(1)) not in known:
                self.non_field_errors.append(
                    _("The form holds a question that is not in this survey: reload the page.")
                )
                break
        for row in self.rows:
            given = Given(question=row.question)
            try:
                self._parse_row(row, given)
            except _Refused as refused:
                row.errors.append(str(refused))
                continue
            if given.is_empty and self.submit and row.question.required:
                row.errors.append(_("This question needs an answer."))
            elif not given.is_empty:
                self.cleaned.append(given)

    def _values(self, name: str) -> list[str]:
        return [value.replace("\x00", "") for value in self.data.getlist(name)]

    def _value(self, name: str) -> str:
        values = self._values(name)
        if len(values) > 1:
            raise _Refused(_("Give one answer only."))
        return values[0] if values else ""

    def _parse_row(self, row: QuestionRow, given: Given) -> None:
        question = row.question
        kind = question.kind
        if kind == QuestionKind.RANKING:
            self._parse_ranking(row, given)
        elif question.has_choices:
            self._parse_choices(row, given)
        elif kind == QuestionKind.NUMBER:
            self._parse_number(row, given)
        else:
            self._parse_text(row, given)

    def _parse_choices(self, row: QuestionRow, given: Given) -> None:
        question = row.question
        values = [v.strip() for v in self._values(row.name) if v.strip()]
        row.selected = set(values)
        other_text = single_line(self._value(f"{row.name}_other")) if question.accepts_other else ""
        row.other = other_text
        if question.kind != QuestionKind.MULTIPLE and len(values) > 1:
            raise _Refused(_("Choose only one option."))
        if len(set(values)) != len(values):
            raise _Refused(_("Choose each option only once."))
        offered = {str(choice.pk): choice.pk for choice in row.choices}
        for value in values:
            if value == OTHER and question.accepts_other:
                continue
            if value not in offered:
                raise _Refused(_("Choose one of the options offered."))
        most = question.max_choices if question.kind == QuestionKind.MULTIPLE else None
        if most and len(values) > most:
            raise _Refused(
                ngettext(
                    "Choose at most %(count)d option.", "Choose at most %(count)d options.", most
                )
                % {"count": most}
            )
        if OTHER in values:
            if not other_text:
                raise _Refused(_("Say what your other answer is."))
            if len(other_text) > OTHER_TEXT_MAX:
                raise _Refused(
                    _("Keep your other answer under %(count)d characters.")
                    % {"count": OTHER_TEXT_MAX}
                )
            given.other = other_text
        elif other_text:
            raise _Refused(_("You wrote another answer: choose “Other” too, or clear the box."))
        given.choice_ids = [offered[value] for value in values if value != OTHER]

    def _parse_ranking(self, row: QuestionRow, given: Given) -> None:
        offered = {choice.pk for choice in row.choices}
        for key in self.data:
            match = FIELD_NAME.match(key)
            if (
                match
                and match.group(3)
                and int(match.group(1)) == row.question.pk
                and int(match.group(3)) not in offered
            ):
                raise _Refused(_("Rank only the options offered."))
        positions = len(row.rank_positions)
        ranks: dict[int, int] = {}
        for choice, name, _current in row.rank_inputs:
            value = self._value(name).strip()
            if not value:
                continue
            row.ranks[choice.pk] = value
            if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= positions:
                raise _Refused(
                    _("Give each rank as a number from 1 to %(count)d.") % {"count": positions}
                )
            ranks[choice.pk] = int(value)
        if len(set(ranks.values())) != len(ranks):
            raise _Refused(_("Give each rank to one option only."))
        if sorted(ranks.values()) != list(range(1, len(ranks) + 1)):
            raise _Refused(_("Rank without gaps: 1, 2, 3 and so on."))
        if self.submit and ranks and len(ranks) != positions:
            # A draft may hold a ranking half done; a sent answer ranks every position.
            raise _Refused(
                ngettext(
                    "Rank %(count)d option.",
                    "Rank %(count)d options, from 1 to %(count)d.",
                    positions,
                )
                % {"count": positions}
            )
        given.ranks = ranks
        given.choice_ids = sorted(ranks, key=ranks.get)

    def _parse_number(self, row: QuestionRow, given: Given) -> None:
        question = row.question
        raw = self._value(row.name).strip()
        row.value = raw
        if not raw:
            return
        typed = raw.translate(DIGITS).replace("\u2212", "-")
        if not NUMBER.match(typed):
            raise _Refused(_("Enter a number, for example 12 or 3.5."))
        try:
            number = Decimal(typed)
        except InvalidOperation as error:  # the pattern above should make this impossible
            raise _Refused(_("Enter a number, for example 12 or 3.5.")) from error
        if question.min_value is not None and number < question.min_value:
            raise _Refused(
                _("Enter a number of at least %(min)s.")
                % {"min": f"{question.min_value.normalize():f}"}
            )
        if question.max_value is not None and number > question.max_value:
            raise _Refused(
                _("Enter a number of at most %(max)s.")
                % {"max": f"{question.max_value.normalize():f}"}
            )
        given.number = number

    def _parse_text(self, row: QuestionRow, given: Given) -> None:
        raw = self._value(row.name)
        if row.question.kind == QuestionKind.SHORT_TEXT:
            text, limit = single_line(raw), SHORT_TEXT_MAX
        else:
            text, limit = _multiline(raw), LONG_TEXT_MAX
        row.value = text
        if len(text) > limit:
            raise _Refused(
                _("Keep your answer under %(count)d characters (it has %(length)d).")
                % {"count": limit, "length": len(text)}
            )
        given.text = text

    # --- Result ----------------------------------------------------------------------
    def is_valid(self) -> bool:
        return self.is_bound and not self.non_field_errors and not self.errors

    @property
    def errors(self) -> dict[int, list[str]]:
        return {row.question.pk: row.errors for row in self.rows if row.errors}

    @property
    def error_count(self) -> int:
        return len(self.errors) + len(self.non_field_errors)


class _Refused(Exception):
    """A question's answer is wrong; the message is shown next to it."""
