"""The first working day of each country's week, for weekly digests (editable in admin).

Sunday where the weekend is Friday and Saturday, Monday where it is Saturday
and Sunday (Morocco, Tunisia, Lebanon, Mauritania, the UAE since 2022, and
"International"), Saturday in Iran (weekend on Friday). Only countries still
on the default are set: a facilitator's choice is kept.
"""

from django.db import migrations

SUNDAY, SATURDAY, MONDAY = 6, 5, 0
WEEK_STARTS = {
    "JO": SUNDAY,
    "IQ": SUNDAY,
    "PS": SUNDAY,
    "YE": SUNDAY,
    "DZ": SUNDAY,
    "LY": SUNDAY,
    "EG": SUNDAY,
    "SY": SUNDAY,
    "SA": SUNDAY,
    "KW": SUNDAY,
    "BH": SUNDAY,
    "QA": SUNDAY,
    "OM": SUNDAY,
    "SD": SUNDAY,
    "DJ": SUNDAY,
    "IR": SATURDAY,
    "MA": MONDAY,
    "TN": MONDAY,
    "LB": MONDAY,
    "MR": MONDAY,
    "AE": MONDAY,
    "XX": MONDAY,
}


def set_week_starts(apps, schema_editor):
    Country = apps.get_model("members", "Country")
    for code, day in WEEK_STARTS.items():
        Country.objects.filter(code=code, week_starts_on=MONDAY).update(week_starts_on=day)


class Migration(migrations.Migration):
    dependencies = [("members", "0009_digest_week_and_failing_address")]

    operations = [
        migrations.RunPython(set_week_starts, migrations.RunPython.noop, elidable=False)
    ]
