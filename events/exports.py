"""CSV of an event's registrations and attendance (the roster export's safe cells and BOM)."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from members.exports import BOM, safe_cell


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def attended_label(value) -> str:
    if value is None:
        return _("Not recorded")
    return _("Attended") if value else _("Absent")


def registrations_csv(registrations) -> str:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow(
        [
            _("Name (Arabic script)"),
            _("Name (Latin script)"),
            _("Email"),
            _("Country"),
            _("Organisation"),
            _("Position"),
            _("Status"),
            _("Registered"),
            _("Attendance"),
        ]
    )
    for registration in registrations.iterator(chunk_size=500):
        person = registration.member
        writer.writerow(
            [
                safe_cell(person.name_arabic),
                safe_cell(person.name_latin),
                safe_cell(person.email),
                safe_cell(person.country.name if person.country_id else ""),
                safe_cell(person.organisation),
                safe_cell(person.position),
                safe_cell(registration.get_status_display()),
                _when(registration.created_at),
                safe_cell(attended_label(registration.attended)),
            ]
        )
    return buffer.getvalue()
