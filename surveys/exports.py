"""CSV that opens cleanly in Excel and LibreOffice and cannot run as a formula.

- UTF-8 with a byte-order mark, so Excel reads Arabic as Arabic and not as
  mojibake;
- every text cell that a spreadsheet would read as a formula (starting with
  `=`, `+`, `-`, `@`, a tab or a carriage return, also after leading spaces)
  is prefixed with an apostrophe, the OWASP advice; numbers stay numbers;
- written row by row, so a large export streams instead of building one
  string in memory.
"""

import csv
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_safe(value) -> str | int | float | Decimal:
    """The cell as written: numbers unchanged, text defused when it could start a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    if text.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + text
    return text


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
