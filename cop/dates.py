"""A date format read once and applied to many dates: what a page of posts needs.

`django.utils.dateformat.format` parses the format string and builds a
formatter for every date, and looks the month's name up in the catalogue each
time; a thread page formats a date for each of its posts. `PageDateFormat`
splits the format once, answers the hour and minute directly and remembers
what depends only on the calendar day (a page's posts share a few days). Every
other format character is left to Django, so the result is always what
`dateformat.format(value, format)` gives (tests/cop/test_dates.py checks it).
"""

from datetime import datetime

from django.utils.dateformat import DateFormat, re_escaped, re_formatchars

# Format characters answered from the value itself, without a formatter.
_TIME = {
    "H": lambda value: f"{value.hour:02d}",
    "G": lambda value: str(value.hour),
    "i": lambda value: f"{value.minute:02d}",
    "s": lambda value: f"{value.second:02d}",
}
# Format characters that depend only on the calendar day (for one language).
_DAY = frozenset("bdDEFjlLmMnNSwWyYz")


class PageDateFormat:
    """`format` (a Django date format string) for the dates of one page, in one language."""

    def __init__(self, format: str):
        self.parts: list[tuple[bool, str]] = []  # (is a format character, text)
        for index, piece in enumerate(re_formatchars.split(format)):
            if index % 2:
                self.parts.append((True, piece))
            elif piece:
                self.parts.append((False, re_escaped.sub(r"\1", piece)))
        self.days: dict[tuple, str] = {}

    def format(self, value: datetime) -> str:
        """`value` (already in the reader's zone) as `dateformat.format(value, format)` gives it."""
        out = []
        formatter = None
        for is_character, text in self.parts:
            if not is_character:
                out.append(text)
            elif text in _TIME:
                out.append(_TIME[text](value))
            elif text in _DAY:
                key = (text, value.year, value.month, value.day)
                shown = self.days.get(key)
                if shown is None:
                    formatter = formatter or DateFormat(value)
                    shown = self.days[key] = str(getattr(formatter, text)())
                out.append(shown)
            else:
                formatter = formatter or DateFormat(value)
                out.append(str(getattr(formatter, text)()))
        return "".join(out)
