"""CSV exports that open correctly in Excel and cannot smuggle formulas."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _

# A cell starting with one of these is read as a formula by spreadsheet programs
# (OWASP "CSV injection", ASVS 1.2.10); tab, carriage return and NUL can hide one.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
BOM = "\ufeff"


def safe_cell(value) -> str:
    """The value as text, with a leading apostrophe if a spreadsheet could run it."""
    if value is None:
        return ""
    text = str(value)
    # Importers that trim spaces ("Trim spaces" in LibreOffice, Google Sheets) would
    # otherwise find the formula behind them.
    if text.startswith(FORMULA_TRIGGERS) or text.lstrip().startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def roster_csv(people) -> str:
    """The roster as CSV text with a byte-order mark, so Excel reads the Arabic as UTF-8."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow(
        [
            _("Name (Arabic script)"),
            _("Name (Latin script)"),
            _("Email"),
            _("Status"),
            _("Organisation"),
            _("Position"),
            _("Registered"),
            _("Member since"),
            _("Last active"),
            _("Intake survey answered"),
        ]
    )
    for person in people.iterator(chunk_size=500):
        writer.writerow(
            [
                safe_cell(person.name_arabic),
                safe_cell(person.name_latin),
                safe_cell(person.email),
                safe_cell(person.get_status_display()),
                safe_cell(person.organisation),
                safe_cell(person.position),
                _when(person.date_joined),
                _when(person.member_since),
                _when(person.last_active),
                _when(person.intake_completed_at),
            ]
        )
    return buffer.getvalue()
