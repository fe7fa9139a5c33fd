"""Count the results' tallies of the responses submitted before they existed."""

from django.db import migrations


def fill_tallies(apps, schema_editor):
    # The service's own rebuild, run with this migration's models.
    from surveys.services.tallies import tallies_rebuild

    tallies_rebuild(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0004_tallies"),
    ]

    operations = [
        migrations.RunPython(fill_tallies, migrations.RunPython.noop, elidable=True),
    ]
