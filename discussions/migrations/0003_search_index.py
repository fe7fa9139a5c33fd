"""GIN index on the posts' search vector, on PostgreSQL only (SQLite has no GIN)."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS post_search_vector "
            "ON discussions_post USING gin (search_vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS post_search_vector")


class Migration(migrations.Migration):
    dependencies = [("discussions", "0002_threads_posts")]

    operations = [migrations.RunPython(create_index, drop_index)]
